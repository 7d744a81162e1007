"""The batch-wide N105 step from a compact index of person spellings, not from every result.

`NameCheck.across` (N105 across a batch) needs, of each checked document, only its full-name
mentions (first name + surname tokens, with offsets) and the lexicon lookups made for them,
both of which the worker that checked the document already computed (`Text.memo`). A
`NameIndex` keeps just that, in input order: a worker builds one for its chunk, the driver
merges them (`merge`), and the findings are decided once at the end with the same
`consistency_across` the local run uses, so the report is the same byte for byte. A batch
too large to hold (`--output-dir`) keeps its results on disk and only the index in memory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qa.checks.interface import CheckContext
    from qa.document import DocumentResult, Finding
    from qa.names.lexicon import LexiconEntry
    from qa.names.model import NameIssue, PersonMention

NAME_CHECK = "names"


@dataclass
class NameIndex:
    """Full-name mentions by document (input order), the lexicon lookups made for them, and
    how many documents were checked (N105 across a batch needs two)."""

    mentions: list[tuple[str, tuple[PersonMention, ...]]] = field(default_factory=list)
    lookups: dict[tuple[str, str], tuple[LexiconEntry, ...]] = field(default_factory=dict)
    checked: int = 0

    @classmethod
    def of(cls, results: Iterable[DocumentResult], context: CheckContext) -> NameIndex:
        """The index of these results (checked by a `Checker` whose context is `context`)."""
        from qa.checks.names import _mentions_key, engine_for

        key = _mentions_key(engine_for(context))
        index = cls()
        for result in results:
            if result.status != "checked" or result.document is None:
                continue
            index.checked += 1
            memo = result.document.hyp.memo.get(key)
            if memo is None:
                continue
            mentions, looked_up = memo
            full = tuple(m for m in mentions if m.first is not None and m.surname is not None)
            if full:
                index.mentions.append((result.id, full))
            index.lookups.update(looked_up)
        return index

    def merge(self, other: NameIndex) -> None:
        """Add `other`, the index of the documents that follow this one's in input order."""
        self.mentions.extend(other.mentions)
        self.lookups.update(other.lookups)
        self.checked += other.checked

    def split(self, results: list[DocumentResult]) -> NameIndex:
        """Take out the part of this index that belongs to `results` (checked documents that
        come first in it, in order), with the lookups its mentions need."""
        ids = {r.id for r in results}
        taken = [entry for entry in self.mentions if entry[0] in ids]
        self.mentions = [entry for entry in self.mentions if entry[0] not in ids]
        part = NameIndex(taken, _lookups_for(taken, self.lookups), len(results))
        self.lookups = _lookups_for(self.mentions, self.lookups)
        self.checked -= len(results)
        return part

    def issues(self, context: CheckContext) -> dict[str, list[NameIssue]]:
        """N105 issues across the batch, by document id (as `NameCheck.across` decides them)."""
        table = NameTable.of(self)
        return document_issues(self, table, table.decide(context), context)


