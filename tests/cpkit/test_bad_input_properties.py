"""Bad input, generated: each call returns a valid result or a clear refusal.

For every public function these tests reach, hypothesis generates messy
input and checks one promise: the call either returns a valid result (a
quantity, number or table holding no NaN, no infinity and nothing complex)
or raises :class:`~cpkit.errors.CPInputError` whose message names the input
(its ``field``, or the name given to the reader) and says how to fix it. No
other exception gets through, and no call runs away: a guard stops any call
after a few seconds (a guard against calls that never return, such as a loan
over 1e300 years, not a speed test; speed is measured in benchmarks/).

Families of bad input covered (the count goes into the closing note):

1. numbers written with a decimal comma ("2,5 kg", "0,125 kg");
2. stray separators and second numbers ("1 5 kg", "5 kg 3", "1,2345 kg");
3. leading zeros ("01 kg", "007 m3");
4. NaN and infinity, as text ("nan kg", "Infinity m3") and as numbers;
5. complex numbers;
6. empty and blank text;
7. ambiguous units ("ton", "tons");
8. capital slips in units ("Kg", "Kwh", "mw");
9. misspelt and unknown units ("m3/monht", "kilogramm", "xyz");
10. values of the wrong type (None, lists, mappings, objects, booleans, bare
    numbers where a unit is needed);
11. random text (any Unicode, including HTML such as "<img onerror=...>");
12. huge and tiny magnitudes (1e300, 5e-324) and negative ones;
13. damaged save files of the tools (any JSON value, invalid JSON, bytes);
14. values of the wrong type or range typed into the tools' fields and table
    cells;
15. misspelt names (a letter dropped, doubled or swapped, capitals, a plural,
    underscores for spaces): sectors, countries, fuels, grid factors, GWP
    sets, techniques, criteria, steps, kinds, labels, benchmark items;
16. one cell of an input table spoilt: the plant's steps and streams tables,
    the worksheet (CSV), the baseline measurements, the true-cost table;
17. one field of one stream of a plant spoilt (name, source, destination,
    kind, quantity, status, uncertainty, density, specific energy,
    composition), and the plant's name, period, description and steps;
18. one element of a list or of a monthly series spoilt (cash flows,
    readings in a quantity array, period labels, actions, kinds, utility
    steps, criteria), and lists replaced by scalars, text or mappings;
19. one entry of a mapping spoilt (ultimate analysis, scores, weights,
    prices, cost-data sections, transfer coefficients, concentrations,
    before and after, a credit line), and mappings replaced by other values;
20. values out of their physical or financial range: negative, zero, over
    100 %, below absolute zero, beyond the steam tables, production too small
    to divide by, losses of 100 % or more, thresholds and scales upside down,
    lifetimes and terms that would run away;
21. damaged files: invalid YAML, control characters, a worksheet without its
    steps or without its table.

Families 1-12 are tried on the reader of quantities and money
(:func:`cpkit.units.quantity`, ``Q_``, :func:`cpkit.units.currency_of`);
13-14 on the six tools of :mod:`cpkit.widgets`; 1-12 and 15-21 on every
public function of the README's "At a glance" table, in
test_bad_input_functions.py (one valid call per function in bad_input.py:
flowsheet, flowdiagram, worksheet, selection, balance, reconcile, energy,
sankey, costing, baseline, boiler, options, finance, impacts, monitoring,
funding, ncpc, cases, report; certificate.decide is listed there as not
yet passing). Twenty-one families in all.
"""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bad_input import UNITS, messy_texts, no_runaway, odd_values, valid, written_numbers
from cpkit.errors import CPInputError
from cpkit.units import Q_, currency_of, quantity, ureg

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                            HealthCheck.function_scoped_fixture])


# -- the reader of quantities and money ----------------------------------------------------

@SETTINGS
@given(value=st.one_of(messy_texts, odd_values))
def test_the_reader_returns_a_finite_quantity_or_a_refusal_naming_its_input(value):
    with no_runaway(f"quantity({value!r})"):
        try:
            result = quantity(value, "Water to dyeing", "12,700 m3/month", field="water")
        except CPInputError as refusal:
            assert refusal.problem.startswith("Water to dyeing"), refusal.problem
            assert refusal.field == "water" and refusal.fix
            return
    assert isinstance(result, ureg.Quantity)
    valid(result)


@SETTINGS
@given(text=messy_texts)
def test_q_reads_text_or_refuses_it_with_a_clear_message(text):
    with no_runaway(f"Q_({text!r})"):
        try:
            result = Q_(text)
        except CPInputError as refusal:
            assert refusal.problem and refusal.fix
            return
    assert isinstance(result, ureg.Quantity)


