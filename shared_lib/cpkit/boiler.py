"""Boiler efficiency: the direct method and the indirect (heat-loss) method.

The indirect method follows the Bureau of Energy Efficiency (India), Guide
Book 4 "Energy Performance Assessment of Equipment", chapter 1 "Boilers",
which itself follows BS 845 and ASME PTC 4.1. Every loss is a percentage of
the heat in the fuel (gross calorific value, GCV); the efficiency is 100 %
minus the losses:

- dry flue gas: m_dfg x Cp x (Tf - Ta) / GCV
- hydrogen in fuel: 9 H x (584 + 0.45 (Tf - Ta)) / GCV
- moisture in fuel: M x (584 + 0.45 (Tf - Ta)) / GCV
- moisture in air: AAS x humidity x 0.45 (Tf - Ta) / GCV
- incomplete combustion: CO / (CO + CO2) x C x 5744 / GCV
- radiation and convection from the boiler surface
- unburnt carbon in fly ash and in bottom ash: ash x share x GCV of ash / GCV
- blowdown, where applicable (BS 845 and BEE leave it out; add it on purpose)

with 584 kcal/kg the latent heat of water, 0.45 kcal/(kg K) the specific
heat of superheated vapour, 5744 kcal/kg the heat lost per kg of carbon
burnt to CO instead of CO2, theoretical air
``[11.6 C + 34.8 (H - O/8) + 4.35 S] / 100`` kg/kg of fuel and excess air
``O2 / (21 - O2)`` from the flue gas O2 (% by volume, dry), or, where the
analyser gives CO2 instead, ``7900 (CO2t - CO2a) / [CO2a (100 - CO2t)]``
from the measured CO2 (CO2a) and the fuel's theoretical CO2 (CO2t, the
CO2 in dry flue gas burnt with theoretical air: moles of C / (moles of N2 +
moles of C), the N2 from the theoretical air (77 % by mass) and the fuel).

The direct method takes steam and feedwater enthalpies from IAPWS-IF97 at
the measured pressure and temperatures, or as read from a steam table
(``steam_enthalpy="665 kcal/kg"``); the evaporation ratio is the steam
raised per unit of fuel fired.

Calorific values and enthalpies: a bare number is read in kcal/kg of the
International Table (steam-table) calorie, 4.1868 J, the kcal of the BEE
guide; in the course's unit registry ``"kcal"`` is that calorie too
(``"kcal_it"`` is the same unit).

>>> from cpkit import boiler
>>> fuel = {"carbon": 84, "hydrogen": 12, "nitrogen": 0.5, "oxygen": 1.5,
...         "sulphur": 1.5, "moisture": 0.5, "ash": 0}
>>> boiler.theoretical_air(fuel).round(2)  # kg of air per kg of fuel
<Quantity(13.92, 'dimensionless')>
>>> boiler.excess_air(7.4).round(1)
<Quantity(54.4, 'percent')>
>>> boiler.theoretical_co2(fuel).round(2)   # % CO2 in dry flue gas at theoretical air
<Quantity(15.45, 'percent')>
"""

import math
import numbers
import re
from dataclasses import dataclass, field

import pandas as pd

from cpkit import energy
from cpkit.errors import CPInputError
from cpkit.units import Q_, number
from cpkit.units import quantity as read_quantity

LATENT_HEAT = Q_(584, "kcal_it/kg")
"""Latent heat of water used by the BEE/BS 845 losses."""
CP_VAPOUR = Q_(0.45, "kcal_it/(kg*K)")
"""Specific heat of superheated water vapour in the flue gas."""
CO_LOSS_PER_KG_CARBON = Q_(5744, "kcal_it/kg")
"""Heat lost per kg of carbon burnt to CO instead of CO2 (BEE)."""
CP_FLUE_GAS = Q_(0.23, "kcal_it/(kg*K)")
"""Specific heat of dry flue gas, as in the BEE worked examples."""

MAX_EXCESS_AIR = 1000
"""Excess air (%) above which a CO2 reading is taken as a probe in open air, not flue gas."""

LOSS_INPUTS = {
    "Dry flue gas": "the flue gas temperature, O2 or CO2 and the GCV of the fuel",
    "Hydrogen in fuel": "the hydrogen in the ultimate analysis, the flue gas temperature and the GCV",
    "Moisture in fuel": "the moisture in the ultimate analysis, the flue gas temperature and the GCV",
    "Moisture in air": "the humidity, the excess air and the flue gas temperature",
    "Incomplete combustion (CO)": "the flue gas CO and CO2 and the carbon in the ultimate analysis",
    "Radiation and convection": "the radiation loss",
    "Unburnt in fly ash": "the fly ash GCV, the ash in the ultimate analysis and the GCV of the fuel",
    "Unburnt in bottom ash": "the bottom ash GCV and share, the ash in the ultimate analysis and the GCV of the fuel",
    "Blowdown": "the blowdown loss",
}
"""Which inputs each loss of :func:`indirect_efficiency` comes from, named when the losses reach 100 %."""

