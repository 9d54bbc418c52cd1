"""The cost of waste: material flow cost accounting (MFCA) in the manner of ISO 14051.

A waste stream costs far more than its disposal fee. What is lost was
bought (its material), heated and pumped (energy), handled by people and
machines (system costs), and then has to be treated or taken away (waste
management). MFCA puts a price on all four.

Each step of the plant is a *quantity centre*. Its costs are shared
between what it passes on (its products) and what it loses:

- **material costs**: the purchase value of what enters from outside, carried
  from step to step with the streams. Where the plant gives compositions
  (fibre, water, dyes, chemicals in the running case) each component keeps
  its own value per tonne: a kilogram of lost dye is worth a kilogram of dye,
  not a kilogram of the average stream;
- **energy costs** (fuel, electricity; steam carries its boiler's costs) and
  **system costs** (labour, depreciation, maintenance) of each step, shared
  in proportion to the mass of its outputs (the *allocation ratio*; by
  default their total mass, or the mass without water, or without the
  auxiliary and operating materials, ``basis="without auxiliary materials"``,
  as in ISO 14053's steel-cutting example where the machine oil takes no
  part). The result states the basis used and shows each centre's ratios
  (:attr:`FlowCosts.allocation`);
- **waste-management costs** (treatment, discharge fees, disposal) go to the
  material losses alone.

Streams of kind waste, wastewater and emission are the *material losses*.
Their costs stop where they arise: a loss that another step takes back in
(recycling) enters it at no value. A step that receives nothing but losses
of other steps (and its own chemicals, water and power) is a *treatment
step*, such as a wastewater treatment plant: all its costs, and the fees on
what leaves it (sludge disposal, discharge fee), are the waste-management
costs of the losses it treats, shared by their mass. What a step's balance
cannot account for (a leak nobody measured) is a material loss too: the
*balance gap*, costed like any other loss.

Every flow must be known: a plant with unknown flows is solved from its
step balances first (:func:`cpkit.balance.solve`), and the result's notes
say so.

>>> from cpkit import cases, costing
>>> from cpkit.balance import solve
>>> result = costing.mfca(solve(cases.running_case()), cases.prices(), cases.cost_data())
>>> print(f"{result.total_losses.to('VND/month').magnitude / 1e6:,.0f} million VND/month")
7,220 million VND/month
>>> table = result.true_costs
>>> for loss, cost in zip(table["Material loss"][:3], table["True cost (VND/month)"]):
...     print(f"{loss}: {cost / 1e6:,.0f} million VND/month")
Dyeing wastewater: 3,054 million VND/month
Pretreatment wastewater: 1,993 million VND/month
Rinsing wastewater: 1,172 million VND/month
"""

from __future__ import annotations

import dataclasses
import numbers

import numpy as np

from cpkit.errors import CPInputError
from cpkit.flowsheet import (LOSS_KINDS, OUTSIDE, _closest, _energy_amount, _is_blank, _load_yaml,
                             is_material, mass_flow, mass_unit)
from cpkit.units import CURRENCIES, Q_, currency_of, ureg
from cpkit.units import quantity as read_quantity

CATEGORIES = ("material", "energy", "system", "waste management")
"""The four cost categories of ISO 14051."""

TOTAL_MASS = "total mass"
"""The default allocation basis: energy and system costs shared by the mass of each output."""

WITHOUT_AUXILIARY = "without auxiliary materials"
"""Allocation basis: the mass of each output less its auxiliary and operating materials (the components
that enter the plant only with streams of kind "auxiliary", such as machine oil or paint)."""

GAP = "balance gap"
"""Kind given to the loss a step's balance cannot account for."""

TREATMENT_INPUT_KINDS = ("auxiliary", "water", "energy")
"""What a treatment step may take from outside besides the losses it treats (chemicals, dilution water, power)."""


# --------------------------------------------------------------------------- errors


def _error(problem, fix, source):
    """A CPInputError that also says which input is wrong (for the tools): 'prices',
    'assignments', 'step costs', 'waste management', 'basis' or 'plant'."""
    error = CPInputError(problem, fix=fix)
    error.source = source
    return error


def _show(quantity):
    """A quantity as a trainee reads it: '-5 VND/month', '14,500 VND/m³', '0.25 USD/kg'."""
    m = float(quantity.magnitude)
    text = f"{m:,.0f}" if abs(m) >= 1e4 or m == int(m) else f"{m:,.6g}"
    return f"{text} {quantity.units:~P}".strip()


def _quantity(value, what, example, source):
    """An amount read as :func:`cpkit.units.quantity` reads it, its refusal naming ``source``."""
    try:
        return read_quantity(value, what, example)
    except CPInputError as problem:
        raise _error(problem.problem, problem.fix, source) from None


def _percent(value, what="The Pareto line"):
    """A percentage between 0 and 100, from '80 %', 80 or a dimensionless quantity."""
    if isinstance(value, str):
        try:
            value = Q_(value.strip())
        except Exception:
            raise CPInputError(f"{what} {value!r} is not a percentage.", fix="Give it like '80 %'.") from None
    if isinstance(value, ureg.Quantity):
        if not value.check("[]"):
            raise CPInputError(f"{what} {_show(value)} is not a percentage.", fix="Give it like '80 %'.")
        value = value.to("percent").magnitude
    value = float(value)
    if not 0 <= value <= 100:
        raise CPInputError(f"{what} is {value:g} %, outside 0 to 100 %.",
                           fix="Give a percentage between 0 and 100, e.g. '80 %' for the losses that make "
                               "up the first 80 % of the cost.")
    return value


# --------------------------------------------------------------------------- cost data


