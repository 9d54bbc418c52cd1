"""Environmental evaluation: what an option reduces, and the greenhouse gases it avoids.

Reductions are "before minus after", item by item, as quantities and as a
percentage of before. Greenhouse gases from burning fuel follow the IPCC
2006 Guidelines, Tier 1 (Vol. 2, Ch. 2, Equation 2.1): emissions of a gas
= fuel energy (net calorific basis) x default emission factor, with the
factors of Table 2.3 (manufacturing industries) or Table 2.2 (energy
industries). Electricity counts with the grid emission factor of the
country and year, which the user always states.

>>> from cpkit import impacts
>>> from cpkit.units import Q_
>>> gas = impacts.fuel_emissions("natural gas", Q_(59_000, "Nm3/month"), calorific_value="35.8 MJ/Nm3")
>>> gas.co2.round(1)          # 59,000 Nm3 x 35.8 MJ/Nm3 = 2.1122 TJ; x 56,100 kg/TJ
<Quantity(118.5, 'metric_ton / month')>
>>> power = impacts.electricity_emissions(Q_(340_000, "kWh/month"), grid_factor="Vietnam 2023")
>>> power.co2e.round(1)       # 340 MWh x 0.6592 tCO2e/MWh
<Quantity(224.1, 'tCO2e / month')>

Every factor is in ``cpkit/data/emission_factors.csv`` with the IPCC table
it belongs to and the copy it was read in; see :func:`emission_factors`.
"""

import difflib
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from cpkit.checks import mapping
from cpkit.errors import CPInputError
from cpkit.flowsheet.vocabulary import _closest
from cpkit.units import Q_, ureg
from cpkit.units import quantity as read_quantity

DATA = Path(__file__).parent / "data"


def _read_factors():
    return pd.read_csv(DATA / "emission_factors.csv", comment="#")


_FACTORS = _read_factors()
_COMBUSTION = _FACTORS[_FACTORS["kind"] == "emission factor"]

FUELS = tuple(_COMBUSTION["fuel"].drop_duplicates())
"""Fuels with IPCC default factors here, by their IPCC names."""

SECTORS = {"manufacturing": "manufacturing (1.A.2)", "energy industries": "energy industries (1.A.1)"}
"""Sectors of IPCC Tables 2.3 (manufacturing) and 2.2 (energy industries)."""

BIOGENIC = ("Wood/Wood Waste", "Other Primary Solid Biomass")
"""Biomass fuels: their CO2 is reported separately and left out of CO2e."""

GWP = {
    report: dict(zip(rows["gas"], rows["value"].astype(float)))
    for report, rows in _FACTORS[_FACTORS["kind"] == "GWP-100"].groupby("applies_to")
}
"""100-year global warming potentials (kg CO2e per kg): ``GWP["AR5"]["CH4"]`` is 28."""

GRID_FACTORS = {
    row.applies_to: Q_(float(row.value), row.unit)
    for row in _FACTORS[_FACTORS["kind"] == "grid emission factor"].itertuples()
}
"""Published grid emission factors by name, e.g. ``GRID_FACTORS["Vietnam 2023"]``."""

ALIASES = {
    "natural gas": "Natural Gas", "gas": "Natural Gas", "cng": "Natural Gas", "lng": "Natural Gas",
    "diesel": "Gas/Diesel Oil", "diesel oil": "Gas/Diesel Oil", "gas oil": "Gas/Diesel Oil", "do": "Gas/Diesel Oil",
    "fuel oil": "Residual Fuel Oil", "heavy fuel oil": "Residual Fuel Oil", "fo": "Residual Fuel Oil",
    "hfo": "Residual Fuel Oil", "mazut": "Residual Fuel Oil",
    "lpg": "Liquefied Petroleum Gases", "kerosene": "Other Kerosene", "gasoline": "Motor Gasoline",
    "petrol": "Motor Gasoline", "petcoke": "Petroleum Coke", "bituminous coal": "Other Bituminous Coal",
    "wood": "Wood/Wood Waste", "rice husk": "Other Primary Solid Biomass",
}
"""Everyday names accepted for the IPCC fuel names (case does not matter)."""


