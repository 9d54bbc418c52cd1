"""Material balances and solving unknown streams."""

import pytest
from hypothesis import given, settings, strategies as st

from cpkit import CPInputError
from cpkit.balance import balance, flows, gaps, incidence_matrix, solve
from cpkit.flowsheet import Plant
from cpkit.units import Q_


def dyeing_and_rinsing():
    """A batch of knit fabric through dyeing and rinsing, solved by hand below."""
    plant = Plant("Dye house", period="batch")
    plant.add_step("Dyeing")
    plant.add_step("Rinsing")
    plant.add_stream("Grey fabric", "outside", "Dyeing", "200 kg", kind="raw material")
    plant.add_stream("Dyebath water", "outside", "Dyeing", "1600 kg", kind="water")
    plant.add_stream("Dyes and chemicals", "outside", "Dyeing", "40 kg", kind="auxiliary")
    plant.add_stream("Dyed fabric", "Dyeing", "Rinsing", "400 kg")
    plant.add_stream("Exhausted dyebath", "Dyeing", "outside", kind="wastewater")
    plant.add_stream("Rinse water", "outside", "Rinsing", "3 m**3", kind="water", density="1 kg/L")
    plant.add_stream("Rinsed fabric", "Rinsing", "outside", "380 kg", kind="product")
    plant.add_stream("Evaporation", "Rinsing", "outside", "20 kg", kind="emission", status="estimated")
    plant.add_stream("Rinse drain", "Rinsing", "outside", kind="wastewater")
    return plant


def test_a_small_plant_is_solved_as_by_hand():
    # Dyeing:  in  = 200 + 1,600 + 40 = 1,840 kg
    #          out = 400 (dyed fabric) + exhausted dyebath
    #          => exhausted dyebath = 1,840 - 400 = 1,440 kg
    # Rinsing: in  = 400 + 3 m³ x 1 kg/L = 400 + 3,000 = 3,400 kg
    #          out = 380 + 20 + rinse drain
    #          => rinse drain = 3,400 - 400 = 3,000 kg
    # Whole plant: in 200 + 1,600 + 40 + 3,000 = 4,840 kg;
    #              out 1,440 + 380 + 20 + 3,000 = 4,840 kg.
    solved = solve(dyeing_and_rinsing())
    # (exact up to the last binary digit of 3 m³ x 1 kg/L)
    exact = dict(rel=1e-12)
    assert solved.stream("Exhausted dyebath").quantity.to("kg").magnitude == pytest.approx(1440, **exact)
    assert solved.stream("Exhausted dyebath").status == "estimated"
    assert solved.stream("Rinse drain").quantity.to("kg").magnitude == pytest.approx(3000, **exact)
    table = balance(solved).set_index("Step")
    assert table.loc["Whole plant", "In (kg)"] == pytest.approx(4840, **exact)
    assert table.loc["Whole plant", "Out (kg)"] == pytest.approx(4840, **exact)
    assert table["Closure (kg)"].abs().max() < 1e-9
    assert table["Closes"].all()


def test_solving_leaves_the_original_plant_unchanged():
    plant = dyeing_and_rinsing()
    solve(plant)
    assert plant.stream("Rinse drain").quantity is None


def test_a_step_with_an_unknown_stream_shows_it_and_no_verdict():
    table = balance(dyeing_and_rinsing()).set_index("Step")
    assert table.loc["Dyeing", "Unknown streams"] == "Exhausted dyebath"
    assert table["Closes"].isna().all()


def test_a_balance_that_does_not_close_reports_the_gap_per_step():
    plant = solve(dyeing_and_rinsing())
    plant.set_quantity("Grey fabric", "210 kg")  # 10 kg more weighed than left
    table = balance(plant, tolerance="0.1 %").set_index("Step")
    assert table.loc["Dyeing", "Closure (kg)"] == pytest.approx(10)
    assert table.loc["Dyeing", "Closure (%)"] == pytest.approx(100 * 10 / 1850)
    assert not table.loc["Dyeing", "Closes"]
    assert table.loc["Rinsing", "Closes"]
    assert list(gaps(plant, tolerance="0.1 %")["Step"]) == ["Dyeing", "Whole plant"]


def test_accumulation_in_a_step_is_part_of_its_balance():
    plant = Plant("Store", period="month")
    plant.add_step("Store", accumulation="5 t/month")
    plant.add_stream("Delivered", "outside", "Store", "20 t/month", kind="raw material")
    plant.add_stream("Issued", "Store", "outside", kind="product")
    assert solve(plant).stream("Issued").quantity == Q_(15, "t/month")


def test_a_component_balance_uses_fractions_and_amounts():
    plant = Plant("Mill", period="month")
    plant.add_step("Dyeing")
    plant.add_stream("Salt", "outside", "Dyeing", "100 t/month", kind="auxiliary", composition={"salt": 1.0})
    plant.add_stream("Dyebath", "Dyeing", "outside", "1000 t/month", kind="wastewater",
                     composition={"salt": "9 %", "water": 0.91})
    plant.add_stream("Water", "outside", "Dyeing", "900 t/month", kind="water", composition={"water": 1.0})
    table = balance(plant, component="salt").set_index("Step")
    assert table.loc["Dyeing", "Closure (t/month)"] == pytest.approx(100 - 90)
    table = balance(plant, component="water").set_index("Step")
    assert table.loc["Dyeing", "Closure (t/month)"] == pytest.approx(900 - 910)


