"""The enterprise cases of the source documents, as printed (cpkit/data/case_studies.csv).

Each expected figure below was read in the document named, in its section named;
the file must reproduce it with its printed hedge, and cite the document by a key
of the course's bibliography.
"""

import re
from importlib.resources import files

import pandas as pd
import pytest

DATA = files("cpkit") / "data"


@pytest.fixture(scope="module")
def cases():
    with (DATA / "case_studies.csv").open(encoding="utf-8") as handle:
        return pd.read_csv(handle, comment="#")


# (case, figure, value, unit, qualifier, source key)
PRINTED = [
    # Principal Achievements, "Selected Enterprise Level Achievements"
    ("chandaria", "reduction in energy consumption", 25, "%", None, "ncpc-principal-achievements"),
    ("chandaria", "reduction in water consumption", 50, "%", None, "ncpc-principal-achievements"),
    ("chandaria", "reduction of waste and of waste water", 60, "%", None, "ncpc-principal-achievements"),
    ("chandaria", "annual savings", 600_000, "USD/year", "more than", "ncpc-principal-achievements"),
    ("metalexacto", "reduction of lead content in waste", 19, "%", None, "ncpc-principal-achievements"),
    ("metalexacto", "lead recovered", 350, "t/year", "nearly", "ncpc-principal-achievements"),
    ("metalexacto", "reduction of total GHG emissions", 270, "t/year", None, "ncpc-principal-achievements"),
    ("rathkerewwa", "annual savings", 315_000, "USD/year", "more than", "ncpc-principal-achievements"),
    ("rathkerewwa", "investment", 17_000, "USD", "less than", "ncpc-principal-achievements"),
    ("rathkerewwa", "reduction of total GHG emissions", 1_000, "t/year", "almost", "ncpc-principal-achievements"),
    # Executive Summary (SECO-supported centres), 6. Results Achieved
    ("colombia-11", "combined investment", 580_000, "USD", None, "seco-recp-review"),
    ("colombia-11", "yearly savings", 210_000, "USD/year", None, "seco-recp-review"),
    ("colombia-11", "number of companies", 11, "companies", None, "seco-recp-review"),
    # Changing Production Patterns, "Regional Demonstration Project in the Czech Republic"
    ("moravska-trebova", "annual savings", 1_650_000, "USD/year", "will amount to", "unido-unep-ncpc-guiding"),
    ("moravska-trebova", "average payback", 4.5, "year", None, "unido-unep-ncpc-guiding"),
    ("moravska-trebova", "reduction of wastewater", 70_000, "m3/year", None, "unido-unep-ncpc-guiding"),
    ("moravska-trebova", "reduction of heat consumption", 37_000, "GJ/year", None, "unido-unep-ncpc-guiding"),
    ("moravska-trebova", "reduction of other types of waste", 662, "t/year", None, "unido-unep-ncpc-guiding"),
    # Background Paper (Switzerland's Cleaner Production Program), accomplishments
    ("vietnam-15", "number of companies", 15, "companies", None, "swiss-cp-background"),
    ("vietnam-15", "annual cost reductions", 1_200_000, "USD/year", "more than", "swiss-cp-background"),
    ("vietnam-15", "annual cost reduction per company", 17_000, "USD/year", "around", "swiss-cp-background"),
]


@pytest.mark.parametrize("case, figure, value, unit, qualifier, source", PRINTED,
                         ids=[f"{p[0]}: {p[1]}" for p in PRINTED])
def test_each_figure_is_as_printed_with_its_hedge_and_its_source(cases, case, figure, value, unit, qualifier, source):
    row = cases[(cases["case"] == case) & (cases["figure"] == figure)]
    assert len(row) == 1
    row = row.iloc[0]
    assert row["value"] == value and row["unit"] == unit and row["source"] == source
    assert (row["qualifier"] if isinstance(row["qualifier"], str) else None) == qualifier


def test_every_source_is_a_key_of_the_bibliography(cases):
    keys = set(re.findall(r"@\w+\{([^,]+),", (DATA / "references.bib").read_text(encoding="utf-8")))
    assert set(cases["source"]) <= keys


def test_the_vietnam_per_company_figure_does_not_follow_from_the_total_and_the_count(cases):
    vietnam = cases[cases["case"] == "vietnam-15"].set_index("figure")["value"]
    per_company = vietnam["annual cost reductions"] / vietnam["number of companies"]   # 1,200,000 / 15 = 80,000
    assert per_company == 80_000
    assert per_company / vietnam["annual cost reduction per company"] > 4   # the printed 17,000 is under a quarter of it


def test_every_row_quotes_the_words_it_was_read_from(cases):
    assert cases["as_printed"].str.len().gt(10).all()
