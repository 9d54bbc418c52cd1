"""Process flow diagrams: a plant's steps as boxes, its streams as labelled arrows.

The flow sheet is the first drawing of a CP assessment (module 2, *List
process steps, flow sheet*). :func:`flow_diagram` draws it from a
:class:`~cpkit.flowsheet.Plant`:

- each **process step** is a box; steps are placed in rows from the first
  step of the process (top) to the last (bottom), following the streams
  between them;
- each **stream between two steps** is an arrow from one box to the other,
  labelled with its name and quantity; a stream that runs back up the
  process (condensate returned to the boiler) is drawn as a curved arrow;
- **inputs** enter at the left edge of their step, **outputs** leave at the
  right edge, so that what the plant buys and what it loses can be read down
  the two sides of the page.

The drawing is a matplotlib figure: it shows in JupyterLab and Voila, is
embedded in HTML exports as SVG, and prints or saves as PDF, SVG or PNG
(:meth:`FlowDiagram.save`). No network and no program outside Python are
needed.

>>> from cpkit.flowsheet import Plant
>>> plant = Plant("Scouring machine", period="batch")
>>> plant.add_step("Scouring")
>>> plant.add_step("Rinsing")
>>> plant.add_stream("Greige fabric", "outside", "Scouring", "500 kg", kind="raw material")
>>> plant.add_stream("Scoured fabric", "Scouring", "Rinsing", "1150 kg")
>>> plant.add_stream("Rinsed fabric", "Rinsing", "outside", "1100 kg", kind="product")
>>> plant.add_stream("Wastewater", "Scouring", "outside", kind="wastewater")
>>> diagram = flow_diagram(plant)
>>> diagram.nodes
['Scouring', 'Rinsing']
>>> diagram.edges
[('Scoured fabric', 'Scouring', 'Rinsing')]
>>> diagram.inputs, diagram.outputs
([('Greige fabric', 'Scouring')], [('Rinsed fabric', 'Rinsing'), ('Wastewater', 'Scouring')])
>>> diagram.labels["Wastewater"]
'Wastewater\\n(unknown)'
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass, field

from cpkit import checks
from cpkit.errors import CPInputError, did_you_mean
from cpkit.flowsheet import KINDS, LOSS_KINDS, OUTSIDE, Plant
from cpkit.units import number

def _suggest(name, names):
    hint = did_you_mean(name, names)
    return f" {hint}" if hint else ""


__all__ = ["FlowDiagram", "flow_diagram", "rows", "utilities"]

LABELS = ("both", "name", "quantity", "none")
"""What an arrow's label shows: name and quantity, one of them, or nothing."""

_BOX_WIDTH = 3.0
_BOX_HEIGHT = 1.0
_COLUMN_PITCH = 14.0   # room for an input label, the box and an output label
_ROW_PITCH = 3.2
_LABEL_PITCH = 0.62   # vertical room for one two-line label
_SIDE_ARROW = 2.6      # length of the arrows of inputs and outputs
_LOSS_COLOUR = "#b2182b"
_PRODUCT_COLOUR = "#1a7837"
_INPUT_COLOUR = "#2166ac"
_INTERNAL_COLOUR = "#404040"


@dataclass
class FlowDiagram:
    """A drawn flow diagram and what it shows.

    ``nodes``: the steps, in the plant's order; ``positions``: each step's
    (column, row), row 0 at the top; ``edges``: (stream, from step, to step)
    for streams between steps; ``inputs``: (stream, step) for streams from
    outside; ``outputs``: (stream, step) for streams to outside; ``labels``:
    the text written at each stream's arrow; ``figure``: the matplotlib
    figure.
    """

    plant_name: str
    nodes: list
    positions: dict
    edges: list
    inputs: list
    outputs: list
    labels: dict
    figure: object = field(repr=False)

    def __repr__(self):
        return (f"<FlowDiagram of {self.plant_name!r}: {len(self.nodes)} steps, {len(self.edges)} streams between "
                f"steps, {len(self.inputs)} inputs, {len(self.outputs)} outputs>")

    def save(self, path, **options):
        """Save the drawing: the file's ending chooses the format (.pdf, .svg, .png)."""
        options.setdefault("bbox_inches", "tight")
        self.figure.savefig(path, **options)

    def _repr_svg_(self):
        buffer = io.StringIO()
        self.figure.savefig(buffer, format="svg", bbox_inches="tight")
        return buffer.getvalue()

    def _repr_png_(self):
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
        return buffer.getvalue()


def _quantity_text(stream):
    if stream.quantity is None:
        return f"({stream.status})"
    q = stream.quantity
    magnitude = q.magnitude
    text = f"{magnitude:,.0f}" if abs(magnitude) >= 100 else f"{magnitude:,.3g}"
    return f"{text} {q.units:~P}"


