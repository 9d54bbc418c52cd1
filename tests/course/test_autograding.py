"""Autograding end to end, the way a trainer runs it.

A temporary working folder plays one workshop. Submissions are built from
the student version as trainees would leave them (right, blank, partly
right, stuck in a loop, tests tampered with, checks cheated), zipped or put
in folders named by trainee, then collected, autograded, given feedback and
exported with the `cp-trainer` commands.

Exercise 1.1 has four autograded questions worth 2, 3, 2 and 3 points, a
written answer worth 2 that the trainer marks, and an optional question for
programmers worth 2 (14 in all; 12 can be scored by the autograder).
"""

import copy
import csv
import re
import zipfile
from pathlib import Path

import nbformat
import pytest

from cpkit.trainer import Course, main

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
NAME = "m1-first-balance"
MASTER = ROOT / "solutions" / NAME / f"{NAME}.ipynb"
STUDENT = ROOT / "exercises" / NAME / f"{NAME}.ipynb"

# What each question's answer cell holds in a fully right submission:
# the master's solution with the solution markers removed.
def solution_code(grade_id):
    for cell in nbformat.read(MASTER, as_version=4).cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == grade_id:
            return re.sub(r"^\s*### (BEGIN|END) SOLUTION\n", "", cell.source, flags=re.M)
    raise KeyError(grade_id)


def submission(answers=None, edit=None, delete=()):
    """The student version with some answer cells filled, test cells edited or cells deleted."""
    notebook = nbformat.read(STUDENT, as_version=4)
    answers, edit = answers or {}, edit or {}
    kept = []
    for cell in notebook.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in delete:
            continue
        if grade_id in answers:
            cell.source = answers[grade_id]
        if grade_id in edit:
            cell.source = edit[grade_id]
        kept.append(cell)
    notebook.cells = kept
    return notebook


RIGHT = {q: solution_code(q) for q in ("q1-answer", "q2-answer", "q3-answer", "q4-answer", "q6-optional-answer")}

ALWAYS_EQUAL = """
class Anything(float):
    def __eq__(self, other): return True
    def __sub__(self, other): return 0.0
    def __abs__(self): return 0.0
    def __lt__(self, other): return True
    def __gt__(self, other): return True
"""

