"""The running case of the course: Song Da Dyeing & Finishing.

A CONSTRUCTED teaching case: a fictional knit dyeing and finishing mill in
Vietnam with a natural-gas steam boiler and its own wastewater treatment.
The course follows it from module 1 (the team and the process flow chart)
to module 7 (monitoring). Its numbers are invented, with orders of
magnitude taken from published benchmarks; each data file says which.

The data are plain files a trainee can open in a spreadsheet, in
``cpkit/data/running_case/``:

- ``plant.yaml``: steps and streams of an average month of the 2024 baseline;
- ``baseline_monthly.csv``: twelve months of plant-level measurements;
- ``prices.csv``: unit prices in VND;
- ``costs.yaml``: cost data of the cost of waste;
- ``boiler.yaml``: the boiler, its fuel and a flue-gas analysis;
- ``water_temperatures.csv``: temperatures of water, wastewater and condensate.

>>> from cpkit import cases
>>> plant = cases.running_case()
>>> plant
<Plant 'Song Da Dyeing & Finishing': 8 steps, 43 streams, per month>
>>> plant.stream("Treated effluent").status
'unknown'
"""

from importlib import resources

from cpkit.units import Q_

PACKAGE_DATA = "cpkit.data.running_case"


def _path(name):
    return resources.files("cpkit").joinpath("data", "running_case", name)


def running_case():
    """The plant of the running case (average baseline month), as a :class:`~cpkit.flowsheet.Plant`.

    >>> plant = running_case()
    >>> plant.stream("Water to rinsing").quantity
    <Quantity(14800.0, 'meter ** 3 / month')>
    >>> [s.name for s in plant.steps][:3]
    ['Fabric receipt', 'Pretreatment', 'Dyeing']
    """
    from cpkit.flowsheet import Plant

    return Plant.from_yaml_text(_path("plant.yaml").read_text(encoding="utf-8"),
                                origin="cpkit/data/running_case/plant.yaml")


_MONTHLY_COLUMNS = {
    "month": "Month",
    "production_t": "Production (t)",
    "grey_fabric_t": "Grey fabric (t)",
    "water_m3": "Water (m³)",
    "steam_t": "Steam (t)",
    "natural_gas_Nm3": "Natural gas (Nm³)",
    "electricity_kWh": "Electricity (kWh)",
    "dyes_kg": "Dyes (kg)",
    "chemicals_t": "Chemicals (t)",
    "sludge_t": "Sludge (t)",
    "wastewater_discharged_m3": "Wastewater discharged (m³)",
}


def baseline_measurements():
    """Twelve months of baseline measurements (2024), units in the column headers.

    The wastewater discharge has no meter, so its column is empty.

    >>> table = baseline_measurements()
    >>> len(table), list(table.columns[:3])
    (12, ['Month', 'Production (t)', 'Grey fabric (t)'])
    >>> print(round(table["Water (m³)"].sum() / table["Production (t)"].sum(), 1))  # m³ per t fabric
    134.1
    """
    import pandas as pd

    with _path("baseline_monthly.csv").open(encoding="utf-8") as f:
        table = pd.read_csv(f, comment="#")
    return table.rename(columns=_MONTHLY_COLUMNS)


def prices():
    """Unit prices of the running case, as a mapping of item to a quantity in VND.

    >>> p = prices()
    >>> p["water"]
    <Quantity(14500, 'VND / meter ** 3')>
    >>> (p["electricity"] * Q_(1000, "kWh")).to("VND")
    <Quantity(1950000, 'VND')>
    """
    import pandas as pd

    with _path("prices.csv").open(encoding="utf-8") as f:
        table = pd.read_csv(f, comment="#")
    return {row.item: Q_(row.price, row.unit) for row in table.itertuples()}


def prices_table():
    """The prices of the running case as a table: item, price with its unit, and where it comes from.

    >>> prices_table().loc[0, ["Item", "Price", "Unit"]].astype(str).tolist()
    ['water', '14500', 'VND/m**3']
    """
    import pandas as pd

    with _path("prices.csv").open(encoding="utf-8") as f:
        table = pd.read_csv(f, comment="#")
    return table.rename(columns={"item": "Item", "price": "Price", "unit": "Unit", "basis": "Basis"})


