"""A workshop where trainees try everything: graded in the sandbox, and without one.

Fourteen submissions of the fixture exercise reach the trainer as zips or
folders: full, blank and partial answers, a trainee who tampers with the
gradebook and other work, one who snoops for the hidden tests, one who
writes outside its folder, one who switches the checks off through the
module's ``__dict__``, an endless loop, a flood of output, a PNG and a
broken JSON file named like the notebook, a notebook renamed by the
browser, names with diacritics and spaces. The attacks are in
``fixtures/attacks/``; the answers come from the master, so the expected
points follow the master's points.

With bubblewrap (installed by ``.ci/run``) the class is graded in the
sandbox. ``CP_GRADING_SANDBOX=off`` grades the same class as on a machine
without it: grades stay right (the checks are judged outside the kernel),
a warning says what is not protected, and a tamperer's changes are caught
in the report instead of prevented.
"""

import ast
import contextlib
import copy
import hashlib
import io
import os
import re
import shutil
import sqlite3
import zipfile
from pathlib import Path

import nbformat
import pytest

import cpkit
from cpkit import grading_sandbox as sandbox
from cpkit.trainer import Course

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
NAME = "m1-first-balance"
ATTACKS = Path(__file__).parent / "fixtures" / "attacks"
LIB = Path(cpkit.__file__).resolve().parent
HAS_BWRAP = sandbox.sandbox_mode() == "bwrap" if os.environ.get("CP_GRADING_SANDBOX", "") != "off" else False


def nbgrader_meta(cell):
    return cell.metadata.get("nbgrader", {})


def master():
    return nbformat.read(ROOT / "solutions" / NAME / f"{NAME}.ipynb", as_version=4)


def questions():
    """``[(answer grade_id, solution code, points of the test cells up to the next answer)]``."""
    found = []
    for cell in master().cells:
        meta = nbgrader_meta(cell)
        if meta.get("solution") and not meta.get("grade") and cell.cell_type == "code":
            code = re.sub(r"^\s*### (BEGIN|END) SOLUTION\n", "", cell.source, flags=re.M)
            found.append([meta["grade_id"], code, 0.0])
        elif meta.get("grade") and not meta.get("solution") and found:
            found[-1][2] += float(meta["points"])
    return found


QUESTIONS = questions()
FULL = sum(points for _, _, points in QUESTIONS)
FIRST = QUESTIONS[0][2]
LAST = QUESTIONS[-1][2]


def wrong(code):
    """The solution's names, each bound to a wrong value (a function returns a wrong value)."""
    lines = []
    for node in ast.parse(code).body:
        if isinstance(node, ast.FunctionDef):
            lines.append(f"def {node.name}(*args, **kwargs):\n    return 1.0")
        elif isinstance(node, ast.Assign):
            lines += [f"{ast.unparse(target)} = 1.0" for target in node.targets]
    return "\n".join(lines)


def attack(name, root, workdir):
    text = (ATTACKS / f"{name}.py").read_text()
    return text.replace("{root}", str(root)).replace("{workdir}", str(workdir)).replace("{lib}", str(LIB))


def notebook(answers=None):
    """The student version with answer cells replaced."""
    student = nbformat.read(ROOT / "exercises" / NAME / f"{NAME}.ipynb", as_version=4)
    answers = answers or {}
    for cell in student.cells:
        grade_id = nbgrader_meta(cell).get("grade_id")
        if grade_id in answers:
            cell.source = answers[grade_id]
    return nbformat.writes(student).encode()


def right(**changes):
    return {q: code for q, code, _ in QUESTIONS} | changes