SUBMISSIONS = {
    # trainee id: (notebook, expected points, how it reaches the trainer)
    "anh": (submission(RIGHT), 12, "zip"),
    "binh": (submission(), 0, "zip"),
    "chau": (submission({**RIGHT, "q3-answer": "wastewater_per_kg = 5.0", "q4-answer": ""}), 7, "zip"),
    # Question 3 never ends: stopped by the timeout, the rest still graded.
    "dung": (submission({**RIGHT, "q3-answer": "while True:\n    pass"}), 10, "folder"),
    # Wrong answers to questions 2 and 3, whose tests were emptied or deleted.
    "giang": (
        submission(
            {**RIGHT, "q2-answer": "wastewater = 1.0", "q3-answer": "wastewater_per_kg = 1.0"},
            edit={"q2-test": "pass"},
            delete=("q3-test", "q3-text"),
        ),
        7,
        "zip",
    ),
    # Answers that claim to equal anything, and a check replaced in the notebook.
    "hoa": (
        submission(
            {
                "q1-answer": ALWAYS_EQUAL + "total_in = Anything(1.0)",
                "q2-answer": "wastewater = Anything(1.0)\n"
                "import cpkit.grading\n"
                "try:\n    cpkit.grading.check_number = lambda *a, **k: None\nexcept AttributeError:\n    pass\n"
                "def check_number(*args, **kwargs):\n    pass",
                "q3-answer": "wastewater_per_kg = Anything(1.0)",
                "q4-answer": "wastewater_batch_2 = Anything(1.0)",
                "q6-optional-answer": "def unknown_output(inputs, known_outputs):\n    return Anything(0.0)",
            }
        ),
        0,
        "zip",
    ),
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """One workshop: submissions collected, autograded, feedback made, grades exported."""
    work = tmp_path_factory.mktemp("workshop")
    inbox = work / "inbox"
    inbox.mkdir()
    for trainee, (notebook, _, how) in SUBMISSIONS.items():
        if how == "zip":
            with zipfile.ZipFile(inbox / f"{trainee}.zip", "w") as archive:
                archive.writestr(f"{NAME}/{NAME}.ipynb", nbformat.writes(notebook))
        else:
            (inbox / trainee).mkdir()
            nbformat.write(notebook, inbox / trainee / f"{NAME}.ipynb")

    course_dir = work / "course"
    args = ["--course-dir", str(course_dir), "--timeout", "10"]
    assert main([*args, "collect", NAME, str(inbox)]) == 0
    assert main([*args, "autograde", NAME]) == 0
    assert main([*args, "feedback", NAME]) == 0
    assert main([*args, "grades", "--to", str(work / "grades.csv")]) == 0
    with open(work / "grades.csv", newline="") as handle:
        rows = {row["student_id"]: row for row in csv.DictReader(handle)}
    return Course(course_dir), rows


@pytest.mark.parametrize("trainee", SUBMISSIONS)
def test_each_submission_gets_the_points_its_answers_earn(graded, trainee):
    _, rows = graded
    expected = SUBMISSIONS[trainee][1]
    assert float(rows[trainee]["score"]) == expected
    assert float(rows[trainee]["max_score"]) == 14


def test_the_solution_scores_every_autograded_mark_and_the_blank_version_zero(graded):
    _, rows = graded
    # 12 of 14: the written answer waits for the trainer's mark.
    assert float(rows["anh"]["score"]) == 12
    assert float(rows["binh"]["score"]) == 0


def test_an_infinite_loop_is_stopped_and_the_other_submissions_are_still_graded(graded):
    course, rows = graded
    assert set(rows) == set(SUBMISSIONS)
    graded_loop = nbformat.read(course.workdir / "autograded" / "dung" / NAME / f"{NAME}.ipynb", as_version=4)
    outputs = str([c.get("outputs") for c in graded_loop.cells])
    assert "CellTimeoutError" in outputs or "Timeout" in outputs


def test_edited_and_deleted_test_cells_are_graded_with_the_original_tests(graded):
    course, _ = graded
    graded_notebook = nbformat.read(course.workdir / "autograded" / "giang" / NAME / f"{NAME}.ipynb", as_version=4)
    tests = {c.metadata["nbgrader"]["grade_id"]: c.source for c in graded_notebook.cells
             if c.metadata.get("nbgrader", {}).get("grade")}
    assert set(tests) == {"q1-test", "q2-test", "q3-test", "q4-test", "q5-written", "q6-optional-test"}
    assert "check_number(wastewater, 4370" in tests["q2-test"]


def test_grades_in_the_csv_match_the_gradebook(graded):
    from nbgrader.api import Gradebook

    course, rows = graded
    with Gradebook(f"sqlite:///{course.workdir / 'gradebook.db'}") as gradebook:
        for trainee in SUBMISSIONS:
            submission = gradebook.find_submission(NAME, trainee)
            assert float(rows[trainee]["score"]) == submission.score


def test_every_trainee_gets_a_feedback_page(graded):
    course, _ = graded
    for trainee in SUBMISSIONS:
        page = course.workdir / "feedback" / trainee / NAME / f"{NAME}.html"
        assert page.is_file(), trainee


def test_a_release_zip_holds_the_student_version_only(tmp_path):
    course = Course(tmp_path / "course")
    with zipfile.ZipFile(course.release(NAME)) as archive:
        names = archive.namelist()
        text = archive.read(f"{NAME}/{NAME}.ipynb").decode()
    assert names == [f"{NAME}/{NAME}.ipynb"]
    assert "BEGIN SOLUTION" not in text and "HIDDEN TESTS" not in text


def test_a_misspelt_exercise_name_gets_a_suggestion(tmp_path, capsys):
    assert main(["--course-dir", str(tmp_path), "autograde", "m1-first-balanse"]) == 1
    assert "Did you mean 'm1-first-balance'?" in capsys.readouterr().err
