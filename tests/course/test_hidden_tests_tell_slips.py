"""The hidden tests tell a right answer from the usual slips.

Each case below replaces one answer of an exercise master by a common wrong
answer (a saving per month where a year is asked, a payback upside down,
the printed figure copied instead of computed...) and runs that question's
test cell, hidden tests included, in this process: it must fail, with a
hint and without the expected value; the master's own answer must pass.
Where a hidden test names a slip (``check_number(..., slips=...)``), the
hint must be that slip's own: it says what to check for that mistake.
"""

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
MARKERS = re.compile(r"^\s*### (BEGIN|END) (SOLUTION|HIDDEN TESTS)\s*$\n?", flags=re.M)

SLIPS = [
    ("m5-financial-feasibility", "q1", 'annual_saving = condensate["net_saving_VND_per_month"]'),
    ("m5-financial-feasibility", "q2", 'payback = annual_saving / condensate["investment_VND"]'),
    ("m5-financial-feasibility", "q3", 'flows = finance.option_cashflows(condensate["investment_VND"], annual_saving, 10)\n'
                                       'npv = finance.npv("10 %", flows)'),
    ("m5-environmental-aspects", "q2", 'co2_avoided = impacts.fuel_emissions("natural gas", Q_(5000, "Nm3/year"), '
                                       'calorific_value=GAS_NCV).co2'),
    ("m6-monitoring-cusum", "q2", 'gas_saved = Q_(12 * before["Natural gas (Nm³)"].mean() - after["natural_gas_Nm3"].sum(), "Nm3")'),
    ("m7-case-studies", "q3", 'vietnam_per_company = figure["vietnam-15", "annual cost reduction per company"]'),
    ("m7-loan-and-coverage", "q1", 'loan = investment\nschedule = funding.loan_schedule(loan, LOAN_RATE, LOAN_YEARS)\n'
                                   'payment = schedule["Payment"].iloc[0]'),
    ("m7-loan-and-coverage", "q4", 'grant = line.grant_share * investment'),
    ("test1-balances-cost-feasibility", "q3", 'overflow_cost = 400 * 12 * prices.loc["water", "price"]'),
    ("test2-options-monitoring-funding", "q4", 'coverage = (4200 * 21000) / payment'),
]


def cells(name):
    notebook = nbformat.read(ROOT / "solutions" / name / f"{name}.ipynb", as_version=4)
    return [(c.metadata.get("nbgrader", {}).get("grade_id", ""), MARKERS.sub("", c.source))
            for c in notebook.cells if c.cell_type == "code"]


def run_until(name, question, replacement=None):
    """Run the master's code up to ``question``'s test cell, its answer replaced if asked."""
    namespace = {}
    for grade_id, source in cells(name):
        if grade_id.endswith("-test") and not grade_id.startswith(question + "-"):
            continue                                     # other questions' tests are not needed
        if grade_id == f"{question}-answer" and replacement is not None:
            source = replacement
        exec(compile(source, f"{name}:{grade_id}", "exec"), namespace)
        if grade_id == f"{question}-test":
            return


# (exercise, question, wrong answer, what the slip's own hint says)
HINTED_SLIPS = [
    ("m1-chemicals-balance", "q1", 'salt_in = (salt_concentration * fabric * Q_(1, "L/kg")).to("kg")',
     "per litre of liquor, not per kg of fabric"),
    ("m1-chemicals-balance", "q1", 'salt_in = (salt_concentration * liquor).to("g").magnitude',
     "asked in kg, not g"),
    ("m1-chemicals-balance", "q2", 'salt_to_dyeing_drain = salt_in + (salt_concentration * carried_out).to("kg")',
     "subtract it, do not add it"),
    ("m1-chemicals-balance", "q3", "unfixed_dye = dye * fixed_share", "what share is not?"),
    ("m1-steam-condensate", "q1", "latent = cpkit.energy.steam_enthalpy(steam_pressure)", "whole enthalpy"),
    ("m1-steam-condensate", "q2", "heat_per_kg = cpkit.energy.latent_heat(steam_pressure)",
     "also heat the water to boiling"),
    ("m1-steam-condensate", "q5", 'gas = mill.stream("Natural gas")\nshare_of_gas = (heat_lost / '
     'cpkit.energy.fuel_energy(gas.quantity, gas.specific_energy)).to("").magnitude', "not a fraction"),
    ("m2-focus-area", "q2", 'dyeing_score = 100 * scores.loc["Dyeing"].mean() / 5', "a plain average ignores the weights"),
    ("m2-focus-area", "q3", 'rinsing_rank = team.loc["Rinsing and soaping", "Rank"]', "use the manager's"),
    ("m2-plant-from-worksheet", "q1", "bad_row = 4", "row 1 holds the column headers"),
    ("m2-plant-from-worksheet", "q3", 'vapour = plant.stream("Rinsed fabric").quantity - '
     'plant.stream("Finished fabric").quantity', "receives the softened fabric"),
]


@pytest.mark.parametrize("name, question, slip, hint", HINTED_SLIPS,
                         ids=[f"{s[0]}:{s[1]}:{i}" for i, s in enumerate(HINTED_SLIPS)])
def test_a_named_slip_gets_its_own_hint(name, question, slip, hint):
    with pytest.raises(AssertionError) as failure:
        run_until(name, question, slip)
    assert "not right yet" in str(failure.value)
    assert hint in str(failure.value)


@pytest.mark.parametrize("name, question", sorted({s[:2] for s in HINTED_SLIPS}), ids=lambda v: str(v))
def test_the_masters_answer_passes_the_hidden_test_that_names_slips(name, question):
    run_until(name, question)


@pytest.mark.parametrize("name, question, slip", SLIPS, ids=[f"{s[0]}:{s[1]}" for s in SLIPS])
def test_the_usual_slip_fails_its_hidden_test_with_a_hint(name, question, slip):
    with pytest.raises(AssertionError) as failure:
        run_until(name, question, slip)
    assert "not right yet" in str(failure.value)


@pytest.mark.parametrize("name, question", sorted({s[:2] for s in SLIPS}), ids=lambda v: str(v))
def test_the_masters_answer_passes_the_same_hidden_test(name, question):
    run_until(name, question)
