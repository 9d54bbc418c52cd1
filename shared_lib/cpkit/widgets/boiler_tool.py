"""The boiler tool: fuel analysis and flue-gas readings to efficiency and heat losses.

A thin view over :mod:`cpkit.boiler`: the indirect (heat-loss) method of
BS 845 and the BEE guide, and, when the steam flow is measured, the direct
method beside it. Every figure comes from ``boiler.indirect_efficiency`` and
``boiler.direct_efficiency``; this module only collects the readings and
shows the answer.
"""

from cpkit import boiler
from cpkit.errors import CPInputError
from cpkit.widgets.form import ChoiceField, Field, Tool, at_field

# Furnace oil of the BEE boiler chapter's indirect-method example (see
# tests/cpkit/test_boiler.py), fired at 2,648 kg/h. CO, ash and the direct
# method are left at zero ("not measured"); the trainee fills them in.
DEFAULTS = {"carbon": 84.0, "hydrogen": 12.0, "nitrogen": 0.5, "oxygen": 1.5, "sulphur": 1.5,
            "moisture": 0.5, "ash": 0.0, "gcv": 10_000, "gcv_unit": "kcal/kg", "fuel_rate": 2_648,
            "o2": 7.4, "co": 0, "co2": 0, "flue_gas_temperature": 190, "ambient_temperature": 30,
            "humidity": 0.025, "radiation": 1.0, "fly_ash_gcv": 0, "bottom_ash_gcv": 0,
            "bottom_ash_share": 0, "steam_flow": 0, "steam_pressure": 11, "feedwater_temperature": 85}
ANALYSIS = tuple(boiler.ULTIMATE_ANALYSIS)
# The unit a trainee picks, as the unit registry spells it. The boiler guides'
# kcal is the International Table calorie (4.1868 J), "kcal_it" in pint.
GCV_UNITS = {"kcal/kg": "kcal_it/kg", "kJ/kg": "kJ/kg", "MJ/kg": "MJ/kg"}
# Which field a refusal of cpkit.boiler is about, by the start of its message
# (first match wins, so "Flue gas CO2" comes before "Flue gas CO").
FIELD_OF_PROBLEM = [
    ("Flue gas temperature", "flue_gas_temperature"), ("Flue gas O2", "o2"),
    ("Flue gas CO is given but not CO2", "co2"), ("Flue gas CO2", "co2"), ("Flue gas CO", "co"),
    ("Humidity", "humidity"), ("GCV of the fuel", "gcv"), ("Radiation loss", "radiation"),
    ("Bottom ash share", "bottom_ash_share"), ("GCV of fly ash", "fly_ash_gcv"),
    ("GCV of bottom ash", "bottom_ash_gcv"), ("Steam pressure", "steam_pressure"),
    ("Steam flow", "steam_flow"), ("Direct-method efficiency", "steam_flow"),
    ("Feedwater", "feedwater_temperature"),
    ("The ultimate analysis", "carbon"), ("The losses add up", "flue_gas_temperature"),
    ("Fuel firing rate", "fuel_rate"), ("The direct method needs the fuel fired", "fuel_rate"),
    *[(f"{part.capitalize()} in the fuel", part) for part in ANALYSIS],
]


def _about_field(problem):
    """Attach the key of the field a calculator's refusal names, if any (the frame shows it there)."""
    for start, key in FIELD_OF_PROBLEM:
        if problem.problem.startswith(start):
            at_field(problem, key)
            break
    return problem


