from pathlib import Path

import pytest

from qa.config import Config
from qa.document import Document, Finding, Severity, Text
from qa.pipeline import check_documents, configured, deduplicated

TEXT = Text("Minister Nikolai Nikifrov spoke.", "en")


def finding(rule: str, severity: Severity, start: int = 17, end: int = 25, category: str = "name") -> Finding:
    return Finding(rule, category, severity, "m", TEXT.content[start:end], TEXT.span(start, end))


def test_same_span_and_category_keeps_the_most_severe() -> None:
    kept = deduplicated([finding("N104", Severity.WARNING), finding("N101", Severity.ERROR)])
    assert [f.rule for f in kept] == ["N101"]


def test_other_spans_and_categories_are_kept() -> None:
    findings = [
        finding("N101", Severity.ERROR),
        finding("N101", Severity.ERROR, 9, 16),
        finding("U101", Severity.ERROR, category="untranslated"),
    ]
    assert len(deduplicated(findings)) == 3


def test_configured_applies_selection_and_severity() -> None:
    config = Config(ignore=("N104",), severity={"N101": Severity.WARNING})
    out = configured([finding("N104", Severity.WARNING), finding("N101", Severity.ERROR)], config)
    assert [(f.rule, f.severity) for f in out] == [("N101", Severity.WARNING)]


def test_python_entry_point_checks_documents_in_memory() -> None:
    doc = Document("d1", hyp=TEXT, refs=[Text("Minister Nikolai Nikiforov spoke.", "en")])
    report = check_documents([doc], Config(no_model=True))
    result = report.documents[0]
    assert result.status == "checked" and result.verdict == "fail"
    assert ("N101", "Nikifrov", "Nikiforov") in {(f.rule, f.text, f.suggestion) for f in result.findings}
    assert {"bleu", "chrf", "ter", "penalty"} <= set(result.scores)


def test_stream_keeps_input_order_and_reports_unreadable_items_in_chunks() -> None:
    from qa.io.inputs import BatchItem
    from qa.pipeline import CHUNK_DOCUMENTS, Checker, check_stream

    items = []
    for index in range(CHUNK_DOCUMENTS * 2 + 3):
        if index % 5 == 3:
            items.append(BatchItem(id=f"d{index}", origin=f"d{index}", document=None, error="unreadable"))
            continue
        text = Text(f"Item {index} was filed on time.", "en")
        document = Document(f"d{index}", hyp=text)
        items.append(BatchItem(id=f"d{index}", origin=f"d{index}", document=document, error=None))
    config = Config(no_model=True)
    results = list(check_stream(iter(items), config, 1, Checker(config)))
    assert [r.id for r in results] == [i.id for i in items]
    assert [r.status for r in results].count("error") == sum(1 for i in items if i.document is None)


def test_chunks_cover_every_item_once_in_order() -> None:
    from qa.chunking import chunks

    assert list(chunks(iter(range(7)), 3)) == [[0, 1, 2], [3, 4, 5], [6]]
    assert list(chunks(iter([]), 3)) == []


def _example_items() -> list:
    from qa.io.inputs import iter_batch

    return list(iter_batch(str(Path(__file__).resolve().parents[1] / "corpora" / "example-batch.jsonl")))


def _summary(results: list) -> list[tuple]:
    return [
        (r.id, r.status, r.error, sorted(r.scores.items()), sorted((f.rule, f.text) for f in r.findings))
        for r in results
    ]


@pytest.mark.parametrize("start", ["fork", "spawn"])
def test_workers_give_the_results_of_one_process_in_input_order(
    start: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import multiprocessing

    from qa import pipeline

    if start not in multiprocessing.get_all_start_methods():
        pytest.skip(f"no {start} on this platform")
    config = Config(no_model=True, jobs=2)
    alone = list(pipeline.check_stream(iter(_example_items()), config, 1))
    forced = multiprocessing.get_context("fork") if start == "fork" else None
    monkeypatch.setattr(pipeline, "_fork_context", lambda: forced)
    together = list(pipeline.check_stream(iter(_example_items()), config, 2))
    assert len(alone) > 2
    assert _summary(together) == _summary(alone)


def test_a_worker_that_dies_costs_its_documents_not_the_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing
    import os

    from qa import pipeline

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("needs fork to hand the patched checker to the workers")
    from dataclasses import replace

    def renamed(item, copy: int):  # type: ignore[no-untyped-def]
        name = f"{item.id}-{copy}"
        return replace(item, id=name, document=item.document and replace(item.document, id=name))

    items = [renamed(item, copy) for copy in range(5) for item in _example_items()]
    alone = {r.id: r.status for r in pipeline.check_stream(iter(items), Config(no_model=True), 1)}
    victim = items[2].id
    original = pipeline.Checker.check_item

    def check_or_die(self: pipeline.Checker, item):  # type: ignore[no-untyped-def]
        if item.id == victim and multiprocessing.parent_process() is not None:
            os._exit(9)  # as if the kernel had killed the worker
        return original(self, item)

    monkeypatch.setattr(pipeline.Checker, "check_item", check_or_die)
    monkeypatch.setattr(pipeline, "_fork_context", lambda: multiprocessing.get_context("fork"))
    results = list(pipeline.check_stream(iter(items), Config(no_model=True, jobs=2), 2))
    assert [r.id for r in results] == [i.id for i in items]
    by_id = {r.id: r for r in results}
    assert by_id[victim].status == "error" and "worker process stopped" in (by_id[victim].error or "")
    lost = [r.id for r in results if r.status != alone[r.id]]
    assert all("worker process stopped" in (by_id[i].error or "") for i in lost)
    assert len(lost) <= 2 * 3  # at most the chunks in flight; the rest is checked in-process
    assert by_id[items[-1].id].status == alone[items[-1].id]


def test_shared_tables_load_in_the_parent_only_when_workers_follow(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tables a worker would load on first use are loaded once, before the fork; a batch
    of one document forks nothing and loads nothing more."""
    import multiprocessing

    from qa import pipeline

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("needs fork")
    calls: list[int] = []
    monkeypatch.setattr(pipeline, "load_shared_tables", lambda checker: calls.append(1))
    monkeypatch.setattr(pipeline, "_fork_context", lambda: multiprocessing.get_context("fork"))
    items = _example_items()
    config = Config(no_model=True, jobs=2)
    assert len(list(pipeline.check_stream(iter(items[:1]), config, 2))) == 1
    assert calls == []
    assert [r.id for r in pipeline.check_stream(iter(items[:2]), config, 2)] == [i.id for i in items[:2]]
    assert calls == [1]


def test_shared_tables_build_the_lexicon_near_miss_index(monkeypatch: pytest.MonkeyPatch) -> None:
    from qa.checks.names import engine_for
    from qa.names import lexicon
    from qa.names.matcher import COMMON_MIN, LEX_SURNAME
    from qa.pipeline import Checker, load_shared_tables

    monkeypatch.setattr(lexicon, "_DEFAULT", {})  # a fresh lexicon, whatever other tests built
    checker = Checker(Config(no_model=True))
    load_shared_tables(checker)
    assert (LEX_SURNAME, COMMON_MIN) in engine_for(checker.context).lexicon._neighbour_index
