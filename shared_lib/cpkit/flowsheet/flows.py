"""Flows on one basis: what a stream's quantity measures, and its mass per period.

One job: bring streams given in mass, volume (with a density) or energy to
the plant's mass unit for the balances, costing and reconciliation.
"""

from __future__ import annotations

from cpkit.errors import CPInputError
from cpkit.flowsheet.vocabulary import _dimension_kind, _period_unit
from cpkit.units import ureg



def amount_kind(stream, period):
    """'mass', 'volume', 'energy' or None (unknown quantity): what the stream's quantity measures."""
    if stream.quantity is None:
        return None
    return _dimension_kind(stream.quantity, _period_unit(period))


def is_material(stream, period):
    """True if the stream belongs in a mass balance (its quantity is a mass or volume,
    and its kind is not energy; an unknown stream is material unless its kind is energy)."""
    if stream.kind == "energy":
        return False
    kind = amount_kind(stream, period)
    if kind is None:
        return stream.kind != "energy"
    return kind in ("mass", "volume")


def mass_flow(stream, unit, context=""):
    """The stream's mass per period in ``unit``, as a quantity (None if unknown).

    A volume needs the stream's density; without it this raises an error
    that says so.
    """
    q = stream.quantity
    if q is None:
        return None
    if q.is_compatible_with(unit):
        return q.to(unit)
    if stream.density is not None and (q * stream.density).is_compatible_with(unit):
        return (q * stream.density).to(unit)
    where = f" in the balance of {context}" if context else ""
    if (q * ureg.Quantity(1, "kg/m**3")).is_compatible_with(unit):
        raise CPInputError(
            f"Stream '{stream.name}' is a volume ({q:.6g~P}) mixed with masses ({ureg.Unit(unit):~P}){where}: "
            "a density is needed to add them.",
            fix=f"Give the stream a density, e.g. density='1 t/m**3' for water.",
        )
    raise CPInputError(
        f"Stream '{stream.name}' ({q:.6g~P}) cannot be added to a mass balance in {ureg.Unit(unit):~P}{where}: "
        "the units are incompatible.",
        fix="Give the stream a mass per period (with a density if you know its volume), or make it kind='energy'.",
    )


def mass_unit(plant):
    """The mass unit of the plant's balances: that of its first stream given as a mass,
    else kg per period.

    >>> from cpkit.flowsheet import Plant
    >>> plant = Plant("Mill", period="month")
    >>> plant.add_step("Dyeing")
    >>> plant.add_stream("Fabric", "outside", "Dyeing", "300 t/month", kind="raw material")
    >>> mass_unit(plant)
    <Unit('metric_ton / month')>
    """
    for s in plant.streams:
        if amount_kind(s, plant.period) == "mass":
            return s.quantity.units
    return ureg.Unit("kg") if plant.period == "batch" else ureg.Unit(f"kg/{plant.period}")
