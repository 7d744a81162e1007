"""C101 omission / C102 addition from the sentence alignments."""

from __future__ import annotations

import pytest
from fidelity_texts import ADVERT, FAITHFUL, REFERENCE, SOURCE_RU, WITH_ADVERT, aligned_document

from qa.checks.coverage import CoverageCheck, content_words, word_count, word_share
from qa.checks.interface import CheckContext
from qa.config import Config


def run(hyp: str, ref: str | None, src: str | None = None, use_model: bool = False, src_lang: str = "ru"):
    doc = aligned_document(hyp, ref, src, use_model=use_model, src_lang=src_lang)
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


# --- against the source alone (issue 12) ------------------------------------------------------


def test_source_only_without_model_flags_the_advert_by_its_codes_and_url() -> None:
    # Before, --no-model silently dropped C101/C102 against a source; now what needs no model
    # (URLs, codes, numbers absent from the source) still finds the advert, and says against what.
    _, findings = run(WITH_ADVERT, None, SOURCE_RU)
    additions = [f for f in findings if f.rule == "C102"]
    assert [(f.span.start, f.span.end) for f in additions if f.span] == advert_spans(WITH_ADVERT)
    assert all("matches nothing in the source;" in f.message for f in additions)
    assert [f for f in findings if f.rule == "C101"] == []


def test_source_only_without_model_keeps_faithful_sentences() -> None:
    _, findings = run(FAITHFUL, None, SOURCE_RU)
    assert findings == []


def test_source_only_without_model_finds_a_dropped_sentence_by_its_number() -> None:
    dropped = next(line for line in FAITHFUL.split("\n") if "1956" in line)
    _, findings = run(FAITHFUL.replace(dropped, "").rstrip(), None, SOURCE_RU)
    (omission,) = findings
    assert omission.rule == "C101" and "source sentence" in omission.message
    assert "1956" in dict(omission.evidence)["numbers_not_in_translation"]


# Written for these tests: a short story whose sentences carry names and numbers.
_NAMED_SOURCE = (
    "Министр финансов Антон Силуанов заявил во вторник, что бюджет будет сбалансирован.\n"
    "По словам Силуанова, дефицит не превысит 1,2 трлн рублей.\n"
    "Глава Центробанка Эльвира Набиуллина в среду не исключила повышения ставки до 17%.\n"
    "Пресс-секретарь президента Дмитрий Песков отказался комментировать слова Набиуллиной.\n"
    "Губернатор Санкт-Петербурга Александр Беглов открыл новую станцию метро 28 декабря.\n"
    "Стоимость строительства составила 45 млрд рублей, сообщил вице-губернатор Николай Линченко."
)
_NAMED_HYP = (
    "Finance Minister Anton Siluanov said on Tuesday that the budget would be balanced.\n"
    "According to Siluanov, the deficit will not exceed 1.2 trillion rubles.\n"
    "Central Bank head Elvira Nabiullina on Wednesday did not rule out raising the rate to 17%.\n"
    "Presidential spokesman Dmitry Peskov declined to comment on Nabiullina's words.\n"
    "St. Petersburg Governor Alexander Beglov opened a new metro station on December 28.\n"
    "The construction cost 45 billion rubles, said Vice Governor Nikolai Linchenko."
)


def test_source_only_without_model_a_changed_number_is_not_an_omission() -> None:
    # the last two sentences are there with wrong figures (the number check's D101 and D102);
    # their names pair them with their source sentences, so coverage has nothing to say
    hyp = _NAMED_HYP.replace("45 billion", "54 billion").replace("December 28", "December 18")
    _, findings = run(hyp, None, _NAMED_SOURCE)
    assert findings == []


def test_source_only_without_model_a_dropped_named_sentence_is_the_omission() -> None:
    lines = _NAMED_HYP.split("\n")
    hyp = "\n".join([*lines[:4], lines[4].replace("December 28", "December 18")])
    _, findings = run(hyp, None, _NAMED_SOURCE)
    assert [(f.rule, dict(f.evidence)["source_sentence"]) for f in findings] == [("C101", "6")]


