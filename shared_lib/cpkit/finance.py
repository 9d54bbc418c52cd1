"""Money over time: is an option worth its investment?

Built on numpy-financial. Cash flows are per year, ``cashflows[0]`` at time
0 (the investment, negative), the rest at the end of years 1, 2, ...

Amounts may be plain numbers or pint quantities with a currency
(``Q_(-20_000, "USD")``). With a currency in, money comes out in that
currency and times in years; plain numbers in give plain numbers out.

>>> round(npv(0.10, [-20_000, 8_000, 8_000, 8_000, 8_000, 8_000]), 2)
10326.29
>>> round(irr([-20_000, 8_000, 8_000, 8_000, 8_000, 8_000]), 4)
0.2865
>>> simple_payback(20_000, 8_000)
2.5
"""

import math
import numbers

import numpy as np
import numpy_financial as npf
from pint import DimensionalityError

from cpkit.errors import CPInputError
from cpkit.units import currency_of, number, ureg
from cpkit.units import quantity as read_quantity


def _rate(rate, name="discount rate"):
    """A rate as a fraction: 0.10, "10 %" or a dimensionless quantity."""
    try:
        if isinstance(rate, str):
            text = rate.strip()
            if not text.endswith("%"):
                raise ValueError
            rate = float(text[:-1]) / 100
        elif isinstance(rate, ureg.Quantity):
            rate = rate.to("").magnitude
        if isinstance(rate, bool) or not isinstance(rate, numbers.Real) or not math.isfinite(rate):
            raise ValueError
    except (ValueError, TypeError, ArithmeticError, DimensionalityError):
        raise CPInputError(f"The {name} {rate!r} is not understood.", fix="Give 0.10 or '10 %'.",
                           field=name) from None
    rate = float(rate)
    if rate >= 1 and rate == round(rate):  # 10 for 10 %: a rate over 100 % is never a whole number by chance
        raise CPInputError(
            f"A {name} of {rate:g} means {rate * 100:g} % a year.",
            fix=f"Give a fraction or a percentage: 0.10 or '10 %' for ten per cent, not {rate:g}.", field=name,
        )
    if rate <= -1:
        raise CPInputError(f"A {name} of {rate:g} is not possible.", fix="Give a rate above -100 %.", field=name)
    return rate


def _amounts(values, what="cash flows"):
    """Plain magnitudes and the currency they share (None for plain numbers)."""
    currencies = set()
    magnitudes = []
    if isinstance(values, (str, bytes, dict)) or not hasattr(values, "__iter__") or \
            (isinstance(values, ureg.Quantity) and np.ndim(values.magnitude) != 1):
        raise CPInputError(f"The {what} must be a list of amounts; {values!r} is not.",
                           fix="Give them like [-20000, 8000, 8000], investment first.", field=what)
    values = list(values)
    if not values:
        raise CPInputError(f"The {what} are empty.", fix="Give them like [-20000, 8000, 8000], investment first.",
                           field=what)
    for value in values:
        if isinstance(value, bool) or not isinstance(value, (numbers.Real, ureg.Quantity)) or not math.isfinite(
                value.magnitude if isinstance(value, ureg.Quantity) else value):
            raise CPInputError(f"The {what} hold {value!r}, which is not an amount of money.",
                               fix="Give every amount as a number or as money, e.g. 8000 or Q_(8000, 'USD').",
                               field=what)
        if isinstance(value, ureg.Quantity):
            currency = currency_of(value)
            if currency is None or not value.check(f"[currency_{currency}]"):
                raise CPInputError(f"The {what} must be money; {value:~P} is not.",
                                   fix="Give amounts in a currency, e.g. Q_(8000, 'USD').", field=what)
            currencies.add(currency)
            magnitudes.append(float(value.to(currency).magnitude))
        else:
            magnitudes.append(float(value))
    if len(currencies) > 1:
        raise CPInputError(f"The {what} mix currencies: {', '.join(sorted(currencies))}.",
                           fix="Convert every amount to one currency first, with an exchange rate you state.",
                           field=what)
    return magnitudes, (currencies.pop() if currencies else None)


def _money(amount, currency):
    return amount if currency is None else ureg.Quantity(amount, currency)


def _years(years, currency):
    return years if currency is None else ureg.Quantity(years, "year")


