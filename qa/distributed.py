"""`qa batch --scheduler`: the batch's chunks checked on a Dask cluster, results in input order.

The driver (the `qa batch` process) reads the inputs, sends documents in chunks of
`CHUNK_DOCUMENTS` (`CHUNK_DOCUMENTS_NO_MODEL` under `--no-model`) to the cluster, keeps a
bounded window of chunks in flight, and hands the results on in input order to the same
`finish` and report writers as a local run, so the report is the same byte for byte. Each
worker process builds one `Checker` per configuration (keyed by a digest of it) on its first
chunk and keeps it: models and lexicons are loaded once a worker, not once a chunk. With the
chunk's results comes its `NameIndex` (N105 across the batch, `qa.batch_index`), so the driver
never needs to keep every document's name analyses.

Faults: a worker that dies mid-chunk costs nothing, the scheduler gives the chunk to another
worker (Dask's own retry); a chunk that kills workers `allowed-failures` times is split and
each document checked alone, so that only a document that itself kills its worker becomes an
error entry; a document that raises in a check is an error entry on the worker already
(`Checker.check_item`). A scheduler that goes away ends the run with `SchedulerLost` (exit 2).

A worker runs one chunk at a time (a lock per process): start workers with one thread each
(`dask worker --nthreads 1`, as `local:N` does) and as many as there are cores. A Dask task
runs on a worker thread, not the main one, so the per-document time budget (`--timeout`) comes
from a timer thread there rather than SIGALRM (`qa.pipeline.time_budget`): a document over it
is the same error entry as in a local run, and the worker goes on with the chunk.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import pickle
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any

from qa import __version__
from qa.batch_index import NameIndex, forget_mentions
from qa.chunking import chunks, fill_window
from qa.config import Config
from qa.document import DocumentResult
from qa.errors import QaError
from qa.io.inputs import BatchItem

INSTALL_HINT = "pip install 'qa-news[dask]'  (dask, distributed and fsspec)"
# Documents a task checks: ~0.35 s of work either way, against 4-14 ms a task costs the
# scheduler, the driver and the wire (bench/RESULTS.md, "Dask"); 16 is also the number of
# documents whose sentences the encoders batch together (`qa.pipeline.warm_encoders`).
CHUNK_DOCUMENTS = 16
CHUNK_DOCUMENTS_NO_MODEL = 64
IN_FLIGHT_PER_WORKER = 3  # chunks queued per worker thread: none idles while the driver waits
CONNECT_TIMEOUT = "20s"
WORKER_DIED = (
    "a worker process stopped each time it checked this document alone (killed, out of memory?); not checked"
)


class SchedulerLost(QaError):
    """The scheduler cannot be reached (never was, or went away mid-run)."""


class NoDask(QaError):
    """`--scheduler` without the `qa[dask]` extra installed."""


def require_dask() -> None:
    """Raise `NoDask` (exit 2, with the install hint) unless dask and distributed import."""
    try:
        import dask  # noqa: F401
        import distributed  # noqa: F401
    except ImportError as exc:
        raise NoDask(f"--scheduler needs the Dask extra ({exc.name} is missing): {INSTALL_HINT}") from None


def config_digest(config: Config) -> str:
    """What makes two runs' results the same: the configuration (less how it runs: jobs,
    scheduler) and the qa version. Workers key their `Checker` by it."""
    stable = replace(config, jobs=1, scheduler=None)
    return hashlib.sha256(pickle.dumps((__version__, stable), protocol=4)).hexdigest()


# --- the worker side ---------------------------------------------------------------------

_CHECKERS: dict[str, Any] = {}  # config digest -> Checker, one per worker process
_CHECK_LOCK = threading.Lock()  # one chunk at a time in a process (Checker caches are not locked)


def _checker(config: Config, digest: str) -> Any:
    from qa.pipeline import Checker

    checker = _CHECKERS.get(digest)
    if checker is None:
        _CHECKERS.clear()  # a new configuration: the old models and caches can go
        checker = _CHECKERS[digest] = Checker(config)
    return checker


class VersionMismatch(QaError):
    """A worker runs another version of qa than the driver: its results could differ."""


def check_chunk(
    items: list[BatchItem], config: Config, digest: str, keep_alignment: bool, version: str
) -> tuple[list[DocumentResult], NameIndex | None]:
    """A Dask task: check a chunk on this worker; its results and their N105 index."""
    if version != __version__:
        raise VersionMismatch(f"a worker runs qa {__version__}, this run is qa {version}")
    with _CHECK_LOCK:
        checker = _checker(config, digest)
        results = checker.check_items(items)
        index = None
        if any(check.name == "names" for check in checker.checks):
            index = NameIndex.of(results, checker.context)
            forget_mentions(results, checker.context)
    if not keep_alignment:
        for result in results:
            # The driver holds the documents already (it sent them): only what checking
            # found travels back, not the texts again with their sentences and caches.
            result.aligned = result.document = None
    return results, index


# --- the driver side ---------------------------------------------------------------------


def _parse(address: str) -> int | None:
    """N for "local:N", None for the address of a running scheduler."""
    count = address.removeprefix("local:")
    return int(count) if count != address else None


@contextlib.contextmanager
def connect(address: str) -> Iterator[Any]:
    """A `distributed.Client` on `address` (a LocalCluster for "local:N"), closed afterwards."""
    require_dask()
    import dask
    from distributed import Client, LocalCluster

    workers = _parse(address)
    with contextlib.ExitStack() as stack:
        # Worker logs ("worker died, restarting") are the cluster's business, not the report's.
        stack.enter_context(dask.config.set({"distributed.admin.system-monitor.gil.enabled": False}))
        stack.enter_context(_quiet("distributed"))
        try:
            if workers is not None:
                cluster = stack.enter_context(
                    LocalCluster(
                        n_workers=workers,
                        threads_per_worker=1,
                        processes=True,
                        dashboard_address=":0",
                        silence_logs=logging.CRITICAL,
                        env={"QA_THREADS": os.environ.get("QA_THREADS", "1")},  # one core a worker
                    )
                )
                client = stack.enter_context(Client(cluster, timeout=CONNECT_TIMEOUT))
            else:
                client = stack.enter_context(Client(address, timeout=CONNECT_TIMEOUT))
        except (OSError, TimeoutError) as exc:
            raise SchedulerLost(f"cannot connect to the scheduler {address}: {exc}") from None
        yield client


@contextlib.contextmanager
def _quiet(name: str) -> Iterator[None]:
    """The cluster's own log (reconnection attempts with their tracebacks, worker restarts) is
    kept off stderr: a lost scheduler is the run's one-line error, not pages of log."""
    logger = logging.getLogger(name)
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        logger.setLevel(level)


