"""Time autograding a class of 30: in parallel on every core against one submission at a time.

The class: submissions of the fixture exercise with right, blank and partly
right answers, and two runaways (a cell that never ends and a cell that
prints without end). Both runs grade the same class on the same machine in
the same run, each in its own working folder; the grades must be equal.

Run:  .venv/bin/python benchmarks/bench_grading.py [--size 30] [--timeout 10] [--workers N]
The parallel run uses what `cp-trainer autograde` uses by default (two
submissions per core); the sequential run grades one at a time.
Target: parallel at least 1.8 times faster than sequential on 2 cores.
"""

import argparse
import os
import re
import shutil
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import nbformat

from cpkit import grading_sandbox
from cpkit.trainer import Course, default_workers

ROOT = Path(__file__).resolve().parents[1]
NAME = "m1-first-balance"


def answers():
    master = nbformat.read(ROOT / "solutions" / NAME / f"{NAME}.ipynb", as_version=4)
    found = []
    for cell in master.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution") and not meta.get("grade") and cell.cell_type == "code":
            found.append((meta["grade_id"], re.sub(r"^\s*### (BEGIN|END) SOLUTION\n", "", cell.source, flags=re.M)))
    return found


def submission(filled):
    student = nbformat.read(ROOT / "exercises" / NAME / f"{NAME}.ipynb", as_version=4)
    for cell in student.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in filled:
            cell.source = filled[grade_id]
    return nbformat.writes(student)


def make_class(inbox, size):
    solution = answers()
    first = solution[0][0]
    inbox.mkdir(parents=True)
    for i in range(size):
        if i == 0:
            filled = dict(solution) | {first: "while True:\n    pass"}  # a runaway loop
        elif i == 1:
            # a runaway that prints and ignores being told to stop printing
            filled = dict(solution) | {first: "while True:\n    try:\n        print('again')\n"
                                       "    except Exception:\n        pass"}
        else:
            filled = dict(solution[: 1 + i % len(solution)])  # 1 to all answers right
        with zipfile.ZipFile(inbox / f"trainee-{i:02d}.zip", "w") as archive:
            archive.writestr(f"{NAME}/{NAME}.ipynb", submission(filled))


def course_copy(base):
    root = base / "course-root"
    (root / "course").mkdir(parents=True)
    shutil.copy(ROOT / "course" / "nbgrader_config.py", root / "course")
    shutil.copytree(ROOT / "solutions" / NAME, root / "solutions" / NAME)
    shutil.copytree(ROOT / "exercises" / NAME, root / "exercises" / NAME)
    return root


def grade(root, workdir, inbox, workers, timeout):
    course = Course(workdir, root=root, timeout=timeout, workers=workers)
    course.collect(NAME, inbox)
    started = time.perf_counter()
    course.autograde(NAME)
    seconds = time.perf_counter() - started
    return seconds, {row["student_id"]: row["score"] for row in course.grades()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=30)
    parser.add_argument("--timeout", type=int, default=10, help="seconds a cell may run")
    parser.add_argument("--workers", type=int, default=default_workers(),
                        help="submissions at once in the parallel run (default: what cp-trainer uses)")
    args = parser.parse_args()
    print(f"sandbox: {grading_sandbox.sandbox_mode()}; cores: {os.cpu_count()}; workers: {args.workers}; "
          f"class of {args.size} with 2 runaways; cell timeout {args.timeout} s")
    with tempfile.TemporaryDirectory(prefix="cp-bench-") as tmp:
        base = Path(tmp)
        root = course_copy(base)
        make_class(base / "inbox", args.size)
        parallel, parallel_grades = grade(root, base / "parallel", base / "inbox", args.workers, args.timeout)
        print(f"parallel ({args.workers} at once): {parallel:7.1f} s", flush=True)
        sequential, sequential_grades = grade(root, base / "sequential", base / "inbox", 1, args.timeout)
        print(f"sequential (1 at a time):  {sequential:7.1f} s")
    print(f"ratio sequential / parallel: {sequential / parallel:.2f}x (target >= 1.8x on 2 cores)")
    equal = parallel_grades == sequential_grades
    print(f"grades equal: {equal} ({len(parallel_grades)} trainees)")
    return 0 if equal else 1


if __name__ == "__main__":
    sys.exit(main())
