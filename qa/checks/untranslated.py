"""U101: source-script text (Cyrillic, Han) left in the English translation.

A run of Cyrillic or Chinese characters in the English output is almost always a word the
system did not translate. Three cases keep such text on purpose and are not reported:
- a reference keeps the same text (the house style or the quote wants it);
- the run is inside quotation marks and the source (or the pivot, when there is no source or
  reference) quotes the same words (a quoted slogan or title given in the original);
- the run is a parenthetical gloss of a name just before it: "Kommersant (Коммерсантъ)".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from anyascii import anyascii

from qa.checks.interface import CheckContext
from qa.document import AlignedDocument, Finding, Text
from qa.rules import finding_at

_CYRILLIC = r"\u0400-\u052f\u1c80-\u1c8f\u2de0-\u2dff\ua640-\ua69f"
# U+4E28 丨 is a Han character used as a separator in headlines ("新闻丨..."), not a word.
_HAN = r"\u3400-\u4dbf\u4e00-\u4e27\u4e29-\u9fff\uf900-\ufaff\U00020000-\U0002ebef"
_CJK_PUNCTUATION = r"\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\u00b7"
# A run: script characters, joined by spaces, hyphens and (for Chinese) CJK punctuation.
_RUNS = (
    ("Cyrillic", re.compile(rf"[{_CYRILLIC}]+(?:[\s\-‐.'’]+[{_CYRILLIC}]+)*")),
    ("Chinese", re.compile(rf"[{_HAN}]+(?:[\s{_CJK_PUNCTUATION}]*[{_HAN}]+)*")),
)
_QUOTES = {'"': '"', "“": "”", "«": "»", "„": "“", "「": "」", "『": "』", "‘": "’"}
_ADDRESS = re.compile(r"\S*(?:://|www\.|@)\S*|\S+\.(?:рф|ru|su|com|org|net|cn|中国)\b\S*", re.IGNORECASE)
_GLOSS_BEFORE = re.compile(r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*\s*\(\s*\Z")


def _inside_quotes(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] lies between an opening quotation mark and its closer on one line."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    before, after = text[line_start:start], text[end:line_end]
    for opener, closer in _QUOTES.items():
        if opener == closer:
            if before.count(opener) % 2 == 1 and opener in after:
                return True
        elif before.rfind(opener) > before.rfind(closer) and closer in after:
            return True
    return False


def _is_gloss(text: str, start: int, end: int) -> bool:
    """'Name (Имя)': the run fills a bracket that follows a capitalised Latin name."""
    line_start = text.rfind("\n", 0, start) + 1
    return bool(_GLOSS_BEFORE.search(text[line_start:start])) and text[end:].lstrip().startswith(")")


def _in_address(text: str, start: int, end: int) -> bool:
    """A web or e-mail address keeps its own script: премияарсеньева.рф."""
    return any(
        m.start() <= start and end <= m.end() for m in _ADDRESS.finditer(text, max(0, start - 100), end + 100)
    )


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


class UntranslatedCheck:
    """Cyrillic or Chinese left in an English translation."""

    name = "untranslated"
    rules = ("U101",)

    def run(self, doc: AlignedDocument, context: CheckContext | None = None) -> Iterable[Finding]:
        hyp = doc.doc.hyp
        if hyp.lang not in ("en", "", None):
            return []
        content = hyp.content
        refs = [_squeeze(ref.content) for ref in doc.doc.refs]
        # the source, or the pivot standing in for a missing one (`AlignedDocument.source`)
        source = _squeeze(doc.source.content) if doc.source is not None else ""
        findings = []
        for script, pattern in _RUNS:
            for match in pattern.finditer(content):
                run = _squeeze(match.group(0))
                if any(run in ref for ref in refs):
                    continue
                start, end = match.start(), match.end()
                if _inside_quotes(content, start, end) and run in source:
                    continue
                if _is_gloss(content, start, end) or _in_address(content, start, end):
                    continue
                findings.append(self._finding(hyp, start, end, script))
        return sorted(findings, key=Finding.sort_key)

    @staticmethod
    def _finding(hyp: Text, start: int, end: int, script: str) -> Finding:
        text = hyp.content[start:end]
        evidence = (("script", script), ("romanised", anyascii(text).strip()))
        return finding_at(
            "U101",
            hyp,
            start,
            end,
            f'{script} text left untranslated: "{text}"',
            _suggestion(text, script),
            evidence,
        )


def _suggestion(text: str, script: str) -> str | None:
    """A Cyrillic proper name (every word capitalised: Нагатино-Садовники) romanised as English
    news writes such names; ordinary words need a translation, which only a person can give."""
    words = re.split(r"[\s\-‐]+", text.strip())
    if script != "Cyrillic" or len(words) > 4 or not all(w[:1].isupper() for w in words if w):
        return None
    from qa.names.romanize import romanize

    return romanize(text, "wikipedia")
