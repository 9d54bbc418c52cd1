"""A real browser for the widget tests: Voila serves a tool notebook, and
headless Chromium (Debian's package) driven by Playwright uses it.

Screenshots are kept in test-artifacts/ at the top of the course folder.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (Debian: apt-get install chromium); .ci/run installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def voila(tmp_path_factory):
    """Serve notebooks as apps with Voila; returns a function notebook -> URL."""
    processes = []

    def serve(notebook):
        port = free_port()
        work = tmp_path_factory.mktemp("trainee-folder")
        env = dict(os.environ, CPKIT_WORK_DIR=str(work))
        process = subprocess.Popen(
            [sys.executable, "-m", "voila", str(ROOT / notebook), "--no-browser", f"--port={port}",
             "--Voila.ip=127.0.0.1", "--show_tracebacks=True"],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
        processes.append(process)
        url = f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url + "api/status", timeout=2)
                return url, work
            except OSError as error:
                if getattr(error, "code", None):  # the server answered
                    return url, work
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("Voila did not start:\n" + process.stdout.read().decode()[-3000:])
                time.sleep(0.5)

    yield serve
    for process in processes:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


@pytest.fixture
def screenshot(request):
    """Save a screenshot named after the test: screenshot(page, "after")."""
    ARTIFACTS.mkdir(exist_ok=True)

    def take(page, label):
        path = ARTIFACTS / f"{request.node.name}-{label}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
