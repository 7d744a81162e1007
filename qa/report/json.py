"""The `qa-report/1` JSON report (schema in DESIGN.md): deterministic, UTF-8, indented."""

from __future__ import annotations

import json
from typing import Any

from qa.config import Config
from qa.document import Report

SCHEMA = "qa-report/1"


def report_dict(report: Report) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "tool": {"name": "qa", "version": report.tool_version},
        "documents": [result.to_dict() for result in report.documents],
        "summary": report.summary(),
    }


class JsonRenderer:
    name = "json"
    for_terminal = False

    def render(self, report: Report, config: Config) -> str:
        return json.dumps(report_dict(report), ensure_ascii=False, indent=2) + "\n"
