"""Bad input for cpkit: strategies, the promise checked, and one valid call per public function.

Shared by the property tests (test_bad_input_properties.py, test_bad_input_functions.py) and by
benchmarks/bench_bad_input.py. The families of bad input are listed in the docstring of
test_bad_input_properties.py.

A *valid call* is the worked example of a function's docstring (or of the README), written as
keyword arguments; :func:`bad_calls` replaces ONE argument of it, or one element of a list, one
entry of a mapping, one cell of a table, or one field of one stream of a plant, by a messy value.
:func:`check` makes the call and holds it to the promise: a valid result (no NaN, no infinity,
nothing complex anywhere in it) or a :class:`CPInputError` that names the input and says how to
fix it. Any other exception, or a call that does not return, fails.
"""

import copy
import dataclasses
import math
import os
import signal
import string
import tempfile
from contextlib import contextmanager

import numpy as np
import pandas as pd
from hypothesis import strategies as st

from cpkit.errors import CPInputError
from cpkit.units import Q_, ureg

GUARD_SECONDS = 30


@contextmanager
def no_runaway(what, seconds=GUARD_SECONDS):
    """Stop a call that does not return (an infinite loop, a memory runaway) and fail naming it.

    A guard against calls that never return, not a speed test (speed is measured in benchmarks/).
    """
    def stop(signum, frame):
        raise AssertionError(f"{what} did not return within {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def valid(result):
    """A result a trainee can use: no NaN, no infinity, nothing complex, in a quantity or a plain number."""
    magnitude = getattr(result, "magnitude", result)
    values = np.asarray(magnitude)
    assert values.dtype.kind in "iuf", f"{result!r} is not a real number"
    assert np.all(np.isfinite(values)), f"{result!r} holds NaN or infinity"


# -- strategies: messy numbers and units ------------------------------------------------

UNITS = ["kg", "t", "m3", "m**3/h", "t/month", "kWh", "MJ/kg", "VND/m3", "USD/month", "%", "degC", "bar",
         "Nm3", "t_steam", "L/s", "kcal/kg"]
BAD_UNITS = ["ton", "tons", "Kg", "Kwh", "mw", "m3/monht", "kilogramm", "xyz", "USD/mnth", "T/MONTH"]
numbers = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-10**12, max_value=10**12),
    st.sampled_from([0, -0.0, 1e300, -1e300, 5e-324, math.nan, math.inf, -math.inf]),
)
written_numbers = st.one_of(
    numbers.map(str),
    st.sampled_from(["2,5", "0,125", "01", "007", "1 5", "1,2345", "42 000", "42,000", "1 234 567.5", "nan",
                     "NaN", "inf", "-Infinity", ".5", "5.", "1e3", "1e-3", "12.500,00", "1.234,5", "- 5", "+5",
                     "1 000,5", "2024 500", "", " "]),
)
messy_texts = st.one_of(
    st.builds(lambda n, sep, u: f"{n}{sep}{u}", written_numbers, st.sampled_from([" ", "", "  ", "\u00a0"]),
              st.sampled_from(UNITS + BAD_UNITS)),
    st.builds(lambda n, u, m: f"{n} {u} {m}", written_numbers, st.sampled_from(UNITS), written_numbers),
    st.text(alphabet=string.printable, max_size=20),
    st.text(max_size=12),
    st.sampled_from(["", "   ", "<img src=x onerror=alert(1)>", "5 kg kg", "kg 5", "5 * * kg", "5 / 0 kg",
                     "(5 kg", "5 kg)", "5 **", "5 m3/h/", "5 %%", "1/0", "0**-1 kg"]),
)
odd_values = st.one_of(
    st.none(), st.booleans(), numbers, st.complex_numbers(), st.lists(numbers, max_size=3),
    st.dictionaries(st.text(max_size=3), numbers, max_size=2), st.builds(object),
    st.builds(Q_, numbers, st.sampled_from(UNITS)),
)


