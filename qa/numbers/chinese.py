"""Chinese numeric expressions: Arabic and Chinese numerals (三十, 两百, 3万, 1.5亿, 二〇一七),
dates (2017年9月14日, 九月十四日, 14日), times (15时50分, 下午3点, 15:50), percentages (百分之二十),
currencies (美元, 卢布, 元) and units (天, 个月, 公里, 吨, 千瓦).

Chinese numerals also occur inside ordinary words (一些, 统一, 之一), so a run of numeral
characters counts only when a scale, unit, classifier or date character follows it, or
第 (an ordinal) precedes it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from qa.numbers.model import (
    BASIS_POINT,
    CURRENCIES,
    PERCENT_UNITS,
    PERCENTAGE_POINT,
    TIMES,
    Quantity,
    SuffixTable,
    decade_year,
    from_basis_points,
)

_DIGIT = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_SMALL_UNIT = {"十": 10, "百": 100, "千": 1000}
_BIG_UNIT = {"万": 10_000, "亿": 100_000_000}
_FULLWIDTH = str.maketrans("０１２３４５６７８９．％：", "0123456789.%:")

_CN = r"[零〇一二两三四五六七八九十百千万亿]"
_CN_NUM = rf"[零〇一二两三四五六七八九十]{_CN}*(?:点[零〇一二三四五六七八九]+)?"
_AR_START = r"(?<![\d.A-Za-z])(?<!\d,)(?<![A-Za-z]-)"  # not inside a number or a code: G109, COVID-19
_AR_NUM = rf"{_AR_START}\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|{_AR_START}\d+(?:\.\d+)?"
_NUM = rf"(?:{_AR_NUM}|{_CN_NUM})"
_SCALE = r"(?:万亿|千亿|百亿|十亿|亿|千万|百万|十万|万|千|百)"
_SCALE_FACTOR = {
    "万亿": 1e12,
    "千亿": 1e11,
    "百亿": 1e10,
    "十亿": 1e9,
    "亿": 1e8,
    "千万": 1e7,
    "百万": 1e6,
    "十万": 1e5,
    "万": 1e4,
    "千": 1e3,
    "百": 1e2,
}

_CURRENCY = [
    (r"美元|美金", "USD"),
    (r"欧元", "EUR"),
    (r"卢布", "RUB"),
    (r"英镑", "GBP"),
    (r"日元", "JPY"),
    (r"港元|港币", "HKD"),
    (r"元人民币|人民币|元|块钱", "CNY"),
]
# The suffix 周年 reads its number as an ordinal ("the 75th anniversary"), with no unit.
ANNIVERSARY = "anniversary"
_UNITS = [
    (r"个百分点", PERCENTAGE_POINT),
    (r"%", "%"),
    # 25个基本点 is the long form of 25个基点; 两个基本点 (two basic points, a slogan) is not:
    # `_quantity` keeps the long form as basis points only after a figure in digits.
    (r"个?基本?点", BASIS_POINT),
    (r"天|个?工作日|昼夜", "day"),
    (r"周年", ANNIVERSARY),  # 75周年: the 75th anniversary, not 75 weeks
    (r"周岁", "year"),  # 5周岁: five years old
    (r"周|个?星期|个?礼拜", "week"),
    (r"个月|个多月", "month"),
    (r"年|岁", "year"),
    (r"个?小时|个?钟头", "hour"),
    (r"分钟", "minute"),
    (r"秒钟?", "second"),
    (r"公里|千米", "km"),
    (r"英里", "mile"),
    (r"毫米", "mm"),
    (r"厘米", "cm"),
    (r"立方米", "m3"),
    (r"公顷", "ha"),
    (r"亩", "mu"),
    (r"米", "metre"),
    (r"公斤|千克", "kg"),
    (r"吨", "tonne"),
    (r"千瓦", "kW"),
    (r"兆瓦", "MW"),
    (r"倍", TIMES),
]
_SUFFIXES = SuffixTable(_CURRENCY + _UNITS)
_SUFFIX = _SUFFIXES.pattern
_CLASSIFIER = r"[个名位次人家件项条座艘架辆所起例只头倍层届国场批种份台部支处余多级期轮季集]"

_QUANTITY = re.compile(
    rf"(?P<ord>第)?(?:(?P<cur>美元|人民币|[$€¥£])\s?)?(?P<num>{_NUM})(?:多|余)?(?P<scale>{_SCALE})?"
    r"(?P<rest>(?<=[万亿])\d{1,4}(?![\d.,千百万亿]))?"  # 2万4801 = 24,801
    rf"(?:多|余)?(?:(?P<suffix>{_SUFFIX})|(?P<cls>{_CLASSIFIER}))?"
)
_DATE = re.compile(
    r"(?:(?P<year>\d{4}|[零〇一二三四五六七八九]{4})年)?(?P<month>\d{1,2}|十[一二]?|[一二三四五六七八九])月"
    r"(?:(?P<day>\d{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])[日号])?"
    r"|(?P<yonly>\d{4}|[零〇一二三四五六七八九]{4})年(?!代|来|间|多|内|前|后|里|中|左右)"
    r"|(?<![\d月年])(?P<dayonly>\d{1,2})日(?!元|本|报|内|起|前|后|均)"
)
_TIME = re.compile(
    r"(?P<period>上午|下午|晚上|凌晨|早上|中午|傍晚|晚|早)?(?:(?P<h>\d{1,2})[:：](?P<m>\d{2})"
    r"|(?P<h2>\d{1,2}|[一二三四五六七八九十]{1,3})[时点](?:(?P<m2>\d{1,2}|[一二三四五六七八九十]{1,3})分|半)?)"
)
_DECADE = re.compile(
    r"(?<!\d)(?P<n>[0-9]0)(?:年代|后(?=[^\d天年月日周小分秒个]|$))"
)  # 80年代, 90后: the 1980s, 1990s
# 19世纪: the 1800s; 20世纪60年代: the 1960s
_CENTURY = re.compile(r"(?<!上)(?P<n>\d{1,2}|[一二十]{1,3})世纪(?:(?P<decade>[0-9])0年代)?")
_PERCENT_WORD = re.compile(rf"百分之(?P<num>{_CN_NUM}|\d+(?:\.\d+)?)")
# 三分之二 = 66.67% (百分之 and 千分之 are read as percentages above and left out here).
_FRACTION = re.compile(
    r"(?<![百千万\d])(?P<den>[二三四五六七八九十]|\d)分之(?P<num>[一二三四五六七八九]|\d)(?!\d)"
)
# 四成 = 40%: tenths, common in news; not 成功, 成为, 成立 and the like.
_TENTHS = re.compile(
    r"(?<![一二两三四五六七八九十\d])(?P<num>[一二两三四五六七八九]|\d)成(?![功为立本员都交果绩熟长型就])"
)
# 半年 = half a year, 一年半 = a year and a half.
_HALF = re.compile(
    r"(?:(?P<num>[一二两三四五六七八九十]+|\d+)个?(?P<unit2>年|月|小时)半|半(?P<unit>年|个月|个小时|小时|天))"
)
# Numbered congresses and five-year plans, written without 第: 二十大 (the 20th Party Congress),
# 十九届 (the 19th Central Committee) is read by the classifier rule; 十四五 (the 14th Five-Year
# Plan). Narrow on purpose: 十大 is "top ten", 五大 "five big".
_NAMED_ORDINAL = re.compile(
    r"(?<![一二三四五六七八九十\d])(?P<n>十[一二三四五六七八九]|二十[一二三四五六七八九]?)(?:大(?![学小量多])"
    r"|(?P<plan>五)(?=规划|时期|期间|开局|”|’|」|』|\"|'|\s|$))"
)
_MORE_BEFORE = re.compile(r"(?:增长|增加|提高|上升|上涨|扩大|增|高出|多出|超出|高|多)了?\Z")
_HALF_UNIT = {"年": "year", "个月": "month", "月": "month", "个小时": "hour", "小时": "hour", "天": "day"}


def parse_chinese_numeral(text: str) -> float | None:
    """'三十' -> 30, '两百五' -> 250, '一万二千' -> 12000, '二〇一七' -> 2017, '三点五' -> 3.5."""
    integer, _, fraction = text.partition("点")
    if integer and all(ch in _DIGIT for ch in integer) and len(integer) > 1:
        value = float("".join(str(_DIGIT[ch]) for ch in integer))  # digit by digit: 二〇一七
    else:
        value = _parse_positional(integer)
        if value is None:
            return None
    if fraction:
        if not all(ch in _DIGIT for ch in fraction):
            return None
        value += float("0." + "".join(str(_DIGIT[ch]) for ch in fraction))
    return value


def _parse_positional(text: str) -> float | None:
    total, section, digit = 0.0, 0.0, None
    last_unit = 1
    for ch in text:
        if ch in _DIGIT:
            digit = _DIGIT[ch]
        elif ch in _SMALL_UNIT:
            section += (1 if digit is None else digit) * _SMALL_UNIT[ch]
            last_unit, digit = _SMALL_UNIT[ch], None
        elif ch in _BIG_UNIT:
            section += digit or 0
            total = (total + section) * _BIG_UNIT[ch] if ch == "亿" else total + section * _BIG_UNIT[ch]
            section, digit, last_unit = 0.0, None, 1
        else:
            return None
    if digit is not None:
        # "两百五" is 250: a bare trailing digit continues the last unit.
        section += digit * (last_unit // 10 if last_unit >= 100 and text[-2:-1] not in "零〇" else 1)
    return total + section


def _number(text: str) -> float | None:
    if text[0].isdigit():
        return float(text.replace(",", ""))
    return parse_chinese_numeral(text)


def extract(text: str) -> Iterator[Quantity]:
    """Every numeric expression in Chinese `text`, possibly overlapping (resolved by the caller)."""
    original = text
    if any(ch in text for ch in "０１２３４５６７８９．％："):
        text = text.translate(_FULLWIDTH)  # same length, so spans stay exact
    for quantity in _extract(text):
        yield replace(quantity, text=original[quantity.start : quantity.end])


def _extract(text: str) -> Iterator[Quantity]:
    for m in _DATE.finditer(text):
        if m.group("dayonly"):
            day = int(m.group("dayonly"))
            if 1 <= day <= 31:
                yield Quantity("date", m.start(), m.end(), m.group(0), day=day)
            continue
        if m.group("yonly"):
            year = int(_number(m.group("yonly")) or 0)
            if 1000 <= year <= 2100:
                yield Quantity("year", m.start(), m.end(), m.group(0), value=float(year), year=year)
            continue
        month = _number(m.group("month"))
        day = _number(m.group("day")) if m.group("day") else None
        year = _number(m.group("year")) if m.group("year") else None
        if month is None or not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
            continue
        yield Quantity(
            "date",
            m.start(),
            m.end(),
            m.group(0),
            year=int(year) if year else None,
            month=int(month),
            day=int(day) if day else None,
        )
    for m in _TIME.finditer(text):
        hour = _number(m.group("h") or m.group("h2"))
        minute_text = m.group("m") or m.group("m2")
        minute = _number(minute_text) if minute_text else (30 if m.group(0).endswith("半") else 0)
        if hour is None or minute is None or hour > 24 or minute > 59:
            continue
        bare = not (m.group("period") or minute_text or m.group(0).endswith(("半", "时")))
        if m.group("h2") and bare:
            continue  # "3点" alone is too often not a time ("三点要求" = three points)
        if m.group("period") in ("下午", "晚上", "傍晚", "晚") and hour < 12:
            hour += 12
        yield Quantity("time", m.start(), m.end(), m.group(0), hour=int(hour), minute=int(minute))
    for m in _PERCENT_WORD.finditer(text):
        value = _number(m.group("num"))
        if value is not None:
            yield Quantity("percent", m.start(), m.end(), m.group(0), value=value, unit="%")
    for m in _DECADE.finditer(text):
        year = decade_year(int(m.group("n")))
        yield Quantity("year", m.start(), m.end(), m.group(0), value=float(year), year=year)
    for m in _CENTURY.finditer(text):
        number = _number(m.group("n"))
        if number:
            year = int(number - 1) * 100 + (int(m.group("decade")) * 10 if m.group("decade") else 0)
            yield Quantity("year", m.start(), m.end(), m.group(0), value=float(year), year=year)
    for m in _FRACTION.finditer(text):
        numerator, denominator = _number(m.group("num")), _number(m.group("den"))
        if numerator and denominator and numerator < denominator:
            value = 100 * numerator / denominator
            yield Quantity("percent", m.start(), m.end(), m.group(0), value=value, unit="%", fraction=True)
    for m in _TENTHS.finditer(text):
        value = _number(m.group("num"))
        if value is not None:
            yield Quantity("percent", m.start(), m.end(), m.group(0), value=value * 10, unit="%")
    for m in _HALF.finditer(text):
        whole = _number(m.group("num")) if m.group("num") else 0.0
        unit = _HALF_UNIT[m.group("unit") or m.group("unit2")]
        if whole is not None:
            yield Quantity("number", m.start(), m.end(), m.group(0), value=whole + 0.5, unit=unit)
    for m in _NAMED_ORDINAL.finditer(text):
        value = _number(m.group("n"))
        if value is not None:
            end = m.end("n")
            yield Quantity("ordinal", m.start(), end, text[m.start() : end], value=value)
    for m in _QUANTITY.finditer(text):
        quantity = _quantity(m)
        if quantity is not None:
            yield quantity


def _quantity(m: re.Match[str]) -> Quantity | None:
    number_text = m.group("num")
    chinese = not number_text[0].isdigit()
    scale_text = m.group("scale")
    if chinese and scale_text:
        number_text, scale_text = number_text + scale_text, None  # 三百万 parses as one numeral
    anchored = m.group("ord") or m.group("scale") or m.group("suffix") or m.group("cls") or m.group("cur")
    if chinese and not anchored:
        return None  # 一些, 统一, 之一: numeral characters inside ordinary words
    if (
        chinese
        and re.fullmatch(r"[一二三四五六七八九]{2}[十百千万]?", number_text)
        and len(set(number_text[:2])) == 2
    ):
        return None  # 五六百: "five or six hundred", an estimate, not a figure
    if not chinese and not anchored and m.string[m.end() : m.end() + 1] == "后":
        return None  # 90后: the generation born in the 1990s
    value = _number(number_text)
    if value is None:
        return None
    scale = _SCALE_FACTOR[scale_text] if scale_text else 1.0
    value *= scale
    if m.group("rest") and not chinese:
        value += float(m.group("rest"))  # a precise figure written with 万: 2万4801
        scale, scale_text = 1.0, None
    unit = _SUFFIXES.unit_of(m) if m.group("suffix") else None
    if unit == BASIS_POINT and chinese and "本" in m.group("suffix"):
        unit = None  # 两个基本点: "two basic points", a count of principles, not a rate change
    currency = {"美元": "USD", "人民币": "CNY", "$": "USD", "€": "EUR", "¥": "CNY", "£": "GBP"}.get(
        m.group("cur") or ""
    )
    unit = currency or unit
    start = m.start("num") if not (m.group("cur") or m.group("ord")) else m.start()
    end = m.end()
    text = m.string[start:end]
    if m.group("ord") or unit == ANNIVERSARY:
        return Quantity("ordinal", start, end, text, value=value)  # 第三 is never anything but "third"
    if unit == "year" and 1000 <= value <= 2100 and not chinese and not scale_text:
        return Quantity("year", start, end, text, value=value, year=int(value))
    value, unit = from_basis_points(value, unit)
    alt_value = None
    if unit == TIMES and _MORE_BEFORE.search(m.string, max(0, start - 4), start):
        alt_value = value + 1  # 增长1.5倍: "grew 1.5 times" or "by 150%", i.e. 2.5 times: either
    kind = "amount" if unit in CURRENCIES else ("percent" if unit in PERCENT_UNITS else "number")
    if not chinese and unit is None and not scale_text and re.fullmatch(r"1\d{3}|20\d{2}", number_text):
        return Quantity("year", start, end, text, value=value, year=int(value))
    has_scale_char = chinese and any(ch in "万亿" for ch in number_text)
    weak = chinese and unit is None and value <= 10
    return Quantity(
        kind,
        start,
        end,
        text,
        value=value,
        unit=unit,
        alt_value=alt_value,
        weak=weak,
        approximate=scale > 1.0 or has_scale_char,
        scale=scale if scale > 1.0 else (1e4 if has_scale_char else 1.0),
    )
