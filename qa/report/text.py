"""The report for people at a terminal: a summary, then every finding in its sentence.

Each finding shows `file:line:column`, severity, rule and message, the sentence with the
span highlighted, and the suggestion. Colour only when writing to a terminal.

Everything from the input (ids, paths, messages quoting the text, the sentence itself) goes
through `printable`: terminal control sequences (ESC]0;...BEL retitling the window, ESC[2J
clearing it), other C0/C1 controls and bidi overrides are shown as escapes, line breaks too,
and no line can be taken for a GitHub Actions workflow command.
"""

from __future__ import annotations

import io
import re

from rich.console import Console
from rich.text import Text as RichText

from qa.config import Config
from qa.document import DocumentResult, Finding, Report, Severity
from qa.errors import log_safe, printable
from qa.report.common import (
    error_line,
    evidence_words,
    file_column,
    format_score,
    suggestion_label,
    summary_line,
)

CONTEXT_CHARS = 70
SCORE_LABELS = (
    ("fidelity", "fidelity"),
    ("bleu", "BLEU"),
    ("chrf", "chrF++"),
    ("ter", "TER"),
    ("penalty", "penalty"),
)
SEVERITY_STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
# Leading blanks and our own colour codes: what a CI runner skips before looking for `::`.
_LINE_LEAD = re.compile(r"^((?:[^\S\n]|\x1b\[[0-9;]*m)*)(?=::)", re.MULTILINE)


def _guard_lines(rendered: str) -> str:
    """The last line of defence: no output line is a workflow command, colour codes or not."""
    return _LINE_LEAD.sub(r"\1\\", log_safe(rendered))


def _excerpt(result: DocumentResult, finding: Finding) -> RichText | None:
    """The sentence around the span, cut to a readable width, with the span highlighted."""
    if finding.span is None or result.document is None:
        return None
    hyp = result.document.hyp
    start, end = finding.span.start, finding.span.end
    sentence = next(
        (s for s in hyp.sentences if s.start <= start and (start < s.end or start == end == s.end)), None
    )
    left = sentence.start if sentence else start
    right = sentence.end if sentence else end
    left = max(left, start - CONTEXT_CHARS)
    right = min(max(right, end), end + CONTEXT_CHARS)
    excerpt = RichText("    ")
    excerpt.append(
        ("…" if left > (sentence.start if sentence else left) else "") + printable(hyp.content[left:start])
    )
    excerpt.append(printable(hyp.content[start:end]) or "⟂", style="bold reverse")
    excerpt.append(printable(hyp.content[end:right]) + ("…" if sentence and right < sentence.end else ""))
    return excerpt


class TextRenderer:
    name = "text"
    for_terminal = True
    color = False  # the CLI turns it on when stdout is a terminal

    def render(self, report: Report, config: Config) -> str:
        buffer = io.StringIO()
        console = Console(
            file=buffer,
            force_terminal=self.color,
            no_color=not self.color,
            width=110,
            highlight=False,
            emoji=False,
            soft_wrap=True,
        )
        for result in report.documents:
            self._document(console, result)
        line = RichText(summary_line(report))
        line.stylize("bold")
        console.print(line)
        return _guard_lines(buffer.getvalue())

    def _document(self, console: Console, result: DocumentResult) -> None:
        head = RichText()
        head.append(printable(result.id), style="bold")
        if result.status != "checked":
            head.append("  ERROR  ", style="bold red")
            head.append(printable(error_line(result)))
            console.print(head)
            console.print()
            return
        passed = result.verdict == "pass"
        head.append("  PASS  " if passed else "  FAIL  ", style="bold green" if passed else "bold red")
        head.append(
            "  ".join(
                f"{label} {format_score(result.scores[key])}"
                for key, label in SCORE_LABELS
                if key in result.scores
            )
        )
        console.print(head)
        if words := evidence_words(result):
            console.print(RichText(f"  {words}", style="dim"))
        where = (result.document.hyp.path if result.document else None) or result.id
        for finding in result.findings:
            location = where
            if finding.span and result.document is not None:
                column = file_column(result.document.hyp, finding.span.line, finding.span.column)
                location = f"{where}:{finding.span.line}:{column}"
            line = RichText("  ")
            line.append(printable(location), style="dim")
            line.append("  ")
            line.append(finding.severity.value, style=SEVERITY_STYLES[finding.severity])
            line.append(f"  {finding.rule}  {printable(finding.message)}")
            console.print(line)
            excerpt = _excerpt(result, finding)
            if excerpt is not None:
                console.print(excerpt)
            label = suggestion_label(finding)
            if label is not None:
                console.print(RichText("    suggestion: ").append(printable(label), style="green"))
        for reason in result.gate_reasons:
            console.print(RichText(f"  gate: {printable(reason)}", style="red"))
        console.print()
