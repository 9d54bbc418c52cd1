"""In a notebook, bad input shows as one short message, and the cell fails.

Run in a real kernel: the trainee sees "Input problem: ..." with the fix,
not a traceback, and not nothing; anything that runs the notebook (nbval,
the autograder) sees the cell fail.
"""

import nbformat
import pytest
from nbclient import NotebookClient

pytestmark = pytest.mark.slow


def run(*sources):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    NotebookClient(notebook, timeout=60, kernel_name="python3", allow_errors=True).execute()
    return notebook.cells


def test_a_refused_input_shows_its_message_and_fix_and_fails_the_cell():
    cells = run("import cpkit", "cpkit.units.quantity('-', 'Water', '12 m3')", "after = 1")
    errors = [o for o in cells[1].outputs if o.output_type == "error"]
    assert len(errors) == 1 and errors[0].ename == "CPInputError"
    shown = "\n".join(errors[0].traceback)
    assert "Input problem" in shown and "Water" in shown and "How to fix" in shown
    assert "Traceback" not in shown and "File " not in shown
    assert cells[2].outputs == []  # later cells still run when asked


def test_any_other_error_keeps_its_traceback():
    cells = run("import cpkit", "1 / 0")
    errors = [o for o in cells[1].outputs if o.output_type == "error"]
    assert errors and errors[0].ename == "ZeroDivisionError"