def cost_data():
    """The running case's cost data for the cost of waste (:mod:`cpkit.costing`): which price each input
    takes, waste-management charges and system costs per step (``costs.yaml``).

    >>> data = cost_data()
    >>> data.prices["Grey fabric"]
    ('grey fabric', ('fibre',))
    >>> print(f"{data.system['Dyeing']['labour']:,.0f~P}")
    400,000,000 VND/month
    """
    from cpkit.costing import CostData

    return CostData.from_yaml_text(_path("costs.yaml").read_text(encoding="utf-8"),
                                   origin="cpkit/data/running_case/costs.yaml")


# --- The sector plants of the BAT units (modules 5, 6 and 7) --------------------------------------------------

SECTOR_FOLDERS = {
    "textiles": None,  # the running case: a knit dyeing and finishing mill
    "pulp and paper": "pulp_and_paper",
    "seafood processing": "seafood_processing",
}
"""The sectors of the course's BAT units, as the course names them, and the data folder of each sector plant
under ``cpkit/data/sectors/``. Textiles has none of its own: its sector plant is the running case."""


def _sector_folder(sector):
    from cpkit.errors import CPInputError, did_you_mean

    text = str(sector).strip().lower()
    if text not in SECTOR_FOLDERS:
        hint = did_you_mean(text, SECTOR_FOLDERS)
        raise CPInputError(
            f"There is no sector plant for '{sector}'." + (f" {hint}" if hint else ""),
            fix=f"Use one of: {', '.join(repr(s) for s in SECTOR_FOLDERS)}.",
        )
    return text, SECTOR_FOLDERS[text]


def _sector_file(folder, name):
    return resources.files("cpkit").joinpath("data", "sectors", folder, name)


def sector_plant(sector):
    """The constructed plant of a sector's BAT unit (average month of its baseline year), as a
    :class:`~cpkit.flowsheet.Plant`: "textiles" (the running case), "pulp and paper" or "seafood processing".

    >>> sector_plant("seafood processing")
    <Plant 'Mekong Star Seafood': 7 steps, 31 streams, per month>
    >>> sector_plant("pulp and paper").stream("Paper").quantity
    <Quantity(3120.8, 'metric_ton / month')>
    >>> sector_plant("textiles").name
    'Song Da Dyeing & Finishing'
    """
    from cpkit.flowsheet import Plant

    sector, folder = _sector_folder(sector)
    if folder is None:
        return running_case()
    return Plant.from_yaml_text(_sector_file(folder, "plant.yaml").read_text(encoding="utf-8"),
                                origin=f"cpkit/data/sectors/{folder}/plant.yaml")


def sector_baseline(sector):
    """Twelve months of plant-level readings of a sector plant (2024), units in the column headers.

    >>> table = sector_baseline("pulp and paper")
    >>> list(table.columns[:3])
    ['Month', 'Production (t)', 'Recovered paper (t)']
    >>> print(round(table["Water (m³)"].sum() / table["Production (t)"].sum(), 1))  # m³ per t paper
    39.1
    """
    import pandas as pd

    sector, folder = _sector_folder(sector)
    if folder is None:
        return baseline_measurements()
    with _sector_file(folder, "baseline_monthly.csv").open(encoding="utf-8") as f:
        table = pd.read_csv(f, comment="#")
    return table.rename(columns=_header_with_unit)


_UNIT_SUFFIXES = {"t": "t", "m3": "m³", "kWh": "kWh", "kg": "kg", "Nm3": "Nm³"}


def _header_with_unit(column):
    """'water_m3' -> 'Water (m³)', 'raw_fish_t' -> 'Raw fish (t)', 'month' -> 'Month'."""
    name, _, suffix = column.rpartition("_")
    if name and suffix in _UNIT_SUFFIXES:
        words = name.replace("_", " ")
        words = words.upper() if words in ("cod", "bod") else words.capitalize()
        return f"{words} ({_UNIT_SUFFIXES[suffix]})"
    return column.capitalize()


