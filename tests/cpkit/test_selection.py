"""Weighted scoring of candidates (sectors, companies, focus areas) and the losses of each step."""

import pytest

from cpkit import selection
from cpkit.balance import solve
from cpkit.cases import running_case
from cpkit.errors import CPInputError

WEIGHTS = {"quantity of waste": 3, "cost": 3, "hazard": 2, "ease of action": 2}


def test_weighted_score_is_the_weighted_mean_of_the_scores_over_the_top_score():
    # Rinsing: (3*5 + 3*4 + 2*2 + 2*5) / (10 * 5) = 41/50 = 82 %
    table = selection.score({"Rinsing": {"quantity of waste": 5, "cost": 4, "hazard": 2, "ease of action": 5}},
                            WEIGHTS)
    assert table.loc[0, "Weighted score (%)"] == 82.0


def test_candidates_are_ranked_best_first_and_weights_scale_freely():
    scores = {"A": {"x": 1, "y": 5}, "B": {"x": 5, "y": 1}}
    assert list(selection.score(scores, {"x": 3, "y": 1})["Candidate"]) == ["B", "A"]
    assert selection.score(scores, {"x": 30, "y": 10}).equals(selection.score(scores, {"x": 3, "y": 1}))


def test_a_table_of_scores_gives_the_same_ranking_as_a_dict():
    import pandas as pd

    scores = {"A": {"x": 1, "y": 5}, "B": {"x": 5, "y": 1}}
    frame = pd.DataFrame(scores).T
    assert selection.score(frame, {"x": 3, "y": 1}).equals(selection.score(scores, {"x": 3, "y": 1}))


def test_priority_weights_count_down_from_the_number_of_criteria():
    assert selection.priority_weights(["a", "b", "c", "d", "e", "f"]) == {"a": 6, "b": 5, "c": 4, "d": 3, "e": 2, "f": 1}
    with pytest.raises(CPInputError, match="listed twice"):
        selection.priority_weights(["a", "a"])


@pytest.mark.parametrize("scores, weights, message", [
    ({"A": {"cost": 7}}, {"cost": 1}, "outside 0 to 5"),
    ({"A": {"cots": 3}}, {"cost": 1}, "Did you mean 'cost'"),
    ({"A": {}}, {"cost": 1}, "has no score for 'cost'"),
    ({"A": {"cost": 3}}, {"cost": -1}, "negative"),
    ({"A": {"cost": 3}}, {"cost": 0}, "Every weight is zero"),
    ({"A": {"cost": "high"}}, {"cost": 1}, "not a number"),
    ({}, {"cost": 1}, "no candidates"),
])
def test_bad_scores_and_weights_get_a_clear_message(scores, weights, message):
    with pytest.raises(CPInputError, match=message):
        selection.score(scores, weights)


def test_losses_by_step_add_up_the_waste_wastewater_and_emissions_of_each_step():
    mill = solve(running_case())
    table = selection.losses_by_step(mill).set_index("Step")
    # Drying and stentering: condensate to drain 80 t + vapour 184.62 t (running case plant.yaml)
    assert table.loc["Drying and stentering", "Losses (t/month)"] == pytest.approx(80 + 184.62)
    # Rinsing: the rinsing wastewater meter, 13,696.3 m³ at 1 t/m³
    assert table.loc["Rinsing and soaping", "Losses (t/month)"] == pytest.approx(13696.3)
    assert list(table.index)[0] == "Wastewater treatment"  # the solved treated effluent is the largest
