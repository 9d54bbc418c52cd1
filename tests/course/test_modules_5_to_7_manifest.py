"""Modules 5 to 7 in the course manifest: every topic of Figure 13 taught, in minutes that fit the days.

Figure 13 ("Seven Module Training Course developed by Vietnam Cleaner
Production Centre", in UNIDO/UNEP, Changing Production Patterns) gives
modules 5, 6 and 7 four, three and three days; the manifest counts a day
as 360 minutes. The BAT sector units are taught in the same days, so each
module leaves at least 60 minutes for its unit.
"""

from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = yaml.safe_load((ROOT / "course" / "course.yml").read_text(encoding="utf-8"))
MODULES = {m["number"]: m for m in MANIFEST["modules"] if m["number"] in (5, 6, 7)}
BAT_TOPICS = {"BAT in Textile", "BAT in pulp and paper", "BAT in seafood processing"}


def headings(path):
    notebook = nbformat.read(ROOT / path, as_version=4)
    return {line[3:].strip() for cell in notebook.cells if cell.cell_type == "markdown"
            for line in cell.source.splitlines() if line.startswith("## ")}


@pytest.mark.parametrize("number", [5, 6, 7])
def test_every_topic_but_the_sector_unit_points_at_a_heading_that_teaches_it(number):
    for topic in MODULES[number]["topics"]:
        if topic["topic"] in BAT_TOPICS:
            continue
        path, heading = topic["at"].split("#", 1)
        assert heading in headings(path), topic


@pytest.mark.parametrize("number, days", [(5, 4), (6, 3), (7, 3)])
def test_the_notebooks_minutes_fit_the_days_and_leave_time_for_the_sector_unit(number, days):
    module = MODULES[number]
    assert module["days"] == days
    minutes = sum(n["minutes"] for n in module["notebooks"])
    assert minutes + 60 <= days * MANIFEST["minutes_per_day"]


@pytest.mark.parametrize("number", [5, 6, 7])
def test_each_module_has_two_graded_exercises_and_5_and_7_a_performance_test(number):
    module = MODULES[number]
    assert len(module["exercises"]) >= 2
    for name in module["exercises"] + [module["performance_test"]] * bool(module["performance_test"]):
        assert (ROOT / "solutions" / name / f"{name}.ipynb").is_file(), name
    assert bool(module["performance_test"]) == (number in (5, 7))


def test_there_are_23_topics_in_modules_5_to_7():
    assert sum(len(MODULES[n]["topics"]) for n in (5, 6, 7)) == 23
