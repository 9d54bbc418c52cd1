"""A submission that could not be graded is not a zero on the certificates.

`cp-trainer grades` marks a submission the autograder could not grade (a
broken file, invalid JSON, a PNG named .ipynb) with status "failed" and the
reason in "note", and leaves its score empty. The certificate rule must not
read that as 0 %: the trainee gets neither a certificate nor a refusal, and
the trainer is told which file to fix and regrade. Once regraded, the
decision is made as for everyone else.

The class below is small; its overall marks are worked out by hand in the
comments (0.4 x exercises + 0.2 x test 1 + 0.2 x test 2 + 0.2 x report,
course/syllabus.md "Assessment").
"""

import csv
import re
import zipfile
from pathlib import Path

import nbformat
import pytest

from cpkit import certificate
from cpkit.trainer import Course, main

ROOT = Path(__file__).resolve().parents[2]

COLUMNS = ["assignment", "duedate", "timestamp", "student_id", "last_name", "first_name", "email",
           "raw_score", "late_submission_penalty", "score", "max_score", "status", "note"]
BROKEN = "test2-options-monitoring-funding.ipynb is not a notebook (it is a PNG image)"


def row(assignment, trainee, score, top, status="graded", note=""):
    return {"assignment": assignment, "student_id": trainee, "first_name": trainee.title(), "last_name": "",
            "raw_score": score, "score": score, "max_score": top, "status": status, "note": note}


def write_class(folder, lan_test2):
    """Three trainees; lan's test 2 is either failed (broken file) or regraded with ``lan_test2`` points."""
    rows = [
        # 0.4 x 80 + 0.2 x 70 + 0.2 x 60 + 0.2 x 80 = 32 + 14 + 12 + 16 = 74 %: qualifies
        row("m1-first-balance", "an", 8, 10), row("test1-balances-cost-feasibility", "an", 14, 20),
        row("test2-options-monitoring-funding", "an", 12, 20),
        # 0.4 x 90 + 0.2 x 80 + 0.2 x 40 + 0.2 x 80 = 36 + 16 + 8 + 16 = 76 %: test 2 below 50 %, refused
        row("m1-first-balance", "bao", 9, 10), row("test1-balances-cost-feasibility", "bao", 16, 20),
        row("test2-options-monitoring-funding", "bao", 8, 20),
        # lan: strong everywhere, but her test 2 file could not be graded
        row("m1-first-balance", "lan", 10, 10), row("test1-balances-cost-feasibility", "lan", 18, 20),
        row("test2-options-monitoring-funding", "lan", "" if lan_test2 is None else lan_test2, 20,
            *(("failed", BROKEN) if lan_test2 is None else ())),
    ]
    grades, reports = folder / "grades.csv", folder / "report-marks.csv"
    with open(grades, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, COLUMNS, restval="")
        writer.writeheader()
        writer.writerows(rows)
    reports.write_text("student_id,presented,mark\nan,yes,80\nbao,yes,80\nlan,yes,90\n", encoding="utf-8")
    return grades, reports


def test_a_failed_submission_gets_no_certificate_and_no_refusal_but_its_reason(tmp_path):
    decisions = {d.student_id: d for d in certificate.issue(*write_class(tmp_path, None), tmp_path / "out",
                                                            issued="2026-12-18")}
    lan = decisions["lan"]
    assert not lan.decided and not lan.qualifies
    assert lan.reasons == []                                  # no refusal: nothing read as 0 %
    assert lan.line() == (f"lan (Lan): could not be graded: test2-options-monitoring-funding: {BROKEN}; "
                          "regrade after fixing")
    assert "not taken" not in lan.line() and "% overall" not in lan.line()
    assert decisions["an"].qualifies and round(decisions["an"].overall, 6) == 74
    assert decisions["bao"].reasons == ["performance test 2: 40.0 % (at least 50 % needed)"]
    issued = sorted(p.name for p in (tmp_path / "out").glob("*.pdf"))
    assert issued == ["certificate-an.pdf"]
    with open(tmp_path / "out" / "certificates.csv", encoding="utf-8") as handle:
        assert [r["student_id"] for r in csv.DictReader(handle)] == ["an"]


def test_after_the_regrade_the_trainee_is_decided_like_everyone_else(tmp_path):
    # lan regraded: 0.4 x 100 + 0.2 x 90 + 0.2 x 85 + 0.2 x 90 = 40 + 18 + 17 + 18 = 93 %: qualifies
    decisions = {d.student_id: d for d in certificate.class_decisions(*write_class(tmp_path, 17))}
    assert decisions["lan"].decided and decisions["lan"].qualifies
    assert round(decisions["lan"].overall, 6) == 93


def test_the_certificates_command_names_the_submission_to_regrade(tmp_path, capsys):
    grades, reports = write_class(tmp_path, None)
    assert main(["--course-dir", str(tmp_path / "work"), "certificates", "--grades", str(grades),
                 "--reports", str(reports), "--out", str(tmp_path / "out"), "--date", "2026-12-18"]) == 0
    printed = capsys.readouterr().out
    assert f"lan (Lan): could not be graded: test2-options-monitoring-funding: {BROKEN}; regrade after fixing" \
        in printed
    assert "bao (Bao): 76.0 % overall, does not qualify" in printed
    assert "1 of 3 trainees qualify; 1 could not be graded (no decision until regraded)" in printed


@pytest.mark.slow
def test_a_broken_file_collected_and_autograded_is_named_on_the_certificates(tmp_path):
    """The whole route: collect, autograde, grades, certificates, with a PNG handed in as the notebook."""
    name = "m1-first-balance"
    master = nbformat.read(ROOT / "solutions" / name / f"{name}.ipynb", as_version=4)
    solutions = {c.metadata["nbgrader"]["grade_id"]: re.sub(r"^\s*### (BEGIN|END) SOLUTION\n", "", c.source,
                                                            flags=re.M)
                 for c in master.cells if c.metadata.get("nbgrader", {}).get("solution")}
    student = nbformat.read(ROOT / "exercises" / name / f"{name}.ipynb", as_version=4)
    for cell in student.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in solutions:
            cell.source = solutions[grade_id]
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    with zipfile.ZipFile(inbox / "an.zip", "w") as archive:
        archive.writestr(f"{name}/{name}.ipynb", nbformat.writes(student))
    with zipfile.ZipFile(inbox / "bich.zip", "w") as archive:
        archive.writestr(f"{name}/{name}.ipynb", b"\x89PNG\r\n\x1a\n" + bytes(64))
    course = Course(tmp_path / "course", root=ROOT, timeout=60)
    course.collect(name, inbox)
    course.autograde(name)
    reports = tmp_path / "report-marks.csv"
    reports.write_text("student_id,presented,mark\nan,yes,80\nbich,yes,80\n", encoding="utf-8")
    printed = certificate.run(course, reports=reports, out=tmp_path / "out", issued="2026-12-18")
    lines = {line.split(" ", 1)[0]: line for line in printed.splitlines()}
    assert lines["bich"] == (f"bich (bich): could not be graded: {name}: {name}.ipynb is a PNG image, "
                             "not a notebook; regrade after fixing")
    # an is decided on the real score: 12 of 14 points (the written answer not yet marked),
    # 0.4 x 85.71 + 0.2 x 80 = 34.29 + 16 = 50.3 %, and no performance test taken.
    assert lines["an"] == ("an (an): 50.3 % overall, does not qualify: overall 50.3 % (at least 60 % needed); "
                           "performance test 1 not taken; performance test 2 not taken")
    assert "0 of 2 trainees qualify; 1 could not be graded" in printed
