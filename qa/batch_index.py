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
from typing import TYPE_CHECKING

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
        from qa.checks.names import engine_for
        from qa.names.engine import consistency_across

        if self.checked < 2:
            return {}
        # `consistency_across` looks mentions up by a document's text; the id is as unique.
        documents = [(doc_id, doc_id) for doc_id, _ in self.mentions]
        known = dict(self.mentions)
        return consistency_across(engine_for(context), documents, known, self.lookups)


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
