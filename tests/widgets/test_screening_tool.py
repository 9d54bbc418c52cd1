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
from cpkit.options import Option
from cpkit.widgets.screening_tool import ScreeningTool

HOSE, JETS = "Repair the rinse hose and overflow", "New low-liquor-ratio jets"


@pytest.fixture
def tool(tmp_path):
    return ScreeningTool(save_as=tmp_path / "screening.cpkit.json")


def scores(tool):
    return dict(zip(tool.result["Option"], tool.result["Weighted score (%)"]))


def decision(tool, option):
    return tool.result.set_index("Option").loc[option, "Decision"]


def bars(tool):
    figure = tool.chart.outputs[0]["data"]["application/vnd.plotly.v1+json"]
    return dict(zip(figure["data"][0]["y"], figure["data"][0]["x"]))


def test_the_example_options_are_ranked_as_worked_by_hand(tool):
    assert scores(tool) == {HOSE: 86.5, "Return more condensate": 72.0, "Counter-current rinsing": 69.5, JETS: 52.5}
    assert list(tool.result["Decision"]) == ["implement now", "implement now", "study further", "study further"]
    assert list(tool.result["Technique"]) == ["Good housekeeping", "On-site recovery/reuse",
                                              "Equipment modification", "Technology change"]
    assert ">86.5<" in tool.results.value and ">52.5<" in tool.results.value
    assert "2 implement now, 2 study further, 0 reject" in tool.results.value
    assert bars(tool) == scores(tool)


def test_typing_a_better_score_moves_an_option_up_at_once(tool):
    # New jets, economic 3 -> 9: (180 + 270 + 225 + 30) / 10 = 70.5 % -> implement now, third place
    tool.fields["options"].set_cell(3, "economic", 9)
    assert scores(tool)[JETS] == 70.5
    assert decision(tool, JETS) == "implement now"
    assert list(tool.result["Option"])[2] == JETS
    assert bars(tool)[JETS] == 70.5 and ">70.5<" in tool.results.value


def test_weighing_the_environment_more_changes_the_ranking(tool):
    # Environmental weight 25 -> 85 (sum 160): new jets (180 + 90 + 765 + 30) / 16 = 66.6 %,
    # counter-current rinsing (210 + 210 + 680 + 75) / 16 = 73.4 % -> implement now.
    tool.fields["environmental"].value = 85
    assert scores(tool)[JETS] == pytest.approx(66.5625)
    assert scores(tool)["Counter-current rinsing"] == pytest.approx(73.4375)
    assert decision(tool, "Counter-current rinsing") == "implement now"


def test_a_stricter_reject_threshold_rejects_the_weakest_option(tool):
    tool.fields["reject_below"].value = 60  # new jets score 52.5 %
    assert decision(tool, JETS) == "reject"
    assert "2 implement now, 1 study further, 1 reject" in tool.results.value


def test_thresholds_the_wrong_way_round_are_marked_and_the_ranking_stays(tool):
    before = tool.result
    tool.fields["reject_below"].value = 80  # above "implement now from" 70
    assert "thresholds do not make sense" in tool.fields["reject_below"].message.value
    assert tool.result is before


def test_a_new_option_can_be_added_scored_and_removed(tool):
    tool.fields["options"].add_row({"option": "Lower the liquor ratio", "technique": "Better process control",
                                    "technical": 5, "economic": 5, "environmental": 5, "ease_of_implementation": 5})
    assert scores(tool)["Lower the liquor ratio"] == 50.0
    assert decision(tool, "Lower the liquor ratio") == "study further"
    tool.fields["options"].remove_row()
    assert "Lower the liquor ratio" not in scores(tool) and len(tool.result) == 4


def test_an_empty_new_row_asks_for_a_name_and_keeps_the_ranking(tool):
    before = tool.result
    tool.fields["options"].add_row()
    assert "Row 5 has no option name" in tool.fields["options"].message.value
    assert tool.result is before


def test_a_score_above_ten_is_marked_at_the_table_and_the_ranking_stays(tool):
    before = tool.result
    tool.fields["options"].set_cell(0, "economic", 12)
    assert "score 12 for 'economic' is outside 0-10" in tool.fields["options"].message.value
    assert tool.result is before and ">86.5<" in tool.results.value
    assert "last valid result is shown" in tool.status.value


def test_a_misspelt_technique_is_marked_with_the_closest_name(tool):
    tool.fields["options"].set_cell(0, "technique", "good houskeeping")
    assert "Did you mean 'Good housekeeping'?" in tool.fields["options"].message.value
    tool.fields["options"].set_cell(0, "technique", "good housekeeping")
    assert tool.fields["options"].message.value == ""
    assert tool.result["Technique"].iloc[0] == "Good housekeeping"


def test_two_options_with_the_same_name_are_marked(tool):
    tool.fields["options"].set_cell(1, "option", "Return more condensate")
    assert "Two rows are both named 'Return more condensate'" in tool.fields["options"].message.value


def test_negative_or_all_zero_weights_are_explained(tool):
    tool.fields["technical"].value = -5
    assert "at least 0" in tool.fields["technical"].message.value
    for key in ("technical", "economic", "environmental", "ease_of_implementation"):
        tool.fields[key].value = 0
    assert "All screening weights are zero" in tool.status.value
    # the last valid ranking stays: ease of implementation alone (weight 15), the hose scoring 10 of 10
    assert scores(tool)[HOSE] == 100.0


def test_options_recorded_earlier_start_unscored_at_five(tmp_path):
    # Every score 5 of 10 gives 50 % whatever the weights: study further.
    tool = ScreeningTool(options=[Option("Fix steam leaks", "good housekeeping"),
                                  Option("Insulate the condensate tank", "Equipment modification")],
                         save_as=tmp_path / "screening.cpkit.json")
    assert scores(tool) == {"Fix steam leaks": 50.0, "Insulate the condensate tank": 50.0}
    assert tool.fields["options"].value[0]["technique"] == "Good housekeeping"
    tool.fields["options"].set_cell(0, "technical", 9)  # (270 + 150 + 125 + 75) / 10 = 62 %
    assert scores(tool)["Fix steam leaks"] == 62.0


def test_scores_and_weights_come_back_after_a_restart_even_a_wrong_score(tool, tmp_path):
    tool.fields["options"].set_cell(1, "technical", 2)
    tool.fields["economic"].value = 50
    tool.fields["options"].set_cell(0, "economic", 12)
    reopened = ScreeningTool(save_as=tmp_path / "screening.cpkit.json")
    assert reopened.fields["options"].value[1]["technical"] == 2
    assert reopened.fields["options"].value[0]["economic"] == 12
    assert reopened.fields["economic"].value == 50
    assert "score 12 for 'economic' is outside 0-10" in reopened.fields["options"].message.value


def test_the_course_opener_takes_rows(tmp_path):
    tool = cpkit.widgets.screening(rows=[{"option": "Fix steam leaks", "technique": "Good housekeeping",
                                          "technical": 10, "economic": 10, "environmental": 10,
                                          "ease_of_implementation": 10}],
                                   save_as=tmp_path / "screening.cpkit.json")
    assert scores(tool) == {"Fix steam leaks": 100.0}
