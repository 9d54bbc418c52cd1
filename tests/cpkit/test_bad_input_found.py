"""Bad input found by the generated calls of test_bad_input_functions.py, each as a regular test.

What happened before the fix is written beside each: an internal exception, a NaN or infinity in the
result, or a refusal that named nothing. Each now gets a CPInputError naming the input (its ``field``).
"""

import math

import pandas as pd
import pytest

from cpkit import (balance, baseline, boiler, energy, finance, flowdiagram, funding, impacts, monitoring,
                   options, reconcile, report, selection, worksheet)
from cpkit.costing import CostData, pareto_chart
from cpkit.errors import CPInputError
from cpkit.flowsheet import Plant
from cpkit.units import Q_

COAL = {"carbon": 41.65, "hydrogen": 2.04, "nitrogen": 1.2, "oxygen": 9.0, "sulphur": 0.4, "moisture": 7.08,
        "ash": 38.63}


def refusal(call):
    with pytest.raises(CPInputError) as refused:
        call()
    assert refused.value.fix
    return refused.value


def rinsing():
    plant = Plant("Mill", period="month")
    plant.add_step("Rinsing")
    plant.add_stream("Water", "outside", "Rinsing", "2000 t/month", kind="water")
    plant.add_stream("Drain", "Rinsing", "outside", "2000 t/month", kind="wastewater")
    return plant


def test_a_balance_unit_that_is_not_a_unit_is_refused_naming_the_unit():
    # Before: pint's UndefinedUnitError, or AttributeError for a number ('int' object has no attribute 'check').
    assert refusal(lambda: balance.balance(rinsing(), unit="t/monht")).field == "unit"
    assert refusal(lambda: balance.balance(rinsing(), unit=5)).field == "unit"


def test_a_tolerance_of_none_is_refused_naming_the_tolerance():
    # Before: TypeError, float() argument must be a string or a real number, not 'NoneType'.
    assert refusal(lambda: balance.solve(rinsing(), tolerance=None)).field == "tolerance"


def test_an_energy_unit_of_the_wrong_kind_is_refused_naming_the_unit():
    # Before: DimensionalityError from pint.
    assert refusal(lambda: energy.energy_balance(rinsing(), unit="kcal/kg")).field == "unit"


@pytest.mark.parametrize("dryness", ["0.5 kg", [], "5 m3/h"])
def test_a_dryness_that_is_not_a_fraction_is_refused_naming_the_dryness(dryness):
    # Before: ValueError, TypeError or DimensionalityError.
    assert refusal(lambda: energy.steam_enthalpy("1 MPa", dryness=dryness)).field == "dryness"


def test_a_steam_temperature_beyond_the_tables_names_the_temperature():
    # Before: the refusal said "outside the steam tables" with no field.
    assert refusal(lambda: energy.steam_enthalpy("3 MPa", temperature="4400 degC")).field == "temperature"


@pytest.mark.parametrize("fuel_rate", [None, [], "1.8 m"])
def test_a_fuel_rate_that_is_not_a_rate_is_refused_naming_the_fuel_rate(fuel_rate):
    # Before: TypeError, float() argument must be ... not 'NoneType'.
    assert refusal(lambda: boiler.evaporation_ratio("8 t/h", fuel_rate)).field == "fuel_rate"


def test_a_flue_gas_temperature_in_metres_is_refused_not_a_dimensionality_error():
    error = refusal(lambda: boiler.indirect_efficiency(COAL, gcv=4000, flue_gas_o2=7, flue_gas_temperature="190 m",
                                                       ambient_temperature=30, humidity=0.025))
    assert error.field == "flue_gas_temperature" and "not a temperature" in error.problem


def test_an_ultimate_analysis_that_is_not_a_mapping_is_refused_naming_it():
    # Before: TypeError, unsupported operand type(s) for -: 'str' and 'set'.
    assert refusal(lambda: boiler.theoretical_co2("coal")).field == "ultimate_analysis"


def test_a_co2_reading_of_open_air_is_refused_instead_of_losses_of_1e300_percent():
    # Before: 1.3e-299 % CO2 gave excess air of about 1e304 % and losses "adding up" to a 300-digit number.
    assert refusal(lambda: boiler.excess_air_from_co2(1.3e-299, COAL)).field == "flue_gas_co2"
    assert boiler.excess_air_from_co2(13, COAL).magnitude == pytest.approx(49.7, abs=0.05)