def _names(value):
    if _is_blank(value):
        return ()
    if isinstance(value, str):
        return tuple(v.strip() for v in value.split(",") if v.strip())
    return tuple(str(v).strip() for v in value)


@dataclasses.dataclass
class CostData:
    """What MFCA needs besides the plant and the price list.

    - ``prices``: which price each input from outside takes, ``{stream:
      price item}``, or ``{stream: {"price": item, "carried by": component(s)}}``
      when the purchase value belongs to some components only (the fibre of
      grey fabric, not its moisture). A price of 0 marks a free input.
    - ``waste_management``: ``{loss stream: [price item or amount, ...]}``:
      treatment, discharge fees, disposal, charged per unit of the stream
      (a price item) or as an amount per period ("50000 USD").
    - ``system``: ``{step: {item: amount per period}}``: labour,
      depreciation, maintenance.
    - ``energy``: ``{step: {item: amount per period}}``: energy paid as a sum
      rather than as a priced stream of the plant.
    - ``basis``: how energy and system costs are shared: ``None`` or
      ``"total mass"`` (the default), ``"without auxiliary materials"``, or
      the components whose mass counts.
    - ``currency``: the currency of every cost ("VND").

    >>> data = CostData(prices={"Dyes": "dyes"}, system={"Dyeing": {"labour": "400e6 VND/month"}})
    >>> data.system["Dyeing"]["labour"]
    <Quantity(400000000.0, 'VND / month')>
    >>> CostData(system={"Dyeing": {"labour": "-5 VND/month"}})
    Traceback (most recent call last):
    ...
    cpkit.errors.CPInputError: System cost 'labour' of step 'Dyeing' is negative (-5 VND/month).
    How to fix: Enter costs as positive amounts (0 for none); money earned from a by-product is not a cost of waste: leave it out.
    """

    prices: dict = dataclasses.field(default_factory=dict)
    waste_management: dict = dataclasses.field(default_factory=dict)
    system: dict = dataclasses.field(default_factory=dict)
    energy: dict = dataclasses.field(default_factory=dict)
    basis: object = None
    currency: str = None
    description: str = ""

    def __post_init__(self):
        prices = {}
        for stream, entry in (self.prices or {}).items():
            if isinstance(entry, dict):
                item = entry.get("price")
                carried = _names(entry.get("carried by", entry.get("carried_by")))
            else:
                item, carried = entry, ()
            if _is_blank(item):
                raise _error(f"Stream '{stream}' is listed under prices without a price item.",
                             f"Write the name of its price, e.g. '{stream}: water'.", "assignments")
            prices[str(stream).strip()] = (str(item).strip(), carried)
        self.prices = prices
        handling = {}
        for stream, entries in (self.waste_management or {}).items():
            entries = [entries] if isinstance(entries, (str, ureg.Quantity)) else list(entries or [])
            handling[str(stream).strip()] = [self._handling_entry(stream, e) for e in entries if not _is_blank(e)]
        self.waste_management = handling
        self.system = self._amounts(self.system, "System cost")
        self.energy = self._amounts(self.energy, "Energy cost")
        self.basis = _basis_choice(self.basis)

    def _handling_entry(self, stream, entry):
        """A price item (str) or an amount of money per period (Quantity)."""
        if isinstance(entry, ureg.Quantity):
            return self._money(entry, f"Waste-management cost of '{stream}'", "waste management")
        if isinstance(entry, numbers.Number):
            self._money(entry, f"Waste-management cost of '{stream}'", "waste management")  # raises
        text = str(entry).strip()
        try:
            value = Q_(text.replace(",", ""))
        except Exception:
            return text
        if isinstance(value, ureg.Quantity) and currency_of(value) is not None:
            return self._money(value, f"Waste-management cost of '{stream}'", "waste management")
        return text

    def _amounts(self, table, what):
        checked = {}
        for step, items in (table or {}).items():
            step = str(step).strip()
            if not isinstance(items, dict):
                raise _error(f"{what}s of step '{step}' must be a list of items with amounts.",
                             "Write them like {labour: 60000000 VND/month, maintenance: 5000000 VND/month}.",
                             "step costs")
            checked[step] = {str(item).strip(): self._money(amount, f"{what} '{item}' of step '{step}'", "step costs")
                             for item, amount in items.items()}
        return checked

    @staticmethod
    def _money(value, what, source):
        value = _quantity(value, what, "60000000 VND/month", source)
        if currency_of(value) is None:
            raise _error(f"{what} ({_show(value)}) is not an amount of money.",
                         "Give it in a currency per period, e.g. '60000000 VND/month'.", source)
        if value.magnitude < 0:
            raise _error(f"{what} is negative ({_show(value)}).",
                         "Enter costs as positive amounts (0 for none); money earned from a by-product is not "
                         "a cost of waste: leave it out.", source)
        return value

    @classmethod
    def from_dict(cls, data, origin="the cost data"):
        """Cost data from plain data, in the layout of ``costs.yaml`` of the running case."""
        if not isinstance(data, dict):
            raise CPInputError(f"{origin} is not a mapping of sections.",
                               fix="Write sections 'prices:', 'waste management:' and 'system costs:'.")
        known = {"currency", "allocation basis", "prices", "waste management", "system costs", "energy costs",
                 "description"}
        unknown = [k for k in data if k not in known]
        if unknown:
            raise CPInputError(f"{origin}: '{unknown[0]}' is not a section of cost data.{_closest(unknown[0], known)}",
                               fix=f"Use the sections: {', '.join(sorted(known))}.")
        return cls(prices=data.get("prices") or {}, waste_management=data.get("waste management") or {},
                   system=data.get("system costs") or {}, energy=data.get("energy costs") or {},
                   basis=data.get("allocation basis"), currency=data.get("currency"),
                   description=data.get("description", ""))

    @classmethod
    def from_yaml(cls, path):
        """Cost data from a YAML file (see ``cpkit/data/running_case/costs.yaml``)."""
        with open(path, encoding="utf-8") as f:
            text = f.read()
        return cls.from_yaml_text(text, origin=f"File '{path}'")

    @classmethod
    def from_yaml_text(cls, text, origin="the YAML text"):
        return cls.from_dict(_load_yaml(text, origin), origin=origin)


