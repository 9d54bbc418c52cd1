"""Shared test settings.

Property-based tests explore new random cases on every developer run; in CI
(CI=true) they replay a fixed, derandomized set, so that whether a change
lands is not decided by chance. A case found on a developer machine becomes
an ordinary test (see the reconciliation tests for one).
"""

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


def pytest_collection_modifyitems(items):
    """Keep each test file on one worker (its module fixtures run once), unless
    a test names its own group: each exercise is graded on a worker of its own."""
    import pytest

    for item in items:
        if not item.get_closest_marker("xdist_group"):
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::")[0]))
