"""Autograding where a trainee's code cannot reach the checks, the answers or the gradebook.

A submission is graded in two processes:

- **the sandbox** runs the trainee's notebook on a fresh kernel. On Linux it
  is a bubblewrap container (Debian package ``bubblewrap``): the kernel sees
  a scratch copy of the trainee's own files and of the exercise's data, the
  Python installation read-only, no network, no ``solutions/``, no gradebook
  and no other submission; it has a memory limit, a limit on the processes
  it holds at once, a time limit per cell and a time budget for the whole
  notebook. The notebook it runs is not the
  master: in every test cell, each ``check_number`` / ``check_raises`` call is
  replaced by a call that only *reports* the trainee's value (a number, a
  quantity, the name of a type, or the exception raised). Expected values,
  tolerances and hints never enter the sandbox.
- **the trusted grading process** (nbgrader, with :class:`SandboxExecute` in
  place of its ``Execute`` step) compares the reported values with the
  master's hidden tests using :mod:`cpkit.grading`, writes the outcome of
  each check as the test cell's output (the hint, never a traceback), gives
  partial credit where a test cell has several checks, and alone writes the
  gradebook.

Replacing ``check_number`` inside the kernel (through the module's
``__dict__`` or any other route) changes nothing: the kernel's checks are not
the ones that grade. The most a submission can do is report a value, which
is what answering the question does.

Where bubblewrap is missing (Windows, macOS, a container without user
namespaces) the same two processes run without the container: grading
still works, the checks still cannot be replaced, but the trainee's code
runs with the trainer's rights. A warning says so once per run.
``CP_GRADING_SANDBOX=off`` forces that mode (tests use it);
``CP_GRADING_SANDBOX=bwrap`` refuses to grade without the container.
"""

import ast
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cpkit.errors import CPInputError

RECORD_MIME = "application/vnd.cpkit.check+json"
CHECKS = {"check_number", "check_raises"}
NUMBER_PARAMS = ["expected", "unit", "rel", "abs_tol", "name", "hint"]
RAISES_PARAMS = ["error", "name", "hint"]
HIDDEN_BEGIN = "### BEGIN HIDDEN TESTS"
HIDDEN_END = "### END HIDDEN TESTS"

# Defaults a trainer can change on the command line.
CELL_TIMEOUT = 60  # s a cell may run
BUDGET = 300  # s a whole submission may run
MEMORY_MB = 3072  # address space of the sandbox
OUTPUT_CHARS = 20_000  # what one cell may print before it is stopped
PROCESSES = 200  # processes and threads a sandbox may hold at once (a fork bomb is stopped there)

NO_SANDBOX_WARNING = (
    "WARNING: no sandbox on this machine (bubblewrap is not installed or cannot run).\n"
    "  Submissions are graded, and their checks still cannot be replaced, but each\n"
    "  trainee's code runs with YOUR rights: it could read solutions/ and other\n"
    "  trainees' work, change files, use the network and write the gradebook.\n"
    "  Grade on Linux with bubblewrap (Debian/Ubuntu: sudo apt-get install bubblewrap)\n"
    "  to grade in a sandbox."
)
_warned = False
_running = set()  # sandboxes running now (stopped on Ctrl+C)


# -- which sandbox ------------------------------------------------------------------------
def sandbox_mode():
    """``"bwrap"`` where bubblewrap can run a sandbox here, else ``"none"``."""
    wanted = os.environ.get("CP_GRADING_SANDBOX", "auto").lower()
    if wanted in ("off", "none", "0", "no"):
        return "none"
    bwrap = shutil.which("bwrap")
    works = False
    if bwrap:
        probe = subprocess.run([bwrap, "--unshare-all", "--unshare-user", "--ro-bind", "/", "/", "true"],
                               capture_output=True)
        works = probe.returncode == 0
    if works:
        return "bwrap"
    if wanted == "bwrap":
        raise CPInputError("CP_GRADING_SANDBOX=bwrap, but bubblewrap cannot run a sandbox here.",
                           fix="Install it (apt-get install bubblewrap) or allow user namespaces.")
    return "none"


