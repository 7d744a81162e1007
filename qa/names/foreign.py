"""Foreign persons a Russian or Chinese source names (Байден, 朔尔茨): their well-known spellings.

The rest of the engine checks Russian names, whose spellings the romanisation schemes
predict. A foreign person named in Russian or Chinese (Джо Байден, 马克龙) is written in English
as that person writes the name, which no scheme predicts: from the source alone the engine
used to say nothing. What is known instead is how newspapers and the web spell such names:
`wordfreq`'s word lists (`qa.names.word_frequency`). A translation's spelling T of a source
name is a slip when

* T is unattested there, or far rarer than
* exactly one attested neighbour W (1-2 edits, same first letter), which
* fits the source at least as well as T: for Russian, a Cyrillic <-> Latin key distance that
  reads English and German spellings as sounds (sch/sh, z/tz/ts, ck/k, y/i, doubled letters);
  for Chinese, the back-transliteration's Chinese -> Latin model (`BackTransliterator.explains`)
  on a run of transcription characters, W reading it clearly.

N101 (an error) when T is in no word list and W is common (Sholtz for Шольц: Scholz); N110 (a
warning) when T is a listed but much rarer word ("Bidden", "Blinkin") or W itself rare (Sunak):
a real word or a rare real name is more often right than not. Words that are Russian names
(the Russian machinery judges them), places, organisations and quoted names, Chinese names in
pinyin and spellings differing from an attested one only in y for i or a -y/-iy/-yy ending
(Zelenskyy, Vadym: Ukrainian romanisations) are left alone. Only without a reference.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from rapidfuzz.distance import OSA

from qa.names.lexicon import FIRST as LEX_FIRST
from qa.names.lexicon import SURNAME as LEX_SURNAME
from qa.names.matcher import RUSSIAN_MIN, near_miss_limit
from qa.names.model import NameIssue
from qa.names.romanize import match_case

# Thresholds, chosen on the dev sets (bench/foreign_names.py: newstest2021 zh-en and WMT21 ru-en
# references, the dev half of the Wikidata en-zh pairs): Zipf frequencies, the maximum over
# the word lists' six languages.
SUGGESTION_MIN = 1.3  # W is written at least this often (Sunak: 1.36 in the 2021 lists)
GAP = 1.0  # ... and at least 10x as often as T
RARE_MAX = 2.5  # T written more often than this is no slip: "far rarer" needs a rare T
UNATTESTED = 0.0  # T in no list ...
ERROR_MIN = 2.0  # ... and W at least this common: N101; otherwise N110 (on dev, the W below it
# were as often rare real names in references, Kateri for Katerry, as the slips' W)
AMBIGUOUS = 1.0  # a second neighbour within this much of W's frequency, as close to the source: no finding
ZH_FIT = -3.0  # W reads a transcription at least this well (per character log P)
MIN_LENGTH = 4  # shorter tokens have too many neighbours
ENGLISH_OWN = 2.0  # T written this often in English is a spelling English writers use (Rishi)

_LATIN_WORD = re.compile(r"\b[A-Z][a-z]+(?:-[A-Z][a-z]+)?\b")
_CYRILLIC_WORD = re.compile(r"\b[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?\b")
_QUOTED = re.compile(r"«[^«»]{1,80}»|„[^„“]{1,80}“|\"[^\"]{1,80}\"")
_HAN = re.compile(r"[\u4e00-\u9fff]+")
_SENTENCE_START = re.compile(r"(?:^|[.!?…:\"“”«»(\n]\s*)$")

# Latin spelling -> sound key: English and German spellings of one sound written alike.
_LATIN_RULES: tuple[tuple[str, str], ...] = (
    ("tsch", "ch"),
    ("sch", "sh"),
    ("tch", "ch"),
    ("ck", "k"),
    ("ph", "f"),
    ("th", "t"),
    ("kh", "h"),
    ("gh", "g"),
    ("qu", "kv"),
    ("q", "k"),
    ("x", "ks"),
    ("w", "v"),
    ("tz", "ts"),
    ("ee", "i"),
    ("ie", "i"),
    ("oo", "u"),
    ("ou", "u"),
    ("j", "y"),
)
_CYRILLIC = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "yo",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "h",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
}
# Declension endings of a foreign name in Russian (Шольцем, Байдена, Макрону).
_CASE_ENDINGS = ("ом", "ем", "ой", "ей", "ым", "ам", "ах", "а", "я", "у", "ю", "е", "ы", "и")
# Endings of Russian-family surnames: the Russian machinery's names, not this check's.
_RUSSIAN_ENDINGS = (
    "ов",
    "ев",
    "ёв",
    "ин",
    "ын",
    "ова",
    "ева",
    "ина",
    "ына",
    "ский",
    "цкий",
    "ская",
    "енко",
    "вич",
)
_NOT_PERSON_TAGS = ("Geox", "Orgn", "Abbr")


def _vowel_y(key: str) -> str:
    """y and i as one vowel (Byden / Biden), j/y as y before a vowel."""
    return re.sub(r"y(?![aeou])", "i", key)


def latin_key(word: str) -> str:
    """A sound key of a Latin spelling (doubled letters kept: see `sound_distance`)."""
    key = word.lower().replace("-", "")
    if key.startswith("c"):
        key = ("s" if key[1:2] in ("e", "i", "y") else "k") + key[1:]
    key = re.sub(r"c(?=[eiy])", "s", key)
    for spelling, sound in _LATIN_RULES:
        key = key.replace(spelling, sound)
    key = key.replace("c", "k")
    key = re.sub(r"(?<=[lnrk])z", "ts", key)  # German z after a consonant (Scholz, Schwarz)
    key = re.sub(r"z$", "ts", key) if key.endswith("tz") else key
    key = re.sub(r"e$", "", key) if len(key) > 4 else key  # a silent final e (Macrone, Blaise)
    return _vowel_y(key)


def cyrillic_key(word: str) -> str:
    """The sound key of a Cyrillic word, in the same letters as `latin_key`."""
    lower = word.lower().replace("-", "").replace("дж", "j")
    latin = "".join(_CYRILLIC.get(c, c) for c in lower)
    latin = latin.replace("j", "dzh")
    return latin_key(latin).replace("dzh", "j")


def _collapse(key: str) -> str:
    return re.sub(r"(.)\1+", r"\1", key)


def sound_distance(a: str, b: str) -> float:
    """Edits between two sound keys; a doubled letter costs a quarter (Emmanuel / Emanuel)."""
    return OSA.distance(_collapse(a), _collapse(b)) + 0.25 * OSA.distance(a, b)


def _ending_variant(a: str, b: str) -> bool:
    """Whether two spellings differ only in y for i (Vadym, Dmytro: the Ukrainian and Russian
    romanisations) or a -y / -i / -iy / -yy / -ij / -ie ending (Zelenskyy, Valeriy). A y before
    a vowel is a consonant, no Ukrainian и: "Rubyo" for Рубио (Rubio) is a slip."""
    trim = re.compile(r"(?:[iyj]+|ie)$")
    if a != b and trim.sub("", a) == trim.sub("", b) and len(trim.sub("", a)) >= 3:
        return True
    return a != b and _vowel_y(a) == _vowel_y(b)


@lru_cache(maxsize=1)
def _neighbour_index() -> dict[tuple[str, int], tuple[list[str], list[float]]]:
    """Attested ASCII words the English list has (a suggestion must be written in English) with
    a Zipf of at least SUGGESTION_MIN in some list, by first letter and length.

    Built once a process, only when a translation token is a candidate."""
    import numpy as np

    from qa.names.word_frequency import LANGUAGES, word_store

    store = word_store()
    best = np.max(np.stack([store.columns[language] for language in LANGUAGES]), axis=0)
    rows = np.nonzero((best >= round(SUGGESTION_MIN * 100)) & (store.columns["en"] > 0))[0]
    plain = re.compile(r"[a-z]{3,24}")
    index: dict[tuple[str, int], tuple[list[str], list[float]]] = {}
    for row, value in zip(rows.tolist(), best[rows].tolist(), strict=True):
        word = store.word(row)
        if plain.fullmatch(word):
            words, zipfs = index.setdefault((word[0], len(word)), ([], []))
            words.append(word)
            zipfs.append(value / 100)
    return index


@lru_cache(maxsize=65536)
def frequency(word: str) -> float:
    """The word's highest Zipf frequency in the six lists (0.0: in none)."""
    from qa.names.word_frequency import zipfs

    return max(zipfs(word.lower()).values())


