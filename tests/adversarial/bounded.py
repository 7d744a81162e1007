"""Run a piece of code in a fresh interpreter under a limit that a linear algorithm meets with a
wide margin and a quadratic one cannot: linearity is tested without a timed assertion."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap


def run_bounded(code: str, limit_seconds: float = 60, memory_bytes: int | None = None) -> str:
    """Run `code` with this checkout first on the path (and an address-space cap if given); its
    stdout. A run over `limit_seconds` raises `subprocess.TimeoutExpired`."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([os.getcwd(), os.environ.get("PYTHONPATH", "")])}
    prefix = ""
    if memory_bytes is not None:
        limits = f"({memory_bytes}, {memory_bytes})"
        prefix = f"import resource; resource.setrlimit(resource.RLIMIT_AS, {limits})\n"
    done = subprocess.run(
        [sys.executable, "-c", prefix + textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=limit_seconds,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout
