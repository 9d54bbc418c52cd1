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

from __future__ import annotations

import dataclasses
import math
import numbers
from dataclasses import dataclass, field

from cpkit.errors import CPInputError, did_you_mean
from cpkit.units import Q_, ureg
from cpkit.units import quantity as read_quantity

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


def _load_yaml(text, origin):
    """Data from YAML text; a syntax error is reported with where it is."""
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise CPInputError(f"{origin} is not valid YAML: {exc}",
                           fix="Check the indentation and the colons near the line shown.") from None


def _is_blank(value):
    return value is None or (isinstance(value, float) and math.isnan(value)) or (
        isinstance(value, str) and not value.strip()
    )


def _format_quantity(q):
    """A quantity as a string that reads back exactly: '318.0 t/month'."""
    return f"{q.magnitude!r} {q.units:~C}" if not q.unitless else f"{q.magnitude!r}"


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


# --------------------------------------------------------------------------- model


@dataclass(frozen=True)
class Step:
    """A process step (a unit operation, a machine, a department).

    ``accumulation`` is the stock built up in the step during the period
    (positive when stock grows), in the plant's mass unit, or None for none.
    """

    name: str
    description: str = ""
    accumulation: object = None


@dataclass(frozen=True)
class Stream:
    """One stream between two steps, or across the plant boundary."""

    name: str
    source: str
    destination: str
    quantity: object = None
    kind: str = "internal"
    composition: dict = field(default_factory=dict, compare=True, hash=False)
    status: str = "unknown"
    uncertainty: object = None
    density: object = None
    specific_energy: object = None
    description: str = ""

    @property
    def is_input(self):
        """True for a stream that enters the plant from outside."""
        return self.source == OUTSIDE

    @property
    def is_output(self):
        """True for a stream that leaves the plant."""
        return self.destination == OUTSIDE

    @property
    def is_loss(self):
        """True for waste, wastewater and emissions."""
        return self.kind in LOSS_KINDS

    @property
    def standard_uncertainty(self):
        """The uncertainty (one standard deviation) as a quantity in the stream's unit, or None."""
        if self.uncertainty is None or self.quantity is None:
            return None
        u = self.uncertainty
        if u.check("[]"):
            return (abs(self.quantity) * u.to("").magnitude)
        return u.to(self.quantity.units)

    def replace(self, **changes):
        """A copy of the stream with some fields changed (not validated: add it to a plant)."""
        return dataclasses.replace(self, **changes)


