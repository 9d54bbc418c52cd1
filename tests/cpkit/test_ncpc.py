"""The NCPC figures of module 1 are the figures printed in the NCPC guide.

Source of every expected value: UNIDO/UNEP, "Changing Production Patterns:
Learning from the Experiences of National Cleaner Production Centres",
Figures 4, 5, 10 and 11 and the sections "Selecting the Right Industry
Sectors" and "Selecting the Right Companies", read in a copy of the
publication (see cpkit/data/ncpc/README.md).
"""

import math
import re
from pathlib import Path

import pandas as pd
import pytest

from cpkit import ncpc
from cpkit.errors import CPInputError

DATA = Path(ncpc.__file__).parent / "data" / "ncpc"


def test_figure_4_impacts_as_printed():
    table = ncpc.impacts()
    assert table.loc["Energy saved", ["Czech Republic", "Brazil"]].tolist() == [50000, 6886]
    assert table.loc["Water saved", "Czech Republic"] == 7_000_000
    assert table.loc["Solid waste reduced at source", "China"] == 1_938_181
    assert table.loc["Sum of the NPV of CP options at least partially implemented"].iloc[1:].tolist() == \
        [6_900_000, 5_059_971, 228_280_000]


def test_figure_4_cells_printed_as_a_dash_or_unreadable_are_empty_not_zero():
    table = ncpc.impacts()
    assert math.isnan(table.loc["Energy saved", "China"])
    # Brazil's air pollutants are printed "52,45": 52.45 or 5,245 cannot be told apart
    assert math.isnan(table.loc["Air pollutants reduced at source (excluding greenhouse gases)", "Brazil"])
    assert ncpc.impacts(as_printed=True).loc["Air pollutants reduced at source (excluding greenhouse gases)",
                                               "Brazil"] == "52,45"


def test_every_number_of_a_figure_matches_the_text_printed_beside_it():
    for name in ("impacts_figure4.csv", "capacity_figure5.csv"):
        raw = pd.read_csv(DATA / name, comment="#", dtype={"as_printed": str})
        for row in raw.itertuples():
            if isinstance(row.value, float) and math.isnan(row.value):
                continue
            assert float(re.sub(r"[ ,]", "", row.as_printed)) == row.value, (name, row.indicator, row.country)


def test_figure_5_capacity_as_printed():
    table = ncpc.capacity()
    assert table.loc["Plants given in-depth CP assessments", list(ncpc.COUNTRIES)].tolist() == [125, 52, 130]
    assert table.loc["Person-days of training", list(ncpc.COUNTRIES)].tolist() == [200, 8238, 2586]
    assert table.loc["CP assessors trained by the centre who work in the field", "China"] == 640
    assert len(table) == 12


def test_figure_10_czech_totals_are_the_sums_of_their_items_as_printed():
    table = ncpc.centre_accounts("Czech Republic")
    for total in ("Revenues", "Expenditures"):
        items = table[(table["level"] == 1) & (table["parent"] == total)]
        for year in ("1998", "1999"):
            assert items[year].sum() == table.loc[total, year]
    # 355,000 - 317,000 = 38,000 (1998); the 1999 balance is printed -16,000 where 246,000 - 261,000 = -15,000
    assert table.loc["Balance", "1998"] == 38000
    assert table.loc["Balance", "1999"] == -16000


def test_figure_11_hungarian_revenue_items_add_up_to_the_printed_totals():
    table = ncpc.centre_accounts("Hungary")
    revenue_items = table[(table["level"] == 1) & (table["parent"] == "Revenues")]
    # 17,000 + 269,000 + 40,000 + 3,000 + 139,000 + 8,000 = 476,000 against 475,000 printed: rounded figures
    assert table.loc["Revenues", "total"] == 475000
    assert abs(revenue_items["total"].sum() - 475000) <= 1000
    for line, row in revenue_items.iterrows():
        assert sum(row[y] for y in ("1997", "1998", "1999", "2000")) == row["total"], line
    assert table.loc["UNIDO direct funding", "share_pct"] == 57


def test_figure_11_miscellaneous_read_as_1998_to_2000_and_1997_left_empty():
    table = ncpc.centre_accounts("Hungary")
    assert pd.isna(table.loc["Miscellaneous", "1997"])
    assert table.loc["Miscellaneous", ["1998", "1999", "2000", "total"]].tolist() == [17000, 7000, 30000, 54000]


def test_the_accounts_chart_has_a_bar_per_item_and_year():
    fig = ncpc.accounts_chart("Czech Republic")
    names = [t.name for t in fig.data]
    assert "Revenues from operations" in names and "Service expenses" in names
    assert "Service expenses: direct" not in names  # breakdowns are not stacked twice
    assert all(len(t.y) == 2 for t in fig.data)


def test_accounts_of_a_centre_not_in_the_guide_are_refused():
    with pytest.raises(CPInputError, match="Czech and Hungarian centres only"):
        ncpc.centre_accounts("Brazil")


def test_india_has_ten_sector_criteria_and_slovakia_six_company_criteria_in_order():
    sectors = ncpc.sector_criteria()
    assert list(sectors["Number"]) == list(range(1, 11))
    assert sectors["Criterion"].iloc[-1] == "High national priorities"
    companies = ncpc.company_criteria()
    assert list(companies["Priority"]) == list(range(1, 7))
    assert companies["Criterion"].iloc[2] == "Company is willing to pay a participation fee"


def test_every_data_file_names_its_source_by_title_and_the_readme_lists_it():
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    for path in DATA.glob("*.csv"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("#") and "[@unido-unep-ncpc-guiding]" in first, path.name
        assert not re.search(r"\d{3}_[0-9a-f]{16}", first), path.name
        assert f"`{path.name}`" in readme
