"""A place changed from the source alone: "in Novosibirsk" where the Russian source says «в
Красноярске», "in Shanghai" for 在深圳. Without a reference, E101 compared nothing, so a changed
city passed every source-only check (session 11's stories; session 12's).

A translation's entity is a changed place when all of these hold:
- it is a place of `qa.entities.places` by all its words ("Shanghai"; not "Bank of Russia");
- the source names that place nowhere, in its own words (Шанхай, 上海) or romanised, and it is
  not the source language's own country (which translations add: "in the country" -> "in
  Russia");
- the aligned source sentence names a place the translation names nowhere: one of the place
  table of the same kind (a city for a city, a country for a country), or, for a city, one
  the source's own tagger marks as a place that the table lacks (jieba's `ns` words, whose
  pinyin the translation does not write; pymorphy3's `Geox` nouns, whose romanised stem it does
  not write). That place is what it replaced; a place added beside the source's (an
  explanation, "Krasnoyarsk, in Siberia") has no such counterpart and is not reported.

The suggestion is the replaced place's English name when the table gives it, or the pinyin of
a Chinese place the table lacks; a Russian place the table lacks is named in the message only
(its English name is not its romanisation: Пекин is Beijing).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from qa.entities.extract import Entity, _only_demonym, extract_entities
from qa.entities.places import entity_name, home_places, places, places_of_entity, source_places
from qa.entities.witness import SourceWitness, Witness

MIN_TAGGED = 2  # characters (zh) of a tagged place worth comparing; 美, 京 are abbreviations
# jieba also tags ordinary words as places (治安, "public order"): a Chinese place it tags counts
# only after a word of place or motion (在深圳, 赴京, 抵达北京) or with a place's suffix (乌鲁木齐市).
_ZH_BEFORE_PLACE = tuple("在于赴到从至往抵达离")
_ZH_PLACE_SUFFIX = tuple("市省县区州镇村")
_ZH_DIVISION = tuple("市省县区")


@dataclass(frozen=True)
class Replaced:
    """A place of the aligned source sentence that the translation does not name."""

    source: str  # as the source writes it
    english: str | None  # the English name, when known


@lru_cache(maxsize=256)
def _tagged_places(text: str, lang: str) -> tuple[tuple[str, str], ...]:
    """Places the source's own tagger marks in `text`: (word, its key to look for in English)."""
    out: list[tuple[str, str]] = []
    if lang == "zh":
        from pypinyin import lazy_pinyin

        from qa.zh.extract import _tokens

        for word, flag, at in _tokens(text):
            framed = text[:at].endswith(_ZH_BEFORE_PLACE) or word.endswith(_ZH_PLACE_SUFFIX)
            # a division's suffix after one character is a word of its own: 城市 "city", 股市
            # "stock market", 上市 "listing" (jieba tags 城市 a place)
            lone_suffix = word.endswith(_ZH_DIVISION) and len(word) <= MIN_TAGGED
            if flag == "ns" and len(word) >= MIN_TAGGED and framed and not lone_suffix:
                out.append((word, "".join(lazy_pinyin(word))))
    elif lang == "ru":
        from anyascii import anyascii

        from qa.names.russian import morph

        analyser = morph()
        for m in re.finditer(r"(?<![.!?]\s)(?<!^)\b[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)*", text):
            parses = analyser.parse(m.group(0))
            if parses and "Geox" in parses[0].tag:
                out.append((m.group(0), anyascii(parses[0].normal_form).lower()))
    return tuple(out)


# CLDR's groupings that are not one place (the European Union, the eurozone, the United Nations)
_NOT_PLACES = frozenset({"EU", "EZ", "UN", "QO"})


def _written(own: frozenset[int], source: str, lang: str) -> bool:
    """Whether the source writes one of the places in any form `source_places` does not read:
    乌鲁木齐 inside the word 乌鲁木齐市, the stem of Москва inside Подмосковья or Московской
    области. A looser look than the place index, so a place it finds is never reported."""
    lowered = source.lower().replace("ё", "е")
    for number in own:
        place = places()[number]
        if lang == "zh" and any(name in source for name in place.zh):
            return True
        if lang == "ru":
            for keys in place.ru:
                if keys[0].startswith("=") and len(keys) == 1:
                    # a short name's form (Дохе) is written as itself, not inside Доходы
                    if keys[0][1:] in _ru_words(lowered):
                        return True
                    continue
                key = keys[0].lstrip("=")
                if len(key) >= 4 and key[: max(4, len(key) - 1)] in lowered:
                    return True
    return False


@lru_cache(maxsize=256)
def _ru_words(lowered: str) -> frozenset[str]:
    return frozenset(re.findall(r"[а-яё]+", lowered))


