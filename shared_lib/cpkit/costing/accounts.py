"""The accounts of MFCA: costs bought, shared between outputs and carried from step to step.

One job: the calculation of :func:`mfca`, quantity centre by quantity
centre (see :mod:`cpkit.costing` for the method).
"""

from __future__ import annotations

import dataclasses

import numpy as np

from cpkit.costing.data import (CATEGORIES, GAP, TREATMENT_INPUT_KINDS, WITHOUT_AUXILIARY, CostData, _basis_choice,
                                _error, _first_currency, _per_period, _PriceList)
from cpkit.costing.results import FlowCosts
from cpkit.errors import CPInputError
from cpkit.flowsheet import LOSS_KINDS, OUTSIDE, is_material, mass_flow, mass_unit
from cpkit.flowsheet.vocabulary import _closest
from cpkit.units import CURRENCIES, Q_, ureg


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
    result = FlowCosts(accounts.all_outputs(), accounts.inputs, accounts.money, accounts.unit, basis, accounts.notes,
                       shares=shares, basis_statement=statement)
    numbers = result.true_costs.select_dtypes("number").to_numpy(dtype=float)
    if not np.isfinite(numbers).all():
        raise _error("The costs add up to more than a number can hold.",
                     "Check the prices and costs for a figure far too large (e.g. 1e300).", "prices")
    return result


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


@dataclasses.dataclass
class _Output:
    name: str
    step: str
    destination: str
    kind: str
    role: str  # "product" (leaves the plant), "intermediate" (to another step), "loss", "stock"
    masses: dict
    costs: dict = dataclasses.field(default_factory=lambda: dict.fromkeys(CATEGORIES, 0.0))


def _mass_of(masses, basis):
    return sum(masses.values()) if basis is None else sum(masses.get(c, 0.0) for c in basis)


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


def _tolerance(tolerance):
    if isinstance(tolerance, str):
        tolerance = Q_(tolerance)
    if isinstance(tolerance, ureg.Quantity):
        tolerance = tolerance.to("").magnitude
    return float(tolerance)


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
        raise _error(f"The allocation basis, the mass of {', '.join(basis)}, needs compositions, and the plant has none.",
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
    """Solve the centres' linear system; a loop that (nearly) never lets material out is refused, not
    answered with infinite or meaningless costs."""
    try:
        found = np.linalg.solve(matrix, rhs)
    except np.linalg.LinAlgError:
        found = None
    if found is None or not np.all(np.isfinite(found)) or np.linalg.cond(matrix) > 1e12:
        raise CPInputError(f"Cannot work out {what}: some material goes round between steps without ever leaving.",
                           fix="Check the streams that return to an earlier step: the loop needs an exit.")
    return found
