"""Tests of cpkit.impacts: reductions of an option and its greenhouse gases.

The IPCC values were read in an export of the IPCC Emission Factor Database
(EFDB) kept in the repository Open-Earth-Foundation/CityCatalyst, commit
47afbbb6745965175ca28fad2e529a5bc95dfe34, file
app/seed-data/emissions_factors/data_raw/EFDB_2006_IPCC_guidelines/EFDB_output.xlsx
(sheet "Sheet1"; each value below gives its EF ID), and checked against the
GHG Protocol workbook "Emission Factors from Cross-Sector Tools" (March
2024) in the same repository,
app/seed-data/emissions_factors/data_raw/ghgprotocol/Emission_Factors_for_Cross_Sector_Tools_V2.0_0.xlsx,
sheet "Stationary Combustion".
"""


import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from cpkit import CPInputError, cases, impacts
from cpkit.units import Q_

# --- The factors, as read in the copies --------------------------------------

# (fuel, sector): (CO2, CH4, N2O) in kg/TJ, with the EFDB EF IDs of the three values.
# IPCC 2006 Vol. 2 Table 2.2 (energy industries, 1.A.1) and Table 2.3 (manufacturing, 1.A.2).
READ_IN_EFDB = {
    ("Natural Gas", "energy industries"): ((56100, 1, 0.1), (117642, 117696, 117750)),
    ("Natural Gas", "manufacturing"): ((56100, 1, 0.1), (117804, 117858, 117912)),
    ("Residual Fuel Oil", "energy industries"): ((77400, 3, 0.6), (117615, 117669, 117723)),
    ("Residual Fuel Oil", "manufacturing"): ((77400, 3, 0.6), (117777, 117831, 117885)),
    ("Gas/Diesel Oil", "energy industries"): ((74100, 3, 0.6), (117614, 117668, 117722)),
    ("Gas/Diesel Oil", "manufacturing"): ((74100, 3, 0.6), (117776, 117830, 117884)),
    ("Liquefied Petroleum Gases", "energy industries"): ((63100, 1, 0.1), (117616, 117670, 117724)),
    ("Liquefied Petroleum Gases", "manufacturing"): ((63100, 1, 0.1), (117778, 117832, 117886)),
    ("Other Kerosene", "energy industries"): ((71900, 3, 0.6), (117611, 117665, 117719)),
    ("Other Kerosene", "manufacturing"): ((71900, 3, 0.6), (117773, 117827, 117881)),
    ("Motor Gasoline", "energy industries"): ((69300, 3, 0.6), (117607, 117661, 117715)),
    ("Motor Gasoline", "manufacturing"): ((69300, 3, 0.6), (117769, 117823, 117877)),
    ("Petroleum Coke", "energy industries"): ((97500, 3, 0.6), (117621, 117675, 117729)),
    ("Petroleum Coke", "manufacturing"): ((97500, 3, 0.6), (117783, 117837, 117891)),
    ("Anthracite", "energy industries"): ((98300, 1, 1.5), (117627, 117681, 117735)),
    ("Anthracite", "manufacturing"): ((98300, 10, 1.5), (117789, 117843, 117897)),
    ("Other Bituminous Coal", "energy industries"): ((94600, 1, 1.5), (117629, 117683, 117737)),
    ("Other Bituminous Coal", "manufacturing"): ((94600, 10, 1.5), (117791, 117845, 117899)),
    ("Sub-Bituminous Coal", "energy industries"): ((96100, 1, 1.5), (117630, 117684, 117738)),
    ("Sub-Bituminous Coal", "manufacturing"): ((96100, 10, 1.5), (117792, 117846, 117900)),
    ("Lignite", "energy industries"): ((101000, 1, 1.5), (117631, 117685, 117739)),
    ("Lignite", "manufacturing"): ((101000, 10, 1.5), (117793, 117847, 117901)),
    ("Wood/Wood Waste", "energy industries"): ((112000, 30, 4), (117647, 117701, 117755)),
    ("Wood/Wood Waste", "manufacturing"): ((112000, 30, 4), (117809, 117863, 117917)),
    ("Other Primary Solid Biomass", "energy industries"): ((100000, 30, 4), (117649, 117703, 117757)),
    ("Other Primary Solid Biomass", "manufacturing"): ((100000, 30, 4), (117811, 117865, 117919)),
}