def test_screening_weights_and_scores_that_are_not_numbers_are_refused_by_name():
    # Before: AttributeError ('str' object has no attribute 'items'), TypeError, DimensionalityError.
    scores = {"Fix leaks": {"cost": 5}}
    assert refusal(lambda: options.screen(scores, "cost")).field == "weights"
    assert refusal(lambda: options.screen(scores, {"cost": "3 kg"})).field == "weights"
    assert refusal(lambda: options.screen({"Fix leaks": {"cost": None}}, {"cost": 1})).field == "scores"
    assert refusal(lambda: options.screen(scores, {"cost": 1}, implement_now="70 kg")).field == "implement_now"


def test_an_option_whose_name_is_not_a_text_is_refused():
    # Before: a complex number was kept as the option's name.
    assert refusal(lambda: options.Option(3 + 1j, "good housekeeping")).field == "name"


def test_monitoring_readings_that_are_nan_or_negative_are_refused_by_name():
    # Before: cusum with a NaN reading raised LinAlgError (SVD did not converge); an infinite production gave
    # an infinite row in the table.
    production = Q_([100, 120, 90, math.nan, 130, 100], "t")
    steam = Q_([250, 290, 230, 270, 310, 250], "t_steam")
    assert refusal(lambda: monitoring.cusum(production, steam, 6)).field == "production"
    assert refusal(lambda: monitoring.specific_consumption(Q_([5, -1], "GJ"), Q_([1, 1], "t"))).field == \
        "consumption"


def test_a_baseline_of_text_is_refused_naming_the_baseline_periods():
    # Before: TypeError, '<=' not supported between instances of 'int' and 'str'.
    production = Q_([100, 120, 90, 110, 130, 100], "t")
    assert refusal(lambda: monitoring.cusum(production, production, "6")).field == "baseline_periods"


def test_an_action_plan_that_is_not_a_list_of_actions_is_refused():
    # Before: AttributeError, 'str' object has no attribute 'get'.
    assert refusal(lambda: monitoring.action_plan("repair the leaks")).field == "actions"
    assert refusal(lambda: monitoring.action_plan(["repair the leaks"])).field == "actions"


def test_a_target_without_a_unit_is_refused_naming_the_target():
    # Before: DimensionalityError, cannot convert from 'dimensionless' to 'gigajoule / metric_ton'.
    error = refusal(lambda: monitoring.specific_consumption(Q_([520], "GJ"), Q_([100], "t"), target=5))
    assert error.field == "target"


def test_a_baseline_table_cell_holding_text_or_infinity_is_refused_naming_its_column():
    # Before: text became NaN silently; a quantity in a cell gave TypeError; infinity gave infinite figures.
    table = pd.DataFrame({"Month": ["Jan", "Feb"], "Production (t)": [100.0, 120.0], "Water (m³)": [1500.0, 1700.0]})
    for bad in ("2,5", math.inf, Q_(5, "m**3")):
        spoilt = table.astype(object)
        spoilt.iat[1, 2] = bad
        assert refusal(lambda: baseline.control_figures(spoilt)).field == "Water (m³)"


def test_a_production_too_small_to_divide_by_is_refused_not_an_infinite_control_figure():
    error = refusal(lambda: baseline.control_figures(production=Q_([5e-324, 120], "t"), water=Q_([1, 2], "m**3")))
    assert error.field == "production"


def test_benchmark_items_that_are_not_names_are_refused_naming_the_items():
    # Before: TypeError, 'float' object is not iterable.
    figures = baseline.control_figures(production=Q_([100], "t"), water=Q_([1500], "m**3"))
    assert refusal(lambda: figures.compare("textiles", 4.5)).field == "items"


def test_criteria_given_as_one_text_are_refused_not_split_into_letters():
    # Before: priority_weights("cost") listed the letters, then said "A criterion is listed twice".
    assert refusal(lambda: selection.priority_weights("cost")).field == "criteria"


def test_cost_data_sections_of_the_wrong_kind_are_refused_naming_the_section():
    # Before: AttributeError, 'int' object has no attribute 'items'; TypeError for a basis of False.
    assert refusal(lambda: CostData(prices=5)).field == "assignments"
    assert refusal(lambda: CostData(waste_management=5)).field == "waste management"
    assert refusal(lambda: CostData(basis=False)).field == "basis"


def test_a_pareto_chart_of_something_else_than_a_true_cost_table_is_refused():
    # Before: AttributeError, 'str' object has no attribute 'columns'; TypeError for a complex line.
    assert refusal(lambda: pareto_chart("costs")).field == "table"
    table = pd.DataFrame({"Material loss": ["a"], "True cost (USD/month)": [5.0], "Cumulative (%)": [100.0]})
    assert refusal(lambda: pareto_chart(table, 1j)).field == "line"