def _named_in(key: str, hyp_folded: str, hyp_witness: Witness) -> bool:
    """Whether the translation writes a tagged place: its pinyin joined, or a romanised stem."""
    if key.replace("-", "") in hyp_folded:
        return True
    parts = [part[:-1] if len(part) > 5 else part for part in key.split("-") if len(part) >= 4]
    return any(hyp_witness.attests_key(part) for part in parts)


class ChangedPlaces:
    """The places of a translation that replace one of the source's, sentence by sentence: what
    concerns the whole translation and the whole source (their places, witnesses) is read once
    a document, not once a sentence."""

    def __init__(self, hyp_text: str, source_text: str, lang: str) -> None:
        self.lang = lang
        self.active = lang in ("ru", "zh") and bool(places())
        if not self.active:
            return
        self.source_text = source_text
        self.in_source = source_places(source_text, lang) | home_places(lang)
        # the whole translation's places, not the sentence's: a place named elsewhere was not dropped
        self.named_anywhere: set[int] = set()
        for entity in extract_entities(hyp_text):
            self.named_anywhere |= places_of_entity(entity, text=entity_name(hyp_text, entity))
        self.witness = SourceWitness(source_text, lang)
        self.hyp_text = hyp_text
        self.hyp_folded = "".join(ch for ch in hyp_text.lower() if ch.isalpha())
        self.whole_witness = Witness(hyp_text)

    def __call__(
        self, hyp_entities: list[Entity], source_sentence: str
    ) -> list[tuple[Entity, list[Replaced]]]:
        """The translation sentence's places that replace one of its aligned source sentence."""
        if not self.active:
            return []
        lang, hyp_text = self.lang, self.hyp_text
        named = set(self.named_anywhere)
        for entity in hyp_entities:
            named |= places_of_entity(entity, text=entity_name(hyp_text, entity))
        out: list[tuple[Entity, list[Replaced]]] = []
        for entity in hyp_entities:
            if _only_demonym(entity):
                continue
            own = frozenset(
                n
                for n in places_of_entity(
                    entity, wholly=True, text=feature_named(entity_name(hyp_text, entity))
                )
                if places()[n].code not in _NOT_PLACES
            )
            if hyp_text[max(0, entity.start - 4) : entity.start] == "New ":
                continue  # "New Jersey", "New York": the extractor's entity is the place's second word
            if (
                not own
                or own & self.in_source
                or self.witness.attests(entity)
                or _written(own, self.source_text, lang)
            ):
                continue
            city = any(places()[n].city for n in own)
            replaced = [
                Replaced(_source_name(n, source_sentence, lang), places()[n].label)
                for n in sorted(source_places(source_sentence, lang) - named - home_places(lang))
                if places()[n].city == city
            ]
            if city:
                for word, key in _tagged_places(source_sentence, lang):
                    if source_places(word, lang) or _named_in(key, self.hyp_folded, self.whole_witness):
                        continue
                    english = _zh_english(word) if lang == "zh" else None
                    replaced.append(Replaced(word, english))
            if replaced:
                out.append((entity, replaced))
        return out


# A place's feature or division after its name ("Zhangzhou Bay" for 泉州湾, "Zhangzhou County" for
# 漳浦县): the entity names the place as much as the place alone does. "City" is left out: Mexico
# City and Kuwait City are places of their own, not the country's city.
_FEATURE_AFTER = re.compile(r"\s+(?:Bay|County|Province|District|Prefecture)\Z")


def feature_named(name: str) -> str:
    """The place a feature's or division's name is named after ("Zhangzhou" of "Zhangzhou Bay")."""
    return _FEATURE_AFTER.sub("", name)


def _zh_english(word: str) -> str:
    """A tagged Chinese place the table lacks, in pinyin: 漳浦县 is Zhangpu (County), 福建省
    Fujian (Province), as the translation writes the division in English; 州 of 泉州 is part of
    the name."""
    from pypinyin import lazy_pinyin

    name = word[:-1] if word.endswith(_ZH_DIVISION) and len(word) > MIN_TAGGED else word
    return "".join(lazy_pinyin(name)).capitalize()


def _source_name(number: int, sentence: str, lang: str) -> str:
    """How the source sentence writes a table place (its Chinese name, or its label)."""
    place = places()[number]
    if lang == "zh":
        for name in sorted(place.zh, key=len, reverse=True):
            if name in sentence:
                return name
    for m in re.finditer(r"[А-ЯЁа-яё]+(?:-[А-ЯЁа-яё]+)*", sentence):
        if number in source_places(m.group(0), lang):
            return m.group(0)
    return place.label