def misspelt(text):
    """A name as a hurried person types it: a letter dropped, doubled or swapped, capitals, spaces."""
    text = str(text)
    if not text:
        return st.just(" ")
    i = st.integers(0, len(text) - 1)
    return st.one_of(
        i.map(lambda k: text[:k] + text[k + 1:]),
        i.map(lambda k: text[:k] + text[k] + text[k:]),
        i.map(lambda k: text[:k] + text[k + 1:k + 2] + text[k:k + 1] + text[k + 2:]),
        st.sampled_from([text.upper(), text.lower(), f" {text} ", text + "s", text.replace(" ", "_")]),
    )


def messy_like(original):
    """A messy value in place of ``original``: any messy text or odd value, or a near miss of it."""
    choices = [messy_texts, odd_values]
    if isinstance(original, str) and original:
        choices.append(misspelt(original))
    if isinstance(original, (int, float)) and not isinstance(original, bool):
        choices.append(st.sampled_from([-original, original * 1e300, original * 1e-300, -1, 0, 1e15]))
    if isinstance(original, ureg.Quantity) and np.ndim(original.magnitude) == 0:
        choices.append(st.builds(lambda k, u: Q_(original.magnitude * k, u),
                                 st.sampled_from([-1, 0, 1e300, 1e-300, math.nan]),
                                 st.sampled_from([str(original.units), "kg", "m", "USD", "dimensionless"])))
    return st.one_of(*choices)


# -- where to put the messy value ----------------------------------------------------------

def _places(value):
    """The places one level down in ``value`` a messy value can go: keys of a mapping, indices, cells."""
    if isinstance(value, dict):
        return list(value)
    if isinstance(value, (list, tuple)):
        return list(range(len(value)))
    if isinstance(value, pd.DataFrame):
        return [(r, c) for r in range(len(value)) for c in range(value.shape[1])]
    if isinstance(value, ureg.Quantity) and np.ndim(value.magnitude) == 1:
        return list(range(len(value.magnitude)))
    return []


def _replace(value, place, new):
    if isinstance(value, dict):
        changed = dict(value)
        changed[place] = new
        return changed
    if isinstance(value, (list, tuple)):
        changed = list(value)
        changed[place] = new
        return type(value)(changed) if isinstance(value, tuple) else changed
    if isinstance(value, pd.DataFrame):
        changed = value.copy()
        row, column = place
        changed[changed.columns[column]] = changed[changed.columns[column]].astype(object)
        changed.iat[row, column] = new
        return changed
    magnitudes = np.array(value.magnitude, dtype=float)
    magnitudes[place] = new
    return Q_(magnitudes, value.units)


def _get(value, place):
    if isinstance(value, pd.DataFrame):
        return value.iat[place]
    if isinstance(value, ureg.Quantity):
        return float(value.magnitude[place])
    return value[place]


@st.composite
def bad_calls(draw, arguments):
    """``arguments`` with one messy value put somewhere in it; (arguments, path, value)."""
    key = draw(st.sampled_from(sorted(arguments)))
    path, value = [key], arguments[key]
    stack = [(arguments, key)]
    while _places(value) and draw(st.booleans() if len(path) > 1 else st.integers(0, 3).map(bool)):
        place = draw(st.sampled_from(_places(value)))
        stack.append((value, place))
        path.append(place)
        value = _get(value, place)
    if isinstance(stack[-1][0], ureg.Quantity):
        new = draw(numbers)
    else:
        new = draw(messy_like(value))
    leaf = new
    for container, place in reversed(stack):
        new = _replace(container, place, new)
    return new, path, leaf


# -- the promise -----------------------------------------------------------------------------

def _bad_number(x):
    if isinstance(x, bool):
        return None
    if isinstance(x, (complex, np.complexfloating)):
        return "a complex number"
    if isinstance(x, (float, np.floating)) and not math.isfinite(x):
        return f"{x}"
    return None


