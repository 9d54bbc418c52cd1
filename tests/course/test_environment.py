"""The pip install (requirements.txt, cpkit's pyproject) and environment.yml agree."""

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def pins(lines):
    found = {}
    for line in lines:
        line = line.split("#")[0].strip()
        if not line or line.startswith("-e") or line.startswith("-r"):
            continue
        match = re.fullmatch(r"([A-Za-z0-9_.\-]+)==([^\s;]+)", line)
        assert match, f"not pinned with ==: {line!r}"
        found[match[1].lower().replace("_", "-")] = match[2]
    return found


def requirements():
    return pins((ROOT / "requirements.txt").read_text().splitlines())


def test_every_requirement_is_pinned_to_one_version():
    assert len(requirements()) >= 15


def test_environment_yml_lists_the_same_packages_and_versions_as_the_pip_install():
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in environment["dependencies"] if isinstance(d, dict))
    assert pins(pip_section) == requirements()
    assert "-e ./shared_lib" in pip_section
    assert "python=3.11" in environment["dependencies"]


def _library_requirements():
    from packaging.requirements import Requirement

    project = tomllib.loads((ROOT / "shared_lib" / "pyproject.toml").read_text())["project"]
    return [Requirement(line) for line in project["dependencies"]]


def test_cpkit_accepts_version_ranges_that_hold_the_course_pins():
    # cpkit is installed beside other packages (a JupyterHub): it gives ranges,
    # each of which holds the exact version the course is tested with.
    course = requirements()
    for requirement in _library_requirements():
        name = requirement.name.lower().replace("_", "-")
        assert name in course, f"cpkit needs {name}, which requirements.txt does not pin"
        assert course[name] in requirement.specifier, f"{requirement} leaves out the course's {name}=={course[name]}"


def test_cpkit_pins_no_exact_versions_and_bounds_each_range_from_above():
    for requirement in _library_requirements():
        operators = {spec.operator for spec in requirement.specifier}
        assert "==" not in operators and "===" not in operators, f"{requirement} is an exact pin"
        assert ">=" in operators and "<" in operators, f"{requirement} should read '>=tested,<next major'"
