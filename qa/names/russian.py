"""Person names in Russian text, brought to the nominative with pymorphy3.

natasha/slovnet cannot be imported on Python 3.11 (they need pymorphy2), so names are found
with pymorphy3's own name tags: a run of capitalised words in which every word has a parse
tagged Name (first name), Patr (patronymic) or Surn (surname) - or is an adjective-like
surname in -ский/-цкий written with a capital inside a sentence ("Зеленского"). A single
word counts when it is a surname inside a sentence, or the surname of a person named in
full elsewhere in the text.

Each word is lemmatised to the nominative *keeping its gender*: pymorphy3's normal form of
"Захаровой" is the masculine "захаров", so the parse is inflected to the nominative instead
("Захарова"). The gender of the whole name comes from its first name or patronymic
("Марии Захаровой" -> Мария Захарова; "Николая Никифорова" -> Николай Никифоров); a lone
surname whose form is ambiguous ("Никифорова": genitive of Никифоров or the feminine
nominative) keeps both lemmas.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from qa.names.model import FIRST, INITIAL, MAX_NAME_WORDS, MIDDLE, SURNAME, TokenSpan

# Capitalised words, initials, and any other character on its own - except that a run of
# lower-case Cyrillic letters is one token: each of its letters would only end a run of names
# and clear the sentence start, as the whole run does at once.
_WORD = re.compile(r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?|[А-ЯЁ]\.|[а-яё]+|[^\s]")
_NAME_TAGS = ("Name", "Surn", "Patr")
_ADJECTIVAL_SURNAME = re.compile(r"(ск|цк)(ий|ого|ому|им|ом|ая|ой|ую)$")
_SENTENCE_END = set(".!?…")

_MORPH: Any = None
_MORPH_LOCK = threading.Lock()


def morph() -> Any:
    """The shared pymorphy3 analyser (loaded once, ~0.1 s)."""
    global _MORPH
    with _MORPH_LOCK:
        if _MORPH is None:
            import pymorphy3

            _MORPH = pymorphy3.MorphAnalyzer()
    return _MORPH


@dataclass(frozen=True)
class RussianNameToken:
    """A word of a Russian name: surface form and offsets, and its nominative lemma(s)."""

    text: str
    start: int
    end: int
    part: str
    lemmas: tuple[str, ...]  # capitalised nominative forms, most likely first


@dataclass(frozen=True)
class RussianPerson(TokenSpan):
    tokens: tuple[RussianNameToken, ...]

    @property
    def nominative(self) -> str:
        return " ".join(t.lemmas[0] for t in self.tokens if t.lemmas)


def _name_parses(word: str) -> list[Any]:
    return list(_cached_name_parses(word))


@lru_cache(maxsize=65536)
def _cached_name_parses(word: str) -> tuple[Any, ...]:
    """pymorphy3's name readings of a word: the same capitalised words recur in every article."""
    return tuple(p for p in morph().parse(word) if any(tag in p.tag for tag in _NAME_TAGS))


def _is_adjectival_surname(word: str, sentence_start: bool) -> bool:
    return not sentence_start and bool(_ADJECTIVAL_SURNAME.search(word.lower()))


def _gender_of(parses: list[Any]) -> str | None:
    """The gender of a name from its first name / patronymic readings; None when they allow
    both (Арина: the feminine nominative or the genitive of Арин; Александра), so that
    both lemmas of each word are kept."""
    genders = {
        parse.tag.gender
        for parse in parses
        if ("Name" in parse.tag or "Patr" in parse.tag) and parse.tag.gender in ("masc", "femn")
    }
    return genders.pop() if len(genders) == 1 else None


def _nominatives(word: str, parses: list[Any], gender: str | None, want: str) -> tuple[str, ...]:
    """Nominative singular forms of `word` as the name part `want` (Name / Surn / Patr)."""
    chosen = [p for p in parses if want in p.tag] or parses
    if gender:
        same = [p for p in chosen if p.tag.gender is None or p.tag.gender == gender or "ms-f" in p.tag]
        chosen = same or chosen
    out: list[str] = []
    for parse in chosen:
        target = parse.inflect({"nomn", "sing"}) or parse.inflect({"nomn"})
        form = (target.word if target else parse.word).capitalize()
        if "-" in word:
            form = "-".join(piece.capitalize() for piece in form.split("-"))
        if form not in out:
            out.append(form)
    if not out:
        out.append(word)
    return tuple(out)


