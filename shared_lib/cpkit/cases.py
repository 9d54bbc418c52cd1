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
- ``prices.csv``: unit prices in VND.

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