@SETTINGS
@given(number=written_numbers, unit=st.sampled_from(UNITS))
def test_a_number_is_read_as_written_or_refused_never_misread(number, unit):
    """Whatever the reader accepts, it reads as the number a person meant: the digits, grouping removed."""
    text = f"{number} {unit}"
    try:
        result = quantity(text, "Reading", "12 kg")
    except CPInputError:
        return
    meant = float(number.replace(" ", "").replace(",", "").replace("\u00a0", ""))
    assert result.magnitude == pytest.approx(meant), text


@SETTINGS
@given(unit=st.sampled_from(UNITS + ["USD", "VND/kg", "EUR/t"]), magnitude=st.floats(-1e6, 1e6))
def test_currency_of_names_the_currency_of_money_and_of_prices_only(unit, magnitude):
    found = currency_of(Q_(magnitude, unit))
    assert found in (None, "USD", "VND", "EUR")
    assert (found is None) == (not any(code in unit for code in ("USD", "VND", "EUR")))


# -- the six tools -------------------------------------------------------------------------

def tools():
    import cpkit
    from cpkit.widgets import balance, boiler, feasibility, monitoring, screening, waste_cost

    plant = cpkit.cases.running_case()
    return {"balance": lambda path: balance(plant, save_as=path), "boiler": lambda path: boiler(save_as=path),
            "feasibility": lambda path: feasibility(save_as=path), "monitoring": lambda path: monitoring(save_as=path),
            "screening": lambda path: screening(save_as=path), "waste_cost": lambda path: waste_cost(plant, save_as=path)}


TOOLS = tools()
json_values = st.recursive(st.one_of(st.none(), st.booleans(), st.floats(), st.integers(), st.text(max_size=8)),
                           lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                   st.dictionaries(st.text(max_size=8), inner, max_size=3)),
                           max_leaves=8)


@pytest.mark.parametrize("name", ["feasibility", "boiler", "screening", "monitoring"])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(content=st.one_of(
    json_values.map(lambda v: json.dumps(v).encode()),
    st.dictionaries(st.sampled_from(["investment", "lifetime", "rate", "currency", "o2", "gcv_unit", "months",
                                     "options", "target", "baseline_months", "economic", "colour"]),
                    json_values, max_size=4).map(lambda values: {"values": values}),
    st.binary(max_size=30),
))
def test_a_tool_opens_on_any_save_file_and_keeps_a_backup_of_one_it_cannot_read(tmp_path_factory, name, content):
    folder = tmp_path_factory.mktemp("saves")
    path = folder / f"{name}.cpkit.json"
    if isinstance(content, dict):
        content = json.dumps({"tool": name, "owner": "", **content}, allow_nan=True).encode()
    path.write_bytes(content)
    with no_runaway(f"opening the {name} tool"):
        tool = TOOLS[name](path)
    assert "Something unexpected" not in tool.status.value, tool.status.value
    if tool.notices:
        kept = list(folder.glob("*.damaged-*.cpkit.json"))
        assert kept and kept[0].read_bytes() == content and kept[0].name in tool.notice.value
    assert path.read_bytes() == content, "opening alone writes nothing"


@pytest.mark.parametrize("name", list(TOOLS))
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_whatever_is_typed_into_a_tool_it_shows_a_result_or_a_message_at_a_field(tmp_path_factory, name, data):
    from cpkit.widgets import form

    tool = TOOLS[name](tmp_path_factory.mktemp("saves") / f"{name}.cpkit.json")
    for _ in range(3):
        key = data.draw(st.sampled_from(sorted(tool.fields)))
        field = tool.fields[key]
        if isinstance(field, form.TableField):
            if not field.rows:
                continue
            row = data.draw(st.integers(0, len(field.rows) - 1))
            column, _, kind, _ = data.draw(st.sampled_from(field.columns))
            value = data.draw(st.floats(allow_nan=True, allow_infinity=True) if kind == "number"
                              else st.one_of(st.text(max_size=12), messy_texts))
            with no_runaway(f"{name}: {key} row {row} {column} = {value!r}"):
                field.set_cell(row, column, value)
        elif isinstance(field, form.ChoiceField):
            field.value = data.draw(st.sampled_from(field.options))
        elif isinstance(field, form.IntField):
            with no_runaway(f"{name}: {key}"):
                field.value = data.draw(st.integers(-10**6, 10**6))
        elif isinstance(field, form.TextField):
            field.value = data.draw(st.text(max_size=12))
        else:
            with no_runaway(f"{name}: {key}"):
                field.value = data.draw(st.floats(allow_nan=True, allow_infinity=True))
        status = tool.status.value
        assert "Something unexpected" not in status, status
        if status:
            assert any(f.message.value for f in tool.fields.values()) or tool.notices, status
        assert "<img" not in status and not any("<img" in f.message.value for f in tool.fields.values())