def test_messages_name_what_was_compared() -> None:
    _, with_ref = run(WITH_ADVERT, REFERENCE)
    assert all("matches nothing in the reference;" in f.message for f in with_ref if f.rule == "C102")
    _, both = run(WITH_ADVERT, REFERENCE, SOURCE_RU)
    assert all("in the reference or the source;" in f.message for f in both if f.rule == "C102")


def test_source_only_without_model_reads_numbers_in_any_form() -> None:
    # "two to five apprentices" translates 2～5, "２０th" is the 20th, "5,000 years" is 五千年:
    # none of these sentences is an omission or an addition.
    hyp = (
        "A master can lead two to five apprentices.\n"
        "The centre said on the 20th that the civilisation is 5,000 years old."
    )
    src = "1个师傅可带2～5个徒弟。中心２０日表示，文明有五千年历史。"
    _, findings = run(hyp, None, src, src_lang="zh")
    assert findings == []


@pytest.mark.slow
def test_seed_source_only_the_split_quote_is_not_an_addition() -> None:
    # The translation splits «На мой взгляд, это обвинение высосано из пальца»,— заявил министр
    # ... Никифоров in two; the quote alone is far from every source sentence (USE 0.20), but
    # it completes its neighbour's match. The reprint note and the advert lines stay C102.
    from seed_article import SEED

    hyp = (SEED / "kaspersky-2017.hyp.txt").read_text(encoding="utf-8")
    src = (SEED / "kaspersky-2017.src.ru.txt").read_text(encoding="utf-8")
    _, findings = run(hyp, None, src, use_model=True)
    flagged = [f.text for f in findings]
    assert not any("thin air" in text for text in flagged)
    assert [f.rule for f in findings] == ["C102"] * 4
    assert flagged[0].startswith("This article is published") and "lonfinesmart" in flagged[-1]


def test_nothing_matched_is_not_an_addition() -> None:
    # One sentence each side, too unlike for the aligner: not "added content".
    _, findings = run(
        "Every dog has its day, and black tea gets popular again.", "Tea is back in fashion now."
    )
    assert findings == []


def test_source_only_without_model_a_month_alone_is_not_evidence() -> None:
    _, findings = run(
        "Last October, the invention won the first prize.",
        None,
        "去年十月，这项发明获得一等奖。",
        src_lang="zh",
    )
    assert findings == []


def test_source_only_without_model_numerals_in_words_are_not_evidence() -> None:
    hyp = "This day coincides with International Human Rights Day.\nEvery minute counts."
    _, findings = run(hyp, None, "这一天恰逢“国际人权日”。多耽搁一分钟都不行。", src_lang="zh")
    assert findings == []


def test_a_short_chinese_sentence_counts_its_words() -> None:
    """A dropped short Chinese sentence must reach the omission minimum (3 words): unspaced,
    it was one regex word and never a C101 candidate."""
    assert word_count("这是中国队本届预选赛第二场胜利。") >= 3
    assert word_count("纳尔逊说，推迟的主要原因是隔热罩问题。") >= 3
    assert word_count("The match drew about 52,000 spectators.") == 7
    assert word_count("（完）") < 3


_PARAPHRASE_HYP = (
    "Turnout in the governor's election was 45.2%, 3.1 percentage points lower than five years ago. "
    "The incumbent head of the region won 71% of the vote. "
    "His main rival received less than 15%. "
    "The final results will be announced on Wednesday, September 20."
)
_PARAPHRASE_REF = (
    "Turnout at the gubernatorial election stood at 45.2 percent, down 3.1 percentage points from five "
    "years earlier. The region's incumbent leader took 71 percent of votes. "
    "His chief opponent got under 15 percent. "
    "Final results are due on Wednesday 20 September."
)


def test_without_model_a_paraphrase_with_the_same_figures_in_its_place_is_matched() -> None:
    """The trigram alignment cannot pair the reworded third sentence, but it stands where the
    reference's does and states the same figure: neither an omission nor an addition."""
    _, findings = run(_PARAPHRASE_HYP, _PARAPHRASE_REF)
    assert findings == []


