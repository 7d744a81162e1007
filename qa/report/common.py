"""What several renderers need: where a finding is in which file, and in what order to show it.

Spans are code-point offsets into the decoded hypothesis. A renderer for a CI system needs a
file path and 1-based line/column positions in that file; when the hypothesis was inline text
in a JSONL manifest there is no such file, so the manifest itself is the location and the
exact position is only told in the message.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING

from qa.document import Severity

if TYPE_CHECKING:
    from qa.document import DocumentResult, Finding, Report, Text

# "corpora/batch.jsonl:17": where an inline manifest document was read from, with its line.
_SOURCE_WITH_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+)$")

SEVERITIES: tuple[Severity, ...] = (Severity.ERROR, Severity.WARNING, Severity.INFO)


def display_path(path: str) -> str:
    """A path as CI systems want it: forward slashes, relative to the working directory if inside it."""
    if "\\" in path and not path.startswith("/"):
        path = PureWindowsPath(path).as_posix()
    pure = PurePosixPath(path)
    if pure.is_absolute():
        with contextlib.suppress(ValueError):  # outside the working directory: keep it absolute
            pure = PurePosixPath(Path(path).resolve().relative_to(Path.cwd().resolve()).as_posix())
    text = pure.as_posix()
    while text.startswith("./"):
        text = text[2:]
    return text


@dataclass(frozen=True)
class Region:
    """1-based start line/column and end line/column (the column after the last character)."""

    start_line: int
    start_column: int
    end_line: int
    end_column: int


@dataclass(frozen=True)
class Location:
    """The file a document's findings point into.

    `exact` is true when `path` is the hypothesis file itself, so that spans map to regions in
    it; otherwise `path` is the manifest the text came from and `line` its line there, if known.
    """

    path: str
    exact: bool
    line: int | None = None


def _manifest_line(origin: str) -> tuple[str, int] | None:
    """("batch.jsonl", 7) for "batch.jsonl:7", the origin of an inline manifest text; else None."""
    match = _SOURCE_WITH_LINE.match(origin)
    if match is None or Path(origin).exists():
        return None
    return match["path"], int(match["line"])


def document_location(result: DocumentResult) -> Location:
    """The hypothesis file of a document, or the manifest (and line) it was read from.

    Inline manifest texts carry the manifest line as their path ("batch.jsonl:7"); their
    spans are offsets into a JSON string, not positions in any file.
    """
    doc = result.document
    if doc is not None and doc.hyp.path:
        inline = _manifest_line(doc.hyp.path) if doc.hyp.inline else None
        if inline is None:
            return Location(display_path(doc.hyp.path), exact=True)
        return Location(display_path(inline[0]), exact=False, line=inline[1])
    source = result.source or ""
    inline = _manifest_line(source)
    if inline is not None:
        return Location(display_path(inline[0]), exact=False, line=inline[1])
    if source:
        return Location(display_path(source), exact=False)
    return Location(result.id, exact=False)


def span_region(text: Text, start: int, end: int) -> Region:
    """The region of `text[start:end]` in the file; the end is the position after its last
    character. Columns count the file's own code points (SARIF declares `unicodeCodePoints`):
    where NFC composed characters ("e" + U+0301 into "é"), they are mapped back."""
    first = text.span(start, start)
    first_column = file_column(text, first.line, first.column)
    if end <= start:
        return Region(first.line, first_column, first.line, first_column)
    last = text.span(end - 1, end - 1)
    return Region(first.line, first_column, last.line, file_column(text, last.line, last.column + 1))


def file_column(text: Text, line: int, column: int) -> int:
    """The 1-based column in the file's line of the 1-based `column` of the normalised line."""
    if text.original is None:
        return column
    maps: dict[int, list[int] | None] = text.memo.setdefault("file-columns", {})
    if line not in maps:
        originals = text.memo.setdefault("file-lines", text.original.split("\n"))
        normalised = text.lines
        maps[line] = (
            _column_map(normalised[line - 1], originals[line - 1])
            if line <= min(len(normalised), len(originals))
            else None
        )
    mapping = maps[line]
    if mapping is None or column - 1 >= len(mapping):
        return column
    return mapping[column - 1] + 1


def _starts_chunk(ch: str) -> bool:
    """Whether NFC can never join `ch` to the character before it (a starter that composes
    with nothing before it; Hangul vowels and trailing consonants do)."""
    return unicodedata.combining(ch) == 0 and not ("\u1160" <= ch <= "\u11ff")


def _column_map(normalised: str, original: str) -> list[int] | None:
    """offsets[i] = the offset in `original` of offset i of `normalised` (its NFC), for i up to
    len(normalised); None when the chunk-wise NFC does not reproduce the line."""
    chunks: list[str] = []
    for ch in original:
        if chunks and not _starts_chunk(ch):
            chunks[-1] += ch
        else:
            chunks.append(ch)
    offsets: list[int] = []
    composed_line: list[str] = []
    raw = 0
    for chunk in chunks:
        composed = unicodedata.normalize("NFC", chunk)
        composed_line.append(composed)
        offsets.extend(raw + min(k, len(chunk)) for k in range(len(composed)))
        raw += len(chunk)
    offsets.append(raw)
    return offsets if "".join(composed_line) == normalised else None