# Net calorific values, TJ/Gg (= MJ/kg), IPCC 2006 Vol. 2 Table 1.2; EFDB EF IDs, and the same
# numbers in the GHG Protocol workbook, Stationary Combustion, Table 1, column "LHV (or NCV)".
NCV_READ = {
    "Natural Gas": (48.0, 117481), "Residual Fuel Oil": (40.4, 117454), "Gas/Diesel Oil": (43.0, 117453),
    "Liquefied Petroleum Gases": (47.3, 117455), "Other Kerosene": (43.8, 117450),
    "Motor Gasoline": (44.3, 117446), "Petroleum Coke": (32.5, 117460), "Anthracite": (26.7, 117466),
    "Other Bituminous Coal": (25.8, 117468), "Sub-Bituminous Coal": (18.9, 117469), "Lignite": (11.9, 117470),
    "Wood/Wood Waste": (15.6, 117485), "Other Primary Solid Biomass": (11.6, 117487),
}


@pytest.mark.parametrize("fuel, sector", list(READ_IN_EFDB))
def test_each_emission_factor_is_the_one_read_in_the_ipcc_database(fuel, sector):
    (co2, ch4, n2o), ids = READ_IN_EFDB[(fuel, sector)]
    assert impacts.emission_factor(fuel, "CO2", sector).to("kg/TJ").magnitude == co2
    assert impacts.emission_factor(fuel, "CH4", sector).to("kg/TJ").magnitude == ch4
    assert impacts.emission_factor(fuel, "N2O", sector).to("kg/TJ").magnitude == n2o
    table = impacts.emission_factors(fuel, sector)
    for gas, efid in zip(("CO2", "CH4", "N2O"), ids):
        read_in = table.loc[table["Gas"] == gas, "Read in"].item()
        assert f"EF ID {efid} " in read_in
        assert read_in.startswith("Open-Earth-Foundation/CityCatalyst app/seed-data/emissions_factors/data_raw/")


@pytest.mark.parametrize("fuel", list(NCV_READ))
def test_each_net_calorific_value_is_the_one_read_in_the_ipcc_database(fuel):
    value, _ = NCV_READ[fuel]
    assert impacts.net_calorific_value(fuel).to("MJ/kg").magnitude == pytest.approx(value)


def test_every_factor_names_the_copy_it_was_read_in():
    table = pd.read_csv(impacts.DATA / "emission_factors.csv", comment="#")
    assert table["copy_path"].notna().all()
    assert table["citation"].notna().all()
    ipcc = table[table["kind"].isin(["emission factor", "net calorific value"])]
    assert set(ipcc["copy_repository"]) == {"Open-Earth-Foundation/CityCatalyst"}
    assert set(ipcc["copy_commit"]) == {"47afbbb6745965175ca28fad2e529a5bc95dfe34"}
    assert ipcc["cross_check"].notna().all()


def test_the_gwps_are_the_ones_read_in_the_copy():
    # openclimatedata/globalwarmingpotentials, globalwarmingpotentials.csv (commit 0057adbe),
    # columns AR5GWP100 and AR4GWP100: CH4 28 and 25, N2O 265 and 298.
    assert impacts.GWP == {"AR5": {"CH4": 28.0, "N2O": 265.0}, "AR4": {"CH4": 25.0, "N2O": 298.0}}


def test_the_grid_factors_are_the_ones_the_vietnamese_department_of_climate_change_announced():
    # Table 1 of https://www.climatechange.vn/climate_news/viet-nams-2023-updated-grid-emission-factor-
    # signifies-lower-electricity-emissions/ ("Summarised from the DCC's announcements"), tCO2e/MWh.
    read = {2014: 0.6612, 2015: 0.8154, 2016: 0.9185, 2017: 0.8649, 2018: 0.9130,
            2019: 0.8458, 2020: 0.8041, 2021: 0.7221, 2022: 0.6766, 2023: 0.6592}
    for year, value in read.items():
        assert impacts.grid_factor(f"Vietnam {year}").to("tCO2e/MWh").magnitude == value


# --- Published and hand calculations -----------------------------------------