def _label(stream, labels):
    if labels == "none":
        return ""
    if labels == "name":
        return stream.name
    if labels == "quantity":
        return _quantity_text(stream)
    return f"{stream.name}\n{_quantity_text(stream)}"


def utilities(plant):
    """Steps that serve many others (a boiler house, a compressor room): those sending streams to four or more steps.

    >>> from cpkit.cases import running_case
    >>> utilities(running_case())
    ['Boiler house']
    """
    destinations = {s.name: set() for s in plant.steps}
    for s in plant.streams:
        if OUTSIDE not in (s.source, s.destination):
            destinations[s.source].add(s.destination)
    return [name for name, ds in destinations.items() if len(ds) >= 4]


def rows(plant, utility_steps=None):
    """Each step's row in the diagram: 0 for steps nothing flows into, then one more per step passed.

    Utility steps (by default those of :func:`utilities`) stand in the top
    row: what flows back into them (condensate returned to the boiler) is a
    return, drawn as a dashed arrow up the page. Any other loop is broken
    where a stream runs back to a step already passed, taking the steps in
    the plant's order.

    >>> from cpkit.cases import running_case
    >>> placed = rows(running_case())
    >>> placed["Fabric receipt"], placed["Boiler house"], placed["Dyeing"], placed["Wastewater treatment"]
    (0, 0, 2, 6)
    """
    names = [s.name for s in plant.steps]
    utility_steps = set(utilities(plant) if utility_steps is None else utility_steps)
    for name in utility_steps:
        plant.step(name)  # a misspelt step name gets its "Did you mean"
    successors = {n: [] for n in names}
    for s in plant.streams:
        if OUTSIDE not in (s.source, s.destination):
            if s.destination in utility_steps and s.source not in utility_steps:
                continue  # a return to a utility
            successors[s.source].append(s.destination)
    has_predecessor = {d for n in names for d in successors[n]}
    back = set()
    state = {}

    def visit(node):
        state[node] = "open"
        for nxt in successors[node]:
            if state.get(nxt) == "open":
                back.add((node, nxt))
            elif nxt not in state:
                visit(nxt)
        state[node] = "done"

    for start in [n for n in names if n not in has_predecessor] + names:
        if start not in state:
            visit(start)
    forward = {n: [d for d in successors[n] if (n, d) not in back] for n in names}
    indegree = {n: 0 for n in names}
    for n in names:
        for d in forward[n]:
            indegree[d] += 1
    row = {n: 0 for n in names}
    ready = [n for n in names if indegree[n] == 0]
    while ready:
        node = ready.pop(0)
        for d in forward[node]:
            row[d] = max(row[d], row[node] + 1)
            indegree[d] -= 1
            if indegree[d] == 0:
                ready.append(d)
    return row


def _positions(plant, utility_steps):
    placed = rows(plant, utility_steps)
    positions = {}
    used = {}
    for step in plant.steps:
        r = placed[step.name]
        positions[step.name] = (used.get(r, 0), r)
        used[r] = used.get(r, 0) + 1
    return positions