def test_units_are_in_the_column_headers():
    table = balance(dyeing_and_rinsing(), unit="t")
    assert "In (t)" in table.columns and "Closure (t)" in table.columns
    assert "Flow (kg)" in flows(dyeing_and_rinsing()).columns


def test_the_incidence_matrix_has_plus_one_in_and_minus_one_out():
    matrix = incidence_matrix(dyeing_and_rinsing())
    assert matrix.loc["Dyeing", "Dyed fabric"] == -1
    assert matrix.loc["Rinsing", "Dyed fabric"] == 1


def test_a_volume_mixed_with_masses_asks_for_a_density():
    plant = Plant("Mill", period="h")
    plant.add_step("Rinsing")
    plant.add_stream("Fabric", "outside", "Rinsing", "500 kg/h", kind="raw material")
    plant.add_stream("Water", "outside", "Rinsing", "12 m**3/h", kind="water")
    with pytest.raises(CPInputError, match="Stream 'Water' is a volume .* mixed with masses .* step 'Rinsing': "
                                           "a density is needed") as err:
        balance(plant)
    assert "density='1 t/m**3'" in err.value.fix


def test_an_under_determined_system_names_the_streams_it_cannot_find():
    plant = dyeing_and_rinsing()
    plant.set_quantity("Evaporation", None, status="unknown")
    with pytest.raises(CPInputError, match="do not determine the streams 'Evaporation' and 'Rinse drain'") as err:
        solve(plant)
    assert "Measure or estimate 1 more" in err.value.fix


def test_a_contradictory_system_names_the_steps_that_disagree():
    # "Dyed fabric" is unknown and sits between two steps. Dyeing says it is
    # 1,840 - 1,440 = 400 kg; Rinsing says 380 + 20 + 2,000 - 3,000 = -600 kg. No value fits both.
    plant = dyeing_and_rinsing()
    plant.set_quantity("Exhausted dyebath", "1440 kg")
    plant.set_quantity("Rinse drain", "2000 kg")
    plant.set_quantity("Dyed fabric", None, status="unknown")
    with pytest.raises(CPInputError, match="steps 'Dyeing' and 'Rinsing' contradict each other .* 'Dyed fabric'") as err:
        solve(plant)
    assert "reconcile" in err.value.fix


def test_a_solution_with_a_negative_flow_is_refused():
    plant = Plant("Mill", period="d")
    plant.add_step("Rinsing")
    plant.add_stream("Water", "outside", "Rinsing", "10 t/d", kind="water")
    plant.add_stream("Fabric out", "Rinsing", "outside", "12 t/d", kind="product")
    plant.add_stream("Drain", "Rinsing", "outside", kind="wastewater")
    with pytest.raises(CPInputError, match="negative flow for stream 'Drain'"):
        solve(plant)


@st.composite
def balanced_plants(draw):
    """Random plants whose true flows close every balance (steps in series with side streams)."""
    n = draw(st.integers(1, 5))
    plant = Plant("Random", period="d")
    for i in range(n):
        plant.add_step(f"Step {i}")
    internal = {}
    for i in range(n):
        for j in range(i + 1, n):
            if draw(st.booleans()):
                internal[(i, j)] = draw(st.floats(1, 1000))
    for i in range(n):
        out_internal = sum(v for (a, _), v in internal.items() if a == i)
        in_internal = sum(v for (_, b), v in internal.items() if b == i)
        feed = draw(st.floats(1, 1000)) + out_internal
        plant.add_stream(f"Feed {i}", "outside", f"Step {i}", Q_(feed, "t/d"), kind="raw material",
                         uncertainty="5 %")
        plant.add_stream(f"Product {i}", f"Step {i}", "outside", Q_(feed + in_internal - out_internal, "t/d"),
                         kind="product", uncertainty="5 %")
    for (i, j), v in internal.items():
        plant.add_stream(f"S{i}-{j}", f"Step {i}", f"Step {j}", Q_(v, "t/d"), uncertainty="5 %")
    return plant


@settings(max_examples=60, deadline=None)
@given(balanced_plants(), st.data())
def test_unit_conversions_never_change_a_balance(plant, data):
    before = balance(plant)
    converted = plant.copy()
    for s in plant.streams:
        unit = data.draw(st.sampled_from(["t/d", "kg/h", "kg/d", "t/year", "lb/min"]))
        converted.set_quantity(s.name, s.quantity.to(unit))
    after = balance(converted, unit="t/d")
    assert after["In (t/d)"].tolist() == pytest.approx(before["In (t/d)"].tolist(), rel=1e-9)
    assert after["Closure (t/d)"].abs().max() <= 1e-9 * before["In (t/d)"].max()
    assert after["Closes"].all()
