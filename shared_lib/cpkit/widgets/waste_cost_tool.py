"""The waste-cost tool: prices and cost data in, the true cost of every loss out.

A thin view over :func:`cpkit.costing.mfca`: the trainee edits the price
list, which price each stream takes and the costs of each step; the tool
shows what each material loss really costs (material, energy, system and
waste management), the losses as a Pareto chart and the flow cost matrix.
A plant with unmetered streams is solved from its balance first, and the
tool says so.
"""

import math

import ipywidgets as w
import pandas as pd

from cpkit import balance as balances
from cpkit import cases, costing
from cpkit.errors import CPInputError
from cpkit.units import Q_
from cpkit.widgets.form import ChoiceField, Field, TableField, Tool, at_field, escape

PRICE_COLUMNS = [("item", "Item", "text", "14em"), ("price", "Price", "number", "9em"),
                 ("unit", "Unit", "text", "8em")]
CHARGE_COLUMNS = [("stream", "Stream", "text", "17em"), ("price", "Price item or amount", "text", "14em"),
                  ("charged_as", "Charged as", "text", "10em"), ("carried_by", "Carried by", "text", "7em")]
STEP_COLUMNS = [("step", "Step", "text", "13em"), ("item", "Item", "text", "11em"),
                ("amount", "Amount", "number", "10em"), ("unit", "Unit", "text", "8em"),
                ("category", "Category", "text", "7em")]
PURCHASE, HANDLING = "purchase", "waste management"
BY_MASS = "total mass (ISO 14051)"
WITHOUT = "mass without {}"
SOURCES = {"prices": "prices", "assignments": "charges", "waste management": "charges",
           "step costs": "step_costs", "basis": "basis"}
"""Which field a refusal of cpkit.costing belongs to."""


def _text(quantity):
    return f"{quantity.units:~C}"


def price_rows(prices):
    """Rows of the price table from a price list ``{item: price}`` or a table with Item, Price, Unit.

    >>> price_rows({"water": Q_(14500, "VND/m**3")})
    [{'item': 'water', 'price': 14500.0, 'unit': 'VND/m**3'}]
    """
    if isinstance(prices, pd.DataFrame):
        return [{"item": str(r["Item"]), "price": float(r["Price"]), "unit": str(r["Unit"])}
                for r in prices.to_dict("records")]
    rows = []
    for item, price in prices.items():
        price = price if isinstance(price, Q_) else Q_(str(price))
        rows.append({"item": item, "price": float(price.magnitude), "unit": _text(price)})
    return rows


def charge_rows(costs):
    """Rows of the charges table from :class:`~cpkit.costing.CostData`: purchases, then waste management."""
    rows = [{"stream": s, "price": item, "charged_as": PURCHASE, "carried_by": ", ".join(carried)}
            for s, (item, carried) in costs.prices.items()]
    for stream, entries in costs.waste_management.items():
        for entry in entries:
            shown = entry if isinstance(entry, str) else f"{entry.magnitude:g} {_text(entry)}"
            rows.append({"stream": stream, "price": shown, "charged_as": HANDLING, "carried_by": ""})
    return rows


def step_rows(costs):
    """Rows of the step-costs table from :class:`~cpkit.costing.CostData`."""
    return [{"step": step, "item": item, "amount": float(amount.magnitude), "unit": _text(amount),
             "category": category}
            for category, section in (("system", costs.system), ("energy", costs.energy))
            for step, items in section.items() for item, amount in items.items()]


def _blank(value):
    return value is None or (isinstance(value, float) and math.isnan(value)) or not str(value).strip()


def _refuse(problem, fix, field):
    return at_field(CPInputError(problem, fix=fix), field)


