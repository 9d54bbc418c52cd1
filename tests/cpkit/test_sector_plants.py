"""The sector plants of the BAT units: Song Lo Packaging Paper (module 6) and Mekong Star Seafood (module 7),
with the running case as the textiles plant (module 5). All three are constructed teaching plants; the
figures they are compared with are published ones (cpkit/data/benchmarks.csv)."""

import re
from importlib import resources

import pytest

from cpkit import baseline, cases, costing
from cpkit.balance import balance, solve
from cpkit.errors import CPInputError
from cpkit.units import Q_

SECTORS = ["textiles", "pulp and paper", "seafood processing"]
OWN_PLANTS = ["pulp and paper", "seafood processing"]
DATA = resources.files("cpkit").joinpath("data")


# --- Loading -----------------------------------------------------------------------------------------------


def test_each_sector_of_the_course_has_a_plant():
    names = {sector: cases.sector_plant(sector).name for sector in SECTORS}
    assert names == {"textiles": "Song Da Dyeing & Finishing", "pulp and paper": "Song Lo Packaging Paper",
                     "seafood processing": "Mekong Star Seafood"}


def test_the_textiles_plant_is_the_running_case_itself():
    assert cases.sector_plant("textiles") == cases.running_case()
    assert cases.sector_baseline("textiles").equals(cases.baseline_measurements())


def test_a_sector_name_is_read_without_regard_to_case_or_spaces():
    assert cases.sector_plant("  Seafood Processing ").name == "Mekong Star Seafood"


def test_a_misspelt_sector_is_refused_with_the_names_to_use():
    with pytest.raises(CPInputError) as error:
        cases.sector_plant("seafood procesing")
    assert "Did you mean 'seafood processing'?" in str(error.value)
    assert "'pulp and paper'" in error.value.fix


def test_a_sector_the_course_has_no_plant_for_is_refused():
    with pytest.raises(CPInputError, match="no sector plant for 'dairy'"):
        cases.sector_plant("dairy")


@pytest.mark.parametrize("sector", OWN_PLANTS)
def test_each_sector_plant_says_it_is_constructed(sector):
    assert "CONSTRUCTED" in cases.sector_plant(sector).description


# --- Balances ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("sector", OWN_PLANTS)
def test_the_unmetered_effluent_is_the_only_unknown_and_the_balance_then_closes_everywhere(sector):
    plant = cases.sector_plant(sector)
    assert [s.name for s in plant.streams if s.quantity is None] == ["Treated effluent"]
    table = balance(solve(plant))
    assert table["Closes"].all()
    assert (table["Closure (t/month)"].abs() < 0.5).all()


def test_the_paper_mill_effluent_is_what_enters_the_treatment_plant_less_the_sludge():
    # Excess white water 116,775.4 + condensate to drain 1,890 + blowdown 126 = 118,791.4 t; less sludge 342.3 t
    # = 118,449.1 t, i.e. m³ at 1 t/m³.
    effluent = solve(cases.sector_plant("pulp and paper")).stream("Treated effluent").quantity
    assert effluent.to("m**3/month").magnitude == pytest.approx(118_449.1, abs=0.5)


@pytest.mark.parametrize("component", ["fibre", "contaminants", "chemicals", "water"])
def test_every_component_of_the_paper_mill_closes_in_every_step(component):
    table = balance(solve(cases.sector_plant("pulp and paper")), component=component)
    assert table["Closes"].all(), table


@pytest.mark.parametrize("component", ["fish", "water", "additive"])
def test_the_fish_plant_components_close_in_every_process_step(component):
    # Not in the treatment plant: the activated sludge breaks most of the fish solids down.
    table = balance(solve(cases.sector_plant("seafood processing")), component=component)
    process = table[~table["Step"].isin(["Wastewater treatment", "Whole plant"])]
    assert process["Closes"].all(), process


def test_the_fish_plant_loses_130_t_of_fish_a_month_to_its_drains():
    # Bleeding 30 + filleting 70 + trimming 25 + washing and soaking 5 = 130 t/month (4.3 % of 3,000 t).
    plant = cases.sector_plant("seafood processing")
    lost = sum(s.quantity.to("t/month").magnitude * s.composition.get("fish", 0)
               for s in plant.streams if s.destination == "Wastewater treatment" and s.kind == "wastewater")
    assert lost == pytest.approx(130, abs=0.5)


# --- The twelve months agree with the plant's average month ------------------------------------------------