def npv(rate, cashflows):
    """Net present value of ``cashflows`` (``cashflows[0]`` at time 0) at ``rate`` a year.

    >>> from cpkit.units import Q_
    >>> npv("10 %", [Q_(-1_000, "USD"), Q_(600, "USD"), Q_(600, "USD")]).round(2)
    <Quantity(41.32, 'USD')>
    """
    amounts, currency = _amounts(cashflows)
    return _money(float(npf.npv(_rate(rate), amounts)), currency)


def irr(cashflows):
    """Internal rate of return: the discount rate at which the NPV is zero.

    Refuses cash flows for which it does not exist (no change of sign) or is
    not unique (several changes of sign with several roots).

    >>> irr([100, 100])
    Traceback (most recent call last):
    ...
    cpkit.errors.CPInputError: These cash flows have no internal rate of return: they never change sign (all inflows or all outflows).
    How to fix: An IRR needs an investment (negative) and savings (positive).
    """
    amounts, _ = _amounts(cashflows)
    signs = [np.sign(a) for a in amounts if a != 0]
    changes = sum(1 for a, b in zip(signs, signs[1:]) if a != b)
    if changes == 0:
        raise CPInputError(
            "These cash flows have no internal rate of return: they never change sign (all inflows or all outflows).",
            fix="An IRR needs an investment (negative) and savings (positive).", field="cash flows",
        )
    try:
        roots = np.roots(amounts[::-1]) if changes > 1 else None
    except (np.linalg.LinAlgError, ValueError, OverflowError):  # amounts too far apart for the roots
        raise CPInputError("No internal rate of return could be found for these cash flows.",
                           fix="Check the amounts and their signs: the investment negative, the savings positive.",
                           field="cash flows") from None
    if roots is not None:
        real = [1 / r.real - 1 for r in roots if abs(r.imag) < 1e-9 and r.real > 0]
        if len({round(x, 6) for x in real}) > 1:
            found = ", ".join(f"{100 * x:.1f} %" for x in sorted(set(round(x, 6) for x in real)))
            raise CPInputError(
                f"These cash flows change sign {changes} times and have more than one IRR ({found}).",
                fix="Use the NPV at your discount rate to judge this option instead of the IRR.",
                field="cash flows",
            )
    try:
        value = float(npf.irr(amounts))
    except (np.linalg.LinAlgError, ValueError, OverflowError):  # amounts too large for the polynomial's roots
        value = math.nan
    if np.isnan(value):
        raise CPInputError("No internal rate of return could be found for these cash flows.",
                           fix="Check the signs: the investment negative, the savings positive.", field="cash flows")
    return value


def per_year(saving, what="The annual saving"):
    """A saving (or cost) per year as an amount of money a year: ``"1.8e6 INR/year"``,
    ``"150000 INR/month"`` (12 months a year) or a plain amount taken as per year.

    Plain numbers stay plain. A rate that is not money per unit of time
    (``"5 USD/kg"``) is refused.

    >>> per_year("1.8e6 INR/year"), per_year("150000 INR/month"), per_year(2000)
    (<Quantity(1800000.0, 'INR')>, <Quantity(1800000.0, 'INR')>, 2000)
    """
    if isinstance(saving, (str, ureg.Quantity)):
        saving = read_quantity(saving, what, "1.8e6 INR/year", field="annual_saving")
    if not isinstance(saving, ureg.Quantity):
        number(saving, what, "'1.8e6 INR/year' or 2000", field="annual_saving")
        return saving
    currency = currency_of(saving)
    if currency is not None and saving.check(f"[currency_{currency}] / [time]"):
        return (saving * ureg.Quantity(1, "year")).to(currency)
    if currency is not None and saving.check(f"[currency_{currency}]"):
        return saving
    raise CPInputError(f"{what} {saving:~P} is not money, nor money per unit of time.",
                       fix="Give it like '1.8e6 INR/year' or '2000 USD' (taken as per year).",
                       field="annual_saving")