@lru_cache(maxsize=16384)
def _word_nominatives(word: str, gender: str | None, want: str) -> tuple[str, ...]:
    """`_nominatives` over the word's name readings: the same names recur in every article.

    A person's name part is singular: when the word's only readings as such a part are plural
    (Веткол read as the genitive plural of a first name Веткола) and the word is a singular
    nominative of some other reading, the word as written is its nominative, first."""
    parses = _name_parses(word)
    found = _nominatives(word, parses, gender, want)
    chosen = [p for p in parses if want in p.tag] or parses
    written = word.capitalize() if "-" not in word else word
    if (
        chosen
        and all(p.tag.number == "plur" for p in chosen)
        and written not in found
        and any({"nomn", "sing"} <= p.tag.grammemes for p in morph().parse(word))
    ):
        return (written, *found)
    return found


_POSSESSIVE_SURNAME = re.compile(r"^(.{2,}(?:ов|ев|ёв|ин|ын))(а|у|ым|ом|е|ой|ою|ых|ым|ыми|ы)?$")


# The endings a man's consonant-stem surname takes in each oblique case (Фургал: Фургала,
# Фургалу, Фургалом, Фургале).
_MASCULINE_CASE_ENDINGS = {"gent": ("а", "я"), "datv": ("у", "ю"), "ablt": ("ом", "ем", "ём"), "loct": ("е",)}
_CONSONANT = re.compile(r"[бвгджзклмнпрстфхцчшщ]$")


def _first_name_case(parses_of_first: list[list[Any]]) -> str | None:
    """The grammatical case of a full name's first name when its name readings agree on one."""
    # A man's accusative is his genitive (Сергея), so the two count as one.
    cases = {
        "gent" if p.tag.case == "accs" else p.tag.case
        for parses in parses_of_first
        for p in parses
        if "Name" in p.tag
    }
    return cases.pop() if len(cases) == 1 else None


def _undeclined(word: str, case: str | None) -> str | None:
    """The nominative of a man's surname in `case`, when the word ends as that case does after a
    consonant: Фургалом -> Фургал (None in the nominative or for another ending)."""
    for ending in _MASCULINE_CASE_ENDINGS.get(case or "", ()):
        stem = word[: -len(ending)]
        if word.endswith(ending) and len(stem) >= 3 and _CONSONANT.search(stem):
            return stem
    return None


def _possessive_surname(word: str, gender: str | None) -> tuple[str, ...]:
    """Nominative(s) of a surname in -ов/-ев/-ин/-ын that pymorphy3 does not know as one.

    A rare surname (Силуанов, 4 bearers) is only read as the plural of a first name
    (Силуан); in the surname slot of a full name it is the surname, declined like Иванов.
    """
    match = _POSSESSIVE_SURNAME.match(word)
    if match is None:
        return ()
    stem, ending = match.group(1), match.group(2) or ""
    if gender == "femn":
        return (stem + "а",)
    if gender == "masc" or not ending:
        return (stem,) if ending != "а" or gender == "masc" else (stem, stem + "а")
    return (stem, stem + "а") if ending in ("а", "у", "ой", "ою") else (stem,)


def _has_feminine_surname(parses: list[Any]) -> bool:
    return any("Surn" in p.tag and (p.tag.gender == "femn" or "ms-f" in p.tag) for p in parses)


def _surname_after_first_name(word: str, stretch: list[tuple[tuple[str, int, int, bool], list[Any]]]) -> bool:
    """A word pymorphy3 does not read as a name (Кедров: "of cedars", Бобин) right after a
    first name or patronymic, ending like a surname in -ов/-ев/-ин/-ын: the person's surname."""
    if not stretch or _POSSESSIVE_SURNAME.match(word) is None:
        return False
    return any("Name" in p.tag or "Patr" in p.tag for p in stretch[-1][1])


