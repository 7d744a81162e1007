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
from bisect import bisect_left
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
# An address: one word holding one of these, or a domain ending after at least one character.
_ADDRESS_MARK = re.compile(r"://|www\.|@", re.IGNORECASE)
_DOMAIN_END = re.compile(r"\.(?:рф|ru|su|com|org|net|cn|中国)\b", re.IGNORECASE)
_SPACE = re.compile(r"\s")
_MARKS = re.compile("|".join(re.escape(mark) for mark in {*_QUOTES, *_QUOTES.values(), "\n"}))
_CLOSING = re.compile(r"\s*\)")
_NAME_CHAR = re.compile(r"[\w'’.-]")


class _Quotes:
    """Where each quotation mark and line break of a text is, so that "is this run between an
    opener and its closer on its line" is a few bisections, not a copy and count of the line
    (a one-line translation with thousands of runs made that quadratic)."""

    def __init__(self, text: str) -> None:
        marks = set(_QUOTES) | set(_QUOTES.values()) | {"\n"}
        self.at: dict[str, list[int]] = {mark: [] for mark in marks}
        for found in _MARKS.finditer(text):
            self.at[found.group()].append(found.start())

    def _line(self, start: int, end: int) -> tuple[int, int]:
        breaks = self.at["\n"]
        before = bisect_left(breaks, start)
        line_start = breaks[before - 1] + 1 if before else 0
        after = bisect_left(breaks, end)
        line_end = breaks[after] if after < len(breaks) else None
        return line_start, line_end if line_end is not None else 1 << 62

    def inside(self, start: int, end: int) -> bool:
        """Whether text[start:end] lies between an opening quotation mark and its closer on one line."""
        line_start, line_end = self._line(start, end)
        for opener, closer in _QUOTES.items():
            opens, closes = self.at[opener], self.at[closer]
            first_open, last_open = bisect_left(opens, line_start), bisect_left(opens, start)
            next_close = bisect_left(closes, end)
            closed_after = next_close < len(closes) and closes[next_close] < line_end
            if opener == closer:
                if (last_open - first_open) % 2 == 1 and closed_after:
                    return True
                continue
            last_close = bisect_left(closes, start)
            opened = opens[last_open - 1] if last_open > first_open else -1
            shut = closes[last_close - 1] if last_close and closes[last_close - 1] >= line_start else -1
            if opened > shut and closed_after:
                return True
        return False


def _is_gloss(text: str, start: int, end: int) -> bool:
    """'Name (Имя)': the run fills a bracket that follows a capitalised Latin name.

    Read backwards from the run, a character at a time, over the bracket and the word before
    it only: a search for the name pattern over the line before the run was quadratic in C
    (10,000 capitalised words before a Han character took 30 s, and no time budget can stop a
    regular expression)."""
    if not _CLOSING.match(text, end):
        return False
    at = _skip_space_back(text, start)
    if at == 0 or text[at - 1] != "(":
        return False
    at = _skip_space_back(text, at - 1)
    capital = False
    while at > 0 and _NAME_CHAR.match(text, at - 1):
        at -= 1
        capital = capital or "A" <= text[at] <= "Z"
    return capital


def _skip_space_back(text: str, at: int) -> int:
    """The start of the white space (not crossing a line break) that ends at `at`."""
    while at > 0 and text[at - 1] != "\n" and text[at - 1].isspace():
        at -= 1
    return at


def _in_address(text: str, start: int, end: int) -> bool:
    """A web or e-mail address keeps its own script: премияарсеньева.рф.

    An address is one unbroken word, so the run must lie in one, and that word (within 100
    characters either side of the run) must hold "://", "www.", "@" or a domain ending. Tested
    on that word with searches that each read it once: `_ADDRESS.finditer` over a long word
    tried every start in it (quadratic, in C, where no time budget can stop it: 20,000
    Han characters in one word took 9 s, the 250 kB input limit ~2 minutes)."""
    if _SPACE.search(text, start, end):
        return False
    low, high = max(0, start - 100), min(len(text), end + 100)
    word_start = start
    while word_start > low and not _SPACE.match(text, word_start - 1):
        word_start -= 1
    after = _SPACE.search(text, end, high)
    word = text[word_start : after.start() if after else high]
    return bool(_ADDRESS_MARK.search(word) or _DOMAIN_END.search(word, 1))


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
        quotes = _Quotes(content)
        kept: dict[str, bool] = {}  # run -> a reference keeps it (one search a distinct run)
        quoted: dict[str, bool] = {}  # run -> the source has it
        for script, pattern in _RUNS:
            for match in pattern.finditer(content):
                run = _squeeze(match.group(0))
                if run not in kept:
                    kept[run] = any(run in ref for ref in refs)
                if kept[run]:
                    continue
                start, end = match.start(), match.end()
                if quotes.inside(start, end):
                    if run not in quoted:
                        quoted[run] = run in source
                    if quoted[run]:
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