# --------------------------------------------------------------------------- the calculation


@dataclasses.dataclass
class _Output:
    name: str
    step: str
    destination: str
    kind: str
    role: str  # "product" (leaves the plant), "intermediate" (to another step), "loss", "stock"
    masses: dict
    costs: dict = dataclasses.field(default_factory=lambda: dict.fromkeys(CATEGORIES, 0.0))


class FlowCosts:
    """The result of :func:`mfca`: what every product and material loss costs.

    - ``flow_cost_matrix``: per quantity centre and for the whole plant,
      products and material losses against the four cost categories;
    - ``true_costs``: one row per material loss, costliest first;
    - ``true_cost(name)``, ``total_losses``, ``total``: amounts of money;
    - ``pareto_chart()``: the losses as a Pareto chart;
    - ``allocation``: each quantity centre's allocation ratios, the share
      of its energy and system costs each output takes;
    - ``basis_statement`` and ``notes``: what the calculation had to decide
      (allocation basis, flows solved from the balance, balance gaps,
      treatment steps).

    Tables carry the unit of each numeric column in ``table.attrs["units"]``.
    """

    def __init__(self, outputs, inputs, money, unit, basis, notes, shares=None, basis_statement=""):
        self._outputs = outputs
        self._inputs = inputs
        self.money = money
        self.unit = unit
        self.basis = basis
        self.notes = notes
        self.currency = currency_of(Q_(1, money))
        self._shares = shares or {}
        self.basis_statement = basis_statement
        """How energy and system costs were shared, in one sentence (also the first of the notes)."""

    # -- amounts -------------------------------------------------------------
    def _money(self, value):
        return Q_(float(value), self.money)

    def true_cost(self, name):
        """The true cost of one material loss (by stream name) as money per period."""
        for o in self._outputs:
            if o.name == name and o.role == "loss":
                return self._money(sum(o.costs.values()))
        losses = [o.name for o in self._outputs if o.role == "loss"]
        raise CPInputError(f"'{name}' is not a material loss of this plant.{_closest(name, losses)}",
                           fix=f"Use one of: {', '.join(repr(n) for n in losses)}.")

    def cost_of(self, name, category):
        """One cost category of one costed output (product, loss, balance gap)."""
        for o in self._outputs:
            if o.name == name:
                return self._money(o.costs[category])
        raise CPInputError(f"'{name}' is not a costed output.{_closest(name, [o.name for o in self._outputs])}")

    @property
    def total(self):
        """All costs that entered, the four categories together."""
        return self._money(sum(self._inputs.values()))

    @property
    def total_losses(self):
        """What all material losses cost together."""
        return self._money(sum(sum(o.costs.values()) for o in self._outputs if o.role == "loss"))

    def inputs(self, category):
        """The costs of one category that entered the plant (purchases, energy, system, waste management)."""
        return self._money(self._inputs[category])

    # -- tables ----------------------------------------------------------------
    def _columns(self):
        label = f"{self.money:~P}".replace(" ", "")
        return {c: f"{c.capitalize()} ({label})" for c in CATEGORIES}, f"Total ({label})", label

    @property
    def allocation(self):
        """Each quantity centre's allocation ratios: the share of its energy and system costs each output takes.

        Columns: centre, output, its role, its mass, the mass that counts in
        the allocation basis, and the allocation ratio (%).
        """
        import pandas as pd

        mass, counted = f"Mass ({self.unit:~P})", f"Mass in the allocation basis ({self.unit:~P})"
        rows = [{"Quantity centre": o.step, "Output": o.name, "Role": o.role, mass: sum(o.masses.values()),
                 counted: basis_mass, "Allocation ratio (%)": 100.0 * share}
                for o in self._outputs for basis_mass, share in [self._shares.get(o.name, (0.0, 0.0))]]
        table = pd.DataFrame(rows, columns=["Quantity centre", "Output", "Role", mass, counted,
                                            "Allocation ratio (%)"])
        table.attrs["units"] = {mass: f"{self.unit:~P}", counted: f"{self.unit:~P}", "Allocation ratio (%)": "%"}
        return table

    @property
    def flow_cost_matrix(self):
        """Products and material losses by cost category, per quantity centre and for the whole plant.

        A centre's products carry on the costs they brought from upstream, so
        add up the *Whole plant* rows, not the centres.
        """
        import pandas as pd

        columns, total, _ = self._columns()
        rows = []

        def add(centre, label, outputs):
            row = {"Quantity centre": centre, "Output": label,
                   f"Mass ({self.unit:~P})": sum(sum(o.masses.values()) for o in outputs)}
            for c in CATEGORIES:
                row[columns[c]] = sum(o.costs[c] for o in outputs)
            row[total] = sum(row[columns[c]] for c in CATEGORIES)
            rows.append(row)

        for step in dict.fromkeys(o.step for o in self._outputs):
            mine = [o for o in self._outputs if o.step == step]
            add(step, "Products", [o for o in mine if o.role != "loss"])
            add(step, "Material losses", [o for o in mine if o.role == "loss"])
            add(step, "Total", mine)
        final = [o for o in self._outputs if o.role in ("product", "stock")]
        losses = [o for o in self._outputs if o.role == "loss"]
        add("Whole plant", "Products", final)
        add("Whole plant", "Material losses", losses)
        add("Whole plant", "Total", final + losses)
        table = pd.DataFrame(rows)
        table.attrs["units"] = {f"Mass ({self.unit:~P})": f"{self.unit:~P}",
                                **{column: f"{self.money:~P}" for column in [*columns.values(), total]}}
        return table

    @property
    def true_costs(self):
        """One row per material loss: what is lost, its four costs and its true cost, costliest first."""
        import pandas as pd

        columns, total, _ = self._columns()
        rows = []
        for o in self._outputs:
            if o.role != "loss":
                continue
            row = {"Material loss": o.name, "From": o.step, "To": o.destination, "Kind": o.kind,
                   f"Mass ({self.unit:~P})": sum(o.masses.values())}
            row.update({columns[c]: o.costs[c] for c in CATEGORIES})
            row[total] = sum(o.costs.values())
            rows.append(row)
        table = pd.DataFrame(rows, columns=["Material loss", "From", "To", "Kind", f"Mass ({self.unit:~P})",
                                            *columns.values(), total])
        table = table.sort_values(total, ascending=False, ignore_index=True, kind="stable")
        whole = table[total].sum()
        table["Share (%)"] = 100.0 * table[total] / whole if whole else 0.0
        table["Cumulative (%)"] = table["Share (%)"].cumsum()
        table = table.rename(columns={total: total.replace("Total", "True cost")})
        table.attrs["units"] = {f"Mass ({self.unit:~P})": f"{self.unit:~P}",
                                **{column: f"{self.money:~P}" for column in [*columns.values(),
                                                                             total.replace("Total", "True cost")]},
                                "Share (%)": "%", "Cumulative (%)": "%"}
        return table

    def vital_few(self, line="80 %"):
        """The costliest losses that together make up ``line`` of the cost of all losses."""
        return vital_few(self.true_costs, line)

    def pareto_chart(self, line="80 %"):
        """The losses as a Pareto chart (see :func:`pareto_chart`)."""
        return pareto_chart(self.true_costs, line)

    def __repr__(self):
        losses = sum(1 for o in self._outputs if o.role == "loss")
        return (f"<FlowCosts: {losses} material losses costing {self.total_losses:,.0f~P} "
                f"of {self.total:,.0f~P}>")


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


