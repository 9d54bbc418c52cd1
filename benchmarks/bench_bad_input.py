"""Run a few hundred generated bad calls per public function of cpkit and report how each answered.

Each call is a function's worked example with ONE argument (or one element, table cell or field of
one stream of a plant) replaced by a messy value, as in tests/cpkit/test_bad_input_functions.py.
Per function: calls made, refused (CPInputError naming the input), returned (a valid result),
broken promises (any other exception, a result holding NaN/inf/complex, a refusal naming nothing)
and the slowest call in ms. The issue asks each call to answer within a second: measured here,
never asserted in tests.

Run:  .venv/bin/python benchmarks/bench_bad_input.py [calls per function, default 300] [name filter]
      --show-broken prints the first broken call of each kind.
"""

import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "cpkit"))

from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from bad_input import bad_calls, check, valid_calls  # noqa: E402


def run(name, call, arguments, blanks, count, broken):
    counts, slowest = Counter(), [0.0, None]

    @settings(max_examples=count, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(data=st.data())
    def one(data):
        spoilt, path, value = data.draw(bad_calls(arguments))
        start = time.perf_counter()
        try:
            counts[check(name, call, spoilt, path, value, blanks)] += 1
        except Exception as failure:  # a broken promise: counted and kept, the run goes on
            counts["broken"] += 1
            where = failure.__traceback__
            while where.tb_next is not None:
                where = where.tb_next
            key = (name, type(failure).__name__, where.tb_frame.f_code.co_filename.split("/")[-1],
                   where.tb_lineno)
            broken.setdefault(key, (path, value, f"{type(failure).__name__}: {failure}"[:300]))
        elapsed = 1000 * (time.perf_counter() - start)
        if elapsed > slowest[0]:
            slowest[:] = [elapsed, (path, value)]

    one()
    return counts, slowest


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    count = int(args[0]) if args else 300
    only = args[1] if len(args) > 1 else ""
    broken = {}
    print(f"{'Function':42} {'calls':>6} {'refused':>8} {'returned':>9} {'broken':>7} {'slowest (ms)':>13}")
    totals = Counter()
    for name, (call, arguments, blanks) in valid_calls().items():
        if only not in name:
            continue
        counts, (slowest, what) = run(name, call, arguments, blanks, count, broken)
        calls = sum(counts.values())
        totals.update(counts)
        print(f"{name:42} {calls:6} {counts['refused']:8} {counts['returned']:9} {counts['broken']:7} "
              f"{slowest:13.1f}", flush=True)
    print(f"{'All':42} {sum(totals.values()):6} {totals['refused']:8} {totals['returned']:9} {totals['broken']:7}")
    if "--show-broken" in sys.argv:
        for (name, kind, file, line), (path, value, message) in broken.items():
            print(f"\n{name}: {kind} at {file}:{line}\n  {path!r} = {value!r}\n  {message}")


if __name__ == "__main__":
    main()
