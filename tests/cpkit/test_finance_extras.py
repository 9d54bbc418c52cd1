"""Profitability index, annualised cost, tax and depreciation, break-even: hand calculations, properties, messages."""

import pytest
from hypothesis import example, given, settings, strategies as st

from cpkit import CPInputError
from cpkit.finance import (after_tax_cashflows, annualised_cost, break_even, cumulative_discounted,
                           discounted_payback, irr, npv, option_cashflows, profitability_index)
from cpkit.units import Q_

OPTION = [-20_000, 8_000, 8_000, 8_000, 8_000, 8_000]
ANNUITY_10_5 = 3.790787  # (1 - 1.1**-5) / 0.1


def test_the_profitability_index_is_the_present_value_of_the_savings_per_unit_invested():
    # 8,000 x 3.790787 = 30,326.29 of savings today, for 20,000 invested: 1.5163
    assert profitability_index(0.10, OPTION) == pytest.approx(30_326.29 / 20_000, abs=1e-6)


def test_a_profitability_index_above_one_goes_with_a_positive_npv():
    losing = [-20_000] + [4_000] * 5  # 4,000 x 3.790787 = 15,163.15 < 20,000
    assert profitability_index(0.10, losing) == pytest.approx(0.7582, abs=1e-4)
    assert npv(0.10, losing) < 0 < npv(0.10, OPTION)


def test_the_annualised_cost_of_an_investment_is_the_annuity_that_repays_it():
    # Capital recovery factor at 10 %, 5 years: 0.1 / (1 - 1.1**-5) = 0.263797; x 100,000 = 26,379.75
    assert annualised_cost(100_000, 0.10, 5) == pytest.approx(26_379.75, abs=0.01)


def test_a_salvage_value_and_running_costs_move_the_annualised_cost():
    # Sinking-fund factor 0.1 / (1.1**5 - 1) = 0.1 / 0.61051 = 0.163797; 10,000 salvage takes off 1,637.97.
    # 26,379.75 - 1,637.97 + 3,000 running = 27,741.77
    cost = annualised_cost(Q_(100_000, "USD"), "10 %", 5, annual_cost=Q_(3_000, "USD"), salvage=Q_(10_000, "USD"))
    assert cost.to("USD").magnitude == pytest.approx(27_741.77, abs=0.01)


def test_without_discounting_the_annualised_cost_is_the_investment_over_the_years():
    assert annualised_cost(100_000, 0, 4, salvage=20_000) == pytest.approx(20_000)


@settings(max_examples=60, deadline=None)
@given(investment=st.floats(1e3, 1e7), rate=st.floats(0.0, 0.3), years=st.integers(1, 30))
@example(investment=1000.5, rate=5e-324, years=1)  # a rate so small that r x investment lost its precision
@example(investment=1e6, rate=1e-11, years=30)
def test_the_annualised_cost_over_the_lifetime_is_worth_the_investment_today(investment, rate, years):
    yearly = annualised_cost(investment, rate, years)
    assert npv(rate, [0.0] + [yearly] * years) == pytest.approx(investment, rel=1e-9)


def test_straight_line_depreciation_shields_part_of_the_saving_from_tax():
    # Depreciation 20,000 / 5 = 4,000; taxable 8,000 - 4,000 = 4,000; tax 20 % = 800; cash flow 7,200
    table = after_tax_cashflows(20_000, 8_000, 5, "20 %")
    assert table["Depreciation"].tolist() == [0, 4_000, 4_000, 4_000, 4_000, 4_000]
    assert table["Cash flow after tax"].tolist() == [-20_000, 7_200, 7_200, 7_200, 7_200, 7_200]


def test_a_short_write_off_and_a_salvage_value_shape_the_after_tax_cash_flows():
    # (20,000 - 2,000) / 3 = 6,000 a year for 3 years: tax 20 % x 2,000 = 400, cash flow 7,600.
    # Years 4-5: no depreciation, tax 1,600, cash flow 6,400; the salvage 2,000 comes back in year 5: 8,400.
    table = after_tax_cashflows(20_000, 8_000, 5, 0.20, depreciation_years=3, salvage=2_000)
    assert table["Cash flow after tax"].tolist() == pytest.approx([-20_000, 7_600, 7_600, 7_600, 6_400, 8_400])
    assert table["Depreciation"].sum() == pytest.approx(18_000)


