"""Tests of cpkit.monitoring: targets, CUSUM and the action plan."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from cpkit import CPInputError, monitoring
from cpkit.units import Q_

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct"]
PRODUCTION = Q_([100, 120, 90, 110, 130, 100, 120, 110, 95, 125], "t")
STEAM = Q_([252, 288, 231, 271, 309, 249, 275, 255, 222, 282], "t_steam")


def test_specific_consumption_is_per_tonne_with_units_in_the_headers():
    table = monitoring.specific_consumption(Q_([520, 610], "GJ"), Q_([100, 110], "t"), target="5 GJ/t")
    # 520/100 = 5.200 GJ/t (+4.00 % on target); 610/110 = 5.545 GJ/t (+10.91 %)
    assert table["Specific consumption (GJ/t)"].tolist() == [5.2, 5.545]
    assert table["Deviation from target (%)"].tolist() == [4.0, 10.91]
    assert "Target (GJ/t)" in table.columns


def test_cusum_matches_a_hand_calculation():
    # No published table of months could be found to reproduce; this is worked by hand.
    # Baseline Jan-Jun: x = production (t), y = steam (t)
    # mean x = 650/6 = 108.333, mean y = 1600/6 = 266.667
    # Sxx = sum (x - mean x)^2 = 1083.333, Sxy = sum (x - mean x)(y - mean y) = 2096.667
    # slope b = Sxy/Sxx = 1.93538 t steam per t; intercept a = 266.667 - 1.93538*108.333 = 57.000 t steam
    # Jul: expected 57 + 1.93538*120 = 289.25, actual 275, difference -14.25, CUSUM -14.25
    # Aug: expected 269.89, actual 255, difference -14.89, CUSUM -29.14
    # Sep: expected 240.86, actual 222, difference -18.86, CUSUM -48.00
    # Oct: expected 298.92, actual 282, difference -16.92, CUSUM -64.92
    # Over a least-squares baseline the differences sum to zero, so the CUSUM is 0 at the end of June.
    result = monitoring.cusum(PRODUCTION, STEAM, baseline_periods=6, periods=MONTHS)
    assert result.intercept.to("t_steam").magnitude == pytest.approx(57.0, abs=1e-6)
    assert result.slope.to("t_steam/t").magnitude == pytest.approx(1.93538, abs=1e-5)
    cusum = result.table.set_index("Period")["CUSUM (t_steam)"]
    assert cusum["Jun"] == pytest.approx(0, abs=1e-9)
    assert [round(cusum[m], 2) for m in ["Jul", "Aug", "Sep", "Oct"]] == [-14.25, -29.14, -48.0, -64.92]
    assert result.total_saving.to("t_steam").magnitude == pytest.approx(64.92, abs=0.01)


def test_cusum_shows_when_savings_start_and_whether_they_hold():
    result = monitoring.cusum(PRODUCTION, STEAM, baseline_periods=6, periods=MONTHS)
    assert result.savings_start == "Jul"
    assert result.savings_hold is True
    relapsed = Q_(STEAM.magnitude[:-1].tolist() + [320], "t_steam")  # October back above the line
    assert monitoring.cusum(PRODUCTION, relapsed, 6, MONTHS).savings_hold is False


def test_cusum_chart_marks_the_end_of_the_baseline_and_the_start_of_savings():
    import matplotlib

    matplotlib.use("Agg")
    fig = monitoring.cusum(PRODUCTION, STEAM, baseline_periods=6, periods=MONTHS).chart()
    labels = fig.axes[0].get_legend_handles_labels()[1]
    assert labels == ["end of baseline", "savings start (Jul)"]
    assert fig.axes[0].get_ylabel() == "CUSUM (t_steam)"


def test_a_baseline_too_short_for_a_regression_is_refused():
    with pytest.raises(CPInputError) as err:
        monitoring.cusum(PRODUCTION, STEAM, baseline_periods=2)
    assert "A baseline of 2 periods is too short for a regression" in str(err.value)
    assert "at least 6 periods" in str(err.value)


def test_a_baseline_with_constant_production_is_refused():
    flat = Q_([100] * 10, "t")
    with pytest.raises(CPInputError, match="Production is the same in every baseline period"):
        monitoring.cusum(flat, STEAM, baseline_periods=6)


def test_readings_without_units_are_refused():
    with pytest.raises(CPInputError, match="Production has no unit"):
        monitoring.cusum([100, 120, 90, 110, 130, 100], STEAM[:6], baseline_periods=6)


@settings(max_examples=100, deadline=None)
@given(
    production=st.lists(st.floats(10, 1000), min_size=8, max_size=24, unique=True),
    intercept=st.floats(0, 500),
    slope=st.floats(0.1, 10),
)
def test_cusum_of_data_that_follow_the_baseline_exactly_stays_at_zero(production, intercept, slope):
    x = np.array(production)
    consumption = Q_(intercept + slope * x, "GJ")
    result = monitoring.cusum(Q_(x, "t"), consumption, baseline_periods=6)
    scale = max(1.0, float(consumption.magnitude.max()))
    assert np.abs(result.table["CUSUM (GJ)"].to_numpy()).max() <= 1e-8 * scale * len(x)


# --- Action plan -------------------------------------------------------------


def test_the_action_plan_lists_measure_owner_due_date_and_status():
    plan = monitoring.action_plan([
        {"measure": "Repair steam leaks", "owner": "Maintenance", "date": "2024-03-31", "status": "Done"},
        {"measure": "Meter the dye house", "owner": "Energy manager", "date": "2024-05-15", "status": "planned"},
    ])
    assert list(plan.columns) == ["Measure", "Owner", "Due date", "Status"]
    assert plan["Status"].tolist() == ["done", "planned"]
    assert str(plan.loc[1, "Due date"]) == "2024-05-15"


def test_an_invalid_action_status_is_refused_with_a_suggestion():
    with pytest.raises(CPInputError) as err:
        monitoring.action_plan([
            {"measure": "Insulate tank", "owner": "Utilities", "date": "2024-06-30", "status": "in progres"},
        ])
    message = str(err.value)
    assert "Action 1 ('Insulate tank') has an unknown status 'in progres'" in message
    assert "Did you mean 'in progress'?" in message
    assert "planned, in progress, done, on hold, cancelled" in message


def test_an_action_without_an_owner_or_with_an_unreadable_date_is_refused():
    with pytest.raises(CPInputError, match="Action 1 has no owner"):
        monitoring.action_plan([{"measure": "X", "owner": "", "date": "2024-01-01", "status": "done"}])
    with pytest.raises(CPInputError, match="has a date that cannot be read"):
        monitoring.action_plan([{"measure": "X", "owner": "Y", "date": "next week", "status": "done"}])


def test_period_labels_can_be_a_column_of_a_table():
    # The notebooks pass the "Month" column of a table: a pandas Series, read as the list it holds.
    import pandas as pd

    table = monitoring.specific_consumption(STEAM, PRODUCTION, periods=pd.Series(MONTHS))
    assert table["Period"].tolist() == list(MONTHS)