ULTIMATE_ANALYSIS = ("carbon", "hydrogen", "nitrogen", "oxygen", "sulphur", "moisture", "ash")
"""The fields of an ultimate analysis, in % by mass of fuel as fired."""


# --- Reading inputs ---------------------------------------------------------


def _percent(value, what, upper=100, field=None):
    """A percentage as a float, from a number (read as %) or a quantity."""
    if isinstance(value, str) or hasattr(value, "units"):
        read = read_quantity(value, what, "7.4 %", field=field) if isinstance(value, str) \
            and re.fullmatch(r"\s*[+-]?[\d.]+\s*", value) is None else value
        if not isinstance(read, str) and not read.check("[]"):
            raise CPInputError(f"{what}: {read:~P} is not a percentage.", fix="Enter a number such as 7.4 for 7.4 %.",
                               field=field)
        # a number written as text ("10") is a percentage, as the number 10 is; not 10 x 100 %
        try:
            percent = float(read) if isinstance(read, str) else float(read.to("percent").magnitude)
        except (TypeError, ValueError):
            raise CPInputError(f"{what}: {value!r} is not a percentage.", fix="Enter a number such as 7.4 for 7.4 %.",
                               field=field) from None
    else:
        percent = number(value, what, "7.4 (for 7.4 %)", field=field)
    if not 0 <= percent <= upper:
        raise CPInputError(
            f"{what} of {percent:g} % is outside 0-{upper:g} %.",
            fix=f"Enter {what.lower()} as a percentage between 0 and {upper:g} (e.g. 7.4 for 7.4 %).",
            field=field,
        )
    return percent


def _quantity(value, unit, what, field=None, amount_ok=False):
    """A pint quantity in ``unit``; a bare number is read in ``unit``.

    With ``amount_ok``, an amount (mass) is accepted too for a ``unit`` per hour."""
    if isinstance(value, str) or hasattr(value, "units"):
        quantity = read_quantity(value, what, f"12 {unit}", field=field)
    else:
        quantity = Q_(number(value, what, f"12 (in {unit})", field=field), unit)
    if amount_ok and quantity.is_compatible_with(Q_(1, unit) * Q_(1, "h")):
        return quantity
    if not quantity.is_compatible_with(unit):
        raise CPInputError(
            f"{what} is given as {quantity}, which cannot be converted to {unit}.",
            fix=f"Give {what.lower()} in {unit} or a compatible unit.",
            field=field,
        )
    return quantity.to(unit)


def _celsius(value, what, field=None):
    if isinstance(value, str) or hasattr(value, "units"):
        read = read_quantity(value, what, "85 degC", field=field)
        if not read.check("[temperature]"):
            raise CPInputError(f"{what} {read:~P} is not a temperature.", fix="Give it in °C, e.g. '85 degC' or 85.",
                               field=field)
        celsius = float(read.to("degC").magnitude)
    else:
        celsius = number(value, what, "85 (°C)", field=field)
    if celsius < -273.15:
        raise CPInputError(f"{what} {celsius:g} °C is below absolute zero.", fix="Give the temperature in °C.",
                           field=field)
    return celsius


def _ultimate_analysis(analysis):
    """Fractions (kg/kg) of each field; checks that the analysis adds up to ~100 %."""
    if not isinstance(analysis, dict):
        raise CPInputError(f"The ultimate analysis must be a mapping of element to %, not {type(analysis).__name__}.",
                           fix="Give it like {'carbon': 84, 'hydrogen': 12, 'sulphur': 1.5, ...}.",
                           field="ultimate_analysis")
    unknown = set(analysis) - set(ULTIMATE_ANALYSIS)
    if unknown:
        raise CPInputError(
            f"Ultimate analysis has unknown fields {sorted(unknown)}.",
            fix=f"Use the fields {', '.join(ULTIMATE_ANALYSIS)} (missing ones count as 0 %).",
        )
    percent = {name: _percent(analysis.get(name, 0), f"{name.capitalize()} in the fuel", field="ultimate_analysis")
               for name in ULTIMATE_ANALYSIS}
    total = sum(percent.values())
    if abs(total - 100) > 1:
        raise CPInputError(
            f"The ultimate analysis adds up to {total:.2f} %, not 100 %.",
            fix="Check the figures: carbon, hydrogen, nitrogen, oxygen, sulphur, moisture and ash "
                "(all as fired) should add up to 100 % (within 1 %).",
        )
    return {name: value / 100 for name, value in percent.items()}


# --- Combustion air -----------------------------------------------------------


