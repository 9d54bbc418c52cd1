"""Grading through nbgrader's formgrader, the way its buttons do, without its web page.

A trainer who uses the formgrader (or runs ``nbgrader autograde`` by hand in
course/) does not go through ``cp-trainer``: nbgrader reads
course/nbgrader_config.py from the folder it is started in, and its
Autograde preprocessors include cpkit's SandboxExecute. The formgrader's
"Generate" and "Autograde" buttons call ``NbGraderAPI.generate_assignment``
and ``NbGraderAPI.autograde(assignment, student)``
(nbgrader/server_extensions/formgrader/apihandlers.py); a mark typed for a
written answer is saved by its GradeHandler.put, which sets the grade's
``manual_score`` and ``needs_manual_grade`` and commits the gradebook. This
test does the same in a temporary copy of the course folder, as the other
trainer tests build one, with the configuration read from the copied
nbgrader_config.py, and shows:

- the master's solution gets every autograded mark;
- a submission whose answer cell tries to write into solutions/, other
  trainees' files and the gradebook (extra credit for everyone) changes
  nothing: checksums of solutions/, exercises/ and the other trainee's files
  are the same, no gradebook row of another trainee changes, no extra credit
  appears, and it scores what its answers earn;
- a mark given to a written answer as the formgrader gives it reaches
  ``cp-trainer grades``.

nbgrader's gradebook calls the ``alembic`` tool by name. A trainer who
starts the formgrader as ``../.venv/bin/jupyter lab``, without activating
the environment, has no ``alembic`` on PATH; ``nbgrader_config.py`` puts the
environment's tools there, and the test starts from such a PATH.
"""

import contextlib
import hashlib
import os
import re
import shutil
import sqlite3
import sys
from pathlib import Path

import nbformat
import pytest

from cpkit import grading_sandbox as sandbox
from cpkit.trainer import Course

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
NAME = "m1-first-balance"
WRITTEN = "q5-written"


def meta(cell):
    return cell.metadata.get("nbgrader", {})


def autograded_points():
    master = nbformat.read(ROOT / "solutions" / NAME / f"{NAME}.ipynb", as_version=4)
    return sum(float(meta(c)["points"]) for c in master.cells if meta(c).get("grade") and not meta(c).get("solution"))


def written_points():
    master = nbformat.read(ROOT / "solutions" / NAME / f"{NAME}.ipynb", as_version=4)
    return {meta(c)["grade_id"]: float(meta(c)["points"]) for c in master.cells
            if meta(c).get("grade") and meta(c).get("solution") and c.cell_type == "markdown"}


@contextlib.contextmanager
def formgrader_started_in(folder):
    """The formgrader's process: started in ``folder``, the course's environment not activated."""
    here, path = Path.cwd(), os.environ.get("PATH", "")
    os.chdir(folder)
    os.environ["PATH"] = os.pathsep.join(p for p in path.split(os.pathsep) if Path(p) != Path(sys.executable).parent)
    assert not shutil.which("alembic"), "the test must start without the environment's tools on PATH"
    try:
        yield
    finally:
        os.chdir(here)
        os.environ["PATH"] = path


def formgrader_api():
    """NbGraderAPI configured as the formgrader configures it: nbgrader_config.py of the current folder."""
    from nbgrader.apps import NbGrader, NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    app = NbGrader()
    app.load_config_file()
    coursedir = CourseDirectory(config=app.config)
    return NbGraderAPI(coursedir, config=app.config), coursedir


