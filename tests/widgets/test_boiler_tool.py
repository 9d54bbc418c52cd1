"""The boiler tool, used as a trainee would.

Expected figures are those of cpkit.boiler for the same inputs (itself
checked against the BEE furnace-oil example and a hand-worked coal boiler in
tests/cpkit/test_boiler.py), or the hand arithmetic written out here.
"""

import pytest

import cpkit
from cpkit import boiler
from cpkit.widgets.boiler_tool import BoilerTool

OIL = {"carbon": 84, "hydrogen": 12, "nitrogen": 0.5, "oxygen": 1.5, "sulphur": 1.5, "moisture": 0.5}
COAL = {"carbon": 41.65, "hydrogen": 2.04, "nitrogen": 1.2, "oxygen": 9.0, "sulphur": 0.4, "moisture": 7.08,
        "ash": 38.63}


@pytest.fixture
def tool(tmp_path):
    return BoilerTool(save_as=tmp_path / "boiler.cpkit.json")


def efficiency(tool):
    return tool.result["indirect"].efficiency.magnitude


def calculator(**changes):
    inputs = dict(gcv="10000 kcal_it/kg", flue_gas_o2=7.4, flue_gas_temperature=190, ambient_temperature=30,
                  humidity=0.025, fuel_rate="2648 kg/h", radiation_loss=1.0)
    inputs.update(changes)
    return boiler.indirect_efficiency(OIL, **inputs).efficiency.magnitude


def sankey(tool):
    return tool.chart.outputs[0]["data"]["application/vnd.plotly.v1+json"]["data"][0]


def test_the_furnace_oil_example_shows_its_efficiency_heat_losses_and_sankey(tool):
    # BEE example: losses 7.88 (dry flue gas) + 7.08 (hydrogen) + 0.03 (moisture in fuel)
    # + 0.39 (moisture in air) + 1 (radiation, given) = 16.38 % -> efficiency 83.6 %
    assert efficiency(tool) == pytest.approx(calculator())
    assert efficiency(tool) == pytest.approx(83.6, abs=0.05)
    assert "Boiler efficiency (indirect method): 83.6 %" in tool.results.value
    assert "<td>Hydrogen in fuel</td>" in tool.results.value and "<td>7.08</td>" in tool.results.value
    # fuel input 2648 kg/h x 10000 kcal/kg x 4.1868 kJ/kcal / 3600 s/h = 30 796 kW
    assert "30,796" in tool.results.value
    flows = sankey(tool)
    assert flows["type"] == "sankey"
    assert flows["node"]["label"][:2] == ["Heat in fuel", "Useful heat"]
    assert sum(flows["link"]["value"]) == pytest.approx(100)


def test_less_excess_air_raises_the_efficiency_as_soon_as_the_o2_is_typed(tool):
    tool.fields["o2"].value = 3.0
    assert efficiency(tool) == pytest.approx(calculator(flue_gas_o2=3.0))
    assert efficiency(tool) > 83.7
    assert f"Boiler efficiency (indirect method): {calculator(flue_gas_o2=3.0):.1f} %" in tool.results.value


def test_the_gcv_can_be_typed_in_kj_per_kg(tool):
    # 10 000 kcal/kg x 4.1868 kJ/kcal = 41 868 kJ/kg: the same fuel, the same efficiency
    tool.fields["gcv_unit"].value = "kJ/kg"
    tool.fields["gcv"].value = 41_868
    assert efficiency(tool) == pytest.approx(calculator())
    assert "kJ/kg" in tool.fields["gcv"].unit_label.value


def test_a_coal_boiler_with_co_and_unburnt_carbon_gives_the_hand_worked_efficiency(tool):
    # The coal boiler worked by hand in tests/cpkit/test_boiler.py: losses 6.994 + 2.990 + 1.153
    # + 0.267 + 0.980 (CO) + 1 + 0.435 (fly ash) + 6.953 (bottom ash) = 20.773 % -> 79.23 %
    fields = tool.fields
    for part, value in COAL.items():
        fields[part].value = value
    for key, value in {"gcv": 4000, "o2": 7, "co": 2000, "co2": 12, "flue_gas_temperature": 180,
                       "humidity": 0.0204, "fly_ash_gcv": 450, "bottom_ash_gcv": 800, "bottom_ash_share": 90}.items():
        fields[key].value = value
    assert efficiency(tool) == pytest.approx(79.23, abs=0.005)
    assert "Boiler efficiency (indirect method): 79.2 %" in tool.results.value
    for loss in ("Incomplete combustion (CO)", "Unburnt in fly ash", "Unburnt in bottom ash"):
        assert loss in tool.results.value and loss in sankey(tool)["node"]["label"]
    assert tool.status.value == ""


