#!/usr/bin/env python3
"""Set up and run the Cleaner Production course.

    python3 scripts/course.py open    # set up if needed, then open the course in JupyterLab
    python3 scripts/course.py test    # set up if needed, then run every test
    python3 scripts/course.py setup   # only set up (or bring up to date) the environment
    python3 scripts/course.py pages   # rewrite the start page and syllabus table from course/course.yml

Set-up creates a virtual environment in .venv beside this folder and
installs the pinned packages of requirements.txt into it. It runs again by
itself whenever requirements.txt or shared_lib/pyproject.toml change.
Anything after the command is passed on to JupyterLab or pytest, e.g.
``python3 scripts/course.py open --no-browser --port 8899`` or
``python3 scripts/course.py test -k balance``.
"""

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = Path(os.environ.get("CP_COURSE_VENV", ROOT / ".venv"))
HOME_NOTEBOOK = "modules/00-Start-Here.ipynb"
REQUIREMENTS = ROOT / "requirements.txt"
STAMP = VENV / "cp-course-installed.txt"


def venv_python():
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def fingerprint():
    digest = hashlib.sha256()
    for path in (REQUIREMENTS, ROOT / "shared_lib" / "pyproject.toml"):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def say(message):
    print(f"[course] {message}", flush=True)


def setup():
    """Create .venv and install the pinned packages, unless already up to date."""
    if sys.version_info < (3, 11):
        sys.exit(f"[course] Python 3.11 or newer is needed; this is {sys.version.split()[0]}. "
                 "Run the command with python3.11 (or newer).")
    if not venv_python().exists():
        say(f"creating the virtual environment in {VENV} ...")
        venv.create(VENV, with_pip=True)
    if STAMP.exists() and STAMP.read_text().strip() == fingerprint():
        return venv_python()
    say("installing the pinned packages (the first time takes a few minutes) ...")
    pip = [str(venv_python()), "-m", "pip", "install", "--disable-pip-version-check"]
    subprocess.run(pip + ["--quiet", "--upgrade", "pip"], check=True, cwd=ROOT)
    subprocess.run(pip + ["--quiet", "-r", str(REQUIREMENTS)], check=True, cwd=ROOT)
    STAMP.write_text(fingerprint() + "\n")
    say("environment ready.")
    return venv_python()


def open_course(args):
    python = setup()
    command = [str(python), "-m", "jupyter", "lab", f"--ServerApp.root_dir={ROOT}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    command += args if any(not a.startswith("-") for a in args) else [HOME_NOTEBOOK, *args]
    say("opening the course; stop it with Ctrl+C.")
    return subprocess.call(command, cwd=ROOT)


def run_tests(args):
    python = setup()
    command = [str(python), "-m", "pytest", "-n", os.environ.get("CP_TEST_WORKERS", "auto"),
               "--dist", "loadfile", "--nbval-lax", *args]
    say("running every test: " + " ".join(command[2:]))
    code = subprocess.call(command, cwd=ROOT)
    return code


def write_pages(args):
    python = setup()
    return subprocess.call([str(python), str(ROOT / "scripts" / "course_pages.py"), *args], cwd=ROOT)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    commands = {"open": open_course, "test": run_tests, "setup": lambda args: (setup(), 0)[1],
                "pages": write_pages}
    if not argv or argv[0] not in commands:
        print(__doc__)
        return 2
    return commands[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main())
