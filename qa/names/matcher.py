"""The one matcher: how a translation's name token relates to an expected one.

Exact, glossary alias, accepted variant (another scheme's romanisation of the same Cyrillic
word, found through the lexicon or without it), near miss (N101 material) or unrelated; the
foreign-spelling tests a near miss of a source name is weighed with; and the lexicon cut-offs
the rules share. Every origin (reference, source, pivot, glossary) is matched here."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from qa.names.lexicon import FIRST as LEX_FIRST
from qa.names.lexicon import PATRONYMIC as LEX_PATRONYMIC
from qa.names.lexicon import SURNAME as LEX_SURNAME
from qa.names.model import (
    FIRST,
    MIDDLE,
    SURNAME,
    ExpectedToken,
    NameToken,
)
from qa.names.national import BELARUSIAN, OWN_LANGUAGE, UKRAINIAN
from qa.names.romanize import normalize_latin

# Lexicon thresholds, chosen on the dev half of the Wikidata challenge set (bench/names.py):
# with these, N104 raised 1.9% false alarms on correct names there (UNATTESTED_MAX 20 and
# COMMON_RATIO 50 would catch 70% of corruptions instead of 63%, at 2.9% false alarms).
RUSSIAN_MIN = 20  # bearers for a Cyrillic word to count as an attested Russian name part


UNATTESTED_MAX = 10  # at most this many bearers: the spelling may be a misspelling ...


COMMON_RATIO = 100  # ... of a name this many times more common


COMMON_MIN = 100  # and a suggestion has at least this many bearers


FIRST_NAME_MIN = 200  # a Russian first name this common is evidence of a person in English text


_PART_TO_KIND = {FIRST: LEX_FIRST, SURNAME: LEX_SURNAME, MIDDLE: LEX_PATRONYMIC}


# Polish / Czech / German letter groups: a name written this way is a foreign spelling, not
# a misspelt romanisation of Russian (Kowalewski, Olszewski, Czajkowski, Rzepecki).
_FOREIGN_ORTHOGRAPHY = re.compile(r"cz|sz|rz|[łąęóżśćńšžčřý]|w(?!$|a$)|tsch|sch")


_CAPITALISED_WORD = re.compile(r"\b(?=[^\W\d_])(?:[^\W\d_]+)(?:-[^\W\d_]+)*\b")


# Georgian surname endings: the first names of these people are not Russian (Mikheil Saakashvili).
# a doubled letter in the ending ("Saakashvilli") is a slip in a Georgian surname, still Georgian
_GEORGIAN = re.compile(r"(s+h+v+i+l+i+|d+z+e+|i+a+n+i+|u+r+i+)$")


# German and French endings of Russian surnames (Iwanow, Smirnoff) to undo before a lookup.
_FOREIGN_ENDING = re.compile(r"(?<=\w\w)(ow|off|ew|eff)$")


# Polish, Czech and German letter groups -> what an English romanisation writes for them.
_FOREIGN_LETTERS = (
    ("szcz", "shch"),
    ("tsch", "ch"),
    ("sch", "sh"),
    ("cz", "ch"),
    ("sz", "sh"),
    ("rz", "zh"),
    ("ż", "zh"),
    ("ž", "zh"),
    ("š", "sh"),
    ("č", "ch"),
    ("ł", "l"),
    ("ó", "o"),
    ("ś", "s"),
    ("ć", "ts"),
    ("ń", "n"),
    ("ý", "y"),
    ("w", "v"),
    ("j", "y"),
)


_POLISH_LETTERS = re.compile(r"ski$|wicz$")
_STRONG_FOREIGN = re.compile(r"[łąęóżśćńšžčřý]|tsch")


def _foreign_spelling(key: str, accepted: Iterable[str]) -> bool:
    """Whether `key` is an accepted romanisation written the Polish / Czech / German way
    throughout (Kowalski, Czajkowski), or with every i as the Ukrainian y (Denysenko);
    a single slip that happens to make such a letter group (Rzhkov) is not."""
    forms = set(accepted)
    # One Polish or German letter group alone is as likely a slip (Awdeev, Patruschev, Czernenko)
    # as a foreign spelling; two (Kowalski: w and -ski), a letter with a diacritic or German
    # tsch (Klitschko) make a spelling foreign.
    groups = len(_FOREIGN_ORTHOGRAPHY.findall(key)) + len(_POLISH_LETTERS.findall(key))
    if groups >= 2 or _STRONG_FOREIGN.search(key):
        english = key
        for foreign, latin in _FOREIGN_LETTERS:
            english = english.replace(foreign, latin)
        if english != key and english in forms:
            return True
    return "y" in key and any("i" in form and form.replace("i", "y") == key for form in forms)


DIACRITICS = "diacritics"  # the scheme label of a spelling that only adds diacritics


def strip_diacritics(key: str) -> str:
    """A comparison key without its combining marks (kvešić -> kvesic); ł, ø and the like,
    which are letters of their own, stay."""
    decomposed = unicodedata.normalize("NFD", key)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def undo_foreign_ending(key: str) -> str:
    """The -ov / -ev form of a German or French ending (-ow, -off, -ew, -eff)."""
    return _FOREIGN_ENDING.sub(lambda m: {"ow": "ov", "off": "ov", "ew": "ev", "eff": "ev"}[m.group(1)], key)


EXACT, ALIAS, VARIANT, NEAR, NONE = "exact", "alias", "variant", "near", "none"


_WEIGHT = {EXACT: 4, ALIAS: 3, VARIANT: 3, NEAR: 1, NONE: 0}


def near_miss_limit(length: int) -> int:
    """How many edits (OSA: a swap of neighbours is one) still make a near miss."""
    if length <= 3:
        return 0
    if length <= 5:
        return 1
    if length <= 10:
        return 2
    return 3


@dataclass(frozen=True)
class TokenMatch:
    """How one hypothesis token relates to one expected token."""

    kind: str  # exact | alias | variant | near | none
    expected: ExpectedToken | None
    distance: int = 0
    nearest: str | None = None  # the expected spelling (comparison key) closest to the token
    scheme: str | None = None

    @property
    def weight(self) -> int:
        return _WEIGHT[self.kind]


SharedCyrillic = Callable[[str, str], "tuple[str, str] | None"]


def classify_token(
    text: str,
    expected: ExpectedToken,
    attested: Callable[[str, str], int] | None = None,
    shared: SharedCyrillic | None = None,
    key: str | None = None,
) -> TokenMatch:
    """Exact, glossary alias, accepted variant, near miss or unrelated.

    `attested(spelling, part)` (bearers of the Cyrillic name a Latin spelling romanises)
    lets a standard romanisation stand against a reference spelling that romanises nothing
    the lexicon knows (a Polish or German form: "Adamovich" against "Adamowicz"): that is a
    variant (N102), not a misspelling. `shared(spelling, other)` returns the Cyrillic word
    both spellings romanise, if any ("Shoygu" / "Shoigu": Шойгу): against a reference or
    glossary spelling whose word the lexicon does not know, that is a variant too (where
    it knows the word, its accepted spellings decide: Яковлев's are not Яковльев's).
    """
    key = normalize_latin(text) if key is None else key
    match = _classify(key, expected)
    if (
        shared is not None
        and match.kind in (NEAR, NONE)
        and not expected.cyrillic  # the lexicon knows the word: its accepted spellings decide
        and expected.origin in ("reference", "glossary")
    ):
        found = shared(text, expected.spelling)
        if found is not None:
            return TokenMatch(VARIANT, expected, OSA.distance(key, expected.key), key, found[1])
    if (
        attested is not None
        and match.kind in (NEAR, NONE)
        and not expected.cyrillic
        and expected.origin in ("reference", "glossary")
    ):
        distance = OSA.distance(key, expected.key)
        if (
            distance <= near_miss_limit(len(expected.key)) + 2
            and attested(text, expected.part) >= RUSSIAN_MIN
        ):
            return TokenMatch(VARIANT, expected, distance, key, "lexicon")
    return match


def _classify(key: str, expected: ExpectedToken) -> TokenMatch:
    """`classify_token` for a comparison key, before the lexicon and shared-Cyrillic tests."""
    spelling = expected.key
    if key == spelling:
        return TokenMatch(EXACT, expected, 0, spelling, expected.scheme_of(key))
    if key in expected.aliases:
        return TokenMatch(ALIAS, expected, 0, spelling)
    if key in expected.accepted:
        return TokenMatch(VARIANT, expected, 0, key, expected.scheme_of(key))
    plain = strip_diacritics(key)
    if plain != key and (plain == spelling or plain in expected.accepted):
        # Kvešić against a reference's Kvesic: the name as its bearer writes it, the reference
        # without the diacritics (the reverse, Rozkov for the scientific Rožkov, stays a near miss)
        return TokenMatch(VARIANT, expected, OSA.distance(key, plain), key, DIACRITICS)
    undone = undo_foreign_ending(key)
    if undone != key and (undone == spelling or undone in expected.accepted):
        # Iwanow / Smirnoff for Ivanov / Smirnov: German and French spellings are misspellings
        # in English unless the reference or an accepted scheme writes them that way.
        target = spelling if undone == spelling else undone
        return TokenMatch(NEAR, expected, OSA.distance(key, target), target, expected.scheme_of(target))
    best: tuple[int, int, str] | None = None
    limit = max(near_miss_limit(len(key)), 0)
    # A Belarusian or Ukrainian form (Varabiou) is accepted as written, never a target: it would widen
    # the net around the name (Serhiyovych would become a slip of a Belarusian Sergeyevich).
    others = sorted(
        c
        for c in expected.accepted - {spelling}
        if expected.scheme_of(c) not in (BELARUSIAN, UKRAINIAN, OWN_LANGUAGE)
    )
    candidates = [spelling, *others]
    for order, candidate in enumerate(candidates):
        allowed = min(limit, near_miss_limit(len(candidate)))
        if allowed == 0:
            continue
        distance = OSA.distance(key, candidate, score_cutoff=allowed)
        if distance <= allowed and (best is None or (distance, order) < best[:2]):
            best = (distance, order, candidate)
    if best is None:
        return TokenMatch(NONE, expected)
    return TokenMatch(NEAR, expected, best[0], best[2], expected.scheme_of(best[2]))


def _best_match(
    token: NameToken,
    expected: Iterable[ExpectedToken],
    same_part_only: bool,
    attested: Callable[[str, str], int] | None = None,
    shared: SharedCyrillic | None = None,
) -> TokenMatch:
    best = TokenMatch(NONE, None)
    for each in expected:
        match = classify_token(token.text, each, attested, shared, token.key)
        if match.kind == NEAR and same_part_only and each.part != token.part:
            continue
        rank = (match.weight, -match.distance, each.part == token.part)
        if rank > (
            best.weight,
            -best.distance,
            best.expected is not None and best.expected.part == token.part,
        ):
            best = match
    return best
