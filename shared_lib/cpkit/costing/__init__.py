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
7,187 million VND/month
>>> table = result.true_costs
>>> for loss, cost in zip(table["Material loss"][:3], table["True cost (VND/month)"]):
...     print(f"{loss}: {cost / 1e6:,.0f} million VND/month")
Dyeing wastewater: 3,033 million VND/month
Pretreatment wastewater: 1,970 million VND/month
Rinsing wastewater: 1,150 million VND/month
"""

from cpkit.costing.accounts import mfca
from cpkit.costing.chart import pareto_chart, vital_few
from cpkit.costing.data import CATEGORIES, GAP, TOTAL_MASS, TREATMENT_INPUT_KINDS, WITHOUT_AUXILIARY, CostData
from cpkit.costing.results import FlowCosts

__all__ = ["CATEGORIES", "GAP", "TOTAL_MASS", "TREATMENT_INPUT_KINDS", "WITHOUT_AUXILIARY", "CostData", "FlowCosts",
           "mfca", "pareto_chart", "vital_few"]
