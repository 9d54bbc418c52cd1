"""The hidden tests of the module 3 and 4 exercises tell the right answer from the usual slips.

Each hidden test cell of a master in solutions/ is run here as the autograder runs it, once with
the right answer and once with each common wrong one (worked out by hand in the comments): gross
against net calorific value, per batch or per hour for per month, thousands of VND for VND, the
mean of monthly ratios for the year's figure, the wrong meter.
"""

import re
from pathlib import Path

import nbformat
import pytest

from cpkit.units import Q_

ROOT = Path(__file__).resolve().parents[2]
HIDDEN = re.compile(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", flags=re.S)


def hidden_test(exercise, grade_id):
    notebook = nbformat.read(ROOT / "solutions" / exercise / f"{exercise}.ipynb", as_version=4)
    for cell in notebook.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == grade_id:
            return "from cpkit.grading import check_number\n" + HIDDEN.search(cell.source).group(1)
    raise KeyError(grade_id)


CASES = [
    # exercise, test cell, variable, right answer, wrong answers (the slips)
    ("m3-control-figures", "q1-test", "electricity_per_t", Q_(1115.93, "kWh/t"),
     [1118.87,                      # mean of the twelve monthly figures
      334_992]),                    # the kWh of an average month (4,019,900 / 12), not per tonne
    ("m3-control-figures", "q2-test", "water_cost_per_t", Q_(134.138, "m**3/t") * Q_(14_500, "VND/m**3"),
     [1_945.0,                      # in thousands of VND
      1_945_000_000,                # a factor of a thousand too large
      Q_(40_267, "m**3") * Q_(14_500, "VND/m**3") / Q_(1, "t")]),  # a month's water, not a tonne's
    ("m3-control-figures", "q3-test", "water_per_batch", Q_(107.31, "m**3"),
     [40_267,                       # a month's water (483,205 m3 / 12)
      134.14]),                     # per tonne, not per batch of 0.8 t
    ("m3-control-figures", "q4-test", "february_above", 9.45, [0.0945, 109.45]),
    ("m3-faulty-meter", "q1-test", "closure", 8.5, [7.0]),              # 7.0 % of the inputs
    ("m3-faulty-meter", "q2-test", "chi_square", 11.40, [3.84]),        # the critical value
    ("m3-faulty-meter", "q4-test", "faulty_meter", "Drain, meter C",
     ["Water, meter A", "Drain, clamp-on meter B"]),
    ("m4-boiler-indirect", "q1-test", "excess_air", Q_(20.0, "percent"), [0.20, 16.7]),  # a fraction; O2/21
    ("m4-boiler-indirect", "q2-test", "efficiency", Q_(82.66, "percent"),
     [Q_(80.77, "percent")]),       # the net calorific value used as the gross one
    ("m4-boiler-indirect", "q4-test", "gas_saved", Q_(2330, "Nm3/month"),
     [3.73]),                       # per hour of operation, not per month (94.55 Nm3/h x 3.95 %)
    ("m4-waste-cost-and-baseline", "q1-test", "rinsing_true_cost", Q_(1_150_476_459, "VND/month"),
     [1_150.48,                     # in millions of VND
      13_805_717_509]),             # per year, as a plain number (a quantity in VND/year would be converted)
    ("m4-waste-cost-and-baseline", "q2-test", "slope", Q_(164.88, "Nm3/t"),
     [Q_(196.54, "Nm3/t")]),        # the year's gas over production, not the slope of the line
    ("m4-waste-cost-and-baseline", "q4-test", "saving", Q_(5408, "Nm3"),
     [Q_(5275, "Nm3"),              # against the year's average 196.5 Nm3/t instead of the line
      18.27]),                      # per tonne (5,408 / 296)
]


@pytest.mark.parametrize("exercise, grade_id, name, right, wrong", CASES,
                         ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_the_hidden_test_passes_the_right_answer_and_refuses_each_usual_slip(exercise, grade_id, name, right, wrong):
    source = hidden_test(exercise, grade_id)
    exec(source, {name: right})
    for answer in wrong:
        with pytest.raises(AssertionError):
            exec(source, {name: answer})
