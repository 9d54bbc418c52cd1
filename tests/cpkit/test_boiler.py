"""Tests of cpkit.boiler: direct and indirect (heat-loss) boiler efficiency."""

import pytest
from hypothesis import given, settings, strategies as st

from cpkit import CPInputError, boiler
from cpkit.units import Q_

OIL = {"carbon": 84, "hydrogen": 12, "nitrogen": 0.5, "oxygen": 1.5, "sulphur": 1.5, "moisture": 0.5}

COAL = {"carbon": 41.65, "hydrogen": 2.04, "nitrogen": 1.2, "oxygen": 9.0,
        "sulphur": 0.4, "moisture": 7.08, "ash": 38.63}


def percent(quantity):
    return quantity.to("percent").magnitude


def test_furnace_oil_example_of_the_bee_boiler_chapter_is_reproduced():
    """Bureau of Energy Efficiency (India), Guide Book 4 "Energy Performance Assessment
    of Equipment", ch. 1 "Boilers", furnace-oil example of the indirect method, as
    reproduced in public study notes ("Boilers: Efficiency Numerical (Indirect Method)").
    The BEE PDF itself could not be consulted; inputs and results are those printed there:
    C 84, H 12, N 0.5, O 1.5, S 1.5, moisture 0.5 %; GCV 10000 kcal/kg; flue gas
    190 °C, O2 7.4 %; ambient 30 °C; humidity 0.025 kg/kg dry air; Cp flue gas 0.23.
    Printed results: theoretical air 13.92 kg/kg, excess air 54.41 %, actual air 21.49 kg/kg,
    dry flue gas 21.36 kg/kg, L1 7.85 %, L2 7.08 %, L3 0.03 %, L4 0.39 %.
    """
    result = boiler.indirect_efficiency(OIL, gcv="10000 kcal_it/kg", flue_gas_o2=7.4,
                                        flue_gas_temperature=190, ambient_temperature=30,
                                        humidity=0.025)
    assert round(result.theoretical_air.magnitude, 2) == 13.92
    assert round(percent(result.excess_air), 2) == 54.41
    assert round(result.actual_air.magnitude, 2) == 21.49
    assert round(percent(result.losses["Hydrogen in fuel"]), 2) == 7.08
    assert round(percent(result.losses["Moisture in fuel"]), 2) == 0.03
    assert round(percent(result.losses["Moisture in air"]), 2) == 0.39
    # The printed dry flue gas, 21.36 kg/kg, does not follow from the example's own terms:
    # 0.84*44/12 + 0.015*64/32 + 0.005 + 21.494*0.77 + (21.494 - 13.92)*0.23
    # = 3.080 + 0.030 + 0.005 + 16.550 + 1.742 = 21.41 kg/kg, so L1 = 21.41*0.23*160/10000 = 7.88 %
    # against 7.85 % printed. We keep the formula and allow that difference.
    assert result.dry_flue_gas.magnitude == pytest.approx(21.36, abs=0.06)
    assert percent(result.losses["Dry flue gas"]) == pytest.approx(7.85, abs=0.04)


def test_coal_boiler_with_every_loss_matches_a_hand_calculation():
    # Hand calculation with the BEE formulas (fractions of 1 kg of coal):
    # theoretical air = 11.6*0.4165 + 34.8*(0.0204 - 0.09/8) + 4.35*0.004 = 5.167 kg/kg
    # excess air = 7/(21-7) = 50 %; actual air = 5.167*1.5 = 7.751 kg/kg
    # dry flue gas = 0.4165*44/12 + 0.004*2 + 0.012 + 7.751*0.77 + (7.751-5.167)*0.23 = 8.110 kg/kg
    # Tf - Ta = 180 - 30 = 150 K, GCV 4000 kcal/kg
    # L1 = 8.110*0.23*150/4000 = 6.994 %
    # L2 = 9*0.0204*(584 + 0.45*150)/4000 = 2.990 %
    # L3 = 0.0708*(584 + 67.5)/4000 = 1.153 %
    # L4 = 7.751*0.0204*0.45*150/4000 = 0.267 %
    # L5 = 0.2/(0.2+12)*0.4165*5744/4000 = 0.980 %
    # L6 = 1 % (given)
    # L7 fly ash = 0.3863*0.10*450/4000 = 0.435 %; L8 bottom ash = 0.3863*0.90*800/4000 = 6.953 %
    # efficiency = 100 - 20.773 = 79.227 %
    result = boiler.indirect_efficiency(
        COAL, gcv=4000, flue_gas_o2="7 percent", flue_gas_co2=12, flue_gas_co=0.2,
        flue_gas_temperature="180 degC", ambient_temperature=30, humidity=0.0204,
        radiation_loss=1, fly_ash_gcv=450, bottom_ash_gcv="800 kcal_it/kg", bottom_ash_share=90)
    expected = {
        "Dry flue gas": 6.994, "Hydrogen in fuel": 2.990, "Moisture in fuel": 1.153,
        "Moisture in air": 0.267, "Incomplete combustion (CO)": 0.980,
        "Radiation and convection": 1.000, "Unburnt in fly ash": 0.435, "Unburnt in bottom ash": 6.953,
    }
    assert {name: round(percent(loss), 3) for name, loss in result.losses.items()} == expected
    assert round(percent(result.efficiency), 2) == 79.23
    assert round(result.theoretical_air.magnitude, 3) == 5.167