def simple_payback(investment, annual_net_saving):
    """Years for the savings to repay the investment, without discounting.

    The saving is money a year: an amount (taken as per year) or money per
    unit of time (``"1.8e6 INR/year"``, ``"150000 INR/month"``), in the
    investment's currency; mixed currencies are refused.

    >>> from cpkit.units import Q_
    >>> simple_payback(Q_(17_000, "USD"), Q_(315_000, "USD"))  # Rathkerewwa mill [@ncpc-principal-achievements]
    <Quantity(0.053968254, 'year')>
    >>> simple_payback("3.6e6 INR", "1.8e6 INR/year")
    <Quantity(2.0, 'year')>
    """
    if isinstance(investment, str):
        investment = read_quantity(investment, "The investment", "3.6e6 INR", field="investment")
    annual_net_saving = per_year(annual_net_saving, "The annual net saving")
    (invest, saving), currency = _amounts([investment, annual_net_saving], "investment and saving")
    if invest < 0:
        raise CPInputError(f"The investment is negative ({invest:g}).", fix="Give the investment as a positive amount.",
                           field="investment")
    if saving <= 0:
        raise CPInputError(
            f"With a net saving of {saving:g} a year the investment is never paid back.",
            fix="The annual net saving (savings minus extra running costs) must be positive.",
            field="annual_net_saving",
        )
    years = invest / saving
    if not math.isfinite(years):
        raise CPInputError(f"A saving of {saving:g} a year against an investment of {invest:g} is never paid back "
                           "in a number of years a computer can hold.",
                           fix="Check the investment and the saving and their units.", field="annual_net_saving")
    return _years(years, currency)


def cumulative_discounted(rate, cashflows):
    """Running total of the discounted cash flows, from year 0 to the last year.

    Where it crosses zero the option has paid back, discounting included.

    >>> [round(x) for x in cumulative_discounted(0.10, [-1_000, 600, 600])]
    [-1000, -455, 41]
    """
    amounts, currency = _amounts(cashflows)
    r = _rate(rate)
    totals, total = [], 0.0
    for year, amount in enumerate(amounts):
        total += amount / (1 + r) ** year
        totals.append(_money(total, currency))
    return totals


def discounted_payback(rate, cashflows):
    """Years until the discounted cash flows repay the investment (interpolated within the year).

    >>> round(discounted_payback(0.10, [-20_000, 8_000, 8_000, 8_000, 8_000, 8_000]), 3)
    3.019
    """
    amounts, currency = _amounts(cashflows)
    if amounts[0] >= 0:
        return _years(0.0, currency)
    totals = cumulative_discounted(rate, amounts)
    for year in range(1, len(totals)):
        before, after = totals[year - 1], totals[year]
        if before < 0 <= after:
            return _years(year - 1 + (-before / (after - before)), currency)
    raise CPInputError(
        f"The investment is not paid back within the {len(amounts) - 1} years of cash flows "
        f"(discounted at {100 * _rate(rate):g} %).",
        fix="The option does not pay for itself at this rate: look at the NPV, or a longer lifetime if it is real.",
        field="cash flows",
    )


def profitability_index(rate, cashflows):
    """Present value of the savings per unit of investment: above 1, the option earns more than the rate.

    The investment is ``cashflows[0]``; the later flows are discounted at ``rate``.
    Useful to rank options when the money to invest is limited.

    >>> round(profitability_index(0.10, [-20_000, 8_000, 8_000, 8_000, 8_000, 8_000]), 3)
    1.516
    """
    amounts, _ = _amounts(cashflows)
    if amounts[0] >= 0:
        raise CPInputError("The first cash flow is not an investment (it is not negative).",
                           fix="Put the investment first, as a negative amount: [-20000, 8000, 8000, ...].",
                           field="cash flows")
    return float(npf.npv(_rate(rate), [0.0] + amounts[1:])) / -amounts[0]


MAX_YEARS = 100
"""The longest lifetime or loan term accepted: a century; longer is a typing slip (and would never end)."""


def _lifetime(lifetime):
    try:
        years = float(lifetime.to("year").magnitude) if isinstance(lifetime, ureg.Quantity) else float(lifetime)
        if isinstance(lifetime, (bool, str)) or not math.isfinite(years):
            raise ValueError
    except (ValueError, TypeError, DimensionalityError):
        raise CPInputError(f"The lifetime {lifetime!r} is not a number of years.", fix="Give whole years, e.g. 10.",
                           field="lifetime") from None
    if years > MAX_YEARS:
        raise CPInputError(f"A lifetime of {years:g} years is more than the {MAX_YEARS} this course works with.",
                           fix="Give the option's lifetime in whole years, e.g. 10.", field="lifetime")
    if years < 1 or years != round(years):
        raise CPInputError(f"A lifetime of {years:g} years is not possible here.", fix="Give whole years, at least 1.",
                           field="lifetime")
    return int(years)


def _annuity_factor(rate, years):
    """Present value of 1 a year for ``years`` years: (1 - (1 + r)**-n) / r, exact for rates near zero."""
    if abs(rate) < 1e-12:  # the limit, n; closer than 1e-11 relative to the exact value here
        return float(years)
    return -math.expm1(-years * math.log1p(rate)) / rate


