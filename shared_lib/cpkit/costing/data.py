"""Cost data of MFCA: the price list, which price each input takes, charges and step costs, read and checked.

One job: read what :func:`cpkit.costing.mfca` needs besides the plant
(from Python, plain data or a YAML file) and refuse what does not fit,
saying which input is wrong (``err.source``: 'prices', 'assignments',
'step costs', 'waste management', 'basis' or 'plant').
"""

from __future__ import annotations

import dataclasses
import numbers

from cpkit.errors import CPInputError
from cpkit.flowsheet.formats import _load_yaml
from cpkit.flowsheet.vocabulary import _closest, _energy_amount, _is_blank
from cpkit.units import Q_, currency_of, ureg
from cpkit.units import quantity as read_quantity

CATEGORIES = ("material", "energy", "system", "waste management")
"""The four cost categories of ISO 14051."""

TOTAL_MASS = "total mass"
"""The default allocation basis: energy and system costs shared by the mass of each output."""

WITHOUT_AUXILIARY = "without auxiliary materials"
"""Allocation basis: the mass of each output less its auxiliary and operating materials (the components
that enter the plant only with streams of kind "auxiliary", such as machine oil or paint)."""

GAP = "balance gap"
"""Kind given to the loss a step's balance cannot account for."""

TREATMENT_INPUT_KINDS = ("auxiliary", "water", "energy")
"""What a treatment step may take from outside besides the losses it treats (chemicals, dilution water, power)."""


def _error(problem, fix, source):
    """A CPInputError that also says which input is wrong (for the tools): 'prices',
    'assignments', 'step costs', 'waste management', 'basis' or 'plant'."""
    error = CPInputError(problem, fix=fix, field=source)
    error.source = source
    return error


def _show(quantity):
    """A quantity as a trainee reads it: '-5 VND/month', '14,500 VND/m³', '0.25 USD/kg'."""
    m = float(quantity.magnitude)
    text = f"{m:,.0f}" if abs(m) >= 1e4 or m == int(m) else f"{m:,.6g}"
    return f"{text} {quantity.units:~P}".strip()


def _quantity(value, what, example, source):
    """An amount read as :func:`cpkit.units.quantity` reads it, its refusal naming ``source``."""
    try:
        return read_quantity(value, what, example)
    except CPInputError as problem:
        raise _error(problem.problem, problem.fix, source) from None


def _names(value, what="The allocation basis", source="basis"):
    if _is_blank(value):
        return ()
    if isinstance(value, str):
        return tuple(v.strip() for v in value.split(",") if v.strip())
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _error(f"{what} {value!r} is not a list of component names.",
                     "Write component names, e.g. 'fibre' or ['fibre', 'dyes'] (or 'total mass', "
                     "'without auxiliary materials' for the basis).", source)
    return tuple(v.strip() for v in value)


def _sections(value, what, example, source):
    """A section of cost data: a mapping (or nothing)."""
    if _is_blank(value):
        return {}
    if not isinstance(value, dict):
        raise _error(f"{what} must be a mapping, not {value!r}.", f"Write it like {example}.", source)
    return value


def _basis_choice(basis):
    """None (total mass), WITHOUT_AUXILIARY, or a tuple of component names, from what a user writes."""
    if _is_blank(basis) or (isinstance(basis, str) and basis.strip().lower() == TOTAL_MASS):
        return None
    if isinstance(basis, str) and basis.strip().lower() in (WITHOUT_AUXILIARY, "without auxiliary"):
        return WITHOUT_AUXILIARY
    return _names(basis)


