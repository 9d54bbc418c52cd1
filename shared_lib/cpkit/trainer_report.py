"""What the trainer reads after each command: reports, late rules, feedback pages.

- :class:`Report`: each trainee of a ``collect`` or ``autograde`` run,
  graded, failed or skipped, and why (the broken file named), with notes
  (a renamed notebook, a late submission) and flags (a cell changed against
  its checksum, a score above the maximum). Printed and saved in
  ``<course dir>/reports/``; the grades export reads it, so that a failed
  submission is marked failed, not exported as a zero.
- :class:`LateRule`: nbgrader's late-submission plugin for the rule set at
  release (``--late refuse`` or ``--late penalty=2`` points per started hour,
  ``--late penalty=10%`` of the score per started hour).
- :func:`feedback_page`: the feedback page of one graded notebook: questions
  named in the contents, the checks' hints instead of tracebacks, hidden
  tests left out unless the trainer reveals them, formulas rendered as
  MathML (no MathJax, no network).
"""

import datetime as dt
import html
import json
import math
import re
from pathlib import Path

from cpkit.errors import CPInputError

STATUSES = ("graded", "collected", "failed", "skipped")


class Report:
    """One command's outcome per trainee; ``save`` writes JSON and text beside the gradebook."""

    def __init__(self, workdir, exercise, command):
        self.workdir, self.exercise, self.command = Path(workdir), exercise, command
        self.started = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        self.trainees = {}
        self.general = []  # notes for the whole run (sandbox warning, tampering)

    def entry(self, trainee):
        return self.trainees.setdefault(trainee, {"status": "graded", "reason": "", "notes": [], "flags": []})

    def set(self, trainee, status, reason=""):
        assert status in STATUSES
        entry = self.entry(trainee)
        entry["status"], entry["reason"] = status, reason
        return entry

    def note(self, trainee, text):
        self.entry(trainee)["notes"].append(text)

    def flag(self, trainee, text):
        self.entry(trainee)["flags"].append(text)

    @property
    def path(self):
        return self.workdir / "reports" / f"{self.exercise}-{self.command}.json"

    def counts(self):
        return {s: sum(e["status"] == s for e in self.trainees.values()) for s in STATUSES}

    def text(self):
        counts = self.counts()
        lines = [f"{self.command} {self.exercise}: " + ", ".join(f"{n} {s}" for s, n in counts.items() if n) or "nobody",
                 *(f"  ! {line}" for line in self.general)]
        for trainee in sorted(self.trainees):
            entry = self.trainees[trainee]
            score = ""
            if "score" in entry:
                score = f" {entry['score']:g}/{entry['max_score']:g}"
            reason = f": {entry['reason']}" if entry["reason"] else ""
            if entry.get("seconds") is not None:
                score += f" ({entry['seconds']:g} s)"
            lines.append(f"  {trainee:<24} {entry['status']}{score}{reason}")
            lines += [f"      note: {n}" for n in entry["notes"]]
            lines += [f"      FLAG: {f}" for f in entry["flags"]]
        return "\n".join(lines)

    def save(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {"exercise": self.exercise, "command": self.command, "started": self.started,
                "general": self.general, "trainees": self.trainees}
        self.path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        self.path.with_suffix(".txt").write_text(self.text() + "\n", encoding="utf-8")
        return self.path

    @classmethod
    def load(cls, workdir, exercise, command):
        report = cls(workdir, exercise, command)
        if report.path.is_file():
            data = json.loads(report.path.read_text(encoding="utf-8"))
            report.trainees, report.general, report.started = data["trainees"], data["general"], data["started"]
        return report


# -- due dates and the late rule ------------------------------------------------------------
def parse_due(text):
    """``"YYYY-MM-DD HH:MM"`` on the trainer's clock, as a naive UTC datetime (nbgrader's form)."""
    try:
        local = dt.datetime.strptime(text.strip(), "%Y-%m-%d %H:%M")
    except ValueError:
        raise CPInputError(f"The due date {text!r} is not in the form YYYY-MM-DD HH:MM.",
                           fix='Write it like --due "2026-12-04 17:00" (your computer\'s local time).') from None
    return local.astimezone().astimezone(dt.timezone.utc).replace(tzinfo=None)


def parse_late_rule(text):
    """``refuse``, ``penalty=P`` (points per started hour) or ``penalty=P%`` (of the score per started hour)."""
    text = (text or "none").strip().lower().replace(" ", "")
    if text in ("none", "accept"):
        return {"kind": "none"}
    if text == "refuse":
        return {"kind": "refuse"}
    match = re.fullmatch(r"penalty=(\d+(?:\.\d+)?)(%?)", text)
    if match:
        return {"kind": "percent" if match[2] else "points", "per_hour": float(match[1])}
    raise CPInputError(f"The late rule {text!r} is not one cp-trainer knows.",
                       fix="Use --late refuse, --late penalty=1 (points per hour late) or --late penalty=10% "
                       "(of the score per hour late).")


def late_penalty(rule, score, seconds_late):
    """The points taken off a score submitted ``seconds_late`` after the due date."""
    if seconds_late <= 0 or rule["kind"] in ("none", "refuse"):
        return 0.0
    hours = math.ceil(seconds_late / 3600)
    if rule["kind"] == "points":
        penalty = rule["per_hour"] * hours
    else:
        penalty = score * rule["per_hour"] / 100 * hours
    return round(min(max(penalty, 0.0), score), 2)


def describe_rule(rule):
    if rule["kind"] == "points":
        return f"{rule['per_hour']:g} points off per started hour late"
    if rule["kind"] == "percent":
        return f"{rule['per_hour']:g} % of the score off per started hour late"
    return {"refuse": "late submissions refused", "none": "late submissions accepted without penalty"}[rule["kind"]]


try:
    from nbgrader.plugins import BasePlugin
    from traitlets import Unicode
except ImportError:  # pragma: no cover
    BasePlugin = None

if BasePlugin is not None:

    class LateRule(BasePlugin):
        """nbgrader's late-submission plugin for the course's rule (see :func:`parse_late_rule`)."""

        rule = Unicode("none", help="refuse, penalty=P or penalty=P%").tag(config=True)

        def late_submission_penalty(self, student_id, score, total_seconds_late):
            return late_penalty(parse_late_rule(self.rule), score, total_seconds_late)


# -- feedback pages -----------------------------------------------------------------------
def question_names(notebook):
    """For each graded cell's grade_id, the heading of the question it belongs to."""
    names, heading = {}, None
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                match = re.match(r"#{1,4}\s+(.*\S)", line)
                if match:
                    heading = match[1]
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade") or meta.get("task"):
            names[meta["grade_id"]] = heading or meta["grade_id"]
    return names


_MATH = re.compile(r"\$\$(.+?)\$\$|(?<![\\$])\$(?!\s)([^$\n]+?)(?<!\s)\$", re.S)


def render_math(markdown):
    """LaTeX between $...$ or $$...$$ as MathML: a browser shows it without MathJax or network."""
    import latex2mathml.converter

    def convert(match):
        block = match[1] is not None
        latex = (match[1] if block else match[2]).strip()
        try:
            mathml = latex2mathml.converter.convert(latex, display="block" if block else "inline")
        except Exception:
            return match[0]
        return f"\n\n{mathml}\n\n" if block else mathml

    return _MATH.sub(convert, markdown)


def clean_html(page, names):
    """The exported page with questions named in the contents and no script fetched from a CDN."""
    for grade_id, name in names.items():
        label = html.escape(name)
        for kind in ("Test cell", "Written response", "Coding free-response", "Task"):
            page = page.replace(f'<a href="#{grade_id}">{kind}</a>', f'<a href="#{grade_id}">{label}</a>')
        page = page.replace(f"Grade cell: <code>{grade_id}</code>", f"Checks: {label}")
    page = re.sub(r"<script[^>]*src=\"https?://[^\"]*\"[^>]*>\s*</script>", "", page)
    page = re.sub(r"<script[^>]*>\s*(?:(?!</script>).)*MathJax(?:(?!</script>).)*</script>", "", page, flags=re.S)
    return page