# The GHG Protocol workbook works the CO2 factors out per tonne of fuel: NCV (TJ/Gg) x CO2 factor
# (kg/TJ) / 1000 (sheet "Stationary Combustion", Table 1, column "Mass basis, kg CO2/tonne").
PUBLISHED_KG_CO2_PER_TONNE = {
    "Residual Fuel Oil": 3126.96,      # row 16: 40.4 x 77,400 / 1000
    "Gas/Diesel Oil": 3186.3,          # row 15: 43 x 74,100 / 1000
    "Liquefied Petroleum Gases": 2984.63,  # row 17
    "Anthracite": 2624.61,             # row 28
    "Other Bituminous Coal": 2440.68,  # row 30
    "Natural Gas": 2692.8,             # row 44
}


@pytest.mark.parametrize("fuel", list(PUBLISHED_KG_CO2_PER_TONNE))
def test_co2_per_tonne_of_fuel_matches_the_ghg_protocol_workbook(fuel):
    co2 = impacts.fuel_emissions(fuel, "1 t").co2
    assert co2.to("kg").magnitude == pytest.approx(PUBLISHED_KG_CO2_PER_TONNE[fuel], abs=0.005)


def test_co2_per_cubic_metre_of_gas_matches_the_ghg_protocol_workbook():
    # Row 44: density 0.7 kg/m3 gives 1.88496 kg CO2/m3 (0.7 kg x 48 MJ/kg = 33.6 MJ; x 56,100 kg/TJ).
    gas = impacts.fuel_emissions("Natural Gas", "1 m**3", calorific_value=Q_(0.7, "kg/m**3") * Q_(48, "MJ/kg"))
    assert gas.co2.to("kg").magnitude == pytest.approx(1.88496, abs=1e-5)


def test_fuel_oil_by_hand_with_methane_and_nitrous_oxide():
    # 10 t residual fuel oil in a mill boiler (manufacturing, Table 2.3):
    # energy 10 t x 40.4 GJ/t = 404 GJ = 0.404 TJ
    # CO2 0.404 x 77,400 = 31,269.6 kg; CH4 0.404 x 3 = 1.212 kg; N2O 0.404 x 0.6 = 0.2424 kg
    # CO2e (AR5) = 31,269.6 + 1.212 x 28 + 0.2424 x 265 = 31,269.6 + 33.936 + 64.236 = 31,367.772 kg
    oil = impacts.fuel_emissions("fuel oil", "10 t")
    assert oil.energy.to("TJ").magnitude == pytest.approx(0.404)
    assert oil.ch4.to("kg").magnitude == pytest.approx(1.212)
    assert oil.n2o.to("kg").magnitude == pytest.approx(0.2424)
    assert oil.co2e.to("tCO2e").magnitude == pytest.approx(31.367772)
    # with AR4: 31,269.6 + 1.212 x 25 + 0.2424 x 298 = 31,372.1352 kg
    ar4 = impacts.fuel_emissions("fuel oil", "10 t", gwp="AR4")
    assert ar4.co2e.to("tCO2e").magnitude == pytest.approx(31.3721352)


def test_coal_in_a_mill_boiler_uses_table_2_3_methane():
    # 1 TJ of anthracite: CH4 10 kg in manufacturing (Table 2.3), 1 kg in energy industries (Table 2.2)
    assert impacts.fuel_emissions("Anthracite", "1 TJ").ch4.to("kg").magnitude == 10
    assert impacts.fuel_emissions("Anthracite", "1 TJ", sector="energy industries").ch4.to("kg").magnitude == 1


def test_biomass_co2_is_reported_apart_and_left_out_of_co2e():
    # 1 TJ of rice husk (other primary solid biomass): CO2 100,000 kg biogenic;
    # CO2e = 30 kg CH4 x 28 + 4 kg N2O x 265 = 840 + 1,060 = 1,900 kg
    husk = impacts.fuel_emissions("rice husk", "1 TJ")
    assert husk.co2.magnitude == 0
    assert husk.biogenic_co2.to("t").magnitude == pytest.approx(100)
    assert husk.co2e.to("tCO2e").magnitude == pytest.approx(1.9)