def _basis_choice(basis):
    """None (total mass), WITHOUT_AUXILIARY, or a tuple of component names, from what a user writes."""
    if _is_blank(basis) or (isinstance(basis, str) and basis.strip().lower() == TOTAL_MASS):
        return None
    if isinstance(basis, str) and basis.strip().lower() in (WITHOUT_AUXILIARY, "without auxiliary"):
        return WITHOUT_AUXILIARY
    return _names(basis)


def _mass_of(masses, basis):
    return sum(masses.values()) if basis is None else sum(masses.get(c, 0.0) for c in basis)


def mfca(plant, prices, costs, basis=None, tolerance="1 %"):
    """Material flow cost accounting of ``plant``: the true cost of each material loss.

    - ``prices``: the price list, ``{item: price}`` (e.g. :func:`cpkit.cases.prices`);
    - ``costs``: a :class:`CostData` (which price each input takes, system
      costs per step, waste-management charges), or plain data in its layout;
    - ``basis``: how energy and system costs are shared: ``None`` for the
      cost data's choice (by default the total mass), ``"total mass"``, or
      the components whose mass counts (``["fibre", "dyes", "chemicals"]``);
    - ``tolerance``: a step whose balance misses by more than this has a
      balance-gap loss.

    A plant with unknown flows is solved from its step balances first
    (:func:`cpkit.balance.solve`; the notes list what was solved).

    Returns a :class:`FlowCosts`. A printing line: 100 t of paper in, 70 t
    printed; energy and system costs follow the mass, 30 % to the trimmings.

    >>> from cpkit.flowsheet import Plant
    >>> plant = Plant("Printing", period="month")
    >>> plant.add_step("Printing")
    >>> plant.add_stream("Paper", "outside", "Printing", "100 t/month", kind="raw material")
    >>> plant.add_stream("Printed paper", "Printing", "outside", "70 t/month", kind="product")
    >>> plant.add_stream("Trimmings", "Printing", "outside", "30 t/month", kind="waste")
    >>> costs = CostData(prices={"Paper": "paper"}, waste_management={"Trimmings": ["2000 USD/month"]},
    ...                  system={"Printing": {"labour": "25000 USD/month"}},
    ...                  energy={"Printing": {"electricity": "5000 USD/month"}})
    >>> result = mfca(plant, {"paper": "650 USD/t"}, costs)
    >>> result.true_cost("Trimmings")
    <Quantity(30500.0, 'USD / month')>
    >>> result.true_costs.iloc[0, 5:10].tolist()   # material, energy, system, waste management, true cost
    [19500.0, 1500.0, 7500.0, 2000.0, 30500.0]
    >>> result.allocation["Allocation ratio (%)"].tolist()
    [70.0, 30.0]
    >>> print(result.basis_statement)
    Energy and system costs of each quantity centre are shared by the total mass of its outputs.
    """
    if not isinstance(costs, CostData):
        costs = CostData.from_dict(costs)
    currency = costs.currency or _first_currency(prices, costs)
    if currency not in CURRENCIES:
        raise _error(f"'{currency}' is not a currency cpkit knows.{_closest(currency, CURRENCIES)}",
                     f"Use one of: {', '.join(CURRENCIES)}.", "prices")
    plant, solved_note = _solved(plant)
    _check_plant(plant)
    _check_names(plant, costs)
    basis, statement = _basis(plant, costs.basis if basis is None else _basis_choice(basis))
    accounts = _Accounts(plant, costs, _PriceList(prices, currency), currency, basis, _tolerance(tolerance))
    accounts.notes[:0] = [statement] + ([solved_note] if solved_note else [])
    accounts.buy()
    accounts.share_out()
    accounts.value_materials()
    accounts.carry_energy_and_system_costs()
    accounts.charge_waste_management()
    shares = {o.name: (_mass_of(o.masses, basis), share) for c in accounts.centres
              for o, share in zip(accounts.outputs[c], accounts.shares[c])}
    return FlowCosts(accounts.all_outputs(), accounts.inputs, accounts.money, accounts.unit, basis, accounts.notes,
                     shares=shares, basis_statement=statement)


