"""Energy balances: heat, steam, fuel and electricity in consistent units.

Steam and water properties come from the IAPWS Industrial Formulation 1997
(IAPWS-IF97) through the ``iapws`` package: no hand-written steam tables.
Enthalpies are specific (per kg), relative to liquid water at the triple
point, as in steam tables.

>>> from cpkit.energy import steam_enthalpy, water_enthalpy, sensible_heat
>>> steam_enthalpy("0.9 MPa").to("kJ/kg").round(1)          # saturated steam
<Quantity(2773.0, 'kilojoule / kilogram')>
>>> water_enthalpy("30 degC").to("kJ/kg").round(1)          # feed water at 1 atm
<Quantity(125.8, 'kilojoule / kilogram')>
>>> sensible_heat("1000 kg", WATER_SPECIFIC_HEAT, "60 K").to("MJ").round(1)
<Quantity(251.2, 'megajoule')>

In a plant, energy is carried by streams of kind "energy" (electricity in
kWh per period, or fuel with its calorific value as ``specific_energy``)
and by material streams with a ``specific_energy`` (the enthalpy of steam,
condensate or hot water). :func:`energy_balance` adds them up per step;
what does not come out as a stream is the step's unaccounted loss (heat to
air, to wastewater, through the stack).
"""

from __future__ import annotations

import re

from cpkit.errors import CPInputError
from cpkit.flowsheet.vocabulary import OUTSIDE, _energy_amount, _period_unit
from cpkit.units import Q_, number, ureg
from cpkit.units import quantity as read_quantity
from cpkit.units import unit as read_unit

CRITICAL_PRESSURE_MPA = 22.064
CRITICAL_TEMPERATURE_K = 647.096

WATER_SPECIFIC_HEAT = Q_(4.186, "kJ/(kg*K)")
"""Specific heat of liquid water near 20-60 °C, for m·cp·ΔT estimates."""


def _q(value, what, dimension, example):
    field = what.lower().replace(" ", "_")
    q = read_quantity(value, what, example, field=field)
    if not q.check(dimension):
        words = re.sub(r"\[(\w+)\]", r"\1", dimension).replace(" / ", " per ").replace(" * ", " times ")
        article = "an" if words[0] in "aeiou" else "a"
        raise CPInputError(f"{what}: {q:~P} is not {article} {words}.", fix=f"Give it like {example!r}.",
                           field=field)
    return q


def _mpa(pressure):
    p = _q(pressure, "Pressure", "[pressure]", "0.9 MPa").to("MPa").magnitude
    if not 0.000611 < p <= 100:
        raise CPInputError(f"The pressure {p:g} MPa is outside the steam tables, the range of IAPWS-IF97 "
                           "(0.000611 to 100 MPa).",
                           fix="Give the absolute pressure, e.g. '0.9 MPa' (8 bar gauge is about 0.9 MPa absolute).")
    return p


def _kelvin(temperature):
    return _q(temperature, "Temperature", "[temperature]", "180 degC").to("K").magnitude


def _iapws(**state):
    """The IAPWS-IF97 state at P (MPa) and T (K) or quality x; a state outside the tables is refused."""
    from iapws import IAPWS97

    try:
        return IAPWS97(**state)
    except NotImplementedError:  # iapws: "Incoming out of bound"
        where = f"{state['T'] - 273.15:g} °C" if "T" in state else "saturation"
        raise CPInputError(
            f"Steam pressure {state['P'] * 10:g} bar at {where} is outside the steam tables (IAPWS-IF97).",
            fix="Saturated water and steam exist only below 220.64 bar (the critical point); the tables cover "
                "0-1000 bar and 0-800 °C (to 2000 °C below 500 bar).",
            field="temperature" if "T" in state else "pressure",
        ) from None


def saturation_temperature(pressure):
    """Boiling temperature of water at an absolute pressure.

    >>> saturation_temperature("0.101325 MPa").to("degC").round(2)
    <Quantity(99.97, 'degree_Celsius')>
    """
    return Q_(_iapws(P=_mpa(pressure), x=0).T, "K").to("degC")