FIRST_ID, LAST_ID = QUESTIONS[0][0], QUESTIONS[-1][0]
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def class_of(root, workdir):
    """trainee id: (how it arrives, file name in it, content, expected points or 'failed')."""
    first_code = QUESTIONS[0][1]
    return {
        "an": ("zip", f"{NAME}.ipynb", notebook(right()), FULL),
        "binh": ("zip", f"{NAME}.ipynb", notebook(), 0),
        "chi": ("zip", f"{NAME}.ipynb", notebook({FIRST_ID: first_code}), FIRST),
        "tamper": ("zip", f"{NAME}.ipynb", notebook({FIRST_ID: attack("tamper", root, workdir)}), 0),
        "snoop": ("folder", f"{NAME}.ipynb", notebook({FIRST_ID: attack("snoop", root, workdir)}), 0),
        "writer": ("zip", f"{NAME}.ipynb", notebook({FIRST_ID: attack("writer", root, workdir)}), 0),
        "patched": ("zip", f"{NAME}.ipynb", notebook(
            {q: (attack("patch_checker", root, workdir) + "\n" if q == FIRST_ID else "") + wrong(code)
             for q, code, _ in QUESTIONS}), 0),
        "loop": ("folder", f"{NAME}.ipynb", notebook(right(**{LAST_ID: "while True:\n    pass\n" + QUESTIONS[-1][1]})),
                 FULL - LAST),
        "flood": ("zip", f"{NAME}.ipynb", notebook(right(**{FIRST_ID: first_code + "\n" + attack("flood", root, workdir)})),
                  FULL),
        "png": ("zip", f"{NAME}.ipynb", PNG, "failed"),
        "json": ("folder", f"{NAME}.ipynb", b'{"cells": [', "failed"),
        "renamed": ("zip", f"{NAME} (1).ipynb", notebook(right()), FULL),
        "Nguyễn Thị Hoa": ("zip", f"{NAME}.ipynb", notebook(right()), FULL),
        "trần văn bình": ("folder", f"{NAME}.ipynb", notebook({FIRST_ID: first_code}), FIRST),
    }


def course_copy(base):
    """A course folder holding the fixture exercise (attacks aim at it, not at this repository)."""
    root = base / "course-root"
    (root / "course").mkdir(parents=True)
    shutil.copy(ROOT / "course" / "nbgrader_config.py", root / "course")
    shutil.copytree(ROOT / "solutions" / NAME, root / "solutions" / NAME)
    shutil.copytree(ROOT / "exercises" / NAME, root / "exercises" / NAME)
    return root


def fill_inbox(inbox, submissions):
    inbox.mkdir()
    for trainee, (how, filename, content, _) in submissions.items():
        if how == "zip":
            with zipfile.ZipFile(inbox / f"{trainee}.zip", "w") as archive:
                archive.writestr(f"{NAME}/{filename}", content)
        else:
            (inbox / trainee).mkdir()
            (inbox / trainee / filename).write_bytes(content)