@dataclasses.dataclass
class CostData:
    """What MFCA needs besides the plant and the price list.

    - ``prices``: which price each input from outside takes, ``{stream:
      price item}``, or ``{stream: {"price": item, "carried by": component(s)}}``
      when the purchase value belongs to some components only (the fibre of
      grey fabric, not its moisture). A price of 0 marks a free input.
    - ``waste_management``: ``{loss stream: [price item or amount, ...]}``:
      treatment, discharge fees, disposal, charged per unit of the stream
      (a price item) or as an amount per period ("50000 USD").
    - ``system``: ``{step: {item: amount per period}}``: labour,
      depreciation, maintenance.
    - ``energy``: ``{step: {item: amount per period}}``: energy paid as a sum
      rather than as a priced stream of the plant.
    - ``basis``: how energy and system costs are shared: ``None`` or
      ``"total mass"`` (the default), ``"without auxiliary materials"``, or
      the components whose mass counts.
    - ``currency``: the currency of every cost ("VND").

    >>> data = CostData(prices={"Dyes": "dyes"}, system={"Dyeing": {"labour": "400e6 VND/month"}})
    >>> data.system["Dyeing"]["labour"]
    <Quantity(400000000.0, 'VND / month')>
    >>> CostData(system={"Dyeing": {"labour": "-5 VND/month"}})
    Traceback (most recent call last):
    ...
    cpkit.errors.CPInputError: System cost 'labour' of step 'Dyeing' is negative (-5 VND/month).
    How to fix: Enter costs as positive amounts (0 for none); money earned from a by-product is not a cost of waste: leave it out.
    """

    prices: dict = dataclasses.field(default_factory=dict)
    waste_management: dict = dataclasses.field(default_factory=dict)
    system: dict = dataclasses.field(default_factory=dict)
    energy: dict = dataclasses.field(default_factory=dict)
    basis: object = None
    currency: str = None
    description: str = ""

    def __post_init__(self):
        prices = {}
        for stream, entry in _sections(self.prices, "The prices of the streams", "{'Water': 'water'}",
                                       "assignments").items():
            if isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[1], tuple):
                item, carried = entry  # as CostData keeps it: (price item, components carrying it)
            elif isinstance(entry, dict):
                item = entry.get("price")
                carried = _names(entry.get("carried by", entry.get("carried_by")),
                                 f"The components carrying the price of '{stream}'", "assignments")
            else:
                item, carried = entry, ()
            if _is_blank(item) or not isinstance(item, (str, numbers.Real)) or isinstance(item, bool):
                raise _error(f"Stream '{stream}' is listed under prices without a price item.",
                             f"Write the name of its price, e.g. '{stream}: water'.", "assignments")
            prices[str(stream).strip()] = (str(item).strip(), carried)
        self.prices = prices
        handling = {}
        for stream, entries in _sections(self.waste_management, "Waste management",
                                         "{'Sludge': ['sludge disposal']}", "waste management").items():
            entries = [entries] if isinstance(entries, (str, ureg.Quantity, numbers.Number)) else entries
            if not isinstance(entries, (list, tuple)) and not _is_blank(entries):
                raise _error(f"Waste management of '{stream}' must be a list of price items or amounts.",
                             f"Write it like {stream}: [sludge disposal, 50000 VND/month].", "waste management")
            entries = list(entries or [])
            handling[str(stream).strip()] = [self._handling_entry(stream, e) for e in entries if not _is_blank(e)]
        self.waste_management = handling
        self.system = self._amounts(self.system, "System cost")
        self.energy = self._amounts(self.energy, "Energy cost")
        self.basis = _basis_choice(self.basis)

    def _handling_entry(self, stream, entry):
        """A price item (str) or an amount of money per period (Quantity)."""
        if isinstance(entry, ureg.Quantity):
            return self._money(entry, f"Waste-management cost of '{stream}'", "waste management")
        if isinstance(entry, numbers.Number):
            self._money(entry, f"Waste-management cost of '{stream}'", "waste management")  # raises
        if not isinstance(entry, str):
            raise _error(f"Waste-management cost of '{stream}': {entry!r} is neither a price item nor an amount.",
                         "Write the name of a price, e.g. 'sludge disposal', or an amount, e.g. '50000 VND/month'.",
                         "waste management")
        text = str(entry).strip()
        if not text[:1].isdigit() and not text[:1] in "+-.":
            return text  # the name of a price item
        # An amount: read by the one reader, which refuses a decimal comma
        # ("2,5 USD/month") instead of reading it as 25.
        value = read_quantity(text, f"Waste-management cost of '{stream}'", "120000 VND/month",
                         field="waste management")
        if isinstance(value, ureg.Quantity) and currency_of(value) is not None:
            return self._money(value, f"Waste-management cost of '{stream}'", "waste management")
        return text

    def _amounts(self, table, what):
        checked = {}
        for step, items in _sections(table, f"{what}s", "{Dyeing: {labour: 60000000 VND/month}}",
                                     "step costs").items():
            step = str(step).strip()
            if not isinstance(items, dict):
                raise _error(f"{what}s of step '{step}' must be a list of items with amounts.",
                             "Write them like {labour: 60000000 VND/month, maintenance: 5000000 VND/month}.",
                             "step costs")
            checked[step] = {str(item).strip(): self._money(amount, f"{what} '{item}' of step '{step}'", "step costs")
                             for item, amount in items.items()}
        return checked

    @staticmethod
    def _money(value, what, source):
        value = _quantity(value, what, "60000000 VND/month", source)
        if currency_of(value) is None:
            raise _error(f"{what} ({_show(value)}) is not an amount of money.",
                         "Give it in a currency per period, e.g. '60000000 VND/month'.", source)
        if value.magnitude < 0:
            raise _error(f"{what} is negative ({_show(value)}).",
                         "Enter costs as positive amounts (0 for none); money earned from a by-product is not "
                         "a cost of waste: leave it out.", source)
        return value

    @classmethod
    def from_dict(cls, data, origin="the cost data"):
        """Cost data from plain data, in the layout of ``costs.yaml`` of the running case."""
        if not isinstance(data, dict):
            raise CPInputError(f"{origin} is not a mapping of sections.",
                               fix="Write sections 'prices:', 'waste management:' and 'system costs:'.")
        known = {"currency", "allocation basis", "prices", "waste management", "system costs", "energy costs",
                 "description"}
        unknown = [k for k in data if k not in known]
        if unknown:
            raise CPInputError(f"{origin}: '{unknown[0]}' is not a section of cost data.{_closest(unknown[0], known)}",
                               fix=f"Use the sections: {', '.join(sorted(known))}.")
        def section(key):
            value = data.get(key)
            return {} if value is None else value

        return cls(prices=section("prices"), waste_management=section("waste management"),
                   system=section("system costs"), energy=section("energy costs"),
                   basis=data.get("allocation basis"), currency=data.get("currency"),
                   description=data.get("description", ""))

    @classmethod
    def from_yaml(cls, path):
        """Cost data from a YAML file (see ``cpkit/data/running_case/costs.yaml``)."""
        with open(path, encoding="utf-8") as f:
            text = f.read()
        return cls.from_yaml_text(text, origin=f"File '{path}'")

    @classmethod
    def from_yaml_text(cls, text, origin="the YAML text"):
        return cls.from_dict(_load_yaml(text, origin), origin=origin)