def steam_enthalpy(pressure, temperature=None, dryness=None):
    """Specific enthalpy of steam (IAPWS-IF97).

    - saturated steam: ``steam_enthalpy("0.9 MPa")``;
    - superheated steam: ``steam_enthalpy("4 MPa", temperature="400 degC")``;
    - wet steam: ``steam_enthalpy("0.9 MPa", dryness=0.95)``.

    >>> steam_enthalpy("1 MPa", dryness=0.9).to("kJ/kg").round(1)
    <Quantity(2575.7, 'kilojoule / kilogram')>
    >>> steam_enthalpy("3 MPa", temperature="400 degC").to("kJ/kg").round(1)
    <Quantity(3231.6, 'kilojoule / kilogram')>
    """
    p = _mpa(pressure)
    if temperature is not None and dryness is not None:
        raise CPInputError("Give either a temperature (superheated steam) or a dryness (wet steam), not both.",
                           fix="Saturated and wet steam are fixed by pressure and dryness alone.")
    if temperature is not None:
        t = _kelvin(temperature)
        t_sat = _iapws(P=p, x=1).T if p < CRITICAL_PRESSURE_MPA else 0.0
        if t < t_sat - 1e-6:
            raise CPInputError(
                f"At {p:g} MPa, {t - 273.15:.1f} °C is below the saturation temperature {t_sat - 273.15:.1f} °C: "
                "that is liquid water, not steam.",
                fix="Use water_enthalpy() for liquid water, or check the pressure (absolute, not gauge).",
            )
        return Q_(_iapws(P=p, T=t).h, "kJ/kg")
    if isinstance(dryness, (str, ureg.Quantity)):
        dryness = read_quantity(dryness, "The dryness fraction", "0.95", field="dryness")
        if not dryness.check("[]"):
            raise CPInputError(f"The dryness fraction {dryness:~P} is not a fraction.",
                               fix="Give it as a number from 0 to 1 (or a percentage), e.g. 0.95.", field="dryness")
        dryness = float(dryness.to("").magnitude)
    x = 1.0 if dryness is None else number(dryness, "The dryness fraction", "0.95", field="dryness")
    if not 0 <= x <= 1:
        raise CPInputError(f"The dryness fraction {x:g} is outside 0 to 1.",
                           fix="Dryness is the mass fraction of vapour: 1 for dry saturated steam, 0.95 for wet steam.")
    return Q_(_iapws(P=p, x=x).h, "kJ/kg")


def condensate_enthalpy(pressure):
    """Specific enthalpy of saturated liquid (condensate) at a pressure.

    >>> condensate_enthalpy("0.9 MPa").to("kJ/kg").round(1)
    <Quantity(742.7, 'kilojoule / kilogram')>
    """
    return Q_(_iapws(P=_mpa(pressure), x=0).h, "kJ/kg")


def latent_heat(pressure):
    """Specific latent heat of vaporisation at a pressure (h'' - h').

    >>> latent_heat("0.101325 MPa").to("kJ/kg").round(0)
    <Quantity(2257.0, 'kilojoule / kilogram')>
    """
    p = _mpa(pressure)
    return Q_(_iapws(P=p, x=1).h - _iapws(P=p, x=0).h, "kJ/kg")


def enthalpy(pressure, temperature):
    """Specific enthalpy of water or steam, whichever it is at that pressure and temperature.

    For feedwater and steam read off the same boiler: no check of the phase.

    >>> enthalpy("1.1 MPa", "85 degC").to("kJ/kg").round(1)
    <Quantity(356.8, 'kilojoule / kilogram')>
    """
    return Q_(_iapws(P=_mpa(pressure), T=_kelvin(temperature)).h, "kJ/kg")


def water_enthalpy(temperature, pressure="0.101325 MPa"):
    """Specific enthalpy of liquid (hot) water or condensate at a temperature and pressure.

    >>> water_enthalpy("90 degC").to("kJ/kg").round(1)
    <Quantity(377.0, 'kilojoule / kilogram')>
    """
    p, t = _mpa(pressure), _kelvin(temperature)
    t_sat = _iapws(P=p, x=0).T if p < CRITICAL_PRESSURE_MPA else CRITICAL_TEMPERATURE_K
    if t > t_sat + 1e-6:
        raise CPInputError(
            f"At {p:g} MPa water boils at {t_sat - 273.15:.1f} °C; {t - 273.15:.1f} °C is steam.",
            fix="Use steam_enthalpy() for steam, or give a higher pressure for pressurised hot water.",
        )
    return Q_(_iapws(P=p, T=t).h, "kJ/kg")


def sensible_heat(mass, specific_heat, temperature_change):
    """Heat to warm a mass by a temperature difference: Q = m·cp·ΔT.

    ``mass`` may be a mass or a mass flow (then Q is a heat flow).

    >>> sensible_heat("10 t/month", "4.186 kJ/(kg*K)", "50 K").to("GJ/month").round(3)
    <Quantity(2.093, 'gigajoule / month')>
    """
    m = read_quantity(mass, "Mass", "1000 kg", field="mass")
    if not (m.check("[mass]") or m.check("[mass] / [time]")) or m.magnitude < 0:
        raise CPInputError(f"Mass: {m:~P} is not a mass or a mass flow of zero or more.",
                           fix="Give it like '1000 kg' or '10 t/month'.", field="mass")
    cp = _q(specific_heat, "Specific heat", "[energy] / [mass] / [temperature]", "4.186 kJ/(kg*K)")
    if cp.magnitude <= 0:
        raise CPInputError(f"Specific heat: {cp:~P} is not above zero.", fix="Give it like '4.186 kJ/(kg*K)'.",
                           field="specific_heat")
    dt = read_quantity(temperature_change, "Temperature change", "50 K")
    if dt.units in (ureg.degC, ureg.degF):
        raise CPInputError(f"The temperature change {dt:~P} reads as a temperature, not a difference.",
                           fix="Give the difference in K or delta_degC, e.g. '50 K'.")
    return m * cp * dt.to("K")


