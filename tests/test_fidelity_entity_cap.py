"""A changed or dropped entity that the reference and a Russian source agree on puts its sentence
under the F101 line; the Russian and Chinese place names that let a source back it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qa.cli import app
from qa.config import Config
from qa.document import Document, Text
from qa.entities.extract import extract_entities
from qa.entities.places import home_places, places, places_of_entity, source_places
from qa.fidelity.detected import CAPS_SIGNATURE
from qa.pipeline import Checker

CLEAN = (
    "The foreign minister of Qatar arrived in Warsaw on Tuesday for two days of talks.\n"
    "He met the Polish prime minister and discussed gas supplies.\n"
)
REFERENCE = (
    "Qatar's foreign minister arrived in Warsaw on Tuesday for two days of talks.\n"
    "He met the Polish prime minister and discussed gas deliveries.\n"
)
SOURCES = {
    "ru": (
        "Министр иностранных дел Катара прибыл во вторник в Варшаву на двухдневные переговоры.\n"
        "Он встретился с премьер-министром Польши и обсудил поставки газа.\n"
    ),
    "zh": "卡塔尔外交大臣周二抵达华沙，进行为期两天的会谈。\n他会见了波兰总理，讨论了天然气供应问题。\n",
}


def labels(numbers: frozenset[int]) -> set[str]:
    return {places()[n].label for n in numbers}


def place_of(name: str) -> set[str]:
    [entity] = extract_entities(f"They spoke of {name} today.")
    return labels(places_of_entity(entity, wholly=True))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Делегация Катара прибыла в Варшаву.", {"Qatar", "Warsaw"}),
        ("Переговоры с Катаром и Оманом прошли в Омане.", {"Qatar", "Oman"}),
        ("Катарская компания купила акции.", {"Qatar"}),
        ("Власти США и ОАЭ договорились.", {"United States", "United Arab Emirates"}),
        ("В Ираке прошли выборы.", {"Iraq"}),
        ("Все, кроме того, согласились.", set()),  # "того" is a pronoun, not Togo
    ],
)
def test_russian_sources_name_places_in_any_case(text: str, expected: set[str]) -> None:
    assert labels(source_places(text, "ru")) >= expected
    assert not {"Iran", "Togo"} & labels(source_places(text, "ru"))


def test_chinese_sources_name_places_as_words() -> None:
    assert {"Qatar", "United States", "Warsaw"} <= labels(
        source_places("卡塔尔外交大臣从美国抵达华沙。", "zh")
    )
    assert "China" not in labels(source_places("小岛屿发展中国家是特例。", "zh"))
    assert "India" not in labels(source_places("印度尼西亚总统表示。", "zh"))


def test_an_entity_is_a_place_only_wholly() -> None:
    """Qatar is a place; Qatar Airways and the Bank of Russia are named after one."""
    assert "Qatar" in place_of("Qatar")
    assert place_of("Qatar Airways") == set()
    assert place_of("the Bank of Russia") == set()
    assert labels(home_places("ru")) == {"Russia"} and labels(home_places("zh")) == {"China"}


def check(hyp: str, lang: str, ref: str = REFERENCE):
    document = Document(
        id="qatar", hyp=Text(hyp, "en"), refs=[Text(ref, "en")], src=Text(SOURCES[lang], lang)
    )
    return Checker(Config(src_lang=lang, no_model=True)).check(document)


def low_fidelity(result) -> list:
    return [f for f in result.findings if f.rule == "F101"]


def test_russian_caps_entities_by_default() -> None:
    """Russian with a reference meets the third candidate's rule (bench/fidelity_entities.py)."""
    assert CAPS_SIGNATURE.endswith("+entity-ru")


def test_a_place_the_reference_and_a_russian_source_agree_on_caps_its_sentence() -> None:
    clean, changed = check(CLEAN, "ru"), check(CLEAN.replace("Qatar", "Oman"), "ru")
    dropped = check(CLEAN.replace(" of Qatar", ""), "ru")
    assert not low_fidelity(clean)
    [mark] = low_fidelity(changed)
    assert mark.text.startswith("The foreign minister of Oman")
    assert "an entity differs from the reference and the source (E101)" in mark.message
    [gone] = low_fidelity(dropped)
    assert "an entity of the reference and the source is missing (E102)" in gone.message
    assert clean.scores["fidelity"] > changed.scores["fidelity"]
    assert clean.signatures["fidelity"].endswith(CAPS_SIGNATURE)


def test_a_chinese_source_does_not_cap_entities() -> None:
    """The Chinese cells missed the rule on the training years: the E101 stays a warning only."""
    changed = check(CLEAN.replace("Qatar", "Oman"), "zh")
    assert any(f.rule == "E101" for f in changed.findings)
    assert not low_fidelity(changed)


def test_what_a_translation_leaves_understood_does_not_cap() -> None:
    """A person said as "he", the source's own country, an entity the next sentence names."""
    ref = "Minister Lavrov said Russia would reply to Qatar.\nThe talks will go on.\n"
    # РФ: the country by its initials, which no romanisation reaches (Россия romanised would)
    source = Text("Министр Лавров заявил, что РФ ответит Катару.\nПереговоры продолжатся.\n", "ru")

    def run(hyp: str):
        document = Document(id="reply", hyp=Text(hyp, "en"), refs=[Text(ref, "en")], src=source)
        return Checker(Config(src_lang="ru", no_model=True)).check(document)

    assert not low_fidelity(run("The minister said Russia would reply to Qatar.\nThe talks will go on.\n"))
    later = "Minister Lavrov said Russia would reply.\nThe talks with Qatar will go on.\n"
    assert not low_fidelity(run(later))
    assert low_fidelity(run("Minister Lavrov said Russia would reply.\nThe talks will go on.\n"))


