"""The baseline: control figures of a plant and where they stand against benchmarks.

A control figure is a consumption (or a waste) per unit of production:
water per tonne of fabric, energy per tonne, chemicals per tonne, sludge
per tonne. Month by month it shows how steady the plant runs; over the
whole baseline period it is the sum of the consumption over the sum of the
production (not the mean of the monthly figures), the number an option is
later measured against.

>>> from cpkit import baseline, cases
>>> figures = baseline.control_figures(cases.baseline_measurements(),
...                                    calorific_values={"Natural gas": "35.8 MJ/Nm3"})
>>> figures["Water"].round(1)
<Quantity(134.1, 'meter ** 3 / metric_ton')>
>>> table = figures.compare("textiles")
>>> table.loc[[0], ["Figure", "Plant", "Unit", "Low", "High", "Where the plant stands"]]
  Figure  Plant  Unit    Low   High Where the plant stands
0  Water  134.1  L/kg  200.0  250.0                  below

Benchmarks are in ``cpkit/data/benchmarks.csv``, one row per published
figure with its source address and reliability; see :func:`benchmarks`.
"""

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from cpkit.checks import sequence
from cpkit.errors import CPInputError
from cpkit.flowsheet.vocabulary import _closest
from cpkit.monitoring import specific_consumption
from cpkit.units import Q_, number, ureg
from cpkit.units import quantity as read_quantity
from cpkit.units import unit as read_unit

DATA = Path(__file__).parent / "data"

_HEADER = re.compile(r"^\s*(?P<name>.*?)\s*\((?P<unit>[^()]*)\)\s*$")


def _read_benchmarks():
    return pd.read_csv(DATA / "benchmarks.csv", comment="#")


SECTORS = tuple(_read_benchmarks()["sector"].drop_duplicates())
"""Sectors with benchmarks in ``cpkit/data/benchmarks.csv``."""


def benchmarks(sector=None, item=None):
    """The benchmark ranges, as a table: all of them, one sector's, or one item's.

    Every row is a published figure seen in a retrieved copy of its source
    (status READ in the course's research note), with the source address
    and a reliability grade: A official or primary text; B programme
    report, paper, reputable secondary copy; C news, vendor, company claim.
    A norm (an upper limit) has no low value.

    >>> table = benchmarks("textiles", "Water")
    >>> print(table.loc[0, "Description"])
    Water use in wet processing (washing, dyeing, finishing), Bangladesh, per kg fabric
    >>> table.loc[[0], ["Low", "High", "Unit", "Basis", "Reliability"]]
         Low   High  Unit    Basis Reliability
    0  200.0  250.0  L/kg  typical           B
    >>> sorted(set(benchmarks()["Sector"]))
    ['dairy', 'pulp and paper', 'seafood processing', 'textiles']
    """
    table = _read_benchmarks()
    if sector is not None:
        table = table[table["sector"] == _sector(sector)]
    if item is not None:
        items = list(table["item"].drop_duplicates())
        if item not in items:
            where = f" for {sector}" if sector is not None else ""
            raise CPInputError(
                f"There is no benchmark called '{item}'{where}.{_closest(item, items)}",
                fix=f"Use one of: {', '.join(repr(i) for i in items)}.", field="item",
            )
        table = table[table["item"] == item]
    return table.reset_index(drop=True).rename(columns={
        "sector": "Sector", "item": "Item", "description": "Description", "low": "Low", "high": "High",
        "unit": "Unit", "basis": "Basis", "source": "Source", "status": "Status",
        "reliability": "Reliability", "note": "Note",
    })


def _sector(sector):
    text = str(sector).strip().lower()
    if text not in SECTORS:
        raise CPInputError(
            f"There are no benchmarks for the sector '{sector}'.{_closest(text, SECTORS)}",
            fix=f"Use one of: {', '.join(repr(s) for s in SECTORS)}; or compare with your own range.",
            field="sector",
        )
    return text


# --- Control figures ------------------------------------------------------


def _kind(name):
    """What a figure measures, from its name: 'volume', 'energy', 'mass' or None (anything goes)."""
    text = name.lower()
    if "per" in text.split():
        return None
    if "water" in text:
        return "volume"
    if "electricity" in text or "energy" in text or "heat" in text:
        return "energy"
    if "gas" in text:
        return "gas"
    if any(word in text for word in ("steam", "chemical", "dye", "sludge", "waste", "salt", "fabric", "fibre")):
        return "mass"
    return None


