"""Material balances: per step and for the whole plant, by total mass and by component.

For each step, what goes in must come out or stay in the step:

    closure = inputs - outputs - accumulation

A balance that closes has a closure near zero; a step whose closure is
larger than the tolerance is flagged, and its gap is reported.

>>> from cpkit.flowsheet import Plant
>>> from cpkit.balance import balance, solve
>>> plant = Plant("Scouring machine", period="batch")
>>> plant.add_step("Scouring")
>>> plant.add_stream("Greige fabric", "outside", "Scouring", "500 kg", kind="raw material")
>>> plant.add_stream("Fresh water", "outside", "Scouring", "5000 kg", kind="water")
>>> plant.add_stream("Chemicals", "outside", "Scouring", "60 kg", kind="auxiliary")
>>> plant.add_stream("Scoured fabric", "Scouring", "outside", "1150 kg", kind="product")
>>> plant.add_stream("Evaporation", "Scouring", "outside", "40 kg", kind="emission", status="estimated")
>>> plant.add_stream("Wastewater", "Scouring", "outside", kind="wastewater")
>>> solved = solve(plant)
>>> solved.stream("Wastewater").quantity
<Quantity(4370.0, 'kilogram')>
>>> balance(solved)[["Step", "In (kg)", "Out (kg)", "Closure (kg)", "Closes"]]
           Step  In (kg)  Out (kg)  Closure (kg)  Closes
0      Scouring   5560.0    5560.0           0.0    True
1   Whole plant   5560.0    5560.0           0.0    True
"""

from __future__ import annotations

import numpy as np

from cpkit.errors import CPInputError
from cpkit.flowsheet import OUTSIDE, is_material, mass_flow, mass_unit
from cpkit.units import Q_, number, ureg
from cpkit.units import quantity as read_quantity
from cpkit.units import unit as read_unit

WHOLE_PLANT = "Whole plant"


def _unit(plant, unit):
    if unit is None:
        return mass_unit(plant)
    unit = read_unit(unit, "The balance unit", "'t/month'", field="unit")
    expected = "[mass]" if plant.period == "batch" else "[mass] / [time]"
    if not (1 * unit).check(expected):
        raise CPInputError(
            f"The balance unit {unit:~P} is not a mass{' per time' if plant.period != 'batch' else ''}.",
            fix=f"Use a unit like 't/{plant.period}'." if plant.period != "batch" else "Use a unit like 'kg'.",
            field="unit",
        )
    return unit


def _label(unit):
    return f"{unit:~P}"


def _relative_tolerance(tolerance):
    """Tolerance as a fraction (from '1 %', 0.01 or Q_(1, '%'))."""
    if isinstance(tolerance, (str, ureg.Quantity)):
        tolerance = read_quantity(tolerance, "The tolerance", "1 %", field="tolerance")
        if not tolerance.check("[]"):
            raise CPInputError(f"The tolerance {tolerance:~P} is not a percentage.",
                               fix="Give it like '1 %'.", field="tolerance")
        tolerance = tolerance.to("").magnitude
    tolerance = number(tolerance, "The tolerance", "'1 %' or 0.01", field="tolerance")
    if tolerance < 0:
        raise CPInputError(f"The tolerance {tolerance} is negative.", fix="Give it like '1 %'.", field="tolerance")
    return tolerance


def component_flow(stream, component, unit, context=""):
    """The flow of one component in a stream, in ``unit`` (None if it cannot be known).

    A fraction is applied to the stream's mass; an amount is used as it is.
    A stream whose composition lists other components but not this one
    carries none of it; a stream with no composition at all is unknown
    (None) for every component.

    >>> from cpkit.flowsheet import Plant
    >>> plant = Plant("Mill")
    >>> plant.add_step("Dyeing")
    >>> plant.add_stream("Grey fabric", "outside", "Dyeing", "318 t/month", kind="raw material",
    ...                  composition={"fibre": 0.94, "water": "6 %"})
    >>> component_flow(plant.stream("Grey fabric"), "water", "t/month").round(2)
    <Quantity(19.08, 'metric_ton / month')>
    """
    if not stream.composition:
        return None
    value = stream.composition.get(component)
    if value is None:
        return Q_(0.0, unit)
    if isinstance(value, float):
        total = mass_flow(stream, unit, context)
        return None if total is None else total * value
    fake = stream.replace(quantity=value)
    return mass_flow(fake, unit, context)


