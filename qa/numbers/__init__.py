"""Numbers, dates, times, amounts and units in English, Russian and Chinese text.

`extract(text, lang)` returns non-overlapping `Quantity` objects, each with its exact span
in `text`, normalised so that forms in different languages compare with `equivalent`:

    extract("within thirty days", "en")  -> number 30, unit day
    extract("1,5 млн рублей", "ru")      -> amount 1500000 RUB
    extract("九月十四日", "zh")            -> date month 9, day 14

Why hand-written rules and not a library: no maintained package covers the three languages
with spans, and the check runs on every sentence (the no-model path must stay above 1,000
segments a second), so each front end is a few regular expressions compiled once.
"""

from __future__ import annotations

import re
from dataclasses import replace

from qa.numbers.model import Quantity, equivalent, same_value_other_unit

__all__ = ["Quantity", "equivalent", "extract", "same_value_other_unit"]

# Preference when candidates overlap: longer first, then by kind.
_KIND_RANK = {
    "date": 0,
    "time": 1,
    "amount": 2,
    "percent": 3,
    "year": 4,
    "ordinal": 5,
    "number": 6,
    "weekday": 7,
}
# Days of the week, Monday first. Russian: the weekday forms only ("в среду", not "среда",
# which is also "environment"); Chinese: 星期二, 周二, 礼拜二 (not 周年, 周边: a day must follow).
_WEEKDAYS = {
    "en": re.compile(
        r"\b(?:(?P<d0>Monday)|(?P<d1>Tuesday)|(?P<d2>Wednesday)|(?P<d3>Thursday)"
        r"|(?P<d4>Friday)|(?P<d5>Saturday)|(?P<d6>Sunday))s?\b"
    ),
    "ru": re.compile(
        r"(?<![\w-])(?:(?P<d0>[Пп]онедельник\w*)|(?P<d1>[Вв]торник\w*)"
        r"|(?P<d2>(?<=в )[Сс]реду|[Сс]редам\b)|(?P<d3>[Чч]етверг\w*)|(?P<d4>[Пп]ятниц\w*)"
        r"|(?P<d5>[Сс]уббот\w*)|(?P<d6>[Вв]оскресень[еяю]\w*))"
    ),
    "zh": re.compile(
        r"(?:星期|礼拜|周)(?:(?P<d0>一)|(?P<d1>二)|(?P<d2>三)|(?P<d3>四)|(?P<d4>五)|(?P<d5>六)|(?P<d6>日|天))"
    ),
}
# Quarters of a year ("the first quarter", Q1, 一季度, «в первом квартале»): numbers with the unit
# "quarter", compared only with another quarter. Cumulative ones ("first three quarters",
# 前三季度) are not one quarter.
_QUARTER_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_QUARTER_WORDS |= {
    "перв": 1,
    "втор": 2,
    "трет": 3,
    "четверт": 4,
    "четвёрт": 4,
    "i": 1,
    "ii": 2,
    "iii": 3,
    "iv": 4,
}
_QUARTER_WORDS |= {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_QUARTERS = {
    "en": re.compile(
        r"\b(?P<w>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+quarter\b|\bQ(?P<d>[1-4])\b", re.IGNORECASE
    ),
    "ru": re.compile(
        r"(?<![\w-])(?:(?P<w>перв|втор|трет|четв[её]рт)[а-яё]*|(?P<r>IV|I{1,3})|(?P<d>[1-4])(?:-?[а-я]{1,2})?)\s+квартал",
        re.IGNORECASE,
    ),
    "zh": re.compile(r"(?<![前头])第?(?P<w>[一二三四1-4])季度"),
}


def _quarters(text: str, lang: str) -> list[Quantity]:
    out = []
    pattern = _QUARTERS.get(lang)
    if pattern is None or not any(word in text for word in ("uarter", "Q", "вартал", "季度")):
        return out
    for m in pattern.finditer(text):
        word = (m.group("w") or m.groupdict().get("r") or m.group("d") or "").lower()
        value = _QUARTER_WORDS.get(word)
        if value is not None:
            out.append(Quantity("number", m.start(), m.end(), m.group(0), value=float(value), unit="quarter"))
    return out


# Halves of a year ("the second half of the year", H2, 下半年, «во втором полугодии»): numbers
# with the unit "half-year", compared only with another half. English needs "of" and a year
# after the half ("the second half of the match" is none).
_HALVES = {
    "en": re.compile(
        r"\b(?P<w>first|second|1st|2nd)[\s-]+half(?=\s+of\s+(?:the\s+|this\s+|last\s+|next\s+)?(?:year|\d{4})\b)"
        r"|\bH(?P<d>[12])(?=\s+\d{4}\b)",
        re.IGNORECASE,
    ),
    "ru": re.compile(
        r"(?<![\w-])(?:(?P<w>перв|втор)[а-яё]*|(?P<d>[12])(?:-?[а-я]{1,2})?)\s+"
        r"(?:полугоди\w*|половин\w*(?=\s+(?:(?:этого|текущего|нынешнего|прошлого|следующего)\s+)?(?:года|\d{4})))",
        re.IGNORECASE,
    ),
    "zh": re.compile(r"(?<![前后])(?P<w>上|下)半年"),
}
_HALF_OF = {
    "first": 1,
    "second": 2,
    "1st": 1,
    "2nd": 2,
    "перв": 1,
    "втор": 2,
    "上": 1,
    "下": 2,
    "1": 1,
    "2": 2,
}


def _halves(text: str, lang: str) -> list[Quantity]:
    pattern = _HALVES.get(lang)
    if pattern is None or not any(
        hint in text for hint in ("half", "H1", "H2", "полугоди", "половин", "半年")
    ):
        return []
    out = []
    for m in pattern.finditer(text):
        value = _HALF_OF.get((m.group("w") or m.group("d") or "").lower())
        if value is not None:
            out.append(
                Quantity("number", m.start(), m.end(), m.group(0), value=float(value), unit="half-year")
            )
    return out


# Seasons ("in the spring", весной, 春季): numbers with the unit "season" (1 spring .. 4
# winter), compared only with another season. English needs a preposition or determiner
# before a lower-case season ("the Arab Spring", "a fall in prices" are none).
_SEASON_OF = {"spring": 1, "summer": 2, "autumn": 3, "fall": 3, "winter": 4}
_SEASON_OF |= {"весн": 1, "лет": 2, "осен": 3, "зим": 4, "春": 1, "夏": 2, "秋": 3, "冬": 4}
_SEASONS = {
    "en": re.compile(
        r"\b(?:in|this|last|next|by|until|during|over|since)\s+(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?"
        r"(?P<s>spring|summer|autumn|fall|winter)\b"
    ),
    "ru": re.compile(
        r"(?<![\w-])(?P<s>весн|лет|осен|зим)(?:ой|ом|ою|ью|у|а|е|и|ь|о)(?![\w-])", re.IGNORECASE
    ),
    # 秋冬季 ("autumn and winter") names two seasons: neither is read.
    "zh": re.compile(r"(?<![春夏秋冬])(?P<s>[春夏秋冬])(?:季|天)"),
}
_SEASON_HINTS = ("spring", "summer", "autumn", "fall", "winter", "весн", "лет", "осен", "зим", "季", "天")


def _seasons(text: str, lang: str) -> list[Quantity]:
    pattern = _SEASONS.get(lang)
    if pattern is None or not any(hint in text for hint in _SEASON_HINTS):
        return []
    out = []
    for m in pattern.finditer(text):
        value = _SEASON_OF.get(m.group("s").lower())
        if value is not None:
            start, end = m.span("s") if lang == "en" else m.span()
            out.append(Quantity("number", start, end, text[start:end], value=float(value), unit="season"))
    return out


# The part of a month (11月中旬, "mid-November", "at the end of May"): numbers with the unit
# "month-part" (1 early, 2 middle, 3 late), compared only with another part of a month. The
# month itself stays a date of its own; the span is the part's word ("mid", 中旬), so that a
# changed part and a changed month are reported each where it is written.
_MONTH_WORDS = "January|February|March|April|May|June|July|August|September|October|November|December"
_MONTH_PART_OF = {"early": 1, "mid": 2, "late": 3, "beginning": 1, "start": 1, "middle": 2, "end": 3}
_MONTH_PART_OF |= {"上旬": 1, "初": 1, "中旬": 2, "下旬": 3, "底": 3, "末": 3}
_MONTH_PARTS = {
    "en": re.compile(
        rf"\b(?:(?P<a>[Ee]arly|[Mm]id|[Ll]ate)[\s-]+|the\s+(?P<b>beginning|start|middle|end)\s+of\s+)"
        rf"(?=(?:{_MONTH_WORDS})\b)"
    ),
    # after a month in figures or numerals only: 11月中旬, 十一月底; 初 not in 初步, 初次 ...
    "zh": re.compile(
        r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?P<a>上旬|中旬|下旬|底|末|初(?![步次期见稿审选赛试任]))"
    ),
}


