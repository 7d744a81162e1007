"""N105: one person spelled two ways, within a document or across the documents of a batch."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from rapidfuzz.distance import OSA

from qa.names.lexicon import FIRST as LEX_FIRST
from qa.names.lexicon import SURNAME as LEX_SURNAME
from qa.names.lexicon import LexiconEntry
from qa.names.matcher import (
    _PART_TO_KIND,
    RUSSIAN_MIN,
)
from qa.names.model import (
    FIRST,
    SURNAME,
    NameIssue,
    NameToken,
    PersonMention,
)
from qa.names.policy import dedupe_issues
from qa.names.romanize import match_case, normalize_latin

if TYPE_CHECKING:
    from qa.names.engine import NameEngine


class Consistency:
    """N105 within a document (a part of `NameEngine`)."""

    def related_spellings(
        self, a: str, b: str, part: str, known: Mapping[tuple[str, str], Sequence[LexiconEntry]] | None = None
    ) -> bool:
        """Whether two different spellings could be one name spelled two ways (for N105).

        `known` holds lexicon lookups made earlier (`full_name_lookups`), keyed by (spelling,
        part): with them a process that never loaded the lexicon can still decide.
        """
        key_a, key_b = normalize_latin(a), normalize_latin(b)
        if key_a == key_b:
            return False
        kind = _PART_TO_KIND.get(part, LEX_SURNAME)

        def lookup(latin: str) -> Sequence[LexiconEntry]:
            found = known.get((latin, part)) if known is not None else None
            return found if found is not None else self.lexicon.lookup_latin(latin, kind)

        entries_a, entries_b = lookup(a), lookup(b)
        found_a = {e.cyrillic for e in entries_a if e.count >= 2}
        found_b = {e.cyrillic for e in entries_b if e.count >= 2}
        if found_a & found_b:
            return True
        if not _a_slip_apart(key_a, key_b):
            return False
        count_a = entries_a[0].count if entries_a else 0  # = lexicon.latin_count(a, kind)
        count_b = entries_b[0].count if entries_b else 0
        return not (count_a >= RUSSIAN_MIN and count_b >= RUSSIAN_MIN)

    def full_name_lookups(
        self, mentions: Iterable[PersonMention]
    ) -> dict[tuple[str, str], tuple[LexiconEntry, ...]]:
        """The lexicon lookups `related_spellings` makes for these mentions' full names (for N105
        across a batch, decided in the main process from what the workers looked up)."""
        out: dict[tuple[str, str], tuple[LexiconEntry, ...]] = {}
        for mention in mentions:
            if mention.first is None or mention.surname is None:
                continue
            for token, part in ((mention.first, FIRST), (mention.surname, SURNAME)):
                out[(token.text, part)] = self.lexicon.lookup_latin(token.text, _PART_TO_KIND[part])
        return out

    def check_consistency(
        self,
        mentions: Sequence[PersonMention],
        already_flagged: set[tuple[int, int]] = frozenset(),
        supported: Callable[[str], int] | None = None,
    ) -> list[NameIssue]:
        """N105: one person spelled two ways within the document. The spelling kept is the
        one the evidence writes most firmly (`supported`: 2 the source's or a reference's
        preferred spelling, 1 one it accepts, 0 none), then the commoner in the text, then the
        one the lexicon knows better, then one English text writes at all (Sobyanin, not
        Sobianin: the lexicon counts both romanisations of Собянин alike), then the first."""
        backed = supported or (lambda _text: 0)
        issues: list[NameIssue] = []
        surnames: dict[str, list[NameToken]] = defaultdict(list)
        first_names: dict[str, set[str | None]] = defaultdict(set)
        for mention in mentions:
            if mention.surname is not None:
                surnames[mention.surname.key].append(mention.surname)
                first_names[mention.surname.key].add(mention.first.key if mention.first else None)
        # A spelling already reported as a misspelling (N101) is left to that finding.
        for key in [
            k for k, tokens in surnames.items() if any((t.start, t.end) in already_flagged for t in tokens)
        ]:
            del surnames[key]
        canonical_of: dict[str, str] = {}
        keys = sorted(
            surnames,
            key=lambda k: (
                -backed(surnames[k][0].text),
                -len(surnames[k]),
                -self.lexicon.latin_count(surnames[k][0].text, LEX_SURNAME),
                not _written(surnames[k][0].text),
                surnames[k][0].start,
            ),
        )
        for index, key in enumerate(keys):
            for other in keys[:index]:
                if other in canonical_of:
                    continue
                if self.related_spellings(
                    surnames[other][0].text, surnames[key][0].text, SURNAME
                ) or _one_person_here(other, key, first_names):
                    canonical_of[key] = other
                    break
        for key, majority in canonical_of.items():
            model = surnames[majority][0].text
            for token in surnames[key]:
                issues.append(self._inconsistent(token, model))
        # First names of one person (same surname, after unifying the surname spellings).
        firsts: dict[str, dict[str, list[NameToken]]] = defaultdict(lambda: defaultdict(list))
        for mention in mentions:
            if mention.surname is None or mention.first is None:
                continue
            if (mention.first.start, mention.first.end) in already_flagged:
                continue
            person = mention.surname.key
            person = canonical_of.get(person, person)
            firsts[person][mention.first.key].append(mention.first)
        for spellings in firsts.values():
            if len(spellings) < 2:
                continue
            ordered = sorted(
                spellings,
                key=lambda k: (
                    -backed(spellings[k][0].text),
                    -len(spellings[k]),
                    -self.lexicon.latin_count(spellings[k][0].text, LEX_FIRST),
                    not _written(spellings[k][0].text),
                    spellings[k][0].start,
                ),
            )
            majority = ordered[0]
            for key in ordered[1:]:
                if not self.related_spellings(spellings[majority][0].text, spellings[key][0].text, FIRST):
                    continue
                for token in spellings[key]:
                    issues.append(self._inconsistent(token, spellings[majority][0].text))
        return issues

    @staticmethod
    def _inconsistent(token: NameToken, model: str, where: str = "elsewhere in the document") -> NameIssue:
        return NameIssue(
            "N105",
            token.start,
            token.end,
            token.text,
            f"'{token.text}' names the same person as '{model}' {where}: pick one spelling",
            match_case(token.text, model),
            (("other_spelling", model),),
        )


def _written(text: str) -> bool:
    """Whether Western text writes a name part at all (one of the six word lists of
    `qa.names.foreign.frequency` has it). Only that: two spellings both written (Dmitry 3.17,
    Dmitri 3.24 Zipf) are not ranked by a hair."""
    from qa.names.foreign import frequency

    return frequency(text) > 0


def _a_slip_apart(a: str, b: str) -> bool:
    """Whether two surname keys (5+ letters) are one letter apart, and not one surname in both
    genders (Petrov / Petrova: two people)."""
    if min(len(a), len(b)) < 5 or OSA.distance(a, b, score_cutoff=1) > 1:
        return False
    shorter, longer = sorted((a, b), key=len)
    return not (
        longer in (shorter + "a", shorter + "aya")
        or (shorter.endswith("y") and longer == shorter[:-1] + "aya")
    )


def _one_person_here(a: str, b: str, first_names: Mapping[str, set[str | None]]) -> bool:
    """Within one text, surnames a letter apart are one person spelled two ways when one of
    them comes without a first name or both come with the same one ("Elvira Nabiullina ...
    Nabiulina said"), even where the lexicon knows both as surnames: two people so named in
    one story are rarer than a slip. The other gender's form stays another person."""
    if not _a_slip_apart(a, b):
        return False
    firsts_a, firsts_b = first_names.get(a, set()), first_names.get(b, set())
    return None in firsts_a or None in firsts_b or bool(firsts_a & firsts_b)


def consistency_across(
    engine: NameEngine,
    documents: Sequence[tuple[str, str]],
    known: Mapping[str, Sequence[PersonMention]] | None = None,
    lookups: Mapping[tuple[str, str], Sequence[LexiconEntry]] | None = None,
) -> dict[str, list[NameIssue]]:
    """N105 across a batch: the same full name spelled differently in different documents.

    `documents` holds (document id, hypothesis text). A spelling is reported in the
    documents that use the minority form, naming a document that uses the majority form.
    Only full names are compared (same first name, related surname; or same surname,
    related first name), so two people who share a surname are not merged. `known` maps a
    text to mentions already extracted from it with this engine's settings, `lookups` holds
    their lexicon lookups (`NameEngine.full_name_lookups`).
    """
    known = known or {}
    uses: dict[tuple[str, str], list[tuple[str, NameToken, NameToken]]] = defaultdict(list)
    for doc_id, text in documents:
        mentions = known.get(text)
        for mention in mentions if mentions is not None else engine.extract(text):
            if mention.first is None or mention.surname is None:
                continue
            key = (mention.first.key, mention.surname.key)
            uses[key].append((doc_id, mention.first, mention.surname))
    docs_of = {key: sorted({doc for doc, _, _ in found}) for key, found in uses.items()}
    keys = sorted(uses, key=lambda k: (-len(docs_of[k]), k))
    out: dict[str, list[NameIssue]] = defaultdict(list)
    done: set[tuple[str, str]] = set()
    for index, key in enumerate(keys):
        for majority in keys[:index]:
            if majority in done or key in done:
                continue
            same_first = majority[0] == key[0] and engine.related_spellings(
                uses[majority][0][2].text, uses[key][0][2].text, SURNAME, lookups
            )
            same_surname = majority[1] == key[1] and engine.related_spellings(
                uses[majority][0][1].text, uses[key][0][1].text, FIRST, lookups
            )
            if not (same_first or same_surname):
                continue
            if len(docs_of[key]) > len(docs_of[majority]):
                continue
            done.add(key)
            model_doc = docs_of[majority][0]
            for doc_id, first, surname in uses[key]:
                token, model = (
                    (surname, uses[majority][0][2].text) if same_first else (first, uses[majority][0][1].text)
                )
                if doc_id in docs_of[majority]:
                    continue  # inside one document N105 already reports it
                out[doc_id].append(engine._inconsistent(token, model, f"in document {model_doc}"))
    return {doc: dedupe_issues(found) for doc, found in sorted(out.items())}
