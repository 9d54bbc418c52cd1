"""Cleaner Production options: the eight techniques, what demonstration
projects found, options recorded against a plant, and their screening.

The eight techniques (Executive Summary of the SECO-supported RECP centres review, footnote 1):

>>> from cpkit import options
>>> list(options.techniques()["Technique"])  # doctest: +NORMALIZE_WHITESPACE
['Good housekeeping', 'Input material change', 'Better process control',
 'Equipment modification', 'Technology change', 'On-site recovery/reuse',
 'Production of useful by-products', 'Product modification']
"""

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from cpkit.errors import CPInputError, did_you_mean
from cpkit.units import Q_, currency_of

DATA = Path(__file__).parent / "data"


def _read_csv(name):
    return pd.read_csv(DATA / name, comment="#")


def techniques():
    """The eight Cleaner Production techniques, each with an example.

    Names from the SECO-supported RECP centres review, footnote 1; examples from
    Changing Production Patterns, Figure 1, and Principal Achievements (the
    column "Source of example" names the place). Data file:
    ``cpkit/data/cp_techniques.csv``.

    >>> table = techniques()
    >>> len(table)
    8
    >>> table.loc[table["Technique"] == "Input material change", "Example"].item()
    'Printing: substitute water-based ink for solvent-based ink.'
    """
    table = _read_csv("cp_techniques.csv")
    return table.rename(columns={
        "technique": "Technique",
        "description": "Description",
        "example": "Example",
        "example_source": "Source of example",
    })


TECHNIQUES = tuple(techniques()["Technique"])
"""The eight technique names, in the order of the source."""


def demonstration_results():
    """Options identified and implemented in 71 demonstration enterprises, 1997-98.

    From Changing Production Patterns (UNIDO/UNEP), Figure 12 "Types of Cleaner Production
    options identified and implemented in Demonstration Projects" (source
    there: UNIDO, "In-Depth Evaluation of the UNIDO/UNEP NCPCs", July 1999).
    Note what the seed's own text says: the 71 enterprises were assessed by
    the NCPCs in China, Mexico, the Czech Republic, the Slovak Republic,
    Hungary, Zimbabwe and India; the table is the programme's experience
    that the Vietnam course teaches from, not a count of Vietnamese plants.

    The last row, "Total", is computed from the eight rows (it matches the
    published total, 439 identified and 283 implemented). Percentages are
    computed, to one decimal; the figure prints them rounded to whole
    numbers.

    >>> table = demonstration_results()
    >>> total = table.set_index("Technique").loc["Total"]
    >>> print(total["Identified (options)"], total["Implemented (options)"], total["Implementation rate (%)"])
    439 283 64.5
    """
    raw = _read_csv("ncpc_demonstration_options_1997_98.csv")
    rows = raw[raw["technique"] != "Total"]
    table = pd.DataFrame({
        "Technique": list(rows["technique"]) + ["Total"],
        "Name in source": list(rows["name_in_source"]) + ["Total"],
        "Identified (options)": list(rows["identified"]) + [int(rows["identified"].sum())],
        "Implemented (options)": list(rows["implemented"]) + [int(rows["implemented"].sum())],
    })
    identified = table["Identified (options)"]
    table["Share of identified (%)"] = (100 * identified / identified.iloc[-1]).round(1)
    table["Implementation rate (%)"] = (100 * table["Implemented (options)"] / identified).round(1)
    return table


def options_chart(df=None):
    """Bar chart of options identified and implemented, by technique.

    ``df`` is a table like :func:`demonstration_results` (the
    default); a "Total" row, if present, is left out of the chart.

    >>> fig = options_chart()
    >>> [bar.name for bar in fig.data]
    ['Identified', 'Implemented']
    """
    import plotly.graph_objects as go

    if df is None:
        df = demonstration_results()
    df = df[df["Technique"] != "Total"]
    fig = go.Figure([
        go.Bar(name="Identified", x=df["Technique"], y=df["Identified (options)"]),
        go.Bar(name="Implemented", x=df["Technique"], y=df["Implemented (options)"]),
    ])
    fig.update_layout(
        barmode="group",
        title="Cleaner Production options identified and implemented, by technique",
        xaxis_title="Technique",
        yaxis_title="Number of options",
    )
    return fig


