"""Sankey diagram of a plant: the width of each arrow is the size of the flow.

Losses (waste, wastewater, emissions) are drawn in warm colours, products
and by-products in green, inputs in blues, so that the eye goes to what
the CP assessment wants to reduce.

>>> from cpkit.cases import running_case
>>> from cpkit.balance import solve
>>> figure = sankey(solve(running_case()))
>>> figure.data[0].type
'sankey'
"""

from __future__ import annotations

from cpkit.errors import CPInputError
from cpkit.flowsheet import OUTSIDE, is_material

KIND_COLOURS = {
    "raw material": "rgba(31, 119, 180, 0.55)",
    "auxiliary": "rgba(148, 103, 189, 0.55)",
    "water": "rgba(23, 190, 207, 0.55)",
    "energy": "rgba(255, 187, 120, 0.6)",
    "internal": "rgba(127, 127, 127, 0.35)",
    "product": "rgba(44, 160, 44, 0.7)",
    "by-product": "rgba(152, 223, 138, 0.8)",
    "waste": "rgba(140, 86, 75, 0.7)",
    "wastewater": "rgba(214, 39, 40, 0.6)",
    "emission": "rgba(255, 127, 14, 0.6)",
}
"""Colour of the arrows by kind of stream: losses stand apart from products."""


def _number(x):
    """A flow as a trainee reads it: 38,887 / 300.2 / 0.15."""
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    if abs(x) >= 1:
        return f"{x:.1f}".removesuffix(".0")
    return f"{x:.3g}"


def sankey(plant, component=None, unit=None, title=None):
    """A plotly Sankey figure of the material flows (or of one component).

    Each arrow's label and hover text give the stream, its quantity with
    the unit, and its kind. Streams still unknown cannot be drawn: they are
    named in the title (solve the plant first).

    >>> from cpkit.flowsheet import Plant
    >>> plant = Plant("Rinsing", period="d")
    >>> plant.add_step("Rinsing")
    >>> plant.add_stream("Water", "outside", "Rinsing", "30 t/d", kind="water")
    >>> plant.add_stream("Wastewater", "Rinsing", "outside", "28 t/d", kind="wastewater")
    >>> plant.add_stream("Evaporation", "Rinsing", "outside", "2 t/d", kind="emission")
    >>> figure = sankey(plant)
    >>> list(figure.data[0].link.label)
    ['Water: 30 t/d', 'Wastewater: 28 t/d', 'Evaporation: 2 t/d']
    """
    import plotly.graph_objects as go

    from cpkit.balance import _flow, _label, _unit

    unit = _unit(plant, unit)
    label = _label(unit)
    nodes = [step.name for step in plant.steps]
    index = {name: i for i, name in enumerate(nodes)}
    node_colours = ["rgba(90, 90, 90, 0.9)"] * len(nodes)
    sources, targets, values, labels, colours, hovers = [], [], [], [], [], []
    missing = []
    for s in plant.streams:
        if not is_material(s, plant.period):
            continue
        value = _flow(s, component, unit, f"stream '{s.name}'")
        if value is None:
            missing.append(s.name)
            continue
        if value.magnitude <= 0:
            continue
        ends = []
        for end in (s.source, s.destination):
            if end == OUTSIDE:
                nodes.append(s.name)  # a boundary node per stream, named after it
                node_colours.append(KIND_COLOURS.get(s.kind, "grey"))
                ends.append(len(nodes) - 1)
            else:
                ends.append(index[end])
        sources.append(ends[0])
        targets.append(ends[1])
        values.append(float(value.magnitude))
        text = f"{s.name}: {_number(value.magnitude)} {label}"
        labels.append(text)
        hovers.append(f"{text}<br>kind: {s.kind}, {s.status}")
        colours.append(KIND_COLOURS.get(s.kind, "rgba(127,127,127,0.4)"))
    what = f"{component} " if component else ""
    if title is not None and not isinstance(title, str):
        raise CPInputError(f"The Sankey diagram's title {title!r} is not a text.", fix="Give it like 'Water flows'.",
                           field="title")
    heading = title or f"{plant.name}: {what}flows ({label})"
    if missing:
        heading += f"<br><sup>Not drawn, unknown: {', '.join(missing)} (solve the balance first)</sup>"
    figure = go.Figure(go.Sankey(
        arrangement="snap",
        node=dict(label=nodes, color=node_colours, pad=14, thickness=14),
        link=dict(source=sources, target=targets, value=values, label=labels, color=colours,
                  customdata=hovers, hovertemplate="%{customdata}<extra></extra>"),
        valueformat=",.4g", valuesuffix=f" {label}",
    ))
    figure.update_layout(title=heading, font=dict(size=11))
    return figure