@lru_cache(maxsize=16384)
def _adjectival_nominative(word: str, gender: str | None) -> tuple[str, ...]:
    forms: list[str] = []
    for parse in morph().parse(word):
        if parse.tag.POS not in ("ADJF", "NOUN"):
            continue
        grams = {"nomn", "sing"} | ({gender} if gender else set())
        target = parse.inflect(grams)
        if target is not None and target.word.capitalize() not in forms:
            forms.append(target.word.capitalize())
    return tuple(forms) or (word,)


def extract_russian_names(text: str) -> list[RussianPerson]:
    """Person names in Russian `text`, each word with its nominative lemma(s)."""
    tokens: list[tuple[str, int, int, bool]] = []  # text, start, end, sentence_start
    sentence_start = True
    for match in _WORD.finditer(text):
        raw = match.group(0)
        if raw[0].isupper() and (len(raw) > 1):
            tokens.append((raw, match.start(), match.end(), sentence_start))
            sentence_start = False
        else:
            if raw in _SENTENCE_END:
                sentence_start = True
            elif raw not in '«"„“(—–-':
                sentence_start = False
            tokens.append((raw, match.start(), match.end(), False))

    runs: list[list[tuple[str, int, int, bool]]] = []
    current: list[tuple[str, int, int, bool]] = []
    for token in tokens:
        word = token[0]
        capitalised = word[:1].isupper() and len(word) > 1 and (word[1:2].islower() or word.endswith("."))
        if capitalised and (not current or text[current[-1][2] : token[1]] in (" ", "\u00a0", "")):
            current.append(token)
            continue
        if current:
            runs.append(current)
        current = [token] if capitalised else []
    if current:
        runs.append(current)

    persons: list[RussianPerson] = []
    pending_single: list[tuple[tuple[str, int, int, bool], list[Any]]] = []
    for run in runs:
        # Split the run into maximal stretches of name-like words.
        stretch: list[tuple[tuple[str, int, int, bool], list[Any]]] = []
        for token in [*run, None]:
            parses = _name_parses(token[0]) if token is not None and not token[0].endswith(".") else []
            is_initial = token is not None and token[0].endswith(".")
            name_like = token is not None and (
                parses
                or is_initial
                or _is_adjectival_surname(token[0], token[3])
                or _surname_after_first_name(token[0], stretch)
            )
            if name_like and token is not None:
                stretch.append((token, parses))
                continue
            for group in _split_names(stretch):
                words = [item for item in group if not item[0][0].endswith(".")]
                if len(words) > MAX_NAME_WORDS:
                    continue  # a list without commas, or junk: no one's name
                if len(words) >= 2:
                    persons.append(_person(group))
                elif len(words) == 1:
                    pending_single.append(words[0])
            stretch = []

    full_surnames = {
        lemma.lower() for person in persons for t in person.tokens if t.part == SURNAME for lemma in t.lemmas
    }
    for token, parses in pending_single:
        word, start, end, at_sentence_start = token
        surname_parses = [p for p in parses if "Surn" in p.tag]
        adjectival = _is_adjectival_surname(word, at_sentence_start)
        if not surname_parses and not adjectival:
            continue
        # (the surname readings are the word's readings tagged Surn, as `_nominatives` picks them)
        lemmas = (
            _word_nominatives(word, None, "Surn") if surname_parses else _adjectival_nominative(word, None)
        )
        known = any(lemma.lower() in full_surnames for lemma in lemmas)
        if known or not at_sentence_start:
            persons.append(RussianPerson((RussianNameToken(word, start, end, SURNAME, lemmas),)))
    persons.sort(key=lambda p: (p.start, p.end))
    return persons


def _primary_tag(parses: list[Any]) -> str | None:
    for parse in parses:  # pymorphy3 orders parses by score
        for tag in _NAME_TAGS:
            if tag in parse.tag:
                return tag
    return None


