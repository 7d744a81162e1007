"""How common a spelling is as a word of Western languages: evidence from outside the lexicon.

The Russian-name lexicon cannot tell a German or Polish spelling of a Russian name (Karlowa,
Seweryn) or a Western given name with a Russian label (Pauline, Caterina) from a slip of a
Russian name (Nikifrov): none of them is attested there. Word frequencies from `wordfreq`
(code Apache-2.0, word lists CC BY-SA 4.0; the lists ship inside the wheel, so it works
offline, and nothing of them is in this repository) can: real names and spellings are written
in newspapers and on the web, slips much less.

Nothing is read until the first look-up (the lexicon-only N104 model asks: a check with a
reference or a Russian source never does; one with a Chinese source or pivot that names no
Russian person does, the lexicon being all there is for its names). Reading the six lists
takes 1-2 s, so the first look-up on a machine builds a memory-mapped store of every word's
six frequencies in the cache folder (7-8 s, once; 45 MB); later processes open it in 0.1 s.
With the cache off the lists are read in every process.
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

from qa.cache import cache_dir, prune, write_folder_atomic
from qa.cache import digest as cache_digest
from qa.names.store import WordStore

LANGUAGES = ("en", "de", "fr", "pl", "it", "es")
WORDLIST = "large"  # "small" holds only words of zipf >= 3 or so: no rare surname is in it
_STORE_FORMAT = 1


@lru_cache(maxsize=len(LANGUAGES))
def _frequencies(language: str) -> dict[str, float]:
    from wordfreq import get_frequency_dict  # about 0.1-0.3 s a language: imported when needed

    return get_frequency_dict(language, WORDLIST)


def _centizipf(frequency: float) -> int:
    """100 x the Zipf frequency, rounded as `wordfreq.zipf_frequency` rounds (0: not listed)."""
    return round(round(math.log10(frequency) + 9.0, 2) * 100) if frequency > 0 else 0


def _listed(word: str) -> tuple[int, ...]:
    return tuple(_centizipf(_frequencies(language).get(word, 0.0)) for language in LANGUAGES)


def _store_path() -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    key = cache_digest(
        (_STORE_FORMAT, LANGUAGES, WORDLIST),
        distributions=("wordfreq", "marisa-trie"),
        modules=("qa.names.word_frequency",),
    )
    return folder / f"word-frequency-{key}"


def build_store() -> WordStore:
    """Every listed word's frequencies in LANGUAGES (100 x Zipf, one column a language)."""
    import numpy as np

    lists = [_frequencies(language) for language in LANGUAGES]
    words = sorted({word for listed in lists for word in listed if "\x00" not in word})
    position = {word: row for row, word in enumerate(words)}
    rounded: dict[float, int] = {}  # the lists hold a few hundred distinct frequencies
    columns = {}
    for language, listed in zip(LANGUAGES, lists, strict=True):
        kept = [word for word in listed if word in position]
        column = np.zeros(len(words), dtype=np.int64)
        column[np.fromiter((position[word] for word in kept), dtype=np.int64, count=len(kept))] = np.fromiter(
            (
                rounded.get(listed[word]) or rounded.setdefault(listed[word], _centizipf(listed[word]))
                for word in kept
            ),
            dtype=np.int64,
            count=len(kept),
        )
        columns[language] = column
    return WordStore.build(words, columns)


@lru_cache(maxsize=1)
def _store() -> WordStore | None:
    """The cached store (built and saved on a machine's first look-up); None with the cache off."""
    path = _store_path()
    if path is None:
        return None
    opened = WordStore.open(path)
    if opened is not None:
        return opened[0]
    from qa.progress import note

    note("building the word-frequency cache (first run only)")
    built = build_store()
    if write_folder_atomic(path, built.save):
        prune(path.parent, "word-frequency-*", keep=2)
        opened = WordStore.open(path)
    return opened[0] if opened is not None else built


def word_store() -> WordStore:
    """The store, cached when the cache is on, else built in memory (for a whole-list scan)."""
    return _store() or build_store()


def zipfs(word: str) -> dict[str, float]:
    """The Zipf frequency of a lower-case word (log10 of its uses per billion words; 0.0 when a
    list does not have it) in each of LANGUAGES, as `wordfreq.zipf_frequency` gives it."""
    store = _store()
    if store is None:
        values = _listed(word)
    else:
        row = store.row(word)
        values = tuple(store.value(language, row) for language in LANGUAGES) if row >= 0 else (0,) * 6
    return {language: value / 100 for language, value in zip(LANGUAGES, values, strict=True)}


def zipf(word: str, language: str) -> float:
    """The word's Zipf frequency in one of LANGUAGES."""
    return zipfs(word)[language]