def check_valid(result, where="the result", depth=0, seen=None, blanks=()):
    """Fail if ``result`` holds NaN, infinity or a complex number anywhere a trainee reads a number.

    ``blanks``: the table columns left blank (NaN) by design, as in the function's worked example
    (the measured value of an unmeasured stream); NaN is let through there, and nowhere else.
    """
    seen = set() if seen is None else seen
    if id(result) in seen or depth > 4 or result is None or isinstance(result, (str, bytes, bool)):
        return
    seen.add(id(result))
    problem = _bad_number(result)
    assert problem is None, f"{where} is {problem}"
    if isinstance(result, ureg.Quantity):
        check_valid(result.magnitude, where, depth + 1, seen)
    elif isinstance(result, np.ndarray):
        if result.dtype.kind == "c":
            raise AssertionError(f"{where} holds complex numbers")
        if result.dtype.kind == "f":
            assert np.all(np.isfinite(result)), f"{where} holds NaN or infinity: {result!r}"
        elif result.dtype.kind == "O":
            for i, item in enumerate(result.ravel()[:200]):
                check_valid(item, f"{where}[{i}]", depth + 1, seen)
    elif isinstance(result, pd.DataFrame):
        for column in result.columns:
            values = result[column]
            if str(column).split(" (")[0] in blanks and values.dtype.kind in "fO":
                values = values[~pd.isna(values) & ~values.isin([math.inf])]
            check_valid(values, f"{where}, column {column!r}", depth + 1, seen, blanks)
    elif isinstance(result, pd.Series):
        if result.dtype.kind == "c":
            raise AssertionError(f"{where} holds complex numbers")
        if result.dtype.kind == "f":
            assert np.all(np.isfinite(result.to_numpy())), f"{where} holds NaN or infinity: {result.tolist()}"
        elif result.dtype.kind == "O":
            for i, item in enumerate(result.tolist()[:200]):
                check_valid(item, f"{where}, row {i}", depth + 1, seen)
    elif isinstance(result, dict):
        for key, item in result.items():
            check_valid(item, f"{where}[{key!r}]", depth + 1, seen, blanks)
    elif isinstance(result, (list, tuple, set)):
        for i, item in enumerate(list(result)[:200]):
            check_valid(item, f"{where}[{i}]", depth + 1, seen, blanks)
    elif _is_plotly(result):
        for i, trace in enumerate(result.data):
            check_valid(trace.to_plotly_json(), f"{where}, trace {i}", depth + 1, seen)
    elif dataclasses.is_dataclass(result) or hasattr(result, "__dict__"):
        if type(result).__module__.split(".")[0] not in ("cpkit", "tests", "bad_input"):
            return
        for name, item in vars(result).items():
            check_valid(item, f"{where}.{name.lstrip('_')}", depth + 1, seen, blanks)
        for name, attribute in vars(type(result)).items():
            if isinstance(attribute, property) and not name.startswith("_"):
                try:
                    item = getattr(result, name)
                except CPInputError:
                    continue
                check_valid(item, f"{where}.{name}", depth + 1, seen, blanks)


def _is_plotly(result):
    return type(result).__module__.startswith("plotly.")


def _names_of(path, value):
    """What a refusal may say to name the input: the words of the argument's name and of the keys on the
    way to the spoilt value (at least three letters, singular), or the value as written."""
    names = set()
    for place in path:
        if isinstance(place, str):
            for word in place.lower().replace("_", " ").split():
                if len(word) >= 3:
                    names.add(word[:-1] if word.endswith("s") else word)
    for shown in (value if isinstance(value, str) else None, str(value), repr(value)):
        if shown and shown.strip():
            names.add(shown.strip().lower()[:30])
    return names


def names_the_input(refusal, path, value):
    """Whether a refusal names the input it concerns: by its field, or in its message."""
    text = f"{refusal.field or ''} {refusal.problem}".lower()
    return bool(refusal.field) or any(name in text for name in _names_of(path, value))


def blank_columns(result, depth=0, seen=None):
    """The names of the table columns holding NaN anywhere in ``result`` (a valid call's result)."""
    seen = set() if seen is None else seen
    if id(result) in seen or depth > 4:
        return set()
    seen.add(id(result))
    if isinstance(result, pd.DataFrame):
        return {str(c).split(" (")[0] for c in result.columns if result[c].dtype.kind in "fO" and result[c].isna().any()}
    items = []
    if isinstance(result, dict):
        items = list(result.values())
    elif isinstance(result, (list, tuple)):
        items = list(result)
    elif hasattr(result, "__dict__") and type(result).__module__.startswith("cpkit"):
        items = list(vars(result).values()) + [getattr(result, n) for n, a in vars(type(result)).items()
                                               if isinstance(a, property) and not n.startswith("_")]
    return set().union(*(blank_columns(item, depth + 1, seen) for item in items)) if items else set()


