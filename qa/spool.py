"""A batch's results spooled to a temporary file: memory flat in the number of documents.

`finish` (qa.pipeline) needs every result at once, because the batch-wide N105 rule looks
across documents. Of a document, N105 needs only its full-name mentions and their lexicon
lookups (`NameCheck.across`), which the worker already computed (`Text.memo`). So
`finish_stream` keeps only those in memory (`qa.batch_index.NameIndex`, in input order), writes each result
as it arrives to an unnamed temporary file, decides N105 once every document is in, and hands
the renderer a report whose documents are read back, and finished (N105, baseline, penalty,
verdict), one at a time. The report is the one `finish` makes, byte for byte.

The summary (and the unchecked documents, for the error lines) is taken on the first complete
pass over the documents, which the JSON renderer makes before it asks for the summary; a
renderer that asks first pays one extra pass.
"""

from __future__ import annotations

import multiprocessing.context
import os
import pickle
import tempfile
from array import array
from collections.abc import Callable, Iterable, Iterator
from typing import IO, TYPE_CHECKING, Any

from qa import __version__
from qa.baseline import apply_baseline, load_baseline
from qa.checks.interface import CheckContext
from qa.document import DocumentResult, Report
from qa.scoring import finalise

if TYPE_CHECKING:
    from qa.config import Config
    from qa.pipeline import Checker


class _Spool:
    """Pickled results appended to an unnamed temporary file, read back in order."""

    def __init__(self) -> None:
        # unnamed (gone when closed or when the process ends), so it outlives this block
        self.file: IO[bytes] = tempfile.TemporaryFile(prefix="qa-batch-")  # noqa: SIM115
        self.count = 0
        self.ends = array("q")  # where each result's pickle ends: 8 bytes a document

    def append(self, result: DocumentResult) -> None:
        pickle.dump(result, self.file, protocol=pickle.HIGHEST_PROTOCOL)
        self.count += 1
        self.ends.append(self.file.tell())

    def load(self, index: int) -> DocumentResult:
        """The result at `index`, read by position (no shared file offset: safe in forked
        processes reading the same file at once). Call `file.flush()` first."""
        start = self.ends[index - 1] if index else 0
        result: DocumentResult = pickle.loads(os.pread(self.file.fileno(), self.ends[index] - start, start))
        return result

    def __iter__(self) -> Iterator[DocumentResult]:
        self.file.flush()
        position = 0
        for _ in range(self.count):
            self.file.seek(position)
            result: DocumentResult = pickle.load(self.file)
            position = self.file.tell()
            yield result

    def close(self) -> None:
        self.file.close()


class StreamedDocuments:
    """The report's documents, finished one at a time as they are read back from the spool.
    Iterable more than once (each pass reads the file again); `len` and truth as a list's."""

    def __init__(self, spool: _Spool, finish_one: Callable[[DocumentResult], DocumentResult]) -> None:
        self._spool, self._finish_one = spool, finish_one
        self.summary: dict[str, Any] | None = None
        self.unchecked: list[DocumentResult] = []

    def __len__(self) -> int:
        return self._spool.count

    def __bool__(self) -> bool:
        return self._spool.count > 0

    def __iter__(self) -> Iterator[DocumentResult]:
        tally = _Tally()
        for result in self._spool:
            result = self._finish_one(result)
            tally.add(result)
            yield result
        self._counted(tally)

    def rendered(self, render: Callable[[DocumentResult], str], processes: int) -> Iterator[str]:
        """`render(document)` for every finished document, in order.

        Why: the report is written once every document is checked, so the batch's cores are
        idle while one process renders; with `processes` > 1 (the batch's --jobs) and enough
        documents, forked processes render ranges of the spool side by side. Same text.
        """
        context = _render_context(processes, self._spool.count)
        if context is None:
            yield from map(render, self)
            return
        self._spool.file.flush()
        global _RENDER_JOB
        _RENDER_JOB = (self._spool, self._finish_one, render)
        count = self._spool.count
        ranges = [(start, min(start + RENDER_RANGE, count)) for start in range(0, count, RENDER_RANGE)]
        tally = _Tally()
        try:
            with context.Pool(processes) as pool:
                for texts, part in pool.imap(_render_range, ranges):
                    tally.merge(part)
                    yield from texts
        finally:
            _RENDER_JOB = None
        self._counted(tally)

    def _counted(self, tally: _Tally) -> None:
        if self.summary is None:  # `Report.summary`'s, counted on the way
            self.unchecked = tally.unchecked
            self.summary = tally.summary(self._spool.count)


