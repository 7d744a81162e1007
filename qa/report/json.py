"""The `qa-report/1` JSON report (schema in DESIGN.md): deterministic, UTF-8, indented."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from qa.config import Config
from qa.document import DocumentResult, Report
from qa.errors import json_log_safe

_encode_string = json.encoder.encode_basestring  # the C version when the interpreter has it

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
        for index, text in enumerate(_documents(report, config)):
            yield ("\n    " if index == 0 else ",\n    ") + text
        yield "\n  ]," if report.documents else "],"
        yield '\n  "summary": ' + _nested(report.summary()) + "\n}\n"


def _document(result: DocumentResult) -> str:
    return _nested(result.to_dict(), depth=2)


def _documents(report: Report, config: Config) -> Iterator[str]:
    """Each document's JSON; a spooled batch's rendered by --jobs processes (qa.spool)."""
    from qa.spool import StreamedDocuments

    if isinstance(report.documents, StreamedDocuments):
        return report.documents.rendered(_document, config.jobs)
    return map(_document, report.documents)


def tool_object(report: Report) -> dict[str, str]:
    """The report's "tool" object."""
    return {"name": "qa", "version": report.tool_version}


def _nested(value: Any, depth: int = 1) -> str:
    """`value` as `json.dumps(..., indent=2)` writes it `depth` levels deep (JSON strings hold
    no raw newline, so every newline is a line break of the layout). `##[` in a string is
    written `#\\u0023[`, so that a report printed in a CI log carries no workflow command."""
    try:
        return json_log_safe(indented_json(value, "  " * depth))
    except TypeError:  # a key that is not a string, or a value JSON has no plain form for
        plain = json.dumps(value, ensure_ascii=False, indent=2)
        return json_log_safe(plain).replace("\n", "\n" + "  " * depth)


def indented_json(value: Any, margin: str = "") -> str:
    """`json.dumps(value, ensure_ascii=False, indent=2)` with `margin` before every line but the
    first, byte for byte, for str-keyed dicts, lists, tuples, strings, numbers, booleans and
    None (TypeError for anything else).

    Why: with `indent` the standard library encodes in pure Python, one generator step per
    value; a batch report of one-sentence documents spent a tenth of the batch there. This
    writes each level with one join, plain values without a call of their own.
    """
    scalar = _SCALAR_WRITERS.get(type(value))
    if scalar is not None:
        return scalar(value)
    inner = margin + "  "
    if isinstance(value, dict):
        if not value:
            return "{}"
        parts = []
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"a key of type {type(key).__name__}")
            writer = _SCALAR_WRITERS.get(type(item))
            text = writer(item) if writer is not None else indented_json(item, inner)
            parts.append(inner + _encode_string(key) + ": " + text)
        return "{\n" + ",\n".join(parts) + "\n" + margin + "}"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        items = []
        for item in value:
            writer = _SCALAR_WRITERS.get(type(item))
            items.append(inner + (writer(item) if writer is not None else indented_json(item, inner)))
        return "[\n" + ",\n".join(items) + "\n" + margin + "]"
    if isinstance(value, str):  # subclasses of the plain types, as json.dumps writes them
        return _encode_string(value)
    if isinstance(value, int):
        return _write_int(value)
    if isinstance(value, float):
        return _write_float(value)
    raise TypeError(f"a value of type {type(value).__name__}")


def _write_float(value: float) -> str:
    text = float.__repr__(value)
    return _FLOAT_NAMES.get(text, text)


def _write_int(value: int) -> str:
    if value is True or value is False:
        return "true" if value else "false"
    return int.__repr__(value)


# What `json.dumps` writes for the floats that have no JSON number (its allow_nan default).
_FLOAT_NAMES = {"nan": "NaN", "inf": "Infinity", "-inf": "-Infinity"}
# The exact types of plain values and how each is written.
_SCALAR_WRITERS: dict[type, Any] = {
    str: _encode_string,
    int: int.__repr__,
    float: _write_float,
    bool: lambda value: "true" if value else "false",
    type(None): lambda value: "null",
}