def check(name, call, arguments, path=(), value=None, blanks=()):
    """Make the call; return "returned" or "refused", or fail if the promise is broken."""
    try:
        with no_runaway(f"{name} with {path!r} = {value!r}"):
            result = call(**arguments)
    except CPInputError as refusal:
        assert refusal.fix, f"{name}: the refusal says no fix: {refusal.problem!r}"
        assert names_the_input(refusal, path, value), \
            f"{name}: the refusal names no input ({path!r} = {value!r}): {refusal.problem!r}"
        return "refused"
    check_valid(result, f"{name}(...)", blanks=blanks)
    return "returned"


# -- one valid call per public function ------------------------------------------------------

def _plant(data):
    from cpkit.flowsheet import Plant

    return Plant.from_dict(data)


def _running_case_dict():
    from cpkit import cases

    return cases.running_case().to_dict()


def _small_plants():
    """The plants of the docstring examples, as data (each field can be spoiled)."""
    rinsing = {"plant": "Mill", "period": "month", "steps": [{"name": "Rinsing"}], "streams": [
        {"name": "Fabric in", "source": "outside", "destination": "Rinsing", "quantity": "100 t/month",
         "kind": "raw material"},
        {"name": "Water", "source": "outside", "destination": "Rinsing", "quantity": "2000 m**3/month",
         "kind": "water", "density": "1 t/m**3", "uncertainty": "2 %"},
        {"name": "Fabric out", "source": "Rinsing", "destination": "outside", "quantity": "100 t/month",
         "kind": "product"},
        {"name": "Drain", "source": "Rinsing", "destination": "outside", "quantity": "1900 m**3/month",
         "kind": "wastewater", "density": "1 t/m**3"}]}
    unknown = {"plant": "Mill", "period": "d", "steps": ["Rinsing"], "streams": [
        {"name": "Water", "source": "outside", "destination": "Rinsing", "quantity": "30 t/d", "kind": "water"},
        {"name": "Drain A", "source": "Rinsing", "destination": "outside", "quantity": "20 t/d",
         "kind": "wastewater"},
        {"name": "Drain B", "source": "Rinsing", "destination": "outside", "kind": "wastewater"}]}
    screen = {"plant": "Screen", "period": "h", "steps": ["Screen"], "streams": [
        {"name": "Feed", "source": "outside", "destination": "Screen", "quantity": "100 kg/h",
         "kind": "raw material", "uncertainty": "10 kg/h", "composition": {"fibre": 0.9, "water": 0.1}},
        {"name": "Accepts", "source": "Screen", "destination": "outside", "quantity": "75 kg/h",
         "kind": "product", "uncertainty": "5 kg/h"},
        {"name": "Rejects", "source": "Screen", "destination": "outside", "kind": "waste"}]}
    boiler = {"plant": "Boiler", "period": "month", "steps": ["Boiler house"], "streams": [
        {"name": "Gas", "source": "outside", "destination": "Boiler house", "quantity": "59000 Nm3/month",
         "kind": "energy", "specific_energy": "35.8 MJ/Nm3"},
        {"name": "Steam", "source": "Boiler house", "destination": "outside", "quantity": "670 t/month",
         "kind": "product", "specific_energy": "2.773 MJ/kg"}]}
    printing = {"plant": "Printing", "period": "month", "steps": ["Printing"], "streams": [
        {"name": "Paper", "source": "outside", "destination": "Printing", "quantity": "100 t/month",
         "kind": "raw material"},
        {"name": "Printed paper", "source": "Printing", "destination": "outside", "quantity": "70 t/month",
         "kind": "product"},
        {"name": "Trimmings", "source": "Printing", "destination": "outside", "quantity": "30 t/month",
         "kind": "waste"}]}
    return {"rinsing": rinsing, "unknown": unknown, "screen": screen, "boiler": boiler, "printing": printing}


