"""cpkit: the calculation library of the Cleaner Production assessment course.

Everything a course notebook computes comes from here. Submodules load on
first use, so ``import cpkit`` stays fast::

    import cpkit
    cpkit.finance.npv(0.10, [-1000, 400, 400, 400])

One submodule per idea a trainee would name: ``units``, ``flowsheet``,
``flowdiagram``, ``worksheet``, ``balance``, ``reconcile``, ``energy``,
``sankey``, ``costing``, ``baseline``, ``boiler``, ``selection``,
``options``, ``finance``, ``impacts``, ``monitoring``, ``funding``,
``ncpc``, ``cases``, ``report``, ``widgets``, ``grading`` and ``trainer``.
"""

import importlib

__version__ = "0.1.0"

from cpkit.errors import CPInputError, show_errors_briefly  # noqa: E402  (no third-party imports)

show_errors_briefly()  # in a notebook: bad input shows as one clear message


def __getattr__(name):
    if name.startswith("_"):
        raise AttributeError(name)
    try:
        module = importlib.import_module(f"cpkit.{name}")
    except ModuleNotFoundError as exc:
        if exc.name == f"cpkit.{name}":
            raise AttributeError(f"cpkit has no module or name {name!r}") from None
        raise
    globals()[name] = module
    return module


__all__ = ["CPInputError", "__version__"]
