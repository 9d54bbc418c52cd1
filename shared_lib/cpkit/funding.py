"""Funding a CP option: a loan, its coverage by the savings, and the green credit line.

Built on numpy-financial. Money may be plain numbers or pint quantities with
a currency; tables carry the currency in their column headers.

The green credit lines that several National Cleaner Production Centres
(Colombia and Viet Nam among them) set up with Swiss funding "include an
incentive grant payable upon confirmation of achieved environmental benefits
and a loan guarantee scheme" (Principal Achievements of the NCPC programme). The source documents give
the mechanism, not its figures: the grant share, the benefit that must be
confirmed and the guarantee share are therefore parameters to fill in from
the credit line's own terms.

>>> schedule = loan_schedule(100_000, 0.10, 5)
>>> schedule.loc[0, "Payment"].round(2), schedule.loc[4, "Balance"].round(2)
(np.float64(26379.75), np.float64(0.0))
"""

import math
import numbers
from dataclasses import dataclass

import numpy_financial as npf

from cpkit.checks import text
from cpkit.errors import CPInputError
from cpkit.finance import MAX_YEARS, _amounts, _lifetime, _rate, irr, npv, simple_payback
from cpkit.units import number, ureg


def _fraction(value, name):
    if isinstance(value, ureg.Quantity):
        if not value.check("[]"):
            raise CPInputError(f"The {name} {value:~P} is not a fraction or a percentage.",
                               fix="Give a fraction such as 0.3, or '30 %'.", field=name)
        value = value.to("").magnitude
    value = _rate(value, name) if isinstance(value, str) else \
        number(value, f"The {name}", "0.3 or '30 %'", field=name)
    if not 0 <= value <= 1:
        raise CPInputError(f"The {name} {value:g} is outside 0-1.", fix="Give a fraction such as 0.3, or '30 %'.",
                           field=name)
    return value


def loan_schedule(principal, annual_rate, years):
    """An annuity loan repaid in equal yearly payments: payment, interest, principal and balance per year.

    Hand check (10 %, 5 years, 100,000): payment = 100,000 x 0.1 / (1 - 1.1**-5)
    = 26,379.75; year 1 interest 10,000, principal 16,379.75, balance 83,620.25.
    """
    import pandas as pd

    (amount,), currency = _amounts([principal], "loan")
    rate = _rate(annual_rate, "loan interest rate")
    if amount <= 0:
        raise CPInputError(f"The loan is {amount:g}.", fix="Give the amount borrowed as a positive number.",
                           field="principal")
    if isinstance(years, bool) or not isinstance(years, numbers.Real) or not math.isfinite(years) \
            or int(years) != years or not 1 <= years <= MAX_YEARS:
        raise CPInputError(f"A loan term of {years!r} years is not possible.",
                           fix=f"Give whole years, from 1 to {MAX_YEARS}.", field="years")
    periods = range(1, int(years) + 1)
    if abs(rate) < 1e-6:  # interest-free: numpy-financial divides by the rate and loses precision below ~1e-6
        payment, interest, repaid = amount / years, [0.0] * int(years), [amount / years] * int(years)
    else:
        payment = -float(npf.pmt(rate, years, amount))
        interest = [-float(npf.ipmt(rate, p, years, amount)) for p in periods]
        repaid = [-float(npf.ppmt(rate, p, years, amount)) for p in periods]
    balance, rows = amount, []
    for year, i, r in zip(periods, interest, repaid):
        balance -= r
        balance = 0.0 if abs(balance) < 1e-9 * amount else balance
        rows.append({"Year": year, "Payment": payment, "Interest": i, "Principal": r, "Balance": balance})
    table = pd.DataFrame(rows)
    table.attrs["currency"] = currency
    return table


def debt_service_coverage(annual_net_saving, schedule):
    """Debt-service coverage ratio per year: the option's net saving over the loan payment.

    Lenders look for at least 1.2 to 1.5: the savings must pay the loan with a margin.

    >>> dscr = debt_service_coverage(40_000, loan_schedule(100_000, 0.10, 5))
    >>> round(float(dscr.loc[0, "Coverage ratio"]), 2)
    1.52
    """
    (saving,), _ = _amounts([annual_net_saving], "annual net saving")
    table = schedule[["Year", "Payment"]].copy()
    table["Net saving"] = saving
    table["Coverage ratio"] = saving / table["Payment"]
    return table


