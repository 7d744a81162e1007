"""From findings and scores to a verdict: the MQM-style penalty and the quality gate.

The penalty follows MQM practice (Freitag et al. 2021): a major error weighs 5, a minor
one 1, normalised per 100 words of the hypothesis. Here an error-severity finding counts
as major, a warning as minor and an info as 0.1.
"""

from __future__ import annotations

import re

from qa.config import Config
from qa.document import DocumentResult, Severity

SEVERITY_WEIGHTS = {Severity.ERROR: 5.0, Severity.WARNING: 1.0, Severity.INFO: 0.1}
LOWER_IS_BETTER = frozenset({"ter", "penalty"})
_WORD = re.compile(r"\w+")


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
    """Sort findings, add the penalty, decide the verdict."""
    result.findings.sort(key=lambda f: f.sort_key())
    if result.status == "checked":
        result.scores["penalty"] = penalty(result)
    result.verdict, result.gate_reasons = gate(result, config)
    return result
