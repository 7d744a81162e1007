"""The name engine: N101-N105 against references, a Russian source, the lexicon and a glossary."""

from __future__ import annotations

import pytest

from qa.names.engine import NameEngine, classify_token, consistency_across
from qa.names.glossary import parse_glossary_tsv
from qa.names.model import ExpectedToken, NameIssue

HYP = (
    "Minister Nikolai Nikifrov met reporters Yelena Chernenko and Romano Rozhkov. "
    "Spokeswoman Maria Zakharova and Dmitry Peskov, the aide to President Vladimir Putin, agreed. "
    "Acting Secretary Elaine Duke disagreed. Nikifrov said the ban hurt Kaspersky."
)
REF = (
    "Minister Nikolai Nikiforov met reporters Yelena Chernenko and Roman Rozhkov. "
    "Spokeswoman Maria Zakharova and Dmitry Peskov, aide to President Vladimir Putin, agreed. "
    "Acting Secretary Elaine Duke disagreed. Nikiforov said the ban hurt Kaspersky."
)
SRC = (
    "Министр Николай Никифоров встретился с журналистами Еленой Черненко и Романом Рожковым. "
    "Мария Захарова и Дмитрий Песков, помощник президента Владимира Путина, согласились. "
    "Исполняющая обязанности министра Элейн Дьюк не согласилась. Никифоров сказал, что запрет "
    "вредит Касперскому."
)
FLAGGED = {"Nikifrov": "Nikiforov", "Romano": "Roman"}


@pytest.fixture(scope="module")
def engine() -> NameEngine:
    return NameEngine()


def by_text(issues: list[NameIssue], rule: str) -> dict[str, str | None]:
    return {i.text: i.suggestion for i in issues if i.rule == rule}


def spans_are_exact(issues: list[NameIssue]) -> None:
    for issue in issues:
        if issue.start is not None:
            assert HYP[issue.start : issue.end] == issue.text


def test_reference_mode_flags_the_misspellings_only(engine: NameEngine) -> None:
    issues = engine.check(HYP, refs=[REF])
    spans_are_exact(issues)
    assert by_text(issues, "N101") == FLAGGED
    assert {i.rule for i in issues} == {"N101"}
    assert len([i for i in issues if i.text == "Nikifrov"]) == 2  # both occurrences


def test_source_mode_flags_them_with_the_source_form(engine: NameEngine) -> None:
    issues = engine.check(HYP, src=SRC, src_lang="ru")
    spans_are_exact(issues)
    assert by_text(issues, "N101") == FLAGGED
    assert {i.rule for i in issues} == {"N101"}
    evidence = dict(next(i for i in issues if i.text == "Nikifrov").evidence)
    assert evidence["source"] == "Никифоров"
    assert evidence["scheme"] == "bgn_pcgn"


def test_lexicon_mode_flags_them_as_unattested(engine: NameEngine) -> None:
    issues = engine.check(HYP)
    spans_are_exact(issues)
    assert by_text(issues, "N104") == FLAGGED
    assert {i.rule for i in issues} == {"N104"}
    nikifrov = dict(next(i for i in issues if i.text == "Nikifrov").evidence)
    assert int(nikifrov["count"]) > 500 and int(nikifrov["attested"]) <= 2


def test_accepted_variant_of_the_reference_is_a_warning(engine: NameEngine) -> None:
    issues = engine.check("Reporter Elena Chernenko wrote it.", refs=["Reporter Yelena Chernenko wrote it."])
    [issue] = issues
    assert (issue.rule, issue.text, issue.suggestion) == ("N102", "Elena", "Yelena")
    assert dict(issue.evidence)["scheme"] == "icao_doc_9303"


def test_person_missing_from_the_translation(engine: NameEngine) -> None:
    issues = engine.check(
        "The ministry said it disagreed.", refs=["Minister Nikolai Nikiforov said he disagreed."]
    )
    [issue] = issues
    assert issue.rule == "N103" and issue.start is None
    assert "Nikolai Nikiforov" in issue.message


def test_a_first_name_replaced_by_another(engine: NameEngine) -> None:
    issues = engine.check("Minister Sergei Nikiforov spoke.", refs=["Minister Nikolai Nikiforov spoke."])
    assert by_text(issues, "N101") == {"Sergei": "Nikolai"}


def test_german_ending_is_a_misspelling_of_the_reference(engine: NameEngine) -> None:
    issues = engine.check("Dmitry Peskoff spoke.", refs=["Dmitry Peskov spoke."])
    assert by_text(issues, "N101") == {"Peskoff": "Peskov"}


def test_foreign_people_in_a_russian_source_keep_their_spelling(engine: NameEngine) -> None:
    src = (
        "Госсекретарь США Энтони Блинкен встретился с президентом Украины Владимиром Зеленским и Элейн Дьюк."
    )
    hyp = "Secretary of State Antony Blinken met Ukrainian President Volodymyr Zelensky and Elaine Duke."
    assert engine.check(hyp, src=src, src_lang="ru") == []


