"""Pinyin on the English side: syllable inventory, segmentation, and readings of Chinese text.

Used to recognise a foreign name written as the pinyin of its Chinese transcription
("Peisikefu" = pei-si-ke-fu = 佩斯科夫) and Chinese names whose syllables were split wrongly
("Xu Zhi Bin" for Xu Zhibin).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import cache, lru_cache

MAX_SYLLABLE = 6  # "zhuang", "shuang"
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")


def cached_words(kind: str, build: Callable[[], frozenset[str]], modules: tuple[str, ...]) -> frozenset[str]:
    """`build()` (a set of words drawn from pypinyin's tables), kept in the user's cache folder
    under a digest of pypinyin's version and the source of `modules`: importing pypinyin's
    40k-character tables costs ~0.6 s on every run that checks names (a Russian source too:
    "Peisikefu" is pinyin of a Russian name), for a few hundred words."""
    from qa.cache import cache_dir, digest, prune, sealed, unsealed, write_atomic

    folder = cache_dir()
    path = folder / f"pinyin-{kind}-{digest(1, ('pypinyin',), (__name__, *modules))}.txt" if folder else None
    try:
        data = unsealed(path.read_bytes()) if path is not None else None
    except OSError:
        data = None
    if data is not None:
        return frozenset(data.decode("utf-8").split())
    found = build()
    if path is not None and write_atomic(path, sealed(" ".join(sorted(found)).encode("utf-8"))):
        prune(path.parent, f"pinyin-{kind}-*.txt", keep=1)
    return found


@lru_cache(maxsize=1)
def syllables() -> frozenset[str]:
    """Every toneless Hanyu Pinyin syllable pypinyin knows (ü written u), vowel-bearing ones only."""
    return cached_words("syllables", _syllables_from_pypinyin, ())


def _syllables_from_pypinyin() -> frozenset[str]:
    from pypinyin.pinyin_dict import pinyin_dict

    found: set[str] = set()
    # ~40k characters share ~1.5k readings: normalise each distinct reading once.
    readings = {reading for listed in set(pinyin_dict.values()) for reading in listed.split(",")}
    for reading in readings:
        plain = "".join(c for c in unicodedata.normalize("NFKD", reading) if c.isascii() and c.isalpha())
        if plain and any(v in plain for v in "aeiou"):
            found.add(plain.lower())
    return frozenset(found)


def segmentations(word: str, limit: int = 16) -> list[tuple[str, ...]]:
    """Ways to write `word` (any case) as a concatenation of pinyin syllables, fewest syllables first."""
    word = word.lower()
    inventory = syllables()
    if not word.isascii() or not word.isalpha():
        return []

    @cache
    def from_index(start: int) -> tuple[tuple[str, ...], ...]:
        if start == len(word):
            return ((),)
        out: list[tuple[str, ...]] = []
        for end in range(start + 1, min(len(word), start + MAX_SYLLABLE) + 1):
            piece = word[start:end]
            if piece in inventory:
                out.extend((piece, *rest) for rest in from_index(end))
                if len(out) > limit * 4:
                    break
        return tuple(out)

    found = sorted(set(from_index(0)), key=lambda s: (len(s), s))
    return found[:limit]


def is_pinyin_word(word: str) -> bool:
    return bool(segmentations(word, limit=1))


def reading(chinese: str) -> str:
    """Toneless pinyin of a Chinese string, run together ("佩斯科夫" -> "peisikefu")."""
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(chinese))


def written_in(word: str, chinese: str) -> bool:
    """Whether `word` (any case; hyphens and apostrophes ignored) is the toneless pinyin of a
    run of consecutive characters of `chinese` ("Kaixian" in "陈凯先教授"): the translation
    then romanises what the Chinese text itself writes."""
    from pypinyin import lazy_pinyin

    key = "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if c.isascii() and c.isalpha())
    if len(key) < 2:
        return False
    for run in _HAN_RUN.findall(chinese):
        readings = [r.replace("ü", "u").replace("v", "u") for r in lazy_pinyin(run)]
        for start in range(len(readings)):
            joined = ""
            for reading in readings[start:]:
                joined += reading
                if joined == key:
                    return True
                if len(joined) >= len(key) or not key.startswith(joined):
                    break
    return False


def name_reading(chinese_name: str) -> tuple[str, str]:
    """(surname, given name) in pinyin for a Chinese person's name, compound surnames handled."""
    from pypinyin import Style, lazy_pinyin

    from qa.zh.extract import COMPOUND_SURNAMES

    split = 2 if chinese_name.startswith(COMPOUND_SURNAMES) else 1
    surname = "".join(
        _SURNAME_READINGS.get(c) or lazy_pinyin(c, style=Style.NORMAL)[0] for c in chinese_name[:split]
    )
    given = "".join(lazy_pinyin(chinese_name[split:], style=Style.NORMAL))
    return surname, given


# Characters whose reading as a surname differs from their most common reading.
_SURNAME_READINGS = {
    "曾": "zeng",
    "单": "shan",
    "解": "xie",
    "区": "ou",
    "仇": "qiu",
    "朴": "piao",
    "查": "zha",
}