def _from_tables(steps, streams, name, period):
    from cpkit.flowsheet import Plant

    return Plant.from_tables(steps, streams, name=name, period=period)


def _from_yaml(data):
    import yaml

    from cpkit.flowsheet import Plant

    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "plant.yaml")
        try:  # a value YAML cannot write goes in as its text, as a person would type it
            text = data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
        except yaml.YAMLError:
            text = str(data)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return Plant.from_yaml(path)


def _worksheet_read(sheet, header):
    from cpkit import worksheet

    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "worksheet.csv")
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(str(header))
            if isinstance(sheet, pd.DataFrame):
                sheet.to_csv(f, index=False)
            else:  # the whole table spoilt: the file holds whatever was typed
                f.write(str(sheet))
        return worksheet.read(path)


def _worksheet_arguments(plant_data):
    from cpkit import worksheet

    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "worksheet.csv")
        worksheet.write_csv(_plant(plant_data), path)
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines(keepends=True)
        sheet = pd.read_csv(path, comment="#", dtype=str, keep_default_na=False)
    header = "".join(line for line in lines if line.startswith("#"))
    return sheet, header


def _mfca(plant, prices, costs, basis):
    from cpkit.costing import CostData, mfca

    return mfca(_plant(plant), prices, CostData.from_dict(costs), basis=basis)


def _report(method, arguments, title="Pre-assessment report", plant_name="Mill"):
    from cpkit.report import Report

    report = Report(title, plant_name)
    getattr(report, method)(**arguments)
    return report.to_html()