def test_correct_names_pass_without_anything_to_compare(engine: NameEngine) -> None:
    hyp = (
        "Vladimir Putin, Dmitry Peskov, Maria Zakharova, Yelena Chernenko, Elaine Duke and "
        "Sergei Lavrov met. Kaspersky said nothing."
    )
    assert engine.check(hyp) == []


def test_wrong_gender_ending_in_lexicon_mode(engine: NameEngine) -> None:
    issues = engine.check("Minister Ivan Petrova resigned.")
    assert by_text(issues, "N104") == {"Petrova": "Petrov"}


def test_one_person_spelled_two_ways(engine: NameEngine) -> None:
    hyp = "Dmitry Peskov spoke first. Later Dmitri Peskov added a remark, and Peskow left."
    issues = engine.check(hyp)
    inconsistent = by_text(issues, "N105")
    assert inconsistent["Dmitri"] == "Dmitry"
    assert inconsistent["Peskow"] == "Peskov"


def test_two_attested_surnames_a_letter_apart_are_one_person_within_a_story(engine: NameEngine) -> None:
    # Nabiullina and Nabiulina are both surnames the lexicon knows; in one story, a second
    # mention without a first name is the same governor misspelt.
    hyp = "Governor Elvira Nabiullina raised the rate. Nabiulina said more rises were possible."
    assert by_text(engine.check(hyp), "N105") == {"Nabiulina": "Nabiullina"}
    # two people: another first name on each, or the other gender's form
    assert by_text(engine.check("Elvira Nabiullina met Oleg Nabiulin and Anna Nabiulina."), "N105") == {}
    assert by_text(engine.check("Ivan Sokolov and his wife Maria Sokolova spoke."), "N105") == {}


def test_misspelling_flagged_against_the_reference_is_not_also_inconsistent(engine: NameEngine) -> None:
    issues = engine.check(
        "Sergei Lavrv met them. Lavrov said no.", refs=["Sergei Lavrov met them. Lavrov said no."]
    )
    assert [(i.rule, i.text) for i in issues] == [("N101", "Lavrv")]


def test_inconsistency_across_documents(engine: NameEngine) -> None:
    documents = [
        ("a", "Dmitry Peskov spoke."),
        ("b", "Dmitry Peskov declined to comment."),
        ("c", "Dmitri Peskov said yes."),
    ]
    found = consistency_across(engine, documents)
    assert list(found) == ["c"]
    [issue] = found["c"]
    assert (issue.rule, issue.text, issue.suggestion) == ("N105", "Dmitri", "Dmitry")


def test_glossary_overrides_the_reference() -> None:
    glossary = parse_glossary_tsv("# house style\nYelena Chernenko\tElena Chernenko\n")
    engine = NameEngine(glossary=glossary)
    ref = "Reporter Elena Chernenko wrote it."
    assert engine.check("Reporter Yelena Chernenko wrote it.", refs=[ref]) == []
    [issue] = engine.check("Reporter Elena Chernenko wrote it.", refs=[ref])
    assert (issue.rule, issue.text, issue.suggestion) == ("N102", "Elena", "Yelena")
    [typo] = engine.check("Reporter Yelena Chernneko wrote it.")
    assert (typo.rule, typo.text, typo.suggestion) == ("N101", "Chernneko", "Chernenko")


def test_pivot_candidates_go_through_the_same_matcher(engine: NameEngine) -> None:
    expected = engine.expected_from_latin([["Nikolai", "Nikiforov"]], origin="pivot")
    issues = engine.check("Nikolai Nikifrov spoke.", extra_expected=expected)
    assert by_text(issues, "N101") == {"Nikifrov": "Nikiforov"}
    guessed = engine.expected_from_latin([["Nikolai", "Nikiforov"]], origin="pivot", foreign=True)
    assert not by_text(engine.check("Nikolai Nikifrov spoke.", extra_expected=guessed), "N101")


def test_classify_token_kinds() -> None:
    token = ExpectedToken("Nikiforov", "surname", frozenset({"nikiforov"}), "reference")
    assert classify_token("Nikiforov", token).kind == "exact"
    near = classify_token("Nikifrov", token)
    assert (near.kind, near.distance) == ("near", 1)
    assert classify_token("Ivanov", token).kind == "none"


def test_reference_findings_name_the_source_word_when_a_source_is_given(engine: NameEngine) -> None:
    issues = engine.check(HYP, refs=[REF], src=SRC, src_lang="ru")
    evidence = dict(next(i for i in issues if i.text == "Romano").evidence)
    assert evidence["reference"] == "Roman" and evidence["source"] == "Роман"


def test_a_person_the_reference_does_not_name(engine: NameEngine) -> None:
    ref = "Midfielder Oliver Dauden scored twice, and Dauden was named player of the match."
    issues = engine.check("Midfielder Gary Anderson scored twice.", refs=[ref])
    assert [(i.rule, i.text) for i in issues] == [("N103", ""), ("N107", "Gary Anderson")]
    assert engine.check("Midfielder Oliver Dauden scored twice.", refs=[ref]) == []


