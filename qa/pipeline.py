"""The flow of one run: documents in, `Report` out, one direction.

    Document -> prepare (segment + align) -> metrics + checks -> scoring -> DocumentResult

`Checker.check` is the whole flow for one document; `check_stream` runs it over a batch, a
few documents at a time (with `jobs > 1` in worker processes, forked from a warm parent on
Linux so that models and lexicons are loaded once) and keeps input order; `finish` adds what
needs the whole batch (cross-document checks, baseline) and decides verdicts.
Nothing here prints: the CLI renders the `Report`.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import ctypes
import gc
import itertools
import multiprocessing
import multiprocessing.context
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from typing import Any

from qa import __version__
from qa.align import align, similarity_for
from qa.baseline import apply_baseline, load_baseline
from qa.checks import load_checks
from qa.checks.interface import Check, CheckContext
from qa.chunking import chunks, fill_window
from qa.config import Config
from qa.document import AlignedDocument, Alignment, Document, DocumentResult, Finding, Report, Text
from qa.errors import QaError
from qa.fidelity.detected import cap_detected_errors
from qa.io.inputs import BatchItem
from qa.metrics import load_metrics
from qa.metrics.interface import Metric
from qa.scoring import finalise


def configured(findings: Iterable[Finding], config: Config) -> list[Finding]:
    """Drop findings of disabled rules, apply severity overrides."""
    out = []
    for finding in findings:
        if not config.rule_enabled(finding.rule):
            continue
        override = config.severity.get(finding.rule)
        out.append(replace(finding, severity=override) if override else finding)
    return out


def deduplicated(findings: list[Finding]) -> list[Finding]:
    """One finding per span and category: the most severe, then the lowest rule code.

    Two checks may see the same problem from different evidence (the reference-free
    lexicon's N104 and the pivot's N101 on "Nikifrov"); the editor needs it once.
    """
    best: dict[tuple[int, int, str], Finding] = {}
    kept: list[Finding] = []
    for finding in findings:
        if finding.span is None:
            kept.append(finding)
            continue
        key = (finding.span.start, finding.span.end, finding.category)
        current = best.get(key)
        if current is None or (-finding.severity.rank, finding.rule) < (-current.severity.rank, current.rule):
            best[key] = finding
    return kept + list(best.values())


def prepare(doc: Document, config: Config) -> AlignedDocument:
    """Segment every text and align the hypothesis with each reference, the source and the pivot.

    A pivot with neither a source nor a reference stands in for the source (issue #12 item 6):
    its alignment goes where the source's goes, so that coverage, fidelity and the number check
    compare with what is there; `src_role` says which text it is.
    """
    use_model = not config.no_model
    hyp = doc.hyp

    def aligned_with(other: Text) -> Alignment:
        return align(hyp, other, similarity_for(hyp, other, use_model=use_model))

    ref_alignments = [aligned_with(ref) for ref in doc.refs]
    src_alignment = aligned_with(doc.src) if doc.src is not None else None
    pivot_alignment = aligned_with(doc.pivot) if doc.pivot is not None else None
    role = "source"
    if src_alignment is None and not ref_alignments and pivot_alignment is not None:
        src_alignment, role = pivot_alignment, "pivot"
    return AlignedDocument(
        doc=doc,
        ref_alignments=ref_alignments,
        src_alignment=src_alignment,
        pivot_alignment=pivot_alignment,
        src_role=role,
    )


CHUNK_DOCUMENTS = 16  # documents whose sentences are encoded together (see `warm_encoders`)
# A chunk (what one worker checks in one go, and the unit sent between processes) holds up to
# this many hypothesis characters, about 16 articles, and at most CHUNK_MAX_DOCUMENTS documents:
# a batch of one-sentence documents then travels in chunks of a few hundred, not one by one
# (every chunk costs a round trip between processes, a future and two pickles), and its
# sentences fill the encoders' batches as an article's do.
CHUNK_CHARACTERS = 32_000
CHUNK_MAX_DOCUMENTS = 256


def warm_encoders(docs: list[Document]) -> None:
    """Encode the sentences of several documents in one go, ahead of checking them.

    The English encoder batches only sentences of equal length (so that a sentence's vectors
    never depend on its batch); across a few documents those batches fill up, alone a
    document's sentences mostly run one at a time. What is encoded here waits in the encoders'
    caches for the alignment, the fidelity features and the coverage check.
    """
    from qa.fidelity.encode.embed import cross_lingual_encoder, english_encoder, load_encoders

    english: list[str] = []
    multilingual: list[str] = []
    for doc in docs:
        hyp = [s.text for s in doc.hyp.sentences]
        refs = [s.text for ref in doc.refs for s in ref.sentences]
        others = [s.text for text in (doc.src, doc.pivot) if text is not None for s in text.sentences]
        if refs:
            english += hyp + refs
        if others or refs:
            multilingual += hyp + refs + others
    # What the vector store (`qa check`'s re-runs) already holds needs no model loaded.
    english_pending = sorted(english_encoder().pending(sorted(set(english))).values()) if english else []
    use_pending = (
        sorted(cross_lingual_encoder().pending(sorted(set(multilingual))).values()) if multilingual else []
    )
    if english_pending or use_pending:
        load_encoders(english=bool(english_pending), cross_lingual=bool(use_pending))
    if english_pending:
        english_encoder().encode(english_pending)
    if use_pending:
        cross_lingual_encoder().encode(use_pending)
    if multilingual:
        from qa.fidelity.estimator import estimator_available

        if estimator_available():  # the fidelity estimator's encoder: same batching argument
            from qa.fidelity.encode.e5 import multilingual_encoder

            multilingual_encoder().encode(sorted(set(multilingual)))


class Checker:
    """Metrics and checks loaded once, applied to one document at a time."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.context = CheckContext(config=config)
        self.metrics: list[Metric] = [m for m in load_metrics() if not (m.neural and config.no_model)]
        self.checks: list[Check] = [
            c for c in load_checks() if any(config.rule_enabled(rule) for rule in c.rules)
        ]

    def check(self, doc: Document) -> DocumentResult:
        aligned = prepare(doc, self.config)
        result = DocumentResult(id=doc.id, status="checked", document=doc, aligned=aligned)
        for metric in self.metrics:
            scores = metric.score(aligned, self.config)
            result.scores.update(scores.scores)
            result.signatures.update(scores.signatures)
        for check in self.checks:
            result.findings.extend(configured(check.run(aligned, self.context), self.config))
        cap_detected_errors(result, self.config)
        result.findings = deduplicated(result.findings)
        return result

    def check_item(self, item: BatchItem) -> DocumentResult:
        """One batch item: a document that could not be read or checked becomes an error entry."""
        if item.document is None:
            return DocumentResult(id=item.id, status="error", error=item.error, source=item.origin)
        try:
            with time_budget(self.config.document_timeout):
                result = self.check(item.document)
        except DocumentTimeout:
            message = timeout_message(self.config.document_timeout)
            return DocumentResult(id=item.id, status="error", error=message, source=item.origin)
        except QaError as exc:
            return DocumentResult(id=item.id, status="error", error=str(exc), source=item.origin)
        except Exception as exc:  # a bug must cost one document, not the batch
            if os.environ.get("QA_DEBUG"):
                raise
            message = f"internal error while checking: {type(exc).__name__}: {exc}"
            return DocumentResult(id=item.id, status="error", error=message, source=item.origin)
        result.source = item.origin
        return result

    def check_items(self, items: list[BatchItem]) -> list[DocumentResult]:
        """Several batch items, their sentences encoded together first when models are on."""
        docs = [item.document for item in items if item.document is not None]
        if not self.config.no_model and docs:
            try:
                with time_budget(self.config.document_timeout):
                    warm_encoders(docs)
            except DocumentTimeout:  # a document too long to encode: each meets its own budget
                pass
            except Exception:  # only a speed-up: each document meets the problem and reports it
                if os.environ.get("QA_DEBUG"):
                    raise
        return [self.check_item(item) for item in items]


_worker: Checker | None = None


class DocumentTimeout(BaseException):
    """The time budget's alarm. A BaseException so that no `except Exception` inside a check
    swallows it and carries on with the document."""


def timeout_message(seconds: float) -> str:
    return (
        f"not checked: took longer than the time budget of {seconds:g} s a document "
        "(--timeout, [tool.qa] document-timeout)"
    )


@contextlib.contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise `DocumentTimeout` in the block after `seconds` (0: no budget).

    On a process's main thread, SIGALRM; on any other thread (a Dask task, `qa serve`'s
    checking thread), where no signal handler runs, a timer thread raises it in the block's
    thread (`PyThreadState_SetAsyncExc`). Either interrupts Python code; SIGALRM also stops
    the regular-expression engine, the timer waits for it (or any long call into C code) to
    return: a worker pool's parent stops such a worker (see `_PoolRun`).
    """
    if seconds <= 0:
        yield
        return
    if threading.current_thread() is not threading.main_thread():
        with _thread_budget(seconds):
            yield
        return
    if not hasattr(signal, "setitimer"):
        yield
        return

    def expired(signum: int, frame: object) -> None:
        raise DocumentTimeout

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous if previous is not None else signal.SIG_DFL)


@contextlib.contextmanager
def _thread_budget(seconds: float) -> Iterator[None]:
    """The budget off the main thread: a timer raises `DocumentTimeout` in this thread.

    The lock makes expiry and the block's end exclusive: once the block is over the timer can
    no longer fire, and an exception it set but that had not yet arrived is cleared and raised
    here instead, so that it never lands in whatever code the thread runs next.
    """
    target = ctypes.c_ulong(threading.get_ident())
    lock = threading.Lock()
    state = {"armed": True, "fired": False}

    def expire() -> None:
        with lock:
            if state["armed"]:
                state["fired"] = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(target, ctypes.py_object(DocumentTimeout))

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            state["armed"] = False
        timer.cancel()
        if state["fired"]:
            ctypes.pythonapi.PyThreadState_SetAsyncExc(target, None)  # not yet arrived: cleared
            raise DocumentTimeout


def load_shared_tables(checker: Checker) -> None:
    """Load the tables the checks otherwise load on the first document that needs each, before
    workers are forked: each worker would pay for them again (0.7-1.3 s of CPU a worker on
    one-sentence ru-en documents, most of it pypinyin's dictionaries) and hold its own copy
    instead of sharing the parent's pages. What a check reports is the same either way."""
    names = {check.name for check in checker.checks}
    if names & {"names", "chinese_names", "entities"}:
        import pypinyin  # noqa: F401 - its import reads its phrase and character tables

        from qa.names.word_frequency import zipfs

        zipfs("the")  # opens the word-frequency store
    if "names" in names:
        from qa.checks.names import engine_for
        from qa.names.matcher import _PART_TO_KIND, COMMON_MIN

        lexicon = engine_for(checker.context).lexicon
        for kind in sorted(set(_PART_TO_KIND.values())):  # the near-miss index of N104
            lexicon.neighbour_keys(kind, COMMON_MIN)
    if "numbers" in names:
        import qa.numbers.russian  # noqa: F401 - its tables are built at import


def _init_worker(config: Config) -> None:
    global _worker
    _worker = Checker(config)


def _init_forked_worker(threads: int) -> None:
    """A forked worker already holds the parent's warm `Checker`: only its threads change."""
    if threads > 1 and "torch" in sys.modules:
        from qa.fidelity.encode.embed import set_threads

        set_threads(threads)


PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
PARENT_POLL_SECONDS = 1.0


def _die_with_parent(parent: int) -> None:
    """A worker ends with the batch's process, however that ends (SIGTERM, SIGKILL, a crash).

    On Linux the kernel sends the worker SIGKILL when its parent dies (PR_SET_PDEATHSIG); a
    worker whose parent died before that was set ends at once, and everywhere a thread ends
    the worker when its parent process changes (the orphan was re-parented).
    """
    if sys.platform == "linux":
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_POLL_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="qa-parent-watch", daemon=True).start()


