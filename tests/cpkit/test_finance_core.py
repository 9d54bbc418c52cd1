"""NPV, IRR and paybacks: hand calculations, the source documents' cases, properties, messages."""

import numpy_financial as npf
import pytest
from hypothesis import given, settings, strategies as st

from cpkit import CPInputError
from cpkit.finance import cumulative_discounted, discounted_payback, irr, npv, simple_payback
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
    # "Principal Achievements" [@ncpc-principal-achievements]: "annual savings of more than
    # USD 315,000 from an investment of less than USD 17,000".
    # 17,000 / 315,000 = 0.054 year = 19.7 days.
    payback = simple_payback(Q_(17_000, "USD"), Q_(315_000, "USD"))
    assert payback.to("day").magnitude == pytest.approx(19.7, abs=0.1)
    # the saving as money per year, as the source states it
    assert simple_payback("17000 USD", "315000 USD/year").to("day").magnitude == pytest.approx(19.7, abs=0.1)


def test_the_eleven_colombian_cases_pay_back_in_about_two_point_eight_years():
    # [@seco-recp-review]: USD 580,000 invested, USD 210,000/yr saved; 580 / 210 = 2.76 years.
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


# --- Published worked examples ---------------------------------------------------------------------------
# UConn Industrial Training and Assessment Center (US DOE ITAC programme), training module
# "2 - Engineering Economics", read in the repository UCONN-ITAC/itac-docs:
#   docs/Training/2-Engineering-Economics/TVM-and-NPV.md (commit ca6ad434c5131154c9a91f8d8bd8b2a6009a4e02)
#   docs/Training/2-Engineering-Economics/Payback.md     (commit 26225f6c3e77f22dc2a2c2278dfbc4acac86ef4c)


def test_the_itac_motor_replacement_has_the_published_npv_and_present_values():
    # "A motor replacement costs $5,000 (no incentives) and saves $1,500 per year for 5 years. Using a 10%
    # discount rate": present values +$1,364, +$1,239, +$1,127, +$1,025, +$931; "The NPV is +$686".
    flows = [Q_(-5_000, "USD")] + [Q_(1_500, "USD")] * 5
    assert round(npv(0.10, flows).to("USD").magnitude) == 686
    totals = [t.to("USD").magnitude for t in cumulative_discounted(0.10, flows)]
    present_values = [b - a for a, b in zip(totals, totals[1:])]
    # The page rounds its discount factors to 3 decimals (0.909, 0.826, ...), so its present values may differ
    # from the exact ones by up to a dollar: year 2 is 1,500 x 0.826 = 1,239 printed, 1,500 / 1.1**2 = 1,239.67.
    assert present_values == pytest.approx([1_364, 1_239, 1_127, 1_025, 931], abs=1)


def test_the_itac_payback_examples_are_reproduced():
    # "A VFD installation costs $12,000, qualifies for a $2,000 rebate, and saves $4,000 per year":
    # simple payback ($12,000 - $2,000) / $4,000 = 2.5 years.
    assert simple_payback(Q_(12_000 - 2_000, "USD"), Q_(4_000, "USD")).magnitude == pytest.approx(2.5)
    # "A project costs $20,000 at year 0. Year 1 saves $5,000, year 2 saves $8,000, year 3 saves $10,000."
    # Cumulative -15,000, -7,000, +3,000: "2 + $7,000 / $10,000 = 2.7 years" (payback without discounting).
    assert discounted_payback(0, [-20_000, 5_000, 8_000, 10_000]) == pytest.approx(2.7)
    # The same project at 10 %, with a year-4 saving of $10,000 that appears only in the discounted table:
    # cumulative PV -$1,337 after year 3 (printed with 3-decimal factors; exact -1,329.83), +$5,493 after year 4:
    # "Discounted payback occurs between year 3 and year 4". Exact: 3 + 1,329.83 / 6,830.13 = 3.195 years.
    flows = [-20_000, 5_000, 8_000, 10_000, 10_000]
    assert cumulative_discounted(0.10, flows)[3] == pytest.approx(-1_337, abs=10)
    assert discounted_payback(0.10, flows) == pytest.approx(3.195, abs=0.001)
    # "$15,000 net implementation cost and constant $5,000 annual savings": simple payback 3.0 years.
    # The page's "Discounted Payback (10%) ~3.5 years" is not reproduced: its own method gives
    # 3 + 2,565.74 / 3,415.07 = 3.75 years (cumulative PV -2,565.74 after year 3, +849.33 after year 4).
    assert simple_payback(15_000, 5_000) == pytest.approx(3.0)
    assert discounted_payback(0.10, [-15_000] + [5_000] * 4) == pytest.approx(3.75, abs=0.01)


def test_the_textbook_npv_and_irr_examples_of_numpy_financial_are_reproduced():
    # numpy-financial, numpy_financial/_financial.py docstrings (citing L. J. Gitman, Principles of Managerial
    # Finance, Brief, 3rd ed., 2003, pp. 346 and 348): an investment of 40,000 with 5,000, 8,000, 12,000 and
    # 30,000 at 8 %: NPV 3065.22267; 100 invested, then 39, 59, 55, 20 withdrawn: IRR 0.28095.
    # cpkit wraps numpy-financial, so this checks the wrapping (order of flows, rate form), not the library.
    assert round(npv("8 %", [-40_000, 5_000, 8_000, 12_000, 30_000]), 5) == 3065.22267
    assert round(irr([-100, 39, 59, 55, 20]), 5) == 0.28095


def test_a_saving_per_month_is_a_saving_per_year_of_twelve_months():
    # Hand calculation: 150,000 INR a month x 12 = 1,800,000 INR a year; 3,600,000 / 1,800,000 = 2 years.
    assert simple_payback(Q_(3.6e6, "INR"), "150000 INR/month") == Q_(2.0, "year")
    assert simple_payback("3.6e6 INR", Q_(1.8e6, "INR/year")).to("year").magnitude == pytest.approx(2.0)


def test_a_saving_in_another_currency_than_the_investment_is_refused():
    with pytest.raises(CPInputError, match="mix currencies: INR, USD"):
        simple_payback(Q_(40_000, "USD"), "1.8e6 INR/year")


def test_a_saving_that_is_not_money_per_time_is_refused_naming_it():
    with pytest.raises(CPInputError, match="not money, nor money per unit of time") as wrong:
        simple_payback(Q_(40_000, "USD"), "5 USD/kg")
    assert wrong.value.field == "annual_saving"
