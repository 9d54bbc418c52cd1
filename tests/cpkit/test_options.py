"""Tests of cpkit.options: techniques, demonstration results, options and screening."""

import pandas as pd
import pytest

from cpkit import options

SEED_002_FIGURE_12 = (
    "002_ce5408578efe4586.txt, Figure 12 'Types of Cleaner Production options identified "
    "and implemented in Demonstration Projects' (source there: UNIDO, 'In-Depth Evaluation "
    "of the UNIDO/UNEP NCPCs', July 1999)"
)


def test_the_eight_techniques_of_the_seed_are_listed_in_order_with_an_example_and_its_source():
    # 000_27c7e7b830abb33b.txt, footnote 1: i) Good Housekeeping; ii) Input Material Change;
    # iii) Better Process Control; iv) Equipment Modification; v) Technology Change;
    # vi) On-Site Recovery/Reuse; vii) Production of Useful By-Products; viii) Product Modification.
    table = options.techniques()
    assert list(table["Technique"]) == [
        "Good housekeeping", "Input material change", "Better process control",
        "Equipment modification", "Technology change", "On-site recovery/reuse",
        "Production of useful by-products", "Product modification",
    ]
    assert table["Example"].str.len().min() > 20
    assert table["Source of example"].str.match(r"00[0-4]_[0-9a-f]{16}\.txt").all()


def test_demonstration_results_reproduce_figure_12_of_seed_002():
    table = options.vietnam_demonstration_results().set_index("Technique")
    published = {  # technique: (identified, implemented, implemented as % of identified), SEED_002_FIGURE_12
        "Good housekeeping": (218, 166, 76),
        "Input material change": (15, 12, 80),
        "Better process control": (67, 35, 52),
        "On-site recovery/reuse": (40, 20, 50),
        "Equipment modification": (58, 32, 55),
        "Technology change": (35, 13, 37),
        "Production of useful by-products": (3, 3, 100),
        "Product modification": (3, 2, 67),
        "Total": (439, 283, 64),
    }
    for technique, (identified, implemented, rate) in published.items():
        row = table.loc[technique]
        assert row["Identified (options)"] == identified
        assert row["Implemented (options)"] == implemented
        assert round(row["Implementation rate (%)"]) == rate


def test_the_eight_rows_add_up_to_the_total_printed_in_the_data_file():
    raw = pd.read_csv(options.DATA / "vietnam_options_1997_98.csv", comment="#").set_index("technique")
    printed_total = raw.loc["Total"]
    rows = raw.drop(index="Total")
    assert rows["identified"].sum() == printed_total["identified"] == 439
    assert rows["implemented"].sum() == printed_total["implemented"] == 283
    # the printed shares of identified options (whole %) are the rounded computed shares
    table = options.vietnam_demonstration_results().set_index("Technique")
    for technique in rows.index:
        assert abs(table.loc[technique, "Share of identified (%)"] - rows.loc[technique, "identified_share_published_pct"]) <= 0.5


def test_demonstration_data_file_names_its_source():
    first_line = (options.DATA / "vietnam_options_1997_98.csv").read_text(encoding="utf-8").splitlines()[0]
    assert first_line.startswith("# Source: 002_ce5408578efe4586.txt, Figure 12")
    assert "In-Depth Evaluation of the UNIDO/UNEP NCPCs" in first_line


def test_options_chart_shows_identified_and_implemented_bars_without_the_total():
    fig = options.options_chart()
    identified, implemented = fig.data
    assert "Total" not in list(identified.x)
    assert list(identified.y)[0] == 218 and list(implemented.y)[0] == 166
