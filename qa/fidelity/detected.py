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

A reversed meaning caps the same way with no rule of its own: a sentence the aligner paired
1-1 with a reference or source sentence that negates what that sentence does not (or the other
way round), or names the opposite direction (rose for 下降, rejected for одобрил), as the precise
detector in `qa.fidelity.polarity` reads it (bench/RESULTS.md, "A reversed negation or
direction").

The fidelity signature says so (`|caps:D101+D102+D103+Q101+reversal`) in every report, so a
capped score is never compared with one computed without the caps.
"""

from __future__ import annotations

import bisect
from collections import defaultdict

from qa.config import Config
from qa.document import AlignedDocument, Alignment, DocumentResult, Finding, Severity, Text
from qa.fidelity.polarity import reversal
from qa.rules import finding_at

MEANING_RULES = ("D101", "D102", "D103", "Q101")
CAPS_SIGNATURE = "|caps:" + "+".join(MEANING_RULES) + "+reversal"
STEP = 10.0  # points under the F101 line for each meaning error in the sentence
_WHAT = {"D101": "a number", "D102": "a date", "D103": "a unit", "Q101": "a quotation"}


def cap_detected_errors(result: DocumentResult, config: Config) -> None:
    """Lower the fidelity of each sentence holding a meaning error, and mark it F101 unless the
    model already did (in place; nothing changes for a document without such an error)."""
    errors = [
        f for f in result.findings if f.rule in MEANING_RULES and f.severity is Severity.ERROR and f.span
    ]
    aligned = result.aligned
    if aligned is None or result.scores.get("fidelity") is None:
        return
    reversed_ = reversed_sentences(aligned, use_model=not config.no_model)
    if not errors and not reversed_:
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
        turned = [r for index in pair.hyp for r in reversed_.get(index, ())]
        if (found or turned) and pair.features:
            line = f101_line(fidelity.signature, pair)
            cap = max(0.0, line - STEP * (len(found) + len(turned)))
            value, value_adjusted = min(value, cap), min(value_adjusted, cap)
            start, end = hyp.sentences[pair.hyp[0]].start, hyp.sentences[pair.hyp[-1]].end
            if mark and not any(s.start < end and start < s.end for s in marked):
                evidence = (value, pair.fidelity, line)
                finding = _low_fidelity(hyp, start, end, found, turned, pair.compared, evidence)
                result.findings.append(finding)
        total += pair.weight
        weighted += pair.weight * value
        weighted_adjusted += pair.weight * value_adjusted
    if total:
        result.scores["fidelity"] = weighted / total
        if "fidelity_adjusted" in result.scores:
            result.scores["fidelity_adjusted"] = weighted_adjusted / total


def reversed_sentences(aligned: AlignedDocument, use_model: bool = True) -> dict[int, list[tuple[str, str]]]:
    """Hypothesis sentence -> [(what differs, what it differs from)] for the sentences paired
    1-1 with a reference (the first) or source sentence that says the opposite. An English
    hypothesis only: the detector reads English on the translation's side. Without a model a
    cross-lingual pair counts only with a shared number, Latin word or name (as in coverage):
    two sentences of similar length are not evidence enough to call one the other's reversal."""
    from qa.align import shares_anchor

    out: dict[int, list[tuple[str, str]]] = defaultdict(list)
    hyp = aligned.doc.hyp
    if hyp.lang != "en":
        return out
    sides: list[tuple[Alignment, str]] = []
    if aligned.ref_alignments:
        sides.append((aligned.ref_alignments[0], "reference"))
    if aligned.src_alignment is not None:
        sides.append((aligned.src_alignment, aligned.src_role))
    for alignment, name in sides:
        for pair in alignment.pairs:
            if len(pair.hyp) != 1 or len(pair.other) != 1:
                continue
            index = pair.hyp[0]
            mine, text = hyp.sentences[index].text, alignment.other.sentences[pair.other[0]].text
            if not use_model and alignment.other.lang != hyp.lang and not shares_anchor(mine, text):
                continue
            what = reversal(mine, text, alignment.other.lang)
            if what is not None and all(w != what for w, _ in out[index]):
                out[index].append((what, name))
    return {k: v for k, v in out.items() if v}


def _low_fidelity(
    hyp: Text,
    start: int,
    end: int,
    found: list[Finding],
    turned: list[tuple[str, str]],
    compared: str,
    scores: tuple[float, float, float],
) -> Finding:
    """F101 for the sentence: (capped score, the model's score, the line) as evidence."""
    value, model, line = scores
    parts = []
    if found:
        rules = sorted({f.rule for f in found})
        what = " and ".join(sorted({_WHAT[rule] for rule in rules}))
        parts.append(f"{what} differs from the {compared} ({', '.join(rules)})")
    for what, side in turned:
        parts.append(f"{what} differs from the {side}")
    message = f"low fidelity ({value:.0f}/100): " + "; ".join(parts)
    evidence = [("fidelity", f"{value:.1f}"), ("model", f"{model:.1f}"), ("line", f"{line:.1f}")]
    return finding_at("F101", hyp, start, end, message, None, evidence)