def sector_prices(sector):
    """Unit prices of a sector plant, as a mapping of item to a quantity in VND.

    >>> sector_prices("seafood processing")["live fish"]
    <Quantity(27000000, 'VND / metric_ton')>
    """
    import pandas as pd

    sector, folder = _sector_folder(sector)
    if folder is None:
        return prices()
    with _sector_file(folder, "prices.csv").open(encoding="utf-8") as f:
        table = pd.read_csv(f, comment="#")
    return {row.item: Q_(row.price, row.unit) for row in table.itertuples()}


def sector_cost_data(sector):
    """The cost data of a sector plant for the cost of waste (:mod:`cpkit.costing`), as in ``costs.yaml``.

    >>> sector_cost_data("pulp and paper").basis
    ('fibre', 'contaminants', 'chemicals')
    """
    from cpkit.costing import CostData

    sector, folder = _sector_folder(sector)
    if folder is None:
        return cost_data()
    return CostData.from_yaml_text(_sector_file(folder, "costs.yaml").read_text(encoding="utf-8"),
                                   origin=f"cpkit/data/sectors/{folder}/costs.yaml")

def _read_yaml(name):
    import yaml

    return yaml.safe_load(_path(name).read_text(encoding="utf-8"))


class BoilerData:
    """The running case's boiler (``boiler.yaml``): fuel, steam, flue gas, ambient air, hot surfaces.

    Every figure is a pint quantity. ``direct_inputs()`` and ``indirect_inputs()`` give the
    keyword arguments of :func:`cpkit.boiler.direct_efficiency` and
    :func:`cpkit.boiler.indirect_efficiency` per hour of operation, both on the gross
    calorific value (as the BEE guide and BS 845 do).

    >>> b = boiler_data()
    >>> b.gcv, b.ncv
    (<Quantity(39.7, 'megajoule / meter ** 3')>, <Quantity(35.8, 'megajoule / meter ** 3')>)
    >>> print(f"{b.fuel_rate:.1f~P}")       # 59,000 Nm³ x 0.805 kg/Nm³ / 624 h
    76.1 kg/h
    """

    def __init__(self, data):
        self.raw = data
        fuel, steam, gas, air = data["fuel"], data["steam"], data["flue gas"], data["ambient"]
        self.name = data["boiler"]
        self.hours = Q_(data["operating hours"])
        self.fuel_name = fuel["name"]
        self.composition = dict(fuel["composition (mol %)"])
        self.ultimate_analysis = dict(fuel["ultimate analysis (% by mass)"])
        self.density = Q_(fuel["density"]).to("kg/m**3")
        self.gcv = Q_(fuel["gross calorific value"]).to("MJ/m**3")
        self.ncv = Q_(fuel["net calorific value"]).to("MJ/m**3")
        self.steam_pressure = Q_(steam["pressure"])
        self.steam = Q_(steam["steam generated"])
        self.feedwater_temperature = Q_(steam["feedwater temperature"])
        self.blowdown = Q_(steam["blowdown"])
        self.condensate_returned = Q_(steam["condensate returned"])
        self.flue_gas_temperature = Q_(gas["temperature"])
        self.flue_gas_o2 = Q_(gas["O2"])
        self.flue_gas_co2 = Q_(gas["CO2"])
        self.flue_gas_co = Q_(gas["CO"])
        self.ambient_temperature = Q_(air["temperature"])
        self.humidity = float(air["humidity"])
        self.wind_speed = Q_(air["wind speed"])
        self.surfaces = [{"name": s["name"], "area": Q_(s["area"]), "temperature": Q_(s["temperature"])}
                         for s in data["surfaces"]]
        plant = running_case()
        self.gas = plant.stream("Natural gas").quantity  # per month

    @property
    def fuel_rate(self):
        """Fuel fired per hour of operation, in kg/h."""
        return (self.gas * Q_(1, "month") / self.hours * self.density).to("kg/h")

    def gcv_per_kg(self):
        """Gross calorific value per kg of gas."""
        return (self.gcv / self.density).to("MJ/kg")

    def ncv_per_kg(self):
        """Net calorific value per kg of gas."""
        return (self.ncv / self.density).to("MJ/kg")

    def steam_rate(self):
        """Steam generated per hour of operation."""
        return (self.steam * Q_(1, "month") / self.hours).to("kg/h")

    def surface_losses(self):
        """Heat lost from each hot surface (BEE formula, :func:`cpkit.boiler.surface_heat_loss`), as a table."""
        import pandas as pd
        from cpkit import boiler

        rows = []
        for s in self.surfaces:
            per_m2 = boiler.surface_heat_loss(s["temperature"], self.ambient_temperature, self.wind_speed)
            rows.append({"Surface": s["name"], "Area (m²)": s["area"].to("m**2").magnitude,
                         "Temperature (°C)": s["temperature"].to("degC").magnitude,
                         "Loss (W/m²)": round(per_m2.to("W/m**2").magnitude, 1),
                         "Loss (kW)": round((per_m2 * s["area"]).to("kW").magnitude, 2)})
        return pd.DataFrame(rows)

    def radiation_loss(self):
        """Radiation and convection from all hot surfaces, as a power."""
        from cpkit import boiler

        return sum(((boiler.surface_heat_loss(s["temperature"], self.ambient_temperature, self.wind_speed)
                     * s["area"]).to("kW") for s in self.surfaces), Q_(0, "kW"))

    def blowdown_loss(self):
        """Heat lost with the blowdown, % of the fuel's gross heat (:func:`cpkit.boiler.blowdown_loss`)."""
        from cpkit import boiler

        rate = (self.blowdown * Q_(1, "month") / self.hours).to("kg/h")
        return boiler.blowdown_loss(rate, self.steam_pressure, self.feedwater_temperature, self.fuel_rate,
                                    self.gcv_per_kg())

    def direct_inputs(self):
        """Keyword arguments of :func:`cpkit.boiler.direct_efficiency` (per hour, gross calorific value)."""
        return {"steam_flow": self.steam_rate(), "steam_pressure": self.steam_pressure,
                "feedwater_temperature": self.feedwater_temperature, "fuel_rate": self.fuel_rate,
                "gcv": self.gcv_per_kg()}

    def indirect_inputs(self):
        """Keyword arguments of :func:`cpkit.boiler.indirect_efficiency`, with the radiation and
        blowdown losses of this boiler."""
        return {"ultimate_analysis": self.ultimate_analysis, "gcv": self.gcv_per_kg(),
                "flue_gas_o2": self.flue_gas_o2, "flue_gas_co2": self.flue_gas_co2,
                "flue_gas_co": self.flue_gas_co, "flue_gas_temperature": self.flue_gas_temperature,
                "ambient_temperature": self.ambient_temperature, "humidity": self.humidity,
                "fuel_rate": self.fuel_rate, "radiation_loss": self.radiation_loss(),
                "blowdown_loss": self.blowdown_loss()}

    def table(self):
        """The boiler's data as a table a trainee can read: quantity, value, unit."""
        import pandas as pd

        rows = [
            ("Operating hours per month", self.hours), ("Natural gas per month", self.gas * Q_(1, "month")),
            ("Gas density", self.density), ("Gross calorific value (GCV)", self.gcv),
            ("Net calorific value (NCV)", self.ncv), ("Steam pressure (absolute)", self.steam_pressure),
            ("Steam generated per month", self.steam), ("Feedwater temperature", self.feedwater_temperature),
            ("Blowdown per month", self.blowdown), ("Condensate returned per month", self.condensate_returned),
            ("Flue gas temperature", self.flue_gas_temperature), ("Flue gas O2 (dry)", self.flue_gas_o2),
            ("Flue gas CO2 (dry)", self.flue_gas_co2), ("Flue gas CO (dry)", self.flue_gas_co),
            ("Ambient temperature", self.ambient_temperature),
            ("Humidity (kg water/kg dry air)", Q_(self.humidity, "")),
        ]
        return pd.DataFrame({"Quantity": [r[0] for r in rows],
                             "Value": [float(r[1].magnitude) for r in rows],
                             "Unit": [f"{r[1].units:~P}" for r in rows]})

    def __repr__(self):
        return f"<BoilerData {self.name!r}: {self.fuel_name}, {self.steam:~P} of steam at {self.steam_pressure:~P}>"


