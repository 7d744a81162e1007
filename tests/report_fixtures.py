"""Builders of realistic `Report`s for the renderer tests, made from the real document model.

Texts are our own; spans are computed from the text with `Text.span`, alignments with
`qa.align.align`, so the renderers see exactly what the pipeline would give them.
"""

from __future__ import annotations

from qa.align import align, similarity_for
from qa.config import Config
from qa.document import (
    AlignedDocument,
    Document,
    DocumentResult,
    Finding,
    Report,
    Severity,
    Text,
)
from qa.rules import RULES

HYP = (
    "Minister Nikolai Nikifrov said on Tuesday that the ban starts in 60 days.\n"
    'The reporter Romano Rozhkov asked about the "<script>alert(1)</script>" tag & more.\n'
    "Officials did not answer.\n"
    "Buy the Z18 bone conduction earphone now! Free shipping."
)
REF = (
    "Minister Nikolai Nikiforov said on Tuesday that the ban starts in 90 days.\n"
    "Reporter Roman Rozhkov asked about the script tag and more.\n"
    "Officials did not answer.\n"
    "The ministry declined to comment."
)
SRC = (
    "Министр Николай Никифоров заявил во вторник, что запрет вступит в силу через 90 дней.\n"
    "Корреспондент Роман Рожков спросил о теге script.\n"
    "Чиновники не ответили."
)


def config(**overrides: object) -> Config:
    return Config().with_overrides(**overrides)


def find(text: Text, needle: str, occurrence: int = 0) -> tuple[int, int]:
    """Code-point offsets of the `occurrence`-th `needle` in `text`."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.content.index(needle, start + 1)
    return start, start + len(needle)


def make_finding(
    hyp: Text,
    rule: str,
    needle: str | None,
    message: str,
    suggestion: str | None = None,
    severity: Severity | None = None,
    evidence: tuple[tuple[str, str], ...] = (),
    occurrence: int = 0,
) -> Finding:
    """A finding as a check builds it: category and default severity from the rule catalogue."""
    entry = RULES[rule]
    span = hyp.span(*find(hyp, needle, occurrence)) if needle is not None else None
    return Finding(
        rule=rule,
        category=entry.category,
        severity=severity or entry.severity,
        message=message,
        text=needle or "",
        span=span,
        suggestion=suggestion,
        evidence=evidence,
    )


def checked_result(
    doc_id: str,
    hyp_content: str,
    ref_contents: list[str],
    findings_spec: list[dict[str, object]],
    src_content: str | None = None,
    hyp_path: str | None = None,
    source: str | None = None,
    verdict: str | None = None,
    inline: bool = False,
    gate_reasons: list[str] | None = None,
    scores: dict[str, float] | None = None,
) -> DocumentResult:
    """A checked document with real sentence alignments and the findings described."""
    hyp = Text(hyp_content, "en", path=hyp_path, encoding="utf-8", inline=inline)
    refs = [
        Text(content, "en", path=hyp_path.replace(".hyp.", f".ref{i + 1}.") if hyp_path else None)
        for i, content in enumerate(ref_contents)
    ]
    src = Text(src_content, "ru") if src_content is not None else None
    doc = Document(doc_id, hyp, refs, src)
    aligned = AlignedDocument(
        doc,
        ref_alignments=[align(hyp, ref) for ref in refs],
        src_alignment=align(hyp, src, similarity_for(hyp, src)) if src is not None else None,
    )
    findings = [make_finding(hyp, **spec) for spec in findings_spec]  # type: ignore[arg-type]
    findings.sort(key=lambda f: f.sort_key())
    has_error = any(f.severity is Severity.ERROR for f in findings)
    if verdict is None:
        verdict = "fail" if has_error else "pass"
    if gate_reasons is None:
        errors = sum(1 for f in findings if f.severity is Severity.ERROR)
        gate_reasons = [f"{errors} error finding(s)"] if verdict == "fail" and errors else []
    return DocumentResult(
        id=doc_id,
        status="checked",
        document=doc,
        aligned=aligned,
        scores=scores if scores is not None else {"fidelity": 71.25, "bleu": 48.3, "chrf": 66.0, "ter": 41.7},
        signatures={"chrf": "nrefs:1|case:mixed|eff:yes|nc:6|nw:2|space:no|version:2.6.0"},
        findings=findings,
        verdict=verdict,
        gate_reasons=gate_reasons,
        source=source or hyp_path,
    )


SEED_FINDINGS: list[dict[str, object]] = [
    {
        "rule": "N101",
        "needle": "Nikifrov",
        "message": "Name 'Nikifrov' looks like a misspelling of 'Nikiforov' (reference).",
        "suggestion": "Nikiforov",
        "evidence": (("reference", "Nikiforov"), ("source", "Никифоров")),
    },
    {
        "rule": "D101",
        "needle": "60",
        "message": "Number 60 differs from 90 in the reference and the source.",
        "suggestion": "90",
    },
    {
        "rule": "N101",
        "needle": "Romano",
        "message": "Name 'Romano Rozhkov' differs from 'Roman Rozhkov' in the reference.",
        "suggestion": "Roman",
    },
    {
        "rule": "F101",
        "needle": '"<script>alert(1)</script>"',
        "message": 'Low fidelity around <script>alert(1)</script> & "quotes".',
        "suggestion": "<b>script</b>",
    },
    {
        "rule": "C102",
        "needle": "Buy the Z18 bone conduction earphone now! Free shipping.",
        "message": "Content found in neither the reference nor the source (advertisement?).",
    },
    {
        "rule": "N104",
        "needle": "Officials",
        "message": "Informational note on 'Officials'.",
        "severity": Severity.INFO,
    },
]


def seed_result(
    hyp_path: str | None = "corpora/demo/article.hyp.txt", doc_id: str = "article"
) -> DocumentResult:
    return checked_result(doc_id, HYP, [REF], SEED_FINDINGS, src_content=SRC, hyp_path=hyp_path)


def clean_result(
    doc_id: str = "clean", hyp_path: str | None = "corpora/demo/clean.hyp.txt"
) -> DocumentResult:
    text = "The ministry said the rules apply from May 1.\nNo fines were announced."
    return checked_result(
        doc_id, text, [text], [], hyp_path=hyp_path, scores={"fidelity": 98.0, "chrf": 100.0}
    )


def errored_result(doc_id: str = "broken") -> DocumentResult:
    return DocumentResult(
        id=doc_id,
        status="error",
        error="cannot decode 'corpora/demo/broken.hyp.txt': not valid text in any known encoding",
        source="corpora/demo/broken.hyp.txt",
        verdict="fail",
    )


def inline_result(doc_id: str = "inline-7") -> DocumentResult:
    """A document whose hypothesis was inline text in a JSONL manifest (no file of its own)."""
    hyp = "Spokesman Dmitri Peskov said, 100% sure:\r\nno comment, yet."
    return checked_result(
        doc_id,
        hyp.replace("\r\n", "\n"),
        ["Spokesman Dmitry Peskov said: no comment yet."],
        [
            {
                "rule": "N102",
                "needle": "Dmitri",
                "message": "Variant spelling, house style is 'Dmitry'.\nSecond line: 100%, a:b",
                "suggestion": "Dmitry",
            }
        ],
        hyp_path="corpora/batch, with comma.jsonl:7",  # the pipeline's path for inline text
        source="corpora/batch, with comma.jsonl:7",
        inline=True,
    )


def sample_report() -> Report:
    """A small batch: a failing article, a clean one, an inline manifest one and a broken one."""
    return Report([seed_result(), clean_result(), inline_result(), errored_result()], tool_version="0.1.0")
