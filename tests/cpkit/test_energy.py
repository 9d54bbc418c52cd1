"""Energy helpers, checked against the IAPWS-IF97 verification tables."""

import pytest

from cpkit import CPInputError
from cpkit.energy import (condensate_enthalpy, energy_balance, fuel_energy, latent_heat, saturation_temperature,
                          sensible_heat, steam_enthalpy, water_enthalpy)
from cpkit.cases import running_case


# IAPWS, "Revised Release on the IAPWS Industrial Formulation 1997 for the Thermodynamic Properties
# of Water and Steam" (IAPWS R7-97(2012)), Table 5 (region 1, liquid) and Table 15 (region 2, vapour):
# computer-program verification values of the specific enthalpy h in kJ/kg.
@pytest.mark.parametrize("temperature_k, pressure_mpa, h_published", [
    (300, 3, 0.115331273e3),     # Table 5
    (300, 80, 0.184142828e3),    # Table 5
    (500, 3, 0.975542239e3),     # Table 5
])
def test_liquid_water_enthalpy_matches_iapws_if97_table_5(temperature_k, pressure_mpa, h_published):
    h = water_enthalpy(f"{temperature_k} K", f"{pressure_mpa} MPa").to("kJ/kg").magnitude
    assert h == pytest.approx(h_published, rel=1e-8)


@pytest.mark.parametrize("temperature_k, pressure_mpa, h_published", [
    (300, 0.0035, 0.254991145e4),   # Table 15
    (700, 0.0035, 0.333568375e4),   # Table 15
    (700, 30, 0.263149474e4),       # Table 15
])
def test_steam_enthalpy_matches_iapws_if97_table_15(temperature_k, pressure_mpa, h_published):
    h = steam_enthalpy(f"{pressure_mpa} MPa", temperature=f"{temperature_k} K").to("kJ/kg").magnitude
    assert h == pytest.approx(h_published, rel=1e-8)


def test_saturated_and_wet_steam_follow_the_lever_rule():
    # h(x) = h' + x (h'' - h'): with x = 0.9 at 1 MPa
    h_liquid, h_vapour = condensate_enthalpy("1 MPa"), steam_enthalpy("1 MPa")
    wet = steam_enthalpy("1 MPa", dryness=0.9)
    lever = h_liquid + 0.9 * (h_vapour - h_liquid)
    assert wet.to("kJ/kg").magnitude == pytest.approx(lever.to("kJ/kg").magnitude, rel=1e-6)
    assert latent_heat("1 MPa").to("kJ/kg").magnitude == pytest.approx((h_vapour - h_liquid).to("kJ/kg").magnitude)


def test_water_boils_at_about_100_degrees_at_one_atmosphere():
    # Standard steam tables: Tsat(101.325 kPa) = 99.97 °C (ITS-90)
    assert saturation_temperature("101.325 kPa").to("degC").magnitude == pytest.approx(99.97, abs=0.01)


def test_sensible_heat_is_mass_times_specific_heat_times_temperature_rise():
    # 2,000 kg x 4.186 kJ/(kg·K) x 50 K = 418,600 kJ = 418.6 MJ
    assert sensible_heat("2000 kg", "4.186 kJ/(kg*K)", "50 K").to("MJ").magnitude == pytest.approx(418.6)


def test_fuel_energy_is_quantity_times_calorific_value():
    # 1,000 Nm³ x 35.8 MJ/Nm³ = 35,800 MJ
    assert fuel_energy("1000 Nm3", "35.8 MJ/Nm3").to("MJ").magnitude == pytest.approx(35800)


def test_steam_below_its_saturation_temperature_is_refused():
    with pytest.raises(CPInputError, match="below the saturation temperature .* liquid water"):
        steam_enthalpy("1 MPa", temperature="150 degC")


def test_water_above_its_boiling_point_is_refused():
    with pytest.raises(CPInputError, match="boils at 100.0 °C; 120.0 °C is steam"):
        water_enthalpy("120 degC")


def test_a_pressure_outside_iapws_if97_is_refused():
    with pytest.raises(CPInputError, match="outside the steam tables, the range of IAPWS-IF97"):
        steam_enthalpy("200 MPa")


def test_a_temperature_instead_of_a_difference_is_refused():
    with pytest.raises(CPInputError, match="reads as a temperature, not a difference"):
        sensible_heat("1 kg", "4.186 kJ/(kg*K)", "50 degC")


def test_the_boiler_house_of_the_running_case_loses_about_a_fifth_of_its_fuel_energy():
    table = energy_balance(running_case()).set_index("Step")
    boiler = table.loc["Boiler house"]
    # fuel 59,000 Nm³ x 35.8 MJ/Nm³ = 2,112 GJ; efficiency about 82 % (constructed)
    assert 10 < boiler["Closure (%)"] < 25
    assert "In (GJ/month)" in table.columns


def test_saturation_above_the_critical_point_is_refused_not_crashed():
    # Water has no saturation state above 22.064 MPa (the critical point); iapws raises NotImplementedError.
    for ask in (lambda: steam_enthalpy("30 MPa"), lambda: condensate_enthalpy("30 MPa"),
                lambda: saturation_temperature("25 MPa")):
        with pytest.raises(CPInputError, match="at saturation is outside the steam tables"):
            ask()