@pytest.mark.parametrize("cashflows", [Q_(-5, "degC"), Q_(100, "USD")])
def test_a_single_quantity_is_not_taken_for_a_list_of_cash_flows(cashflows):
    # Before: TypeError, 'int' object is not iterable.
    assert refusal(lambda: finance.irr(cashflows)).field == "cash flows"


def test_per_year_refuses_an_infinite_or_listed_saving():
    # Before: per_year(inf) returned inf; per_year([nan]) returned the list.
    assert refusal(lambda: finance.per_year(math.inf)).field == "annual_saving"
    assert refusal(lambda: finance.per_year([math.nan])).field == "annual_saving"


def test_a_tornado_swing_or_investment_that_is_not_a_number_is_refused_by_name():
    # Before: TypeError, '<' not supported between 'int' and 'str'; can't multiply sequence by float.
    assert refusal(lambda: finance.tornado(20_000, 8_000, 5, 0.1, swing="20 kg")).field == "swing"
    assert refusal(lambda: finance.tornado("20000", 8_000, 5, 0.1)).field == "investment and saving"


def test_a_credit_line_share_that_is_not_a_fraction_is_refused_naming_it():
    # Before: TypeError or DimensionalityError.
    assert refusal(lambda: funding.GreenCreditLine(0.25, 0.2, object())).field == "guarantee share"
    assert refusal(lambda: funding.GreenCreditLine(0.25, Q_(1, "m**3"), 0.5)).field == "required benefit"


def test_a_bankable_proposal_over_1e16_years_is_refused_instead_of_filling_the_memory():
    # Before: MemoryError (a list of 1.4e16 cash flows); IndexError for a lifetime of False.
    args = dict(project="Rinsing", investment=60_000, own_funds=10_000, annual_net_saving=20_000,
                discount_rate=0.1, loan_rate=0.08, loan_years=4)
    assert refusal(lambda: funding.bankable_proposal(lifetime=1.4e16, **args)).field == "lifetime"
    assert refusal(lambda: funding.bankable_proposal(lifetime=False, **args)).field == "lifetime"


def test_reductions_of_something_else_than_mappings_are_refused_by_name():
    # Before: ValueError, dictionary update sequence element #0 has length 1.
    assert refusal(lambda: impacts.reductions("42000 m3", {"Water": "1 m3"})).field == "before"


def test_a_gwp_set_given_as_a_list_is_refused_naming_the_gwp():
    # Before: TypeError, unhashable type: 'list'.
    assert refusal(lambda: impacts.fuel_emissions("Residual Fuel Oil", "1 t", gwp=["AR5"])).field == "gwp"


def test_a_report_blank_section_of_text_or_infinite_lines_is_refused_naming_the_lines():
    # Before: ValueError (invalid literal for int()), OverflowError (cannot convert float infinity).
    page = report.Report("Pre-assessment report", "Mill")
    assert refusal(lambda: page.blank("Findings?", lines="six")).field == "lines"
    assert refusal(lambda: page.blank("Findings?", lines=-math.inf)).field == "lines"


def test_reconcile_checks_alpha_and_the_shape_of_its_extra_relations():
    # Before: TypeError for alpha='0.05 kg'; AttributeError for a text instead of a mapping; IndexError
    # for a transfer coefficient given as a list of one.
    plant = Plant("Screen", period="h")
    plant.add_step("Screen")
    plant.add_stream("Feed", "outside", "Screen", "100 kg/h", kind="raw material", uncertainty="10 kg/h")
    plant.add_stream("Accepts", "Screen", "outside", "75 kg/h", kind="product", uncertainty="5 kg/h")
    plant.add_stream("Rejects", "Screen", "outside", kind="waste")
    assert refusal(lambda: reconcile.reconcile(plant, alpha="0.05 kg")).field == "alpha"
    assert refusal(lambda: reconcile.reconcile(plant, transfer_coefficients="30 %")).field == \
        "transfer_coefficients"
    # a list of one is a value taken as exact: rejects are 30 % of the reconciled feed
    flows = reconcile.reconcile(plant, transfer_coefficients={"Rejects": ["30 %"]}).table.set_index("Stream")
    assert flows.loc["Rejects", "Reconciled (kg/h)"] == pytest.approx(0.3 * flows.loc["Feed", "Reconciled (kg/h)"])


