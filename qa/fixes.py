"""Apply the findings' mechanical suggestions to the translation: `qa check --fix / --diff`.

A finding's `suggestion` replaces its span (`qa.document.Finding`): a word for a misspelled
name (N101), "" to delete added content (C102), text to insert at an empty span (C101).
`apply_fixes` is a pure function of the text and the findings, so `--diff`, `--fix` and the
web app's "accept" make exactly the same edits, byte for byte:

- Only findings with a span and a suggestion at or above the chosen severity are applied;
  one whose suggestion equals its text changes nothing and is left out.
- A deletion takes its surroundings with it, so that no gap is left: a span that is all of
  its line's words (trailing marks such as "▲" included) removes the line and the blank
  lines after it; a sentence inside a line removes one neighbouring run of spaces; deleted
  content that reaches the end of the text also removes the blank lines before it.
  Overlapping or touching deletions are one deletion.
- An insertion gets a space on each side that needs one.
- Edits that still overlap are resolved deterministically: higher severity first, then the
  earlier start, the longer span, the rule code and the replacement; an edit that overlaps
  one already chosen is skipped (and reported as skipped), never merged into it.
"""

from __future__ import annotations

import codecs
import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from qa.document import Finding, Severity

_HORIZONTAL = " \t"


@dataclass(frozen=True)
class Edit:
    """Replace `text[start:end]` by `replacement`; `findings` are the ones it fixes."""

    start: int
    end: int
    replacement: str
    findings: tuple[Finding, ...]
    rank: int  # the highest severity rank among `findings`

    @property
    def is_deletion(self) -> bool:
        return self.replacement == ""


@dataclass(frozen=True)
class FixResult:
    """The fixed text, and which findings were fixed and which skipped (overlapping)."""

    text: str
    applied: tuple[Finding, ...]
    skipped: tuple[Finding, ...]

    @property
    def changed(self) -> bool:
        return bool(self.applied)


def finding_order(finding: Finding) -> tuple[object, ...]:
    """A total order of findings (`Finding.sort_key` ties on severity and suggestion), so
    that the result never depends on the order the findings came in."""
    return (
        *finding.sort_key(),
        finding.severity.rank,
        finding.suggestion or "",
        finding.category,
        finding.text,
    )


def fixable(finding: Finding, level: Severity = Severity.ERROR) -> bool:
    """Whether `finding` carries a mechanical fix at or above `level`."""
    return (
        finding.span is not None
        and finding.suggestion is not None
        and finding.severity.rank >= level.rank
        and not (finding.span.start < finding.span.end and finding.suggestion == finding.text)
        and not (finding.span.start == finding.span.end and finding.suggestion == "")
    )


def _line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Start of the line holding `start`, end (before its newline) of the line holding `end`."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return line_start, len(text) if line_end < 0 else line_end


