"""Markdown for a pull-request comment: verdicts and scores per document, the top findings.

Written for GitHub-flavoured Markdown. Text from the documents goes into code spans (no
Markdown, HTML, @mentions or #references are interpreted there; `|` is escaped for tables);
messages are escaped as plain text. Long lists are in collapsed `<details>`, and the whole
comment is kept under GitHub's 65,536-character limit for a comment body ("Body is too long
(maximum is 65536 characters)"): what does not fit is counted, not silently dropped.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from qa.document import Severity
from qa.errors import log_safe
from qa.report.common import (
    SEVERITIES,
    by_importance,
    document_location,
    evidence_words,
    format_score,
    ordered_scores,
    severity_counts,
    suggestion_label,
)
from qa.rules import RULES

if TYPE_CHECKING:
    from qa.config import Config
    from qa.document import DocumentResult, Finding, Report

MAX_CHARS = 60_000  # below GitHub's 65,536 with room for a caller's header
TOP_FINDINGS = 10
MAIN_TABLE_ROWS = 50
SNIPPET_CHARS = 80
SCORE_COLUMNS = ("fidelity", "bleu", "chrf", "ter")
SCORE_TITLES = {"fidelity": "Fidelity", "bleu": "BLEU", "chrf": "chrF", "ter": "TER"}
_ICON = {Severity.ERROR: "🔴", Severity.WARNING: "🟡", Severity.INFO: "🔵"}
_PLURAL = {Severity.ERROR: "errors", Severity.WARNING: "warnings", Severity.INFO: "info"}
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def _visible(text: str) -> str:
    """One line of text: line breaks as ↵, other control characters as \\xNN."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "↵")
    return "".join(
        f"\\x{ord(c):02x}" if unicodedata.category(c) in ("Cc", "Cs") or c in "\u2028\u2029\u0085" else c
        for c in text
    )


