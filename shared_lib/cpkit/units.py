"""Units and money: one pint registry for the whole course.

Every quantity a trainee sees carries its unit. Money carries its currency:
each currency is its own dimension, so adding dollars to dong is an error
until an exchange rate is given on purpose.

>>> from cpkit.units import Q_
>>> Q_(12, "m**3/h").to("L/s").round(3)
<Quantity(3.333, 'liter / second')>
>>> price = Q_(9_500, "VND/m**3")
>>> (price * Q_(100, "m**3")).to("VND")
<Quantity(950000, 'VND')>
"""

import pint

ureg = pint.UnitRegistry(
    autoconvert_offset_to_baseunit=True,
    on_redefinition="raise",
)
ureg.formatter.default_format = "~P"

# Currencies: one dimension each (no silent exchange).
for _code in ("USD", "EUR", "VND", "INR", "CZK", "HUF", "LKR", "KES", "PEN", "COP", "EGP", "GBP"):
    ureg.define(f"{_code} = [currency_{_code}]")

# Units common in plant audits.
ureg.define("tonne_of_steam = 1000 * kilogram = t_steam")
ureg.define("Nm3 = meter ** 3 = normal_cubic_meter")  # gas volume at 0 °C, 1 atm: a label, not a conversion
ureg.define("tCO2e = 1000 * kilogram")  # tonne of CO2-equivalent (a mass)

Q_ = ureg.Quantity
pint.set_application_registry(ureg)

CURRENCIES = ("USD", "EUR", "VND", "INR", "CZK", "HUF", "LKR", "KES", "PEN", "COP", "EGP", "GBP")