def option_cashflows(investment, annual_saving, lifetime):
    """The cash flows of an option: the investment now (negative), an even net saving each year of its lifetime.

    >>> option_cashflows(20_000, 8_000, 3)
    [-20000.0, 8000.0, 8000.0, 8000.0]
    """
    (invest, saving), currency = _amounts([investment, annual_saving], "investment and saving")
    if invest < 0:
        raise CPInputError(f"The investment is negative ({invest:g}).", fix="Give the investment as a positive amount.",
                           field="investment")
    return [_money(-invest, currency)] + [_money(saving, currency)] * _lifetime(lifetime)


def option_npv(investment, annual_saving, lifetime, rate):
    """NPV of an option: an investment now, an even net saving for ``lifetime`` years.

    >>> round(option_npv(20_000, 8_000, 5, 0.10), 2)
    10326.29
    """
    return npv(rate, option_cashflows(investment, annual_saving, lifetime))


def annualised_cost(investment, rate, lifetime, annual_cost=0, salvage=0):
    """Equivalent annual cost: the investment spread evenly over its lifetime at ``rate``, plus running costs.

    The investment is multiplied by the capital recovery factor
    r / (1 - (1 + r)**-n); a salvage value at the end is taken off by the
    sinking-fund factor r / ((1 + r)**n - 1). Compare options of different
    lifetimes by their annualised cost.

    >>> round(annualised_cost(100_000, 0.10, 5), 2)  # 100,000 x 0.1 / (1 - 1.1**-5)
    26379.75
    """
    (invest, running, rest), currency = _amounts([investment, annual_cost, salvage], "investment and costs")
    for name, value in (("investment", invest), ("annual cost", running), ("salvage value", rest)):
        if value < 0:
            raise CPInputError(f"The {name} is negative ({value:g}).", fix=f"Give the {name} as a positive amount.")
    years, r = _lifetime(lifetime), _rate(rate)
    factor = _annuity_factor(r, years)
    capital = invest / factor - rest / (factor * (1 + r) ** years)  # the salvage's value today, spread likewise
    return _money(capital + running, currency)


def after_tax_cashflows(investment, annual_saving, lifetime, tax_rate, depreciation_years=None, salvage=0):
    """Year-by-year cash flows after profit tax, with straight-line depreciation of the investment.

    The saving raises the taxable profit; depreciation, (investment - salvage)
    spread evenly over ``depreciation_years`` (the lifetime unless given),
    lowers it. A negative taxable profit is taken as a tax saving, as for a
    firm with other profits to set it against. The salvage value comes back
    in the last year. Returns a table; its "Cash flow after tax" column goes
    straight into :func:`npv`, :func:`irr` or :func:`discounted_payback`.

    >>> table = after_tax_cashflows(20_000, 8_000, 5, 0.20)
    >>> table["Cash flow after tax"].tolist()  # 8,000 - 20 % x (8,000 - 4,000)
    [-20000.0, 7200.0, 7200.0, 7200.0, 7200.0, 7200.0]
    """
    import pandas as pd

    (invest, saving, rest), currency = _amounts([investment, annual_saving, salvage], "investment and saving")
    tax = _rate(tax_rate, "tax rate")
    if not 0 <= tax < 1:
        raise CPInputError(f"A tax rate of {100 * tax:g} % is outside 0-100 %.", fix="Give e.g. 0.20 or '20 %'.")
    if invest < 0 or rest < 0 or rest > invest:
        raise CPInputError(f"An investment of {invest:g} with a salvage value of {rest:g} is not possible.",
                           fix="Both are positive amounts, and the salvage value is at most the investment.")
    years = _lifetime(lifetime)
    writing_off = years if depreciation_years is None else _lifetime(depreciation_years)
    rows = [{"Year": 0, "Net saving": 0.0, "Depreciation": 0.0, "Taxable profit": 0.0, "Tax": 0.0,
             "Cash flow after tax": -invest}]
    for year in range(1, years + 1):
        depreciation = (invest - rest) / writing_off if year <= writing_off else 0.0
        profit = saving - depreciation
        flow = saving - tax * profit + (rest if year == years else 0.0)
        rows.append({"Year": year, "Net saving": saving, "Depreciation": depreciation, "Taxable profit": profit,
                     "Tax": tax * profit, "Cash flow after tax": flow})
    table = pd.DataFrame(rows)
    table.attrs["currency"] = currency
    return table


