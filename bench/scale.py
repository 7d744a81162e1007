"""`qa batch` on Dask: throughput with 1 and 2 workers, the cost of a chunk, and whether a
cluster's report equals a local run's.

    python bench/scale.py [--documents N] [--workers 1,2] [--no-model] [--chunk N]
    python bench/scale.py --identity 1000 [--no-model]

Throughput: N one-segment documents (WMT22 ru-en MT outputs with reference and Russian
source, built as `bench/speed.py --documents` builds them) are read once, then checked on a
`distributed.LocalCluster` of W worker processes (one thread each) through `qa.distributed.DaskRun`,
the code `qa batch --scheduler` runs. Each cluster is warmed first (every worker builds its
`Checker` and loads models on a warm-up batch), so the figure is the steady rate an archive
audit sees, not start-up. Overhead per chunk: chunks of one document that cannot be read (an
error entry, no checking) measure what a task costs the scheduler, the driver and the wire,
streamed (the window of `qa batch`) and one round trip at a time.

Identity: `qa batch` on N documents with `--jobs 2` and with `--scheduler local:2`, both
`--format json`, compared byte for byte (the command a user runs, in child processes).

The machine is shared: the load average is printed with every figure.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import pickle
import platform
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from speed import OUT, build_document_manifest  # noqa: E402


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.2f}/{five:.2f}"


def _cpu(pids: list[int]) -> float:
    """CPU seconds (user + system) the processes have used."""
    import psutil

    return sum(sum(psutil.Process(pid).cpu_times()[:2]) for pid in pids)


def items_of(manifest: Path) -> list:
    """The batch's items, read as the driver reads them (its own rate printed: it feeds every worker)."""
    from qa.io.inputs import iter_batch

    start = time.perf_counter()
    items = list(iter_batch(str(manifest)))
    seconds = time.perf_counter() - start
    print(f"  driver reads {len(items) / seconds:.0f} documents/s ({load()})")
    return items


def rate(items: list, workers: int, no_model: bool, chunk: int) -> tuple[float, float]:
    """Documents a second on a LocalCluster of `workers`, after a warm-up; and the overhead of
    a chunk (seconds) measured on the same cluster."""
    from distributed import Client, LocalCluster

    from qa.batch_index import NameIndex, NameTable
    from qa.config import Config
    from qa.distributed import DaskRun
    from qa.io.inputs import BatchItem
    from qa.pipeline import Checker

    config = Config(no_model=no_model)
    with (
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            silence_logs=50,
            env={"QA_THREADS": "1"},
        ) as cluster,
        Client(cluster) as client,
    ):
        run = DaskRun(client, "bench", config, keep_alignment=False)
        warm = items[: chunk * workers * 2]
        for _ in run.run(warm, chunk):  # every worker builds its Checker, loads its models
            pass
        pids = list(client.run(os.getpid).values())
        before, cpu_before = load(), _cpu(pids)
        start, driver_before = time.perf_counter(), time.process_time()
        count, index = 0, NameIndex()
        for results, part in run.run(items, chunk):
            count += len(results)
            if part is not None:
                index.merge(part)
        seconds = time.perf_counter() - start
        driver = (time.process_time() - driver_before) / count
        worker = (_cpu(pids) - cpu_before) / count
        print(
            f"  {workers} worker(s): {count} documents in {seconds:.1f} s = "
            f"{count / seconds:.1f} documents/s "
            f"({before} before, {load()} after)"
        )
        # CPU time depends far less than wall time on what else the machine runs: with this
        # machine's cores idle, each worker (one thread) and the cores (shared with the driver
        # and scheduler) cap the rate.
        cores = os.cpu_count() or 1
        bound = min(workers / worker, cores / (worker + driver))
        print(
            f"  CPU a document: workers {worker * 1000:.2f} ms, driver and scheduler {driver * 1000:.2f} ms; "
            f"{cores} idle cores would allow at most {bound:.0f} documents/s"
        )
        start = time.perf_counter()
        table = NameTable.of(index)
        decided = table.decide(Checker(config).context)
        deciding = time.perf_counter() - start
        mentions = sum(len(found) for _, found in index.mentions)
        print(
            f"  N105: name table {len(pickle.dumps(table))} bytes pickled for {len(table.rows)} distinct "
            f"full names ({mentions} mentions, {len(pickle.dumps(index))} bytes as per-document mentions), "
            f"decided in {deciding:.2f} s ({len(decided)} minority spellings)"
        )
        empty = [BatchItem(f"e{i}", "bench", None, "unreadable") for i in range(400)]
        start = time.perf_counter()
        for _ in run.run(empty, 1):
            pass
        streamed = (time.perf_counter() - start) / len(empty)
        start = time.perf_counter()
        for item in empty[:100]:
            for _ in run.run([item], 1):
                pass
        round_trip = (time.perf_counter() - start) / 100
        print(
            f"  overhead a chunk: {streamed * 1000:.2f} ms streamed, {round_trip * 1000:.2f} ms a round trip "
            f"({load()})"
        )
    return count / seconds, streamed