def _flow(stream, component, unit, context):
    if component is None:
        return mass_flow(stream, unit, context)
    return component_flow(stream, component, unit, context)


def flows(plant, component=None, unit=None):
    """The material streams on one mass basis: a table with the unit in the header.

    >>> from cpkit.flowsheet import Plant
    >>> plant = Plant("Mill", period="d")
    >>> plant.add_step("Rinsing")
    >>> plant.add_stream("Water", "outside", "Rinsing", "30 m**3/d", kind="water", density="1 t/m**3")
    >>> plant.add_stream("Wastewater", "Rinsing", "outside", kind="wastewater")
    >>> flows(plant, unit="t/d")[["Stream", "Status", "Flow (t/d)"]]
           Stream    Status  Flow (t/d)
    0       Water  measured        30.0
    1  Wastewater   unknown         NaN
    """
    import pandas as pd

    unit = _unit(plant, unit)
    rows = []
    for s in plant.streams:
        if not is_material(s, plant.period):
            continue
        value = _flow(s, component, unit, f"stream '{s.name}'")
        rows.append({
            "Stream": s.name, "From": s.source, "To": s.destination, "Kind": s.kind, "Status": s.status,
            f"Flow ({_label(unit)})": np.nan if value is None else float(value.magnitude),
        })
    columns = ["Stream", "From", "To", "Kind", "Status", f"Flow ({_label(unit)})"]
    return pd.DataFrame(rows, columns=columns)


def balance(plant, component=None, tolerance="1 %", unit=None):
    """Balance of each step and of the whole plant, as a table.

    Columns: ``Step``, ``In (<unit>)``, ``Out (<unit>)``, ``Accumulation
    (<unit>)``, ``Closure (<unit>)`` (in - out - accumulation), ``Closure
    (%)`` (of the inputs), ``Closes`` (True if the closure is within
    ``tolerance``; empty while a stream is unknown) and ``Unknown
    streams``. The last row is the whole plant: what enters from outside
    against what leaves to outside.

    ``component`` balances one component (e.g. "water") instead of the
    total mass. Streams measured in volume need a density.

    >>> from cpkit.flowsheet import Plant
    >>> plant = Plant("Mill", period="month")
    >>> plant.add_step("Rinsing")
    >>> plant.add_stream("Fabric in", "outside", "Rinsing", "100 t/month", kind="raw material")
    >>> plant.add_stream("Water", "outside", "Rinsing", "2000 m**3/month", kind="water", density="1 t/m**3")
    >>> plant.add_stream("Fabric out", "Rinsing", "outside", "100 t/month", kind="product")
    >>> plant.add_stream("Drain", "Rinsing", "outside", "1900 m**3/month", kind="wastewater", density="1 t/m**3")
    >>> table = balance(plant)
    >>> table[["Step", "In (t/month)", "Closure (t/month)", "Closure (%)", "Closes"]].round(2)
              Step  In (t/month)  Closure (t/month)  Closure (%)  Closes
    0      Rinsing        2100.0              100.0         4.76   False
    1  Whole plant        2100.0              100.0         4.76   False
    """
    import pandas as pd

    unit = _unit(plant, unit)
    tol = _relative_tolerance(tolerance)
    u = _label(unit)
    rows = []

    def row(name, streams_in, streams_out, accumulation, context):
        total_in = total_out = 0.0
        unknown = []
        for sign, streams in ((1, streams_in), (-1, streams_out)):
            for s in streams:
                value = _flow(s, component, unit, context)
                if value is None:
                    unknown.append(s.name)
                elif sign > 0:
                    total_in += value.magnitude
                else:
                    total_out += value.magnitude
        closure = total_in - total_out - accumulation
        percent = 100.0 * closure / total_in if total_in else (0.0 if closure == 0 else np.nan)
        closes = pd.NA if unknown else bool(abs(closure) <= tol * max(total_in, total_out, 1e-300))
        rows.append({
            "Step": name, f"In ({u})": total_in, f"Out ({u})": total_out, f"Accumulation ({u})": accumulation,
            f"Closure ({u})": closure, "Closure (%)": percent, "Closes": closes,
            "Unknown streams": ", ".join(unknown),
        })

    material = [s for s in plant.streams if is_material(s, plant.period)]
    total_accumulation = 0.0
    for step in plant.steps:
        accumulation = 0.0
        if step.accumulation is not None and component is None:
            accumulation = mass_flow(_as_stream(step), unit, f"step '{step.name}'").magnitude
        total_accumulation += accumulation
        row(step.name,
            [s for s in material if s.destination == step.name],
            [s for s in material if s.source == step.name],
            accumulation, f"step '{step.name}'")
    row(WHOLE_PLANT,
        [s for s in material if s.source == OUTSIDE],
        [s for s in material if s.destination == OUTSIDE],
        total_accumulation, "the whole plant")
    table = pd.DataFrame(rows)
    table["Closes"] = table["Closes"].astype("boolean")
    return table