def theoretical_air(ultimate_analysis):
    """Air needed to burn 1 kg of fuel completely (kg of air per kg of fuel,
    a dimensionless quantity).

    ``[11.6 C + 34.8 (H - O/8) + 4.35 S] / 100`` with C, H, O, S in % by mass.

    >>> coal = {"carbon": 41.65, "hydrogen": 2.04, "nitrogen": 1.2, "oxygen": 9.0,
    ...         "sulphur": 0.4, "moisture": 7.08, "ash": 38.63}
    >>> theoretical_air(coal).round(2)  # kg of air per kg of fuel
    <Quantity(5.17, 'dimensionless')>
    """
    f = _ultimate_analysis(ultimate_analysis)
    air = 11.6 * f["carbon"] + 34.8 * (f["hydrogen"] - f["oxygen"] / 8) + 4.35 * f["sulphur"]
    if air <= 0:
        raise CPInputError(f"This fuel would need {air:.2f} kg of air per kg to burn: it holds more oxygen "
                           "than its carbon, hydrogen and sulphur can use, which no fuel does.",
                           fix="Check the ultimate analysis: carbon, hydrogen and oxygen in % by mass, as fired.",
                           field="ultimate_analysis")
    return Q_(air, "kg/kg")


def excess_air(flue_gas_o2):
    """Excess air from the O2 in the flue gas (% by volume, dry): O2 / (21 - O2).

    >>> excess_air("3 percent").round(1)
    <Quantity(16.7, 'percent')>
    """
    o2 = _percent(flue_gas_o2, "Flue gas O2", field="flue_gas_o2")
    if o2 >= 21:
        raise CPInputError(
            f"Flue gas O2 of {o2:g} % is not possible: air itself holds only 21 % O2.",
            fix="Check the analyser reading; flue gas O2 lies between 0 and 21 % (typically 2-10 %).",
            field="flue_gas_o2",
        )
    return Q_(100 * o2 / (21 - o2), "percent")


def theoretical_co2(ultimate_analysis):
    """CO2 in the dry flue gas (% by volume) when the fuel burns with theoretical air.

    ``moles of C / (moles of N2 + moles of C)`` per kg of fuel, with
    moles of C = C/12 and moles of N2 = (theoretical air x 0.77 + N)/28,
    the BEE guide's formula (the SO2 is left out, as there).

    >>> coal = {"carbon": 41.65, "hydrogen": 2.04, "nitrogen": 1.2, "oxygen": 9.0,
    ...         "sulphur": 0.4, "moisture": 7.08, "ash": 38.63}
    >>> theoretical_co2(coal).round(2)
    <Quantity(19.58, 'percent')>
    """
    f = _ultimate_analysis(ultimate_analysis)
    carbon = f["carbon"] / 12
    if carbon <= 0:
        raise CPInputError("The fuel has no carbon, so its flue gas holds no CO2 to read excess air from.",
                           fix="Measure the flue gas O2 instead, or check the carbon in the ultimate analysis.",
                           field="ultimate_analysis")
    nitrogen = (theoretical_air(ultimate_analysis).magnitude * 0.77 + f["nitrogen"]) / 28
    return Q_(100 * carbon / (nitrogen + carbon), "percent")


def excess_air_from_co2(flue_gas_co2, ultimate_analysis):
    """Excess air from the CO2 in the flue gas (% by volume, dry) and the fuel's theoretical CO2.

    ``7900 (CO2t - CO2a) / [CO2a (100 - CO2t)]`` %, with CO2t from
    :func:`theoretical_co2`. A reading above CO2t is refused: with excess
    air the CO2 can only be diluted below it.

    >>> coal = {"carbon": 41.65, "hydrogen": 2.04, "nitrogen": 1.2, "oxygen": 9.0,
    ...         "sulphur": 0.4, "moisture": 7.08, "ash": 38.63}
    >>> excess_air_from_co2(13, coal).round(1)
    <Quantity(49.7, 'percent')>
    """
    co2_t = theoretical_co2(ultimate_analysis).magnitude
    co2 = _percent(flue_gas_co2, "Flue gas CO2", field="flue_gas_co2")
    if co2 <= 0:
        raise CPInputError("Flue gas CO2 of 0 % says no fuel was burnt.",
                           fix="Check the analyser reading (typically 8-15 % CO2 for coal and oil).",
                           field="flue_gas_co2")
    if co2 > co2_t + 1e-9:
        raise CPInputError(
            f"Flue gas CO2 of {co2:g} % is above the {co2_t:.2f} % this fuel gives with no excess air at all.",
            fix="Check the analyser reading and the fuel's ultimate analysis (the CO2 must be on a dry basis).",
            field="flue_gas_co2")
    excess = 7900 * (co2_t - co2) / (co2 * (100 - co2_t))
    if excess > MAX_EXCESS_AIR:
        raise CPInputError(
            f"Flue gas CO2 of {co2:g} % means {excess:.3g} % excess air: more air than any boiler runs on.",
            fix=f"Check the analyser reading (typically 8-15 % CO2 for coal and oil; {MAX_EXCESS_AIR:,} % excess "
                "air is a probe in open air, not flue gas).", field="flue_gas_co2")
    return Q_(excess, "percent")