def _start_worker(parent: int, initializer: Callable[..., None], initargs: tuple[Any, ...]) -> None:
    # A forked worker inherits the parent's SIGTERM handler (which stops the pool): its own
    # SIGTERM just ends it.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent(parent)
    initializer(*initargs)


def _fork_context() -> multiprocessing.context.BaseContext | None:
    """Fork where it is safe: Linux, and torch not yet running threads in this process.

    Forked workers share the parent's loaded models and lexicons page by page instead of each
    loading its own copy (about 0.8 GB with the models), and start at once. OpenMP (torch's
    threads) does not survive a fork once its thread pool exists, hence the torch condition.
    """
    if sys.platform != "linux" or "fork" not in multiprocessing.get_all_start_methods():
        return None
    if "torch" in sys.modules:
        import torch

        if torch.get_num_threads() > 1:
            return None
    return multiprocessing.get_context("fork")


def _without_alignment(result: DocumentResult) -> DocumentResult:
    """Without the alignments, nor the texts' sentence splits (the alignments' part of them;
    recomputed the same if a renderer asks): half the bytes a one-sentence result travels in."""
    result.aligned = None
    document = result.document
    if document is not None:
        for text in (document.hyp, *document.refs, document.src, document.pivot):
            if text is not None:
                text.__dict__.pop("sentences", None)
    return result