def _as_stream(step):
    """The accumulation of a step, wrapped as a stream so that mass_flow can convert it."""
    from cpkit.flowsheet import Stream

    return Stream(name=f"accumulation of {step.name}", source=step.name, destination=OUTSIDE,
                  quantity=step.accumulation)


def gaps(plant, component=None, tolerance="1 %", unit=None):
    """Only the steps whose balance does not close, largest gap first, then the whole plant.

    >>> from cpkit.cases import running_case
    >>> list(gaps(solve(running_case()))["Step"])
    ['Rinsing and soaping', 'Whole plant']
    """
    import pandas as pd

    table = balance(plant, component=component, tolerance=tolerance, unit=unit)
    closure = [c for c in table.columns if c.startswith("Closure (") and c != "Closure (%)"][0]
    bad = table[table["Closes"].fillna(True) == False]  # noqa: E712 (nullable boolean)
    steps = bad[bad["Step"] != WHOLE_PLANT]
    steps = steps.reindex(steps[closure].abs().sort_values(ascending=False).index)
    return pd.concat([steps, bad[bad["Step"] == WHOLE_PLANT]]).reset_index(drop=True)


# --------------------------------------------------------------------------- linear algebra


def incidence(plant, streams):
    """The incidence matrix of ``streams`` over the steps: +1 for a stream into a step, -1 out of it.

    Returns a numpy array with one row per step (in ``plant.steps`` order)
    and one column per stream.
    """
    index = {step.name: i for i, step in enumerate(plant.steps)}
    matrix = np.zeros((len(index), len(streams)))
    for j, s in enumerate(streams):
        if s.destination != OUTSIDE:
            matrix[index[s.destination], j] += 1.0
        if s.source != OUTSIDE:
            matrix[index[s.source], j] -= 1.0
    return matrix


def incidence_matrix(plant):
    """The incidence matrix of the material streams as a table (steps x streams).

    >>> from cpkit.flowsheet import Plant
    >>> plant = Plant("Mill")
    >>> for step in ("Dyeing", "Rinsing"):
    ...     plant.add_step(step)
    >>> plant.add_stream("Fabric", "outside", "Dyeing", "10 t/month", kind="raw material")
    >>> plant.add_stream("Dyed fabric", "Dyeing", "Rinsing", "10 t/month")
    >>> plant.add_stream("Rinsed fabric", "Rinsing", "outside", "10 t/month", kind="product")
    >>> incidence_matrix(plant)
             Fabric  Dyed fabric  Rinsed fabric
    Dyeing      1.0         -1.0            0.0
    Rinsing     0.0          1.0           -1.0
    """
    import pandas as pd

    streams = [s for s in plant.streams if is_material(s, plant.period)]
    return pd.DataFrame(incidence(plant, streams), index=[s.name for s in plant.steps],
                        columns=[s.name for s in streams])


def accumulations(plant, unit):
    """The accumulation of each step, in ``unit``, as a numpy array (steps order)."""
    return np.array([
        0.0 if step.accumulation is None
        else mass_flow(_as_stream(step), unit, f"step '{step.name}'").magnitude
        for step in plant.steps
    ])


