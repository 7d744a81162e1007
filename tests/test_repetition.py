"""C102 for a sentence the translation repeats and the source or reference says once."""

from __future__ import annotations

from qa.align import align
from qa.checks.interface import CheckContext
from qa.checks.repetition import RepetitionCheck
from qa.config import Config
from qa.document import AlignedDocument, Document, Finding, Text

STORY = [
    "The regional government approved a new budget for the coming year on Monday.",
    "Spending on schools will rise by a tenth, the finance department said.",
    "The opposition called the plan unrealistic and promised to vote against it.",
]
SOURCE = [
    "В понедельник правительство региона утвердило новый бюджет на следующий год.",
    "Расходы на школы вырастут на десятую часть, сообщил департамент финансов.",
    "Оппозиция назвала план нереалистичным и пообещала голосовать против.",
]


def findings(hyp: list[str], refs: tuple[list[str], ...] = (), src: list[str] | None = None) -> list[Finding]:
    hyp_text = Text("\n".join(hyp), "en")
    ref_texts = [Text("\n".join(r), "en") for r in refs]
    src_text = Text("\n".join(src), "ru") if src else None
    aligned = AlignedDocument(
        Document("d", hyp_text, ref_texts, src_text),
        [align(hyp_text, r) for r in ref_texts],
        align(hyp_text, src_text) if src_text else None,
    )
    return list(RepetitionCheck().run(aligned, CheckContext(Config())))


def test_a_pasted_repeat_is_an_addition_against_the_source_and_the_reference() -> None:
    doubled = [*STORY, STORY[0]]
    (from_source,) = findings(doubled, src=SOURCE)
    assert from_source.rule == "C102" and from_source.span.line == 4
    assert "repeats line 1" in from_source.message and "the source says once" in from_source.message
    assert from_source.suggestion == ""
    (from_reference,) = findings(doubled, refs=(STORY,))
    assert "the reference says once" in from_reference.message


def test_repeats_the_other_text_also_has_and_short_sentences_are_fine() -> None:
    assert findings([*STORY, STORY[0]], refs=([*STORY, STORY[0]],)) == []
    assert findings([*STORY, "He declined to comment.", "He declined to comment."], src=SOURCE) == []
    assert findings(STORY, src=SOURCE) == []
    assert findings([*STORY, STORY[1]]) == []  # nothing to compare with: no claim