def _fuel(name):
    text = str(name).strip()
    for fuel in FUELS:
        if text.lower() == fuel.lower():
            return fuel
    if text.lower() in ALIASES:
        return ALIASES[text.lower()]
    if text.lower() == "coal":
        raise CPInputError(
            "'coal' could be one of several coals with different factors.",
            fix="Say which: 'Anthracite' (most Vietnamese coal), 'Other Bituminous Coal', 'Sub-Bituminous Coal' or 'Lignite'.",
        )
    names = {fuel.lower(): fuel for fuel in FUELS} | ALIASES
    match = difflib.get_close_matches(text.lower(), list(names), n=1, cutoff=0.5)
    hint = f" Did you mean '{names[match[0]]}'?" if match else ""
    raise CPInputError(
        f"There is no fuel '{name}' in the emission factors.{hint}",
        fix=f"Use one of: {', '.join(repr(f) for f in FUELS)}.",
    )


def _sector(sector):
    text = str(sector).strip().lower()
    if text not in SECTORS:
        raise CPInputError(
            f"There is no sector '{sector}' in the IPCC tables used here.{_closest(text, SECTORS)}",
            fix="Use 'manufacturing' (IPCC Table 2.3, e.g. a mill's own boiler) or 'energy industries' (Table 2.2).",
            field="sector",
        )
    return SECTORS[text]


def _gwp(gwp):
    if not isinstance(gwp, str) or gwp not in GWP:
        raise CPInputError(f"There are no GWP values '{gwp}' here.{_closest(str(gwp), GWP)}",
                           fix=f"Use one of: {', '.join(repr(g) for g in GWP)}.", field="gwp")
    return GWP[gwp]


def emission_factors(fuel=None, sector=None):
    """The factors as a table: fuel, gas, sector, value, unit, IPCC table and the copy they were read in.

    >>> table = emission_factors("fuel oil", "manufacturing")
    >>> table[["Gas", "Value", "Unit", "IPCC table"]]  # doctest: +NORMALIZE_WHITESPACE
       Gas    Value   Unit                                         IPCC table
    0  CO2  77400.0  kg/TJ  IPCC 2006 Guidelines, Vol. 2, Ch. 1 Table 1.4 ...
    1  CH4      3.0  kg/TJ     IPCC 2006 Guidelines, Vol. 2, Ch. 2, Table 2.3
    2  N2O      0.6  kg/TJ     IPCC 2006 Guidelines, Vol. 2, Ch. 2, Table 2.3
    """
    table = _COMBUSTION
    if fuel is not None:
        table = table[table["fuel"] == _fuel(fuel)]
    if sector is not None:
        table = table[table["applies_to"] == _sector(sector)]
    table = table.reset_index(drop=True)
    return pd.DataFrame({
        "Fuel": table["fuel"], "Gas": table["gas"], "Sector": table["applies_to"],
        "Value": table["value"].astype(float), "Unit": table["unit"], "IPCC table": table["citation"],
        "Read in": table["copy_repository"] + " " + table["copy_path"] + " (" + table["copy_locator"] + ")",
        "Checked against": table["cross_check"], "Note": table["note"].fillna(""),
    })


def emission_factor(fuel, gas="CO2", sector="manufacturing"):
    """The IPCC 2006 default emission factor of ``gas`` for ``fuel``, per TJ (net calorific basis).

    >>> emission_factor("Natural Gas")
    <Quantity(56100.0, 'kilogram / terajoule')>
    >>> emission_factor("anthracite", "CH4", sector="energy industries")
    <Quantity(1.0, 'kilogram / terajoule')>
    """
    fuel, where = _fuel(fuel), _sector(sector)
    if str(gas).upper() not in ("CO2", "CH4", "N2O"):
        raise CPInputError(f"There is no combustion factor for the gas '{gas}'.", fix="Use 'CO2', 'CH4' or 'N2O'.")
    rows = _COMBUSTION[(_COMBUSTION["fuel"] == fuel) & (_COMBUSTION["applies_to"] == where)
                       & (_COMBUSTION["gas"] == str(gas).upper())]
    return Q_(float(rows["value"].iloc[0]), rows["unit"].iloc[0])


def net_calorific_value(fuel):
    """The IPCC 2006 default net calorific value of ``fuel`` (Vol. 2, Table 1.2), in MJ/kg.

    >>> net_calorific_value("Residual Fuel Oil")
    <Quantity(40.4, 'megajoule / kilogram')>
    """
    fuel = _fuel(fuel)
    rows = _FACTORS[(_FACTORS["kind"] == "net calorific value") & (_FACTORS["fuel"] == fuel)]
    return Q_(float(rows["value"].iloc[0]), rows["unit"].iloc[0]).to("MJ/kg")