@pytest.mark.parametrize("sector, column, streams", [
    ("pulp and paper", "Production (t)", ["Paper"]),
    ("pulp and paper", "Water (m³)", ["Water to stock preparation", "Water to paper machine", "Boiler make-up water"]),
    ("pulp and paper", "Coal (t)", ["Coal"]),
    ("pulp and paper", "Recovered paper (t)", ["Recovered paper"]),
    ("seafood processing", "Raw fish (t)", ["Live fish"]),
    ("seafood processing", "Production (t)", ["Frozen fillets"]),
    ("seafood processing", "Water (m³)", ["Water to receiving", "Water to filleting", "Water to skinning and trimming",
                                          "Water to washing and soaking", "Glaze water", "Water to cleaning"]),
])
def test_the_baseline_year_averages_to_the_plant_month(sector, column, streams):
    plant = cases.sector_plant(sector)
    month = sum(plant.stream(s).quantity.magnitude for s in streams)
    assert cases.sector_baseline(sector)[column].sum() / 12 == pytest.approx(month, rel=0.002)


def test_the_electricity_of_the_year_averages_to_the_plant_month():
    for sector in OWN_PLANTS:
        plant = cases.sector_plant(sector)
        month = sum(s.quantity.to("kWh/month").magnitude for s in plant.streams if s.name.startswith("Electricity"))
        assert cases.sector_baseline(sector)["Electricity (kWh)"].sum() / 12 == pytest.approx(month, rel=0.002)


# --- Against the benchmarks ---------------------------------------------------------------------------------


def _row(table, text):
    return table[table["Benchmark"].str.contains(text, regex=False)].iloc[0]


def test_the_paper_mill_lies_above_the_vietnamese_energy_norm_for_its_size():
    # Hand calculation from plant.yaml: coal 870 t x 24 GJ/t = 20,880 GJ; electricity 1,350,000 kWh x 3.6 MJ/kWh
    # = 4,860 GJ; (20,880 + 4,860) GJ / 3,120.8 t = 8.248 GJ/t. Norm (Circular 24/2017/TT-BCT, Art. 5(2),
    # packaging paper from recycled paper, 10,000-50,000 t/yr): 6,744 MJ/t; 8,248 / 6,744 - 1 = 22.3 %.
    figures = baseline.control_figures(cases.sector_baseline("pulp and paper"), calorific_values={"Coal": "24 MJ/kg"})
    assert figures["Energy"].to("MJ/t").magnitude == pytest.approx(8248, rel=0.003)
    norm = _row(figures.compare("pulp and paper"), "packaging paper from recycled paper, mills of 10,000-50,000")
    assert norm["Where the plant stands"] == "above"
    assert norm["Difference (%)"] == pytest.approx(22.3, abs=0.3)


def test_the_paper_mill_water_lies_between_the_best_mills_and_us_and_eu_mills():
    # (60,000 + 60,000 + 2,016) m³ / 3,120.8 t = 39.10 m³/t; best non-integrated 25 m³/t: 39.10/25 - 1 = 56.4 %
    # above; US and EU mills "under 50": within (CSE 2004).
    table = baseline.control_figures(cases.sector_baseline("pulp and paper")).compare("pulp and paper", items=["Water"])
    assert _row(table, "best non-integrated")["Difference (%)"] == pytest.approx(56.4, abs=0.3)
    assert _row(table, "US and EU")["Where the plant stands"] == "within"


def test_the_fish_plant_per_tonne_of_raw_fish_against_the_unep_guide():
    # COD 159,000 kg / 3,000 t = 53.0 kg/t against 50 kg/t for white-fish filleting: 6.0 % above.
    # Water 35,650 m³ / 3,000 t = 11.88 m³/t against 8 m³/t (lcafood.dk, white fish): 48.5 % above.
    figures = baseline.control_figures(cases.sector_baseline("seafood processing"), production="Raw fish (t)")
    table = figures.compare("seafood processing")
    cod = _row(table, "COD load from white-fish filleting")
    assert (cod["Where the plant stands"], cod["Difference (%)"]) == ("above", pytest.approx(6.0, abs=0.2))
    assert _row(table, "Water in white-fish filleting")["Difference (%)"] == pytest.approx(48.5, abs=0.3)


def test_the_textiles_plant_compares_with_the_textile_benchmarks():
    figures = baseline.control_figures(cases.sector_baseline("textiles"))
    table = figures.compare("textiles", items=["Water"])
    assert _row(table, "best practice quoted by PaCT")["Where the plant stands"] == "above"


def test_benchmark_sectors_are_named_as_the_course_names_them():
    assert {"textiles", "pulp and paper", "seafood processing"} <= set(baseline.SECTORS)
    assert "fish processing" not in baseline.SECTORS


def test_every_benchmark_is_a_figure_read_in_a_copy_of_its_source():
    table = baseline.benchmarks()
    assert (table["Status"] == "READ").all()
    assert table["Source"].str.len().gt(5).all()


# --- Cost of waste -------------------------------------------------------------------------------------------


def _mfca(sector):
    return costing.mfca(solve(cases.sector_plant(sector)), cases.sector_prices(sector), cases.sector_cost_data(sector))


