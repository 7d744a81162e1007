"""The editor's report: one self-contained HTML file to open in a browser.

Per document, the hypothesis is shown beside its references (and source, pivot) sentence by
sentence, following the alignment pairs; sentences with no counterpart stand alone. Findings
are `<mark>` elements at their exact spans, with the message and suggestion as a tooltip and
as a note beside the text; checkboxes filter by severity and rule.

Marks are inserted here, in Python, because spans are code-point offsets and JavaScript
strings count UTF-16 units. All text is escaped (Jinja2 autoescape, `markupsafe.escape` for
the marked-up text), and a Content-Security-Policy allows only our own inline script and
style by hash, so neither an unescaped `<script>` in a news text nor any external request
could run. The output is deterministic: no timestamps, everything in a fixed order.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from qa.errors import markup_log_safe
from qa.report.common import (
    SEVERITIES,
    document_location,
    evidence_words,
    format_score,
    ordered_scores,
    severity_counts,
    sorted_findings,
    suggestion_label,
)
from qa.rules import RULES

if TYPE_CHECKING:
    import jinja2

    from qa.config import Config
    from qa.document import AlignedDocument, DocumentResult, Finding, Report, Text

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class MarkSpan:
    """A finding's span in the hypothesis, as the HTML marks it."""

    key: str  # "<document index>-<finding index>": shared by the mark pieces and the note
    start: int
    end: int
    severity: str
    rule: str
    tooltip: str


# C0 control characters (which HTML drops or rejects) to their visible pictures, one for one.
_CONTROL_PICTURES = {code: 0x2400 + code for code in range(0x20) if chr(code) not in "\t\n"}


def _visible(text: str) -> str:
    return text.translate(_CONTROL_PICTURES)


def _open_tag(mark: MarkSpan) -> str:
    classes = f"f sev-{mark.severity}" + (" point" if mark.start == mark.end else "")
    return (
        f'<mark class="{classes}" data-f="{escape(mark.key)}" data-sev="{escape(mark.severity)}" '
        f'data-rule="{escape(mark.rule)}" title="{escape(mark.tooltip)}">'
    )


def highlight(content: str, start: int, end: int, marks: list[MarkSpan], last: bool = False) -> Markup:
    """Escaped HTML of `content[start:end]` with every mark that overlaps it, properly nested.

    Overlapping spans are split where they cross, so a mark may be several `<mark>` pieces
    with the same `data-f`; the text of the pieces of one mark, in order, is exactly its span.
    A zero-length mark is an empty `<mark class="point">` at its position (in the last
    segment when it sits at the very end of the text).
    """
    spans = [m for m in marks if m.start < end and m.end > start and m.start < m.end]
    points = [m for m in marks if m.start == m.end and (start <= m.start < end or (last and m.start == end))]
    cuts = sorted(
        {start, end}
        | {max(start, m.start) for m in spans}
        | {min(end, m.end) for m in spans}
        | {m.start for m in points}
    )
    order = {m.key: (m.start, -m.end, m.key) for m in spans}
    out: list[str] = []
    stack: list[MarkSpan] = []

    def emit_points(position: int) -> None:
        for point in points:
            if point.start == position:
                out.append(_open_tag(point) + "</mark>")

    for left, right in itertools.pairwise(cuts):
        covering = sorted(
            (m for m in spans if m.start <= left and m.end >= right), key=lambda m: order[m.key]
        )
        keep = 0
        while keep < min(len(stack), len(covering)) and stack[keep].key == covering[keep].key:
            keep += 1
        while len(stack) > keep:
            stack.pop()
            out.append("</mark>")
        emit_points(left)
        for mark in covering[keep:]:
            stack.append(mark)
            out.append(_open_tag(mark))
        out.append(str(escape(_visible(content[left:right]))))
    out.extend("</mark>" for _ in stack)
    emit_points(end)
    return Markup("".join(out))


@dataclass
class Column:
    label: str
    lang: str
    text: Text | None
    alignment_index: int | None  # index into the document's alignments, None for the hypothesis


