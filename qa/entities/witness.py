"""What a text attests: `Witness` (a reference or hypothesis sentence group) and `SourceWitness`
(Latin, romanised Cyrillic and pinyin words of a source sentence)."""

from __future__ import annotations

import re
import unicodedata
from functools import cache, cached_property

from rapidfuzz import fuzz, process

from qa.entities.extract import _CONNECTORS, Entity, _segment_entities, _shift, _tokens
from qa.entities.words import (
    _ANY_WORD,
    _CYRILLIC_WORD,
    _HAN,
    _LETTERS,
    DESCRIPTIVE_ALIASES,
    FUNCTION_WORDS,
    FUZZY_MIN,
    FUZZY_MIN_LENGTH,
    SKELETON_MIN,
    STEM_MAX_REST,
    STEM_MIN,
    _alias_prefixes,
    _fold,
    _is_common,
    alias_index,
    longest_alias_words,
)
from qa.memo import text_memo


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
        self._tokens = tokens
        self._folded = folded

    # What follows is read only for some entities (aliases, acronyms): made when first asked.

    @cached_property
    def groups(self) -> dict[int, frozenset[str]]:
        """Alias groups (countries, organisations) this side names, with the aliases it uses."""
        tokens, folded = self._tokens, self._folded
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
        return {group: frozenset(aliases) for group, aliases in groups.items()}

    @cached_property
    def acronyms(self) -> frozenset[str]:
        return frozenset(
            t.folded
            for t in self._tokens
            if len(t.text) > 1 and t.text.replace(".", "").rstrip("s").isupper()
        )

    @cached_property
    def _initials_and_joined(self) -> tuple[frozenset[str], frozenset[str]]:
        """Initials of capitalised runs (MFA) and their words joined (Rosatom), read together."""
        initials: set[str] = set()
        joined: set[str] = set()
        run: list[str] = []
        for token in [*self._tokens, None]:
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
        return frozenset(initials), frozenset(j for j in joined if len(j) >= 5)

    @cached_property
    def spelled_initials(self) -> frozenset[str]:
        """Initials of 3-6 words in any case, "of", "for", "the", "and" skipped: an acronym
        spelled out in lower case ("residential care homes for the elderly", RCHE)."""
        initials: set[str] = set()
        run: list[str] = []
        for token in [*self._tokens, None]:
            word = token.text.lower() if token is not None else ""
            if token is not None and word in _SPELLED_SKIP and run:
                continue
            if token is not None and token.text[:1].isalpha() and word not in FUNCTION_WORDS:
                run.append(token.folded)
                continue
            for i in range(len(run)):
                for j in range(i + 3, min(len(run), i + 6) + 1):
                    initials.add("".join(w[0] for w in run[i:j]))
            run = []
        return frozenset(initials)

    @property
    def initials(self) -> frozenset[str]:
        return self._initials_and_joined[0]

    @cached_property
    def loose_initials(self) -> frozenset[str]:
        """Initials of 3-6 consecutive words in any case, with and without the connectors
        ("loan prime rate": lpr; "People's Bank of China": pboc as well as pbc), for an
        acronym of 3+ letters the other side writes."""
        words = [t.folded for t in self._tokens if t.folded[:1].isalpha()]
        out: set[str] = set()
        for i in range(len(words)):
            for j in range(i + 3, min(len(words), i + 6) + 1):
                window = words[i:j]
                out.add("".join(w[0] for w in window))
                if window[0] not in _CONNECTORS and window[-1] not in _CONNECTORS:
                    out.add("".join(w[0] for w in window if w not in _CONNECTORS))
        return frozenset(out)

    @property
    def joined(self) -> frozenset[str]:
        return self._initials_and_joined[1]

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

    def attests(self, entity: Entity, own: Witness | None = None, aliases: bool = True) -> bool:
        """Whether this side has `entity` (of the `own` side) in some form.

        An alias counts only when this side's form is not explained by the own side's text:
        "Rome" is not attested by "Italy" when both sides name Italy. `aliases=False`: only
        by its own words or form (what a country's name alone cannot tell: which city).
        """
        index = alias_index()
        words = tuple(part for word in entity.words for part in word.split("-") if part)
        for n in range(min(len(words), longest_alias_words()) if aliases else 0, 0, -1):
            for i in range(len(words) - n + 1):
                phrase = " ".join(words[i : i + n])
                for group in index.get(phrase, ()):
                    aliases = self.groups.get(group, frozenset())
                    own_aliases = own.groups.get(group, frozenset()) if own is not None else frozenset()
                    if phrase in aliases or aliases - own_aliases or aliases & DESCRIPTIVE_ALIASES:
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
            if len(acronym) >= 3 and (acronym in self.loose_initials or acronym in self.spelled_initials):
                return True
            if len(acronym) >= 3 and any(_one_letter_apart(acronym, a) for a in self.acronyms):
                return True  # SMEs / SMBs, MFIs / MFOs: the same kind of body, named two ways
        parts = [p for w in entity.words if w not in _CONNECTORS for p in w.split("-") if p]
        if len(parts) >= 2 and "".join(p[0] for p in parts) in self.acronyms:
            return True
        spelled = "".join(p[0] for w in entity.words for p in w.split("-") if p)
        if len(spelled) >= 3 and len(parts) >= 2 and any(spelled in a for a in self.acronyms):
            return True  # "Bank of China" in PBOC
        joined = _LETTERS.sub("", "".join(parts))
        if len(joined) < 5:
            return False
        if joined in self.joined:
            return True
        return process.extractOne(joined, self.joined_list, scorer=fuzz.ratio, score_cutoff=88) is not None


@text_memo()  # bounded in characters: one-sentence references come back a thousand documents apart
def reference_witness(text: str) -> Witness:
    """The `Witness` of a reference text, shared by the documents checked against it."""
    return Witness(text)


@text_memo()
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


_SPELLED_SKIP = frozenset({"of", "for", "the", "and", "&"})


class SourceWitness:
    """Latin words and romanised names of a Russian or Chinese source sentence, for vetoes."""

    def __init__(self, text: str, lang: str) -> None:
        self.text = text
        self.lang = lang

    @cached_property
    def latin_words(self) -> list[str]:
        """Words written wholly in Latin letters (a mixed-script typo such as "Meжду" is not one).
        Chinese writes no space around them ("发表SONA。"): Han characters end a word."""
        out = []
        for match in _ANY_WORD.finditer(_HAN.sub(" ", self.text)):
            word = match.group(0)
            if not (word[0].isalpha() and _is_latin(word[0])):
                continue  # most words of a source: Cyrillic from the first letter
            if word.isascii() or all(not c.isalpha() or _is_latin(c) for c in word):
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

    def transcription_pinyin(self, entity: Entity) -> bool:
        """The entity is one word, the pinyin of 3+ transcription characters of the source
        (朔尔茨 "Shuoerci"), and no word list knows it: a foreign name gone wrong through its
        Chinese transcription, not the source's own spelling of a Chinese name."""
        if self.lang != "zh" or len(entity.keys) != 1:
            return False
        from qa.names.foreign import frequency
        from qa.zh.match import transcription_pieces

        key = entity.keys[0].replace("-", "").replace("'", "")
        if frequency(key) > 0.0:
            return False
        return any(key in transcription_pieces(run) for run in _HAN.findall(self.text))

    def names(self) -> list[str]:
        """Latin-script names in the source (brands, acronyms, foreign names kept as written)."""
        return [w for w in self.latin_words if w[:1].isupper() and len(w) >= 2]


@cache
def _is_latin(char: str) -> bool:
    return char.isascii() or unicodedata.name(char, "").startswith("LATIN")
