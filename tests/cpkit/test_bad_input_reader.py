"""The one reader of quantities and money refuses what it cannot read for sure.

Each test below is one of the misreadings found by trying cpkit with bad
input systematically (the issue "Nothing bad gets through, nothing typed is
lost"): what pint alone made of the text is written beside it. The reader,
:func:`cpkit.units.quantity`, and the registry's ``Q_`` now refuse it with a
:class:`~cpkit.errors.CPInputError` that says what is wrong, names the input
and says how to write it.
"""

import math

import pytest
import yaml

import cpkit
from cpkit import costing
from cpkit.errors import CPInputError
from cpkit.flowsheet import Plant
from cpkit.units import Q_, closest_unit, quantity

RUNNING_CASE = cpkit.cases.running_case


def refusal(call):
    with pytest.raises(CPInputError) as refused:
        call()
    return refused.value


# -- numbers misread -----------------------------------------------------------

def test_a_decimal_comma_in_a_waste_management_charge_is_refused_not_read_as_25():
    # pint alone read "2,5 USD/month" as 25 USD/month.
    costs = cpkit.cases.cost_data()
    costs.waste_management["Sludge"] = ["2,5 VND/month"]
    plant = cpkit.balance.solve(RUNNING_CASE())
    error = refusal(lambda: costing.mfca(plant, cpkit.cases.prices(), costs))
    assert "'2,5 VND/month'" in error.problem  # refused, not charged as 25 VND/month
    written = refusal(lambda: quantity("2,5 USD/month", "Waste management of 'Sludge'", "2.5 USD/month"))
    assert "'2,5 USD/month' has a comma inside a number" in written.problem
    assert "1.5, not 1,5" in written.fix


@pytest.mark.parametrize("written", ["0,125 kg", "01 kg"])
def test_a_leading_zero_or_a_decimal_comma_after_zero_is_refused_not_read_as_0_kg(written):
    # pint alone read both as 0 kg.
    error = refusal(lambda: Q_(written))
    assert f"'{written}'" in error.problem
    assert "comma inside a number" in error.problem or "starting with 0" in error.problem


def test_two_numbers_with_a_space_between_are_refused_not_multiplied():
    # pint alone read "1 5 kg" as 1 x 5 = 5 kg.
    error = refusal(lambda: Q_("1 5 kg"))
    assert "second number (5)" in error.problem


def test_thousands_grouped_by_spaces_or_commas_are_still_read():
    # 42 000 = 42,000 = 42000; 1 234 567.5 has three groups.
    assert Q_("42 000 m3") == Q_("42,000 m3") == Q_(42_000, "m**3")
    assert Q_("1 234 567.5 kg").magnitude == 1_234_567.5


def test_ton_is_refused_as_ambiguous_with_the_two_units_it_could_mean():
    # pint alone took "5 ton" for the US short ton, 5 x 907.18474 kg = 4,536 kg.
    error = refusal(lambda: Q_("5 ton"))
    assert "'ton', which is ambiguous" in error.problem
    assert "'t'" in error.fix and "'short_ton'" in error.fix
    assert Q_("5 t").to("kg").magnitude == 5000
    assert Q_("5 short_ton").to("kg").magnitude == pytest.approx(5 * 907.18474)


def test_a_plant_file_in_tons_is_refused_instead_of_loading_27_tonnes(tmp_path):
    # pint alone loaded "30 ton/month" as 30 x 0.90718474 = 27.22 t/month.
    data = RUNNING_CASE().to_dict()
    data["streams"][0]["quantity"] = "30 ton/month"
    path = tmp_path / "plant.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    error = refusal(lambda: Plant.from_yaml(path))
    assert "ton" in error.problem and "ambiguous" in error.problem
    assert data["streams"][0]["name"] in error.problem


# -- not a number ----------------------------------------------------------------

@pytest.mark.parametrize("written", ["nan kg", "NaN t/month", "inf kWh", "-inf USD", "Infinity m3"])
def test_nan_and_infinity_are_refused_as_text(written):
    assert "not a number" in refusal(lambda: Q_(written)).problem


@pytest.mark.parametrize("magnitude", [math.nan, math.inf, -math.inf, 1j])
def test_the_reader_refuses_a_quantity_that_is_not_a_real_finite_number_naming_it(magnitude):
    error = refusal(lambda: quantity(Q_(magnitude, "kg"), "Dye per batch", "12 kg", field="dye"))
    assert error.problem.startswith("Dye per batch is") and "real, finite number" in error.problem
    assert error.field == "dye"


def test_a_stream_of_nan_tonnes_is_refused_by_the_plant_not_carried_into_the_balance():
    steps, streams = RUNNING_CASE().to_tables()
    streams.loc[0, "Quantity"] = math.inf
    error = refusal(lambda: Plant.from_tables(steps, streams, name="Mill", period="month"))
    assert streams.loc[0, "Stream"] in error.problem


# -- text that is no quantity ------------------------------------------------------

def test_empty_text_is_refused_with_how_to_write_a_quantity():
    # pint alone raised ValueError: "Expression to parse as PlainQuantity cannot be an empty string".
    assert "empty" in refusal(lambda: Q_("")).problem
    error = refusal(lambda: quantity("  ", "Water to dyeing", "12,700 m3/month", field="water"))
    assert error.problem == "Water to dyeing is empty." and error.field == "water"


def test_a_unit_with_a_capital_slip_is_refused_with_the_unit_meant():
    # pint alone raised UndefinedUnitError: 'Kg' is not defined in the unit registry.
    error = refusal(lambda: Q_("5 Kg"))
    assert "did you mean 'kg'?" in error.problem and error.fix == "Write 'kg'."
    assert "did you mean 'kWh'?" in refusal(lambda: Q_("5 Kwh")).problem


def test_a_misspelt_unit_is_refused_with_the_closest_unit_in_its_place():
    error = refusal(lambda: Q_("12 m3/monht"))
    assert "'monht' is not a unit. Did you mean '12 m3/month'?" in error.problem
    assert closest_unit("kilogramm") == "kilogram"


def test_the_reader_names_the_input_it_was_reading_in_every_refusal():
    for written in ("2,5 USD/month", "01 kg", "1 5 kg", "5 ton", "nan kg", "5 Kg", "12 m3/monht", "", "twelve"):
        error = refusal(lambda: quantity(written, "Sludge disposal charge", "2.5 USD/month", field="sludge"))
        assert error.problem.startswith("Sludge disposal charge"), (written, error.problem)
        assert error.field == "sludge"
        assert error.fix, written


@pytest.mark.parametrize("value", [None, [1, 2], {"kg": 5}, object(), True, 12, 1.5])
def test_anything_but_a_quantity_or_text_is_refused_by_name(value):
    error = refusal(lambda: quantity(value, "Fuel fired", "2648 kg/h", field="fuel"))
    assert error.problem.startswith("Fuel fired") and error.field == "fuel"


def test_money_is_read_by_the_same_reader_with_its_currency():
    assert quantity("9,500 VND/m3", "Water price", "9500 VND/m3") == Q_(9500, "VND/m**3")
    assert "comma inside a number" in refusal(lambda: quantity("9,5 USD/m3", "Water price", "9.5 USD/m3")).problem