def checksums(*folders):
    found = {}
    for folder in folders:
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                found[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def grade_class(base, submissions_of, mode, feedback=True):
    """Collect, autograde, feedback and export one class; return what the tests look at."""
    root = course_copy(base)
    workdir = base / "workshop"
    submissions = submissions_of(root, workdir)
    fill_inbox(base / "inbox", submissions)
    course = Course(workdir, root=root, timeout=5, budget=120)
    stderr = io.StringIO()
    saved = os.environ.get("CP_GRADING_SANDBOX")
    os.environ["CP_GRADING_SANDBOX"] = mode
    sandbox._warned = False
    try:
        with contextlib.redirect_stderr(stderr):
            collected = course.collect(NAME, base / "inbox")
            collect_report = course.last_report
            protected = checksums(root / "solutions", root / "exercises", workdir / "submitted", LIB)
            report = course.autograde(NAME)
            if feedback:
                course.feedback(NAME)
            rows = {row["student_id"]: row for row in course.grades(base / "grades.csv")}
    finally:
        if saved is None:
            os.environ.pop("CP_GRADING_SANDBOX")
        else:
            os.environ["CP_GRADING_SANDBOX"] = saved
    return {"course": course, "root": root, "submissions": submissions, "collected": collected,
            "collect_report": collect_report, "report": report, "rows": rows, "stderr": stderr.getvalue(),
            "protected": protected, "after": checksums(root / "solutions", root / "exercises",
                                                       workdir / "submitted", LIB)}


@pytest.fixture(scope="module")
def sandboxed(tmp_path_factory):
    if not HAS_BWRAP:
        pytest.skip("bubblewrap cannot run a sandbox here (.ci/run installs it)")
    Path("/tmp/cp-adversarial-extra.txt").unlink(missing_ok=True)  # left by an earlier run outside a sandbox
    return grade_class(tmp_path_factory.mktemp("sandboxed"), class_of, "bwrap")


def without_attacks_on_files(root, workdir):
    everyone = class_of(root, workdir)
    return {t: s for t, s in everyone.items() if t not in ("tamper", "writer")}


@pytest.fixture(scope="module")
def unprotected(tmp_path_factory):
    return grade_class(tmp_path_factory.mktemp("unprotected"), without_attacks_on_files, "off")


def expected_rows(graded):
    return [(t, s[3]) for t, s in graded["submissions"].items()]


# -- in the sandbox -------------------------------------------------------------------------
def test_every_submission_in_the_sandbox_gets_the_points_its_answers_earn(sandboxed):
    rows = sandboxed["rows"]
    for trainee, expected in expected_rows(sandboxed):
        if expected == "failed":
            assert rows[trainee]["status"] == "failed", trainee
            assert rows[trainee]["score"] == "", trainee
        else:
            assert float(rows[trainee]["score"]) == pytest.approx(expected), (trainee, rows[trainee])
            assert rows[trainee]["status"] in ("graded", "to mark by hand"), trainee


def test_nothing_outside_the_scratch_copies_changes(sandboxed):
    assert sandboxed["after"] == sandboxed["protected"]
    assert not Path("/tmp/cp-adversarial-extra.txt").exists()
    gradebook = sandboxed["course"].gradebook_path
    assert sqlite3.connect(gradebook).execute("SELECT count(*) FROM grade WHERE manual_score IS NOT NULL").fetchone() == (0,)
    assert not any("FILES CHANGED" in line for line in sandboxed["report"].general)


def graded_outputs(graded, trainee):
    """Everything the trainee's own code printed or returned (answer cells of the graded copy)."""
    path = graded["course"].workdir / "autograded" / trainee / NAME / f"{NAME}.ipynb"
    cells = nbformat.read(path, as_version=4).cells
    return "\n".join(str(c.get("outputs", "")) for c in cells
                     if c.cell_type == "code" and not nbgrader_meta(c).get("grade"))


def hidden_needles():
    """Text only the hidden tests hold: their marker, hints and expected values' lines."""
    needles = {"HIDDEN TESTS"}
    for cell in master().cells:
        if nbgrader_meta(cell).get("grade") and "BEGIN HIDDEN TESTS" in cell.source:
            hidden = cell.source.split("### BEGIN HIDDEN TESTS")[1].split("### END HIDDEN TESTS")[0]
            _, checks = sandbox.plan_test_cell(cell.source, "test")
            needles |= {c["params"]["hint"] for c in checks if c["hidden"] and c["params"].get("hint")}
            needles |= {line.strip() for line in hidden.splitlines() if "check_" in line}
    return needles


def test_the_snoop_finds_no_hidden_test_in_the_sandbox(sandboxed):
    output = graded_outputs(sandboxed, "snoop")
    assert "snooped" in output  # it ran
    assert len(hidden_needles()) > 3
    for needle in hidden_needles():
        assert needle not in output


def test_the_checker_patched_through_the_module_dictionary_earns_nothing(sandboxed):
    assert float(sandboxed["rows"]["patched"]["score"]) == 0


def test_the_loop_and_the_flood_are_stopped_and_the_rest_is_graded(sandboxed):
    loop = graded_outputs(sandboxed, "loop")
    assert "CellTimeoutError" in loop
    flood = graded_outputs(sandboxed, "flood")
    assert "OutputLimitExceeded" in flood
    assert len(flood) < 100_000


def test_the_reports_name_each_broken_file_and_the_renamed_notebook(sandboxed):
    collect = sandboxed["collect_report"].trainees
    assert "PNG" in collect["png"]["reason"] and f"{NAME}.ipynb" in collect["png"]["reason"]
    assert "json" in collect and "not a readable notebook" in collect["json"]["reason"]
    assert any(f"{NAME} (1).ipynb" in note for note in collect["renamed"]["notes"])
    autograde = sandboxed["report"].trainees
    assert autograde["png"]["status"] == autograde["json"]["status"] == "failed"
    assert "PNG" in autograde["png"]["reason"]
    assert "PNG" in sandboxed["rows"]["png"]["note"]
    saved = sandboxed["report"].path.with_suffix(".txt").read_text()
    assert "png" in saved and "failed" in saved


def test_names_with_diacritics_and_spaces_are_graded_and_exported(sandboxed):
    rows = sandboxed["rows"]
    assert float(rows["Nguyễn Thị Hoa"]["score"]) == FULL
    assert float(rows["trần văn bình"]["score"]) == FIRST


def test_the_feedback_names_questions_hides_tests_and_renders_formulas_offline(sandboxed):
    page = (sandboxed["course"].workdir / "feedback" / "chi" / NAME / f"{NAME}.html").read_text()
    contents = page.split('<div id="toc">')[1].split("</div>")[0]
    assert "Test cell" not in contents and "Question 1" in contents
    body = page.split("</head>")[1]
    assert "Traceback (most recent call last)" not in body and 'File "' not in body
    assert "HIDDEN TESTS" not in page
    for needle in hidden_needles() - {"HIDDEN TESTS"}:
        if needle.startswith("check_"):
            assert needle not in page
    assert "<math" in page and "$$" not in page
    assert "<script" not in page  # nothing to fetch: the page reads the same offline


def test_one_trainee_is_regraded_alone_with_the_same_score(sandboxed):
    course = sandboxed["course"]
    before = dict(sandboxed["report"].trainees)
    report = course.autograde(NAME, trainee="chi")
    assert report.trainees["chi"]["score"] == FIRST
    assert set(report.trainees) == set(before)
    rows = {row["student_id"]: row for row in course.grades()}
    assert float(rows["chi"]["score"]) == FIRST and rows["png"]["status"] == "failed"


def test_a_score_above_the_maximum_is_flagged(sandboxed):
    course = sandboxed["course"]
    from nbgrader.api import Gradebook

    with Gradebook(course.db_url) as gradebook:
        grade = gradebook.find_submission_notebook(NAME, NAME, "binh").grades[0]
        grade.manual_score = grade.max_score + 100
        gradebook.db.commit()
    report = course.autograde(NAME, trainee="binh")
    assert any("above" in flag for flag in report.trainees["binh"]["flags"])


# -- without a sandbox ------------------------------------------------------------------------
def test_without_a_sandbox_the_grades_are_still_right_and_a_warning_says_what_is_not_protected(unprotected):
    rows = unprotected["rows"]
    for trainee, expected in expected_rows(unprotected):
        if expected == "failed":
            assert rows[trainee]["status"] == "failed", trainee
        else:
            assert float(rows[trainee]["score"]) == pytest.approx(expected), (trainee, rows[trainee])
    assert unprotected["stderr"].count("no sandbox") == 1
    assert "YOUR rights" in unprotected["stderr"]
    assert any("WITHOUT a sandbox" in line for line in unprotected["report"].general)


def test_without_a_sandbox_the_snoop_does_find_the_hidden_tests(unprotected):
    """What the sandbox prevents is real: the same snoop reads the master when nothing stops it."""
    output = graded_outputs(unprotected, "snoop")
    assert "HIDDEN TESTS" in output


def test_without_a_sandbox_a_tamperer_is_caught_in_the_report(tmp_path):
    def tamper_and_one_more(root, workdir):
        everyone = class_of(root, workdir)
        return {t: everyone[t] for t in ("an", "tamper")}

    graded = grade_class(tmp_path, tamper_and_one_more, "off", feedback=False)
    assert any("FILES CHANGED" in line for line in graded["report"].general)


# -- the pieces -----------------------------------------------------------------------------------
def test_a_question_with_several_independent_checks_gets_partial_credit():
    source = ("from cpkit.grading import check_number\n### BEGIN HIDDEN TESTS\n"
              "check_number(a, 1, name='a')\ncheck_number(b, 2, name='b')\n"
              "check_number(c, 3, name='c', hint='Look at c.')\ncheck_number(d, 4, name='d')\n"
              "### END HIDDEN TESTS\n")
    kernel, checks = sandbox.plan_test_cell(source, "q-test")
    assert "1" not in kernel.replace("__cp_check__(1", "") and "Look at c" not in kernel
    cell = nbformat.v4.new_code_cell(source, metadata={"nbgrader": {"grade": True, "points": 4,
                                                                    "grade_id": "q-test"}})
    reported = [{"kind": "number", "value": v, "check": i} for i, v in enumerate([1.0, 2.0, 9.0, 4.0])]
    executed = nbformat.v4.new_code_cell("", outputs=[
        nbformat.v4.new_output("display_data", data={sandbox.RECORD_MIME: r}) for r in reported])
    graded = sandbox.grade_test_cell(cell, executed, checks)
    from nbgrader.utils import determine_grade

    assert determine_grade(graded)[0] == 3.0
    text = str(graded.outputs)
    assert "Look at c." in text and "Traceback" not in text and "3 of 4" in text


def test_hidden_tests_that_would_show_expected_values_to_the_kernel_are_refused():
    with pytest.raises(cpkit.CPInputError, match="check_number"):
        sandbox.plan_test_cell("### BEGIN HIDDEN TESTS\nexpected = 4370\n### END HIDDEN TESTS\n", "q")
    with pytest.raises(cpkit.CPInputError, match="outside the sandbox"):
        sandbox.plan_test_cell("### BEGIN HIDDEN TESTS\nassert f(2) == 4370\n### END HIDDEN TESTS\n", "q")


def test_a_common_wrong_answer_recognised_by_a_hidden_assert_gets_its_hint_and_no_points():
    source = ("### BEGIN HIDDEN TESTS\nassert abs(x - 4370) > 1, 'That is the first batch.'\n"
              "check_number(x, 4170, 'kg', name='x')\ncheck_number(y, 2, name='y')\n### END HIDDEN TESTS\n")
    kernel, checks = sandbox.plan_test_cell(source, "q-test")
    assert "4370" not in kernel and "first batch" not in kernel and "4170" not in kernel
    cell = nbformat.v4.new_code_cell(source, metadata={"nbgrader": {"grade": True, "points": 2,
                                                                    "grade_id": "q-test"}})
    from nbgrader.utils import determine_grade

    def graded(x):
        reported = [{"kind": "values", "values": {"x": {"kind": "number", "value": x}}, "check": 0},
                    {"kind": "number", "value": x, "check": 1}, {"kind": "number", "value": 2.0, "check": 2}]
        executed = nbformat.v4.new_code_cell("", outputs=[
            nbformat.v4.new_output("display_data", data={sandbox.RECORD_MIME: r}) for r in reported])
        return sandbox.grade_test_cell(copy.deepcopy(cell), executed, checks)

    assert determine_grade(graded(4170.0))[0] == 2
    assert determine_grade(graded(1.0))[0] == 1  # one of two checks right
    common = graded(4370.0)
    assert determine_grade(common)[0] == 0 and "That is the first batch." in str(common.outputs)


def test_the_fixture_exercise_is_graded_with_its_checks_outside_the_kernel():
    kernel, plans = sandbox.kernel_notebook(master())
    assert plans and not kernel.metadata["cpkit"]["graded_in_kernel"]
    for cell in kernel.cells:
        assert "HIDDEN TESTS" not in cell.source


def test_the_feedback_page_in_a_browser_without_network(unprotected):
    """Chromium opens a feedback page with every request to the network refused."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("Chromium is not installed (Debian: apt-get install chromium); .ci/run installs it")
    from playwright.sync_api import sync_playwright

    page_path = unprotected["course"].workdir / "feedback" / "chi" / NAME / f"{NAME}.html"
    requests = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()

        def refuse(route):
            requests.append(route.request.url)
            route.abort()

        page.route("http*://**/*", refuse)
        page.goto(page_path.as_uri())
        text = page.inner_text("body")
        formula = page.locator("math").first.bounding_box()
        artifacts = ROOT / "test-artifacts"
        artifacts.mkdir(exist_ok=True)
        page.screenshot(path=str(artifacts / "feedback-page.png"), full_page=True)
        browser.close()
    assert requests == []
    assert "Question 1" in text and "Question 2" in text
    assert "Traceback" not in text and "HIDDEN TESTS" not in text
    assert "$$" not in text and "\\sum" not in text
    assert formula is not None and formula["width"] > 20 and formula["height"] > 5
