"""Bad input to finance, funding and energy: refused by name, never an internal error or a runaway.

Each test is one of the examples found by trying cpkit with bad input
systematically (the issue "Nothing bad gets through, nothing typed is
lost"); what happened before is written beside it. The reader's own
examples (decimal commas, leading zeros, 'ton', NaN text, 'Kg', empty text)
are in test_bad_input_reader.py.
"""

import math

import pytest

from cpkit import energy, finance, funding
from cpkit.errors import CPInputError


def refusal(call):
    with pytest.raises(CPInputError) as refused:
        call()
    return refused.value


def test_npv_without_a_rate_names_the_discount_rate():
    # Before: TypeError, float() argument must be a string or a real number, not 'NoneType'.
    error = refusal(lambda: finance.npv(None, [-100, 50, 60]))
    assert "discount rate None" in error.problem and error.field == "discount rate"


@pytest.mark.parametrize("cashflows", [None, 5, "1000", {"year 0": -100}])
def test_cash_flows_that_are_not_a_list_are_refused_by_name(cashflows):
    error = refusal(lambda: finance.npv(0.1, cashflows))
    assert "cash flows must be a list" in error.problem and error.field == "cash flows"


def test_irr_of_cash_flows_holding_nan_is_refused_not_a_linear_algebra_error():
    # Before: LinAlgError, Array must not contain infs or NaNs.
    error = refusal(lambda: finance.irr([math.nan, 500]))
    assert "cash flows hold nan" in error.problem


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf, None, "500", True])
def test_npv_refuses_cash_flows_that_are_not_amounts_instead_of_returning_nan(bad):
    # Before: npv(0.1, [-100, nan]) returned nan, carried on into comparisons as if a number.
    assert "not an amount of money" in refusal(lambda: finance.npv(0.1, [-100, bad])).problem


def test_a_discounted_payback_of_no_cash_flows_is_refused_not_an_index_error():
    # Before: IndexError, list index out of range.
    assert refusal(lambda: finance.discounted_payback(0.1, [])).problem == "The cash flows are empty."


def test_a_loan_over_1e300_years_is_refused_at_once_instead_of_never_returning():
    # Before: loan_schedule(100000, 0.10, 1e300) built a table of 1e300 rows, never returning.
    error = refusal(lambda: funding.loan_schedule(100_000, 0.10, 1e300))
    assert "loan term" in error.problem and error.field == "years" and "1 to 100" in error.fix
    assert len(funding.loan_schedule(100_000, 0.10, 30)) == 30


@pytest.mark.parametrize("years", [math.nan, None, "5", 2.5, 0])
def test_a_loan_term_that_is_not_whole_years_is_refused(years):
    assert refusal(lambda: funding.loan_schedule(100_000, 0.10, years)).field == "years"


def test_after_tax_cash_flows_over_1e300_years_are_refused_instead_of_filling_the_memory():
    # Before: after_tax_cashflows(..., 1e300, ...) grew a list until memory ran out.
    error = refusal(lambda: finance.after_tax_cashflows(20_000, 8_000, 1e300, 0.2))
    assert "lifetime of 1e+300 years" in error.problem and error.field == "lifetime"


@pytest.mark.parametrize("lifetime", [math.nan, math.inf, None, "ten"])
def test_a_lifetime_that_is_not_a_number_is_refused_by_name(lifetime):
    assert refusal(lambda: finance.option_cashflows(20_000, 8_000, lifetime)).field == "lifetime"


def test_sensible_heat_checks_that_the_mass_is_a_mass():
    # Before: sensible_heat("5 m", ...) returned 209.5 m·kJ/kg, a length times a specific energy.
    error = refusal(lambda: energy.sensible_heat("5 m", "4.19 kJ/(kg*K)", "10 K"))
    assert "Mass: 5 m is not a mass" in error.problem and error.field == "mass"
    # 10 t/month x 4.186 kJ/(kg K) x 50 K = 2,093,000 kJ/month: a mass flow is still read.
    assert energy.sensible_heat("10 t/month", "4.186 kJ/(kg*K)", "50 K").to("kJ/month").magnitude == \
        pytest.approx(2_093_000)


def test_a_specific_heat_in_the_wrong_unit_is_named_in_words_not_in_garbled_brackets():
    # Before: "Specific heat: 4.19 kJ/kg is not a energy] / [mass] / [temperature."
    error = refusal(lambda: energy.sensible_heat("5 kg", "4.19 kJ/kg", "10 K"))
    assert error.problem == "Specific heat: 4.19 kJ/kg is not an energy per mass per temperature."
    assert error.field == "specific_heat"


def test_a_negative_mass_or_specific_heat_is_refused():
    assert refusal(lambda: energy.sensible_heat("-5 kg", "4.19 kJ/(kg*K)", "10 K")).field == "mass"
    assert refusal(lambda: energy.sensible_heat("5 kg", "-4.19 kJ/(kg*K)", "10 K")).field == "specific_heat"