def surface_heat_loss(surface_temperature, ambient_temperature, wind_speed):
    """Heat lost by radiation and convection per m2 of hot surface (BEE formula).

    ``0.548 [(Ts/55.55)^4 - (Ta/55.55)^4] + 1.957 (Ts - Ta)^1.25 sqrt((196.85 V + 68.9)/68.9)``
    in W/m2, temperatures in K, wind speed V in m/s.

    >>> surface_heat_loss(80, 30, "3.8 m/s").round(0)
    <Quantity(1305.0, 'watt / meter ** 2')>
    """
    ts = _celsius(surface_temperature, "Surface temperature") + 273.15
    ta = _celsius(ambient_temperature, "Ambient temperature") + 273.15
    if ts < ta:
        raise CPInputError(
            f"Surface temperature ({ts - 273.15:g} °C) is below ambient ({ta - 273.15:g} °C).",
            fix="A hot boiler surface is warmer than the air around it: check the two readings.",
        )
    v = _quantity(wind_speed, "m/s", "Wind speed", field="wind_speed").magnitude
    if not v >= 0:
        raise CPInputError(f"Wind speed {v:g} m/s is below zero.", fix="Give the speed of the air, 0 in still air.",
                           field="wind_speed")
    loss = 0.548 * ((ts / 55.55) ** 4 - (ta / 55.55) ** 4) \
        + 1.957 * (ts - ta) ** 1.25 * ((196.85 * v + 68.9) / 68.9) ** 0.5
    return Q_(loss, "W/m**2")


# --- The heat-loss balance --------------------------------------------------------


@dataclass
class HeatLossBalance:
    """Result of :func:`indirect_efficiency`: combustion air, losses and efficiency."""

    theoretical_air: object
    excess_air: object
    actual_air: object
    dry_flue_gas: object
    losses: dict
    efficiency: object
    fuel_input: object = None
    notes: list = field(default_factory=list)
    theoretical_co2: object = None
    excess_air_from: str = "O2"

    def summary(self):
        """Combustion air, flue gas and efficiency, each with its unit.

        >>> oil = {"carbon": 84, "hydrogen": 12, "nitrogen": 0.5, "oxygen": 1.5,
        ...        "sulphur": 1.5, "moisture": 0.5}
        >>> indirect_efficiency(oil, 10000, 7.4, 190, 30, 0.025).summary()
                              Quantity   Value              Unit
        0              Theoretical air  13.920  kg air / kg fuel
        1         Excess air (from O2)  54.412                 %
        2  Actual mass of air supplied  21.494  kg air / kg fuel
        3         Mass of dry flue gas  21.408  kg gas / kg fuel
        4            Boiler efficiency  84.618                 %
        """
        rows = [("Theoretical air", self.theoretical_air.to("dimensionless"), "kg air / kg fuel")]
        if self.theoretical_co2 is not None:
            rows += [("Theoretical CO2", self.theoretical_co2.to("percent"), "% (dry flue gas)")]
        rows += [
            (f"Excess air (from {self.excess_air_from})", self.excess_air.to("percent"), "%"),
            ("Actual mass of air supplied", self.actual_air.to("dimensionless"), "kg air / kg fuel"),
            ("Mass of dry flue gas", self.dry_flue_gas.to("dimensionless"), "kg gas / kg fuel"),
            ("Boiler efficiency", self.efficiency.to("percent"), "%"),
        ]
        return pd.DataFrame({
            "Quantity": [name for name, _, _ in rows],
            "Value": [round(float(value.magnitude), 3) for _, value, _ in rows],
            "Unit": [unit for _, _, unit in rows],
        })

    def table(self, period=None):
        """The heat balance: fuel input, each loss and the useful heat.

        Columns: "Heat (% of fuel input)", and, when the fuel firing rate was
        given, "Heat (kW)" and (with ``period``, e.g. ``"8000 h"``) the heat
        in GJ over that period; ``table.attrs["units"]`` gives each one's unit.
        """
        items = [("Heat input in fuel", Q_(100, "percent"))]
        items += [(name, loss) for name, loss in self.losses.items()]
        items += [("Useful heat (boiler efficiency)", self.efficiency)]
        table = pd.DataFrame({
            "Item": [name for name, _ in items],
            "Heat (% of fuel input)": [round(float(value.to("percent").magnitude), 3) for _, value in items],
        })
        if self.fuel_input is not None:
            kw = [(value.to("dimensionless") * self.fuel_input).to("kW").magnitude for _, value in items]
            table["Heat (kW)"] = [round(float(x), 1) for x in kw]
            if period is not None:
                hours = _quantity(period, "h", "Period")
                table[f"Heat (GJ in {hours.magnitude:g} h)"] = [
                    round(float(Q_(x, "kW") * hours / Q_(1, "GJ")), 1) for x in kw]
        table.attrs["units"] = {column: unit for column, unit in (
            ("Heat (% of fuel input)", "%"), ("Heat (kW)", "kW"),
            *((c, "GJ") for c in table.columns if c.startswith("Heat (GJ"))) if column in table.columns}
        return table

    def sankey(self):
        """A plotly Sankey diagram: the fuel's heat split into useful heat and losses."""
        import plotly.graph_objects as go

        names = ["Heat in fuel", "Useful heat"] + list(self.losses)
        values = [self.efficiency] + list(self.losses.values())
        fig = go.Figure(go.Sankey(
            node={"label": names, "pad": 20},
            link={
                "source": [0] * len(values),
                "target": list(range(1, len(names))),
                "value": [float(v.to("percent").magnitude) for v in values],
            },
            valueformat=".2f",
            valuesuffix=" %",
        ))
        fig.update_layout(title=f"Boiler heat balance: efficiency {self.efficiency.to('percent').magnitude:.1f} %")
        return fig


