"""The feasibility tool, used as a trainee would.

Hand calculation for the default option (investment 20,000; net saving
8,000 a year for 5 years; discount rate 10 %):
  annuity factor = (1 - 1.1**-5) / 0.10 = 3.790787
  NPV = 8,000 x 3.790787 - 20,000 = 10,326.29
  IRR: 20,000 = 8,000 x annuity factor(r, 5)  ->  r = 28.65 %
  simple payback = 20,000 / 8,000 = 2.5 years
  discounted: cumulative -12,727; -6,116; -105 after year 3; +5,359 after
  year 4, so the discounted payback lies between 3 and 4 years.
"""

import pytest

import cpkit
from cpkit.widgets.feasibility_tool import FeasibilityTool


def magnitude(value):
    return float(getattr(value, "magnitude", value))


@pytest.fixture
def tool(tmp_path):
    return FeasibilityTool(save_as=tmp_path / "feasibility.cpkit.json",
                           investment=20_000, annual_saving=8_000, lifetime=5, rate=10.0)


def test_the_default_option_shows_npv_irr_and_paybacks_worked_by_hand(tool):
    assert magnitude(tool.result["npv"]) == pytest.approx(10_326.29, abs=0.01)
    assert magnitude(tool.result["irr"]) == pytest.approx(0.2865, abs=1e-4)
    assert magnitude(tool.result["simple_payback"]) == pytest.approx(2.5)
    assert 3 < magnitude(tool.result["discounted_payback"]) <= 4
    assert "10,326 USD" in tool.results.value
    assert "28.6 %" in tool.results.value
    assert tool.chart.outputs, "the cash-flow chart is drawn"
    assert tool.sensitivity.outputs, "the tornado chart is drawn"
    assert list(tool.result["tornado"]["Input"][:2]) == ["Net saving per year", "Lifetime"]


def test_the_profitability_index_and_the_break_even_saving_are_shown(tool):
    # PI = 8,000 x 3.790787 / 20,000 = 1.52; break-even saving = 20,000 / 3.790787 = 5,275.95 a year
    assert tool.result["profitability_index"] == pytest.approx(1.5163, abs=1e-4)
    assert "1.52" in tool.results.value
    assert "5,276 USD/year" in tool.results.value


def test_a_higher_discount_rate_lowers_the_npv_at_once(tool):
    # At 15 %: annuity factor 3.352155, NPV = 8,000 x 3.352155 - 20,000 = 6,817.24
    tool.fields["rate"].value = 15.0
    assert magnitude(tool.result["npv"]) == pytest.approx(6_817.24, abs=0.01)
    assert "6,817 USD" in tool.results.value


def test_the_currency_is_shown_with_every_amount(tool):
    tool.fields["currency"].value = "VND"
    assert "10,326 VND" in tool.results.value
    assert "VND" in tool.fields["investment"].unit_label.value


def test_a_negative_investment_is_marked_next_to_its_field_and_the_last_result_stays(tool):
    before = tool.result
    tool.fields["investment"].value = -5_000
    assert "Investment must be at least 0" in tool.fields["investment"].message.value
    assert tool.result is before
    assert "10,326 USD" in tool.results.value
    tool.fields["investment"].value = 20_000
    assert tool.fields["investment"].message.value == ""


def test_a_discount_rate_over_100_percent_is_refused(tool):
    tool.fields["rate"].value = 150
    assert "Discount rate must be at most 100" in tool.fields["rate"].message.value


def test_an_option_that_never_pays_back_says_so_instead_of_failing(tool):
    tool.fields["annual_saving"].value = 1_000  # 5 x 1,000 < 20,000
    assert magnitude(tool.result["npv"]) < 0
    assert isinstance(tool.result["discounted_payback"], str)
    assert "payback" in tool.results.value.lower()


def test_what_was_typed_comes_back_after_a_restart(tool, tmp_path):
    tool.fields["investment"].value = 35_000
    tool.fields["lifetime"].value = 8
    tool.fields["rate"].value = -2  # still to be corrected
    reopened = FeasibilityTool(save_as=tmp_path / "feasibility.cpkit.json", investment=1, rate=10.0)
    assert reopened.fields["investment"].value == 35_000
    assert reopened.fields["lifetime"].value == 8
    assert reopened.fields["rate"].value == -2
    assert "at least 0" in reopened.fields["rate"].message.value


def test_the_one_line_opener_gives_the_tool(tmp_path):
    tool = cpkit.widgets.feasibility(save_as=tmp_path / "f.cpkit.json")
    assert isinstance(tool, FeasibilityTool) and tool.result is not None
