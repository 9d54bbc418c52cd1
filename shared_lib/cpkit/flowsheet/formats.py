"""File formats of a plant model: tables, CSV, plain data and YAML, written and read back.

One job: move a :class:`~cpkit.flowsheet.Plant` in and out of the forms
people keep it in (two spreadsheet tables, two CSV files, a YAML file);
what is read goes through the plant's own input checks.
"""

from __future__ import annotations

import math

from cpkit.errors import CPInputError
from cpkit.flowsheet.vocabulary import _is_blank
from cpkit.units import Q_, number
from cpkit.units import quantity as read_quantity
from cpkit.units import unit as read_unit


def _load_yaml(text, origin):
    """Data from YAML text; a syntax error, or a key written twice, is reported with where it is.

    Plain YAML keeps the last of two equal keys without a word: a plant file
    with ``quantity:`` twice in one stream would load with the second value.
    Here it is refused.
    """
    import yaml

    class _StrictLoader(yaml.SafeLoader):
        pass

    def _mapping(loader, node, deep=False):
        seen = {}
        for key_node, _ in node.value:
            key = loader.construct_object(key_node, deep=deep)
            if key in seen:
                raise CPInputError(
                    f"{origin}: the key {key!r} is written twice in one entry "
                    f"(lines {seen[key] + 1} and {key_node.start_mark.line + 1}).",
                    fix="Keep one of the two lines; a second value would silently replace the first.",
                    field=str(key))
            seen[key] = key_node.start_mark.line
        return loader.construct_mapping(node, deep=deep)

    _StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 (a SafeLoader subclass)
    except yaml.YAMLError as exc:
        raise CPInputError(f"{origin} is not valid YAML: {exc}",
                           fix="Check the indentation and the colons near the line shown.", field=origin) from None


def _entries(data, key, origin):
    """The list under ``key`` (steps or streams), refused clearly if it is written as something else."""
    entries = data.get(key)
    entries = [] if entries is None or (isinstance(entries, str) and not entries.strip()) else entries
    if not isinstance(entries, list):
        raise CPInputError(
            f"In {origin}, '{key}:' must be a list, one entry per line starting with '- ', "
            f"not a {type(entries).__name__}.",
            fix=f"Write each of the {key} as '- name: ...' under '{key}:'.", field=key)
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) and not (key == "steps" and isinstance(entry, str)):
            raise CPInputError(f"Entry {number} of '{key}:' in {origin} is not an entry with named fields: {entry!r}.",
                               fix=f"Write it as '- name: ...' with its fields indented below.", field=key)
    return entries


def _format_quantity(q):
    """A quantity as a string that reads back exactly: '318.0 t/month'."""
    return f"{q.magnitude!r} {q.units:~C}" if not q.unitless else f"{q.magnitude!r}"


class PlantFormats:
    """Reading and writing a :class:`~cpkit.flowsheet.Plant` (mixed into it)."""

    def to_tables(self):
        """Two pandas tables, steps and streams, that a trainee can edit in a spreadsheet.

        Quantities are split into a number and a unit column; each
        component of a composition gets a column "Composition: <component>".

        >>> from cpkit.flowsheet import Plant
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

        >>> from cpkit.flowsheet import Plant
        >>> plant = Plant("Mill")
        >>> plant.add_step("Dyeing")
        >>> plant.add_stream("Dye", "outside", "Dyeing", "3.6 t/month", kind="auxiliary")
        >>> Plant.from_tables(*plant.to_tables(), name="Mill") == plant
        True
        """
        import pandas as pd

        for table, what in ((steps, "steps"), (streams, "streams")):
            if not isinstance(table, pd.DataFrame):
                raise CPInputError(f"The {what} table must be a table (a pandas DataFrame), not "
                                   f"{type(table).__name__}.", fix="Give the two tables of plant.to_tables().",
                                   field=what)
        plant = cls(name, period=period, description=description)
        for row in steps.to_dict("records"):
            plant.add_step(row.get("Step"), description=row.get("Description", ""),
                           accumulation=row.get("Accumulation"))
        for row_number, row in enumerate(streams.to_dict("records"), start=1):
            if _is_blank(row.get("Stream")):
                raise CPInputError(f"Row {row_number} of the streams table has no stream name.",
                                   fix="Fill in the column 'Stream'.")
            quantity = row.get("Quantity")
            if not _is_blank(quantity):
                unit = row.get("Unit")
                if _is_blank(unit):
                    raise CPInputError(f"Stream '{row['Stream']}': the quantity {quantity} has no unit.",
                                       fix=f"Fill in the column 'Unit', e.g. 't/{period}'.", field="Unit")
                what = f"Stream '{row['Stream']}': the quantity"
                if isinstance(quantity, str):
                    quantity = read_quantity(f"{quantity} {unit}", what, f"12 t/{period}", field="Quantity")
                else:
                    quantity = Q_(number(quantity, what, "12", field="Quantity"),
                                  read_unit(unit, f"Stream '{row['Stream']}': the unit", f"'t/{period}'",
                                            field="Unit"))
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
                               fix="Start the file with 'plant: <name>', then 'period:', 'steps:' and 'streams:'.",
                               field="plant")
        plant = cls(data["plant"], period=data.get("period", "month"), description=data.get("description", ""))
        for entry in _entries(data, "steps", origin):
            entry = {"name": entry} if isinstance(entry, str) else entry
            plant.add_step(entry.get("name"), description=entry.get("description", ""),
                           accumulation=entry.get("accumulation"))
        for number, entry in enumerate(_entries(data, "streams", origin), start=1):
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

        >>> from cpkit.flowsheet import Plant
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
