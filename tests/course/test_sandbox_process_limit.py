"""A submission that starts processes without end is stopped at the sandbox's process limit.

Linux exempts root from ``RLIMIT_NPROC``, and trainers on a CI machine or in
a container often grade as root, so the sandbox also counts its own
processes (it has its own process namespace) and stops the kernel when they
pass :data:`cpkit.grading_sandbox.PROCESSES`. The submission's notebook then
says why its kernel stopped, and grading goes on.
"""

import time

import nbformat
import pytest

from cpkit import grading_sandbox as sandbox

pytestmark = pytest.mark.skipif(sandbox.sandbox_mode() != "bwrap", reason="needs bubblewrap (.ci/run installs it)")


def notebook(*sources):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def messages(executed):
    return [" ".join(str(o.get("text") or o.get("evalue") or o.get("data", "")) for o in cell.outputs)
            for cell in executed.cells]


def test_a_fork_bomb_is_stopped_at_the_process_limit_and_the_notebook_says_why():
    # Twelve doublings: 4,096 processes, each asleep for a minute, if nothing stopped them.
    bomb = notebook("import os, time\nfor _ in range(12):\n    os.fork()\ntime.sleep(60)", "print(6 * 7)")
    started = time.monotonic()
    executed = sandbox.run_submission(bomb, timeout=60, budget=120)
    seconds = time.monotonic() - started
    first, second = messages(executed)
    assert f"more than {sandbox.PROCESSES} processes" in first
    assert "not run: the kernel stopped" in second and "processes" in second
    assert seconds < 60, f"the bomb was stopped by the cell timeout ({seconds:.0f} s), not by the limit"


def test_an_ordinary_notebook_with_threads_runs_under_the_limit():
    threads = notebook("import threading\nfound = []\nworkers = [threading.Thread(target=found.append, args=(i,)) "
                       "for i in range(20)]\n[w.start() for w in workers]\n[w.join() for w in workers]\n"
                       "print(len(found))")
    (output,) = messages(sandbox.run_submission(threads, timeout=60, budget=120))
    assert output.strip() == "20"
