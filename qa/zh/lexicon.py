"""The Russian name lexicon (russiannames: surnames and first names with bearer counts), in Cyrillic.

Back-transliteration goes Chinese -> Cyrillic constrained to these words, so a candidate is a
real Russian name with a frequency prior (Никифоров 1,078 bearers against Никифров 1). The
Latin spellings of a Cyrillic name come from the standard romanisation schemes (iuliia) plus
the spellings English news actually uses (Maria, Yuri), see `latin_variants`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

from qa.names.store import WordCounts

# Schemes whose output appears in English news; the first one gives the display form.
DISPLAY_SCHEMES = ("wikipedia", "bgn_pcgn", "icao_doc_9303", "scientific", "telegram")
# Female surnames are not listed separately when they are the regular -а form of a male one;
# they get this share of the male count.
FEMALE_FORM_SHARE = 0.5


@lru_cache(maxsize=1)
def russian_lexicon() -> WordCounts:
    """Lower-case Cyrillic surnames, female surname forms and first names, with bearer counts.

    From the name engine's lexicon, so russiannames is read once: a memory-mapped word store
    (what `qa.zh.model.SortedLexicon` answers, without a Python object per word, so that
    batch workers share it rather than each building or copying its own).
    """
    from qa.names.lexicon import get_lexicon

    return get_lexicon().bearer_counts(feminine_share=FEMALE_FORM_SHARE)


@lru_cache(maxsize=4096)
def latin_variants(cyrillic: str) -> tuple[str, ...]:
    """Accepted lower-case Latin spellings of a Cyrillic name, the display form first."""
    import iuliia

    word = cyrillic.lower()
    out: list[str] = []
    for scheme_name in DISPLAY_SCHEMES:
        scheme = iuliia.schemas.get(scheme_name)
        out.append(_plain(scheme.translate(word)))
    if re.search(r"[еe]ва?$", word):
        # The lexicon writes ё as е; Воробьёв is also spelled Vorobyov.
        yo_form = re.sub(r"е(ва?)$", r"ё\1", word)
        out.append(_plain(iuliia.schemas.get("wikipedia").translate(yo_form)))
    base = list(out)
    # Spellings English news uses that no single scheme produces: Maria, Yuri, Elena, Fedor.
    for form in base:
        out.append(re.sub(r"iya$", "ia", form))
        out.append(re.sub(r"iy$", "i", form))
        out.append(re.sub(r"y$", "i", form) if form.endswith("ry") else form)
        out.append(re.sub(r"^ye", "e", form))
        out.append(form.replace("yo", "e"))
    out.append(_plain(anyascii(word)))
    seen: dict[str, None] = {}
    for form in out:
        if form and form.isascii() and form.isalpha():
            seen.setdefault(form, None)
    return tuple(seen)


def _plain(text: str) -> str:
    """Lower-case ASCII letters only: strips diacritics, apostrophes and soft-sign marks."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    if any(ch.isalpha() and not ch.isascii() and unicodedata.combining(ch) == 0 for ch in decomposed):
        return ""  # a letter the scheme left in Cyrillic (bgn_pcgn keeps ё)
    return "".join(ch for ch in decomposed if "a" <= ch <= "z")