# -- impossible results and garbled readings (boiler) -----------------------------------------

def test_excess_air_from_o2_written_as_text_is_read_as_a_percentage_not_1000_percent():
    # Before: excess_air('10') read "10" as 10 x 100 % and refused "Flue gas O2 of 1000 %".
    # BEE guide formula: excess air = O2 / (21 - O2) x 100 = 10 / 11 x 100 = 90.9 %.
    from cpkit import boiler

    assert boiler.excess_air("10").magnitude == pytest.approx(90.909, abs=1e-3)
    assert boiler.excess_air("10 %") == boiler.excess_air(10)


def test_a_fuel_of_pure_oxygen_is_refused_not_given_a_negative_theoretical_air():
    # Before: theoretical_air({"oxygen": 100}) returned -4.35 kg of air per kg of fuel.
    from cpkit import boiler

    error = refusal(lambda: boiler.theoretical_air({"oxygen": 100}))
    assert "more oxygen than its carbon, hydrogen and sulphur can use" in error.problem
    assert error.field == "ultimate_analysis"


def test_a_negative_wind_speed_is_refused_not_given_a_complex_heat_loss():
    # Before: surface_heat_loss(80, 30, "-2 m/s") returned (409 + 565j) W/m2.
    from cpkit import boiler

    assert refusal(lambda: boiler.surface_heat_loss("80 degC", "30 degC", "-2 m/s")).field == "wind_speed"


def test_a_negative_steam_flow_is_refused_not_given_a_negative_boiler_efficiency():
    # Before: the direct method returned a negative efficiency (-80 % in the example).
    from cpkit import boiler

    error = refusal(lambda: boiler.direct_efficiency(steam_flow="-1000 kg/h", steam_pressure="10 bar",
                                                     feedwater_temperature=80, fuel_rate="100 kg/h", gcv="40 MJ/kg"))
    assert error.field == "steam_flow" and "not above zero" in error.problem


# -- NaN carried into benchmark comparisons and screening --------------------------------------

def test_a_month_without_production_is_refused_before_any_benchmark_comparison():
    import cpkit
    from cpkit import baseline

    table = cpkit.cases.baseline_measurements()
    table.iloc[0, 1] = math.nan
    assert "Production is missing for 2024-01" in refusal(lambda: baseline.control_figures(table)).problem


def test_a_nan_score_is_refused_by_the_screening():
    from cpkit import options

    criteria = ["technical", "economic", "environmental", "ease of implementation"]
    scores = {"A": {c: (math.nan if c == "technical" else 5) for c in criteria}}
    error = refusal(lambda: options.screen(scores, {c: 1 for c in criteria}))
    assert "the score for 'technical' is nan" in error.problem and error.field == "scores"


# --- Plant files that YAML would read wrongly ----------------------------------------------------------------

PLANT_WITH_A_KEY_TWICE = """
plant: Mill
period: month
steps: [Rinsing]
streams:
  - name: Water
    source: outside
    destination: Rinsing
    quantity: 30 t/month
    quantity: 300 t/month
"""


def test_a_plant_file_with_a_key_written_twice_is_refused_with_both_lines():
    from cpkit.flowsheet import Plant

    with pytest.raises(CPInputError, match=r"'quantity' is written twice.*lines 9 and 10") as refused:
        Plant.from_yaml_text(PLANT_WITH_A_KEY_TWICE)
    assert refused.value.field == "quantity"


def test_streams_written_as_a_mapping_are_refused_with_how_to_write_them():
    from cpkit.flowsheet import Plant

    text = "plant: Mill\nsteps: [Rinsing]\nstreams:\n  Water:\n    source: outside\n    destination: Rinsing\n"
    with pytest.raises(CPInputError, match=r"'streams:' must be a list.*not a dict") as refused:
        Plant.from_yaml_text(text)
    assert refused.value.field == "streams"


def test_a_stream_entry_that_is_only_a_name_is_refused():
    from cpkit.flowsheet import Plant

    with pytest.raises(CPInputError, match=r"Entry 1 of 'streams:'.*not an entry with named fields"):
        Plant.from_yaml_text("plant: Mill\nsteps: [Rinsing]\nstreams:\n  - Water\n")


def test_a_waste_management_charge_with_a_decimal_comma_is_refused_not_read_as_ten_times_more():
    # "2,5 USD/month" was read as 25 USD/month; "2,500" is a thousands separator and stays 2,500.
    from cpkit import cases
    from cpkit.costing import CostData

    base = cases.cost_data()

    def charge(text):
        return CostData(prices=base.prices, waste_management={"Sludge": [text]}, system=base.system,
                        energy=base.energy).waste_management["Sludge"][0]

    with pytest.raises(CPInputError, match=r"Waste-management cost of 'Sludge': '2,5 USD/month' has a comma"):
        charge("2,5 USD/month")
    assert charge("2,500 USD/month").magnitude == 2500
    assert charge("landfill") == "landfill"
