"""A pivot with neither a source nor a reference stands in for the source (issue 12 item 6).

Coverage (C101/C102), fidelity and F101, and the number check compare with the pivot then,
and their messages and evidence say "pivot"; the name checks keep treating it as a pivot.
With a source, or a reference, the pivot changes nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fidelity_texts import FAITHFUL, REFERENCE, SOURCE_RU, WITH_ADVERT
from test_coverage import advert_spans
from typer.testing import CliRunner

from qa.checks.coverage import CoverageCheck
from qa.checks.fidelity import FidelityCheck
from qa.checks.interface import CheckContext
from qa.checks.numbers import NumberCheck
from qa.cli import app
from qa.config import Config
from qa.document import AlignedDocument, Document, Finding, Text
from qa.pipeline import prepare

SEED = Path(__file__).resolve().parents[1] / "corpora" / "kaspersky-2017"
ZH_HYP = "The council voted to build a second bridge.\nThe project will cost 4.2 billion roubles."
ZH_TEXT = "市议会投票决定修建第二座桥。\n该项目将耗资42亿卢布。"


def prepared(
    hyp: str,
    ref: str | None = None,
    src: str | None = None,
    pivot: str | None = None,
    use_model: bool = False,
    lang: str = "ru",
) -> AlignedDocument:
    """Aligned as the pipeline aligns (`qa.pipeline.prepare`), where the stand-in is decided."""
    doc = Document(
        "test",
        Text(hyp, "en"),
        [Text(ref, "en")] if ref is not None else [],
        Text(src, lang) if src is not None else None,
        Text(pivot, lang) if pivot is not None else None,
    )
    return prepare(doc, Config(no_model=not use_model))


def coverage(doc: AlignedDocument, use_model: bool = False) -> list[Finding]:
    return list(CoverageCheck().run(doc, CheckContext(config=Config(no_model=not use_model))))


def as_source(findings: list[Finding]) -> list[dict[str, object]]:
    """Findings as JSON with every "pivot" read as "source": what the stand-in must change."""
    text = json.dumps([f.to_dict() for f in findings], ensure_ascii=False)
    return json.loads(text.replace("use_pivot", "use_src").replace("pivot", "source"))


def test_the_pivot_stands_in_only_when_there_is_neither_source_nor_reference() -> None:
    alone = prepared(FAITHFUL, pivot=SOURCE_RU)
    assert alone.src_role == "pivot" and alone.src_alignment is alone.pivot_alignment
    assert alone.source is alone.doc.pivot
    with_source = prepared(FAITHFUL, src=SOURCE_RU, pivot=SOURCE_RU)
    assert with_source.src_role == "source" and with_source.source is with_source.doc.src
    with_reference = prepared(FAITHFUL, ref=REFERENCE, pivot=SOURCE_RU)
    assert with_reference.src_alignment is None and with_reference.source is None
    assert with_reference.pivot_alignment is not None
    assert prepared(FAITHFUL).source is None


def test_pivot_only_without_model_flags_the_advert_and_says_pivot() -> None:
    findings = coverage(prepared(WITH_ADVERT, pivot=SOURCE_RU))
    assert [(f.span.start, f.span.end) for f in findings if f.span] == advert_spans(WITH_ADVERT)
    assert all(f.rule == "C102" and "matches nothing in the pivot;" in f.message for f in findings)
    assert all(next(iter(dict(f.evidence))) == "not_in_pivot" for f in findings)
    # the same findings as from the same text given as the source, but for the word
    assert as_source(findings) == as_source(coverage(prepared(WITH_ADVERT, src=SOURCE_RU)))


def test_pivot_only_without_model_finds_an_omission_and_names_the_pivot() -> None:
    dropped = next(line for line in FAITHFUL.split("\n") if "1956" in line)
    (omission,) = coverage(prepared(FAITHFUL.replace(dropped, "").rstrip(), pivot=SOURCE_RU))
    assert omission.rule == "C101" and omission.message.startswith("omission: pivot sentence 7 ")
    evidence = dict(omission.evidence)
    assert "1956" in evidence["pivot"] and evidence["pivot_sentence"] == "7"
    assert "source" not in omission.message and not any("source" in key for key in evidence)


def test_a_chinese_pivot_reads_numbers_as_a_chinese_source() -> None:
    assert coverage(prepared(ZH_HYP, pivot=ZH_TEXT, lang="zh")) == []
    changed = ZH_HYP.replace("4.2", "5.2")
    (finding,) = NumberCheck().run(prepared(changed, pivot=ZH_TEXT, lang="zh"))
    assert finding.rule == "D101" and "in the pivot" in finding.message


def test_with_a_source_the_pivot_changes_nothing() -> None:
    both = coverage(prepared(WITH_ADVERT, src=SOURCE_RU, pivot=SOURCE_RU))
    alone = coverage(prepared(WITH_ADVERT, src=SOURCE_RU))
    assert [f.to_dict() for f in both] == [f.to_dict() for f in alone]
    assert all("matches nothing in the source;" in f.message for f in both)


def test_with_a_reference_the_pivot_is_not_compared_for_coverage() -> None:
    findings = coverage(prepared(WITH_ADVERT, ref=REFERENCE, pivot=SOURCE_RU))
    assert findings and all("matches nothing in the reference;" in f.message for f in findings)


def test_pivot_only_without_model_has_no_fidelity_score_as_source_only() -> None:
    from qa.fidelity.score import LexicalFidelityMetric

    config = Config(no_model=True)
    scores = LexicalFidelityMetric().score(prepared(FAITHFUL, pivot=SOURCE_RU), config)
    assert scores.scores == LexicalFidelityMetric().score(prepared(FAITHFUL, src=SOURCE_RU), config).scores


# ---- with the encoders --------------------------------------------------------------------


@pytest.mark.slow
def test_pivot_only_with_models_flags_the_advert_and_names_the_pivot() -> None:
    findings = coverage(prepared(WITH_ADVERT, pivot=SOURCE_RU, use_model=True), use_model=True)
    assert [(f.span.start, f.span.end) for f in findings if f.span] == advert_spans(WITH_ADVERT)
    assert all("best_pivot_cosine" in dict(f.evidence) for f in findings)
    assert not any("source" in f.message or "best_source_cosine" in dict(f.evidence) for f in findings)


@pytest.mark.slow
@pytest.mark.parametrize("lang,hyp,text", [("ru", FAITHFUL, SOURCE_RU), ("zh", ZH_HYP, ZH_TEXT)])
def test_pivot_only_fidelity_is_the_source_only_score(lang: str, hyp: str, text: str) -> None:
    from qa.fidelity.score import FidelityMetric

    pivot = FidelityMetric().score(prepared(hyp, pivot=text, use_model=True, lang=lang), Config())
    source = FidelityMetric().score(prepared(hyp, src=text, use_model=True, lang=lang), Config())
    assert pivot.scores["fidelity"] is not None and pivot.scores["fidelity"] >= 60
    assert pivot.scores == source.scores and pivot.signatures == source.signatures


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["default", "estimator"])
def test_f101_against_a_pivot_says_pivot(mode: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # The pivot copied instead of translated: every sentence is under the line, in both modes.
    monkeypatch.setenv("QA_FIDELITY", mode)
    context = CheckContext(config=Config())
    pivot = list(FidelityCheck().run(prepared(SOURCE_RU, pivot=SOURCE_RU, use_model=True), context))
    source = list(FidelityCheck().run(prepared(SOURCE_RU, src=SOURCE_RU, use_model=True), context))
    assert pivot and all(f.message.endswith("may differ from the pivot") for f in pivot)
    assert not any("src" in key or "source" in key for f in pivot for key in dict(f.evidence))
    assert as_source(pivot) == as_source(source)


# ---- end to end on corpora/ ----------------------------------------------------------------


@pytest.mark.parametrize("no_model", [True, pytest.param(False, marks=pytest.mark.slow)])
def test_seed_article_with_its_pivot_alone(no_model: bool) -> None:
    """N101 on Nikifrov and Romano from the pivot's names, C102 on the three advert lines (the
    pivot has the reprint note), no other error; names keep saying "pivot name"."""
    args = [
        "check",
        str(SEED / "kaspersky-2017.hyp.txt"),
        "--pivot",
        str(SEED / "kaspersky-2017.pivot.zh.txt"),
    ]
    result = CliRunner().invoke(app, [*args, "-f", "json", *(["--no-model"] if no_model else [])])
    assert result.exit_code == 1, result.stderr
    (document,) = json.loads(result.stdout)["documents"]
    errors = [(f["rule"], f["text"][:20]) for f in document["findings"] if f["severity"] == "error"]
    assert errors == [
        ("N101", "Romano"),
        ("N101", "Nikifrov"),
        ("C102", "Z18 Bone Conduction "),
        ("C102", "Z18 Bone Conduction "),
        ("C102", "Shenzhen Lonfine Inn"),
    ]
    names = [f for f in document["findings"] if f["rule"] == "N101"]
    assert all("the pivot name" in f["message"] and "pivot" in f["evidence"] for f in names)
    additions = [f for f in document["findings"] if f["rule"] == "C102"]
    assert all("matches nothing in the pivot;" in f["message"] for f in additions)
    assert document["evidence"] == ["pivot", "lexicon"]
    assert (document["scores"]["fidelity"] is None) == no_model
    text = CliRunner().invoke(app, [*args, "--no-model"]).stdout
    assert "checked against the Chinese pivot and the lexicon; no reference or source" in text