def warn_once(stream=None):
    """Say loudly, once per run, what is not protected without a sandbox."""
    global _warned
    if not _warned:
        print(NO_SANDBOX_WARNING, file=stream or sys.stderr, flush=True)
        _warned = True


# -- the master's test cells, split into what the kernel runs and what is checked ---------
def _check_kind(node):
    if not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)):
        return None
    func = node.value.func
    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
    return name if name in CHECKS else None


def _literal(node, source, where):
    try:
        return ast.literal_eval(node)
    except ValueError:
        raise CPInputError(
            f"{where}: {ast.get_source_segment(source, node)!r} is not a literal value.",
            fix="Write expected values, units, tolerances, names and hints of a check as literals "
            "(numbers and strings), so that they can be checked outside the trainee's kernel.",
        ) from None


def _hidden_lines(source):
    inside, lines = False, set()
    for number, line in enumerate(source.splitlines(), start=1):
        if line.strip().startswith(HIDDEN_BEGIN):
            inside = True
        elif line.strip().startswith(HIDDEN_END):
            inside = False
        elif inside:
            lines.add(number)
    return lines


def plan_test_cell(source, grade_id):
    """Split a test cell into the code the kernel runs and the checks made outside it.

    Returns ``(kernel_source, checks)``. Each check is a dict: ``kind``,
    ``params`` (expected value, unit, tolerance, name, hint: literals from the
    master) and ``hidden``. The kernel source holds no expected value: each
    check call becomes ``__cp_check__(i, lambda: answer)`` or
    ``__cp_raises__(i, lambda: function, lambda: args)``.
    """
    where = f"test cell {grade_id}"
    try:
        tree = ast.parse(source)
    except SyntaxError as problem:
        raise CPInputError(f"{where} of the master is not valid Python: {problem}",
                           fix="Correct the master in solutions/.") from None
    hidden = _hidden_lines(source)
    kernel, checks = [], []
    for statement in tree.body:
        in_hidden = statement.lineno in hidden
        kind = _check_kind(statement)
        segment = ast.get_source_segment(source, statement)
        if kind:
            call = statement.value
            index = len(checks)
            if kind == "check_number":
                if not call.args:
                    raise CPInputError(f"{where}: check_number without an answer.", fix="check_number(answer, expected, unit)")
                answer = ast.get_source_segment(source, call.args[0])
                params = {NUMBER_PARAMS[i]: _literal(arg, source, where) for i, arg in enumerate(call.args[1:])}
                kernel.append(f"__cp_check__({index}, lambda: ({answer}))")
            else:
                if len(call.args) < 2:
                    raise CPInputError(f"{where}: check_raises needs a function and its arguments.",
                                       fix="check_raises(function, (arg1, arg2), ValueError)")
                function = ast.get_source_segment(source, call.args[0])
                arguments = ast.get_source_segment(source, call.args[1])
                params = {}
                for i, arg in enumerate(call.args[2:]):
                    key = RAISES_PARAMS[i]
                    params[key] = _error_name(arg) if key == "error" else _literal(arg, source, where)
                kernel.append(f"__cp_raises__({index}, lambda: ({function}), lambda: ({arguments}))")
            for keyword in call.keywords:
                if kind == "check_raises" and keyword.arg == "error":
                    params["error"] = _error_name(keyword.value)
                else:
                    params[keyword.arg] = _literal(keyword.value, source, where)
            if kind == "check_raises":
                params.setdefault("error", "ValueError")
            checks.append({"kind": kind, "params": params, "hidden": in_hidden})
        elif in_hidden and isinstance(statement, ast.Assert):
            index = len(checks)
            names = _guard_names(statement.test, source, where)
            message = _literal(statement.msg, source, where) if statement.msg is not None else None
            values = ", ".join(f"{n!r}: (lambda: {n})" for n in names)
            kernel.append(f"__cp_values__({index}, {{{values}}})")
            checks.append({"kind": "guard", "params": {"test": ast.unparse(statement.test), "message": message,
                                                       "names": names}, "hidden": True})
        elif in_hidden and not isinstance(statement, (ast.Import, ast.ImportFrom)):
            raise CPInputError(
                f"{where}: the hidden tests hold {segment.splitlines()[0]!r}, which would show the "
                "expected values to the trainee's code.",
                fix="Write hidden tests as check_number(...) and check_raises(...) calls only.",
            )
        else:
            kernel.append(segment)
    return "\n".join(kernel) + "\n", checks


