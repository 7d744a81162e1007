"""Characters a reader cannot see inside a name: zero-width and bidi controls, tags, emoji.

"Niki\\u200bforov" shows as Nikiforov but is not that word to a search engine, a CMS or the
name rules; "\\u202evoforikiN" (a right-to-left override) shows as Nikiforov and is stored
backwards. The name rules run on the text as a reader sees it (`reveal`): hidden characters
removed, a right-to-left override's run put in display order, with a map back to the
original offsets; every name that needed it is reported (N108) with its clean form.
Look-alike letters (Cyrillic о in a Latin name) are visible letters and stay with N101.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

# Invisible format characters: zero-width space / non-joiner / joiner, marks, embeddings,
# overrides, word joiner, invisible operators, isolates, soft hyphen, BOM, Mongolian vowel
# separator, combining grapheme joiner, variation selectors, tag characters.
_INVISIBLE = {
    0x00AD,
    0x034F,
    0x061C,
    0x180E,
    *range(0x200B, 0x2010),
    *range(0x202A, 0x202F),
    *range(0x2060, 0x2065),
    *range(0x2066, 0x206A),
    0xFEFF,
    *range(0xFE00, 0xFE10),
    *range(0xE0000, 0xE0080),
    *range(0xE0100, 0xE01F0),
}
_RLO, _PDF, _PDI = 0x202E, 0x202C, 0x2069
_RUN_END = {_PDF, _PDI, ord("\n"), ord("\r"), 0x2029}


def is_hidden(char: str) -> bool:
    """An invisible format character (zero-width, bidi control, tag, variation selector)."""
    return ord(char) in _INVISIBLE


def _is_emoji(char: str) -> bool:
    code = ord(char)
    return unicodedata.category(char) == "So" and (
        0x1F000 <= code <= 0x1FAFF or 0x2600 <= code <= 0x27BF or 0x2B00 <= code <= 0x2BFF
    )


def char_label(char: str) -> str:
    """U+200B ZERO WIDTH SPACE."""
    return f"U+{ord(char):04X} {unicodedata.name(char, 'UNNAMED')}"


@dataclass(frozen=True)
class Revealed:
    """Text as a reader sees it, with each of its characters' offset in the original."""

    original: str
    clean: str
    positions: tuple[int, ...]  # clean index -> original index

    @property
    def changed(self) -> bool:
        return self.clean != self.original

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of clean[start:end], taking in hidden characters at its edges."""
        if end <= start:
            at = self.positions[start] if start < len(self.positions) else len(self.original)
            return at, at
        indices = self.positions[start:end]
        first, last = min(indices), max(indices) + 1
        while first > 0 and self._removed(first - 1):
            first -= 1
        while last < len(self.original) and self._removed(last):
            last += 1
        return first, last

    @cached_property
    def _kept(self) -> frozenset[int]:
        return frozenset(self.positions)

    def _removed(self, index: int) -> bool:
        char = self.original[index]
        return is_hidden(char) or (_is_emoji(char) and index not in self._kept)

    def hidden_in(self, start: int, end: int) -> list[str]:
        """The hidden characters (and emoji) of original[start:end], in order, once each."""
        found = [
            c
            for i, c in enumerate(self.original[start:end], start)
            if i not in self._kept and not c.isspace()
        ]
        return list(dict.fromkeys(found))


def _character_class(codes: Iterable[int]) -> str:
    """A regular-expression class of these code points, as ranges."""
    ordered = sorted(set(codes))
    parts, start = [], 0
    for index in range(1, len(ordered) + 1):
        if index == len(ordered) or ordered[index] != ordered[index - 1] + 1:
            first, last = ordered[start], ordered[index - 1]
            parts.append(re.escape(chr(first)) + ("" if first == last else "-" + re.escape(chr(last))))
            start = index
    return "[" + "".join(parts) + "]"


# Any character `reveal` may drop or move: hidden ones (the right-to-left override among them)
# and the code blocks of emoji. A text with none of them is its own clean form: one search
# instead of a loop over its characters (a Russian source is never ASCII).
_MAY_CHANGE = re.compile(
    _character_class([*_INVISIBLE, *range(0x1F000, 0x1FB00), *range(0x2600, 0x27C0), *range(0x2B00, 0x2C00)])
)


def _word_char(char: str) -> bool:
    return char.isalpha() or char in "-'’"


def reveal(text: str) -> Revealed:
    """`text` without invisible characters, emoji inside words dropped, and the run of a
    right-to-left override (up to its PDF / PDI or the line end) in display order."""
    if text.isascii() or _MAY_CHANGE.search(text) is None:
        return Revealed(text, text, tuple(range(len(text))))
    kept: list[int] = []
    index, size = 0, len(text)
    while index < size:
        char = text[index]
        code = ord(char)
        if code == _RLO:
            end = index + 1
            while end < size and ord(text[end]) not in _RUN_END:
                end += 1
            run = [i for i in range(index + 1, end) if not is_hidden(text[i])]
            kept.extend(reversed(run))
            index = end + (1 if end < size and ord(text[end]) in (_PDF, _PDI) else 0)
            continue
        if is_hidden(char):
            index += 1
            continue
        if _is_emoji(char) and _inside_word(text, index):
            index += 1
            continue
        kept.append(index)
        index += 1
    clean = "".join(text[i] for i in kept)
    return Revealed(text, clean, tuple(kept))


def _inside_word(text: str, index: int) -> bool:
    """Whether an emoji at `index` stands between two letters (hidden characters skipped)."""
    left = index - 1
    while left >= 0 and (is_hidden(text[left]) or _is_emoji(text[left])):
        left -= 1
    right = index + 1
    while right < len(text) and (is_hidden(text[right]) or _is_emoji(text[right])):
        right += 1
    return left >= 0 and right < len(text) and _word_char(text[left]) and _word_char(text[right])
