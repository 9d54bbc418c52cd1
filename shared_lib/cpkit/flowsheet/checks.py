"""Input checks of a plant model: every step and stream is checked as it is added.

One job: turn what a trainee writes (names, quantities as text, kinds,
statuses, uncertainties, compositions) into checked values, or refuse it
with a :class:`~cpkit.errors.CPInputError` that says what is wrong and how
to fix it. :class:`~cpkit.flowsheet.Plant` calls these checks.
"""

from __future__ import annotations

import math
import numbers

from cpkit.errors import CPInputError
from cpkit.flowsheet.vocabulary import (_ENERGY_CAPABLE_KINDS, KINDS, OUTSIDE, STATUSES, _closest,
                                        _dimension_kind, _energy_amount, _is_blank, _period_unit)
from cpkit.units import number, ureg
from cpkit.units import quantity as read_quantity


def _check_period(name, period):
    """The plant's period: a time unit, or "batch"."""
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
                field="period",
            )
    return period


class PlantChecks:
    """The checks :class:`~cpkit.flowsheet.Plant` runs on what is added to it."""

    def _check_step(self, name, accumulation):
        """The step's name and accumulation, checked against the plant (``err.field``: "name" or "accumulation")."""
        if _is_blank(name):
            raise CPInputError(f"Plant '{self.name}': a step has no name.", fix="Give each step a name.",
                               field="name")
        name = str(name).strip()
        if name.lower() == OUTSIDE:
            raise CPInputError(
                f"Plant '{self.name}': 'outside' is the plant boundary, not a step.",
                fix="Give the step another name.", field="name",
            )
        if name in self._steps:
            raise CPInputError(
                f"Plant '{self.name}' already has a step '{name}'.",
                fix=f"Give each step its own name, e.g. '{name} 2'.", field="name",
            )
        if not _is_blank(accumulation):
            accumulation = read_quantity(accumulation, f"Step '{name}': accumulation", f"2 t/{self.period}",
                                         field="accumulation")
            if _dimension_kind(accumulation, _period_unit(self.period)) is None:
                raise CPInputError(
                    f"Step '{name}': the accumulation {accumulation:.6g~P} is not a mass or volume per {self.period}.",
                    fix=f"Give it like '2 t/{self.period}'." if self.period != "batch" else "Give it like '20 kg'.",
                    field="accumulation",
                )
        else:
            accumulation = None
        return name, accumulation

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
        """The stream's fields, checked; a refusal names the argument it is about in ``err.field``."""
        about = {"field": "name"}
        try:
            return self._checked_stream(about, name, source, destination, quantity, kind, composition, status,
                                        uncertainty, density, specific_energy, description)
        except CPInputError as problem:
            if problem.field is None:
                problem.field = about["field"]
            raise

    def _checked_stream(self, about, name, source, destination, quantity, kind, composition, status,
                        uncertainty, density, specific_energy, description):
        if _is_blank(name):
            raise CPInputError(f"Plant '{self.name}': a stream has no name.", fix="Give each stream a name.")
        name = str(name).strip()
        if name in self._streams:
            raise CPInputError(
                f"Plant '{self.name}' already has a stream '{name}'.",
                fix=f"Give each stream its own name, e.g. '{name} 2'.",
            )
        about["field"] = "source"
        source = self._endpoint(source, name, "source")
        about["field"] = "destination"
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
        about["field"] = "kind"
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
        about["field"] = "density"
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
        about["field"] = "specific_energy"
        if not _is_blank(specific_energy):
            specific_energy = read_quantity(specific_energy, f"Stream '{name}': specific energy", "2.76 MJ/kg")
        else:
            specific_energy = None
        about["field"] = "quantity"
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
        about["field"] = "status"
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
        about["field"] = "uncertainty"
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
        about["field"] = "composition"
        composition = self._check_composition(name, composition, quantity)
        return dict(
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
                value = number(value, f"Stream '{name}': the fraction of '{component}'", "0.05", field="composition")
            else:
                value = read_quantity(value, f"Stream '{name}': component '{component}'", "5 %", field="composition")
                if value.check("[]"):
                    value = float(value.to("").magnitude)
            if isinstance(value, float):
                if not 0 <= value <= 1:
                    raise CPInputError(
                        f"Stream '{name}': the fraction of '{component}' is {value!r}, outside 0 to 1.",
                        fix="Give fractions between 0 and 1 (0.05) or as percent ('5 %').", field="composition",
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
