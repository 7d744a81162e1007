"""I101: bytes of an input file that were not valid UTF-8 and were replaced by U+FFFD.

`qa.io.decode` reads a file that is UTF-8 but for a few bytes as UTF-8, each invalid sequence
replaced by U+FFFD, instead of guessing a code page that would turn the whole text into
mojibake. The text around a replacement may be damaged (a name cut in half), so the reader
is told: one finding per run of replacements in the translation, at its position, and one per
other input text (reference, source, pivot) that has any.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from qa.checks.interface import CheckContext
from qa.document import AlignedDocument, Finding, Text
from qa.rules import finding_at

_REPLACED = re.compile("\ufffd+")


class EncodingCheck:
    name = "encoding"
    rules = ("I101",)

    def run(self, doc: AlignedDocument, context: CheckContext) -> Iterable[Finding]:
        hyp = doc.doc.hyp
        for match in _REPLACED.finditer(hyp.content):
            count = match.end() - match.start()
            yield finding_at(
                "I101",
                hyp,
                match.start(),
                match.end(),
                f"{count} character(s) of the translation could not be read (invalid bytes, replaced "
                "by U+FFFD); check the file's encoding and the words around them",
            )
        others: list[tuple[str, Text]] = [("reference", ref) for ref in doc.doc.refs]
        others += [(role, text) for role, text in (("source", doc.doc.src), ("pivot", doc.doc.pivot)) if text]
        for role, text in others:
            count = text.content.count("\ufffd")
            if count:
                yield finding_at(
                    "I101",
                    hyp,
                    None,
                    None,
                    f"{count} character(s) of the {role} could not be read (invalid bytes, replaced by "
                    "U+FFFD); comparisons near them may be wrong",
                    evidence=[(role, text.path or "")],
                )