def boiler_data():
    """The running case's boiler house (``boiler.yaml``) as :class:`BoilerData`.

    >>> from cpkit import boiler
    >>> b = boiler_data()
    >>> boiler.direct_efficiency(**b.direct_inputs()).round(1)
    <Quantity(73.3, 'percent')>
    """
    return BoilerData(_read_yaml("boiler.yaml"))


def water_temperatures():
    """Temperatures of the water, wastewater and condensate streams (``water_temperatures.csv``).

    >>> water_temperatures().set_index("Stream").loc["Dyeing wastewater", "Temperature (°C)"]
    np.int64(37)
    """
    import pandas as pd

    with _path("water_temperatures.csv").open(encoding="utf-8") as f:
        table = pd.read_csv(f, comment="#")
    return table.rename(columns={"stream": "Stream", "temperature_C": "Temperature (°C)", "how known": "How known"})


STEAM_STREAMS = {"Pretreatment": "Steam to pretreatment", "Dyeing": "Steam to dyeing",
                 "Rinsing and soaping": "Steam to rinsing", "Drying and stentering": "Steam to drying"}
"""The steam stream of each heated step of the running case."""


def bath_heating():
    """The hot baths of each step (``bath_heating.csv``) with the heat each needs (IAPWS-IF97).

    Heating: water x (h of water at the bath temperature - h at the start temperature).
    Evaporating: water x (h of saturated vapour at the end temperature - h of water at the start).

    >>> table = bath_heating()
    >>> print(round(table.loc[0, "Heat (GJ/month)"], 1))    # 600 t x (398.03 - 125.83) kJ/kg
    163.3
    """
    import pandas as pd

    from cpkit import energy

    with _path("bath_heating.csv").open(encoding="utf-8") as f:
        table = pd.read_csv(f, comment="#")
    heat = []
    for row in table.itertuples():
        h_start = energy.water_enthalpy(Q_(row.from_C, "degC"))
        if row.change == "evaporate":
            h_end = energy.steam_enthalpy(_saturation_pressure(row.to_C))
        else:
            h_end = energy.water_enthalpy(Q_(row.to_C, "degC"))
        heat.append((Q_(row.water_t, "t") * (h_end - h_start)).to("GJ").magnitude)
    table = table.rename(columns={"step": "Step", "bath": "Bath", "water_t": "Water (t/month)",
                                  "from_C": "From (°C)", "to_C": "To (°C)", "change": "Change",
                                  "losses_percent": "Losses (%)"})
    table["Heat (GJ/month)"] = heat
    return table


