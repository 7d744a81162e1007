"""What the adversarial CLI tests share: the command line run in process, and two versions of
one sentence, with the minister's name right and misspelt."""

from __future__ import annotations

from typer.testing import CliRunner

from qa.cli import app

GOOD = "The ministry said Nikolai Nikiforov was right.\n"
BAD = "The ministry said Nikolai Nikifrov was right.\n"

_runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    """`qa ARGS...` in process: exit code, stdout, stderr."""
    result = _runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr
