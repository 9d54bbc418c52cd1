"""The graded exercises and performance tests of modules 5 to 7, graded end to end.

For each one, three submissions built from the committed student version go
through `cp-trainer collect` and `autograde`: the master's answers (full
autograded marks), the blank student version (zero), and the student
version with only its first answer filled in (some marks, not all). A
performance test must also hold manually graded written answers.
"""

import csv
import re
import zipfile
from pathlib import Path

import nbformat
import pytest

from cpkit.trainer import main

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
NAMES = sorted(p.name for p in (ROOT / "solutions").iterdir()
               if re.match(r"(m[567]-|test[12]-)", p.name) and not re.match(r"m[567]-bat-", p.name))


def answer_cells(notebook):
    return [c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("solution") and c.cell_type == "code"]


def submissions(name):
    master = nbformat.read(ROOT / "solutions" / name / f"{name}.ipynb", as_version=4)
    solved = {c.metadata["nbgrader"]["grade_id"]: re.sub(r"^\s*### (BEGIN|END) SOLUTION\n?", "", c.source, flags=re.M)
              for c in answer_cells(master)}
    first = answer_cells(master)[0].metadata["nbgrader"]["grade_id"]
    student = ROOT / "exercises" / name / f"{name}.ipynb"

    def filled(ids):
        notebook = nbformat.read(student, as_version=4)
        for cell in answer_cells(notebook):
            grade_id = cell.metadata["nbgrader"]["grade_id"]
            if grade_id in ids:
                cell.source = solved[grade_id]
        return notebook

    return {"full": filled(set(solved)), "blank": filled(set()), "first": filled({first})}


@pytest.fixture(scope="module", params=NAMES)
def graded(request, tmp_path_factory):
    name = request.param
    work = tmp_path_factory.mktemp(name)
    inbox = work / "inbox"
    inbox.mkdir()
    for trainee, notebook in submissions(name).items():
        with zipfile.ZipFile(inbox / f"{trainee}.zip", "w") as archive:
            archive.writestr(f"{name}/{name}.ipynb", nbformat.writes(notebook))
    args = ["--course-dir", str(work / "course"), "--timeout", "120"]
    assert main([*args, "collect", name, str(inbox)]) == 0
    assert main([*args, "autograde", name]) == 0
    assert main([*args, "grades", "--to", str(work / "grades.csv")]) == 0
    with open(work / "grades.csv", newline="") as handle:
        rows = {row["student_id"]: row for row in csv.DictReader(handle)}
    return name, rows


def autograded_points(name):
    master = nbformat.read(ROOT / "solutions" / name / f"{name}.ipynb", as_version=4)
    return sum(c.metadata["nbgrader"].get("points", 0) for c in master.cells
               if c.metadata.get("nbgrader", {}).get("grade") and c.cell_type == "code")


def test_the_masters_answers_earn_every_autograded_point_the_blank_none_the_first_answer_some(graded):
    name, rows = graded
    full, blank, first = (float(rows[t]["score"]) for t in ("full", "blank", "first"))
    assert full == autograded_points(name)
    assert blank == 0
    assert 0 < first < full


@pytest.mark.parametrize("name", [n for n in NAMES if n.startswith("test")])
def test_a_performance_test_has_written_answers_marked_by_the_trainer(name):
    master = nbformat.read(ROOT / "solutions" / name / f"{name}.ipynb", as_version=4)
    written = [c for c in master.cells if c.cell_type == "markdown" and c.metadata.get("nbgrader", {}).get("grade")]
    assert written and all(c.metadata["nbgrader"]["solution"] for c in written)


def test_every_module_5_to_7_has_at_least_two_graded_exercises():
    for module in (5, 6, 7):
        assert len([n for n in NAMES if n.startswith(f"m{module}-")]) >= 2, module