def test_the_heat_balance_table_shows_each_loss_in_percent_kw_and_gj_per_period():
    result = boiler.indirect_efficiency(OIL, "10000 kcal_it/kg", 7.4, 190, 30, 0.025,
                                        fuel_rate="2648.125 kg/h", radiation_loss=0.5)
    table = result.table(period="8000 h").set_index("Item")
    # fuel input = 2648.125 kg/h * 10000 kcal/kg * 4.1868 kJ/kcal / 3600 s/h = 30 797.7 kW
    assert table.loc["Heat input in fuel", "Heat (kW)"] == pytest.approx(30797.7, abs=0.1)
    assert table.loc["Heat input in fuel", "Heat (GJ in 8000 h)"] == pytest.approx(30797.7 * 8000 * 3.6e-3, rel=1e-4)
    losses = table.drop(index=["Heat input in fuel", "Useful heat (boiler efficiency)"])
    assert losses["Heat (% of fuel input)"].sum() + table.loc["Useful heat (boiler efficiency)", "Heat (% of fuel input)"] \
        == pytest.approx(100, abs=0.01)


def test_a_radiation_loss_given_as_power_is_set_against_the_fuel_input():
    # BEE surface formula at Ts = 80 °C, Ta = 30 °C, wind 3.8 m/s (temperatures in K):
    # 0.548*((353.15/55.55)**4 - (303.15/55.55)**4) = 409.1 W/m2 (radiation)
    # 1.957*50**1.25*sqrt((196.85*3.8 + 68.9)/68.9) = 1.957*132.96*3.443 = 895.9 W/m2 (convection)
    per_m2 = boiler.surface_heat_loss(80, 30, "3.8 m/s")
    assert per_m2.to("W/m**2").magnitude == pytest.approx(1305.0, abs=0.5)
    result = boiler.indirect_efficiency(OIL, 10000, 7.4, 190, 30, 0.025, fuel_rate="2648.125 kg/h",
                                        radiation_loss=per_m2 * Q_(90, "m**2"))
    # 1305.0 W/m2 * 90 m2 = 117.4 kW against 30 797 kW of fuel = 0.381 %
    assert percent(result.losses["Radiation and convection"]) == pytest.approx(0.381, abs=0.001)


def test_the_sankey_splits_the_fuel_heat_into_useful_heat_and_each_loss():
    result = boiler.indirect_efficiency(COAL, 4000, 7, 180, 30, 0.0204, flue_gas_co2=12,
                                        flue_gas_co=0.2, fly_ash_gcv=450, bottom_ash_gcv=800,
                                        bottom_ash_share=90)
    sankey = result.sankey().data[0]
    assert sankey.node.label[:2] == ("Heat in fuel", "Useful heat")
    assert sum(sankey.link.value) == pytest.approx(100)


def test_iapws_if97_verification_values_are_reproduced_for_water_and_steam():
    # IAPWS R7-97(2012), Revised Release on the IAPWS Industrial Formulation 1997,
    # Table 5 (region 1) and Table 15 (region 2), specific enthalpy h in kJ/kg.
    assert boiler.steam_enthalpy("3 MPa", "300 K").to("kJ/kg").magnitude == pytest.approx(115.331273, abs=1e-5)
    assert boiler.steam_enthalpy("3 MPa", "500 K").to("kJ/kg").magnitude == pytest.approx(975.542239, abs=1e-5)
    assert boiler.steam_enthalpy("0.0035 MPa", "300 K").to("kJ/kg").magnitude == pytest.approx(2549.91145, abs=1e-4)
    assert boiler.steam_enthalpy("30 MPa", "700 K").to("kJ/kg").magnitude == pytest.approx(2631.49474, abs=1e-4)


