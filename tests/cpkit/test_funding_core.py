"""Loans, debt-service coverage, the green credit line and the proposal table."""

import pytest
from hypothesis import given, settings, strategies as st

from cpkit import CPInputError
from cpkit.funding import GreenCreditLine, bankable_proposal, debt_service_coverage, loan_schedule
from cpkit.units import Q_


def test_an_annuity_loan_matches_the_hand_calculation():
    # 100,000 at 10 % over 5 years: payment = 100,000 x 0.1 / (1 - 1.1**-5) = 26,379.75
    # year 1: interest 10,000.00, principal 16,379.75, balance 83,620.25
    # year 2: interest 8,362.03, principal 18,017.72, balance 65,602.53
    table = loan_schedule(100_000, 0.10, 5)
    assert table.loc[0, "Payment"] == pytest.approx(26_379.75, abs=0.005)
    assert table.loc[0, ["Interest", "Principal", "Balance"]].tolist() == pytest.approx([10_000, 16_379.75, 83_620.25], abs=0.005)
    assert table.loc[1, ["Interest", "Principal", "Balance"]].tolist() == pytest.approx([8_362.03, 18_017.72, 65_602.53], abs=0.005)


@settings(max_examples=100, deadline=None)
@given(principal=st.floats(1e3, 1e8), rate=st.floats(0.0, 0.3), years=st.integers(1, 30))
def test_principal_repayments_add_up_to_the_loan(principal, rate, years):
    table = loan_schedule(principal, rate, years)
    assert table["Principal"].sum() == pytest.approx(principal, rel=1e-9)
    assert table["Balance"].iloc[-1] == pytest.approx(0, abs=1e-6 * principal)


def test_coverage_is_the_saving_over_the_payment():
    # 40,000 / 26,379.75 = 1.516
    table = debt_service_coverage(40_000, loan_schedule(100_000, 0.10, 5))
    assert table["Coverage ratio"].tolist() == pytest.approx([1.516] * 5, abs=0.001)


def test_the_grant_is_paid_only_on_a_confirmed_benefit():
    line = GreenCreditLine(grant_share="25 %", required_benefit=0.20, guarantee_share=0.5)
    args = dict(project="Counter-current rinsing", investment=Q_(60_000, "USD"), own_funds=Q_(10_000, "USD"),
                annual_net_saving=Q_(20_000, "USD"), lifetime=6, discount_rate=0.10, loan_rate=0.08,
                loan_years=4, credit_line=line)
    met = bankable_proposal(confirmed_benefit=0.30, **args).set_index("Item")["Value"]
    missed = bankable_proposal(confirmed_benefit=0.10, **args).set_index("Item")["Value"]
    # loan 50,000; grant 25 % = 12,500; guaranteed 50 % = 25,000
    assert met["Loan"] == "50,000 USD"
    assert met["Incentive grant (on confirmed benefit)"] == "12,500 USD"
    assert met["Loan guaranteed"] == "25,000 USD"
    assert missed["Incentive grant (on confirmed benefit)"] == "none: 10% confirmed, 20% required"
    # payback (60,000 - 12,500) / 20,000 = 2.4 years against 3.0 without the grant
    assert met["Simple payback"] == "2.4 years" and missed["Simple payback"] == "3.0 years"


def test_a_green_credit_line_without_a_confirmed_benefit_is_explained():
    line = GreenCreditLine(0.25, 0.2, 0.5)
    with pytest.raises(CPInputError, match="none was given"):
        bankable_proposal("X", 1_000, 0, 500, 5, 0.1, 0.08, 3, credit_line=line)


def test_shares_outside_zero_to_one_are_refused():
    with pytest.raises(CPInputError, match="grant share 1.5 is outside 0-1"):
        GreenCreditLine(grant_share=1.5, required_benefit=0.2, guarantee_share=0.5)


def test_own_funds_larger_than_the_investment_are_refused():
    with pytest.raises(CPInputError, match="do not fit an investment"):
        bankable_proposal("X", 1_000, 2_000, 500, 5, 0.1, 0.08, 3)
