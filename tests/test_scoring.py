from qa.config import Config
from qa.document import Document, DocumentResult, Finding, Severity, Text
from qa.scoring import finalise


def result_with(*severities: Severity, scores: dict[str, float] | None = None) -> DocumentResult:
    hyp = Text("one two three four five six seven eight nine ten", "en")
    findings = [
        Finding(f"X10{i}", "test", severity, "message", "one", hyp.span(0, 3))
        for i, severity in enumerate(severities)
    ]
    return DocumentResult(
        id="d", status="checked", document=Document("d", hyp), findings=findings, scores=dict(scores or {})
    )


def test_penalty_is_mqm_weighted_per_100_words() -> None:
    result = finalise(result_with(Severity.ERROR, Severity.WARNING), Config())
    assert result.scores["penalty"] == 60.0  # (5 + 1) per 10 words


def test_fail_on_levels() -> None:
    assert finalise(result_with(Severity.WARNING), Config()).verdict == "pass"
    assert finalise(result_with(Severity.WARNING), Config(fail_on="warning")).verdict == "fail"
    assert finalise(result_with(Severity.ERROR), Config(fail_on="never")).verdict == "pass"
    failed = finalise(result_with(Severity.ERROR), Config())
    assert failed.verdict == "fail" and "X100" in failed.gate_reasons[0]


def test_score_thresholds() -> None:
    low = finalise(result_with(scores={"chrf": 40.0}), Config(min_scores={"chrf": 55}))
    assert low.verdict == "fail" and "chrf 40.00 below the minimum 55" in low.gate_reasons[0]
    assert finalise(result_with(scores={"chrf": 60.0}), Config(min_scores={"chrf": 55})).verdict == "pass"
    high = finalise(result_with(scores={"ter": 80.0}), Config(max_scores={"ter": 60}))
    assert high.verdict == "fail"


def test_unchecked_document_never_passes() -> None:
    result = finalise(DocumentResult(id="x", status="error", error="empty file"), Config(fail_on="never"))
    assert result.verdict == "fail"
