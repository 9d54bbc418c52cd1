"""The screening tool, used as a trainee would.

Weights 30/30/25/15 (they add up to 100, so each weighted score is
sum(weight x score) / 10 in %):
  Repair the rinse hose:   (9x30 + 9x30 + 7x25 + 10x15) / 10 = 86.5 %  implement now
  Return more condensate:  (8x30 + 8x30 + 6x25 +  6x15) / 10 = 72.0 %  implement now
  Counter-current rinsing: (7x30 + 7x30 + 8x25 +  5x15) / 10 = 69.5 %  study further
  New jets:                (6x30 + 3x30 + 9x25 +  2x15) / 10 = 52.5 %  study further
"""

import pytest

import cpkit
from cpkit.widgets.screening_tool import ScreeningTool


@pytest.fixture
def tool(tmp_path):
    return ScreeningTool(save_as=tmp_path / "screening.cpkit.json")


def scores(tool):
    return dict(zip(tool.result["Option"], tool.result["Weighted score (%)"]))


def test_the_example_options_are_ranked_as_worked_by_hand(tool):
    assert scores(tool) == {"Repair the rinse hose and overflow": 86.5, "Return more condensate": 72.0,
                            "Counter-current rinsing": 69.5, "New low-liquor-ratio jets": 52.5}
    assert list(tool.result["Decision"]) == ["implement now", "implement now", "study further", "study further"]
    assert "Repair the rinse hose and overflow" in tool.results.value and tool.chart.outputs


def test_weighing_the_environment_more_changes_the_ranking(tool):
    # Environmental weight 25 -> 85 (sum 160): new jets (180 + 90 + 765 + 30) / 16 = 66.6 %,
    # counter-current rinsing (210 + 210 + 680 + 75) / 16 = 73.4 % -> implement now.
    tool.fields["environmental"].value = 85
    assert scores(tool)["New low-liquor-ratio jets"] == pytest.approx(66.6, abs=0.05)
    assert scores(tool)["Counter-current rinsing"] == pytest.approx(73.4, abs=0.05)
    assert tool.result.set_index("Option").loc["Counter-current rinsing", "Decision"] == "implement now"


def test_a_new_option_can_be_added_and_scored(tool):
    tool.fields["options"].add_row({"option": "Dye with a lower liquor ratio", "technical": 5, "economic": 5,
                                    "environmental": 5, "ease_of_implementation": 5})
    assert scores(tool)["Dye with a lower liquor ratio"] == 50.0


def test_a_score_above_ten_is_marked_at_the_table_and_the_ranking_stays(tool):
    before = tool.result
    tool.fields["options"].set_cell(0, "economic", 12)
    assert "score 12 for 'economic' is outside 0-10" in tool.fields["options"].message.value
    assert tool.result is before


def test_a_negative_weight_is_marked_next_to_its_field(tool):
    tool.fields["technical"].value = -5
    assert "at least 0" in tool.fields["technical"].message.value


def test_scores_and_weights_come_back_after_a_restart(tool, tmp_path):
    tool.fields["options"].set_cell(1, "technical", 2)
    tool.fields["economic"].value = 50
    reopened = cpkit.widgets.screening(save_as=tmp_path / "screening.cpkit.json")
    assert reopened.fields["options"].value[1]["technical"] == 2
    assert reopened.fields["economic"].value == 50
