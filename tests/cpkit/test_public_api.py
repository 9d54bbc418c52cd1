"""The public API that shared_lib/README.md documents exists under the names it gives."""

import importlib
import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[2] / "shared_lib" / "README.md"


def documented():
    """(module, function) for each `name(` the README's table lists against a module."""
    pairs = []
    for line in README.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not cells[1].startswith("`cpkit."):
            continue
        modules = ", ".join(re.findall(r"`(cpkit[\w.]*)`", cells[1]))
        for code in re.findall(r"`([^`]+)`", cells[2]):
            for name in re.findall(r"(?<![\w.])([A-Za-z_]\w*)\(", code):
                pairs.append((modules, name))
    return sorted(set(pairs))


def test_the_readme_lists_functions():
    assert ("cpkit.boiler", "evaporation_ratio") in documented()
    assert len(documented()) > 40


@pytest.mark.parametrize("modules, name", documented())
def test_every_function_the_readme_lists_exists_in_its_module(modules, name):
    found = [m for m in modules.split(", ") if hasattr(importlib.import_module(m), name)]
    assert found, f"README lists {name} under {modules}, where it does not exist"