def test_direct_method_matches_a_hand_calculation_with_iapws_enthalpies():
    # 8 t/h of dry saturated steam at 11 bar(a), feedwater 85 °C, 1.8 t/h of coal at 3200 kcal/kg.
    # h steam (IF97, saturated vapour, 1.1 MPa) = 2780.67 kJ/kg; h feedwater (85 °C, 1.1 MPa) = 356.8 kJ/kg
    # efficiency = 8000*(2780.67 - 356.8) / (1800*3200*4.1868) = 19 390 960 / 24 115 968 = 80.41 %
    efficiency = boiler.direct_efficiency("8 t/h", "11 bar", 85, "1.8 t/h", 3200)
    assert percent(efficiency) == pytest.approx(80.41, abs=0.01)


def test_blowdown_is_a_loss_only_when_asked_for():
    loss = boiler.blowdown_loss("400 kg/h", "11 bar", 85, "1.8 t/h", 3200)
    # 400*(781.1 - 356.8)/(1800*3200*4.1868) = 169 720/24 115 968 = 0.70 %
    assert percent(loss) == pytest.approx(0.70, abs=0.01)
    without = boiler.indirect_efficiency(OIL, 10000, 7.4, 190, 30, 0.025)
    with_blowdown = boiler.indirect_efficiency(OIL, 10000, 7.4, 190, 30, 0.025, blowdown_loss=loss)
    assert "Blowdown" not in without.losses
    assert percent(without.efficiency - with_blowdown.efficiency) == pytest.approx(percent(loss))


# --- Clear messages --------------------------------------------------------------


def test_flue_gas_colder_than_ambient_is_refused():
    with pytest.raises(CPInputError) as err:
        boiler.indirect_efficiency(OIL, 10000, 7.4, flue_gas_temperature=25, ambient_temperature=30, humidity=0.02)
    assert "Flue gas temperature (25 °C) is below ambient temperature (30 °C)" in str(err.value)
    assert "swapped" in str(err.value)


def test_an_o2_reading_above_that_of_air_is_refused():
    with pytest.raises(CPInputError) as err:
        boiler.excess_air(25)
    assert "Flue gas O2 of 25 % is not possible: air itself holds only 21 % O2" in str(err.value)


def test_a_percentage_above_100_is_refused_naming_the_field():
    bad = dict(COAL, ash=120)
    with pytest.raises(CPInputError) as err:
        boiler.theoretical_air(bad)
    assert "Ash in the fuel of 120 % is outside 0-100 %" in str(err.value)


def test_an_ultimate_analysis_that_does_not_add_up_to_100_is_refused():
    short = dict(COAL, carbon=30)
    with pytest.raises(CPInputError) as err:
        boiler.theoretical_air(short)
    assert "The ultimate analysis adds up to 88.35 %, not 100 %" in str(err.value)


def test_co_without_co2_is_refused():
    with pytest.raises(CPInputError, match="Flue gas CO is given but not CO2"):
        boiler.indirect_efficiency(COAL, 4000, 7, 180, 30, 0.02, flue_gas_co=0.2)


def test_a_radiation_loss_in_kilowatts_needs_the_fuel_rate():
    with pytest.raises(CPInputError, match="Radiation loss is given as a power"):
        boiler.indirect_efficiency(OIL, 10000, 7.4, 190, 30, 0.025, radiation_loss="100 kW")


# --- Property: the balance closes -----------------------------------------------


