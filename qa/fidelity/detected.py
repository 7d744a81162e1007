"""A sentence whose number, date, unit or quotation a precise check found changed cannot keep a
high fidelity: its score goes under the F101 line, and F101 marks it.

The learned models judge a sentence as a whole, and one changed figure in an otherwise faithful
sentence moves their score less than the spread of clean sentences does (bench/RESULTS.md,
"Meaning errors: DEMETR"): at a false-alarm rate editors accept they mark almost none. The
number, date, unit and quotation rules (D101, D102, D103, Q101) find exactly these errors,
against the reference or the source, and are errors because they are rarely wrong. So each such
finding takes the sentence it sits in `STEP` points under the F101 line (two findings, lower
still), the document score is rebuilt from the sentence scores, and several errors score below
one. A misspelt name (N101) is left out: the sentence still means the same person. Entity
changes (E101, E102) are warnings, too often a paraphrase to overrule the model.

The fidelity signature says so (`|caps:D101+D102+D103+Q101`) in every report, so a capped score
is never compared with one computed without the caps.
"""

from __future__ import annotations

import bisect
from collections import defaultdict

from qa.config import Config
from qa.document import DocumentResult, Finding, Severity, Text
from qa.rules import finding_at

MEANING_RULES = ("D101", "D102", "D103", "Q101")
CAPS_SIGNATURE = "|caps:" + "+".join(MEANING_RULES)
STEP = 10.0  # points under the F101 line for each meaning error in the sentence
_WHAT = {"D101": "a number", "D102": "a date", "D103": "a unit", "Q101": "a quotation"}


def cap_detected_errors(result: DocumentResult, config: Config) -> None:
    """Lower the fidelity of each sentence holding a meaning error, and mark it F101 unless the
    model already did (in place; nothing changes for a document without such an error)."""
    errors = [
        f for f in result.findings if f.rule in MEANING_RULES and f.severity is Severity.ERROR and f.span
    ]
    aligned = result.aligned
    if not errors or aligned is None or result.scores.get("fidelity") is None:
        return
    from qa.fidelity.score import document_fidelity, f101_line

    fidelity = document_fidelity(aligned, use_model=not config.no_model)
    if fidelity.fidelity is None:
        return
    hyp = aligned.doc.hyp
    starts = [sentence.start for sentence in hyp.sentences]
    in_sentence: dict[int, list[Finding]] = defaultdict(list)
    for finding in errors:
        assert finding.span is not None
        in_sentence[max(0, bisect.bisect_right(starts, finding.span.start) - 1)].append(finding)
    marked = [f.span for f in result.findings if f.rule == "F101" and f.span is not None]
    mark = config.rule_enabled("F101")
    total = weighted = weighted_adjusted = 0.0
    for pair in fidelity.pairs:
        value, value_adjusted = pair.fidelity, pair.fidelity_adjusted
        found = [f for index in pair.hyp for f in in_sentence.get(index, ())]
        if found and pair.features:
            line = f101_line(fidelity.signature, pair)
            cap = max(0.0, line - STEP * len(found))
            value, value_adjusted = min(value, cap), min(value_adjusted, cap)
            start, end = hyp.sentences[pair.hyp[0]].start, hyp.sentences[pair.hyp[-1]].end
            if mark and not any(s.start < end and start < s.end for s in marked):
                evidence = (value, pair.fidelity, line)
                result.findings.append(_low_fidelity(hyp, start, end, found, pair.compared, evidence))
        total += pair.weight
        weighted += pair.weight * value
        weighted_adjusted += pair.weight * value_adjusted
    if total:
        result.scores["fidelity"] = weighted / total
        if "fidelity_adjusted" in result.scores:
            result.scores["fidelity_adjusted"] = weighted_adjusted / total


def _low_fidelity(
    hyp: Text, start: int, end: int, found: list[Finding], compared: str, scores: tuple[float, float, float]
) -> Finding:
    """F101 for the sentence: (capped score, the model's score, the line) as evidence."""
    value, model, line = scores
    rules = sorted({f.rule for f in found})
    what = " and ".join(sorted({_WHAT[rule] for rule in rules}))
    message = f"low fidelity ({value:.0f}/100): {what} differs from the {compared} ({', '.join(rules)})"
    evidence = [("fidelity", f"{value:.1f}"), ("model", f"{model:.1f}"), ("line", f"{line:.1f}")]
    return finding_at("F101", hyp, start, end, message, None, evidence)
