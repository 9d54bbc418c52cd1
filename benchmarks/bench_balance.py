"""Time the balance engine: balance, solve and reconcile generated plants of 10, 100 and
1,000 streams, and the balance and Sankey diagram of the running case.

Run:  .venv/bin/python benchmarks/bench_balance.py
Targets: running case balance + Sankey under 50 ms; 1,000-stream reconciliation under 1 s.
"""

import time

import numpy as np

from cpkit import cases
from cpkit.balance import balance, solve
from cpkit.flowsheet import Plant
from cpkit.reconcile import reconcile
from cpkit.sankey import sankey
from cpkit.units import Q_


def generated_plant(n_streams, seed=0):
    """Steps in a chain, each with a feed and a product, plus side streams to later steps;
    true flows close; measurements carry 2 % noise and uncertainty; every tenth product unknown."""
    rng = np.random.default_rng(seed)
    n_steps = max(1, n_streams // 3)
    plant = Plant(f"Generated {n_streams}", period="d")
    for i in range(n_steps):
        plant.add_step(f"Step {i}")
    side = {}
    while 2 * n_steps + len(side) < n_streams:
        i = int(rng.integers(0, max(1, n_steps - 1)))
        j = int(rng.integers(i + 1, n_steps)) if i + 1 < n_steps else None
        if j is None:
            break
        side[(i, j, len(side))] = float(rng.uniform(1, 50))
    for i in range(n_steps):
        out_side = sum(v for (a, _, _), v in side.items() if a == i)
        in_side = sum(v for (_, b, _), v in side.items() if b == i)
        feed = float(rng.uniform(50, 100)) + out_side
        product = feed + in_side - out_side
        plant.add_stream(f"Feed {i}", "outside", f"Step {i}", Q_(feed * (1 + 0.02 * rng.normal()), "t/d"),
                         kind="raw material", uncertainty="2 %")
        if i % 10 == 9:
            plant.add_stream(f"Product {i}", f"Step {i}", "outside", kind="product")
        else:
            plant.add_stream(f"Product {i}", f"Step {i}", "outside", Q_(product * (1 + 0.02 * rng.normal()), "t/d"),
                             kind="product", uncertainty="2 %")
    for (i, j, k), v in side.items():
        plant.add_stream(f"Side {k}", f"Step {i}", f"Step {j}", Q_(v * (1 + 0.02 * rng.normal()), "t/d"),
                         uncertainty="2 %")
    return plant


def timed(function, repeat=3):
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best * 1000


def main():
    print(f"{'Plant':<28}{'streams':>8}{'balance (ms)':>14}{'solve (ms)':>12}{'reconcile (ms)':>16}")
    for n in (10, 100, 1000):
        plant = generated_plant(n)
        print(f"{plant.name:<28}{len(plant.streams):>8}{timed(lambda: balance(plant)):>14.1f}"
              f"{timed(lambda: solve(plant, tolerance='50 %')):>12.1f}{timed(lambda: reconcile(plant)):>16.1f}")
    plant = cases.running_case()
    solved = solve(plant)
    sankey(solved)  # first call imports plotly
    print()
    print(f"Running case ({len(plant.streams)} streams): load {timed(cases.running_case):.1f} ms; "
          f"balance {timed(lambda: balance(solved)):.1f} ms; Sankey {timed(lambda: sankey(solved)):.1f} ms; "
          f"balance + Sankey {timed(lambda: (balance(solved), sankey(solved))):.1f} ms (target < 50 ms)")
    print(f"Running case solve {timed(lambda: solve(plant)):.1f} ms; reconcile {timed(lambda: reconcile(plant)):.1f} ms")


if __name__ == "__main__":
    main()
