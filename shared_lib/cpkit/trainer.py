"""The trainer's commands: from master notebooks to exported grades.

Trainers run these from the course folder, without JupyterHub and without
knowing nbgrader's internals::

    cp-trainer student-versions                 # solutions/ -> exercises/
    cp-trainer release m1-first-balance         # a zip to hand out to trainees
    cp-trainer collect m1-first-balance inbox/  # zips or folders named by trainee
    cp-trainer autograde m1-first-balance       # run and score every submission
    cp-trainer feedback m1-first-balance        # an HTML page per trainee
    cp-trainer grades                           # every score to course/grades.csv
    cp-trainer certificates                     # who qualifies, and a PDF certificate each

Each command wraps nbgrader with the course's configuration
(``course/nbgrader_config.py``). ``--course-dir`` points at another working
folder for submissions and grades (a folder per workshop, say); the masters
are always those of the course.
"""

import argparse
import csv
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from cpkit.errors import CPInputError, did_you_mean

CONFIG_NAME = "nbgrader_config.py"


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


class Course:
    """A working folder for one run of the course, with the course's masters.

    ``workdir`` holds submissions, autograded copies, feedback and the
    gradebook. By default it is the course's own ``course/`` folder.
    """

    def __init__(self, workdir=None, root=None, timeout=None):
        self.root = Path(root) if root else find_course_root()
        self.config = self.root / "course" / CONFIG_NAME
        self.workdir = Path(workdir).resolve() if workdir else self.root / "course"
        self.timeout = timeout
        if self.workdir != self.config.parent:
            self._write_local_config()

    # -- folders ---------------------------------------------------------
    @property
    def solutions(self):
        return self.root / "solutions"

    @property
    def exercises(self):
        return self.root / "exercises"

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
    def nbgrader(self, *args, check=True):
        """Run one nbgrader command in the working folder; return its output."""
        command = [sys.executable, "-m", "nbgrader", *args]
        if self.timeout:
            command.append(f"--Execute.timeout={int(self.timeout)}")
        # nbgrader calls tools of its environment (alembic) by name.
        env = dict(os.environ, PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
        result = subprocess.run(command, cwd=self.workdir, capture_output=True, text=True, env=env)
        if check and result.returncode != 0:
            errors = [line for line in result.stderr.splitlines() if "[ERROR]" in line or "Error" in line]
            raise CPInputError(
                f"nbgrader {args[0]} failed:\n" + "\n".join(errors[-12:] or result.stderr.splitlines()[-12:]),
                fix="Read the lines above; `nbgrader " + " ".join(args) + "` run in "
                f"{self.workdir} shows the whole log.",
            )
        return result.stdout + result.stderr

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

    def release(self, name):
        """Zip the student version of an exercise, ready to hand out."""
        self._check_assignment(name)
        source = self.exercises / name
        if not source.is_dir():
            raise CPInputError(f"{name} has no student version yet.", fix="Run `cp-trainer student-versions` first.")
        out = self.workdir / "releases" / f"{name}.zip"
        out.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(source.rglob("*")):
                if path.is_file():
                    archive.write(path, Path(name) / path.relative_to(source))
        return out

    def collect(self, name, inbox):
        """Collect submissions from a folder of zip files and/or per-trainee folders.

        Each trainee's work is ``<trainee id>.zip`` or a folder ``<trainee id>/``
        holding the exercise notebook (at any depth). Returns the trainee ids.
        """
        self._check_assignment(name)
        inbox = Path(inbox)
        if not inbox.exists():
            raise CPInputError(f"The folder {inbox} does not exist.", fix="Give the folder that holds the zip files.")
        archive = self.workdir / "downloaded" / name / "archive"
        if archive.exists():
            shutil.rmtree(archive)
        archive.mkdir(parents=True)
        items = [inbox] if inbox.is_file() else sorted(inbox.iterdir())
        for item in items:
            if item.is_dir():
                shutil.copytree(item, archive / item.name)
            elif item.suffix.lower() == ".zip":
                shutil.copy(item, archive / item.name)
        self.nbgrader("zip_collect", name, "--force")
        submitted = self.workdir / "submitted"
        return sorted(p.parent.name for p in submitted.glob(f"*/{name}"))

    def autograde(self, name):
        """Run and score every collected submission of an exercise."""
        self._check_assignment(name)
        # Record the exercise's graded cells in this folder's gradebook (the
        # copy written here is scratch; exercises/ is left as it is).
        self.student_versions([name], release_dir=self.workdir / "generated")
        return self.nbgrader("autograde", name, "--create", "--force")

    def feedback(self, name):
        """Write an HTML feedback page for each graded submission."""
        self._check_assignment(name)
        self.nbgrader("generate_feedback", name, "--force")
        return self.workdir / "feedback"

    def grades(self, to=None):
        """Export every score to a CSV file and return its rows."""
        out = Path(to) if to else self.workdir / "grades.csv"
        self.nbgrader("export", f"--to={out.resolve()}")
        with open(out, newline="") as handle:
            return list(csv.DictReader(handle))


def main(argv=None):
    parser = argparse.ArgumentParser(prog="cp-trainer", description=__doc__.split("\n\n")[0])
    parser.add_argument("--course-dir", help="working folder for submissions and grades (default: course/)")
    parser.add_argument("--timeout", type=int, help="seconds a cell may run when autograding")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("student-versions", help="regenerate exercises/ from solutions/").add_argument(
        "assignments", nargs="*")
    commands.add_parser("release", help="zip a student version for trainees").add_argument("assignment")
    collect = commands.add_parser("collect", help="collect submissions from a folder of zips or folders")
    collect.add_argument("assignment")
    collect.add_argument("inbox")
    commands.add_parser("autograde", help="score every submission").add_argument("assignment")
    commands.add_parser("feedback", help="feedback pages for trainees").add_argument("assignment")
    commands.add_parser("grades", help="export grades to CSV").add_argument("--to")
    certificates = commands.add_parser("certificates", help="who qualifies (and why not); one PDF certificate each")
    for option in ("--grades", "--reports", "--out", "--date"):
        certificates.add_argument(option)
    args = parser.parse_args(argv)

    try:
        course = Course(args.course_dir, timeout=args.timeout)
        if args.command == "student-versions":
            where = course.student_versions(args.assignments)
            print(f"Student versions written to {where}")
        elif args.command == "release":
            print(f"Hand this out: {course.release(args.assignment)}")
        elif args.command == "collect":
            ids = course.collect(args.assignment, args.inbox)
            print(f"Collected {len(ids)} submissions: {', '.join(ids)}")
        elif args.command == "autograde":
            course.autograde(args.assignment)
            print(f"Graded. Next: cp-trainer feedback {args.assignment}; cp-trainer grades")
        elif args.command == "feedback":
            print(f"Feedback pages in {course.feedback(args.assignment)}")
        elif args.command == "grades":
            rows = course.grades(args.to)
            print(f"{len(rows)} grades exported to {args.to or course.workdir / 'grades.csv'}")
        elif args.command == "certificates":
            from cpkit import certificate
            print(certificate.run(course, args.grades, args.reports, args.out, args.date))
    except CPInputError as problem:
        print(f"cp-trainer: {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
