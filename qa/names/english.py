"""Person names in English text, without a named-entity model (none is available offline).

A name is a run of capitalised words (with initials, hyphens, particles such as "van", and
a possessive 's or ’s that is left outside the span) that survives three filters:

1. Words that are capitalised for other reasons are cut away: sentence-initial function
   words, months, countries and nationalities, organisation vocabulary, and role words,
   which are kept as the mention's role ("Acting Secretary Elaine Duke").
2. A run followed by an organisation word is an organisation ("Kaspersky Lab"), and so is
   every other occurrence of the same word in the text ("Kaspersky also called ...").
3. What remains needs evidence of being a person: a role word before it, a known first name
   (common English given names, or a Russian first name attested in the lexicon), a
   surname ending of the Russian family (-ov, -ev, -in, -sky, -enko, ...), or - for a single
   word - being the surname (or a one-letter variant of it) of a person named in full
   elsewhere in the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from qa.names.model import FIRST, INITIAL, MAX_NAME_WORDS, MIDDLE, SURNAME, NameToken, PersonMention
from qa.names.wordlists import (
    ENGLISH_FIRST_NAMES,
    NAME_PARTICLES,
    NOT_NAME_WORDS,
    ORGANISATION_WORDS,
    ROLE_BEFORE,
    ROLE_WORDS,
    RUSSIAN_SURNAME_ENDINGS,
)

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*(?:\.(?=\s|$|[,;:)]))?|\S")
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)
_SENTENCE_END = set(".!?…")
_DOUBLED_LETTER = re.compile(r"(\w)\1+")
_OPENERS = set("\"'“‘«([")
_LINE_CONTENT = re.compile("[^ \t\"'“‘«(]")  # what `str.strip(" \t\"'“‘«(")` would keep

FirstNameTest = Callable[[str], bool]


@dataclass(slots=True)
class _Token:
    text: str  # without the possessive
    start: int
    end: int
    possessive: bool
    kind: str  # word | initial | punct
    sentence_start: bool = False


def _tokens(text: str) -> list[_Token]:
    out: list[_Token] = []
    sentence_start = True
    for match in _WORD.finditer(text):
        raw = match.group(0)
        start = match.start()
        if not (raw[0].isalpha()):
            if raw in _SENTENCE_END or raw == "\n":
                sentence_start = True
            out.append(_Token(raw, start, match.end(), False, "punct"))
            continue
        if raw.endswith("."):
            body = raw[:-1]
            if len(body) == 1 and body.isupper():
                out.append(_Token(raw, start, match.end(), False, "initial", sentence_start))
                sentence_start = False
                continue
            raw = body
            ends_sentence = body.lower() not in {
                "mr",
                "mrs",
                "ms",
                "dr",
                "st",
                "gen",
                "col",
                "lt",
                "sgt",
                "prof",
            }
        else:
            ends_sentence = False
        possessive = len(raw) > 2 and raw[-2] in "'’" and bool(_POSSESSIVE.search(raw))
        word = raw[:-2] if possessive else raw
        out.append(_Token(word, start, start + len(word), possessive, "word", sentence_start))
        sentence_start = ends_sentence
    # A line break also starts a sentence (headlines, bylines): a token with nothing but spaces
    # and opening quotes or brackets before it on its line, i.e. not after the line's first
    # other character (found once per line).
    line_end, content_start = -1, 0  # the current line's newline (or the text's end)
    for token in out:
        if token.start > line_end:  # the first token of another line
            line_start = text.rfind("\n", 0, token.start) + 1
            line_end = text.find("\n", token.start)
            if line_end < 0:
                line_end = len(text)
            found = _LINE_CONTENT.search(text, line_start)
            content_start = found.start() if found else len(text)
        if token.start <= content_start:
            token.sentence_start = True
    return out


def _capitalised(token: _Token) -> bool:
    return token.kind == "initial" or (
        token.kind == "word" and token.text[:1].isupper() and len(token.text) > 1
    )


def _is_acronym(word: str) -> bool:
    return word.isupper() and len(word) <= 4


def _not_name(word: str) -> bool:
    lower = word.lower()
    return lower in NOT_NAME_WORDS or _is_acronym(word) or lower.rstrip(".") in NOT_NAME_WORDS


def looks_like_russian_surname(word: str) -> bool:
    """Whether a Latin word ends like a surname of the Russian family (-ov, -sky, -enko ...)."""
    lower = word.lower()
    if len(lower) < 4 or lower in NOT_NAME_WORDS or ("-" in lower and not lower.split("-")[-1]):
        return False
    last = lower.split("-")[-1]
    if last.endswith(("ain", "ein", "oin", "uin", "ein")):
        return False  # brain, pain, protein, Bernstein
    if len(last) >= 4 and last.endswith(RUSSIAN_SURNAME_ENDINGS):
        return True
    # A doubled letter is the commonest slip, and it hides the ending it falls in
    # ("Saakashvilli"); only endings of 3+ letters, so that "Quinn" or "Flynn" stay English.
    single = _DOUBLED_LETTER.sub(r"\1", last)
    return single != last and any(
        len(ending) >= 3 and single.endswith(ending) for ending in RUSSIAN_SURNAME_ENDINGS
    )


def _english_first_name(word: str) -> bool:
    return word.lower() in ENGLISH_FIRST_NAMES


def _adjacent(text: str, left: _Token, right: _Token) -> bool:
    between = text[left.end : right.start]
    return (not left.possessive and between in (" ", "\u00a0")) or (left.kind == "initial" and between == "")


def _close(a: str, b: str) -> bool:
    """One edit apart (or equal), for a lone surname that varies from the full mention."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1 or min(len(a), len(b)) < 4:
        return False
    from rapidfuzz.distance import Levenshtein

    return Levenshtein.distance(a, b, score_cutoff=1) <= 1