def _first_currency(prices, costs):
    if not isinstance(prices, dict):
        raise _error(f"The price list must be a mapping of price items to prices, not {prices!r}.",
                     "Write it like {'water': '14500 VND/m3', 'dyes': '180000 VND/kg'}.", "prices")
    for value in [*(prices or {}).values(), *(a for items in costs.system.values() for a in items.values())]:
        try:
            code = currency_of(value if isinstance(value, ureg.Quantity) else Q_(str(value)))
        except Exception:
            code = None
        if code:
            return code
    raise _error("No price or cost says which currency to use.",
                 "Give the prices with their currency, e.g. '14500 VND/m**3', or set currency: VND.", "prices")


def _per_period(amount, money, what, source, period):
    if currency_of(amount) != currency_of(Q_(1, money)):
        raise _error(f"{what} is in {currency_of(amount)} but the other costs are in {currency_of(Q_(1, money))}.",
                     "Convert every cost to one currency first, with an exchange rate you state.", source)
    if not amount.is_compatible_with(money):
        per = "per batch (an amount, e.g. '5000 USD')" if period == "batch" else f"per {period}"
        raise _error(f"{what} ({_show(amount)}) is not an amount of money {per}.",
                     f"Give it like '{60_000_000 if currency_of(amount) == 'VND' else 5000} {money:~C}'.", source)
    return float(amount.to(money).magnitude)


