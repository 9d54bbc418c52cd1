"""The student versions in exercises/ are generated from the masters in solutions/.

Regenerating them must give exactly what is committed, and nothing of a
solution or a hidden test may reach a trainee.
"""

from pathlib import Path

import nbformat
import pytest

from cpkit.trainer import Course

ROOT = Path(__file__).resolve().parents[2]
MASTERS = sorted((ROOT / "solutions").glob("*/*.ipynb"))
STUDENT_VERSIONS = sorted((ROOT / "exercises").glob("*/*.ipynb"))


def cells(path):
    notebook = nbformat.read(path, as_version=4)
    return [(c.cell_type, c.source, c.metadata.get("nbgrader")) for c in notebook.cells]


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory):
    work = tmp_path_factory.mktemp("regenerate")
    return Course(work / "course").student_versions(release_dir=work / "release")


def test_every_master_has_a_student_version_and_no_other_exists():
    assert MASTERS, "there is at least one exercise"
    assert [p.relative_to(ROOT / "solutions") for p in MASTERS] == [
        p.relative_to(ROOT / "exercises") for p in STUDENT_VERSIONS
    ]


@pytest.mark.parametrize("master", MASTERS, ids=lambda p: p.parent.name)
def test_committed_student_version_is_what_the_master_generates(regenerated, master):
    relative = master.relative_to(ROOT / "solutions")
    assert cells(ROOT / "exercises" / relative) == cells(regenerated / relative), (
        f"exercises/{relative} is out of date: run `make student-versions` and commit the result."
    )


@pytest.mark.parametrize("student_version", STUDENT_VERSIONS, ids=lambda p: p.parent.name)
def test_no_solution_or_hidden_test_reaches_trainees(student_version):
    text = student_version.read_text()
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"):
        assert marker not in text
    answers = [c for c in nbformat.read(student_version, as_version=4).cells
               if c.metadata.get("nbgrader", {}).get("solution")]
    assert answers
    for cell in answers:
        placeholder = "raise NotImplementedError()" if cell.cell_type == "code" else "YOUR ANSWER HERE"
        assert placeholder in cell.source, cell.metadata["nbgrader"]["grade_id"]