def _parts(words: list[_Token], known_first: FirstNameTest) -> list[str]:
    parts: list[str] = []
    plain = [t for t in words if t.kind == "word"]
    for token in words:
        if token.kind == "initial":
            parts.append(INITIAL)
        elif len(plain) == 1:
            single = token.text
            first_only = known_first(single) and not looks_like_russian_surname(single)
            parts.append(FIRST if first_only else SURNAME)
        elif token is plain[-1]:
            parts.append(SURNAME)
        elif token is plain[0]:
            parts.append(FIRST)
        else:
            parts.append(MIDDLE)
    return parts


def extract_person_names(
    text: str, first_name_test: FirstNameTest | None = None, surname_test: FirstNameTest | None = None
) -> list[PersonMention]:
    """Person mentions in English `text`, in order. Spans index `text` exactly.

    `first_name_test` adds first names beyond the built-in English list (the name engine
    passes one backed by the Russian lexicon: "Yelena", "Nikolai", "Dmitry"); `surname_test`
    says a word is a known surname (the engine's: attested in the Russian lexicon).
    """

    def known_first(word: str) -> bool:
        return _english_first_name(word) or bool(first_name_test and first_name_test(word))

    tokens = _tokens(text)
    # Runs of capitalised words separated by single spaces.
    runs: list[list[_Token]] = []
    current: list[_Token] = []
    for index, token in enumerate(tokens):
        if _capitalised(token):
            if current and _adjacent(text, current[-1], token):
                current.append(token)
                continue
            if current:
                runs.append(current)
            current = [token]
            continue
        is_particle = (
            token.kind == "word"
            and token.text.lower() in NAME_PARTICLES
            and current
            and index + 1 < len(tokens)
            and _capitalised(tokens[index + 1])
            and _adjacent(text, current[-1], token)
        )
        if is_particle:
            current.append(token)
            continue
        if current:
            runs.append(current)
        current = []
    if current:
        runs.append(current)

    position = {id(token): i for i, token in enumerate(tokens)}
    organisations: set[str] = set()
    segments: list[tuple[list[_Token], str | None, bool]] = []  # words, role, strong evidence
    for run in runs:
        segment: list[_Token] = []
        role_words: list[str] = []
        for token in [*run, None]:
            is_break = token is None or (token.kind == "word" and _not_name(token.text))
            if not is_break:
                segment.append(token)
                continue
            if segment:
                # "Municipal Health Commission", "Provincial Defense Command": capitalised words
                # before an organisation word later in the same run name the organisation
                rest = run[run.index(token) :] if token is not None else []
                if any(t.kind == "word" and t.text.lower() in ORGANISATION_WORDS for t in rest):
                    organisations.update(t.text for t in segment if t.kind == "word")
                else:
                    role = " ".join(role_words) or _role_before(tokens, position[id(segment[0])])
                    segments.append((segment, role, False))
                segment = []
                role_words = []
            if token is not None:
                if token.text.lower() in ROLE_WORDS:
                    role_words.append(token.text)
                else:
                    role_words = []

    accepted: list[tuple[list[_Token], str | None]] = []
    pending: list[tuple[list[_Token], str | None]] = []
    for words, role, _ in segments:
        plain = [t for t in words if t.kind == "word" and t.text.lower() not in NAME_PARTICLES]
        if not plain or len(plain) > MAX_NAME_WORDS or any(t.text in organisations for t in plain):
            continue
        if len(plain) >= 3 and not known_first(plain[0].text):
            # "Midfielder Gary Anderson ...", "... of Medical Sergey Tokarev": a capitalised word
            # before a first name is not part of the name.
            rest = words[words.index(plain[0]) + 1 :]
            opener = plain[0].sentence_start and looks_like_russian_surname(plain[-1].text)
            if known_first(plain[1].text) or opener:
                words, plain, role = rest, plain[1:], role or plain[0].text
        if len(plain) >= 2:
            evidence = (
                role is not None
                or known_first(plain[0].text)
                or looks_like_russian_surname(plain[-1].text)
                or any(t.kind == "initial" for t in words)
            )
            (accepted if evidence else pending).append((words, role))
        else:
            word = plain[0].text
            if role is None and _demonym(word):
                continue  # "Kenyan runner": -yan is an Armenian surname's ending, not here
            russian = looks_like_russian_surname(word) and not known_first(word)
            # At a sentence start a capitalised "-in" word is as likely English ("Pain"): there it
            # needs the lexicon to know it as a surname.
            attested = bool(surname_test and surname_test(word))
            evidence = role is not None or (russian and (not plain[0].sentence_start or attested))
            (accepted if evidence else pending).append((words, role))

    surnames = {
        [t for t in words if t.kind == "word"][-1].text.lower()
        for words, _ in accepted
        if sum(t.kind == "word" for t in words) >= 2
    }
    for words, role in pending:
        plain = [t for t in words if t.kind == "word"]
        if len(plain) == 1 and any(_close(plain[0].text.lower(), s) for s in surnames):
            accepted.append((words, role))

    mentions: list[PersonMention] = []
    for words, role in accepted:
        while words and words[-1].kind != "word":
            words = words[:-1]  # a trailing initial is the end of a sentence ("... of the U.")
        if not words:
            continue
        parts = _parts(words, known_first)
        name_tokens = tuple(
            NameToken(t.text, t.start, t.end, part)
            for t, part in zip(words, parts, strict=True)
            if not (t.kind == "word" and t.text.lower() in NAME_PARTICLES)
        )
        mentions.append(PersonMention(name_tokens, role, "en"))
    mentions.sort(key=lambda m: (m.start, m.end))
    return mentions


def _demonym(word: str) -> bool:
    """A nationality adjective (Kenyan, Armenian): never a person's name on its own."""
    from qa.entities.words import demonyms

    return word.lower() in demonyms()


def _role_before(tokens: list[_Token], index: int) -> str | None:
    """A lower-case role word within the three words before a run ("press secretary X")."""
    for back in range(1, 4):
        if index - back < 0:
            return None
        token = tokens[index - back]
        if token.kind != "word":
            return None
        if token.text.lower() in ROLE_BEFORE and token.text[:1].islower():
            if any(t.text.lower() == "of" for t in tokens[index - back + 1 : index]):
                return None  # "deputy head of Rosavtodor": the role's body, an organisation
            return token.text
        if token.text[:1].isupper():
            return None
    return None
