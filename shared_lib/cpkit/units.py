"""Units and money: one pint registry for the whole course.

Every quantity a trainee sees carries its unit. Money carries its currency:
each currency is its own dimension, so adding dollars to dong is an error
until an exchange rate is given on purpose.

>>> from cpkit.units import Q_
>>> Q_(12, "m**3/h").to("L/s").round(3)
<Quantity(3.333, 'liter / second')>
>>> price = Q_(9_500, "VND/m**3")
>>> Q_(1, "kWh").to("kcal").round(1)   # the International Table calorie
<Quantity(859.8, 'kilocalorie')>
>>> (price * Q_(100, "m**3")).to("VND")
<Quantity(950000, 'VND')>
>>> Q_("134 m3/t"), Q_("42 000 m³"), Q_("35.8 MJ/Nm³")   # as people write them
(<Quantity(134.0, 'meter ** 3 / metric_ton')>, <Quantity(42000, 'meter ** 3')>, <Quantity(35.8, 'megajoule / normal_cubic_meter')>)
"""

import numbers
import re

import pint

from cpkit.errors import CPInputError

_POWER = re.compile(r"(?<![A-Za-z_])(m|cm|dm|km|mm)([23])(?![0-9])")

# Thousands grouped by one kind of separator, after a first group of 1 to 3
# digits that does not start with 0: 42 000, 42,000, 1 234 567.5. Not 0,125
# (a decimal comma) and not 2024 500 (two numbers).
_THOUSANDS = re.compile(r"(?<![\d.,])[1-9]\d{0,2}(?P<sep>[ ,\u00a0\u202f])\d{3}(?:(?P=sep)\d{3})*(?![\d,])")
_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|(?<![\w.])\.\d+(?:[eE][+-]?\d+)?")
_WORD = re.compile(r"(?<![\w.])[A-Za-z_][A-Za-z_0-9]*")
_NOT_A_NUMBER = re.compile(r"(?<![A-Za-z_])(nan|inf|infinity)(?![A-Za-z_0-9])", re.IGNORECASE)
_AMBIGUOUS = {"ton": "a metric tonne (1,000 kg) is 't'; a US short ton (907.2 kg) is 'short_ton'; a long ton "
                     "(1,016 kg) is 'long_ton'",
              "tons": "a metric tonne (1,000 kg) is 't'; a US short ton (907.2 kg) is 'short_ton'; a long ton "
                      "(1,016 kg) is 'long_ton'"}
_HOW_TO_WRITE = "Write one number and its unit, e.g. '1.5 t', '42000 m3' or '42,000 m3'."


def _refuse(written, problem, fix=_HOW_TO_WRITE):
    raise CPInputError(f"'{written.strip()}' {problem}", fix=fix)


def _as_written(text):
    """Quantities as people write them in the form pint reads, refusing what cannot be read for sure.

    Units: 'm3', 'm³', 'Nm³', 'km2' become 'm**3', 'Nm3', 'km**2'. Numbers:
    thousands grouped by spaces or commas ('42 000', '42,000') are joined.
    pint alone reads '42 000' as 42 x 0, '1,5' as 15, '0,125' and '01' as 0
    and '1 5' as 1 x 5, so these are refused: a comma that is not a thousands
    separator, a number starting with 0, a number that is not the first
    thing nor after an operator. NaN and infinity are refused, and so is
    'ton', which pint takes for the US short ton. A unit that differs from a
    known one only in capitals ('Kg') is refused with the unit meant.
    """
    written = text
    if _NOT_A_NUMBER.search(text):
        _refuse(written, "is not a number (NaN or infinity).", "Enter the measured or estimated value.")
    text = _THOUSANDS.sub(lambda m: m.group(0).replace(m.group("sep"), ""), text)
    if re.search(r"\d,\d", text):
        _refuse(written, "has a comma inside a number.",
                "Write decimals with a point (1.5, not 1,5), and thousands as 42000 or 42,000.")
    if re.search(r"\d[,\u00a0\u202f]|[,\u00a0\u202f]\d", text):
        _refuse(written, "has a stray separator in a number.")
    text = text.replace("Nm³", "Nm3").replace("³", "**3").replace("²", "**2")
    text = _POWER.sub(r"\1**\2", text)
    for number in _NUMBER.finditer(text):
        digits = number.group(0)
        if re.match(r"0\d", digits):
            _refuse(written, f"has a number starting with 0 ({digits}).",
                    "Write the number without leading zeros (1, not 01), decimals with a point (0.125).")
        before = text[:number.start()].rstrip()
        if before and before[-1] not in "*/^(+-":
            _refuse(written, f"has a second number ({digits}) where a unit or an operator should be.")
    for word in _WORD.finditer(text):
        name = word.group(0)
        if re.fullmatch(r"[eE]\d*", name) and word.start() and text[word.start() - 1].isdigit():
            continue
        if name in _AMBIGUOUS:
            _refuse(written, f"uses '{name}', which is ambiguous: {_AMBIGUOUS[name]}.",
                    "Write 't' for metric tonnes (or 'short_ton' if US short tons are meant).")
        slip = _case_slip(name)
        if slip:
            _refuse(written, f"has the unit '{name}', which is not defined; did you mean '{slip}'? Units are "
                             "case-sensitive (kg, not Kg; MW is a megawatt, mW a milliwatt).",
                    f"Write '{slip}'.")
    return text