def _valid_calls():
    """{name: (call, arguments)}: each call made with its arguments is a docstring's worked example."""
    from cpkit import (balance, baseline, boiler, cases, certificate, energy, finance, flowdiagram, funding,
                       impacts, monitoring, ncpc, options, reconcile, sankey, selection, worksheet)
    from cpkit.costing import pareto_chart

    plants = _small_plants()
    running = _running_case_dict()
    steps, streams = _plant(plants["rinsing"]).to_tables()
    sheet, header = _worksheet_arguments(plants["rinsing"])
    sheet_steps = pd.DataFrame({"Step": ["Dyeing"], "Description": [""]})
    oil = {"carbon": 84, "hydrogen": 12, "nitrogen": 0.5, "oxygen": 1.5, "sulphur": 1.5, "moisture": 0.5}
    coal = {"carbon": 41.65, "hydrogen": 2.04, "nitrogen": 1.2, "oxygen": 9.0, "sulphur": 0.4, "moisture": 7.08,
            "ash": 38.63}
    costs = {"prices": {"Paper": "paper"}, "waste management": {"Trimmings": ["2000 USD/month"]},
             "system costs": {"Printing": {"labour": "25000 USD/month"}},
             "energy costs": {"Printing": {"electricity": "5000 USD/month"}}}
    true_costs = _mfca(plants["printing"], {"paper": "650 USD/t"}, costs, None).true_costs
    screen_scores = {
        "Fix steam leaks": {"technical": 9, "economic": 9, "environmental": 6, "ease of implementation": 10},
        "New dyeing machine": {"technical": 7, "economic": 4, "environmental": 8, "ease of implementation": 3}}
    screen_weights = {"technical": 30, "economic": 30, "environmental": 25, "ease of implementation": 15}
    flows = [-5_000, 1_500, 1_500, 1_500, 1_500, 1_500]
    line = {"grant_share": "25 %", "required_benefit": 0.20, "guarantee_share": 0.5}
    production = Q_([100, 120, 90, 110, 130, 100, 120, 110], "t")
    steam = Q_([250, 290, 230, 270, 310, 250, 280, 260], "t_steam")
    table = cases.baseline_measurements().head(4)

    def plant_call(function):
        return lambda plant, **kw: function(_plant(plant), **kw)

    return {
        "flowsheet.Plant.from_dict": (lambda data: _plant(data), {"data": running}),
        "flowsheet.Plant.from_tables": (_from_tables, {"steps": steps, "streams": streams, "name": "Mill",
                                                       "period": "month"}),
        "flowsheet.Plant.from_yaml": (_from_yaml, {"data": plants["rinsing"]}),
        "flowsheet.Plant.to_tables": (lambda plant: _plant(plant).to_tables(), {"plant": running}),
        "flowdiagram.flow_diagram": (plant_call(flowdiagram.flow_diagram),
                                     {"plant": plants["rinsing"], "labels": "both", "kinds": ["water", "product"],
                                      "title": "Mill", "width": 10, "utility_steps": []}),
        "worksheet.read": (_worksheet_read, {"sheet": sheet, "header": header}),
        "worksheet.to_plant": (worksheet.to_plant, {
            "sheet": pd.DataFrame({"Stream": ["Water"], "From": ["outside"], "To": ["Dyeing"], "Kind": ["water"],
                                   "Quantity": [12700], "Unit": ["m3/month"], "Status": ["measured"]}),
            "steps": sheet_steps, "name": "Mill", "period": "month"}),
        "selection.score": (selection.score, {"scores": {"A": {"cost": 6, "size": 3}, "B": {"cost": 2, "size": 5}},
                                              "weights": {"cost": 1, "size": 2}, "scale": 10}),
        "selection.priority_weights": (selection.priority_weights,
                                       {"criteria": ["Management involvement", "CP potential", "Pays a fee"]}),
        "selection.losses_by_step": (plant_call(selection.losses_by_step), {"plant": plants["rinsing"],
                                                                             "unit": "t/month"}),
        "balance.balance": (plant_call(balance.balance), {"plant": running, "tolerance": "1 %", "unit": "t/month"}),
        "balance.gaps": (plant_call(balance.gaps), {"plant": plants["rinsing"], "tolerance": "1 %"}),
        "balance.solve": (plant_call(balance.solve), {"plant": plants["unknown"], "tolerance": "1 %"}),
        "reconcile.reconcile": (plant_call(reconcile.reconcile), {
            "plant": plants["screen"], "alpha": 0.05, "unit": "kg/h",
            "transfer_coefficients": {"Rejects": ("30 %", "3 %")},
            "concentrations": {"Accepts": {"fibre": ("95 %", "1 %")}}}),
        "energy.steam_enthalpy": (energy.steam_enthalpy, {"pressure": "1 MPa", "dryness": 0.9}),
        "energy.steam_enthalpy (superheated)": (energy.steam_enthalpy,
                                                {"pressure": "3 MPa", "temperature": "400 degC"}),
        "energy.energy_balance": (plant_call(energy.energy_balance), {"plant": plants["boiler"], "unit": "GJ/month",
                                                                      "tolerance": "1 %"}),
        "sankey.sankey": (plant_call(sankey.sankey), {"plant": plants["rinsing"], "unit": "t/month",
                                                      "title": "Rinsing"}),
        "costing.mfca": (_mfca, {"plant": plants["printing"], "prices": {"paper": "650 USD/t"}, "costs": costs,
                                 "basis": "total mass"}),
        "costing.pareto_chart": (pareto_chart, {"table": true_costs, "line": "80 %"}),
        "baseline.control_figures": (lambda table, period: baseline.control_figures(table, period=period),
                                     {"table": table, "period": "Month"}),
        "baseline.control_figures (series)": (
            lambda production, water, periods: baseline.control_figures(production=production, water=water,
                                                                        periods=periods),
            {"production": Q_([100, 120], "t"), "water": Q_([1500, 1700], "m**3"), "periods": ["Jan", "Feb"]}),
        "baseline.ControlFigures.compare": (
            lambda sector, items: baseline.control_figures(production=Q_([100, 120], "t"),
                                                           water=Q_([1500, 1700], "m**3")).compare(sector, items),
            {"sector": "textiles", "items": ["Water"]}),
        "baseline.benchmarks": (baseline.benchmarks, {"sector": "textiles", "item": "Water"}),
        "boiler.direct_efficiency": (boiler.direct_efficiency, {
            "steam_flow": "8 t/h", "steam_pressure": "11 bar", "feedwater_temperature": 85, "fuel_rate": "1.8 t/h",
            "gcv": 3200}),
        "boiler.direct_efficiency (enthalpies)": (boiler.direct_efficiency, {
            "steam_flow": "8 t/h", "fuel_rate": "1.8 t/h", "gcv": 3200, "steam_enthalpy": "665 kcal/kg",
            "feedwater_enthalpy": "85 kcal/kg"}),
        "boiler.indirect_efficiency": (boiler.indirect_efficiency, {
            "ultimate_analysis": oil, "gcv": 10000, "flue_gas_o2": 7.4, "flue_gas_temperature": 190,
            "ambient_temperature": 30, "humidity": 0.025, "radiation_loss": 1, "blowdown_loss": 1}),
        "boiler.indirect_efficiency (CO2)": (boiler.indirect_efficiency, {
            "ultimate_analysis": coal, "gcv": 4000, "flue_gas_o2": None, "flue_gas_co2": 13,
            "flue_gas_temperature": 190, "ambient_temperature": 30, "humidity": 0.025, "fuel_rate": "1 t/h",
            "fly_ash_gcv": 450, "bottom_ash_gcv": 800, "bottom_ash_share": 0.2}),
        "boiler.theoretical_co2": (boiler.theoretical_co2, {"ultimate_analysis": coal}),
        "boiler.excess_air_from_co2": (boiler.excess_air_from_co2, {"flue_gas_co2": 13, "ultimate_analysis": coal}),
        "boiler.evaporation_ratio": (boiler.evaporation_ratio, {"steam_flow": "8 t/h", "fuel_rate": "1.8 t/h"}),
        "options.Option": (options.Option, {"name": "Fix steam leaks", "technique": "good housekeeping",
                                            "step": "Dyeing", "streams": ["steam"], "investment": "500 USD",
                                            "annual_saving": "2000 USD/year"}),
        "options.screen": (options.screen, {"scores": screen_scores, "weights": screen_weights, "implement_now": 70,
                                            "reject_below": 40, "scale": (0, 10)}),
        "finance.npv": (finance.npv, {"rate": "10 %", "cashflows": flows}),
        "finance.irr": (finance.irr, {"cashflows": flows}),
        "finance.simple_payback": (finance.simple_payback, {"investment": "3.6e6 INR",
                                                            "annual_net_saving": "1.8e6 INR/year"}),
        "finance.per_year": (finance.per_year, {"saving": "150000 INR/month"}),
        "finance.discounted_payback": (finance.discounted_payback, {"rate": 0.10, "cashflows": flows}),
        "finance.profitability_index": (finance.profitability_index, {"rate": 0.10, "cashflows": flows}),
        "finance.annualised_cost": (finance.annualised_cost, {"investment": 100_000, "rate": 0.10, "lifetime": 5,
                                                              "annual_cost": 1_000, "salvage": 5_000}),
        "finance.after_tax_cashflows": (finance.after_tax_cashflows, {
            "investment": 20_000, "annual_saving": 8_000, "lifetime": 5, "tax_rate": 0.20,
            "depreciation_years": 4, "salvage": 1_000}),
        "finance.break_even": (finance.break_even, {"investment": 20_000, "annual_saving": 8_000, "lifetime": 5,
                                                    "rate": 0.10}),
        "finance.tornado": (finance.tornado, {"investment": 20_000, "annual_saving": 8_000, "lifetime": 5,
                                              "rate": 0.10, "swing": 0.2}),
        "impacts.reductions": (impacts.reductions, {"before": {"Water": "42000 m3/month", "Steam": "690 t/month"},
                                                    "after": {"Water": "36500 m3/month", "Steam": "655 t/month"}}),
        "impacts.fuel_emissions": (impacts.fuel_emissions, {"fuel": "Residual Fuel Oil", "quantity": "1 t",
                                                            "sector": "manufacturing", "gwp": "AR5"}),
        "impacts.electricity_emissions": (impacts.electricity_emissions, {"energy": "1000 MWh",
                                                                          "grid_factor": "Vietnam 2022"}),
        "monitoring.specific_consumption": (monitoring.specific_consumption, {
            "consumption": Q_([520, 610], "GJ"), "production": Q_([100, 110], "t"), "target": "5 GJ/t",
            "periods": ["Jan", "Feb"]}),
        "monitoring.cusum": (monitoring.cusum, {"production": production, "consumption": steam,
                                                "baseline_periods": 6}),
        "monitoring.action_plan": (monitoring.action_plan, {"actions": [
            {"measure": "Repair steam leaks", "owner": "Maintenance", "date": "2024-03-31", "status": "done"},
            {"measure": "Insulate condensate tank", "owner": "Utilities", "date": "2024-06-30",
             "status": "In progress"}]}),
        "funding.loan_schedule": (funding.loan_schedule, {"principal": 100_000, "annual_rate": 0.10, "years": 5}),
        "funding.GreenCreditLine": (funding.GreenCreditLine, dict(line)),
        "funding.bankable_proposal": (
            lambda credit_line, **kw: funding.bankable_proposal(
                credit_line=funding.GreenCreditLine(**credit_line) if isinstance(credit_line, dict)
                and set(credit_line) == set(line) else credit_line,
                **kw),
            {"project": "Counter-current rinsing", "investment": Q_(60_000, "USD"), "own_funds": Q_(10_000, "USD"),
             "annual_net_saving": Q_(20_000, "USD"), "lifetime": 6, "discount_rate": 0.10, "loan_rate": 0.08,
             "loan_years": 4, "credit_line": line, "confirmed_benefit": 0.30}),
        "ncpc.centre_accounts": (ncpc.centre_accounts, {"country": "Hungary"}),
        "cases.sector_plant": (cases.sector_plant, {"sector": "seafood processing"}),
        "cases.sector_baseline": (cases.sector_baseline, {"sector": "pulp and paper"}),
        "cases.sector_prices": (cases.sector_prices, {"sector": "seafood processing"}),
        "cases.sector_cost_data": (cases.sector_cost_data, {"sector": "pulp and paper"}),
        "report.Report": (lambda **kw: _report("text", {"text": "Findings."}, **kw),
                          {"title": "Pre-assessment report", "plant_name": "Mill"}),
        "report.Report.table": (lambda frame, caption, index: _report("table", {"frame": frame, "caption": caption,
                                                                                "index": index}),
                                {"frame": table, "caption": "Per month", "index": False}),
        "report.Report.figure": (lambda figure, caption: _report("figure", {"figure": figure, "caption": caption}),
                                 {"figure": b"\x89PNG\r\n\x1a\n", "caption": "Chart"}),
        "report.Report.blank": (lambda prompt, lines: _report("blank", {"prompt": prompt, "lines": lines}),
                                {"prompt": "What do the control figures say?", "lines": 6}),
        "certificate.decide": (certificate.decide, {"student_id": "t01", "name": "Trainee", "exercises": 80,
                                                    "test1": 70, "test2": 75, "report": 65, "presented": True}),
    }


