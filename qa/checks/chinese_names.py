"""N101 / N106 / N109 for names that went through Chinese: uses a Chinese pivot or a Chinese source.

A thin adapter from the pipeline to `qa.zh.match.ChineseNameMatcher`. Near misses (N101) of
the Russian persons a Chinese pivot or source names are decided by the name engine's one matcher
(qa/checks/names.py feeds it the matcher's `latin_names`); here only what that check cannot see
is reported: names in pinyin (N106), split Chinese given names and slips in a Chinese person's
given name (N101 / N109). A Russian source or pivot adds the Chinese persons it writes in
Palladius Cyrillic (Ван И -> Wang Yi, `qa.zh.palladius`), judged by the same given-name rule.
Without any Chinese text, only the pivot-free N106 and the syllable-split rule run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from rapidfuzz.distance import Levenshtein

from qa.checks.interface import CheckContext
from qa.document import AlignedDocument, Finding, Text
from qa.names.model import NameIssue
from qa.zh.match import ChineseNameMatcher, palladius_given_name_slips

_CACHE_KEY = "chinese_names.matcher"


class ChineseNameCheck:
    name = "chinese_names"
    rules = ("N101", "N106", "N109")

    def run(self, doc: AlignedDocument, context: CheckContext) -> Iterable[Finding]:
        document = doc.doc
        hyp = document.hyp
        if not any(context.config.rule_enabled(rule) for rule in self.rules):
            return []
        matcher = matcher_for(context)
        chinese: list[tuple[str, Text]] = []
        if document.pivot is not None and document.pivot.lang == "zh":
            chinese.append(("pivot", document.pivot))
        if document.src is not None and document.src.lang == "zh":
            chinese.append(("source", document.src))
        # Near misses of the persons a Chinese text names are the name engine's (qa/checks/names.py
        # sends them through its one matcher); here: pinyin (N106) and split given names.
        issues: list[NameIssue] = []
        for origin, text in chinese:
            issues.extend(matcher.against_chinese(hyp.content, text.content, origin))
        if not chinese:
            issues.extend(matcher.syllable_splits(hyp.content))
        # Chinese persons a Russian source or pivot writes in Palladius Cyrillic (Ван И): their
        # pinyin given names, which the name engine's Russian schemes cannot read.
        for origin, text in (("source", document.src), ("pivot", document.pivot)):
            if text is not None and text.lang == "ru":
                taken = {(i.start, i.end) for i in issues}
                found = palladius_given_name_slips(hyp.content, text.content, origin)
                issues.extend(i for i in found if (i.start, i.end) not in taken)
        covered = {(i.start, i.end) for i in issues}
        issues.extend(matcher.pinyin_without_pivot(hyp.content, skip=covered))
        if document.refs:
            issues = [_with_reference_spelling(issue, document.refs) for issue in issues]
        from qa.checks.names import to_finding

        return sorted(_unique(to_finding(issue, hyp) for issue in issues), key=Finding.sort_key)


def matcher_for(context: CheckContext) -> ChineseNameMatcher:
    """The run's Chinese name matcher (built once: it loads the back-transliteration model)."""
    matcher = context.cache.get(_CACHE_KEY)
    if not isinstance(matcher, ChineseNameMatcher):
        matcher = ChineseNameMatcher()
        context.cache[_CACHE_KEY] = matcher
    return matcher


_CAPITALISED = re.compile(r"\b[A-Z][a-z]+(?:-[A-Z][a-z]+)?\b")


def _with_reference_spelling(issue: NameIssue, refs: list[Text]) -> NameIssue:
    """An N106 suggestion in the reference's spelling, when a reference names the person.

    The back-transliteration proposes one romanisation (Dmitri); the house spelling is the
    reference's (Dmitry): a reference word within one edit of the candidate is preferred.
    """
    if issue.rule != "N106" or not issue.suggestion:
        return issue
    candidate = issue.suggestion
    for ref in refs:
        for word in _CAPITALISED.findall(ref.content):
            if word != candidate and word[0] == candidate[0] and Levenshtein.distance(word, candidate) <= 1:
                message = issue.message.replace(f"'{candidate}'", f"'{word}'")
                evidence = (*issue.evidence, ("reference", word))
                return replace(issue, message=message, suggestion=word, evidence=evidence)
    return issue


def _unique(findings: Iterable[Finding]) -> list[Finding]:
    """One finding per span and rule (a pivot and a source may both report the same token)."""
    seen: dict[tuple[int, int, str], Finding] = {}
    for finding in findings:
        assert finding.span is not None
        seen.setdefault((finding.span.start, finding.span.end, finding.rule), finding)
    return list(seen.values())