def _solved(plant):
    """The plant with its unknown flows solved from the step balances, and a note saying so ('' if none)."""
    unknown = [s.name for s in plant.streams if s.quantity is None]
    if not unknown:
        return plant, ""
    from cpkit.balance import solve

    try:
        solved = solve(plant)
    except CPInputError as problem:
        raise _error(
            f"The flows of {', '.join(repr(n) for n in unknown)} are not known (status unknown), and the step "
            f"balances cannot give them: {problem.problem}",
            "Measure or estimate those streams, then cost the plant; cpkit.balance.solve(plant) shows what "
            "the balances can give.", "plant") from None
    found = ", ".join(f"'{name}' {solved.stream(name).quantity:,.4g~P}" for name in unknown)
    return solved, f"Not measured, so solved from the step balances (cpkit.balance.solve) before costing: {found}."


class _Accounts:
    """The working sheets of :func:`mfca`, one method per step of the calculation."""

    def __init__(self, plant, costs, price_list, currency, basis, tolerance):
        self.plant, self.costs, self.price_list, self.basis, self.tolerance = plant, costs, price_list, basis, tolerance
        self.unit = mass_unit(plant)
        self.money = ureg.Unit(currency if plant.period == "batch" else f"{currency}/{plant.period}")
        self.components = _components(plant)
        self.notes = []
        if self.components == ["material"]:
            self.notes.append("Costed on total mass: not every material stream has a composition.")
        self.masses = {s.name: _masses(s, self.unit, self.components) for s in plant.streams
                       if is_material(s, plant.period)}
        self.treatment = [step.name for step in plant.steps if _is_treatment(plant, step.name)]
        self.centres = [step.name for step in plant.steps if step.name not in self.treatment]
        self.index = {name: i for i, name in enumerate(self.centres)}
        self.inputs = dict.fromkeys(CATEGORIES, 0.0)
        self.external = {c: dict.fromkeys(self.components, 0.0) for c in self.centres}
        self.own = {"energy": np.zeros(len(self.centres)), "system": np.zeros(len(self.centres))}
        self.outputs = {c: [] for c in self.centres}
        self.feeds = {c: [] for c in self.centres}  # (stream, source centre): products passed from centre to centre
        self.shares = {}

    def money_of(self, amount, what, source):
        return _per_period(amount, self.money, what, source, self.plant.period)

    def all_outputs(self):
        return [o for c in self.centres for o in self.outputs[c]]

    def buy(self):
        """What each quantity centre takes in from outside (material by component, energy), and its own costs."""
        for s in self.plant.streams:
            if s.source != OUTSIDE or s.destination in self.treatment:
                continue  # a treatment step's purchases are waste-management costs (charge_waste_management)
            value = self.price_list.value_of(s, self.costs, self.money, self.plant)
            c = s.destination
            if not is_material(s, self.plant.period):
                self.own["energy"][self.index[c]] += value
                self.inputs["energy"] += value
                continue
            _, carried = self.costs.prices[s.name]
            masses = self.masses[s.name]
            carriers = [k for k in (carried or self.components) if masses.get(k, 0.0) > 0]
            if not carriers:
                raise _error(f"Stream '{s.name}': its price is carried by {', '.join(carried)}, "
                             "which the stream does not contain.",
                             f"Name components of its composition ({', '.join(masses) or 'none'}).", "assignments")
            weight = sum(masses[k] for k in carriers)
            for k in carriers:
                self.external[c][k] += value * masses[k] / weight
            self.inputs["material"] += value
        for category, section in (("energy", self.costs.energy), ("system", self.costs.system)):
            for step in self.centres:
                for item, amount in section.get(step, {}).items():
                    value = self.money_of(amount, f"{category.capitalize()} cost '{item}' of step '{step}'",
                                          "step costs")
                    self.own[category][self.index[step]] += value
                    self.inputs[category] += value

    def share_out(self):
        """The outputs of each centre, with its balance gap and stock build-up, and each output's share of
        the centre's energy and system costs."""
        for s in self.plant.streams:
            if s.source in self.index and is_material(s, self.plant.period):
                role = "loss" if s.kind in LOSS_KINDS else ("product" if s.destination == OUTSIDE else "intermediate")
                self.outputs[s.source].append(_Output(s.name, s.source, s.destination, s.kind, role,
                                                      self.masses[s.name]))
                if role == "intermediate" and s.destination in self.index:
                    self.feeds[s.destination].append((s.name, s.source))
        for c in self.centres:
            self._stock_and_gap(c)
            base = [_mass_of(o.masses, self.basis) for o in self.outputs[c]]
            if sum(base) <= 0 and self.basis is not None:
                base = [_mass_of(o.masses, None) for o in self.outputs[c]]
                self.notes.append(f"No output of '{c}' carries {', '.join(self.basis)}: its energy and system "
                                  "costs are shared by total mass.")
            if sum(base) <= 0:
                i = self.index[c]
                if self.own["energy"][i] or self.own["system"][i] or any(self.external[c].values()) or self.feeds[c]:
                    raise _error(f"Step '{c}' has costs but no material output to carry them.",
                                 "Give the step its outputs (products and losses) in the plant, or move its costs "
                                 "to the step that uses them.", "step costs")
            self.shares[c] = [b / sum(base) if sum(base) else 0.0 for b in base]

    def _stock_and_gap(self, c):
        components = self.components
        inflow = _sum_masses([self.masses[s.name] for s in self.plant.streams_in(c) if s.name in self.masses],
                             components)
        outflow = _sum_masses([o.masses for o in self.outputs[c]], components)
        step = self.plant.step(c)
        stock = 0.0 if step.accumulation is None else _accumulation(step, self.unit)
        if stock < 0:
            raise _error(f"Step '{c}' draws {-stock:,.4g} {self.unit:~P} from its stock: costing does not know "
                         "what that stock cost.", "Enter what is taken from stock as an input from outside, "
                         "with its price.", "plant")
        total_in, total_out = sum(inflow.values()), sum(outflow.values())
        if stock and total_in:
            stock_masses = {k: stock * inflow[k] / total_in for k in components}
            self.outputs[c].append(_Output(f"{c}: stock build-up", c, c, "stock", "stock", stock_masses))
            for k in components:
                outflow[k] += stock_masses[k]
        closes = abs(total_in - total_out - stock) <= self.tolerance * max(total_in, total_out, 1e-300)
        # a balance that does not close loses what it cannot account for; one that closes loses only
        # a component that enters and never leaves
        gap = {k: max(inflow[k] - outflow[k], 0.0) if not closes else (inflow[k] if outflow[k] == 0 else 0.0)
               for k in components}
        if sum(gap.values()) > 0:
            self.outputs[c].append(_Output(f"{c}: balance gap", c, "not known", GAP, "loss",
                                           {k: v for k, v in gap.items() if v > 0}))
            self.notes.append(f"The balance of '{c}' misses {sum(gap.values()):,.4g} {self.unit:~P}: costed as a "
                              f"loss, '{c}: balance gap' (find where it goes).")

    def value_materials(self):
        """Each component's value per unit mass in each centre, and so the material cost of every output.

        A centre's value of a component is what it bought of it plus what its feeds brought, over the
        mass of it that leaves (gap and stock included). Products can return to an earlier step, so the
        centres are solved together, one linear system per component.
        """
        n = len(self.centres)
        unit_value = {}
        for k in self.components:
            a, b = np.zeros((n, n)), np.zeros(n)
            for c in self.centres:
                i = self.index[c]
                leaving = sum(o.masses.get(k, 0.0) for o in self.outputs[c])
                a[i, i] = leaving if leaving > 0 else 1.0
                b[i] = self.external[c][k]
                for stream, source in self.feeds[c]:
                    a[i, self.index[source]] -= self.masses[stream].get(k, 0.0)
            unit_value[k] = _solve(a, b, f"the value of {k}")
        for c in self.centres:
            for o in self.outputs[c]:
                o.costs["material"] = sum(m * unit_value[k][self.index[c]] for k, m in o.masses.items())

    def carry_energy_and_system_costs(self):
        """Each centre's own energy and system costs plus those its feeds carried in, shared by the basis."""
        carry = np.eye(len(self.centres))
        for c in self.centres:
            for stream, source in self.feeds[c]:
                j = [o.name for o in self.outputs[source]].index(stream)
                carry[self.index[c], self.index[source]] -= self.shares[source][j]
        for category in ("energy", "system"):
            totals = _solve(carry, self.own[category], f"the {category} costs")
            for c in self.centres:
                for o, share in zip(self.outputs[c], self.shares[c]):
                    o.costs[category] = share * totals[self.index[c]]

    def charge_waste_management(self):
        """Charges on losses, and everything a treatment step costs, shared by the mass of the losses it treats."""
        by_name = {o.name: o for o in self.all_outputs()}
        for stream, entries in self.costs.waste_management.items():
            s = self.plant.stream(stream)
            if s.source in self.treatment:
                continue  # part of the treatment step's costs, below
            if stream not in by_name:
                raise _error(f"Stream '{stream}' is not a loss of a step of the plant: its waste-management costs "
                             "belong to no step.", "Charge them on a loss that a step of the plant gives off.",
                             "waste management")
            value = sum(self.price_list.charge(s, e, self.money, self.plant) for e in entries)
            by_name[stream].costs["waste management"] += value
            self.inputs["waste management"] += value
        for t in self.treatment:
            pool = self._treatment_costs(t)
            self.inputs["waste management"] += pool
            treated = [s for s in self.plant.streams_in(t) if s.source != OUTSIDE and s.name in by_name]
            weights = [_mass_of(self.masses[s.name], None) for s in treated]  # treatment is paid per t or m3
            if not treated or sum(weights) <= 0:
                raise _error(f"Treatment step '{t}' treats no loss of another step, so its costs belong to no "
                             "loss.", "Connect the losses it treats (wastewater, waste) to it in the plant.", "plant")
            for s, weight in zip(treated, weights):
                by_name[s.name].costs["waste management"] += pool * weight / sum(weights)
            self.notes.append(f"'{t}' treats material losses: its costs ({pool:,.0f} {self.money:~P}) are the "
                              "waste-management costs of the losses it receives, shared by their mass.")

    def _treatment_costs(self, step):
        """Everything a treatment step costs per period: its purchases, energy, system costs and the
        charges on what leaves it."""
        plant, costs = self.plant, self.costs
        pool = sum(self.price_list.value_of(s, costs, self.money, plant)
                   for s in plant.streams_in(step) if s.source == OUTSIDE)
        for section, what in ((costs.energy, "Energy cost"), (costs.system, "System cost")):
            for item, amount in section.get(step, {}).items():
                pool += self.money_of(amount, f"{what} '{item}' of step '{step}'", "step costs")
        for s in plant.streams_out(step):
            if s.destination in self.treatment:
                raise _error(f"Stream '{s.name}' goes from treatment step '{step}' to treatment step "
                             f"'{s.destination}': costing does not follow losses through two treatments.",
                             "Join the two treatment steps into one step.", "plant")
            for entry in costs.waste_management.get(s.name, []):
                pool += self.price_list.charge(s, entry, self.money, plant)
        return pool