def _defined(name):
    try:
        return bool(ureg.parse_unit_name(name, case_sensitive=True))
    except Exception:
        return False


def _case_slip(name):
    """The defined unit that ``name`` differs from only in capitals, if ``name`` itself is not defined."""
    if name.startswith("_") or len(name) > 12 or _defined(name):
        return None
    letters = [i for i, c in enumerate(name) if c.isalpha()]
    if len(letters) <= 6:
        variants = []
        for mask in range(1 << len(letters)):
            chars = list(name.lower())
            for bit, index in enumerate(letters):
                if mask >> bit & 1:
                    chars[index] = chars[index].upper()
            variants.append("".join(chars))
    else:
        variants = [name.lower(), name.upper(), name.capitalize()]
    found = [v for v in variants if v != name and _defined(v)]
    return min(found, key=lambda v: sum(a != b for a, b in zip(v, name))) if found else None


ureg = pint.UnitRegistry(autoconvert_offset_to_baseunit=True, on_redefinition="ignore",
                         preprocessors=[_as_written])
ureg.formatter.default_format = "~P"

# The calorie of engineering: steam tables, boiler guides (BS 845, the BEE
# guides) and calorific values in kcal/kg use the International Table
# calorie, 4.1868 J (1 kWh = 859.845 kcal). pint's default is the
# thermochemical calorie, 4.184 J, which stays available as ``cal_th``.
ureg.define("calorie = 4.1868 * joule = cal = IT_calorie")
ureg.define("thermochemical_calorie = 4.184 * joule = cal_th")

# Currencies: one dimension each (no silent exchange).
CURRENCIES = ("USD", "EUR", "VND", "INR", "CZK", "HUF", "LKR", "KES", "PEN", "COP", "EGP", "GBP")
for _code in CURRENCIES:
    ureg.define(f"{_code} = [currency_{_code}]")

# Units common in plant audits.
ureg.define("tonne_of_steam = 1000 * kilogram = t_steam")
ureg.define("normal_cubic_meter = meter ** 3 = Nm3")  # gas volume at 0 °C, 1 atm: a label, not a conversion
ureg.define("tCO2e = 1000 * kilogram")  # tonne of CO2-equivalent (a mass)

Q_ = ureg.Quantity
pint.set_application_registry(ureg)

_COMMON_UNITS = ("t", "kg", "g", "mg", "m3", "L", "mL", "kL", "Nm3", "kWh", "MWh", "GWh", "kJ", "MJ", "GJ", "TJ",
                 "kcal", "W", "kW", "MW", "Pa", "kPa", "MPa", "bar", "degC", "K", "h", "d", "day", "week",
                 "month", "year", "min", "s", "m", "km", "mm", "cm", "ppm", "percent", "t_steam", "tCO2e",
                 *CURRENCIES)
_UNIT_NAMES = []


def closest_unit(word):
    """The known unit closest to a misspelt one, or None.

    >>> closest_unit("monht"), closest_unit("kwh"), closest_unit("xyzzy")
    ('month', 'kWh', None)
    """
    from cpkit.errors import closest

    if not _UNIT_NAMES:
        _UNIT_NAMES.extend(_COMMON_UNITS)
        _UNIT_NAMES.extend(name for name in ureg._units if name.isidentifier() and not name.startswith("_"))
    exact = [name for name in _COMMON_UNITS if name.lower() == word.lower()]
    return exact[0] if exact else closest(word, _UNIT_NAMES, cutoff=0.75)