def indirect_efficiency(
    ultimate_analysis,
    gcv,
    flue_gas_o2,
    flue_gas_temperature,
    ambient_temperature,
    humidity,
    flue_gas_co2=None,
    flue_gas_co=0,
    flue_gas_cp=CP_FLUE_GAS,
    fuel_rate=None,
    radiation_loss=0,
    fly_ash_gcv=0,
    bottom_ash_gcv=0,
    bottom_ash_share=0,
    blowdown_loss=0,
):
    """Boiler efficiency by the indirect (heat-loss) method of BEE / BS 845.

    Parameters
    ----------
    ultimate_analysis : dict of % by mass as fired: carbon, hydrogen, nitrogen,
        oxygen, sulphur, moisture, ash (must add up to 100 % within 1 %).
    gcv : gross calorific value of the fuel (a bare number is read in kcal_it/kg).
    flue_gas_o2, flue_gas_co2, flue_gas_co : % by volume (dry). Excess air comes
        from the O2; when the O2 is None it comes from the CO2 and the fuel's
        theoretical CO2 (:func:`excess_air_from_co2`, reported as
        ``theoretical_co2``). CO2 is needed too when CO is given. A reading in
        ppm may be given as ``"550 ppm"``.
    flue_gas_temperature, ambient_temperature : °C (or a quantity).
    humidity : kg of water per kg of dry air.
    fuel_rate : fuel fired (e.g. ``"2648 kg/h"``); needed for a radiation loss
        given as a power, and to show the balance in kW.
    radiation_loss : radiation and convection loss, either a percentage of
        the fuel input (a bare number is read as %) or a power (e.g.
        ``surface_heat_loss(...) * area``).
    fly_ash_gcv, bottom_ash_gcv : GCV of the fly and bottom ash (a bare number: kcal_it/kg).
    bottom_ash_share : % of the fuel's ash leaving as bottom ash (rest is fly ash).
    blowdown_loss : % of the fuel input lost with the blowdown (see
        :func:`blowdown_loss`); BS 845 and BEE leave it out, so it is 0 unless given.

    >>> oil = {"carbon": 84, "hydrogen": 12, "nitrogen": 0.5, "oxygen": 1.5,
    ...        "sulphur": 1.5, "moisture": 0.5}
    >>> result = indirect_efficiency(oil, gcv=10000, flue_gas_o2=7.4,
    ...                              flue_gas_temperature=190, ambient_temperature=30,
    ...                              humidity=0.025)
    >>> result.efficiency.round(1)
    <Quantity(84.6, 'percent')>
    >>> result.table()["Item"].tolist()[1:3]
    ['Dry flue gas', 'Hydrogen in fuel']
    """
    fuel = _ultimate_analysis(ultimate_analysis)
    gcv = _quantity(gcv, "kcal_it/kg", "GCV of the fuel", field="gcv")
    if gcv.magnitude <= 0:
        raise CPInputError(f"GCV of the fuel is {gcv}, not positive.", fix="Enter the fuel's gross calorific value.")
    t_flue = _celsius(flue_gas_temperature, "Flue gas temperature", field="flue_gas_temperature")
    t_amb = _celsius(ambient_temperature, "Ambient temperature", field="ambient_temperature")
    if t_flue < t_amb:
        raise CPInputError(
            f"Flue gas temperature ({t_flue:g} °C) is below ambient temperature ({t_amb:g} °C).",
            fix="The flue gas leaves the boiler hotter than the air comes in: check the two readings "
                "(or whether they were swapped).",
        )
    if isinstance(humidity, str) or hasattr(humidity, "units"):
        humidity = read_quantity(humidity, "Humidity", "0.025", field="humidity")
        if not humidity.check("[]"):
            raise CPInputError(f"Humidity {humidity:~P} is not kg of water per kg of dry air.",
                               fix="Give it as a number, e.g. 0.0204.", field="humidity")
        humidity = float(humidity.to("").magnitude)
    humidity = number(humidity, "Humidity", "0.0204", field="humidity")
    if not 0 <= humidity < 0.2:
        raise CPInputError(
            f"Humidity of {humidity:g} kg water per kg dry air is outside 0-0.2.",
            fix="Give the humidity of the air in kg of water per kg of dry air (e.g. 0.0204).",
        )
    cp_gas = _quantity(flue_gas_cp, "kcal_it/(kg*K)", "Specific heat of flue gas", field="flue_gas_cp")
    rise = Q_(t_flue - t_amb, "K")

    air_theory = theoretical_air(ultimate_analysis)
    co2_theory, source = None, "O2"
    if flue_gas_o2 is not None:
        air_excess = excess_air(flue_gas_o2)
    elif flue_gas_co2 is not None:
        co2_theory, source = theoretical_co2(ultimate_analysis), "CO2"
        air_excess = excess_air_from_co2(flue_gas_co2, ultimate_analysis)
    else:
        raise CPInputError(
            "The flue gas analysis is missing: neither O2 nor CO2 is given, so the excess air cannot be found.",
            fix="Give flue_gas_o2 (% by volume, dry) or, if the analyser reads CO2, flue_gas_co2.",
            field="flue_gas_o2",
        )
    air_actual = air_theory * (1 + air_excess.to("dimensionless"))
    dry_gas = Q_(fuel["carbon"] * 44 / 12 + fuel["sulphur"] * 64 / 32 + fuel["nitrogen"], "kg/kg") \
        + air_actual * 0.77 + (air_actual - air_theory) * 0.23

    def share(heat_per_kg_fuel):
        return (heat_per_kg_fuel / gcv).to("percent")

    water_heat = LATENT_HEAT + CP_VAPOUR * rise
    losses = {
        "Dry flue gas": share(dry_gas * cp_gas * rise),
        "Hydrogen in fuel": share(9 * fuel["hydrogen"] * water_heat),
        "Moisture in fuel": share(fuel["moisture"] * water_heat),
        "Moisture in air": share(air_actual * humidity * CP_VAPOUR * rise),
    }

    co = _percent(flue_gas_co, "Flue gas CO", field="flue_gas_co")
    if co > 0:
        if flue_gas_co2 is None:
            raise CPInputError(
                "Flue gas CO is given but not CO2, so the incomplete-combustion loss cannot be found.",
                fix="Give flue_gas_co2 (% by volume, dry) as well.",
            )
        co2 = _percent(flue_gas_co2, "Flue gas CO2")
        losses["Incomplete combustion (CO)"] = share(co / (co + co2) * fuel["carbon"] * CO_LOSS_PER_KG_CARBON)

    fuel_input = None
    if fuel_rate is not None:
        fuel_input = (_quantity(fuel_rate, "kg/h", "Fuel firing rate", field="fuel_rate") * gcv).to("kW")
    radiation = read_quantity(radiation_loss, "Radiation loss", "1.5 %", field="radiation_loss") \
        if isinstance(radiation_loss, str) else radiation_loss
    if hasattr(radiation, "units") and radiation.is_compatible_with("W"):
        if not 0 <= radiation.to("W").magnitude < math.inf:
            raise CPInputError(f"Radiation loss {radiation:~P} is not a positive power.",
                               fix="Give it like '15 kW' or as a percentage, e.g. 1.5.", field="radiation_loss")
        if fuel_input is None:
            raise CPInputError(
                f"Radiation loss is given as a power ({radiation}) but the fuel firing rate is not.",
                fix="Give fuel_rate (e.g. '2648 kg/h') so the loss can be set against the fuel input.",
                field="fuel_rate",
            )
        losses["Radiation and convection"] = (radiation / fuel_input).to("percent")
    else:
        losses["Radiation and convection"] = Q_(_percent(radiation, "Radiation loss", field="radiation_loss"),
                                                "percent")

    bottom = _percent(bottom_ash_share, "Bottom ash share", field="bottom_ash_share") / 100
    fly_gcv = _quantity(fly_ash_gcv, "kcal_it/kg", "GCV of fly ash", field="fly_ash_gcv")
    bottom_gcv = _quantity(bottom_ash_gcv, "kcal_it/kg", "GCV of bottom ash", field="bottom_ash_gcv")
    if fuel["ash"] > 0 or fly_gcv.magnitude or bottom_gcv.magnitude:
        losses["Unburnt in fly ash"] = share(fuel["ash"] * (1 - bottom) * fly_gcv)
        losses["Unburnt in bottom ash"] = share(fuel["ash"] * bottom * bottom_gcv)
    blowdown = _percent(blowdown_loss, "Blowdown loss", field="blowdown_loss")
    if blowdown:
        losses["Blowdown"] = Q_(blowdown, "percent")

    total = sum(losses.values(), Q_(0, "percent"))
    if total.magnitude >= 100:
        largest = max(losses, key=lambda k: losses[k].magnitude)
        raise CPInputError(
            f"The losses add up to {total.magnitude:.1f} % of the fuel input, leaving no useful heat; the largest "
            f"is '{largest}' ({losses[largest].magnitude:.3g} %), from {LOSS_INPUTS[largest]}.",
            fix="Check the readings, especially flue gas temperature, O2 and the GCV of fuel and ash.",
        )
    return HeatLossBalance(
        theoretical_air=air_theory,
        excess_air=air_excess,
        actual_air=air_actual,
        dry_flue_gas=dry_gas,
        losses=losses,
        efficiency=Q_(100, "percent") - total,
        fuel_input=fuel_input,
        theoretical_co2=co2_theory,
        excess_air_from=source,
    )


