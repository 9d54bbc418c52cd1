"""The feasibility tool: an option's money over its lifetime."""

import ipywidgets as w

from cpkit import finance
from cpkit.errors import CPInputError
from cpkit.widgets.form import ChoiceField, Field, IntField, Tool, figure_output, table_html

CURRENCIES = ("USD", "VND", "EUR")


def money(amount, currency):
    return f"{amount:,.0f} {currency}"


class FeasibilityTool(Tool):
    name = "feasibility"
    title = "Financial feasibility of an option"

    def __init__(self, save_as=None, **values):
        self.sensitivity = w.Output()  # the tornado chart, under the cash flows
        super().__init__(save_as=save_as, **values)

    def fields(self):
        return [
            Field("investment", "Investment", 20_000, "USD", minimum=0,
                  help="Everything paid before the option runs: equipment, installation, training."),
            Field("annual_saving", "Net saving per year", 8_000, "USD/year",
                  help="Savings minus extra running costs, per year."),
            IntField("lifetime", "Lifetime", 5, "years", minimum=1, maximum=50),
            Field("rate", "Discount rate", 10.0, "% per year", minimum=0, maximum=100),
            ChoiceField("currency", "Currency", "USD", CURRENCIES),
        ]

    def calculate(self, v):
        flows = finance.option_cashflows(v["investment"], v["annual_saving"], v["lifetime"])
        rate = v["rate"] / 100
        result = {
            "cashflows": flows,
            "cumulative": finance.cumulative_discounted(rate, flows),
            "npv": finance.npv(rate, flows),
            "simple_payback": None,
            "discounted_payback": None,
            "irr": None,
            "profitability_index": None,
            "break_even_saving": None,
        }
        for key, compute in (("simple_payback", lambda: finance.simple_payback(v["investment"], v["annual_saving"])),
                             ("discounted_payback", lambda: finance.discounted_payback(rate, flows)),
                             ("irr", lambda: finance.irr(flows)),
                             ("profitability_index", lambda: finance.profitability_index(rate, flows)),
                             ("break_even_saving", lambda: finance.break_even(
                                 v["investment"], v["annual_saving"], v["lifetime"], rate
                             ).set_index("Input").loc["Net saving per year", "Break-even"])):
            try:
                result[key] = compute()
            except CPInputError as problem:
                result[key] = problem.problem
        result.update(currency=v["currency"], rate=rate,
                      tornado=finance.tornado(v["investment"], v["annual_saving"], v["lifetime"], rate))
        return result

    def render(self, r):
        c = r["currency"]
        self.sensitivity.outputs = (figure_output(finance.tornado_chart(r["tornado"], r["npv"], c)),)
        self.fields["investment"].set_unit(c)
        self.fields["annual_saving"].set_unit(f"{c}/year")

        def years(value):
            return value if isinstance(value, str) else f"{value:.1f} years"

        def number(value, form):
            return value if isinstance(value, str) else form.format(value)

        irr = r["irr"] if isinstance(r["irr"], str) else f"{100 * r['irr']:.1f} %"
        rows = [
            ("Net present value (NPV)", money(r["npv"], c)),
            ("Internal rate of return (IRR)", irr),
            ("Simple payback", years(r["simple_payback"])),
            ("Discounted payback", years(r["discounted_payback"])),
            ("Profitability index (savings today per unit invested)", number(r["profitability_index"], "{:.2f}")),
            ("Break-even net saving (NPV = 0)", number(r["break_even_saving"], "{:,.0f} " + f"{c}/year")),
        ]
        return table_html(rows), self.chart_figure(r)

    def arrangement(self):
        return [*super().arrangement(), self.sensitivity]

    @staticmethod
    def chart_figure(r):
        import plotly.graph_objects as go

        years = list(range(len(r["cashflows"])))
        figure = go.Figure()
        figure.add_bar(x=years, y=r["cashflows"], name="Cash flow")
        figure.add_scatter(x=years, y=r["cumulative"], name="Cumulative discounted", mode="lines+markers")
        figure.update_layout(height=320, margin=dict(l=40, r=20, t=40, b=40),
                             title="Cash flows over the option's lifetime",
                             xaxis_title="Year", yaxis_title=r["currency"])
        return figure
