"""The monitoring tool: monthly figures to specific consumption, targets and CUSUM.

A thin view over :func:`cpkit.monitoring.specific_consumption` and
:func:`cpkit.monitoring.cusum`: the trainee types the months, chooses how
many of the first ones are the baseline and sets a target; the tool shows
each month against the target, whether and since when steam is being
saved, and the CUSUM chart.
"""

from cpkit import cases
from cpkit import monitoring
from cpkit.errors import CPInputError
from cpkit.units import Q_
from cpkit.widgets.form import Field, IntField, TableField, Tool, at_field, table_html

COLUMNS = [("month", "Month", "text", "8em"), ("production", "Production (t)", "number", "9em"),
           ("consumption", "Steam (t)", "number", "9em")]
PRODUCTION_UNIT, CONSUMPTION_UNIT = "t", "t_steam"

# CONSTRUCTED TEACHING DATA, not measurements of a real mill. The twelve
# baseline months are those of the course's running case, Song Da Dyeing &
# Finishing (itself constructed, see cpkit.cases), 2024; the six months of
# 2025 below were made up to show condensate return and the rinse repair
# saving about 5 % of the steam from January on.
AFTER_BASELINE = [("2025-01", 309.0, 655), ("2025-02", 231.0, 495), ("2025-03", 298.0, 628),
                  ("2025-04", 305.0, 636), ("2025-05", 312.0, 648), ("2025-06", 308.0, 637)]


def running_case_months():
    """Eighteen months of a dyeing mill's steam (constructed): the 2024 baseline, then six months with savings.

    >>> months = running_case_months()
    >>> len(months), months[0]["month"], months[12]
    (18, '2024-01', {'month': '2025-01', 'production': 309.0, 'consumption': 655.0})
    """
    baseline = cases.baseline_measurements()
    rows = [{"month": m, "production": float(p), "consumption": float(s)}
            for m, p, s in zip(baseline["Month"], baseline["Production (t)"], baseline["Steam (t)"])]
    return rows + [{"month": m, "production": p, "consumption": float(s)} for m, p, s in AFTER_BASELINE]


class MonitoringTool(Tool):
    """Monthly production and consumption; the first months are the baseline.

    ``rows``: the months to start from (dicts with month, production in t
    and consumption in t of steam); by default eighteen constructed months
    of the running case.

    >>> import tempfile, pathlib
    >>> tool = MonitoringTool(save_as=pathlib.Path(tempfile.mkdtemp()) / "monitoring.cpkit.json")
    >>> tool.result["cusum"].savings_start
    '2025-01'
    """

    name = "monitoring"
    title = "Monitoring of savings: targets and CUSUM"

    def __init__(self, rows=None, save_as=None, **values):
        self.start_rows = list(rows) if rows is not None else running_case_months()
        super().__init__(save_as=save_as, **values)

    def fields(self):
        return [
            IntField("baseline_months", "Baseline months", 12, "months before any change",
                     minimum=monitoring.MIN_BASELINE_PERIODS),
            Field("target", "Target specific consumption", 2.10, "t steam per t fabric", minimum=0),
            TableField("months", "Monthly figures", self.start_rows, COLUMNS, minimum=0),
        ]

    def calculate(self, v):
        rows = v["months"]
        for number, row in enumerate(rows, start=1):
            if not row["month"].strip():
                raise _about(CPInputError(f"Row {number} has no month.", fix="Name the month, e.g. 2025-07."),
                             "months")
        if v["baseline_months"] > len(rows):
            raise _about(CPInputError(f"There are {len(rows)} months in the table, fewer than the "
                                      f"{v['baseline_months']} baseline months.",
                                      fix="Add the missing months, or shorten the baseline."), "baseline_months")
        if v["target"] <= 0:
            raise _about(CPInputError("A target of 0 cannot be compared with.",
                                      fix="Enter the steam per tonne of fabric you aim for, e.g. 2.1."), "target")
        months = [row["month"] for row in rows]
        production = Q_([row["production"] for row in rows], PRODUCTION_UNIT)
        consumption = Q_([row["consumption"] for row in rows], CONSUMPTION_UNIT)
        try:
            specific = monitoring.specific_consumption(
                consumption, production, target=Q_(v["target"], f"{CONSUMPTION_UNIT}/{PRODUCTION_UNIT}"),
                periods=months)
            result = monitoring.cusum(production, consumption, baseline_periods=v["baseline_months"], periods=months)
        except CPInputError as problem:
            raise _about(problem, "months") from None
        return {"cusum": result, "specific": specific}

    def render(self, r):
        result, specific = r["cusum"], r["specific"]
        saving = result.total_saving.magnitude
        summary = table_html([
            ("Baseline line", f"steam = {result.intercept:~.1f} + {result.slope:~.3f} × production"),
            ("Fit of the baseline (R²)", f"{result.r_squared:.2f}"),
            ("Savings start", result.savings_start or "not yet"),
            ("Saved since the baseline", f"{saving:,.0f} t steam" if saving >= 0
             else f"none: {-saving:,.0f} t steam more used"),
            ("Savings hold (last three months)", "yes" if result.savings_hold else "no"),
        ])
        deviation = "Deviation from target (%)"
        styled = (specific.style.hide(axis="index")
                  .format({specific.columns[1]: "{:.1f}", specific.columns[2]: "{:,.0f}",
                           specific.columns[3]: "{:.2f}", specific.columns[4]: "{:.2f}", deviation: "{:+.1f}"},
                          escape="html")
                  .map(lambda d: "color:#b00020" if d > 0 else "color:#1b7a1b", subset=[deviation]))
        return ("<h4>CUSUM</h4>" + summary
                + "<h4>Specific consumption against the target</h4>" + styled.to_html(),
                cusum_chart(result))


def _about(problem, key):
    """The refusal, marked as being about field ``key`` (the frame shows it there)."""
    return at_field(problem, key)


def cusum_chart(result):
    """The CUSUM line with the end of the baseline and the start of savings marked.

    Drawn with plotly, which redraws in a few milliseconds as figures change
    (``CusumResult.chart()`` draws the same with matplotlib, for print).
    """
    import plotly.graph_objects as go

    table = result.table
    periods = table["Period"].tolist()
    figure = go.Figure(go.Scatter(x=periods, y=table[table.columns[-1]].tolist(), mode="lines+markers",
                                  name="CUSUM"))
    figure.add_hline(y=0, line_color="grey", line_width=1)
    figure.add_vline(x=result.baseline_periods - 0.5, line_dash="dash", line_color="grey")
    figure.add_annotation(x=result.baseline_periods - 0.5, y=1, yref="paper", text="end of baseline",
                          showarrow=False, xanchor="right")
    if result.savings_start is not None:
        start = periods.index(result.savings_start) - 0.5
        figure.add_vline(x=start, line_dash="dot", line_color="green")
        figure.add_annotation(x=start, y=0.05, yref="paper", text=f"savings start ({result.savings_start})",
                              showarrow=False, xanchor="left", font_color="green")
    figure.update_layout(height=340, margin=dict(l=40, r=20, t=40, b=40),
                         title="CUSUM: actual minus expected steam, added up (falling = saving)",
                         yaxis_title="t steam")
    return figure
