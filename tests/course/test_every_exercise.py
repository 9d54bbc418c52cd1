"""Every exercise, graded the way a trainer grades it.

For each master in solutions/ (a new exercise is covered by being there),
three submissions are made from its student version in exercises/, as a
trainee would leave it:

- full: every answer cell holds the master's solution;
- blank: the student version handed in untouched;
- first answer only: the first code answer filled in, the rest left blank.

They are collected from zip files, autograded and scored with the
`cp-trainer` commands. Written answers (nbgrader's manually graded cells)
wait for the trainer's mark, so "full marks" means every point the
autograder can give. The rules for exercises are checked here too: answers
need no programming except in optional questions, worth a fifth of an
exercise at most.
"""

import re
import zipfile
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from cpkit.trainer import Course

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
EXERCISES = sorted(p.name for p in (ROOT / "solutions").iterdir() if (p / f"{p.name}.ipynb").is_file())
SOLUTION_MARKERS = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION[ \t]*\n?", flags=re.M)


def nbgrader_cells(path):
    return [c for c in nbformat.read(path, as_version=4).cells if c.metadata.get("nbgrader")]


def master(name):
    return ROOT / "solutions" / name / f"{name}.ipynb"


def student_version(name):
    return ROOT / "exercises" / name / f"{name}.ipynb"


def autograded_points(name):
    """Points of the test cells: what the autograder can give."""
    return sum(c.metadata["nbgrader"].get("points", 0) for c in nbgrader_cells(master(name))
               if c.metadata["nbgrader"].get("grade") and not c.metadata["nbgrader"].get("solution"))


def answers(name):
    """The master's answer cells, solution markers removed, by grade_id."""
    return {c.metadata["nbgrader"]["grade_id"]: (c.cell_type, SOLUTION_MARKERS.sub("", c.source))
            for c in nbgrader_cells(master(name)) if c.metadata["nbgrader"].get("solution")}


def filled(name, keep):
    """The student version with the answer cells in ``keep`` filled from the master."""
    notebook = nbformat.read(student_version(name), as_version=4)
    solution = answers(name)
    for cell in notebook.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in keep:
            cell.source = solution[grade_id][1]
    return notebook


def first_code_answer(name):
    return next(grade_id for grade_id, (kind, _) in answers(name).items() if kind == "code")


AUTOGRADE_REPORTS = {}  # exercise: the general lines of its autograde report


@pytest.fixture(scope="module", params=EXERCISES)
def graded(request, tmp_path_factory):
    """One workshop per exercise: three submissions collected, autograded and scored."""
    name = request.param
    work = tmp_path_factory.mktemp(name)
    submissions = {
        "full": filled(name, set(answers(name))),
        "blank": filled(name, set()),
        "first": filled(name, {first_code_answer(name)}),
    }
    inbox = work / "inbox"
    inbox.mkdir()
    for trainee, notebook in submissions.items():
        with zipfile.ZipFile(inbox / f"{trainee}.zip", "w") as archive:
            archive.writestr(f"{name}/{name}.ipynb", nbformat.writes(notebook))
    course = Course(work / "course", timeout=60)
    course.collect(name, inbox)
    course.autograde(name)
    AUTOGRADE_REPORTS[name] = list(course.last_report.general)
    with Gradebook(f"sqlite:///{course.workdir / 'gradebook.db'}") as gradebook:
        scores = {trainee: gradebook.find_submission(name, trainee).score for trainee in submissions}
    return name, scores


def test_the_solution_earns_every_autograded_point(graded):
    name, scores = graded
    assert scores["full"] == autograded_points(name) > 0


def test_every_check_is_judged_outside_the_kernel(graded):
    name, _ = graded
    assert not [line for line in AUTOGRADE_REPORTS[name] if "graded inside the kernel" in line]


def test_the_blank_student_version_earns_nothing(graded):
    _, scores = graded
    assert scores["blank"] == 0


def test_the_first_answer_alone_earns_part_of_the_points(graded):
    name, scores = graded
    assert 0 < scores["first"] < autograded_points(name)


@pytest.mark.parametrize("name", EXERCISES)
def test_programming_is_optional_and_worth_a_fifth_at_most(name):
    tests = [c.metadata["nbgrader"] for c in nbgrader_cells(master(name)) if c.metadata["nbgrader"].get("grade")]
    total = sum(t.get("points", 0) for t in tests)
    optional = sum(t.get("points", 0) for t in tests if "optional" in t["grade_id"])
    assert optional <= total / 5
    for cell in nbgrader_cells(master(name)):
        meta = cell.metadata["nbgrader"]
        if meta.get("solution") and cell.cell_type == "code" and "optional" not in meta["grade_id"]:
            code = SOLUTION_MARKERS.sub("", cell.source)
            assert not re.search(r"^\s*(def|class|for|while)\b", code, flags=re.M), (
                f"{name}: {meta['grade_id']} asks for a function or a loop; make it optional "
                "(grade_id with 'optional') or ask for a number or an expression.")


@pytest.mark.parametrize("name", EXERCISES)
def test_optional_questions_say_so_to_the_trainee(name):
    for cell in nbformat.read(student_version(name), as_version=4).cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        if "optional" in grade_id and grade_id.endswith("-text"):
            assert "optional" in cell.source.lower() and "programmers" in cell.source.lower()
