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


_THOUSANDS = re.compile(r"(?<=\d)[ ,\u00a0\u202f](?=\d{3}(?!\d))")  # 42 000 or 42,000


def _as_written(text):
    """Quantities as people write them in the form pint reads.

    Units: 'm3', 'm³', 'Nm³', 'km2' become 'm**3', 'Nm3', 'km**2'. Numbers:
    thousands grouped by spaces or commas ('42 000', '42,000') are joined;
    pint alone reads '42 000' as 42 x 0 and '1,5' as 15, so a comma that is
    not a thousands separator is refused.
    """
    written = text
    text = _THOUSANDS.sub("", text)
    if re.search(r"\d,\d", text):
        raise CPInputError(f"'{written}' has a comma inside a number.",
                           fix="Write decimals with a point (1.5, not 1,5), and thousands as 42000 or 42,000.")
    text = text.replace("Nm³", "Nm3").replace("³", "**3").replace("²", "**2")
    return _POWER.sub(r"\1**\2", text)


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


def currency_of(quantity):
    """The currency of money, or of money per unit (a price), or None.

    >>> currency_of(Q_(9500, "VND/m**3")), currency_of(Q_(3, "kg"))
    ('VND', None)
    """
    dimensions = quantity.dimensionality
    return next((code for code in CURRENCIES if dimensions.get(f"[currency_{code}]", 0) == 1), None)


def quantity(value, what, example, field=None):
    """A pint quantity from a quantity or a string such as '12 m**3/h'; anything else is refused.

    ``what`` names the input in the message, ``example`` shows how to write
    it, and ``field`` (if given) goes on the error as ``err.field``. A bare
    number is refused: its unit would be a guess.

    >>> quantity("12 m3/h", "Fresh water", "12 m**3/h")
    <Quantity(12.0, 'meter ** 3 / hour')>
    >>> quantity(12, "Fresh water", "12 m**3/h", field="fresh_water")
    Traceback (most recent call last):
    ...
    cpkit.errors.CPInputError: Fresh water is the bare number 12, without a unit.
    How to fix: Give the unit with the number, for example '12 m**3/h'.
    """
    if isinstance(value, ureg.Quantity):
        return value
    if isinstance(value, str):
        try:
            return Q_(value.strip())
        except CPInputError as problem:  # the registry's own message (a decimal comma)
            if field is not None:
                problem.field = field
            raise
        except Exception as exc:  # pint raises several error types
            raise CPInputError(
                f"{what}: cannot read {value!r} as a quantity ({exc}).",
                fix=f"Write a number and a unit, for example {example!r}.", field=field,
            ) from None
    if isinstance(value, numbers.Number):
        raise CPInputError(
            f"{what} is the bare number {value!r}, without a unit.",
            fix=f"Give the unit with the number, for example {example!r}.", field=field,
        )
    raise CPInputError(f"{what}: {value!r} is not a quantity.", fix=f"Write it like {example!r}.", field=field)
