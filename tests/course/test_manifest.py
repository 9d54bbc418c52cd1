"""The course manifest, course/course.yml, says what the course is.

Its modules, days and topics are those of Figure 13, "Seven Module Training
Course developed by Vietnam Cleaner Production Centre" (source there:
Vietnam Cleaner Production Centre, Annual Report 1999), in UNIDO/UNEP,
"Changing Production Patterns: Learning from the Experiences of National
Cleaner Production Centres". The figure is transcribed below, word for word
(line breaks of the printed figure joined). The start page and the syllabus
are generated from the manifest, and every path and heading it names exists.
"""

import importlib.util
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]

spec = importlib.util.spec_from_file_location("course_pages", ROOT / "scripts" / "course_pages.py")
course_pages = importlib.util.module_from_spec(spec)
spec.loader.exec_module(course_pages)

MANIFEST = course_pages.load_manifest()
MODULES = MANIFEST["modules"]

FIGURE_13 = {
    1: ("Train the Trainers", 6, [
        "Introduction to Cleaner Production", "CP-strategy and methodology",
        "UNIDO/UNEP Cleaner Production Programme", "Material balance, energy balance",
        "How to start a Cleaner Production project",
        "Opportunities and constraints for Cleaner Production in Vietnam", "Discussion"]),
    2: ("In-plant Cleaner Production Pre-Assessment", 2, [
        "Getting an in-plant demonstration started",
        "Designate CP-audit team (2-3 people from unit together with our trainees)",
        "List process steps, flow sheet", "Walk through plant",
        "Identify and select wasteful process steps and discuss Cleaner Production opportunities",
        "Collect data, measurements", "Develop rough material and energy balance"]),
    3: ("Cleaner Production Pre-Assessment", 3, [
        "Presentation of pre-assessment", "Discuss results, problems", "Introduction of energy audit",
        "Theory of project management", "Control figures, material and energy balance",
        "Work plan next steps: improve material and energy balance, assign cost to waste streams",
        "Pre-assessment report"]),
    4: ("Cleaner Production Assessment", 3, [
        "Final presentation, material and energy balance, compare to bench-marking system",
        "Cost/Measure the efficiency of a boiler", "Heat loss balance", "Assign costs to waste stream",
        "Define baseline", "Introduction of opportunities for Cleaner Production measures",
        "Selection solutions for implementation", "CP assessment report"]),
    5: ("Select Cleaner Production Opportunities", 4, [
        "Presentation of implemented low cost measures", "Assess technical feasibility",
        "Assess financial feasibility", "Evaluate environmental aspects",
        "Report: Cleaner Production opportunities (selection)", "Performance test", "ISO 14000",
        "BAT in Textile"]),
    6: ("Cleaner Production In-plant Demo", 3, [
        "Presentation of selected Cleaner Production measures", "Constraints for the implementation",
        "Action plan for implementation", "Monitoring of measures", "Follow-up", "Final report",
        "BAT in pulp and paper"]),
    7: ("Implement Cleaner Production Measures", 3, [
        "Presentation of case studies", "Discussion, experience, opportunities, constraints",
        "Lessons learned", "Develop project for funding", "Certificate", "Press conference",
        "Performance test", "BAT in seafood processing"]),
}


def headings(path):
    """The text of every markdown heading in a notebook."""
    found = set()
    for cell in nbformat.read(ROOT / path, as_version=4).cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                match = re.match(r"^#{1,6}\s+(.*?)\s*$", line)
                if match:
                    found.add(match.group(1))
    return found


def test_the_manifest_lists_figure_13s_seven_modules_with_their_days_and_52_topics():
    assert [m["number"] for m in MODULES] == list(range(1, 8))
    for module in MODULES:
        title, days, topics = FIGURE_13[module["number"]]
        assert (module["title"], module["days"]) == (title, days)
        assert [t["topic"] for t in module["topics"]] == topics
    assert sum(len(m["topics"]) for m in MODULES) == 52
    assert sum(m["days"] for m in MODULES) == 24