# --------------------------------------------------------------------------- helpers of mfca


def _tolerance(tolerance):
    if isinstance(tolerance, str):
        tolerance = Q_(tolerance)
    if isinstance(tolerance, ureg.Quantity):
        tolerance = tolerance.to("").magnitude
    return float(tolerance)


def _first_currency(prices, costs):
    for value in [*(prices or {}).values(), *(a for items in costs.system.values() for a in items.values())]:
        try:
            code = currency_of(value if isinstance(value, ureg.Quantity) else Q_(str(value)))
        except Exception:
            code = None
        if code:
            return code
    raise _error("No price or cost says which currency to use.",
                 "Give the prices with their currency, e.g. '14500 VND/m**3', or set currency: VND.", "prices")


def _per_period(amount, money, what, source, period):
    if currency_of(amount) != currency_of(Q_(1, money)):
        raise _error(f"{what} is in {currency_of(amount)} but the other costs are in {currency_of(Q_(1, money))}.",
                     "Convert every cost to one currency first, with an exchange rate you state.", source)
    if not amount.is_compatible_with(money):
        per = "per batch (an amount, e.g. '5000 USD')" if period == "batch" else f"per {period}"
        raise _error(f"{what} ({_show(amount)}) is not an amount of money {per}.",
                     f"Give it like '{60_000_000 if currency_of(amount) == 'VND' else 5000} {money:~C}'.", source)
    return float(amount.to(money).magnitude)


