"""The plant model: building it, checking it, saving and loading it."""

import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from cpkit import CPInputError
from cpkit.flowsheet import Plant
from cpkit.units import Q_


def small_plant():
    plant = Plant("Mill", period="month")
    plant.add_step("Dyeing")
    plant.add_step("Rinsing")
    plant.add_stream("Fabric", "outside", "Dyeing", "100 t/month", kind="raw material", uncertainty="1 %",
                     composition={"fibre": 0.94, "water": "6 %"})
    plant.add_stream("Water", "outside", "Dyeing", "800 m**3/month", kind="water", density="1 t/m**3",
                     uncertainty="8 m**3/month", composition={"water": 1.0})
    plant.add_stream("Dyed fabric", "Dyeing", "Rinsing", "200 t/month", status="estimated")
    plant.add_stream("Drain", "Dyeing", "outside", kind="wastewater")
    return plant


def test_a_plant_lists_its_steps_and_streams_in_order():
    plant = small_plant()
    assert [s.name for s in plant.steps] == ["Dyeing", "Rinsing"]
    assert [s.name for s in plant.streams] == ["Fabric", "Water", "Dyed fabric", "Drain"]
    assert plant.stream("Dyed fabric").kind == "internal"
    assert plant.stream("Drain").status == "unknown"
    assert plant.stream("Fabric").status == "measured"
    assert plant.components == ["fibre", "water"]


def test_none_and_outside_both_mean_the_plant_boundary():
    plant = Plant("Mill")
    plant.add_step("Dyeing")
    plant.add_stream("Dye", None, "Dyeing", "1 t/month", kind="auxiliary")
    assert plant.stream("Dye").source == "outside"
    assert plant.stream("Dye").is_input


def test_relative_and_absolute_uncertainties_become_a_standard_deviation_in_the_stream_unit():
    plant = small_plant()
    assert plant.stream("Fabric").standard_uncertainty == Q_(1.0, "t/month")
    assert plant.stream("Water").standard_uncertainty == Q_(8, "m**3/month")


def test_units_with_an_underscore_are_read_as_written():
    plant = Plant("Boiler house")
    plant.add_step("Dyeing")
    plant.add_stream("Steam to dyeing", "outside", "Dyeing", "300 t_steam/month", kind="water")
    assert plant.stream("Steam to dyeing").quantity == Q_(300, "t_steam/month")


def test_a_negative_flow_is_refused_naming_the_stream():
    plant = small_plant()
    with pytest.raises(CPInputError, match=r"Stream 'Rinse water' has a negative flow \(-3 m³/month\)") as err:
        plant.add_stream("Rinse water", "outside", "Rinsing", "-3 m**3/month", kind="water")
    assert "positive" in err.value.fix


def test_an_energy_quantity_on_a_material_stream_is_refused():
    plant = small_plant()
    with pytest.raises(CPInputError, match="material stream .* is an energy") as err:
        plant.add_stream("Hot water", "outside", "Rinsing", "500 kWh/month", kind="water")
    assert "kind='energy'" in err.value.fix


def test_a_quantity_that_is_not_per_period_is_refused():
    plant = small_plant()
    with pytest.raises(CPInputError, match="not a mass, volume or energy per month"):
        plant.add_stream("Salt", "outside", "Dyeing", "5 t", kind="auxiliary")


def test_a_misspelt_step_gets_the_closest_name_suggested():
    plant = small_plant()
    with pytest.raises(CPInputError, match="its destination 'Rinsng' is not a step .* Did you mean 'Rinsing'") as err:
        plant.add_stream("Rinse water", "outside", "Rinsng", "3 m**3/month", kind="water")
    assert "add_step('Rinsng')" in err.value.fix


def test_a_misspelt_stream_gets_the_closest_name_suggested():
    with pytest.raises(CPInputError, match="no stream 'Dyed fabrc' .* Did you mean 'Dyed fabric'"):
        small_plant().stream("Dyed fabrc")


def test_an_unknown_step_name_is_refused_with_the_list_of_steps():
    with pytest.raises(CPInputError, match="no step 'Boiler'") as err:
        small_plant().step("Boiler")
    assert "'Dyeing', 'Rinsing'" in err.value.fix


def test_a_stream_with_no_source_is_refused():
    plant = small_plant()
    with pytest.raises(CPInputError, match="Stream 'Steam' has no source") as err:
        plant.add_stream("Steam", "", "Dyeing", "3 t/month")
    assert "'outside'" in err.value.fix


def test_a_stream_with_no_destination_in_a_file_is_refused():
    text = """
plant: Mill
steps: [Dyeing]
streams:
- {name: Drain, source: Dyeing, kind: wastewater}
"""
    with pytest.raises(CPInputError, match="Stream 'Drain' has no destination") as err:
        Plant.from_yaml_text(text)
    assert "destination: outside" in err.value.fix


def test_a_stream_from_outside_to_outside_is_refused():
    with pytest.raises(CPInputError, match="outside to outside"):
        small_plant().add_stream("Bypass", "outside", "outside", "1 t/month", kind="water")


def test_duplicate_stream_and_step_names_are_refused():
    plant = small_plant()
    with pytest.raises(CPInputError, match="already has a stream 'Water'"):
        plant.add_stream("Water", "outside", "Rinsing", "3 m**3/month", kind="water")
    with pytest.raises(CPInputError, match="already has a step 'Dyeing'"):
        plant.add_step("Dyeing")


@pytest.mark.parametrize("uncertainty, shown", [("0 %", "0 %"), ("-2 t/month", "-2 t/month")])
def test_a_zero_or_negative_uncertainty_is_refused(uncertainty, shown):
    plant = small_plant()
    with pytest.raises(CPInputError, match=f"Stream 'Salt' has a zero or negative uncertainty \\({shown}\\)") as err:
        plant.add_stream("Salt", "outside", "Dyeing", "5 t/month", kind="auxiliary", uncertainty=uncertainty)
    assert "positive standard deviation" in err.value.fix


