"""The trainer's commands: from master notebooks to exported grades.

Trainers run these from the course folder, without JupyterHub and without
knowing nbgrader's internals::

    cp-trainer student-versions                 # solutions/ -> exercises/
    cp-trainer release m1-first-balance         # a zip to hand out to trainees
    cp-trainer collect m1-first-balance inbox/  # zips or folders named by trainee
    cp-trainer autograde m1-first-balance       # run and score every submission
    cp-trainer mark m1-first-balance --from marks.csv  # written answers, by hand
    cp-trainer feedback m1-first-balance        # an HTML page per trainee
    cp-trainer grades                           # every score to course/grades.csv
    cp-trainer trainee-package                  # the course without answers, for trainees
    cp-trainer certificates                     # who qualifies, and a PDF certificate each

Each command wraps nbgrader with the course's configuration
(``course/nbgrader_config.py``). ``--course-dir`` points at another working
folder for submissions and grades (a folder per workshop, say); the masters
are always those of the course. Autograding runs each submission in a
sandbox, several at once (``cpkit/grading_sandbox.py``); ``collect`` and
``autograde`` print a report per trainee and save it in ``reports/``.
"""

import argparse
import csv
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
import zipfile
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from cpkit import grading_sandbox as sandbox
from cpkit.errors import CPInputError, did_you_mean
from cpkit.trainer_report import (Report, describe_rule, parse_due, parse_late_rule)

CONFIG_NAME = "nbgrader_config.py"
TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S.%f UTC"


def find_course_root(start=None):
    """The course folder: the nearest folder up from ``start`` holding course/nbgrader_config.py."""
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "course" / CONFIG_NAME).is_file():
            return folder
    package_home = Path(__file__).resolve().parents[2]
    if (package_home / "course" / CONFIG_NAME).is_file():
        return package_home
    raise CPInputError(
        "No course folder found: there is no course/nbgrader_config.py here or above.",
        fix="Run cp-trainer from inside the course folder (the one with README.md and course/).",
    )


def renamed_pattern(name):
    """What browsers and file managers make of ``name.ipynb``: ``name (1).ipynb``, ``name-copy.ipynb``..."""
    return re.compile(
        rf"^{re.escape(name)}(?:\s?\(\d+\)|[-_ ]?copy(?:[-_ ]?\d+)?|\s-\sCopy(?:\s\(\d+\))?|[-_ ]\d)\.ipynb$",
        re.IGNORECASE,
    )


def _hidden(part):
    return part.startswith(".") or part in ("__MACOSX", ".ipynb_checkpoints")