def test_a_person_the_reference_writes_apart_or_only_the_source_names(engine: NameEngine) -> None:
    # "Xiao Hu" and "Xiaohu" are one stage name written apart and together
    ref = "The comedy, directed by Xiao Hu, opens in cinemas on Friday."
    hyp = "Director Xiaohu's comedy opens in cinemas on Friday."
    assert [i.rule for i in engine.check(hyp, refs=[ref])] == []
    # the reference says "the mayor" where the Chinese source names 塔瓦雷斯: not another person
    ref = "The mayor said the bridge would reopen in March."
    hyp = "Mayor Tavares said the bridge would reopen in March."
    src = "塔瓦雷斯市长表示，这座桥将于3月重新开放。"
    assert [i.rule for i in engine.check(hyp, refs=[ref])] == ["N107"]
    assert [i.rule for i in engine.check(hyp, refs=[ref], src=src, src_lang="zh")] == []
    # a name neither the reference nor the source gives stays N107
    wrong = hyp.replace("Tavares", "Henderson")
    assert [i.rule for i in engine.check(wrong, refs=[ref], src=src, src_lang="zh")] == ["N107"]


def test_a_translation_that_writes_the_chinese_source_pinyin_is_not_a_misspelling_of_the_reference(
    engine: NameEngine,
) -> None:
    hyp = "Professor Chen Kaixian has been engaged in drug research for more than 40 years."
    ref = "Professor Chen Kaixin has been engaged in drug research for over 40 years."
    assert by_text(engine.check(hyp, refs=[ref]), "N101") == {"Kaixian": "Kaixin"}
    # the Chinese source writes 陈凯先, read Chen Kaixian: the reference spells it differently
    issues = engine.check(hyp, refs=[ref], src="陈凯先教授从事药物研发40余载。", src_lang="zh")
    assert by_text(issues, "N101") == {}
    # a spelling the source's characters do not read as stays a misspelling
    typo = hyp.replace("Kaixian", "Kaixan")
    issues = engine.check(typo, refs=[ref], src="陈凯先教授从事药物研发40余载。", src_lang="zh")
    assert by_text(issues, "N101") == {"Kaixan": "Kaixin"}


def test_a_name_written_with_its_diacritics_is_a_variant_of_the_reference_without_them(
    engine: NameEngine,
) -> None:
    issues = engine.check("Coach Ivan Kvešić said the team was ready.", refs=["Coach Ivan Kvesic said so."])
    assert by_text(issues, "N101") == {}
    assert by_text(issues, "N102") == {"Kvešić": "Kvesic"}
    # the reverse, a dropped diacritic of the reference's scientific romanisation, stays N101
    issues = engine.check("Minister Ivan Rozkov said so.", refs=["Minister Ivan Rožkov said so."])
    assert by_text(issues, "N101") == {"Rozkov": "Rožkov"}


def test_a_reference_word_in_the_plural_is_not_a_misspelt_name(engine: NameEngine) -> None:
    hyp = "On May 23, the District Education Admissions and Examination Center published the list."
    ref = "On May 23, the list was publicized by the Educational Admission Examination Center."
    assert by_text(engine.check(hyp, refs=[ref]), "N101") == {}


def test_the_french_or_south_slavic_ich_of_an_attested_name_is_not_n104() -> None:
    engine = NameEngine(established={})  # not known from Wikidata: judged by the lexicon alone
    for hyp in ("Minister Ivan Rabinovitch told reporters.", "Minister Ivan Ivanovic Petrov told reporters."):
        assert by_text(engine.check(hyp), "N104") == {}
    # a slip in the name is still one
    assert by_text(engine.check("Minister Ivan Rabinovikh told reporters."), "N104") == {
        "Rabinovikh": "Rabinovich"
    }


def test_reading_the_lexicon_draws_no_progress_bar(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """DuckDB draws a progress bar on stdout for a query that runs past two seconds (a first run
    on a busy machine did, into a JSON report): every lexicon query runs with the bar off."""
    import duckdb

    from qa.names.lexicon import Lexicon, _data_dir

    connect = duckdb.connect
    bar_during_reads: list[bool] = []

    class Watched:
        def __init__(self, connection) -> None:  # type: ignore[no-untyped-def]
            self.connection = connection

        def execute(self, query: str):  # type: ignore[no-untyped-def]
            if "read_parquet" in query:
                setting = "SELECT current_setting('enable_progress_bar')"
                bar_during_reads.append(self.connection.execute(setting).fetchone()[0])
            return self.connection.execute(query)

        def close(self) -> None:
            self.connection.close()

    monkeypatch.setattr(duckdb, "connect", lambda *a, **k: Watched(connect(*a, **k)))
    assert Lexicon._read_parquet(_data_dir())
    assert bar_during_reads and not any(bar_during_reads)
