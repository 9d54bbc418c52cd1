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


def test_cpkit_depends_on_the_same_versions_as_the_course():
    project = tomllib.loads((ROOT / "shared_lib" / "pyproject.toml").read_text())["project"]
    library = pins(project["dependencies"])
    course = requirements()
    assert library == {name: course[name] for name in library}