def finding_region(result: DocumentResult, finding: Finding) -> Region | None:
    """Where a finding is in its document's hypothesis file, or None when that cannot be said."""
    if finding.span is None or result.document is None:
        return None
    hyp = result.document.hyp
    if finding.span.end > len(hyp.content):
        return Region(finding.span.line, finding.span.column, finding.span.line, finding.span.column)
    return span_region(hyp, finding.span.start, finding.span.end)


def summary_line(report: Report) -> str:
    """The run in one line: the text report's last line, and stderr's when --output is a file."""
    summary = report.summary()
    return (
        f"{summary['documents']} document(s): {summary['passed']} passed, {summary['failed']} failed, "
        f"{summary['errors']} could not be checked; "
        f"{sum(summary['findings_by_rule'].values())} finding(s)"
    )


def error_line(result: DocumentResult) -> str:
    """ "<where>: <problem>" for a document that could not be checked, the place said once
    (an input error already starts with its file)."""
    where = result.source or result.id
    error = result.error or "could not be checked"
    return error if error.startswith(f"{where}:") else f"{where}: {error}"


def sorted_findings(result: DocumentResult) -> list[Finding]:
    """A document's findings in text order (then rule), the order every renderer lists them in."""
    return sorted(result.findings, key=lambda f: f.sort_key())


def by_importance(report_documents: list[DocumentResult]) -> list[tuple[int, DocumentResult, Finding]]:
    """All findings of a run, most important first: severity, then document order, then position.

    Each entry carries the document's index in the report so ties keep input order.
    """
    entries = [
        (index, result, finding)
        for index, result in enumerate(report_documents)
        for finding in sorted_findings(result)
    ]
    entries.sort(key=lambda e: (-e[2].severity.rank, e[0], e[2].sort_key()))
    return entries


def severity_counts(result: DocumentResult) -> dict[Severity, int]:
    counts = dict.fromkeys(SEVERITIES, 0)
    for finding in result.findings:
        counts[finding.severity] += 1
    return counts


def failing_severities(fail_on: str) -> frozenset[Severity]:
    """The severities that fail the gate under `--fail-on` (none for "never")."""
    if fail_on == "never":
        return frozenset()
    threshold = Severity(fail_on).rank
    return frozenset(s for s in SEVERITIES if s.rank >= threshold)


def suggestion_label(finding: Finding) -> str | None:
    """The suggestion as people read it: the replacement text, "(delete)" for an empty one."""
    if finding.suggestion is None:
        return None
    return finding.suggestion or "(delete)"


def message_with_suggestion(finding: Finding) -> str:
    """The finding's message, with its suggested fix appended when there is one."""
    label = suggestion_label(finding)
    if label is None:
        return finding.message
    tail = finding.message.rstrip()
    separator = " " if not tail or tail.endswith((".", "!", "?", ":", ";")) else ". "
    return f"{finding.message}{separator}Suggestion: {label}"


SCORE_ORDER = ("fidelity", "bleu", "chrf", "ter", "penalty")


def ordered_scores(scores: dict[str, float | None]) -> list[tuple[str, float | None]]:
    """The well-known scores first in a fixed order, then any others alphabetically."""
    known = [(k, scores[k]) for k in SCORE_ORDER if k in scores]
    rest = [(k, scores[k]) for k in sorted(scores) if k not in SCORE_ORDER]
    return known + rest


NOT_COMPUTED = "n/a"


def format_score(value: float | None) -> str:
    """One decimal; "n/a" for a score that was not computed (never 0.0)."""
    return NOT_COMPUTED if value is None else f"{value:.1f}"


_LANGUAGE_NAMES = {"ru": "Russian", "zh": "Chinese", "en": "English"}


def evidence_words(result: DocumentResult) -> str:
    """What a document was checked against, in words: "checked against the Russian source and
    the lexicon; no reference". Empty for a document that was not checked."""
    if result.status != "checked" or result.document is None:
        return ""
    doc = result.document
    parts: list[str] = []
    for name in result.evidence:
        if name == "reference":
            parts.append("the reference" if len(doc.refs) == 1 else f"{len(doc.refs)} references")
        elif name == "source" and doc.src is not None:
            parts.append(f"the {_LANGUAGE_NAMES.get(doc.src.lang, doc.src.lang)} source")
        elif name == "pivot" and doc.pivot is not None:
            parts.append(f"the {_LANGUAGE_NAMES.get(doc.pivot.lang, doc.pivot.lang)} pivot")
        elif name in ("glossary", "lexicon"):
            parts.append(f"the {name}")
    missing = [name for name in ("reference", "source") if name not in result.evidence]
    if not parts:
        return "checked against nothing but the translation itself; no reference or source"
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    if len(parts) == 1 and parts[0] in ("the lexicon", "the glossary"):
        listed += " alone"
    tail = "; no " + " or ".join(missing) if missing else ""
    return f"checked against {listed}{tail}"
