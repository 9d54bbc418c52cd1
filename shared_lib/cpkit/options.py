"""Cleaner Production options: the eight techniques, what demonstration
projects found, options recorded against a plant, and their screening.

The eight techniques (000_27c7e7b830abb33b.txt, footnote 1):

>>> from cpkit import options
>>> list(options.techniques()["Technique"])  # doctest: +NORMALIZE_WHITESPACE
['Good housekeeping', 'Input material change', 'Better process control',
 'Equipment modification', 'Technology change', 'On-site recovery/reuse',
 'Production of useful by-products', 'Product modification']
"""

from pathlib import Path

import pandas as pd

DATA = Path(__file__).parent / "data"


def _read_csv(name):
    return pd.read_csv(DATA / name, comment="#")


def techniques():
    """The eight Cleaner Production techniques, each with an example.

    Names from 000_27c7e7b830abb33b.txt, footnote 1; examples from
    002_ce5408578efe4586.txt, Figure 1, and 003_8b59166227dab261.txt (the
    column "Source of example" names the place). Data file:
    ``cpkit/data/cp_techniques.csv``.

    >>> table = techniques()
    >>> len(table)
    8
    >>> table.loc[table["Technique"] == "Input material change", "Example"].item()
    'Printing: substitute water-based ink for solvent-based ink.'
    """
    table = _read_csv("cp_techniques.csv")
    return table.rename(columns={
        "technique": "Technique",
        "description": "Description",
        "example": "Example",
        "example_source": "Source of example",
    })


TECHNIQUES = tuple(techniques()["Technique"])
"""The eight technique names, in the order of the source."""


def vietnam_demonstration_results():
    """Options identified and implemented in 71 demonstration enterprises, 1997-98.

    From 002_ce5408578efe4586.txt, Figure 12 "Types of Cleaner Production
    options identified and implemented in Demonstration Projects" (source
    there: UNIDO, "In-Depth Evaluation of the UNIDO/UNEP NCPCs", July 1999).
    Note what the seed's own text says: the 71 enterprises were assessed by
    the NCPCs in China, Mexico, the Czech Republic, the Slovak Republic,
    Hungary, Zimbabwe and India; the table is the programme's experience
    that the Vietnam course teaches from, not a count of Vietnamese plants.

    The last row, "Total", is computed from the eight rows (it matches the
    published total, 439 identified and 283 implemented). Percentages are
    computed, to one decimal; the figure prints them rounded to whole
    numbers.

    >>> table = vietnam_demonstration_results()
    >>> total = table.set_index("Technique").loc["Total"]
    >>> print(total["Identified (options)"], total["Implemented (options)"], total["Implementation rate (%)"])
    439 283 64.5
    """
    raw = _read_csv("vietnam_options_1997_98.csv")
    rows = raw[raw["technique"] != "Total"]
    table = pd.DataFrame({
        "Technique": list(rows["technique"]) + ["Total"],
        "Name in source": list(rows["name_in_source"]) + ["Total"],
        "Identified (options)": list(rows["identified"]) + [int(rows["identified"].sum())],
        "Implemented (options)": list(rows["implemented"]) + [int(rows["implemented"].sum())],
    })
    identified = table["Identified (options)"]
    table["Share of identified (%)"] = (100 * identified / identified.iloc[-1]).round(1)
    table["Implementation rate (%)"] = (100 * table["Implemented (options)"] / identified).round(1)
    return table


def options_chart(df=None):
    """Bar chart of options identified and implemented, by technique.

    ``df`` is a table like :func:`vietnam_demonstration_results` (the
    default); a "Total" row, if present, is left out of the chart.

    >>> fig = options_chart()
    >>> [bar.name for bar in fig.data]
    ['Identified', 'Implemented']
    """
    import plotly.graph_objects as go

    if df is None:
        df = vietnam_demonstration_results()
    df = df[df["Technique"] != "Total"]
    fig = go.Figure([
        go.Bar(name="Identified", x=df["Technique"], y=df["Identified (options)"]),
        go.Bar(name="Implemented", x=df["Technique"], y=df["Implemented (options)"]),
    ])
    fig.update_layout(
        barmode="group",
        title="Cleaner Production options identified and implemented, by technique",
        xaxis_title="Technique",
        yaxis_title="Number of options",
    )
    return fig
