"""C101 omission / C102 addition from the sentence alignments."""

from __future__ import annotations

import pytest
from fidelity_texts import ADVERT, FAITHFUL, REFERENCE, SOURCE_RU, WITH_ADVERT, aligned_document

from qa.checks.coverage import CoverageCheck, content_words, word_share
from qa.checks.interface import CheckContext
from qa.config import Config


def run(hyp: str, ref: str | None, src: str | None = None, use_model: bool = False):
    doc = aligned_document(hyp, ref, src, use_model=use_model)
    return doc, list(CoverageCheck().run(doc, CheckContext(config=Config(no_model=not use_model))))


def advert_spans(text: str) -> list[tuple[int, int]]:
    start = text.index(ADVERT)
    lines, spans, offset = ADVERT.split("\n"), [], start
    for line in lines:
        if line.strip():
            spans.append((offset, offset + len(line)))
        offset += len(line) + 1
    return spans


def test_advert_is_flagged_as_addition_with_exact_spans() -> None:
    _doc, findings = run(WITH_ADVERT, REFERENCE)
    additions = [f for f in findings if f.rule == "C102"]
    spans = [(f.span.start, f.span.end) for f in additions if f.span]
    assert spans == advert_spans(WITH_ADVERT)
    for finding in additions:
        assert WITH_ADVERT[finding.span.start : finding.span.end] == finding.text
        assert finding.severity.value == "error"


def test_faithful_translation_has_no_coverage_findings() -> None:
    _, findings = run(FAITHFUL, REFERENCE)
    assert findings == []


def test_dropped_sentence_is_an_omission_with_an_empty_span_where_it_belongs() -> None:
    dropped = "Opposition deputies attacked the plan, saying the money ought to be spent on school repairs.\n"
    hyp = FAITHFUL.replace(dropped, "")
    _, findings = run(hyp, REFERENCE)
    omissions = [f for f in findings if f.rule == "C101"]
    assert len(omissions) == 1
    finding = omissions[0]
    assert finding.span is not None and finding.span.start == finding.span.end
    assert hyp[: finding.span.start].rstrip().endswith("by one third.")
    assert "repairing schools" in (finding.suggestion or "")
    assert [f for f in findings if f.rule == "C102"] == []


def test_sentence_present_in_source_but_not_reference_is_not_an_addition() -> None:
    # the reference lacks the last sentence; the source has it, so the translation is right to keep it
    reference = REFERENCE.rsplit("\n", 1)[0]
    _, findings = run(FAITHFUL, reference, SOURCE_RU, use_model=False)
    assert [f for f in findings if f.rule == "C102"] == []


def test_word_share_counts_content_words_and_prefixes() -> None:
    vocabulary = set(content_words("The bridges of the city council"))
    assert word_share(content_words("bridge council budget"), vocabulary) == pytest.approx(2 / 3)
    assert word_share([], vocabulary) == 1.0


@pytest.mark.slow
def test_advert_flagged_and_no_real_sentence_with_models() -> None:
    _, findings = run(WITH_ADVERT, REFERENCE, SOURCE_RU, use_model=True)
    additions = [(f.span.start, f.span.end) for f in findings if f.rule == "C102" and f.span]
    assert additions == advert_spans(WITH_ADVERT)
    assert [f for f in findings if f.rule == "C101"] == []


@pytest.mark.slow
def test_source_only_addition_with_models() -> None:
    _, findings = run(WITH_ADVERT, None, SOURCE_RU, use_model=True)
    additions = [(f.span.start, f.span.end) for f in findings if f.rule == "C102" and f.span]
    assert additions == advert_spans(WITH_ADVERT)