def _names(names):
    names = [f"'{n}'" for n in names]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def solve(plant, tolerance="1 %", unit=None):
    """Compute the unknown streams from the step balances; returns a new plant.

    Each step gives one equation (in - out - accumulation = 0) on total
    mass. The unknown streams are found by linear algebra on the
    incidence matrix. Solved streams get status "estimated"; a solved
    stream with a density is given back as a volume. Steps without
    unknown streams are not changed (see :func:`gaps` and
    :func:`cpkit.reconcile.reconcile` for those).

    Raises a clear error if the balances cannot determine some unknown
    streams (under-determined), or if the balances around the unknown
    streams contradict each other by more than ``tolerance``.

    >>> from cpkit.flowsheet import Plant
    >>> plant = Plant("Mill", period="d")
    >>> plant.add_step("Rinsing")
    >>> plant.add_stream("Water", "outside", "Rinsing", "30 t/d", kind="water")
    >>> plant.add_stream("Drain A", "Rinsing", "outside", kind="wastewater")
    >>> plant.add_stream("Drain B", "Rinsing", "outside", kind="wastewater")
    >>> solve(plant)
    Traceback (most recent call last):
    ...
    cpkit.errors.CPInputError: The balances do not determine the streams 'Drain A' and 'Drain B': 2 unknown streams, 1 independent balance equation for them.
    How to fix: Measure or estimate 1 more of these streams (or split a step so that a balance isolates it).
    """
    unit = _unit(plant, unit)
    tol = _relative_tolerance(tolerance)
    material = [s for s in plant.streams if is_material(s, plant.period)]
    unknown = [s for s in material if s.quantity is None]
    if not unknown:
        return plant.copy()
    known = [s for s in material if s.quantity is not None]
    x_known = np.array([mass_flow(s, unit, f"stream '{s.name}'").magnitude for s in known])
    a_known = incidence(plant, known)
    a_unknown = incidence(plant, unknown)
    rhs = accumulations(plant, unit) - a_known @ x_known
    scale = np.abs(a_known) @ x_known / 2.0  # throughput of each step (in + out)/2, known part
    rows = np.flatnonzero(np.any(a_unknown != 0, axis=1))
    a_u, b_u = a_unknown[rows], rhs[rows]

    # Under-determined: the unknowns that move in the null space of the equations.
    u_, sing, vt = np.linalg.svd(a_u, full_matrices=True)
    rank = int(np.sum(sing > 1e-9 * max(1.0, sing.max(initial=0.0))))
    null = vt[rank:].T  # columns span the null space
    free = [unknown[j].name for j in range(len(unknown)) if null.size and np.abs(null[j]).max() > 1e-9]
    if free:
        lacking = len(unknown) - rank
        raise CPInputError(
            f"The balances do not determine the streams {_names(free)}: "
            f"{len(free)} unknown stream{'s' if len(free) > 1 else ''}, "
            f"{len(free) - lacking} independent balance equation{'s' if len(free) - lacking != 1 else ''} for them.",
            fix=f"Measure or estimate {lacking} more of these streams (or split a step so that a balance isolates it).",
        )
    x_unknown, *_ = np.linalg.lstsq(a_u, b_u, rcond=None)
    residual = a_u @ x_unknown - b_u
    step_scale = np.maximum(scale[rows] + np.abs(a_u) @ np.abs(x_unknown) / 2.0, 1e-300)
    bad = np.flatnonzero(np.abs(residual) > tol * step_scale)
    if bad.size:
        steps = [plant.steps[rows[i]].name for i in bad]
        gaps_text = ", ".join(f"'{plant.steps[rows[i]].name}' {-residual[i]:+.4g} {_label(unit)}" for i in bad)
        involved = sorted({unknown[j].name for i in bad for j in np.flatnonzero(a_u[i])})
        raise CPInputError(
            f"The balances of steps {_names(steps)} contradict each other (over-determined): "
            f"no value of {_names(involved)} closes them all (gaps left: {gaps_text}).",
            fix="Check the measured streams around these steps, mark a doubtful one as unknown, "
                "or reconcile the measurements with cpkit.reconcile.reconcile().",
        )
    solved = plant.copy()
    for s, value in zip(unknown, x_unknown):
        if value < -tol * max(step_scale.max(), 1e-300):
            raise CPInputError(
                f"Solving the balance gives a negative flow for stream '{s.name}' ({value:.4g} {_label(unit)}).",
                fix=f"The measured streams around '{s.source if s.source != OUTSIDE else s.destination}' "
                    "do not fit together: check them, or the direction of the stream.",
            )
        quantity = Q_(max(float(value), 0.0), unit)
        if s.density is not None:
            volume_unit = "m**3" if plant.period == "batch" else f"m**3/{plant.period}"
            quantity = (quantity / s.density).to(volume_unit)
        solved.set_quantity(s.name, quantity, status="estimated")
    return solved
