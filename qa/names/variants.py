"""Two Latin spellings that romanise one Cyrillic word, found without the lexicon.

"Shoygu" and "Shoigu" are both romanisations of Шойгу, which the surname lexicon does not
have. Cyrillic words each spelling could stand for are generated from the Latin letters
(the candidate table of `qa.names.lexicon`), those both spellings share are romanised
forward, and the pair is a variant only if the configured schemes (or the established
spellings) really give both. A typo is never produced that way: no scheme writes "Nikifrov".
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from qa.names.lexicon import _LATIN_TO_CYRILLIC, _MAX_CHUNK
from qa.names.romanize import normalize_latin

_BUDGET = 4000  # explored (position, prefix) states per spelling; a name needs a few hundred
_SIGNS = "ьъ"
_NO_SIGN_AFTER = set("ьъаеиоуыэюяй")


@lru_cache(maxsize=8192)
def cyrillic_guesses(key: str) -> frozenset[str]:
    """Cyrillic words (lower case) some scheme could write as the comparison key `key` (unverified).

    At most one soft or hard sign is inserted where no Latin letter stands for it (the
    apostrophe a scheme writes is dropped from comparison keys).
    """
    found: set[str] = set()
    stack: list[tuple[int, str, int]] = [(0, "", 0)]
    seen: set[tuple[int, str]] = set()
    budget = _BUDGET
    while stack and budget > 0:
        position, prefix, signs = stack.pop()
        if (position, prefix) in seen:
            continue
        seen.add((position, prefix))
        budget -= 1
        if position == len(key):
            found.add(prefix)
            continue
        for size in range(1, _MAX_CHUNK + 1):
            chunk = key[position : position + size]
            if len(chunk) < size:
                break
            for cyrillic in _LATIN_TO_CYRILLIC.get(chunk, ()):
                stack.append((position + size, prefix + cyrillic, signs))
        if prefix and prefix[-1] not in _NO_SIGN_AFTER and signs == 0:
            for sign in _SIGNS:
                stack.append((position, prefix + sign, 1))
    return frozenset(found)


def shared_cyrillic(a: str, b: str, accepted: Callable[[str], dict[str, str]]) -> tuple[str, str] | None:
    """(Cyrillic word, scheme giving `a`) when `a` and `b` are both accepted spellings of one word.

    `accepted(cyrillic)` returns the accepted spellings (comparison keys -> scheme) of a
    word. The most likely word is not chosen: any shared one makes the two spellings variants.
    """
    key_a, key_b = normalize_latin(a), normalize_latin(b)
    if key_a == key_b or not key_a.isalpha() or not key_b.isalpha():
        return None
    common = cyrillic_guesses(key_a) & cyrillic_guesses(key_b)
    for cyrillic in sorted(common, key=lambda c: (len(c), c)):
        forms = accepted(cyrillic)
        if key_a in forms and key_b in forms:
            return cyrillic.capitalize(), forms[key_a]
    return None