_CALLS = None

BLANK_BY_DESIGN = {"baseline.benchmarks": {"Low", "High", "Note"}, "finance.break_even": {"Break-even", "Margin"},
                   "reconcile.reconcile": {"Reconciled", "Reconciled uncertainty"},
                   "energy.energy_balance": {"Closure"}, "balance.balance": {"Closure"}, "balance.gaps": {"Closure"},
                   "balance.solve": {"Closure"}}
"""Columns blank by design that the worked example does not show (names without their unit in brackets):
a norm (an upper limit) has no low value; a lifetime that never breaks even is infinity, documented in
finance.break_even; a stream the measurements leave undetermined has no reconciled value; a step that gives
out more than is known to come in has no closure in % (documented in energy.energy_balance)."""


def valid_calls():
    """{name: (call, arguments, blanks)}, built once; ``blanks``: the columns blank by design in its result."""
    global _CALLS
    if _CALLS is None:
        _CALLS = {name: (call, arguments, frozenset(blank_columns(call(**copy.deepcopy(arguments)))
                                                    | BLANK_BY_DESIGN.get(name, set())))
                  for name, (call, arguments) in _valid_calls().items()}
    return {name: (call, copy.deepcopy(arguments), blanks) for name, (call, arguments, blanks) in _CALLS.items()}
