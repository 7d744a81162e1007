"""E101 entity changed / E102 entity missing: places, organisations and teams against the reference."""

from __future__ import annotations

from pathlib import Path

from qa.checks import CHECK_CLASSES
from qa.checks.entities import EntityCheck, Witness, extract_entities
from qa.config import Config
from qa.document import Document, Finding, Severity, Text
from qa.pipeline import prepare
from qa.rules import RULES

CORPORA = Path(__file__).resolve().parents[1] / "corpora"


def run(hyp: str, ref: str, src: str | None = None, src_lang: str | None = None) -> list[Finding]:
    document = Document(
        id="t",
        hyp=Text(hyp, "en"),
        refs=[Text(ref, "en")],
        src=Text(src, src_lang) if src is not None and src_lang else None,
    )
    return list(EntityCheck().run(prepare(document, Config(no_model=True)), None))


def rules(findings: list[Finding]) -> list[str]:
    return [f.rule for f in findings]


def test_registered_with_catalogue_entries() -> None:
    assert "qa.checks.entities:EntityCheck" in CHECK_CLASSES
    assert RULES["E101"].severity is Severity.WARNING and RULES["E101"].category == "entity"
    assert RULES["E102"].severity is Severity.WARNING and RULES["E102"].category == "entity"


def test_replaced_place_names_both_entities_with_span_and_suggestion() -> None:
    hyp = "The talks between the two delegations were held in Norway last week."
    ref = "The talks between the two delegations took place in Qatar last week."
    findings = run(hyp, ref)
    assert rules(findings) == ["E101"]
    finding = findings[0]
    assert "Norway" in finding.message and "Qatar" in finding.message
    assert finding.span is not None and hyp[finding.span.start : finding.span.end] == "Norway"
    assert finding.suggestion == "Qatar"
    assert finding.severity is Severity.WARNING


def test_replaced_organisation_multiword() -> None:
    hyp = "The striker signed a new contract with Bayern Munich on Friday."
    ref = "The striker signed a new contract with Manchester United on Friday."
    findings = run(hyp, ref)
    assert rules(findings) == ["E101"]
    assert findings[0].text == "Bayern Munich" and findings[0].suggestion == "Manchester United"


def test_country_aliases_are_not_flagged() -> None:
    assert (
        run(
            "The United States imposed new tariffs on steel, officials in Washington said.",
            "The U.S. imposed new tariffs on steel, officials said.",
        )
        == []
    )
    assert run("Russian officials denied the report.", "Officials in Russia denied the report.") == []
    assert run("Russia's foreign ministry denied it.", "The Russian Foreign Ministry denied it.") == []


def test_reordered_organisation_names_are_not_flagged() -> None:
    assert (
        run(
            "The Commerce Ministry announced the new export rules on Monday.",
            "The Ministry of Commerce announced new rules for exports on Monday.",
        )
        == []
    )


def test_sentence_initial_words_and_spelling_variants_are_not_entities_changed() -> None:
    assert (
        run(
            "Currently, Zelenskiy is visiting Kyiv with advisers.",
            "At present, Zelensky is visiting Kiev together with his advisers.",
        )
        == []
    )


def test_capital_is_not_attested_by_its_country_when_both_sides_name_the_country() -> None:
    findings = run(
        "The museum reopened in Milan, the capital of Italy, on Monday.",
        "The museum reopened in Rome, the capital of Italy, on Monday.",
    )
    assert rules(findings) == ["E101"] and findings[0].suggestion == "Rome"


def test_dropped_entity_is_a_warning_on_the_sentence() -> None:
    hyp = "The company said sales grew by a third.\nThe shares rose after the report."
    ref = "The company said sales grew by a third.\nShares of Gazprom rose after the report."
    findings = run(hyp, ref)
    assert rules(findings) == ["E102"]
    finding = findings[0]
    assert "Gazprom" in finding.message and finding.severity is Severity.WARNING
    assert finding.span is not None and hyp[finding.span.start : finding.span.end] == (
        "The shares rose after the report."
    )


def test_source_pinyin_vetoes_a_name_the_reference_renders_differently() -> None:
    hyp = "Xu Zhengyu said he was optimistic about the economy."
    ref = "Christopher Hui said he was optimistic about the economy."
    assert "E101" in rules(run(hyp, ref))
    with_source = run(hyp, ref, "许正宇表示，他对经济前景感到乐观。", "zh")
    assert "E101" not in rules(with_source)


def test_latin_name_in_source_missing_from_translation() -> None:
    findings = run(
        "The messenger was blocked in the country.",
        "The messenger was blocked in the country.",
        "Мессенджер Telegram заблокирован в стране.",
        "ru",
    )
    assert rules(findings) == ["E102"] and "Telegram" in findings[0].message


def test_extraction_cuts_function_words_and_keeps_acronyms() -> None:
    text = "According to the U.S. Department of State, the WHO and Kaspersky Lab agreed."
    found = [e.text for e in extract_entities(text)]
    assert found == ["U.S. Department of State", "WHO", "Kaspersky Lab"]