# --- Steam and the direct method -------------------------------------------------------


def _absolute_pressure_mpa(pressure):
    p = _quantity(pressure, "MPa", "Steam pressure").magnitude
    if p <= 0:
        raise CPInputError(
            f"Steam pressure {pressure} is not positive.",
            fix="Give the absolute pressure (a gauge reading plus about 1.013 bar).",
        )
    return p


def steam_enthalpy(pressure, temperature=None):
    """Specific enthalpy of steam (IAPWS-IF97, via :mod:`cpkit.energy`).

    Without ``temperature``: dry saturated steam at that (absolute) pressure.
    With it: water or steam at that pressure and temperature (feedwater, superheated steam).
    A temperature without a unit is read in °C.

    >>> steam_enthalpy("11 bar").to("kJ/kg").round(1)
    <Quantity(2780.7, 'kilojoule / kilogram')>
    >>> steam_enthalpy("11 bar", temperature=85).to("kJ/kg").round(1)
    <Quantity(356.8, 'kilojoule / kilogram')>
    """
    p = Q_(_absolute_pressure_mpa(pressure), "MPa")
    if temperature is None:
        return energy.steam_enthalpy(p)
    return energy.enthalpy(p, Q_(_celsius(temperature, "Temperature"), "degC"))


def direct_efficiency(steam_flow, steam_pressure=None, feedwater_temperature=None, fuel_rate=None, gcv=None,
                      steam_temperature=None, *, steam_enthalpy=None, feedwater_enthalpy=None):
    """Boiler efficiency by the direct (input-output) method.

    ``steam flow x (h_steam - h_feedwater) / (fuel rate x GCV)``. The
    enthalpies are either measured states, looked up in IAPWS-IF97 at the
    absolute steam pressure (dry saturated steam unless ``steam_temperature``
    is given; feedwater as liquid at that pressure and its temperature), or
    given as read from a steam table: ``steam_enthalpy`` and
    ``feedwater_enthalpy`` (e.g. ``"665 kcal/kg"``, ``"2781 kJ/kg"``; a bare
    number is read in kcal/kg). Steam and fuel flows must share a time basis
    (both per hour, or both per day, ...).

    >>> direct_efficiency(steam_flow="8 t/h", steam_pressure="11 bar", feedwater_temperature=85,
    ...                   fuel_rate="1.8 t/h", gcv=3200).round(1)
    <Quantity(80.4, 'percent')>
    >>> direct_efficiency("8 t/h", fuel_rate="1.8 t/h", gcv=3200,
    ...                   steam_enthalpy="665 kcal/kg", feedwater_enthalpy="85 kcal/kg").round(2)
    <Quantity(80.56, 'percent')>
    """
    steam = _quantity(steam_flow, "kg/h", "Steam flow", field="steam_flow")
    if not steam.magnitude > 0:
        raise CPInputError(f"Steam flow {steam:~P} is not above zero.", fix="Give the measured steam flow, e.g. '8 t/h'.",
                           field="steam_flow")
    if fuel_rate is None or gcv is None:
        raise CPInputError("The direct method needs the fuel fired and its GCV as well as the steam flow.",
                           fix="Give fuel_rate (e.g. '1.8 t/h') and gcv (e.g. '3200 kcal/kg').",
                           field="fuel_rate" if fuel_rate is None else "gcv")
    fuel = _quantity(fuel_rate, "kg/h", "Fuel firing rate", field="fuel_rate")
    gcv = _quantity(gcv, "kcal_it/kg", "GCV of the fuel", field="gcv")
    if fuel.magnitude <= 0 or gcv.magnitude <= 0:
        raise CPInputError("Fuel firing rate and GCV must be positive.", fix="Check the fuel readings.",
                           field="fuel_rate" if fuel.magnitude <= 0 else "gcv")
    if steam_enthalpy is not None:
        h_steam = _quantity(steam_enthalpy, "kcal_it/kg", "Enthalpy of the steam", field="steam_enthalpy")
    elif steam_pressure is not None:
        h_steam = globals()["steam_enthalpy"](steam_pressure, steam_temperature)
    else:
        raise CPInputError("The direct method needs the steam's enthalpy, or its pressure to look it up.",
                           fix="Give steam_pressure (absolute, e.g. '11 bar') or steam_enthalpy (e.g. '665 kcal/kg').",
                           field="steam_pressure")
    if feedwater_enthalpy is not None:
        h_feed = _quantity(feedwater_enthalpy, "kcal_it/kg", "Enthalpy of the feedwater", field="feedwater_enthalpy")
        feed_text = f"Feedwater of enthalpy {h_feed.to('kcal_it/kg').magnitude:g} kcal/kg"
    elif feedwater_temperature is not None and steam_pressure is not None:
        h_feed = globals()["steam_enthalpy"](steam_pressure, feedwater_temperature)
        feed_text = f"Feedwater at {_celsius(feedwater_temperature, 'Feedwater temperature', 'feedwater_temperature'):g} °C"
    else:
        raise CPInputError("The direct method needs the feedwater's enthalpy, or its temperature and the steam pressure.",
                           fix="Give feedwater_temperature (°C) with steam_pressure, or feedwater_enthalpy "
                               "(e.g. '85 kcal/kg').",
                           field="feedwater_temperature")
    if h_feed >= h_steam:
        raise CPInputError(
            f"{feed_text} holds as much heat as the steam or more, so the boiler would add none.",
            fix="Check the feedwater temperature (below the steam's saturation temperature) and the steam pressure.",
            field="feedwater_enthalpy" if feedwater_enthalpy is not None else "feedwater_temperature",
        )
    efficiency = (steam * (h_steam - h_feed) / (fuel * gcv)).to("percent")
    if efficiency.magnitude > 100:
        raise CPInputError(
            f"Direct-method efficiency comes out at {efficiency.magnitude:.1f} %, above 100 %.",
            fix="Check the steam and fuel flows (same time basis) and the GCV.",
            field="steam_flow",
        )
    return efficiency