SAFE_BUILTINS = {"abs": abs, "min": min, "max": max, "round": round, "float": float, "int": int,
                 "sum": sum, "len": len, "bool": bool}
_GUARD_NODES = (ast.BoolOp, ast.BinOp, ast.UnaryOp, ast.Compare, ast.Call, ast.Name, ast.Constant, ast.Tuple,
                ast.List, ast.Load, ast.operator, ast.boolop, ast.unaryop, ast.cmpop, ast.keyword)


def _guard_names(test, source, where):
    """The trainee's names a hidden ``assert`` reads; refuse anything but arithmetic on them."""
    names = []
    for node in ast.walk(test):
        if not isinstance(node, _GUARD_NODES):
            raise CPInputError(
                f"{where}: the hidden assert {ast.get_source_segment(source, test)!r} uses "
                f"{type(node).__name__}, which cannot be checked outside the trainee's kernel.",
                fix="In hidden tests, assert only arithmetic and comparisons on the answer's names "
                "(abs, min, max, round allowed), e.g. assert abs(answer - 4370) > 1, \"hint\"; "
                "or use check_number.")
        if isinstance(node, ast.Call) and not (isinstance(node.func, ast.Name) and node.func.id in SAFE_BUILTINS):
            raise CPInputError(f"{where}: the hidden assert calls {ast.unparse(node.func)}, which would run "
                               "the trainee's code outside the sandbox.",
                               fix="Call the trainee's function in check_number(...) instead.")
        if isinstance(node, ast.Name) and node.id not in SAFE_BUILTINS and node.id not in names:
            names.append(node.id)
    return names


def _error_name(node):
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    raise CPInputError("check_raises: the error must be named, e.g. ValueError.", fix="check_raises(f, args, ValueError)")


def _is_test(cell):
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return cell.get("cell_type") == "code" and meta.get("grade") and not meta.get("solution")


def kernel_notebook(notebook):
    """The notebook the sandbox runs, and the checks of each test cell (by cell index)."""
    import nbformat

    cells, plans, in_kernel = [], {}, []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            cells.append(nbformat.v4.new_markdown_cell(""))
            continue
        source = cell.source
        if _is_test(cell):
            grade_id = cell.metadata["nbgrader"]["grade_id"]
            try:
                source, checks = plan_test_cell(cell.source, grade_id)
                plans[index] = checks
            except CPInputError as problem:
                # Graded the way nbgrader does, inside the sandbox; the report says so.
                in_kernel.append(f"{problem.args[0]}")
        cells.append(nbformat.v4.new_code_cell(source))
    kernel = nbformat.v4.new_notebook(cells=cells)
    kernel.metadata["cpkit"] = {"graded_in_kernel": in_kernel}
    kernel.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return kernel, plans