def grid_factor(name):
    """A published grid emission factor, e.g. ``grid_factor("Vietnam 2023")``.

    >>> grid_factor("Vietnam 2023")
    <Quantity(0.6592, 'tCO2e / megawatt_hour')>
    """
    name = str(name).strip()
    if name not in GRID_FACTORS:
        raise CPInputError(f"There is no published grid factor '{name}' here.{_closest(str(name), GRID_FACTORS)}",
                           fix=f"Use one of: {', '.join(repr(n) for n in GRID_FACTORS)}; or give the factor itself, "
                               "e.g. '0.6592 tCO2e/MWh'.")
    return GRID_FACTORS[name]


def _grid(value):
    """(label, factor) from a published factor's name or a quantity."""
    if value is None:
        raise CPInputError(
            "No grid emission factor is given.",
            fix=f"Give grid_factor= the factor of your grid and year, e.g. '0.6592 tCO2e/MWh', or the name of a "
                f"published one: {', '.join(repr(n) for n in GRID_FACTORS)}.",
        )
    if isinstance(value, str) and not value.strip()[:1].isdigit() and not value.strip().startswith("."):
        return value.strip(), grid_factor(value.strip())
    factor = _quantity(value, "Grid emission factor", "0.6592 tCO2e/MWh", field="grid_factor")
    return f"{factor:~P}", factor


# --- Quantities ------------------------------------------------------------


def _quantity(value, what, example, field=None):
    value = read_quantity(value, what, example, field=field)
    if (np.asarray(value.magnitude) < 0).any():
        raise CPInputError(f"{what} is negative ({value:~P}).",
                           fix="Give amounts as positive numbers; a saving is worked out by reductions(before, after).",
                           field=field)
    return value


def _time_unit(quantity):
    """The time unit a rate is per (e.g. 'year' in Nm3/year), or None."""
    for name, power in quantity.unit_items():
        if power == -1 and ureg.Quantity(1, name).check("[time]"):
            return name
    return None


def _in(quantity, unit, per):
    return quantity.to(f"{unit} / {per}" if per else unit)


def _fuel_energy(fuel, quantity, calorific_value):
    """Fuel energy on a net calorific basis, from an energy, a mass (default NCV) or any amount with its NCV."""
    energy_dims = ("[energy]", "[energy] / [time]")
    if any(quantity.check(d) for d in energy_dims):
        return quantity
    if calorific_value is not None:
        cv = _quantity(calorific_value, "Calorific value", "35.8 MJ/Nm3", field="calorific_value")
        energy = quantity * cv
        if not any(energy.check(d) for d in energy_dims):
            raise CPInputError(
                f"{fuel}: {quantity.units:~P} times a calorific value in {cv.units:~P} is not an energy.",
                fix=f"Give the net calorific value per {quantity.units:~P} of fuel, e.g. '35.8 MJ/Nm3' for gas, "
                    "'40.4 MJ/kg' for fuel oil.", field="calorific_value",
            )
        return energy
    if quantity.check("[mass]") or quantity.check("[mass] / [time]"):
        return quantity * net_calorific_value(fuel)
    raise CPInputError(
        f"{fuel} is given in {quantity.units:~P}, which cannot become energy without a calorific value.",
        fix="Give calorific_value= the net (lower) calorific value per unit of fuel, from the supplier or a "
            "fuel analysis (e.g. '35.8 MJ/Nm3'); or give the fuel as a mass (kg, t: the IPCC default NCV is used) "
            "or as an energy (GJ).", field="quantity",
    )


@dataclass
class Emissions:
    """Greenhouse gases from one source: masses (or rates) of CO2, CH4 and N2O.

    ``co2`` is fossil CO2; ``biogenic_co2`` is CO2 from biomass, reported
    separately and not counted in ``co2e``. ``co2e`` adds CH4 and N2O with
    the 100-year GWPs of ``gwp`` (IPCC AR5 by default).
    """

    source: str
    energy: object
    co2: object
    ch4: object
    n2o: object
    biogenic_co2: object
    gwp: str = "AR5"

    @property
    def co2e(self):
        """CO2-equivalent in tCO2e (per period if the input was a rate)."""
        per = _time_unit(self.co2)
        factors = GWP[self.gwp]
        total = self.co2 + self.ch4 * factors["CH4"] + self.n2o * factors["N2O"]
        return _in(total, "tCO2e", per)

    def table(self):
        """One row: source, energy, CO2, CH4, N2O, biogenic CO2 and CO2e, units in the headers."""
        return ghg_table(self)