@lru_cache(maxsize=65536)
def english(word: str) -> float:
    """The word's Zipf frequency in English (0.0: not in the English list)."""
    from qa.names.word_frequency import zipf

    return zipf(word.lower(), "en")


@lru_cache(maxsize=16384)
def neighbours(word: str, floor: float | None = None, reach: int = 0) -> tuple[tuple[str, float, int], ...]:
    """(word, Zipf, edits) of the attested words 1-2 edits from `word`, same first letter,
    at least GAP more frequent than it and written in English (a person English news names is:
    German "beiden" and Italian "rischi" are not). `floor` replaces "GAP more frequent" (a
    common first name's neighbours: Marco for Mark); `reach` is the least edits searched."""
    from rapidfuzz import process

    key = word.lower()
    limit = max(1, reach, near_miss_limit(len(key)))
    floor = max(SUGGESTION_MIN, frequency(key) + GAP if floor is None else floor)
    found: list[tuple[str, float, int]] = []
    index = _neighbour_index()
    for length in range(len(key) - limit, len(key) + limit + 1):
        words, zipfs = index.get((key[:1], length), ([], []))
        if not words:
            continue
        for other, distance, position in process.extract(
            key, words, scorer=OSA.distance, score_cutoff=limit, limit=None
        ):
            if other != key and zipfs[position] >= floor:
                found.append((other, zipfs[position], int(distance)))
    return tuple(found)


