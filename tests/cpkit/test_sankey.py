"""Sankey diagrams of a plant."""

import subprocess
import sys

from cpkit.balance import solve
from cpkit.cases import running_case
from cpkit.sankey import KIND_COLOURS, sankey


def test_each_flow_carries_its_quantity_and_unit():
    figure = sankey(solve(running_case()))
    labels = list(figure.data[0].link.label)
    assert "Finished fabric: 300.2 t/month" in labels
    assert "Treated effluent: 38,887 t/month" in labels


def test_losses_are_coloured_apart_from_products():
    figure = sankey(solve(running_case()))
    link = figure.data[0].link
    colour = dict(zip([label.split(":")[0] for label in link.label], link.color))
    assert colour["Finished fabric"] == KIND_COLOURS["product"]
    assert colour["Sludge"] == KIND_COLOURS["waste"]
    assert colour["Treated effluent"] == KIND_COLOURS["wastewater"]
    assert len({colour["Finished fabric"], colour["Sludge"], colour["Treated effluent"],
                colour["Water vapour from drying"]}) == 4


def test_unknown_streams_are_named_in_the_title():
    figure = sankey(running_case())
    assert "Not drawn, unknown: Treated effluent" in figure.layout.title.text


def test_a_component_sankey_draws_that_component():
    figure = sankey(solve(running_case()), component="dyes")
    assert "dyes flows" in figure.layout.title.text


def test_importing_cpkit_and_its_balance_modules_does_not_load_plotly_scipy_or_iapws():
    # pint (through cpkit.units) may load a little of scipy itself; the heavy parts must wait until used.
    code = ("import sys, cpkit, cpkit.flowsheet, cpkit.balance, cpkit.sankey, cpkit.energy, cpkit.reconcile; "
            "print(sorted(m for m in ('plotly', 'scipy.linalg', 'scipy.stats', 'iapws') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