class _PriceList:
    """The price list, read and checked item by item as the plant uses it."""

    def __init__(self, prices, currency):
        self.items = dict(prices or {})
        self.currency = currency

    def price(self, item, used_for):
        if item not in self.items:
            raise _error(f"The price '{item}' ({used_for}) is not in the price list.{_closest(item, self.items)}",
                         f"Add '{item}' to the price list with its unit, e.g. '{item},9000,"
                         f"{self.currency}/kg' in prices.csv, or use one of: "
                         f"{', '.join(repr(i) for i in self.items) or '(none yet)'}.", "prices")
        value = _quantity(self.items[item], f"The price '{item}'", f"9000 {self.currency}/kg", "prices")
        code = currency_of(value)
        if code is None:
            raise _error(f"The price '{item}' ({_show(value)}) is not money.",
                         f"Give it in {self.currency} per unit, e.g. '9000 {self.currency}/kg'.", "prices")
        if code != self.currency:
            raise _error(f"The price '{item}' is in {code} but the other costs are in {self.currency}.",
                         "Convert every price to one currency first, with an exchange rate you state.", "prices")
        if value.magnitude < 0:
            raise _error(f"The price '{item}' is negative ({_show(value)}).",
                         "Enter prices as positive amounts (0 for a free input); money earned from a by-product "
                         "is not a cost of waste: leave it out.", "prices")
        return value

    def value_of(self, stream, costs, money, plant):
        """The purchase value of an input from outside, per period."""
        if stream.name not in costs.prices:
            items = ", ".join(repr(i) for i in self.items) or "(none yet)"
            raise _error(
                f"No price for stream '{stream.name}' ({stream.kind}, from outside into '{stream.destination}').",
                f"Say which price it takes: add the line '{stream.name}: <price item>' under 'prices:' in the "
                f"cost data (price items: {items}); give it a price of 0 if it is free.", "assignments")
        item, _ = costs.prices[stream.name]
        return self._times(self.price(item, f"for stream '{stream.name}'"), stream, money, item)

    def charge(self, stream, entry, money, plant):
        """A waste-management charge on a loss stream: a price item times the stream, or an amount."""
        if isinstance(entry, ureg.Quantity):
            return _per_period(entry, money, f"Waste-management cost of '{stream.name}'", "waste management",
                               plant.period)
        return self._times(self.price(entry, f"waste management of '{stream.name}'"), stream, money, entry)

    @staticmethod
    def _times(price, stream, money, item):
        q = stream.quantity
        candidates = [q]
        if stream.density is not None:
            candidates += [q * stream.density, q / stream.density]
        if stream.specific_energy is not None:
            candidates.append(_energy_amount(q, stream.density, stream.specific_energy))
        for amount in candidates:
            value = price * amount
            if value.is_compatible_with(money):
                return float(value.to(money).magnitude)
        per = f"{q.units:~P}".split("/")[0].strip()
        raise _error(
            f"The price '{item}' ({_show(price)}) does not fit stream '{stream.name}' ({_show(q)}): "
            f"price times quantity is not money per period.",
            f"Give the price per unit of what the stream measures (per {per}), or give the stream a density "
            "to go between mass and volume.", "prices")


def _check_plant(plant):
    unknown = [s.name for s in plant.streams if s.quantity is None]
    if unknown:
        raise _error(
            f"The flows of {', '.join(repr(n) for n in unknown)} are not known (status unknown): "
            "costing needs every flow.",
            "Solve the balance first: cpkit.balance.solve(plant); or measure or estimate the stream.", "plant")
    for s in plant.streams:
        if not is_material(s, plant.period) and OUTSIDE not in (s.source, s.destination):
            raise _error(f"Stream '{s.name}' carries energy from '{s.source}' to '{s.destination}': costing follows "
                         "material between steps, not energy.",
                         "Price the energy where it enters the plant, in the step that uses it.", "plant")


