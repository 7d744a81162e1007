"""Entities in English text: the tokeniser (one pass per sentence group, memoised) and the
runs of capitalised words, acronyms and hyphenated names that make an entity."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from qa.entities.words import (
    _CLAUSE_END,
    _OPENERS,
    _POSSESSIVE,
    _TOKEN,
    FUNCTION_WORDS,
    TITLE_CASE_SHARE,
    _fold,
    _is_common,
    _is_generic,
    alias_index,
    demonyms,
)


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


# A pronoun or auxiliary with its contraction (I'm, We're, Don't, It's): a function word, not a name.
_CONTRACTION = re.compile(r"^[a-z]+(?:'(?:m|ll|ve|re|d)|n't)$|^(?:it|that|there|here|what|who|let)'s$")
_QUOTE_OPENERS = frozenset('"“‘«')
# A class or stage named by its number ("Level 1", "Phase II", "Category 4"): a label, not an
# entity (a translation writes "first-class" or "level-one" as freely).
_LABEL_WORDS = frozenset(
    "level phase grade class category stage tier type step round article section chapter part item".split()
)
_LABEL_NUMBER = re.compile(r"^(?:\d+[a-z]?|[IVX]{1,4})$")

_CONNECTORS = frozenset(
    {"of", "de", "du", "la", "le", "del", "della", "von", "van", "der", "den", "bin", "al", "for", "&"}
)


# Sentence groups whose words are kept: `extract_entities` and `Witness` read the same group one
# after the other.
TOKENS_MEMO = 64
# Reference sentence groups whose entities and `Witness` are kept (several translations of one
# article are checked against the same reference): `qa.memo.text_memo`, bounded in characters.


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
            at_start = gap != " " and (
                "\n" in gap or _CLAUSE_END.search(gap) is not None or gap.rstrip()[-1:] in _QUOTE_OPENERS
            )  # a quotation starts a sentence of its own (He called it "Going home")
        folded = _fold(word)
        capitalised = word[:1].isupper() and not _CONTRACTION.match(folded.replace("’", "'"))
        out.append(_Token(word, start, start + len(word), possessive, at_start, capitalised, folded))
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
    following = {t.start: tokens[k + 1] for k, t in enumerate(tokens[:-1])}
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
        after = following.get(run[-1].start) if len(run) == 1 else run[1] if len(run) == 2 else None
        if (
            run[0].folded in _LABEL_WORDS
            and after is not None
            and text[run[0].end : after.start] == " "
            and _LABEL_NUMBER.match(after.text)
        ):
            continue  # "Level 1", "Phase II": a class or stage named by its number
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


def _shift(entity: Entity, offset: int) -> Entity:
    return Entity(
        entity.text, entity.start + offset, entity.end + offset, entity.keys, entity.words, entity.weak
    )
