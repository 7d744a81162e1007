"""Batch workers and the per-document time budget (issue 14, items 4, 7 and 11).

A worker that dies costs only a document that itself stops workers (twice, checked alone);
a document over its time budget becomes an error entry and the batch goes on; workers end
with the batch's process however it ends.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from qa import pipeline
from qa.config import Config, parse_config
from qa.document import Document, Text
from qa.errors import ConfigError
from qa.io.inputs import BatchItem

needs_fork = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="needs fork to hand patched code to workers"
)


def _items(count: int) -> list[BatchItem]:
    items = []
    for index in range(count):
        hyp = Text(f"Minister Nikolai Nikiforov visited plant {index} on Monday.\n", "en")
        ref = Text(f"Minister Nikolai Nikiforov visited factory {index} on Monday.\n", "en")
        doc = Document(id=f"d{index}", hyp=hyp, refs=[ref])
        items.append(BatchItem(id=doc.id, origin=doc.id, document=doc, error=None))
    return items


def _patch_check(monkeypatch: pytest.MonkeyPatch, misbehave: dict[str, object]) -> None:
    """Checker.check runs `misbehave[doc.id]()` first, in a worker process only."""
    original = pipeline.Checker.check

    def check(self: pipeline.Checker, doc: Document):  # type: ignore[no-untyped-def]
        action = misbehave.get(doc.id)
        if action is not None and multiprocessing.parent_process() is not None:
            action()  # type: ignore[operator]
        return original(self, doc)

    monkeypatch.setattr(pipeline.Checker, "check", check)
    monkeypatch.setattr(pipeline, "_fork_context", lambda: multiprocessing.get_context("fork"))


def _warm(items: list[BatchItem]) -> None:
    """Load the lexicons in this process first (a cold cache builds them for seconds), so that
    a short time budget measures the checking only."""
    assert items[0].document is not None
    pipeline.Checker(Config(no_model=True)).check(items[0].document)


def _statuses(results: list) -> dict[str, str]:  # type: ignore[type-arg]
    return {r.id: r.status for r in results}


@needs_fork
def test_only_the_document_that_kills_its_worker_is_lost(monkeypatch: pytest.MonkeyPatch) -> None:
    items = _items(24)
    _patch_check(monkeypatch, {"d5": lambda: os.kill(os.getpid(), signal.SIGKILL)})
    results = list(pipeline.check_stream(iter(items), Config(no_model=True, jobs=2), 2))
    assert [r.id for r in results] == [i.id for i in items]
    lost = {r.id: r.error for r in results if r.status != "checked"}
    assert list(lost) == ["d5"]
    assert "stopped twice while checking this document alone" in (lost["d5"] or "")


@needs_fork
def test_a_worker_killed_once_costs_no_document(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    marker = tmp_path / "killed-once"

    def kill_once() -> None:
        if not marker.exists():
            marker.write_text("x")
            os.kill(os.getpid(), signal.SIGKILL)

    _patch_check(monkeypatch, {"d3": kill_once})
    results = list(pipeline.check_stream(iter(_items(12)), Config(no_model=True, jobs=2), 2))
    assert marker.exists()
    assert set(_statuses(results).values()) == {"checked"}


def _hang_on_d1(monkeypatch: pytest.MonkeyPatch) -> list[BatchItem]:
    """Three warm documents, the second of which hangs in Python code."""
    original = pipeline.Checker.check

    def check(self: pipeline.Checker, doc: Document):  # type: ignore[no-untyped-def]
        if doc.id == "d1":
            while True:  # a hang in Python code
                pass
        return original(self, doc)

    items = _items(3)
    _warm(items)
    monkeypatch.setattr(pipeline.Checker, "check", check)
    return items


def test_a_document_over_its_time_budget_is_an_error_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    items = _hang_on_d1(monkeypatch)
    results = list(pipeline.check_stream(iter(items), Config(no_model=True, document_timeout=2), 1))
    assert _statuses(results) == {"d0": "checked", "d1": "error", "d2": "checked"}
    assert "time budget of 2 s" in (results[1].error or "")


@needs_fork
def test_a_worker_stuck_where_the_alarm_cannot_reach_is_replaced(monkeypatch: pytest.MonkeyPatch) -> None:
    def stuck() -> None:  # as in C code that never returns to the interpreter
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(3600)

    items = _items(8)
    _warm(items)
    _patch_check(monkeypatch, {"d2": stuck})
    monkeypatch.setattr(pipeline, "STALL_GRACE", 1.0)
    config = Config(no_model=True, jobs=2, document_timeout=2)
    results = list(pipeline.check_stream(iter(items), config, 2))
    assert [r.id for r in results] == [f"d{i}" for i in range(8)]
    lost = {r.id: r.error for r in results if r.status != "checked"}
    assert list(lost) == ["d2"]
    assert "time budget" in (lost["d2"] or "") and "worker was stopped" in (lost["d2"] or "")


def test_the_time_budget_is_configurable_and_validated() -> None:
    assert Config().document_timeout > 0
    assert parse_config({"document-timeout": 30}, "qa.toml").document_timeout == 30.0
    assert parse_config({"document-timeout": 0}, "qa.toml").document_timeout == 0.0
    for bad in (-1, float("nan"), float("inf"), "60", True):
        with pytest.raises(ConfigError):
            parse_config({"document-timeout": bad}, "qa.toml")


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            found += [int(c) for c in (task / "children").read_text().split()]
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")  # a zombie has ended; only its entry waits to be reaped


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads /proc (Linux)")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_workers_end_with_the_batch_process(sig: int, tmp_path: Path) -> None:
    manifest = tmp_path / "batch.jsonl"
    sentence = "Minister Nikolai Nikiforov said the plant in Kazan would open on 3 March. "
    with manifest.open("w") as out:
        for index in range(400):
            text = sentence * 40 + f"Item {index}."
            ref = text.replace("plant", "factory")
            out.write(json.dumps({"id": f"d{index}", "hyp": text, "ref": ref}) + "\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([os.getcwd(), os.environ.get("PYTHONPATH", "")])}
    command = [sys.executable, "-m", "qa", "batch", str(manifest), "--jobs", "2", "--no-model"]
    command += ["-f", "json", "-o", str(tmp_path / "out.json")]
    process = subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 120
        while len(workers) < 2 and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.1)
            workers = _children(process.pid)
        assert len(workers) >= 2, "the batch never started its workers"
        process.send_signal(sig)
        process.wait(timeout=60)
        deadline = time.monotonic() + 30
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [w for w in workers if _alive(w)], "workers outlived the batch process"
        assert process.returncode == -sig  # ended by the signal, as without workers
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        for worker in workers:  # never leave a test's processes behind, even when it fails
            if _alive(worker):
                os.kill(worker, signal.SIGKILL)


@needs_fork
def test_a_pool_that_breaks_while_chunks_are_submitted_costs_no_document(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A worker can die between two submissions: the pool then refuses new work at submit()
    # itself (seen under load as a BrokenProcessPool escaping the batch).
    from concurrent.futures.process import BrokenProcessPool

    original = pipeline._PoolRun._pool
    refused: list[int] = []

    def pool(self: pipeline._PoolRun):  # type: ignore[no-untyped-def]
        real = original(self)
        if refused:
            return real

        class Refusing:
            def submit(self, *args: object, **kwargs: object) -> object:
                refused.append(1)
                raise BrokenProcessPool("a child process terminated abruptly")

        return Refusing()

    monkeypatch.setattr(pipeline._PoolRun, "_pool", pool)
    monkeypatch.setattr(pipeline, "_fork_context", lambda: multiprocessing.get_context("fork"))
    results = list(pipeline.check_stream(iter(_items(8)), Config(no_model=True, jobs=2), 2))
    assert refused
    assert set(_statuses(results).values()) == {"checked"}
    assert [r.id for r in results] == [f"d{i}" for i in range(8)]


def test_the_time_budget_stops_a_document_off_the_main_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where Dask tasks and `qa serve` check (not the main thread), SIGALRM cannot reach: the
    budget still ends the hung document, and the others on that thread are checked."""
    items = _hang_on_d1(monkeypatch)
    config = Config(no_model=True, document_timeout=2)
    out: list[list] = []  # type: ignore[type-arg]
    thread = threading.Thread(
        target=lambda: out.append(list(pipeline.check_stream(iter(items), config, 1))), daemon=True
    )
    thread.start()
    thread.join(60)
    assert not thread.is_alive() and out
    assert _statuses(out[0]) == {"d0": "checked", "d1": "error", "d2": "checked"}
    assert "time budget of 2 s" in (out[0][1].error or "")


def test_a_budget_that_has_not_expired_leaves_the_thread_alone() -> None:
    """The timer cannot fire once its block is over: nothing lands in later code."""
    caught: list[BaseException] = []

    def run() -> None:
        try:
            for _ in range(50):
                with pipeline.time_budget(0.01):
                    pass
            time.sleep(0.1)  # past every timer: none may raise here
        except BaseException as exc:
            caught.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(30)
    assert caught == []
