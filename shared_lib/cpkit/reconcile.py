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

from dataclasses import dataclass

import numpy as np

from cpkit.balance import _label, _unit, accumulations, incidence
from cpkit.errors import CPInputError
from cpkit.flowsheet import is_material, mass_flow
from cpkit.units import Q_


@dataclass
class Reconciliation:
    """The result of :func:`reconcile`.

    - ``plant``: a new plant with the reconciled flows (and their reduced
      uncertainties) and the unknown flows that the balances determine;
    - ``table``: one row per stream: measured and reconciled values,
      adjustments, uncertainties, test statistic and gross-error flag;
    - ``chi_square``, ``degrees_of_freedom``, ``critical_value``: the
      global test; ``passed`` is False when the adjustments are too large
      for the stated uncertainties (a gross error is likely somewhere).
    """

    plant: object
    table: object
    chi_square: float
    degrees_of_freedom: int
    critical_value: float
    passed: bool
    alpha: float
    unit: object

    @property
    def suspects(self):
        """Names of the streams whose measurement test flags a likely gross error, worst first."""
        flagged = self.table[self.table["Gross error suspected"]]
        return list(flagged.sort_values("Test statistic", ascending=False)["Stream"])

    def summary(self):
        """A few plain sentences on the global test and the suspects."""
        if self.degrees_of_freedom == 0:
            return "No redundancy: the balances leave no measurement to check another; nothing was adjusted."
        verdict = "passes" if self.passed else "fails"
        text = (f"Global test {verdict}: chi-square {self.chi_square:.3g} against a critical value of "
                f"{self.critical_value:.3g} ({self.degrees_of_freedom} degrees of freedom, "
                f"{100 * self.alpha:g} % significance).")
        if self.suspects:
            text += " Likely gross errors: " + ", ".join(f"'{s}'" for s in self.suspects) + "."
        return text

    def __repr__(self):
        return f"<Reconciliation of {self.plant.name!r}: {self.summary()}>"