def test_greenhouse_gases_of_the_running_case_baseline():
    # 2024 baseline of Song Da Dyeing & Finishing (cases.baseline_measurements, twelve months):
    # natural gas 707,990 Nm3 x 35.8 MJ/Nm3 (lower calorific value, plant.yaml) = 25,346.042 GJ = 25.346042 TJ
    #   CO2 25.346042 x 56,100 kg/TJ = 1,421,912.96 kg = 1,421.913 t
    #   CH4 25.346042 x 1 = 25.346 kg  -> x 28  =  709.69 kg CO2e
    #   N2O 25.346042 x 0.1 = 2.5346 kg -> x 265 =  671.67 kg CO2e
    #   CO2e 1,421.913 + 0.710 + 0.672 = 1,423.294 tCO2e
    # electricity 4,019,900 kWh = 4,019.9 MWh x 0.6592 tCO2e/MWh (Vietnam 2023) = 2,649.918 tCO2e
    # total 4,073.212 tCO2e per year
    table = cases.baseline_measurements()
    gas = impacts.fuel_emissions("Natural Gas", Q_(table["Natural gas (Nm³)"].sum(), "Nm3/year"),
                                 calorific_value="35.8 MJ/Nm3")
    power = impacts.electricity_emissions(Q_(table["Electricity (kWh)"].sum(), "kWh/year"), "Vietnam 2023")
    assert gas.co2.to("t/year").magnitude == pytest.approx(1421.913, abs=1e-3)
    assert gas.co2e.to("tCO2e/year").magnitude == pytest.approx(1423.294, abs=1e-3)
    assert power.co2e.to("tCO2e/year").magnitude == pytest.approx(2649.918, abs=1e-3)
    summary = impacts.ghg_table(gas, power).set_index("Source")
    assert summary.loc["Total", "CO2e (tCO2e/year)"] == pytest.approx(4073.212, abs=1e-3)


def test_reductions_of_an_option_by_hand():
    # Counter-current rinsing, per month: water 42,000 -> 36,500 m3 (-5,500 m3, -13.10 %);
    # steam 690 -> 655 t (-35 t, -5.07 %); CO2e 120 -> 114 t (-6 t, -5.00 %)
    table = impacts.reductions(
        {"Water": "42000 m3/month", "Steam": "690 t/month", "CO2e": Q_(120, "tCO2e/month")},
        {"Water": "36500 m³/month", "Steam": "655000 kg/month", "CO2e": Q_(1368, "tCO2e/year")},
    ).set_index("Item")
    assert table["Reduction"].tolist() == pytest.approx([5500, 35, 6])
    assert table["Reduction (%)"].tolist() == [13.1, 5.07, 5.0]
    assert table.loc["Steam", "Unit"] == "t/month"


def test_a_reduction_from_nothing_is_refused_naming_the_item_instead_of_a_nan_percentage():
    # Before: the table held NaN in "Reduction (%)", carried on as if a number.
    with pytest.raises(CPInputError, match="'Sludge' is zero before the option") as refused:
        impacts.reductions({"Sludge": "0 t"}, {"Sludge": "0 t"})
    assert refused.value.field == "before"
    assert impacts.reduction("0 t", "0 t").magnitude == 0  # the absolute reduction is still there


# --- Properties -------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(st.floats(min_value=0, max_value=1e7), st.floats(min_value=0, max_value=1e7))
def test_reductions_are_antisymmetric(before, after):
    forward = impacts.reduction(Q_(before, "m**3"), Q_(after, "m**3"))
    backward = impacts.reduction(Q_(after, "m**3"), Q_(before, "m**3"))
    assert forward.magnitude == pytest.approx(-backward.magnitude)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(impacts.FUELS), st.floats(min_value=0.001, max_value=1e6), st.floats(min_value=0.01, max_value=100))
def test_emissions_scale_linearly_with_fuel(fuel, tonnes, factor):
    one = impacts.fuel_emissions(fuel, Q_(tonnes, "t"))
    scaled = impacts.fuel_emissions(fuel, Q_(factor * tonnes, "t"))
    assert scaled.co2e.magnitude == pytest.approx(factor * one.co2e.magnitude, rel=1e-9)
    assert scaled.biogenic_co2.magnitude == pytest.approx(factor * one.biogenic_co2.magnitude, rel=1e-9)


