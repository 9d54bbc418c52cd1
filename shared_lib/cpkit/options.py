"""Cleaner Production options: the eight techniques, what demonstration
projects found, options recorded against a plant, and their screening.

The eight techniques, as footnote 1 of "Executive Summary: Resource Efficient
and Cleaner Production Centres supported by SECO" [@seco-recp-review] lists them:

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
from cpkit.checks import mapping, sequence, text
from cpkit.units import Q_, currency_of, number
from cpkit.units import quantity as read_quantity

DATA = Path(__file__).parent / "data"


def _read_csv(name):
    return pd.read_csv(DATA / name, comment="#")


def techniques():
    """The eight Cleaner Production techniques, each with an example.

    Names from footnote 1 of [@seco-recp-review]; examples from Figure 1 of
    "Changing Production Patterns: Learning from the Experiences of National
    Cleaner Production Centres" [@unido-unep-ncpc-guiding] and from
    "Principal Achievements" [@ncpc-principal-achievements] (the column
    "Source of example" names the place). Data file:
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

    From [@unido-unep-ncpc-guiding], Figure 12 "Types of Cleaner Production
    options identified and implemented in Demonstration Projects" (source
    there: UNIDO, "In-Depth Evaluation of the UNIDO/UNEP NCPCs", July 1999).
    Note what the document's own text says: the 71 enterprises were assessed by
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
        field="technique",
    )


def _money(value, field, option_name, example="12000 USD"):
    if value is None:
        return None
    key = field.replace(" ", "_")
    amount = read_quantity(value, f"Option '{option_name}': {field}", example, field=key) \
        if not isinstance(value, (int, float)) else value
    if not isinstance(amount, Q_) or currency_of(amount) is None:
        raise CPInputError(
            f"Option '{option_name}': {field} {value!r} has no currency.",
            fix=f"Give it with its currency, for example {example!r}.",
            field=key,
        )
    return amount


