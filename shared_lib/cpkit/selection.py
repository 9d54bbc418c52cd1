"""Choosing by weighted criteria: sectors and companies for a CP project, focus areas in a plant.

A CP programme chooses again and again: which sector to demonstrate in,
which companies to take on (module 1), which process steps to study first
(module 2). The teams score each candidate on each criterion, weigh the
criteria, and rank. :func:`score` does the arithmetic, openly, so that the
discussion is about the scores and the weights, not the sums.

- :func:`score`: the weighted score of each candidate, ranked;
- :func:`priority_weights`: weights from a list in order of priority;
- :func:`losses_by_step`: how much waste, wastewater and emissions leave each
  step of a plant, the first figure for choosing a focus area.

>>> weights = {"quantity of waste": 3, "cost": 3, "hazard": 2, "ease of action": 2}
>>> scores = {
...     "Rinsing": {"quantity of waste": 5, "cost": 4, "hazard": 2, "ease of action": 5},
...     "Dyeing": {"quantity of waste": 4, "cost": 5, "hazard": 4, "ease of action": 2},
... }
>>> score(scores, weights)[["Rank", "Candidate", "Weighted score (%)"]]
   Rank Candidate  Weighted score (%)
0     1   Rinsing                82.0
1     2    Dyeing                78.0
"""

from __future__ import annotations

import math
import numbers

from cpkit.checks import sequence, text
from cpkit.errors import CPInputError, did_you_mean

__all__ = ["score", "priority_weights", "losses_by_step", "FOCUS_CRITERIA"]

FOCUS_CRITERIA = ("quantity of waste", "cost", "hazard", "ease of action")
"""Criteria for choosing a focus area in the plant (module 2)."""


def _suggest(name, names):
    hint = did_you_mean(name, names)
    return f" {hint}" if hint else ""


def priority_weights(criteria):
    """Weights from criteria listed in order of priority: n for the first of n, then n-1, ... 1 for the last.

    A teaching choice, not a rule of the sources: a list "in order of
    priority" says which criterion counts more, not by how much. Change the
    weights when the team agrees they should differ.

    >>> priority_weights(["Management involvement", "CP potential", "Pays a fee"])
    {'Management involvement': 3, 'CP potential': 2, 'Pays a fee': 1}
    """
    criteria = sequence(criteria, "The criteria", "['Management involvement', 'CP potential']", field="criteria")
    for criterion in criteria:
        text(criterion, "A criterion", "'CP potential'", field="criteria")
    if len(set(criteria)) != len(criteria):
        raise CPInputError("A criterion is listed twice.", fix="List each criterion once, in order of priority.",
                           field="criteria")
    return {c: len(criteria) - i for i, c in enumerate(criteria)}


def _number(value, what):
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(float(value)):
        raise CPInputError(f"{what} is {value!r}, not a number.", fix="Give a number.")
    return float(value)