def _threads(client: Any) -> int:
    try:
        return max(1, sum(client.nthreads().values()))
    except Exception:
        return 1


class DaskRun:
    """Chunks submitted to the cluster, their results collected in input order."""

    def __init__(self, client: Any, address: str, config: Config, keep_alignment: bool) -> None:
        self.client, self.address, self.config = client, address, config
        self.keep_alignment = keep_alignment
        self.digest = config_digest(config)
        self.window = _threads(client) * IN_FLIGHT_PER_WORKER

    def _submit(self, chunk: list[BatchItem]) -> Any:
        try:
            return self.client.submit(
                check_chunk, chunk, self.config, self.digest, self.keep_alignment, __version__, pure=False
            )
        except Exception as exc:  # the client lost its scheduler
            raise self._lost(exc) from None

    def _lost(self, exc: BaseException) -> SchedulerLost:
        return SchedulerLost(f"lost the scheduler {self.address}: {type(exc).__name__}: {exc}")

    def _outcome(self, future: Any, chunk: list[BatchItem]) -> tuple[list[DocumentResult], NameIndex | None]:
        """The chunk's results; its documents one at a time when the chunk killed its workers."""
        from concurrent.futures import CancelledError

        from distributed import KilledWorker

        try:
            results, index = future.result()
        except KilledWorker:
            return self._alone(chunk)
        except VersionMismatch:
            raise
        except (CancelledError, OSError, TimeoutError) as exc:
            raise self._lost(exc) from None
        except Exception as exc:  # a worker that cannot run qa (not installed, broken): the run's error
            if _connection_error(exc):
                raise self._lost(exc) from None
            raise QaError(
                f"the cluster at {self.address} failed a chunk: {type(exc).__name__}: {exc}"
            ) from None
        finally:
            future.release()
        return self._with_documents(results, chunk), index

    def _with_documents(self, results: list[DocumentResult], chunk: list[BatchItem]) -> list[DocumentResult]:
        """Each result gets back its document (`check_chunk` leaves it out: the driver has it)."""
        if not self.keep_alignment:
            for result, item in zip(results, chunk, strict=True):
                result.document = item.document if result.status == "checked" else None
        return results

    def _alone(self, chunk: list[BatchItem]) -> tuple[list[DocumentResult], NameIndex | None]:
        from distributed import KilledWorker

        results: list[DocumentResult] = []
        index: NameIndex | None = None
        for item in chunk:
            future = self._submit([item])
            try:
                done, part = self._outcome_once(future)
                done = self._with_documents(done, [item])
            except KilledWorker:
                done = [DocumentResult(id=item.id, status="error", error=WORKER_DIED, source=item.origin)]
                part = None
            results.extend(done)
            if part is not None:
                index = part if index is None else _merged(index, part)
        return results, index

    def _outcome_once(self, future: Any) -> tuple[list[DocumentResult], NameIndex | None]:
        from concurrent.futures import CancelledError

        try:
            return future.result()
        except (CancelledError, OSError, TimeoutError) as exc:
            raise self._lost(exc) from None
        finally:
            future.release()

    def run(
        self, items: Iterable[BatchItem], size: int | None = None
    ) -> Iterator[tuple[list[DocumentResult], NameIndex | None]]:
        """Each chunk's results and N105 index, in input order."""
        default = CHUNK_DOCUMENTS_NO_MODEL if self.config.no_model else CHUNK_DOCUMENTS
        source = chunks(items, size or default)
        pending: deque[tuple[Any, list[BatchItem]]] = deque()
        while True:
            fill_window(pending, source, self.window, self._submit)
            if not pending:
                return
            future, chunk = pending.popleft()
            yield self._outcome(future, chunk)


def _merged(first: NameIndex, second: NameIndex) -> NameIndex:
    first.merge(second)
    return first


def _connection_error(exc: BaseException) -> bool:
    from distributed.comm.core import CommClosedError

    return isinstance(exc, CommClosedError)


def check_on_cluster(
    items: Iterable[BatchItem], config: Config, client: Any, address: str, keep_alignment: bool
) -> tuple[list[DocumentResult], NameIndex]:
    """Every result in input order, and the batch's merged N105 index."""
    run = DaskRun(client, address, config, keep_alignment)
    results: list[DocumentResult] = []
    index = NameIndex()
    for chunk_results, part in run.run(items):
        results.extend(chunk_results)
        if part is not None:
            index.merge(part)
    return results, index


def batch_report(items: Iterable[BatchItem], config: Config, keep_alignment: bool) -> Any:
    """`qa batch --scheduler`: the `Report` of a batch checked on the cluster `config.scheduler`."""
    from qa.batch_index import across_from
    from qa.pipeline import Checker, finish

    assert config.scheduler is not None
    with connect(config.scheduler) as client:
        results, index = check_on_cluster(items, config, client, config.scheduler, keep_alignment)
    checker = Checker(config)
    return finish(results, config, checker, across_from(index.issues(checker.context)))
