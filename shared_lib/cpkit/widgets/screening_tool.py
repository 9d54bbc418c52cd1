"""The screening tool: score each option, weigh the criteria, see the ranking.

A thin view over :func:`cpkit.options.screen`: the team scores each option
from 0 to 10 on the four :data:`~cpkit.options.CRITERIA`, sets the weights
and the two thresholds, and reads the ranking with its decisions (implement
now / study further / reject). Techniques are checked by
:class:`cpkit.options.Option`, which suggests the closest of the eight names.
"""

from cpkit import options as catalogue
from cpkit.errors import CPInputError
from cpkit.widgets.form import Field, TableField, Tool, at_field

KEYS = {criterion: criterion.replace(" ", "_") for criterion in catalogue.CRITERIA}
COLUMNS = [("option", "Option", "text", "16em"), ("technique", "Technique", "text", "13em"),
           *[(KEYS[c], c.capitalize(), "number", "8em") for c in catalogue.CRITERIA]]
EXAMPLE = [  # options of the running case's rinse and boiler house, scored by a team
    {"option": "Repair the rinse hose and overflow", "technique": "Good housekeeping", "technical": 9,
     "economic": 9, "environmental": 7, "ease_of_implementation": 10},
    {"option": "Counter-current rinsing", "technique": "Equipment modification", "technical": 7, "economic": 7,
     "environmental": 8, "ease_of_implementation": 5},
    {"option": "Return more condensate", "technique": "On-site recovery/reuse", "technical": 8, "economic": 8,
     "environmental": 6, "ease_of_implementation": 6},
    {"option": "New low-liquor-ratio jets", "technique": "Technology change", "technical": 6, "economic": 3,
     "environmental": 9, "ease_of_implementation": 2},
]
WEIGHTS = {"technical": 30, "economic": 30, "environmental": 25, "ease of implementation": 15}
UNSCORED = 5
"""Score each criterion starts at for an option given without scores: neither poor nor excellent."""
DECISION_COLOURS = {"implement now": "#d8f0d2", "study further": "#fff3c4", "reject": "#fde0dc"}


def as_row(item):
    """One table row from an :class:`~cpkit.options.Option` or a dict.

    A dict may name the option "option" or "name", and the criteria with
    spaces or underscores ("ease of implementation" or "ease_of_implementation").
    Criteria not scored start at 5.

    >>> as_row(catalogue.Option("Fix steam leaks", "good housekeeping"))["technique"]
    'Good housekeeping'
    >>> as_row({"name": "Fix steam leaks", "ease of implementation": 9})["ease_of_implementation"]
    9
    """
    if isinstance(item, catalogue.Option):
        return {"option": item.name, "technique": item.technique, **{KEYS[c]: UNSCORED for c in catalogue.CRITERIA}}
    row = {"option": item.get("option", item.get("name", "")), "technique": item.get("technique", "")}
    for criterion, key in KEYS.items():
        row[key] = item.get(key, item.get(criterion, UNSCORED))
    return row


class ScreeningTool(Tool):
    """Scores 0-10 per criterion for each option; weights per criterion (normalised).

    ``options``: a list of :class:`~cpkit.options.Option` or of rows (dicts)
    to start from; by default the running case's four options.

    >>> import tempfile, pathlib
    >>> tool = ScreeningTool(save_as=pathlib.Path(tempfile.mkdtemp()) / "screening.cpkit.json")
    >>> first = tool.result.iloc[0]
    >>> print(first["Option"], first["Weighted score (%)"], first["Decision"], sep=" | ")
    Repair the rinse hose and overflow | 86.5 | implement now
    """

    name = "screening"
    title = "Screening of CP options"

    def __init__(self, options=None, save_as=None, rows=None, **values):
        given = options if options is not None else rows
        self.start_rows = [as_row(item) for item in given] if given is not None else [dict(r) for r in EXAMPLE]
        super().__init__(save_as=save_as, **values)

    def fields(self):
        return [
            TableField("options", "Options and their scores (0 = poor, 10 = excellent)", self.start_rows,
                       COLUMNS, minimum=0),
            *[Field(KEYS[c], f"Weight: {c}", WEIGHTS[c], "", minimum=0) for c in catalogue.CRITERIA],
            Field("implement_now", "Implement now from", 70, "% weighted score", minimum=0, maximum=100),
            Field("reject_below", "Reject below", 40, "% weighted score", minimum=0, maximum=100),
        ]

    def calculate(self, v):
        scores, techniques = {}, {}
        try:
            for number, row in enumerate(v["options"], start=1):
                name = row["option"].strip()
                if not name:
                    raise CPInputError(f"Row {number} has no option name.", fix="Name every option, or remove the row.")
                if name in scores:
                    raise CPInputError(f"Two rows are both named '{name}'.",
                                       fix="Give each option its own name, or remove the repeated row.")
                techniques[name] = catalogue.Option(name, row["technique"]).technique
                scores[name] = {c: row[KEYS[c]] for c in catalogue.CRITERIA}
            if not scores:
                raise CPInputError("There are no options to screen.", fix="Add a row for each option.")
            ranking = catalogue.screen(scores, {c: v[KEYS[c]] for c in catalogue.CRITERIA},
                                       implement_now=v["implement_now"], reject_below=v["reject_below"])
        except CPInputError as problem:
            message = problem.problem
            if message.startswith("Screening thresholds"):
                at_field(problem, "reject_below")
            elif not message.startswith(("Screening weight", "All screening weights")):
                at_field(problem, "options")
            raise
        ranking.insert(2, "Technique", ranking["Option"].map(techniques))
        return ranking

    def render(self, ranking):
        import plotly.graph_objects as go

        shown = ranking[["Rank", "Option", "Technique", "Weighted score (%)", "Decision"]]
        styled = (shown.style.apply(lambda row: [f"background-color:{DECISION_COLOURS[row['Decision']]}"] * len(row),
                                    axis=1).format(precision=1, escape="html").hide(axis="index"))
        score, option = ranking["Weighted score (%)"].tolist(), ranking["Option"].tolist()
        figure = go.Figure(go.Bar(x=score, y=option, orientation="h",
                                  marker_color=[DECISION_COLOURS[d] for d in ranking["Decision"]],
                                  marker_line_color="#555", marker_line_width=1,
                                  text=[f"{s:.1f} %" for s in score], customdata=ranking["Decision"].tolist(),
                                  hovertemplate="%{y}: %{x:.1f} % (%{customdata})<extra></extra>"))
        for threshold, label in ((self.fields["implement_now"].value, "implement now"),
                                 (self.fields["reject_below"].value, "reject below")):
            figure.add_vline(x=threshold, line_dash="dash", line_color="grey", annotation_text=label)
        figure.update_layout(height=140 + 40 * len(ranking), margin=dict(l=20, r=20, t=60, b=40),
                             title="Weighted score of each option (%)", yaxis_autorange="reversed",
                             xaxis_range=[0, 100])
        counts = shown["Decision"].value_counts()
        summary = ", ".join(f"{counts.get(d, 0)} {d}" for d in catalogue.DECISIONS)
        return f"<h4>Ranking</h4><p>{summary}</p>" + styled.to_html(), figure