class Word:
    """A capitalised translation word that may spell a person the source names."""

    __slots__ = ("end", "start", "text")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text, self.start, self.end = text, start, end


def translation_words(hyp: str) -> list[Word]:
    """Capitalised words worth checking: a common word only mid-sentence (a capital there
    makes it a name), never a short one."""
    found: list[Word] = []
    for match in _LATIN_WORD.finditer(hyp):
        word = match.group()
        if len(word) < MIN_LENGTH or "-" in word:
            continue
        if _SENTENCE_START.search(hyp[max(0, match.start() - 3) : match.start()]) and frequency(word) >= 3.0:
            continue
        found.append(Word(word, match.start(), match.end()))
    return found


class ForeignNames:
    """N101 / N110 for foreign persons a Russian or Chinese source names (part of `NameEngine`)."""

    lexicon: Any

    def foreign_issues(
        self, hyp: str, src: str, src_lang: str, taken: set[tuple[int, int]], origin: str = "source"
    ) -> list[NameIssue]:
        """Slips in the spelling of the non-Russian persons a source (or a Chinese pivot,
        `origin` "pivot") names."""
        if src_lang == "ru":
            forms = self._foreign_russian_words(src)
            if not forms:
                return []
            fit = self._russian_fit(forms)
        elif src_lang == "zh":
            spans = _transcription_spans(src)
            if not spans:
                return []
            fit = _chinese_fit(spans, src)
        else:
            return []
        issues: list[NameIssue] = []
        for word in translation_words(hyp):
            if (word.start, word.end) in taken:
                continue
            issue = self._judge(word, fit, src_lang, origin)
            if issue is not None:
                issues.append(issue)
        return issues

    def _foreign_russian_words(self, src: str) -> dict[str, tuple[tuple[str, str], ...]]:
        """Capitalised source words that are not Russian names, places or organisations:
        word -> (form, sound key) with and without a case ending (Шольцем: Шольц)."""
        from qa.names.russian import morph

        found: dict[str, tuple[tuple[str, str], ...]] = {}
        quoted = {(m.start(), m.end()) for m in _QUOTED.finditer(src)}
        for match in _CYRILLIC_WORD.finditer(src):
            word = match.group()
            if word in found or len(word) < 3:
                continue
            if any(start <= match.start() < end for start, end in quoted):
                continue  # «Шахтер», «Тинькофф»: a club, a company or a title, not a person
            stems = [word] + [
                word[: -len(ending)]
                for ending in _CASE_ENDINGS
                if word.endswith(ending) and len(word) - len(ending) >= 3
            ]
            if any(s.lower().endswith(_RUSSIAN_ENDINGS) for s in stems[:1]):
                continue
            parses = morph().parse(word)
            if parses and any(tag in parses[0].tag for tag in _NOT_PERSON_TAGS):
                continue
            lemmas = {p.normal_form.capitalize() for p in parses[:3]} | {s.capitalize() for s in stems}
            if any(
                self.lexicon.count(lemma, kind) >= RUSSIAN_MIN
                for lemma in lemmas
                for kind in (LEX_SURNAME, LEX_FIRST)
            ):
                continue  # a Russian name part: the Russian machinery judges it
            found[word] = tuple((s, cyrillic_key(s)) for s in stems)
        return found

    @staticmethod
    def _russian_fit(forms: dict[str, tuple[tuple[str, str], ...]]) -> Any:
        """A function: Latin word -> (source form, distance) of the source word it sounds closest to."""

        def fit(latin: str) -> tuple[str, float] | None:
            key = latin_key(latin)
            best: tuple[str, float] | None = None
            for keys in forms.values():
                for form, sound in keys:
                    distance = sound_distance(sound, key)
                    if best is None or distance < best[1]:
                        best = (form, distance)
            return best

        return fit

    def _judge(self, word: Word, fit: Any, src_lang: str, origin: str = "source") -> NameIssue | None:
        text = word.text
        key = text.lower()
        if english(key) >= ENGLISH_OWN or frequency(key) > RARE_MAX:
            return None  # a spelling English writers use (Rishi, Emanuel), or a common word
        if self.lexicon.latin_count(text) >= RUSSIAN_MIN:
            return None  # a Russian name's romanisation (Romanovsky): the Russian machinery's
        mine = fit(text) if src_lang == "ru" else None
        if src_lang == "ru" and (
            mine is None or mine[1] > near_miss_limit(len(_collapse(latin_key(text)))) + 0.5
        ):
            return None  # not the translation of a foreign source name
        near = neighbours(key)
        if not near or any(_ending_variant(key, other) for other, _, _ in near):
            return None  # none, or T is another romanisation of a known name (Zelenskyy, Zelensky)
        own = latin_key(text)
        qualified: list[
            tuple[float, float, float, str, int, str]
        ] = []  # (fit, sounds apart, zipf, W, edits, source)
        for other, zipf, edits in near:
            theirs = fit(other) if src_lang == "ru" else fit(other, text)
            if theirs is None:
                continue
            apart = sound_distance(own, latin_key(other))
            if mine is not None:
                if theirs[0] != mine[0] or theirs[1] > mine[1]:
                    continue
                qualified.append((-theirs[1], apart, zipf, other, edits, theirs[0]))
            else:
                source, w_fit, t_fit = theirs
                if w_fit < ZH_FIT or w_fit < t_fit:
                    continue
                qualified.append((w_fit, apart, zipf, other, edits, source))
        if not qualified:
            return None
        # The best fit to the source, then the neighbour that sounds closest to T (a slip keeps
        # the sound: Bidden is Biden with a doubled d, German "beiden" another vowel; Sholtz sounds
        # as Scholz and Scholtz do), then the commonest.
        # For Chinese, whose model reads silent letters as misfits (Matin fits 马丁 better than
        # Martin), any qualifying fit will do: the closest in sound to T, then the commonest.
        chinese = mine is None
        qualified.sort(key=lambda q: (q[1], -q[2]) if chinese else (-q[0], q[1], -q[2]))
        best = qualified[0]
        for other in qualified[1:]:
            same = (chinese or abs(other[0] - best[0]) < 1e-9) and abs(other[1] - best[1]) < 1e-9
            if same and other[2] > best[2] - AMBIGUOUS:
                return None  # two well-known spellings fit: which one is meant is not clear
        return self._foreign_issue(word, best[3], best[2], best[4], best[5], src_lang, origin)

    @staticmethod
    def _foreign_issue(
        word: Word,
        suggestion: str,
        zipf: float,
        edits: int,
        source: str,
        src_lang: str,
        origin: str = "source",
    ) -> NameIssue:
        mine = frequency(word.text)
        unattested = mine <= UNATTESTED
        rule = "N101" if unattested and zipf >= ERROR_MIN else "N110"
        suggested = match_case(word.text, suggestion)
        where = f"the {origin} name" if src_lang == "ru" or origin == "pivot" else "the Chinese source name"
        how = "is in no word list" if unattested else f"is written far less often (Zipf {mine:.1f})"
        if rule == "N110" and unattested:
            how += ", but the well-known spelling is itself rare"
        message = (
            f"'{word.text}' looks like a misspelling of {where} {source}: the well-known spelling "
            f"'{suggested}' (Zipf {zipf:.1f}) fits it as well, and '{word.text}' {how}"
        )
        evidence = (
            (origin, source),
            ("zipf", f"{mine:.2f}"),
            ("suggestion_zipf", f"{zipf:.2f}"),
            ("distance", str(edits)),
        )
        return NameIssue(rule, word.start, word.end, word.text, message, suggested, evidence)