_EXAMPLES = {"volume": "m³", "energy": "kWh or GJ", "mass": "kg or t", "gas": "Nm³, kg or GJ"}


def _check_kind(name, quantity):
    kind = _kind(name)
    fits = {
        "volume": quantity.check("[length] ** 3"),
        "energy": quantity.check("[energy]"),
        "mass": quantity.check("[mass]"),
        "gas": quantity.check("[length] ** 3") or quantity.check("[mass]") or quantity.check("[energy]"),
        None: True,
    }[kind]
    if not fits:
        hint = " (1 t of water is about 1 m³)" if kind == "volume" and quantity.check("[mass]") else ""
        raise CPInputError(
            f"{name} is given in {quantity.units:~P}, which is not a {kind if kind != 'gas' else 'gas amount'}.",
            fix=f"Give {name.lower()} in {_EXAMPLES[kind]}{hint}, e.g. a column headed '{name} ({_EXAMPLES[kind].split()[0]})'.",
        )


def _numerator_unit(name, consumption):
    """The unit a control figure is shown in per unit of production."""
    units = consumption.units
    if consumption.check("[length] ** 3"):
        return ureg.Nm3 if units == ureg.Nm3 else ureg.m ** 3
    if consumption.check("[energy]"):
        return ureg.kWh if "electricity" in name.lower() else ureg.GJ
    if consumption.check("[mass]"):
        return ureg.kg
    return units


def _label(unit):
    return f"{unit:~P}".replace(" ", "")


@dataclass
class ControlFigures:
    """Result of :func:`control_figures`.

    ``monthly``: one row per period, the production and each control figure
    (units in the column headers); ``overall``: each figure over the whole
    period (sum over sum) as a quantity; ``notes``: what was left out or
    added up, in words.
    """

    monthly: pd.DataFrame
    overall: dict
    production: object
    notes: list = field(default_factory=list)

    def __getitem__(self, name):
        if name not in self.overall:
            raise CPInputError(
                f"There is no control figure '{name}'.{_closest(name, self.overall)}",
                fix=f"Use one of: {', '.join(repr(n) for n in self.overall)}.",
            )
        return self.overall[name]

    def table(self):
        """The control figures over the whole period: figure, value, unit.

        >>> from cpkit.units import Q_
        >>> control_figures(production=Q_([100, 120], "t"), water=Q_([1500, 1700], "m**3")).table()
          Figure  Value  Unit
        0  Water  14.55  m³/t
        """
        return pd.DataFrame({
            "Figure": list(self.overall),
            "Value": [round(float(q.magnitude), 2) for q in self.overall.values()],
            "Unit": [_label(q.units) for q in self.overall.values()],
        })

    def compare(self, sector, items=None):
        """Where the plant stands against the sector's benchmarks: see :func:`compare`."""
        return compare(self, sector, items=items)


def _consumption_columns(table, production, period):
    columns = {}
    for column in table.columns:
        if column in (production, period):
            continue
        match = _HEADER.match(str(column))
        if not match:
            continue
        try:
            unit = ureg.Unit(match["unit"].strip())
        except Exception:
            raise CPInputError(
                f"The unit '{match['unit']}' in the column '{column}' is not understood.",
                fix="Write the unit in brackets as in 'Water (m³)', 'Electricity (kWh)' or 'Chemicals (kg)'.",
            ) from None
        columns[match["name"]] = (column, unit)
    return columns


def _production_column(table, production):
    if production is not None:
        if production not in table.columns:
            raise CPInputError(
                f"The table has no column '{production}'.{_closest(production, table.columns)}",
                fix=f"Name the production column, one of: {', '.join(repr(c) for c in table.columns)}.",
            )
        return production
    found = [c for c in table.columns if str(c).lower().startswith("production")]
    if not found:
        raise CPInputError(
            "The table has no production column.",
            fix="Add a column such as 'Production (t)', or name it: control_figures(table, production='Output (t)').",
        )
    return found[0]


