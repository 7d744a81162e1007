"""U101: Cyrillic or Chinese left in the English translation."""

from __future__ import annotations

from qa.checks import CHECK_CLASSES
from qa.checks.untranslated import UntranslatedCheck
from qa.config import Config
from qa.document import Document, Severity, Text
from qa.pipeline import prepare


def run(hyp: str, ref: str | None = None, src: str | None = None, src_lang: str = "ru"):
    doc = Document(
        id="u",
        hyp=Text(hyp, "en"),
        refs=[Text(ref, "en")] if ref is not None else [],
        src=Text(src, src_lang) if src is not None else None,
    )
    return list(UntranslatedCheck().run(prepare(doc, Config(no_model=True)), None))


def test_registered() -> None:
    assert "qa.checks.untranslated:UntranslatedCheck" in CHECK_CLASSES


def test_cyrillic_word_is_reported_with_its_span() -> None:
    hyp = "The minister said the ban was несправедливым and would be appealed."
    (finding,) = run(hyp)
    assert finding.rule == "U101" and finding.severity == Severity.ERROR
    assert finding.text == "несправедливым" == hyp[finding.span.start : finding.span.end]
    assert "Cyrillic" in finding.message
    assert dict(finding.evidence)["romanised"] == "nespravedlivym"


def test_a_proper_name_left_in_cyrillic_gets_its_romanisation_as_the_fix() -> None:
    (finding,) = run("Residents of the Нагатино-Садовники district complained about the noise.")
    assert finding.suggestion == "Nagatino-Sadovniki"
    (finding,) = run("The street was renamed after Юрий Гагарин last year.")
    assert finding.suggestion == "Yury Gagarin"
    # ordinary words need a translation, not a romanisation
    (finding,) = run("The minister said the ban was несправедливым and would be appealed.")
    assert finding.suggestion is None


def test_multi_word_runs_are_one_finding() -> None:
    hyp = "Officials called it\nэто просто позор, they said."
    (finding,) = run(hyp)
    assert finding.text == "это просто позор" and finding.span.line == 2 and finding.span.column == 1


def test_chinese_run_with_inner_punctuation_is_one_finding() -> None:
    hyp = "The company said it was 非常遗憾，但是 willing to talk."
    (finding,) = run(hyp, src="公司表示非常遗憾，但是愿意对话。", src_lang="zh")
    assert finding.text == "非常遗憾，但是" and "Chinese" in finding.message


def test_text_the_reference_keeps_is_not_reported() -> None:
    hyp = "The slogan «Сделано в России» appeared on every box."
    assert run(hyp, ref="Every box carried the slogan «Сделано в России».") == []


def test_quoted_text_the_source_quotes_is_not_reported() -> None:
    hyp = 'The banner read "Мы вместе" in large letters.'
    assert run(hyp, src="На плакате крупными буквами было написано «Мы вместе».") == []
    # Outside quotation marks the same words are a leftover.
    assert [f.text for f in run("The banner said Мы вместе in large letters.", src="«Мы вместе»")] == [
        "Мы вместе"
    ]


def test_quoted_text_absent_from_the_source_is_reported() -> None:
    hyp = 'He called it "полная ерунда" at the briefing.'
    assert [f.text for f in run(hyp, src="Он назвал это чепухой на брифинге.")] == ["полная ерунда"]


def test_parenthetical_gloss_of_a_name_is_kept() -> None:
    assert run("The newspaper Kommersant (Коммерсантъ) reported the story.") == []
    assert run("The newspaper reported the story (вчера).") != []


def test_clean_english_and_other_scripts_pass() -> None:
    assert run("The café in Zürich served crème brûlée; the Greek letter α is fine.") == []


def test_non_english_hypothesis_is_not_checked() -> None:
    doc = Document(id="u", hyp=Text("Это русский текст.", "ru"))
    assert list(UntranslatedCheck().run(prepare(doc, Config(no_model=True)), None)) == []


def test_addresses_and_separators_are_not_untranslated_text() -> None:
    assert run("Details are on премияарсеньева.рф and on the site.") == []
    assert run("News丨The council met on Monday.") == []


def test_quoted_text_a_pivot_standing_in_quotes_is_not_reported() -> None:
    hyp = "The banner read “同舟共济” in large letters."
    alone = Document(id="u", hyp=Text(hyp, "en"))
    assert [f.text for f in UntranslatedCheck().run(prepare(alone, Config(no_model=True)), None)] == [
        "同舟共济"
    ]
    with_pivot = Document(id="u", hyp=Text(hyp, "en"), pivot=Text("横幅上用大字写着“同舟共济”。", "zh"))
    assert list(UntranslatedCheck().run(prepare(with_pivot, Config(no_model=True)), None)) == []
