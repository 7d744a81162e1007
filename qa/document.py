"""The document model every stage reads and writes.

Data flows one way: readers build `Document`s, `segment` and `align` enrich them into an
`AlignedDocument`, metrics and checks read that and return scores and `Finding`s, scoring
turns those into a `DocumentResult`, and renderers print a `Report`. Nothing here imports
a heavy dependency.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import Any


class Severity(StrEnum):
    """Finding severities, ordered: an error fails the default gate, a warning does not."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return {"info": 0, "warning": 1, "error": 2}[self.value]


@dataclass(frozen=True)
class Span:
    """Code-point offsets into a text, plus the 1-based line and column of `start`."""

    start: int
    end: int
    line: int
    column: int

    def to_dict(self) -> dict[str, int]:
        return {"start": self.start, "end": self.end, "line": self.line, "column": self.column}


@dataclass(frozen=True)
class Sentence:
    """One sentence of a text: its offsets into the text it came from."""

    index: int
    start: int
    end: int
    text: str


@dataclass
class Text:
    """A decoded, normalised text (NFC, `\\n` line endings) with where it came from."""

    content: str
    lang: str
    path: str | None = None
    encoding: str | None = None
    # How a source's or pivot's language was known: "given", "file name", "script" (detected
    # from its letters) or "default"; None for the English texts.
    lang_from: str | None = None
    # Written inline in a manifest line, its `path` that line ("batch.jsonl:7"): reports point at
    # the line, and a file whose name merely looks like one ("0:0") is not mistaken for it.
    inline: bool = False
    # The file's own text (`\n` line endings, no BOM) when NFC changed it (e.g. "e" + U+0301
    # became "é"): columns in CI reports must count the characters the user's file has.
    original: str | None = field(default=None, repr=False, compare=False)
    # Analyses computed once per text (e.g. the person names in it), keyed by analysis and
    # settings, so that several checks, and the batch-wide step in the main process (the text
    # travels back from a worker with its memo), need not repeat them.
    memo: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    @cached_property
    def _line_starts(self) -> list[int]:
        starts = [0]
        starts.extend(i + 1 for i, ch in enumerate(self.content) if ch == "\n")
        return starts

    def span(self, start: int, end: int) -> Span:
        """A `Span` for `content[start:end]` with its line and column."""
        if not 0 <= start <= end <= len(self.content):
            raise ValueError(f"span {start}:{end} outside text of length {len(self.content)}")
        line_index = bisect.bisect_right(self._line_starts, start) - 1
        return Span(start, end, line_index + 1, start - self._line_starts[line_index] + 1)

    @cached_property
    def sentences(self) -> list[Sentence]:
        from qa.segment import split_sentences

        return split_sentences(self.content, self.lang)

    @property
    def lines(self) -> list[str]:
        return self.content.split("\n")


@dataclass
class Document:
    """One translation to check: hypothesis, references, optional source and pivot."""

    id: str
    hyp: Text
    refs: list[Text] = field(default_factory=list)
    src: Text | None = None
    pivot: Text | None = None

    def inputs(self) -> dict[str, Any]:
        """Where each text came from and how it was decoded, for the report."""

        def describe(text: Text) -> dict[str, Any]:
            out = {"path": text.path, "encoding": text.encoding, "lang": text.lang}
            if text.lang_from is not None:
                out["lang_from"] = text.lang_from
            return out

        out: dict[str, Any] = {"hyp": describe(self.hyp), "refs": [describe(r) for r in self.refs]}
        if self.src is not None:
            out["src"] = describe(self.src)
        if self.pivot is not None:
            out["pivot"] = describe(self.pivot)
        return out


@dataclass(frozen=True)
class AlignedPair:
    """Hypothesis sentences matched to sentences of another text (1-1, 1-2, 2-1, 1-0, 0-1)."""

    hyp: tuple[int, ...]
    other: tuple[int, ...]
    score: float


@dataclass
class Alignment:
    """A monotonic sentence alignment of the hypothesis with one other text."""

    other: Text
    pairs: list[AlignedPair]

    def hyp_text(self, hyp: Text, pair: AlignedPair) -> str:
        return " ".join(hyp.sentences[i].text for i in pair.hyp)

    def other_text(self, pair: AlignedPair) -> str:
        return " ".join(self.other.sentences[i].text for i in pair.other)


