"""C102 for a sentence the translation says twice where the source or reference says it once.

A paragraph pasted twice, or a CAT tool's segment repeated, matches its counterpart both
times, so the alignment-based addition test (`qa.checks.coverage`) sees nothing added, and
chrF against a reference barely moves. Counting is what tells: the translation repeats a
sentence word for word more often than the text it is compared with repeats any of its own.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from qa.checks.interface import CheckContext
from qa.document import AlignedDocument, Finding, Text
from qa.rules import finding_at

# A sentence this short repeats legitimately ("He declined.", "Photo: Reuters").
MIN_WORDS = 5
_WORD = re.compile(r"\w+")


def _key(sentence: str) -> str:
    return " ".join(_WORD.findall(sentence.lower()))


def _repeats(text: Text) -> int:
    """How many sentences of a text repeat an earlier one (any language: same characters)."""
    counts = Counter(_key(s.text) for s in text.sentences if s.text.strip())
    return sum(n - 1 for key, n in counts.items() if key)


class RepetitionCheck:
    """C102: a sentence repeated in the translation that the other texts do not repeat."""

    name = "repetition"
    rules = ("C102",)

    def run(self, doc: AlignedDocument, context: CheckContext) -> Iterable[Finding]:
        others = [a.other for a in doc.ref_alignments]
        if doc.source is not None:
            others.append(doc.source)
        if not others:
            return  # nothing says how often the story says it
        hyp = doc.doc.hyp
        first_seen: dict[str, int] = {}
        repeated = []
        for sentence in hyp.sentences:
            key = _key(sentence.text)
            if len(key.split()) < MIN_WORDS:
                continue
            if key in first_seen:
                repeated.append((sentence, first_seen[key]))
            else:
                first_seen[key] = sentence.index
        if not repeated or any(_repeats(other) >= len(repeated) for other in others):
            return
        where = "the reference" if doc.ref_alignments else f"the {doc.src_role}"
        for sentence, earlier in repeated:
            line = hyp.span(hyp.sentences[earlier].start, hyp.sentences[earlier].end).line
            message = (
                f"repeated content: this sentence repeats line {line} word for word, which {where} says once"
            )
            yield finding_at(
                "C102",
                hyp,
                sentence.start,
                sentence.end,
                message,
                "",
                (("repeats", hyp.sentences[earlier].text),),
            )