def attack(root):
    """An answer cell that tries to change every file it should not reach (absolute paths given)."""
    course = root / "course"
    targets = [root / "solutions" / NAME / f"{NAME}.ipynb", root / "exercises" / NAME / f"{NAME}.ipynb",
               course / "submitted" / "full" / NAME / f"{NAME}.ipynb",
               course / "autograded" / "full" / NAME / f"{NAME}.ipynb", course / "nbgrader_config.py",
               root / "solutions" / NAME / "planted.py"]
    return f'''import pathlib, sqlite3
outcome = []
for target in {[str(t) for t in targets]!r}:
    try:
        with open(target, "a") as handle:
            handle.write("\\nTAMPERED\\n")
        outcome.append("wrote " + target)
    except Exception as problem:
        outcome.append(type(problem).__name__)
try:
    gradebook = sqlite3.connect("file:{course / 'gradebook.db'}?mode=rw", uri=True)
    gradebook.execute("UPDATE grade SET extra_credit = 10")
    gradebook.commit()
    outcome.append("gradebook changed")
except Exception as problem:
    outcome.append(type(problem).__name__)
print(outcome)
'''


def submission(root, first_cell_prefix=""):
    """The generated student version with every answer taken from the master."""
    master = nbformat.read(root / "solutions" / NAME / f"{NAME}.ipynb", as_version=4)
    solutions = {meta(c)["grade_id"]: re.sub(r"^\s*### (BEGIN|END) SOLUTION\n", "", c.source, flags=re.M)
                 for c in master.cells if meta(c).get("solution")}
    notebook = nbformat.read(root / "exercises" / NAME / f"{NAME}.ipynb", as_version=4)
    first = True
    for cell in notebook.cells:
        grade_id = meta(cell).get("grade_id")
        if grade_id in solutions:
            cell.source = solutions[grade_id]
            if first and cell.cell_type == "code":
                cell.source = first_cell_prefix + cell.source
                first = False
    return notebook


def hand_in(root, trainee, notebook):
    folder = root / "course" / "submitted" / trainee / NAME
    folder.mkdir(parents=True)
    nbformat.write(notebook, folder / f"{NAME}.ipynb")


