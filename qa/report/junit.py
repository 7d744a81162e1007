"""JUnit XML for CI systems that show test reports (GitLab, Jenkins, Azure Pipelines, ...).

One `<testsuite>` for the run and one `<testcase>` per document. A document that fails the
gate gets a `<failure>` for each finding at or above the `--fail-on` severity (type = rule
code) and one for each gate reason; a document that could not be checked gets an `<error>`,
so it can never look like a pass. Other findings go to `<system-out>`.

XML 1.0 cannot carry most control characters, even escaped; they are written as `\\uXXXX`
so that any news text gives a well-formed file.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

from qa.errors import markup_log_safe
from qa.report.common import (
    document_location,
    evidence_words,
    failing_severities,
    format_score,
    message_with_suggestion,
    ordered_scores,
    sorted_findings,
)

if TYPE_CHECKING:
    from qa.config import Config
    from qa.document import DocumentResult, Finding, Report, Severity

# Characters XML 1.0 does not allow (plus lone surrogates, which UTF-8 cannot encode).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """`text` with the characters XML 1.0 cannot hold written as `\\uXXXX`."""
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _finding_line(result: DocumentResult, finding: Finding) -> str:
    location = document_location(result)
    where = location.path
    if finding.span is not None:
        position = f"{finding.span.line}:{finding.span.column}"
        where += f":{position}" if location.exact else f" (hypothesis {position})"
    quoted = f" [{finding.text}]" if finding.text else ""
    return f"{where}: {finding.rule} {finding.severity.value}: {message_with_suggestion(finding)}{quoted}"


class JunitRenderer:
    name = "junit"
    for_terminal = False

    def render(self, report: Report, config: Config) -> str:
        failing = failing_severities(config.fail_on)
        cases = [self._testcase(result, failing) for result in report.documents]
        failures = sum(1 for case in cases if case.find("failure") is not None)
        errors = sum(1 for case in cases if case.find("error") is not None)
        counts = {"tests": str(len(cases)), "failures": str(failures), "errors": str(errors), "skipped": "0"}

        root = ET.Element("testsuites", {"name": "qa", **counts, "time": "0"})
        suite = ET.SubElement(root, "testsuite", {"name": "qa", **counts, "time": "0"})
        properties = ET.SubElement(suite, "properties")
        ET.SubElement(properties, "property", {"name": "qa.version", "value": xml_text(report.tool_version)})
        ET.SubElement(properties, "property", {"name": "qa.fail_on", "value": config.fail_on})
        suite.extend(cases)
        ET.indent(root)
        body = markup_log_safe(ET.tostring(root, encoding="unicode"))  # printed in CI logs too
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"

    def _testcase(self, result: DocumentResult, failing: frozenset[Severity]) -> ET.Element:
        location = document_location(result)
        case = ET.Element(
            "testcase",
            {"classname": "qa", "name": xml_text(result.id), "file": xml_text(location.path), "time": "0"},
        )
        if location.line is not None:
            case.set("line", str(location.line))
        if result.status != "checked":
            error = ET.SubElement(
                case, "error", {"type": "document-error", "message": xml_text(result.error or "not checked")}
            )
            error.text = xml_text(
                f"{location.path}: document {result.id} could not be checked: {result.error}"
            )
            return case

        findings = sorted_findings(result)
        failed = result.verdict == "fail"
        failure_findings = [f for f in findings if failed and f.severity in failing]
        for finding in failure_findings:
            failure = ET.SubElement(
                case, "failure", {"type": finding.rule, "message": xml_text(message_with_suggestion(finding))}
            )
            failure.text = xml_text(_finding_line(result, finding))
        if failed:
            for reason in result.gate_reasons:
                failure = ET.SubElement(case, "failure", {"type": "gate", "message": xml_text(reason)})
                failure.text = xml_text(f"{result.id}: quality gate: {reason}")
            if not failure_findings and not result.gate_reasons:
                ET.SubElement(case, "failure", {"type": "gate", "message": "failed the quality gate"})

        scores = ", ".join(f"{name} {format_score(value)}" for name, value in ordered_scores(result.scores))
        lines = [f"{result.id}: verdict {result.verdict}" + (f"; {scores}" if scores else "")]
        if words := evidence_words(result):
            lines.append(f"{result.id}: {words}")
        reported = {id(f) for f in failure_findings}
        lines += [_finding_line(result, f) for f in findings if id(f) not in reported]
        system_out = ET.SubElement(case, "system-out")
        system_out.text = xml_text("\n".join(lines))
        return case