def _why_unreadable(text, error):
    """Why pint could not read ``text``: the unknown unit with the closest known one, or pint's reason."""
    normal = _POWER.sub(r"\1**\2", text.replace("Nm³", "Nm3").replace("³", "**3").replace("²", "**2"))
    for match in _WORD.finditer(normal):
        name = match.group(0)
        if re.fullmatch(r"[eE]\d*", name) and match.start() and normal[match.start() - 1].isdigit():
            continue
        if not _defined(name):
            close = closest_unit(name)
            meant = f" Did you mean '{text.strip().replace(name, close, 1)}'?" if close else ""
            return f"'{name}' is not a unit.{meant}"
    return str(error)


_PINT_NEW = ureg.Quantity.__new__


def _new_quantity(cls, value, units=None):
    """Q_ as pint makes it, but text it cannot read is refused with a CPInputError saying why."""
    if not isinstance(value, str) and not isinstance(units, str):
        return _PINT_NEW(cls, value, units)
    if isinstance(value, str) and not value.strip():
        raise CPInputError("An empty text is not a quantity.", fix="Write a number and its unit, e.g. '12 m3/h'.")
    try:
        return _PINT_NEW(cls, value, units)
    except CPInputError:
        raise
    except Exception as error:  # pint raises several kinds: undefined unit, syntax, scaling factor
        text = value if isinstance(value, str) else units
        raise CPInputError(f"Cannot read '{text.strip()}' as a quantity: {_why_unreadable(text, error)}",
                           fix="Write a number and a unit, e.g. '12 m3/h', '5 t/month' or '9500 VND/m3'.") from None


ureg.Quantity.__new__ = staticmethod(_new_quantity)


def currency_of(quantity):
    """The currency of money, or of money per unit (a price), or None.

    >>> currency_of(Q_(9500, "VND/m**3")), currency_of(Q_(3, "kg"))
    ('VND', None)
    """
    dimensions = quantity.dimensionality
    return next((code for code in CURRENCIES if dimensions.get(f"[currency_{code}]", 0) == 1), None)


def quantity(value, what, example, field=None):
    """The one reader of quantities and money: a pint quantity, or text such as '12 m3/h' or '9500 VND/m3'.

    ``what`` names the input in the message, ``example`` shows how to write
    it, and ``field`` (if given) goes on the error as ``err.field``. Refused,
    each with a :class:`~cpkit.errors.CPInputError` that names the input and
    says how to write it:

    - a bare number (its unit would be a guess), empty text, text without a
      number in front ('kg'), anything that is not a quantity or text;
    - numbers that cannot be read for sure: a decimal comma ('2,5'), a stray
      separator or a second number ('1 5 kg'), a leading zero ('01 kg',
      '0,125 kg'), NaN, infinity, a complex number;
    - units that cannot be read for sure: 'ton' (write 't' for the metric
      tonne, 'short_ton' for the US one), a case slip ('5 Kg': 'kg'), a
      typo ('m3/monht': 'm3/month').

    Thousands grouped by spaces or commas ('42 000', '42,000') are read.

    >>> quantity("12 m3/h", "Fresh water", "12 m**3/h")
    <Quantity(12.0, 'meter ** 3 / hour')>
    >>> quantity("42,000 VND/m3", "Water price", "9500 VND/m3")
    <Quantity(42000.0, 'VND / meter ** 3')>
    >>> quantity(12, "Fresh water", "12 m**3/h", field="fresh_water")
    Traceback (most recent call last):
    ...
    cpkit.errors.CPInputError: Fresh water is the bare number 12, without a unit.
    How to fix: Give the unit with the number, for example '12 m**3/h'.
    >>> quantity("30 ton/month", "Grey fabric", "30 t/month")
    Traceback (most recent call last):
    ...
    cpkit.errors.CPInputError: Grey fabric: '30 ton/month' uses 'ton', which is ambiguous: a metric tonne (1,000 kg) is 't'; a US short ton (907.2 kg) is 'short_ton'; a long ton (1,016 kg) is 'long_ton'.
    How to fix: Write 't' for metric tonnes (or 'short_ton' if US short tons are meant). For example '30 t/month'.
    """
    if isinstance(value, ureg.Quantity):
        return _finite(value, what, example, field)
    if isinstance(value, str):
        if not value.strip():
            raise CPInputError(f"{what} is empty.", fix=f"Write a number and a unit, for example {example!r}.",
                               field=field)
        if not re.match(r"\s*[+-]?\s*\.?\d", value) and not _NOT_A_NUMBER.match(value.strip()):
            raise CPInputError(f"{what}: cannot read {value.strip()!r}: it has no number in front.",
                               fix=f"Write the number, then its unit, for example {example!r}.", field=field)
        try:
            read = Q_(value.strip())
        except CPInputError as problem:  # the registry's own message (a decimal comma, a unit typo, ...)
            text = problem.problem
            raise CPInputError(f"{what}: {text[0].lower() + text[1:]}",
                               fix=f"{problem.fix} For example {example!r}." if problem.fix else None,
                               field=field) from None
        except Exception as exc:  # pint raises several error types
            raise CPInputError(
                f"{what}: cannot read {value!r} as a quantity ({exc}).",
                fix=f"Write a number and a unit, for example {example!r}.", field=field,
            ) from None
        if not isinstance(read, ureg.Quantity):
            raise CPInputError(f"{what}: cannot read {value!r} as a quantity.",
                               fix=f"Write a number and a unit, for example {example!r}.", field=field)
        return _finite(read, what, example, field)
    if isinstance(value, numbers.Number):
        raise CPInputError(
            f"{what} is the bare number {value!r}, without a unit.",
            fix=f"Give the unit with the number, for example {example!r}.", field=field,
        )
    shown = repr(value) if len(repr(value)) <= 60 else f"a {type(value).__name__}"
    raise CPInputError(f"{what}: {shown} is not a quantity.", fix=f"Write it like {example!r}.", field=field)


