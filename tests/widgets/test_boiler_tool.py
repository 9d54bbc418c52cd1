"""The boiler tool, used as a trainee would.

Expected figures are those of cpkit.boiler for the same inputs, itself
checked against the BEE furnace-oil example in tests/cpkit/test_boiler.py,
and the hand arithmetic noted here.
"""

import pytest

import cpkit
from cpkit import boiler
from cpkit.widgets.boiler_tool import BoilerTool

OIL = {"carbon": 84, "hydrogen": 12, "nitrogen": 0.5, "oxygen": 1.5, "sulphur": 1.5, "moisture": 0.5}


@pytest.fixture
def tool(tmp_path):
    return BoilerTool(save_as=tmp_path / "boiler.cpkit.json")


def efficiency(**changes):
    inputs = dict(gcv="10000 kcal/kg", flue_gas_o2=7.4, flue_gas_temperature=190, ambient_temperature=30,
                  humidity=0.025, fuel_rate="2648 kg/h", radiation_loss=1.0)
    inputs.update(changes)
    return boiler.indirect_efficiency(OIL, **inputs).efficiency.magnitude


def test_the_furnace_oil_example_gives_the_calculators_efficiency(tool):
    # BEE example losses 7.88 + 7.08 + 0.03 + 0.39 % plus 1 % radiation -> 83.6 %
    assert tool.result.efficiency.magnitude == pytest.approx(efficiency())
    assert tool.result.efficiency.magnitude == pytest.approx(83.6, abs=0.05)
    assert "Efficiency: 83.6 %" in tool.results.value
    assert tool.chart.outputs


def test_less_excess_air_raises_the_efficiency(tool):
    tool.fields["o2"].value = 3.0
    assert tool.result.efficiency.magnitude == pytest.approx(efficiency(flue_gas_o2=3.0))
    assert tool.result.efficiency.magnitude > 83.6


def test_a_flue_gas_colder_than_the_air_is_marked_next_to_its_field_and_the_last_efficiency_stays(tool):
    before = tool.result
    tool.fields["flue_gas_temperature"].value = 20
    assert "cannot be colder than the air" in tool.fields["flue_gas_temperature"].message.value
    assert tool.result is before and "Efficiency: 83.6 %" in tool.results.value


def test_an_oxygen_reading_over_21_percent_is_refused(tool):
    tool.fields["o2"].value = 25
    assert "at most 21" in tool.fields["o2"].message.value


def test_a_fuel_analysis_that_does_not_add_up_is_explained(tool):
    tool.fields["carbon"].value = 70
    assert "adds up to 86.00 %, not 100 %" in tool.status.value


def test_readings_come_back_after_a_restart(tool, tmp_path):
    tool.fields["o2"].value = 5.5
    tool.fields["flue_gas_temperature"].value = 20
    reopened = cpkit.widgets.boiler(save_as=tmp_path / "boiler.cpkit.json")
    assert reopened.fields["o2"].value == 5.5
    assert "cannot be colder" in reopened.fields["flue_gas_temperature"].message.value
