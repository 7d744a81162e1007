"""What a numeric expression is once extracted: a comparable value with its span.

Every language front end (english, russian, chinese) returns `Quantity` objects with the
same canonical fields, so "September 14", "14 сентября" and "9月14日" compare equal, and so
do "1.5 million", "1,5 млн" and "150万".
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

# Kinds, grouped by the rule a difference falls under.
DATE_KINDS = frozenset({"date", "time", "year", "weekday"})
NUMBER_KINDS = frozenset({"number", "ordinal", "percent", "amount"})

CURRENCIES = frozenset({"USD", "EUR", "RUB", "CNY", "GBP", "JPY", "HKD"})
# The readers' unit for basis points, which `from_basis_points` turns into percentage points.
BASIS_POINT = "bp"
# Percentage points (3,1 процентного пункта, 3.1个百分点, 25 basis points): a difference of two
# percentages, not a percentage; "3.1%" for 3.1 п.п. is a unit error an editor corrects.
PERCENTAGE_POINT = "pp"
PERCENT_UNITS = frozenset({"%", PERCENTAGE_POINT})
# A multiple: "threefold", "2.5 times", втрое, в полтора раза, 3倍. Its own dimension: "rose
# 2.5 times" and "rose 150%" say the same, so a multiple is never compared with a percentage.
TIMES = "times"

# Units of one dimension: a difference between two of them is a unit error (D103).
DIMENSION = {
    "day": "time",
    "week": "time",
    "fortnight": "time",
    "month": "time",
    "year": "time",
    "decade": "time",
    "hour": "time",
    "minute": "time",
    "second": "time",
    "km": "length",
    "mile": "length",
    "foot": "length",
    "inch": "length",
    "metre": "length",
    "cm": "length",
    "mm": "length",
    "km2": "area",
    "m2": "area",
    "ha": "area",
    "mu": "area",
    "m3": "volume",
    "kg": "mass",
    "tonne": "mass",
    "kW": "power",
    "MW": "power",
    "GW": "power",
    TIMES: "multiple",
    "%": "ratio",
    PERCENTAGE_POINT: "ratio",
    **{code: "money" for code in CURRENCIES},
    "quarter": "quarter",  # of a year: compared with another quarter, never converted to months
    "season": "season",  # spring 1 .. winter 4, compared with another season only
    "half-year": "half-year",  # first 1, second 2 (上半年, «в первом полугодии»), with its like only
    "month-part": "month-part",  # early 1, mid 2, late 3 (上旬, 中旬, 下旬), with its like only
}

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True)
class Quantity:
    """One numeric expression in a text.

    `value` holds the number (already multiplied by any scale word) for numbers, ordinals,
    percentages, amounts and years; dates and times use `year`/`month`/`day` and
    `hour`/`minute`. `weak` marks values too common to be evidence on their own ("one",
    "first", "two" without a unit): they can match, but are never reported.
    """

    kind: str
    start: int
    end: int
    text: str
    value: float | None = None
    unit: str | None = None
    year: int | None = None
    month: int | None = None
    day: int | None = None
    hour: int | None = None
    minute: int | None = None
    weak: bool = False
    approximate: bool = False  # has a scale word, so it may be a rounding of a precise figure
    scale: float = 1.0  # the scale word's factor (1e6 for "million", 1e4 for 万)
    # Another reading of ambiguous digits: Russian "2,256" is 2.256 by Russian usage and 2256
    # the English way; either matches, and a pairing with such a value is never certain.
    alt_value: float | None = None
    weekday: int | None = None  # 0 Monday .. 6 Sunday, for kind "weekday"
    # A fraction ("two-thirds", "две трети", 三分之二) as the percentage it is (66.67): it
    # matches a percentage that rounds it ("67%"), not only its exact value.
    fraction: bool = False
    # The currency an exchange rate is quoted against ("per euro", «за евро»): one unit of it.
    per: bool = False

    @property
    def is_date(self) -> bool:
        return self.kind in DATE_KINDS

    def with_unit(self, unit: str | None, end: int | None = None, text: str | None = None) -> Quantity:
        kind = "amount" if unit in CURRENCIES else ("percent" if unit in PERCENT_UNITS else self.kind)
        return replace(
            self,
            unit=unit,
            kind=kind,
            end=self.end if end is None else end,
            text=self.text if text is None else text,
            weak=False,
        )

    def describe(self) -> str:
        """A canonical rendering for evidence: 'September 14', '14:00', '1500000 USD'."""
        if self.kind == "date":
            parts = []
            if self.month:
                parts.append(MONTH_NAMES[self.month - 1])
            if self.day:
                parts.append(str(self.day))
            text = " ".join(parts)
            if self.year:
                text = f"{text}, {self.year}" if text else str(self.year)
            return text
        if self.kind == "weekday":
            return WEEKDAY_NAMES[self.weekday] if self.weekday is not None else "?"
        if self.kind == "time":
            return f"{self.hour:02d}:{self.minute or 0:02d}"
        if self.kind == "year":
            return str(self.year)
        value = format_value(self.value)
        return f"{value} {self.unit}" if self.unit else value


def format_value(value: float | None) -> str:
    if value is None:
        return "?"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.6f}".rstrip("0").rstrip(".")


def _same_value(a: float, b: float, a_approx: bool, b_approx: bool) -> bool:
    """Equal, or equal after rounding the precise one to the precision of a scaled figure.

    "4.2 million" vs "4,176,027" is the same figure rounded; "30" vs "34" is not (rounding
    is allowed only when one side carries a scale word, and only within 2.5%).
    """
    if math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9):
        return True
    if (a_approx or b_approx) and max(abs(a), abs(b)) > 0:
        return abs(a - b) / max(abs(a), abs(b)) < 0.025 and _rounds_to(
            a if a_approx else b, b if a_approx else a
        )
    return False


def _rounds_to(coarse: float, precise: float) -> bool:
    """Whether `precise` rounded at the last significant digit of `coarse` gives `coarse`."""
    digits = f"{abs(coarse):.10g}".replace(".", "").rstrip("0").lstrip("0")
    if not digits:
        return False
    exponent = math.floor(math.log10(abs(coarse))) - len(digits) + 1
    step = 10.0**exponent
    return math.isclose(round(precise / step) * step, coarse, rel_tol=1e-9)


def _fields_compatible(a: Quantity, b: Quantity, names: tuple[str, ...]) -> bool:
    """No field set on both sides differs, and at least one field is shared."""
    shared = False
    for name in names:
        left, right = getattr(a, name), getattr(b, name)
        if left is not None and right is not None:
            if left != right:
                return False
            shared = True
    return shared


def units_compatible(a: str | None, b: str | None) -> bool:
    """A missing unit matches any unit (translations drop repeated units); else equal."""
    return a is None or b is None or a == b


_PERIOD_UNITS = frozenset({"quarter", "half-year", "season", "month-part"})


def equivalent(a: Quantity, b: Quantity) -> bool:
    """Whether two quantities say the same thing, whatever language or form they are in."""
    if a.kind == "date" and b.kind == "date":
        return _fields_compatible(a, b, ("year", "month", "day")) and (
            a.day is None or b.day is None or a.month is None or b.month is None or a.month == b.month
        )
    if a.kind == "weekday" or b.kind == "weekday":
        return a.kind == b.kind and a.weekday == b.weekday
    if a.kind == "time" and b.kind == "time":
        return a.hour == b.hour and (a.minute or 0) == (b.minute or 0)
    if a.kind == "time" or b.kind == "time":
        return False
    if (a.unit in _PERIOD_UNITS or b.unit in _PERIOD_UNITS) and a.unit != b.unit:
        # "early" (November) is no "first", nor "the first quarter" the "first" of "the first
        # six months": a part of a month or of a year equals only its like
        return False
    # A year, a date's year, a date's day, an ordinal and a plain number can stand for each other.
    left, right = _numbers_of(a), _numbers_of(b)
    if not left or not right:
        return False
    if (a.fraction or b.fraction) and a.unit == b.unit == "%" and a.value is not None and b.value is not None:
        return _same_fraction(a, b)
    for x in left:
        for y in right:
            if _same_value(x, y, a.approximate, b.approximate) and units_compatible(a.unit, b.unit):
                return True
    return _same_measure(a, b)


def _same_fraction(a: Quantity, b: Quantity) -> bool:
    """Two fractions are equal; a fraction and a percentage when the percentage, as written,
    is the fraction rounded ("67%" and "66.7%" for "two-thirds"; not "60%")."""
    assert a.value is not None and b.value is not None
    if a.fraction and b.fraction:
        return math.isclose(a.value, b.value, rel_tol=1e-6)
    exact, written = (a.value, b.value) if a.fraction else (b.value, a.value)
    return abs(exact - written) <= 0.025 * max(exact, written) and _rounds_to(written, exact)


# Each unit in a base unit of its dimension, so a converted figure matches: "three months" is
# "90 days", "48 hours" is "two days", "250 mm" is "25 cm", "1 km" is "1,000 metres".
_DAYS = {
    "day": 1.0,
    "week": 7.0,
    "fortnight": 14.0,
    "month": 30.4,
    "year": 365.25,
    "decade": 3652.5,
    "hour": 1 / 24,
}
_IN_BASE = {
    **_DAYS,
    "mm": 0.001,
    "cm": 0.01,
    "metre": 1.0,
    "km": 1000.0,
    "mile": 1609.344,
    "foot": 0.3048,
    "inch": 0.0254,
    "m2": 1.0,
    "ha": 1e4,
    "km2": 1e6,
    "mu": 10_000 / 15,
    "kg": 1.0,
    "tonne": 1000.0,
}


def _same_measure(a: Quantity, b: Quantity) -> bool:
    """The same measure in two units of one dimension (within 4%: a converted figure is rounded)."""
    if (
        a.unit == b.unit
        or a.unit not in _IN_BASE
        or b.unit not in _IN_BASE
        or a.value is None
        or b.value is None
    ):
        return False
    if DIMENSION.get(a.unit) != DIMENSION.get(b.unit):
        return False
    left, right = a.value * _IN_BASE[a.unit], b.value * _IN_BASE[b.unit]
    return abs(left - right) <= 0.04 * max(left, right)


def _numbers_of(q: Quantity) -> tuple[float, ...]:
    if q.kind == "date":
        return tuple(float(v) for v in (q.year, q.day) if v is not None)
    if q.kind == "year":
        return (float(q.year),) if q.year is not None else ()
    values = (q.value,) if q.value is not None else ()
    return values + ((q.alt_value,) if q.alt_value is not None else ())


def same_value_other_unit(a: Quantity, b: Quantity) -> bool:
    """Same number, but a different unit or currency of the same kind: "$5m" vs "5m roubles"."""
    if a.is_date or b.is_date or a.value is None or b.value is None:
        return False
    if a.unit is None or b.unit is None or a.unit == b.unit:
        return False
    return _same_value(a.value, b.value, a.approximate, b.approximate)


class SuffixTable:
    """Currency and unit words that may follow a number, as one regex alternation.

    Each entry becomes a named group `u<i>`, so after a match `unit_of` tells which entry
    matched without a second search. Shared by the English, Russian and Chinese readers.
    """

    def __init__(self, entries: Sequence[tuple[str, str]]) -> None:
        self.entries = tuple(entries)
        self.pattern = "|".join(f"(?P<u{i}>{pattern})" for i, (pattern, _unit) in enumerate(self.entries))

    def unit_of(self, match: re.Match[str]) -> str | None:
        for i, (_pattern, unit) in enumerate(self.entries):
            if match.group(f"u{i}") is not None:
                return unit
        return None


def decade_year(decade: int) -> int:
    """The first year of a decade written without its century ("the 60s", 60-е, 60年代, 90后):
    the 1900s from 20 on, the 2000s below ("the 10s" is the 2010s). Every reader takes this one
    rule, so the same decade in two languages reads as the same year."""
    return (1900 if decade >= 20 else 2000) + decade


def from_basis_points(value: float, unit: str | None) -> tuple[float, str | None]:
    """A value in basis points as the percentage points it is (25 bp, 25个基点, 25 базисных
    пунктов = 0.25 pp), for every reader; any other value and unit as they are."""
    return (value / 100, PERCENTAGE_POINT) if unit == BASIS_POINT else (value, unit)


def compound_figures(text: str, quantities: list[Quantity]) -> list[Quantity]:
    """ "1 млн 200 тыс. рублей" and "2 trillion 784 billion rubles" are one amount each: a
    figure with a scale followed by one with a smaller scale, nothing but a space between
    them, adds up (`quantities` in text order, as a reader finds them)."""
    out: list[Quantity] = []
    for quantity in quantities:
        last = out[-1] if out else None
        if (
            last is not None
            and last.kind == "number"
            and last.unit is None
            and last.value is not None
            and quantity.value is not None
            and last.scale > quantity.scale > 1.0
            and quantity.kind in ("number", "amount")
            and text[last.end : quantity.start].strip() == ""
        ):
            out[-1] = replace(
                quantity,
                start=last.start,
                text=text[last.start : quantity.end],
                value=last.value + quantity.value,
                scale=quantity.scale,
            )
            continue
        out.append(quantity)
    return out
