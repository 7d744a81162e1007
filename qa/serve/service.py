"""The checking side of `qa serve`: models loaded once, one request checked at a time.

Why one thread: the models and lexicons are shared (loaded once, warm), but not every part
of the pipeline is known to be thread-safe (pymorphy3, jieba, memo dictionaries, torch's
process-wide thread settings), and on a 2-core machine torch already uses the cores. So every
check runs on one dedicated thread, in arrival order, while the event loop keeps accepting and
parsing requests; each request gets its own `Checker` and its own `Document`s, so nothing
one request computes is visible to another except the encoders' bounded, locked embedding
caches (keyed by the text itself, so a cached vector is the vector the text would get anyway).
Rendering runs on the same thread, right after the check, for the same reason.

Each document has the time budget of `qa batch` (`document-timeout`, `qa.pipeline.time_budget`,
which off the main thread raises its exception in the checking thread from a timer): in a
batch request a document over it is an error entry and the others are checked; a check request
whose one document runs over it gets a 422 (`OverBudget`), and the thread is free again.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from qa.config import Config
from qa.document import Document, Report, Text

if TYPE_CHECKING:
    from qa.serve.payload import CheckRequest

T = TypeVar("T")

# Requests waiting for the checking thread beyond this many are refused (503) at once rather
# than queued for minutes.
MAX_PENDING = 256

# Documents checked at start-up so that the first real request finds every model and lexicon
# loaded: a Russian source and a Chinese one, each with a reference (English encoder,
# cross-lingual encoder, fidelity estimator, name lexicons, pymorphy3, jieba).
_WARM_RU = (
    "Minister Sergei Lavrov met 12 reporters in Moscow on Monday. He said prices rose by 5%.",
    "Minister Sergey Lavrov met 12 journalists in Moscow on Monday. He said prices rose 5 per cent.",
    "Министр Сергей Лавров встретился с 12 журналистами в Москве в понедельник. "
    "Он сказал, что цены выросли на 5%.",
)
_WARM_ZH = (
    "Premier Li Qiang visited Shanghai with three ministers on Friday.",
    "Premier Li Qiang toured Shanghai with three ministers on Friday.",
    "国务院总理李强周五与三位部长一起视察了上海。",
)


def warm_documents() -> list[Document]:
    out = []
    for doc_id, (hyp, ref, src), lang in (("warm-ru", _WARM_RU, "ru"), ("warm-zh", _WARM_ZH, "zh")):
        out.append(
            Document(
                id=doc_id,
                hyp=Text(hyp, "en"),
                refs=[Text(ref, "en")],
                src=Text(src, lang, lang_from="given"),
            )
        )
    return out


class Busy(Exception):
    """Too many requests are already waiting for the checking thread."""


class OverBudget(Exception):
    """A check request's document took longer than the per-document time budget."""


@dataclass
class Checked:
    """A request's report and what rendering it produced, with the time the check took."""

    report: Report
    config: Config
    rendered: Any
    seconds: float


def _over_budget(report: Report, config: Config) -> bool:
    """Whether a document of the report is the error entry of the time budget."""
    from qa.pipeline import timeout_message

    message = timeout_message(config.document_timeout)
    return any(r.status == "error" and r.error == message for r in report.documents)


class CheckService:
    """Checks requests on one thread; `warm_up` loads everything before the first request."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="qa-check")
        self._pending = 0
        self._lock = threading.Lock()
        self.warm_seconds: float | None = None

    def check(self, documents: list[Document], config: Config) -> Report:
        """The whole flow for these documents, as `qa check`/`qa batch` run it (same report)."""
        from qa.io.inputs import BatchItem
        from qa.pipeline import Checker, check_stream, finish

        checker = Checker(config)  # per request: its config, nothing left from another request
        items = [BatchItem(id=d.id, origin=d.id, document=d, error=None) for d in documents]
        return finish(list(check_stream(items, config, 1, checker)), config, checker)

    def warm_up(self) -> float:
        """Check the warm-up documents (on the checking thread); return the seconds it took."""
        started = time.perf_counter()
        config = self.config.with_overrides(select=(), ignore=())
        self._executor.submit(self.check, warm_documents(), config).result()
        self.warm_seconds = time.perf_counter() - started
        return self.warm_seconds

    async def run(
        self, request: CheckRequest, render: Callable[[Report, Config], T], one_document: bool = False
    ) -> Checked:
        """Check and render on the checking thread; `Busy` when too many are waiting; with
        `one_document` (a check request, whose answer is one document's findings),
        `OverBudget` when that document ran over its time budget."""
        with self._lock:
            if self._pending >= MAX_PENDING:
                raise Busy
            self._pending += 1

        def job() -> Checked:
            started = time.perf_counter()
            report = self.check(request.documents, request.config)
            if one_document and _over_budget(report, request.config):
                from qa.pipeline import timeout_message

                raise OverBudget(timeout_message(request.config.document_timeout))
            rendered = render(report, request.config)
            return Checked(report, request.config, rendered, time.perf_counter() - started)

        try:
            return await asyncio.wrap_future(self._executor.submit(job))
        finally:
            with self._lock:
                self._pending -= 1

    async def call(self, function: Callable[[], T]) -> T:
        """Any other work that touches shared state (decoding with the lexicons), on the same thread."""
        return await asyncio.wrap_future(self._executor.submit(function))

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
