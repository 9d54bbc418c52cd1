"""Data reconciliation: a published example, and properties any reconciliation must have."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from cpkit import CPInputError
from cpkit.balance import balance
from cpkit.flowsheet import Plant
from cpkit.reconcile import reconcile
from cpkit.units import Q_

# Source: Program for North American Mobility in Higher Education (North Carolina State
# University and University of Ottawa, 2003), "Basic Concepts in Data Reconciliation",
# Tier I, Chapter 2 ("Linear steady-state data reconciliation with all variables measured"):
# the cooling-water circulation network (a station supplying four plants), flows in kt/h
# (written Gg/h here: pint reads "kt" as kilo-knot),
# measurements uncorrelated with the variances of matrix V; and Chapter 3 (flows 1, 3 and 5
# measured, 2, 4 and 6 not). Numbers as reproduced in the teaching notebook
# abonyilab/SystemsEngineering, 08_DataReconciliation_MerleghibaKiegyenlites.ipynb:
# reconciled flows 103.24, 65.42, 37.82, 65.42, 37.82, 103.24 kt/h; covariance of the
# reconciled flows with diagonal 0.1753, 0.1365, 0.0890, 0.1365, 0.0890, 0.1753;
# with only 1, 3, 5 measured: F1 = 110.5 (non-redundant, unchanged), F3 = F5 = 36.84 kt/h.
MEASURED = [110.5, 60.8, 35.0, 68.9, 38.6, 101.4]
VARIANCE = [0.6724, 0.2809, 0.2116, 0.5041, 0.2025, 1.44]
ROUTES = [("outside", "Plant 1"), ("Plant 1", "Plant 2"), ("Plant 1", "Plant 3"),
          ("Plant 2", "Plant 4"), ("Plant 3", "Plant 4"), ("Plant 4", "outside")]


def cooling_water_network(measured=(1, 2, 3, 4, 5, 6)):
    plant = Plant("Cooling-water network", period="h")
    for i in range(1, 5):
        plant.add_step(f"Plant {i}")
    for i, (source, destination) in enumerate(ROUTES, start=1):
        kind = "water" if source == "outside" else "wastewater" if destination == "outside" else None
        if i in measured:
            plant.add_stream(f"F{i}", source, destination, Q_(MEASURED[i - 1], "Gg/h"), kind=kind,
                             uncertainty=Q_(np.sqrt(VARIANCE[i - 1]), "Gg/h"))
        else:
            plant.add_stream(f"F{i}", source, destination, kind=kind)
    return plant


def test_the_published_cooling_water_network_is_reproduced():
    result = reconcile(cooling_water_network(), unit="Gg/h")
    table = result.table.set_index("Stream")
    reconciled = table["Reconciled (Gg/h)"].round(2).tolist()
    assert reconciled == [103.24, 65.42, 37.82, 65.42, 37.82, 103.24]
    variance = (table["Reconciled uncertainty (Gg/h)"] ** 2).round(4).tolist()
    assert variance == [0.1753, 0.1365, 0.0890, 0.1365, 0.0890, 0.1753]


def test_the_published_network_with_three_unmeasured_flows_is_reproduced():
    result = reconcile(cooling_water_network(measured=(1, 3, 5)), unit="Gg/h")
    table = result.table.set_index("Stream")["Reconciled (Gg/h)"]
    assert round(table["F1"], 2) == 110.5       # non-redundant: left as measured
    assert round(table["F3"], 2) == 36.84
    assert round(table["F5"], 2) == 36.84
    # Unmeasured flows from the balances (hand check): F2 = F1 - F3 = 110.5 - 36.84 = 73.66 = F4; F6 = F4 + F5 = F1.
    assert round(table["F2"], 2) == 73.66
    assert round(table["F4"], 2) == 73.66
    assert table["F6"] == pytest.approx(110.5)
    assert result.degrees_of_freedom == 1


def test_two_equal_uncertainties_share_the_gap_equally():
    # STAN's own illustration: import and export with the same absolute uncertainty move by the same amount.
    plant = Plant("Tank", period="h")
    plant.add_step("Tank")
    plant.add_stream("In", "outside", "Tank", "100 kg/h", kind="water", uncertainty="10 kg/h")
    plant.add_stream("Out", "Tank", "outside", "90 kg/h", kind="wastewater", uncertainty="10 kg/h")
    result = reconcile(plant)
    assert result.table["Reconciled (kg/h)"].tolist() == pytest.approx([95, 95])
    # chi-square = gap² / (σ1² + σ2²) = 10² / 200 = 0.5, one degree of freedom
    assert result.chi_square == pytest.approx(0.5)
    assert result.degrees_of_freedom == 1
    assert result.passed


def test_a_gross_error_fails_the_global_test_and_is_flagged():
    plant = Plant("Splitter", period="h")
    for step in ("Split", "Mix"):
        plant.add_step(step)
    plant.add_stream("Feed", "outside", "Split", "100 kg/h", kind="water", uncertainty="1 kg/h")
    plant.add_stream("Branch A", "Split", "Mix", "60 kg/h", uncertainty="1 kg/h")
    plant.add_stream("Branch B", "Split", "Mix", "40 kg/h", uncertainty="1 kg/h")
    plant.add_stream("Return", "Mix", "outside", "150 kg/h", kind="wastewater", uncertainty="1 kg/h")  # should be 100
    result = reconcile(plant)
    assert not result.passed
    assert result.suspects[0] == "Return"
    assert "Likely gross errors: 'Return'" in result.summary()


def test_a_plant_without_uncertainties_cannot_be_reconciled():
    plant = Plant("Tank", period="h")
    plant.add_step("Tank")
    plant.add_stream("In", "outside", "Tank", "100 kg/h", kind="water")
    with pytest.raises(CPInputError, match="no stream with an uncertainty"):
        reconcile(plant)


def test_exact_values_that_contradict_each_other_are_reported():
    plant = Plant("Tank", period="h")
    plant.add_step("Tank")
    plant.add_step("Pump")
    plant.add_stream("In", "outside", "Tank", "100 kg/h", kind="water")
    plant.add_stream("Out", "Tank", "outside", "90 kg/h", kind="wastewater")
    plant.add_stream("Seal water", "outside", "Pump", "1 kg/h", kind="water", uncertainty="10 %")
    plant.add_stream("Seal drain", "Pump", "outside", "1 kg/h", kind="wastewater", uncertainty="10 %")
    with pytest.raises(CPInputError, match="taken as exact .* contradict"):
        reconcile(plant)


def test_an_unmeasured_stream_the_measurements_leave_negative_is_named_not_set_to_zero():
    # Step 0: feed 15.9375 in, 16 to step 1 and an unmeasured product out:
    # 15.9375 - 16 = -0.0625 t/d for the product. (Found by the property test below.)
    plant = Plant("Two steps", period="d")
    plant.add_step("Step 0")
    plant.add_step("Step 1")
    plant.add_stream("Feed 0", "outside", "Step 0", "15.9375 t/d", kind="raw material", uncertainty="3 %")
    plant.add_stream("Product 0", "Step 0", "outside", kind="product")
    plant.add_stream("Feed 1", "outside", "Step 1", "1 t/d", kind="raw material", uncertainty="3 %")
    plant.add_stream("Product 1", "Step 1", "outside", "17 t/d", kind="product", uncertainty="3 %")
    plant.add_stream("S0-1", "Step 0", "Step 1", "16 t/d", uncertainty="3 %")
    with pytest.raises(CPInputError, match=r"negative flow for the unmeasured stream 'Product 0' \(-0.0625"):
        reconcile(plant)


@st.composite
def measured_networks(draw):
    """Random networks of steps in series with side streams; true flows close, then noise is added."""
    n = draw(st.integers(1, 6))
    plant = Plant("Random", period="d")
    for i in range(n):
        plant.add_step(f"Step {i}")
    internal = {(i, j): draw(st.floats(1, 500)) for i in range(n) for j in range(i + 1, n) if draw(st.booleans())}
    true = {}
    for i in range(n):
        out_internal = sum(v for (a, _), v in internal.items() if a == i)
        in_internal = sum(v for (_, b), v in internal.items() if b == i)
        feed = draw(st.floats(1, 500)) + out_internal
        true[(f"Feed {i}", "outside", f"Step {i}")] = feed
        true[(f"Product {i}", f"Step {i}", "outside")] = feed + in_internal - out_internal
    for (i, j), v in internal.items():
        true[(f"S{i}-{j}", f"Step {i}", f"Step {j}")] = v
    return plant, true


def build(plant, flows, noise, unknown=()):
    for (name, source, destination), value in flows.items():
        kind = "raw material" if source == "outside" else "product" if destination == "outside" else None
        if name in unknown:
            plant.add_stream(name, source, destination, kind=kind)
        else:
            plant.add_stream(name, source, destination, Q_(value * (1 + noise.get(name, 0.0)), "t/d"),
                             kind=kind, uncertainty="3 %")
    return plant


@settings(max_examples=60, deadline=None)
@given(measured_networks(), st.data())
def test_reconciled_flows_satisfy_every_balance(network, data):
    plant, true = network
    noise = {name: data.draw(st.floats(-0.1, 0.1)) for (name, _, _) in true}
    unknown = {data.draw(st.sampled_from([name for (name, _, _) in true]))} if data.draw(st.booleans()) else set()
    try:
        result = reconcile(build(plant, true, noise, unknown))
    except CPInputError as refusal:  # noise can leave nothing for an unmeasured stream: said, not hidden
        assert "negative flow for the unmeasured stream" in str(refusal)
        return
    table = balance(result.plant, unit="t/d")
    scale = max(true.values())
    if result.plant.stream(next(iter(unknown))).quantity is None if unknown else False:
        return  # an unobservable unknown: nothing to check on its steps
    assert table["Closure (t/d)"].abs().max() <= 1e-8 * scale


@settings(max_examples=60, deadline=None)
@given(measured_networks())
def test_reconciling_data_that_already_balance_changes_nothing(network):
    plant, true = network
    result = reconcile(build(plant, true, noise={}))
    assert result.table["Adjustment (t/d)"].abs().max() <= 1e-9 * max(true.values())
    assert result.chi_square == pytest.approx(0, abs=1e-12)
    assert result.passed


# --- Relations that are not linear: transfer coefficients and concentrations ----------------------
# Source: O. Cencic, "Nonlinear data reconciliation in material flow analysis with software STAN",
# Sustainable Environment Research 26 (2016) 291-298, hypothetical example: three processes;
# flow 1 = 100 ± 10, flow 2 = 50 (exact), flow 3 = 300 ± 30, flow 5 = 160 ± 16 measured; flows 4, 6
# and 7 unknown; flow 4 (process 2 back to process 1) = TC x flow 3 with TC = 0.5 ± 0.05. The
# paper's own table could not be read here; inputs and results are those of the documentation
# notebook of the ODYM library, "Data Reconciliation in ODYM - Part 1: Maximum Likelihood
# Estimation", which reproduces that example: reconciled flow 1 = 102.425960 ± 7.882792,
# flow 3 = 302.416229 ± 22.608614, flow 4 = 149.990270 ± 21.213297, flow 5 = 152.425960 ± 7.882792,
# TC = 0.495973 ± 0.037681; flows 6 and 7 cannot be determined; with flow 6 = flow 7 added,
# both are 76.212980 ± 3.941396.


def stan_example():
    plant = Plant("STAN example", period="year")
    for i in (1, 2, 3):
        plant.add_step(f"Process {i}")
    plant.add_stream("Flow 1", "outside", "Process 1", "100 t/year", kind="raw material", uncertainty="10 t/year")
    plant.add_stream("Flow 2", "outside", "Process 1", "50 t/year", kind="raw material")
    plant.add_stream("Flow 3", "Process 1", "Process 2", "300 t/year", uncertainty="30 t/year")
    plant.add_stream("Flow 4", "Process 2", "Process 1")
    plant.add_stream("Flow 5", "Process 2", "Process 3", "160 t/year", uncertainty="16 t/year")
    plant.add_stream("Flow 6", "Process 3", "outside", kind="product")
    plant.add_stream("Flow 7", "Process 3", "outside", kind="waste")
    return plant


def test_the_published_stan_example_with_a_transfer_coefficient_is_reproduced():
    result = reconcile(stan_example(), unit="t/year", transfer_coefficients={"Flow 4": (0.5, 0.05)})
    table = result.table.set_index("Stream")
    value, sd = table["Reconciled (t/a)"], table["Reconciled uncertainty (t/a)"]
    for name, published, published_sd in [("Flow 1", 102.425960, 7.882792), ("Flow 3", 302.416229, 22.608614),
                                          ("Flow 4", 149.990270, 21.213297), ("Flow 5", 152.425960, 7.882792)]:
        assert value[name] == pytest.approx(published, abs=1e-5)
        assert sd[name] == pytest.approx(published_sd, abs=1e-5)
    tc = result.parameters.set_index("Quantity").loc["TC of 'Flow 4'"]
    assert tc["Reconciled"] == pytest.approx(0.495973, abs=1e-6)
    assert tc["Reconciled uncertainty"] == pytest.approx(0.037681, abs=1e-6)
    assert result.undetermined == ["Flow 6", "Flow 7"]
    assert np.isnan(value["Flow 6"]) and result.plant.stream("Flow 6").quantity is None
    # degrees of freedom: 4 relations (3 balances, 1 TC) less 2 independent unknowns (flow 4;
    # flows 6 and 7 enter together) = 2
    assert result.degrees_of_freedom == 2
    assert result.iterations > 1
    assert "Not determined by the measurements and relations: 'Flow 6', 'Flow 7'" in result.summary()


def test_the_published_stan_example_with_equal_outflows_determines_them():
    # "Flow 6 = Flow 7" is the exact share 50 % of process 3's only input, flow 5.
    result = reconcile(stan_example(), unit="t/year",
                       transfer_coefficients={"Flow 4": (0.5, 0.05), "Flow 6": "50 %"})
    table = result.table.set_index("Stream")
    for name in ("Flow 6", "Flow 7"):
        assert table.loc[name, "Reconciled (t/a)"] == pytest.approx(76.212980, abs=1e-5)
        assert table.loc[name, "Reconciled uncertainty (t/a)"] == pytest.approx(3.941396, abs=1e-5)
    assert result.undetermined == []
    assert table.attrs["units"]["Reconciled (t/a)"] == "t/a"


def mixer(concentrations):
    plant = Plant("Mixer", period="h")
    plant.add_step("Mixer")
    plant.add_stream("A", "outside", "Mixer", "100 kg/h", kind="raw material", uncertainty="5 kg/h")
    plant.add_stream("B", "outside", "Mixer", "50 kg/h", kind="raw material", uncertainty="5 kg/h")
    plant.add_stream("Out", "Mixer", "outside", "160 kg/h", kind="product", uncertainty="8 kg/h")
    return reconcile(plant, concentrations=concentrations)


def test_flows_and_concentrations_are_reconciled_together_as_an_independent_solver_finds():
    # Where we looked for a published example with concentrations: the STAN paper above treats them
    # in its theory only (as read in the ODYM notebook); so the optimum is checked against scipy's
    # SLSQP minimising the same weighted sum of squares under the two relations:
    #   A + B - Out = 0   and   A cA + B cB - Out cOut = 0
    from scipy.optimize import minimize

    y = np.array([100, 50, 160, 0.02, 0.08, 0.04])
    sd = np.array([5, 5, 8, 0.001, 0.005, 0.002])
    objective = lambda v: np.sum(((v - y) / sd) ** 2)  # noqa: E731
    relations = [{"type": "eq", "fun": lambda v: v[0] + v[1] - v[2]},
                 {"type": "eq", "fun": lambda v: (v[0] * v[3] + v[1] * v[4] - v[2] * v[5]) * 100}]
    optimum = minimize(objective, y, constraints=relations, method="SLSQP",
                       options={"ftol": 1e-14, "maxiter": 500}).x
    result = mixer({"A": {"salt": ("2 %", "0.1 %")}, "B": {"salt": ("8 %", "0.5 %")},
                    "Out": {"salt": ("4 %", "0.2 %")}})
    flows = result.table.set_index("Stream")["Reconciled (kg/h)"]
    salt = result.parameters.set_index("Quantity")["Reconciled"]
    assert [flows["A"], flows["B"], flows["Out"]] == pytest.approx(optimum[:3], rel=1e-5)
    assert [salt["'salt' in 'A'"], salt["'salt' in 'B'"], salt["'salt' in 'Out'"]] == pytest.approx(optimum[3:],
                                                                                                   rel=1e-5)
    assert result.chi_square == pytest.approx(objective(optimum), rel=1e-4)
    assert result.degrees_of_freedom == 2


def test_an_unanalysed_concentration_is_computed_from_the_component_balance():
    # Hand calculation: with Out's salt unknown, the two balances determine it and leave one degree
    # of freedom (the mass balance): A, B, Out reconcile as in the linear case,
    # A = 100 + 25/114*10 = 102.193, B = 52.193, Out = 160 - 64/114*10 = 154.386 kg/h;
    # salt in Out = (102.193*0.02 + 52.193*0.08)/154.386 = 6.2193/154.386 = 4.028 %.
    result = mixer({"A": {"salt": ("2 %", "0.1 %")}, "B": {"salt": ("8 %", "0.5 %")}})
    salt = result.parameters.set_index("Quantity").loc["'salt' in 'Out'", "Reconciled"]
    assert salt == pytest.approx(0.04028, abs=1e-5)
    assert result.degrees_of_freedom == 1


@pytest.mark.parametrize("relations, expected", [
    ({"transfer_coefficients": {"Flow 1": "50 %"}}, "the stream enters the plant"),
    ({"transfer_coefficients": {"Flow 4": "150 %"}}, "outside 0 to 1"),
    ({"transfer_coefficients": {"Flow 4": ("50 %", "5 kg")}}, "is not a fraction or a percentage"),
    ({"concentrations": {"Flow 1": "2 %"}}, "must be a mapping of component to concentration"),
])
def test_relations_that_make_no_sense_are_refused_with_a_reason(relations, expected):
    with pytest.raises(CPInputError, match=expected) as refused:
        reconcile(stan_example(), **relations)
    assert refused.value.field in ("transfer_coefficients", "concentrations")


def relations_hold(result, tcs, plant_unit="t/d"):
    """Largest residual of the step balances and the transfer-coefficient relations, reconciled values."""
    flows = {s.name: s.quantity.to(plant_unit).magnitude for s in result.plant.streams if s.quantity is not None}
    worst = balance(result.plant, unit=plant_unit)["Closure (t/d)"].abs().max()
    shares = result.parameters.set_index("Quantity")["Reconciled"]
    for name in tcs:
        stream = result.plant.stream(name)
        feed = sum(flows[s.name] for s in result.plant.streams_in(stream.source))
        worst = max(worst, abs(flows[name] - shares[f"TC of '{name}'"] * feed))
    return worst


@settings(max_examples=50, deadline=None)
@given(measured_networks(), st.data())
def test_reconciliation_with_transfer_coefficients_closes_every_relation(network, data):
    plant, true = network
    noise = {name: data.draw(st.floats(-0.1, 0.1)) for (name, _, _) in true}
    build(plant, true, noise)
    outputs = [name for (name, source, _) in true if source != "outside"]
    chosen = data.draw(st.lists(st.sampled_from(outputs), min_size=1, max_size=len(outputs), unique=True))
    tcs = {}
    for name in chosen:
        stream = plant.stream(name)
        feed = sum(v for (n, _, d), v in true.items() if d == stream.source)
        share = true[(name, stream.source, stream.destination)] / feed
        tcs[name] = (min(1.0, share * (1 + data.draw(st.floats(-0.05, 0.05)))), 0.02)
    result = reconcile(plant, unit="t/d", transfer_coefficients=tcs)
    assert relations_hold(result, tcs) <= 1e-7 * max(true.values())
    assert result.degrees_of_freedom == len(plant.steps) + len(tcs)  # all flows measured: every relation counts


@settings(max_examples=50, deadline=None)
@given(measured_networks(), st.data())
def test_without_relations_beyond_the_balances_the_result_is_the_linear_least_squares_one(network, data):
    # The linear case in closed form: x = y - V A' (A V A')^-1 (A y), A the incidence matrix
    # (all flows measured, no accumulation); a transfer coefficient known only vaguely (± 1000)
    # changes nothing that matters.
    from cpkit.balance import incidence

    plant, true = network
    noise = {name: data.draw(st.floats(-0.1, 0.1)) for (name, _, _) in true}
    build(plant, true, noise)
    y = np.array([s.quantity.magnitude for s in plant.streams])
    variance = (0.03 * y) ** 2
    a = incidence(plant, plant.streams)
    expected = y - variance * (a.T @ np.linalg.solve((a * variance) @ a.T, a @ y))
    plain = reconcile(plant, unit="t/d")
    assert plain.table["Reconciled (t/d)"].to_numpy() == pytest.approx(expected, rel=1e-9, abs=1e-9)
    assert plain.degrees_of_freedom == np.linalg.matrix_rank(a)
    outputs = [s.name for s in plant.streams if s.source != "outside"]
    vague = reconcile(plant, unit="t/d", transfer_coefficients={outputs[0]: (0.5, 1000)})
    assert vague.table["Reconciled (t/d)"].to_numpy() == pytest.approx(expected, rel=1e-6, abs=1e-6)
