"""Every hidden test of the course is judged outside the trainee's kernel.

The grading sandbox (cpkit.grading_sandbox) moves each check_number /
check_raises call of a test cell out of the kernel: the kernel only reports
the trainee's value, the trusted process compares it with the master's
expected value. A test cell it cannot split (a helper function, an
assignment, an assert calling the trainee's code among the hidden tests) is
run inside the kernel instead, where an answer cell could replace the
checks; the report then says "graded inside the kernel". No exercise of the
course may need that.

The common wrong answers a hidden test recognises (``slips``) and answers
that are names (text) are judged outside the kernel too: checked here on the
plan the sandbox makes of a test cell, without running a kernel.
"""

from pathlib import Path

import nbformat
import pytest

from cpkit import grading
from cpkit.grading_sandbox import judge, kernel_notebook, plan_test_cell

ROOT = Path(__file__).resolve().parents[2]
MASTERS = sorted(p.name for p in (ROOT / "solutions").iterdir() if (p / f"{p.name}.ipynb").is_file())


@pytest.mark.parametrize("name", MASTERS)
def test_no_test_cell_of_a_master_is_graded_inside_the_kernel(name):
    notebook = nbformat.read(ROOT / "solutions" / name / f"{name}.ipynb", as_version=4)
    kernel, plans = kernel_notebook(notebook)
    assert kernel.metadata["cpkit"]["graded_in_kernel"] == []
    tests = [c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade")
             and not c.metadata["nbgrader"].get("solution") and c.cell_type == "code"]
    assert len(plans) == len(tests) > 0


@pytest.mark.parametrize("name", MASTERS)
def test_no_expected_value_of_a_hidden_test_enters_the_kernel(name):
    notebook = nbformat.read(ROOT / "solutions" / name / f"{name}.ipynb", as_version=4)
    kernel, _ = kernel_notebook(notebook)
    code = "\n".join(c.source for c in kernel.cells)
    assert "BEGIN HIDDEN TESTS" not in code
    assert "check_number(" not in code.replace("import check_number", "")
    assert "slips=" not in code and "hint=" not in code


SALT_CELL = '''from cpkit.grading import check_number
assert salt_in is not None, "Store the salt of one batch in salt_in."
### BEGIN HIDDEN TESTS
check_number(salt_in, 256, "kg", name="salt_in", hint="Concentration times the volume of liquor.",
             slips=((32, "The salt dose is per litre of liquor, not per kg of fabric."),
                    (256_000, "Check the unit: the answer is asked in kg, not g.")))
### END HIDDEN TESTS
'''

STEP_CELL = '''from cpkit.grading import check_number
### BEGIN HIDDEN TESTS
check_number(top_step(scores, manager_weights), "Dyeing", name="top_step with the manager's weights",
             slips=(("Rinsing and soaping", "That is the top step with the team's weights."),))
### END HIDDEN TESTS
'''


def quantity(value, units):
    return {"kind": "quantity", "value": value, "units": units, "check": 0}


@pytest.mark.parametrize("record, passed, says", [
    (quantity(256.0, "kilogram"), True, "salt_in: right."),
    (quantity(0.256, "metric_ton"), True, "salt_in: right."),
    (quantity(32.0, "kilogram"), False, "salt_in is not right yet. The salt dose is per litre of liquor"),
    ({"kind": "number", "value": 256_000.0, "check": 0}, False, "the answer is asked in kg, not g"),
    (quantity(250.0, "kilogram"), False, "salt_in is not right yet. Concentration times the volume of liquor."),
])
def test_a_slip_of_a_hidden_test_is_recognised_outside_the_kernel(record, passed, says):
    kernel_source, checks = plan_test_cell(SALT_CELL, "q1-test")
    assert "256" not in kernel_source and "liquor" not in kernel_source.split("\n", 2)[2]
    ok, message = judge(checks[0], record)
    assert ok is passed
    assert says in message
    assert "256" not in message if not passed else True


@pytest.mark.parametrize("record, passed, says", [
    ({"kind": "text", "value": "Dyeing", "check": 0}, True, "right."),
    ({"kind": "text", "value": "Rinsing and soaping", "check": 0}, False, "team's weights"),
    ({"kind": "text", "value": "Finishing", "check": 0}, False, "is not right yet."),
    ({"kind": "number", "value": 2.0, "check": 0}, False, "should be a name"),
    ({"kind": "other", "type": "AlwaysEqual", "check": 0}, False, "should be a name"),
])
def test_an_answer_that_is_a_name_is_judged_outside_the_kernel(record, passed, says):
    kernel_source, checks = plan_test_cell(STEP_CELL, "q5-optional-test")
    assert "Dyeing" not in kernel_source
    ok, message = judge(checks[0], record)
    assert ok is passed
    assert says in message
    if not passed:
        assert "Dyeing" not in message


# -- check_number's slips and names, in the trusted process -------------------------------
def test_a_right_answer_passes_even_near_a_slip_listed_for_it():
    grading.check_number(100.1, 100, rel=0.01, slips=((100.0, "never shown"),))


def test_a_wrong_answer_far_from_every_slip_gets_the_general_hint():
    with pytest.raises(AssertionError, match=r"^x is not right yet\. General\.$"):
        grading.check_number(50, 100, name="x", hint="General.", slips=((10, "Slip."), (1000, "Unit.")))


def test_a_slip_is_recognised_within_two_per_mille_only():
    with pytest.raises(AssertionError, match="Slip."):
        grading.check_number(10.019, 100, name="x", hint="General.", slips=((10, "Slip."),))
    with pytest.raises(AssertionError, match="General."):
        grading.check_number(10.03, 100, name="x", hint="General.", slips=((10, "Slip."),))


def test_a_slip_is_read_in_the_expected_unit():
    from cpkit.units import Q_

    with pytest.raises(AssertionError, match="Per month, not per year."):
        grading.check_number(Q_(1200, "t/year"), 1200, "t/month", slips=((100, "Per month, not per year."),))


def test_a_name_must_be_exact_text_and_not_a_look_alike():
    grading.check_number(" Dyeing ", "Dyeing")

    class Sly(str):
        def __eq__(self, other):
            return True

    for answer in (Sly("x"), "dyeing", 1.0, None):
        with pytest.raises(AssertionError) as failure:
            grading.check_number(answer, "Dyeing", name="top_step")
        assert "Dyeing" not in str(failure.value)