def _check_names(plant, costs):
    streams = [s.name for s in plant.streams]
    steps = [s.name for s in plant.steps]
    for name in costs.prices:
        if name not in streams:
            raise _error(f"The cost data price stream '{name}', which is not a stream of the plant."
                         f"{_closest(name, streams)}", "Correct the name under 'prices:'.", "assignments")
        s = plant.stream(name)
        if s.source != OUTSIDE:
            raise _error(f"Stream '{name}' has a price but is not bought: it comes from step '{s.source}'.",
                         "Price only what enters from outside; MFCA carries the costs on from step to step.",
                         "assignments")
    for name in costs.waste_management:
        if name not in streams:
            raise _error(f"The cost data charge waste management on '{name}', which is not a stream of the plant."
                         f"{_closest(name, streams)}", "Correct the name under 'waste management:'.",
                         "waste management")
        if plant.stream(name).kind not in LOSS_KINDS:
            raise _error(f"Stream '{name}' is a {plant.stream(name).kind}, not a material loss: waste-management "
                         "costs belong to losses.", "Charge them on the waste, wastewater or emission stream.",
                         "waste management")
    for section in (costs.system, costs.energy):
        for name in section:
            if name not in steps:
                raise _error(f"The cost data give costs for step '{name}', which is not a step of the plant."
                             f"{_closest(name, steps)}",
                             f"Use one of the step names: {', '.join(repr(s) for s in steps)}.", "step costs")


def _components(plant):
    material = [s for s in plant.streams if is_material(s, plant.period)]
    if not material or any(not s.composition for s in material):
        return ["material"]
    return [*plant.components, "other"]


def _masses(stream, unit, components):
    total = float(mass_flow(stream, unit, f"stream '{stream.name}'").magnitude)
    if components == ["material"]:
        return {"material": total}
    from cpkit.balance import component_flow

    found = {k: float(component_flow(stream, k, unit).magnitude) for k in stream.composition}
    rest = total - sum(found.values())
    if rest > 1e-9 * max(total, 1.0):
        found["other"] = rest
    return {k: v for k, v in found.items() if v > 0}


def _sum_masses(items, components):
    total = dict.fromkeys(components, 0.0)
    for masses in items:
        for k, v in masses.items():
            total[k] += v
    return total


def _accumulation(step, unit):
    from cpkit.balance import _as_stream

    return float(mass_flow(_as_stream(step), unit, f"step '{step.name}'").magnitude)


def _auxiliary_components(plant):
    """Components that enter the plant only with auxiliary streams (operating and auxiliary materials)."""
    bought = [s for s in plant.streams if s.source == OUTSIDE and is_material(s, plant.period)]
    auxiliary = {c for s in bought if s.kind == "auxiliary" for c in s.composition}
    other = {c for s in bought if s.kind != "auxiliary" for c in s.composition}
    return [c for c in plant.components if c in auxiliary - other]


def _basis(plant, basis):
    """The allocation basis (None for total mass, or component names) and a sentence stating it."""
    auxiliary_streams = [s.name for s in plant.streams if s.source == OUTSIDE and s.kind == "auxiliary"
                         and is_material(s, plant.period)]
    if basis is None:
        statement = "Energy and system costs of each quantity centre are shared by the total mass of its outputs."
        if auxiliary_streams:
            statement += (f" Auxiliary materials ({', '.join(auxiliary_streams)}) count in it; "
                          "basis='without auxiliary materials' leaves them out.")
        return None, statement
    if basis == WITHOUT_AUXILIARY:
        if _components(plant) == ["material"]:
            raise _error("Leaving auxiliary materials out of the allocation basis needs the compositions of the "
                         "streams, to tell them apart in the outputs.",
                         "Give every material stream its composition (e.g. {'steel': 1.0} and {'machine oil': 1.0}),"
                         " or share by total mass.", "basis")
        auxiliary = _auxiliary_components(plant)
        kept = tuple(c for c in _components(plant) if c not in auxiliary)
        statement = ("Energy and system costs of each quantity centre are shared by the mass of its outputs "
                     + (f"less their auxiliary and operating materials ({', '.join(auxiliary)})."
                        if auxiliary else "(no auxiliary material to leave out)."))
        return kept, statement
    components = plant.components
    if not components:
        raise _error(f"Costs shared by the mass of {', '.join(basis)} need compositions, and the plant has none.",
                     "Share by total mass (basis=None), or give the streams their compositions.", "basis")
    for name in basis:
        if name not in components:
            raise _error(f"'{name}' is not a component of the plant.{_closest(name, components)}",
                         f"Use components of the compositions: {', '.join(components)}.", "basis")
    left_out = [c for c in components if c not in basis]
    return tuple(basis), ("Energy and system costs of each quantity centre are shared by the mass of "
                          f"{', '.join(basis)} in its outputs" + (f" ({', '.join(left_out)} left out)." if left_out
                                                                   else "."))


def _is_treatment(plant, step):
    """A step that takes in losses of other steps and nothing else but chemicals, water and energy."""
    fed = [s for s in plant.streams_in(step) if s.source != OUTSIDE]
    bought = [s for s in plant.streams_in(step) if s.source == OUTSIDE]
    return bool(fed) and all(s.kind in LOSS_KINDS for s in fed) and \
        all(s.kind in TREATMENT_INPUT_KINDS for s in bought)


def _solve(matrix, rhs, what):
    try:
        return np.linalg.solve(matrix, rhs)
    except np.linalg.LinAlgError:
        raise CPInputError(f"Cannot work out {what}: some material goes round between steps without ever leaving.",
                           fix="Check the streams that return to an earlier step: the loop needs an exit.") from None