class _Tally:
    """What `Report.summary` counts, gathered while the documents go by."""

    def __init__(self) -> None:
        self.by_rule: dict[str, int] = {}
        self.passed = self.failed = 0
        self.unchecked: list[DocumentResult] = []

    def add(self, result: DocumentResult) -> None:
        for finding in result.findings:
            self.by_rule[finding.rule] = self.by_rule.get(finding.rule, 0) + 1
        if result.status != "checked":
            self.unchecked.append(result)
        elif result.verdict == "pass":
            self.passed += 1
        elif result.verdict == "fail":
            self.failed += 1

    def merge(self, other: _Tally) -> None:
        for rule, count in other.by_rule.items():
            self.by_rule[rule] = self.by_rule.get(rule, 0) + count
        self.passed += other.passed
        self.failed += other.failed
        self.unchecked.extend(other.unchecked)

    def summary(self, documents: int) -> dict[str, Any]:
        return {
            "documents": documents,
            "passed": self.passed,
            "failed": self.failed,
            "errors": len(self.unchecked),
            "findings_by_rule": {k: self.by_rule[k] for k in sorted(self.by_rule)},
        }


# Documents a rendering process takes at a time, and the fewest worth forking for.
RENDER_RANGE = 2000
RENDER_IN_PROCESSES_FROM = 5000
# (spool, finish_one, render) while a rendering pool runs: its forked processes inherit it.
_RenderJob = tuple[_Spool, Callable[[DocumentResult], DocumentResult], Callable[[DocumentResult], str]]
_RENDER_JOB: _RenderJob | None = None


def _render_context(processes: int, documents: int) -> multiprocessing.context.BaseContext | None:
    """A fork context when rendering in `processes` processes pays (fork only: the processes
    read the job from memory, not from pickles)."""
    if processes < 2 or documents < RENDER_IN_PROCESSES_FROM:
        return None
    from qa.pipeline import _fork_context

    return _fork_context()


def _render_range(bounds: tuple[int, int]) -> tuple[list[str], _Tally]:
    """In a forked process: render the finished documents `bounds[0]` to `bounds[1] - 1`."""
    assert _RENDER_JOB is not None
    spool, finish_one, render = _RENDER_JOB
    tally = _Tally()
    texts = []
    for index in range(*bounds):
        result = finish_one(spool.load(index))
        tally.add(result)
        texts.append(render(result))
    return texts, tally


class StreamedReport(Report):
    """A `Report` whose documents are `StreamedDocuments`."""

    def _streamed(self) -> StreamedDocuments:
        assert isinstance(self.documents, StreamedDocuments)
        if self.documents.summary is None:
            for _ in self.documents:
                pass
        return self.documents

    def summary(self) -> dict[str, Any]:
        summary = self._streamed().summary
        assert summary is not None
        return summary

    def unchecked(self) -> list[DocumentResult]:
        """The documents that were not checked (error entries), in input order."""
        return self._streamed().unchecked


def finish_stream(
    results: Iterable[DocumentResult], config: Config, checker: Checker | None = None
) -> Report:
    """`finish(list(results), config, checker)` without holding the results: the same report.

    Falls back to `finish` if a batch-wide check other than the name check is enabled (only its
    compact index is known here)."""
    from qa.batch_index import NameIndex, forget_mentions
    from qa.checks.names import NameCheck, to_finding
    from qa.pipeline import Checker, configured, deduplicated, finish

    checker = checker or Checker(config)
    across = [c for c in checker.checks if getattr(c, "across", None) is not None]
    if any(not isinstance(check, NameCheck) for check in across):
        return finish(list(results), config, checker)
    context: CheckContext = checker.context
    index = NameIndex() if across else None
    spool = _Spool()
    for result in results:
        if index is not None:  # the index holds the mentions from here on, not the result
            index.merge(NameIndex.of([result], context))
            forget_mentions([result], context)
        spool.append(result)
    issues = index.issues(context) if index is not None else {}
    accepted = load_baseline(config.baseline) if config.baseline else set()

    def finish_one(result: DocumentResult) -> DocumentResult:
        found = issues.get(result.id) if result.status == "checked" else None
        if found and result.document is not None:
            extra = [to_finding(issue, result.document.hyp) for issue in found]
            result.findings = deduplicated([*result.findings, *configured(extra, config)])
        if accepted:
            apply_baseline(result, accepted)
        return finalise(result, config)

    return StreamedReport(documents=StreamedDocuments(spool, finish_one), tool_version=__version__)  # type: ignore[arg-type]
