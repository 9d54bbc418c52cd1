"""The Pareto view of MFCA's losses: the vital few and their chart.

One job: from a table of true costs (:attr:`cpkit.costing.FlowCosts.true_costs`),
name the costliest losses that reach a line and draw them, costliest first.
"""

from __future__ import annotations

import numpy as np

from cpkit.costing.data import _show
from cpkit.errors import CPInputError
from cpkit.units import Q_, number, ureg


def _percent(value, what="The Pareto line"):
    """A percentage between 0 and 100, from '80 %', 80 or a dimensionless quantity."""
    if isinstance(value, str):
        try:
            value = Q_(value.strip())
        except Exception:
            raise CPInputError(f"{what} {value!r} is not a percentage.", fix="Give it like '80 %'.",
                               field="line") from None
    if isinstance(value, ureg.Quantity):
        if not value.check("[]"):
            raise CPInputError(f"{what} {_show(value)} is not a percentage.", fix="Give it like '80 %'.",
                               field="line")
        value = value.to("percent").magnitude
    value = number(value, what, "'80 %'", field="line")
    if not 0 <= value <= 100:
        raise CPInputError(f"{what} is {value:g} %, outside 0 to 100 %.",
                           fix="Give a percentage between 0 and 100, e.g. '80 %' for the losses that make "
                               "up the first 80 % of the cost.")
    return value


def _check_table(table):
    """A true-cost table (:attr:`FlowCosts.true_costs`): its columns there, its numbers finite."""
    import pandas as pd

    if not isinstance(table, pd.DataFrame):
        raise CPInputError(f"The Pareto chart needs a true-cost table, not {type(table).__name__}.",
                           fix="Give it result.true_costs, the table of mfca(...).", field="table")
    costs = [c for c in table.columns if isinstance(c, str) and c.startswith("True cost (")]
    missing = [c for c in ("Material loss", "Cumulative (%)") if c not in table.columns] + \
        ([] if costs else ["True cost (...)"])
    if missing:
        raise CPInputError(f"The true-cost table has no column {', '.join(repr(c) for c in missing)}.",
                           fix="Give it result.true_costs, the table of mfca(...).", field="table")
    if not all(isinstance(name, str) for name in table["Material loss"]):
        raise CPInputError("The true-cost table's column 'Material loss' holds a value that is not a name.",
                           fix="Give it result.true_costs as mfca(...) made it.", field="table")
    for column in (costs[0], "Cumulative (%)"):
        cells = list(table[column])
        if not all(isinstance(c, (int, float, np.integer, np.floating)) and not isinstance(c, bool)
                   and np.isfinite(c) for c in cells):
            raise CPInputError(f"The true-cost table's column '{column}' holds a value that is not a number.",
                               fix="Give it result.true_costs as mfca(...) made it.", field="table")


def vital_few(table, line="80 %"):
    """Names of the costliest losses of a :attr:`FlowCosts.true_costs` table that together reach ``line``.

    >>> import pandas as pd
    >>> table = pd.DataFrame({"Material loss": ["a", "b", "c"], "Cumulative (%)": [60.0, 85.0, 100.0]})
    >>> vital_few(table, "80 %")
    ['a', 'b']
    >>> vital_few(table, 120)
    Traceback (most recent call last):
    ...
    cpkit.errors.CPInputError: The Pareto line is 120 %, outside 0 to 100 %.
    How to fix: Give a percentage between 0 and 100, e.g. '80 %' for the losses that make up the first 80 % of the cost.
    """
    line = _percent(line)
    names = []
    for name, cumulative in zip(table["Material loss"], table["Cumulative (%)"]):
        names.append(name)
        if cumulative >= line - 1e-9:
            break
    return names


def pareto_chart(table, line="80 %"):
    """A plotly Pareto chart of a true-cost table: bars costliest first, cumulative % on the right.

    The bars of the *vital few* (the losses that make up the first ``line``
    of the cost) are dark; a dashed line marks ``line``.
    """
    import plotly.graph_objects as go

    line = _percent(line)
    _check_table(table)
    cost = [c for c in table.columns if c.startswith("True cost (")][0]
    # the unit from the table's data (FlowCosts tables carry it); a table made or relabelled by hand
    # without table.attrs["units"] still shows the unit its header names
    label = table.attrs.get("units", {}).get(cost, cost[len("True cost ("):-1])
    few = set(vital_few(table, line)) if len(table) else set()
    figure = go.Figure()
    figure.add_bar(x=table["Material loss"], y=table[cost], name=f"True cost ({label})",
                   marker_color=["#b03a2e" if n in few else "#e6a39b" for n in table["Material loss"]],
                   hovertemplate="%{x}<br>%{y:,.0f} " + label + "<extra></extra>")
    figure.add_scatter(x=table["Material loss"], y=table["Cumulative (%)"], name="Cumulative (%)", yaxis="y2",
                       mode="lines+markers", line_color="#1f4e79",
                       hovertemplate="%{x}<br>%{y:.1f} % of all losses<extra></extra>")
    figure.add_hline(y=line, yref="y2", line_dash="dash", line_color="#555",
                     annotation_text=f"{line:g} %", annotation_position="top left")
    figure.update_layout(
        title="Which material losses cost most?", height=460, margin=dict(l=60, r=60, t=50, b=140),
        yaxis=dict(title=f"True cost ({label})", rangemode="tozero"),
        yaxis2=dict(title="Cumulative share of the cost of all losses (%)", overlaying="y", side="right",
                    range=[0, 105], tickvals=[0, 20, 40, 60, 80, 100], showgrid=False),
        legend=dict(orientation="h", y=1.08, x=1, xanchor="right"), xaxis_tickangle=-30,
    )
    return figure
