"""N101-N105, N107, N108, N110: person names misspelled, spelled as a variant, missing,
unattested, inconsistent, not in the reference, written with hidden characters, or (a foreign
person the source names) spelled far more rarely than the well-known spelling.

A thin adapter from the pipeline to `qa.names.NameEngine` (see that package for how names
are found, romanised and matched). The engine, with its lexicon and glossary, is built once
per run and kept in the run's `CheckContext.cache`. The Russian persons a Chinese pivot or
source names go through the same engine (N101 is decided in one place).
"""

from __future__ import annotations

from collections.abc import Iterable

from qa.checks.interface import CheckContext
from qa.document import AlignedDocument, DocumentResult, Finding, Text
from qa.errors import ConfigError
from qa.names.engine import NameEngine, consistency_across
from qa.names.glossary import load_glossary
from qa.names.lexicon import LexiconEntry
from qa.names.model import ExpectedPerson, NameIssue, PersonMention
from qa.names.romanize import resolve_schemes
from qa.rules import finding_at

_CACHE_KEY = "names.engine"


def engine_for(context: CheckContext) -> NameEngine:
    """The run's name engine (accepted schemes and glossary from the configuration)."""
    config = context.config
    key = (_CACHE_KEY, tuple(config.accepted_schemes), config.glossary)
    engine = context.cache.get(str(key))
    if not isinstance(engine, NameEngine):
        glossary = load_glossary(config.glossary) if config.glossary else None
        try:
            resolve_schemes(tuple(config.accepted_schemes))
        except ValueError as exc:
            raise ConfigError(f"accepted-schemes: {exc}") from None
        engine = NameEngine(tuple(config.accepted_schemes), glossary)
        context.cache[str(key)] = engine
    return engine


def _mentions_key(engine: NameEngine) -> str:
    return f"{_CACHE_KEY}.mentions:{','.join(engine.schemes)}"


def to_finding(issue: NameIssue, hyp: Text) -> Finding:
    """The pipeline finding of a name issue (every N1xx rule, the pivot's included)."""
    return finding_at(
        issue.rule, hyp, issue.start, issue.end, issue.message, issue.suggestion, issue.evidence, issue.text
    )


def _chinese_expected(
    engine: NameEngine, doc: AlignedDocument, context: CheckContext
) -> list[ExpectedPerson]:
    """Russian persons named in a Chinese pivot or source, as expected names for the engine's one
    matcher (N101 from a pivot is decided there, like N101 from a Russian source).

    Only without a reference and a Russian source: those are better evidence, and with them the
    pivot adds nothing but a second finding on the same word.
    """
    document = doc.doc
    if document.refs or (document.src is not None and document.src.lang == "ru"):
        return []
    texts = [
        (origin, text)
        for origin, text in (("pivot", document.pivot), ("source", document.src))
        if text is not None and text.lang == "zh"
    ]
    if not texts:
        return []
    from qa.checks.chinese_names import matcher_for

    matcher = matcher_for(context)
    expected: list[ExpectedPerson] = []
    for origin, text in texts:
        names = matcher.latin_names(text.content, hyp=document.hyp.content)
        expected.extend(
            engine.expected_from_latin(
                [words for words, _ in names],
                "pivot",
                evidence=[tuple((origin, chinese) for _, chinese in evidence) for _, evidence in names],
            )
        )
    return expected


_SLIP_RULES = frozenset({"N101", "N110"})


class NameCheck:
    """Person names against the references, the Russian source, the glossary and the lexicon."""

    name = "names"
    rules = ("N101", "N102", "N103", "N104", "N105", "N107", "N108", "N110")

    def run(self, doc: AlignedDocument, context: CheckContext) -> Iterable[Finding]:
        engine = engine_for(context)
        document = doc.doc
        src = document.src
        src_lang = src.lang if src is not None else None
        pivot = document.pivot
        # A Chinese pivot's pinyin settles which of two spellings N105 keeps, as a Chinese
        # source's does ("Chuqing ... Chuqin" for 王楚钦: Chuqin is kept)
        chinese_pivot = (
            pivot.content if pivot is not None and pivot.lang == "zh" and src_lang != "zh" else None
        )
        issues = engine.check(
            document.hyp.content,
            refs=[ref.content for ref in document.refs],
            src=src.content if src is not None and src_lang in ("ru", "zh") else None,
            src_lang=src_lang,
            extra_expected=_chinese_expected(engine, doc, context),
            chinese=chinese_pivot,
        )
        if pivot is not None and pivot.lang == "zh" and src_lang != "zh":
            issues = engine.without_pinyin_of(issues, pivot.content)  # as for a Chinese source
            if src is None and not document.refs:  # the pivot names the foreign persons too
                issues = engine.with_foreign(issues, document.hyp.content, pivot.content, "zh", "pivot")
        # The batch-wide N105 step needs these mentions and their lexicon lookups again, in the
        # main process: kept with the text, they spare it the extraction and the lexicon. A
        # mention found misspelt here (N101, N110) is no model for the batch: another story's
        # right spelling would be told to follow it.
        slips = {(i.start, i.end) for i in issues if i.rule in _SLIP_RULES}
        mentions = tuple(
            m
            for m in engine.extract(document.hyp.content)
            if not any((t.start, t.end) in slips for t in m.tokens)
        )
        document.hyp.memo[_mentions_key(engine)] = (mentions, engine.full_name_lookups(mentions))
        findings = [to_finding(issue, document.hyp) for issue in issues]
        return sorted(findings, key=Finding.sort_key)

    def across(self, results: list[DocumentResult], context: CheckContext) -> dict[str, list[Finding]]:
        """N105 across the documents of a batch."""
        documents = [(r.id, r.document.hyp.content) for r in results if r.document is not None]
        if len(documents) < 2:
            return {}
        hyps = {r.id: r.document.hyp for r in results if r.document is not None}
        engine = engine_for(context)
        known: dict[str, tuple[PersonMention, ...]] = {}
        lookups: dict[tuple[str, str], tuple[LexiconEntry, ...]] = {}
        key = _mentions_key(engine)
        for hyp in hyps.values():
            if key in hyp.memo:
                mentions, looked_up = hyp.memo[key]
                known[hyp.content] = mentions
                lookups.update(looked_up)
        found = consistency_across(engine, documents, known, lookups)
        return {doc_id: [to_finding(i, hyps[doc_id]) for i in issues] for doc_id, issues in found.items()}