def _split_names(
    stretch: list[tuple[tuple[str, int, int, bool], list[Any]]],
) -> list[list[tuple[tuple[str, int, int, bool], list[Any]]]]:
    """Split back-to-back names ("Владимира Путина Дмитрий Песков") where a first name follows
    a first name and a surname, or where the grammatical case changes between two words.

    The current group's tags are kept as a set, not re-read for each word: re-reading made a
    line of thousands of capitalised words quadratic (12,000 repeated surnames in a source took
    over 120 s)."""
    groups: list[list[tuple[tuple[str, int, int, bool], list[Any]]]] = [[]]
    tags: set[str | None] = set()  # the primary tags of the words in groups[-1]
    for item in stretch:
        tag = _primary_tag(item[1])
        if item[1] and tag == "Name" and "Name" in tags and ("Surn" in tags or None in tags):
            groups.append([item])
            tags = {tag}
        else:
            groups[-1].append(item)
            tags.add(tag)
    return [g for g in groups if g]


def _person(stretch: list[tuple[tuple[str, int, int, bool], list[Any]]]) -> RussianPerson:
    all_parses = [parse for _, parses in stretch for parse in parses]
    gender = _gender_of(all_parses)
    words = [item for item in stretch if not item[0][0].endswith(".")]
    parts: dict[int, str] = {}
    for index, (_token, parses) in enumerate(words):
        if any("Patr" in p.tag for p in parses) and index > 0:
            parts[index] = MIDDLE
    rest = [i for i in range(len(words)) if i not in parts]
    # "Фамилия Имя Отчество" (official order) when a patronymic ends the name.
    first_is_surname = (
        len(words) == 3
        and parts.get(2) == MIDDLE
        and _primary_tag(words[0][1]) == "Surn"
        and any("Name" in p.tag for p in words[1][1])
    )
    # "Иван Беркович" / "Иван Петрович": a first name and a patronymic-like word; the first
    # name is the first name (the engine takes the last word as the surname).
    first_and_patronymic = (
        len(rest) == 1 and rest[0] == 0 and len(parts) >= 1 and _primary_tag(words[0][1]) == "Name"
    )
    for order, index in enumerate(rest):
        if first_and_patronymic:
            parts[index] = FIRST
        elif first_is_surname:
            parts[index] = SURNAME if order == 0 else FIRST if order == 1 else MIDDLE
        else:
            parts[index] = (
                FIRST if order == 0 and len(rest) > 1 else SURNAME if order == len(rest) - 1 else MIDDLE
            )
    first_parses = [words[i][1] for i, part in parts.items() if part == FIRST]
    first_case = _first_name_case(first_parses)
    first_masculine = _gender_of([p for parses in first_parses for p in parses]) == "masc"
    out: list[RussianNameToken] = []
    word_index = 0
    for token, parses in stretch:
        word, start, end, _ = token
        if word.endswith("."):
            out.append(RussianNameToken(word, start, end, INITIAL, (word,)))
            continue
        part = parts[word_index]
        word_index += 1
        want = {FIRST: "Name", MIDDLE: "Patr", SURNAME: "Surn"}[part]
        if parses:
            lemmas = _word_nominatives(word, gender, want)
        else:
            lemmas = _possessive_surname(word, gender) or _adjectival_nominative(word, gender)
        if part == SURNAME and parses and not any("Surn" in p.tag for p in parses):
            guessed = _possessive_surname(word, gender)
            lemmas = tuple(dict.fromkeys((*guessed, *lemmas))) if guessed else lemmas
        elif part == SURNAME and parses and gender != "masc" and not _has_feminine_surname(parses):
            # pymorphy3 knows some surnames only as masculine (Ракова: the genitive of Раков), so
            # a woman's surname would come out as her father's: "Мария Ракова" is Ракова.
            guessed = _possessive_surname(word, gender)
            if gender == "femn" and guessed:
                lemmas = guessed
            elif guessed:
                lemmas = tuple(dict.fromkeys((*lemmas, *guessed)))
        stem = _undeclined(word, first_case) if part == SURNAME and first_masculine else None
        if stem and (lemmas == (word,) or stem in lemmas):
            # "с Сергеем Фургалом", "Сергея Фургала": a surname pymorphy3 does not know as one
            # takes the first name's case, so the nominative comes first.
            lemmas = (stem, *(lemma for lemma in lemmas if lemma != stem))
        if part == SURNAME and word.lower().endswith(("их", "ых")) and word not in lemmas:
            lemmas = (word, *lemmas)  # Черных, Успасских: surnames that do not decline
        out.append(RussianNameToken(word, start, end, part, lemmas))
    return RussianPerson(tuple(out))
