"""The boiler tool: fuel analysis and flue-gas readings to efficiency and heat losses."""

from cpkit import boiler
from cpkit.errors import CPInputError
from cpkit.widgets.form import Field, Tool

# Furnace oil of the BEE boiler chapter's indirect-method example (see
# tests/cpkit/test_boiler.py), fired at 2,648 kg/h.
DEFAULTS = {"carbon": 84.0, "hydrogen": 12.0, "nitrogen": 0.5, "oxygen": 1.5, "sulphur": 1.5,
            "moisture": 0.5, "ash": 0.0, "gcv": 10_000, "fuel_rate": 2_648, "o2": 7.4,
            "flue_gas_temperature": 190, "ambient_temperature": 30, "humidity": 0.025, "radiation": 1.0}
ANALYSIS = ("carbon", "hydrogen", "nitrogen", "oxygen", "sulphur", "moisture", "ash")


class BoilerTool(Tool):
    """Efficiency by the indirect (heat-loss) method of BS 845 and the BEE guide."""

    name = "boiler"
    title = "Boiler efficiency: the heat-loss balance"

    def fields(self):
        d = DEFAULTS
        return [
            *[Field(part, f"Fuel: {part}", d[part], "% by mass", minimum=0, maximum=100) for part in ANALYSIS],
            Field("gcv", "Gross calorific value", d["gcv"], "kcal/kg", minimum=0),
            Field("fuel_rate", "Fuel fired", d["fuel_rate"], "kg/h", minimum=0),
            Field("o2", "Oxygen in flue gas", d["o2"], "% by volume, dry", minimum=0, maximum=21),
            Field("flue_gas_temperature", "Flue gas temperature", d["flue_gas_temperature"], "°C"),
            Field("ambient_temperature", "Air temperature", d["ambient_temperature"], "°C"),
            Field("humidity", "Humidity of the air", d["humidity"], "kg water per kg dry air", minimum=0, maximum=0.1),
            Field("radiation", "Radiation and convection loss", d["radiation"], "% of fuel input", minimum=0,
                  maximum=20),
        ]

    def calculate(self, v):
        if v["flue_gas_temperature"] <= v["ambient_temperature"]:
            problem = CPInputError(
                f"The flue gas ({v['flue_gas_temperature']:g} °C) cannot be colder than the air "
                f"({v['ambient_temperature']:g} °C).",
                fix="Check the two temperatures: flue gas is measured in the stack, the air at the burner inlet.")
            problem.field = "flue_gas_temperature"
            raise problem
        analysis = {part: v[part] for part in ANALYSIS}
        return boiler.indirect_efficiency(
            analysis, gcv=f"{v['gcv']} kcal/kg", flue_gas_o2=v["o2"],
            flue_gas_temperature=v["flue_gas_temperature"], ambient_temperature=v["ambient_temperature"],
            humidity=v["humidity"], fuel_rate=f"{v['fuel_rate']} kg/h", radiation_loss=v["radiation"])

    def render(self, result):
        table = result.table()
        html = (f"<h4>Efficiency: {result.efficiency.magnitude:.1f} %</h4>"
                + table.to_html(index=False, float_format=lambda x: f"{x:,.1f}"))
        return html, result.sankey()