def _without_alignments(results: list[DocumentResult], keep_alignment: bool) -> list[DocumentResult]:
    return results if keep_alignment else [_without_alignment(r) for r in results]


def _check_in_worker(items: list[BatchItem], keep_alignment: bool) -> list[DocumentResult]:
    assert _worker is not None
    return _without_alignments(_worker.check_items(items), keep_alignment)


WORKER_DIED = (
    "a worker process stopped twice while checking this document alone (killed, out of memory?); not checked"
)
ATTEMPTS = 2  # runs alone in a fresh worker before a document that stops its worker is an error
# Seconds a pool may go without finishing a chunk beyond the chunk's time budget before its
# workers are stopped: the alarm already ends a slow document, this is for one stuck in C code.
STALL_GRACE = 30.0


class _PoolBroken(Exception):
    """The pool lost a worker (died, or stopped by us for `reason`)."""

    def __init__(self, reason: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason


class _PoolRun:
    """Worker processes for one batch: they end with this process, a pool that loses a worker
    (killed, out of memory, stuck past its time budget) is replaced, and what it held is checked
    again, each document alone, so that only a document that itself stops a worker twice
    becomes an error entry."""

    def __init__(
        self,
        jobs: int,
        context: multiprocessing.context.BaseContext,
        initializer: Callable[..., None],
        initargs: tuple[Any, ...],
        config: Config,
        keep_alignment: bool,
    ) -> None:
        self.jobs, self.context, self.config, self.keep_alignment = jobs, context, config, keep_alignment
        self.initargs = (os.getpid(), initializer, initargs)
        self.pool: ProcessPoolExecutor | None = None

    def _pool(self) -> ProcessPoolExecutor:
        if self.pool is None:
            self.pool = ProcessPoolExecutor(
                self.jobs, mp_context=self.context, initializer=_start_worker, initargs=self.initargs
            )
        return self.pool

    def worker_pids(self) -> list[int]:
        """The pids of the current pool's workers (read without a lock: for a signal handler)."""
        try:
            return list((getattr(self.pool, "_processes", None) or {}).keys())
        except RuntimeError:  # the pool changed its processes meanwhile
            return []

    def kill(self) -> None:
        """Stop the workers now (what they hold is lost) and forget the pool."""
        pool, self.pool = self.pool, None
        if pool is None:
            return
        processes = list((getattr(pool, "_processes", None) or {}).values())
        for process in processes:
            with contextlib.suppress(Exception):
                process.kill()
        pool.shutdown(wait=True, cancel_futures=True)

    def close(self) -> None:
        pool, self.pool = self.pool, None
        if pool is not None:
            pool.shutdown(wait=True)

    def _stall_limit(self, documents: int) -> float | None:
        budget = self.config.document_timeout
        return (documents + 1) * budget + STALL_GRACE if budget > 0 else None

    def _submit(self, chunk: list[BatchItem]) -> Future[list[DocumentResult]]:
        """The chunk's future; if a worker died since the last submission (the pool refuses
        new work), a future that already failed, so that the chunk is checked again as any
        chunk the dead pool held."""
        try:
            return self._pool().submit(_check_in_worker, chunk, self.keep_alignment)
        except BrokenProcessPool as broken:
            failed: Future[list[DocumentResult]] = Future()
            failed.set_exception(broken)
            return failed

    def _wait(self, futures: list[Future[list[DocumentResult]]], documents: int) -> None:
        """Until the first of `futures` is done; `_PoolBroken` when the pool finishes nothing
        for longer than its stall limit (its workers are then stopped)."""
        limit = self._stall_limit(documents)
        while not futures[0].done():
            waiting = [f for f in futures if not f.done()]
            done, _ = concurrent.futures.wait(waiting, timeout=limit, return_when=FIRST_COMPLETED)
            if not done:
                self.kill()
                raise _PoolBroken(f"its worker was stopped after {limit:g} s without finishing")

    @staticmethod
    def _outcome(future: Future[list[DocumentResult]], chunk: list[BatchItem]) -> list[DocumentResult] | None:
        """The chunk's results; None when its worker died."""
        try:
            return future.result()
        except (BrokenProcessPool, CancelledError):  # its worker died, or its pool was stopped
            return None
        except Exception as exc:  # e.g. a result that cannot be sent back: the chunk's documents
            if os.environ.get("QA_DEBUG"):
                raise
            message = f"internal error while checking: {type(exc).__name__}: {exc}"
            return [DocumentResult(id=i.id, status="error", error=message, source=i.origin) for i in chunk]

    def run(self, source: Iterator[list[BatchItem]]) -> Iterator[DocumentResult]:
        """Results of every chunk, in input order, a bounded window of chunks in flight."""
        pending: deque[tuple[Future[list[DocumentResult]], list[BatchItem]]] = deque()
        while True:
            fill_window(pending, source, self.jobs * 3, self._submit)
            if not pending:
                return
            reason: str | None = None
            try:
                self._wait([f for f, _ in pending], max(len(c) for _, c in pending))
            except _PoolBroken as broken:
                reason = broken.reason
            head, chunk = pending[0]
            results = self._outcome(head, chunk) if reason is None else None
            if results is not None:
                pending.popleft()
                yield from results
                continue
            # The pool lost a worker: keep what finished, check the rest again in a fresh pool.
            self.kill()
            held = list(pending)
            pending.clear()
            for future, chunk in held:
                done = self._outcome(future, chunk) if future.done() else None
                yield from done if done is not None else self._alone(chunk)

    def _alone(self, chunk: list[BatchItem]) -> Iterator[DocumentResult]:
        """Each document of a chunk a dead pool held, checked alone (one in flight)."""
        for item in chunk:
            for attempt in range(1, ATTEMPTS + 1):
                reason: str | None = None
                future = self._submit([item])
                try:
                    self._wait([future], 1)
                except _PoolBroken as broken:
                    reason = broken.reason
                results = self._outcome(future, [item]) if future.done() else None
                if results is not None:
                    yield from results
                    break
                self.kill()
                if attempt == ATTEMPTS:
                    budget = self.config.document_timeout
                    message = WORKER_DIED if reason is None else f"{timeout_message(budget)}; {reason}"
                    yield DocumentResult(id=item.id, status="error", error=message, source=item.origin)


@contextlib.contextmanager
def _stop_on_sigterm(run: _PoolRun) -> Iterator[None]:
    """On SIGTERM, stop the workers, then end as SIGTERM ends a process (the workers also end
    with this process on their own, `_die_with_parent`: this covers where that cannot).

    The handler only sends signals: raising an exception at whatever point the main thread is
    could leave a lock of the pool's machinery held and the process hung on its way out. A
    handler the embedding program set stays in place.
    """
    in_main = threading.current_thread() is threading.main_thread()
    if not in_main or signal.getsignal(signal.SIGTERM) != signal.SIG_DFL:
        yield
        return

    def terminated(signum: int, frame: object) -> None:
        for pid in run.worker_pids():
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTERM)

    signal.signal(signal.SIGTERM, terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def check_stream(
    items: Iterable[BatchItem],
    config: Config,
    jobs: int = 1,
    checker: Checker | None = None,
    keep_alignment: bool = True,
) -> Iterator[DocumentResult]:
    """Results in input order, checked in chunks of a few documents; with jobs > 1 a bounded
    window of chunks is in flight.

    Only the HTML report needs the sentence alignments after checking; without them a large
    batch's results take a fraction of the memory (and of the pickling between processes).
    """
    if jobs <= 1:
        checker = checker or Checker(config)
        for chunk in chunks(items, CHUNK_MAX_DOCUMENTS, CHUNK_CHARACTERS):
            yield from _without_alignments(checker.check_items(chunk), keep_alignment)
        return
    remaining = iter(items)
    context = _fork_context()
    if context is None:
        context = multiprocessing.get_context("spawn")
        initializer, initargs = _init_worker, (config,)
    else:
        # The parent checks the first document itself, single-threaded, which loads what a
        # document needs; then the workers are forked from it, warm.
        global _worker
        from qa.fidelity.encode.embed import default_threads

        threads, wanted = default_threads(), os.environ.get("QA_THREADS")
        os.environ["QA_THREADS"] = "1"
        _worker = checker or Checker(config)
        yield from _check_in_worker(list(itertools.islice(remaining, 1)), keep_alignment)
        following = list(itertools.islice(remaining, 1))
        if following:  # workers will be forked: what they would each load, load once here
            load_shared_tables(_worker)
            remaining = itertools.chain(following, remaining)
        if wanted is None:
            del os.environ["QA_THREADS"]
        else:
            os.environ["QA_THREADS"] = wanted
        gc.freeze()  # the workers' garbage collector then leaves the shared pages unwritten
        initializer, initargs = _init_forked_worker, (threads,)
    run = _PoolRun(jobs, context, initializer, initargs, config, keep_alignment)
    finished = False
    try:
        with _stop_on_sigterm(run):
            yield from run.run(chunks(remaining, CHUNK_MAX_DOCUMENTS, CHUNK_CHARACTERS))
            finished = True
    finally:
        # Normally the workers are idle by now; on the way out of an error or an interrupt they
        # may be busy, and are stopped rather than waited for.
        run.close() if finished else run.kill()
        gc.unfreeze()


def finish(
    results: list[DocumentResult],
    config: Config,
    checker: Checker | None = None,
    across_by_check: dict[str, Callable[..., dict[str, list[Finding]]]] | None = None,
) -> Report:
    """Cross-document checks, baseline, penalty and verdict for every document.

    `across_by_check` replaces a check's `across` by name: a distributed batch decides N105
    from an index merged across workers (`qa.batch_index`) instead of from every result."""
    checked = [r for r in results if r.status == "checked"]
    if checked:
        checks = checker.checks if checker else Checker(config).checks
        context = checker.context if checker else CheckContext(config=config)
        by_id = {r.id: r for r in checked}
        for check in checks:
            across: Callable[..., dict[str, list[Finding]]] | None = getattr(check, "across", None)
            if across is not None and across_by_check and check.name in across_by_check:
                across = across_by_check[check.name]
            if across is None:
                continue
            for doc_id, extra in across(checked, context).items():
                if doc_id in by_id:
                    target = by_id[doc_id]
                    target.findings = deduplicated([*target.findings, *configured(extra, config)])
    accepted = load_baseline(config.baseline) if config.baseline else set()
    for result in results:
        if accepted:
            apply_baseline(result, accepted)
        finalise(result, config)
    return Report(documents=results, tool_version=__version__)


def check_documents(documents: Iterable[Document], config: Config) -> Report:
    """The Python entry point: check documents already in memory."""
    items = (BatchItem(id=d.id, origin=d.hyp.path or d.id, document=d, error=None) for d in documents)
    checker = Checker(config)
    return finish(list(check_stream(items, config, 1, checker)), config, checker)
