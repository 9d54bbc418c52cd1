"""The waste-cost tool, used as a trainee would: edit a price, read the true cost of each loss.

Expected figures come from the running case's data (shared_lib/cpkit/data/
running_case/: plant.yaml, prices.csv, costs.yaml) and the hand arithmetic
in the comments; tests/cpkit/test_costing.py checks the calculation itself.
"""

import pytest

import cpkit
from cpkit.widgets.waste_cost_tool import HANDLING, WasteCostTool


@pytest.fixture
def tool(tmp_path):
    return WasteCostTool(cpkit.cases.running_case(), save_as=tmp_path / "waste_cost.cpkit.json")


def row_of(tool, field, key, name):
    return [row[key] for row in tool.fields[field].value].index(name)


def true_cost(tool, loss):
    return tool.result["costs"].true_cost(loss).to("VND/month").magnitude


def chart(tool):
    return tool.chart.outputs[0]["data"]["application/vnd.plotly.v1+json"]


def test_one_line_opens_the_running_case_with_its_prices_cost_data_table_and_chart(tmp_path):
    tool = cpkit.widgets.waste_cost(cpkit.cases.running_case(), save_as=tmp_path / "w.cpkit.json")
    assert isinstance(tool, WasteCostTool)
    prices = {row["item"]: (row["price"], row["unit"]) for row in tool.fields["prices"].value}
    assert prices["dyes"] == (180000.0, "VND/kg")  # prices.csv
    charges = tool.fields["charges"].value
    assert {"stream": "Grey fabric", "price": "grey fabric", "charged_as": "purchase", "carried_by": "fibre"} in charges
    assert any(r["stream"] == "Sludge" and r["charged_as"] == HANDLING for r in charges)
    assert any(r["step"] == "Dyeing" and r["item"] == "labour" for r in tool.fields["step_costs"].value)
    # the unmetered effluent is solved, and the tool says so
    assert "Not metered, so solved from the balance: Treated effluent 38,887 m³/month" in tool.results.value
    assert "<th" in tool.results.value and "Dyeing wastewater" in tool.results.value
    assert "Flow cost matrix" in tool.matrix.value and "Whole plant" in tool.matrix.value
    bars = chart(tool)["data"][0]
    assert bars["x"][:3] == ["Dyeing wastewater", "Pretreatment wastewater", "Rinsing wastewater"]
    assert "million VND/month" in tool.results.value


def test_the_trimmings_show_what_their_fibre_cost(tool):
    # 2 t of the 308 t of grey fabric at 95,000 VND/kg: 190,000,000 VND; plus
    # 87 million VND of fabric receipt's system costs x 2/308 = 564,935 VND.
    assert true_cost(tool, "Fabric trimmings and rejects") == pytest.approx(190_564_935.06, abs=0.01)
    assert ">190.6<" in tool.results.value  # million VND/month


def test_a_dearer_grey_fabric_raises_the_cost_of_the_trimmings_at_once(tool):
    # 100,000 VND/kg: 2 t x 100,000 = 200,000,000 VND of fibre lost, + 564,935 VND.
    tool.fields["prices"].set_cell(row_of(tool, "prices", "item", "grey fabric"), "price", 100_000)
    assert true_cost(tool, "Fabric trimmings and rejects") == pytest.approx(200_564_935.06, abs=0.01)
    assert ">200.6<" in tool.results.value


def test_a_dearer_dye_raises_the_cost_of_the_dyeing_wastewater(tool):
    # The dyeing wastewater carries 12,903.2 m3 x 6.97501e-5 = 0.9 t of unfixed dye (plant.yaml);
    # 20,000 VND/kg more on the dye adds 0.9 t x 20,000,000 VND/t = 18 million VND to it.
    before = true_cost(tool, "Dyeing wastewater")
    tool.fields["prices"].set_cell(row_of(tool, "prices", "item", "dyes"), "price", 200_000)
    assert true_cost(tool, "Dyeing wastewater") - before == pytest.approx(18_000_000, rel=1e-4)


