"""The screening tool: score each option, weigh the criteria, see the ranking."""

from cpkit import options as catalogue
from cpkit.errors import CPInputError
from cpkit.widgets.form import Field, TableField, Tool

KEYS = {criterion: criterion.replace(" ", "_") for criterion in catalogue.CRITERIA}
COLUMNS = [("option", "Option", "text", "16em"),
           *[(KEYS[c], c.capitalize(), "number", "9em") for c in catalogue.CRITERIA]]
EXAMPLE = [  # options of the running case's rinse and boiler house, scored by a team
    {"option": "Repair the rinse hose and overflow", "technical": 9, "economic": 9, "environmental": 7,
     "ease_of_implementation": 10},
    {"option": "Counter-current rinsing", "technical": 7, "economic": 7, "environmental": 8,
     "ease_of_implementation": 5},
    {"option": "Return more condensate", "technical": 8, "economic": 8, "environmental": 6,
     "ease_of_implementation": 6},
    {"option": "New low-liquor-ratio jets", "technical": 6, "economic": 3, "environmental": 9,
     "ease_of_implementation": 2},
]
DECISION_COLOURS = {"implement now": "#d8f0d2", "study further": "#fff3c4", "reject": "#fde0dc"}


class ScreeningTool(Tool):
    """Scores 0-10 per criterion for each option; weights per criterion (normalised)."""

    name = "screening"
    title = "Screening of CP options"

    def __init__(self, rows=None, save_as=None, **values):
        self.start_rows = list(rows or EXAMPLE)
        super().__init__(save_as=save_as, **values)

    def fields(self):
        weights = {"technical": 30, "economic": 30, "environmental": 25, "ease of implementation": 15}
        return [
            TableField("options", "Options and their scores (0 = poor, 10 = excellent)", self.start_rows,
                       COLUMNS, minimum=0),
            *[Field(KEYS[c], f"Weight: {c}", weights[c], "", minimum=0) for c in catalogue.CRITERIA],
            Field("implement_now", "Implement now from", 70, "% weighted score", minimum=0, maximum=100),
            Field("reject_below", "Reject below", 40, "% weighted score", minimum=0, maximum=100),
        ]

    def calculate(self, v):
        scores = {}
        for number, row in enumerate(v["options"], start=1):
            name = row["option"].strip()
            if not name:
                raise CPInputError(f"Row {number} has no option name.", fix="Name every option, or remove the row.")
            scores[name] = {c: row[KEYS[c]] for c in catalogue.CRITERIA}
        weights = {c: v[KEYS[c]] for c in catalogue.CRITERIA}
        try:
            return catalogue.screen(scores, weights, implement_now=v["implement_now"], reject_below=v["reject_below"])
        except CPInputError as problem:
            if "score" in problem.problem.lower():
                problem.field = "options"
            raise

    def render(self, ranking):
        import plotly.graph_objects as go

        shown = ranking[["Rank", "Option", "Weighted score (%)", "Decision"]]
        styled = (shown.style.apply(lambda row: [f"background-color:{DECISION_COLOURS[row['Decision']]}"] * len(row),
                                    axis=1).format(precision=1).hide(axis="index"))
        figure = go.Figure(go.Bar(x=ranking["Weighted score (%)"], y=ranking["Option"], orientation="h",
                                  marker_color=[DECISION_COLOURS[d] for d in ranking["Decision"]],
                                  marker_line_color="#555", marker_line_width=1))
        figure.update_layout(height=120 + 40 * len(ranking), margin=dict(l=20, r=20, t=40, b=40),
                             title="Weighted score of each option (%)", yaxis_autorange="reversed",
                             xaxis_range=[0, 100])
        return "<h4>Ranking</h4>" + styled.to_html(), figure