class _PriceList:
    """The price list, read and checked item by item as the plant uses it."""

    def __init__(self, prices, currency):
        self.items = dict(prices or {})
        self.currency = currency

    def price(self, item, used_for):
        if item not in self.items:
            raise _error(f"The price '{item}' ({used_for}) is not in the price list.{_closest(item, self.items)}",
                         f"Add '{item}' to the price list with its unit, e.g. '{item},9000,"
                         f"{self.currency}/kg' in prices.csv, or use one of: "
                         f"{', '.join(repr(i) for i in self.items) or '(none yet)'}.", "prices")
        value = _quantity(self.items[item], f"The price '{item}'", f"9000 {self.currency}/kg", "prices")
        code = currency_of(value)
        if code is None:
            raise _error(f"The price '{item}' ({_show(value)}) is not money.",
                         f"Give it in {self.currency} per unit, e.g. '9000 {self.currency}/kg'.", "prices")
        if code != self.currency:
            raise _error(f"The price '{item}' is in {code} but the other costs are in {self.currency}.",
                         "Convert every price to one currency first, with an exchange rate you state.", "prices")
        if value.magnitude < 0:
            raise _error(f"The price '{item}' is negative ({_show(value)}).",
                         "Enter prices as positive amounts (0 for a free input); money earned from a by-product "
                         "is not a cost of waste: leave it out.", "prices")
        return value

    def value_of(self, stream, costs, money, plant):
        """The purchase value of an input from outside, per period."""
        if stream.name not in costs.prices:
            items = ", ".join(repr(i) for i in self.items) or "(none yet)"
            raise _error(
                f"No price for stream '{stream.name}' ({stream.kind}, from outside into '{stream.destination}').",
                f"Say which price it takes: add the line '{stream.name}: <price item>' under 'prices:' in the "
                f"cost data (price items: {items}); give it a price of 0 if it is free.", "assignments")
        item, _ = costs.prices[stream.name]
        return self._times(self.price(item, f"for stream '{stream.name}'"), stream, money, item)

    def charge(self, stream, entry, money, plant):
        """A waste-management charge on a loss stream: a price item times the stream, or an amount."""
        if isinstance(entry, ureg.Quantity):
            return _per_period(entry, money, f"Waste-management cost of '{stream.name}'", "waste management",
                               plant.period)
        return self._times(self.price(entry, f"waste management of '{stream.name}'"), stream, money, entry)

    @staticmethod
    def _times(price, stream, money, item):
        q = stream.quantity
        candidates = [q]
        if stream.density is not None:
            candidates += [q * stream.density, q / stream.density]
        if stream.specific_energy is not None:
            candidates.append(_energy_amount(q, stream.density, stream.specific_energy))
        for amount in candidates:
            value = price * amount
            if value.is_compatible_with(money):
                return float(value.to(money).magnitude)
        per = f"{q.units:~P}".split("/")[0].strip()
        raise _error(
            f"The price '{item}' ({_show(price)}) does not fit stream '{stream.name}' ({_show(q)}): "
            f"price times quantity is not money per period.",
            f"Give the price per unit of what the stream measures (per {per}), or give the stream a density "
            "to go between mass and volume.", "prices")