def test_a_price_in_the_wrong_unit_is_marked_at_the_prices_and_the_last_result_stays(tool):
    before = tool.result
    tool.fields["prices"].set_cell(row_of(tool, "prices", "item", "water"), "unit", "VND/kWh")
    message = tool.fields["prices"].message.value
    assert "The price 'water' (14,500 VND/kWh) does not fit stream 'Water to pretreatment'" in message
    assert tool.result is before
    assert "last valid result is shown" in tool.status.value
    tool.fields["prices"].set_cell(row_of(tool, "prices", "item", "water"), "unit", "VND/m**3")
    assert tool.fields["prices"].message.value == ""


def test_a_missing_price_is_marked_with_the_closest_name(tool):
    before = tool.result
    tool.fields["prices"].set_cell(row_of(tool, "prices", "item", "dyes"), "item", "dye")
    message = tool.fields["prices"].message.value
    assert "The price 'dyes' (for stream 'Dyes') is not in the price list. Did you mean 'dye'?" in message
    assert tool.result is before


def test_a_negative_price_and_a_pareto_line_over_100_percent_are_marked_at_their_fields(tool):
    tool.fields["prices"].set_cell(row_of(tool, "prices", "item", "dyes"), "price", -3)
    assert "Price of dyes is -3; it cannot be below 0." in tool.fields["prices"].message.value
    tool.fields["line"].value = 120
    assert "Pareto line at must be at most 100" in tool.fields["line"].message.value


def test_a_misspelt_step_in_the_step_costs_is_marked_there(tool):
    tool.fields["step_costs"].set_cell(row_of(tool, "step_costs", "step", "Dyeing"), "step", "Dyeng")
    assert "Did you mean 'Dyeing'?" in tool.fields["step_costs"].message.value


def test_a_stream_without_its_price_is_named_at_the_charges(tool):
    tool.fields["charges"].set_cell(row_of(tool, "charges", "stream", "Softener"), "stream", "")
    tool.fields["charges"].set_cell(row_of(tool, "charges", "stream", ""), "price", "")
    assert "No price for stream 'Softener'" in tool.fields["charges"].message.value


def test_sharing_by_mass_without_water_moves_the_energy_off_the_wastewaters(tool):
    by_mass = tool.result["costs"].cost_of("Rinsing wastewater", "energy").magnitude
    tool.fields["basis"].value = "mass without water"
    assert set(tool.result["costs"].basis) == {"fibre", "dyes", "chemicals"}
    assert tool.result["costs"].cost_of("Rinsing wastewater", "energy").magnitude < by_mass / 5


def test_what_was_typed_comes_back_after_a_restart(tool, tmp_path):
    tool.fields["prices"].set_cell(row_of(tool, "prices", "item", "grey fabric"), "price", 100_000)
    tool.fields["line"].value = 70
    tool.fields["prices"].set_cell(row_of(tool, "prices", "item", "water"), "unit", "VND/kWh")  # still wrong
    reopened = WasteCostTool(cpkit.cases.running_case(), save_as=tmp_path / "waste_cost.cpkit.json")
    prices = {row["item"]: (row["price"], row["unit"]) for row in reopened.fields["prices"].value}
    assert prices["grey fabric"] == (100_000.0, "VND/kg")
    assert prices["water"] == (14_500.0, "VND/kWh")
    assert reopened.fields["line"].value == 70
    assert "does not fit stream" in reopened.fields["prices"].message.value


def test_the_summary_names_the_few_losses_that_reach_the_pareto_line_and_their_share(tool):
    # Shares of the running case's losses: 42.3 + 27.6 + 16.2 = 86.1 %: three losses pass the 80 % line.
    assert "The 3 costliest, 86 % of it, reach the 80 % line" in tool.results.value
    tool.fields["line"].value = 50  # 42.3 % is short of 50, 69.9 % passes it
    assert "The 2 costliest, 70 % of it, reach the 50 % line" in tool.results.value