# -- what runs first in the trainee's kernel ----------------------------------------------
KERNEL_SETUP = r'''
def __cp_setup(limit):
    import builtins, sys
    from IPython import get_ipython
    from IPython.display import display
    mime = "%(mime)s"

    def describe(value):
        kind = type(value)
        module = getattr(kind, "__module__", "") or ""
        if kind is str:
            return {"kind": "text", "value": value[:2000]}
        if kind in (int, float):
            try:
                return {"kind": "number", "value": float(value)}
            except OverflowError:
                return {"kind": "other", "type": "a number too large"}
        if module == "numpy" and kind.__name__ in ("float64", "float32", "int64", "int32"):
            return {"kind": "number", "value": float(value)}
        if kind.__name__ == "Quantity" and module.startswith("pint"):
            inner = describe(value.magnitude)
            if inner["kind"] == "number":
                return {"kind": "quantity", "value": inner["value"], "units": str(value.units)}
        return {"kind": "other", "type": kind.__name__}

    def failure(problem):
        return {"kind": "error", "type": type(problem).__name__, "message": str(problem)[:300]}

    def check(index, answer):
        try:
            record = describe(answer())
        except Exception as problem:
            record = failure(problem)
        display({mime: dict(record, check=index)}, raw=True)

    def raises(index, function, arguments):
        try:
            function, arguments = function(), arguments()
        except Exception as problem:
            record = failure(problem)
        else:
            try:
                function(*arguments)
            except Exception as problem:
                record = {"kind": "raised", "names": [c.__name__ for c in type(problem).__mro__]}
            else:
                record = {"kind": "returned"}
        display({mime: dict(record, check=index)}, raw=True)

    def values(index, getters):
        found = {}
        for name, getter in getters.items():
            try:
                found[name] = describe(getter())
            except Exception as problem:
                found[name] = failure(problem)
        display({mime: {"kind": "values", "values": found, "check": index}}, raw=True)

    builtins.__cp_values__ = values
    builtins.__cp_check__ = check
    builtins.__cp_raises__ = raises

    class OutputLimitExceeded(Exception):
        pass

    class Limited:
        def __init__(self, stream):
            self._stream, self.count = stream, 0
        def write(self, text):
            room = limit - self.count
            self.count += len(text)
            if self.count > limit:
                if room > 0:
                    self._stream.write(text[:room])
                raise OutputLimitExceeded(
                    f"this cell printed more than {limit:,} characters and was stopped")
            return self._stream.write(text)
        def __getattr__(self, name):
            return getattr(self._stream, name)

    streams = [Limited(sys.stdout), Limited(sys.stderr)]
    sys.stdout, sys.stderr = streams

    def reset(*args):
        for stream in streams:
            stream.count = 0
    get_ipython().events.register("pre_run_cell", reset)

__cp_setup(%(limit)d)
del __cp_setup
'''


# -- inside the sandbox: run the notebook -------------------------------------------------
def _error_output(ename, evalue):
    import nbformat

    return nbformat.v4.new_output("error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"])