def _readings(table, column, periods):
    """The numbers of a column as floats; a blank cell is NaN (not metered); text, a quantity or an
    infinite number is refused naming the column and the period."""
    values = []
    for label, cell in zip(periods, table[column]):
        if cell is None or (isinstance(cell, str) and not cell.strip()) or \
                (isinstance(cell, (float, np.floating)) and np.isnan(cell)):
            values.append(np.nan)
            continue
        if isinstance(cell, str):
            try:
                cell = float(cell.replace(",", "")) if re.fullmatch(r"\s*\d{1,3}(,\d{3})+(\.\d*)?\s*", cell) \
                    else float(cell)
            except ValueError:
                cell = cell
        values.append(number(cell, f"Column '{column}', period {label}", "1500 (in the column's unit)",
                             field=str(column)))
    return np.asarray(values, dtype=float)


def _from_table(table, production, period):
    if not isinstance(table, pd.DataFrame):
        raise CPInputError(f"The baseline table must be a table (a pandas DataFrame), not {type(table).__name__}.",
                           fix="Give a table like cases.baseline_measurements(), one row per period.", field="table")
    production_column = _production_column(table, production)
    match = _HEADER.match(str(production_column))
    if not match:
        raise CPInputError(
            f"The production column '{production_column}' has no unit in brackets.",
            fix="Head it like 'Production (t)'.",
        )
    periods = list(table[period]) if isinstance(period, str) and period in table.columns \
        else list(range(1, len(table) + 1))
    amounts = _readings(table, production_column, periods)
    missing = [str(p) for p, v in zip(periods, amounts) if pd.isna(v)]
    if missing:
        raise CPInputError(
            f"Production is missing for {', '.join(missing)}, so consumption per tonne cannot be found there.",
            fix="Enter the production of that period, or leave the period out of the baseline (drop its row).",
            field=str(production_column),
        )
    production_q = Q_(amounts, read_unit(match["unit"].strip(), f"The unit of '{production_column}'", "'t'",
                                         field=str(production_column)))
    consumptions = {}
    for name, (column, unit) in _consumption_columns(table, production_column, period).items():
        consumptions[name] = (_readings(table, column, periods), unit)
    return production_q, periods, consumptions


def _as_series(value, name):
    field = name.lower().replace(" ", "_")
    quantity = read_quantity(value, name, "Q_([1500, 1700], 'm**3')", field=field) \
        if isinstance(value, (str, ureg.Quantity)) else value
    if not isinstance(quantity, ureg.Quantity):
        raise CPInputError(f"{name} has no unit.", fix=f"Give {name.lower()} as a quantity, e.g. Q_([1500, 1700], 'm**3').",
                           field=field)
    magnitude = np.atleast_1d(np.asarray(quantity.magnitude, dtype=float))
    if magnitude.ndim != 1 or not np.isfinite(magnitude).all():
        raise CPInputError(f"{name} holds a value that is not a finite number.",
                           fix="Give one reading per period, e.g. Q_([1500, 1700], 'm**3').", field=field)
    return Q_(magnitude, quantity.units)


