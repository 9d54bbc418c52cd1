"""Interactive tools for the course: one line opens each.

>>> import cpkit
>>> tool = cpkit.widgets.feasibility(investment=20_000, annual_saving=8_000)  # doctest: +SKIP

Each tool is a thin view over a cpkit calculation that also works without
it. What a trainee types is saved to ``<tool>[-<plant>].cpkit.json`` in the
working folder (or ``save_as``) and reloaded when the tool is opened again;
in a Voila app each trainee's session has its own file. How saving keeps
work safe (damaged files, two copies of a tool, a folder that cannot be
written) is described in :mod:`cpkit.widgets.form`.
"""


def balance(plant, save_as=None, **values):
    """A plant's streams as an editable table, with its balance per step and Sankey, live."""
    from cpkit.widgets.balance_tool import BalanceTool

    return BalanceTool(plant, save_as=save_as, **values)


def feasibility(save_as=None, **values):
    """Investment, savings, lifetime and discount rate to NPV, IRR, payback and charts."""
    from cpkit.widgets.feasibility_tool import FeasibilityTool

    return FeasibilityTool(save_as=save_as, **values)


def screening(rows=None, save_as=None, **values):
    """Options scored on the four criteria, weights to a ranking: implement now / study further / reject."""
    from cpkit.widgets.screening_tool import ScreeningTool

    return ScreeningTool(rows=rows, save_as=save_as, **values)


def monitoring(rows=None, save_as=None, **values):
    """Monthly production and consumption to specific consumption, targets and CUSUM."""
    from cpkit.widgets.monitoring_tool import MonitoringTool

    return MonitoringTool(rows=rows, save_as=save_as, **values)


def boiler(save_as=None, **values):
    """Fuel analysis and flue-gas readings to the boiler's efficiency and heat-loss Sankey."""
    from cpkit.widgets.boiler_tool import BoilerTool

    return BoilerTool(save_as=save_as, **values)


def waste_cost(plant, save_as=None, **values):
    """Prices and cost data to the true cost of each material loss: table, Pareto chart, flow cost matrix."""
    from cpkit.widgets.waste_cost_tool import WasteCostTool

    return WasteCostTool(plant, save_as=save_as, **values)