def run_notebook(job):
    """Execute a kernel notebook (inside the sandbox); return the executed notebook as JSON text."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import DeadKernelError

    notebook = nbformat.reads(job["notebook"], as_version=4)
    timeout, budget = job["timeout"], job["budget"]
    setup = nbformat.v4.new_code_cell(KERNEL_SETUP % {"mime": RECORD_MIME, "limit": job["output_chars"]})
    notebook.cells.insert(0, setup)
    client = NotebookClient(notebook, kernel_name="python3", allow_errors=True, interrupt_on_timeout=True,
                            timeout=timeout, startup_timeout=120, record_timing=False,
                            resources={"metadata": {"path": os.getcwd()}})
    started = time.monotonic()
    dead = None
    with client.setup_kernel(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL):
        for index, cell in enumerate(notebook.cells):
            if cell.cell_type != "code" or not cell.source.strip():
                continue
            if dead:
                cell.outputs = [_error_output("NotRun", dead)]
                continue
            left = budget - (time.monotonic() - started)
            if left < 1:
                cell.outputs = [_error_output(
                    "BudgetExceeded", f"not run: the notebook used up its {budget} s budget")]
                continue
            cell_timeout = int(min(timeout, left)) or 1
            client.timeout = cell_timeout
            client.error_on_timeout = {"ename": "CellTimeoutError",
                                       "evalue": f"the cell ran longer than {cell_timeout} s and was stopped",
                                       "traceback": [f"CellTimeoutError: the cell ran longer than {cell_timeout} s"
                                                     " and was stopped"]}
            began = time.monotonic()
            try:
                client.execute_cell(cell, index)
                if time.monotonic() - began >= cell_timeout:
                    _mark_timeout(cell, cell_timeout)
            except DeadKernelError:
                why = _watch.tripped if _watch and _watch.tripped else "it may have run out of memory"
                dead = f"not run: the kernel stopped ({why})"
                cell.outputs = [_error_output("DeadKernel", f"the kernel stopped while running this cell ({why})")]
            for output in cell.get("outputs", []):
                if output.get("output_type") == "stream" and len(output.text) > job["output_chars"]:
                    output.text = output.text[: job["output_chars"]] + "\n... (output cut)\n"
    notebook.cells.pop(0)
    return nbformat.writes(notebook)


def _mark_timeout(cell, seconds):
    """A cell stopped at its timeout says so (the kernel reports a bare KeyboardInterrupt)."""
    message = f"the cell ran longer than {seconds} s and was stopped"
    outputs = [o for o in cell.get("outputs", []) if o.get("output_type") != "error"]
    cell.outputs = outputs + [_error_output("CellTimeoutError", message)]


class _ProcessWatch:
    """Inside the sandbox: stop the trainee's code when it holds more than ``limit`` processes.

    The sandbox has its own process namespace, so ``/proc`` lists its own
    processes only. Where Linux enforces it (a trainer who is not root), the
    same limit is also set as ``RLIMIT_NPROC``; root is exempt from that, so
    this watch is what holds everywhere. When it trips it kills every
    process of the sandbox but its first and this one, and the notebook
    records why its kernel stopped.
    """

    def __init__(self, limit, every=0.05):
        import threading

        self.limit, self.every, self.tripped = limit, every, None
        try:
            import resource

            resource.setrlimit(resource.RLIMIT_NPROC, (limit, limit))
        except (ImportError, ValueError, OSError):  # pragma: no cover
            pass
        threading.Thread(target=self._watch, daemon=True).start()

    @staticmethod
    def count():
        tasks = 0
        for name in os.listdir("/proc"):
            if name.isdigit():
                try:
                    tasks += len(os.listdir(f"/proc/{name}/task"))
                except OSError:
                    pass
        return tasks

    def _watch(self):
        while not self.tripped:
            time.sleep(self.every)
            found = self.count()
            if found > self.limit:
                self.tripped = (f"the code started more than {self.limit} processes and threads "
                                f"({found} found) and was stopped")
                for _ in range(50):
                    try:
                        os.kill(-1, 9)  # every process of the sandbox but its first and this one
                    except OSError:
                        break
                    time.sleep(0.02)


_watch = None


def _sandbox_main():
    global _watch
    job = json.load(sys.stdin)
    if job.get("processes"):
        _watch = _ProcessWatch(job["processes"])
    result = run_notebook(job)
    sys.stdout.write(json.dumps({"notebook": result}))
    sys.stdout.flush()


# -- the trusted side: start the sandbox --------------------------------------------------
def _limits(memory_mb, file_mb=200):
    def apply():
        try:
            import resource
        except ImportError:  # pragma: no cover  (Windows)
            return
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_mb * 1024 * 1024,) * 2)
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    return apply if os.name == "posix" else None


def _bwrap_command(scratch):
    """bubblewrap: read-only Python and cpkit, the scratch folder read-write, nothing else."""
    import cpkit

    python_home = Path(sys.prefix)
    readonly = {Path("/usr"), python_home, Path(sys.base_prefix), Path(cpkit.__file__).resolve().parents[1]}
    command = ["bwrap", "--unshare-all", "--unshare-user", "--uid", "1000", "--gid", "1000",
               "--die-with-parent", "--new-session", "--cap-drop", "ALL",
               "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--tmpfs", "/home"]
    for name in ("bin", "lib", "lib64", "lib32", "sbin"):
        path = Path("/") / name
        if path.is_symlink():
            command += ["--symlink", os.readlink(path), str(path)]
        elif path.is_dir():
            readonly.add(path)
    for path in sorted(readonly):
        command += ["--ro-bind", str(path), str(path)]
    for path in ("/etc/alternatives", "/etc/ld.so.cache", "/etc/localtime"):
        if os.path.exists(path):
            command += ["--ro-bind", path, path]
    work = "/home/trainee/work"
    command += ["--bind", str(scratch), work, "--chdir", work, "--clearenv"]
    for key, value in _sandbox_env("/home/trainee", "/tmp").items():
        command += ["--setenv", key, value]
    return command + ["--"]


def _sandbox_env(home, tmp):
    return {
        "HOME": home, "TMPDIR": tmp, "PATH": os.pathsep.join([str(Path(sys.executable).parent), "/usr/bin", "/bin"]),
        "JUPYTER_RUNTIME_DIR": f"{tmp}/jupyter-runtime", "JUPYTER_DATA_DIR": f"{tmp}/jupyter-data",
        "IPYTHONDIR": f"{tmp}/ipython", "MPLCONFIGDIR": f"{tmp}/matplotlib", "MPLBACKEND": "Agg",
        "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
        "PYTHONDONTWRITEBYTECODE": "1", "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8",
    }


class SandboxFailure(Exception):
    """The sandbox did not return a notebook (it could not start, or ran past its budget)."""


def run_submission(kernel_nb, files=(), timeout=CELL_TIMEOUT, budget=BUDGET, memory_mb=MEMORY_MB,
                   output_chars=OUTPUT_CHARS, mode=None):
    """Run a kernel notebook in a fresh sandbox with a scratch copy of ``files``; return it executed."""
    import nbformat

    mode = mode or sandbox_mode()
    if mode == "none":
        warn_once()
    job = {"notebook": nbformat.writes(kernel_nb), "timeout": int(timeout), "budget": int(budget),
           "output_chars": int(output_chars)}
    scratch = Path(tempfile.mkdtemp(prefix="cp-grade-"))
    try:
        for file in files:
            file = Path(file)
            if file.is_file():
                shutil.copy(file, scratch / file.name)
        python = [sys.executable, "-I", "-m", "cpkit.grading_sandbox"]
        if mode == "bwrap":
            command, cwd, env = _bwrap_command(scratch) + python, None, {"PATH": os.environ.get("PATH", "")}
            job["processes"] = PROCESSES
        else:
            home = scratch / ".home"
            (home / "tmp").mkdir(parents=True)
            command, cwd, env = python, scratch, _sandbox_env(str(home), str(home / "tmp"))
            env.pop("PYTHONDONTWRITEBYTECODE")
            # -I ignores PYTHONPATH; cpkit comes from the installed (editable) package.
        process = subprocess.Popen(command, cwd=cwd, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True, preexec_fn=_limits(memory_mb),
                                   start_new_session=True)
        _running.add(process)
        try:
            out, err = process.communicate(json.dumps(job), timeout=budget + 120)
        except subprocess.TimeoutExpired:
            _kill(process)
            raise SandboxFailure(f"the notebook ran past its budget of {budget} s and was stopped") from None
        except BaseException:
            _kill(process)
            raise
        finally:
            _running.discard(process)
        if process.returncode != 0:
            last = [line for line in err.splitlines() if line.strip()][-3:]
            raise SandboxFailure("the sandbox stopped with an error: " + " | ".join(last))
        try:
            return nbformat.reads(json.loads(out)["notebook"], as_version=4)
        except (ValueError, KeyError) as problem:
            raise SandboxFailure(f"the sandbox returned no notebook ({problem})") from None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def stop_all():
    """Stop every sandbox still running (the trainer pressed Ctrl+C)."""
    for process in list(_running):
        _kill(process)


def _kill(process):
    try:
        os.killpg(process.pid, 9)
    except (ProcessLookupError, PermissionError, AttributeError):
        process.kill()
    process.wait()


# -- the trusted side: judge the reported values ------------------------------------------
class _Reported:
    """Stands for an answer of a type the checks refuse (its type's name is all that came back)."""


def _value(record):
    from cpkit.units import ureg

    if record["kind"] == "number":
        return float(record["value"])
    if record["kind"] == "text":
        return str(record["value"])
    if record["kind"] == "quantity":
        try:
            return ureg.Quantity(float(record["value"]), str(record["units"]))
        except Exception:
            raise AssertionError(f"the unit {record['units']!r} is not one the course knows.") from None
    return type(re.sub(r"\W", "", str(record.get("type", "object"))) or "object", (_Reported,), {})()


def judge(check, record):
    """``(passed, message)`` for one check of the master against what the kernel reported."""
    from cpkit import grading

    params = dict(check["params"])
    if check["kind"] == "guard":
        return _judge_guard(params, record)
    name = params.get("name", "The answer" if check["kind"] == "check_number" else "The function")
    if record is None:
        return False, f"{name}: not checked (the cell stopped before this check)."
    if record.get("kind") == "error" and record.get("type") == "NotImplementedError":
        return False, f"{name}: no answer yet (the answer cell still raises NotImplementedError)."
    if record.get("kind") == "error":
        return False, f"{name}: your code raised {record.get('type')}: {record.get('message')}"
    try:
        if check["kind"] == "check_number":
            grading.check_number(_value(record), **params)
        else:
            grading.check_recorded_raise(record, **params)
    except AssertionError as failed:
        return False, str(failed)
    return True, f"{name}: right."


def _judge_guard(params, record):
    """A hidden ``assert`` of the master, evaluated on the values the kernel reported."""
    message = params.get("message") or "This answer is not right yet."
    if record is None or record.get("kind") != "values":
        return False, f"{message} (not checked: the cell stopped before this check)"
    namespace = dict(SAFE_BUILTINS)
    for name in params["names"]:
        reported = record["values"].get(name)
        if reported is None:
            return False, f"{name}: not checked."
        if reported.get("kind") == "error":
            return False, f"{name}: your code raised {reported.get('type')}: {reported.get('message')}"
        try:
            namespace[name] = _value(reported)
        except AssertionError as failed:
            return False, f"{name}: {failed}"
    try:
        passed = bool(eval(compile(params["test"], "<hidden test>", "eval"), {"__builtins__": {}}, namespace))
    except Exception as problem:
        names = ", ".join(params["names"])
        return False, f"{names} could not be checked ({type(problem).__name__}): it should be a number."
    return (True, "right.") if passed else (False, message)


def grade_test_cell(cell, executed, checks):
    """Replace a test cell's outputs by the outcome of its checks (hint, no traceback); return it."""
    import nbformat

    points = float(cell.metadata["nbgrader"].get("points", 0))
    records, kernel_error = {}, None
    for output in executed.get("outputs", []):
        data = output.get("data", {})
        if RECORD_MIME in data:
            record = data[RECORD_MIME]
            if isinstance(record, str):
                record = json.loads(record)
            if isinstance(record, dict) and isinstance(record.get("check"), int):
                records[record["check"]] = record
        elif output.get("output_type") == "error" and kernel_error is None:
            kernel_error = (output.get("ename", "Error"), output.get("evalue", ""))
    judged = [(check["kind"] == "guard", *judge(check, records.get(i))) for i, check in enumerate(checks)]
    failed_guards = [message for guard, ok, message in judged if guard and not ok]
    results = [(ok, message) for guard, ok, message in judged if not guard]
    checks = [check for check in checks if check["kind"] != "guard"]
    passed = sum(ok for ok, _ in results)
    lines = [("✔ " if ok else "✘ ") + message for ok, message in results]
    if failed_guards and not kernel_error:
        # A common wrong answer, recognised: its hint, and no points for the cell.
        lines = ["✘ " + failed_guards[0]] + [line for line in lines if line.startswith("✘")
                                             and failed_guards[0] not in line]
        cell.outputs = [nbformat.v4.new_output("error", ename="Not right yet", evalue=failed_guards[0],
                                               traceback=lines)]
        passed = 0
    elif kernel_error:
        ename, evalue = kernel_error
        text = "\n".join([f"{ename}: {evalue}", *lines])
        cell.outputs = [nbformat.v4.new_output("error", ename=ename, evalue=evalue, traceback=text.splitlines())]
    elif not checks or passed == len(checks):
        summary = {0: "Passed.", 1: "The check passed."}.get(len(checks), f"All {len(checks)} checks passed.")
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=summary + "\n")]
    elif passed == 0:
        cell.outputs = [nbformat.v4.new_output("error", ename="Not right yet", evalue=lines[0][2:],
                                               traceback=lines)]
    else:
        score = round(points * passed / len(checks), 2)
        cell.outputs = [
            nbformat.v4.new_output("stream", name="stdout",
                                   text=f"{passed} of {len(checks)} checks passed:\n" + "\n".join(lines) + "\n"),
            nbformat.v4.new_output("execute_result", data={"text/plain": repr(score)}, execution_count=None),
        ]
    cell.metadata.setdefault("cpkit", {})["checks"] = {"passed": passed, "total": len(checks)}
    return cell