def _has_word(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def _deletion_range(text: str, start: int, end: int) -> tuple[int, int]:
    """Where deleting `text[start:end]` cleanly deletes (see the module docstring)."""
    line_start, line_end = _line_bounds(text, start, end)
    before, after = text[line_start:start], text[end:line_end]
    if not before.strip() and not _has_word(after):
        # The whole line goes, with the blank lines after it.
        stop = line_end
        while stop < len(text):
            next_end = text.find("\n", stop + 1)
            next_end = len(text) if next_end < 0 else next_end
            if text[stop + 1 : next_end].strip():
                return line_start, stop + 1
            stop = next_end
        return line_start, line_end  # last content of the text: see `_at_text_end`
    stop = end
    while stop < line_end and text[stop] in _HORIZONTAL:
        stop += 1
    if stop < line_end and before.strip():
        return start, stop  # "A. B. C." -> "A. C."
    if stop < line_end:
        return start, stop  # at the start of its line, text follows: take the spaces after it
    begin = start
    while begin > line_start and text[begin - 1] in _HORIZONTAL:
        begin -= 1
    return begin, line_end  # last on its line: take the spaces before it


def _at_text_end(text: str, start: int, end: int) -> tuple[int, int]:
    """A deletion that leaves only whitespace after it also takes the whitespace before it,
    keeping the text's final newline if it had one."""
    if text[end:].strip():
        return start, end
    keep = 1 if text.endswith("\n") else 0
    begin = len(text[:start].rstrip())
    return begin, max(begin, len(text) - keep)


def _insertion(text: str, at: int, suggestion: str) -> str:
    """`suggestion` with a space on each side where it would otherwise touch a word."""
    if at > 0 and not text[at - 1].isspace() and not suggestion[:1].isspace():
        suggestion = " " + suggestion
    if at < len(text) and not text[at].isspace() and not suggestion[-1:].isspace():
        suggestion += " "
    return suggestion


def _order(edit: Edit) -> tuple[int, int, int, str, str]:
    rules = ",".join(sorted(f.rule for f in edit.findings))
    return (-edit.rank, edit.start, -(edit.end - edit.start), rules, edit.replacement)


def _conflict(a: Edit, b: Edit) -> bool:
    """Two edits conflict when their ranges share a character, or one inserts inside (or at
    the same point as) the other."""
    if a.start < b.end and b.start < a.end:
        return True
    if a.start == a.end and b.start < a.start < b.end:
        return True
    if b.start == b.end and a.start < b.start < a.end:
        return True
    return a.start == a.end == b.start == b.end


def _merged(deletions: list[Edit]) -> list[Edit]:
    """Overlapping or touching deletions as one."""
    merged: list[Edit] = []
    for edit in sorted(deletions, key=lambda e: (e.start, e.end)):
        if merged and edit.start <= merged[-1].end:
            last = merged[-1]
            merged[-1] = Edit(
                last.start,
                max(last.end, edit.end),
                "",
                last.findings + edit.findings,
                max(last.rank, edit.rank),
            )
        else:
            merged.append(edit)
    return merged


def _merged_deletions(text: str, deletions: list[Edit]) -> list[Edit]:
    """Overlapping or touching deletions as one (each cleaned first), with the end-of-text
    rule, until nothing changes: the rule can widen two deletions to the same range (two
    blank-line deletions before the text's end), which must then be one."""
    merged = _merged(deletions)
    while True:
        widened = [Edit(*_at_text_end(text, e.start, e.end), "", e.findings, e.rank) for e in merged]
        again = _merged(widened)
        if again == merged:
            return again
        merged = again


def plan_edits(
    text: str, findings: Iterable[Finding], level: Severity = Severity.ERROR
) -> tuple[list[Edit], list[Finding]]:
    """The edits to make (in text order) and the findings skipped because they overlap."""
    replacements: dict[tuple[int, int, str], list[Finding]] = {}
    deletions: list[Edit] = []
    skipped: list[Finding] = []
    for finding in sorted(findings, key=finding_order):
        if not fixable(finding, level):
            continue
        span = finding.span
        assert span is not None and finding.suggestion is not None
        if span.end > len(text) or (span.start < span.end and text[span.start : span.end] != finding.text):
            skipped.append(finding)  # the span does not point at its text: never guess
            continue
        if finding.suggestion == "":
            start, end = _deletion_range(text, span.start, span.end)
            deletions.append(Edit(start, end, "", (finding,), finding.severity.rank))
            continue
        replacement = finding.suggestion
        if span.start == span.end:
            replacement = _insertion(text, span.start, replacement)
        replacements.setdefault((span.start, span.end, replacement), []).append(finding)
    candidates = _merged_deletions(text, deletions) + [
        Edit(start, end, replacement, tuple(found), max(f.severity.rank for f in found))
        for (start, end, replacement), found in replacements.items()
    ]
    chosen: list[Edit] = []
    for edit in sorted(candidates, key=_order):
        if any(_conflict(edit, other) for other in chosen):
            skipped.extend(edit.findings)
        else:
            chosen.append(edit)
    chosen.sort(key=lambda e: (e.start, e.end))
    return chosen, sorted(skipped, key=finding_order)


def apply_fixes(text: str, findings: Sequence[Finding], level: Severity = Severity.ERROR) -> FixResult:
    """`text` with the findings' suggestions at or above `level` applied."""
    edits, skipped = plan_edits(text, findings, level)
    pieces: list[str] = []
    position = 0
    for edit in edits:  # in text order, none overlapping
        pieces.append(text[position : edit.start])
        pieces.append(edit.replacement)
        position = edit.end
    pieces.append(text[position:])
    applied = sorted((f for edit in edits for f in edit.findings), key=finding_order)
    return FixResult("".join(pieces), tuple(applied), tuple(skipped))


def unified_diff(before: str, after: str, name: str) -> str:
    """A `diff -u` of the two texts, `a/NAME` and `b/NAME` as git writes them ("" if equal)."""
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), f"a/{name}", f"b/{name}"
    )
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def encode_like(text: str, raw: bytes, encoding: str) -> bytes:
    """`text` (decoded form, `\\n` line endings) as bytes the way the file `raw` was written:
    its encoding and byte-order mark, and CRLF or CR line endings if it used them throughout.
    Raises UnicodeEncodeError when the encoding cannot hold a character of `text`."""
    codec = codecs.lookup(encoding).name
    bom = b""
    if codec.startswith(("utf-16", "utf-32")):
        for mark, name in (
            (codecs.BOM_UTF32_LE, "utf-32-le"),
            (codecs.BOM_UTF32_BE, "utf-32-be"),
            (codecs.BOM_UTF16_LE, "utf-16-le"),
            (codecs.BOM_UTF16_BE, "utf-16-be"),
        ):
            if raw.startswith(mark) and name.startswith(codec[:6]):
                bom, codec = mark, name
                break
    elif codec == "utf-8" and raw.startswith(codecs.BOM_UTF8):
        codec = "utf-8-sig"
    original = raw[len(bom) :].decode(codec, errors="replace")
    lone_lf = original.count("\n") - original.count("\r\n")
    if original.count("\r\n") and not lone_lf:
        text = text.replace("\n", "\r\n")
    elif "\r" in original and "\n" not in original:
        text = text.replace("\n", "\r")
    return bom + text.encode(codec)