def test_a_tax_loss_is_counted_as_a_tax_saving():
    # Saving 3,000 less depreciation 4,000: taxable -1,000, tax -200 at 20 %, cash flow 3,200.
    table = after_tax_cashflows(20_000, 3_000, 5, 0.20)
    assert table.loc[1, "Tax"] == pytest.approx(-200)
    assert table.loc[1, "Cash flow after tax"] == pytest.approx(3_200)


def test_after_tax_cash_flows_feed_the_npv():
    # 7,200 x 3.790787 - 20,000 = 7,293.67
    flows = after_tax_cashflows(20_000, 8_000, 5, 0.20)["Cash flow after tax"]
    assert npv(0.10, flows) == pytest.approx(7_293.67, abs=0.01)


def test_break_even_values_make_the_npv_zero():
    # Saving: 20,000 / 3.790787 = 5,275.95. Investment: 8,000 x 3.790787 = 30,326.29.
    # Lifetime: n with 8,000 (1 - 1.1**-n) / 0.1 = 20,000: n = -ln(1 - 0.25) / ln(1.1) = 3.018 years.
    # Rate: the IRR, 28.65 %.
    table = break_even(20_000, 8_000, 5, 0.10).set_index("Input")
    assert table.loc["Net saving per year", "Break-even"] == pytest.approx(20_000 / ANNUITY_10_5, abs=0.01)
    assert table.loc["Investment", "Break-even"] == pytest.approx(30_326.29, abs=0.01)
    assert table.loc["Lifetime", "Break-even"] == pytest.approx(3.018, abs=0.001)
    assert table.loc["Discount rate", "Break-even"] == pytest.approx(28.65, abs=0.01)
    # Margins: the saving may fall (8,000 - 5,275.95) / 8,000 = 34.1 %
    assert table.loc["Net saving per year", "Margin (%)"] == pytest.approx(34.05, abs=0.01)


@settings(max_examples=60, deadline=None)
@given(investment=st.floats(1e3, 1e6), ratio=st.floats(0.15, 2.0), years=st.integers(2, 25),
       rate=st.floats(0.0, 0.25))
def test_at_the_break_even_saving_the_npv_is_zero(investment, ratio, years, rate):
    saving = investment * ratio
    table = break_even(investment, saving, years, rate).set_index("Input")
    flows = option_cashflows(investment, table.loc["Net saving per year", "Break-even"], years)
    assert npv(rate, flows) == pytest.approx(0, abs=1e-6 * investment)


def test_a_saving_below_the_interest_never_breaks_even_on_lifetime():
    # 1,000 a year never covers 10 % interest on 20,000 (2,000 a year).
    table = break_even(20_000, 1_000, 5, 0.10).set_index("Input")
    assert table.loc["Lifetime", "Break-even"] == float("inf")


def test_cumulative_discounted_cash_flows_cross_zero_at_the_discounted_payback():
    totals = cumulative_discounted(0.10, OPTION)
    # -20,000; -12,727.27; -6,115.70; -105.18; +5,358.92 ...
    assert totals[3] == pytest.approx(-105.18, abs=0.01) and totals[4] == pytest.approx(5_358.92, abs=0.01)
    assert 3 < discounted_payback(0.10, OPTION) < 4
    assert totals[-1] == pytest.approx(npv(0.10, OPTION))


def test_an_option_in_a_currency_keeps_it_in_its_cash_flows():
    flows = option_cashflows(Q_(20_000, "USD"), Q_(10_000, "USD"), 2)
    assert [f.to("USD").magnitude for f in flows] == [-20_000, 10_000, 10_000]
    assert irr(flows) == pytest.approx(0.0)  # the savings just repay the investment


def test_bad_finance_inputs_are_refused_with_what_to_do():
    with pytest.raises(CPInputError, match="not an investment"):
        profitability_index(0.10, [20_000, 8_000])
    with pytest.raises(CPInputError, match=r"120 % is outside 0-100 %"):
        after_tax_cashflows(20_000, 8_000, 5, "120 %")
    with pytest.raises(CPInputError, match="salvage value is at most the investment"):
        after_tax_cashflows(20_000, 8_000, 5, 0.2, salvage=30_000)
    with pytest.raises(CPInputError, match="lifetime of 0 years"):
        option_cashflows(20_000, 8_000, 0)
    with pytest.raises(CPInputError, match="annual cost is negative"):
        annualised_cost(20_000, 0.1, 5, annual_cost=-10)
    with pytest.raises(CPInputError, match="positive net saving"):
        break_even(20_000, -500, 5, 0.1)
