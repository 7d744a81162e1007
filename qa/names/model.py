"""Plain data the name engine passes around: name tokens, person mentions, issues."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from qa.names.romanize import normalize_latin

FIRST = "first"
MIDDLE = "middle"  # a patronymic or middle name
SURNAME = "surname"
INITIAL = "initial"
# The most words (initials and particles apart) one person's name has. A longer run of
# capitalised name-like words is a list written without commas or junk ("Nikiforov Nikiforov
# ..." on one line): read as one person it made every pairing cost its length times the other
# side's, and a 2,000-word run against another took minutes.
MAX_NAME_WORDS = 8


@dataclass(frozen=True)
class NameToken:
    """One word of a person name, with code-point offsets into the text it came from."""

    text: str
    start: int
    end: int
    part: str = SURNAME  # first | middle | surname | initial

    @cached_property
    def key(self) -> str:
        """The comparison key (`normalize_latin`), computed once per token."""
        return normalize_latin(self.text)


class TokenSpan:
    """Where a name made of tokens (each with text, start and end) stands in its text."""

    tokens: tuple[Any, ...]

    @property
    def start(self) -> int:
        return self.tokens[0].start

    @property
    def end(self) -> int:
        return self.tokens[-1].end

    @property
    def text(self) -> str:
        return " ".join(token.text for token in self.tokens)


@dataclass(frozen=True)
class PersonMention(TokenSpan):
    """A person named in a text: the name's tokens, in order, and the role word before it."""

    tokens: tuple[NameToken, ...]
    role: str | None = None
    lang: str = "en"

    @property
    def surname(self) -> NameToken | None:
        found = [t for t in self.tokens if t.part == SURNAME]
        return found[-1] if found else None

    @property
    def first(self) -> NameToken | None:
        found = [t for t in self.tokens if t.part == FIRST]
        return found[0] if found else None

    @property
    def checkable(self) -> tuple[NameToken, ...]:
        """The tokens a spelling check looks at (not initials)."""
        return tuple(t for t in self.tokens if t.part != INITIAL)


@dataclass(frozen=True)
class ExpectedToken:
    """A name token as it should be spelled, with every spelling that is also accepted.

    `spelling` is the preferred form (the reference's, the glossary's, or a romanisation of
    the source). `accepted` holds comparison keys (see `normalize_latin`) of the spellings
    that are not errors: accepted romanisations of the same Cyrillic word (-> N102 when they
    differ from `spelling`). `schemes` maps each accepted key to the scheme that gives it.
    """

    spelling: str
    part: str
    accepted: frozenset[str]
    origin: str  # reference | source | pivot | glossary
    cyrillic: tuple[str, ...] = ()
    schemes: tuple[tuple[str, str], ...] = ()
    russian: bool = False  # the lexicon attests the Cyrillic form as a Russian name part
    foreign: bool = False  # a non-Russian name: only exact or accepted spellings are judged
    aliases: frozenset[str] = frozenset()  # glossary aliases: spellings that are N102

    def scheme_of(self, key: str) -> str | None:
        return dict(self.schemes).get(key)

    @cached_property
    def key(self) -> str:
        """The comparison key of the preferred spelling, computed once per token."""
        return normalize_latin(self.spelling)


@dataclass(frozen=True)
class ExpectedPerson:
    """A person the hypothesis should name (from a reference, the source, a pivot, a glossary)."""

    tokens: tuple[ExpectedToken, ...]
    origin: str
    display: str  # how the person is named where they came from ("Никифоров", "Nikolai Nikiforov")
    evidence: tuple[tuple[str, str], ...] = ()

    @property
    def surname(self) -> ExpectedToken | None:
        found = [t for t in self.tokens if t.part == SURNAME]
        return found[-1] if found else None


@dataclass(frozen=True)
class NameIssue:
    """A name problem before it becomes a `Finding`: rule, offsets, message, evidence."""

    rule: str
    start: int | None
    end: int | None
    text: str
    message: str
    suggestion: str | None = None
    evidence: tuple[tuple[str, str], ...] = field(default=())

    def sort_key(self) -> tuple[int, int, str, str]:
        return (self.start if self.start is not None else -1, self.end or -1, self.rule, self.message)