@dataclass(frozen=True)
class GreenCreditLine:
    """The terms of a green credit line (fill them from the credit line's own rules).

    ``grant_share``: share of the loan paid as an incentive grant once the
    environmental benefit is confirmed; ``required_benefit``: the benefit that
    must be confirmed, as a fraction (e.g. 0.20 for a 20 % cut in the
    pollution load or resource use the line measures); ``guarantee_share``:
    share of the loan the guarantee scheme covers.
    """

    grant_share: float
    required_benefit: float
    guarantee_share: float

    def __post_init__(self):
        for name in ("grant_share", "required_benefit", "guarantee_share"):
            object.__setattr__(self, name, _fraction(getattr(self, name), name.replace("_", " ")))


def bankable_proposal(project, investment, own_funds, annual_net_saving, lifetime, discount_rate,
                      loan_rate, loan_years, credit_line=None, confirmed_benefit=None, benefits=""):
    """The one-page summary a lender asks for, as a two-column table.

    The loan covers what own funds do not. Under a green credit line, the
    incentive grant (``grant_share`` of the loan) is paid only if the
    ``confirmed_benefit`` reaches the line's ``required_benefit``.
    """
    import pandas as pd

    text(project, "The project's name", "'Counter-current rinsing'", field="project")
    text(benefits, "The environmental benefits", "'30 % less water'", field="benefits", blank_ok=True)
    if credit_line is not None and not isinstance(credit_line, GreenCreditLine):
        raise CPInputError(f"The credit line {credit_line!r} is not a GreenCreditLine.",
                           fix="Give GreenCreditLine(grant_share=..., required_benefit=..., guarantee_share=...), "
                               "or None.", field="credit_line")
    (invest, own, saving), currency = _amounts([investment, own_funds, annual_net_saving], "money figures")
    if own < 0 or own > invest:
        raise CPInputError(f"Own funds of {own:,.0f} do not fit an investment of {invest:,.0f}.",
                           fix="Own funds go from 0 to the whole investment.", field="own_funds")
    loan = invest - own
    money = (lambda x: f"{x:,.0f} {currency}") if currency else (lambda x: f"{x:,.0f}")
    flows = [-invest] + [saving] * _lifetime(lifetime)
    rows = [("Project", project), ("Investment", money(invest)), ("Own funds", money(own)), ("Loan", money(loan))]
    grant = 0.0
    if credit_line is not None:
        if confirmed_benefit is None:
            raise CPInputError("The green credit line pays its grant on a confirmed environmental benefit, "
                               "but none was given.", fix="Give confirmed_benefit, e.g. 0.25 for a 25 % cut.",
                               field="confirmed_benefit")
        confirmed = _fraction(confirmed_benefit, "confirmed benefit")
        grant = credit_line.grant_share * loan if confirmed >= credit_line.required_benefit else 0.0
        rows += [("Incentive grant (on confirmed benefit)", money(grant) if grant else
                  f"none: {confirmed:.0%} confirmed, {credit_line.required_benefit:.0%} required"),
                 ("Loan guaranteed", money(credit_line.guarantee_share * loan))]
        flows[1] += grant  # paid once the benefit is confirmed, in the first year
    rows += [("Annual net saving", money(saving)), ("Simple payback", f"{simple_payback(invest - grant, saving):.1f} years"),
             (f"NPV at {_rate(discount_rate):.0%}", money(npv(discount_rate, flows)))]
    try:
        rows.append(("IRR", f"{irr(flows):.0%}"))
    except CPInputError as problem:
        rows.append(("IRR", problem.problem))
    if loan > 0:
        cover = debt_service_coverage(saving, loan_schedule(loan, loan_rate, loan_years))["Coverage ratio"].min()
        rows += [("Loan payment per year", money(loan_schedule(loan, loan_rate, loan_years)["Payment"].iloc[0])),
                 ("Debt-service coverage (lowest year)", f"{cover:.2f}")]
    if benefits:
        rows.append(("Environmental benefits", benefits))
    return pd.DataFrame(rows, columns=["Item", "Value"])