class WasteCostTool(Tool):
    """Prices and cost data of a plant to the true cost of its material losses.

    ``prices`` (a price list or table) and ``costs`` (a
    :class:`~cpkit.costing.CostData`) to start from; by default those of
    the running case, :func:`cpkit.cases.prices` and :func:`cpkit.cases.cost_data`.

    >>> import tempfile, pathlib
    >>> tool = WasteCostTool(cases.running_case(), save_as=pathlib.Path(tempfile.mkdtemp()) / "w.cpkit.json")
    >>> tool.result["costs"].true_costs["Material loss"][0]
    'Dyeing wastewater'
    """

    name = "waste_cost"
    title = "The cost of waste (material flow cost accounting, ISO 14051)"

    def __init__(self, plant, prices=None, costs=None, save_as=None, **values):
        self.plant, self.solved_note = self._solved(plant)
        running = plant.name == cases.running_case().name
        if prices is None:
            prices = cases.prices_table() if running else {}
        if costs is None:
            costs = cases.cost_data() if running else costing.CostData()
        elif not isinstance(costs, costing.CostData):
            costs = costing.CostData.from_dict(costs)
        self.start = {"prices": price_rows(prices), "charges": charge_rows(costs), "step_costs": step_rows(costs),
                      "basis": self._basis_choice(costs.basis)}
        self.currency = costs.currency
        self.matrix = w.HTML()  # the flow cost matrix, under the Pareto chart
        super().__init__(save_as=save_as, **values)

    @staticmethod
    def _solved(plant):
        unknown = [s.name for s in plant.streams if s.quantity is None]
        if not unknown:
            return plant, ""
        try:
            solved = balances.solve(plant)
        except CPInputError:
            return plant, ""  # costing will say what is missing
        found = ", ".join(f"{name} {solved.stream(name).quantity:,.0f~P}" for name in unknown)
        return solved, f"Not metered, so solved from the balance: {found}."

    def owner(self):
        return self.plant.name

    def _basis_choice(self, basis):
        if basis is None:
            return BY_MASS
        others = set(self.plant.components) - set(basis)
        return WITHOUT.format(others.pop()) if len(others) == 1 else BY_MASS

    def fields(self):
        options = [BY_MASS] + [WITHOUT.format(c) for c in self.plant.components if c == "water"]
        period = self.plant.period
        return [
            ChoiceField("basis", "Energy, system costs by", self.start["basis"], options,
                        help="How energy and system costs are shared between products and losses."),
            Field("line", "Pareto line at", 80, "% of the cost of all losses", minimum=0, maximum=100),
            TableField("prices", "Prices", self.start["prices"], PRICE_COLUMNS, minimum=0),
            TableField("charges", "Which price each stream takes (purchases; waste-management charges on losses)",
                       self.start["charges"], CHARGE_COLUMNS),
            TableField("step_costs", f"Costs of each step per {period} (system: labour, depreciation, maintenance)",
                       self.start["step_costs"], STEP_COLUMNS, minimum=0),
        ]

    def arrangement(self):
        """Choices, then the results, then the long tables that feed them."""
        f = self.fields
        return [f["basis"].box, f["line"].box, self.status, self.results, self.chart, self.matrix,
                f["prices"].box, f["charges"].box, f["step_costs"].box]

    # -- the calculation -------------------------------------------------------
    def cost_data(self, v):
        """A :class:`~cpkit.costing.CostData` from the tables."""
        purchases, handling = {}, {}
        for number, row in enumerate(v["charges"], start=1):
            stream, price, kind = row["stream"].strip(), row["price"].strip(), row["charged_as"].strip().lower()
            if not stream and not price:
                continue
            if not stream or not price:
                raise _refuse(f"Row {number} of the charges has {'no stream' if not stream else 'no price item'}.",
                              "Fill in both the stream and its price item, or empty the row.", "charges")
            if kind in ("", PURCHASE):
                purchases[stream] = {"price": price, "carried by": row["carried_by"]}
            elif kind == HANDLING:
                handling.setdefault(stream, []).append(price)
            else:
                raise _refuse(f"Row {number} of the charges: '{row['charged_as']}' is neither "
                              f"'{PURCHASE}' nor '{HANDLING}'.", f"Write '{PURCHASE}' or '{HANDLING}'.", "charges")
        system, energy = {}, {}
        for number, row in enumerate(v["step_costs"], start=1):
            step, item, category = row["step"].strip(), row["item"].strip(), row["category"].strip().lower()
            if not step and not item:
                continue
            if category not in ("system", "energy", ""):
                raise _refuse(f"Row {number} of the step costs: '{row['category']}' is neither 'system' nor 'energy'.",
                              "Write 'system' (labour, depreciation, maintenance) or 'energy'.", "step_costs")
            amount = self._quantity(row["amount"], row["unit"], f"{item or 'cost'} of step '{step}'", "step_costs")
            (energy if category == "energy" else system).setdefault(step, {})[item or f"cost {number}"] = amount
        basis = None
        if v["basis"] != BY_MASS:
            left_out = v["basis"][len(WITHOUT.format("")):]
            basis = [c for c in self.plant.components if c != left_out]
        return costing.CostData(prices=purchases, waste_management=handling, system=system, energy=energy,
                                basis=basis, currency=self.currency)

    def price_list(self, rows):
        """The price list ``{item: price}`` from the price table."""
        prices = {}
        for number, row in enumerate(rows, start=1):
            item = row["item"].strip()
            if not item:
                raise _refuse(f"Row {number} of the prices has no item name.",
                              "Name the item (e.g. 'water'), or remove the row.", "prices")
            if item in prices:
                raise _refuse(f"The price '{item}' is given twice.", "Keep one row per item.", "prices")
            prices[item] = self._quantity(row["price"], row["unit"], f"the price '{item}'", "prices")
        return prices

    @staticmethod
    def _quantity(amount, unit, what, field):
        if _blank(unit):
            raise _refuse(f"{what[0].upper() + what[1:]} has no unit.",
                          "Give its currency and unit, e.g. 'VND/kg' or 'VND/month'.", field)
        try:
            return Q_(float(amount), str(unit).strip())
        except Exception:
            raise _refuse(f"{what[0].upper() + what[1:]}: cannot read the unit {unit!r}.",
                          "Write it like 'VND/m**3', 'VND/kg' or 'VND/month'.", field) from None

    def calculate(self, v):
        try:
            prices = self.price_list(v["prices"])
            result = costing.mfca(self.plant, prices, self.cost_data(v))
            costing.vital_few(result.true_costs, v["line"])
        except CPInputError as problem:
            if getattr(problem, "form_field", None) is None:
                at_field(problem, SOURCES.get(getattr(problem, "source", None), "charges"))
            raise
        return {"costs": result, "line": v["line"]}

    # -- the display -------------------------------------------------------------
    def render(self, r):
        result = r["costs"]
        table = result.true_costs
        money = [c for c in table.columns if c.endswith(f"({result.money:~P})".replace(" ", ""))]
        scale, label = self._scale(table, money, result)
        shown = table.copy()
        for column in money:
            shown[column] = shown[column] / scale
        shown.columns = [c.replace(f"({result.money:~P})".replace(" ", ""), f"({label})") for c in shown.columns]
        few = costing.vital_few(table, r["line"])
        total, losses = result.total.magnitude, result.total_losses.magnitude
        share = 100 * losses / total if total else 0.0
        reached = table["Cumulative (%)"].iloc[len(few) - 1] if few else 0.0
        html = (f"<h4>True cost of the material losses</h4>"
                f"<p>The material losses cost <b>{losses / scale:,.1f} {label}</b>, {share:.0f} % of all costs "
                f"({total / scale:,.1f} {label}). The {len(few)} costliest, {reached:.0f} % of it, reach the "
                f"{r['line']:g} % line: <b>{escape(', '.join(few))}</b>.</p>")
        notes = [self.solved_note, *result.notes]
        html += "".join(f"<p><small>{escape(note)}</small></p>" for note in notes if note)
        html += self._html(shown.drop(columns=["To"]), {f"Mass ({result.unit:~P})": "{:,.1f}",
                                                         "Share (%)": "{:.1f}", "Cumulative (%)": "{:.1f}"})
        matrix = result.flow_cost_matrix
        for column in matrix.columns:
            if column in money or column.startswith(("Total (", "Material (", "Energy (", "System (", "Waste")):
                matrix[column] = matrix[column] / scale
        matrix.columns = [c.replace(f"({result.money:~P})".replace(" ", ""), f"({label})") for c in matrix.columns]
        self.matrix.value = (
            "<h4>Flow cost matrix</h4><p><small>A step's products carry the costs they brought from upstream: "
            "add up the whole plant's rows, not the steps'.</small></p>"
            + self._html(matrix, {f"Mass ({result.unit:~P})": "{:,.1f}"}))
        figure = costing.pareto_chart(shown, r["line"])
        return html, figure

    @staticmethod
    def _scale(table, money, result):
        """Millions for large sums (VND), else the currency itself."""
        largest = table[money].abs().to_numpy().max() if len(table) else 0.0
        unit = f"{result.money:~P}".replace(" ", "")
        if largest >= 1e7:
            return 1e6, f"million {unit}"
        return 1.0, unit

    @staticmethod
    def _html(table, formats):
        numbers = {c: "{:,.1f}" for c in table.columns if table[c].dtype.kind == "f"}
        numbers.update(formats)
        return table.style.format(numbers, escape="html").hide(axis="index").to_html()
