"""Errors that end a run (or one document of a batch) with a one-line message and exit 2.

Also the one place that makes input text safe to print. A gate runs in CI logs, where a line
that starts (after its indent) with `::` or contains `##[` is a GitHub Actions workflow
command, and on terminals, where ESC, other C0/C1 controls and bidi overrides rewrite what
the reader sees. File names, manifest keys, ids and translation text are all input, so
everything of theirs that reaches stdout or stderr goes through `quote`, `printable` or
`log_safe` first.
"""

from __future__ import annotations

import re

# C0 and C1 controls (tab and newline included: a name or a message is one line), DEL, bidi
# embeddings, overrides and isolates, marks, line and paragraph separators, and the BOM.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# "##[" anywhere in a line is a v1 workflow command to the Actions runner; "::" after the
# indent is a v2 one.
_V1_COMMAND = "##["
_V1_COMMAND_ESCAPED = "##\\["
# A runner splits lines at CR and LF; every other Unicode line boundary (VT, FF, NEL, U+2028,
# ...) is treated as one too, to be safe with any log viewer.
_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
_V2_COMMAND_START = re.compile(rf"(?:\A|(?<=[{_BREAKS}]))([^\S{_BREAKS}]*)(?=::)")
_V2_COMMAND_FIRST_COLON = re.compile(rf"(?:\A|(?<=[{_BREAKS}]))([^\S{_BREAKS}]*):(?=:)")


def _escape(ch: str) -> str:
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """Free text (a message, a sentence) as one harmless line: controls, bidi overrides and
    line breaks shown as escapes (`\\n`, `\\x1b`, `\\u202e`), workflow-command markers broken."""
    return log_safe(_UNSAFE.sub(lambda m: _escape(m.group()), text))


def quote(name: str) -> str:
    """A file name, path, key or id to show in a message: as is when harmless, else quoted
    repr-style (`'a\\n::error::x'`) so that nobody can mistake where it ends."""
    if not _UNSAFE.search(name) and _V1_COMMAND not in name and not name.lstrip().startswith("::"):
        return name
    body = name.replace("\\", "\\\\").replace("'", "\\'")
    return "'" + log_safe(_UNSAFE.sub(lambda m: _escape(m.group()), body)) + "'"


def escape_controls(text: str, keep: str = "") -> str:
    """Controls, bidi overrides and separators as escapes, except the characters in `keep`."""
    return _UNSAFE.sub(lambda m: m.group() if m.group() in keep else _escape(m.group()), text)


def log_safe(text: str) -> str:
    """Text (one line or several) in which no line is a GitHub Actions workflow command.

    A line whose first non-blank characters are `::` gets a backslash before them, and `##[`
    becomes `##\\[`; nothing else changes. Renderers that write workflow commands on purpose
    (`--format github`) add those lines after this.
    """
    return _V2_COMMAND_START.sub(r"\1\\", text.replace(_V1_COMMAND, _V1_COMMAND_ESCAPED))


def json_log_safe(serialised: str) -> str:
    """Serialised JSON in which `##[` (only ever inside a string) is written `#\\u0023[` and
    Unicode line breaks as `\\u` escapes: the same value to every JSON reader, no workflow
    command to a runner printing the report."""
    serialised = serialised.replace(_V1_COMMAND, "#\\u0023[")
    # json.dumps(ensure_ascii=False) leaves NEL, U+2028 and U+2029 raw: line breaks to some
    # readers, where the text after them would start a line.
    return serialised.replace("\x85", "\\u0085").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def markup_log_safe(serialised: str) -> str:
    """Serialised XML or HTML (text and attribute values only) with `##[` written `#&#35;[`
    and a line-leading `::` written `&#58;:`: the same document, no workflow command."""
    return _V2_COMMAND_FIRST_COLON.sub(r"\1&#58;", serialised.replace(_V1_COMMAND, "#&#35;["))


def is_workflow_command(line: str) -> bool:
    """Whether a GitHub runner would read this output line as a workflow command."""
    return line.lstrip().startswith("::") or _V1_COMMAND in line


class QaError(Exception):
    """A usage or input problem the user can fix; never shown with a traceback."""

    def __init__(self, message: str, path: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        message = printable(self.message)
        return f"{quote(self.path)}: {message}" if self.path else message


class InputError(QaError):
    """An input file or manifest that cannot be read or decoded."""


class ConfigError(QaError):
    """A configuration key with a wrong name, type or value."""
