"""What the page gets for one check: the report, the document as the HTML report shows it,
the fixes it can apply, and the report downloads, all rendered by the usual renderers.

Spans are code-point offsets into the text as checked (NFC, `\\n` line endings), so the page
receives that text too and applies accepted fixes to it (see static/page.js), not to what was
pasted.
"""

from __future__ import annotations

from typing import Any

from qa.config import Config
from qa.document import Report


def fixes(report: Report) -> list[dict[str, Any]]:
    """Every finding with a span and a mechanical suggestion, keyed as the rendered notes are."""
    from qa.report.common import sorted_findings

    out: list[dict[str, Any]] = []
    for index, result in enumerate(report.documents):
        for k, finding in enumerate(sorted_findings(result)):
            if finding.span is None or finding.suggestion is None:
                continue
            out.append(
                {
                    "key": f"{index}-{k}",
                    "rule": finding.rule,
                    "severity": finding.severity.value,
                    "start": finding.span.start,
                    "end": finding.span.end,
                    "text": finding.text,
                    "suggestion": finding.suggestion,
                }
            )
    return out


def page_bundle(report: Report, config: Config) -> dict[str, Any]:
    from qa.report.html import HtmlRenderer, render_document
    from qa.report.json import JsonRenderer, report_dict
    from qa.report.sarif import SarifRenderer

    result = report.documents[0]
    return {
        "id": result.id,
        "verdict": result.verdict,
        "status": result.status,
        "text": result.document.hyp.content if result.document is not None else "",
        "fragment": render_document(result),
        "fixes": fixes(report),
        "report": report_dict(report),
        "downloads": {
            "json": JsonRenderer().render(report, config),
            "sarif": SarifRenderer().render(report, config),
            "html": HtmlRenderer().render(report, config),
        },
    }