def fuel_emissions(fuel, quantity, calorific_value=None, sector="manufacturing", gwp="AR5"):
    """CO2, CH4 and N2O from burning ``quantity`` of ``fuel`` (IPCC 2006, Tier 1).

    ``quantity`` may be an energy (net calorific basis, e.g. '2.1 TJ'), a
    mass (the IPCC default net calorific value of Table 1.2 is used unless
    ``calorific_value`` is given) or any other amount with its
    ``calorific_value`` (e.g. Nm3 of gas with '35.8 MJ/Nm3'). A rate
    (per month, per year) gives rates. ``sector``: 'manufacturing' (Table
    2.3, a mill's own boiler) or 'energy industries' (Table 2.2).

    The IPCC factors are per TJ on a net calorific basis: give the net
    (lower) calorific value, not the gross one that boiler tests use.

    >>> oil = fuel_emissions("Residual Fuel Oil", "1 t")   # 40.4 GJ x 77,400 kg/TJ
    >>> oil.co2.to("kg").round(2)
    <Quantity(3126.96, 'kilogram')>
    >>> oil.co2e.round(4)          # + 3 kg/TJ CH4 x 28 + 0.6 kg/TJ N2O x 265, times 0.0404 TJ
    <Quantity(3.1368, 'tCO2e')>
    """
    fuel, where = _fuel(fuel), _sector(sector)
    _gwp(gwp)
    quantity = _quantity(quantity, f"The amount of {fuel}", "59000 Nm3", field="quantity")
    energy = _fuel_energy(fuel, quantity, calorific_value)
    per = _time_unit(energy)
    energy = _in(energy, "TJ", per)
    factors = {gas: emission_factor(fuel, gas, sector) for gas in ("CO2", "CH4", "N2O")}
    co2 = _in(energy * factors["CO2"], "t", per)
    zero = co2 * 0
    biogenic = fuel in BIOGENIC
    return Emissions(
        source=f"{fuel} ({where})",
        energy=energy,
        co2=zero if biogenic else co2,
        ch4=_in(energy * factors["CH4"], "kg", per),
        n2o=_in(energy * factors["N2O"], "kg", per),
        biogenic_co2=co2 if biogenic else zero,
        gwp=gwp,
    )


def electricity_emissions(energy, grid_factor):
    """CO2e from grid electricity: energy x the grid emission factor.

    ``grid_factor`` is required: a quantity such as '0.6592 tCO2e/MWh', or
    the name of a published factor in :data:`GRID_FACTORS` (e.g. 'Vietnam
    2023'). State the year you use; factors change from year to year.

    >>> electricity_emissions("1000 MWh", "Vietnam 2022").co2e
    <Quantity(676.6, 'tCO2e')>
    """
    energy = _quantity(energy, "Electricity", "340000 kWh", field="energy")
    name, factor = _grid(grid_factor)
    if not factor.check("[mass] / [energy]"):
        raise CPInputError(f"The grid emission factor {factor:~P} is not a mass per energy.",
                           fix="Give it in tCO2e/MWh (= kg CO2e/kWh), e.g. '0.6592 tCO2e/MWh'.", field="grid_factor")
    if not (energy.check("[energy]") or energy.check("[energy] / [time]")):
        raise CPInputError(f"Electricity is given in {energy.units:~P}, which is not an energy.",
                           fix="Give it in kWh or MWh (per month or per year for a rate).", field="energy")
    per = _time_unit(energy)
    if per is None and not energy.check("[energy]"):
        raise CPInputError(f"Electricity is given as a power ({energy.units:~P}), not as energy over a period.",
                           fix="Give the energy used in a period, e.g. '340000 kWh/month' or '1000 MWh'.",
                           field="energy")
    co2 = _in(energy * factor, "t", per)
    zero = co2 * 0
    return Emissions(source=f"Electricity (grid, {name})", energy=_in(energy, "MWh", per), co2=co2,
                     ch4=_in(zero, "kg", per), n2o=_in(zero, "kg", per), biogenic_co2=zero)


