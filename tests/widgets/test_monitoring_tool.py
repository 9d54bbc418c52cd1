"""The monitoring tool, used as a trainee would.

The expected baseline line and saving are computed here with numpy's own
least-squares fit, independently of cpkit.monitoring.
"""

import numpy as np
import pytest

import cpkit
from cpkit.widgets.monitoring_tool import MonitoringTool, running_case_months


@pytest.fixture
def tool(tmp_path):
    return MonitoringTool(save_as=tmp_path / "monitoring.cpkit.json")


def expected_saving(rows, baseline):
    production = np.array([r["production"] for r in rows])
    steam = np.array([r["consumption"] for r in rows])
    slope, intercept = np.polyfit(production[:baseline], steam[:baseline], 1)
    return float(np.sum(intercept + slope * production[baseline:] - steam[baseline:]))


def test_the_running_case_shows_the_saving_after_the_baseline_year(tool):
    rows = running_case_months()
    result = tool.result["cusum"]
    assert result.slope.magnitude == pytest.approx(np.polyfit([r["production"] for r in rows[:12]],
                                                              [r["consumption"] for r in rows[:12]], 1)[0])
    assert result.total_saving.magnitude == pytest.approx(expected_saving(rows, 12), rel=1e-9)
    assert result.savings_start == "2025-01"
    assert f"{expected_saving(rows, 12):,.0f} t steam" in tool.results.value
    assert "application/vnd.plotly.v1+json" in tool.chart.outputs[0]["data"]
    assert tool.result["cusum"].table["CUSUM (t_steam)"].iloc[-1] == pytest.approx(-expected_saving(rows, 12))


def test_a_month_that_used_more_steam_lowers_the_saving_at_once(tool):
    rows = running_case_months()
    tool.fields["months"].set_cell(14, "consumption", rows[14]["consumption"] + 50)
    rows[14]["consumption"] += 50
    assert tool.result["cusum"].total_saving.magnitude == pytest.approx(expected_saving(rows, 12))


def test_a_shorter_baseline_is_refitted(tool):
    tool.fields["baseline_months"].value = 8
    assert tool.result["cusum"].total_saving.magnitude == pytest.approx(expected_saving(running_case_months(), 8))


def test_a_baseline_longer_than_the_data_is_explained(tool):
    before = tool.result
    tool.fields["baseline_months"].value = 30
    assert "fewer than the 30 baseline months" in tool.status.value
    assert tool.result is before


def test_a_negative_production_is_marked_at_the_table(tool):
    tool.fields["months"].set_cell(3, "production", -10)
    assert "cannot be below 0" in tool.fields["months"].message.value


def test_typed_months_come_back_after_a_restart(tool, tmp_path):
    tool.fields["months"].add_row({"month": "2025-07", "production": 300, "consumption": 620})
    reopened = cpkit.widgets.monitoring(save_as=tmp_path / "monitoring.cpkit.json")
    assert reopened.fields["months"].value[-1] == {"month": "2025-07", "production": 300.0, "consumption": 620.0}
