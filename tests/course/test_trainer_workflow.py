"""The trainer's workflow around autograding: written answers marked by hand, due dates and
late rules, the grades export, a clean stop, and the package handed to trainees.

The written answer is a manually graded cell added to a copy of the fixture
exercise in a temporary course folder (the exercise itself is not changed).
"""

import copy
import csv
import datetime as dt
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import nbformat
import pytest

from cpkit import trainer
from cpkit.trainer import Course, main
from cpkit.trainer_report import late_penalty, parse_due, parse_late_rule

ROOT = Path(__file__).resolve().parents[2]
NAME = "m1-first-balance"
WRITTEN = "q-written"
WRITTEN_POINTS = 2


def meta(cell):
    return cell.metadata.get("nbgrader", {})


def course_with_a_written_question(base):
    """A course folder whose copy of the exercise ends with a written answer worth 2 points."""
    root = base / "course-root"
    (root / "course").mkdir(parents=True)
    shutil.copy(ROOT / "course" / "nbgrader_config.py", root / "course")
    (root / "solutions" / NAME).mkdir(parents=True)
    master = nbformat.read(ROOT / "solutions" / NAME / f"{NAME}.ipynb", as_version=4)
    common = {"schema_version": 3, "task": False}
    master.cells.append(nbformat.v4.new_markdown_cell(
        "## Written question: a recommendation\n\nIn two sentences, what would you tell the plant manager?",
        metadata={"nbgrader": {**common, "grade": False, "grade_id": "q-written-text", "locked": True,
                               "solution": False}}))
    master.cells.append(nbformat.v4.new_markdown_cell(
        "Reuse the last rinse for the next scouring bath.",
        metadata={"nbgrader": {**common, "grade": True, "grade_id": WRITTEN, "locked": False,
                               "points": WRITTEN_POINTS, "solution": True}}))
    nbformat.write(master, root / "solutions" / NAME / f"{NAME}.ipynb")
    return root


def answered(student, written_text):
    """The student version with the master's solutions and a written answer."""
    master = nbformat.read(ROOT / "solutions" / NAME / f"{NAME}.ipynb", as_version=4)
    solutions = {meta(c)["grade_id"]: re.sub(r"^\s*### (BEGIN|END) SOLUTION\n", "", c.source, flags=re.M)
                 for c in master.cells if meta(c).get("solution")}
    notebook = copy.deepcopy(student)
    for cell in notebook.cells:
        grade_id = meta(cell).get("grade_id")
        if grade_id in solutions:
            cell.source = solutions[grade_id]
        elif grade_id == WRITTEN:
            cell.source = written_text
    return nbformat.writes(notebook)


def autograded_points():
    master = nbformat.read(ROOT / "solutions" / NAME / f"{NAME}.ipynb", as_version=4)
    return sum(float(meta(c)["points"]) for c in master.cells if meta(c).get("grade") and not meta(c).get("solution"))


def written_questions(root):
    """Points of every manually graded cell of the course folder's master, by grade_id."""
    master = nbformat.read(root / "solutions" / NAME / f"{NAME}.ipynb", as_version=4)
    return {meta(c)["grade_id"]: float(meta(c)["points"]) for c in master.cells
            if meta(c).get("grade") and meta(c).get("solution") and c.cell_type == "markdown"}


DUE = "2026-01-10 12:00"


@pytest.fixture(scope="module")
def workshop(tmp_path_factory):
    base = tmp_path_factory.mktemp("marked")
    root = course_with_a_written_question(base)
    workdir = base / "workshop"
    course = Course(workdir, root=root, timeout=10)
    course.student_versions()
    student = nbformat.read(root / "exercises" / NAME / f"{NAME}.ipynb", as_version=4)
    inbox = base / "inbox"
    inbox.mkdir()
    due = parse_due(DUE).replace(tzinfo=dt.timezone.utc).timestamp()
    for trainee, offset in (("early", -3600), ("late", 2.5 * 3600)):
        path = inbox / f"{trainee}.zip"
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr(f"{NAME}/{NAME}.ipynb", answered(student, "Reuse the rinse water."))
        os.utime(path, (due + offset, due + offset))
    course.release(NAME, due=DUE, late="penalty=1")
    course.collect(NAME, inbox)
    collect_report = course.last_report
    course.autograde(NAME)
    before_marking = {r["student_id"]: r for r in course.grades(base / "before.csv")}
    return {"base": base, "root": root, "course": course, "inbox": inbox, "collect": collect_report,
            "before": before_marking}


