"""`qa batch --output-dir DIR`: a run too large for one report, in shards, resumable.

The input is cut, in order, into shards of `shard_size` documents. Each shard's documents are
checked (locally or on the Dask cluster), and the shard's results, with the digest of its
inputs and of the configuration, are kept in `DIR/.qa-shards/` as soon as the shard is done.
When every shard is checked, N105 across the batch is decided from the merged name index
(`qa.batch_index`), and each shard becomes `DIR/shard-NNNNN.jsonl` (the `jsonl` report of its
documents, one shard in memory at a time), plus `DIR/summary.json` for the whole run.

A rerun skips every shard whose kept results carry the same digest (same documents, same
configuration and qa version); an interrupted run (a scheduler that went away, Ctrl-C) loses
only the shards in flight. The shard reports themselves are rewritten each run, from the kept
results: one changed shard can change another's N105 findings.

The kept results are Python pickles, which run code as they load: `DIR/.qa-shards/` is created
for its owner alone, and a run refuses one that belongs to another user or that anyone may
write to.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import re
import stat
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qa import __version__
from qa.batch_index import NameIndex, NameTable, across_from, document_issues, forget_mentions
from qa.config import Config
from qa.document import DocumentResult, Text
from qa.errors import QaError
from qa.io.inputs import BatchItem
from qa.outputs import input_among

SHARD_DOCUMENTS = 1000
STATE_DIR = ".qa-shards"
SUMMARY = "summary.json"
FORMAT = 2  # of the kept results; a change makes every shard be checked again


class OutputDirError(QaError):
    """The output directory cannot be used."""


# What a run writes in the folder, or deletes there (shard reports past the input's end).
_OWN_NAMES = re.compile(r"^(?:shard-[0-9]+\.jsonl|summary\.json)$")


def refuse_inputs(folder: str, inputs: Iterable[str | Path]) -> None:
    """Raise `OutputDirError` if a file the run would replace or delete in `folder` is one of
    `inputs` (by device and inode, as `qa.outputs.refuse_inputs` does for --output).

    A manifest kept beside its reports and named like one (`shard-00003.jsonl`), or a file a
    manifest names `summary.json`, was replaced by a report or deleted as a stale shard, with
    exit 0; the run now stops before checking anything.
    """
    base = Path(folder)
    owned: dict[tuple[int, int], str] = {}
    for where in (base, base / STATE_DIR):
        try:
            with os.scandir(where) as entries:
                for entry in entries:
                    if where == base and not _OWN_NAMES.match(entry.name):
                        continue
                    with contextlib.suppress(OSError):
                        info = entry.stat(follow_symlinks=False)
                        if stat.S_ISREG(info.st_mode):
                            owned[(info.st_dev, info.st_ino)] = entry.path
        except OSError:  # not there yet (created by the run) or not a folder (refused later)
            continue
    found = input_among(owned, inputs) if owned else None
    if found is not None:
        raise OutputDirError(f"--output-dir would overwrite or delete an input file ({found})", path=folder)


@dataclass
class ShardOutcome:
    """What `run_to_directory` did: documents and shards, how many of each were skipped."""

    summary: dict[str, Any]
    shards: int
    resumed: int


def _text_digest(hasher: Any, role: str, text: Text | None) -> None:
    if text is None:
        hasher.update(f"{role}:none\0".encode())
        return
    head = json.dumps([role, text.lang, text.lang_from, text.path, text.encoding, len(text.content)])
    hasher.update(head.encode("utf-8", "surrogatepass") + b"\0")
    hasher.update(text.content.encode("utf-8", "surrogatepass") + b"\0")
    if text.original is not None:
        hasher.update(b"original\0" + text.original.encode("utf-8", "surrogatepass") + b"\0")


def item_digest(hasher: Any, item: BatchItem) -> None:
    """Feed everything of `item` that its result depends on into `hasher`."""
    hasher.update(json.dumps([item.id, item.origin, item.error]).encode("utf-8", "surrogatepass") + b"\0")
    doc = item.document
    if doc is None:
        return
    _text_digest(hasher, "hyp", doc.hyp)
    for ref in doc.refs:
        _text_digest(hasher, "ref", ref)
    _text_digest(hasher, "src", doc.src)
    _text_digest(hasher, "pivot", doc.pivot)


def run_digest(config: Config) -> str:
    """The configuration's digest, with the glossary's and baseline's contents (a path alone
    does not say that the file changed)."""
    from qa.distributed import config_digest

    hasher = hashlib.sha256(config_digest(config).encode())
    for path in (config.glossary, config.baseline):
        if path:
            try:
                hasher.update(Path(path).read_bytes())
            except OSError as exc:
                raise QaError(f"cannot read: {exc.strerror or exc}", path=path) from None
    return hasher.hexdigest()


class ShardStore:
    """The output directory: shard reports, the kept results, the summary."""

    def __init__(self, folder: str) -> None:
        from qa.io.remote import is_url

        if is_url(folder):
            raise OutputDirError("--output-dir must be a local folder (URLs are for inputs)", path=folder)
        from qa.cache import untrusted

        self.folder = Path(folder)
        self.state = self.folder / STATE_DIR
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self.state.mkdir(mode=0o700, exist_ok=True)
        except OSError as exc:
            raise OutputDirError(
                f"--output-dir cannot be created: {exc.strerror or exc}", path=folder
            ) from None
        reason = untrusted(self.state)
        if reason is not None:  # the kept results are pickles: whoever can write them runs code
            raise OutputDirError(
                f"--output-dir: the kept results in {STATE_DIR} are not safe to read: {reason}",
                path=folder,
            )

    def name(self, number: int) -> str:
        return f"shard-{number:05d}"

    def _kept(self, number: int) -> Path:
        return self.state / f"{self.name(number)}.pickle"

    def _index(self, number: int) -> Path:
        return self.state / f"{self.name(number)}.index.pickle"

    def complete(self, number: int, digest: str) -> NameTable | None:
        """The shard's name table when its kept results match `digest`; None otherwise."""
        try:
            with self._index(number).open("rb") as handle:
                stored = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None
        if not (
            isinstance(stored, dict) and stored.get("format") == FORMAT and stored.get("digest") == digest
        ):
            return None
        if not self._kept(number).is_file():
            return None
        return stored["index"]

    def keep(self, number: int, digest: str, results: list[DocumentResult], index: NameIndex) -> NameTable:
        """Keep a checked shard: its results and their name mentions first, then its name table,
        which marks it complete; the table (what the batch-wide step needs of it)."""
        from qa.cache import replace_file

        table = NameTable.of(index)
        kept = {"format": FORMAT, "digest": digest, "results": results, "mentions": index}
        try:
            replace_file(self._kept(number), pickle.dumps(kept))
            replace_file(
                self._index(number), pickle.dumps({"format": FORMAT, "digest": digest, "index": table})
            )
        except OSError as exc:
            raise OutputDirError(
                f"--output-dir cannot be written: {exc.strerror or exc}", path=str(self.folder)
            ) from None
        return table

    def results(self, number: int) -> tuple[list[DocumentResult], NameIndex]:
        with self._kept(number).open("rb") as handle:
            kept = pickle.load(handle)
        return kept["results"], kept["mentions"]

    def write(self, name: str, pieces: Iterable[str]) -> None:
        from qa.cache import replace_file

        try:
            replace_file(self.folder / name, (p.encode("utf-8") for p in pieces), private=False)
        except OSError as exc:
            raise OutputDirError(
                f"--output-dir cannot be written: {exc.strerror or exc}", path=str(self.folder)
            ) from None