def _finite(value, what, example, field):
    """The quantity if its magnitude is a real, finite number (or an array of them)."""
    import numpy as np

    try:
        magnitude = np.asarray(value.magnitude)
        good = magnitude.dtype.kind in "iuf" and bool(np.all(np.isfinite(magnitude)))
    except (TypeError, ValueError):
        good = False
    if not good:
        raise CPInputError(f"{what} is {value!r}, not a real, finite number.",
                           fix=f"Enter the measured or estimated value, for example {example!r}.", field=field)
    return value


def number(value, what, example, field=None, low=None, high=None):
    """A plain real, finite number (int, float or numpy number; a percentage quantity is read as a fraction
    only where the caller converts it), refused with a CPInputError naming ``what`` otherwise.

    ``low`` and ``high`` (inclusive) bound it when given.

    >>> number(0.9, "Dryness", "0.95")
    0.9
    >>> number(None, "Dryness", "0.95", field="dryness")
    Traceback (most recent call last):
    ...
    cpkit.errors.CPInputError: Dryness: None is not a number.
    How to fix: Give a number, for example 0.95.
    """
    import numpy as np

    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Real, np.integer, np.floating)):
        shown = repr(value) if len(repr(value)) <= 60 else f"a {type(value).__name__}"
        raise CPInputError(f"{what}: {shown} is not a number.", fix=f"Give a number, for example {example}.",
                           field=field)
    result = float(value)
    if not np.isfinite(result):
        raise CPInputError(f"{what} is {result}, not a finite number.", fix=f"Give a number, for example {example}.",
                           field=field)
    if (low is not None and result < low) or (high is not None and result > high):
        bounds = f"from {low:g} to {high:g}" if low is not None and high is not None else \
            (f"of at least {low:g}" if low is not None else f"of at most {high:g}")
        raise CPInputError(f"{what} is {result:g}, outside the range it can take.",
                           fix=f"Give a number {bounds}, for example {example}.", field=field)
    return result


def unit(value, what, example, field=None, dimension=None):
    """A pint unit from text ('t/month') or a unit, refused with a CPInputError naming ``what`` otherwise;
    with ``dimension`` (e.g. '[mass] / [time]'), a unit of another kind is refused too.

    >>> unit("t/month", "The balance unit", "'t/month'")
    <Unit('metric_ton / month')>
    >>> unit("t/monht", "The balance unit", "'t/month'", field="unit")
    Traceback (most recent call last):
    ...
    cpkit.errors.CPInputError: The balance unit: 't/monht' is not a unit: 'monht' is not a unit. Did you mean 't/month'?
    How to fix: Write a unit, for example 't/month'.
    """
    if isinstance(value, ureg.Unit):
        read = value
    elif isinstance(value, str) and value.strip():
        try:
            read = ureg.Unit(value.strip())
        except Exception as error:  # pint raises several kinds: undefined unit, syntax, scaling factor
            raise CPInputError(f"{what}: {value.strip()!r} is not a unit: {_why_unreadable(value, error)}",
                               fix=f"Write a unit, for example {example}.", field=field) from None
    else:
        shown = repr(value) if len(repr(value)) <= 60 else f"a {type(value).__name__}"
        raise CPInputError(f"{what}: {shown} is not a unit.", fix=f"Write a unit, for example {example}.",
                           field=field)
    if dimension is not None and not (1 * read).check(dimension):
        raise CPInputError(f"{what}: {read:~P} is not a unit of {dimension.replace('[', '').replace(']', '')}.",
                           fix=f"Write a unit like {example}.", field=field)
    return read