class BoilerTool(Tool):
    """Efficiency by the indirect (heat-loss) method of BS 845 and the BEE guide.

    >>> import tempfile, pathlib
    >>> tool = BoilerTool(save_as=pathlib.Path(tempfile.mkdtemp()) / "boiler.cpkit.json")
    >>> round(tool.result["indirect"].efficiency.magnitude, 1)
    83.6
    >>> tool.fields["o2"].value = 3.0  # less excess air: a smaller dry flue gas loss
    >>> round(tool.result["indirect"].efficiency.magnitude, 1)
    85.6
    """

    name = "boiler"
    title = "Boiler efficiency: the heat-loss balance"

    def fields(self):
        d = DEFAULTS
        fuel = [Field(part, f"Fuel: {part}", d[part], "% by mass, as fired", minimum=0, maximum=100)
                for part in ANALYSIS]
        return [
            *fuel,
            Field("gcv", "Gross calorific value (GCV)", d["gcv"], d["gcv_unit"], minimum=0),
            ChoiceField("gcv_unit", "Unit of the GCVs", d["gcv_unit"], list(GCV_UNITS)),
            Field("fuel_rate", "Fuel fired", d["fuel_rate"], "kg/h (0: not measured)", minimum=0),
            Field("o2", "O2 in flue gas", d["o2"], "% by volume, dry", minimum=0, maximum=21),
            Field("co", "CO in flue gas", d["co"], "ppm (0: not measured)", minimum=0),
            Field("co2", "CO2 in flue gas", d["co2"], "% by volume, dry (needed with CO)", minimum=0, maximum=21),
            Field("flue_gas_temperature", "Flue gas temperature", d["flue_gas_temperature"], "°C"),
            Field("ambient_temperature", "Air temperature", d["ambient_temperature"], "°C"),
            Field("humidity", "Humidity of the air", d["humidity"], "kg water per kg dry air", minimum=0),
            Field("radiation", "Radiation and convection loss", d["radiation"], "% of fuel input",
                  minimum=0, maximum=100),
            Field("fly_ash_gcv", "GCV of the fly ash (unburnt)", d["fly_ash_gcv"], d["gcv_unit"], minimum=0),
            Field("bottom_ash_gcv", "GCV of the bottom ash (unburnt)", d["bottom_ash_gcv"], d["gcv_unit"],
                  minimum=0),
            Field("bottom_ash_share", "Share of the ash as bottom ash", d["bottom_ash_share"], "% of the ash",
                  minimum=0, maximum=100),
            Field("steam_flow", "Direct method: steam flow", d["steam_flow"], "kg/h (0: not measured)", minimum=0),
            Field("steam_pressure", "Direct method: steam pressure", d["steam_pressure"],
                  "bar, absolute (dry saturated steam)", minimum=0),
            Field("feedwater_temperature", "Direct method: feedwater temperature", d["feedwater_temperature"], "°C",
                  minimum=0),
        ]

    def calculate(self, v):
        unit = GCV_UNITS[v["gcv_unit"]]
        fuel_rate = f"{v['fuel_rate']} kg/h" if v["fuel_rate"] > 0 else None
        try:
            indirect = boiler.indirect_efficiency(
                {part: v[part] for part in ANALYSIS}, gcv=f"{v['gcv']} {unit}", flue_gas_o2=v["o2"],
                flue_gas_co=f"{v['co']} ppm", flue_gas_co2=v["co2"] if v["co2"] > 0 else None,
                flue_gas_temperature=v["flue_gas_temperature"], ambient_temperature=v["ambient_temperature"],
                humidity=v["humidity"], fuel_rate=fuel_rate, radiation_loss=v["radiation"],
                fly_ash_gcv=f"{v['fly_ash_gcv']} {unit}", bottom_ash_gcv=f"{v['bottom_ash_gcv']} {unit}",
                bottom_ash_share=v["bottom_ash_share"])
            direct = None
            if v["steam_flow"] > 0:
                if fuel_rate is None:
                    raise CPInputError("The direct method needs the fuel fired as well as the steam flow.",
                                       fix="Enter the fuel fired in kg/h.")
                direct = boiler.direct_efficiency(
                    steam_flow=f"{v['steam_flow']} kg/h", steam_pressure=f"{v['steam_pressure']} bar",
                    feedwater_temperature=v["feedwater_temperature"], fuel_rate=fuel_rate, gcv=f"{v['gcv']} {unit}")
        except CPInputError as problem:
            raise _about_field(problem) from None
        return {"indirect": indirect, "direct": direct}

    def update(self):
        """Show the chosen GCV unit next to each GCV, valid readings or not; then recalculate."""
        for key in ("gcv", "fly_ash_gcv", "bottom_ash_gcv"):
            self.fields[key].set_unit(self.fields["gcv_unit"].value)
        return super().update()

    def render(self, result):
        indirect, direct = result["indirect"], result["direct"]
        formats = {"Heat (% of fuel input)": "{:.2f}".format, "Heat (kW)": "{:,.0f}".format}
        html = (f"<h4>Boiler efficiency (indirect method): {indirect.efficiency.magnitude:.1f} %</h4>"
                + indirect.table().to_html(index=False, formatters=formats)
                + "<h4>Combustion air and flue gas</h4>"
                + indirect.summary().iloc[:4].to_html(index=False, float_format="{:.2f}".format))
        if direct is None:
            html += "<p>Direct method: enter the steam flow to compare.</p>"
        else:
            gap = direct.magnitude - indirect.efficiency.magnitude
            html += (f"<h4>Boiler efficiency (direct method): {direct.magnitude:.1f} %</h4>"
                     f"<p>{abs(gap):.1f} percentage points {'above' if gap >= 0 else 'below'} the indirect "
                     "method. A large gap points to a meter to check (steam, fuel or GCV) or a loss not "
                     "counted, such as blowdown.</p>")
        return html, indirect.sankey()