@settings(max_examples=100, deadline=None)
@given(
    carbon=st.floats(30, 85), hydrogen=st.floats(0, 12), oxygen=st.floats(0, 10),
    sulphur=st.floats(0, 3), moisture=st.floats(0, 15),
    o2=st.floats(1, 12), t_flue=st.floats(100, 300), t_amb=st.floats(0, 45),
    humidity=st.floats(0, 0.03), co=st.floats(0, 1), radiation=st.floats(0, 3),
    bottom_share=st.floats(0, 100),
)
def test_heat_losses_and_useful_heat_add_up_to_the_fuel_input(
        carbon, hydrogen, oxygen, sulphur, moisture, o2, t_flue, t_amb, humidity, co, radiation, bottom_share):
    ash = 100 - carbon - hydrogen - oxygen - sulphur - moisture - 1
    if ash < 0:
        return
    fuel = {"carbon": carbon, "hydrogen": hydrogen, "nitrogen": 1, "oxygen": oxygen,
            "sulphur": sulphur, "moisture": moisture, "ash": ash}
    result = boiler.indirect_efficiency(
        fuel, "6000 kcal_it/kg", o2, t_flue, t_amb, humidity, flue_gas_co2=10, flue_gas_co=co,
        fuel_rate="1000 kg/h", radiation_loss=radiation, fly_ash_gcv=300, bottom_ash_gcv=600,
        bottom_ash_share=bottom_share)
    total = sum(result.losses.values(), Q_(0, "percent")) + result.efficiency
    assert percent(total) == pytest.approx(100, abs=1e-9)
    table = result.table().set_index("Item")
    parts = table["Heat (kW)"].drop(index="Heat input in fuel").sum()
    assert parts == pytest.approx(table.loc["Heat input in fuel", "Heat (kW)"], abs=0.1 * len(table))


def test_a_steam_state_outside_the_steam_tables_is_refused_not_crashed():
    # Saturated steam exists only below the critical point, 220.64 bar (22.064 MPa).
    with pytest.raises(CPInputError, match="Steam pressure 300 bar at saturation is outside the steam tables"):
        boiler.steam_enthalpy("300 bar")
    with pytest.raises(CPInputError, match="outside the steam tables"):
        boiler.direct_efficiency("8 t/h", "1500 bar", 85, "1.8 t/h", 3200)


def test_feedwater_hotter_than_the_steam_is_refused_by_the_direct_method():
    # At 11 bar(a) saturation is 184 °C; feedwater at 300 °C is superheated steam
    # (h = 3050 kJ/kg > 2781 kJ/kg of the steam), which would give a negative efficiency.
    with pytest.raises(CPInputError, match="Feedwater at 300 °C holds as much heat as the steam or more"):
        boiler.direct_efficiency("8 t/h", "11 bar", 300, "1.8 t/h", 3200)


def test_the_bee_direct_method_example_is_reproduced_with_steam_table_enthalpies():
    # Bureau of Energy Efficiency (India) boiler guide, "Boiler efficiency by direct method" example, as copied
    # at faadooengineers.com/online-study/post/me/applied-thermodynamics/838 (inputs verbatim): coal fired,
    # 8 TPH dry steam at 10 kg/cm2(g), 1.8 TPH coal of GCV 3200 kCal/kg, feed water 85 °C;
    # "Enthalpy of steam at 10 kg/cm2 pressure: 665 kCal/kg (saturated)", "Enthalpy of feed water: 85 kCal/kg".
    # Its arithmetic: 8 x (665 - 85) / (1.8 x 3200) x 100 = 80.56 %, printed "Boiler Efficiency = 80 %"
    # (the printed result read in a secondary copy, 7thbhambb.co.uk, quoting the example).
    # cpkit takes the enthalpies from IAPWS-IF97 at 10 kgf/cm2 + 1.01325 bar = 10.82 bar(a):
    # 664.0 and 85.2 kcal/kg, so 8 x 578.8 / 5760 = 80.39 %, 0.17 points under the guide's rounded table values.
    pressure = Q_(10, "kgf/cm**2") + Q_(1.01325, "bar")
    assert boiler.steam_enthalpy(pressure).to("kcal_it/kg").magnitude == pytest.approx(665, abs=1)
    assert boiler.steam_enthalpy(pressure, 85).to("kcal_it/kg").magnitude == pytest.approx(85, abs=0.5)
    efficiency = percent(boiler.direct_efficiency("8 t/h", pressure, 85, "1.8 t/h", 3200))
    assert efficiency == pytest.approx(80.56, abs=0.2)
    assert int(efficiency) == 80  # as printed


# --- Excess air from CO2, the direct method from enthalpies, the evaporation ratio ------------------
# Where we looked for published worked examples: the Bureau of Energy Efficiency (India) guide
# "Energy Performance Assessment of Boilers" (Guide Book 4, ch. 1) gives the formulas used below
# (theoretical CO2 = moles of C / (moles of N2 + moles of C); excess air = 7900 [(CO2)t - (CO2)a] /
# {(CO2)a [100 - (CO2)t]}), but no copy of its CO2 worked example could be read (the stored web
# pages and code searched hold the formula only), so the CO2 figures are checked against hand
# calculations written out here. The direct method is the BEE example quoted above.


