"""Synthetic critical errors on training-year translations, for the fidelity estimator.

MQM-error-free MT outputs of newstest2020/2021 zh-en (MQM = 0) get one meaning-breaking
edit each, seeded: a number changed, a name (capitalised word inside the sentence) replaced
by another name of the same corpus or removed, a negation added or removed, or a word swapped
for its antonym. The edited sentence is a new training item of the same source segment with
MQM -5 (one major accuracy error in MQM's weights), so the ranking loss sees it below its
clean original, and the estimator's sentence score learns what a single critical error looks
like in an otherwise faithful sentence: the F101 line then has something to catch.
Nothing here reads DEMETR or WMT22; the kinds of edit follow DEMETR's description of
critical errors (numbers, named entities, negation, antonyms).
"""

from __future__ import annotations

import random
import re
from dataclasses import replace

from fidelity_common import Item

MAJOR = -5.0  # MQM weight of one major error
_NUMBER = re.compile(r"\b\d+(?:[.,]\d+)*\b")
_NAME = re.compile(r"(?<=\w )(?:[A-Z][a-z]+)(?: [A-Z][a-z]+)*")
_AUXILIARY = re.compile(r"\b(is|are|was|were|will|can|could|would|should|has|have|had|does|did|do)\b")
_NEGATED = re.compile(
    r"\b(?:(is|are|was|were|will|can|could|would|should|has|have|had|does|did|do) not|never)\b"
)
ANTONYMS = {
    "increase": "decrease",
    "increased": "decreased",
    "rise": "fall",
    "rose": "fell",
    "raise": "cut",
    "raised": "cut",
    "higher": "lower",
    "more": "less",
    "before": "after",
    "won": "lost",
    "win": "lose",
    "support": "oppose",
    "supported": "opposed",
    "allow": "ban",
    "allowed": "banned",
    "open": "closed",
    "opened": "closed",
    "accept": "reject",
    "accepted": "rejected",
    "agree": "disagree",
    "success": "failure",
    "strong": "weak",
    "large": "small",
    "first": "last",
    "increasing": "decreasing",
    "positive": "negative",
    "expand": "reduce",
    "start": "end",
    "started": "ended",
}
ANTONYMS |= {b: a for a, b in list(ANTONYMS.items()) if b not in ANTONYMS}
_ANTONYM = re.compile(r"\b(" + "|".join(sorted(ANTONYMS, key=len, reverse=True)) + r")\b")
KINDS = ("number", "name_replaced", "name_removed", "negation", "antonym")


def _number(text: str, rng: random.Random) -> str | None:
    found = list(_NUMBER.finditer(text))
    if not found:
        return None
    m = rng.choice(found)
    digits = m.group().replace(",", "")
    try:
        value = float(digits)
    except ValueError:
        return None
    new = value * rng.choice((2, 3, 10, 0.5)) + rng.choice((0, 1, 7))
    shown = str(int(new)) if "." not in digits else f"{new:.{len(digits.split('.')[1])}f}"
    if shown == m.group():
        return None
    return text[: m.start()] + shown + text[m.end() :]


def _names(text: str) -> list[re.Match[str]]:
    return [m for m in _NAME.finditer(text) if m.group() not in ("I",)]


def _name_replaced(text: str, rng: random.Random, pool: list[str]) -> str | None:
    found = _names(text)
    if not found or not pool:
        return None
    m = rng.choice(found)
    other = rng.choice(pool)
    if other == m.group():
        return None
    return text[: m.start()] + other + text[m.end() :]


def _name_removed(text: str, rng: random.Random) -> str | None:
    found = _names(text)
    if not found:
        return None
    m = rng.choice(found)
    return re.sub(r"\s{2,}", " ", text[: m.start()] + text[m.end() :]).strip()


def _negation(text: str, rng: random.Random) -> str | None:
    negated = list(_NEGATED.finditer(text))
    if negated:
        m = rng.choice(negated)
        kept = m.group(1) or "always"
        return text[: m.start()] + kept + text[m.end() :]
    found = list(_AUXILIARY.finditer(text))
    if not found:
        return None
    m = rng.choice(found)
    return text[: m.end()] + " not" + text[m.end() :]


def _antonym(text: str, rng: random.Random) -> str | None:
    found = list(_ANTONYM.finditer(text))
    if not found:
        return None
    m = rng.choice(found)
    return text[: m.start()] + ANTONYMS[m.group()] + text[m.end() :]


def perturb(text: str, kind: str, rng: random.Random, pool: list[str]) -> str | None:
    """`text` with one edit of `kind`, or None when the sentence offers none."""
    if kind == "number":
        out = _number(text, rng)
    elif kind == "name_replaced":
        out = _name_replaced(text, rng, pool)
    elif kind == "name_removed":
        out = _name_removed(text, rng)
    elif kind == "negation":
        out = _negation(text, rng)
    else:
        out = _antonym(text, rng)
    return out if out and out != text else None


def synthetic_items(items: list[Item], seed: int, limit: int) -> list[Item]:
    """Up to `limit` edited copies of error-free items (MQM 0), one edit each, kinds in turn
    (a sentence that offers none of the current kind tries the next)."""
    rng = random.Random(seed)
    pool = sorted({m.group() for i in items for m in _names(i.segment.hyp)})
    clean = [i for i in items if i.score == 0 and i.segment.hyp.strip()]
    rng.shuffle(clean)
    out: list[Item] = []
    for index, item in enumerate(clean):
        if len(out) >= limit:
            break
        for step in range(len(KINDS)):
            kind = KINDS[(index + step) % len(KINDS)]
            edited = perturb(item.segment.hyp, kind, rng, pool)
            if edited is not None:
                segment = replace(item.segment, hyp=edited)
                out.append(Item(item.line, f"{item.system}+{kind}", segment, item.score + MAJOR))
                break
    return out
