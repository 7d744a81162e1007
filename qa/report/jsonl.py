"""JSON Lines: one document a line, then a summary line.

Each document line is the same object as an entry of the `json` format's "documents"
(`DocumentResult.to_dict()`), so a consumer can process a 10,000-document batch line by line
without holding it in memory. The last line is `{"summary": ...}` with the `json` format's
summary, plus the schema and tool, so a reader knows the stream is complete. The command line
writes the lines when the batch is done (a cross-document rule, N105, can add a finding to any
document until then), one line at a time (`chunks`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from qa.errors import json_log_safe

if TYPE_CHECKING:
    from qa.config import Config
    from qa.document import DocumentResult, Report

SCHEMA = "qa-report/1"


def _dumps(value: Any) -> str:
    # ensure_ascii keeps U+2028/U+2029 and other line separators out of the line.
    return json_log_safe(json.dumps(value, ensure_ascii=True, separators=(",", ":")))


class JsonlRenderer:
    name = "jsonl"
    for_terminal = False

    def render(self, report: Report, config: Config) -> str:
        return "".join(self.chunks(report, config))

    def chunks(self, report: Report, config: Config) -> Iterator[str]:
        return self.lines(report.documents, report.tool_version)

    def document_line(self, result: DocumentResult) -> str:
        """The line for one document."""
        return _dumps(result.to_dict()) + "\n"

    def summary_line(self, summary: dict[str, Any], tool_version: str) -> str:
        return (
            _dumps({"summary": summary, "schema": SCHEMA, "tool": {"name": "qa", "version": tool_version}})
            + "\n"
        )

    def lines(self, results: Iterable[DocumentResult], tool_version: str) -> Iterator[str]:
        """Document lines as `results` yields them, then the summary line; memory stays flat."""
        counted = _SummaryCounter()
        for result in results:
            counted.add(result)
            yield self.document_line(result)
        yield self.summary_line(counted.summary(), tool_version)


class _SummaryCounter:
    """`Report.summary()` computed incrementally, so streaming needs no list of all results."""

    def __init__(self) -> None:
        self.documents = self.passed = self.failed = self.errors = 0
        self.by_rule: dict[str, int] = {}

    def add(self, result: DocumentResult) -> None:
        self.documents += 1
        if result.status != "checked":
            self.errors += 1
        elif result.verdict == "pass":
            self.passed += 1
        else:
            self.failed += 1
        for finding in result.findings:
            self.by_rule[finding.rule] = self.by_rule.get(finding.rule, 0) + 1

    def summary(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "passed": self.passed,
            "failed": self.failed,
            "errors": self.errors,
            "findings_by_rule": {k: self.by_rule[k] for k in sorted(self.by_rule)},
        }
