"""Candidates in the translation: the person mentions the name rules judge (English
extraction with Russian first names and surnames recognised through the lexicon), memoised
per text."""

from __future__ import annotations

from collections.abc import Sequence

from qa.names.english import extract_person_names
from qa.names.lexicon import FIRST as LEX_FIRST
from qa.names.lexicon import SURNAME as LEX_SURNAME
from qa.names.matcher import (
    FIRST_NAME_MIN,
    RUSSIAN_MIN,
)
from qa.names.model import (
    PersonMention,
)

_MENTION_MEMO_SIZE = 64  # texts whose mentions an engine keeps (a few documents' worth)


class Candidates:
    """Person mentions in the translation (a part of `NameEngine`)."""

    def is_first_name(self, word: str) -> bool:
        """A Russian first name common enough to be evidence of a person ("Yelena", "Dmitry")."""
        if len(word) < 3 or not word[:1].isupper():
            return False
        return self.lexicon.latin_count(word, LEX_FIRST) >= FIRST_NAME_MIN

    def is_surname(self, word: str) -> bool:
        """A Russian surname attested in the lexicon ("Peskov", "Shoigu")."""
        return len(word) >= 3 and self.lexicon.latin_count(word, LEX_SURNAME) >= RUSSIAN_MIN

    def extract(self, text: str) -> list[PersonMention]:
        """Person mentions in English text, Russian first names recognised through the lexicon."""
        found = self._mentions.get(text)
        if found is None:
            found = tuple(extract_person_names(text, self.is_first_name, self.is_surname))
            self.remember(text, found)
        return list(found)

    def remember(self, text: str, mentions: Sequence[PersonMention]) -> None:
        """Take `mentions` as this engine's extraction of `text` (computed earlier, e.g. in a worker)."""
        if len(self._mentions) >= _MENTION_MEMO_SIZE:
            self._mentions.clear()
        self._mentions[text] = tuple(mentions)