def test_theoretical_co2_and_excess_air_from_co2_match_a_hand_calculation():
    # Coal of the hand calculation above, per kg:
    # theoretical air = 11.6*0.4165 + 34.8*(0.0204 - 0.09/8) + 4.35*0.004
    #                 = 4.83140 + 0.31842 + 0.01740 = 5.16722 kg/kg
    # moles of C  = 0.4165/12 = 0.0347083 kmol per kg... (the unit cancels)
    # moles of N2 = (5.16722*0.77 + 0.012)/28 = (3.978759 + 0.012)/28 = 0.1425271
    # (CO2)t = 0.0347083 / (0.1425271 + 0.0347083) = 19.583 %
    # measured CO2 13 %: excess air = 7900*(19.583 - 13)/(13*(100 - 19.583))
    #                               = 52005.1/1045.42 = 49.75 %
    assert percent(boiler.theoretical_co2(COAL)) == pytest.approx(19.583, abs=0.001)
    assert percent(boiler.excess_air_from_co2(13, COAL)) == pytest.approx(49.75, abs=0.01)
    # Furnace oil of the BEE example: theoretical air 13.92 kg/kg (printed there);
    # N2 = (13.92*0.77 + 0.005)/28 = 0.382979, C = 0.84/12 = 0.07, (CO2)t = 0.07/0.452979 = 15.453 %
    assert percent(boiler.theoretical_co2(OIL)) == pytest.approx(15.453, abs=0.001)


def test_the_indirect_method_from_co2_reports_the_theoretical_co2_and_agrees_with_the_same_excess_air_from_o2():
    from_co2 = boiler.indirect_efficiency(COAL, 4000, None, 180, 30, 0.0204, flue_gas_co2=13)
    # The O2 that gives the same excess air: O2/(21 - O2) = 0.49748, O2 = 21*0.49748/1.49748 = 6.9764 %
    o2 = 21 * 0.4974763 / 1.4974763
    from_o2 = boiler.indirect_efficiency(COAL, 4000, o2, 180, 30, 0.0204)
    assert percent(from_co2.theoretical_co2) == pytest.approx(19.583, abs=0.001)
    assert from_co2.excess_air_from == "CO2" and from_o2.excess_air_from == "O2"
    assert percent(from_co2.efficiency) == pytest.approx(percent(from_o2.efficiency), abs=1e-4)
    summary = from_co2.summary().set_index("Quantity")
    assert summary.loc["Theoretical CO2", "Value"] == pytest.approx(19.583, abs=0.001)
    assert "Excess air (from CO2)" in summary.index


def test_a_missing_flue_gas_analysis_is_refused_with_a_message_naming_the_field():
    with pytest.raises(CPInputError, match="neither O2 nor CO2") as missing:
        boiler.indirect_efficiency(COAL, 4000, None, 180, 30, 0.0204)
    assert missing.value.field == "flue_gas_o2"


def test_a_co2_reading_above_the_fuels_theoretical_co2_is_refused():
    with pytest.raises(CPInputError, match="above the 19.58 %") as high:
        boiler.excess_air_from_co2(21, COAL)
    assert high.value.field == "flue_gas_co2"


def test_the_bee_direct_method_example_is_reproduced_from_its_printed_enthalpies():
    # Same BEE example as above, with the guide's own steam-table enthalpies:
    # 8 x (665 - 85) / (1.8 x 3200) x 100 = 4640/5760 x 100 = 80.556 %
    efficiency = boiler.direct_efficiency("8 t/h", fuel_rate="1.8 t/h", gcv="3200 kcal/kg",
                                          steam_enthalpy="665 kcal/kg", feedwater_enthalpy=85)
    assert percent(efficiency) == pytest.approx(80.556, abs=0.001)
    # The same in kJ/kg (1 kcal = 4.1868 kJ): 2784.22 and 355.878 kJ/kg, GCV 13397.76 kJ/kg
    in_kj = boiler.direct_efficiency("8 t/h", fuel_rate="1.8 t/h", gcv="13397.76 kJ/kg",
                                     steam_enthalpy="2784.222 kJ/kg", feedwater_enthalpy="355.878 kJ/kg")
    assert percent(in_kj) == pytest.approx(80.556, abs=0.001)


