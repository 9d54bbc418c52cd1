"""Clear messages for bad input.

Every check in cpkit raises :class:`CPInputError` with a message that says
what is wrong and how to fix it. In a notebook, cpkit shows these errors as
one short message instead of a traceback (see :func:`show_errors_briefly`).
"""


class CPInputError(ValueError):
    """Bad input to a cpkit calculation.

    The message names what is wrong; ``fix`` says how to put it right;
    ``field`` names the input it concerns (the argument, column or form
    field, e.g. ``"o2"`` or ``"Stream 'rinse water': quantity"``), or is None
    when the error is about no single input. Tools use ``err.field`` to mark
    the right field without matching the message text.

    >>> err = CPInputError("Stream 'rinse water' has a negative flow (-3 m³/h).",
    ...                    fix="Enter flows as positive numbers; a stream's direction is set by its source and destination.",
    ...                    field="quantity")
    >>> print(err)
    Stream 'rinse water' has a negative flow (-3 m³/h).
    How to fix: Enter flows as positive numbers; a stream's direction is set by its source and destination.
    >>> err.field
    'quantity'
    >>> CPInputError("No steps.").field is None
    True
    """

    def __init__(self, problem, fix=None, field=None):
        self.problem = problem
        self.fix = fix
        self.field = field
        super().__init__(problem if not fix else f"{problem}\nHow to fix: {fix}")


def _brief_handler(shell, etype, value, tb, tb_offset=None):
    # IPython hands a custom handler's result back without showing it, so the
    # handler shows it: the front end gets an error output holding one short
    # message (and test runners such as nbval see the cell fail).
    brief = [f"\x1b[1;31mInput problem\x1b[0m: {value}"]
    shell._showtraceback(etype, value, brief)
    return brief


def show_errors_briefly(shell=None):
    """In IPython/Jupyter, show CPInputError as its message alone, no traceback.

    cpkit calls this when it is imported inside a running IPython kernel.
    The cell still fails (later cells and autograders see the error); only
    the display is shortened.
    """
    if shell is None:
        import sys

        ipython = sys.modules.get("IPython")
        shell = ipython.get_ipython() if ipython is not None else None
    if shell is None:
        return False
    shell.set_custom_exc((CPInputError,), _brief_handler)
    return True


def closest(name, names, cutoff=0.5):
    """The name in ``names`` closest to a misspelt ``name`` (case ignored), or None.

    >>> closest("Dyeng", ["Pretreatment", "Dyeing", "Finishing"])
    'Dyeing'
    >>> closest("boiler", ["Pretreatment", "Dyeing"]) is None
    True
    """
    import difflib

    by_lower = {str(n).lower(): str(n) for n in names}
    match = difflib.get_close_matches(str(name).lower(), list(by_lower), n=1, cutoff=cutoff)
    return by_lower[match[0]] if match else None


def did_you_mean(name, names, cutoff=0.5):
    """"Did you mean '...'?" for a misspelt name, or "" when nothing is close.

    >>> did_you_mean("Dyeng", ["Pretreatment", "Dyeing"])
    "Did you mean 'Dyeing'?"
    """
    match = closest(name, names, cutoff)
    return f"Did you mean '{match}'?" if match else ""
