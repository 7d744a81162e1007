"""`finish_stream`: the report `finish` makes, byte for byte, without holding the results."""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from qa.config import Config
from qa.document import Document, DocumentResult, Text
from qa.io.inputs import BatchItem, iter_batch
from qa.pipeline import Checker, check_stream, finish
from qa.report.json import JsonRenderer
from qa.spool import StreamedReport, finish_stream

EXAMPLE = Path(__file__).resolve().parents[1] / "corpora" / "example-batch.jsonl"


def _items() -> list[BatchItem]:
    """The example batch, a few documents that spell one person two ways (N105 across the
    batch), one without any name, and one that could not be read."""
    items = list(iter_batch(str(EXAMPLE)))
    for number, text in enumerate(
        ["Dmitry Peskov spoke on Monday.", "Dmitry Peskov agreed.", "No names here.", "Dmitry Peskow left."]
    ):
        doc_id = f"peskov-{number}"
        document = Document(doc_id, Text(text, "en"))
        items.append(BatchItem(id=doc_id, origin=doc_id, document=document, error=None))
    items.append(BatchItem(id="broken", origin="broken.txt", document=None, error="not UTF-8"))
    return items


def _rendered(report: object, config: Config) -> str:
    return "".join(JsonRenderer().chunks(report, config))  # type: ignore[arg-type]


@pytest.mark.parametrize("baseline", [False, True])
def test_the_streamed_report_is_the_held_one(baseline: bool, tmp_path: Path) -> None:
    config = Config(no_model=True)
    checker = Checker(config)
    results = list(check_stream(iter(_items()), config, 1, checker, keep_alignment=False))
    if baseline:  # a baseline that accepts some of the findings, the N105 one among them
        path = tmp_path / "baseline.json"
        from qa.baseline import baseline_text

        held = finish(copy.deepcopy(results), config, checker)
        path.write_text(baseline_text([r for r in held.documents if r.id in {"peskov-3", "lavrov-talks"}]))
        config = Config(no_model=True, baseline=str(path))
    expected = _rendered(finish(copy.deepcopy(results), config, checker), config)
    streamed = finish_stream(iter(copy.deepcopy(results)), config, checker)
    assert isinstance(streamed, StreamedReport)
    assert _rendered(streamed, config) == expected
    assert _rendered(streamed, config) == expected  # the documents can be read again
    assert ("N105" in expected) is not baseline  # found, or accepted by the baseline
    assert [r.id for r in streamed.unchecked()] == ["broken"]
    assert streamed.summary() == json.loads(expected)["summary"]


@pytest.mark.parametrize("baseline", [False, True])
def test_documents_rendered_by_several_processes_equal_one(
    baseline: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--jobs 2: the JSON documents of a spooled batch rendered in forked processes, two
    documents a range, are the text one process writes (N105, baseline, error entry, summary)."""
    from qa import spool

    config = Config(no_model=True, jobs=2)
    checker = Checker(config)
    results = list(check_stream(iter(_items()), config, 1, checker, keep_alignment=False))
    if baseline:
        from qa.baseline import baseline_text

        held = finish(copy.deepcopy(results), config, checker)
        path = tmp_path / "baseline.json"
        path.write_text(baseline_text([r for r in held.documents if r.id in {"peskov-3", "lavrov-talks"}]))
        config = Config(no_model=True, jobs=2, baseline=str(path))
    expected = _rendered(finish(copy.deepcopy(results), config, checker), config)
    monkeypatch.setattr(spool, "RENDER_IN_PROCESSES_FROM", 2)
    monkeypatch.setattr(spool, "RENDER_RANGE", 2)
    streamed = finish_stream(iter(copy.deepcopy(results)), config, checker)
    assert _rendered(streamed, config) == expected
    assert streamed.summary() == json.loads(expected)["summary"]
    assert [r.id for r in streamed.unchecked()] == ["broken"]
    # and it was other processes that rendered, each document once, in order
    assert isinstance(streamed.documents, spool.StreamedDocuments)
    shown = [text.split(" ", 1) for text in streamed.documents.rendered(lambda r: f"{os.getpid()} {r.id}", 2)]
    assert [doc_id for _, doc_id in shown] == [r.id for r in results]
    assert all(int(pid) != os.getpid() for pid, _ in shown)


def test_the_summary_comes_before_the_documents_if_asked_first() -> None:
    config = Config(no_model=True)
    checker = Checker(config)
    results = list(check_stream(iter(_items()), config, 1, checker, keep_alignment=False))
    expected = finish(copy.deepcopy(results), config, checker).summary()
    streamed = finish_stream(iter(results), config, checker)
    assert streamed.summary() == expected
    assert len(streamed.documents) == len(results) and bool(streamed.documents)


def test_an_empty_batch_gives_an_empty_report() -> None:
    config = Config(no_model=True)
    report = finish_stream(iter([]), config)
    assert not report.documents and len(report.documents) == 0
    assert report.summary()["documents"] == 0


def test_no_result_is_held_while_the_batch_is_finished() -> None:
    """Memory flat in the number of documents: once spooled, a result object is let go."""
    import gc
    import weakref

    config = Config(no_model=True)
    checker = Checker(config)
    refs: list[weakref.ref] = []

    def results() -> Iterator[DocumentResult]:
        for result in check_stream(iter(_items()), config, 1, checker, keep_alignment=False):
            refs.append(weakref.ref(result))
            yield result

    report = finish_stream(results(), config, checker)
    gc.collect()
    assert refs and not [r for r in refs if r() is not None]
    assert report.summary()["documents"] == len(refs)


@pytest.mark.parametrize("fmt", ["text", "json", "jsonl", "markdown", "sarif", "junit", "github", "html"])
def test_every_format_renders_the_streamed_report_as_the_held_one(fmt: str) -> None:
    from qa.report import RENDERERS, get_renderer
    from qa.report.interface import pieces

    if fmt not in RENDERERS:
        pytest.skip(f"no {fmt} renderer")
    config = Config(no_model=True)
    checker = Checker(config)
    results = list(check_stream(iter(_items()), config, 1, checker, keep_alignment=fmt == "html"))
    held = "".join(pieces(get_renderer(fmt), finish(copy.deepcopy(results), config, checker), config))
    streamed = finish_stream(iter(results), config, checker)
    assert "".join(pieces(get_renderer(fmt), streamed, config)) == held
