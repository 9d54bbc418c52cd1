"""The monitoring tool: monthly figures to specific consumption, targets and CUSUM."""

from cpkit import cases
from cpkit import monitoring
from cpkit.errors import CPInputError
from cpkit.units import Q_
from cpkit.widgets.form import Field, IntField, TableField, Tool, table_html

COLUMNS = [("month", "Month", "text", "8em"), ("production", "Production (t)", "number", "9em"),
           ("consumption", "Steam (t)", "number", "9em")]

# After the 2024 baseline of the running case, six CONSTRUCTED months of 2025
# in which condensate return and the rinse repair save steam.
AFTER_BASELINE = [("2025-01", 309.0, 655), ("2025-02", 231.0, 495), ("2025-03", 298.0, 628),
                  ("2025-04", 305.0, 636), ("2025-05", 312.0, 648), ("2025-06", 308.0, 637)]


def running_case_months():
    """The running case's 2024 steam baseline, then six months with savings."""
    baseline = cases.baseline_measurements()
    rows = [{"month": m, "production": float(p), "consumption": float(s)}
            for m, p, s in zip(baseline["Month"], baseline["Production (t)"], baseline["Steam (t)"])]
    return rows + [{"month": m, "production": p, "consumption": s} for m, p, s in AFTER_BASELINE]


class MonitoringTool(Tool):
    """Monthly production and consumption; the first months are the baseline."""

    name = "monitoring"
    title = "Monitoring of savings: targets and CUSUM"

    def __init__(self, rows=None, save_as=None, **values):
        self.start_rows = list(rows) if rows is not None else running_case_months()
        super().__init__(save_as=save_as, **values)

    def fields(self):
        return [
            IntField("baseline_months", "Baseline months", 12, "months", minimum=monitoring.MIN_BASELINE_PERIODS),
            Field("target", "Target", 2.10, "t steam per t fabric", minimum=0),
            TableField("months", "Monthly figures", self.start_rows, COLUMNS, minimum=0),
        ]

    def calculate(self, v):
        rows = v["months"]
        if v["baseline_months"] > len(rows):
            raise CPInputError(f"There are {len(rows)} months in the table, fewer than the "
                               f"{v['baseline_months']} baseline months.",
                               fix="Add the missing months, or shorten the baseline.")
        months = [row["month"] for row in rows]
        production = Q_([row["production"] for row in rows], "t")
        steam = Q_([row["consumption"] for row in rows], "t_steam")
        try:
            result = monitoring.cusum(production, steam, baseline_periods=v["baseline_months"], periods=months)
            table = monitoring.specific_consumption(steam, production, target=Q_(v["target"], "t_steam/t"),
                                                    periods=months)
        except CPInputError as problem:
            problem.field = "months"
            raise
        return {"cusum": result, "specific": table}

    def render(self, r):
        result = r["cusum"]
        summary = table_html([
            ("Baseline line", f"steam = {result.intercept:~.1f} + {result.slope:~.3f} × production"),
            ("Fit of the baseline (R²)", f"{result.r_squared:.2f}"),
            ("Savings start", result.savings_start or "not yet"),
            ("Saved since the baseline", f"{result.total_saving.magnitude:,.0f} t steam"
             if result.total_saving.magnitude >= 0 else f"none: {-result.total_saving.magnitude:,.0f} t steam more used"),
            ("Savings hold (last three months)", "yes" if result.savings_hold else "no"),
        ])
        specific = r["specific"].tail(6).to_html(index=False, float_format="%.2f")
        return ("<h4>CUSUM</h4>" + summary + "<h4>Last six months against the target</h4>" + specific,
                self.cusum_chart(result, self.fields["baseline_months"].value))

    @staticmethod
    def cusum_chart(result, baseline_months):
        """The CUSUM line, the end of the baseline marked (plotly: redraws fast as figures change)."""
        import plotly.graph_objects as go

        table = result.table
        figure = go.Figure(go.Scatter(x=table["Period"], y=table["CUSUM (t_steam)"], mode="lines+markers",
                                      name="CUSUM"))
        figure.add_vline(x=baseline_months - 0.5, line_dash="dash", line_color="grey")
        figure.add_annotation(x=baseline_months - 0.5, y=1, yref="paper", text="end of baseline",
                              showarrow=False, xanchor="right")
        figure.update_layout(height=340, margin=dict(l=40, r=20, t=40, b=40),
                             title="CUSUM: actual minus expected steam, added up (falling = saving)",
                             yaxis_title="t steam")
        return figure