def local_rate(items: list, no_model: bool) -> float:
    """Documents a second in this one process (`qa batch --jobs 1`'s loop), after a warm-up:
    the rate a Dask worker's is compared with."""
    from qa.config import Config
    from qa.pipeline import Checker, check_stream, finish
    from qa.report.jsonl import JsonlRenderer

    config = Config(no_model=no_model)
    checker = Checker(config)
    for _ in check_stream(items[:32], config, 1, checker, keep_alignment=False):
        pass
    before, start = load(), time.perf_counter()
    results = list(check_stream(items, config, 1, checker, keep_alignment=False))
    seconds = time.perf_counter() - start
    print(f"  local, one process: {len(results) / seconds:.1f} documents/s ({before} before, {load()} after)")
    # What the driver does with every result at the end (N105, verdicts, the JSONL lines).
    start = time.perf_counter()
    report = finish(results, config, checker)
    for _ in JsonlRenderer().lines(report.documents, report.tool_version):
        pass
    finishing = len(results) / (time.perf_counter() - start)
    print(f"  driver finishes and writes {finishing:.0f} documents/s ({load()})")
    return len(results) / seconds


def identity(documents: int, no_model: bool) -> None:
    manifest, _, _ = build_document_manifest(documents)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    outputs = []
    for name, extra in (("local", ["--jobs", "2"]), ("dask", ["--scheduler", "local:2"])):
        out = OUT / f"scale-identity-{name}.json"
        command = [sys.executable, "-m", "qa", "batch", str(manifest), "-f", "json", "-o", str(out), *extra]
        command += ["--no-model"] if no_model else []
        before, start = load(), time.perf_counter()
        code = subprocess.run(command, env=env, cwd=REPO).returncode
        print(f"  {name}: exit {code}, {time.perf_counter() - start:.1f} s ({before} before, {load()} after)")
        outputs.append(out)
    same = filecmp.cmp(outputs[0], outputs[1], shallow=False)
    print(
        f"identity on {documents} documents{' --no-model' if no_model else ''}: "
        f"{'SAME' if same else 'DIFFERENT'} bytes"
    )
    if not same:
        raise SystemExit(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--no-model", action="store_true")
    parser.add_argument("--chunk", type=int, default=None, help="documents a chunk (default: qa's)")
    parser.add_argument("--identity", type=int, default=0, help="compare reports on N documents instead")
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    if args.identity:
        identity(args.identity, args.no_model)
        return
    from qa.distributed import CHUNK_DOCUMENTS, CHUNK_DOCUMENTS_NO_MODEL

    chunk = args.chunk or (CHUNK_DOCUMENTS_NO_MODEL if args.no_model else CHUNK_DOCUMENTS)
    manifest, _, _ = build_document_manifest(args.documents)
    items = items_of(manifest)
    print(
        f"{len(items)} one-segment documents, chunks of {chunk}, "
        f"{'--no-model' if args.no_model else 'full check'}"
    )
    local_rate(items, args.no_model)
    rates = {w: rate(items, w, args.no_model, chunk)[0] for w in (int(x) for x in args.workers.split(","))}
    if 1 in rates and 2 in rates:
        print(f"2 workers / 1 worker: {rates[2] / rates[1]:.2f}x")


if __name__ == "__main__":
    main()
