"""Certificates of the course: who qualifies by the syllabus rule, and one PDF each.

The rule (course/syllabus.md, "Assessment"): a trainee qualifies with

- at least 60 % overall, where the overall mark weighs the graded exercises
  40 %, each performance test 20 % and the CP assessment report 20 %;
- at least 50 % in each of the two performance tests;
- the assessment report presented and marked.

Scores come from the gradebook (the CSV that ``cp-trainer grades`` exports:
one row per trainee and exercise, with ``score`` and ``max_score``);
exercises are named ``mN-...``, the performance tests ``test1-...`` and
``test2-...``. A row whose ``status`` is ``failed`` (the autograde report
could not grade the file: not a notebook, invalid JSON...) is not a score of
0: that trainee gets neither a certificate nor a refusal, but is named as
not graded, with the reason, until the submission is regraded. The report
marks come from a small CSV the trainer keeps::

    student_id,presented,mark
    anh,yes,75
    binh,no,

``decide`` says for each trainee whether the rule is met and, if not, why;
``write_certificate`` writes the PDF (fpdf2, with the DejaVu Sans font that
matplotlib ships, so that Vietnamese names print with their diacritics);
``issue`` does both for a class and keeps a register of verification codes.

>>> marks = {"exercises": 80, "test1": 70, "test2": 45, "report": 90, "presented": True}
>>> result = decide("anh", "Nguyễn Văn Anh", **marks)
>>> result.qualifies, result.reasons
(False, ['performance test 2: 45.0 % (at least 50 % needed)'])
>>> round(result.overall, 1)      # 0.4 x 80 + 0.2 x 70 + 0.2 x 45 + 0.2 x 90
73.0
"""

import csv
import hashlib
import math
from dataclasses import dataclass, field
from datetime import date as _date
from pathlib import Path

from cpkit.errors import CPInputError

WEIGHTS = {"exercises": 0.40, "test1": 0.20, "test2": 0.20, "report": 0.20}
"""Weights of the overall mark (course/syllabus.md, "Assessment")."""

PASS_OVERALL = 60.0
"""Overall mark needed, in %."""

PASS_EACH_TEST = 50.0
"""Mark needed in each performance test, in %."""

YES = {"yes", "y", "true", "1", "x", "presented"}


@dataclass
class Decision:
    """One trainee's standing against the rule."""

    student_id: str
    name: str
    overall: float
    parts: dict
    presented: bool
    reasons: list = field(default_factory=list)
    failed: list = field(default_factory=list)
    """Submissions that could not be graded ("assignment: reason"): no decision until they are regraded."""

    @property
    def qualifies(self):
        return not self.reasons and not self.failed

    @property
    def decided(self):
        """False while a submission of the trainee could not be graded."""
        return not self.failed

    def line(self):
        """One line for the trainer: qualifies, why not, or which submission could not be graded."""
        if self.failed:
            return (f"{self.student_id} ({self.name}): could not be graded: {'; '.join(self.failed)}; "
                    "regrade after fixing")
        head = f"{self.student_id} ({self.name}): {self.overall:.1f} % overall"
        if self.qualifies:
            return f"{head}, qualifies"
        return f"{head}, does not qualify: " + "; ".join(self.reasons)


def _percent(value, what, field):
    """A mark in %, or None where there is none; anything else than a number from 0 to 100 is refused."""
    from cpkit.units import number

    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    value = number(value, what, "80", field=field)
    if not 0 <= value <= 100:
        raise CPInputError(f"{what} is {value:g} %, outside 0-100 %.", fix="Give marks as percentages from 0 to 100.",
                           field=field)
    return value