def flow_diagram(plant, labels="both", kinds=None, title=None, width=None, utility_steps=None):
    """Draw the process flow diagram of ``plant``; returns a :class:`FlowDiagram`.

    - ``labels``: what each arrow says: "both" (name and quantity, the
      default), "name", "quantity" or "none".
    - ``kinds``: the kinds of stream to draw (e.g. leave out "energy" for a
      material flow sheet); all kinds by default.
    - ``title``: the title above the drawing (default: the plant's name).
    - ``width``: the figure's width in inches (default: from the number of
      steps side by side).
    - ``utility_steps``: steps drawn in the top row, whose returns run up
      the page (default: :func:`utilities`, e.g. the boiler house).

    >>> from cpkit.cases import running_case
    >>> d = flow_diagram(running_case(), kinds=["raw material", "water", "auxiliary", "product",
    ...                                         "waste", "wastewater", "emission", "internal"])
    >>> ("Steam to dyeing", "Boiler house", "Dyeing") in d.edges
    True
    >>> [name for name, step in d.inputs if step == "Dyeing"]
    ['Water to dyeing', 'Dyes', 'Dyeing chemicals']
    >>> flow_diagram(running_case(), labels="short")
    Traceback (most recent call last):
    ...
    cpkit.errors.CPInputError: flow_diagram: labels='short' is not one of 'both', 'name', 'quantity', 'none'.
    How to fix: Choose labels='both' (name and quantity), 'name', 'quantity' or 'none'.
    """
    if not isinstance(plant, Plant):
        raise CPInputError(
            f"flow_diagram needs a Plant, not {type(plant).__name__}.",
            fix="Load or build a plant first, e.g. cpkit.cases.running_case() or Plant.from_csv(...).",
        )
    if labels not in LABELS:
        raise CPInputError(
            f"flow_diagram: labels={labels!r} is not one of {', '.join(repr(x) for x in LABELS)}.",
            fix="Choose labels='both' (name and quantity), 'name', 'quantity' or 'none'.",
        )
    if kinds is not None:
        kinds = [kinds] if isinstance(kinds, str) else checks.sequence(kinds, "flow_diagram: kinds", "['water', 'product']",
                                                                field="kinds")
        kinds = [checks.text(k, "flow_diagram: a kind", "'water'", field="kinds").strip().lower() for k in kinds]
        for k in kinds:
            if k not in KINDS:
                raise CPInputError(
                    f"flow_diagram: {k!r} is not a kind of stream.{_suggest(k, KINDS)}",
                    fix=f"Use kinds from: {', '.join(KINDS)}.", field="kinds",
                )
    if title is not None:
        checks.text(title, "flow_diagram: the title", "'Song Da Dyeing & Finishing'", field="title", blank_ok=True)
    if width is not None:
        width = number(width, "flow_diagram: the width", "12 (inches)", field="width", low=2, high=100)
    if utility_steps is not None:
        utility_steps = [utility_steps] if isinstance(utility_steps, str) else \
            checks.sequence(utility_steps, "flow_diagram: the utility steps", "['Boiler house']", field="utility_steps")
        for step in utility_steps:
            checks.text(step, "flow_diagram: a utility step", "'Boiler house'", field="utility_steps")
    if not plant.steps:
        raise CPInputError(f"Plant '{plant.name}' has no steps to draw.",
                           fix="Add its process steps first with plant.add_step(...).")
    streams = [s for s in plant.streams if kinds is None or s.kind in kinds]
    positions = _positions(plant, utility_steps)
    edges = [(s.name, s.source, s.destination) for s in streams if OUTSIDE not in (s.source, s.destination)]
    inputs = [(s.name, s.destination) for s in streams if s.source == OUTSIDE]
    outputs = [(s.name, s.source) for s in streams if s.destination == OUTSIDE]
    text = {s.name: _label(s, labels) for s in streams}
    figure = _draw(plant, streams, positions, text, title if title is not None else plant.name, width)
    return FlowDiagram(plant.name, [s.name for s in plant.steps], positions, edges, inputs, outputs, text, figure)


def _colour(stream):
    if stream.kind in LOSS_KINDS:
        return _LOSS_COLOUR
    if stream.kind in ("product", "by-product"):
        return _PRODUCT_COLOUR
    if stream.source == OUTSIDE:
        return _INPUT_COLOUR
    return _INTERNAL_COLOUR