def latent_energy(mass, specific_latent_heat):
    """Heat to evaporate (or released when condensing) a mass: Q = m·L.

    >>> latent_energy("100 kg", latent_heat("0.101325 MPa")).to("MJ").round(1)
    <Quantity(225.7, 'megajoule')>
    """
    m = read_quantity(mass, "Mass", "100 kg")
    return m * _q(specific_latent_heat, "Latent heat", "[energy] / [mass]", "2257 kJ/kg")


def fuel_energy(quantity, calorific_value):
    """Energy in a fuel: quantity times calorific value.

    >>> fuel_energy("59000 Nm3", "35.8 MJ/Nm3").to("GJ").round(1)
    <Quantity(2112.2, 'gigajoule')>
    >>> fuel_energy("80 t", "25 GJ/t").to("GJ")
    <Quantity(2000.0, 'gigajoule')>
    """
    energy = read_quantity(quantity, "Fuel quantity", "80 t") * read_quantity(calorific_value, "Calorific value", "25 GJ/t")
    if not (energy.check("[energy]") or energy.check("[energy]/[time]")):
        raise CPInputError(f"Fuel quantity times calorific value gives {energy.units:~P}, not an energy.",
                           fix="Give the calorific value per unit of the fuel quantity, e.g. 'MJ/Nm3' for gas, 'GJ/t' for coal.")
    return energy.to_reduced_units() if not energy.check("[energy]") else energy.to("MJ")


def electricity(energy_or_power, duration=None):
    """Electrical energy: from a meter reading in kWh, or from power times running time.

    >>> electricity("75 kW", "400 h")
    <Quantity(30000.0, 'kilowatt_hour')>
    """
    q = read_quantity(energy_or_power, "Electricity", "30000 kWh")
    if duration is not None:
        q = q * _q(duration, "Running time", "[time]", "400 h")
    if not q.check("[energy]"):
        raise CPInputError(f"Electricity {q:~P} is not an energy.", fix="Give kWh, or a power with a running time.")
    return q.to("kWh")


# --------------------------------------------------------------------------- plants


def energy_flow(stream, unit, period):
    """The energy a stream carries per period, in ``unit`` (None if it carries none we know)."""
    q = stream.quantity
    if q is None:
        return None
    if stream.specific_energy is not None:
        amount = _energy_amount(q, stream.density, stream.specific_energy)
    else:
        amount = q
    per = _period_unit(period)
    if not (amount if per is None else amount * per).check("[energy]"):
        return None
    return amount.to(unit)


def energy_balance(plant, unit=None, tolerance="1 %"):
    """Energy balance of each step and of the whole plant, as a table.

    Energy in: energy streams and the enthalpy of material streams
    (``specific_energy``) that enter a step; energy out: those that leave.
    The closure (in - out) is what the streams do not account for: heat
    losses to air, to wastewater, through the stack. Streams without
    energy information are left out. "Closure (%)" is of the energy in: 0
    for a step with nothing in and nothing out, blank (NaN) for a step that
    gives out energy with none known to come in (its inputs are missing).

    >>> from cpkit.flowsheet import Plant
    >>> plant = Plant("Boiler", period="month")
    >>> plant.add_step("Boiler house")
    >>> plant.add_stream("Gas", "outside", "Boiler house", "59000 Nm3/month", kind="energy",
    ...                  specific_energy="35.8 MJ/Nm3")
    >>> plant.add_stream("Steam", "Boiler house", "outside", "670 t/month", kind="product",
    ...                  specific_energy="2.773 MJ/kg")
    >>> energy_balance(plant, unit="GJ/month").loc[0, ["In (GJ/month)", "Out (GJ/month)", "Closure (%)"]].round(1).tolist()
    [2112.2, 1857.9, 12.0]
    """
    import numpy as np
    import pandas as pd

    if unit is None:
        unit = ureg.Unit("MJ") if plant.period == "batch" else ureg.Unit(f"GJ/{plant.period}")
    unit = read_unit(unit, "The energy unit", "'GJ/month'", field="unit",
                     dimension="[energy]" if plant.period == "batch" else "[power]")
    from cpkit.balance import _relative_tolerance

    tol = _relative_tolerance(tolerance)
    label = f"{unit:~P}"
    flows = {s.name: energy_flow(s, unit, plant.period) for s in plant.streams}

    def row(name, inside, outside):
        e_in = sum(flows[s.name].magnitude for s in inside if flows[s.name] is not None)
        e_out = sum(flows[s.name].magnitude for s in outside if flows[s.name] is not None)
        closure = e_in - e_out
        return {"Step": name, f"In ({label})": e_in, f"Out ({label})": e_out, f"Closure ({label})": closure,
                "Closure (%)": 100 * closure / e_in if e_in else (0.0 if closure == 0 else np.nan),
                "Closes": bool(abs(closure) <= tol * max(e_in, e_out, 1e-300))}

    rows = [row(step.name, plant.streams_in(step.name), plant.streams_out(step.name)) for step in plant.steps]
    rows.append(row("Whole plant", [s for s in plant.streams if s.source == OUTSIDE],
                    [s for s in plant.streams if s.destination == OUTSIDE]))
    return pd.DataFrame(rows)