# --- Options recorded against a plant -------------------------------------


def _check_technique(technique, option_name):
    """The technique's name as in TECHNIQUES, or a clear error with a suggestion."""
    by_lower = {name.lower(): name for name in TECHNIQUES}
    text = str(technique).strip()
    if text.lower() in by_lower:
        return by_lower[text.lower()]
    hint = did_you_mean(text, TECHNIQUES)
    hint = f"{hint} " if hint else ""
    raise CPInputError(
        f"Option '{option_name}': unknown technique '{text}'.",
        fix=f"{hint}Use one of the eight CP techniques: {', '.join(TECHNIQUES)}.",
    )


def _money(value, field, option_name):
    if value is None:
        return None
    amount = Q_(value)
    if currency_of(amount) is None:
        raise CPInputError(
            f"Option '{option_name}': {field} {value!r} has no currency.",
            fix=f"Give it with its currency, for example '12000 USD' or Q_(12000, 'USD').",
        )
    return amount


@dataclass
class Option:
    """A Cleaner Production option, recorded against a step and its streams.

    ``technique`` must be one of :data:`TECHNIQUES` (upper or lower case);
    a misspelt name is refused with the closest match suggested.
    ``investment`` and ``annual_saving`` carry a currency.

    >>> opt = Option("Fix steam leaks", "good housekeeping", step="Dyeing",
    ...              streams=["steam"], investment="500 USD", annual_saving="2000 USD/year")
    >>> opt.technique
    'Good housekeeping'
    >>> opt.simple_payback
    <Quantity(0.25, 'year')>
    """

    name: str
    technique: str
    step: str = ""
    streams: tuple = ()
    description: str = ""
    investment: object = None
    annual_saving: object = None

    def __post_init__(self):
        self.technique = _check_technique(self.technique, self.name)
        self.streams = (self.streams,) if isinstance(self.streams, str) else tuple(self.streams)
        self.investment = _money(self.investment, "investment", self.name)
        self.annual_saving = _money(self.annual_saving, "annual saving", self.name)

    @property
    def simple_payback(self):
        """Investment divided by annual saving, in years (None if either is missing)."""
        if self.investment is None or self.annual_saving is None:
            return None
        return (self.investment / self.annual_saving).to("year")


def options_table(options):
    """One row per option: technique, step, streams, money and payback.

    >>> table = options_table([
    ...     Option("Fix steam leaks", "Good housekeeping", step="Dyeing", streams=["steam"],
    ...            investment="500 USD", annual_saving="2000 USD/year"),
    ...     Option("Counter-current rinsing", "Equipment modification", step="Rinsing",
    ...            streams=["rinse water", "effluent"], investment="8000 USD",
    ...            annual_saving="4000 USD/year"),
    ... ])
    >>> list(table.columns)
    ['Option', 'Technique', 'Step', 'Streams affected', 'Investment (USD)', 'Annual saving (USD/a)', 'Simple payback (years)']
    >>> table["Simple payback (years)"].tolist()
    [0.25, 2.0]
    """
    currencies = {
        str(amount.units).split("/")[0].strip()
        for opt in options for amount in (opt.investment, opt.annual_saving) if amount is not None
    }
    if len(currencies) > 1:
        raise CPInputError(
            f"Options are given in more than one currency ({', '.join(sorted(currencies))}).",
            fix="Convert all investments and savings to one currency before tabulating them.",
        )
    currency = currencies.pop() if currencies else "USD"
    rows = []
    for opt in options:
        payback = opt.simple_payback
        rows.append({
            "Option": opt.name,
            "Technique": opt.technique,
            "Step": opt.step,
            "Streams affected": ", ".join(opt.streams),
            f"Investment ({currency})": None if opt.investment is None else opt.investment.to(currency).magnitude,
            f"Annual saving ({currency}/a)": None if opt.annual_saving is None
            else opt.annual_saving.to(f"{currency}/year").magnitude,
            "Simple payback (years)": None if payback is None else round(float(payback.magnitude), 2),
        })
    return pd.DataFrame(rows)


# --- Screening by weighted criteria ---------------------------------------

CRITERIA = ("technical", "economic", "environmental", "ease of implementation")
"""The four screening criteria; each option is scored 0 (poor) to 10 (excellent) on each."""

