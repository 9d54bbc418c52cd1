"""Rebuild the running case's CONSTRUCTED data after the assessment: the options taken forward and 2025's months.

    .venv/bin/python scripts/data/make_song_da_after.py

Writes shared_lib/cpkit/data/running_case/options.csv and monitoring_2025.csv.
The committed files are frozen snapshots; this script says how they were made:

- options.csv: each option's reductions per month are CONSTRUCTED estimates of the
  kind an assessment team makes (sizes in proportion to the baseline month of
  plant.yaml); its net saving is the reductions times the prices of prices.csv
  (wastewater avoided at the treatment price plus the discharge fee);
- monitoring_2025.csv: production varies as in 2024 (Tet low in January 2025);
  water and gas are the 2024 baseline lines (least squares on 2024's months,
  as cpkit.monitoring.cusum fits them) at 2025's production, less the reductions
  of the options in place that month, with +-1.5 % random scatter (seed 2025).
"""

from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parents[2] / "shared_lib" / "cpkit" / "data" / "running_case"

PRICES = pd.read_csv(HERE / "prices.csv", comment="#").set_index("item")["price"]
VALUE = {  # VND per unit of reduction
    "water_m3": PRICES["water"],
    "wastewater_m3": PRICES["wastewater treatment"] + PRICES["wastewater discharge fee"],
    "natural_gas_Nm3": PRICES["natural gas"],
    "electricity_kWh": PRICES["electricity"],
    "chemicals_kg": PRICES["chemicals"],
}

# name, technique, step, investment (VND), lifetime (years), reductions per month, in place from (2025 month), status
OPTIONS = [
    ("Stop the rinsing leaks (hose and overflow bypass)", "Good housekeeping", "Rinsing and soaping",
     20e6, 5, dict(water_m3=1200), 2, "done"),
    ("Insulate bare valves and steam lines, repair failed steam traps", "Good housekeeping", "Boiler house",
     180e6, 5, dict(natural_gas_Nm3=2400), 3, "done"),
    ("Reuse the last rinse for the next batch's scouring", "On-site recovery/reuse", "Rinsing and soaping",
     650e6, 10, dict(water_m3=3500, wastewater_m3=3500, electricity_kWh=-3000), 6, "done"),
    ("Return condensate from dyeing and drying", "Equipment modification", "Boiler house",
     1100e6, 10, dict(natural_gas_Nm3=5000, water_m3=250, wastewater_m3=250), 9, "done"),
    ("Low-liquor-ratio jet dyeing machines (1:8 to 1:5) for six old machines", "Technology change", "Dyeing",
     12000e6, 12, dict(water_m3=7000, wastewater_m3=7000, natural_gas_Nm3=7500, chemicals_kg=18000,
                       electricity_kWh=8000), None, "planned"),
]
COLUMNS = ["water_m3", "wastewater_m3", "natural_gas_Nm3", "electricity_kWh", "chemicals_kg"]


def options():
    rows = []
    for name, technique, step, invest, life, cuts, start, status in OPTIONS:
        row = {"option": name, "technique": technique, "step": step, "investment_VND": int(invest),
               "lifetime_years": life}
        row.update({c: cuts.get(c, 0) for c in COLUMNS})
        row["net_saving_VND_per_month"] = int(round(sum(VALUE[c] * cuts.get(c, 0) for c in COLUMNS)))
        row["in_place_from"] = f"2025-{start:02d}" if start else ""
        row["status"] = status
        rows.append(row)
    return pd.DataFrame(rows)


def monitoring():
    base = pd.read_csv(HERE / "baseline_monthly.csv", comment="#")
    rng = np.random.default_rng(2025)
    production = np.round(base["production_t"].to_numpy()[[1, 0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]]
                          * rng.normal(1.01, 0.02, 12), 1)   # Tet in January 2025
    out = {"month": [f"2025-{m:02d}" for m in range(1, 13)], "production_t": production}
    for column in ("water_m3", "natural_gas_Nm3"):
        slope, intercept = np.polyfit(base["production_t"], base[column], 1)
        expected = intercept + slope * production
        cut = np.zeros(12)
        for name, *_, cuts, start, _ in OPTIONS:
            if start:
                cut[start - 1:] += cuts.get(column, 0)
        out[column] = np.round((expected - cut) * rng.normal(1, 0.015, 12), -1 if column == "natural_gas_Nm3" else 0).astype(int)
    return pd.DataFrame(out)


HEADERS = {
    "options.csv": """# Song Da Dyeing & Finishing: the CP options the assessment (module 4) took forward to feasibility,
# implementation and funding (modules 5-7). CONSTRUCTED TEACHING CASE: the reductions are invented estimates of the
# kind an assessment team makes, sized on the baseline month of plant.yaml (about 300 t fabric, 41,000 m3 water,
# 60,000 Nm3 gas, 143 t chemicals a month). Reductions are per month; a negative one is an increase (the pumps of
# the rinse reuse). net_saving_VND_per_month = reductions x prices.csv (wastewater at the treatment price plus the
# discharge fee); tests/cpkit/test_running_case_after.py checks it. in_place_from: first month of 2025 with the
# option working (monitoring_2025.csv). Made by scripts/data/make_song_da_after.py.
""",
    "monitoring_2025.csv": """# Song Da Dyeing & Finishing: monthly measurements of 2025, after the assessment (CUSUM against 2024's baseline).
# CONSTRUCTED TEACHING CASE: production varies as in 2024 (Tet in January); water and gas are the 2024 baseline
# lines (least squares on 2024's months) at 2025's production, less the reductions of options.csv from the month
# each is in place, with +-1.5 % random scatter. Made by scripts/data/make_song_da_after.py (seed 2025).
""",
}

if __name__ == "__main__":
    for name, table in (("options.csv", options()), ("monitoring_2025.csv", monitoring())):
        (HERE / name).write_text(HEADERS[name] + table.to_csv(index=False), encoding="utf-8")
        print(f"wrote {HERE / name}")