def checksums(*folders):
    found = {}
    for folder in folders:
        for path in sorted(Path(folder).rglob("*")) if Path(folder).exists() else []:
            if path.is_file():
                found[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def gradebook_rows(path, trainee):
    """Every gradebook row that belongs to ``trainee`` or to the exercise itself (cells, checksums)."""
    with contextlib.closing(sqlite3.connect(path)) as db:
        rows = {}
        for table in ("assignment", "notebook", "base_cell", "source_cell", "grade_cells", "solution_cells"):
            rows[table] = sorted(map(tuple, db.execute(f"SELECT * FROM {table}")))
        mine = "SELECT id FROM submitted_assignment WHERE student_id = ?"
        rows["submitted_assignment"] = sorted(map(tuple, db.execute(
            "SELECT * FROM submitted_assignment WHERE student_id = ?", (trainee,))))
        notebooks = f"SELECT id FROM submitted_notebook WHERE assignment_id IN ({mine})"
        rows["submitted_notebook"] = sorted(map(tuple, db.execute(
            f"SELECT * FROM submitted_notebook WHERE assignment_id IN ({mine})", (trainee,))))
        for table in ("grade", "comment"):
            rows[table] = sorted(map(tuple, db.execute(
                f"SELECT * FROM {table} WHERE notebook_id IN ({notebooks})", (trainee,))))
        return rows


def formgrader_mark(coursedir, trainee, question, points):
    """What the formgrader's GradeHandler.put does with a mark typed for a written answer."""
    from nbgrader.api import Gradebook

    with Gradebook(coursedir.db_url, coursedir.course_id) as gradebook:
        grade = gradebook.find_grade(question, NAME, NAME, trainee)
        grade = gradebook.find_grade_by_id(grade.id)
        grade.manual_score = points
        grade.needs_manual_grade = grade.manual_score is None and grade.auto_score is None
        gradebook.db.commit()


@pytest.fixture(scope="module")
def formgraded(tmp_path_factory):
    if os.environ.get("CP_GRADING_SANDBOX", "") == "off" or sandbox.sandbox_mode() != "bwrap":
        pytest.skip("bubblewrap cannot run a sandbox here (.ci/run installs it)")
    root = tmp_path_factory.mktemp("formgrader") / "course-root"
    (root / "course").mkdir(parents=True)
    shutil.copy(ROOT / "course" / "nbgrader_config.py", root / "course")
    shutil.copytree(ROOT / "solutions" / NAME, root / "solutions" / NAME)
    gradebook = root / "course" / "gradebook.db"
    with formgrader_started_in(root / "course"):
        api, coursedir = formgrader_api()
        assert Path(coursedir.root) == root / "course" and Path(coursedir.source_directory) == root / "solutions"
        generated = api.generate_assignment(NAME)
        assert generated["success"], generated.get("log")
        hand_in(root, "full", submission(root))
        hand_in(root, "attacker", submission(root, attack(root)))
        graded = api.autograde(NAME, "full")
        assert graded["success"], graded.get("log")
        before = {"files": checksums(root / "solutions", root / "exercises", root / "course" / "submitted" / "full",
                                     root / "course" / "autograded" / "full", root / "course" / "nbgrader_config.py"),
                  "rows": gradebook_rows(gradebook, "full")}
        attacked = api.autograde(NAME, "attacker")
        assert attacked["success"], attacked.get("log")
        after = {"files": checksums(root / "solutions", root / "exercises", root / "course" / "submitted" / "full",
                                    root / "course" / "autograded" / "full", root / "course" / "nbgrader_config.py"),
                 "rows": gradebook_rows(gradebook, "full")}
        marked = written_points()
        for question, points in marked.items():
            formgrader_mark(coursedir, "full", question, points - 0.5)
        rows = {row["student_id"]: row for row in Course(root=root).grades(root / "grades.csv")}
    return {"root": root, "before": before, "after": after, "grades": rows, "marked": marked,
            "attacker_output": printed(root / "course" / "autograded" / "attacker" / NAME / f"{NAME}.ipynb")}


def printed(path):
    """What the code cells of an autograded notebook printed."""
    return "".join(output.get("text", "") for cell in nbformat.read(path, as_version=4).cells
                   if cell.cell_type == "code" for output in cell.outputs)


def test_the_solution_gets_every_autograded_mark_through_the_formgrader(formgraded):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{formgraded['root'] / 'course' / 'gradebook.db'}") as gradebook:
        submission = gradebook.find_submission(NAME, "full")
        autograded = sum(g.auto_score or 0 for nb in submission.notebooks for g in nb.grades)
    assert autograded == autograded_points() > 0


def test_a_submission_that_writes_outside_its_scratch_copy_changes_nothing(formgraded):
    assert formgraded["after"]["files"] == formgraded["before"]["files"]
    assert formgraded["before"]["files"]                       # something was compared
    assert not (formgraded["root"] / "solutions" / NAME / "planted.py").exists()
    assert formgraded["after"]["rows"] == formgraded["before"]["rows"]
    with contextlib.closing(sqlite3.connect(formgraded["root"] / "course" / "gradebook.db")) as db:
        assert db.execute("SELECT COUNT(*) FROM grade WHERE extra_credit IS NOT NULL").fetchone()[0] == 0
    output = formgraded["attacker_output"]
    assert "FileNotFoundError" in output                       # the attack ran, and found nothing to reach
    assert "wrote /" not in output and "gradebook changed" not in output


def test_the_attacker_scores_what_its_answers_earn_and_no_more(formgraded):
    row = formgraded["grades"]["attacker"]
    assert float(row["score"]) == autograded_points()
    assert row["status"] == "to mark by hand"


def test_a_mark_given_in_the_formgrader_reaches_the_grades(formgraded):
    assert formgraded["marked"] == {WRITTEN: 2.0}
    row = formgraded["grades"]["full"]
    assert float(row["score"]) == autograded_points() + 2.0 - 0.5
    assert float(row["max_score"]) == autograded_points() + 2.0
    assert row["status"] == "graded"
