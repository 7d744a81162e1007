"""Belarusian and Ukrainian spellings of a name a Russian text writes in its Russian form.

Belarusians write their own names in Latin letters from the Belarusian form, by the national
romanisation (2007) that passports and most English news follow without diacritics:
Лукашенко is Lukashenka (Лукашэнка), Тихановская is Tsikhanouskaya (Ціханоўская), Светлана
is Sviatlana (Святлана), Сергей is Siarhei (Сяргей). A Russian source or an English reference
that writes the Russian form must not make these the person's misspelling.

The Belarusian form is not derivable exactly from the Russian one (which unstressed о and е
become а and я depends on stress), so each such letter may go either way; a word gives at most
`MAX_FORMS` spellings, all of them exact strings, so a slip rarely lands on one. The letter
correspondences are the regular ones of Belarusian phonology (akanne, yakanne, tsekanne and
dzekanne, г as h, ў for в after a vowel).

Ukrainians romanise from the Ukrainian form too (the 2010 national system): г is h and и is y,
so Шмыгаль is Shmyhal and Гончаренко Honcharenko. Those are one letter from the Russian
romanisation, but a slip that writes h for g throughout a name is rare enough to accept.

A name Russian writes for a person of another language loses that language's ending: the
Lithuanian -ys and -ius become -ис and -юс (Gaidys is Гайдис, Paulius Паулюс), and Arabic and
Hebrew names drop a final h (Nasrallah is Насралла, Abdullah Абдулла, Sarah Сара); that one
only for names the lexicon knows few Russian bearers of (`own_language_endings`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from functools import lru_cache
from itertools import product

from rapidfuzz.distance import OSA

MAX_FORMS = 64
BELARUSIAN = "belarusian"  # the scheme labels of these spellings
UKRAINIAN = "ukrainian"
OWN_LANGUAGE = "own-language"

_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "h", "д": "d", "ж": "zh", "з": "z", "й": "i", "к": "k",
    "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ы": "y", "э": "e",
}  # fmt: skip
_VOWELS = set("аеёиоуыэюя")
_SOFTENING = set("еёиюяь")
# Always hard in Belarusian: е after them is э (Лукашенко -> Лукашэнка).
_HARD = set("жшчцр")


def _options(word: str, i: int) -> tuple[str, ...]:
    """The Latin spellings letter `i` of a lower-case Russian word may have in Belarusian."""
    char = word[i]
    before = word[i - 1] if i else ""
    after = word[i + 1] if i + 1 < len(word) else ""
    initial_or_after_vowel = not before or before in _VOWELS or before in "ъь"
    if char in "тд" and after in _SOFTENING:
        return ("ts",) if char == "т" else ("dz",)  # tsekanne, dzekanne: ці, дзі
    if char == "в" and before in _VOWELS and (not after or after not in _VOWELS):
        return ("u", "v")  # ў: Тихановская -> Ціханоўская
    if char == "е":
        if before in _HARD:
            return ("e", "a")
        if initial_or_after_vowel:
            return ("ye", "ie", "ya", "ia")
        return ("ie", "ia", "e")  # Светлана -> Святлана, Сергей -> Сяргей (Siarhei)
    if char in "ёяю":  # ya after a vowel (Tsikhanouskaya), ia after a consonant (Aliaksandr)
        vowel = {"ё": "o", "я": "a", "ю": "u"}[char]
        return ("y" + vowel, "i" + vowel) if initial_or_after_vowel else ("i" + vowel,)
    if char == "и":
        if before in _HARD or (after == "й" and i + 2 == len(word)):
            return ("y",)  # жы, and -ий is -ы: Дмитрий -> Dzmitry
        return ("i",)
    if char == "й" and before == "и" and i + 1 == len(word):
        return ("",)
    if char == "о":
        if i + 1 == len(word) and before == "к":
            return ("a",)  # -енко is -энка: Лукашенко -> Lukashenka
        return ("o", "a")  # akanne: unstressed о is а
    if char in "ьъ":
        return ("",)
    return (_LATIN.get(char, char),)


@lru_cache(maxsize=8192)
def _candidates(word: str) -> tuple[str, ...]:
    if not word or any(char not in _LATIN and char not in "еёиюяьъ" for char in word):
        return ()
    choices = [_options(word, i) for i in range(len(word))]
    if math.prod(len(options) for options in choices) > MAX_FORMS:
        return ()
    return tuple(sorted({"".join(parts) for parts in product(*choices)}))


def belarusian_forms(cyrillic: str, russian: Iterable[str]) -> list[str]:
    """Lower-case Latin spellings of the Belarusian form of a Russian name word, beside its
    Russian romanisations `russian`.

    Only spellings two edits or more from every Russian one are kept, so that no single slip
    (one letter changed, added, dropped or swapped) is taken for one; the exception is -ka for
    -ko (Lukashenka), which a slip of the last vowel can also write. At most MAX_FORMS are
    considered; a word with too many uncertain vowels gets none.
    """
    word = cyrillic.lower()
    known = set(russian)
    kept = []
    for form in _candidates(word):
        if form in known:
            continue
        distance = min((OSA.distance(form, other) for other in known), default=2)
        if distance >= 2 or (word.endswith("ко") and form[:-1] + "o" in known):
            kept.append(form)
    return kept


def ukrainian_forms(cyrillic: str, russian: Iterable[str]) -> list[str]:
    """Lower-case Latin spellings of a Russian name word with г as the Ukrainian h (and и as y
    or not, as the Russian forms have it): Shmyhal for Шмыгаль, Honcharenko for Гончаренко."""
    if "г" not in cyrillic.lower():
        return []
    known = set(russian)
    forms = {form.replace("g", "h") for form in known if "g" in form and "gh" not in form}
    return sorted(forms - known)


def own_language_endings(cyrillic: str, forms: Iterable[str], russian: bool) -> list[str]:
    """Lower-case Latin spellings of a foreign name with the ending its own language writes:
    -ys for -ис (Gaidys), -ius for -юс (Paulius), and for a name few Russians bear (`russian`
    false) a final h after -а (Nasrallah)."""
    word = cyrillic.lower()
    known = set(forms)
    out: set[str] = set()
    for form in known:
        if word.endswith("ис") and form.endswith("is"):
            out.add(form[:-2] + "ys")
        elif word.endswith("юс") and form.endswith(("yus", "jus")):
            out.add(form[:-3] + "ius")
        elif (
            not russian
            and word.endswith("а")
            and len(word) > 3
            and word[-2] not in _VOWELS
            and form.endswith("a")
        ):
            out.add(form + "h")
    return sorted(out - known)
