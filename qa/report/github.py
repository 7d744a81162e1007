"""GitHub Actions workflow commands: findings become annotations on the files of a pull request.

`::error file=F,line=L,endLine=L2,col=C,endColumn=C2,title=T::message`, `::warning` for
warnings, `::notice` for info. Escaping follows the Actions toolkit (`@actions/core`,
`command.ts`): in the message `%`, CR and LF become `%25`, `%0D`, `%0A`; in a property `:` and
`,` also become `%3A` and `%2C` (the runner undoes exactly these, so a message round-trips).
Log lines that are not commands (the overflow group) go through `printable`.

GitHub shows at most 10 error, 10 warning and 10 notice annotations per step, and 50 per job
(actions/toolkit, docs/problem-matchers.md, "Limitations"); the rest are silently not shown. So
the most important come first (documents that could not be checked, then errors in input
order), a kind with more than fits gets one annotation that says how many more there are, the
rest are printed as plain log lines in a collapsed group, and a final notice gives the
summary. Nothing is lost: every finding is in the log.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from qa.document import Severity
from qa.errors import printable
from qa.report.common import (
    document_location,
    failing_severities,
    finding_region,
    message_with_suggestion,
    sorted_findings,
)
from qa.rules import RULES

if TYPE_CHECKING:
    from qa.config import Config
    from qa.document import DocumentResult, Finding, Report

ANNOTATIONS_PER_KIND = 10  # per step, for each of error / warning / notice
_KIND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(kind: str, properties: dict[str, str | int], message: str) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{kind} {props}::{escape_data(message)}" if props else f"::{kind}::{escape_data(message)}"


def _plain(text: str) -> str:
    """A log line that no runner can take for a command: one line, indented, `::` and `##[`
    broken, controls shown as escapes."""
    return "  " + printable(text)


@dataclass
class _Annotation:
    kind: str
    properties: dict[str, str | int]
    message: str
    log_line: str


def _finding_annotation(result: DocumentResult, finding: Finding) -> _Annotation:
    location = document_location(result)
    properties: dict[str, str | int] = {"file": location.path}
    message = message_with_suggestion(finding)
    region = finding_region(result, finding) if location.exact else None
    if region is not None:
        properties.update(
            line=region.start_line,
            endLine=region.end_line,
            col=region.start_column,
            endColumn=region.end_column,
        )
        where = f"{location.path}:{region.start_line}:{region.start_column}"
    else:
        if location.line is not None:
            properties["line"] = location.line
        where = location.path + (f":{location.line}" if location.line is not None else "")
        if finding.span is not None:
            message += (
                f" (document {result.id}, hypothesis line {finding.span.line}, column {finding.span.column})"
            )
    title = f"{finding.rule} {RULES[finding.rule].title}" if finding.rule in RULES else finding.rule
    properties["title"] = title
    log_line = f"{where}: {finding.rule} {finding.severity.value}: {message}"
    return _Annotation(_KIND[finding.severity], properties, message, log_line)


def _document_annotation(result: DocumentResult, kind: str, title: str, message: str) -> _Annotation:
    location = document_location(result)
    properties: dict[str, str | int] = {"file": location.path}
    if location.line is not None:
        properties["line"] = location.line
    properties["title"] = title
    return _Annotation(kind, properties, message, f"{location.path}: {title}: {message}")


class GithubRenderer:
    name = "github"
    for_terminal = False

    def render(self, report: Report, config: Config) -> str:
        failing = failing_severities(config.fail_on)
        by_kind: dict[str, list[_Annotation]] = {"error": [], "warning": [], "notice": []}
        for result in report.documents:
            if result.status != "checked":
                by_kind["error"].append(
                    _document_annotation(
                        result,
                        "error",
                        "qa: document not checked",
                        f"{result.id}: {result.error or 'unknown error'}",
                    )
                )
        for result in report.documents:
            findings = sorted_findings(result)
            for finding in findings:
                by_kind[_KIND[finding.severity]].append(_finding_annotation(result, finding))
            explained = any(f.severity in failing for f in findings)
            if result.status == "checked" and result.verdict == "fail" and not explained:
                reasons = "; ".join(result.gate_reasons) or "failed the quality gate"
                by_kind["error"].append(_document_annotation(result, "error", "qa: quality gate", reasons))
        # Errors (documents not checked first, as appended) lead; order within a kind is input order.
        by_kind["error"].sort(
            key=lambda a: 0 if a.properties.get("title") == "qa: document not checked" else 1
        )

        lines: list[str] = []
        not_annotated: list[str] = []
        for kind, of_kind in by_kind.items():
            room = ANNOTATIONS_PER_KIND - (1 if kind == "notice" else 0)  # one notice is the summary
            if len(of_kind) <= room:
                shown, rest = of_kind, []
            else:
                shown, rest = of_kind[: room - 1], of_kind[room - 1 :]
            lines += [command(a.kind, a.properties, a.message) for a in shown]
            if rest:
                documents = len({a.properties.get("file") for a in rest})
                lines.append(
                    command(
                        kind,
                        {"title": f"qa: {len(rest)} more {kind}s"},
                        f"{len(rest)} more {kind} annotations in {documents} file(s) are not shown: GitHub "
                        f"shows at most {ANNOTATIONS_PER_KIND} per step. They are listed in the log under "
                        "'qa: not annotated'.",
                    )
                )
                not_annotated += [f"{kind}: {a.log_line}" for a in rest]
        if not_annotated:
            lines.append(f"::group::qa: not annotated ({len(not_annotated)})")
            lines += [_plain(line) for line in not_annotated]
            lines.append("::endgroup::")
        lines.append(command("notice", {"title": "qa summary"}, self._summary(report)))
        return "\n".join(lines) + "\n"

    @staticmethod
    def _summary(report: Report) -> str:
        summary = report.summary()
        counts = dict.fromkeys(_KIND.values(), 0)
        for result in report.documents:
            for finding in result.findings:
                counts[_KIND[finding.severity]] += 1
        rules = ", ".join(f"{rule} {n}" for rule, n in summary["findings_by_rule"].items())
        text = (
            f"{summary['documents']} documents: {summary['passed']} passed, {summary['failed']} failed, "
            f"{summary['errors']} could not be checked. Findings: {counts['error']} errors, "
            f"{counts['warning']} warnings, {counts['notice']} info"
        )
        return text + (f" ({rules})." if rules else ".")