def test_without_model_an_advert_in_a_dropped_sentences_place_is_still_both() -> None:
    hyp = _PARAPHRASE_HYP.replace(
        "His main rival received less than 15%.", "Subscribe to our channel to read the news first."
    )
    _, findings = run(hyp, _PARAPHRASE_REF)
    assert sorted(f.rule for f in findings) == ["C101", "C102"]


def test_without_model_a_changed_figure_in_a_paraphrase_is_not_matched() -> None:
    hyp = _PARAPHRASE_HYP.replace("less than 15%", "less than 25%")
    _, findings = run(hyp, _PARAPHRASE_REF)
    assert sorted(f.rule for f in findings) == ["C101", "C102"]


_FLOOD_SOURCE = (
    "В результате наводнения в Приморье погибли по меньшей мере 12 человек, еще около 40 пострадали. "
    "Уровень воды в реке поднялся на 2,5 метра. "
    "Ущерб оценивается в 3 млрд рублей. "
    "Спасатели эвакуировали более 800 человек, в том числе 150 детей."
)
_FLOOD_HYP = (
    "At least 12 people were killed and about 40 more injured in floods in Primorye. "
    "The water level in the river rose by 2.5 metres. "
    "The damage is estimated at 3 billion roubles. "
    "Rescuers evacuated more than 800 people, including 150 children."
)


@pytest.mark.parametrize("use_model", [False, True])
def test_a_dropped_clause_with_a_figure_is_an_omission_at_its_sentence(use_model: bool) -> None:
    hyp = _FLOOD_HYP.replace(", including 150 children", "")
    _, findings = run(hyp, None, _FLOOD_SOURCE, use_model=use_model)
    assert [(f.rule, f.span.start, dict(f.evidence)["numbers_not_in_translation"]) for f in findings] == [
        ("C101", len(hyp), "150")
    ]
    assert '"150" of source sentence 4' in findings[0].message


def test_a_dropped_clause_is_found_against_a_reference_too() -> None:
    reference = _FLOOD_HYP.replace("including 150 children", "150 of them children")
    hyp = _FLOOD_HYP.replace(", including 150 children", "")
    _, findings = run(hyp, reference)
    assert [f.rule for f in findings] == ["C101"]


def test_a_changed_figure_is_not_a_dropped_clause() -> None:
    # "1.5 billion" for 3 млрд is the number check's D101; coverage has nothing to add
    hyp = _FLOOD_HYP.replace("3 billion roubles", "half a billion roubles")
    assert run(hyp, None, _FLOOD_SOURCE)[1] == []
    assert run(_FLOOD_HYP, None, _FLOOD_SOURCE)[1] == []


def test_a_figure_written_twice_in_place_of_another_is_not_a_dropped_clause() -> None:
    source = "Лидерами стали Приморский и Хабаровский края - 13 и 11 заявок. Всего подано 240 заявок."
    hyp = (
        "Primorsky and Khabarovsk territories led with 13 and 13 applications. "
        "In all, 240 applications were filed."
    )
    assert run(hyp, None, source)[1] == []


def test_one_unit_of_a_rate_is_written_per_unit() -> None:
    # 1欧元兑1.12美元 is "1.12 dollars to the euro": the 1 is the rate's base, which English
    # writes as "per", "to the" or "against the" unit, not a dropped figure.
    src = "周三欧元汇率升至1欧元兑1.12美元，创下三个月来新高，成交额达到450亿美元。"
    hyp = "On Wednesday the euro rose to 1.12 dollars per euro, a 3-month high, on turnover of $45 billion."
    _, findings = run(hyp, None, src, src_lang="zh")
    assert findings == []
    # a figure that is gone is still an omission
    _, findings = run(hyp.replace(", on turnover of $45 billion", ""), None, src, src_lang="zh")
    assert [(f.rule, dict(f.evidence)["numbers_not_in_translation"]) for f in findings] == [
        ("C101", "450亿美元")
    ]