def plain(text: str) -> str:
    """Text safe in a table cell: no HTML, Markdown emphasis, links or @mentions."""
    text = _visible(text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return text.replace("@", "@\u200b").replace("#", "#\u200b")


def code(text: str, limit: int = SNIPPET_CHARS) -> str:
    """`text` as a code span in a table cell, shortened to `limit` characters."""
    text = _visible(text)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    if not text:
        return ""
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    padded = f" {text} " if text[0] in "` " or text[-1] in "` " else text
    escaped = padded.replace("|", "\\|")
    return f"{fence}{escaped}{fence}"


def _verdict(result: DocumentResult) -> str:
    if result.status != "checked":
        return "⚠️ not checked"
    return "✅ pass" if result.verdict == "pass" else "❌ fail"


def _where(result: DocumentResult, finding: Finding) -> str:
    if finding.span is None:
        return ""
    return f"{finding.span.line}:{finding.span.column}"


def _rule_cell(finding: Finding) -> str:
    title = RULES[finding.rule].title if finding.rule in RULES else ""
    return f"`{finding.rule}` {plain(title)}".rstrip()


def _finding_row(result: DocumentResult, finding: Finding) -> str:
    cells = [
        f"{_ICON[finding.severity]} {finding.severity.value}",
        _rule_cell(finding),
        code(result.id),
        _where(result, finding),
        code(finding.text),
        code(suggestion_label(finding) or ""),
        plain(finding.message),
    ]
    return "| " + " | ".join(cells) + " |"


_FINDINGS_HEADER = [
    "| Severity | Rule | Document | Line:col | Text | Suggestion | Message |",
    "|---|---|---|---|---|---|---|",
]


def _document_row(result: DocumentResult) -> str:
    scores = dict(ordered_scores(result.scores))
    counts = severity_counts(result)
    cells = [code(result.id), _verdict(result)]
    cells += [format_score(scores[k]) if k in scores else "–" for k in SCORE_COLUMNS]
    cells += [str(counts[s]) for s in SEVERITIES]
    cells.append(plain(evidence_words(result).removeprefix("checked against ")))
    return "| " + " | ".join(cells) + " |"


_DOCUMENTS_HEADER = [
    "| Document | Verdict | "
    + " | ".join(SCORE_TITLES[k] for k in SCORE_COLUMNS)
    + " | Errors | Warnings | Info | Checked against |",
    "|---|---|" + "--:|" * (len(SCORE_COLUMNS) + 3) + "---|",
]


class _Budget:
    """Lines added while they fit in MAX_CHARS; what did not fit is counted."""

    def __init__(self, limit: int) -> None:
        self.left = limit

    def take(self, lines: list[str], reserve: int = 200) -> tuple[list[str], int]:
        kept: list[str] = []
        for line in lines:
            cost = len(line) + 1
            if cost > self.left - reserve:
                return kept, len(lines) - len(kept)
            self.left -= cost
            kept.append(line)
        return kept, 0

    def spend(self, lines: list[str]) -> list[str]:
        self.left -= sum(len(line) + 1 for line in lines)
        return lines


def _document_order(results: list[DocumentResult]) -> list[DocumentResult]:
    """Not checked first, then failed, then passed; input order within each."""
    rank = {"error": 0, "fail": 1, "pass": 2}
    return sorted(results, key=lambda r: rank["error"] if r.status != "checked" else rank.get(r.verdict, 1))


class MarkdownRenderer:
    name = "markdown"
    for_terminal = False

    def render(self, report: Report, config: Config) -> str:
        summary = report.summary()
        budget = _Budget(MAX_CHARS)
        failed, errors, total = summary["failed"], summary["errors"], summary["documents"]
        icon = "❌" if failed or errors else "✅"
        headline = f"## {icon} qa: {failed} of {total} documents failed the quality gate"
        if errors:
            headline += f", {errors} could not be checked"
        out = budget.spend([headline, ""])

        counts = dict.fromkeys(SEVERITIES, 0)
        for result in report.documents:
            for severity, n in severity_counts(result).items():
                counts[severity] += n
        by_rule = ", ".join(f"`{rule}` {n}" for rule, n in summary["findings_by_rule"].items())
        totals = ", ".join(f"{counts[s]} {_PLURAL[s]}" for s in SEVERITIES)
        out += budget.spend([f"**Findings:** {totals}" + (f" ({by_rule})" if by_rule else ""), ""])

        ordered = _document_order(report.documents)
        rows = [_document_row(r) for r in ordered]
        main, rest = rows[:MAIN_TABLE_ROWS], rows[MAIN_TABLE_ROWS:]
        kept, lost = budget.take(_DOCUMENTS_HEADER + main)
        out += kept
        if rest and not lost:
            out += budget.spend(["", f"<details><summary>{len(rest)} more documents</summary>", ""])
            more, lost_more = budget.take(_DOCUMENTS_HEADER + rest, reserve=400)
            out += more
            lost = lost_more
            out += budget.spend(["", "</details>"])
        if lost:
            out += budget.spend(["", f"_{lost} more document rows not shown (comment size limit)._"])

        problems = [r for r in ordered if r.status != "checked" or r.gate_reasons]
        if problems:
            out += budget.spend(["", "### Why documents failed", ""])
            lines = [
                f"- {code(r.id)}: "
                + plain(
                    f"could not be checked: {r.error}" if r.status != "checked" else "; ".join(r.gate_reasons)
                )
                for r in problems
            ]
            kept, lost = budget.take(lines, reserve=300)
            out += kept + (budget.spend([f"- _… and {lost} more_"]) if lost else [])

        entries = by_importance(report.documents)
        if entries:
            top = entries[:TOP_FINDINGS]
            out += budget.spend(["", "### Top findings", ""])
            kept, lost = budget.take(_FINDINGS_HEADER + [_finding_row(r, f) for _, r, f in top])
            out += kept
            if len(entries) > len(top) and not lost:
                out += budget.spend(["", f"<details><summary>All {len(entries)} findings</summary>", ""])
                kept, lost = budget.take(
                    _FINDINGS_HEADER + [_finding_row(r, f) for _, r, f in entries], reserve=300
                )
                out += kept
                out += budget.spend(["", "</details>"])
            if lost:
                out += budget.spend(
                    [
                        "",
                        f"_{lost} more findings not shown (comment size limit): "
                        "see the SARIF or HTML report._",
                    ]
                )
        files = sorted({document_location(r).path for r in report.documents})
        footer = (
            f"<sub>qa {plain(report.tool_version)} · {len(files)} file(s) · fail on: {config.fail_on}</sub>"
        )
        out += ["", footer]
        # A comment body is also printed in CI logs: `##[` becomes `##\\[` there and here.
        return log_safe("\n".join(out) + "\n")
