"""Checks used in the autograded tests of the course's exercises.

A test cell asks ``check_number(wastewater, expected, "kg")``. The check
accepts a plain number (read in the expected unit) or a pint quantity in any
compatible unit, and fails with a hint, never with the expected value, so
that feedback does not give the answer away.

It only trusts real numbers: an object that claims to equal everything, a
subclass of float with doctored arithmetic, or a string is refused.

>>> check_number(4370.0, 4370, "kg")
>>> from cpkit.units import Q_
>>> check_number(Q_(4.37, "t"), 4370, "kg")
>>> class AlwaysEqual:
...     def __eq__(self, other): return True
>>> check_number(AlwaysEqual(), 4370, "kg")
Traceback (most recent call last):
...
AssertionError: The answer should be a number (such as 12.5) or a quantity with a unit, not AlwaysEqual.
"""

import math
import numbers

_PLAIN_TYPES = (int, float)


def _real_number(value, name):
    """Return value as a float if it is a genuine real number, else fail."""
    value_type = type(value)
    if value_type in _PLAIN_TYPES:
        return float(value)
    module = getattr(value_type, "__module__", "")
    if module == "numpy" and isinstance(value, numbers.Real) and not isinstance(value, bool):
        import numpy

        if value_type in (numpy.float64, numpy.float32, numpy.int64, numpy.int32):
            return float(value)
    raise AssertionError(
        f"{name} should be a number (such as 12.5) or a quantity with a unit, "
        f"not {value_type.__name__}."
    )


def _magnitude(value, unit, name):
    """The value's magnitude in ``unit``; plain numbers are taken as already in it."""
    from cpkit.units import ureg

    if type(value) is ureg.Quantity:
        if unit is None:
            raise AssertionError(f"{name} should be a plain number, without a unit.")
        try:
            converted = value.to(unit)
        except Exception:
            raise AssertionError(
                f"{name} has the unit {value.units:~P}, which cannot be expressed in {unit}."
            ) from None
        return _real_number(converted.magnitude, name)
    return _real_number(value, name)


SLIP_REL = 0.002  # how near a common wrong answer an answer must be to get that slip's hint


def check_number(answer, expected, unit=None, rel=0.01, abs_tol=0.0, name="The answer", hint="", slips=()):
    """Fail unless ``answer`` is a real number within ``rel`` of ``expected``.

    ``unit``: the unit the expected value is in; a quantity answer is converted
    to it, a plain number answer is read in it.

    ``slips``: common wrong answers, ``(value, hint)`` pairs with the value in
    ``unit``. A wrong answer within 0.2 % of one fails with that slip's hint
    instead of ``hint``, so that the hint says what to check for that slip.

    Where the answer is a name (a step, a stream, a row of a table),
    ``expected`` is that name as text: the answer must be exactly that text
    (spaces at the ends aside); ``slips`` then name common wrong choices.

    >>> check_number(32.0, 256, "kg", name="salt_in", hint="Concentration times volume.",
    ...              slips=((32, "The dose is per litre of liquor."), (256_000, "Give kg, not g.")))
    Traceback (most recent call last):
    ...
    AssertionError: salt_in is not right yet. The dose is per litre of liquor.
    >>> check_number("Dyeing", "Dyeing", name="top_step")
    >>> check_number(3.5, "Dyeing", name="top_step")
    Traceback (most recent call last):
    ...
    AssertionError: top_step should be a name (text in quotes, such as "Boiler house"), not float.
    """
    if isinstance(expected, str):
        value = _text(answer, name)
        if value == expected.strip():
            return
        slip_hints = [h for slip, h in slips if value == str(slip).strip()]
    else:
        value = _magnitude(answer, unit, name)
        if not math.isfinite(value):
            raise AssertionError(f"{name} is not a finite number ({value}).")
        tolerance = max(abs(expected) * rel, abs_tol)
        if abs(value - expected) <= tolerance:
            return
        slip_hints = [h for slip, h in slips if abs(value - slip) <= abs(slip) * SLIP_REL]
    message = f"{name} is not right yet."
    hint = slip_hints[0] if slip_hints else hint
    if hint:
        message += " " + hint
    raise AssertionError(message)


def _text(value, name):
    """The answer as text, if it is genuine text (a ``str``, not a look-alike)."""
    if type(value) is not str:
        raise AssertionError(f'{name} should be a name (text in quotes, such as "Boiler house"), '
                             f"not {type(value).__name__}.")
    return value.strip()


def check_raises(function, args, error=ValueError, name="The function", hint=""):
    """Fail unless ``function(*args)`` raises ``error`` (or a subclass of it)."""
    try:
        function(*args)
    except error:
        return
    except Exception as other:
        raise AssertionError(
            f"{name} raised {type(other).__name__} where {error.__name__} was expected. {hint}".strip()
        ) from None
    raise AssertionError(f"{name} should raise {error.__name__} for {args!r}. {hint}".strip())


def check_recorded_raise(outcome, error="ValueError", name="The function", hint=""):
    """``check_raises`` for a call made elsewhere (in the grading sandbox).

    ``outcome`` is what the sandbox reported: ``{"kind": "raised", "names":
    [the exception's class and its bases]}`` or ``{"kind": "returned"}``.

    >>> check_recorded_raise({"kind": "raised", "names": ["ValueError", "Exception"]}, "ValueError")
    >>> check_recorded_raise({"kind": "returned"}, "ValueError", name="unknown_output")
    Traceback (most recent call last):
    ...
    AssertionError: unknown_output should raise ValueError for the data given.
    """
    error = getattr(error, "__name__", error)
    if outcome.get("kind") == "raised":
        names = [str(n) for n in outcome.get("names", [])]
        if error in names:
            return
        raised = names[0] if names else "an error"
        raise AssertionError(f"{name} raised {raised} where {error} was expected. {hint}".strip())
    raise AssertionError(f"{name} should raise {error} for the data given. {hint}".strip())


class _ProtectedModule(type(math)):
    """The checks cannot be replaced from a submission (``cpkit.grading.check_number = ...``)."""

    def __setattr__(self, name, value):
        raise AttributeError(f"cpkit.grading.{name} cannot be changed.")

    def __delattr__(self, name):
        raise AttributeError(f"cpkit.grading.{name} cannot be removed.")


import sys as _sys  # noqa: E402

_sys.modules[__name__].__class__ = _ProtectedModule