def _month_parts(text: str, lang: str) -> list[Quantity]:
    pattern = _MONTH_PARTS.get(lang)
    if pattern is None or not any(hint in text for hint in ("arly", "id", "ate", " of ", "旬", "月")):
        return []
    out = []
    for m in pattern.finditer(text):
        group = "a" if m.group("a") else "b"
        value = _MONTH_PART_OF[m.group(group).lower()]
        start, end = m.span(group)
        out.append(Quantity("number", start, end, text[start:end], value=float(value), unit="month-part"))
    return out


_RANGE_JOIN = re.compile(
    r"\s*(?:-|–|—|~|～|to|and|or|through|до|и|или|по|至|到|或|和|、)\s*(?:from\s+)?\Z", re.IGNORECASE
)


def extract(text: str, lang: str) -> list[Quantity]:
    """Non-overlapping numeric expressions of `text` in `lang` ("en", "ru" or "zh"), in order."""
    if lang == "ru":
        from qa.numbers import russian as front
    elif lang == "zh":
        from qa.numbers import chinese as front
    else:
        from qa.numbers import english as front
    found = [
        *front.extract(text),
        *_weekdays(text, lang if lang in _WEEKDAYS else "en"),
        *_quarters(text, lang if lang in _QUARTERS else "en"),
        *_seasons(text, lang if lang in _SEASONS else "en"),
        *_halves(text, lang if lang in _HALVES else "en"),
        *_month_parts(text, lang),
    ]
    candidates = sorted(found, key=lambda q: (q.start, -(q.end - q.start), _KIND_RANK[q.kind]))
    chosen: list[Quantity] = []
    taken_until = -1
    for quantity in candidates:
        if quantity.start >= taken_until and quantity.end > quantity.start:
            chosen.append(quantity)
            taken_until = quantity.end
    return _share_across_ranges(text, chosen)


