"""From findings and scores to a verdict: the MQM-style penalty and the quality gate.

The penalty follows MQM practice (Freitag et al. 2021): a major error weighs 5, a minor
one 1, normalised per 100 words of the hypothesis. Here an error-severity finding counts
as major, a warning as minor and an info as 0.1.
"""

from __future__ import annotations

import re

from qa.config import Config
from qa.document import Document, DocumentResult, Severity

SEVERITY_WEIGHTS = {Severity.ERROR: 5.0, Severity.WARNING: 1.0, Severity.INFO: 0.1}
LOWER_IS_BETTER = frozenset({"ter", "penalty"})
_WORD = re.compile(r"\w+")


# What each score is computed from. A document without any of that evidence has no such score:
# it is reported as null / "n/a", never 0.0, and no threshold applies to it (a translation
# checked alone used to print "fidelity 0.0" and fail `--min-fidelity`).
SCORE_NEEDS: dict[str, frozenset[str]] = {
    "bleu": frozenset({"reference"}),
    "chrf": frozenset({"reference"}),
    "ter": frozenset({"reference"}),
    "semsim": frozenset({"reference"}),
    "bertscore": frozenset({"reference"}),
    # the pivot counts only when it stands in for a missing source (`qa.pipeline.prepare`)
    "xsim": frozenset({"source", "pivot"}),
    "fidelity": frozenset({"reference", "source", "pivot"}),
    "fidelity_adjusted": frozenset({"reference", "source", "pivot"}),
}
EVIDENCE_ORDER = ("reference", "source", "pivot", "glossary", "lexicon")
_NAME_RULES = ("N101", "N102", "N103", "N104", "N105", "N106", "N107", "N109", "N110")


def evidence(doc: Document, config: Config) -> list[str]:
    """What the translation was checked against, in a fixed order (`qa-report/1` "evidence").

    The lexicon (surnames and first names with their counts) judges names whenever a name rule
    is on; the glossary when one is configured.
    """
    present = {
        "reference": bool(doc.refs),
        "source": doc.src is not None,
        "pivot": doc.pivot is not None,
        "glossary": bool(config.glossary),
        "lexicon": any(config.rule_enabled(rule) for rule in _NAME_RULES),
    }
    return [name for name in EVIDENCE_ORDER if present[name]]


def expected_scores(config: Config) -> list[str]:
    """The scores a run reports for every checked document, null where not computed."""
    names = ["fidelity", "fidelity_adjusted", *config.metrics]
    if not config.no_model:
        names += ["semsim", "bertscore", "xsim"]
    return names


def settle_scores(result: DocumentResult, config: Config) -> None:
    """Scores whose evidence the document lacks become None (with no signature); every
    expected score is present, None when it was not computed."""
    have = set(result.evidence)
    for name, needs in SCORE_NEEDS.items():
        if name in result.scores and not needs & have:
            result.scores[name] = None
            result.signatures.pop(name, None)
    for name in expected_scores(config):
        result.scores.setdefault(name, None)


def penalty(result: DocumentResult) -> float:
    """Weighted findings per 100 words of the hypothesis."""
    words = len(_WORD.findall(result.document.hyp.content)) if result.document else 0
    weight = sum(SEVERITY_WEIGHTS[f.severity] for f in result.findings)
    return round(100.0 * weight / max(words, 1), 4)


def gate(result: DocumentResult, config: Config) -> tuple[str, list[str]]:
    """The verdict ("pass" | "fail") and, when it fails, every reason why."""
    if result.status != "checked":
        return "fail", [f"not checked: {result.error}"]
    reasons: list[str] = []
    if config.fail_on != "never":
        threshold = Severity(config.fail_on).rank
        failing = [f for f in result.findings if f.severity.rank >= threshold]
        if failing:
            rules = sorted({f.rule for f in failing})
            reasons.append(f"{len(failing)} finding(s) at {config.fail_on} or above ({', '.join(rules)})")
    for name, minimum in sorted(config.min_scores.items()):
        value = result.scores.get(name)
        if value is not None and value < minimum:
            reasons.append(f"{name} {value:.2f} below the minimum {minimum:g}")
    for name, maximum in sorted(config.max_scores.items()):
        value = result.scores.get(name)
        if value is not None and value > maximum:
            reasons.append(f"{name} {value:.2f} above the maximum {maximum:g}")
    return ("fail" if reasons else "pass"), reasons


def finalise(result: DocumentResult, config: Config) -> DocumentResult:
    """Sort findings, record the evidence, settle absent scores, add the penalty, decide the verdict."""
    result.findings.sort(key=lambda f: f.sort_key())
    if result.status == "checked":
        if result.document is not None:
            result.evidence = evidence(result.document, config)
            src = result.document.src
            result.src_lang = src.lang if src is not None else None
        settle_scores(result, config)
        result.scores["penalty"] = penalty(result)
    result.verdict, result.gate_reasons = gate(result, config)
    return result
