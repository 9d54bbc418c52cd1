"""Rebuild the CONSTRUCTED monthly data and options of the performance tests' unseen plant, Hoa Sen Brewery.

    .venv/bin/python scripts/data/make_brewery.py

Writes shared_lib/cpkit/data/brewery/monthly.csv and options.csv (frozen snapshots;
see that folder's README.md for the sources of the orders of magnitude):

- 2025 is the baseline year: water = 600 m3 + 0.58 m3 per hl of beer, diesel oil =
  4,000 kg + 4.5 kg per hl, electricity = 12,000 kWh + 9 kWh per hl, each with
  +-2 % random scatter (seed 14051), production 3,300-4,600 hl a month (Tet low);
- 2026: the same lines less the options in place: the bottle washer's rinse stop
  (400 m3 water a month from February) and CIP final-rinse reuse (250 m3 from April).
"""

from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parents[2] / "shared_lib" / "cpkit" / "data" / "brewery"
SHAPE = [0.80, 0.90, 0.97, 1.00, 1.05, 1.08, 1.10, 1.08, 1.02, 1.00, 1.02, 1.10]   # 4,000 hl x season; Tet in Jan/Feb


def monthly():
    rng = np.random.default_rng(14051)
    rows = []
    for year in (2025, 2026):
        for month in range(1, 13):
            hl = round(4000 * SHAPE[month - 1] * rng.normal(1, 0.03), -1)
            cut = 0.0
            if year == 2026:
                cut += 400 if month >= 2 else 0
                cut += 250 if month >= 4 else 0
            water = (600 + 0.58 * hl) * rng.normal(1, 0.02) - cut
            diesel = (4000 + 4.5 * hl) * rng.normal(1, 0.02)
            power = (12000 + 9 * hl) * rng.normal(1, 0.02)
            rows.append({"month": f"{year}-{month:02d}", "beer_hl": int(hl), "water_m3": int(round(water)),
                         "diesel_oil_kg": int(round(diesel, -1)), "electricity_kWh": int(round(power, -2))})
    return pd.DataFrame(rows)


OPTIONS = pd.DataFrame([
    ("Automatic stop of the bottle washer's final rinse when no bottles run", "Better process control", "Packaging",
     150_000_000, 8, "400 m3 water and wastewater a month"),
    ("Reuse CIP final rinse water as the next pre-rinse", "On-site recovery/reuse", "Cleaning in place",
     320_000_000, 10, "250 m3 water and wastewater a month"),
    ("Sell spent grain pressed to 70 % moisture instead of giving it away wet", "Production of useful by-products",
     "Brewhouse", 450_000_000, 10, "new income; 40 t less wet grain to haul a month"),
    ("Wort boiling vapour condenser heating brewing water", "Equipment modification", "Brewhouse",
     1_800_000_000, 12, "2.5 t diesel oil a month"),
    ("High-efficiency boiler with economiser replacing the old diesel boiler", "Technology change", "Boiler house",
     4_200_000_000, 15, "4.2 t diesel oil a month"),
], columns=["option", "technique", "step", "investment_VND", "lifetime_years", "reduction"])

HEADERS = {
    "monthly.csv": """# Hoa Sen Brewery: monthly measurements; 2025 is the baseline year, 2026 follows two CP options.
# CONSTRUCTED TEACHING CASE (fictional brewery, invented numbers): made by scripts/data/make_brewery.py, which gives
# the lines and the random scatter. Orders of magnitude: see README.md.
""",
    "options.csv": """# Hoa Sen Brewery: CP options found by the assessment team. CONSTRUCTED TEACHING CASE: invented options and costs.
# investment in VND; lifetime in years; reduction as the team estimated it, per month.
""",
}

if __name__ == "__main__":
    for name, table in (("monthly.csv", monthly()), ("options.csv", OPTIONS)):
        (HERE / name).write_text(HEADERS[name] + table.to_csv(index=False), encoding="utf-8")
        print(f"wrote {HERE / name}")
