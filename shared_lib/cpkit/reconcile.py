"""Data reconciliation: adjust measured flows so that every balance closes.

Measurements never close a balance exactly. Reconciliation finds the
smallest adjustments, weighted by each measurement's uncertainty, that
make all step balances close (weighted least squares, as STAN does):
a flow measured precisely moves little, a rough estimate moves more.
Unknown flows are computed where the balances determine them.

Each stream's ``uncertainty`` is one standard deviation. A measured or
estimated stream without an uncertainty is taken as exact. The global
chi-square test says whether the adjustments are larger than the
uncertainties allow; the measurement test points to the streams that
most likely carry a gross error (a leak, a wrong meter, a missing stream).

Besides the step balances, two kinds of relation that are not linear can
join in, as in STAN's material and substance flow analysis:

- *transfer coefficients*: an output stream is a measured share of all
  that enters its step (``output = TC x sum of inputs``);
- *concentrations*: the flow of a component is the stream's flow times its
  concentration, and each step balances every component as well.

Measured flows, transfer coefficients and concentrations are then
reconciled together: the relations are linearised around the current
estimate and the weighted least-squares problem is solved again until
the estimates no longer change (successive linearisation, the method
described for STAN by Cencic, "Nonlinear data reconciliation in material
flow analysis with software STAN", 2016). Uncertainties of the results
come from the last linearisation. Unknown quantities the relations
determine are computed, with their uncertainty; those they do not
determine are listed in ``undetermined``.

>>> from cpkit.flowsheet import Plant
>>> plant = Plant("Tank", period="h")
>>> plant.add_step("Tank")
>>> plant.add_stream("In", "outside", "Tank", "100 kg/h", kind="water", uncertainty="10 kg/h")
>>> plant.add_stream("Out", "Tank", "outside", "90 kg/h", kind="wastewater", uncertainty="10 kg/h")
>>> result = reconcile(plant)
>>> result.table[["Stream", "Measured (kg/h)", "Reconciled (kg/h)", "Adjustment (kg/h)"]]
  Stream  Measured (kg/h)  Reconciled (kg/h)  Adjustment (kg/h)
0     In            100.0               95.0               -5.0
1    Out             90.0               95.0                5.0
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from cpkit.balance import _label, _unit, accumulations
from cpkit.errors import CPInputError
from cpkit.flowsheet import OUTSIDE, is_material, mass_flow
from cpkit.units import Q_, number
from cpkit.units import quantity as read_quantity


# A share (transfer coefficient, mass fraction) known better than this is taken as exact instead.
SMALLEST_SHARE_UNCERTAINTY = 1e-9
# An adjustment under this share of a measurement's own uncertainty is negligible: the
# reconciliation closed the balance with the other streams.
NEGLIGIBLE_ADJUSTMENT = 0.01


@dataclass
class Reconciliation:
    """The result of :func:`reconcile`.

    - ``plant``: a new plant with the reconciled flows (and their reduced
      uncertainties) and the unknown flows that the relations determine;
    - ``table``: one row per stream: measured and reconciled values,
      adjustments, uncertainties, test statistic and gross-error flag
      (``table.attrs["units"]`` gives the unit of each column);
    - ``parameters``: the same for transfer coefficients and concentrations
      (fractions, 0.5 for 50 %), empty when there are none;
    - ``chi_square``, ``degrees_of_freedom``, ``critical_value``: the
      global test; ``passed`` is False when the adjustments are too large
      for the stated uncertainties (a gross error is likely somewhere).
      Without redundancy (no degrees of freedom) there is no test:
      ``critical_value`` and ``p_value`` are None, and ``passed`` True;
    - ``undetermined``: unknown streams and quantities that the relations
      leave open (measure them, or add a relation);
    - ``iterations``: linearisations needed (1 when every relation is linear).
    """

    plant: object
    table: object
    chi_square: float
    degrees_of_freedom: int
    critical_value: object
    passed: bool
    alpha: float
    unit: object
    undetermined: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    iterations: int = 1
    parameters: object = None

    @property
    def suspects(self):
        """Names of the streams (and relations) that the measurement test flags, worst first.

        Every measured stream of a failing balance can be flagged, even one
        the reconciliation hardly moved; :attr:`likely_gross_errors` leaves
        those out.
        """
        import pandas as pd

        tables = [self.table.rename(columns={"Stream": "Name"})]
        if self.parameters is not None and len(self.parameters):
            tables.append(self.parameters.rename(columns={"Quantity": "Name"}))
        both = pd.concat([t[["Name", "Test statistic", "Gross error suspected"]] for t in tables])
        flagged = both[both["Gross error suspected"].astype(bool)]
        return list(flagged.sort_values("Test statistic", ascending=False)["Name"])

    @property
    def negligibly_adjusted(self):
        """Flagged streams (and quantities) whose adjustment is under a hundredth of their own uncertainty.

        Such a measurement is so much better than the others of its balance
        that the reconciliation closed the balance without it: it shares the
        balance's test statistic but cannot be where the gross error lies.
        """
        names = []
        for frame, key in ((self.table, "Stream"), (self.parameters, "Quantity")):
            if frame is None or not len(frame):
                continue
            adjustment = next(c for c in frame.columns if c.startswith("Adjustment"))
            uncertainty = next(c for c in frame.columns if c.startswith("Uncertainty"))
            for _, row in frame[frame["Gross error suspected"].astype(bool)].iterrows():
                if abs(row[adjustment]) < NEGLIGIBLE_ADJUSTMENT * abs(row[uncertainty]):
                    names.append(row[key])
        return [name for name in self.suspects if name in names]

    @property
    def likely_gross_errors(self):
        """The suspects whose adjustment is not negligible, worst first."""
        negligible = set(self.negligibly_adjusted)
        return [name for name in self.suspects if name not in negligible]

    @property
    def p_value(self):
        """The chance that random errors alone give a chi-square at least this large (None without redundancy)."""
        from scipy import stats

        if not self.degrees_of_freedom:
            return None
        return float(stats.chi2.sf(self.chi_square, self.degrees_of_freedom))

    def summary(self):
        """A few plain sentences on the global test, the suspects and what stays undetermined.

        A failing global test fails "narrowly" when its p-value is at least a fifth of ``alpha``
        (0.01 at 5 %), "clearly" below that.
        """
        if self.degrees_of_freedom == 0:
            text = "No redundancy: the relations leave no measurement to check another; nothing was adjusted."
        else:
            if self.passed:
                verdict = "passes"
            else:
                verdict = "fails narrowly" if self.p_value >= self.alpha / 5 else "fails clearly"
            p_text = "p > 0.99" if self.p_value > 0.99 else f"p = {self.p_value:.2g}"
            text = (f"Global test {verdict}: chi-square {self.chi_square:.3g} against a critical value of "
                    f"{self.critical_value:.3g} ({self.degrees_of_freedom} degrees of freedom, "
                    f"{100 * self.alpha:g} % significance; {p_text}).")
            if self.likely_gross_errors:
                text += " Likely gross errors: " + ", ".join(f"'{s}'" for s in self.likely_gross_errors) + "."
            if self.negligibly_adjusted:
                names = ", ".join(f"'{s}'" for s in self.negligibly_adjusted)
                text += f" Flagged but hardly adjusted (under 1 % of their uncertainty), so not likely: {names}."
        if self.undetermined:
            text += (" Not determined by the measurements and relations: "
                     + ", ".join(f"'{s}'" for s in self.undetermined) + ".")
        return text

    def __repr__(self):
        return f"<Reconciliation of {self.plant.name!r}: {self.summary()}>"


# --------------------------------------------------------------------------- the quantities


@dataclass
class _Variable:
    """One quantity of the reconciliation: a flow, a transfer coefficient or a concentration."""

    name: str
    kind: str  # "flow", "transfer coefficient", "concentration"
    value: float = None  # None: unknown
    sd: float = None  # None: exact (with a value) or unknown
    stream: object = None
    component: str = None

    @property
    def measured(self):
        return self.value is not None and self.sd is not None

    @property
    def unknown(self):
        return self.value is None


def _fraction_and_sd(spec, what, field_name):
    """(value, standard deviation or None) as fractions from 0.5, '50 %', ('50 %', '5 %') or a dict."""
    if isinstance(spec, dict):
        spec = (spec.get("value"), spec.get("uncertainty"))
    if isinstance(spec, (tuple, list)) and len(spec) not in (1, 2):
        raise CPInputError(f"{what}: {spec!r} is not a value and its uncertainty.",
                           fix="Give it like ('50 %', '5 %'), or '50 %' alone for a value taken as exact.",
                           field=field_name)
    value, sd = (spec[0], spec[-1] if len(spec) == 2 else None) if isinstance(spec, (tuple, list)) else (spec, None)

    def fraction(x, label):
        if isinstance(x, (int, float, np.floating)) and not isinstance(x, bool):
            return number(x, f"{what}: {label}", "0.5", field=field_name)
        q = read_quantity(x, f"{what}: {label}", "50 %", field=field_name)
        if not q.check("[]"):
            raise CPInputError(f"{what}: {label} {q:~P} is not a fraction or a percentage.",
                               fix="Give it like '50 %' or 0.5 (and its uncertainty like '5 %', in the same terms).",
                               field=field_name)
        return float(q.to("").magnitude)

    value = fraction(value, "the value")
    if not 0 <= value <= 1:
        raise CPInputError(f"{what} is {value:g}, outside 0 to 1 (0 % to 100 %).",
                           fix="Give a share or a mass fraction between 0 and 1, e.g. '40 %' or 0.4.",
                           field=field_name)
    if sd is None:
        return value, None
    sd = fraction(sd, "the uncertainty")
    if sd <= 0:
        raise CPInputError(f"{what} has a zero or negative uncertainty ({sd:g}).",
                           fix="Give a positive standard deviation, or none for a value taken as exact.",
                           field=field_name)
    if sd < SMALLEST_SHARE_UNCERTAINTY:
        # its weight, 1 / sd², would overflow the test statistics
        raise CPInputError(f"{what} has an uncertainty of {sd:g}, too small to weigh against the others.",
                           fix="Give none for a value taken as exact, or a standard deviation of at least "
                           f"{SMALLEST_SHARE_UNCERTAINTY:g} (e.g. '0.5 %').", field=field_name)
    return value, sd


class _Model:
    """Variables and relations: each relation is a sum of terms coefficient x product of variables."""

    def __init__(self):
        self.variables = []
        self.relations = []  # (label, constant, [(coefficient, (variable indices...)), ...])

    def add(self, variable):
        self.variables.append(variable)
        return len(self.variables) - 1

    def relate(self, label, constant, terms):
        self.relations.append((label, constant, terms))

    def evaluate(self, values):
        """Residuals of the relations and their Jacobian at ``values``."""
        residual = np.zeros(len(self.relations))
        jacobian = np.zeros((len(self.relations), len(values)))
        for i, (_, constant, terms) in enumerate(self.relations):
            total = constant
            for coefficient, indices in terms:
                product = coefficient * np.prod([values[k] for k in indices])
                total += product
                for position, k in enumerate(indices):
                    others = [values[m] for n, m in enumerate(indices) if n != position]
                    jacobian[i, k] += coefficient * (np.prod(others) if others else 1.0)
            residual[i] = total
        return residual, jacobian


def _build(plant, unit, transfer_coefficients, concentrations):
    model = _Model()
    material = [s for s in plant.streams if is_material(s, plant.period)]
    flow = {}
    for s in material:
        value = None if s.quantity is None else mass_flow(s, unit, f"stream '{s.name}'").magnitude
        sd = None
        if s.quantity is not None and s.uncertainty is not None:
            sd = mass_flow(s.replace(quantity=s.standard_uncertainty), unit, f"stream '{s.name}'").magnitude
        flow[s.name] = model.add(_Variable(s.name, "flow", value, sd, stream=s))
    inputs = {step.name: [s for s in material if s.destination == step.name] for step in plant.steps}
    outputs = {step.name: [s for s in material if s.source == step.name] for step in plant.steps}

    # step balances: in - out - accumulation = 0
    for step, accumulation in zip(plant.steps, accumulations(plant, unit)):
        model.relate(f"balance of '{step.name}'", -accumulation,
                     [(1.0, (flow[s.name],)) for s in inputs[step.name]]
                     + [(-1.0, (flow[s.name],)) for s in outputs[step.name]])

    # transfer coefficients: output = TC x sum of the inputs of its step
    def stream_of(name, field_name):
        try:
            return plant.stream(name)
        except CPInputError as problem:
            raise CPInputError(problem.problem, problem.fix, field=field_name) from None

    for name, spec in (transfer_coefficients or {}).items():
        stream = stream_of(name, "transfer_coefficients")
        if stream.name not in flow:
            raise CPInputError(f"Transfer coefficient of '{name}': the stream is not part of the mass balance.",
                               fix="Give transfer coefficients to material streams only.", field="transfer_coefficients")
        if stream.source == OUTSIDE:
            raise CPInputError(
                f"Transfer coefficient of '{name}': the stream enters the plant, so it is no step's output.",
                fix="A transfer coefficient is the share of a step's inputs that leaves in one of its outputs: "
                    "give it for a stream that leaves a step.", field="transfer_coefficients")
        if not inputs[stream.source]:
            raise CPInputError(f"Transfer coefficient of '{name}': its step '{stream.source}' has no inputs.",
                               fix="Add the streams that enter the step first.", field="transfer_coefficients")
        value, sd = _fraction_and_sd(spec, f"Transfer coefficient of '{name}'", "transfer_coefficients")
        tc = model.add(_Variable(f"TC of '{name}'", "transfer coefficient", value, sd, stream=stream))
        model.relate(f"transfer coefficient of '{name}'", 0.0,
                     [(1.0, (flow[name],))] + [(-1.0, (tc, flow[s.name])) for s in inputs[stream.source]])

    # concentrations: each balanced step closes for each component as well
    notes = []
    given = {}
    for name, by_component in (concentrations or {}).items():
        stream = stream_of(name, "concentrations")
        if stream.name not in flow:
            raise CPInputError(f"Concentrations of '{name}': the stream is not part of the mass balance.",
                               fix="Give concentrations of material streams only.", field="concentrations")
        if not isinstance(by_component, dict):
            raise CPInputError(f"Concentrations of '{name}' must be a mapping of component to concentration.",
                               fix="Write them like {'salt': ('2 %', '0.1 %')}.", field="concentrations")
        for component, spec in by_component.items():
            given[(name, str(component))] = _fraction_and_sd(
                spec, f"Concentration of '{component}' in '{name}'", "concentrations")
    components = list(dict.fromkeys(component for _, component in given))
    concentration = {}

    def concentration_of(stream, component):
        key = (stream.name, component)
        if key not in concentration:
            if key in given:
                value, sd = given[key]
            elif component in stream.composition and isinstance(stream.composition[component], float):
                value, sd = stream.composition[component], None
            elif component in stream.composition:
                raise CPInputError(
                    f"Stream '{stream.name}': the amount of '{component}' is given, but reconciliation with "
                    "concentrations needs its mass fraction.",
                    fix=f"Give concentrations={{'{stream.name}': {{'{component}': '2 %'}}}} instead.",
                    field="concentrations")
            elif stream.composition:
                value, sd = 0.0, None  # its composition lists other components: none of this one
            else:
                value, sd = None, None  # not analysed: unknown
            concentration[key] = model.add(_Variable(f"'{component}' in '{stream.name}'", "concentration",
                                                     value, sd, stream=stream, component=component))
        return concentration[key]

    for component in components:
        for step in plant.steps:
            streams = inputs[step.name] + outputs[step.name]
            if not any((s.name, component) in given for s in streams):
                continue
            if step.accumulation is not None:
                notes.append(f"'{component}' is not balanced over '{step.name}': the step accumulates stock "
                             "of unknown composition.")
                continue
            model.relate(f"balance of '{component}' over '{step.name}'", 0.0,
                         [(1.0, (flow[s.name], concentration_of(s, component))) for s in inputs[step.name]]
                         + [(-1.0, (flow[s.name], concentration_of(s, component))) for s in outputs[step.name]])
    return model, notes


# --------------------------------------------------------------------------- the solver


def _solve(model, plant_name, max_iterations=200, tolerance=1e-8):
    """Weighted least squares under the relations, linearised and iterated to convergence."""
    from scipy import linalg

    variables = model.variables
    m = [i for i, v in enumerate(variables) if v.measured]
    z = [i for i, v in enumerate(variables) if v.unknown]
    y = np.array([variables[i].value for i in m], dtype=float)
    sigma = np.array([variables[i].sd for i in m], dtype=float)
    variance = sigma ** 2
    values = np.array([0.0 if v.unknown else v.value for v in variables], dtype=float)
    # a start for the unknowns away from zero, so that products of two unknowns can move
    flows = [abs(v.value) for v in variables if v.kind == "flow" and v.value is not None]
    for i in z:
        kind = variables[i].kind
        known = [abs(v.value) for v in variables
                 if v.kind == kind and v.value is not None and v.component == variables[i].component]
        values[i] = (np.mean(known) if known and np.mean(known) > 0 else
                     (np.mean(flows) if kind == "flow" and flows else 0.5 if kind != "flow" else 1.0))
    x_scale = np.maximum(np.abs(y), sigma) if m else np.zeros(0)

    for iteration in range(1, max_iterations + 1):
        residual, jacobian = model.evaluate(values)
        norms = np.linalg.norm(jacobian[:, m + z], axis=1)
        keep = norms > 0
        if np.any(np.abs(residual[~keep]) > 1e-9 * max(1.0, np.abs(values).max(initial=0.0))):
            label = model.relations[int(np.flatnonzero(~keep & (np.abs(residual) > 0))[0])][0]
            raise CPInputError(
                f"Plant '{plant_name}': the streams taken as exact (no uncertainty) contradict each other "
                f"in the {label}.",
                fix="Give those streams an uncertainty so that reconciliation may adjust them.")
        rows = np.flatnonzero(keep)
        jac = jacobian[rows] / norms[rows, None]
        res = residual[rows] / norms[rows]
        j_x, j_z = jac[:, m], jac[:, z]
        d = j_x @ values[m] + j_z @ values[z] - res  # linearised: j_x x + j_z z = d
        projection = linalg.null_space(j_z.T).T if z else np.eye(len(rows))
        b_matrix, c = projection @ j_x, projection @ d
        scaled = b_matrix * sigma if m else b_matrix
        size = np.abs(j_x * sigma).max(initial=0.0) if m else 0.0
        dead = np.linalg.norm(scaled, axis=1) <= 1e-9 * max(size, 1e-300) if m else np.ones(len(c), bool)
        scale = max(np.abs(d).max(initial=0.0), np.abs(values).max(initial=0.0), 1e-300)
        if np.any(np.abs(c[dead]) > 1e-9 * scale):
            raise CPInputError(
                f"Plant '{plant_name}': the streams taken as exact (no uncertainty) contradict each other.",
                fix="Give those streams an uncertainty so that reconciliation may adjust them.",
            )
        b_matrix, c = b_matrix[~dead], c[~dead]
        if m and len(c):
            gap = b_matrix @ y - c
            s_inverse = np.linalg.pinv((b_matrix * variance) @ b_matrix.T, hermitian=True)
            x_new = y - variance * (b_matrix.T @ (s_inverse @ gap))
        else:
            s_inverse = np.zeros((0, 0))
            x_new = y.copy()
        if z:
            z_pinv = np.linalg.pinv(j_z)
            z_new = values[z] + z_pinv @ (d - j_x @ x_new - j_z @ values[z])
        change = max(np.max(np.abs(x_new - values[m]) / np.maximum(x_scale, 1e-300), initial=0.0),
                     np.max(np.abs(z_new - values[z]) / np.maximum(np.abs(z_new), 1.0), initial=0.0) if z else 0.0)
        values[m] = x_new
        if z:
            values[z] = z_new
        if change <= tolerance and iteration > 1 or (iteration == 1 and _linear(model)):
            break
    else:
        raise CPInputError(
            f"Plant '{plant_name}': the reconciliation did not settle after {max_iterations} linearisations.",
            fix="Check the transfer coefficients and concentrations against the flows: values far from "
                "consistent, or a product of two unknowns, can keep it from converging.")

    # uncertainties from the last linearisation
    if m and len(c):
        cov_adjustment = (variance[:, None] * b_matrix.T) @ s_inverse @ (b_matrix * variance)
        dof = int(np.linalg.matrix_rank(b_matrix * sigma, tol=1e-9 * max(size, 1e-300)))
    else:
        cov_adjustment = np.zeros((len(m), len(m)))
        dof = 0
    cov_x = np.diag(variance) - cov_adjustment
    determined = np.ones(len(z), bool)
    cov_z = np.zeros((len(z), len(z)))
    if z:
        determined = np.all(np.abs(z_pinv @ j_z - np.eye(len(z))) < 1e-8, axis=1)
        gain = -z_pinv @ j_x
        cov_z = gain @ cov_x @ gain.T
    adjustment = values[m] - y
    chi_square = float(np.sum(adjustment ** 2 / variance)) if m and dof else 0.0
    return {
        "measured": m, "unknown": z, "values": values, "y": y, "sigma": sigma,
        "adjustment": adjustment, "cov_adjustment": cov_adjustment, "cov_x": cov_x,
        "cov_z": cov_z, "determined": determined, "dof": dof, "chi_square": chi_square,
        "iterations": iteration,
    }


def _linear(model):
    return all(len(indices) == 1 for _, _, terms in model.relations for _, indices in terms)


# --------------------------------------------------------------------------- the public function


def reconcile(plant, alpha=0.05, unit=None, transfer_coefficients=None, concentrations=None):
    """Reconcile the measured flows of ``plant`` by weighted least squares.

    Relations: for every step, in - out - accumulation = 0 (total mass);
    with ``transfer_coefficients``, ``{output stream: share}``, each such
    stream is that share of all the material entering its step; with
    ``concentrations``, ``{stream: {component: concentration}}`` (mass
    fractions), every step that has a concentration of a component on one
    of its streams balances that component too. A share or concentration
    is exact (``"40 %"``, 0.4) or measured with one standard deviation in
    the same terms (``("40 %", "3 %")`` is 0.40 ± 0.03). Streams whose
    composition lists the component as a fraction use it (exact); a stream
    whose composition lists other components carries none of it; a stream
    with no composition has an unknown concentration.

    Weights: 1 / uncertainty². Returns a :class:`Reconciliation`.

    The global test compares the weighted sum of squared adjustments with
    the chi-square distribution; its degrees of freedom are the number of
    independent relations left once the unknowns are eliminated. The
    measurement test compares each adjustment with its own standard
    deviation; the critical value is corrected for the number of tests
    (Sidak), so that ``alpha`` is the chance of a false alarm anywhere.

    >>> from cpkit.cases import running_case
    >>> result = reconcile(running_case())
    >>> result.passed
    False
    >>> sorted(result.suspects)   # all three streams of the leaking step
    ['Rinsing wastewater', 'Soaping chemicals', 'Water to rinsing']
    >>> result.likely_gross_errors   # the soaping chemicals were hardly adjusted
    ['Rinsing wastewater', 'Water to rinsing']

    A transfer coefficient: a screen sends a measured 30 ± 3 % of its feed to the rejects.

    >>> from cpkit.flowsheet import Plant
    >>> plant = Plant("Screen", period="h")
    >>> plant.add_step("Screen")
    >>> plant.add_stream("Feed", "outside", "Screen", "100 kg/h", kind="raw material", uncertainty="10 kg/h")
    >>> plant.add_stream("Accepts", "Screen", "outside", "75 kg/h", kind="product", uncertainty="5 kg/h")
    >>> plant.add_stream("Rejects", "Screen", "outside", kind="waste")
    >>> result = reconcile(plant, transfer_coefficients={"Rejects": ("30 %", "3 %")})
    >>> result.table[["Stream", "Reconciled (kg/h)"]].round(1)
        Stream  Reconciled (kg/h)
    0     Feed              104.2
    1  Accepts               73.5
    2  Rejects               30.7
    >>> result.degrees_of_freedom
    1
    """
    from scipy import stats

    alpha = number(alpha, "The significance level alpha", "0.05", field="alpha")
    if not 0 < alpha < 1:
        raise CPInputError(f"The significance level alpha is {alpha:g}, outside 0 to 1.",
                           fix="Give a small probability, e.g. alpha=0.05 for 5 %.", field="alpha")
    for given, what, example in ((transfer_coefficients, "transfer_coefficients", "{'Rejects': ('30 %', '3 %')}"),
                                 (concentrations, "concentrations", "{'Feed': {'salt': ('2 %', '0.1 %')}}")):
        if given is not None and not isinstance(given, dict):
            raise CPInputError(f"{what} must be a mapping of stream names, not {given!r}.",
                               fix=f"Write it like {example}.", field=what)
    unit = _unit(plant, unit)
    label = _label(unit)
    model, notes = _build(plant, unit, transfer_coefficients, concentrations)
    if not any(v.measured for v in model.variables):
        raise CPInputError(
            f"Plant '{plant.name}' has no stream with an uncertainty: there is nothing to reconcile.",
            fix="Give the measured streams an uncertainty, e.g. uncertainty='5 %'.",
        )
    try:
        solved = _solve(model, plant.name)
    except CPInputError as problem:  # with relations beyond the balances, name them: their values decide
        relations = "concentrations" if concentrations else "transfer_coefficients" if transfer_coefficients else None
        if problem.field is not None or relations is None:
            raise
        raise CPInputError(f"{problem.problem} (Check the {relations.replace('_', ' ')} given.)", problem.fix,
                           field=relations) from None
    m, z, values = solved["measured"], solved["unknown"], solved["values"]
    y, sigma, adjustment = solved["y"], solved["sigma"], solved["adjustment"]
    dof = solved["dof"]
    critical = float(stats.chi2.ppf(1 - alpha, dof)) if dof else None
    if critical is not None and not np.isfinite(critical):
        raise CPInputError(f"A significance level alpha of {alpha:g} is too small for a test.",
                           fix="Give a small probability, e.g. alpha=0.05 for 5 %.", field="alpha")
    passed = bool(solved["chi_square"] <= critical) if dof else True

    adjustment_sd = np.sqrt(np.clip(np.diag(solved["cov_adjustment"]), 0.0, None))
    redundant = adjustment_sd > 1e-9 * np.maximum(sigma, 1e-300)
    test = np.full(len(m), np.nan)
    test[redundant] = np.abs(adjustment[redundant]) / adjustment_sd[redundant]
    n_tests = int(redundant.sum())
    beta = 1 - (1 - alpha) ** (1 / n_tests) if n_tests else alpha
    z_critical = float(stats.norm.ppf(1 - beta / 2))
    flagged = np.where(redundant, np.nan_to_num(test) > z_critical, False)
    sd_x = np.sqrt(np.clip(np.diag(solved["cov_x"]), 0.0, None))
    sd_z = np.sqrt(np.clip(np.diag(solved["cov_z"]), 0.0, None))
    estimate = {i: (values[i] if ok else np.nan, sd_z[j] if ok else np.nan)
                for j, (i, ok) in enumerate(zip(z, solved["determined"]))}

    import pandas as pd

    def rows(kind, key):
        out = []
        for j, i in enumerate(m):
            v = model.variables[i]
            if v.kind in kind:
                out.append({key: v.name if v.kind == "flow" else v.name, "Status": _status(v),
                            "Measured": y[j], "Uncertainty": sigma[j], "Reconciled": values[i],
                            "Adjustment": adjustment[j], "Reconciled uncertainty": sd_x[j],
                            "Test statistic": test[j], "Gross error suspected": bool(flagged[j])})
        for i in z:
            v = model.variables[i]
            if v.kind in kind:
                value, sd = estimate[i]
                out.append({key: v.name, "Status": _status(v), "Measured": np.nan, "Uncertainty": np.nan,
                            "Reconciled": value, "Adjustment": np.nan, "Reconciled uncertainty": sd,
                            "Test statistic": np.nan, "Gross error suspected": False})
        return out

    flows = {r["Stream"]: r for r in rows(("flow",), "Stream")}
    order = [v.name for v in model.variables if v.kind == "flow" and v.name in flows]
    measured_first = [n for n in order if not np.isnan(flows[n]["Measured"])] + \
                     [n for n in order if np.isnan(flows[n]["Measured"])]
    value_columns = ["Measured", "Uncertainty", "Reconciled", "Adjustment", "Reconciled uncertainty"]
    table = pd.DataFrame([flows[n] for n in measured_first if n in flows])
    table = table.rename(columns={c: f"{c} ({label})" for c in value_columns})
    table = table[["Stream", "Status", f"Measured ({label})", f"Uncertainty ({label})", f"Reconciled ({label})",
                   f"Adjustment ({label})", f"Reconciled uncertainty ({label})", "Test statistic",
                   "Gross error suspected"]]
    table.attrs["units"] = {f"{c} ({label})": f"{unit:~P}" for c in value_columns}
    parameters = pd.DataFrame(rows(("transfer coefficient", "concentration"), "Quantity"),
                              columns=["Quantity", "Status", *value_columns, "Test statistic",
                                       "Gross error suspected"])
    parameters.attrs["units"] = {c: "fraction" for c in value_columns}

    undetermined = [model.variables[i].name for i in z if np.isnan(estimate[i][0])]

    new = plant.copy()
    scale = max(np.abs(values[[i for i in m if model.variables[i].kind == "flow"]]).max(initial=0.0), 1e-300)
    for j, i in enumerate(m):
        v = model.variables[i]
        if v.kind == "flow":
            _update(new, v.stream, values[i], sd_x[j], unit, v.stream.status)
    for i in z:
        v = model.variables[i]
        value, sd = estimate[i]
        if v.kind != "flow" or np.isnan(value):
            continue
        if value < -1e-9 * scale:
            s = v.stream
            step = s.source if s.source != OUTSIDE else s.destination
            raise CPInputError(
                f"The reconciled balance gives a negative flow for the unmeasured stream '{s.name}' "
                f"({value:.4g} ± {sd:.2g} {label}).",
                fix=f"The measured streams around '{step}' leave nothing for it: check them and the "
                    "direction of the stream, or measure it.",
            )
        _update(new, v.stream, max(value, 0.0), sd, unit, "estimated")
    return Reconciliation(new, table, solved["chi_square"], dof, critical, passed, alpha, unit,
                          parameters=parameters, undetermined=undetermined, iterations=solved["iterations"],
                          notes=notes)


def _status(variable):
    if variable.kind == "flow":
        return variable.stream.status
    return "unknown" if variable.unknown else "measured"


def _update(plant, stream, value, sd, unit, status):
    """Set a stream to a reconciled value (in its own unit when it is a volume)."""
    quantity, uncertainty = Q_(float(value), unit), Q_(float(sd), unit)
    if stream.quantity is not None and not stream.quantity.is_compatible_with(unit):
        quantity = (quantity / stream.density).to(stream.quantity.units)
        uncertainty = (uncertainty / stream.density).to(stream.quantity.units)
    elif stream.quantity is None and stream.density is not None:
        volume = "m**3" if plant.period == "batch" else f"m**3/{plant.period}"
        quantity, uncertainty = (quantity / stream.density).to(volume), (uncertainty / stream.density).to(volume)
    elif stream.quantity is not None:
        quantity, uncertainty = quantity.to(stream.quantity.units), uncertainty.to(stream.quantity.units)
    relative = sd / value if value else 0.0
    plant.set_quantity(stream.name, quantity, status=status,
                       uncertainty=uncertainty if relative > 1e-12 else None)