def test_a_person_in_pinyin_is_misspelt_not_replaced() -> None:
    """Lavrov as the pinyin of his Chinese transcription (N106) is the same person: the E101 the
    entity check also writes does not cap, as a misspelt name (N101) does not."""
    hyp = "Foreign Minister Xieerge Lafuluofu said the talks with Qatar would go on.\n"
    ref = "Foreign Minister Sergei Lavrov said the talks with Qatar would continue.\n"
    source = Text(
        "Министр иностранных дел Сергей Лавров заявил, что переговоры с Катаром продолжатся.\n", "ru"
    )
    pivot = Text("外交部长谢尔盖·拉夫罗夫表示，与卡塔尔的谈判将继续进行。\n", "zh")
    document = Document(id="lavrov", hyp=Text(hyp, "en"), refs=[Text(ref, "en")], src=source, pivot=pivot)
    result = Checker(Config(src_lang="ru", no_model=True)).check(document)
    assert {"E101", "N106"} <= {f.rule for f in result.findings}
    assert not low_fidelity(result)


def test_the_command_line_marks_the_changed_place(tmp_path: Path) -> None:
    """`qa check` with a reference and a Russian source: Qatar become Oman is F101, and the
    document scores below the clean one; the clean story has no F101."""
    (tmp_path / "ref.txt").write_text(REFERENCE, encoding="utf-8")
    (tmp_path / "src.ru.txt").write_text(SOURCES["ru"], encoding="utf-8")
    (tmp_path / "src.zh.txt").write_text(SOURCES["zh"], encoding="utf-8")
    (tmp_path / "clean.txt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "oman.txt").write_text(CLEAN.replace("Qatar", "Oman"), encoding="utf-8")
    runner = CliRunner()

    def report(name: str, lang: str) -> dict:
        args = ["check", str(tmp_path / name), "--ref", str(tmp_path / "ref.txt")]
        args += ["--src", str(tmp_path / f"src.{lang}.txt"), "--src-lang", lang, "--format", "json"]
        result = runner.invoke(app, [*args, "--no-model", "--fail-on", "never"])
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)["documents"][0]

    clean, oman = report("clean.txt", "ru"), report("oman.txt", "ru")
    marks = [f for f in oman["findings"] if f["rule"] == "F101"]
    assert len(marks) == 1 and "(E101)" in marks[0]["message"] and marks[0]["span"]["line"] == 1
    assert not [f for f in clean["findings"] if f["rule"] == "F101"]
    assert oman["scores"]["fidelity"] < clean["scores"]["fidelity"]
    assert not [f for f in report("oman.txt", "zh")["findings"] if f["rule"] == "F101"]


def run_ru(hyp: str, ref: str, src: str):
    document = Document(id="story", hyp=Text(hyp, "en"), refs=[Text(ref, "en")], src=Text(src, "ru"))
    return Checker(Config(src_lang="ru", no_model=True)).check(document)


def test_the_home_country_counts_where_the_sentence_names_another() -> None:
    """Russia left understood ("the country") in a sentence that names no country does not cap;
    Russia dropped from a sentence that still names Qatar loses who signed, and caps."""
    alone_ref = "Minister Lavrov said Russia would reply soon.\n"
    alone_src = "Министр Лавров заявил, что РФ скоро ответит.\n"
    assert not low_fidelity(
        run_ru("Minister Lavrov said the country would reply soon.\n", alone_ref, alone_src)
    )
    pair_ref = "Russia and Qatar signed a gas deal on Friday.\n"
    pair_src = "В пятницу РФ и Катар подписали газовую сделку.\n"
    assert not low_fidelity(run_ru(pair_ref, pair_ref, pair_src))
    [mark] = low_fidelity(run_ru("Qatar signed a gas deal on Friday.\n", pair_ref, pair_src))
    assert "(E102)" in mark.message


def test_a_person_dropped_with_nothing_in_place_caps() -> None:
    """A person the reference and the source name, missing with no word in its place, caps; "he",
    "the minister" or a description the reference gives beside the name stand for the person."""
    ref = "On Monday Sergei Lavrov met the envoy in Doha.\n"
    src = "В понедельник Сергей Лавров встретился с посланником в Дохе.\n"
    assert not low_fidelity(run_ru(ref, ref, src))
    [mark] = low_fidelity(run_ru("On Monday met the envoy in Doha.\n", ref, src))
    assert "(E102)" in mark.message
    assert not low_fidelity(run_ru("On Monday he met the envoy in Doha.\n", ref, src))
    assert not low_fidelity(run_ru("On Monday the minister met the envoy in Doha.\n", ref, src))
    described = "On Monday foreign minister Sergei Lavrov met the envoy in Doha.\n"
    described_src = "В понедельник глава МИД Сергей Лавров встретился с посланником в Дохе.\n"
    assert not low_fidelity(
        run_ru("On Monday the foreign minister met the envoy in Doha.\n", described, described_src)
    )
