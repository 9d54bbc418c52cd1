"""The result of MFCA: flow cost matrix, true costs of the losses and allocation ratios as tables.

One job: present the accounts :func:`cpkit.costing.mfca` kept, as amounts
of money and as tables whose numeric columns carry their unit in
``table.attrs["units"]``.
"""

from __future__ import annotations

from cpkit.costing.chart import pareto_chart, vital_few
from cpkit.costing.data import CATEGORIES
from cpkit.errors import CPInputError
from cpkit.flowsheet.vocabulary import _closest
from cpkit.units import Q_, currency_of


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
