"""The name engine: find person names, romanise Russian ones, and judge how a translation spells them.

Modules, in the order data flows:
    english   person names in English text (no NER model needed)
    russian   person names in Russian text, in the nominative (pymorphy3)
    romanize  iuliia schemes + English-news spellings -> accepted spellings of a Cyrillic name
    lexicon   russiannames counts; Latin -> Cyrillic lookups; common neighbours of a spelling
    store     the lexicon's word tables as a marisa trie + numpy columns (shared, not copied, by workers)
    established  English spellings no scheme gives (Tchaikovsky), from Wikidata (qa/data/names)
    variants  two Latin spellings of one Cyrillic word, found without the lexicon (Shoygu / Shoigu)
    glossary  house-style spellings (TSV / TOML)
    hidden    the text as a reader sees it: zero-width / bidi characters out, offsets mapped back
    expected  expected persons from a reference, a Russian source, a pivot or a glossary
    candidates  person mentions in the translation
    matcher   the one matcher: exact, alias, accepted variant, near miss or unrelated
    policy    rule policy and messages (N101-N103, N107, N108); lexicon_rules (N104);
              consistency (N105)
    engine    `NameEngine`, the stages put together
The check that plugs this into the pipeline is `qa.checks.names.NameCheck`.

Nothing heavy happens at import: the lexicon loads on first use (its memory-mapped store, a
fraction of a second; building that store from russiannames, once per machine, a few seconds).
"""

from __future__ import annotations

from qa.names.engine import NameEngine, TokenMatch, classify_token, consistency_across
from qa.names.english import extract_person_names, looks_like_russian_surname
from qa.names.glossary import Glossary, GlossaryEntry, load_glossary
from qa.names.lexicon import Lexicon, LexiconEntry, get_lexicon
from qa.names.model import ExpectedPerson, ExpectedToken, NameIssue, NameToken, PersonMention
from qa.names.romanize import accepted_romanizations, normalize_latin, romanize
from qa.names.russian import extract_russian_names

__all__ = [
    "ExpectedPerson",
    "ExpectedToken",
    "Glossary",
    "GlossaryEntry",
    "Lexicon",
    "LexiconEntry",
    "NameEngine",
    "NameIssue",
    "NameToken",
    "PersonMention",
    "TokenMatch",
    "accepted_romanizations",
    "classify_token",
    "consistency_across",
    "extract_person_names",
    "extract_russian_names",
    "get_lexicon",
    "load_glossary",
    "looks_like_russian_surname",
    "normalize_latin",
    "romanize",
]
