"""Figures of the UNIDO/UNEP National Cleaner Production Centres programme.

The data files in ``cpkit/data/ncpc/`` (see their README for sources and the
cells to read with care), as tables and charts:

- :func:`impacts`: Figure 4, environmental and economic impacts (Czech
  Republic, Brazil, China);
- :func:`capacity`: Figure 5, local capacity-building effects;
- :func:`centre_accounts`: Figures 10 and 11, the Czech and Hungarian
  centres' revenues and expenditures; :func:`accounts_chart` draws them;
- :func:`sector_criteria` and :func:`company_criteria`: how the India and
  Slovakia centres chose sectors and companies for demonstration projects.

All from UNIDO/UNEP, *Changing Production Patterns: Learning from the
Experiences of National Cleaner Production Centres*.

>>> table = impacts()
>>> int(table.loc["Water saved", "Czech Republic"])
7000000
>>> list(sector_criteria()["Criterion"])[:2]
['Significant multiplier effect', 'Substantial Cleaner Production potential']
"""

from __future__ import annotations

from pathlib import Path

from cpkit.errors import CPInputError, did_you_mean

__all__ = ["COUNTRIES", "impacts", "capacity", "centre_accounts", "accounts_chart", "sector_criteria",
           "company_criteria"]

DATA = Path(__file__).parent / "data" / "ncpc"

COUNTRIES = ("Czech Republic", "Brazil", "China")
"""The centres of Figures 4 and 5, in the figures' order."""

PERIODS = {"Czech Republic": "1994-99", "Brazil": "1995-99", "China": "1995-99"}


def _read(name, **options):
    import pandas as pd

    return pd.read_csv(DATA / name, comment="#", **options)


def impacts(as_printed=False):
    """Figure 4: one row per indicator (with its unit), one column per centre.

    Empty where the figure prints "-" or cannot be read (see the data
    README). ``as_printed=True`` gives the figure's own text instead of
    numbers.

    >>> impacts().loc["Sum of the NPV of CP options at least partially implemented", "China"]
    np.float64(228280000.0)
    """
    raw = _read("impacts_figure4.csv", dtype={"as_printed": str})
    column = "as_printed" if as_printed else "value"
    table = raw.pivot(index=["indicator", "unit"], columns="country", values=column)
    order = list(dict.fromkeys(raw["indicator"]))
    table = table.reset_index().set_index("indicator").loc[order, ["unit", *COUNTRIES]]
    table.columns.name = None
    table.index.name = "Indicator"
    return table.rename(columns={"unit": "Unit"})


def capacity():
    """Figure 5: one row per indicator (grouped as in the figure), one column per centre.

    >>> int(capacity().loc["Plants given in-depth CP assessments", "China"])
    130
    """
    raw = _read("capacity_figure5.csv")
    order = list(dict.fromkeys(raw["indicator"]))
    table = raw.pivot(index=["group", "indicator"], columns="country", values="value").reset_index()
    table = table.set_index("indicator").loc[order, ["group", *COUNTRIES]]
    table.columns.name = None
    table.index.name = "Indicator"
    return table.rename(columns={"group": "Group"})


def centre_accounts(country):
    """The revenues and expenditures of the Czech (Figure 10) or Hungarian (Figure 11) centre, USD.

    One row per line of the figure, one column per year (and, for Hungary,
    the figure's own total and share).

    >>> centre_accounts("Hungary").loc["Operational incomes", ["1997", "2000"]].tolist()
    [0, 65000]
    >>> centre_accounts("Slovakia")
    Traceback (most recent call last):
    ...
    cpkit.errors.CPInputError: The NCPC guide prints the accounts of the Czech and Hungarian centres only, not 'Slovakia'.
    How to fix: Use 'Czech Republic' or 'Hungary'.
    """
    files = {"czech republic": "czech_centre_accounts_figure10.csv", "czech": "czech_centre_accounts_figure10.csv",
             "hungary": "hungarian_centre_accounts_figure11.csv",
             "hungarian": "hungarian_centre_accounts_figure11.csv"}
    key = str(country).strip().lower()
    if key not in files:
        hint = did_you_mean(country, ["Czech Republic", "Hungary"])
        raise CPInputError(
            f"The NCPC guide prints the accounts of the Czech and Hungarian centres only, not {country!r}."
            + (f" {hint}" if hint else ""),
            fix="Use 'Czech Republic' or 'Hungary'.",
        )
    table = _read(files[key]).set_index("line")
    table.index.name = "Line"
    years = [c for c in table.columns if c.isdigit()]
    for year in years:
        table[year] = table[year].astype("Int64")
    return table


def accounts_chart(country):
    """Revenues by source and expenditures by kind, per year, as stacked bars (plotly).

    >>> fig = accounts_chart("Hungary")
    >>> [trace.name for trace in fig.data][:2]
    ['UNIDO discretionary budget', 'UNIDO direct funding']
    """
    import plotly.graph_objects as go

    table = centre_accounts(country)
    years = [c for c in table.columns if c.isdigit()]
    fig = go.Figure()
    for total, group in (("Revenues", "revenues"), ("Expenditures", "expenditures")):
        items = table[(table["level"] == 1) & (table["parent"] == total)]
        for line, row in items.iterrows():
            fig.add_bar(name=line, x=[[f"{y}" for y in years], [group] * len(years)],
                        y=[row[y] for y in years], legendgroup=group, legendgrouptitle_text=total)
    name = "Czech" if "czech" in str(country).lower() else "Hungarian"
    fig.update_layout(barmode="stack", title=f"The {name} centre's revenues and expenditures (USD, as printed)",
                      yaxis_title="USD per year")
    return fig


def sector_criteria():
    """The India NCPC's ten criteria for choosing sectors for demonstration projects.

    >>> len(sector_criteria())
    10
    """
    return _read("india_sector_criteria.csv").rename(
        columns={"number": "Number", "criterion": "Criterion", "what_it_means": "What it means"})


def company_criteria():
    """The Slovakia centre's six prioritised criteria for choosing companies (priority 1 first).

    >>> company_criteria().iloc[0]["Criterion"]
    'Management involvement'
    """
    return _read("slovakia_company_criteria.csv").rename(columns={"priority": "Priority", "criterion": "Criterion"})
