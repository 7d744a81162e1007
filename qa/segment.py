"""Sentence segmentation with exact code-point offsets, for English, Russian and Chinese.

A line break always ends a sentence (news headlines and bylines carry no full stop). Inside
a line, English and Russian split after . ! ? … (and closing quotes or brackets) when
whitespace and a capital, digit or opening quote follow, unless the word before the stop
is a known abbreviation or an initial ("U.S.", "Sept.", "N. Nikiforov", "т. е.", "г.").
Chinese splits after 。！？； and their closing quotes, with no whitespace needed.
"""

from __future__ import annotations

import bisect
import itertools
import re

from qa.document import Sentence

# Words that end with a full stop without ending the sentence. Lower-case, without the stop.
_ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof sr jr st mt ft gen col lt sgt capt cmdr adm gov sen rep rev hon pres
    vs etc al inc ltd co corp dept univ approx est no nos vol fig op cf ie eg e.g i.e
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun
    u.s u.k u.n e.u u.s.a d.c a.m p.m
    г гг т др пр им ул д кв стр рис см тыс млн млрд руб коп проф акад доц тел ср напр
    т.е т.д т.п т.к т.н
    """.split()
)

_CLOSERS = "\"'”’»)]」』）"
_OPENERS = "\"'“‘«([「『（"
# Every pattern here runs in time linear in the line, whatever its text: a break starts only at
# the first stop of a run (the look-behind) and its quantifiers are possessive, so a 100 kB run
# of dots is read once instead of once per starting position (which took minutes).
_STOPS = ".!?…"
_LATIN_BREAK = re.compile(
    r"(?<![" + re.escape(_STOPS) + r"])[" + re.escape(_STOPS) + r"]++[" + re.escape(_CLOSERS) + r"]*+(?=\s)"
)
_CJK_BREAK = re.compile(r"[。！？；!?]++[" + re.escape(_CLOSERS) + r"]*+")
_WORD_RUN = re.compile(r"[\w.]+")
_NEXT_VISIBLE = re.compile(r"\s*+(\S)")


def _starts_sentence(text: str, position: int) -> bool:
    """Whether the non-space text from `position` can begin a new sentence."""
    found = _NEXT_VISIBLE.match(text, position)
    if not found:
        return False
    first = found.group(1)
    return first.isupper() or first.isdigit() or first in _OPENERS or "\u4e00" <= first <= "\u9fff"


def _is_abbreviation(word: str) -> bool:
    """Whether `word`, the letters and stops before a full stop, makes that stop part of an
    abbreviation or an initial ("N. Nikiforov") rather than a sentence end."""
    if len(word) == 1 and word.isalpha() and word.isupper():
        return True
    return word.lower().rstrip(".") in _ABBREVIATIONS


# "с китайским коллегой Ван И. Стороны обсудят": И is a Chinese one-syllable given name, not
# a Russian initial, when the word before is a Chinese surname in Palladius spelling (Ван, Ли,
# Си) and a capitalised word that is no initial follows; "Иванов И. И." and "И. Иванов" keep
# their initials (the letter follows no Chinese surname, or another initial follows).
_PALLADIUS_LETTERS = frozenset("АЕИУЭЮЯ")
_SURNAME_BEFORE = re.compile(r"(?:^|[\s(«\"])([А-ЯЁ][а-яё]{0,5})\s+$")
_NO_INITIAL_AFTER = re.compile(r"\s++[А-ЯЁA-Z][а-яёa-z]")


def _chinese_given_name_end(line: str, stop: int) -> bool:
    """Whether the single capital before the full stop at `stop` ends a Chinese name (and the
    sentence) rather than being an initial."""
    letter = line[stop - 1 : stop]
    if letter not in _PALLADIUS_LETTERS or not _NO_INITIAL_AFTER.match(line, stop + 1):
        return False
    # only the few characters before the letter: a line of many such stops stays linear
    before = _SURNAME_BEFORE.search(line, max(0, stop - 25), stop - 1)
    if before is None:
        return False
    from qa.zh.palladius import is_chinese_surname

    return is_chinese_surname(before.group(1))


def _line_breaks(line: str, lang: str) -> list[int]:
    """End offsets (exclusive) of the sentences inside one line."""
    if lang == "zh":
        return [match.end() for match in _CJK_BREAK.finditer(line)]
    ends: list[int] = []
    # The word before a full stop: the run of word characters and stops that holds it, found
    # once per line (searching back from each stop would read a long run again per stop).
    runs: list[tuple[int, int]] | None = None
    for match in _LATIN_BREAK.finditer(line):
        stop = match.start()
        if match.group(0) == ".":
            if runs is None:
                runs = [m.span() for m in _WORD_RUN.finditer(line)]
            run_start = runs[bisect.bisect_right(runs, (stop, len(line) + 1)) - 1][0]
            if (
                run_start < stop
                and _is_abbreviation(line[run_start:stop])
                and not (lang == "ru" and stop - run_start == 1 and _chinese_given_name_end(line, stop))
            ):
                continue
        if _starts_sentence(line, match.end()):
            ends.append(match.end())
    return ends


def split_sentences(content: str, lang: str = "en") -> list[Sentence]:
    """Sentences of `content`, trimmed of surrounding whitespace, with exact offsets."""
    sentences: list[Sentence] = []
    line_start = 0
    for line in content.split("\n"):
        cuts = [0, *_line_breaks(line, lang), len(line)]
        for begin, end in itertools.pairwise(cuts):
            piece = line[begin:end]
            stripped = piece.strip()
            if not stripped:
                continue
            offset = line_start + begin + (len(piece) - len(piece.lstrip()))
            sentences.append(Sentence(len(sentences), offset, offset + len(stripped), stripped))
        line_start += len(line) + 1
    return sentences
