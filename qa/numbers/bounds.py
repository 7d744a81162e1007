"""Which side of a figure a text puts the true value on: "more than 15%", "менее 15%", "两成以上".

A figure can be right and its bound reversed ("more than 15%" for «менее 15%»): the value
matches, so the number check needs the bound beside it. Only explicit bounds count; "about",
«около», 约 are no side, and a translation that drops a bound is not reported (news
translation drops "some" and "about" freely).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qa.numbers.model import Quantity

OVER, UNDER = "over", "under"


@dataclass(frozen=True)
class Bound:
    """A bound of a figure: its side, its words' span (before or after the figure), and how
    English writes that side in the same place ("less than" before, "or less" after)."""

    side: str
    start: int
    end: int
    english: str
    after: bool = False


_HEDGE_EN = r"(?:(?:about|around|some|approximately|roughly)\s+)?"
_EN_BEFORE = re.compile(
    r"\b(?:(?P<over>more than|over|above|at least|in excess of|upwards of|greater than"
    r"|no (?:fewer|less) than)"
    r"|(?P<near>nearly|almost|close to|just under)"
    r"|(?P<under>less than|fewer than|under|below|at most|no more than|not more than))\s+"
    + _HEDGE_EN
    + r"\Z",
    re.IGNORECASE,
)
_EN_AFTER = re.compile(
    r"\A\s+(?:(?P<over>or more|and more|or above|and above)|(?P<under>or less|or fewer|or below))\b"
)
_RU_BEFORE = re.compile(
    r"(?<!\w)(?:(?P<over>более|свыше|больше|не менее|не меньше|как минимум|по меньшей мере|по крайней мере)"
    r"|(?P<near>почти|без малого)"
    r"|(?P<under>менее|меньше|не более|не больше|не свыше))\s+\Z",
    re.IGNORECASE,
)
_RU_AFTER = re.compile(r"\A\s+(?:(?P<over>и более|и больше|и выше)|(?P<under>и менее|и меньше|и ниже))(?!\w)")
_ZH_BEFORE = re.compile(
    r"(?:(?P<over>超过|逾|至少|不少于|不低于|高于|多于|大于)|(?P<near>(?<![最附])近|将近|接近|差不多)"
    r"|(?P<under>不到|不足|少于|低于|不超过|未满|小于))\Z"
)
_ZH_AFTER = re.compile(
    r"\A(?:[个名位人家件项条座艘架辆所起例只头倍层届场批种份台部支处级]?)(?:(?P<over>以上|多)|(?P<under>以下|以内))"
)
_ZH_INSIDE = re.compile(r"[\d一二两三四五六七八九十百千万亿](?:多|余)")

_WINDOW = 24  # characters before a figure searched for its bound


def bound_of(text: str, q: Quantity, lang: str) -> Bound | None:
    """The explicit bound `text` gives the figure `q` (whose span is into `text`), if any."""
    before = text[max(0, q.start - _WINDOW) : q.start]
    after = text[q.end : q.end + _WINDOW]
    offset = max(0, q.start - _WINDOW)
    if lang == "zh":
        pattern, tail = _ZH_BEFORE, _ZH_AFTER
        inside = _ZH_INSIDE.search(q.text)
        if inside:
            return Bound(OVER, q.start + inside.start() + 1, q.start + inside.end(), "or more", after=True)
    elif lang == "ru":
        pattern, tail = _RU_BEFORE, _RU_AFTER
    else:
        pattern, tail = _EN_BEFORE, _EN_AFTER
    m = pattern.search(before)
    if m is not None:
        name = next(group for group in ("over", "near", "under") if m.group(group))
        english = {"over": "more than", "near": "nearly", "under": "less than"}[name]
        return Bound(OVER if name == "over" else UNDER, offset + m.start(name), offset + m.end(name), english)
    m = tail.match(after)
    if m is not None:
        name = "over" if m.group("over") else "under"
        side, english = (OVER, "or more") if name == "over" else (UNDER, "or less")
        return Bound(side, q.end + m.start(name), q.end + m.end(name), english, after=True)
    return None


def english_for(side: str, after: bool, witness: Bound) -> str:
    """How the translation should write `side` where its own bound stands (before or after)."""
    if not after:
        return witness.english if not witness.after else ("more than" if side == OVER else "less than")
    return "or more" if side == OVER else "or less"
