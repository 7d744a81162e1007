"""Russian numeric expressions: digits (decimal comma, spaced thousands), number words in
their case forms, тыс./млн/млрд, валюты, units, dates ("14 сентября 2017 года") and times.

Case endings are matched by stems ("тридцат(ь|и|ью)"), which covers the forms news text
uses without a morphological analyser, so extraction stays a handful of compiled regexes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from qa.numbers.model import (
    BASIS_POINT,
    CURRENCIES,
    PERCENT_UNITS,
    PERCENTAGE_POINT,
    TIMES,
    Quantity,
    SuffixTable,
    compound_figures,
    decade_year,
    from_basis_points,
)

# The first three letters tell the month in every case form and abbreviation (мая, мае, май).
_MONTH_PREFIXES = {
    "янв": 1,
    "фев": 2,
    "мар": 3,
    "апр": 4,
    "мая": 5,
    "мае": 5,
    "май": 5,
    "маю": 5,
    "июн": 6,
    "июл": 7,
    "авг": 8,
    "сен": 9,
    "окт": 10,
    "ноя": 11,
    "дек": 12,
}
_MONTH_GENITIVE = (
    r"(?:январ[яе]|феврал[яе]|марта|марте|апрел[яе]|ма[яе]|июн[яе]|июл[яе]|августа|августе"
    r"|сентябр[яе]|октябр[яе]|ноябр[яе]|декабр[яе]"
    r"|(?:янв|фев|февр|мар|апр|авг|сен|сент|окт|ноя|нояб|дек)\.)"
)
_MONTH_ANY = (
    r"(?:январ[ьяеюм]\w*|феврал\w*|март\w*|апрел\w*|ма[йяеюм]|июн\w*|июл\w*|август\w*"
    r"|сентябр\w*|октябр\w*|ноябр\w*|декабр\w*)"
)

# Number words by stem; the endings cover the six cases. Longest alternatives first.
_WORD_VALUES: list[tuple[str, float]] = [
    (r"одиннадцат(?:ь|и|ью)", 11),
    (r"двенадцат(?:ь|и|ью)", 12),
    (r"тринадцат(?:ь|и|ью)", 13),
    (r"четырнадцат(?:ь|и|ью)", 14),
    (r"пятнадцат(?:ь|и|ью)", 15),
    (r"шестнадцат(?:ь|и|ью)", 16),
    (r"семнадцат(?:ь|и|ью)", 17),
    (r"восемнадцат(?:ь|и|ью)", 18),
    (r"девятнадцат(?:ь|и|ью)", 19),
    (r"двадцат(?:ь|и|ью)", 20),
    (r"тридцат(?:ь|и|ью)", 30),
    (r"сорок(?:а)?", 40),
    (r"пят(?:ь|и)десят(?:и)?|пятьюдесятью", 50),
    (r"шест(?:ь|и)десят(?:и)?|шестьюдесятью", 60),
    (r"сем(?:ь|и)десят(?:и)?|семьюдесятью", 70),
    (r"восем(?:ь)?десят(?:и)?|восьмидесяти|восьмьюдесятью", 80),
    (r"девяност(?:о|а)", 90),
    (r"двест(?:и)|двухсот\w*", 200),
    (r"трист(?:а)|трехсот\w*|трёхсот\w*", 300),
    (r"четырест(?:а)|четырехсот\w*|четырёхсот\w*", 400),
    (r"пятьсот|пятисот\w*", 500),
    (r"шестьсот|шестисот\w*", 600),
    (r"семьсот|семисот\w*", 700),
    (r"восемьсот|восьмисот\w*", 800),
    (r"девятьсот|девятисот\w*", 900),
    (r"ст(?:о|а)", 100),
    (r"полтор(?:а|ы)|полутора", 1.5),
    (r"один|одна|одно|одного|одной|одному|одним|одну", 1),
    # collective numerals: двое суток (two days), трое детей
    (r"дво(?:е|их|им|ими)", 2),
    (r"тро(?:е|их|им|ими)", 3),
    (r"четвер(?:о|ых|ым|ыми)", 4),
    (r"пятер(?:о|ых|ым|ыми)", 5),
    (r"шестер(?:о|ых|ым|ыми)", 6),
    (r"семер(?:о|ых|ым|ыми)", 7),
    (r"дв(?:а|е|ух|ум|умя)", 2),
    (r"тр(?:и|ех|ёх|ем|ём|емя)", 3),
    (r"четыр(?:е|ех|ёх|ем|ём|ьмя)", 4),
    (r"пят(?:ь|и|ью)", 5),
    (r"шест(?:ь|и|ью)", 6),
    (r"сем(?:ь|и|ью)", 7),
    (r"восем(?:ь|ью)|восьм(?:и|ью)", 8),
    (r"девят(?:ь|и|ью)", 9),
    (r"десят(?:ь|и|ью)", 10),
]
_WORD_COMPILED = [(re.compile(pattern + r"\Z"), value) for pattern, value in _WORD_VALUES]
_NUMBER_WORD = "|".join(f"(?:{pattern})" for pattern, _ in _WORD_VALUES)
_SCALE_WORD = r"тысяч\w*|тыс\.?|миллион\w*|млн\.?|миллиард\w*|млрд\.?|триллион\w*|трлн\.?"
_SCALES = (
    ("тыс", 1e3),
    ("млн", 1e6),
    ("миллион", 1e6),
    ("млрд", 1e9),
    ("миллиард", 1e9),
    ("трлн", 1e12),
    ("триллион", 1e12),
)

_CURRENCY = [
    (r"(?:долл\.|доллар\w*)(?:\s+США)?|\$", "USD"),
    (r"евро|€", "EUR"),
    (r"руб\.?|рубл\w*|₽", "RUB"),
    (r"юан\w*", "CNY"),
    (r"фунт\w*(?:\s+стерлингов)?", "GBP"),
    (r"иен\w*", "JPY"),
]
_UNITS = [
    (r"процентн\w*\s+пункт\w*|п\.\s?п\.", PERCENTAGE_POINT),
    (r"%|процент\w*", "%"),
    (r"базисн\w*\s+пункт\w*|б\.\s?п\.", BASIS_POINT),
    (r"дн(?:я|ей|ям|ями|ях)|день|сут(?:ки|ок|кам)", "day"),
    (r"недел\w+", "week"),
    (r"месяц\w*|мес\.", "month"),
    (r"лет|год(?:а|у|ом|ам|ами|ах)?(?!\w)", "year"),  # к девяти годам, с годами
    (r"десятилети\w+", "decade"),
    (r"час(?:а|ов|ам)?(?!\w)|ч\.", "hour"),
    (r"минут\w*|мин\.", "minute"),
    (r"секунд\w*|сек\.", "second"),
    (r"км|километр\w*", "km"),
    (r"миль|мил[ия]", "mile"),
    (r"фут(?:а|ов|ам|ами|ах)?(?!\w)", "foot"),
    (r"дюйм(?:а|ов|ам|ами|ах)?(?!\w)", "inch"),
    (r"мм|миллиметр\w*", "mm"),
    (r"см|сантиметр\w*", "cm"),
    (r"кубометр\w*|куб(?:ических|\.)\s?м(?:етр\w*|\.)?|м3|м³", "m3"),
    (r"гектар\w*|га", "ha"),
    (r"метр\w*|м(?!\w)", "metre"),
    (r"кг|килограмм\w*", "kg"),
    (r"тонн\w*|т\.", "tonne"),
    (r"кВт|киловатт\w*", "kW"),
    (r"МВт|мегаватт\w*", "MW"),
    (r"ГВт|гигаватт\w*", "GW"),
    (r"раза?", TIMES),
]
_SUFFIXES = SuffixTable(_CURRENCY + _UNITS)
_SUFFIX = _SUFFIXES.pattern

_SPACE = r"[ \u00a0\u202f]"
_DIGITS = (
    r"(?<![\w.,])(?<![A-Za-zА-Яа-яЁё]-)"  # not inside a code: Covid-19, Су-57
    rf"(?:\d{{1,3}}(?:{_SPACE}\d{{3}})+(?![\d])(?:,\d+)?|\d+(?:[.,]\d+)?)(?![\w]\d)(?![.,]\d)"
)
_RU_TAIL = (
    rf"(?:\s?(?P<scale>{_SCALE_WORD})(?<!\.)(?:\.|(?!\w)))?"
    rf"(?:(?P<gap>\s|-|\s?(?=%))(?P<suffix>{_SUFFIX})(?!\w))?"
)
_WORD_RUN = rf"(?<!\w)(?:{_NUMBER_WORD})(?:\s+(?:{_NUMBER_WORD}))*(?:\s+с\s+половиной)?(?!\w)"
_QUANTITY = re.compile(
    rf"(?:(?P<cur>[$€₽])\s?)?(?:(?P<digits>{_DIGITS})|(?P<words>{_WORD_RUN})){_RU_TAIL}", re.IGNORECASE
)
# полмиллиона, полумиллиарда рублей: half of a scale word, written as one word.
_HALF_SCALE = re.compile(
    rf"(?<!\w)полу?(?P<scale>тысяч|миллион|миллиард|триллион)\w*(?:\s(?P<suffix>{_SUFFIX})(?!\w))?",
    re.IGNORECASE,
)
# Without number words, for the sentences that have none (decided by `_WORD_STARTS`): faster.
_QUANTITY_DIGITS = re.compile(
    rf"(?:(?P<cur>[$€₽])\s?)?(?P<digits>{_DIGITS})(?P<words>(?!)x)?{_RU_TAIL}", re.IGNORECASE
)
# First three letters of every number word form (сто/ста also start стол, стал: a cheap, loose gate).
_WORD_STARTS = frozenset(
    "оди одн два две дву дво три тре трё тро чет пят шес сем вос вов дев дес сор сто ста пол".split()
)
_CYRILLIC_TOKENS = re.compile(r"[а-яё]+", re.IGNORECASE)
# A month without a day is a date after a word that names a time in or around it: «в марте»,
# «в конце марта», «до мая», «с июня», «к сентябрю» (a month's name alone may be a title).
_MONTH_AFTER_WORDS = "в во конце начале середине конца начала середины до с со после к".split()
_MONTH_AFTER = "(?:" + "|".join(rf"(?<={word}\s)" for word in _MONTH_AFTER_WORDS) + ")"
_DATE = re.compile(
    rf"(?<![\w.])(?:(?P<day>\d{{1,2}})(?:-?(?:го|е|ое))?\s+(?P<month>{_MONTH_GENITIVE})"
    rf"(?:\s+(?P<year>\d{{4}})(?:\s*(?:год\w*|г\.?))?)?"
    rf"|(?P<d>\d{{1,2}})\.(?P<m>\d{{2}})\.(?P<y>\d{{4}})"
    rf"|{_MONTH_AFTER}(?P<month2>{_MONTH_ANY})(?:\s+(?P<year2>\d{{4}})(?:\s*(?:год\w*|г\.?))?)?"
    # a month in any case before a year is a date whatever precedes it: с июня 2022 года
    rf"|(?P<month3>{_MONTH_ANY})\s+(?P<year4>\d{{4}})(?:\s*(?:год\w*|г\.?))?"
    rf"|(?P<year3>\d{{4}})\s*(?:год\w*|г\.|гг\.)(?!\w))(?!\w)",
    re.IGNORECASE,
)
_TIME = re.compile(r"(?<![\d.:,])(?P<h>\d{1,2})[:.](?P<m>\d{2})(?![\d:]|[.,]\d)(?=\s*(?:ч|час|по|мск|\W|$))")
# A race or record time ("стала четвёртой за 2:04", "с результатом 2:04", "показав 2:04"; "в
# 2:04" stays a time of day): its parts are figures of a duration, read as plain numbers, as the
# English "in 2:04" and the hours-minutes-seconds form "1:58:07" are.
_RACE_BEFORE = re.compile(
    r"(?:\bза|\bрезультат(?:ом)?|\bвремен(?:ем|и)|\bпоказав(?:ш\w+)?)\s+$", re.IGNORECASE
)
# "в 17 часов 47 минут", "к 9 часам", "в 5 часов вечера": a time of day in words, after the
# prepositions that name a moment (without one, "17 часов" is a duration).
_CLOCK_WORDS = re.compile(
    r"(?<!\w)(?P<h>\d{1,2})\s+час(?:ов|а|ам)?(?:\s+(?P<m>\d{1,2})\s+минут\w*)?"
    r"(?:\s+(?P<part>утра|ночи|дня|вечера))?(?!\w)",
    re.IGNORECASE,
)
_MOMENT_BEFORE = re.compile(r"(?:^|[^\w])(?:в|к|до|с|около|после)\s+\Z", re.IGNORECASE)
_ORDINAL = re.compile(r"(?<![\w.,])(?P<n>\d+)-(?:го|й|я|е|м|х|ю|ой|ого|ому|ом|ая|ое|ый|ий)(?!\w)")
_SPLIT = re.compile(r"\s+")
# Ordinal words, первый..двадцатый in every case and gender (пятой, третьего, седьмом), and
# compounds after a ten (двадцать первого): only the last word declines. Stems with the endings
# of the adjective declension; третий has its own (третья, третьего). Not after a hyphen: во-вторых
# and в-третьих are "secondly" and "thirdly", not ranks.
_ORDINAL_STEMS: tuple[tuple[str, int], ...] = (
    ("одиннадцат", 11),
    ("двенадцат", 12),
    ("тринадцат", 13),
    ("четырнадцат", 14),
    ("пятнадцат", 15),
    ("шестнадцат", 16),
    ("семнадцат", 17),
    ("восемнадцат", 18),
    ("девятнадцат", 19),
    ("двадцат", 20),
    ("перв", 1),
    ("втор", 2),
    ("четв[её]рт", 4),
    ("пят", 5),
    ("шест", 6),
    ("седьм", 7),
    ("восьм", 8),
    ("девят", 9),
    ("десят", 10),
)
_ORDINAL_TENS = {"двадцать": 20, "тридцать": 30, "сорок": 40, "пятьдесят": 50, "шестьдесят": 60}
_ORDINAL_TENS |= {"семьдесят": 70, "восемьдесят": 80, "девяносто": 90}
_ADJECTIVE_ENDING = r"(?:ый|ой|ая|ое|ые|ого|ому|ым|ом|ую|ых|ыми)"
_ORDINAL_WORD = re.compile(
    r"(?<![\w-])(?:(?P<tens>" + "|".join(_ORDINAL_TENS) + r")\s+)?"
    r"(?P<stem>" + "|".join(stem for stem, _ in _ORDINAL_STEMS) + r")" + _ADJECTIVE_ENDING + r"(?!\w)"
    r"|(?<![\w-])(?:(?P<tens3>" + "|".join(_ORDINAL_TENS) + r")\s+)?"
    r"трет(?P<third>ий|ья|ье|ьи|ьего|ьему|ьим|ьем|ью|ьих|ьими|ьей)(?!\w)",
    re.IGNORECASE,
)
# "двадцатые годы", "в девяностых годах": a decade, not a rank (left to the year readings).
_DECADE_AFTER = re.compile(r"\s+год", re.IGNORECASE)
_CENTURY_AFTER = re.compile(r"\s+(?:век\w*|в\.)", re.IGNORECASE)
# Fractions: две трети, три четверти, две пятых, треть, четверть (as percentages: 66.67, 75).
_DENOMINATOR_STEMS = (("трет", 3), ("четверт", 4), ("пят", 5), ("шест", 6), ("седьм", 7), ("восьм", 8))
_DENOMINATOR_STEMS += (("девят", 9), ("десят", 10))
_FRACTION = re.compile(
    rf"(?<!\w)(?:(?P<num>{_NUMBER_WORD})\s+)?"
    r"(?P<den>(?:трет|четверт)(?:ь|и|ей|ью|ям|ями|ях)"
    r"|(?:пят|шест|седьм|восьм|девят|десят)(?:ая|ой|ую|ых|ые|ым|ыми))(?!\w)",
    re.IGNORECASE,
)
# вдвое, втрое, вчетверо, впятеро, вдесятеро: multiples written as one word; дважды, трижды,
# четырежды: how many times something happened ("won the Cup three times"). Both are "times".
_MULTIPLE = re.compile(
    r"(?<!\w)(?:в(?P<n>дво|тро|четверо|пятеро|шестеро|семеро|восьмеро|девятеро|десятеро)е?"
    r"|(?P<n2>дважды|трижды|четырежды))(?!\w)"
)
_MULTIPLE_VALUES = {"дво": 2, "тро": 3, "четверо": 4, "пятеро": 5, "шестеро": 6, "семеро": 7}
_MULTIPLE_VALUES |= {"восьмеро": 8, "девятеро": 9, "десятеро": 10}
_MULTIPLE_VALUES |= {"дважды": 2, "трижды": 3, "четырежды": 4}
# полгода, полугода, полчаса, полмесяца: half of a duration, written as one word.
_HALF_DURATION = re.compile(r"(?<!\w)полу?(?P<unit>год|час|месяц|век)(?:а|у|ом)?(?!\w)", re.IGNORECASE)
_HALF_UNITS = {"год": ("year", 0.5), "час": ("hour", 0.5), "месяц": ("month", 0.5), "век": ("year", 50.0)}
_ADJECTIVE_BEFORE = re.compile(r"\w(?:ой|ей|ая|яя|ую|юю|ий|ый)\s+\Z")
_CENTURY = re.compile(r"(?<![\w.])(?P<n>\d{1,2}|[IVX]{1,5})(?:-?(?:го|м|й))?\s+(?:век\w*|в\.)")
_ROMAN = {"I": 1, "V": 5, "X": 10}
_DECADE = re.compile(r"(?<![\w.,])(?P<n>[1-9]0)-(?:е|х|ые|ых)(?!\w)")  # 60-е: the 1960s
# ...but "20-е место", "30-е число": an ordinal before the nouns a rank or a day of the month takes.
_ORDINAL_NOUN = re.compile(r"\s+(?:мест|числ|тур|строчк|позици|этаж|километр|по\s+сч[её]ту)", re.IGNORECASE)
_CODE_AFTER = re.compile(r"[A-ZА-ЯЁ]+(?![a-zа-яё])")


def _month(word: str) -> int:
    return _MONTH_PREFIXES.get(word.lower()[:3], 0)


def _roman_or_int(text: str) -> int:
    if text.isdigit():
        return int(text)
    values = [_ROMAN[ch] for ch in text]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def parse_number_words(text: str) -> float | None:
    """'тридцати' -> 30, 'двухсот пятидесяти' -> 250, 'два с половиной' -> 2.5."""
    words = _SPLIT.split(text.lower().replace("ё", "е"))
    half = False
    if words[-2:] == ["с", "половиной"]:
        words, half = words[:-2], True
    total = 0.0
    for word in words:
        for pattern, value in _WORD_COMPILED:
            if pattern.match(word):
                total += value
                break
        else:
            return None
    return total + (0.5 if half else 0.0)


def parse_digits(text: str) -> float:
    """Russian digits: spaces group thousands, the comma (or a stop) marks decimals."""
    return float(re.sub(_SPACE, "", text).replace(",", "."))


def _scale_of(word: str) -> float:
    word = word.lower()
    for stem, factor in _SCALES:
        if word.startswith(stem):
            return factor
    if word.startswith("тысяч"):
        return 1e3
    return 1.0


# The currency an exchange rate is quoted against («92,5 рубля за евро», «курс рубля к доллару»).
_PER_CURRENCY = re.compile(
    r"(?<![а-яё])(?:за|к|против)\s+(?:1\s+|один\s+|одного\s+)?(?:американск\w+\s+)?"
    r"(?P<cur>доллар|евро|юан|рубл|фунт|иен)[а-яё]*",
    re.IGNORECASE,
)
_PER_CURRENCY_CODES = {
    "доллар": "USD",
    "евро": "EUR",
    "юан": "CNY",
    "рубл": "RUB",
    "фунт": "GBP",
    "иен": "JPY",
}


def extract(text: str) -> Iterator[Quantity]:
    """Every numeric expression in Russian `text`, possibly overlapping (resolved by the caller)."""
    for m in _PER_CURRENCY.finditer(text):
        code = _PER_CURRENCY_CODES[m.group("cur").lower()]
        word = text[m.start("cur") : m.end()]
        yield Quantity("amount", m.start("cur"), m.end(), word, value=1.0, unit=code, per=True)
    for m in _DATE.finditer(text):
        if m.group("d"):
            day, month, year = int(m.group("d")), int(m.group("m")), int(m.group("y"))
            if 1 <= day <= 31 and 1 <= month <= 12:
                yield Quantity("date", m.start(), m.end(), m.group(0), year=year, month=month, day=day)
        elif m.group("year3"):
            year = int(m.group("year3"))
            yield Quantity("year", m.start(), m.end(), m.group(0), value=float(year), year=year)
        else:
            month = _month(m.group("month") or m.group("month2") or m.group("month3"))
            day_text = m.group("day")
            year_text = m.group("year") or m.group("year2") or m.group("year4")
            if not month or (day_text and not 1 <= int(day_text) <= 31):
                continue
            yield Quantity(
                "date",
                m.start(),
                m.end(),
                m.group(0),
                year=int(year_text) if year_text else None,
                month=month,
                day=int(day_text) if day_text else None,
            )
    for m in _TIME.finditer(text):
        if ":" in m.group(0) and _RACE_BEFORE.search(text, 0, m.start()):
            for group in ("h", "m"):
                yield Quantity(
                    "number", m.start(group), m.end(group), m.group(group), value=float(m.group(group))
                )
            continue
        hour, minute = int(m.group("h")), int(m.group("m"))
        if hour <= 24 and minute <= 59 and m.group(0)[2:3] != "." and ":" in m.group(0):
            yield Quantity("time", m.start(), m.end(), m.group(0), hour=hour, minute=minute)
    for m in _CLOCK_WORDS.finditer(text):
        hour, minute = int(m.group("h")), int(m.group("m") or 0)
        if (m.group("part") or "").lower() in ("дня", "вечера") and hour < 12:
            hour += 12
        if hour <= 24 and minute <= 59 and _MOMENT_BEFORE.search(text[max(0, m.start() - 8) : m.start()]):
            yield Quantity("time", m.start(), m.end(), m.group(0), hour=hour, minute=minute)
    for m in _CENTURY.finditer(text):
        year = (_roman_or_int(m.group("n")) - 1) * 100
        if year >= 0:
            yield Quantity("year", m.start(), m.end(), m.group(0), value=float(year), year=year)
    for m in _DECADE.finditer(text):
        if _ORDINAL_NOUN.match(text, m.end()):
            continue
        year = decade_year(int(m.group("n")))
        yield Quantity("year", m.start(), m.end(), m.group(0), value=float(year), year=year)
    for m in _ORDINAL.finditer(text):
        if _DECADE.fullmatch(m.group(0)) and not _ORDINAL_NOUN.match(text, m.end()):
            continue
        yield Quantity("ordinal", m.start(), m.end(), m.group(0), value=float(m.group("n")))
    yield from _ordinal_words(text)
    for m in _MULTIPLE.finditer(text.lower()):
        value = float(_MULTIPLE_VALUES[m.group("n") or m.group("n2")])
        yield Quantity("number", m.start(), m.end(), text[m.start() : m.end()], value=value, unit=TIMES)
    words = any(token[:3].lower() in _WORD_STARTS for token in _CYRILLIC_TOKENS.findall(text))
    found = [q for m in (_QUANTITY if words else _QUANTITY_DIGITS).finditer(text) if (q := _quantity(m))]
    yield from compound_figures(text, found)
    if words:
        yield from _fractions(text)
        for m in _HALF_DURATION.finditer(text):
            unit, value = _HALF_UNITS[m.group("unit").lower()]
            yield Quantity("number", m.start(), m.end(), m.group(0), value=value, unit=unit)
        for m in _HALF_SCALE.finditer(text):
            factor = _scale_of(m.group("scale"))
            unit = _SUFFIXES.unit_of(m) if m.group("suffix") else None
            kind = "amount" if unit in CURRENCIES else "number"
            value = 0.5 * factor
            yield Quantity(
                kind, m.start(), m.end(), m.group(0), value=value, unit=unit, approximate=True, scale=factor
            )


def _ordinal_value(stem: str) -> int:
    stem = stem.lower().replace("ё", "е")
    return next(value for pattern, value in _ORDINAL_STEMS if re.fullmatch(pattern, stem))


def _ordinal_words(text: str) -> Iterator[Quantity]:
    """пятой -> 5th, двадцать первого -> 21st: worded ordinals, weak up to the tenth as the English
    "fifth" is (so they are compared with another ordinal only, and первый, like "first", never)."""
    for m in _ORDINAL_WORD.finditer(text):
        if m.group("stem"):
            value = _ordinal_value(m.group("stem"))
            tens = m.group("tens")
            plural = re.search(r"(?:ые|ых|ыми|ым)\Z", m.group(0), re.IGNORECASE)
        else:
            value, tens = 3, m.group("tens3")
            plural = m.group("third").lower() in ("ьи", "ьих", "ьими")
        if tens:
            if value > 9:
                continue  # "двадцать десятых" is not an ordinal
            value += _ORDINAL_TENS[tens.lower()]
        if plural and _DECADE_AFTER.match(text, m.end()):
            continue
        if _CENTURY_AFTER.match(text, m.end()):
            year = (value - 1) * 100  # двадцать первого века: the 2000s, as "21st century" is
            yield Quantity("year", m.start(), m.end(), m.group(0), value=float(year), year=year)
            continue
        yield Quantity("ordinal", m.start(), m.end(), m.group(0), value=float(value), weak=value <= 10)


def _fractions(text: str) -> Iterator[Quantity]:
    """две трети = 66.67%, like "two-thirds" and 三分之二. Without a numerator only треть and
    четверть are fractions, and not after an adjective (в третьей четверти is a school term)."""
    for m in _FRACTION.finditer(text):
        den_text = m.group("den").lower()
        denominator = next(value for stem, value in _DENOMINATOR_STEMS if den_text.startswith(stem))
        if m.group("num"):
            numerator = parse_number_words(m.group("num"))
            if numerator is None or not numerator.is_integer() or not 1 <= numerator < denominator:
                continue
        elif denominator <= 4 and not _ADJECTIVE_BEFORE.search(text, 0, m.start()):
            numerator = 1.0
        else:
            continue
        value = 100 * numerator / denominator
        yield Quantity("percent", m.start(), m.end(), m.group(0), value=value, unit="%", fraction=True)


def _quantity(m: re.Match[str]) -> Quantity | None:
    words, digits = m.group("words"), m.group("digits")
    if digits is not None and m.end() == m.end("digits") and _CODE_AFTER.match(m.string, m.end()):
        return None  # "0200GMT", "5G": a code, not a quantity
    alt_value = None
    if digits is not None and not m.group("scale") and re.fullmatch(r"\d{1,3}(?:,\d{3})+", digits):
        value: float | None = float(digits.replace(",", ""))  # "6,000" written the English way
        if re.fullmatch(r"\d{1,3},\d{3}", digits):
            alt_value = float(digits.replace(",", "."))  # or "2,256" (seconds) the Russian way
    else:
        value = parse_number_words(words) if words is not None else parse_digits(digits)
    if value is None:
        return None
    scale = _scale_of(m.group("scale")) if m.group("scale") else 1.0
    value *= scale
    currency = {"$": "USD", "€": "EUR", "₽": "RUB"}.get(m.group("cur") or "")
    unit = _SUFFIXES.unit_of(m) if m.group("suffix") else None
    unit = currency or unit
    start, end = m.start(), m.end()
    text = m.string[start:end]
    if digits is not None and unit is None and scale == 1.0 and re.fullmatch(r"1\d{3}|20\d{2}", digits):
        return Quantity("year", start, end, text, value=value, year=int(digits))
    value, unit = from_basis_points(value, unit)
    kind = "amount" if unit in CURRENCIES else ("percent" if unit in PERCENT_UNITS else "number")
    weak = words is not None and unit is None and scale == 1.0 and value <= 10
    return Quantity(
        kind,
        start,
        end,
        text,
        value=value,
        unit=unit,
        weak=weak,
        approximate=scale > 1.0,
        scale=scale,
        alt_value=alt_value,
    )