def break_even(investment, annual_saving, lifetime, rate):
    """How far each input can move before the option stops paying (NPV = 0), the others kept.

    Returns a table: each input's value now, its break-even value, and the
    margin in % of the value now. A wide margin means a safe option. When the
    net saving does not even cover the interest on the investment, no
    lifetime breaks even: its break-even value (and margin) is infinity, read
    "never".

    >>> table = break_even(20_000, 8_000, 5, 0.10)
    >>> table.set_index("Input").loc["Net saving per year", "Break-even"].round(2)  # 20,000 / 3.790787
    np.float64(5275.95)
    """
    import pandas as pd

    (invest, saving), currency = _amounts([investment, annual_saving], "investment and saving")
    years, r = _lifetime(lifetime), _rate(rate)
    if invest <= 0 or saving <= 0:
        raise CPInputError("A break-even needs a positive investment and a positive net saving.",
                           fix="Give the investment and the net saving per year as positive amounts.",
                           field="investment and saving")
    factor = _annuity_factor(r, years)
    if abs(r) < 1e-12:
        lifetime_needed = invest / saving
    elif invest * r < saving:
        lifetime_needed = -math.log(1 - invest * r / saving) / math.log(1 + r)
    else:
        lifetime_needed = math.inf  # the saving never repays the interest on the investment
    unit = currency or ""
    rows = [("Investment", invest, saving * factor, unit),
            ("Net saving per year", saving, invest / factor, f"{unit}/year".lstrip("/")),
            ("Lifetime", years, lifetime_needed, "years"),
            ("Discount rate", 100 * r, 100 * irr(option_cashflows(invest, saving, years)), "% per year")]
    table = pd.DataFrame(rows, columns=["Input", "Now", "Break-even", "Unit"])
    table["Margin (%)"] = 100 * (table["Break-even"] - table["Now"]).abs() / table["Now"].where(table["Now"] != 0)
    table.attrs["currency"] = currency
    return table


def tornado(investment, annual_saving, lifetime, rate, swing=0.20):
    """Sensitivity of the NPV: each input moved ``swing`` down and up, the others kept.

    Returns a table, widest NPV range first (the top of a tornado chart).

    >>> table = tornado(20_000, 8_000, 5, 0.10)
    >>> table["Input"].tolist()
    ['Net saving per year', 'Lifetime', 'Investment', 'Discount rate']
    """
    import pandas as pd

    swing = number(swing, "The swing", "0.20 (for ±20 %)", field="swing")
    if not 0 < swing < 1:
        raise CPInputError(f"A swing of {swing:g} is outside 0-1.", fix="Give a fraction, e.g. 0.20 for ±20 %.",
                           field="swing")
    _amounts([investment, annual_saving], "investment and saving")
    _lifetime(lifetime)
    base = {"Investment": investment, "Net saving per year": annual_saving, "Lifetime": lifetime,
            "Discount rate": _rate(rate)}
    rows = []
    for name, value in base.items():
        low, high = value * (1 - swing), value * (1 + swing)
        if name == "Lifetime":
            low, high = max(1, round(low)), round(high)
        values = []
        for moved in (low, high):
            inputs = dict(base, **{name: moved})
            values.append(option_npv(inputs["Investment"], inputs["Net saving per year"], inputs["Lifetime"],
                                     inputs["Discount rate"]))
        rows.append({"Input": name, "Low value": low, "High value": high,
                     "NPV at low value": values[0], "NPV at high value": values[1],
                     "NPV range": abs(values[1] - values[0])})
    table = pd.DataFrame(rows).sort_values("NPV range", ascending=False, ignore_index=True)
    table.attrs["swing"] = swing
    return table


def tornado_chart(table, base_npv, currency=""):
    """A plotly tornado chart of :func:`tornado`'s table around the base NPV."""
    import plotly.graph_objects as go

    swing = 100 * table.attrs.get("swing", 0.20)
    figure = go.Figure()
    for column, name, colour in (("NPV at low value", f"input {swing:g} % lower", "#e07b39"),
                                 ("NPV at high value", f"input {swing:g} % higher", "#3a7dc9")):
        figure.add_bar(y=table["Input"], x=table[column] - base_npv, base=base_npv, orientation="h",
                       name=name, marker_color=colour)
    figure.update_layout(barmode="overlay", height=280, margin=dict(l=20, r=20, t=40, b=40),
                         title="Which input matters most? NPV when each moves", yaxis_autorange="reversed",
                         xaxis_title=f"NPV ({currency})" if currency else "NPV")
    return figure