def test_written_answers_wait_for_marks_by_hand(workshop):
    row = workshop["before"]["early"]
    assert row["status"] == "to mark by hand"
    assert float(row["max_score"]) == autograded_points() + sum(written_questions(workshop["root"]).values())
    assert written_questions(workshop["root"])[WRITTEN] == WRITTEN_POINTS


def test_marks_given_on_the_command_line_and_from_a_csv_end_in_the_grades(workshop, monkeypatch, capsys):
    course, base = workshop["course"], workshop["base"]
    monkeypatch.chdir(workshop["root"])
    args = ["--course-dir", str(course.workdir)]
    assert main([*args, "mark", NAME, "--trainee", "early", "--question", WRITTEN, "--points", "1.5",
                 "--comment", "A good first option; say how much water it saves."]) == 0
    marks = base / "marks.csv"
    written = written_questions(workshop["root"])
    lines = ["trainee,question,points,comment"]
    for trainee in ("early", "late"):
        lines += [f"{trainee},{q},{points:g},Clear and right." for q, points in written.items()
                  if (trainee, q) != ("early", WRITTEN)]
    marks.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main([*args, "mark", NAME, "--from", str(marks)]) == 0
    assert main([*args, "grades", "--to", str(base / "grades.csv")]) == 0
    with open(base / "grades.csv", newline="", encoding="utf-8") as handle:
        rows = {row["student_id"]: row for row in csv.DictReader(handle)}
    assert float(rows["early"]["score"]) == autograded_points() + sum(written.values()) - WRITTEN_POINTS + 1.5
    assert rows["early"]["status"] == "graded"
    assert main([*args, "feedback", NAME, "--trainee", "early"]) == 0
    page = (course.workdir / "feedback" / "early" / NAME / f"{NAME}.html").read_text()
    assert "say how much water it saves" in page


def test_a_mark_above_the_question_maximum_or_for_an_unknown_question_is_refused(workshop, monkeypatch, capsys):
    monkeypatch.chdir(workshop["root"])
    args = ["--course-dir", str(workshop["course"].workdir), "mark", NAME, "--trainee", "early"]
    assert main([*args, "--question", WRITTEN, "--points", "5"]) == 1
    assert f"worth 0 to {WRITTEN_POINTS}" in capsys.readouterr().err
    assert main([*args, "--question", "q-writen", "--points", "1"]) == 1
    assert "Did you mean 'q-written'?" in capsys.readouterr().err


def test_a_late_submission_is_noted_at_collect_and_penalised_by_the_rule(workshop):
    notes = workshop["collect"].trainees["late"]["notes"]
    assert any("2 h 30 min after the due date" in n for n in notes)
    assert not workshop["collect"].trainees["early"]["notes"]
    course = workshop["course"]
    rows = {r["student_id"]: r for r in course.grades()}
    # 2 h 30 min late, 1 point per started hour: 3 points off.
    assert float(rows["late"]["late_submission_penalty"]) == 3
    assert float(rows["late"]["score"]) == float(rows["late"]["raw_score"]) - 3
    assert rows["late"]["timestamp"] and rows["late"]["duedate"]


def test_a_late_submission_is_refused_when_the_rule_says_so(workshop, tmp_path):
    course = Course(tmp_path / "strict", root=workshop["root"])
    course.release(NAME, due=DUE, late="refuse")
    collected = course.collect(NAME, workshop["inbox"])
    assert collected == ["early"]
    assert course.last_report.trainees["late"]["status"] == "skipped"
    assert "refused" in course.last_report.trainees["late"]["reason"]


