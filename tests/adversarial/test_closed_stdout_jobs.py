"""Issue 14, item 16: `qa batch ... | head` and a closed stdout keep the gate's exit code
without a traceback; --jobs is bounded."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cli_run import BAD, GOOD
from typer.testing import CliRunner

from qa.cli import app

runner = CliRunner()


def make_batch(folder: Path, hyp: str, documents: int = 3) -> Path:
    folder.mkdir()
    for index in range(documents):
        (folder / f"d{index}.hyp.txt").write_text(hyp, encoding="utf-8")
        (folder / f"d{index}.ref.txt").write_text(GOOD, encoding="utf-8")
    return folder


def run_with_stdout(args: list[str], how: str) -> subprocess.CompletedProcess[bytes]:
    """`broken`: a pipe whose reader has gone (as after `| head`); `closed`: no descriptor 1."""
    command = [sys.executable, "-m", "qa", *args]
    if how == "closed":
        return subprocess.run(
            command, stderr=subprocess.PIPE, preexec_fn=lambda: os.close(1), timeout=120, check=False
        )
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run(command, stdout=write_end, stderr=subprocess.PIPE, timeout=120, check=False)
    finally:
        os.close(write_end)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX pipes")
@pytest.mark.parametrize("how", ["broken", "closed"])
@pytest.mark.parametrize(("hyp", "gate"), [(GOOD, 0), (BAD, 1)])
def test_gone_stdout_keeps_the_gate_exit_code(tmp_path: Path, how: str, hyp: str, gate: int) -> None:
    folder = make_batch(tmp_path / "docs", hyp)
    done = run_with_stdout(["batch", str(folder), "--no-model", "-f", "json"], how)
    assert done.returncode == gate, done.stderr
    assert b"Traceback" not in done.stderr and b"Exception ignored" not in done.stderr, done.stderr


def test_jobs_capped_at_available_cpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--jobs 100000 must not fork 100000 workers: the pipeline gets at most one a CPU (or 2)."""
    folder = make_batch(tmp_path / "docs", GOOD, documents=2)
    seen: list[int] = []
    import qa.pipeline

    def record(items: object, config: object, jobs: int = 1, *args: object, **kwargs: object) -> list[object]:
        seen.append(jobs)
        return []

    monkeypatch.setattr(qa.pipeline, "check_stream", record)
    runner.invoke(app, ["batch", str(folder), "--no-model", "--jobs", "100000"])
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    assert seen and 1 <= seen[0] <= max(2, cpus)


def test_jobs_help_says_it_is_bounded() -> None:
    result = runner.invoke(app, ["batch", "--help"])
    assert "CPU" in result.stdout


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX pipes")
@pytest.mark.parametrize("args", [["rules"], ["explain", "N101"]])
def test_listing_commands_into_a_closed_pipe_succeed(args: list[str]) -> None:
    done = run_with_stdout(args, "broken")
    assert done.returncode == 0 and b"Traceback" not in done.stderr, done.stderr
