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

from cpkit import certificate
from cpkit.trainer import main

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