def evaporation_ratio(steam_flow, fuel_rate):
    """Steam raised per unit of fuel fired (kg of steam per kg of fuel), a quick check on a boiler.

    Both flows on the same time basis, or both amounts over the same period.

    >>> evaporation_ratio("8 t/h", "1.8 t/h").round(2)
    <Quantity(4.44, 'dimensionless')>
    """
    steam = _quantity(steam_flow, "kg/h", "Steam flow", field="steam_flow", amount_ok=True)
    fuel = _quantity(fuel_rate, "kg/h", "Fuel firing rate", field="fuel_rate", amount_ok=True)
    if not steam.is_compatible_with(fuel):
        raise CPInputError(f"Steam ({steam:~P}) and fuel ({fuel:~P}) are not on the same basis.",
                           fix="Give both as flows ('8 t/h', '1.8 t/h') or both as amounts over one period.",
                           field="fuel_rate")
    if fuel.magnitude <= 0:
        raise CPInputError("The fuel fired must be positive.", fix="Check the fuel reading.", field="fuel_rate")
    ratio = (steam / fuel).to("dimensionless")
    if not math.isfinite(ratio.magnitude):
        raise CPInputError(f"The fuel firing rate {fuel:~P} is too small to divide the steam flow by.",
                           fix="Check the fuel firing rate and its unit.", field="fuel_rate")
    return ratio


def blowdown_loss(blowdown_rate, boiler_pressure, feedwater_temperature, fuel_rate, gcv):
    """Heat lost with the blowdown, as a percentage of the fuel input.

    The blowdown leaves as saturated water at the boiler pressure and was
    fed in at the feedwater temperature (IAPWS-IF97 enthalpies).

    >>> blowdown_loss("400 kg/h", "11 bar", 85, "1.8 t/h", gcv=3200).round(2)
    <Quantity(0.7, 'percent')>
    """
    p = _absolute_pressure_mpa(boiler_pressure)
    h_blowdown = energy.condensate_enthalpy(Q_(p, "MPa"))
    h_feed = steam_enthalpy(boiler_pressure, feedwater_temperature)
    blowdown = _quantity(blowdown_rate, "kg/h", "Blowdown rate")
    fuel_input = _quantity(fuel_rate, "kg/h", "Fuel firing rate") * _quantity(gcv, "kcal_it/kg", "GCV")
    return (blowdown * (h_blowdown - h_feed) / fuel_input).to("percent")