def _saturation_pressure(temperature_c):
    """Saturation pressure of water at a temperature in °C (IAPWS-IF97)."""
    from iapws import IAPWS97

    return Q_(IAPWS97(T=float(temperature_c) + 273.15, x=1).P, "MPa")


def steam_from_bath_heating(steam_pressure="0.9 MPa", condensate_temperature=90):
    """Steam each step needs for its hot baths, against the steam in ``plant.yaml``.

    Steam = heat of the baths / (1 - losses) / (h of saturated steam - h of condensate leaving).

    >>> table = steam_from_bath_heating().set_index("Step")
    >>> print(round(table.loc["Dyeing", "Steam derived (t/month)"]))
    255
    """
    import pandas as pd

    from cpkit import energy

    usable = energy.steam_enthalpy(steam_pressure) - energy.water_enthalpy(Q_(condensate_temperature, "degC"))
    baths = bath_heating()
    plant = running_case()
    rows = []
    for step, group in baths.groupby("Step", sort=False):
        losses = group["Losses (%)"].iloc[0]
        heat = group["Heat (GJ/month)"].sum()
        steam = (Q_(heat / (1 - losses / 100), "GJ") / usable).to("t").magnitude
        in_plant = plant.stream(STEAM_STREAMS[step]).quantity.to("t/month").magnitude
        rows.append({"Step": step, "Heat of the baths (GJ/month)": heat, "Losses (%)": losses,
                     "Steam derived (t/month)": steam, "Steam in plant.yaml (t/month)": in_plant})
    return pd.DataFrame(rows)


def work_plan():
    """The remaining tasks of the assessment after the pre-assessment (``work_plan.csv``):
    Task, Owner, Start, End; draw it with :func:`cpkit.report.gantt`.

    >>> work_plan().loc[0, ["Task", "Owner"]].tolist()
    ['Meter the treated effluent (rented meter)', 'Maintenance']
    """
    import pandas as pd

    with _path("work_plan.csv").open(encoding="utf-8") as f:
        return pd.read_csv(f, comment="#", dtype=str)