def _report_mark(text, student_id):
    """The report mark as typed in the reports file ("" for none)."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        return float(text.rstrip("%").strip())
    except ValueError:
        raise CPInputError(f"The report mark of {student_id} is {text!r}, not a number.",
                           fix="Write the mark as a percentage from 0 to 100 (e.g. 75), or leave it empty.",
                           field="report") from None


def decide(student_id, name, exercises, test1, test2, report, presented, failed=()):
    """Apply the rule to one trainee's marks (percentages; None for missing).

    ``failed``: submissions that could not be graded ("assignment: reason");
    where there is one, nothing is decided (no certificate, no refusal).

    >>> decide("binh", "Binh", 0, 80, None, 70, True, failed=["test2-x: test2-x.ipynb is not valid JSON"]).line()
    'binh (Binh): could not be graded: test2-x: test2-x.ipynb is not valid JSON; regrade after fixing'
    """
    from cpkit.checks import text

    student_id = text(student_id, "The trainee's id", "'nguyen-van-an'", field="student_id")
    name = text(name, "The trainee's name", "'Nguyễn Văn An'", field="name", blank_ok=True)
    parts = {"exercises": _percent(exercises, "The exercise mark", "exercises"),
             "test1": _percent(test1, "Performance test 1", "test1"),
             "test2": _percent(test2, "Performance test 2", "test2"),
             "report": _percent(report, "The report mark", "report")}
    overall = sum(WEIGHTS[k] * (v or 0.0) for k, v in parts.items())
    reasons = []
    if overall < PASS_OVERALL - 1e-9:
        reasons.append(f"overall {overall:.1f} % (at least {PASS_OVERALL:g} % needed)")
    for key, label in (("test1", "performance test 1"), ("test2", "performance test 2")):
        if parts[key] is None:
            reasons.append(f"{label} not taken")
        elif parts[key] < PASS_EACH_TEST - 1e-9:
            reasons.append(f"{label}: {parts[key]:.1f} % (at least {PASS_EACH_TEST:g} % needed)")
    if not presented:
        reasons.append("assessment report not presented")
    elif parts["report"] is None:
        reasons.append("assessment report presented but not marked")
    failed = list(failed)
    return Decision(student_id, name, overall, parts, bool(presented), [] if failed else reasons, failed)


def _rows(path, what, needed):
    path = Path(path)
    if not path.is_file():
        raise CPInputError(f"The {what} file {path} does not exist.",
                           fix="Export grades with `cp-trainer grades`, and keep the report marks in a CSV "
                               "with columns student_id, presented, mark.")
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    missing = [c for c in needed if rows and c not in rows[0]]
    if missing:
        raise CPInputError(f"The {what} file {path} has no column {', '.join(missing)}.",
                           fix=f"It needs the columns {', '.join(needed)}.")
    return rows


def class_decisions(grades_csv, reports_csv):
    """The rule applied to every trainee of the gradebook export and the report marks.

    ``grades_csv``: nbgrader's export (student_id, assignment, score,
    max_score; first_name and last_name if known). ``reports_csv``:
    student_id, presented (yes/no), mark (%, empty if not marked).
    A grades row with status ``failed`` counts neither as a score nor as a
    maximum: the trainee's decision waits for the regrade.
    """
    grades = _rows(grades_csv, "grades", ("student_id", "assignment", "score", "max_score"))
    reports = {r["student_id"].strip(): r for r in _rows(reports_csv, "report marks", ("student_id", "presented", "mark"))}
    trainees = {}
    for row in grades:
        trainee = trainees.setdefault(row["student_id"].strip(), {"name": "", "exercises": [0.0, 0.0],
                                                                   "test1": None, "test2": None, "failed": []})
        name = " ".join(p for p in (row.get("first_name", ""), row.get("last_name", "")) if p and p.strip())
        trainee["name"] = trainee["name"] or name.strip()
        if (row.get("status") or "").strip().lower() == "failed":
            reason = (row.get("note") or "").strip() or "the autograde report marks it failed"
            trainee["failed"].append(f"{row['assignment'].strip()}: {reason}")
            continue
        score, top = float(row["score"] or 0), float(row["max_score"] or 0)
        assignment = row["assignment"].strip()
        for test in ("test1", "test2"):
            if assignment.startswith(test + "-"):
                trainee[test] = 100 * score / top if top else None
                break
        else:
            trainee["exercises"][0] += score
            trainee["exercises"][1] += top
    decisions = []
    for student_id in sorted(set(trainees) | set(reports)):
        marks = trainees.get(student_id, {"name": "", "exercises": [0.0, 0.0], "test1": None, "test2": None,
                                          "failed": []})
        report = reports.get(student_id, {})
        scored, top = marks["exercises"]
        decisions.append(decide(
            student_id, marks["name"] or report.get("name", "").strip() or student_id,
            exercises=100 * scored / top if top else 0.0, test1=marks["test1"], test2=marks["test2"],
            report=_report_mark(report.get("mark"), student_id),
            presented=(report.get("presented") or "").strip().lower() in YES, failed=marks["failed"]))
    return decisions


def verification_code(student_id, name, course, issued):
    """A short code that identifies one certificate; the register (certificates.csv) lists them.

    >>> verification_code("anh", "Nguyễn Văn Anh", "Cleaner Production Assessment", "2026-12-03")
    'CP-5DD5-0165-CD'
    """
    digest = hashlib.sha256("|".join((student_id, name, course, str(issued))).encode("utf-8")).hexdigest().upper()
    return f"CP-{digest[:4]}-{digest[4:8]}-{digest[8:10]}"


def course_outline(manifest=None):
    """Title, modules (number, title, days) and total days from course/course.yml."""
    import yaml

    from cpkit.trainer import find_course_root

    path = Path(manifest) if manifest else find_course_root() / "course" / "course.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    modules = [(m["number"], m["title"], m["days"]) for m in data["modules"]]
    return data["title"], modules, sum(m[2] for m in modules)


def _font_files():
    import matplotlib

    fonts = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    return fonts / "DejaVuSans.ttf", fonts / "DejaVuSans-Bold.ttf"


def write_certificate(decision, path, course, modules, days, issued, code):
    """One A4 landscape certificate as a PDF at ``path``."""
    from fpdf import FPDF

    regular, bold = _font_files()
    pdf = FPDF(orientation="L", format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_font("DejaVu", "", str(regular))
    pdf.add_font("DejaVu", "B", str(bold))
    pdf.set_title(f"Certificate: {course}")
    pdf.set_author("Cleaner Production Assessment course")
    pdf.add_page()
    pdf.set_draw_color(40, 110, 70)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, 277, 190)
    pdf.set_y(28)
    pdf.set_font("DejaVu", "B", 26)
    pdf.cell(0, 14, "Certificate of completion", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 13)
    pdf.cell(0, 10, "This certifies that", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "B", 22)
    pdf.cell(0, 14, decision.name, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 13)
    pdf.multi_cell(0, 7, f"has completed the course {course} ({days} days), a complete Cleaner Production "
                         "assessment in seven modules, and passed its performance tests.", align="C",
                   new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("DejaVu", "", 10.5)
    for number, title, module_days in modules:
        pdf.cell(0, 6, f"Module {number}: {title} ({module_days} days)", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(170)
    pdf.set_font("DejaVu", "", 11)
    pdf.cell(130, 7, f"Date: {issued}", new_x="RIGHT")
    pdf.cell(0, 7, "Trainer: ______________________", align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    pdf.cell(0, 7, f"Verification code: {code}  (listed in the course's register of certificates)",
             new_x="LMARGIN", new_y="NEXT")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path


def _file_name(student_id):
    keep = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in student_id)
    return f"certificate-{keep}.pdf"


def issue(grades_csv, reports_csv, out_dir, issued=None, manifest=None):
    """Decide for the whole class, write a PDF per qualifying trainee and the register.

    Returns the decisions; the PDFs and ``certificates.csv`` (code, trainee,
    name, date) are in ``out_dir``.
    """
    issued = str(issued or _date.today().isoformat())
    course, modules, days = course_outline(manifest)
    decisions = class_decisions(grades_csv, reports_csv)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    register = []
    for decision in decisions:
        if decision.qualifies:
            code = verification_code(decision.student_id, decision.name, course, issued)
            write_certificate(decision, out_dir / _file_name(decision.student_id), course, modules, days, issued, code)
            register.append({"verification_code": code, "student_id": decision.student_id, "name": decision.name,
                             "issued": issued, "overall_percent": f"{decision.overall:.1f}"})
    with open(out_dir / "certificates.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, ["verification_code", "student_id", "name", "issued", "overall_percent"])
        writer.writeheader()
        writer.writerows(register)
    return decisions


def run(course, grades=None, reports=None, out=None, issued=None):
    """What ``cp-trainer certificates`` does: the report for the trainer, as text."""
    grades = Path(grades) if grades else None
    if grades is None:
        grades = course.workdir / "grades.csv"
        course.grades(grades)
    reports = Path(reports) if reports else course.workdir / "report-marks.csv"
    out = Path(out) if out else course.workdir / "certificates"
    decisions = issue(grades, reports, out, issued=issued)
    lines = [d.line() for d in decisions]
    passed = sum(d.qualifies for d in decisions)
    waiting = sum(not d.decided for d in decisions)
    summary = f"{passed} of {len(decisions)} trainees qualify"
    if waiting:
        summary += f"; {waiting} could not be graded (no decision until regraded)"
    lines.append(f"{summary}; certificates and register in {out}")
    return "\n".join(lines)
