"""The frame every tool is built on: what a trainee sees when something goes wrong."""

import pytest

from cpkit.errors import CPInputError
from cpkit.widgets.form import Field, Tool


class Halving(Tool):
    """A tiny tool: half of a number, with a calculation that can fail in two ways."""

    name = "halving"

    def fields(self):
        return [Field("x", "Number", 10.0, "kg", minimum=0)]

    def calculate(self, v):
        if v["x"] == 13:
            raise CPInputError("13 is refused by the calculation.", fix="Give another number.")
        if v["x"] == 99:
            raise ZeroDivisionError("division by zero")
        return v["x"] / 2

    def render(self, result):
        return f"Half: {result:g} kg", None


@pytest.fixture
def tool(tmp_path):
    return Halving(save_as=tmp_path / "halving.cpkit.json")


def test_a_fault_in_the_calculation_shows_a_short_message_and_keeps_the_last_result(tool):
    tool.fields["x"].value = 99
    assert "Something unexpected went wrong" in tool.status.value
    assert "ZeroDivisionError" in tool.status.value
    assert "halving.cpkit.json" in tool.status.value
    assert tool.result == 5 and tool.results.value == "Half: 5 kg"
    tool.fields["x"].value = 8
    assert tool.status.value == "" and tool.results.value == "Half: 4 kg"


def test_a_refusal_by_the_calculation_is_shown_with_how_to_fix_it(tool):
    tool.fields["x"].value = 13
    assert "13 is refused" in tool.status.value and "Give another number" in tool.status.value
    assert tool.results.value == "Half: 5 kg"


def test_a_save_that_fails_is_reported_even_as_root(tmp_path):
    # A folder path that is a file cannot hold the saved values, whoever runs the kernel.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    tool = Halving(save_as=blocker / "halving.cpkit.json")
    tool.fields["x"].value = 6
    assert tool.results.value == "Half: 3 kg"
    assert "could not be saved" in tool.status.value and "CPKIT_WORK_DIR" in tool.status.value