@dataclass
class Option:
    """A Cleaner Production option, recorded against a step and its streams.

    ``technique`` must be one of :data:`TECHNIQUES` (upper or lower case);
    a misspelt name is refused with the closest match suggested.
    ``investment`` carries a currency; ``annual_saving`` is money per unit
    of time (``"1.8e6 INR/year"``, ``"150000 INR/month"``) or an amount
    taken as per year, and is kept as money per year. Both in one currency.

    >>> Option("Insulate pipes", "Equipment modification", investment="3.6e6 INR",
    ...        annual_saving="150000 INR/month").simple_payback
    <Quantity(2.0, 'year')>

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
        text(self.name, "The option's name", "'Fix steam leaks'", field="name")
        for what in ("step", "description"):
            text(getattr(self, what), f"Option '{self.name}': the {what}", "'Dyeing'", field=what, blank_ok=True)
        self.technique = _check_technique(self.technique, self.name)
        self.streams = (self.streams,) if isinstance(self.streams, str) else \
            tuple(sequence(self.streams, f"Option '{self.name}': the streams", "['steam']", field="streams"))
        for stream in self.streams:
            text(stream, f"Option '{self.name}': a stream", "'steam'", field="streams")
        self.investment = _money(self.investment, "investment", self.name)
        saving = _money(self.annual_saving, "annual saving", self.name, "2000 USD/year")
        if saving is not None:
            from cpkit.finance import per_year

            currency = currency_of(saving)
            try:
                saving = (per_year(saving, f"Option '{self.name}': annual saving") / Q_(1, "year")).to(f"{currency}/year")
            except CPInputError as problem:
                raise CPInputError(problem.problem, problem.fix, field="annual_saving") from None
        self.annual_saving = saving
        if self.investment is not None and saving is not None \
                and currency_of(self.investment) != currency_of(saving):
            raise CPInputError(
                f"Option '{self.name}': the investment is in {currency_of(self.investment)} but the annual saving "
                f"in {currency_of(saving)}.",
                fix="Convert one of them with an exchange rate you state, so that both are in one currency.",
                field="annual_saving",
            )

    @property
    def simple_payback(self):
        """Investment divided by annual saving, in years (None if either is missing)."""
        if self.investment is None or self.annual_saving is None:
            return None
        from cpkit.finance import simple_payback

        return simple_payback(self.investment, self.annual_saving)


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
    >>> table.attrs["units"]["Annual saving (USD/a)"]
    'USD/year'
    """
    currencies = {
        currency_of(amount)
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
    table = pd.DataFrame(rows)
    table.attrs["units"] = {f"Investment ({currency})": currency, f"Annual saving ({currency}/a)": f"{currency}/year",
                            "Simple payback (years)": "year"}
    return table


# --- Screening by weighted criteria ---------------------------------------

CRITERIA = ("technical", "economic", "environmental", "ease of implementation")
"""The course's four default screening criteria; a team may use its own (any names, any number)."""

DECISIONS = ("implement now", "study further", "reject")


def _check_weights(weights):
    mapping(weights, "Screening weights", "{'technical': 30, 'economic': 30, ...}", field="weights")
    if not weights:
        raise CPInputError("Screening weights: no criteria are given.",
                           fix="Give one weight per criterion, e.g. {'technical': 30, 'economic': 30, ...}.",
                           field="weights")
    values = {}
    for criterion, weight in weights.items():
        what = f"Screening weight for '{criterion}'"
        if isinstance(weight, (str, Q_)):
            weight = read_quantity(weight, what, "30 %", field="weights")
            if not weight.check("[]"):
                raise CPInputError(f"{what} {weight:~P} is not a number or a percentage.",
                                   fix="Give weights as numbers, e.g. 30, or percentages, e.g. '30 %'.",
                                   field="weights")
            weight = weight.to("percent").magnitude
        value = number(weight, what, "30", field="weights")
        if not value >= 0:
            raise CPInputError(
                f"Screening weight for '{criterion}' is negative ({value:g}).",
                fix="Weights say how much a criterion counts: use zero or positive numbers.",
                field="weights",
            )
        values[str(criterion)] = value
    if sum(values.values()) == 0:
        raise CPInputError(
            "All screening weights are zero, so no option can score anything.",
            fix="Give at least one criterion a positive weight, e.g. 40/30/20/10.",
            field="weights",
        )
    return values


def _check_scale(scale):
    try:
        low, high = (float(x) for x in scale)
    except (TypeError, ValueError):
        raise CPInputError(f"Screening scale {scale!r} is not a pair of numbers.",
                           fix="Give the lowest and highest score, e.g. scale=(0, 10) or (1, 5).",
                           field="scale") from None
    if not low < high:
        raise CPInputError(f"Screening scale runs from {low:g} to {high:g}: the top must be above the bottom.",
                           fix="Give the lowest and highest score, e.g. scale=(0, 10) or (1, 5).", field="scale")
    return low, high


def screen(scores, weights, implement_now=70, reject_below=40, scale=(0, 10)):
    """Rank options by the team's weighted criteria and sort them into three decisions.

    ``weights``: one weight per criterion, the team's own (any names, any
    number; :data:`CRITERIA` are the course's default four). ``scores``: for
    each option name, a score on every criterion, on the team's ``scale``
    (lowest, highest), by default 0 (poor) to 10 (excellent).

    Two results side by side:

    - "Weighted sum": the sum of weight x score, as the weighted-sum method
      of the UNEP assessment manuals adds it up (it depends on how the
      weights and the scale are written);
    - "Weighted score (%)": the same normalised, sum of weight x (score -
      lowest) over sum of weight x (highest - lowest): 0 % when an option
      scores the lowest on every criterion, 100 % the highest on every one.
      It does not change when all weights are multiplied by one number, so
      40/30/20/10 and 4/3/2/1 give the same percentages.

    The decision uses the percentage: at least ``implement_now`` % is
    "implement now", below ``reject_below`` % is "reject", the rest "study
    further"; both thresholds are the team's to set.

    >>> weights = {"technical": 30, "economic": 30, "environmental": 25, "ease of implementation": 15}
    >>> scores = {
    ...     "Fix steam leaks": {"technical": 9, "economic": 9, "environmental": 6, "ease of implementation": 10},
    ...     "New dyeing machine": {"technical": 7, "economic": 4, "environmental": 8, "ease of implementation": 3},
    ...     "Change to a new dye": {"technical": 3, "economic": 2, "environmental": 5, "ease of implementation": 4},
    ... }
    >>> screen(scores, weights)[["Rank", "Option", "Weighted sum", "Weighted score (%)", "Decision"]]
       Rank               Option  Weighted sum  Weighted score (%)       Decision
    0     1      Fix steam leaks         840.0                84.0  implement now
    1     2   New dyeing machine         575.0                57.5  study further
    2     3  Change to a new dye         335.0                33.5         reject

    A team's own criteria on a 1-5 scale:

    >>> screen({"Cover the tanks": {"cost": 5, "water saved": 3},
    ...         "Reuse rinse water": {"cost": 2, "water saved": 5}},
    ...        {"cost": 2, "water saved": 1}, scale=(1, 5))[["Option", "Weighted sum", "Weighted score (%)"]]
                  Option  Weighted sum  Weighted score (%)
    0    Cover the tanks          13.0                83.3
    1  Reuse rinse water           9.0                50.0
    """
    weights = _check_weights(weights)
    low, high = _check_scale(scale)
    implement_now = number(implement_now, "The threshold to implement now", "70 (%)", field="implement_now")
    reject_below = number(reject_below, "The threshold to reject", "40 (%)", field="reject_below")
    mapping(scores, "Screening scores", "{'Fix steam leaks': {'technical': 9, ...}, ...}", field="scores")
    if not scores:
        raise CPInputError("Screening scores: no options are given.",
                           fix="Give each option's scores, e.g. {'Fix steam leaks': {'technical': 9, ...}}.",
                           field="scores")
    if not 0 <= reject_below <= implement_now <= 100:
        raise CPInputError(
            f"Screening thresholds do not make sense: reject below {reject_below} %, implement from {implement_now} %.",
            fix="Use 0 <= reject_below <= implement_now <= 100, e.g. 40 and 70.",
            field="reject_below",
        )
    criteria = list(weights)
    total_weight = sum(weights.values())
    rows = []
    for option, option_scores in scores.items():
        mapping(option_scores, f"The scores of option '{option}'", "{'technical': 9, 'economic': 7, ...}",
                field="scores")
        missing = [c for c in criteria if c not in option_scores]
        if missing:
            hints = [did_you_mean(c, list(option_scores)) for c in missing]
            hint = " ".join(h for h in hints if h)
            raise CPInputError(
                f"Option '{option}' has no score for {', '.join(repr(c) for c in missing)}.",
                fix=(f"{hint} " if hint else "") + f"Score every option on each of: {', '.join(criteria)}.",
                field="scores",
            )
        unweighted = [c for c in option_scores if c not in weights]
        if unweighted:
            raise CPInputError(
                f"Option '{option}' is scored on {', '.join(repr(c) for c in unweighted)}, which has no weight.",
                fix=f"Give each criterion a weight (0 to leave it out); the weights name: {', '.join(criteria)}.",
                field="weights",
            )
        row = {"Option": option}
        for criterion in criteria:
            score = number(option_scores[criterion], f"Option '{option}': the score for '{criterion}'",
                           f"{high:g}", field="scores")
            if not low <= score <= high:
                raise CPInputError(
                    f"Option '{option}': score {score:g} for '{criterion}' is outside {low:g}-{high:g}.",
                    fix=f"Score from {low:g} (poor) to {high:g} (excellent).",
                    field="scores",
                )
            row[f"{criterion[:1].upper() + criterion[1:]} (score {low:g}-{high:g})"] = score
        # rounded so that scaling all weights cannot flip a tie by a rounding error
        row["Weighted sum"] = round(sum(weights[c] * float(option_scores[c]) for c in criteria), 9)
        weighted = round(100 * sum(weights[c] * (float(option_scores[c]) - low) for c in criteria)
                         / (total_weight * (high - low)), 9)
        row["Weighted score (%)"] = weighted
        row["Decision"] = ("implement now" if weighted >= implement_now
                           else "reject" if weighted < reject_below else "study further")
        rows.append(row)
    table = pd.DataFrame(rows).sort_values(["Weighted score (%)", "Option"], ascending=[False, True])
    table.insert(0, "Rank", range(1, len(table) + 1))
    return table.reset_index(drop=True)