def ghg_table(*emissions):
    """A table of sources with their gases, and a total row.

    >>> from cpkit.units import Q_
    >>> table = ghg_table(fuel_emissions("Natural Gas", "2 TJ"), electricity_emissions("100 MWh", "0.6592 tCO2e/MWh"))
    >>> table[["Source", "CO2 (t)", "CO2e (tCO2e)"]]
                                     Source  CO2 (t)  CO2e (tCO2e)
    0   Natural Gas (manufacturing (1.A.2))   112.20       112.309
    1  Electricity (grid, 0.6592 tCO2e/MWh)    65.92        65.920
    2                                 Total   178.12       178.229
    """
    if not emissions:
        raise CPInputError("No emissions to tabulate.", fix="Give one or more results of fuel_emissions or electricity_emissions.")
    per = _time_unit(emissions[0].co2)
    units = {"CO2": "t", "CH4": "kg", "N2O": "kg", "Biogenic CO2": "t", "CO2e": "tCO2e"}
    suffix = f"/{per}" if per else ""
    rows = []
    for e in emissions:
        if _time_unit(e.co2) != per:
            raise CPInputError(
                "The sources are not over the same period: "
                f"'{emissions[0].source}' is per {per or 'whole period'}, '{e.source}' per {_time_unit(e.co2) or 'whole period'}.",
                fix="Give every amount per the same period (e.g. all per year).",
            )
        values = {"CO2": e.co2, "CH4": e.ch4, "N2O": e.n2o, "Biogenic CO2": e.biogenic_co2, "CO2e": e.co2e}
        rows.append([e.source] + [float(_in(values[k], units[k], per).magnitude) for k in units])
    columns = ["Source"] + [f"{k} ({units[k]}{suffix})" for k in units]
    table = pd.DataFrame(rows, columns=columns)
    total = ["Total"] + [table[c].sum() for c in columns[1:]]
    table.loc[len(table)] = total
    for column in columns[1:]:
        table[column] = table[column].astype(float).round(3)
    return table


# --- Reductions -------------------------------------------------------------


def reduction(before, after):
    """Before minus after, in the unit of before (positive: less is used or emitted after).

    >>> reduction("42000 m3/month", "36500 m3/month")
    <Quantity(5500.0, 'meter ** 3 / month')>
    """
    before = _quantity(before, "Before", "42000 m3/month", field="before")
    after = _quantity(after, "After", "36500 m3/month", field="after")
    try:
        return before - after.to(before.units)
    except Exception:
        raise CPInputError(f"Before ({before:~P}) and after ({after:~P}) are not the same kind of amount.",
                           fix="Give both in units of the same kind, e.g. both in m3/month.", field="after") from None


def reductions(before, after):
    """What an option reduces, item by item: before, after, reduction and reduction in %.

    ``before`` and ``after`` map item names (water, energy, a material,
    waste, CO2e...) to quantities; every item of ``before`` must be in
    ``after``. Results are in the unit of before. The percentage is of
    before; an item that is zero before is refused, as a reduction in % of
    nothing is not defined (compare it with :func:`reduction` instead).

    >>> reductions({"Water": "42000 m3/month", "Steam": "690 t/month"},
    ...            {"Water": "36500 m3/month", "Steam": "655 t/month"})
        Item   Before    After  Reduction      Unit  Reduction (%)
    0  Water  42000.0  36500.0     5500.0  m³/month          13.10
    1  Steam    690.0    655.0       35.0   t/month           5.07
    """
    before = mapping(before, "Before", "{'Water': '42000 m3/month'}", field="before")
    after = mapping(after, "After", "{'Water': '36500 m3/month'}", field="after")
    if not before:
        raise CPInputError("Before holds no items.", fix="Give the items the option reduces, e.g. "
                           "{'Water': '42000 m3/month'}.", field="before")
    missing = [name for name in before if name not in after]
    if missing:
        name = missing[0]
        raise CPInputError(f"'{name}' is in before but not in after.{_closest(name, after)}",
                           fix="Give every item before and after the option, with the same names.", field="after")
    rows = []
    for name, value in before.items():
        b = _quantity(value, f"{name} before", "42000 m3/month", field="before")
        a = _quantity(after[name], f"{name} after", "36500 m3/month", field="after")
        try:
            r = reduction(b, a)
        except CPInputError as problem:
            raise CPInputError(f"'{name}': {problem.problem[0].lower()}{problem.problem[1:]}", problem.fix,
                               field="after") from None
        if b.magnitude == 0:
            raise CPInputError(f"'{name}' is zero before the option: a reduction in % of nothing is not defined.",
                               fix=f"Leave '{name}' out of the table, or compare it alone with reduction(before, after).",
                               field="before")
        percent = round(float(100 * r.magnitude / b.magnitude), 2)
        rows.append({"Item": name, "Before": b.magnitude, "After": a.to(b.units).magnitude,
                     "Reduction": r.magnitude, "Unit": f"{b.units:~P}", "Reduction (%)": percent})
    return pd.DataFrame(rows)
