"""The running case: Song Da Dyeing & Finishing (a constructed teaching case)."""

import pytest

from cpkit import cases
from cpkit.balance import balance, gaps, solve
from cpkit.reconcile import reconcile
from cpkit.units import Q_


def test_the_running_case_loads_with_its_steps():
    plant = cases.running_case()
    assert plant.name == "Song Da Dyeing & Finishing"
    assert [s.name for s in plant.steps] == [
        "Fabric receipt", "Pretreatment", "Dyeing", "Rinsing and soaping", "Finishing",
        "Drying and stentering", "Boiler house", "Wastewater treatment"]
    assert "CONSTRUCTED" in plant.description


def test_water_use_sits_between_best_practice_and_typical_mills():
    # Benchmarks (PaCT, textilepact.net FAQ): typical 200-300 L/kg, best practice ~50-70 L/kg;
    # the case is constructed at 120-150 L/kg.
    table = cases.baseline_measurements()
    litres_per_kg = table["Water (m³)"].sum() / table["Production (t)"].sum()
    assert 120 < litres_per_kg < 150


def test_dyeing_uses_about_one_kg_of_steam_per_kg_of_fabric():
    # Jeetah & Aldine (2014): 1.06 kg steam per kg fabric in exhaust dyeing machines.
    plant = cases.running_case()
    steam = plant.stream("Steam to dyeing").quantity
    fibre = plant.stream("Scoured fabric").quantity * plant.stream("Scoured fabric").composition["fibre"]
    assert 0.9 < (steam / fibre).to("").magnitude < 1.2


def test_the_unmetered_effluent_is_solved_from_the_treatment_plant_balance():
    solved = solve(cases.running_case())
    effluent = solved.stream("Treated effluent")
    assert effluent.status == "estimated"
    # inflows 10,641.72 + 12,903.2 + 13,696.3 + 1,583.56 + 80 + 27 = 38,931.78 t; minus 45 t sludge
    assert effluent.quantity.to("m**3/month").magnitude == pytest.approx(38886.78)


def test_the_rinsing_step_leaks_and_the_plant_water_balance_misses_a_few_percent():
    table = gaps(solve(cases.running_case()))
    assert list(table["Step"]) == ["Rinsing and soaping", "Whole plant"]
    whole = table.set_index("Step").loc["Whole plant"]
    assert 2 < whole["Closure (%)"] < 5
    assert balance(solve(cases.running_case()), component="water").set_index("Step").loc[
        "Rinsing and soaping", "Closure (t/month)"] == pytest.approx(1200, abs=0.01)


def test_reconciliation_points_at_the_rinsing_step():
    result = reconcile(cases.running_case())
    assert not result.passed
    assert set(result.suspects) == {"Water to rinsing", "Soaping chemicals", "Rinsing wastewater"}


def test_prices_carry_their_currency():
    prices = cases.prices()
    assert prices["water"] == Q_(14500, "VND/m**3")
    assert prices["sludge disposal"].check("[currency_VND] / [mass]")
    assert "Basis" in cases.prices_table().columns


def test_the_baseline_has_twelve_months_with_units_in_headers():
    table = cases.baseline_measurements()
    assert len(table) == 12
    assert "Electricity (kWh)" in table.columns
    assert table["Wastewater discharged (m³)"].isna().all()


def test_the_steam_to_each_step_follows_from_the_heat_of_its_hot_baths():
    # usable heat of 1 kg of steam: h saturated steam at 0.9 MPa 2,773.04 - h water at 90 °C 376.99 = 2,396.05 kJ/kg
    # Pretreatment: 600 t x (398.03 - 125.83) kJ/kg = 163.32 GJ; / 0.80 / 2.39605 = 85.2 t
    # Dyeing: 2,240 x (251.22 - 125.83) + 990 x (334.99 - 125.83) = 280.87 + 207.07 = 487.94 GJ; / 0.8 / 2.39605 = 254.6 t
    # Rinsing and soaping: 725 x (376.99 - 125.83) = 182.09 GJ; / 0.8 / 2.39605 = 95.0 t
    # Drying: 184.62 t x (2,675.57 vapour at 100 °C - 146.70 water at 35 °C) = 466.87 GJ; / 0.83 / 2.39605 = 234.8 t
    table = cases.steam_from_bath_heating().set_index("Step")
    expected = {"Pretreatment": 85.2, "Dyeing": 254.6, "Rinsing and soaping": 95.0, "Drying and stentering": 234.8}
    for step, steam in expected.items():
        assert table.loc[step, "Steam derived (t/month)"] == pytest.approx(steam, abs=0.1), step
        assert table.loc[step, "Steam in plant.yaml (t/month)"] == pytest.approx(steam, abs=0.5), step


def test_the_dryer_gets_enough_steam_to_evaporate_the_water_the_fabric_carries():
    # 184.62 t of water evaporated need at least 466.87 GJ; 235 t of steam give 235 x 2.39605 = 563.1 GJ
    plant = cases.running_case()
    heat = (plant.stream("Steam to drying").quantity * Q_(1, "month") * Q_(2396.05, "kJ/kg")).to("GJ")
    evaporated = plant.stream("Water vapour from drying").quantity.to("t/month").magnitude
    assert heat.magnitude > evaporated * 2.52887  # GJ per t evaporated from 35 °C


def test_a_third_of_the_condensate_returns_and_each_steps_water_balance_is_unchanged():
    plant = cases.running_case()
    steps = {"pretreatment": 75, "dyeing": 195, "rinsing": 90, "drying": 80}  # steam kept in each step (t/month)
    for step, kept in steps.items():
        steam = plant.stream(f"Steam to {step}").quantity.to("t/month").magnitude
        back = plant.stream(f"Condensate from {step}").quantity.to("t/month").magnitude
        assert steam - back == pytest.approx(kept), step
    # returned 10 + 60 + 5 + 155 = 230 t of 670 t = 34.3 %
    assert 230 / 670 == pytest.approx(0.343, abs=0.001)