@pytest.mark.parametrize("module", MODULES, ids=lambda m: f"module-{m['number']}")
def test_every_notebook_of_a_module_sits_in_its_folder_and_is_listed(module):
    folder = ROOT / module["folder"]
    listed = [n["path"] for n in module.get("notebooks") or []]
    for path in listed:
        assert (ROOT / path).is_file(), f"{path} is listed in course/course.yml but does not exist."
        assert Path(path).parent == Path(module["folder"]), f"{path} is not in {module['folder']}/"
    on_disk = sorted(p.relative_to(ROOT).as_posix() for p in folder.glob("*.ipynb")) if folder.exists() else []
    assert sorted(listed) == on_disk, "notebooks in the folder and in course/course.yml differ"
    if module.get("sector_unit"):
        assert module["sector_unit"] in listed


@pytest.mark.parametrize("module", MODULES, ids=lambda m: f"module-{m['number']}")
def test_every_topic_points_at_a_heading_that_exists(module):
    for topic in module["topics"]:
        if not topic.get("at"):
            continue
        path, _, heading = topic["at"].partition("#")
        assert (ROOT / path).is_file(), f"{topic['topic']!r} points at {path}, which does not exist."
        assert heading in headings(path), (
            f"{topic['topic']!r} points at the heading {heading!r}, which {path} does not have.")


@pytest.mark.parametrize("module", MODULES, ids=lambda m: f"module-{m['number']}")
def test_a_written_module_takes_about_the_days_figure_13_gives_it(module):
    minutes = [n["minutes"] for n in module.get("notebooks") or []]
    assert all(isinstance(m, int) and m > 0 for m in minutes)
    if all(t.get("at") for t in module["topics"]):
        planned = module["days"] * MANIFEST["minutes_per_day"]
        assert 0.85 * planned <= sum(minutes) <= 1.15 * planned, (
            f"module {module['number']}: notebooks take {sum(minutes)} min for {module['days']} days "
            f"({planned} min)")


def test_every_exercise_belongs_to_one_module_and_every_master_is_listed():
    listed = []
    for module in MODULES:
        listed += list(module.get("exercises") or [])
        if module.get("performance_test"):
            listed.append(module["performance_test"])
    masters = sorted(p.name for p in (ROOT / "solutions").iterdir() if p.is_dir())
    assert sorted(listed) == masters
    assert len(set(listed)) == len(listed)
    for module in MODULES:
        for name in module.get("exercises") or []:
            assert re.fullmatch(rf"m{module['number']}-[a-z0-9]+(-[a-z0-9]+)*", name), name
        if module.get("performance_test"):
            assert re.fullmatch(r"test[12]-[a-z0-9]+(-[a-z0-9]+)*", module["performance_test"])


def test_every_tool_named_in_the_manifest_exists_and_every_tool_is_named():
    named = sorted(t["path"] for t in MANIFEST["tools"])
    assert named == sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "modules" / "tools").glob("*.ipynb"))


def test_the_start_page_and_the_syllabus_are_generated_from_the_manifest():
    assert course_pages.main(["--check"]) == 0, "run `python3 scripts/course.py pages` and commit the result"


def test_the_start_page_lists_every_module_notebook_exercise_and_tool():
    text = (ROOT / MANIFEST["start_page"]).read_text(encoding="utf-8")
    for module in MODULES:
        assert f"Module {module['number']} · {module['title']}" in text
        for entry in module.get("notebooks") or []:
            assert Path(entry["path"]).relative_to("modules").as_posix() in text
        for name in module.get("exercises") or []:
            assert f"../exercises/{name}/{name}.ipynb" in text
    for tool in MANIFEST["tools"]:
        assert Path(tool["path"]).relative_to("modules").as_posix() in text


def test_a_module_folder_can_be_handed_out_alone():
    """A module's notebooks use cpkit and their own folder, not each other's files."""
    for module in MODULES:
        for entry in module.get("notebooks") or []:
            for cell in nbformat.read(ROOT / entry["path"], as_version=4).cells:
                if cell.cell_type == "code":
                    assert "../" not in cell.source, f"{entry['path']} reads a file outside its folder"


@pytest.mark.parametrize("module", MODULES, ids=lambda m: f"module-{m['number']}")
def test_each_written_module_has_two_graded_exercises_and_modules_5_and_7_a_performance_test(module):
    if all(t.get("at") for t in module["topics"]):
        assert len(module.get("exercises") or []) >= 2
        assert bool(module.get("performance_test")) == (module["number"] in (5, 7))