def test_a_bare_number_without_unit_is_refused():
    with pytest.raises(CPInputError, match="bare number 5"):
        small_plant().add_stream("Salt", "outside", "Dyeing", 5, kind="auxiliary")


def test_an_unknown_kind_gets_a_suggestion():
    with pytest.raises(CPInputError, match="'wastewatr' is not a kind .* Did you mean 'wastewater'"):
        small_plant().add_stream("Drain 2", "Rinsing", "outside", "5 t/month", kind="wastewatr")


def test_an_unknown_stream_cannot_carry_a_quantity():
    with pytest.raises(CPInputError, match="status 'unknown' but a quantity"):
        small_plant().add_stream("Drain 2", "Rinsing", "outside", "5 t/month", kind="wastewater", status="unknown")


def test_fractions_of_a_composition_cannot_exceed_one():
    with pytest.raises(CPInputError, match="add up to 1.1"):
        small_plant().add_stream("Salt", "outside", "Dyeing", "5 t/month", kind="auxiliary",
                                 composition={"salt": 0.6, "water": "50 %"})


def test_a_plant_survives_yaml_tables_and_csv(tmp_path):
    plant = small_plant()
    plant.to_yaml(tmp_path / "plant.yaml")
    assert Plant.from_yaml(tmp_path / "plant.yaml") == plant
    assert Plant.from_tables(*plant.to_tables(), name="Mill", period="month") == plant
    plant.to_csv(tmp_path / "steps.csv", tmp_path / "streams.csv")
    assert Plant.from_csv(tmp_path / "steps.csv", tmp_path / "streams.csv", name="Mill") == plant


def test_the_streams_table_has_a_unit_column_a_spreadsheet_can_edit():
    _, streams = small_plant().to_tables()
    assert list(streams.columns[:8]) == ["Stream", "From", "To", "Kind", "Quantity", "Unit", "Status", "Uncertainty"]
    assert streams.loc[1, "Unit"] == "m**3/month"
    assert streams.loc[0, "Composition: fibre"] == 0.94


units = st.sampled_from(["t/month", "kg/month", "kg/d", "m**3/month", "L/d"])


@st.composite
def plants(draw):
    plant = Plant(draw(st.sampled_from(["Mill", "Song Da"])), period="month")
    n_steps = draw(st.integers(1, 4))
    for i in range(n_steps):
        plant.add_step(f"Step {i}", description=draw(st.sampled_from(["", "a step"])),
                       accumulation=draw(st.sampled_from([None, "2.5 t/month"])))
    ends = ["outside"] + [f"Step {i}" for i in range(n_steps)]
    for j in range(draw(st.integers(1, 8))):
        source = draw(st.sampled_from(ends))
        others = [e for e in ends if e != source]
        if not others:
            continue
        destination = draw(st.sampled_from(others))
        status = draw(st.sampled_from(["measured", "estimated", "unknown"]))
        unit = draw(units)
        quantity = None if status == "unknown" else Q_(draw(st.floats(0, 1e6, allow_nan=False)), unit)
        uncertainty = None
        if status != "unknown" and draw(st.booleans()):
            uncertainty = draw(st.sampled_from(["5 %", f"0.5 {unit}"]))
        composition = draw(st.sampled_from([None, {"water": 0.9, "salt": 0.05}, {"dye": "1.5 t/month"}]))
        kind = draw(st.sampled_from(["water", "raw material", "wastewater", "waste"]))
        plant.add_stream(f"S{j}", source, destination, quantity,
                         kind=kind if "outside" in (source, destination) else "internal",
                         status=status, uncertainty=uncertainty, composition=composition,
                         density="1 t/m**3" if "m**3" in unit or "L" in unit else None)
    return plant


@settings(max_examples=60, deadline=None)
@given(plants())
def test_any_plant_survives_a_save_and_load_unchanged(plant):
    assert Plant.from_yaml_text(plant.to_yaml()) == plant
    steps, streams = plant.to_tables()
    assert Plant.from_tables(steps, streams, name=plant.name, period=plant.period) == plant


@pytest.mark.parametrize("arguments, field", [
    ({"quantity": "-3 m**3/month"}, "quantity"),
    ({"quantity": "3 m**3/month", "uncertainty": "0 %"}, "uncertainty"),
    ({"kind": "wastewatr"}, "kind"),
    ({"destination": "Rinsng"}, "destination"),
    ({"quantity": "3 m**3/month", "density": "5 kg"}, "density"),
    ({"quantity": "3 m**3/month", "status": "guessed"}, "status"),
    ({"quantity": "3 t/month", "composition": {"salt": 2}}, "composition"),
])
def test_a_refused_stream_names_the_argument_it_is_about(arguments, field):
    plant = Plant("Mill")
    plant.add_step("Rinsing")
    given = {"source": "Rinsing", "destination": "outside", "kind": "wastewater", **arguments}
    with pytest.raises(CPInputError) as refused:
        plant.add_stream("Rinse water", given.pop("source"), given.pop("destination"), **given)
    assert refused.value.field == field


def test_a_refused_step_names_the_argument_it_is_about():
    plant = Plant("Mill")
    plant.add_step("Rinsing")
    with pytest.raises(CPInputError) as twice:
        plant.add_step("Rinsing")
    assert twice.value.field == "name"
    with pytest.raises(CPInputError) as stock:
        plant.add_step("Store", accumulation="5 kWh")
    assert stock.value.field == "accumulation"