@dataclass
class Row:
    """One line of the side-by-side view: a hypothesis segment and its counterparts."""

    hyp: Markup | None
    others: list[str] = field(default_factory=list)
    unaligned: bool = False  # a sentence of another text with no hypothesis counterpart


def _alignments(aligned: AlignedDocument) -> list[tuple[str, str, Any]]:
    out: list[tuple[str, str, Any]] = []
    many = len(aligned.ref_alignments) > 1
    for i, alignment in enumerate(aligned.ref_alignments):
        out.append((f"Reference {i + 1}" if many else "Reference", alignment.other.lang, alignment))
    if aligned.src_alignment is not None and aligned.src_role == "source":  # else the pivot's, below
        out.append(
            (
                f"Source ({aligned.src_alignment.other.lang})",
                aligned.src_alignment.other.lang,
                aligned.src_alignment,
            )
        )
    if aligned.pivot_alignment is not None:
        out.append(
            (
                f"Pivot ({aligned.pivot_alignment.other.lang})",
                aligned.pivot_alignment.other.lang,
                aligned.pivot_alignment,
            )
        )
    return out


def build_rows(result: DocumentResult, marks: list[MarkSpan]) -> tuple[list[tuple[str, str]], list[Row]]:
    """Column headings and rows of the side-by-side view.

    Hypothesis sentences that any alignment pairs together share a row. Each row's
    hypothesis cell runs from its first sentence to the next row's first sentence, so the
    cells together hold the whole text and every mark lands at its exact place.
    """
    assert result.document is not None
    hyp = result.document.hyp
    alignments = _alignments(result.aligned) if result.aligned is not None else []
    headings = [("Hypothesis", hyp.lang)] + [(label, lang) for label, lang, _ in alignments]
    sentences = hyp.sentences
    if not sentences:
        return headings, [
            Row(highlight(hyp.content, 0, len(hyp.content), marks, last=True), [""] * len(alignments))
        ]

    joined_with_next = [False] * len(sentences)
    for _, _, alignment in alignments:
        for pair in alignment.pairs:
            for i in pair.hyp[:-1]:
                if 0 <= i < len(sentences) - 1:
                    joined_with_next[i] = True
    groups: list[list[int]] = [[0]]
    for i in range(1, len(sentences)):
        if joined_with_next[i - 1]:
            groups[-1].append(i)
        else:
            groups.append([i])
    row_of = {i: r for r, group in enumerate(groups) for i in group}

    matched: list[list[list[int]]] = [[[] for _ in alignments] for _ in groups]
    orphans: dict[int, list[list[int]]] = {}  # after row r (-1: before the first)
    for k, (_, _, alignment) in enumerate(alignments):
        last_row = -1
        for pair in alignment.pairs:
            hyp_rows = [row_of[i] for i in pair.hyp if i in row_of]
            if hyp_rows:
                last_row = hyp_rows[0]
                matched[last_row][k].extend(pair.other)
            elif pair.other:
                orphans.setdefault(last_row, [[] for _ in alignments])[k].extend(pair.other)

    def other_text(k: int, indices: list[int]) -> str:
        other = alignments[k][2].other
        return " ".join(
            _visible(other.sentences[j].text) for j in sorted(indices) if 0 <= j < len(other.sentences)
        )

    starts = [0] + [sentences[group[0]].start for group in groups[1:]] + [len(hyp.content)]
    rows: list[Row] = []

    def add_orphans(after: int) -> None:
        if after in orphans:
            cells = [other_text(k, indices) for k, indices in enumerate(orphans[after])]
            rows.append(Row(None, cells, unaligned=True))

    add_orphans(-1)
    for r in range(len(groups)):
        cell = highlight(hyp.content, starts[r], starts[r + 1], marks, last=r == len(groups) - 1)
        rows.append(Row(cell, [other_text(k, matched[r][k]) for k in range(len(alignments))]))
        add_orphans(r)
    return headings, rows


def _tooltip(finding: Finding) -> str:
    text = f"{finding.rule} {finding.severity.value}: {finding.message}"
    label = suggestion_label(finding)
    if label is not None:
        text += f"\nSuggestion: {label}"
    return text


