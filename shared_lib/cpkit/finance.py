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

import numpy as np
import numpy_financial as npf

from cpkit.errors import CPInputError
from cpkit.units import CURRENCIES, ureg


def _rate(rate, name="discount rate"):
    """A rate as a fraction: 0.10, "10 %" or a dimensionless quantity."""
    if isinstance(rate, str):
        text = rate.strip()
        if not text.endswith("%"):
            raise CPInputError(f"The {name} {rate!r} is not understood.", fix="Give 0.10 or '10 %'.")
        rate = float(text[:-1]) / 100
    elif isinstance(rate, ureg.Quantity):
        rate = rate.to("").magnitude
    rate = float(rate)
    if rate >= 1 and rate == round(rate):  # 10 for 10 %: a rate over 100 % is never a whole number by chance
        raise CPInputError(
            f"A {name} of {rate:g} means {rate * 100:g} % a year.",
            fix=f"Give a fraction or a percentage: 0.10 or '10 %' for ten per cent, not {rate:g}.",
        )
    if rate <= -1:
        raise CPInputError(f"A {name} of {rate:g} is not possible.", fix="Give a rate above -100 %.")
    return rate


def _amounts(values, what="cash flows"):
    """Plain magnitudes and the currency they share (None for plain numbers)."""
    currencies = set()
    magnitudes = []
    for value in values:
        if isinstance(value, ureg.Quantity):
            currency = next((c for c in CURRENCIES if value.check(f"[currency_{c}]")), None)
            if currency is None:
                raise CPInputError(f"The {what} must be money; {value:~P} is not.",
                                   fix="Give amounts in a currency, e.g. Q_(8000, 'USD').")
            currencies.add(currency)
            magnitudes.append(float(value.to(currency).magnitude))
        else:
            magnitudes.append(float(value))
    if len(currencies) > 1:
        raise CPInputError(f"The {what} mix currencies: {', '.join(sorted(currencies))}.",
                           fix="Convert every amount to one currency first, with an exchange rate you state.")
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
            fix="An IRR needs an investment (negative) and savings (positive).",
        )
    roots = np.roots(amounts[::-1]) if changes > 1 else None
    if roots is not None:
        real = [1 / r.real - 1 for r in roots if abs(r.imag) < 1e-9 and r.real > 0]
        if len({round(x, 6) for x in real}) > 1:
            found = ", ".join(f"{100 * x:.1f} %" for x in sorted(set(round(x, 6) for x in real)))
            raise CPInputError(
                f"These cash flows change sign {changes} times and have more than one IRR ({found}).",
                fix="Use the NPV at your discount rate to judge this option instead of the IRR.",
            )
    value = float(npf.irr(amounts))
    if np.isnan(value):
        raise CPInputError("No internal rate of return could be found for these cash flows.",
                           fix="Check the signs: the investment negative, the savings positive.")
    return value


def simple_payback(investment, annual_net_saving):
    """Years for the savings to repay the investment, without discounting.

    >>> from cpkit.units import Q_
    >>> simple_payback(Q_(17_000, "USD"), Q_(315_000, "USD"))  # Rathkerewwa mill, seed 003
    <Quantity(0.053968254, 'year')>
    """
    (invest, saving), currency = _amounts([investment, annual_net_saving], "investment and saving")
    if invest < 0:
        raise CPInputError(f"The investment is negative ({invest:g}).", fix="Give the investment as a positive amount.")
    if saving <= 0:
        raise CPInputError(
            f"With a net saving of {saving:g} a year the investment is never paid back.",
            fix="The annual net saving (savings minus extra running costs) must be positive.",
        )
    return _years(invest / saving, currency)


def discounted_payback(rate, cashflows):
    """Years until the discounted cash flows repay the investment (interpolated within the year).

    >>> round(discounted_payback(0.10, [-20_000, 8_000, 8_000, 8_000, 8_000, 8_000]), 3)
    3.019
    """
    amounts, currency = _amounts(cashflows)
    r = _rate(rate)
    cumulative = amounts[0]
    for year, amount in enumerate(amounts[1:], start=1):
        present = amount / (1 + r) ** year
        if cumulative < 0 <= cumulative + present:
            return _years(year - 1 + (-cumulative / present), currency)
        cumulative += present
    if amounts[0] >= 0:
        return _years(0.0, currency)
    raise CPInputError(
        f"The investment is not paid back within the {len(amounts) - 1} years of cash flows "
        f"(discounted at {100 * r:g} %).",
        fix="The option does not pay for itself at this rate: look at the NPV, or a longer lifetime if it is real.",
    )


def option_npv(investment, annual_saving, lifetime, rate):
    """NPV of an option: an investment now, an even net saving for ``lifetime`` years.

    >>> round(option_npv(20_000, 8_000, 5, 0.10), 2)
    10326.29
    """
    years = int(round(float(getattr(lifetime, "magnitude", lifetime))))
    if years < 1:
        raise CPInputError(f"A lifetime of {lifetime} years is too short.", fix="Give at least 1 year.")
    return npv(rate, [-float(investment)] + [float(annual_saving)] * years)


def tornado(investment, annual_saving, lifetime, rate, swing=0.20):
    """Sensitivity of the NPV: each input moved ``swing`` down and up, the others kept.

    Returns a table, widest NPV range first (the top of a tornado chart).

    >>> table = tornado(20_000, 8_000, 5, 0.10)
    >>> table["Input"].tolist()
    ['Net saving per year', 'Lifetime', 'Investment', 'Discount rate']
    """
    import pandas as pd

    if not 0 < swing < 1:
        raise CPInputError(f"A swing of {swing:g} is outside 0-1.", fix="Give a fraction, e.g. 0.20 for ±20 %.")
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
    return pd.DataFrame(rows).sort_values("NPV range", ascending=False, ignore_index=True)


def tornado_chart(table, base_npv, currency=""):
    """A plotly tornado chart of :func:`tornado`'s table around the base NPV."""
    import plotly.graph_objects as go

    figure = go.Figure()
    for column, name, colour in (("NPV at low value", "input 20 % lower", "#e07b39"),
                                 ("NPV at high value", "input 20 % higher", "#3a7dc9")):
        figure.add_bar(y=table["Input"], x=table[column] - base_npv, base=base_npv, orientation="h",
                       name=name, marker_color=colour)
    figure.update_layout(barmode="overlay", height=280, margin=dict(l=20, r=20, t=40, b=40),
                         title="Which input matters most? NPV when each moves", yaxis_autorange="reversed",
                         xaxis_title=f"NPV ({currency})" if currency else "NPV")
    return figure
