"""Test-wide settings.

In CI (CI=true) property tests run derandomized: the same examples every run, so a red build
always means a change broke something, never that a new random example turned up. Locally
they explore new examples each run, which is how the edge cases get found.
"""

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