def test_a_transfer_coefficient_known_to_a_denormal_uncertainty_is_refused_not_given_a_nan_chi_square():
    # Before: an uncertainty of 5e-324 gave a weight of infinity and a chi-square of NaN.
    plant = Plant("Screen", period="h")
    plant.add_step("Screen")
    plant.add_stream("Feed", "outside", "Screen", "100 kg/h", kind="raw material", uncertainty="10 kg/h")
    plant.add_stream("Accepts", "Screen", "outside", "75 kg/h", kind="product", uncertainty="5 kg/h")
    plant.add_stream("Rejects", "Screen", "outside", "20 kg/h", kind="waste", uncertainty="2 kg/h")
    problem = refusal(lambda: reconcile.reconcile(plant, transfer_coefficients={"Rejects": ("30 %", 5e-324)}))
    assert problem.field == "transfer_coefficients" and "too small to weigh" in problem.problem


def test_without_redundancy_reconcile_gives_no_critical_value_rather_than_nan():
    # Before: critical_value and p_value were NaN.
    plant = Plant("Screen", period="h")
    plant.add_step("Screen")
    plant.add_stream("Feed", "outside", "Screen", "100 kg/h", kind="raw material", uncertainty="10 kg/h")
    plant.add_stream("Rejects", "Screen", "outside", kind="waste")
    result = reconcile.reconcile(plant)
    assert result.degrees_of_freedom == 0 and result.critical_value is None and result.p_value is None
    assert result.passed and "No redundancy" in result.summary()


def test_flow_diagram_options_of_the_wrong_kind_are_refused_by_name():
    # Before: TypeError ('float' object is not iterable), ValueError from matplotlib (figure size must be
    # positive finite), or a renderer error for a width of 1e15 inches.
    for bad in [{"width": -math.inf}, {"width": 1e15}, {"width": "wide"}, {"utility_steps": True},
                {"kinds": 5e-324}]:
        assert refusal(lambda: flowdiagram.flow_diagram(rinsing(), **bad)).field == next(iter(bad))


def test_a_plant_table_cell_that_is_not_a_number_is_refused_naming_the_column():
    # Before: TypeError, float() argument must be a string or a real number, not 'list'.
    steps, streams = rinsing().to_tables()
    streams = streams.astype(object)
    streams.loc[0, "Quantity"] = []
    assert refusal(lambda: Plant.from_tables(steps, streams)).field == "Quantity"
    assert refusal(lambda: Plant.from_tables("steps", streams)).field == "steps"


def test_a_worksheet_without_a_table_and_a_header_without_steps_are_refused(tmp_path):
    # Before: pandas' EmptyDataError, "No columns to parse from file".
    path = tmp_path / "sheet.csv"
    path.write_text("# Plant: Mill\n# Period: month\n# Step: Rinsing\n", encoding="utf-8")
    assert refusal(lambda: worksheet.read(path)).field == "streams"
    path.write_text("# Plant: Mill\nStream,From,To\n", encoding="utf-8")
    assert refusal(lambda: worksheet.read(path)).field == "steps"


def test_a_worksheet_row_with_a_misspelt_step_names_the_column():
    sheet = pd.DataFrame({"Stream": ["Water"], "From": ["outside"], "To": ["Rinsng"], "Kind": ["water"],
                          "Quantity": [12700], "Unit": ["m3/month"], "Status": ["measured"]})
    assert refusal(lambda: worksheet.to_plant(sheet, steps=["Rinsing"])).field == "To"
    assert refusal(lambda: worksheet.to_plant(sheet, steps=42)).field == "steps"


def test_an_energy_balance_step_with_nothing_in_and_out_closes_at_zero_percent():
    # Before: NaN in "Closure (%)" for a step that no energy stream touches.
    plant = Plant("Boiler", period="month")
    plant.add_step("Boiler house")
    plant.add_step("Store")
    plant.add_stream("Gas", "outside", "Boiler house", "59000 Nm3/month", kind="energy",
                     specific_energy="35.8 MJ/Nm3")
    plant.add_stream("Steam", "Boiler house", "outside", "670 t/month", kind="product", specific_energy="2.773 MJ/kg")
    table = energy.energy_balance(plant, unit="GJ/month").set_index("Step")
    assert table.loc["Store", "Closure (%)"] == 0.0


def test_steps_written_as_a_temperature_are_refused_not_an_ambiguous_truth_value():
    # Before: ValueError from pint, "Boolean value of PlainQuantity with offset unit is ambiguous".
    error = refusal(lambda: Plant.from_dict({"plant": "Mill", "steps": Q_(5, "degC")}))
    assert error.field == "steps" and "must be a list" in error.problem
    assert Plant.from_dict({"plant": "Mill", "steps": None}).steps == []
