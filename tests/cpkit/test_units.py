"""Units and money in the course's one registry."""

import pint
import pytest

from cpkit.errors import CPInputError
from cpkit.units import Q_


def test_a_kilocalorie_is_the_international_table_one_used_by_boiler_guides():
    # International Table calorie: 1 cal_IT = 4.1868 J exactly (Fifth
    # International Conference on the Properties of Steam, London, 1956);
    # so 1 kWh = 3.6e6 J / 4186.8 J/kcal = 859.845 kcal.
    assert Q_(1, "kcal").to("J").magnitude == pytest.approx(4186.8)
    assert Q_(1, "kWh").to("kcal").magnitude == pytest.approx(859.845, abs=1e-3)
    assert Q_(1, "cal_th").to("J").magnitude == pytest.approx(4.184)


def test_money_in_two_currencies_cannot_be_added_without_an_exchange_rate():
    with pytest.raises(pint.DimensionalityError):
        Q_(100, "USD") + Q_(100, "VND")


def test_prices_times_quantities_give_money():
    # 9,500 VND/m3 x 120 m3 = 1,140,000 VND
    assert (Q_(9_500, "VND/m**3") * Q_(120, "m**3")).to("VND").magnitude == pytest.approx(1_140_000)


def test_a_gas_flow_in_normal_cubic_metres_survives_writing_and_reading_back():
    # Nm3 is written with its symbol, so a table written out can be read back.
    units = Q_(35.8, "MJ/Nm3").units
    for written in (str(units), f"{units:~}", f"{units:D}", f"{units:C}"):
        assert Q_(1, written) == Q_(1, "MJ/Nm3"), written


def test_cubic_metres_are_read_as_people_write_them():
    assert Q_("134 m3/t") == Q_(134, "m**3/t")
    assert Q_("42 m³") == Q_(42, "m**3")
    assert Q_("35.8 MJ/Nm³") == Q_(35.8, "MJ/Nm3")
    assert Q_("2 km2").to("m**2").magnitude == 2e6


def test_thousands_separators_are_read_as_thousands_not_multiplied():
    # pint alone reads "42 000" as 42 x 000 = 0 and "1 500.5" as 1 x 500.5
    assert Q_("42 000 m3") == Q_(42_000, "m**3")
    assert Q_("2 000 000 kg") == Q_(2_000_000, "kg")
    assert Q_("1 500.5 kg") == Q_(1_500.5, "kg")
    assert Q_("42,000 m3") == Q_(42_000, "m**3")


def test_a_decimal_comma_is_refused_rather_than_read_as_fifteen():
    # pint alone drops the comma: "1,5 m" would become 15 m.
    with pytest.raises(CPInputError, match=r"(?s)'1,5 m3' has a comma inside a number.*point \(1.5, not 1,5\)"):
        Q_("1,5 m3")


def test_the_one_quantity_reader_reads_strings_and_refuses_bare_numbers_naming_the_field():
    from cpkit.units import quantity

    assert quantity("5,5 USD/kg".replace(",", "."), "Price", "5.5 USD/kg") == Q_(5.5, "USD/kg")
    assert quantity(Q_(3, "t"), "Mass", "3 t") == Q_(3, "t")
    with pytest.raises(CPInputError, match="bare number 12") as bare:
        quantity(12, "Fresh water", "12 m**3/h", field="fresh_water")
    assert bare.value.field == "fresh_water"
    with pytest.raises(CPInputError, match="cannot read") as unreadable:
        quantity("twelve", "Fresh water", "12 m**3/h", field="fresh_water")
    assert unreadable.value.field == "fresh_water"
    with pytest.raises(CPInputError, match="comma inside a number") as comma:
        quantity("5,5 USD/kg", "Price", "5.5 USD/kg", field="price")
    assert comma.value.field == "price"
    with pytest.raises(CPInputError) as unnamed:
        quantity([1, 2], "Mass", "3 t")
    assert unnamed.value.field is None
