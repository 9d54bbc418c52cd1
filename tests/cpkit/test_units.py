"""Units and money in the course's one registry."""

import pint
import pytest

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
