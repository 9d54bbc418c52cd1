"""The open-the-course command serves the home notebook.

It starts the real command (`python3 scripts/course.py open`) on a free
local port, as a trainee's laptop would, and fetches the start page over
HTTP.
"""

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
HOME = "modules/00-Start-Here.ipynb"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url, timeout=5):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.status, response.read().decode()


@pytest.fixture(scope="module")
def server():
    port, token = free_port(), secrets.token_hex(16)
    process = subprocess.Popen(
        [sys.executable, "scripts/course.py", "open", "--no-browser", f"--port={port}",
         "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={token}"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                get(f"{base}/api/status?token={token}")
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    output = process.stdout.read().decode() if process.poll() is not None else ""
                    pytest.fail(f"the course did not open:\n{output[-3000:]}")
                time.sleep(0.5)
        yield base, token
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def test_the_home_notebook_is_served(server):
    base, token = server
    status, body = get(f"{base}/api/contents/{HOME}?token={token}")
    notebook = json.loads(body)
    assert status == 200 and notebook["type"] == "notebook"
    assert notebook["content"]["cells"][0]["source"].startswith("# Cleaner Production Assessment")


def test_jupyterlab_opens_at_the_home_notebook(server):
    base, token = server
    status, page = get(f"{base}/lab/tree/{HOME}?token={token}")
    assert status == 200 and "JupyterLab" in page


def test_the_course_offers_a_python_kernel(server):
    base, token = server
    status, body = get(f"{base}/api/kernelspecs?token={token}")
    assert status == 200 and "python3" in json.loads(body)["kernelspecs"]


def test_module_1_is_found_in_its_folder_from_the_start_page(server):
    base, token = server
    _, body = get(f"{base}/api/contents/{HOME}?token={token}")
    start_page = " ".join(c["source"] for c in json.loads(body)["content"]["cells"])
    assert "(1-train-the-trainers/1.1-what-is-cleaner-production.ipynb)" in start_page
    status, body = get(f"{base}/api/contents/modules/1-train-the-trainers?token={token}")
    names = {entry["name"] for entry in json.loads(body)["content"]}
    assert status == 200 and "1.1-what-is-cleaner-production.ipynb" in names