def test_a_co_reading_without_co2_is_marked_at_the_co2_field(tool):
    before = tool.result
    tool.fields["co"].value = 200
    assert "Flue gas CO is given but not CO2" in tool.fields["co2"].message.value
    assert tool.result is before and "83.6 %" in tool.results.value
    # 200 ppm = 0.02 %; with CO2 10 %: 0.02/10.02 x 0.84 x 5744/10000 = 0.096 % lost to CO
    tool.fields["co2"].value = 10
    assert tool.fields["co2"].message.value == ""
    assert tool.result["indirect"].losses["Incomplete combustion (CO)"].magnitude == pytest.approx(0.0963, abs=1e-4)
    assert "<td>0.10</td>" in tool.results.value


def test_a_flue_gas_colder_than_the_air_is_marked_next_to_its_field_and_the_last_efficiency_stays(tool):
    before = tool.result
    tool.fields["flue_gas_temperature"].value = 20
    assert "below ambient temperature (30 °C)" in tool.fields["flue_gas_temperature"].message.value
    assert tool.result is before and "83.6 %" in tool.results.value
    assert "last valid result is shown" in tool.status.value
    tool.fields["flue_gas_temperature"].value = 190
    assert tool.fields["flue_gas_temperature"].message.value == "" and tool.status.value == ""


def test_an_oxygen_reading_of_21_percent_or_more_is_refused_at_its_field(tool):
    tool.fields["o2"].value = 25
    assert "at most 21" in tool.fields["o2"].message.value
    tool.fields["o2"].value = 21  # allowed by the field, but air itself holds only 21 % O2
    assert "not possible" in tool.fields["o2"].message.value
    assert efficiency(tool) == pytest.approx(calculator())


def test_a_fuel_analysis_that_does_not_add_up_is_explained_and_the_efficiency_stays(tool):
    tool.fields["carbon"].value = 70  # 70 + 12 + 0.5 + 1.5 + 1.5 + 0.5 = 86 %
    assert "adds up to 86.00 %, not 100 %" in tool.fields["carbon"].message.value  # shown at the analysis
    assert "Correct the marked field" in tool.status.value
    assert "83.6 %" in tool.results.value


def test_a_measured_steam_flow_adds_the_direct_method(tool):
    assert "enter the steam flow" in tool.results.value and tool.result["direct"] is None
    # 38 t/h of dry saturated steam at 11 bar(a) from feedwater at 85 °C (IF97: 2780.67 and 356.8 kJ/kg):
    # 38000 x (2780.67 - 356.8) / (2648 x 10000 x 4.1868) = 92 107 060 / 110 866 464 = 83.08 %
    tool.fields["steam_flow"].value = 38_000
    assert tool.result["direct"].magnitude == pytest.approx(83.08, abs=0.01)
    assert "Boiler efficiency (direct method): 83.1 %" in tool.results.value
    assert "0.5 percentage points below the indirect method" in tool.results.value


def test_feedwater_hotter_than_the_steam_is_marked_at_its_field(tool):
    tool.fields["steam_flow"].value = 38_000
    before = tool.result
    tool.fields["feedwater_temperature"].value = 300  # saturation at 11 bar(a) is 184 °C
    assert "holds as much heat as the steam" in tool.fields["feedwater_temperature"].message.value
    assert tool.result is before


def test_a_steam_pressure_beyond_the_steam_tables_is_marked_not_crashed(tool):
    tool.fields["steam_flow"].value = 38_000
    tool.fields["steam_pressure"].value = 300  # above the critical point, 220.6 bar
    assert "outside the steam tables" in tool.fields["steam_pressure"].message.value
    assert tool.result["direct"].magnitude == pytest.approx(83.08, abs=0.01)


def test_readings_come_back_after_a_restart_even_the_wrong_one(tool, tmp_path):
    tool.fields["o2"].value = 5.5
    tool.fields["gcv_unit"].value = "MJ/kg"
    tool.fields["gcv"].value = 41.868
    tool.fields["flue_gas_temperature"].value = 20
    reopened = BoilerTool(save_as=tmp_path / "boiler.cpkit.json")
    assert reopened.fields["o2"].value == 5.5
    assert reopened.fields["gcv_unit"].value == "MJ/kg" and reopened.fields["gcv"].value == 41.868
    assert "MJ/kg" in reopened.fields["gcv"].unit_label.value and "MJ/kg" in reopened.fields["fly_ash_gcv"].unit_label.value
    assert reopened.fields["flue_gas_temperature"].value == 20
    assert "below ambient" in reopened.fields["flue_gas_temperature"].message.value
    assert reopened.result is None and "Boiler efficiency" not in reopened.results.value


def test_the_course_opener_reopens_the_same_saved_readings(tmp_path):
    first = cpkit.widgets.boiler(save_as=tmp_path / "boiler.cpkit.json")
    first.fields["radiation"].value = 2.0
    second = cpkit.widgets.boiler(save_as=tmp_path / "boiler.cpkit.json")
    assert second.fields["radiation"].value == 2.0
    assert efficiency(second) == pytest.approx(calculator(radiation_loss=2.0))