@settings(max_examples=60, deadline=None)
@given(st.floats(min_value=0, max_value=1e6))
def test_electricity_emissions_scale_with_the_grid_factor(mwh):
    low = impacts.electricity_emissions(Q_(mwh, "MWh"), "0.5 tCO2e/MWh").co2e.magnitude
    high = impacts.electricity_emissions(Q_(mwh, "MWh"), "1.0 tCO2e/MWh").co2e.magnitude
    assert high == pytest.approx(2 * low)


# --- Clear messages ---------------------------------------------------------


def test_a_misspelt_fuel_gets_the_closest_name():
    with pytest.raises(CPInputError, match="no fuel 'Natual gas' in the emission factors. Did you mean 'Natural Gas'"):
        impacts.fuel_emissions("Natual gas", "1 TJ")


def test_an_everyday_name_with_a_typo_gets_the_ipcc_name():
    with pytest.raises(CPInputError, match="Did you mean 'Residual Fuel Oil'"):
        impacts.fuel_emissions("fule oil", "1 t")


def test_coal_alone_asks_which_coal():
    with pytest.raises(CPInputError, match="several coals") as err:
        impacts.fuel_emissions("coal", "1 t")
    assert "Anthracite" in err.value.fix


def test_gas_in_cubic_metres_without_a_calorific_value_says_to_give_one():
    with pytest.raises(CPInputError, match="Natural Gas is given in Nm3, which cannot become energy without a calorific value") as err:
        impacts.fuel_emissions("Natural Gas", "59000 Nm3")
    assert "calorific_value=" in err.value.fix


def test_a_calorific_value_of_the_wrong_kind_is_refused():
    with pytest.raises(CPInputError, match="is not an energy"):
        impacts.fuel_emissions("Natural Gas", "59000 Nm3", calorific_value="35.8 MJ/kg")


def test_negative_quantities_are_refused():
    with pytest.raises(CPInputError, match="negative"):
        impacts.fuel_emissions("diesel", "-5 t")
    with pytest.raises(CPInputError, match="negative"):
        impacts.electricity_emissions("-10 MWh", "Vietnam 2023")
    with pytest.raises(CPInputError, match="negative"):
        impacts.reductions({"Water": "-1 m3"}, {"Water": "1 m3"})


def test_a_missing_grid_factor_is_asked_for_with_the_published_ones():
    with pytest.raises(CPInputError, match="No grid emission factor is given") as err:
        impacts.electricity_emissions("100 MWh", None)
    assert "'Vietnam 2023'" in err.value.fix
    with pytest.raises(TypeError):
        impacts.electricity_emissions("100 MWh")  # the factor is a required argument


def test_a_misspelt_grid_factor_gets_the_closest_name():
    with pytest.raises(CPInputError, match="Did you mean 'Vietnam 2023'"):
        impacts.electricity_emissions("100 MWh", "Vietnam 2024")


def test_a_grid_factor_that_is_not_a_mass_per_energy_is_refused():
    with pytest.raises(CPInputError, match="not a mass per energy"):
        impacts.electricity_emissions("100 MWh", "0.6 kg/m**3")


def test_an_unknown_sector_or_gwp_gets_the_closest():
    with pytest.raises(CPInputError, match="Did you mean 'manufacturing'"):
        impacts.fuel_emissions("diesel", "1 t", sector="manufactoring")
    with pytest.raises(CPInputError, match="Did you mean 'AR5'"):
        impacts.fuel_emissions("diesel", "1 t", gwp="AR6")


def test_reductions_need_the_same_items_in_the_same_kind_of_units():
    with pytest.raises(CPInputError, match="'Water' is in before but not in after. Did you mean 'Watr'"):
        impacts.reductions({"Water": "1 m3"}, {"Watr": "1 m3"})
    with pytest.raises(CPInputError, match="not the same kind of amount"):
        impacts.reductions({"Water": "1 m3"}, {"Water": "1 kWh"})


def test_sources_over_different_periods_are_not_added():
    with pytest.raises(CPInputError, match="not over the same period"):
        impacts.ghg_table(impacts.fuel_emissions("diesel", "1 t/month"), impacts.fuel_emissions("diesel", "1 t/year"))