def _short_outputs(outputs):
    """The trainee's own outputs without forged check records and without long tracebacks."""
    kept = []
    for output in outputs:
        if RECORD_MIME in output.get("data", {}):
            continue
        if output.get("output_type") == "error":
            output["traceback"] = [f"{output.get('ename')}: {output.get('evalue')}"]
        kept.append(output)
    return kept


def merge(notebook, executed, plans):
    """The graded notebook: the master's cells, the trainee's outputs, the trusted checks' outcomes."""
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        run = executed.cells[index]
        if index in plans:
            grade_test_cell(cell, run, plans[index])
        else:
            cell.outputs = _short_outputs(run.get("outputs", []))
            cell.execution_count = run.get("execution_count")
    return notebook


def run_key(kernel_nb, settings, files=()):
    """What a cached sandbox run is valid for: the code run, the settings and the trainee's files."""
    digest = hashlib.sha256()
    digest.update(json.dumps([c.source for c in kernel_nb.cells]).encode())
    digest.update(json.dumps(settings, sort_keys=True).encode())
    for file in sorted(map(Path, files)):
        if file.is_file():
            digest.update(file.name.encode())
            digest.update(hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()


# -- nbgrader's autograde step ------------------------------------------------------------
_Base = None
if __name__ != "__main__":  # inside the sandbox, nbgrader is not needed (and slow to import)
    try:
        from nbgrader.preprocessors import NbGraderPreprocessor as _Base
        from traitlets import Integer, Unicode
    except ImportError:  # pragma: no cover  (cpkit without nbgrader: no grading)
        _Base = None

if _Base is not None:

    class SandboxExecute(_Base):
        """nbgrader's Execute step, run in a sandbox and judged outside it (see the module)."""

        timeout = Integer(CELL_TIMEOUT, help="seconds a cell may run").tag(config=True)
        budget = Integer(BUDGET, help="seconds a whole notebook may run").tag(config=True)
        memory_mb = Integer(MEMORY_MB, help="memory of the sandbox, in MB").tag(config=True)
        output_chars = Integer(OUTPUT_CHARS, help="characters a cell may print").tag(config=True)
        cache_dir = Unicode("", help="folder of runs made ahead (in parallel) by cp-trainer").tag(config=True)
        wait = Integer(0, help="seconds to wait for a run still going on in the cache folder").tag(config=True)

        def settings(self):
            return {"timeout": self.timeout, "budget": self.budget, "memory_mb": self.memory_mb,
                    "output_chars": self.output_chars}

        def preprocess(self, nb, resources):
            kernel_nb, plans = kernel_notebook(nb)
            folder = resources.get("metadata", {}).get("path") or "."
            files = submission_files(folder)
            executed = None
            if self.cache_dir:
                key = run_key(kernel_nb, self.settings(), files)
                cached, pending = Path(self.cache_dir) / f"{key}.json", Path(self.cache_dir) / f"{key}.pending"
                waited = time.monotonic()
                while not cached.is_file() and pending.exists() and time.monotonic() - waited < self.wait:
                    time.sleep(0.05)
                if cached.is_file():
                    executed = _read_cached(cached)
            if executed is None:
                try:
                    executed = run_submission(kernel_nb, files, **self.settings())
                except SandboxFailure as problem:
                    executed = failed_run(kernel_nb, str(problem))
            return merge(nb, executed, plans), resources


def store_run(folder, key, text):
    """Keep an executed kernel notebook under its run key, whole or not at all, and end its wait."""
    folder = Path(folder)
    partial = folder / f"{key}.partial"
    partial.write_text(text)
    os.replace(partial, folder / f"{key}.json")
    (folder / f"{key}.pending").unlink(missing_ok=True)


def submission_files(folder):
    """The files that go into the sandbox with a submission: all but notebooks and nbgrader's own."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and p.suffix != ".ipynb" and p.name != "timestamp.txt")


def failed_run(kernel_nb, reason):
    """A run that produced nothing: every code cell carries the reason."""
    import copy

    executed = copy.deepcopy(kernel_nb)
    for cell in executed.cells:
        if cell.cell_type == "code":
            cell.outputs = [_error_output("NotRun", reason)]
    return executed


def _read_cached(path):
    import nbformat

    try:
        return nbformat.reads(path.read_text(), as_version=4)
    except Exception:
        return None


if __name__ == "__main__":
    _sandbox_main()