def score(scores, weights, scale=5):
    """Rank candidates by their weighted score.

    - ``scores``: for each candidate, a score from 0 to ``scale`` on each
      criterion ({candidate: {criterion: score}}), or a table with one row
      per candidate (its index) and one column per criterion.
    - ``weights``: {criterion: weight}, zero or more. Weights are divided by
      their sum, so 3/2/1 and 30/20/10 rank alike.
    - ``scale``: the highest score (5 by default).

    The weighted score is 100 % for a candidate with the top score on every
    criterion: sum(weight x score) / (sum(weights) x scale).

    >>> score({"A": {"cost": 6}}, {"cost": 1})
    Traceback (most recent call last):
    ...
    cpkit.errors.CPInputError: Candidate 'A': the score for 'cost' is 6, outside 0 to 5.
    How to fix: Score every criterion from 0 (worst) to 5 (best).
    """
    import pandas as pd

    if isinstance(scores, pd.DataFrame):
        scores = {str(name): dict(row) for name, row in scores.iterrows()}
    if not isinstance(scores, dict) or not scores:
        raise CPInputError("There are no candidates to score.",
                           fix="Give {candidate: {criterion: score}}, e.g. {'Rinsing': {'cost': 4, ...}}.")
    if not isinstance(weights, dict) or not weights:
        raise CPInputError("There are no weights.", fix="Give {criterion: weight}, e.g. {'cost': 3, 'hazard': 2}.")
    scale = _number(scale, "The scale")
    if scale <= 0:
        raise CPInputError(f"The scale is {scale:g}.", fix="Give the highest score, e.g. scale=5 or scale=10.")
    checked = {}
    for criterion, weight in weights.items():
        weight = _number(weight, f"The weight of '{criterion}'")
        if weight < 0:
            raise CPInputError(f"The weight of '{criterion}' is negative ({weight:g}).",
                               fix="Give weights of zero or more; a criterion that does not count gets 0.")
        checked[str(criterion)] = weight
    total = sum(checked.values())
    if total == 0:
        raise CPInputError("Every weight is zero: nothing would count.", fix="Give at least one criterion a weight.")
    criteria = list(checked)
    rows = []
    for candidate, values in scores.items():
        if not isinstance(values, dict):
            raise CPInputError(f"Candidate '{candidate}': its scores must be {{criterion: score}}.",
                               fix="Write them like {'cost': 4, 'hazard': 2}.")
        for criterion in values:
            if criterion not in checked:
                raise CPInputError(
                    f"Candidate '{candidate}' is scored on '{criterion}', which has no weight."
                    f"{_suggest(criterion, criteria)}",
                    fix=f"Use the criteria of the weights: {', '.join(repr(c) for c in criteria)}.",
                )
        row = {"Candidate": str(candidate)}
        weighted = 0.0
        for criterion in criteria:
            if criterion not in values:
                raise CPInputError(f"Candidate '{candidate}' has no score for '{criterion}'.",
                                   fix=f"Score every candidate on each of: {', '.join(repr(c) for c in criteria)}.")
            value = _number(values[criterion], f"Candidate '{candidate}': the score for '{criterion}'")
            if not 0 <= value <= scale:
                raise CPInputError(
                    f"Candidate '{candidate}': the score for '{criterion}' is {value:g}, outside 0 to {scale:g}.",
                    fix=f"Score every criterion from 0 (worst) to {scale:g} (best).", field="scores",
                )
            row[criterion] = value
            weighted += checked[criterion] * value
        row["Weighted score (%)"] = round(100 * weighted / (total * scale), 1)
        rows.append(row)
    table = pd.DataFrame(rows).sort_values("Weighted score (%)", ascending=False, kind="stable")
    table.insert(0, "Rank", range(1, len(table) + 1))
    return table.reset_index(drop=True)


def losses_by_step(plant, unit=None):
    """Waste, wastewater and emissions leaving each step, largest first, as a table.

    Streams whose quantity is unknown are left out (solve the plant first
    with :func:`cpkit.balance.solve`); the column "Streams" names the
    streams counted.

    >>> from cpkit.cases import running_case
    >>> table = losses_by_step(running_case())
    >>> list(table["Step"])[:3]
    ['Rinsing and soaping', 'Dyeing', 'Pretreatment']
    """
    import pandas as pd

    from cpkit.balance import flows
    from cpkit.flowsheet import LOSS_KINDS, OUTSIDE

    table = flows(plant, unit=unit)
    column = [c for c in table.columns if c.startswith("Flow (")][0]
    losses = table[table["Kind"].isin(LOSS_KINDS) & (table["From"] != OUTSIDE) & table[column].notna()]
    amount = column.replace("Flow", "Losses")   # e.g. "Losses (t/month)"
    rows = []
    for step in plant.steps:
        mine = losses[losses["From"] == step.name]
        if len(mine):
            rows.append({"Step": step.name, amount: float(mine[column].sum()), "Streams": ", ".join(mine["Stream"])})
    result = pd.DataFrame(rows, columns=["Step", amount, "Streams"])
    return result.sort_values(amount, ascending=False, kind="stable").reset_index(drop=True)