def control_figures(table=None, *, production=None, period="Month", periods=None, calorific_values=None,
                    **consumptions):
    """Control figures per period and over the whole period, normalised for production.

    From a table whose columns carry their units in brackets (as
    :func:`cpkit.cases.baseline_measurements`): every column with a unit is
    a consumption, except the production column (``production``, by
    default the first column whose name starts with "Production") and the
    period column (``period``). A column left empty (not metered) is
    skipped and named in ``notes``.

    Or from quantities: ``production`` and each consumption as keyword
    arguments (``natural_gas=`` becomes "Natural gas").

    ``calorific_values``, e.g. ``{"Natural gas": "35.8 MJ/Nm3"}``, adds a
    figure "Energy": the columns already in energy units (electricity) plus
    each fuel times its calorific value, per unit of production.

    >>> from cpkit.units import Q_
    >>> figures = control_figures(production=Q_([100, 120], "t"), water=Q_([1500, 1700], "m**3"),
    ...                           periods=["Jan", "Feb"])
    >>> figures.monthly
      Period  Production (t)  Water (m³/t)
    0    Jan           100.0        15.000
    1    Feb           120.0        14.167
    >>> figures["Water"].round(2)    # (1500 + 1700) / (100 + 120)
    <Quantity(14.55, 'meter ** 3 / metric_ton')>
    """
    if table is not None:
        production_q, table_periods, raw = _from_table(table, production, period)
        periods = table_periods if periods is None else sequence(periods, "The periods", "['Jan', 'Feb']",
                                                                 field="periods")
    else:
        if production is None:
            raise CPInputError(
                "No production is given (nor a table).",
                fix="Give a table with a production column, or production=Q_([...], 't') with the consumptions.",
                field="production",
            )
        production_q = _as_series(production, "Production")
        raw = {}
        for key, value in consumptions.items():
            quantity = _as_series(value, key.replace("_", " ").capitalize())
            raw[key.replace("_", " ").capitalize()] = (quantity.magnitude, quantity.units)
        periods = sequence(periods, "The periods", "['Jan', 'Feb']", field="periods") if periods is not None \
            else list(range(1, len(production_q) + 1))
    if len(periods) != len(production_q):
        raise CPInputError(f"{len(periods)} period labels for {len(production_q)} production figures.",
                           fix="Give one period label (e.g. a month) per production figure.")
    bad = [str(p) for p, v in zip(periods, production_q.magnitude) if not v > 0]
    if bad:
        raise CPInputError(
            f"Production is zero or negative in {', '.join(bad)}, so consumption per unit of production "
            "cannot be found there.",
            fix="Leave that period out of the baseline (drop its row), or check the production entered.",
            field="production",
        )
    if not raw:
        raise CPInputError("There is no consumption to put against production.",
                           fix="Give at least one consumption, e.g. a column 'Water (m³)' or water=Q_([...], 'm**3').")

    total_production = production_q.sum()
    monthly = pd.DataFrame({"Period": periods, f"Production ({_label(production_q.units)})": production_q.magnitude})
    overall, notes, series = {}, [], {}
    for name, (values, unit) in raw.items():
        if len(values) != len(production_q):
            raise CPInputError(f"{name}: {len(values)} readings for {len(production_q)} periods.",
                               fix="Give one reading per period.", field=name)
        if np.isnan(values).all():
            notes.append(f"{name}: no readings (not metered), left out.")
            continue
        gaps = [str(p) for p, v in zip(periods, values) if np.isnan(v)]
        if gaps:
            raise CPInputError(
                f"{name} has no reading for {', '.join(gaps)}.",
                fix="Enter the reading (an estimate, marked as such), or leave that period out of the baseline.",
                field=name,
            )
        if (values < 0).any():
            raise CPInputError(f"{name} is negative in {', '.join(str(p) for p, v in zip(periods, values) if v < 0)}.",
                               fix="Enter consumptions as positive amounts.", field=name)
        quantity = Q_(values, unit)
        _check_kind(name, quantity)
        series[name] = quantity
        numerator = _numerator_unit(name, quantity)
        _add_figure(name, quantity.to(numerator), production_q, periods, monthly, overall)

    if calorific_values:
        energy = _site_energy(series, calorific_values, notes)
        _add_figure("Energy", energy.to("GJ"), production_q, periods, monthly, overall)
    return ControlFigures(monthly=monthly, overall=overall, production=total_production, notes=notes)


def _add_figure(name, consumption, production, periods, monthly, overall):
    table = specific_consumption(consumption, production, periods=periods)
    column = table.columns[-1]  # 'Specific consumption (unit)'
    unit_text = column[column.index("(") + 1:-1]
    monthly[f"{name} ({_label(ureg.Unit(unit_text))})"] = table[column].to_numpy()
    overall[name] = (consumption.sum() / production.sum()).to(ureg.Unit(unit_text))


def _site_energy(series, calorific_values, notes):
    parts, words = [], []
    for name, quantity in series.items():
        if quantity.check("[energy]"):
            parts.append(quantity.to("GJ"))
            words.append(name)
    for name, value in calorific_values.items():
        if name not in series:
            raise CPInputError(
                f"A calorific value is given for '{name}', but there is no such consumption.{_closest(name, series)}",
                fix=f"Name one of: {', '.join(repr(n) for n in series)}.",
            )
        cv = Q_(value) if isinstance(value, str) else value
        energy = series[name] * cv
        if not energy.check("[energy]"):
            raise CPInputError(
                f"{name} ({series[name].units:~P}) times the calorific value {cv:~P} is not an energy.",
                fix=f"Give the calorific value per {series[name].units:~P}, e.g. '35.8 MJ/Nm3' for gas or '40 MJ/kg' for oil.",
            )
        parts.append(energy.to("GJ"))
        words.append(f"{name} x {cv:~P}")
    notes.append("Energy = " + " + ".join(words) + ".")
    return sum(parts[1:], parts[0])


