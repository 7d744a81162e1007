"""How common a spelling is as a word of Western languages: evidence from outside the lexicon.

The Russian-name lexicon cannot tell a German or Polish spelling of a Russian name (Karlowa,
Seweryn) or a Western given name with a Russian label (Pauline, Caterina) from a slip of a
Russian name (Nikifrov): none of them is attested there. Word frequencies from `wordfreq`
(Apache-2.0; its lists ship inside the wheel, so it works offline) can: real names and
spellings are written in newspapers and on the web, slips much less. The lists are read on the
first look-up only (the lexicon-only N104 model asks; a check with a reference, a source or a
pivot never does), one language at a time.
"""

from __future__ import annotations

import math
from functools import lru_cache

LANGUAGES = ("en", "de", "fr", "pl", "it", "es")
WORDLIST = "large"  # "small" holds only words of zipf >= 3 or so: no rare surname is in it


@lru_cache(maxsize=len(LANGUAGES))
def _frequencies(language: str) -> dict[str, float]:
    from wordfreq import get_frequency_dict  # about 0.1-0.3 s a language: imported when needed

    return get_frequency_dict(language, WORDLIST)


def zipf(word: str, language: str) -> float:
    """The Zipf frequency of a lower-case word in `language` (log10 of its uses per billion
    words; 0.0 when the list does not have it), rounded as `wordfreq.zipf_frequency` rounds."""
    frequency = _frequencies(language).get(word, 0.0)
    return round(math.log10(frequency) + 9.0, 2) if frequency > 0 else 0.0


def zipfs(word: str) -> dict[str, float]:
    """The word's Zipf frequency in each of LANGUAGES."""
    return {language: zipf(word, language) for language in LANGUAGES}
