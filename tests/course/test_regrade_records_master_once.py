"""Regrading does not generate the exercise again unless its master changed.

Each autograde records the exercise's graded cells in the working folder's
gradebook (nbgrader's generate step, several seconds). A trainer who regrades
one trainee, or the class again, with the same master skips that step; a
changed master is recorded again, so its new tests grade the submissions.
"""

import shutil
import zipfile
from pathlib import Path

import nbformat

from cpkit.trainer import Course

ROOT = Path(__file__).resolve().parents[2]
NAME = "m1-first-balance"


def test_the_master_is_recorded_again_only_when_it_changed(tmp_path):
    root = tmp_path / "course-root"
    (root / "course").mkdir(parents=True)
    shutil.copy(ROOT / "course" / "nbgrader_config.py", root / "course")
    shutil.copytree(ROOT / "solutions" / NAME, root / "solutions" / NAME)
    shutil.copytree(ROOT / "exercises" / NAME, root / "exercises" / NAME)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    with zipfile.ZipFile(inbox / "an.zip", "w") as archive:
        archive.write(ROOT / "exercises" / NAME / f"{NAME}.ipynb", f"{NAME}/{NAME}.ipynb")
    course = Course(tmp_path / "workshop", root=root, timeout=10)
    course.collect(NAME, inbox)
    generated = course.workdir / "generated" / NAME / f"{NAME}.ipynb"

    course.autograde(NAME)
    first = generated.stat().st_mtime_ns
    course.autograde(NAME, trainee="an")
    assert generated.stat().st_mtime_ns == first, "an unchanged master was generated again"

    master_path = root / "solutions" / NAME / f"{NAME}.ipynb"
    master = nbformat.read(master_path, as_version=4)
    master.cells.append(nbformat.v4.new_markdown_cell("A note added by the trainer."))
    nbformat.write(master, master_path)
    course.autograde(NAME, trainee="an")
    assert generated.stat().st_mtime_ns != first
    assert "A note added by the trainer." in generated.read_text()
    assert [row["status"] for row in course.grades()] == ["graded"]