def _transcription_spans(src: str) -> tuple[str, ...]:
    """Runs of 2-6 transcription characters in a Chinese text (where a foreign name can be)."""
    from qa.zh.extract import simplified, transcription_chars

    chars = transcription_chars()
    spans: set[str] = set()
    for run in _HAN.findall(simplified(src)):
        for piece in _runs(run, chars):
            for size in range(2, min(6, len(piece)) + 1):
                for start in range(len(piece) - size + 1):
                    spans.add(piece[start : start + size])
    return tuple(sorted(spans))


def _runs(text: str, chars: frozenset[str]) -> list[str]:
    out: list[str] = []
    current = ""
    for char in text:
        if char in chars:
            current += char
        else:
            if len(current) >= 2:
                out.append(current)
            current = ""
    if len(current) >= 2:
        out.append(current)
    return out


def _chinese_fit(spans: Sequence[str], src: str) -> Any:
    """A function: (W, T) -> (span W reads best, W's fit there, T's best fit on that span or
    any other), or None when T is the pinyin of the source's own characters (a Chinese name).
    T's best over every span counts: a correct rare name (Andanar, 安达纳尔) reads its own
    span better than a common word (Andar) reads a piece of it."""
    from qa.zh.backtranslit import default_backtransliterator
    from qa.zh.pinyin import written_in

    model = default_backtransliterator()

    @lru_cache(maxsize=4096)
    def best_of(word: str) -> tuple[str, float]:
        scored = [(model.explains(span, word), span) for span in spans]
        score, span = max(scored)
        return span, score

    def fit(other: str, text: str) -> tuple[str, float, float] | None:
        if written_in(text, src):
            return None
        span, score = best_of(other.lower())
        own, mine = best_of(text.lower())
        if len(span) < len(own) and span in own and mine >= ZH_FIT:
            return None  # W reads only a piece of what T reads well (Vasi for Vasile, 瓦西里)
        return span, score, max(mine, model.explains(span, text))

    return fit


__all__ = ["ForeignNames", "cyrillic_key", "latin_key", "sound_distance", "translation_words"]