def _weekdays(text: str, lang: str) -> list[Quantity]:
    """Days of the week: "Wednesday" for "Tuesday" (or "вторник", "周二") is a date error."""
    out = []
    for m in _WEEKDAYS[lang].finditer(text):
        day = next(int(name[1]) for name, value in m.groupdict().items() if value is not None)
        out.append(Quantity("weekday", m.start(), m.end(), m.group(0), weekday=day))
    return out


def _share_across_ranges(text: str, quantities: list[Quantity]) -> list[Quantity]:
    """'30-60 days', '$5-6 million', 'September 13 and 14', '13-14 сентября': share unit, scale, month."""
    out = list(quantities)
    for i in range(len(out) - 1):
        left, right = out[i], out[i + 1]
        between = text[left.end : right.start]
        if len(between) > 12 or not _RANGE_JOIN.match(between):
            continue
        if left.kind == "date" and right.kind == "date" and left.month and left.day and right.month is None:
            if right.day is not None:  # 5月16日至17日: the 17th of May too
                out[i + 1] = replace(right, month=left.month, year=right.year or left.year)
            continue
        if left.kind == "date" and right.kind in ("number", "ordinal") and left.month and left.day:
            if right.value is not None and right.value.is_integer() and 1 <= right.value <= 31:
                out[i + 1] = replace(
                    right, kind="date", month=left.month, day=int(right.value), year=left.year
                )
            continue
        if right.kind == "date" and left.kind in ("number", "ordinal") and right.month and right.day:
            if left.value is not None and left.value.is_integer() and 1 <= left.value <= 31:
                out[i] = replace(left, kind="date", month=right.month, day=int(left.value), year=right.year)
            continue
        if right.kind == "time" and left.kind == "number" and left.value is not None and left.unit is None:
            if left.value.is_integer() and 0 <= left.value <= 24:
                out[i] = replace(left, kind="time", hour=int(left.value), minute=0, value=None)
            continue
        if left.is_date or right.is_date or left.value is None or right.value is None:
            continue
        if left.unit is not None and right.unit is not None and left.unit != right.unit:
            continue  # "eight months to 110 billion dollars" is two figures, not a range
        if left.scale == 1.0 and right.scale > 1.0:
            left = replace(left, value=left.value * right.scale, scale=right.scale, approximate=True)
        if left.unit is None and right.unit is not None:
            left = left.with_unit(right.unit)
        elif right.unit is None and left.unit is not None:
            right = right.with_unit(left.unit)
        out[i], out[i + 1] = left, right
    return _year_after_range(text, out)


_YEAR_JOIN = re.compile(r",?\s*\Z")


def _year_after_range(text: str, quantities: list[Quantity]) -> list[Quantity]:
    """'May 16 to 17, 2024': the year closes the range and belongs to its last day (standing
    alone it was compared with nothing: 2024年5月16日至17日 holds no bare year). The first day
    keeps no year, so a wrong year is reported once, where it is written."""
    out: list[Quantity] = []
    for q in quantities:
        if (
            q.kind == "year"
            and out
            and out[-1].kind == "date"
            and out[-1].year is None
            and out[-1].day is not None
            and out[-1].month is not None
            and len(out) >= 2
            and out[-2].kind == "date"
            and out[-2].year is None
            and out[-2].month == out[-1].month
            and _RANGE_JOIN.match(text[out[-2].end : out[-1].start])
            and _YEAR_JOIN.fullmatch(text[out[-1].end : q.start])
        ):
            last = out[-1]
            out[-1] = replace(last, end=q.end, text=text[last.start : q.end], year=q.year)
            continue
        out.append(q)
    return out