def test_the_fish_plant_costliest_loss_is_the_filleting_wastewater_valued_by_its_fish():
    # Material cost by hand: 70 t of fish x 27,000,000 VND/t + 8,000 m³ of water x 12,000 VND/m³
    # = 1,890,000,000 + 96,000,000 = 1,986,000,000 VND/month.
    result = _mfca("seafood processing")
    assert result.true_costs.loc[0, "Material loss"] == "Filleting wastewater"
    assert result.cost_of("Filleting wastewater", "material").magnitude == pytest.approx(1.986e9, rel=0.002)
    assert not any("total mass" in note and "composition" in note for note in result.notes)


def test_the_paper_mill_rejects_carry_the_price_of_the_bales_they_came_in():
    # The bale price (5,000,000 VND/t) is carried by fibre and contaminants: 3,450 t x 5,000,000 VND/t over
    # 2,967 + 138 = 3,105 t gives 5,555,556 VND/t; rejects hold 45 + 130 = 175 t: 972,222,222 VND/month.
    result = _mfca("pulp and paper")
    assert result.cost_of("Pulper and screen rejects", "material").magnitude == pytest.approx(972_222_222, rel=0.002)
    assert result.true_costs.loc[0, "Material loss"] == "Excess white water"


# --- Sources ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("folder", ["textiles", "pulp_and_paper", "seafood_processing"])
def test_each_sector_folder_has_a_readme_of_sources_and_licence(folder):
    text = DATA.joinpath("sectors", folder, "README.md").read_text(encoding="utf-8")
    assert "CC BY 4.0" in text
    assert "READ" in text and "CONSTRUCTED" in text
    keys = set(re.findall(r"^@\w+\{([\w-]+),", DATA.joinpath("references.bib").read_text(encoding="utf-8"), re.M))
    cited = set(re.findall(r"\[@([\w-]+)\]", text))
    assert cited <= keys, cited - keys


# --- The figures behind the measures of the worked assessments ----------------------------------------------


def gaps_of(plant):
    from cpkit.balance import gaps

    return gaps(plant).set_index("Step")["Closure (t/month)"]


def test_the_textile_rinsing_leak_costs_what_its_water_treatment_and_fee_cost():
    # Unit 5.9, measure 1. Gap of the rinsing step 1,200 m³/month; water 14,500 + treatment 8,500 + discharge fee
    # 1,500 = 24,500 VND/m³; 1,200 x 24,500 x 12 = 352,800,000 VND a year.
    mill = solve(cases.sector_plant("textiles"))
    p = cases.sector_prices("textiles")
    leak = gaps_of(mill)["Rinsing and soaping"]
    saving = Q_(leak, "m**3/month") * (p["water"] + p["wastewater treatment"] + p["wastewater discharge fee"])
    assert saving.to("VND/year").magnitude == pytest.approx(352_800_000, rel=1e-6)


def test_more_condensate_saves_the_coal_that_warms_make_up_water_at_the_paper_mill():
    # Unit 6.9, measure 2. 90 % of 6,300 t steam = 5,670 t; less the 4,410 t returned = 1,260 t/month more
    # condensate. Steam tables (IAPWS-IF97): water at 90 °C 376.97 kJ/kg, at 30 °C 125.79 kJ/kg, difference
    # 251.18 kJ/kg; 1,260 t x 251.18 MJ/t = 316,487 MJ; at a boiler efficiency of 75 % and 24 MJ/kg of coal:
    # 316,487 / 0.75 / 24,000 = 17.58 t of coal a month.
    from cpkit import energy

    mill = solve(cases.sector_plant("pulp and paper"))
    extra = 0.90 * mill.stream("Steam to drying").quantity - mill.stream("Condensate return").quantity
    heat = extra * (energy.water_enthalpy("90 degC") - energy.water_enthalpy("30 degC"))
    coal = (heat / 0.75 / mill.stream("Coal").specific_energy).to("t/month")
    assert extra.to("t/month").magnitude == pytest.approx(1260)
    assert coal.magnitude == pytest.approx(17.58, abs=0.01)


def test_fish_caught_before_the_drain_is_worth_the_by_product_price():
    # Unit 7.9, measure 1. Fish in the filleting (70 t) and trimming (25 t) wastewaters: 95 t/month; 60 % caught
    # = 57 t/month x 5,000,000 VND/t x 12 = 3,420,000,000 VND a year.
    plant = cases.sector_plant("seafood processing")
    lost = sum(plant.stream(s).quantity * plant.stream(s).composition["fish"]
               for s in ["Filleting wastewater", "Trimming wastewater"])
    saving = 0.60 * lost * cases.sector_prices("seafood processing")["fish by-products"]
    assert lost.to("t/month").magnitude == pytest.approx(95, abs=0.05)
    assert saving.to("VND/year").magnitude == pytest.approx(3.42e9, rel=0.001)