def _draw(plant, streams, positions, text, title, width):
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    columns = max(c for c, _ in positions.values()) + 1
    n_rows = max(r for _, r in positions.values()) + 1
    side_streams = {}
    for s in streams:
        if s.source == OUTSIDE:
            side_streams.setdefault((s.destination, "in"), []).append(s)
        elif s.destination == OUTSIDE:
            side_streams.setdefault((s.source, "out"), []).append(s)
    most_at_one_side = max([len(v) for v in side_streams.values()] + [1])
    row_pitch = max(_ROW_PITCH, _LABEL_PITCH * most_at_one_side + 1.4)
    centre = {name: (c * _COLUMN_PITCH, -r * row_pitch) for name, (c, r) in positions.items()}
    fig_width = width or max(7.5, 4.6 * columns + 2.0)
    fig_height = max(3.0, 0.42 * row_pitch * n_rows + 1.0)
    figure = Figure(figsize=(fig_width, fig_height))
    ax = figure.add_subplot(1, 1, 1)
    ax.set_axis_off()
    ax.set_title(title, fontsize=12, fontweight="bold")

    for name, (x, y) in centre.items():
        ax.add_patch(FancyBboxPatch((x - _BOX_WIDTH / 2, y - _BOX_HEIGHT / 2), _BOX_WIDTH, _BOX_HEIGHT,
                                    boxstyle="round,pad=0.05", facecolor="#f2f2f2", edgecolor="black",
                                    linewidth=1.2, zorder=3))
        ax.text(x, y, textwrap.fill(name, 16), ha="center", va="center", fontsize=8, fontweight="bold",
                linespacing=0.95, zorder=4)

    # Inputs at the left edge, outputs at the right edge of their step.
    for (step, side), group in side_streams.items():
        x, y = centre[step]
        n = len(group)
        spread = min(_BOX_HEIGHT * 0.8, 0.28 * (n - 1)) if n > 1 else 0.0
        extra = max(0.0, _LABEL_PITCH * (n - 1) - spread)
        for i, s in enumerate(group):
            offset = (spread / 2 - i * spread / (n - 1)) if n > 1 else 0.0
            end_y = y + offset
            label_y = y + (spread + extra) / 2 - i * (spread + extra) / (n - 1) if n > 1 else y
            if side == "in":
                tail, head = (x - _BOX_WIDTH / 2 - _SIDE_ARROW, label_y), (x - _BOX_WIDTH / 2, end_y)
                ha, tx = "right", tail[0] - 0.15
            else:
                tail, head = (x + _BOX_WIDTH / 2, end_y), (x + _BOX_WIDTH / 2 + _SIDE_ARROW, label_y)
                ha, tx = "left", head[0] + 0.15
            colour = _colour(s)
            ax.add_patch(FancyArrowPatch(tail, head, arrowstyle="-|>", mutation_scale=10, color=colour,
                                         linewidth=1.0, zorder=2))
            if text[s.name]:
                ax.text(tx, label_y, text[s.name], ha=ha, va="center", fontsize=6.5, color=colour,
                        linespacing=0.95, zorder=4)

    # Streams between steps: down the page to the next row; round the right
    # of the boxes when they skip rows; dashed and up the page when they return.
    placed_rows = {name: r for name, (_, r) in positions.items()}
    skips = {}
    for s in streams:
        if OUTSIDE in (s.source, s.destination):
            continue
        (x0, y0), (x1, y1) = centre[s.source], centre[s.destination]
        span = placed_rows[s.destination] - placed_rows[s.source]
        goes_back = span <= 0
        if goes_back:
            tail = (x0 + _BOX_WIDTH / 2 * (0.6 if x1 >= x0 else -0.6), y0 + _BOX_HEIGHT / 2)
            head = (x1 + _BOX_WIDTH / 2 * (0.8 if x1 >= x0 else -0.8), y1 - _BOX_HEIGHT / 2)
            rad = 0.25
        elif abs(x1 - x0) < 1e-9 and span == 1:
            tail, head, rad = (x0, y0 - _BOX_HEIGHT / 2), (x1, y1 + _BOX_HEIGHT / 2), 0.0
        elif abs(x1 - x0) < 1e-9:
            k = skips.get(s.destination, 0)
            skips[s.destination] = k + 1
            tail = (x0 + _BOX_WIDTH / 2, y0 - 0.2)
            head = (x1 + _BOX_WIDTH / 2 * (0.9 - 0.12 * k), y1 + _BOX_HEIGHT / 2)
            rad = -(0.22 + 0.06 * k)  # bulges to the right of the boxes
        else:
            tail = (x0 + (0.35 if x1 > x0 else -0.35), y0 - _BOX_HEIGHT / 2)
            head = (x1 + (0.5 if x1 < x0 else -0.5), y1 + _BOX_HEIGHT / 2)
            rad = -0.12 if x1 < x0 else 0.12
        colour = _colour(s)
        ax.add_patch(FancyArrowPatch(tail, head, arrowstyle="-|>", mutation_scale=10, color=colour,
                                     linewidth=1.0, linestyle="--" if goes_back else "-",
                                     connectionstyle=f"arc3,rad={rad}", zorder=1))
        if text[s.name]:
            # the middle of matplotlib's arc3 curve (a quadratic Bezier curve)
            dx, dy = head[0] - tail[0], head[1] - tail[1]
            mx = (tail[0] + head[0]) / 2 + 0.5 * rad * dy
            my = (tail[1] + head[1]) / 2 - 0.5 * rad * dx
            ax.text(mx, my, text[s.name], ha="center", va="center", fontsize=6, color=colour,
                    linespacing=0.95, zorder=5,
                    bbox=dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none", alpha=0.85))

    left = -_BOX_WIDTH / 2 - _SIDE_ARROW - 3.6
    right = (columns - 1) * _COLUMN_PITCH + _BOX_WIDTH / 2 + _SIDE_ARROW + 3.6
    ax.set_xlim(left, right)
    ax.set_ylim(-(n_rows - 1) * row_pitch - row_pitch / 2, row_pitch / 2)
    ax.text(left, row_pitch / 2 - 0.2, "inputs →", fontsize=7, color=_INPUT_COLOUR, va="top")
    ax.text(right, row_pitch / 2 - 0.2, "→ outputs (red: losses, green: products)", fontsize=7, color=_LOSS_COLOUR,
            ha="right", va="top")
    figure.tight_layout()
    return figure
