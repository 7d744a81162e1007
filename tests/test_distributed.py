"""`qa batch --scheduler` on a real `distributed.LocalCluster` (2 worker processes), fsspec
inputs, `--output-dir` shards and their resumption, and the N105 index merged across workers.

One cluster serves the module (starting one costs seconds); the fault tests get their own,
with a worker plugin that makes chosen documents slow or fatal to their worker.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from qa.cli import app

distributed = pytest.importorskip("distributed")
fsspec = pytest.importorskip("fsspec")

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "corpora" / "example-batch.jsonl"
runner = CliRunner()

# N105 across documents: "Peskow" is the minority spelling, in the documents after the first chunk.
NAMES = [
    "Dmitry Peskov, the Kremlin spokesman, spoke to reporters on Monday.",
    "Dmitry Peskov said the talks would continue.",
    "Dmitry Peskow declined to comment on the report.",
    "Sergei Lavrov met his counterpart in Moscow.",
    "The weather was mild and nobody was named.",
]


def chunks_of(monkeypatch: pytest.MonkeyPatch, size: int) -> None:
    """Small chunks, so that a small batch spans several (with or without models)."""
    monkeypatch.setattr("qa.distributed.CHUNK_DOCUMENTS", size)
    monkeypatch.setattr("qa.distributed.CHUNK_DOCUMENTS_NO_MODEL", size)


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def manifest(path: Path, count: int, extra: list[str] | None = None) -> Path:
    lines = [
        json.dumps({"id": f"doc-{i:03d}", "hyp": NAMES[i % len(NAMES)] + f" Item {i}."}) for i in range(count)
    ]
    lines.insert(count // 2, "{not json")  # a line that is an error entry
    path.write_text("\n".join([*lines, *(extra or [])]) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=50
    ) as local:
        yield local.scheduler_address


def test_report_is_byte_identical_to_a_local_run(tmp_path: Path) -> None:
    """The example batch through `--scheduler local:2` (the CLI's own LocalCluster)."""
    local, remote = tmp_path / "local.json", tmp_path / "dask.json"
    code_local, _, err_local = run("batch", str(EXAMPLE), "--no-model", "-f", "json", "-o", str(local))
    code_dask, _, err = run(
        "batch", str(EXAMPLE), "--no-model", "-f", "json", "-o", str(remote), "--scheduler", "local:2"
    )
    assert (code_dask, err.replace(str(remote), "OUT")) == (code_local, err_local.replace(str(local), "OUT"))
    assert remote.read_bytes() == local.read_bytes()


def test_many_chunks_and_batch_n105_identical(
    tmp_path: Path, cluster: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Several chunks spread over both workers; N105 across documents of different chunks comes
    from the merged name index and equals the local run's."""
    chunks_of(monkeypatch, 4)
    batch = manifest(tmp_path / "b.jsonl", 23)
    local, remote = tmp_path / "local.json", tmp_path / "dask.json"
    run("batch", str(batch), "--no-model", "-f", "json", "-o", str(local))
    code, _, _ = run(
        "batch", str(batch), "--no-model", "-f", "json", "-o", str(remote), "--scheduler", cluster
    )
    assert code == 2  # the broken line is an error entry
    report = json.loads(remote.read_text())
    across = [d["id"] for d in report["documents"] if any(f["rule"] == "N105" for f in d["findings"])]
    assert len(across) >= 4, across  # the minority spelling, in documents of several chunks
    assert remote.read_bytes() == local.read_bytes()


def test_memory_urls(cluster: str, tmp_path: Path) -> None:
    """A manifest and its _path files in an fsspec file system; a _path may not leave its folder."""
    fs = fsspec.filesystem("memory")
    fs.pipe("/qa-test/texts/a.txt", NAMES[0].encode())
    fs.pipe("/qa-test/secret.txt", b"Outside the folder.")
    fs.pipe(
        "/qa-test/texts/m.jsonl",
        b'{"id": "a", "hyp_path": "a.txt"}\n{"id": "b", "hyp_path": "../secret.txt"}\n'
        b'{"id": "c", "hyp": "Dmitry Peskov spoke."}\n',
    )
    out = tmp_path / "r.json"
    code, _, err = run(
        "batch",
        "memory://qa-test/texts/m.jsonl",
        "--no-model",
        "-f",
        "json",
        "-o",
        str(out),
        "--scheduler",
        cluster,
    )
    assert code == 2
    docs = {d["id"]: d for d in json.loads(out.read_text())["documents"]}
    assert (
        docs["a"]["status"] == "checked"
        and docs["a"]["inputs"]["hyp"]["path"] == "memory://qa-test/texts/a.txt"
    )
    assert docs["b"]["status"] == "error" and "outside the manifest's folder" in docs["b"]["error"]["message"]
    assert docs["c"]["status"] == "checked"
    code, _, err = run("batch", "memory://qa-test/none.jsonl", "--no-model")
    assert code == 2 and "memory://qa-test/none.jsonl" in err and "no such file" in err


def _jsonl_documents(text: str) -> list[str]:
    return [line for line in text.splitlines() if not line.startswith('{"summary"')]


@pytest.mark.parametrize("on_cluster", [False, True])
def test_output_dir_shards_resume(
    tmp_path: Path, cluster: str, on_cluster: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Shards of 4 (chunks of 3 straddle them), a resumed rerun, one changed shard rechecked;
    the shards' documents are the one-report run's lines, N105 across shards included."""
    chunks_of(monkeypatch, 3)
    batch = manifest(tmp_path / "b.jsonl", 14)
    whole = tmp_path / "whole.jsonl"
    run("batch", str(batch), "--no-model", "-f", "jsonl", "-o", str(whole))
    out = tmp_path / "out"
    args = ["batch", str(batch), "--no-model", "--output-dir", str(out), "--shard-size", "4"]
    args += ["--scheduler", cluster] if on_cluster else []
    code, _, err = run(*args)
    assert code == 2 and "15 document(s) in 4 shard(s) (0 already done)" in err
    shards = sorted(out.glob("shard-*.jsonl"))
    lines = [line for shard in shards for line in _jsonl_documents(shard.read_text())]
    assert lines == _jsonl_documents(whole.read_text())
    summary = json.loads((out / "summary.json").read_text())
    assert summary["summary"] == json.loads(whole.read_text().splitlines()[-1])["summary"]
    assert [s["documents"] for s in summary["shards"]] == [4, 4, 4, 3]
    code, _, err = run(*args)
    assert "(4 already done)" in err
    assert [s.read_bytes() for s in sorted(out.glob("shard-*.jsonl"))] == [s.read_bytes() for s in shards]
    # One document changes: its shard alone is checked again.
    text = batch.read_text().replace("Item 13.", "Item thirteen.")
    batch.write_text(text)
    code, _, err = run(*args)
    assert "(3 already done)" in err
    code, _, err = run(*[a for a in args if a != "--no-model"])  # another configuration: all again
    assert "(0 already done)" in err


def test_without_dask_scheduler_exits_2_with_the_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # `import distributed` raises ImportError
    code, _, err = run("batch", str(EXAMPLE), "--no-model", "--scheduler", "local:2")
    assert code == 2
    assert "pip install 'qa-news[dask]'" in err and "Traceback" not in err


def test_bad_scheduler_addresses(tmp_path: Path) -> None:
    code, _, err = run("batch", str(EXAMPLE), "--no-model", "--scheduler", "local:0")
    assert code == 2 and "--scheduler" in err
    (tmp_path / "qa.toml").write_text('scheduler = "nowhere"\n')
    code, _, err = run("batch", str(EXAMPLE), "--no-model", "--config", str(tmp_path / "qa.toml"))
    assert code == 2 and "key 'scheduler'" in err


class _Sabotage(distributed.WorkerPlugin):  # type: ignore[misc]
    """A worker plugin (it runs on every worker, restarted ones too): chunks are slowed down,
    and a document whose hypothesis holds `fatal` ends its worker process."""

    name = "qa-test-sabotage"

    def __init__(self, delay: float, fatal: str | None) -> None:
        self.delay, self.fatal = delay, fatal

    def setup(self, worker: Any) -> None:
        from qa.pipeline import Checker

        original = Checker.check_items
        delay, fatal = self.delay, self.fatal

        def check_items(checker: Any, items: list[Any]) -> Any:
            time.sleep(delay)
            if fatal and any(i.document is not None and fatal in i.document.hyp.content for i in items):
                os._exit(1)
            return original(checker, items)

        Checker.check_items = check_items  # type: ignore[method-assign]

    def teardown(self, worker: Any) -> None:
        pass


@pytest.fixture
def fragile_cluster() -> Iterator[Any]:
    import cloudpickle
    import dask

    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # workers need not import tests/
    with (
        dask.config.set({"distributed.scheduler.allowed-failures": 1}),
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=50
        ) as local,
        distributed.Client(local) as client,
    ):
        yield client


def _pids(client: Any) -> list[int]:
    return list(client.run(os.getpid).values())


def test_worker_killed_mid_run_loses_nothing(
    tmp_path: Path, fragile_cluster: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker SIGKILLed while it holds a chunk: the chunk is checked elsewhere, every document
    is reported once, and the report equals the local one."""
    import signal

    chunks_of(monkeypatch, 2)
    fragile_cluster.register_plugin(_Sabotage(0.3, None))
    batch = manifest(tmp_path / "b.jsonl", 16)
    local, remote = tmp_path / "local.json", tmp_path / "dask.json"
    run("batch", str(batch), "--no-model", "-f", "json", "-o", str(local))
    victim = _pids(fragile_cluster)[0]
    killer = threading.Timer(1.0, os.kill, (victim, signal.SIGKILL))
    killer.start()
    try:
        code, _, err = run(
            "batch",
            str(batch),
            "--no-model",
            "-f",
            "json",
            "-o",
            str(remote),
            "--scheduler",
            fragile_cluster.scheduler.address,
        )
    finally:
        killer.cancel()
    assert victim not in _pids(fragile_cluster)  # it did die mid-run (and was restarted)
    assert code == 2 and "Traceback" not in err  # 2: the manifest's broken line
    assert remote.read_bytes() == local.read_bytes()


def test_document_that_kills_every_worker_is_an_error_entry(
    tmp_path: Path, fragile_cluster: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    chunks_of(monkeypatch, 3)
    fragile_cluster.register_plugin(_Sabotage(0.0, "POISON"))
    batch = manifest(tmp_path / "b.jsonl", 6, [json.dumps({"id": "poison", "hyp": "POISON pill."})])
    out = tmp_path / "r.json"
    code, _, _ = run(
        "batch",
        str(batch),
        "--no-model",
        "-f",
        "json",
        "-o",
        str(out),
        "--scheduler",
        fragile_cluster.scheduler.address,
    )
    assert code == 2
    docs = json.loads(out.read_text())["documents"]
    assert [d["id"] for d in docs] == [
        *(f"doc-{i:03d}" for i in range(3)),
        "line-4",
        *(f"doc-{i:03d}" for i in range(3, 6)),
        "poison",
    ]
    poisoned = docs[-1]
    assert poisoned["status"] == "error" and "worker process stopped" in poisoned["error"]["message"]
    assert all(d["status"] == "checked" for d in docs if d["id"].startswith("doc-"))


def test_scheduler_gone_exits_2_and_keeps_finished_shards(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cluster closes mid-run: exit 2 naming the scheduler; the shards checked before are
    kept, and a rerun (here without a cluster) skips them."""
    import cloudpickle

    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    chunks_of(monkeypatch, 2)
    monkeypatch.setattr("qa.distributed.CONNECT_TIMEOUT", "2s")
    batch = manifest(tmp_path / "b.jsonl", 19)
    out = tmp_path / "out"
    local = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=50
    )
    with distributed.Client(local) as client:
        client.register_plugin(_Sabotage(0.4, None))
    address = local.scheduler_address

    def close_after_the_first_shard() -> None:
        deadline = time.monotonic() + 60
        while not list(out.glob(".qa-shards/shard-*.index.pickle")) and time.monotonic() < deadline:
            time.sleep(0.05)
        local.close()

    closer = threading.Thread(target=close_after_the_first_shard)
    closer.start()
    try:
        code, _, err = run(
            "batch",
            str(batch),
            "--no-model",
            "--output-dir",
            str(out),
            "--shard-size",
            "2",
            "--scheduler",
            address,
        )
    finally:
        closer.join()
    assert code == 2 and f"lost the scheduler {address}" in err, err
    kept = len(list((out / ".qa-shards").glob("shard-*.index.pickle")))
    assert 0 < kept < 10
    code, _, err = run("batch", str(batch), "--no-model", "--output-dir", str(out), "--shard-size", "2")
    assert f"10 shard(s) ({kept} already done)" in err


def test_output_dir_refuses_a_report_file_and_a_url(tmp_path: Path) -> None:
    code, _, err = run("batch", str(EXAMPLE), "--no-model", "--output-dir", str(tmp_path), "-o", "x.json")
    assert code == 2 and "--output-dir writes its own reports" in err
    code, _, err = run("batch", str(EXAMPLE), "--no-model", "--output-dir", "memory://out")
    assert code == 2 and "must be a local folder" in err


def test_output_dir_kept_results_are_private_and_a_shared_state_is_refused(tmp_path: Path) -> None:
    """The kept results are pickles: their folder is the owner's alone, and one any user may
    write to is refused (exit 2, one line) rather than read."""
    out = tmp_path / "out"
    code, _, err = run("batch", str(EXAMPLE), "--no-model", "--output-dir", str(out))
    assert code in (0, 1), err
    state = out / ".qa-shards"
    assert state.stat().st_mode & 0o077 == 0
    state.chmod(0o777)
    code, _, err = run("batch", str(EXAMPLE), "--no-model", "--output-dir", str(out))
    assert code == 2 and "not safe to read: any user may write to it" in err
    assert len(err.strip().splitlines()) == 1


def test_scheduler_in_tool_qa() -> None:
    from qa.config import parse_config

    assert (
        parse_config({"scheduler": "tcp://10.0.0.5:8786"}, "pyproject.toml").scheduler
        == "tcp://10.0.0.5:8786"
    )
    assert parse_config({"scheduler": "local:4"}, "pyproject.toml").scheduler == "local:4"


@pytest.mark.slow
def test_report_with_models_is_byte_identical(tmp_path: Path) -> None:
    """The full check (encoders, fidelity) on two fresh workers gives the local report."""
    local, remote = tmp_path / "local.json", tmp_path / "dask.json"
    code_local, _, err_local = run("batch", str(EXAMPLE), "-f", "json", "-o", str(local))
    code_dask, _, err = run("batch", str(EXAMPLE), "-f", "json", "-o", str(remote), "--scheduler", "local:2")
    assert (code_dask, err.replace(str(remote), "OUT")) == (code_local, err_local.replace(str(local), "OUT"))
    assert remote.read_bytes() == local.read_bytes()


def test_a_worker_with_another_qa_version_refuses_the_chunk() -> None:
    from qa.config import Config
    from qa.distributed import VersionMismatch, check_chunk, config_digest

    config = Config(no_model=True)
    with pytest.raises(VersionMismatch, match=r"this run is qa 0\.0\.0-other"):
        check_chunk([], config, config_digest(config), False, "0.0.0-other")


def test_file_url_reads_what_the_path_reads(tmp_path: Path) -> None:
    from qa.io.inputs import iter_batch

    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "a.hyp.txt").write_text(NAMES[0], encoding="utf-8")
    (tmp_path / "texts" / "a.src.txt").write_text("Дмитрий Песков выступил.", encoding="utf-8")
    manifest_path = tmp_path / "m.jsonl"
    manifest_path.write_text('{"id": "a", "hyp_path": "texts/a.hyp.txt", "src_path": "texts/a.src.txt"}\n')
    [by_path] = iter_batch(str(manifest_path))
    [by_url] = iter_batch(manifest_path.as_uri())
    assert by_url.error is None and by_url.document is not None and by_path.document is not None
    assert by_url.document.hyp.content == by_path.document.hyp.content
    assert by_url.document.src is not None and by_path.document.src is not None
    assert (by_url.document.src.content, by_url.document.src.lang) == (by_path.document.src.content, "ru")
    assert by_url.document.hyp.path == (tmp_path / "texts" / "a.hyp.txt").as_uri()


class _Hang(distributed.WorkerPlugin):
    """On each worker, `Checker.check` loops forever (in Python) on a document with `marker`."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def setup(self, worker: Any) -> None:
        from qa.config import Config
        from qa.document import Document, Text
        from qa.pipeline import Checker

        # Load the lexicons before any budget runs (a cold worker builds them for seconds).
        warm = Document(id="warm", hyp=Text(NAMES[0] + "\n", "en"), refs=[Text(NAMES[1] + "\n", "en")])
        Checker(Config(no_model=True)).check(warm)
        original, marker = Checker.check, self.marker

        def check(checker: Any, doc: Any) -> Any:
            while marker in doc.hyp.content:
                pass
            return original(checker, doc)

        Checker.check = check  # type: ignore[method-assign]


def test_a_document_over_its_time_budget_is_an_error_entry_on_the_cluster(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Dask task runs off the main thread: the budget still ends the document there, and the
    chunk's other documents are checked (one worker, as `local:1`)."""
    import cloudpickle

    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    chunks_of(monkeypatch, 3)
    batch = manifest(tmp_path / "b.jsonl", 4, [json.dumps({"id": "hang", "hyp": "HANG forever."})])
    out = tmp_path / "r.json"
    with (
        distributed.LocalCluster(
            n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=50
        ) as local,
        distributed.Client(local) as client,
    ):
        client.register_plugin(_Hang("HANG"))
        code, _, err = run(
            "batch",
            str(batch),
            "--no-model",
            "-f",
            "json",
            "-o",
            str(out),
            "--timeout",
            "5",
            "--scheduler",
            local.scheduler_address,
        )
    assert code == 2 and "Traceback" not in err
    docs = {d["id"]: d for d in json.loads(out.read_text())["documents"]}
    assert docs["hang"]["status"] == "error"
    assert "time budget of 5 s" in docs["hang"]["error"]["message"]
    others = {name: d["status"] for name, d in docs.items() if name.startswith("doc-")}
    assert set(others.values()) == {"checked"}, [d.get("error") for d in docs.values()]
