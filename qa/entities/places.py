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
- the initials of a Russian name of two or more words (США, ОАЭ, КНДР, ЕС, ООН).

Russian words decline, so a Russian name word matches a source word by pymorphy3 lemma, by
stem (the word without its final vowels) or by the stem plus at most two letters, and an
adjective's base (катарский -> катар); Chinese names are substrings of the source at jieba's
word boundaries, the longest first (印度尼西亚 is not 印度, 发展中国家 not 中国).

Without Babel or pycountry installed there are no places: the source backs what it romanises,
as before. The table is built once per process (about 0.5 s, only when a check asks).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import accumulate

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
    """Countries and territories (ISO codes of Babel's data), then time-zone cities."""
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
    out = []
    for en_names, ru_names, zh_names, label, code in raw:
        english = {_english_key(n) for n in en_names}
        english = {k for k in english if k and k not in FUNCTION_WORDS - {"us"} and k not in _CONNECTORS}
        ru_ok = {n for n in ru_names if _CYRILLIC.search(n) and not n.isascii()}
        zh_ok = {n for n in zh_names if _HAN_CHAR.search(n)}
        if not english or not (ru_ok or zh_ok):
            continue
        out.append(
            Place(
                english=frozenset(english),
                ru=tuple(sorted({tuple(_ru_key(w) for w in _RU_WORD.findall(n)) for n in ru_ok} - {()})),
                ru_initials=frozenset(i for n in ru_ok if (i := _initials(n))),
                zh=frozenset(zh_ok),
                label=label,
                code=code,
            )
        )
    return tuple(out)


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
        for number, place in enumerate(places()):
            for name in place.zh:
                at = text.find(name)
                while at != -1:
                    if at in bounds and at + len(name) in bounds:  # 发展中国家 is not 中国
                        hits.append((at, at + len(name), number))
                    at = text.find(name, at + 1)
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
    by its prefixes of at least STEM_MIN letters that leave at most ENDING_MAX letters (Омане,
    Катаром) or its own stem."""
    stems, bases = _ru_lemmas(word)
    keys = set(bases)
    if word[:1].isupper():
        lowered = word.lower().replace("ё", "е")
        keys.add("=" + lowered)
        keys.update(stems)
        for length in range(max(STEM_MIN, len(word) - ENDING_MAX), len(word) + 1):
            keys.add(lowered[:length])
        stem = _ru_stem(word)
        if len(stem) >= STEM_MIN and lowered.startswith(stem):
            keys.add(stem)
    return frozenset(keys)