@dataclass
class NameTable:
    """The batch-wide part of N105, one row a distinct full name (first-name key, surname key):
    in how many documents it occurs, its first spelling in input order (the one compared), the
    first document id in sorted order (the one a finding names) and the lexicon lookups of that
    spelling. Its size grows with the distinct names of the batch, not with its documents; the
    per-document mentions stay with each chunk's or shard's results (`NameIndex`)."""

    rows: dict[tuple[str, str], list[Any]] = field(default_factory=dict)  # [docs, first, surname, min id]
    lookups: dict[tuple[str, str], tuple[LexiconEntry, ...]] = field(default_factory=dict)
    checked: int = 0

    @classmethod
    def of(cls, index: NameIndex) -> NameTable:
        from qa.names.model import FIRST, SURNAME

        table = cls(checked=index.checked)
        for doc_id, mentions in index.mentions:
            seen: set[tuple[str, str]] = set()
            for mention in mentions:
                assert mention.first is not None and mention.surname is not None
                key = (mention.first.key, mention.surname.key)
                row = table.rows.get(key)
                if row is None:
                    table.rows[key] = [1, mention.first.text, mention.surname.text, doc_id]
                    for text, part in ((mention.first.text, FIRST), (mention.surname.text, SURNAME)):
                        if (text, part) in index.lookups:
                            table.lookups[(text, part)] = index.lookups[(text, part)]
                elif key not in seen:
                    row[0] += 1
                    row[3] = min(row[3], doc_id)
                seen.add(key)
        return table

    def merge(self, other: NameTable) -> None:
        """Add `other`, the table of documents that follow this one's in input order."""
        from qa.names.model import FIRST, SURNAME

        for key, (docs, first, surname, doc_id) in other.rows.items():
            row = self.rows.get(key)
            if row is None:
                self.rows[key] = [docs, first, surname, doc_id]
                for lookup in ((first, FIRST), (surname, SURNAME)):
                    if lookup in other.lookups:
                        self.lookups[lookup] = other.lookups[lookup]
            else:
                row[0] += docs
                row[3] = min(row[3], doc_id)
        self.checked += other.checked

    def decide(self, context: CheckContext) -> dict[tuple[str, str], tuple[int, tuple[str, str], bool]]:
        """Each minority spelling's (rank, majority key, same first name?), as `consistency_across`
        decides them (same order, same comparisons), comparing only names that share a first
        name or a surname instead of every pair."""
        from collections import defaultdict

        from qa.checks.names import engine_for
        from qa.names.model import FIRST, SURNAME

        if self.checked < 2:
            return {}
        engine = engine_for(context)
        rows = self.rows
        keys = sorted(rows, key=lambda k: (-rows[k][0], k))
        by_first: dict[str, list[int]] = defaultdict(list)
        by_surname: dict[str, list[int]] = defaultdict(list)
        decided: dict[tuple[str, str], tuple[int, tuple[str, str], bool]] = {}
        for rank, key in enumerate(keys):
            for position in sorted({*by_first[key[0]], *by_surname[key[1]]}):
                majority = keys[position]
                if majority in decided:
                    continue
                same_first = majority[0] == key[0] and engine.related_spellings(
                    rows[majority][2], rows[key][2], SURNAME, self.lookups
                )
                same_surname = majority[1] == key[1] and engine.related_spellings(
                    rows[majority][1], rows[key][1], FIRST, self.lookups
                )
                if not (same_first or same_surname) or rows[key][0] > rows[majority][0]:
                    continue
                decided[key] = (rank, majority, same_first)
                break
            by_first[key[0]].append(rank)
            by_surname[key[1]].append(rank)
        return decided


def document_issues(
    index: NameIndex,
    table: NameTable,
    decided: dict[tuple[str, str], tuple[int, tuple[str, str], bool]],
    context: CheckContext,
) -> dict[str, list[NameIssue]]:
    """N105 across the batch for the documents of `index`, from the batch's decisions."""
    from qa.checks.names import engine_for
    from qa.names.policy import dedupe_issues

    engine = engine_for(context)
    out: dict[str, list[NameIssue]] = {}
    for doc_id, mentions in index.mentions:
        keys = {
            (m.first.key, m.surname.key) for m in mentions if m.first is not None and m.surname is not None
        }
        found: list[tuple[int, int, NameIssue]] = []
        for order, mention in enumerate(mentions):
            assert mention.first is not None and mention.surname is not None
            decision = decided.get((mention.first.key, mention.surname.key))
            if decision is None or decision[1] in keys:  # inside one document N105 already reports it
                continue
            rank, majority, same_first = decision
            row = table.rows[majority]
            token, model = (mention.surname, row[2]) if same_first else (mention.first, row[1])
            found.append((rank, order, engine._inconsistent(token, model, f"in document {row[3]}")))
        if found:
            out[doc_id] = dedupe_issues(issue for _, _, issue in sorted(found, key=lambda f: (f[0], f[1])))
    return dict(sorted(out.items()))


def _lookups_for(
    mentions: list[tuple[str, tuple[PersonMention, ...]]],
    lookups: dict[tuple[str, str], tuple[LexiconEntry, ...]],
) -> dict[tuple[str, str], tuple[LexiconEntry, ...]]:
    from qa.names.model import FIRST, SURNAME

    keys = {
        (token.text, part)
        for _, found in mentions
        for mention in found
        for token, part in ((mention.first, FIRST), (mention.surname, SURNAME))
        if token is not None
    }
    return {key: lookups[key] for key in keys if key in lookups}


def across_from(
    issues: dict[str, list[NameIssue]],
) -> dict[str, Callable[[list[DocumentResult], CheckContext], dict[str, list[Finding]]]]:
    """`finish`'s replacement for `NameCheck.across`: the findings of issues decided from the
    batch's index, for whichever of the batch's results are being finished."""
    from qa.checks.names import to_finding

    def across(results: list[DocumentResult], context: CheckContext) -> dict[str, list[Finding]]:
        out: dict[str, list[Finding]] = {}
        for result in results:
            found = issues.get(result.id)
            if found and result.document is not None:
                out[result.id] = [to_finding(issue, result.document.hyp) for issue in found]
        return out

    return {NAME_CHECK: across}


def forget_mentions(results: Iterable[DocumentResult], context: CheckContext) -> None:
    """Drop what the index now holds from the results' texts (it is most of their memo)."""
    from qa.checks.names import _mentions_key, engine_for

    key = _mentions_key(engine_for(context))
    for result in results:
        if result.document is not None:
            result.document.hyp.memo.pop(key, None)
