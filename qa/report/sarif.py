"""SARIF 2.1.0 for code-scanning platforms (GitHub code scanning, Azure DevOps, IDE viewers).

One run. The rule catalogue becomes `tool.driver.rules`; each finding a `result` located in
the hypothesis file (line/column in Unicode code points, declared with `columnKind`), with a
`fix` that replaces the span by the suggestion. A document that could not be checked is a
`toolExecutionNotification` of level error, and the invocation is marked unsuccessful, so a
broken input is never mistaken for a clean one.

GitHub code scanning limits (docs.github.com, "SARIF results exceed one or more limits"):
runs per file 20, results per run 25,000 (only the top 5,000 by severity are displayed),
rules per run 25,000, locations per result 1,000 (100 displayed), tags per rule 20 (10
displayed), and an upload of at most 10 MB after gzip. We write one run, one location per
result, one tag per rule, and keep at most `MAX_RESULTS` results, the most severe first;
what is left out is said in a notification, never dropped silently.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from qa.document import Severity
from qa.errors import json_log_safe
from qa.report.common import (
    by_importance,
    document_location,
    finding_region,
    message_with_suggestion,
    ordered_scores,
)
from qa.rules import RULES

if TYPE_CHECKING:
    from qa.config import Config
    from qa.document import DocumentResult, Finding, Report
    from qa.report.common import Location, Region

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
MAX_RESULTS = 25_000  # GitHub: results per run
FINGERPRINT_KEY = "qaFinding/v1"
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _uri(path: str) -> str:
    """A relative URI reference for a path: percent-encode what a URI cannot hold."""
    return quote(path, safe="/-._~!$&'()*+,;=:@")


def _region(region: Region) -> dict[str, int]:
    return {
        "startLine": region.start_line,
        "startColumn": region.start_column,
        "endLine": region.end_line,
        "endColumn": region.end_column,
    }


def _rule_descriptor(code: str) -> dict[str, Any]:
    rule = RULES.get(code)
    if rule is None:
        return {"id": code, "shortDescription": {"text": code}}
    help_text = f"{rule.explanation}\n\nExample: {rule.example}\n\nRun `qa explain {code}` for more."
    return {
        "id": code,
        "name": "".join(word.capitalize() for word in rule.title.split()),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.explanation},
        "help": {"text": help_text, "markdown": help_text.replace("Example: ", "**Example:** ")},
        "defaultConfiguration": {"level": _LEVELS[rule.severity]},
        "properties": {"tags": [rule.category], "category": rule.category},
    }


def _fingerprint(location: Location, result: DocumentResult, finding: Finding, occurrence: int) -> str:
    """Stable across runs and line shifts: file, document, rule, flagged text and its occurrence."""
    key = "\x1f".join((location.path, result.id, finding.rule, finding.text, str(occurrence)))
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]


class SarifRenderer:
    name = "sarif"
    for_terminal = False

    def render(self, report: Report, config: Config) -> str:
        # Compact: a tenth of the time of an indented dump, and GitHub caps uploads at 10 MB.
        text = json.dumps(self.log(report, config), ensure_ascii=False, separators=(",", ":"))
        return json_log_safe(text) + "\n"  # a printed log must not carry workflow commands

    def log(self, report: Report, config: Config) -> dict[str, Any]:
        """The SARIF log as a Python object."""
        codes = sorted(set(RULES) | {f.rule for r in report.documents for f in r.findings})
        rule_index = {code: i for i, code in enumerate(codes)}

        entries = by_importance(report.documents)
        kept, left_out = entries[:MAX_RESULTS], entries[MAX_RESULTS:]
        kept.sort(key=lambda e: (e[0], e[2].sort_key()))  # back to document and text order

        occurrences: dict[tuple[str, str, str, str], int] = {}
        results = []
        for _, result, finding in kept:
            location = document_location(result)
            key = (location.path, result.id, finding.rule, finding.text)
            occurrence = occurrences.get(key, 0)
            occurrences[key] = occurrence + 1
            results.append(self._result(result, finding, location, rule_index, occurrence))

        notifications = [
            self._document_error(result) for result in report.documents if result.status != "checked"
        ]
        if left_out:
            notifications.append(
                {
                    "level": "warning",
                    "message": {
                        "text": f"{len(left_out)} of {len(entries)} findings left out of this SARIF file: "
                        f"code scanning accepts at most {MAX_RESULTS} results per run. The least severe "
                        "were left out; use --format json for all of them."
                    },
                }
            )
        summary = report.summary()
        run: dict[str, Any] = {
            "tool": {
                "driver": {
                    "name": "qa",
                    "version": report.tool_version,
                    "semanticVersion": report.tool_version,
                    "rules": [_rule_descriptor(code) for code in codes],
                }
            },
            "invocations": [
                {
                    "executionSuccessful": summary["errors"] == 0,
                    "toolExecutionNotifications": notifications,
                }
            ],
            "columnKind": "unicodeCodePoints",
            "results": results,
            "properties": {
                "summary": summary,
                "documents": [
                    {
                        "id": r.id,
                        "status": r.status,
                        "verdict": r.verdict,
                        "scores": dict(ordered_scores(r.scores)),
                        "gate": list(r.gate_reasons),
                    }
                    for r in report.documents
                ],
            },
        }
        return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}

    def _result(
        self,
        result: DocumentResult,
        finding: Finding,
        location: Location,
        rule_index: dict[str, int],
        occurrence: int,
    ) -> dict[str, Any]:
        region = finding_region(result, finding) if location.exact else None
        text = message_with_suggestion(finding)
        if not location.exact and finding.span is not None:
            text += (
                f" (document {result.id}, hypothesis line {finding.span.line}, column {finding.span.column})"
            )
        physical: dict[str, Any] = {"artifactLocation": {"uri": _uri(location.path)}}
        if region is not None:
            physical["region"] = _region(region)
        elif location.line is not None:
            physical["region"] = {"startLine": location.line}
        out: dict[str, Any] = {
            "ruleId": finding.rule,
            "ruleIndex": rule_index[finding.rule],
            "level": _LEVELS[finding.severity],
            "message": {"text": text},
            "locations": [{"physicalLocation": physical}],
            "partialFingerprints": {FINGERPRINT_KEY: _fingerprint(location, result, finding, occurrence)},
            "properties": {
                "document": result.id,
                "category": finding.category,
                "text": finding.text,
                "evidence": dict(finding.evidence),
            },
        }
        if finding.suggestion is not None and region is not None:
            out["fixes"] = [
                {
                    "description": {
                        "text": f"Replace '{finding.text}' with '{finding.suggestion}'"
                        if finding.suggestion
                        else f"Delete '{finding.text}'"
                    },
                    "artifactChanges": [
                        {
                            "artifactLocation": {"uri": _uri(location.path)},
                            "replacements": [
                                {
                                    "deletedRegion": _region(region),
                                    "insertedContent": {"text": finding.suggestion},
                                }
                            ],
                        }
                    ],
                }
            ]
        return out

    def _document_error(self, result: DocumentResult) -> dict[str, Any]:
        location = document_location(result)
        physical: dict[str, Any] = {"artifactLocation": {"uri": _uri(location.path)}}
        if location.line is not None:
            physical["region"] = {"startLine": location.line}
        return {
            "level": "error",
            "message": {
                "text": f"document {result.id} could not be checked: {result.error or 'unknown error'}"
            },
            "locations": [{"physicalLocation": physical}],
            "properties": {"document": result.id},
        }