def reconcile(plant, alpha=0.05, unit=None):
    """Reconcile the measured flows of ``plant`` by weighted least squares.

    Constraints: for every step, in - out - accumulation = 0 (total mass).
    Weights: 1 / uncertainty². Returns a :class:`Reconciliation`.

    The measurement test compares each adjustment with its own standard
    deviation; the critical value is corrected for the number of tests
    (Sidak), so that ``alpha`` is the chance of a false alarm anywhere.

    >>> from cpkit.cases import running_case
    >>> result = reconcile(running_case())
    >>> result.passed
    False
    >>> sorted(result.suspects)   # all three streams of the leaking step
    ['Rinsing wastewater', 'Soaping chemicals', 'Water to rinsing']
    """
    from scipy import linalg, stats

    unit = _unit(plant, unit)
    label = _label(unit)
    material = [s for s in plant.streams if is_material(s, plant.period)]
    measured = [s for s in material if s.quantity is not None and s.uncertainty is not None]
    fixed = [s for s in material if s.quantity is not None and s.uncertainty is None]
    unknown = [s for s in material if s.quantity is None]
    if not measured:
        raise CPInputError(
            f"Plant '{plant.name}' has no stream with an uncertainty: there is nothing to reconcile.",
            fix="Give the measured streams an uncertainty, e.g. uncertainty='5 %'.",
        )

    def values(streams):
        return np.array([mass_flow(s, unit, f"stream '{s.name}'").magnitude for s in streams])

    y = values(measured)
    sigma = np.array([mass_flow(s.replace(quantity=s.standard_uncertainty), unit, f"stream '{s.name}'").magnitude
                      for s in measured])
    variance = sigma ** 2
    a_m, a_z = incidence(plant, measured), incidence(plant, unknown)
    rhs = accumulations(plant, unit) - (incidence(plant, fixed) @ values(fixed) if fixed else 0.0)

    # Project the unknown flows out of the constraints: P @ a_z = 0.
    projection = linalg.null_space(a_z.T).T if unknown else np.eye(a_m.shape[0])
    b_matrix, c = projection @ a_m, projection @ rhs
    scale = max(np.abs(y).max(initial=0.0), np.abs(rhs).max(initial=0.0), 1e-300)
    dead = np.all(np.abs(b_matrix) < 1e-12, axis=1)
    if np.any(np.abs(c[dead]) > 1e-9 * scale):
        raise CPInputError(
            f"Plant '{plant.name}': the streams taken as exact (no uncertainty) contradict each other.",
            fix="Give those streams an uncertainty so that reconciliation may adjust them.",
        )
    b_matrix, c = b_matrix[~dead], c[~dead]

    residual = b_matrix @ y - c
    s_matrix = (b_matrix * variance) @ b_matrix.T
    s_inverse = np.linalg.pinv(s_matrix, hermitian=True) if residual.size else np.zeros((0, 0))
    lagrange = s_inverse @ residual
    adjustment = -(variance * (b_matrix.T @ lagrange)) if residual.size else np.zeros_like(y)
    reconciled = y + adjustment
    cov_adjustment = (variance[:, None] * b_matrix.T) @ s_inverse @ (b_matrix * variance) if residual.size \
        else np.zeros((y.size, y.size))
    cov_reconciled = np.diag(variance) - cov_adjustment

    dof = int(np.linalg.matrix_rank(b_matrix)) if residual.size else 0
    chi_square = float(residual @ lagrange) if residual.size else 0.0
    critical = float(stats.chi2.ppf(1 - alpha, dof)) if dof else float("nan")
    passed = bool(chi_square <= critical) if dof else True

    adjustment_sd = np.sqrt(np.clip(np.diag(cov_adjustment), 0.0, None))
    redundant = adjustment_sd > 1e-9 * np.maximum(sigma, 1e-300)
    test = np.full(y.size, np.nan)
    test[redundant] = np.abs(adjustment[redundant]) / adjustment_sd[redundant]
    n_tests = int(redundant.sum())
    beta = 1 - (1 - alpha) ** (1 / n_tests) if n_tests else alpha
    z_critical = float(stats.norm.ppf(1 - beta / 2))
    flagged = np.where(redundant, np.nan_to_num(test) > z_critical, False)

    # Unknown flows from the reconciled ones, where the balances determine them.
    estimates = np.full(len(unknown), np.nan)
    estimate_sd = np.full(len(unknown), np.nan)
    if unknown:
        rows = np.flatnonzero(np.any(a_z != 0, axis=1))
        a_u = a_z[rows]
        pinv = np.linalg.pinv(a_u)
        observable = np.all(np.abs(pinv @ a_u - np.eye(len(unknown))) < 1e-9, axis=1)
        z = pinv @ (rhs[rows] - a_m[rows] @ reconciled)
        gain = pinv @ a_m[rows]
        cov_z = gain @ cov_reconciled @ gain.T
        estimates[observable] = z[observable]
        estimate_sd[observable] = np.sqrt(np.clip(np.diag(cov_z), 0.0, None))[observable]

    import pandas as pd

    rows = []
    for i, s in enumerate(measured):
        rows.append({
            "Stream": s.name, "Status": s.status, f"Measured ({label})": y[i],
            f"Uncertainty ({label})": sigma[i], f"Reconciled ({label})": reconciled[i],
            f"Adjustment ({label})": adjustment[i],
            f"Reconciled uncertainty ({label})": float(np.sqrt(max(cov_reconciled[i, i], 0.0))),
            "Test statistic": test[i], "Gross error suspected": bool(flagged[i]),
        })
    for j, s in enumerate(unknown):
        rows.append({
            "Stream": s.name, "Status": s.status, f"Measured ({label})": np.nan,
            f"Uncertainty ({label})": np.nan, f"Reconciled ({label})": estimates[j],
            f"Adjustment ({label})": np.nan, f"Reconciled uncertainty ({label})": estimate_sd[j],
            "Test statistic": np.nan, "Gross error suspected": False,
        })
    table = pd.DataFrame(rows)

    new = plant.copy()
    for i, s in enumerate(measured):
        _update(new, s, reconciled[i], np.sqrt(max(cov_reconciled[i, i], 0.0)), unit, s.status)
    scale = max(np.abs(reconciled).max(initial=0.0), 1e-300)
    for j, s in enumerate(unknown):
        if np.isnan(estimates[j]):
            continue
        if estimates[j] < -1e-9 * scale:
            step = s.source if s.source != "outside" else s.destination
            raise CPInputError(
                f"The reconciled balance gives a negative flow for the unmeasured stream '{s.name}' "
                f"({estimates[j]:.4g} ± {estimate_sd[j]:.2g} {label}).",
                fix=f"The measured streams around '{step}' leave nothing for it: check them and the "
                    "direction of the stream, or measure it.",
            )
        _update(new, s, max(estimates[j], 0.0), estimate_sd[j], unit, "estimated")
    return Reconciliation(new, table, chi_square, dof, critical, passed, alpha, unit)


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