@dataclass
class AlignedDocument:
    """A document with its sentence alignments: what metrics and checks read.

    `src_alignment` is what content is compared with on the source's side (coverage, fidelity,
    numbers): the source's alignment, or, for a document with a pivot and neither a source nor
    a reference, the pivot's (the same object as `pivot_alignment`; `src_role` is then
    "pivot", and messages and evidence name it). Checks read that text through `source`, never
    `doc.src`; the name checks keep reading `doc.src` and `doc.pivot` for what each is.
    """

    doc: Document
    ref_alignments: list[Alignment] = field(default_factory=list)
    src_alignment: Alignment | None = None
    pivot_alignment: Alignment | None = None
    src_role: str = "source"  # "pivot" when the pivot stands in for a missing source

    @property
    def source(self) -> Text | None:
        """The text on the source's side of the comparison (the source, or the pivot standing in)."""
        return self.src_alignment.other if self.src_alignment is not None else None


@dataclass(frozen=True)
class Finding:
    """One problem found in the hypothesis, with its exact span and a suggested fix.

    `suggestion` is replacement text for the span (SARIF turns it into a fix): "" means
    delete the span, None means no mechanical fix is known.
    """

    rule: str
    category: str
    severity: Severity
    message: str
    text: str
    span: Span | None
    suggestion: str | None = None
    evidence: tuple[tuple[str, str], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity.value,
            "message": self.message,
            "text": self.text,
            "suggestion": self.suggestion,
            "span": self.span.to_dict() if self.span else None,
            "evidence": dict(self.evidence),
        }

    def sort_key(self) -> tuple[int, int, str, str]:
        start = self.span.start if self.span else -1
        end = self.span.end if self.span else -1
        return (start, end, self.rule, self.message)


@dataclass
class MetricScores:
    """Document-level scores from one metric family, each with its reproducibility signature."""

    scores: dict[str, float] = field(default_factory=dict)
    signatures: dict[str, str] = field(default_factory=dict)
    sentence_scores: list[dict[str, float]] = field(default_factory=list)


@dataclass
class DocumentResult:
    """Everything the report says about one document."""

    id: str
    status: str  # "checked" | "error"
    error: str | None = None
    document: Document | None = None
    aligned: AlignedDocument | None = None
    # None: a score the run reports but could not compute (no reference for BLEU, neither
    # reference nor source for fidelity): "null" in JSON, "n/a" in text, never 0.0.
    scores: dict[str, float | None] = field(default_factory=dict)
    signatures: dict[str, str] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    verdict: str = "fail"
    gate_reasons: list[str] = field(default_factory=list)
    source: str | None = None  # where the document was read from, for error messages
    # Findings a baseline accepted (left out of `findings`); `--write-baseline` keeps them.
    accepted: list[Finding] = field(default_factory=list)
    # What the translation was checked against ("reference", "source", "pivot", "glossary",
    # "lexicon"), and the source's language; set when the result is finalised.
    evidence: list[str] = field(default_factory=list)
    src_lang: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "status": self.status,
            "error": {"message": self.error} if self.error else None,
            "inputs": self.document.inputs() if self.document else None,
            "evidence": list(self.evidence),
            "src_lang": self.src_lang,
            "scores": {k: self.scores[k] for k in sorted(self.scores)},
            "signatures": {k: self.signatures[k] for k in sorted(self.signatures)},
            "findings": [f.to_dict() for f in self.findings],
            "verdict": self.verdict,
            "gate": self.gate_reasons,
        }


@dataclass
class Report:
    """The results of one run, in input order."""

    documents: list[DocumentResult]
    tool_version: str

    def summary(self) -> dict[str, Any]:
        by_rule: dict[str, int] = {}
        for result in self.documents:
            for finding in result.findings:
                by_rule[finding.rule] = by_rule.get(finding.rule, 0) + 1
        checked = [r for r in self.documents if r.status == "checked"]
        return {
            "documents": len(self.documents),
            "passed": sum(1 for r in checked if r.verdict == "pass"),
            "failed": sum(1 for r in checked if r.verdict == "fail"),
            "errors": len(self.documents) - len(checked),
            "findings_by_rule": {k: by_rule[k] for k in sorted(by_rule)},
        }
