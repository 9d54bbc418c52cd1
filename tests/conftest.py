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

