"""Sentence segmentation with exact code-point offsets, for English, Russian and Chinese.

A line break always ends a sentence (news headlines and bylines carry no full stop). Inside
a line, English and Russian split after . ! ? … (and closing quotes or brackets) when
whitespace and a capital, digit or opening quote follow, unless the word before the stop
is a known abbreviation or an initial ("U.S.", "Sept.", "N. Nikiforov", "т. е.", "г.").
Chinese splits after 。！？； and their closing quotes, with no whitespace needed.
"""

from __future__ import annotations

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
_LATIN_BREAK = re.compile(r"[.!?…]+[" + re.escape(_CLOSERS) + r"]*(?=\s+)")
_CJK_BREAK = re.compile(r"[。！？；!?]+[" + re.escape(_CLOSERS) + r"]*")
_WORD_BEFORE = re.compile(r"([\w.]+)\.$")


def _starts_sentence(text: str, position: int) -> bool:
    """Whether the non-space text from `position` can begin a new sentence."""
    rest = text[position:].lstrip()
    if not rest:
        return False
    first = rest[0]
    return first.isupper() or first.isdigit() or first in _OPENERS or "\u4e00" <= first <= "\u9fff"


def _is_abbreviation(text: str, stop: int) -> bool:
    """Whether the full stop at `stop` belongs to an abbreviation or an initial."""
    match = _WORD_BEFORE.search(text[: stop + 1])
    if not match:
        return False
    word = match.group(1)
    if len(word) == 1 and word.isalpha() and word.isupper():
        return True  # an initial: "N. Nikiforov"
    return word.lower().rstrip(".") in _ABBREVIATIONS


def _line_breaks(line: str, lang: str) -> list[int]:
    """End offsets (exclusive) of the sentences inside one line."""
    ends: list[int] = []
    if lang == "zh":
        for match in _CJK_BREAK.finditer(line):
            ends.append(match.end())
        return ends
    for match in _LATIN_BREAK.finditer(line):
        stop = match.start()
        if match.group(0) == "." and _is_abbreviation(line, stop):
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