def test_late_rules_read_as_the_guide_says():
    assert late_penalty(parse_late_rule("penalty=1"), 10, 1) == 1  # a second late is a started hour
    assert late_penalty(parse_late_rule("penalty=10%"), 8, 2 * 3600) == pytest.approx(1.6)
    assert late_penalty(parse_late_rule("penalty=4"), 3, 5 * 3600) == 3  # never below zero
    assert late_penalty(parse_late_rule("refuse"), 10, 3600) == 0
    with pytest.raises(trainer.CPInputError, match="late rule"):
        parse_late_rule("penalty=lots")
    with pytest.raises(trainer.CPInputError, match="YYYY-MM-DD HH:MM"):
        parse_due("10/01/2026")


def test_grades_from_a_folder_without_a_gradebook_say_so(tmp_path, capsys):
    assert main(["--course-dir", str(tmp_path / "nothing-here"), "grades"]) == 1
    assert "no gradebook" in capsys.readouterr().err


def test_ctrl_c_stops_with_a_message_not_a_traceback(tmp_path, monkeypatch, capsys):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(Course, "autograde", interrupted)
    assert main(["--course-dir", str(tmp_path), "autograde", NAME]) == 130
    err = capsys.readouterr().err
    assert "stopped (Ctrl+C)" in err and "Traceback" not in err


def test_regrading_a_trainee_never_collected_names_those_who_were(workshop, capsys):
    with pytest.raises(trainer.CPInputError, match="Collected: early, late"):
        workshop["course"].autograde(NAME, trainee="nobody")


# -- what trainees get ------------------------------------------------------------------------
def hidden_test_lines():
    lines = set()
    for path in (ROOT / "solutions").glob("*/*.ipynb"):
        for cell in nbformat.read(path, as_version=4).cells:
            if "### BEGIN HIDDEN TESTS" in cell.source:
                hidden = cell.source.split("### BEGIN HIDDEN TESTS")[1].split("### END HIDDEN TESTS")[0]
                lines |= {line.strip() for line in hidden.splitlines() if "check_" in line and len(line.strip()) > 20}
    return lines


def test_the_trainee_package_holds_the_course_but_no_solution_trainer_note_or_hidden_test(tmp_path):
    out = Course(tmp_path / "work", root=ROOT).trainee_package(tmp_path / "for-trainees.zip")
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        texts = {n: archive.read(n).decode("utf-8", "replace") for n in names
                 if n.endswith((".ipynb", ".py", ".md", ".yml", ".json", ".csv", ".txt"))}
    assert f"cp-course/exercises/{NAME}/{NAME}.ipynb" in names
    assert "cp-course/shared_lib/cpkit/__init__.py" in names and "cp-course/scripts/course.py" in names
    assert any(n.startswith("cp-course/modules/") and n.endswith(".ipynb") for n in names)
    for name in names:
        assert not name.startswith(("cp-course/solutions/", "cp-course/tests/")), name
        assert "trainer-notes" not in name and "trainer-guide" not in name and "gradebook" not in name, name
    lines = hidden_test_lines()
    assert lines
    for name, text in texts.items():
        if name.endswith(".ipynb"):
            assert "BEGIN SOLUTION" not in text and "HIDDEN TESTS" not in text, name
        for line in lines:
            assert line not in text, (name, line)


def test_git_ignores_the_trainers_working_folders():
    paths = ["workshops/hanoi-2026/gradebook.db", "course/reports/m1-first-balance-autograde.json",
             "course/due/m1-first-balance.json", "course/.sandbox-runs/m1-first-balance/x.json",
             "course/submitted/an/m1-first-balance/m1-first-balance.ipynb"]
    result = subprocess.run(["git", "check-ignore", *paths], cwd=ROOT, capture_output=True, text=True)
    if result.returncode == 128:
        pytest.skip("not a git checkout")
    assert result.stdout.split() == paths
