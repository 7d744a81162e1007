"""Q101: quotations whose speaker or words changed between the reference/source and the translation."""

from __future__ import annotations

import pytest

from qa.checks import CHECK_CLASSES
from qa.checks.interface import CheckContext
from qa.checks.quotes import QuoteCheck, find_quotations, find_russian_speakers
from qa.config import Config
from qa.document import Document, Severity, Text
from qa.pipeline import prepare

REF = (
    "The ministry rejected the report on Tuesday.\n"
    '"These claims have no basis in fact and we will challenge them in court," Lavrov said.\n'
    "Officials met again on Friday."
)


def run(hyp: str, ref: str | None = REF, src: str | None = None):
    doc = Document(
        id="q",
        hyp=Text(hyp, "en"),
        refs=[Text(ref, "en")] if ref is not None else [],
        src=Text(src, "ru") if src is not None else None,
    )
    return list(QuoteCheck().run(prepare(doc, Config(no_model=True)), None))


def test_registered() -> None:
    assert "qa.checks.quotes:QuoteCheck" in CHECK_CLASSES


def test_speaker_forms_are_found() -> None:
    text = (
        '"We are ready to talk," Peskov said. '
        '"Nothing has changed," said Kremlin spokesman Dmitry Peskov. '
        'Zakharova told reporters: "This is a provocation." '
        '"The deal is off," according to Maria Zakharova.'
    )
    speakers = [q.surname for q in find_quotations(text)]
    assert speakers == ["Peskov", "Peskov", "Zakharova", "Zakharova"]
    quote = find_quotations(text)[0]
    assert text[quote.start : quote.end] == quote.words == "We are ready to talk,"


def test_pronoun_speaker_has_no_surname() -> None:
    (quote,) = find_quotations('"It will pass," he said.')
    assert quote.speaker == "he" and quote.surname is None


def test_same_quotation_and_speaker_pass() -> None:
    hyp = REF.replace("have no basis in fact", "are groundless")
    assert run(hyp) == []


def test_misspelt_speaker_is_left_to_the_name_rules() -> None:
    assert run(REF.replace("Lavrov said", "Lavrow said")) == []


def test_pronoun_for_a_name_is_not_reported() -> None:
    assert run(REF.replace("Lavrov said", "he said")) == []


def test_changed_speaker_is_reported_on_the_name() -> None:
    hyp = REF.replace("Lavrov said", "Peskov said")
    (finding,) = run(hyp)
    assert finding.rule == "Q101" and finding.severity == Severity.ERROR
    assert finding.text == "Peskov" == hyp[finding.span.start : finding.span.end]
    assert "Lavrov" in finding.message and finding.suggestion == "Lavrov"


def test_swapped_quotation_words_are_reported() -> None:
    hyp = REF.replace(
        "These claims have no basis in fact and we will challenge them in court",
        "Farmers expect a record harvest of wheat this autumn across southern regions",
    )
    (finding,) = run(hyp)
    assert finding.text.startswith("Farmers expect") and "These claims" in finding.message


def test_paraphrased_quotation_is_not_reported() -> None:
    hyp = REF.replace(
        "These claims have no basis in fact and we will challenge them in court",
        "The claims are baseless in fact, and we shall contest them in court",
    )
    assert run(hyp) == []


def test_short_scare_quotes_are_not_compared() -> None:
    ref = 'He called it "unfair competition" and left.'
    assert run('He called it "market rivalry" and left.', ref=ref) == []


def test_russian_source_speaker() -> None:
    src = (
        "Министр выступил во вторник.\n"
        "«Эти утверждения не имеют оснований», — сказал Лавров.\n"
        "Встреча продолжилась."
    )
    assert find_russian_speakers(src)[0][2] == "lavrov"
    hyp = 'The minister spoke on Tuesday.\n"These claims are groundless," Peskov said.\nThe meeting went on.'
    (finding,) = run(hyp, ref=None, src=src)
    assert finding.text == "Peskov" and "Lavrov" in finding.message and "source" in finding.message
    assert run(hyp.replace("Peskov", "Lavrov"), ref=None, src=src) == []


def test_russian_inflected_speaker_matches() -> None:
    src = "По словам Захаровой, «решение было ошибкой и его отменят»."
    hyp = 'According to Zakharova, "the decision was a mistake and will be reversed."'
    assert run(hyp, ref=None, src=src) == []


def test_seed_corpus_quotations_pass() -> None:
    from pathlib import Path

    corpus = Path(__file__).resolve().parents[1] / "corpora" / "kaspersky-2017"
    if not corpus.exists():
        return
    hyp = (corpus / "kaspersky-2017.hyp.txt").read_text(encoding="utf-8")
    ref = (corpus / "kaspersky-2017.ref.txt").read_text(encoding="utf-8")
    src = (corpus / "kaspersky-2017.src.ru.txt").read_text(encoding="utf-8")
    assert run(hyp, ref=ref, src=src) == []
    swapped = hyp.replace('"This is regrettable," Peskov said', '"This is regrettable," Lavrov said')
    assert [f.text for f in run(swapped, ref=ref)] == ["Lavrov"]


def test_speaker_named_on_both_sides_is_not_a_new_speaker() -> None:
    # The reference's "said the director of the Africa Health Research Institute, Willem
    # Hanekom" was read as the speaker "Health"; "Tian" is Tian Feiyu (surname first).
    ref = (
        '"Almost all indications are that this is a milder disease," said the director of the '
        "Africa Health Research Institute Willem Hanekom."
    )
    hyp = (
        '"At the moment, almost all indications are that this is a milder disease," said Willem Hanekom, '
        "director of the African Health Institute."
    )
    assert run(hyp, ref=ref) == []
    ref = 'Tian Feiyu said: "The goal of the Biennale is twofold, to engage art in a global dialogue."'
    hyp = 'Tian said: "The goal of the Biennale is twofold, to engage art in a global dialogue."'
    assert run(hyp, ref=ref) == []


def test_speaker_change_still_reported_when_the_other_is_absent() -> None:
    (finding,) = run(REF.replace("Lavrov said", "Peskov said"))
    assert finding.suggestion == "Lavrov"


@pytest.mark.slow
def test_paraphrased_short_quotation_with_models() -> None:
    ref = 'The official said, "raising donations by grabbing attention is not advocated."'
    hyp = 'The person in charge said, "This kind of eyeball fundraising method is not recommended."'
    doc = Document(id="q", hyp=Text(hyp, "en"), refs=[Text(ref, "en")])
    context = CheckContext(config=Config())
    assert list(QuoteCheck().run(prepare(doc, Config()), context)) == []
