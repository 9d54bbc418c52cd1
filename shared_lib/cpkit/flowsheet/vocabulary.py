"""The words of a plant model: the boundary, kinds and statuses of streams, and small readers.

One job: what the other parts of :mod:`cpkit.flowsheet` name and how they
read a blank cell, a period or a quantity's dimension.
"""

from __future__ import annotations

import math

from cpkit.errors import did_you_mean
from cpkit.units import ureg

OUTSIDE = "outside"
"""Name of the plant boundary: the source of inputs and destination of outputs."""

KINDS = (
    "raw material", "auxiliary", "water", "energy", "product", "by-product",
    "waste", "wastewater", "emission", "internal",
)
"""The kinds of stream, as a CP assessment names them."""

LOSS_KINDS = ("waste", "wastewater", "emission")
"""Kinds of stream that are losses: what the CP assessment sets out to reduce."""

STATUSES = ("measured", "estimated", "unknown")
"""How a stream's quantity is known."""

_ENERGY_CAPABLE_KINDS = ("energy", "emission", "internal")


# --------------------------------------------------------------------------- helpers


def _closest(name, names):
    """' Did you mean ...?' for a misspelt name, or ''."""
    hint = did_you_mean(name, names)
    return f" {hint}" if hint else ""


def _is_blank(value):
    return value is None or (isinstance(value, float) and math.isnan(value)) or (
        isinstance(value, str) and not value.strip()
    )


def _period_unit(period):
    return None if period == "batch" else ureg.Unit(period)


def _energy_amount(quantity, density, specific_energy):
    """quantity x specific energy, through the density when the quantity is a volume and
    the specific energy is per mass."""
    energy = quantity * specific_energy
    if density is not None and not (energy * ureg.s).check("[energy] * [time]") and not energy.check("[energy]"):
        energy = quantity * density * specific_energy
    return energy


def _dimension_kind(quantity, period):
    """'mass', 'volume', 'energy' or None: what a quantity per period measures."""
    amount = quantity if period is None else quantity * period
    for kind, dim in (("mass", "[mass]"), ("volume", "[length] ** 3"), ("energy", "[energy]")):
        if amount.check(dim):
            return kind
    return None
