"""The monitoring tool, used as a trainee would.

The expected baseline line and saving are computed here with numpy's own
least-squares fit, independently of cpkit.monitoring; specific consumption
and its deviation from the target are worked by hand.
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


def chart(tool):
    return tool.chart.outputs[0]["data"]["application/vnd.plotly.v1+json"]


def test_the_constructed_mill_shows_the_saving_after_the_baseline_year(tool):
    rows = running_case_months()
    assert len(rows) == 18
    result = tool.result["cusum"]
    assert result.slope.magnitude == pytest.approx(np.polyfit([r["production"] for r in rows[:12]],
                                                              [r["consumption"] for r in rows[:12]], 1)[0])
    assert result.total_saving.magnitude == pytest.approx(expected_saving(rows, 12), rel=1e-9)
    assert result.table["CUSUM (t_steam)"].iloc[-1] == pytest.approx(-expected_saving(rows, 12))
    assert result.savings_start == "2025-01" and result.savings_hold
    assert f"<b>{expected_saving(rows, 12):,.0f} t steam</b>" in tool.results.value
    assert "<b>2025-01</b>" in tool.results.value and "<b>yes</b>" in tool.results.value
    figure = chart(tool)
    assert figure["data"][0]["y"][-1] == pytest.approx(-expected_saving(rows, 12))
    assert [a["text"] for a in figure["layout"]["annotations"]] == ["end of baseline", "savings start (2025-01)"]


def test_each_month_is_shown_against_the_target(tool):
    # 2025-06: 637 t steam / 308 t fabric = 2.068 t/t; against 2.10: (2.068/2.10 - 1) x 100 = -1.5 %
    table = tool.result["specific"].set_index("Period")
    assert table.loc["2025-06", "Specific consumption (t_steam/t)"] == pytest.approx(637 / 308, abs=5e-4)
    assert table.loc["2025-06", "Deviation from target (%)"] == pytest.approx(-1.52, abs=0.005)
    assert ">2.07<" in tool.results.value and ">-1.5<" in tool.results.value
    # a stricter target of 2.0: (2.068/2.0 - 1) x 100 = +3.4 %
    tool.fields["target"].value = 2.0
    assert tool.result["specific"].set_index("Period").loc["2025-06", "Deviation from target (%)"] \
        == pytest.approx(3.41, abs=0.005)
    assert ">+3.4<" in tool.results.value


def test_a_month_that_used_more_steam_lowers_the_saving_at_once(tool):
    rows = running_case_months()
    tool.fields["months"].set_cell(14, "consumption", rows[14]["consumption"] + 50)
    rows[14]["consumption"] += 50
    assert tool.result["cusum"].total_saving.magnitude == pytest.approx(expected_saving(rows, 12))
    assert f"<b>{expected_saving(rows, 12):,.0f} t steam</b>" in tool.results.value


def test_savings_that_stop_are_reported_as_not_holding(tool):
    # the baseline line expects about 55 + 2.05 x 305 = 680 t: 720 t in each of the last three months is more
    for row in (15, 16, 17):
        tool.fields["months"].set_cell(row, "consumption", 720)
    assert not tool.result["cusum"].savings_hold
    assert "<b>no</b>" in tool.results.value


def test_a_shorter_baseline_is_refitted(tool):
    tool.fields["baseline_months"].value = 8
    assert tool.result["cusum"].total_saving.magnitude == pytest.approx(expected_saving(running_case_months(), 8))


def test_a_baseline_longer_than_the_data_is_marked_at_its_field_and_the_cusum_stays(tool):
    before = tool.result
    tool.fields["baseline_months"].value = 30
    assert "fewer than the 30 baseline months" in tool.fields["baseline_months"].message.value
    assert tool.result is before and "last valid result is shown" in tool.status.value


def test_a_baseline_too_short_for_a_regression_is_marked(tool):
    tool.fields["baseline_months"].value = 4
    assert "at least 6" in tool.fields["baseline_months"].message.value


def test_a_negative_or_zero_production_is_marked_at_the_table(tool):
    before = tool.result
    tool.fields["months"].set_cell(3, "production", -10)
    assert "cannot be below 0" in tool.fields["months"].message.value
    tool.fields["months"].set_cell(3, "production", 0)
    assert "zero or negative production" in tool.fields["months"].message.value
    assert tool.result is before


def test_a_target_of_zero_is_marked_at_its_field(tool):
    tool.fields["target"].value = 0
    assert "target of 0" in tool.fields["target"].message.value


def test_a_month_can_be_added_and_removed(tool):
    rows = running_case_months()
    tool.fields["months"].add_row()
    assert "Row 19 has no month" in tool.fields["months"].message.value
    tool.fields["months"].set_cell(18, "month", "2025-07")
    tool.fields["months"].set_cell(18, "production", 300)
    tool.fields["months"].set_cell(18, "consumption", 620)
    added = rows + [{"month": "2025-07", "production": 300.0, "consumption": 620.0}]
    assert tool.result["cusum"].total_saving.magnitude == pytest.approx(expected_saving(added, 12))
    tool.fields["months"].remove_row()
    assert tool.result["cusum"].total_saving.magnitude == pytest.approx(expected_saving(rows, 12))


def test_typed_months_come_back_after_a_restart_even_a_wrong_one(tool, tmp_path):
    tool.fields["months"].add_row({"month": "2025-07", "production": 300, "consumption": 620})
    tool.fields["months"].set_cell(3, "production", -10)
    reopened = MonitoringTool(save_as=tmp_path / "monitoring.cpkit.json")
    assert reopened.fields["months"].value[-1] == {"month": "2025-07", "production": 300.0, "consumption": 620.0}
    assert reopened.fields["months"].value[3]["production"] == -10
    assert "cannot be below 0" in reopened.fields["months"].message.value


def test_the_course_opener_takes_a_trainees_own_months(tmp_path):
    # steam = 50 + 2 x production in six baseline months, then 10 t less than that twice: saving 20 t
    production = [100, 120, 90, 110, 130, 100, 120, 110]
    steam = [250, 290, 230, 270, 310, 250, 280, 260]
    rows = [{"month": f"M{i + 1}", "production": p, "consumption": s}
            for i, (p, s) in enumerate(zip(production, steam))]
    tool = cpkit.widgets.monitoring(rows=rows, baseline_months=6, save_as=tmp_path / "monitoring.cpkit.json")
    assert tool.result["cusum"].total_saving.magnitude == pytest.approx(20.0)
    assert "<b>20 t steam</b>" in tool.results.value
