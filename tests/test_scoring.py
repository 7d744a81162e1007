from qa.config import Config
from qa.document import Document, DocumentResult, Finding, Severity, Text
from qa.scoring import evidence, finalise


def result_with(
    *severities: Severity, scores: dict[str, float] | None = None, ref: bool = True
) -> DocumentResult:
    hyp = Text("one two three four five six seven eight nine ten", "en")
    refs = [Text("one two three four five six seven eight nine eleven", "en")] if ref else []
    findings = [
        Finding(f"X10{i}", "test", severity, "message", "one", hyp.span(0, 3))
        for i, severity in enumerate(severities)
    ]
    return DocumentResult(
        id="d",
        status="checked",
        document=Document("d", hyp, refs),
        findings=findings,
        scores=dict(scores or {}),
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


def test_a_score_that_was_not_computed_is_none_and_no_gate_applies() -> None:
    # A metric that scored 0.0 without evidence (fidelity of a translation checked alone) is not
    # a score: it becomes None, and --min-fidelity / --min chrf do not apply to it.
    config = Config(min_scores={"fidelity": 50, "chrf": 55}, max_scores={"ter": 10})
    alone = finalise(result_with(scores={"fidelity": 0.0, "chrf": 0.0, "ter": 100.0}, ref=False), config)
    assert alone.scores["fidelity"] is None and alone.scores["chrf"] is None and alone.scores["ter"] is None
    assert alone.verdict == "pass" and alone.gate_reasons == []
    assert alone.scores["bleu"] is None and alone.scores["fidelity_adjusted"] is None  # listed, null


def test_scores_without_their_evidence_are_none_with_a_source() -> None:
    result = result_with(scores={"fidelity": 70.0, "semsim": 0.0, "bertscore": 0.0, "xsim": 80.0}, ref=False)
    assert result.document is not None
    result.document.src = Text("раз два три", "ru")
    result.signatures = {"semsim": "minilm", "xsim": "use"}
    done = finalise(result, Config())
    assert done.scores["fidelity"] == 70.0 and done.scores["xsim"] == 80.0
    assert done.scores["semsim"] is None and done.scores["bertscore"] is None
    assert done.signatures == {"xsim": "use"}
    assert done.evidence == ["source", "lexicon"] and done.src_lang == "ru"


def test_evidence_lists_what_was_there() -> None:
    hyp = Text("x", "en")
    doc = Document("d", hyp, [Text("y", "en")], Text("х", "ru"), Text("x", "zh"))
    assert evidence(doc, Config(glossary="g.tsv")) == ["reference", "source", "pivot", "glossary", "lexicon"]
    assert evidence(Document("d", hyp), Config(select=("D",))) == []
