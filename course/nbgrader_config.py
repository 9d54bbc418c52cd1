"""nbgrader configuration of the Cleaner Production assessment course.

Trainers normally use the `cp-trainer` commands (see course/trainer-guide.md),
which read this file. It also works for nbgrader run by hand or on a
JupyterHub with the formgrader: run nbgrader from this folder.

Folders: masters with solutions and hidden tests are in ../solutions, the
generated student versions in ../exercises. Submissions, autograded copies,
feedback and the gradebook live here, in course/ (git ignores them).
Submissions are collected by `cp-trainer collect` (it names broken files and
accepts renamed notebooks), not by nbgrader's zip_collect.
"""

import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821  (provided by nbgrader when it reads this file)

# nbgrader runs tools of its own environment by name (alembic, to open the
# gradebook): find them even where the environment is not activated (the
# formgrader started as `../.venv/bin/jupyter lab`).
os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])

COURSE = Path(__file__).resolve().parent
REPO = COURSE.parent

c.CourseDirectory.course_id = "cp-assessment"
c.CourseDirectory.root = str(COURSE)
c.CourseDirectory.source_directory = str(REPO / "solutions")
c.CourseDirectory.release_directory = str(REPO / "exercises")
c.CourseDirectory.db_url = f"sqlite:///{COURSE / 'gradebook.db'}"
# Data files that travel with an exercise.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", "*.cpkit.json"]

# Written answers are manually graded cells: mark them in the formgrader
# (run `jupyter lab` from this folder, nbgrader's "Formgrader" tab) or with
# `cp-trainer mark`. Both write the same gradebook as the autograder.

# Student versions: what replaces a solution.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Autograding runs each submission in a sandbox (bubblewrap on Linux) and
# judges its answers outside it, with the master's hidden tests
# (cpkit/grading_sandbox.py). A cell that runs longer than the timeout is
# stopped (e.g. an infinite loop), a whole notebook at its budget; the rest of
# the notebook, and the other submissions, are still graded.
from cpkit.grading_sandbox import SandboxExecute  # noqa: E402
from nbconvert.preprocessors import ClearMetadataPreprocessor  # noqa: E402
from nbgrader.preprocessors import (  # noqa: E402
    AssignLatePenalties, CheckCellMetadata, IgnorePattern, LimitOutput, SaveAutoGrades)

c.Autograde.autograde_preprocessors = [
    SandboxExecute, IgnorePattern, ClearMetadataPreprocessor, LimitOutput,
    SaveAutoGrades, AssignLatePenalties, CheckCellMetadata,
]
c.SandboxExecute.timeout = 60  # seconds per cell (cp-trainer --timeout)
c.SandboxExecute.budget = 300  # seconds per notebook (cp-trainer --budget)
c.SandboxExecute.memory_mb = 3072

# Late submissions: the rule set with `cp-trainer release NAME --due ... --late ...`.
c.AssignLatePenalties.plugin_class = "cpkit.trainer_report.LateRule"

# A submission's output is cut to a readable size.
c.LimitOutput.max_lines = 300
c.LimitOutput.max_traceback = 60

# Locked cells and tests are restored from the master before grading: an
# edited test cell is graded with the original test, a deleted test cell is
# put back (and counts as failed if the answer is missing).
c.OverwriteCells.add_missing_cells = True

# Collecting zip files: <student id>.zip, or a folder <student id>/ holding
# the notebook (at any depth).
c.ZipCollectApp.collector_plugin = "nbgrader.plugins.FileNameCollectorPlugin"
c.FileNameCollectorPlugin.named_regexp = (
    r".*[/\\]extracted[/\\](?P<student_id>[^/\\]+)[/\\](?:.*[/\\])?(?P<file_id>[^/\\]+\.ipynb)$"
)
c.FileNameCollectorPlugin.valid_ext = [".ipynb"]
c.ZipCollectApp.strict = True
