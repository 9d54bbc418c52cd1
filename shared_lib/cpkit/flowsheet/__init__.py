"""The plant model: process steps and the streams between them.

A :class:`Plant` is what the CP team draws on the first day of an
assessment: the process steps, and every stream that enters or leaves
them. Streams come from the outside (raw materials, water, energy carriers)
or go to the outside (products, by-products, waste, wastewater, emissions),
or run between two steps. The plant boundary is called ``"outside"``.

>>> from cpkit.flowsheet import Plant
>>> plant = Plant("Scouring machine", period="batch")
>>> plant.add_step("Scouring")
>>> plant.add_stream("Greige fabric", "outside", "Scouring", "500 kg", kind="raw material")
>>> plant.add_stream("Fresh water", "outside", "Scouring", "5000 kg", kind="water")
>>> plant.add_stream("Scoured fabric", "Scouring", "outside", "1150 kg", kind="product")
>>> plant.add_stream("Wastewater", "Scouring", "outside", kind="wastewater")
>>> plant.stream("Wastewater").status
'unknown'
>>> [s.name for s in plant.streams]
['Greige fabric', 'Fresh water', 'Scoured fabric', 'Wastewater']

Each stream has a quantity per period ("t/month", "m**3/d") or per batch
(plain amounts, ``period="batch"``), an optional composition, a status
(measured, estimated or unknown) and, where known, an uncertainty: one
standard deviation, absolute ("2 t/month") or relative ("5 %").

Quantities in volume (m³) join a mass balance through their ``density``.
Energy carriers (electricity, fuel, steam heat) are streams of kind
``"energy"`` with energy per period ("kWh/month"), or with a
``specific_energy`` (a calorific value such as "35.8 MJ/m**3") that turns
their quantity into energy; material streams may carry a
``specific_energy`` too (the enthalpy of steam, in "MJ/kg"). See
:mod:`cpkit.energy`.
"""

from cpkit.flowsheet.flows import amount_kind, is_material, mass_flow, mass_unit
from cpkit.flowsheet.model import Plant, Step, Stream
from cpkit.flowsheet.vocabulary import KINDS, LOSS_KINDS, OUTSIDE, STATUSES

__all__ = ["KINDS", "LOSS_KINDS", "OUTSIDE", "STATUSES", "Plant", "Step", "Stream", "amount_kind",
           "is_material", "mass_flow", "mass_unit"]
