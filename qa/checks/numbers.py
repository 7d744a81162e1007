"""D101-D103: numbers, dates and units in the translation that differ from the reference or source.

How a hypothesis value is judged against one reference (or the source):
1. Within its aligned sentence pair, values are matched one to one (`equivalent`: "thirty
   days" = "30-day", "1,5 млн" = "1.5 million", "9月14日" = "September 14").
2. An unmatched value whose aligned sentence holds an unmatched value of the same sort is a
   difference ("60 days" here, "90 days" there): the aligned sentence clearly differs,
   unless both values also stand elsewhere on both sides (a misalignment, not an error).
3. With nothing to pair with in its sentence, a value found anywhere in the other text is
   accepted; if it is found nowhere, a value of the same sort that the other text states
   more often than the hypothesis, in the sentence just before or after, is a difference
   (cross-lingual alignment without a model is often one sentence off). A hypothesis
   sentence the aligner paired with nothing is read the same way against its neighbours'
   counterparts.
4. Otherwise the value is absent from that text: neutral.
A value is reported when some reference or the source contradicts it and none accepts it,
so a correct value is never flagged because one witness phrased it differently. Values absent
from every witness are reported only with `flag_absent`. Weak values ("one", "first") can
match but are never reported; a small worded cardinal ("three") only against another one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from qa.checks.interface import CheckContext
from qa.checks.quotes import paired_sentences
from qa.document import AlignedDocument, Alignment, Finding, Text
from qa.numbers import Quantity, equivalent, extract, same_value_other_unit
from qa.numbers.bounds import Bound, bound_of, english_for
from qa.numbers.english import ONES, ORDINAL_WORDS, PER_CURRENCY_CODES
from qa.numbers.model import DIMENSION, MONTH_NAMES, PERCENT_UNITS, TIMES, WEEKDAY_NAMES
from qa.rules import finding_at


@dataclass(frozen=True)
class _Verdict:
    status: str  # "match" | "conflict" | "absent"
    other: Quantity | None = None
    # The pairing is certain: the value is the only one of its sort left unpaired on both sides
    # of a trusted sentence pair. Only then is the other value proposed as a replacement (a
    # value from the next sentence, or one of several, proposed "2014" for Orsk's "1735").
    certain: bool = False


def quantities_by_sentence(text: Text) -> list[list[Quantity]]:
    """Quantities of each sentence of `text`, with spans into the whole text."""
    out: list[list[Quantity]] = []
    lang = text.lang if text.lang in ("en", "ru", "zh") else "en"
    for sentence in text.sentences:
        found = extract(sentence.text, lang)
        out.append([replace(q, start=q.start + sentence.start, end=q.end + sentence.start) for q in found])
    return out


def _families(q: Quantity) -> frozenset[str]:
    """A year can be mistaken for a number and a day for an ordinal, so both belong to two."""
    if q.kind == "weekday":
        return frozenset({"weekday"})
    if q.kind == "year":
        return frozenset({"date", "number"})
    if q.kind == "ordinal" and q.value is not None and 1 <= q.value <= 39:
        return frozenset({"date", "number"})
    return frozenset({"date"}) if q.is_date else frozenset({"number"})


def _small_cardinal(q: Quantity) -> bool:
    """A cardinal from two to ten in words: reported only against another such word."""
    return q.kind == "number" and q.unit is None and q.value is not None and 2 <= q.value <= 10


def _small_ordinal(q: Quantity) -> bool:
    """An ordinal from second to tenth ("fifth", 第五): a worded one is reported only against
    another ordinal ("fourth rate hike" for 第五次加息); "first" stays weak (首次, "for the
    first time" and "No. 1" translate each other freely)."""
    return q.kind == "ordinal" and q.value is not None and q.value.is_integer() and 2 <= q.value <= 10


def _reportable_weak(q: Quantity) -> bool:
    return _small_cardinal(q) or _small_ordinal(q)


_PHYSICAL = frozenset({"length", "area", "volume", "mass", "power"})


_CALENDAR_UNITS = ("quarter", "season", "half-year", "month-part")
# Parts of a year that translate each other wrongly: "the first quarter" for 上半年 is a wrong
# period, as "the second quarter" for 二季度 is; a season or a part of a month is none of them.
_YEAR_PARTS = frozenset({"quarter", "half-year"})


def _calendar_clash(h: Quantity, o: Quantity) -> bool:
    """One is a quarter, season or half of a year (or a part of a month) and the other not the
    same: "The two sides" must not take 下半年 (the second half) from "the first half"."""
    if h.unit in _YEAR_PARTS and o.unit in _YEAR_PARTS:
        return False
    return any((h.unit == calendar) != (o.unit == calendar) for calendar in _CALENDAR_UNITS)


def _comparable(h: Quantity, o: Quantity) -> bool:
    """Could `o` be what `h` translates, gone wrong? Same family and no clash of dimension."""
    if not _families(h) & _families(o) or (
        (o.weak or h.weak)
        and not (_small_cardinal(o) and _small_cardinal(h))
        and not (_small_ordinal(o) and _small_ordinal(h))
    ):
        return False
    if h.kind == "ordinal" and o.kind == "date" and o.day is None:
        return False
    if (h.kind == "ordinal" and o.unit) or (o.kind == "ordinal" and h.unit):
        return False  # "the 14th" is not "1 year" (一年来, "over the past year")
    if (h.kind == "year" and o.unit) or (o.kind == "year" and h.unit):
        return False  # a calendar year is not a duration or an amount
    if h.kind == "time" or o.kind == "time":
        return h.kind == o.kind
    if (h.unit == TIMES) != (o.unit == TIMES):
        return False  # "doubled" is not a mistranslation of a bare 1 (增长1倍 is "doubled")
    if _calendar_clash(h, o):
        return False  # a quarter of a year, a season or a half is compared with its like only
    if h.unit in _YEAR_PARTS and o.unit in _YEAR_PARTS:
        return True  # "the first quarter" for 上半年: a wrong period of the year
    if h.unit and o.unit:
        # physical measures stand for each other ("310 million tonnes" for "310 млрд кубометров"
        # of gas is a wrong figure); "eight months" beside "$110 billion" is not one
        if DIMENSION.get(h.unit) == DIMENSION.get(o.unit):
            return True
        return DIMENSION.get(h.unit) in _PHYSICAL and DIMENSION.get(o.unit) in _PHYSICAL
    return (h.unit in PERCENT_UNITS) == (o.unit in PERCENT_UNITS) or h.unit is None or o.unit is None


def _match(hyp: Sequence[Quantity], other: Sequence[Quantity]) -> tuple[dict[int, int], set[int]]:
    """One-to-one matching: first values of the same kind, then any equivalent value."""
    pairs: dict[int, int] = {}
    used: set[int] = set()
    order = sorted(range(len(hyp)), key=lambda i: hyp[i].weak)  # "first" must not take "1 мая" from "May 1"
    for same_kind in (True, False):
        for i in order:
            h = hyp[i]
            if i in pairs:
                continue
            for j, o in enumerate(other):
                if j in used or (same_kind and h.kind != o.kind) or (h.weak and o.kind == "date"):
                    continue
                if h.weak and _zero_padded(o):
                    continue  # "fourth" is no clock part: the "04" of «за 2:04» is the "14" of "2:14"
                if _calendar_clash(h, o):
                    continue
                if equivalent(h, o):
                    pairs[i] = j
                    used.add(j)
                    break
    return pairs, used


def _zero_padded(q: Quantity) -> bool:
    """Digits written with a leading zero ("04" of "2:04", "09" of "09.03"): part of a clock or a
    date, which a number word never translates."""
    return len(q.text) > 1 and q.text.startswith("0") and q.text[1:2].isdigit()


def _closest(h: Quantity, h_rank: float, candidates: list[tuple[float, Quantity]]) -> Quantity:
    """The candidate most like `h`: same unit or kind first, then nearest relative position."""

    def key(item: tuple[float, Quantity]) -> tuple[int, int, float]:
        rank, o = item
        return (0 if same_value_other_unit(h, o) else 1, 0 if o.kind == h.kind else 1, abs(rank - h_rank))

    return min(candidates, key=key)[1]


_WITNESS_MEMO = 256  # references and sources whose quantities are kept (a few kB each)
_witness_memo: dict[tuple[str, str], tuple[tuple[Quantity, ...], ...]] = {}


def witness_quantities(text: Text) -> list[list[Quantity]]:
    """`quantities_by_sentence` of a reference or source, kept a while: several translations of
    one article are judged against the same texts."""
    key = (text.content, text.lang)
    found = _witness_memo.get(key)
    if found is None:
        if len(_witness_memo) >= _WITNESS_MEMO:
            _witness_memo.clear()
        found = _witness_memo[key] = tuple(tuple(sentence) for sentence in quantities_by_sentence(text))
    return [list(sentence) for sentence in found]


def _date_shape(q: Quantity) -> tuple[bool, ...]:
    return (q.year is not None, q.month is not None, q.day is not None, q.weekday is not None)


def _only_date_of_its_shape(
    h: Quantity, other: Quantity, candidates: Sequence[Quantity], rivals: Sequence[Quantity]
) -> bool:
    """Two dates in a sentence on each side pair by what they state: "December 13 ... in
    October" against 12月3日 ... 11月 is day-and-month with day-and-month, month with month."""
    if not (h.is_date and other.is_date) or _date_shape(h) != _date_shape(other):
        return False
    shape = _date_shape(h)
    return (
        sum(1 for o in candidates if o.is_date and _date_shape(o) == shape) == 1
        and sum(1 for x in rivals if x.is_date and _date_shape(x) == shape) == 1
    )


def judge(hyp_by_sentence: list[list[Quantity]], alignment: Alignment) -> dict[int, _Verdict]:
    """A verdict for each hypothesis quantity (keyed by its start offset) against one text."""
    other_by_sentence = witness_quantities(alignment.other)
    everything = [q for sentence in other_by_sentence for q in sentence]
    hyp_everything = [q for sentence in hyp_by_sentence for q in sentence]

    def surplus(o: Quantity) -> bool:
        """The other text states this value more often than the hypothesis does. A worded
        figure without a unit ("The two sides") does not state one with a unit (两天)."""
        in_other = sum(1 for x in everything if equivalent(x, o))
        in_hyp = sum(
            1
            for x in hyp_everything
            if equivalent(x, o) and not (x.weak and ((o.unit and not x.unit) or _zero_padded(o)))
        )
        return in_other > in_hyp

    aligned_pairs = {(pair.hyp, pair.other) for pair in alignment.pairs if pair.hyp and pair.other}
    same_language = alignment.other.lang == "en"
    verdicts: dict[int, _Verdict] = {}
    for hyp_ids, other_ids in paired_sentences(alignment):
        hyp = [q for i in hyp_ids for q in hyp_by_sentence[i]]
        other = [q for j in other_ids for q in other_by_sentence[j]]
        matched, used = _match(hyp, other)
        # A pair is trusted when the aligner made it (not a run of leftovers between two
        # matches, see `paired_sentences`), or another value in it matched.
        trusted = same_language or bool(matched) or (hyp_ids, other_ids) in aligned_pairs
        for i, h in enumerate(hyp):
            if i in matched:
                verdicts[h.start] = _Verdict("match", other[matched[i]])
                continue
            rank = i / max(len(hyp), 1)
            # A value the translation states as often as the other text, elsewhere, is accounted
            # for: it is not what this one mistranslates ("14th" of "十四五" is not the 11th that
            # "December 11" in the previous sentence renders).
            candidates = [
                (j / max(len(other), 1), o)
                for j, o in enumerate(other)
                if j not in used and _comparable(h, o) and surplus(o)
            ]
            if candidates:
                other_value = _closest(h, rank, candidates)
                if not _misaligned(h, other_value, everything, hyp_everything):
                    rivals = [
                        x for k, x in enumerate(hyp) if k not in matched and _comparable(x, other_value)
                    ]
                    certain = (
                        trusted
                        and (
                            (len(candidates) == 1 and len(rivals) == 1)
                            or _only_date_of_its_shape(h, other_value, [o for _, o in candidates], rivals)
                        )
                        and h.alt_value is None
                        and other_value.alt_value is None
                    )
                    verdicts[h.start] = _Verdict("conflict", other_value, certain)
                continue
            if any(equivalent(h, o) for o in everything):
                continue
            # The alignment may be off by a sentence (cross-lingual, no model): look next door for
            # a value the hypothesis lacks.
            nearby = [
                (0.5, o)
                for j in (min(other_ids) - 1, max(other_ids) + 1)
                if 0 <= j < len(other_by_sentence)
                for o in other_by_sentence[j]
                if _comparable(h, o) and surplus(o)
            ]
            if nearby:
                verdicts[h.start] = _Verdict("conflict", _closest(h, rank, nearby))
    # A sentence the aligner left alone (cross-lingual, no model: "Lavrov met Wang Yi ... on
    # Thursday" beside 拉夫罗夫周二会见了王毅) sits between its neighbours' counterparts: a value
    # the other text states more often than the hypothesis, there, is what it renders.
    paired_with = {i: other_ids for hyp_ids, other_ids in paired_sentences(alignment) for i in hyp_ids}
    for i, sentence in enumerate(hyp_by_sentence):
        if i in paired_with or not sentence:
            continue
        nearby_ids = sorted({j for k in (i - 1, i + 1) for j in paired_with.get(k, ())})
        for h in sentence:
            if any(equivalent(h, o) for o in everything):
                continue
            nearby = [
                (0.5, o) for j in nearby_ids for o in other_by_sentence[j] if _comparable(h, o) and surplus(o)
            ]
            if nearby:
                verdicts[h.start] = _Verdict("conflict", _closest(h, 0.5, nearby))
    for sentence in hyp_by_sentence:
        for h in sentence:
            if h.start in verdicts:
                continue
            if any(equivalent(h, o) for o in everything) or _written_in(h, alignment.other.content):
                verdicts[h.start] = _Verdict("match")
            else:
                verdicts[h.start] = _Verdict("absent")
    return verdicts


_DIGIT_RUN = re.compile(r"\d+")
_NUMBER_TOKEN = re.compile(r"\d[\d,]*(?:\.\d+)?")
_ENGLISH_MONTH = re.compile("|".join(MONTH_NAMES))
_BASIS_POINTS = re.compile(r"\d\s?(?:basis points?|bps?)\b", re.IGNORECASE)


def _format_like(value: float, token: str) -> str | None:
    """`value` written as the translation writes `token`: thousands commas, decimals."""
    if float(value).is_integer():
        number = int(value)
        return f"{number:,}" if "," in token or number >= 10_000 else str(number)
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    if float(text) != round(value, 9):
        return None  # more precision than a pasteable figure carries: no mechanical fix
    whole, _, fraction = text.partition(".")
    return f"{int(whole):,}.{fraction}" if "," in token or abs(value) >= 10_000 else text


_ORDINAL_WORD = re.compile(r"(?i)(?:first|second|third|fourth|1st|2nd|3rd|4th)(?=[\s-]+(?:quarter|half)\Z)")


def _year_part_like(h: Quantity, unit: str, number: int) -> str | None:
    """A quarter written as the translation writes its half, or a half as its quarter ("first
    quarter" -> "first half", "Q1" -> "H1")."""
    if len(h.text) == 2 and h.text[:1] in "HhQq":
        return ("Q" if unit == "quarter" else "H") + str(number)
    ordinal = _ORDINAL_WORD.match(h.text)
    if ordinal is None or (unit == "half-year" and number > 2):
        return None
    word = ("first", "second", "third", "fourth")[number - 1]
    word = word.capitalize() if h.text[:1].isupper() else word
    rest = h.text[ordinal.end() :]
    return word + re.sub(r"(?i)(quarter|half)\Z", "quarter" if unit == "quarter" else "half", rest)


def pasteable(h: Quantity, other: Quantity) -> str | None:
    """The other value written the way the translation writes `h`, to replace `h`'s span
    ("1.5 trillion rubles" for "1.2 trillion rubles" against "1,5 трлн рублей", "8.1%" for
    "7.8%"), or None when no mechanical rewrite is sure."""
    if other.kind == "weekday" and h.kind == "weekday" and other.weekday is not None:
        return WEEKDAY_NAMES[other.weekday] + ("s" if h.text.endswith("s") else "")
    if h.kind == "date" and other.kind == "date":
        month = MONTH_NAMES[other.month - 1] if other.month else None
        text = h.text
        if month and _ENGLISH_MONTH.search(text):
            text = _ENGLISH_MONTH.sub(month, text, count=1)
        elif other.month != h.month:
            return None
        digits = _DIGIT_RUN.findall(h.text)
        days = [d for d in digits if len(d) <= 2]
        if other.day is not None and len(days) == 1:
            text = re.sub(rf"(?<!\d){days[0]}(?!\d)", str(other.day), text, count=1)
        elif other.day != h.day:
            return None
        years = [d for d in digits if len(d) == 4]
        if other.year is not None and len(years) == 1:
            text = text.replace(years[0], str(other.year), 1)
        elif other.year is not None and h.year is not None and other.year != h.year:
            return None
        return text
    if h.unit == other.unit == "season" and other.value in (1.0, 2.0, 3.0, 4.0):
        season = ("spring", "summer", "autumn", "winter")[int(other.value) - 1]  # type: ignore[arg-type]
        return season.capitalize() if h.text[:1].isupper() else season
    if h.unit == other.unit == "quarter" and other.value in (1.0, 2.0, 3.0, 4.0):
        number = int(other.value)  # type: ignore[arg-type]
        if h.text[:1] in "Qq":
            return f"Q{number}"
        return ("first", "second", "third", "fourth")[number - 1] + h.text[
            h.text.lower().index("quarter") - 1 :
        ]
    if h.unit == other.unit == "month-part" and other.value in (1.0, 2.0, 3.0):
        part = int(other.value) - 1  # type: ignore[arg-type]
        words = (
            ("early", "mid", "late")
            if h.text.lower() in ("early", "mid", "late")
            else ("beginning", "middle", "end")
        )
        word = words[part]
        return word.capitalize() if h.text[:1].isupper() else word
    if {h.unit, other.unit} == _YEAR_PARTS and other.value in (1.0, 2.0, 3.0, 4.0):
        return _year_part_like(h, other.unit, int(other.value))  # type: ignore[arg-type]
    if h.unit == other.unit == "half-year" and other.value in (1.0, 2.0):
        if h.text[:1] in "Hh":
            return f"H{int(other.value)}"  # type: ignore[arg-type]
        word = ("first", "second")[int(other.value) - 1]  # type: ignore[arg-type]
        if h.text[:1].isupper():
            word = word.capitalize()
        return word + h.text[h.text.lower().index("half") - 1 :]
    if _points_for_basis_points(h, other):
        figure = _NUMBER_TOKEN.search(h.text)
        return f"{figure.group(0)} basis points" if figure else None
    if h.per and other.per and other.unit in _CURRENCY_WORDS:
        word = _CURRENCY_WORDS[other.unit]
        if other.unit == "RUB" and h.text.lower().startswith("ruble"):
            word = "ruble"
        return word[:1].upper() + word[1:] if h.text[:1].isupper() else word
    if h.kind == "year" and other.year is not None and len(_DIGIT_RUN.findall(h.text)) == 1:
        return _DIGIT_RUN.sub(str(other.year), h.text, count=1)
    if h.is_date or other.is_date or other.value is None or (h.unit != other.unit and h.unit and other.unit):
        return None
    tokens = _NUMBER_TOKEN.findall(h.text)
    if not tokens:
        return _worded(h.text, other.value)  # "three-day" -> "two-day"
    if len(tokens) != 1:
        return None  # "$5-6 million": no single figure to rewrite
    text, scale = _rescaled(h.text, h.scale, other.value)
    value = other.value * 100 if _BASIS_POINTS.search(h.text) else other.value  # read as points
    formatted = _format_like(value / scale, tokens[0])
    if formatted is None:
        return None
    text = text.replace(tokens[0], formatted, 1)
    if h.kind == "ordinal" and other.value.is_integer():  # "20th" -> "21st", not "21th"
        text = re.sub(
            rf"(?<=^{re.escape(formatted)})(?:st|nd|rd|th)", _ordinal_suffix(int(other.value)), text
        )
    return text


def _clock_width(content: str, h: Quantity, suggestion: str | None) -> str | None:
    """A suggestion for the minutes or seconds of a clock form ("2:19", "2:16:12") keeps two
    digits: "9" pasted over the "19" of "2:19" would read "2:9", so it is "09"."""
    if suggestion is None or not suggestion.isdigit() or len(suggestion) >= 2:
        return suggestion
    if h.start > 0 and content[h.start - 1] == ":" and content[h.start - 2 : h.start - 1].isdigit():
        return suggestion.zfill(2)
    return suggestion


# The English word of each currency code, for a rate's base ("per euro"): rouble unless the
# translation writes "ruble" itself.
_CURRENCY_WORDS = {code: word for word, code in PER_CURRENCY_CODES.items() if word != "ruble"}
_WORDED = {value: word for word, value in ONES.items() if 1 <= value <= 19}
_LEADING_WORD = re.compile(r"^[A-Za-z]+")


_A_UNIT = re.compile(r"^(?:an?)\s+(?P<unit>[a-z]+)$", re.IGNORECASE)


_ORDINAL_FOR = {n: w for w, n in ORDINAL_WORDS.items() if n <= 20}


def _worded(text: str, value: float) -> str | None:
    """A figure written as one number word ("three-day", "six months") with its word for
    `value` in its place, when `value` has one word (one to nineteen); "a year" as "half a
    year" or "two years"; an ordinal word alone as another ("third" -> "fifth")."""
    one = _A_UNIT.match(text)
    if one is not None:
        if value == 0.5:
            return f"half {text}"
        count = _WORDED.get(int(value)) if float(value).is_integer() and value >= 2 else None
        return f"{count} {one.group('unit')}s" if count else None
    word = _LEADING_WORD.match(text)
    if word is not None and word.group(0).lower() in ORDINAL_WORDS and text[word.end() :] == "":
        # "third" for 第五名: the ordinal word for the value ("fifth"), one to twentieth
        ordinal = _ORDINAL_FOR.get(int(value)) if float(value).is_integer() else None
        if ordinal is None:
            return None
        return ordinal.capitalize() if word.group(0)[:1].isupper() else ordinal
    if word is None or ONES.get(word.group(0).lower()) is None or not float(value).is_integer():
        return None
    replacement = _WORDED.get(int(value))
    if replacement is None or not (text[word.end() :] == "" or text[word.end()] in " -"):
        return None
    if word.group(0)[:1].isupper():
        replacement = replacement.capitalize()
    return replacement + text[word.end() :]


# The English scale words a translation writes, by style (full word or abbreviation).
_SCALE_STYLES = (
    (("thousand", 1e3), ("million", 1e6), ("billion", 1e9), ("trillion", 1e12)),
    (("mln", 1e6), ("bln", 1e9), ("trln", 1e12)),
    (("m", 1e6), ("bn", 1e9), ("tn", 1e12)),
)


def _rescaled(text: str, scale: float, value: float) -> tuple[str, float]:
    """`text` with its scale word changed to the one `value` is written with, in the same style:
    "6.3 billion roubles" becomes "6.3 trillion roubles" for 6,3 трлн, not "6300 billion"."""
    if scale <= 1.0 or value <= 0 or 1.0 <= value / scale < 1000:
        return text, scale
    for style in _SCALE_STYLES:
        current = next((word for word, factor in style if factor == scale), None)
        if current is None:
            continue
        found = re.search(rf"(?<=[\d\s]){current}\b", text)
        if found is None:
            continue
        fitting = [(word, factor) for word, factor in style if value / factor >= 1.0]
        if not fitting:
            return text, scale
        word, factor = fitting[-1]
        if word == "m" and text[found.start() - 1].isspace():
            word = "mln"  # "3 m euros" reads as metres; "3m euros" does not
        return text[: found.start()] + word + text[found.end() :], factor
    return text, scale


def _ordinal_suffix(number: int) -> str:
    if 10 <= number % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")


def _written_in(h: Quantity, content: str) -> bool:
    """The value's digits stand in the other text as a number of their own ("Russia-1", "p109")."""
    digits = _DIGIT_RUN.findall(h.text)
    if len(digits) != 1:
        return False
    return re.search(rf"(?<![\d.,]){digits[0]}(?![\d]|[.,]\d)", content) is not None


def _misaligned(
    h: Quantity, other: Quantity, everything: list[Quantity], hyp_everything: list[Quantity]
) -> bool:
    """Both values stand on both sides, only in sentences the alignment did not pair."""
    return any(equivalent(h, o) for o in everything) and any(equivalent(x, other) for x in hyp_everything)


def _reversed_bound(
    hyp_text: Text, h: Quantity, verdicts: list[tuple[str, Text, _Verdict]]
) -> Finding | None:
    """D101 for a right figure with its bound reversed: "more than 15%" for «менее 15%», "less
    than 20%" for 两成以上. Reported when a witness matching the figure bounds it the other way
    and none bounds it the same way; a bound on one side only is not (news drops "some")."""
    mine = bound_of(hyp_text.content, h, "en")
    if mine is None:
        return None
    theirs: list[tuple[str, Text, Quantity, Bound]] = []
    for label, other_text, verdict in verdicts:
        if verdict.status != "match" or verdict.other is None:
            continue
        lang = other_text.lang if other_text.lang in ("en", "ru", "zh") else "en"
        bound = bound_of(other_text.content, verdict.other, lang)
        if bound is not None:
            if bound.side == mine.side:
                return None
            theirs.append((label, other_text, verdict.other, bound))
    if not theirs:
        return None
    label, other_text, other, bound = theirs[0]
    start, end = min(mine.start, h.start), max(mine.end, h.end)
    written = hyp_text.content[start:end]
    other_start, other_end = min(bound.start, other.start), max(bound.end, other.end)
    quoted = other_text.content[other_start:other_end]
    replacement = english_for(bound.side, mine.after, bound)
    suggestion = written[: mine.start - start] + replacement + written[mine.end - start :]
    message = (
        f'"{written}" in the translation, "{quoted}" in the {label}: the figure is right, its bound reversed'
    )
    evidence = [("translation", written), (label, quoted), (f"{label}_bound", bound.side)]
    return finding_at("D101", hyp_text, start, end, message, suggestion, evidence)


# Basis points as written on either side (10个基点, 25 базисных пунктов, "25 bp"): the readers
# hold them as percentage points, a hundredth of the written figure.
_WRITTEN_BASIS_POINTS = re.compile(r"基点|basis\s+points?|\d\s?bps?\b|базисн|б\.\s?п\.", re.IGNORECASE)


def _points_for_basis_points(h: Quantity, other: Quantity) -> bool:
    """The translation's percentage points carry the figure the other text gives in basis
    points ("10 percentage points" for 10个基点): the unit is wrong, not the figure."""
    return (
        h.unit == other.unit == "pp"
        and h.value is not None
        and other.value is not None
        and _WRITTEN_BASIS_POINTS.search(other.text) is not None
        and _WRITTEN_BASIS_POINTS.search(h.text) is None
        and abs(h.value - other.value * 100) < 1e-6
    )


def _rule_for(h: Quantity, other: Quantity | None) -> str:
    if h.unit in _CALENDAR_UNITS:
        return "D102"  # a wrong period of a year or part of a month is a date error
    if other is not None and (same_value_other_unit(h, other) or _points_for_basis_points(h, other)):
        return "D103"
    if h.is_date or (other is not None and other.kind in ("date", "time")):
        return "D102"
    if (
        other is not None
        and h.unit
        and other.unit
        and h.unit != other.unit
        and DIMENSION.get(h.unit) == "money"
        and DIMENSION.get(other.unit) == "money"
    ):
        return "D103"
    return "D101"


class NumberCheck:
    """Numbers, dates and amounts compared with every reference and the source."""

    name = "numbers"
    rules = ("D101", "D102", "D103")

    def __init__(self, flag_absent: bool = False) -> None:
        # Also report values found nowhere in any reference or the source. Off by default:
        # between two human translations most such values are content one of them left out
        # (the coverage rules' business), not a wrong number.
        self.flag_absent = flag_absent

    def run(self, doc: AlignedDocument, context: CheckContext | None = None) -> Iterable[Finding]:
        hyp_text = doc.doc.hyp
        hyp_by_sentence = quantities_by_sentence(hyp_text)
        if not any(hyp_by_sentence):
            return []
        witnesses: list[tuple[str, Alignment]] = [
            ("reference" if len(doc.ref_alignments) == 1 else f"reference {k + 1}", alignment)
            for k, alignment in enumerate(doc.ref_alignments)
        ]
        if doc.src_alignment is not None:
            # The pivot is a witness only when it stands in for the source (nothing better at
            # hand): an error made on the way through the pivot is in the pivot too, and
            # would excuse itself.
            witnesses.append((doc.src_role, doc.src_alignment))
        if not witnesses:
            return []
        judged = [
            (label, alignment.other, judge(hyp_by_sentence, alignment)) for label, alignment in witnesses
        ]
        findings: list[Finding] = []
        for sentence in hyp_by_sentence:
            for h in sentence:
                if h.weak and not _reportable_weak(h):
                    continue
                verdicts = [(label, other, v[h.start]) for label, other, v in judged if h.start in v]
                if verdicts and any(v.status == "match" for _, _, v in verdicts):
                    reversed_bound = _reversed_bound(hyp_text, h, verdicts)
                    if reversed_bound is not None:
                        findings.append(reversed_bound)
                    continue
                if not verdicts:
                    continue
                conflicts = [(label, other, v) for label, other, v in verdicts if v.status == "conflict"]
                if not conflicts and (h.weak or not self.flag_absent):
                    continue
                findings.append(self._finding(hyp_text, h, conflicts, [label for label, _, _ in verdicts]))
        return sorted(findings, key=Finding.sort_key)

    def _finding(
        self,
        hyp_text: Text,
        h: Quantity,
        conflicts: list[tuple[str, Text, _Verdict]],
        labels: list[str],
    ) -> Finding:
        evidence: list[tuple[str, str]] = [("translation", h.text), ("translation_value", h.describe())]
        if conflicts:
            label, _other_text, verdict = conflicts[0]
            other = verdict.other
            assert other is not None
            rule = _rule_for(h, other)
            message = f'"{h.text}" in the translation, "{other.text}" in the {label}'
            for extra_label, _, extra in conflicts[1:]:
                if extra.other is not None:
                    message += f', "{extra.other.text}" in the {extra_label}'
            for conflict_label, _, conflict in conflicts:
                if conflict.other is not None:
                    evidence.append((conflict_label, conflict.other.text))
                    evidence.append((f"{conflict_label}_value", conflict.other.describe()))
            suggestion = None
            if verdict.certain:
                suggestion = pasteable(h, other) or (other.text if _other_text.lang == "en" else None)
                suggestion = _clock_width(hyp_text.content, h, suggestion)
        else:
            rule = _rule_for(h, None)
            where = " or ".join(dict.fromkeys(labels))
            message = f'"{h.text}" in the translation has no counterpart in the {where}'
            suggestion = None
        return finding_at(rule, hyp_text, h.start, h.end, message, suggestion, evidence)
