"""Monitoring: targets against actuals, CUSUM, and the action plan.

Consumption is compared with production, period by period. A CUSUM
(cumulative sum) analysis fits a straight line, consumption = a + b x
production, over a baseline period before any change, then adds up
actual minus expected consumption. A CUSUM that runs flat means nothing
has changed; one that turns down shows when savings started, and it keeps
falling for as long as they hold.

>>> from cpkit import monitoring
>>> from cpkit.units import Q_
>>> production = Q_([100, 120, 90, 110, 130, 100, 120, 110], "t")
>>> steam = Q_([250, 290, 230, 270, 310, 250, 280, 260], "t_steam")
>>> result = monitoring.cusum(production, steam, baseline_periods=6)
>>> result.table["CUSUM (t_steam)"].round(1).tolist()
[0.0, 0.0, 0.0, 0.0, 0.0, 0.0, -10.0, -20.0]
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from cpkit.errors import CPInputError, did_you_mean
from cpkit.checks import mapping, sequence, text, whole
from cpkit.units import Q_
from cpkit.units import quantity as read_quantity

MIN_BASELINE_PERIODS = 6
"""Fewest periods a baseline regression is fitted to."""

STATUSES = ("planned", "in progress", "done", "on hold", "cancelled")
"""Allowed status values of an action in the action plan."""


def _series(values, what):
    field = what.lower()
    quantity = read_quantity(values, what, "Q_([120, 95, 130], 't')", field=field) \
        if isinstance(values, (str, Q_)) else values
    if not hasattr(quantity, "units"):
        raise CPInputError(
            f"{what} has no unit.",
            fix=f"Give {what.lower()} as a quantity, e.g. Q_([120, 95, 130], 't').", field=field,
        )
    magnitude = np.atleast_1d(np.asarray(quantity.magnitude, dtype=float))
    if magnitude.ndim != 1 or not len(magnitude):
        raise CPInputError(f"{what} holds no readings.", fix="Give one reading per period, e.g. Q_([120, 95], 't').",
                           field=field)
    if not np.isfinite(magnitude).all():
        raise CPInputError(f"{what} holds a reading that is not a number (NaN or infinity).",
                           fix="Enter every period's reading, or leave the period out.", field=field)
    if (magnitude < 0).any():
        raise CPInputError(f"{what} holds a negative reading ({magnitude.min():g}).",
                           fix="Readings of consumption and production are zero or positive.", field=field)
    if (magnitude > 1e15).any():
        raise CPInputError(f"{what} holds a reading too large to be a plant's ({magnitude.max():g}).",
                           fix="Check the reading and its unit.", field=field)
    return Q_(magnitude, quantity.units)


def _unit_label(quantity):
    return f"{quantity.units:~}".replace(" ", "")


def _paired(consumption, production):
    """Consumption and production as quantity arrays of the same length, one value per period."""
    consumption = _series(consumption, "Consumption")
    production = _series(production, "Production")
    if len(consumption) != len(production):
        raise CPInputError(
            f"{len(consumption)} consumption readings but {len(production)} production readings.",
            fix="Give one consumption and one production figure for each period.", field="consumption",
        )
    return consumption, production


def _periods(periods, count):
    if periods is None:
        return list(range(1, count + 1))
    periods = sequence(periods, "The period labels", "['Jan', 'Feb']", field="periods")
    if len(periods) != count:
        raise CPInputError(
            f"{len(periods)} period labels for {count} readings.",
            fix="Give one period label (e.g. a month) per reading.", field="periods",
        )
    for label in periods:
        if not isinstance(label, (str, int, np.integer)) or isinstance(label, bool):
            raise CPInputError(f"The period label {label!r} is not a name or a number of a period.",
                               fix="Label periods like 'Jan 2024' or 1, 2, 3.", field="periods")
    return periods


def specific_consumption(consumption, production, target=None, periods=None):
    """Consumption per unit of production, period by period, against a target.

    >>> table = specific_consumption(Q_([520, 610], "GJ"), Q_([100, 110], "t"),
    ...                              target="5 GJ/t", periods=["Jan", "Feb"])
    >>> list(table.columns)  # doctest: +NORMALIZE_WHITESPACE
    ['Period', 'Production (t)', 'Consumption (GJ)', 'Specific consumption (GJ/t)',
     'Target (GJ/t)', 'Deviation from target (%)']
    >>> table["Deviation from target (%)"].tolist()
    [4.0, 10.91]
    """
    consumption, production = _paired(consumption, production)
    if (production.magnitude <= 0).any():
        raise CPInputError(
            "A period has zero or negative production, so consumption per unit cannot be found.",
            fix="Leave out periods without production, or monitor them by consumption alone.", field="production",
        )
    with np.errstate(over="ignore", invalid="ignore"):
        specific = consumption / production
        rounded = np.round(specific.magnitude, 3)
    if not np.isfinite(rounded).all():
        raise CPInputError("A period's production is too small against its consumption to divide by "
                           f"({production.magnitude.min():g} {_unit_label(production)}).",
                           fix="Check the production figures and their unit.", field="production")
    unit = _unit_label(specific)
    table = pd.DataFrame({
        "Period": _periods(periods, len(production)),
        f"Production ({_unit_label(production)})": production.magnitude,
        f"Consumption ({_unit_label(consumption)})": consumption.magnitude,
        f"Specific consumption ({unit})": specific.magnitude.round(3),
    })
    if target is not None:
        target = read_quantity(target, "The target", f"'5 {unit}'", field="target")
        if not target.is_compatible_with(specific.units) or not target.magnitude > 0:
            raise CPInputError(f"The target {target:~P} is not a positive consumption per unit of production "
                               f"({unit}).", fix=f"Give it like '5 {unit}'.", field="target")
        target = target.to(specific.units)
        table[f"Target ({unit})"] = target.magnitude
        table["Deviation from target (%)"] = (100 * (specific.magnitude / target.magnitude - 1)).round(2)
    return table


@dataclass
class CusumResult:
    """Result of :func:`cusum`: the baseline line, the table and the verdicts."""

    intercept: object
    slope: object
    r_squared: float
    baseline_periods: int
    table: pd.DataFrame

    @property
    def cusum(self):
        """The last column of the table, as a quantity array."""
        column = self.table.columns[-1]
        return Q_(self.table[column].to_numpy(), column[column.index("(") + 1:-1])

    @property
    def total_saving(self):
        """Consumption saved since the baseline: minus the last CUSUM value."""
        return -self.cusum[-1]

    @property
    def savings_start(self):
        """The first period after the baseline from which the CUSUM falls three
        periods running (None if it never does)."""
        steps = np.diff(self.cusum.magnitude)
        periods = self.table["Period"].tolist()
        for i in range(self.baseline_periods - 1, len(steps) - 2):
            if (steps[i:i + 3] < 0).all():
                return periods[i + 1]
        return None

    @property
    def savings_hold(self):
        """True if the CUSUM fell in each of the last three periods."""
        steps = np.diff(self.cusum.magnitude)
        return len(steps) >= 3 and bool((steps[-3:] < 0).all())

    def chart(self):
        """A matplotlib figure of the CUSUM, with the end of the baseline marked."""
        import matplotlib.pyplot as plt

        column = self.table.columns[-1]
        fig, ax = plt.subplots(figsize=(8, 4))
        x = range(len(self.table))
        ax.plot(x, self.table[column], marker="o")
        ax.axhline(0, color="grey", linewidth=0.8)
        ax.axvline(self.baseline_periods - 0.5, color="grey", linestyle="--", label="end of baseline")
        start = self.savings_start
        if start is not None:
            ax.axvline(self.table["Period"].tolist().index(start) - 0.5, color="green",
                       linestyle=":", label=f"savings start ({start})")
        ax.set_xticks(list(x), [str(p) for p in self.table["Period"]], rotation=45)
        ax.set_ylabel(column)
        ax.set_title("CUSUM: cumulative actual minus expected consumption")
        ax.legend()
        fig.tight_layout()
        return fig


def cusum(production, consumption, baseline_periods, periods=None):
    """CUSUM of consumption against a baseline line fitted to production.

    The first ``baseline_periods`` readings (at least
    :data:`MIN_BASELINE_PERIODS`) give the line ``expected = a + b x
    production`` by least squares; then, for every period,
    difference = actual - expected, and the CUSUM is their running total.
    Negative means less was used than the baseline predicts: a saving.

    >>> production = Q_([100, 120, 90, 110, 130, 100, 120, 110], "t")
    >>> steam = Q_([250, 290, 230, 270, 310, 250, 280, 260], "t_steam")
    >>> result = cusum(production, steam, baseline_periods=6)
    >>> print(result.intercept, "+", result.slope, "x production")
    50.0 t_steam + 2.0 t_steam/t x production
    >>> print(result.total_saving)
    20.0 t_steam
    """
    consumption, production = _paired(consumption, production)
    baseline_periods = whole(baseline_periods, "The baseline", "6 (periods)", field="baseline_periods")
    if not MIN_BASELINE_PERIODS <= baseline_periods <= len(production):
        raise CPInputError(
            f"A baseline of {baseline_periods} periods is too short for a regression "
            f"(or longer than the {len(production)} periods given).",
            fix=f"Use at least {MIN_BASELINE_PERIODS} periods before any change as the baseline "
                "(a year of months is better).", field="baseline_periods",
        )
    x = production.magnitude[:baseline_periods]
    y = consumption.magnitude[:baseline_periods]
    if np.ptp(x) == 0:
        raise CPInputError(
            "Production is the same in every baseline period, so no line can be fitted to it.",
            fix="Choose a baseline in which production varies, or compare consumption per period directly.",
            field="production",
        )
    slope, intercept = np.polyfit(x, y, 1)
    fitted = intercept + slope * x
    spread = ((y - y.mean()) ** 2).sum()
    r_squared = 1.0 if spread == 0 else float(1 - ((y - fitted) ** 2).sum() / spread)
    expected = intercept + slope * production.magnitude
    difference = consumption.magnitude - expected
    unit = _unit_label(consumption)
    table = pd.DataFrame({
        "Period": _periods(periods, len(production)),
        f"Production ({_unit_label(production)})": production.magnitude,
        f"Actual ({unit})": consumption.magnitude,
        f"Expected ({unit})": expected,
        f"Difference ({unit})": difference,
        f"CUSUM ({unit})": np.cumsum(difference),
    })
    return CusumResult(
        intercept=Q_(round(float(intercept), 9), consumption.units),
        slope=Q_(round(float(slope), 9), consumption.units / production.units),
        r_squared=round(r_squared, 4),
        baseline_periods=baseline_periods,
        table=table,
    )


def action_plan(actions):
    """The action plan: who does what by when, and how far it has got.

    ``actions``: a list of dicts with measure, owner, date and status; the
    status must be one of :data:`STATUSES`.

    >>> action_plan([
    ...     {"measure": "Repair steam leaks", "owner": "Maintenance", "date": "2024-03-31", "status": "done"},
    ...     {"measure": "Insulate condensate tank", "owner": "Utilities", "date": "2024-06-30", "status": "In progress"},
    ... ])
                        Measure        Owner   Due date       Status
    0        Repair steam leaks  Maintenance 2024-03-31         done
    1  Insulate condensate tank    Utilities 2024-06-30  in progress
    """
    rows = []
    for number, action in enumerate(sequence(actions, "The actions", "[{'measure': ..., 'owner': ..., "
                                             "'date': '2024-06-30', 'status': 'planned'}]", field="actions"),
                                    start=1):
        mapping(action, f"Action {number}", "{'measure': ..., 'owner': ..., 'date': '2024-06-30', "
                "'status': 'planned'}", field="actions")
        missing = [key for key in ("measure", "owner", "date", "status")
                   if action.get(key) is None or (isinstance(action.get(key), str) and not action[key].strip())]
        if missing:
            raise CPInputError(
                f"Action {number} has no {', '.join(missing)}.",
                fix="Give every action a measure, an owner, a date and a status.", field="actions",
            )
        for key in ("measure", "owner", "status"):
            text(action[key], f"Action {number}: the {key}", "'Repair steam leaks'", field="actions")
        status = str(action["status"]).strip().lower()
        if status not in STATUSES:
            hint = did_you_mean(status, STATUSES)
            hint = f"{hint} " if hint else ""
            raise CPInputError(
                f"Action {number} ('{action['measure']}') has an unknown status '{action['status']}'.",
                fix=f"{hint}Use one of: {', '.join(STATUSES)}.", field="actions",
            )
        try:
            if not isinstance(action["date"], (str, pd.Timestamp)) and not hasattr(action["date"], "isoformat"):
                raise TypeError
            due = pd.Timestamp(action["date"])
            if pd.isna(due):
                raise ValueError
        except (ValueError, TypeError, OverflowError):
            raise CPInputError(
                f"Action {number} ('{action['measure']}') has a date that cannot be read: {action['date']!r}.",
                fix="Write dates as YYYY-MM-DD, e.g. 2024-06-30.", field="actions",
            ) from None
        rows.append({"Measure": action["measure"], "Owner": action["owner"],
                     "Due date": due.date(), "Status": status})
    return pd.DataFrame(rows, columns=["Measure", "Owner", "Due date", "Status"])
