"""The `qa-report/1` JSON report (schema in DESIGN.md): deterministic, UTF-8, indented."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from qa.config import Config
from qa.document import Report
from qa.errors import json_log_safe

SCHEMA = "qa-report/1"


def report_dict(report: Report) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "tool": tool_object(report),
        "documents": [result.to_dict() for result in report.documents],
        "summary": report.summary(),
    }


class JsonRenderer:
    name = "json"
    for_terminal = False

    def render(self, report: Report, config: Config) -> str:
        return "".join(self.chunks(report, config))

    def chunks(self, report: Report, config: Config) -> Iterator[str]:
        """`json.dumps(report_dict(report), ensure_ascii=False, indent=2)`, made CI-log safe
        (`json_log_safe`), and a newline, byte for byte, one document at a time: a large
        batch's report is never held whole."""
        yield '{\n  "schema": ' + _nested(SCHEMA) + ',\n  "tool": ' + _nested(tool_object(report)) + ","
        yield '\n  "documents": ['
        for index, result in enumerate(report.documents):
            yield ("\n    " if index == 0 else ",\n    ") + _nested(result.to_dict(), depth=2)
        yield "\n  ]," if report.documents else "],"
        yield '\n  "summary": ' + _nested(report.summary()) + "\n}\n"


def tool_object(report: Report) -> dict[str, str]:
    """The report's "tool" object."""
    return {"name": "qa", "version": report.tool_version}


def _nested(value: Any, depth: int = 1) -> str:
    """`value` as `json.dumps(..., indent=2)` writes it `depth` levels deep (JSON strings hold
    no raw newline, so every newline is a line break of the layout). `##[` in a string is
    written `#\\u0023[`, so that a report printed in a CI log carries no workflow command."""
    return json_log_safe(json.dumps(value, ensure_ascii=False, indent=2)).replace("\n", "\n" + "  " * depth)
