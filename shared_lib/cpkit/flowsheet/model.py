"""The plant model: steps, streams and the plant that holds them.

One job: keep the steps and streams of a plant and answer questions about
them. Input checks are in :mod:`cpkit.flowsheet.checks`, file formats in
:mod:`cpkit.flowsheet.formats`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from cpkit.errors import CPInputError
from cpkit.flowsheet.checks import PlantChecks, _check_period
from cpkit.flowsheet.formats import PlantFormats
from cpkit.flowsheet.vocabulary import LOSS_KINDS, OUTSIDE, _closest, _is_blank


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


class Plant(PlantChecks, PlantFormats):
    """A plant: process steps and the streams between them.

    ``period`` is the time unit that quantities refer to ("month", "d",
    "h", "year"), or "batch" when quantities are amounts per batch.

    >>> from cpkit.flowsheet import Plant
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
        period = _check_period(name, period)
        if not isinstance(name, (str, int)) or isinstance(name, bool):
            raise CPInputError(f"The plant's name {name!r} is not a text.", fix="Give it one: Plant('My mill').",
                               field="plant")
        if description is not None and not isinstance(description, str):
            raise CPInputError(f"The plant's description {description!r} is not a text.",
                               fix="Describe the plant in words, or leave the description out.", field="description")
        self.name = str(name)
        self.period = period
        self.description = description or ""
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

        >>> from cpkit.flowsheet import Plant
        >>> plant = Plant("Mill")
        >>> plant.add_step("Dyeing")
        >>> plant.add_step("Dyeing")
        Traceback (most recent call last):
        ...
        cpkit.errors.CPInputError: Plant 'Mill' already has a step 'Dyeing'.
        How to fix: Give each step its own name, e.g. 'Dyeing 2'.
        """
        name, accumulation = self._check_step(name, accumulation)
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

        >>> from cpkit.flowsheet import Plant
        >>> plant = Plant("Mill")
        >>> plant.add_step("Rinsing")
        >>> plant.add_stream("Rinse water", "outside", "Rinsing", "-3 m**3/month", kind="water")
        Traceback (most recent call last):
        ...
        cpkit.errors.CPInputError: Stream 'Rinse water' has a negative flow (-3 m³/month).
        How to fix: Enter flows as positive numbers; the direction of a stream is set by its source and destination.
        """
        stream = Stream(**self._check_stream(
            name, source, destination, quantity, kind, composition, status, uncertainty,
            density, specific_energy, description,
        ))
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