def test_the_direct_method_without_enthalpy_or_pressure_says_what_is_missing():
    with pytest.raises(CPInputError, match="steam's enthalpy, or its pressure") as missing:
        boiler.direct_efficiency("8 t/h", fuel_rate="1.8 t/h", gcv=3200, feedwater_enthalpy=85)
    assert missing.value.field == "steam_pressure"
    with pytest.raises(CPInputError, match="fuel fired and its GCV"):
        boiler.direct_efficiency("8 t/h", steam_enthalpy=665, feedwater_enthalpy=85)


def test_the_evaporation_ratio_is_steam_per_fuel():
    # Hand calculation on the BEE direct-method example: 8 t/h of steam from 1.8 t/h of coal
    # = 8/1.8 = 4.444 kg of steam per kg of coal; the same over a day (192 t and 43.2 t).
    assert boiler.evaporation_ratio("8 t/h", "1.8 t/h").magnitude == pytest.approx(4.4444, abs=1e-4)
    assert boiler.evaporation_ratio("192 t", "43.2 t").magnitude == pytest.approx(4.4444, abs=1e-4)
    with pytest.raises(CPInputError, match="not on the same basis"):
        boiler.evaporation_ratio("8 t/h", "43.2 t")


@settings(max_examples=60, deadline=None)
@given(excess=st.floats(0.02, 1.0), hydrogen=st.floats(1, 12), carbon=st.floats(40, 82))
def test_excess_air_from_o2_and_from_co2_agree_on_a_consistent_flue_gas(excess, hydrogen, carbon):
    # A dry flue gas made by the BEE stoichiometry (air 23 % O2 / 77 % N2 by mass) at a known
    # excess air; its O2 and CO2 readings give the same efficiency by either route within
    # 1 point. (The two formulas assume air of 21 % O2 by volume and, for O2, as much dry flue
    # gas as air at stoichiometry: small approximations, which is why they are not exact.)
    fuel = {"carbon": carbon, "hydrogen": hydrogen, "nitrogen": 1, "oxygen": 2, "sulphur": 0.5,
            "moisture": 2, "ash": 100 - carbon - hydrogen - 5.5}
    air = boiler.theoretical_air(fuel).magnitude
    c, n2, o2 = carbon / 1200, (air * (1 + excess) * 0.77 + 0.01) / 28, excess * air * 0.23 / 32
    total = c + n2 + o2
    args = (fuel, 4500, 100 * o2 / total, 180, 30, 0.02)
    by_o2 = boiler.indirect_efficiency(*args).efficiency
    by_co2 = boiler.indirect_efficiency(*args[:2], None, *args[3:], flue_gas_co2=100 * c / total).efficiency
    assert percent(by_o2) == pytest.approx(percent(by_co2), abs=1.0)


@settings(max_examples=60, deadline=None)
@given(o2=st.floats(1, 12), t_flue=st.floats(120, 300), steam_tph=st.floats(1, 30))
def test_the_direct_and_indirect_methods_agree_on_a_consistent_data_set(o2, t_flue, steam_tph):
    # Readings made consistent on purpose: the steam raised carries exactly the useful heat
    # the heat-loss balance leaves, so the direct method must return the indirect efficiency.
    indirect = boiler.indirect_efficiency(COAL, 4000, o2, t_flue, 30, 0.0204, radiation_loss=1)
    h_steam, h_feed = Q_(665, "kcal/kg"), Q_(85, "kcal/kg")
    fuel = Q_(steam_tph, "t/h") * (h_steam - h_feed) / (indirect.efficiency * Q_(4000, "kcal/kg"))
    direct = boiler.direct_efficiency(f"{steam_tph} t/h", fuel_rate=fuel.to("kg/h"), gcv=4000,
                                      steam_enthalpy=h_steam, feedwater_enthalpy=h_feed)
    assert percent(direct) == pytest.approx(percent(indirect.efficiency), rel=1e-9)


def test_the_heat_balance_table_carries_the_unit_of_each_column_as_data():
    table = boiler.indirect_efficiency(COAL, 4000, 7, 180, 30, 0.0204, fuel_rate="1000 kg/h").table(period="8000 h")
    assert table.attrs["units"] == {"Heat (% of fuel input)": "%", "Heat (kW)": "kW", "Heat (GJ in 8000 h)": "GJ"}
