"""Input checks shared by cpkit's functions: each returns the value it checked, or raises a
:class:`~cpkit.errors.CPInputError` naming the input (``what``, and ``field`` for the tools) and saying
how to write it. Numbers and units are read by :func:`cpkit.units.number` and :func:`cpkit.units.unit`.

>>> mapping({"cost": 2}, "Screening weights", "{'cost': 2}")
{'cost': 2}
>>> whole("5", "The loan term", "5", field="years")
Traceback (most recent call last):
...
cpkit.errors.CPInputError: The loan term: '5' is not a whole number.
How to fix: Give a whole number, for example 5.
"""

import numbers as _numbers

import numpy as np

from cpkit.errors import CPInputError
from cpkit.units import number


def _shown(value):
    return repr(value) if len(repr(value)) <= 60 else f"a {type(value).__name__}"


def mapping(value, what, example, field=None):
    """A dict (a mapping of names to values)."""
    if not isinstance(value, dict):
        raise CPInputError(f"{what}: {_shown(value)} is not a mapping of names to values.",
                           fix=f"Write it like {example}.", field=field)
    return value


def sequence(value, what, example, field=None):
    """A list or tuple (or a one-dimensional array, a pandas Series or Index, a range), as a list."""
    if isinstance(value, np.ndarray) and value.ndim == 1:
        return list(value)
    if type(value).__name__ in ("Series", "Index") and type(value).__module__.startswith("pandas") \
            or isinstance(value, range):
        return list(value)
    if not isinstance(value, (list, tuple)):
        raise CPInputError(f"{what}: {_shown(value)} is not a list.", fix=f"Write it like {example}.", field=field)
    return list(value)


def text(value, what, example, field=None, blank_ok=False):
    """A text (a name, a label); a blank one is refused unless ``blank_ok``."""
    if not isinstance(value, str):
        raise CPInputError(f"{what}: {_shown(value)} is not a text.", fix=f"Write it like {example}.", field=field)
    if not blank_ok and not value.strip():
        raise CPInputError(f"{what} is blank.", fix=f"Write it like {example}.", field=field)
    return value


def whole(value, what, example, field=None, low=None, high=None):
    """A whole number (an int, or a float with nothing after the point), within ``low`` to ``high``."""
    if isinstance(value, bool) or not isinstance(value, (_numbers.Real, np.integer, np.floating)) \
            or (np.isfinite(value) and float(value) != int(value)):
        raise CPInputError(f"{what}: {_shown(value)} is not a whole number.",
                           fix=f"Give a whole number, for example {example}.", field=field)
    return int(number(value, what, example, field=field, low=low, high=high))