def _shards(items: Iterable[BatchItem], size: int, run: str) -> Iterator[tuple[int, str, list[BatchItem]]]:
    """(number, digest, items) of each shard, in input order."""
    batch: list[BatchItem] = []
    number = 0
    hasher = hashlib.sha256(run.encode())
    for item in items:
        batch.append(item)
        item_digest(hasher, item)
        if len(batch) >= size:
            yield number, hasher.hexdigest(), batch
            number, batch, hasher = number + 1, [], hashlib.sha256(run.encode())
    if batch:
        yield number, hasher.hexdigest(), batch


def _checked_chunks(
    items: Iterable[BatchItem], config: Config, checker: Any
) -> Iterator[tuple[list[DocumentResult], NameIndex | None]]:
    """Results in input order, in runs, from the cluster (with their name index) or locally."""
    if config.scheduler:
        from qa.distributed import DaskRun, connect

        with connect(config.scheduler) as client:
            yield from DaskRun(client, config.scheduler, config, keep_alignment=False).run(items)
        return
    from qa.pipeline import check_stream

    local = checker if config.jobs <= 1 else None
    for result in check_stream(items, config, config.jobs, local, keep_alignment=False):
        yield [result], None


def run_to_directory(
    items: Iterable[BatchItem], config: Config, folder: str, size: int = SHARD_DOCUMENTS
) -> ShardOutcome:
    """Check the batch into `folder` (see the module's docstring); the run's summary."""
    from qa.pipeline import Checker, finish
    from qa.report.jsonl import JsonlRenderer, _SummaryCounter

    store = ShardStore(folder)
    run = run_digest(config)
    checker = Checker(config)
    names = any(check.name == "names" for check in checker.checks)
    tables: dict[int, NameTable] = {}
    digests: dict[int, str] = {}
    sizes: dict[int, int] = {}
    todo: deque[tuple[int, str, int]] = deque()  # shards sent to be checked, in order
    resumed = 0

    def to_check() -> Iterator[BatchItem]:
        nonlocal resumed
        for number, digest, batch in _shards(items, size, run):
            digests[number], sizes[number] = digest, len(batch)
            done = store.complete(number, digest)
            if done is not None:
                tables[number] = done
                resumed += 1
                continue
            todo.append((number, digest, len(batch)))
            yield from batch

    results: list[DocumentResult] = []
    pending = NameIndex()  # of the checked documents not yet kept (a chunk may span two shards)
    for chunk, part in _checked_chunks(to_check(), config, checker):
        results.extend(chunk)
        if part is not None:
            pending.merge(part)
        elif names:  # checked locally: indexed here
            pending.merge(NameIndex.of(chunk, checker.context))
            forget_mentions(chunk, checker.context)
        while todo and len(results) >= todo[0][2]:
            number, digest, count = todo.popleft()
            mine, results = results[:count], results[count:]
            index = pending.split([r for r in mine if r.status == "checked" and r.document is not None])
            tables[number] = store.keep(number, digest, mine, index)
    if not digests:
        raise QaError("no documents to check")
    # Every shard is checked: N105 across the batch, then each shard's report.
    merged = NameTable()
    for number in sorted(tables):
        merged.merge(tables[number])
    decided = merged.decide(checker.context) if names else {}
    renderer = JsonlRenderer()
    total = _SummaryCounter()
    shards = []
    for number in sorted(digests):
        results, mentions = store.results(number)
        across = across_from(document_issues(mentions, merged, decided, checker.context)) if names else None
        report = finish(results, config, checker, across)
        for result in report.documents:
            total.add(result)
        store.write(f"{store.name(number)}.jsonl", renderer.lines(report.documents, __version__))
        shards.append(
            {"file": f"{store.name(number)}.jsonl", "documents": sizes[number], "digest": digests[number]}
        )
    summary = total.summary()
    store.write(
        SUMMARY,
        [
            json.dumps(
                {
                    "schema": "qa-report/1",
                    "tool": {"name": "qa", "version": __version__},
                    "summary": summary,
                    "shards": shards,
                },
                ensure_ascii=False,
                indent=2,
            )
            + "\n"
        ],
    )
    _drop_stale(store, len(digests))
    return ShardOutcome(summary=summary, shards=len(digests), resumed=resumed)


def _drop_stale(store: ShardStore, count: int) -> None:
    """Shards past the input's end (a shorter input than last time) are not this run's."""
    for path in [*store.folder.glob("shard-*.jsonl"), *store.state.glob("shard-*.pickle")]:
        number = path.name.removeprefix("shard-").split(".", 1)[0]
        if number.isdigit() and int(number) >= count:
            with contextlib.suppress(OSError):
                os.unlink(path)