def _document_view(index: int, result: DocumentResult) -> dict[str, Any]:
    findings = sorted_findings(result)
    notes = []
    marks = []
    for k, finding in enumerate(findings):
        key = f"{index}-{k}"
        if finding.span is not None and result.document is not None:
            end = min(finding.span.end, len(result.document.hyp.content))
            marks.append(
                MarkSpan(
                    key, finding.span.start, end, finding.severity.value, finding.rule, _tooltip(finding)
                )
            )
        notes.append(
            {
                "key": key,
                "rule": finding.rule,
                "title": RULES[finding.rule].title if finding.rule in RULES else "",
                "severity": finding.severity.value,
                "position": f"{finding.span.line}:{finding.span.column}" if finding.span else "",
                "text": _visible(finding.text),
                "message": _visible(finding.message),
                "suggestion": _visible(label) if (label := suggestion_label(finding)) is not None else None,
                "evidence": [(_visible(k), _visible(v)) for k, v in finding.evidence],
            }
        )
    headings: list[tuple[str, str]] = []
    rows: list[Row] = []
    if result.document is not None:
        headings, rows = build_rows(result, marks)
    counts = severity_counts(result)
    return {
        "anchor": f"doc-{index}",
        "id": _visible(result.id),
        "status": result.status,
        "verdict": result.verdict if result.status == "checked" else "not checked",
        "error": _visible(result.error or "") if result.status != "checked" else None,
        "path": document_location(result).path,
        "scores": [(name, format_score(value)) for name, value in ordered_scores(result.scores)],
        "evidence": _visible(evidence_words(result)),
        "signatures": sorted(result.signatures.items()),
        "gate": [_visible(reason) for reason in result.gate_reasons],
        "counts": [(s.value, counts[s]) for s in SEVERITIES],
        "headings": headings,
        "rows": rows,
        "notes": notes,
    }


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


@cache
def _environment() -> jinja2.Environment:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


_VERBATIM_BLOCK = re.compile(r"(<style\b[^>]*>.*?</style>|<script\b[^>]*>.*?</script>)", re.DOTALL)


def _log_safe_html(page: str) -> str:
    """No line of the page is a CI workflow command (`##[`, a line-leading `::`): input text is
    rewritten with character references; our own inline CSS and JS (hashed for the CSP) are not."""
    parts = _VERBATIM_BLOCK.split(page)
    return "".join(part if i % 2 else markup_log_safe(part) for i, part in enumerate(parts))


class HtmlRenderer:
    name = "html"
    for_terminal = False

    def render(self, report: Report, config: Config) -> str:
        style = (TEMPLATES / "report.css").read_text(encoding="utf-8")
        script = (TEMPLATES / "report.js").read_text(encoding="utf-8")
        if "</" in style or "</" in script:
            raise ValueError("inline CSS/JS must not contain '</'")
        summary = report.summary()
        rule_counts = summary["findings_by_rule"]
        severity_totals = dict.fromkeys((s.value for s in SEVERITIES), 0)
        for result in report.documents:
            for finding in result.findings:
                severity_totals[finding.severity.value] += 1
        csp = (
            f"default-src 'none'; style-src {_csp_hash(style)}; script-src {_csp_hash(script)}; "
            "img-src data:; base-uri 'none'; form-action 'none'"
        )
        return _log_safe_html(
            _environment()
            .get_template("report.html.j2")
            .render(
                csp=csp,
                style=Markup(style),
                script=Markup(script),
                tool_version=report.tool_version,
                fail_on=config.fail_on,
                summary=summary,
                severity_totals=list(severity_totals.items()),
                rules=[
                    (code, RULES[code].title if code in RULES else "", n) for code, n in rule_counts.items()
                ],
                documents=[_document_view(i, result) for i, result in enumerate(report.documents)],
            )
        )


def render_document(result: DocumentResult, index: int = 0) -> str:
    """One document's `<article>` exactly as the full report shows it (same template, same
    escaping), for a page that embeds it: `qa serve` shows it beside its form. Finding keys
    are `"<index>-<k>"` with `k` the finding's position in `sorted_findings(result)`."""
    view = _document_view(index, result)
    return _log_safe_html(_environment().get_template("document.html.j2").render(doc=view))