def test_witness_matches_stems_and_fuzzy_spellings() -> None:
    witness = Witness("Ukrainian officials met Dmitri Peskov.")
    ukraine, peskova = extract_entities("Ukraine and Peskova")
    assert witness.attests(ukraine) and witness.attests(peskova)


def test_seed_corpus_with_its_reference_has_no_entity_changed() -> None:
    folder = CORPORA / "kaspersky-2017"
    document = Document(
        id="seed",
        hyp=Text((folder / "kaspersky-2017.hyp.txt").read_text(encoding="utf-8"), "en"),
        refs=[Text((folder / "kaspersky-2017.ref.txt").read_text(encoding="utf-8"), "en")],
    )
    findings = list(EntityCheck().run(prepare(document, Config(no_model=True)), None))
    assert "E101" not in rules(findings)


def test_no_reference_no_findings() -> None:
    document = Document(id="x", hyp=Text("Talks were held in Norway.", "en"))
    assert list(EntityCheck().run(prepare(document, Config(no_model=True)), None)) == []


def test_the_epidemic_is_the_covid_19_epidemic_said_shorter() -> None:
    ref = "Schools in the district stayed shut because of the COVID-19 epidemic."
    hyp = "Schools in the district stayed closed because of the epidemic."
    assert run(hyp, ref) == []
    assert run(ref, hyp) == []
    # a place dropped beside it is still missing
    findings = run(hyp, ref.replace("the district", "Kowloon"))
    assert [(f.rule, f.message) for f in findings] == [
        ("E102", "'Kowloon' of the reference missing from this sentence")
    ]


def test_a_contraction_and_a_numbered_level_are_not_entities() -> None:
    ref = "“I’m certain the lake is a Level 2 protected wetland,” the warden said."
    hyp = "“I am certain the lake is a second-class protected wetland,” the warden said."
    assert run(hyp, ref) == []
    assert run(ref, hyp) == []
    # a lake's name dropped from the same sentence is still missing
    findings = run(hyp, ref.replace("the lake", "Lake Dian"))
    assert [(f.rule, f.message) for f in findings] == [
        ("E102", "'Lake Dian' of the reference missing from this sentence")
    ]


def test_latin_text_inside_chinese_without_spaces_is_read_from_the_source() -> None:
    src = "据报道，市政府将于周五在滨江大厦举行TEDx论坛。"
    ref = "The city government will hold the forum at the Riverside Tower on Friday, reports said."
    hyp = "The city government will hold the TEDx forum at Binjiang Tower on Friday, reports said."
    assert [f.text for f in run(hyp, ref)] == ["TEDx", "Binjiang Tower"]
    # the source writes TEDx (with no space around it) and 滨江 (Binjiang)
    assert [f.text for f in run(hyp, ref, src, "zh")] == []


def test_an_ordinary_word_opening_a_quotation_is_a_sentence_start() -> None:
    ref = "The programme “Homeward” is made by Changsha Radio this year."
    hyp = "The programme “Going home” is made by the city radio station this year."
    # "Going" is no entity put in the place of Changsha Radio; the station is still missing
    findings = run(hyp, ref)
    assert [(f.rule, f.message) for f in findings] == [
        ("E102", "'Changsha Radio' of the reference missing from this sentence")
    ]
    # a name opening the quotation is still an entity
    findings = run(hyp.replace("Going home", "Xiangjiang"), ref)
    assert [f.text for f in findings if f.rule == "E101"] == ["Xiangjiang"]


def test_sar_says_what_kind_of_region_not_which() -> None:
    # "the SAR Government" is the government of the region the article is about: "SAR" is a
    # kind of region, like "Province", not a name put in the place of the reference's
    ref = "The Government has opened a quarantine centre in Wong Tai Sin, near Tung Chung."
    hyp = "The SAR Government has opened a quarantine centre near Tung Chung."
    assert [(f.rule, f.message) for f in run(hyp, ref)] == [
        ("E102", "'Wong Tai Sin' of the reference missing from this sentence")
    ]


def test_an_acronym_spelled_out_in_lower_case_is_there() -> None:
    ref = "The plan was approved by the NDRC and announced in Chengdu on Monday."
    hyp = "The plan was approved by the national development and reform commission and announced on Monday."
    assert [(f.rule, f.message) for f in run(hyp, ref)] == [
        ("E102", "'Chengdu' of the reference missing from this sentence")
    ]
    # other words are not the acronym
    findings = run(hyp.replace("national development and reform commission", "city planning office"), ref)
    assert [(f.rule, f.message) for f in findings] == [
        ("E102", "'NDRC', 'Chengdu' of the reference missing from this sentence")
    ]


def test_the_outbreak_and_the_foreign_ministry_are_other_names_of_the_same() -> None:
    ref = "After the outbreak of COVID-19, Spain's Ministry of Foreign Affairs said Valencia was calm."
    hyp = "After the outbreak, the Spanish foreign ministry said Valencia was calm."
    assert run(hyp, ref) == []
    findings = run(hyp.replace("foreign ministry", "health ministry"), ref)
    assert [(f.rule, f.message) for f in findings] == [
        ("E102", "'Ministry of Foreign Affairs' of the reference missing from this sentence")
    ]