class Plant:
    """A plant: process steps and the streams between them.

    ``period`` is the time unit that quantities refer to ("month", "d",
    "h", "year"), or "batch" when quantities are amounts per batch.

    >>> plant = Plant("Song Da Dyeing & Finishing", period="month")
    >>> plant.add_step("Dyeing", description="Jet dyeing machines")
    >>> plant.add_stream("Water", "outside", "Dyeing", "12000 m**3/month", kind="water",
    ...                  density="1 t/m**3", uncertainty="2 %")
    >>> plant.stream("Water").standard_uncertainty
    <Quantity(240.0, 'meter ** 3 / month')>
    >>> plant.stream("Watr")
    Traceback (most recent call last):
    ...
    cpkit.errors.CPInputError: There is no stream 'Watr' in plant 'Song Da Dyeing & Finishing'. Did you mean 'Water'?
    How to fix: Use one of the stream names: 'Water'.
    """

    def __init__(self, name, period="month", description=""):
        if _is_blank(name):
            raise CPInputError("The plant has no name.", fix="Give it one: Plant('My mill', period='month').")
        period = str(period).strip()
        if period != "batch":
            try:
                unit = ureg.Unit(period)
            except Exception:
                unit = None
            if unit is None or not (1 * unit).check("[time]"):
                raise CPInputError(
                    f"Plant '{name}': the period {period!r} is not a time unit.",
                    fix="Use a time unit such as 'month', 'd', 'h' or 'year', or 'batch' for amounts per batch.",
                )
        self.name = str(name)
        self.period = period
        self.description = description
        self._steps = {}
        self._streams = {}

    # ----------------------------------------------------------- reading

    @property
    def steps(self):
        """The process steps, in the order they were added."""
        return list(self._steps.values())

    @property
    def streams(self):
        """The streams, in the order they were added."""
        return list(self._streams.values())

    def step(self, name):
        """The step called ``name`` (with a suggestion if it is misspelt)."""
        if name not in self._steps:
            raise CPInputError(
                f"There is no step '{name}' in plant '{self.name}'.{_closest(name, self._steps)}",
                fix=f"Use one of the step names: {', '.join(repr(s) for s in self._steps) or '(none yet)'}.",
            )
        return self._steps[name]

    def stream(self, name):
        """The stream called ``name`` (with a suggestion if it is misspelt)."""
        if name not in self._streams:
            raise CPInputError(
                f"There is no stream '{name}' in plant '{self.name}'.{_closest(name, self._streams)}",
                fix=f"Use one of the stream names: {', '.join(repr(s) for s in self._streams) or '(none yet)'}.",
            )
        return self._streams[name]

    def streams_in(self, step):
        """Streams that enter ``step``."""
        self.step(step)
        return [s for s in self._streams.values() if s.destination == step]

    def streams_out(self, step):
        """Streams that leave ``step``."""
        self.step(step)
        return [s for s in self._streams.values() if s.source == step]

    @property
    def components(self):
        """Names of the components that any stream's composition lists, in first-seen order."""
        seen = {}
        for s in self._streams.values():
            for c in s.composition:
                seen.setdefault(c, None)
        return list(seen)

    def __repr__(self):
        return f"<Plant {self.name!r}: {len(self._steps)} steps, {len(self._streams)} streams, per {self.period}>"

    def __eq__(self, other):
        return (
            isinstance(other, Plant)
            and (self.name, self.period, self.description) == (other.name, other.period, other.description)
            and self.steps == other.steps
            and self.streams == other.streams
        )

    def copy(self):
        """An independent copy of the plant."""
        new = Plant(self.name, period=self.period, description=self.description)
        new._steps = dict(self._steps)
        new._streams = dict(self._streams)
        return new

    # ----------------------------------------------------------- building

    def add_step(self, name, description="", accumulation=None):
        """Add a process step.

        ``accumulation`` is the stock built up in the step over the period
        (for example "2 t/month" of fabric waiting in the store).

        >>> plant = Plant("Mill")
        >>> plant.add_step("Dyeing")
        >>> plant.add_step("Dyeing")
        Traceback (most recent call last):
        ...
        cpkit.errors.CPInputError: Plant 'Mill' already has a step 'Dyeing'.
        How to fix: Give each step its own name, e.g. 'Dyeing 2'.
        """
        if _is_blank(name):
            raise CPInputError(f"Plant '{self.name}': a step has no name.", fix="Give each step a name.")
        name = str(name).strip()
        if name.lower() == OUTSIDE:
            raise CPInputError(
                f"Plant '{self.name}': 'outside' is the plant boundary, not a step.",
                fix="Give the step another name.",
            )
        if name in self._steps:
            raise CPInputError(
                f"Plant '{self.name}' already has a step '{name}'.",
                fix=f"Give each step its own name, e.g. '{name} 2'.",
            )
        if not _is_blank(accumulation):
            accumulation = read_quantity(accumulation, f"Step '{name}': accumulation", f"2 t/{self.period}")
            if _dimension_kind(accumulation, _period_unit(self.period)) is None:
                raise CPInputError(
                    f"Step '{name}': the accumulation {accumulation:.6g~P} is not a mass or volume per {self.period}.",
                    fix=f"Give it like '2 t/{self.period}'." if self.period != "batch" else "Give it like '20 kg'.",
                )
        else:
            accumulation = None
        self._steps[name] = Step(name, "" if _is_blank(description) else str(description), accumulation)

    def add_stream(self, name, source, destination, quantity=None, kind=None, composition=None,
                   status=None, uncertainty=None, density=None, specific_energy=None, description=""):
        """Add a stream from ``source`` to ``destination`` (a step name, or "outside").

        - ``quantity``: "12 t/month", "300 m**3/d", "5000 kg" per batch; None if unknown.
        - ``kind``: one of :data:`KINDS`; streams between two steps default to "internal".
        - ``composition``: {component: fraction} (0.06, "6 %") or {component: quantity}.
        - ``status``: "measured", "estimated" or "unknown" (default: measured
          if a quantity is given, unknown if not).
        - ``uncertainty``: one standard deviation, absolute ("2 t/month") or relative ("5 %").
        - ``density``: needed for a volume ("m**3/month") to join a mass balance.
        - ``specific_energy``: energy per unit of quantity (enthalpy, calorific value).

        >>> plant = Plant("Mill")
        >>> plant.add_step("Rinsing")
        >>> plant.add_stream("Rinse water", "outside", "Rinsing", "-3 m**3/month", kind="water")
        Traceback (most recent call last):
        ...
        cpkit.errors.CPInputError: Stream 'Rinse water' has a negative flow (-3 m³/month).
        How to fix: Enter flows as positive numbers; the direction of a stream is set by its source and destination.
        """
        stream = self._check_stream(
            name, source, destination, quantity, kind, composition, status, uncertainty,
            density, specific_energy, description,
        )
        self._streams[stream.name] = stream

    def set_quantity(self, name, quantity, status=None, uncertainty=None):
        """Change the quantity of a stream (validated like :meth:`add_stream`)."""
        old = self.stream(name)
        order = list(self._streams)
        del self._streams[name]
        try:
            self.add_stream(
                old.name, old.source, old.destination, quantity, kind=old.kind,
                composition=old.composition, status=status,
                uncertainty=uncertainty if uncertainty is not None else (old.uncertainty if quantity is not None else None),
                density=old.density, specific_energy=old.specific_energy, description=old.description,
            )
        except CPInputError:
            self._streams[name] = old
            raise
        self._streams = {n: self._streams[n] for n in order}  # keep the original order

    def _endpoint(self, value, stream_name, which):
        if value is None:
            return OUTSIDE
        if isinstance(value, float) and math.isnan(value) or (isinstance(value, str) and not value.strip()):
            raise CPInputError(
                f"Stream '{stream_name}' has no {which}.",
                fix=f"Give the step it {'comes from' if which == 'source' else 'goes to'}, "
                    f"or 'outside' if it {'enters' if which == 'source' else 'leaves'} the plant.",
            )
        value = str(value).strip()
        if value.lower() == OUTSIDE:
            return OUTSIDE
        if value not in self._steps:
            raise CPInputError(
                f"Stream '{stream_name}': its {which} '{value}' is not a step of plant '{self.name}'."
                f"{_closest(value, self._steps)}",
                fix=f"Add the step first with plant.add_step({value!r}), or use one of: "
                    f"{', '.join(repr(s) for s in self._steps) or '(no steps yet)'}, or 'outside'.",
            )
        return value

    def _check_stream(self, name, source, destination, quantity, kind, composition, status,
                      uncertainty, density, specific_energy, description):
        if _is_blank(name):
            raise CPInputError(f"Plant '{self.name}': a stream has no name.", fix="Give each stream a name.")
        name = str(name).strip()
        if name in self._streams:
            raise CPInputError(
                f"Plant '{self.name}' already has a stream '{name}'.",
                fix=f"Give each stream its own name, e.g. '{name} 2'.",
            )
        source = self._endpoint(source, name, "source")
        destination = self._endpoint(destination, name, "destination")
        if source == OUTSIDE and destination == OUTSIDE:
            raise CPInputError(
                f"Stream '{name}' goes from outside to outside: it never touches the plant.",
                fix="Give it a step as source or destination.",
            )
        if source == destination:
            raise CPInputError(
                f"Stream '{name}' goes from step '{source}' back to itself.",
                fix="A recycle inside one step is not a stream of the balance: leave it out, or split the step.",
            )
        # kind
        if _is_blank(kind):
            if OUTSIDE in (source, destination):
                raise CPInputError(
                    f"Stream '{name}' crosses the plant boundary but has no kind.",
                    fix=f"Give kind=, one of: {', '.join(KINDS)}.",
                )
            kind = "internal"
        kind = str(kind).strip().lower()
        if kind not in KINDS:
            raise CPInputError(
                f"Stream '{name}': {kind!r} is not a kind of stream.{_closest(kind, KINDS)}",
                fix=f"Use one of: {', '.join(KINDS)}.",
            )
        period = _period_unit(self.period)
        per = f"/{self.period}" if period is not None else ""
        # density and specific energy
        if not _is_blank(density):
            density = read_quantity(density, f"Stream '{name}': density", "1 t/m**3")
            if not density.check("[mass] / [length] ** 3") or density.magnitude <= 0:
                raise CPInputError(
                    f"Stream '{name}': the density {density:.6g~P} is not a positive mass per volume.",
                    fix="Give it like '1 t/m**3' (water) or '1.1 kg/L'.",
                )
        else:
            density = None
        if not _is_blank(specific_energy):
            specific_energy = read_quantity(specific_energy, f"Stream '{name}': specific energy", "2.76 MJ/kg")
        else:
            specific_energy = None
        # quantity
        if not _is_blank(quantity):
            quantity = read_quantity(quantity, f"Stream '{name}': quantity", f"12 t{per}")
            if quantity.magnitude < 0:
                raise CPInputError(
                    f"Stream '{name}' has a negative flow ({quantity:.6g~P}).",
                    fix="Enter flows as positive numbers; the direction of a stream is set by its source and destination.",
                )
            measures = _dimension_kind(quantity, period)
            if specific_energy is not None:
                energy = _energy_amount(quantity, density, specific_energy)
                if _dimension_kind(energy, period) != "energy":
                    raise CPInputError(
                        f"Stream '{name}': quantity {quantity:.6g~P} times specific energy {specific_energy:.6g~P} "
                        f"is not an energy{' per ' + self.period if period is not None else ''}.",
                        fix=f"Give the specific energy per unit of the quantity, e.g. 'MJ/{quantity.units:~C}'"
                            .replace(f"/{self.period}", "") + ".",
                    )
            if measures is None:
                raise CPInputError(
                    f"Stream '{name}': {quantity:.6g~P} is not a mass, volume or energy"
                    f"{' per ' + self.period if period is not None else ' per batch'}.",
                    fix=f"Give the quantity per period of the plant, e.g. '12 t{per}', '300 m**3{per}' or '5000 kWh{per}'"
                    if period is not None else "Per batch, give plain amounts, e.g. '500 kg' or '5 m**3'.",
                )
            if measures == "energy" and kind not in _ENERGY_CAPABLE_KINDS:
                raise CPInputError(
                    f"Stream '{name}' is a material stream (kind '{kind}') but its quantity {quantity:.6g~P} is an energy: "
                    "it cannot join a mass balance.",
                    fix=f"Give the stream a mass (with a density if you know its volume), or make it kind='energy'.",
                )
            if kind == "energy" and measures != "energy" and specific_energy is None:
                raise CPInputError(
                    f"Stream '{name}' is an energy stream but its quantity {quantity:.6g~P} is a {measures}.",
                    fix="Give its energy (e.g. 'kWh/month'), or its calorific value as specific_energy "
                        "(e.g. specific_energy='35.8 MJ/m**3' for natural gas).",
                )
        else:
            quantity = None
        # status
        if _is_blank(status):
            status = "measured" if quantity is not None else "unknown"
        status = str(status).strip().lower()
        if status not in STATUSES:
            raise CPInputError(
                f"Stream '{name}': {status!r} is not a status.{_closest(status, STATUSES)}",
                fix=f"Use one of: {', '.join(STATUSES)}.",
            )
        if status == "unknown" and quantity is not None:
            raise CPInputError(
                f"Stream '{name}' has status 'unknown' but a quantity ({quantity:.6g~P}).",
                fix="Leave the quantity empty for an unknown stream, or set status='estimated'.",
            )
        if status != "unknown" and quantity is None:
            raise CPInputError(
                f"Stream '{name}' has status '{status}' but no quantity.",
                fix="Give its quantity, or set status='unknown' so that it can be solved from the balance.",
            )
        # uncertainty
        if not _is_blank(uncertainty):
            if status == "unknown":
                raise CPInputError(
                    f"Stream '{name}' is unknown but has an uncertainty.",
                    fix="Give an uncertainty only with a measured or estimated quantity.",
                )
            uncertainty = read_quantity(uncertainty, f"Stream '{name}': uncertainty", "5 %")
            if uncertainty.magnitude <= 0:
                raise CPInputError(
                    f"Stream '{name}' has a zero or negative uncertainty ({uncertainty:.6g~P}).",
                    fix="Give a positive standard deviation, e.g. '5 %' or an amount in the stream's unit; "
                        "leave it empty for a value you take as exact.",
                )
            if not (uncertainty.check("[]") or uncertainty.is_compatible_with(quantity)):
                raise CPInputError(
                    f"Stream '{name}': the uncertainty {uncertainty:.6g~P} does not match the quantity {quantity:.6g~P}.",
                    fix=f"Give it relative ('5 %') or in the unit of the quantity ('{quantity.units:~C}').",
                )
        else:
            uncertainty = None
        composition = self._check_composition(name, composition, quantity)
        return Stream(
            name=name, source=source, destination=destination, quantity=quantity, kind=kind,
            composition=composition, status=status, uncertainty=uncertainty, density=density,
            specific_energy=specific_energy, description="" if _is_blank(description) else str(description),
        )

    def _check_composition(self, name, composition, quantity):
        if composition is None or (isinstance(composition, float) and math.isnan(composition)):
            return {}
        if not isinstance(composition, dict):
            raise CPInputError(
                f"Stream '{name}': the composition must be a mapping of component to fraction or quantity.",
                fix="Write it like {'water': 0.95, 'fibre': '5 %'} or {'salt': '2 t/month'}.",
            )
        checked = {}
        fractions = 0.0
        for component, value in composition.items():
            if _is_blank(value):
                continue
            component = str(component).strip()
            if isinstance(value, numbers.Number) and not isinstance(value, bool):
                value = float(value)
            else:
                value = read_quantity(value, f"Stream '{name}': component '{component}'", "5 %")
                if value.check("[]"):
                    value = float(value.to("").magnitude)
            if isinstance(value, float):
                if not 0 <= value <= 1:
                    raise CPInputError(
                        f"Stream '{name}': the fraction of '{component}' is {value!r}, outside 0 to 1.",
                        fix="Give fractions between 0 and 1 (0.05) or as percent ('5 %').",
                    )
                fractions += value
            else:
                if value.magnitude < 0:
                    raise CPInputError(
                        f"Stream '{name}': component '{component}' has a negative amount ({value:.6g~P}).",
                        fix="Give amounts of components as positive numbers.",
                    )
                if _dimension_kind(value, _period_unit(self.period)) not in ("mass", "volume"):
                    raise CPInputError(
                        f"Stream '{name}': component '{component}' is {value:.6g~P}, not a mass per {self.period}.",
                        fix=f"Give a fraction ('5 %') or a mass per period ('2 t/{self.period}').",
                    )
            checked[component] = value
        if fractions > 1 + 1e-6:
            raise CPInputError(
                f"Stream '{name}': the fractions of its components add up to {fractions:.4g}, more than 1.",
                fix="Check the composition: fractions of one stream add up to 1 (100 %) at most.",
            )
        return checked

    # ----------------------------------------------------------- tables and files

    def to_tables(self):
        """Two pandas tables, steps and streams, that a trainee can edit in a spreadsheet.

        Quantities are split into a number and a unit column; each
        component of a composition gets a column "Composition: <component>".

        >>> plant = Plant("Mill")
        >>> plant.add_step("Dyeing")
        >>> plant.add_stream("Dye", "outside", "Dyeing", "3.6 t/month", kind="auxiliary", uncertainty="2 %")
        >>> steps, streams = plant.to_tables()
        >>> streams[["Stream", "From", "To", "Quantity", "Unit", "Uncertainty"]].to_dict("records")
        [{'Stream': 'Dye', 'From': 'outside', 'To': 'Dyeing', 'Quantity': 3.6, 'Unit': 't/month', 'Uncertainty': '2 %'}]
        """
        import pandas as pd

        steps = pd.DataFrame(
            [{"Step": s.name, "Description": s.description,
              "Accumulation": _format_quantity(s.accumulation) if s.accumulation is not None else ""}
             for s in self._steps.values()],
            columns=["Step", "Description", "Accumulation"],
        )
        rows = []
        for s in self._streams.values():
            row = {
                "Stream": s.name, "From": s.source, "To": s.destination, "Kind": s.kind,
                "Quantity": float(s.quantity.magnitude) if s.quantity is not None else math.nan,
                "Unit": f"{s.quantity.units:~C}" if s.quantity is not None else "",
                "Status": s.status,
                "Uncertainty": _format_uncertainty(s.uncertainty),
                "Density": _format_quantity(s.density) if s.density is not None else "",
                "Specific energy": _format_quantity(s.specific_energy) if s.specific_energy is not None else "",
                "Description": s.description,
            }
            for c, v in s.composition.items():
                row[f"Composition: {c}"] = v if isinstance(v, float) else _format_quantity(v)
            rows.append(row)
        columns = ["Stream", "From", "To", "Kind", "Quantity", "Unit", "Status", "Uncertainty",
                   "Density", "Specific energy", "Description"] + [f"Composition: {c}" for c in self.components]
        streams = pd.DataFrame(rows, columns=columns)
        return steps, streams

    @classmethod
    def from_tables(cls, steps, streams, name="Plant", period="month", description=""):
        """A plant from the two tables of :meth:`to_tables` (pandas DataFrames).

        >>> plant = Plant("Mill")
        >>> plant.add_step("Dyeing")
        >>> plant.add_stream("Dye", "outside", "Dyeing", "3.6 t/month", kind="auxiliary")
        >>> Plant.from_tables(*plant.to_tables(), name="Mill") == plant
        True
        """
        plant = cls(name, period=period, description=description)
        for row in steps.to_dict("records"):
            plant.add_step(row.get("Step"), description=row.get("Description", ""),
                           accumulation=row.get("Accumulation"))
        for number, row in enumerate(streams.to_dict("records"), start=1):
            if _is_blank(row.get("Stream")):
                raise CPInputError(f"Row {number} of the streams table has no stream name.",
                                   fix="Fill in the column 'Stream'.")
            quantity = row.get("Quantity")
            if not _is_blank(quantity):
                unit = row.get("Unit")
                if _is_blank(unit):
                    raise CPInputError(f"Stream '{row['Stream']}': the quantity {quantity} has no unit.",
                                       fix=f"Fill in the column 'Unit', e.g. 't/{period}'.")
                quantity = Q_(float(quantity), str(unit))
            composition = {k.split(":", 1)[1].strip(): _cell(v) for k, v in row.items()
                           if k.startswith("Composition:") and not _is_blank(v)}
            plant.add_stream(
                row["Stream"], _endpoint_cell(row.get("From")), _endpoint_cell(row.get("To")), quantity,
                kind=row.get("Kind"), composition=composition, status=row.get("Status"),
                uncertainty=row.get("Uncertainty"), density=row.get("Density"),
                specific_energy=row.get("Specific energy"), description=row.get("Description", ""),
            )
        return plant

    @classmethod
    def from_csv(cls, steps_path, streams_path, name="Plant", period="month", description=""):
        """A plant from two CSV files with the columns of :meth:`to_tables` ('#' lines are comments)."""
        import pandas as pd

        steps = pd.read_csv(steps_path, comment="#", dtype=str, keep_default_na=False)
        streams = pd.read_csv(streams_path, comment="#", keep_default_na=True,
                              dtype={"Stream": str, "From": str, "To": str, "Unit": str})
        return cls.from_tables(steps, streams, name=name, period=period, description=description)

    def to_csv(self, steps_path, streams_path):
        """Write the two tables of :meth:`to_tables` as CSV files."""
        steps, streams = self.to_tables()
        steps.to_csv(steps_path, index=False)
        streams.to_csv(streams_path, index=False)

    def to_dict(self):
        """The plant as plain data (strings and numbers), as written to YAML."""
        data = {"plant": self.name, "period": self.period}
        if self.description:
            data["description"] = self.description
        data["steps"] = []
        for s in self._steps.values():
            entry = {"name": s.name}
            if s.description:
                entry["description"] = s.description
            if s.accumulation is not None:
                entry["accumulation"] = _format_quantity(s.accumulation)
            data["steps"].append(entry)
        data["streams"] = []
        for s in self._streams.values():
            entry = {"name": s.name, "source": s.source, "destination": s.destination, "kind": s.kind,
                     "quantity": _format_quantity(s.quantity) if s.quantity is not None else None,
                     "status": s.status}
            if s.uncertainty is not None:
                entry["uncertainty"] = _format_uncertainty(s.uncertainty)
            if s.density is not None:
                entry["density"] = _format_quantity(s.density)
            if s.specific_energy is not None:
                entry["specific_energy"] = _format_quantity(s.specific_energy)
            if s.composition:
                entry["composition"] = {c: v if isinstance(v, float) else _format_quantity(v)
                                        for c, v in s.composition.items()}
            if s.description:
                entry["description"] = s.description
            data["streams"].append(entry)
        return data

    @classmethod
    def from_dict(cls, data, origin="the data"):
        """A plant from plain data in the layout of :meth:`to_dict`."""
        if not isinstance(data, dict) or "plant" not in data:
            raise CPInputError(f"{origin} does not describe a plant (no 'plant:' entry).",
                               fix="Start the file with 'plant: <name>', then 'period:', 'steps:' and 'streams:'.")
        plant = cls(data["plant"], period=data.get("period", "month"), description=data.get("description", ""))
        for entry in data.get("steps") or []:
            entry = {"name": entry} if isinstance(entry, str) else entry
            plant.add_step(entry.get("name"), description=entry.get("description", ""),
                           accumulation=entry.get("accumulation"))
        for number, entry in enumerate(data.get("streams") or [], start=1):
            name = entry.get("name")
            if _is_blank(name):
                raise CPInputError(f"Stream number {number} in {origin} has no name.", fix="Give it 'name:'.")
            for which in ("source", "destination"):
                if _is_blank(entry.get(which)):
                    raise CPInputError(
                        f"Stream '{name}' has no {which}.",
                        fix=f"Write '{which}: <step name>', or '{which}: outside' at the plant boundary.",
                    )
            plant.add_stream(
                name, entry["source"], entry["destination"], entry.get("quantity"), kind=entry.get("kind"),
                composition=entry.get("composition"), status=entry.get("status"),
                uncertainty=entry.get("uncertainty"), density=entry.get("density"),
                specific_energy=entry.get("specific_energy"), description=entry.get("description", ""),
            )
        return plant

    def to_yaml(self, path=None):
        """Write the plant as YAML to ``path`` (or return the YAML text if no path).

        >>> plant = Plant("Mill", period="d")
        >>> plant.add_step("Rinsing")
        >>> plant.add_stream("Water", "outside", "Rinsing", "30 m**3/d", kind="water", density="1 t/m**3")
        >>> Plant.from_yaml_text(plant.to_yaml()) == plant
        True
        """
        import yaml

        text = yaml.safe_dump(self.to_dict(), sort_keys=False, allow_unicode=True, width=100)
        if path is None:
            return text
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return None

    @classmethod
    def from_yaml_text(cls, text, origin="the YAML text"):
        """A plant from YAML text (see :meth:`from_yaml`)."""
        return cls.from_dict(_load_yaml(text, origin), origin=origin)

    @classmethod
    def from_yaml(cls, path):
        """A plant from a YAML file (layout as written by :meth:`to_yaml`)."""
        with open(path, encoding="utf-8") as f:
            return cls.from_yaml_text(f.read(), origin=f"File '{path}'")


def _format_uncertainty(u):
    if u is None:
        return ""
    if u.check("[]"):
        return f"{u.to('percent').magnitude!r} %"
    return _format_quantity(u)


def _cell(value):
    """A spreadsheet cell: a number stays a number, text is read as a quantity."""
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return value
    return value


def _endpoint_cell(value):
    return "" if _is_blank(value) else value


# --------------------------------------------------------------------------- flows on one basis


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