# --- Comparison with benchmarks -------------------------------------------


def _figures_dict(figures):
    if isinstance(figures, ControlFigures):
        return dict(figures.overall), False
    result = {}
    for name, value in dict(figures).items():
        try:
            quantity = Q_(value) if isinstance(value, str) else value
        except Exception:
            raise CPInputError(f"The figure '{name}': cannot read {value!r} as a quantity.",
                               fix="Write a number and a unit, e.g. '134 m3/t'.") from None
        if not isinstance(quantity, ureg.Quantity):
            raise CPInputError(f"The figure '{name}' has no unit.", fix="Give it as a quantity, e.g. '134 m3/t'.")
        result[name] = quantity
    return result, True


def _position(value, low, high):
    """('below' | 'within' | 'above', difference from the nearest end of the range in %)."""
    tolerance = 1e-9
    if not math.isnan(low) and value < low * (1 - tolerance):
        return "below", round(100 * (value / low - 1), 1)
    if not math.isnan(high) and value > high * (1 + tolerance):
        return "above", round(100 * (value / high - 1), 1)
    return "within", 0.0


def compare(figures, sector, items=None):
    """Where the plant stands against the benchmark ranges of its sector.

    ``figures``: the result of :func:`control_figures`, or a mapping of
    figure name to a quantity (e.g. ``{"Water": "134 m3/t"}``). Each figure
    is compared with every benchmark of the same name (``items`` limits
    which); figures without a benchmark are left out. The plant figure is
    converted to the benchmark's unit. "Difference (%)" is how far the
    plant lies outside the range, from its nearer end (negative: below).

    >>> table = compare({"Water": "134 m3/t"}, "textiles")
    >>> table[["Plant", "Unit", "Low", "High", "Where the plant stands", "Difference (%)"]].head(3)
       Plant  Unit    Low   High Where the plant stands  Difference (%)
    0  134.0  L/kg  200.0  250.0                  below           -33.0
    1  134.0  L/kg   50.0   50.0                  above           168.0
    2  134.0  L/kg  300.0  300.0                  below           -55.3
    """
    sector = _sector(sector)
    values, explicit = _figures_dict(figures)
    table = benchmarks(sector)
    names = list(table["Item"].drop_duplicates())
    wanted = list(values) if items is None else \
        ([items] if isinstance(items, str) else sequence(items, "The items to compare", "['Water']", field="items"))
    for name in wanted:
        if name not in names and (explicit or items is not None):
            raise CPInputError(
                f"There is no benchmark called '{name}' for {sector}.{_closest(name, names)}",
                fix=f"Benchmarks for {sector}: {', '.join(repr(n) for n in names)}.", field="items",
            )
        if items is not None and name not in values:
            raise CPInputError(f"There is no plant figure '{name}' to compare.{_closest(name, values)}",
                               fix=f"Plant figures: {', '.join(repr(n) for n in values)}.")
    rows = []
    for name in wanted:
        for row in table[table["Item"] == name].itertuples(index=False):
            plant = values[name]
            try:
                plant_value = float(plant.to(row.Unit).magnitude)
            except Exception:
                raise CPInputError(
                    f"{name} is {plant:~P}, which cannot be compared with the benchmark in {row.Unit}.",
                    fix=f"Give {name.lower()} per unit of production in a unit like {row.Unit} "
                        "(check the unit in the column header).",
                ) from None
            where, difference = _position(plant_value, float(row.Low), float(row.High))
            rows.append({
                "Figure": name, "Plant": round(plant_value, 1), "Unit": row.Unit.replace("**3", "³").replace("**2", "²"),
                "Benchmark": row.Description, "Basis": row.Basis, "Low": row.Low, "High": row.High,
                "Where the plant stands": where, "Difference (%)": difference,
                "Reliability": row.Reliability, "Source": row.Source,
            })
    if not rows:
        raise CPInputError(
            f"None of the figures ({', '.join(repr(n) for n in values)}) has a benchmark for {sector}.",
            fix=f"Benchmarks for {sector}: {', '.join(repr(n) for n in names)}.",
            field="items" if items is not None else "figures",
        )
    return pd.DataFrame(rows)
