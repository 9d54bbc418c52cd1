"""Time from a value change in a course tool to its updated outputs.

Run: .venv/bin/python benchmarks/bench_widgets.py
Prints, for each tool on the running case, the time to open it and the
median and worst time from a change of one input to the recalculated
results and redrawn chart (the Python side: what the browser then draws is
not counted). Target: under 100 ms per change.
"""

import statistics
import tempfile
import time
from pathlib import Path

import cpkit


def time_changes(tool, change, repeats=15):
    timings = []
    for i in range(repeats):
        start = time.perf_counter()
        change(tool, i)
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), max(timings)


def balance_tool(folder):
    tool = cpkit.widgets.balance(cpkit.cases.running_case(), save_as=folder / "balance.cpkit.json")
    rows = [row["Stream"] for row in tool.fields["streams"].value]
    row = rows.index("Water to rinsing")
    base = tool.fields["streams"].value[row]["Quantity"]
    return tool, lambda t, i: t.fields["streams"].set_cell(row, "Quantity", base - 10 * (i + 1))


def feasibility_tool(folder):
    tool = cpkit.widgets.feasibility(save_as=folder / "feasibility.cpkit.json")
    return tool, lambda t, i: setattr(t.fields["annual_saving"], "value", 8_000 + 100 * i)


def screening_tool(folder):
    tool = cpkit.widgets.screening(save_as=folder / "screening.cpkit.json")
    return tool, lambda t, i: setattr(t.fields["environmental"], "value", 20 + i)


def monitoring_tool(folder):
    tool = cpkit.widgets.monitoring(save_as=folder / "monitoring.cpkit.json")
    return tool, lambda t, i: t.fields["months"].set_cell(14, "consumption", 600 + i)


def boiler_tool(folder):
    tool = cpkit.widgets.boiler(save_as=folder / "boiler.cpkit.json")
    return tool, lambda t, i: setattr(t.fields["o2"], "value", 5 + 0.1 * i)


def waste_cost_tool(folder):
    tool = cpkit.widgets.waste_cost(cpkit.cases.running_case(), save_as=folder / "waste_cost.cpkit.json")
    row = [r["item"] for r in tool.fields["prices"].value].index("dyes")
    return tool, lambda t, i: t.fields["prices"].set_cell(row, "price", 180_000 + 1_000 * (i + 1))


TOOLS = {"balance (running case, 43 streams)": balance_tool, "feasibility": feasibility_tool,
         "screening (4 options)": screening_tool, "monitoring (18 months, CUSUM chart)": monitoring_tool,
         "boiler (indirect method, Sankey)": boiler_tool,
         "waste cost (running case, MFCA, Pareto chart)": waste_cost_tool}


def main():
    cpkit.sankey.sankey(cpkit.cases.running_case())  # plotly imported once, outside the timings
    print(f"{'tool':45s} {'open (ms)':>10s} {'change, median (ms)':>20s} {'change, worst (ms)':>19s}")
    with tempfile.TemporaryDirectory() as folder:
        for name, make in TOOLS.items():
            start = time.perf_counter()
            tool, change = make(Path(folder))
            opened = (time.perf_counter() - start) * 1000
            median, worst = time_changes(tool, change)
            print(f"{name:45s} {opened:10.0f} {median:20.1f} {worst:19.1f}")


if __name__ == "__main__":
    main()