class Course:
    """A working folder for one run of the course, with the course's masters.

    ``workdir`` holds submissions, autograded copies, feedback, reports and
    the gradebook. By default it is the course's own ``course/`` folder.
    """

    def __init__(self, workdir=None, root=None, timeout=None, budget=None, workers=None, memory_mb=None):
        self.root = Path(root) if root else find_course_root()
        self.config = self.root / "course" / CONFIG_NAME
        self.workdir = Path(workdir).resolve() if workdir else self.root / "course"
        self.timeout = timeout
        self.budget = budget
        self.workers = workers
        self.memory_mb = memory_mb
        if self.workdir != self.config.parent:
            self._write_local_config()

    # -- folders ---------------------------------------------------------
    @property
    def solutions(self):
        return self.root / "solutions"

    @property
    def exercises(self):
        return self.root / "exercises"

    @property
    def gradebook_path(self):
        return self.workdir / "gradebook.db"

    @property
    def db_url(self):
        return f"sqlite:///{self.gradebook_path}"

    def assignments(self):
        """Names of all exercises (one folder each in solutions/)."""
        return sorted(p.name for p in self.solutions.iterdir() if p.is_dir() and any(p.glob("*.ipynb")))

    def _check_assignment(self, name):
        known = self.assignments()
        if name not in known:
            suggestion = did_you_mean(name, known, cutoff=0.6)
            suggestion = f" {suggestion}" if suggestion else ""
            raise CPInputError(
                f"There is no exercise called {name!r}.{suggestion}",
                fix="Exercises are: " + ", ".join(known) + ".",
            )

    def _write_local_config(self):
        self.workdir.mkdir(parents=True, exist_ok=True)
        lines = [
            "# Working folder of the CP course: settings come from the course's own configuration.",
            "c = get_config()  # noqa: F821",
            f"load_subconfig(r'{self.config}')",
            f"c.CourseDirectory.root = r'{self.workdir}'",
            f"c.CourseDirectory.db_url = r'sqlite:///{self.workdir / 'gradebook.db'}'",
        ]
        (self.workdir / CONFIG_NAME).write_text("\n".join(lines) + "\n")

    # -- nbgrader ------------------------------------------------------------
    def _nbgrader_command(self, args):
        # nbgrader calls tools of its environment (alembic) by name.
        env = dict(os.environ, PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
        return [sys.executable, "-m", "nbgrader", *args], dict(cwd=self.workdir, text=True, env=env)

    def nbgrader(self, *args, check=True):
        """Run one nbgrader command in the working folder; return its output."""
        command, options = self._nbgrader_command(args)
        result = subprocess.run(command, capture_output=True, **options)
        if check and result.returncode != 0:
            errors = [line for line in result.stderr.splitlines() if "[ERROR]" in line or "Error" in line]
            raise CPInputError(
                f"nbgrader {args[0]} failed:\n" + "\n".join(errors[-12:] or result.stderr.splitlines()[-12:]),
                fix="Read the lines above; `nbgrader " + " ".join(args) + "` run in "
                f"{self.workdir} shows the whole log.",
            )
        return result.stdout + result.stderr

    def sandbox_settings(self):
        return {"timeout": int(self.timeout or sandbox.CELL_TIMEOUT), "budget": int(self.budget or sandbox.BUDGET),
                "memory_mb": int(self.memory_mb or sandbox.MEMORY_MB), "output_chars": sandbox.OUTPUT_CHARS}

    # -- the workflow --------------------------------------------------------
    def student_versions(self, names=None, release_dir=None):
        """Generate student versions of the exercises from their masters.

        Returns the folder they were written to (``exercises/`` by default).
        """
        names = names or self.assignments()
        extra = [f"--CourseDirectory.release_directory={release_dir}"] if release_dir else []
        for name in names:
            self._check_assignment(name)
            self.nbgrader("generate_assignment", name, "--force", *extra)
        return Path(release_dir) if release_dir else self.exercises

    def _rules_path(self, name):
        return self.workdir / "due" / f"{name}.json"

    def due(self, name):
        """The due date (naive UTC) and late rule set at release, or ``(None, rule none)``."""
        path = self._rules_path(name)
        if not path.is_file():
            return None, {"kind": "none"}
        data = json.loads(path.read_text())
        due = dt.datetime.fromisoformat(data["due_utc"]) if data.get("due_utc") else None
        return due, parse_late_rule(data.get("late", "none"))

    def release(self, name, due=None, late=None):
        """Zip the student version of an exercise, ready to hand out; record its due date and late rule."""
        self._check_assignment(name)
        source = self.exercises / name
        if not source.is_dir():
            raise CPInputError(f"{name} has no student version yet.", fix="Run `cp-trainer student-versions` first.")
        if due or late:
            due_utc = parse_due(due) if due else None
            rule = parse_late_rule(late)
            if rule["kind"] != "none" and due_utc is None:
                raise CPInputError("A late rule needs a due date.", fix='Add --due "YYYY-MM-DD HH:MM".')
            path = self._rules_path(name)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps({"due": due, "due_utc": due_utc.isoformat() if due_utc else None,
                                        "late": late or "none"}, indent=1) + "\n")
        out = self.workdir / "releases" / f"{name}.zip"
        out.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(source.rglob("*")):
                if path.is_file():
                    archive.write(path, Path(name) / path.relative_to(source))
        return out

    # -- collect -------------------------------------------------------------
    def collect(self, name, inbox):
        """Collect submissions from a folder of zip files and/or per-trainee folders.

        Each trainee's work is ``<trainee id>.zip`` or a folder ``<trainee id>/``
        holding the exercise notebook (at any depth). A notebook renamed the way
        browsers do (``name (1).ipynb``, ``name-copy.ipynb``) is accepted with a
        note; a broken file is collected and named in the report; a late
        submission is refused where the rule says so. Returns the trainee ids
        collected; the report is in ``self.last_report``.
        """
        self._check_assignment(name)
        inbox = Path(inbox)
        if not inbox.exists():
            raise CPInputError(f"The folder {inbox} does not exist.", fix="Give the folder that holds the zip files.")
        report = Report(self.workdir, name, "collect")
        due, rule = self.due(name)
        items = [inbox] if inbox.is_file() else sorted(inbox.iterdir())
        for item in items:
            if _hidden(item.name):
                continue
            if item.is_file() and item.suffix.lower() != ".zip":
                trainee = unicodedata.normalize("NFC", item.stem)
                report.set(trainee, "skipped", f"{item.name} is neither a zip file nor a folder")
                continue
            trainee = unicodedata.normalize("NFC", item.stem if item.is_file() else item.name).strip()
            try:
                found = self._notebooks_in(item)
            except zipfile.BadZipFile:
                report.set(trainee, "failed", f"{item.name} is not a readable zip file")
                continue
            exact = [f for f in found if f[0].rsplit("/", 1)[-1] == f"{name}.ipynb"]
            pattern = renamed_pattern(name)
            renamed = [f for f in found if pattern.match(f[0].rsplit("/", 1)[-1])]
            chosen = (exact or renamed or [None])[0]
            if chosen is None:
                seen = ", ".join(sorted(f[0] for f in found)) or "no notebook at all"
                report.set(trainee, "failed", f"{item.name} holds no {name}.ipynb (found: {seen})")
                continue
            member, read, others, submitted_at = chosen
            if not exact:
                report.note(trainee, f"notebook renamed {member.rsplit('/', 1)[-1]!r}: accepted as {name}.ipynb")
            late_by = (submitted_at - due).total_seconds() if due else 0
            if late_by > 0:
                late_text = f"submitted {_duration(late_by)} after the due date"
                if rule["kind"] == "refuse":
                    report.set(trainee, "skipped", f"{late_text}: refused ({describe_rule(rule)})")
                    continue
                report.note(trainee, f"{late_text} ({describe_rule(rule)})")
            dest = self.workdir / "submitted" / trainee / name
            if dest.exists():
                shutil.rmtree(dest)
            dest.mkdir(parents=True)
            content = read()
            (dest / f"{name}.ipynb").write_bytes(content)
            for other_name, other_read in others:
                (dest / other_name).write_bytes(other_read())
            (dest / "timestamp.txt").write_text(submitted_at.strftime(TIMESTAMP_FORMAT) + "\n")
            problem = notebook_problem(content)
            entry = report.set(trainee, "failed" if problem else "collected",
                               f"{item.name}: {member} {problem}" if problem else "")
            entry["submitted"] = submitted_at.isoformat(sep=" ", timespec="minutes") + " UTC"
        report.save()
        self.last_report = report
        return sorted(t for t, e in report.trainees.items() if e["status"] in ("collected", "failed")
                      and (self.workdir / "submitted" / t / name).is_dir())

    def _notebooks_in(self, item):
        """``(path inside, read(), [(other file, read())], submitted at)`` for each notebook of a zip or folder."""
        found = []
        if item.is_file():
            archive = zipfile.ZipFile(item)
            submitted_at = _utc(item.stat().st_mtime)
            names = [n for n in archive.namelist() if not n.endswith("/")]
            for member in names:
                parts = member.split("/")
                if member.lower().endswith(".ipynb") and not any(_hidden(p) for p in parts):
                    folder = member.rsplit("/", 1)[0] if "/" in member else ""
                    others = [(n.rsplit("/", 1)[-1], (lambda n=n: archive.read(n))) for n in names
                              if (n.rsplit("/", 1)[0] if "/" in n else "") == folder
                              and not n.lower().endswith(".ipynb") and not _hidden(n.rsplit("/", 1)[-1])
                              and archive.getinfo(n).file_size < 50_000_000]
                    found.append((member, (lambda m=member: archive.read(m)), others, submitted_at))
        else:
            for path in sorted(item.rglob("*.ipynb")):
                relative = path.relative_to(item)
                if any(_hidden(p) for p in relative.parts):
                    continue
                others = [(p.name, p.read_bytes) for p in sorted(path.parent.iterdir())
                          if p.is_file() and p.suffix.lower() != ".ipynb" and not _hidden(p.name)]
                found.append((relative.as_posix(), path.read_bytes, others, _utc(path.stat().st_mtime)))
        return found

    # -- autograde -----------------------------------------------------------
    def collected(self, name):
        return sorted(p.parent.name for p in (self.workdir / "submitted").glob(f"*/{name}") if p.is_dir())

    def autograde(self, name, trainee=None):
        """Run and score every collected submission (or one trainee's) in the sandbox, several at once.

        Returns the report; it is also printed by the command and saved in ``reports/``.
        """
        self._check_assignment(name)
        everyone = self.collected(name)
        if trainee is not None:
            trainee = unicodedata.normalize("NFC", trainee)
            if trainee not in everyone:
                hint = did_you_mean(trainee, everyone, cutoff=0.6) or ""
                raise CPInputError(f"No submission of {name} from {trainee!r} has been collected. {hint}".strip(),
                                   fix="Collected: " + (", ".join(everyone) or "nobody yet") + ".")
            trainees = [trainee]
            report = Report.load(self.workdir, name, "autograde")
        else:
            trainees = everyone
            report = Report(self.workdir, name, "autograde")
        if not trainees:
            raise CPInputError(f"No submission of {name} has been collected in {self.workdir}.",
                               fix=f"Run `cp-trainer collect {name} <inbox folder>` first.")
        mode = sandbox.sandbox_mode()
        if mode == "none":
            sandbox.warn_once()
            report.general.append("graded WITHOUT a sandbox: trainees' code ran with the trainer's rights "
                                  "(install bubblewrap to grade in a sandbox)")
        self._record_master(name)
        due, rule = self.due(name)
        from nbgrader.api import Gradebook

        with Gradebook(self.db_url) as gradebook:
            gradebook.update_or_create_assignment(name, duedate=due)

        settings = self.sandbox_settings()
        cache = self.workdir / ".sandbox-runs" / name
        if trainee is None and cache.exists():
            shutil.rmtree(cache)
        cache.mkdir(parents=True, exist_ok=True)
        # In a sandbox, the trusted side (nbgrader's autograde, which alone
        # writes the gradebook) runs while the sandboxes do, taking each
        # submission as its run ends, and each sandbox starts as soon as its
        # submission is prepared. Without a sandbox, nbgrader runs after them,
        # so that a change a submission made to the gradebook shows in the
        # fingerprint.
        at_once = mode != "none"
        before = self._fingerprint(name, graded=None if at_once else trainees)
        pool = ThreadPoolExecutor(max_workers=max(1, self.workers or default_workers()))
        runs, grader = {}, None
        try:
            for trainee_id, kernel_nb, files in self._prepare(name, trainees, report):
                key = sandbox.run_key(kernel_nb, settings, files)
                if at_once:
                    (cache / f"{key}.pending").touch()
                runs[pool.submit(_timed, sandbox.run_submission, kernel_nb, files, **settings)] = (trainee_id, key,
                                                                                                  kernel_nb)
            ready = [t for t in trainees if report.entry(t)["status"] != "failed"]
            failed = [t for t in everyone if report.trainees.get(t, {}).get("status") == "failed"]
            args = ["autograde", name, "--create", "--force",
                    f"--SandboxExecute.cache_dir={cache}", f"--LateRule.rule={_rule_text(rule)}",
                    *(f"--SandboxExecute.{k}={v}" for k, v in settings.items())]
            if trainee is not None:
                args.append(f"--CourseDirectory.student_id={trainee}")
            elif failed:
                args.append(f"--CourseDirectory.student_id_exclude={','.join(failed)}")
            if at_once and ready:
                waits = len(runs) * (settings["budget"] + 120)
                command, options = self._nbgrader_command([*args, f"--SandboxExecute.wait={waits}"])
                grader = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **options)
            self._store_runs(runs, cache, report)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            sandbox.stop_all()
            if grader is not None:
                grader.kill()
                grader.wait()
            raise
        pool.shutdown()
        after = self._fingerprint(name, graded=None if at_once else trainees)
        changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
        if changed:
            report.general.append("FILES CHANGED while submissions ran (look at these submissions): "
                                  + ", ".join(changed[:20]))
        if ready:
            log = grader.communicate()[0] if grader is not None else self.nbgrader(*args, check=False)
            self._verify(name, ready, report, log)
        report.save()
        self.last_report = report
        return report

    def _record_master(self, name):
        """Record the exercise's graded cells in this folder's gradebook, again only when its master changed.

        The copy written in ``generated/`` is scratch; ``exercises/`` is left as it is.
        """
        digest = hashlib.sha256(Path(self.config).read_bytes())
        for path in sorted((self.solutions / name).rglob("*")):
            if path.is_file() and ".ipynb_checkpoints" not in path.parts:
                digest.update(str(path.relative_to(self.solutions)).encode() + path.read_bytes())
        stamp = self.workdir / "generated" / name / ".master.sha256"
        if (stamp.is_file() and stamp.read_text() == digest.hexdigest() and self.gradebook_path.is_file()
                and stamp.with_name(f"{name}.ipynb").is_file()):
            return
        self.student_versions([name], release_dir=self.workdir / "generated")
        stamp.write_text(digest.hexdigest())

    def _fingerprint(self, name, graded=None):
        """Hashes of what no submission may change: masters, submissions, other trainees' graded copies.

        With ``graded=None`` the gradebook and the graded copies are being
        written while the submissions run, and are left out.
        """
        bases = [self.solutions / name, self.exercises / name, self.workdir / "submitted"]
        if graded is not None:
            bases.append(self.workdir / "autograded")
        found = {}
        for base in bases:
            if base.is_dir():
                for path in base.rglob("*"):
                    if path.is_file():
                        found[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
        if graded is not None and self.gradebook_path.is_file():
            found[str(self.gradebook_path)] = hashlib.sha256(self.gradebook_path.read_bytes()).hexdigest()
        return found

    def _prepare(self, name, trainees, report):
        """Each submission restored as nbgrader restores it, its kernel notebook and files; flags changed cells.

        Yields ``(trainee, kernel notebook, files)`` one submission at a time, so that each can start
        running while the next is prepared.
        """
        import nbformat
        from nbgrader.api import MissingEntry
        from nbgrader.preprocessors import ClearOutput, DeduplicateIds, OverwriteCells

        master_files = {p.name: p for p in sandbox.submission_files(self.solutions / name)}
        released = self.workdir / "generated" / name / f"{name}.ipynb"
        known = {}
        for cell in nbformat.read(released, as_version=4).cells:
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("grade_id") and (meta.get("locked") or (meta.get("grade") and not meta.get("solution"))):
                known[meta["grade_id"]] = cell
        for trainee in trainees:
            folder = self.workdir / "submitted" / trainee / name
            path = folder / f"{name}.ipynb"
            entry = report.entry(trainee)
            entry.update(status="graded", reason="", flags=[])
            if not path.is_file():
                report.set(trainee, "failed", f"no {name}.ipynb in the submission")
                continue
            problem = notebook_problem(path.read_bytes())
            if problem:
                report.set(trainee, "failed", f"{path.name} {problem}")
                continue
            notebook = nbformat.read(path, as_version=4)
            seen = set()
            for cell in notebook.cells:
                grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
                if grade_id in known:
                    seen.add(grade_id)
                    if cell.source != known[grade_id].source or cell.cell_type != known[grade_id].cell_type:
                        report.flag(trainee, f"cell {grade_id} changed against the exercise (graded with the master's)")
            for grade_id in known:
                if grade_id not in seen:
                    report.flag(trainee, f"cell {grade_id} deleted (put back from the master)")
            resources = {"nbgrader": {"db_url": self.db_url, "assignment": name, "notebook": name,
                                      "student": trainee}}
            try:
                for step in (ClearOutput(), DeduplicateIds(), OverwriteCells(add_missing_cells=True)):
                    notebook, resources = step.preprocess(notebook, resources)
                kernel_nb, _ = sandbox.kernel_notebook(notebook)
                for problem in kernel_nb.metadata["cpkit"]["graded_in_kernel"]:
                    line = f"graded inside the kernel, where its checks could be replaced: {problem}"
                    if line not in report.general:
                        report.general.append(line)
            except (MissingEntry, ValueError, KeyError) as problem:
                report.set(trainee, "failed", f"{path.name} could not be prepared for grading: {problem}")
                continue
            files = {p.name: p for p in sandbox.submission_files(folder)}
            files.update(master_files)
            yield trainee, kernel_nb, sorted(files.values())

    @staticmethod
    def _store_runs(runs, cache, report):
        """Keep each sandbox run as it ends, under its key (nbgrader's autograde takes it from there)."""
        import nbformat

        for future in as_completed(runs):
            trainee, key, kernel_nb = runs[future]
            try:
                executed, seconds = future.result()
            except sandbox.SandboxFailure as problem:
                executed, seconds = sandbox.failed_run(kernel_nb, str(problem)), None
                report.note(trainee, f"not run to the end: {problem}")
            report.entry(trainee)["seconds"] = seconds
            sandbox.store_run(cache, key, nbformat.writes(executed))

    def _verify(self, name, trainees, report, log):
        """Scores from the gradebook; failures named; scores above the maximum flagged."""
        from nbgrader.api import Gradebook, MissingEntry

        with Gradebook(self.db_url) as gradebook:
            for trainee in trainees:
                graded = self.workdir / "autograded" / trainee / name / f"{name}.ipynb"
                try:
                    submission = gradebook.find_submission(name, trainee)
                except MissingEntry:
                    submission = None
                if submission is None or not graded.is_file():
                    lines = [line for line in log.splitlines() if trainee in line and "ERROR" in line.upper()]
                    report.set(trainee, "failed", "nbgrader could not grade it" + (": " + lines[-1] if lines else ""))
                    continue
                entry = report.entry(trainee)
                entry["score"], entry["max_score"] = submission.score, submission.max_score
                if submission.late_submission_penalty:
                    report.note(trainee, f"late: {submission.late_submission_penalty:g} points off")
                if submission.score > submission.max_score + 1e-9:
                    report.flag(trainee, f"score {submission.score:g} is above the maximum {submission.max_score:g}")
                for notebook in submission.notebooks:
                    for grade in notebook.grades:
                        if grade.score is not None and grade.score > grade.max_score + 1e-9:
                            report.flag(trainee, f"{grade.name}: {grade.score:g} above its maximum {grade.max_score:g}")

    # -- marks given by hand --------------------------------------------------
    def mark(self, name, trainee, question, points, comment=None):
        """Give the points of one question (a written answer, or an override) to one trainee."""
        from nbgrader.api import Gradebook, MissingEntry

        self._check_assignment(name)
        if not self.gradebook_path.is_file():
            raise CPInputError(f"No gradebook in {self.workdir}.", fix=f"Run `cp-trainer autograde {name}` first.")
        trainee = unicodedata.normalize("NFC", str(trainee).strip())
        with Gradebook(self.db_url) as gradebook:
            try:
                notebook = gradebook.find_notebook(name, name)
            except MissingEntry:
                raise CPInputError(f"{name} has not been autograded in {self.workdir}.",
                                   fix=f"Run `cp-trainer autograde {name}` first.") from None
            questions = {cell.name: cell for cell in notebook.grade_cells}
            if question not in questions:
                written = [q for q, c in questions.items() if c.cell_type == "markdown"]
                hint = did_you_mean(question, list(questions), cutoff=0.5) or ""
                raise CPInputError(f"{name} has no graded question {question!r}. {hint}".strip(),
                                   fix="Graded cells: " + ", ".join(sorted(questions))
                                   + (f"; written answers: {', '.join(written)}" if written else "") + ".")
            try:
                grade = gradebook.find_grade(question, name, name, trainee)
            except MissingEntry:
                raise CPInputError(f"No graded submission of {name} from {trainee!r}.",
                                   fix="Check the trainee id in the grades (cp-trainer grades).") from None
            try:
                points = float(points)
            except (TypeError, ValueError):
                raise CPInputError(f"{points!r} is not a number of points.", fix="Give points like 2 or 1.5.") from None
            if not 0 <= points <= grade.max_score:
                raise CPInputError(f"{question} is worth 0 to {grade.max_score:g} points, not {points:g}.",
                                   fix="Give points within the question's maximum.")
            grade.manual_score = points
            grade.needs_manual_grade = False
            if comment:
                try:
                    gradebook.find_comment(question, name, name, trainee).manual_comment = comment
                except MissingEntry:
                    pass
            gradebook.db.commit()
        return points

    def mark_from_csv(self, name, path):
        """Marks from a CSV file with columns trainee, question, points and (optional) comment."""
        path = Path(path)
        if not path.is_file():
            raise CPInputError(f"The file {path} does not exist.", fix="Give the CSV file of marks.")
        with open(path, newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.DictReader(handle))
        missing = {"trainee", "question", "points"} - set(rows[0] if rows else {})
        if missing:
            raise CPInputError(f"{path.name} lacks the column(s) {', '.join(sorted(missing))}.",
                               fix="First line: trainee,question,points,comment")
        for number, row in enumerate(rows, start=2):
            try:
                self.mark(name, row["trainee"], row["question"].strip(), row["points"], row.get("comment") or None)
            except CPInputError as problem:
                raise CPInputError(f"{path.name}, line {number}: {problem.args[0]}", fix=problem.fix) from None
        return len(rows)

    # -- feedback and grades --------------------------------------------------
    def feedback(self, name, reveal=False, trainee=None):
        """Write an HTML feedback page for each graded submission (hidden tests left out unless ``reveal``)."""
        import nbformat
        from nbconvert import HTMLExporter
        from nbgrader.preprocessors import ClearHiddenTests, GetGrades

        from cpkit.trainer_report import clean_html, question_names, render_math

        self._check_assignment(name)
        import nbgrader

        formgrader = Path(nbgrader.__file__).parent / "server_extensions" / "formgrader"
        templates = formgrader / "templates"
        bootstrap = formgrader / "static" / "node_modules" / "bootstrap" / "dist" / "css"
        pages = sorted((self.workdir / "autograded").glob(f"*/{name}/{name}.ipynb"))
        if trainee is not None:
            pages = [p for p in pages if p.parents[1].name == unicodedata.normalize("NFC", trainee)]
        if not pages:
            raise CPInputError(f"No graded submission of {name} in {self.workdir}.",
                               fix=f"Run `cp-trainer autograde {name}` first.")
        for path in pages:
            student = path.parents[1].name
            notebook = nbformat.read(path, as_version=4)
            names = question_names(notebook)
            resources = {"nbgrader": {"db_url": self.db_url, "assignment": name, "notebook": name,
                                      "student": student}}
            if not reveal:
                notebook, resources = ClearHiddenTests().preprocess(notebook, resources)
            for cell in notebook.cells:
                if cell.cell_type == "markdown":
                    cell.source = render_math(cell.source)
            notebook, resources = GetGrades().preprocess(notebook, resources)
            exporter = HTMLExporter(template_name="feedback", extra_template_basedirs=[str(templates)],
                                    extra_template_paths=[str(bootstrap)])
            page, _ = exporter.from_notebook_node(notebook, resources=resources)
            out = self.workdir / "feedback" / student / name / f"{name}.html"
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(clean_html(page, names), encoding="utf-8")
        return self.workdir / "feedback"

    def grades(self, to=None):
        """Export every score to a CSV file and return its rows.

        Beside nbgrader's columns, ``status`` says graded, failed (not a zero:
        the file could not be graded), to mark by hand, or not submitted, and
        ``note`` says why.
        """
        out = Path(to) if to else self.workdir / "grades.csv"
        if not self.gradebook_path.is_file():
            raise CPInputError(f"There is no gradebook in {self.workdir}: nothing has been graded there.",
                               fix="Run cp-trainer autograde first, or give the --course-dir you graded in.")
        self.nbgrader("export", f"--to={out.resolve()}")
        with open(out, newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        rows = self._with_status(rows)
        if not any(row["status"] in ("graded", "failed", "to mark by hand") for row in rows):
            print(f"cp-trainer: WARNING: the gradebook in {self.workdir} holds no graded submission; "
                  f"{out} has no scores.", file=sys.stderr)
        fields = list(rows[0].keys()) if rows else ["assignment", "student_id", "score", "max_score", "status", "note"]
        with open(out, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields)
            writer.writeheader()
            writer.writerows(rows)
        return rows

    def _with_status(self, rows):
        from nbgrader.api import Gradebook, MissingEntry

        reports = {}
        out = []
        with Gradebook(self.db_url) as gradebook:
            for row in rows:
                name, student = row["assignment"], row["student_id"]
                report = reports.setdefault(name, Report.load(self.workdir, name, "autograde"))
                entry = report.trainees.get(student, {})
                status, note = "graded", "; ".join(entry.get("notes", []) + entry.get("flags", []))
                if entry.get("status") == "failed":
                    status, note = "failed", entry.get("reason", "")
                    row.update(raw_score="", score="", late_submission_penalty="")
                elif not row.get("timestamp") and not entry:
                    try:
                        submission = gradebook.find_submission(name, student)
                    except MissingEntry:
                        submission = None
                    if submission is None:
                        status, note = "not submitted", ""
                if status == "graded":
                    try:
                        if gradebook.find_submission(name, student).needs_manual_grade:
                            status = "to mark by hand"
                    except MissingEntry:
                        pass
                row.update(status=status, note=note)
                out.append(row)
            listed = {(r["assignment"], r["student_id"]) for r in out}
            for name, report in reports.items():
                for student, entry in report.trainees.items():
                    if entry.get("status") == "failed" and (name, student) not in listed:
                        row = dict.fromkeys(out[0] if out else [], "")
                        row.update(assignment=name, student_id=student, status="failed",
                                   note=entry.get("reason", ""))
                        out.append(row)
        return out

    # -- what trainees get ------------------------------------------------------
    TRAINEE_FILES = ("README.md", "LICENSE", "LICENSE-CONTENT.md", "requirements.txt", "environment.yml",
                     "Makefile", "modules", "exercises", "shared_lib", "scripts",
                     "course/syllabus.md", "course/course.yml")
    NOT_FOR_TRAINEES = ("BEGIN SOLUTION", "BEGIN HIDDEN TESTS")

    def trainee_package(self, to=None):
        """A zip of the course for trainees: modules, tools, exercises, the library; no answers.

        Left out: ``solutions/``, the trainer's notes and guide, the grading
        configuration, tests and anything a trainer's working folder holds.
        A file holding a solution or a hidden test stops the command.
        """
        out = Path(to) if to else self.workdir / "releases" / "cp-course-for-trainees.zip"
        out.parent.mkdir(parents=True, exist_ok=True)
        files = []
        for entry in self.TRAINEE_FILES:
            path = self.root / entry
            candidates = [path] if path.is_file() else sorted(path.rglob("*")) if path.is_dir() else []
            for file in candidates:
                relative = file.relative_to(self.root)
                if not file.is_file() or any(_hidden(p) or p in ("__pycache__", "build", "dist") or
                                             p.endswith(".egg-info") for p in relative.parts):
                    continue
                if file.suffix in (".pyc", ".db") or file.name.endswith(".cpkit.json"):
                    continue
                files.append((file, relative))
        for file, relative in files:
            if file.suffix in (".ipynb", ".py", ".md", ".txt", ".json", ".yml", ".csv"):
                text = file.read_text(encoding="utf-8", errors="replace")
                if any(marker in text for marker in self.NOT_FOR_TRAINEES) and relative.parts[0] != "shared_lib":
                    raise CPInputError(f"{relative} holds a solution or a hidden test; the package was not made.",
                                       fix="Regenerate exercises/ with `cp-trainer student-versions`.")
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for file, relative in files:
                archive.write(file, Path("cp-course") / relative)
        return out


def notebook_problem(content):
    """Why ``content`` is not a readable notebook (``None`` if it is one)."""
    import nbformat

    if content[:8] == b"\x89PNG\r\n\x1a\n":
        return "is a PNG image, not a notebook"
    if content[:4] == b"PK\x03\x04":
        return "is a zip file, not a notebook"
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return "is not a notebook (not text)"
    if not text.strip():
        return "is empty"
    try:
        notebook = nbformat.reads(text, as_version=4)
    except Exception as problem:
        first = str(problem).splitlines()[0][:120]
        return f"is not a readable notebook ({first})"
    if not isinstance(notebook.get("cells"), list):
        return "is not a notebook (no cells)"
    return None


def _utc(timestamp):
    return dt.datetime.fromtimestamp(timestamp, dt.timezone.utc).replace(tzinfo=None)


def _duration(seconds):
    minutes = int(seconds // 60)
    return f"{minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else f"{max(minutes, 1)} min"


def _rule_text(rule):
    if rule["kind"] == "points":
        return f"penalty={rule['per_hour']:g}"
    if rule["kind"] == "percent":
        return f"penalty={rule['per_hour']:g}%"
    return rule["kind"]


def default_workers():
    """Submissions run at once: two per core, since a run spends part of its time waiting (a kernel
    starting, messages between the kernel and its client), but no more than one per GB of memory."""
    cores = os.cpu_count() or 1
    try:
        memory_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    except (AttributeError, ValueError, OSError):  # pragma: no cover  (Windows)
        memory_gb = 2 * cores
    return max(1, min(2 * cores, int(memory_gb)))


def _timed(function, *args, **kwargs):
    import time

    started = time.monotonic()
    result = function(*args, **kwargs)
    return result, round(time.monotonic() - started, 1)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="cp-trainer", description=__doc__.split("\n\n")[0])
    parser.add_argument("--course-dir", help="working folder for submissions and grades (default: course/)")
    parser.add_argument("--timeout", type=int, help=f"seconds a cell may run when autograding ({sandbox.CELL_TIMEOUT})")
    parser.add_argument("--budget", type=int, help=f"seconds a whole submission may run ({sandbox.BUDGET})")
    parser.add_argument("--workers", type=int,
                        help=f"submissions graded at once (default: two per core, {default_workers()})")
    parser.add_argument("--memory", type=int, help=f"memory of each sandbox in MB ({sandbox.MEMORY_MB})")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("student-versions", help="regenerate exercises/ from solutions/").add_argument(
        "assignments", nargs="*")
    release = commands.add_parser("release", help="zip a student version for trainees")
    release.add_argument("assignment")
    release.add_argument("--due", help='due date, "YYYY-MM-DD HH:MM" (local time)')
    release.add_argument("--late", help="refuse, penalty=P (points per started hour) or penalty=P%% (of the score)")
    collect = commands.add_parser("collect", help="collect submissions from a folder of zips or folders")
    collect.add_argument("assignment")
    collect.add_argument("inbox")
    autograde = commands.add_parser("autograde", help="score every submission (or one trainee's)")
    autograde.add_argument("assignment")
    autograde.add_argument("--trainee", help="regrade this trainee only")
    mark = commands.add_parser("mark", help="points given by hand (written answers)")
    mark.add_argument("assignment")
    mark.add_argument("--from", dest="marks", help="CSV file: trainee,question,points,comment")
    mark.add_argument("--trainee")
    mark.add_argument("--question", help="grade id of the question, e.g. q5-answer")
    mark.add_argument("--points", type=float)
    mark.add_argument("--comment")
    feedback = commands.add_parser("feedback", help="feedback pages for trainees")
    feedback.add_argument("assignment")
    feedback.add_argument("--reveal-tests", action="store_true", help="show the hidden tests (after the workshop)")
    feedback.add_argument("--trainee")
    commands.add_parser("grades", help="export grades to CSV").add_argument("--to")
    commands.add_parser("trainee-package", help="the course for trainees, without answers").add_argument("--to")
    certificates = commands.add_parser("certificates", help="who qualifies (and why not); one PDF certificate each")
    for option in ("--grades", "--reports", "--out", "--date"):
        certificates.add_argument(option)
    args = parser.parse_args(argv)

    try:
        course = Course(args.course_dir, timeout=args.timeout, budget=args.budget, workers=args.workers,
                        memory_mb=args.memory)
        if args.command == "student-versions":
            where = course.student_versions(args.assignments)
            print(f"Student versions written to {where}")
        elif args.command == "release":
            out = course.release(args.assignment, due=args.due, late=args.late)
            due, rule = course.due(args.assignment)
            if due:
                print(f"Due {args.due} (local time); {describe_rule(rule)}.")
            print(f"Hand this out: {out}")
        elif args.command == "collect":
            ids = course.collect(args.assignment, args.inbox)
            print(course.last_report.text())
            print(f"Collected {len(ids)} submissions: {', '.join(ids)}")
            print(f"Report saved in {course.last_report.path.with_suffix('.txt')}")
        elif args.command == "autograde":
            report = course.autograde(args.assignment, trainee=args.trainee)
            print(report.text())
            print(f"Report saved in {report.path.with_suffix('.txt')}")
            print(f"Next: cp-trainer feedback {args.assignment}; cp-trainer grades")
        elif args.command == "mark":
            if args.marks:
                count = course.mark_from_csv(args.assignment, args.marks)
                print(f"{count} marks written to the gradebook. Next: cp-trainer grades")
            elif args.trainee and args.question and args.points is not None:
                course.mark(args.assignment, args.trainee, args.question, args.points, args.comment)
                print(f"{args.trainee}, {args.question}: {args.points:g} points written to the gradebook.")
            else:
                raise CPInputError("cp-trainer mark needs --from marks.csv, or --trainee, --question and --points.",
                                   fix="e.g. cp-trainer mark m1-first-balance --trainee an --question q5 --points 2")
        elif args.command == "feedback":
            where = course.feedback(args.assignment, reveal=args.reveal_tests, trainee=args.trainee)
            print(f"Feedback pages in {where}")
        elif args.command == "grades":
            rows = course.grades(args.to)
            print(f"{len(rows)} grades exported to {args.to or course.workdir / 'grades.csv'}")
        elif args.command == "trainee-package":
            print(f"Hand this out to trainees: {course.trainee_package(args.to)}")
        elif args.command == "certificates":
            from cpkit import certificate
            print(certificate.run(course, args.grades, args.reports, args.out, args.date))
    except CPInputError as problem:
        print(f"cp-trainer: {problem}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        sandbox.stop_all()
        print("\ncp-trainer: stopped (Ctrl+C). Grades already written are kept; run the command again "
              "to finish (autograde --trainee ID regrades one trainee).", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