DECISIONS = ("implement now", "study further", "reject")


def _check_weights(weights):
    unknown = set(weights) - set(CRITERIA)
    missing = set(CRITERIA) - set(weights)
    if unknown or missing:
        raise CPInputError(
            f"Screening weights: unknown criteria {sorted(unknown)}, missing criteria {sorted(missing)}."
            if unknown else f"Screening weights: missing criteria {sorted(missing)}.",
            fix=f"Give one weight for each of: {', '.join(CRITERIA)}.",
        )
    values = {}
    for criterion, weight in weights.items():
        value = Q_(weight).to("percent").magnitude if isinstance(weight, str) else float(weight)
        if value < 0:
            raise CPInputError(
                f"Screening weight for '{criterion}' is negative ({value:g}).",
                fix="Weights say how much a criterion counts: use zero or positive numbers.",
            )
        values[criterion] = value
    if sum(values.values()) == 0:
        raise CPInputError(
            "All screening weights are zero, so no option can score anything.",
            fix="Give at least one criterion a positive weight, e.g. 40/30/20/10.",
        )
    return values


def screen(scores, weights, implement_now=70, reject_below=40):
    """Rank options by weighted criteria and sort them into three decisions.

    ``scores``: for each option name, a score from 0 to 10 on each of the
    :data:`CRITERIA`. ``weights``: one weight per criterion. Weights are
    *normalised*: they are divided by their sum, so 40/30/20/10 and 4/3/2/1
    give the same result, and they need not add up to 100.

    The weighted score runs from 0 % (all zeros) to 100 % (all tens). An
    option scoring at least ``implement_now`` % is "implement now", one
    below ``reject_below`` % is "reject", the rest "study further".

    >>> weights = {"technical": 30, "economic": 30, "environmental": 25, "ease of implementation": 15}
    >>> scores = {
    ...     "Fix steam leaks": {"technical": 9, "economic": 9, "environmental": 6, "ease of implementation": 10},
    ...     "New dyeing machine": {"technical": 7, "economic": 4, "environmental": 8, "ease of implementation": 3},
    ...     "Change to a new dye": {"technical": 3, "economic": 2, "environmental": 5, "ease of implementation": 4},
    ... }
    >>> screen(scores, weights)[["Rank", "Option", "Weighted score (%)", "Decision"]]
       Rank               Option  Weighted score (%)       Decision
    0     1      Fix steam leaks                84.0  implement now
    1     2   New dyeing machine                57.5  study further
    2     3  Change to a new dye                33.5         reject
    """
    weights = _check_weights(weights)
    if not 0 <= reject_below <= implement_now <= 100:
        raise CPInputError(
            f"Screening thresholds do not make sense: reject below {reject_below} %, implement from {implement_now} %.",
            fix="Use 0 <= reject_below <= implement_now <= 100, e.g. 40 and 70.",
        )
    total_weight = sum(weights.values())
    rows = []
    for option, option_scores in scores.items():
        missing = [c for c in CRITERIA if c not in option_scores]
        if missing:
            raise CPInputError(
                f"Option '{option}' has no score for {', '.join(missing)}.",
                fix=f"Score every option from 0 to 10 on each of: {', '.join(CRITERIA)}.",
            )
        row = {"Option": option}
        for criterion in CRITERIA:
            score = float(option_scores[criterion])
            if not 0 <= score <= 10:
                raise CPInputError(
                    f"Option '{option}': score {score:g} for '{criterion}' is outside 0-10.",
                    fix="Score from 0 (poor) to 10 (excellent).",
                )
            row[f"{criterion.capitalize()} (score 0-10)"] = score
        # rounded so that scaling all weights cannot flip a tie by a rounding error
        weighted = round(sum(weights[c] * float(option_scores[c]) for c in CRITERIA) / total_weight * 10, 9)
        row["Weighted score (%)"] = weighted
        row["Decision"] = ("implement now" if weighted >= implement_now
                           else "reject" if weighted < reject_below else "study further")
        rows.append(row)
    table = pd.DataFrame(rows).sort_values(["Weighted score (%)", "Option"], ascending=[False, True])
    table.insert(0, "Rank", range(1, len(table) + 1))
    return table.reset_index(drop=True)
