"""NPV, IRR and paybacks: hand calculations, the seeds' cases, properties, messages."""

import numpy_financial as npf
import pytest
from hypothesis import given, settings, strategies as st

from cpkit import CPInputError
from cpkit.finance import discounted_payback, irr, npv, simple_payback
from cpkit.units import Q_

OPTION = [-20_000, 8_000, 8_000, 8_000, 8_000, 8_000]


def test_npv_of_an_even_saving_is_the_annuity_factor_times_the_saving_less_the_investment():
    # (1 - 1.1**-5) / 0.1 = 3.790787; 8,000 x 3.790787 - 20,000 = 10,326.29
    assert npv(0.10, OPTION) == pytest.approx(10_326.29, abs=0.01)
    assert npv("10 %", OPTION) == pytest.approx(10_326.29, abs=0.01)


def test_money_in_a_currency_comes_out_in_that_currency():
    flows = [Q_(f, "VND") for f in OPTION]
    assert npv(0.10, flows).units == Q_(1, "VND").units
    assert simple_payback(Q_(20_000, "VND"), Q_(8_000, "VND")) == Q_(2.5, "year")


def test_the_rathkerewwa_mill_pays_back_in_under_three_weeks():
    # Seed 003: > USD 315,000/yr saved for < USD 17,000 invested.
    # 17,000 / 315,000 = 0.054 year = 19.7 days.
    payback = simple_payback(Q_(17_000, "USD"), Q_(315_000, "USD"))
    assert payback.to("day").magnitude == pytest.approx(19.7, abs=0.1)


def test_the_eleven_colombian_cases_pay_back_in_about_two_point_eight_years():
    # Seed 000: USD 580,000 invested, USD 210,000/yr saved; 580 / 210 = 2.76 years.
    assert simple_payback(Q_(580_000, "USD"), Q_(210_000, "USD")).magnitude == pytest.approx(2.76, abs=0.01)


def test_discounted_payback_is_interpolated_within_the_year():
    # Cumulative discounted at 10 %: -12,727.27; -6,115.70; -105.18 after year 3;
    # year 4 brings 8,000 / 1.1**4 = 5,464.11, so 3 + 105.18 / 5,464.11 = 3.019 years.
    assert discounted_payback(0.10, OPTION) == pytest.approx(3.019, abs=0.001)


@settings(max_examples=100, deadline=None)
@given(investment=st.floats(1e3, 1e7), saving=st.floats(1e2, 1e6), years=st.integers(1, 30),
       low=st.floats(0.0, 0.3), step=st.floats(0.01, 0.3))
def test_npv_falls_as_the_discount_rate_rises_for_a_conventional_project(investment, saving, years, low, step):
    flows = [-investment] + [saving] * years
    assert npv(low + step, flows) < npv(low, flows)


@settings(max_examples=100, deadline=None)
@given(investment=st.floats(1e3, 1e6), ratio=st.floats(0.15, 2.0), years=st.integers(2, 25))
def test_the_irr_makes_the_npv_zero(investment, ratio, years):
    flows = [-investment] + [investment * ratio] * years
    rate = irr(flows)
    assert npv(rate, flows) == pytest.approx(0, abs=1e-6 * investment)
    assert rate == pytest.approx(npf.irr(flows))


def test_an_irr_needs_flows_of_both_signs():
    with pytest.raises(CPInputError, match="never change sign"):
        irr([100, 200, 300])


def test_cash_flows_with_several_irrs_are_refused_with_the_rates_found():
    # -100, +230, -132 has roots at 10 % and 20 %: (1+r)^2 x 100 - 230 (1+r) + 132 = 0
    with pytest.raises(CPInputError, match=r"more than one IRR \(10.0 %, 20.0 %\)"):
        irr([-100, 230, -132])


def test_a_payback_never_reached_says_so():
    with pytest.raises(CPInputError, match="not paid back within the 5 years"):
        discounted_payback(0.10, [-20_000] + [1_000] * 5)
    with pytest.raises(CPInputError, match="never paid back"):
        simple_payback(20_000, 0)


def test_a_rate_given_as_ten_for_ten_percent_is_refused_with_the_right_form():
    with pytest.raises(CPInputError, match=r"Give a fraction or a percentage: 0.10 or '10 %'"):
        npv(10, OPTION)


def test_mixed_currencies_are_refused():
    with pytest.raises(CPInputError, match="mix currencies: USD, VND"):
        npv(0.1, [Q_(-100, "USD"), Q_(2_000_000, "VND")])


def test_an_amount_that_is_not_money_is_refused():
    with pytest.raises(CPInputError, match="must be money"):
        npv(0.1, [Q_(-100, "kg"), Q_(50, "kg")])


def test_the_tornado_moves_each_input_and_ranks_them_by_npv_range():
    # Annuity factor at 10 % over 5 years: 3.790787.
    # Saving 6,400 / 9,600: NPV 6,400 x 3.790787 - 20,000 = 4,261.04 and 16,391.56 (range 12,130.52)
    # Lifetime 4 / 6 years: 8,000 x 3.169865 - 20,000 = 5,358.92; 8,000 x 4.355261 - 20,000 = 14,842.09 (9,483.17)
    # Investment 16,000 / 24,000: NPV 14,326.29 and 6,326.29 (range 8,000)
    # Discount rate 8 % / 12 %: 8,000 x 3.992710 - 20,000 = 11,941.68; 8,000 x 3.604776 - 20,000 = 8,838.21
    from cpkit.finance import tornado

    table = tornado(20_000, 8_000, 5, 0.10).set_index("Input")
    assert table.loc["Net saving per year", "NPV at low value"] == pytest.approx(4_261.04, abs=0.01)
    assert table.loc["Net saving per year", "NPV at high value"] == pytest.approx(16_391.56, abs=0.01)
    assert table.loc["Investment", "NPV range"] == pytest.approx(8_000, abs=0.01)
    assert table.loc["Lifetime", "NPV range"] == pytest.approx(9_483.17, abs=0.01)
    assert table.loc["Discount rate", "NPV at high value"] == pytest.approx(8_838.21, abs=0.01)
    assert list(table.index) == ["Net saving per year", "Lifetime", "Investment", "Discount rate"]
