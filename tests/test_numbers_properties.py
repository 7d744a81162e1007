"""Property tests for the number parser: every way of writing an integer reads back the same."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from qa.numbers import extract
from qa.numbers.chinese import parse_chinese_numeral

_ONES = (
    "zero one two three four five six seven eight nine ten "
    "eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def english_words(n: int) -> str:
    """Our own reference speller, British style ("one hundred and five")."""
    if n < 20:
        return _ONES[n]
    if n < 100:
        return _TENS[n // 10] + ("-" + _ONES[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        return _ONES[n // 100] + " hundred" + (" and " + english_words(rest) if rest else "")
    for scale, name in ((10**9, "billion"), (10**6, "million"), (1000, "thousand")):
        if n >= scale:
            rest = n % scale
            head = english_words(n // scale) + " " + name
            if not rest:
                return head
            return head + (" and " if rest < 100 else " ") + english_words(rest)
    raise AssertionError(n)


_CN_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """Standard Chinese reading: 10 -> 十, 105 -> 一百零五, 30000 -> 三万, 120000000 -> 一亿二千万."""
    if n == 0:
        return "零"

    def below_10000(m: int, leading: bool) -> str:
        out, zero = "", False
        for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            digit = m // value % 10
            if digit:
                if zero and out:
                    out += "零"
                zero = False
                if not (value == 10 and digit == 1 and not out and leading):
                    out += _CN_DIGITS[digit]
                out += unit
            elif out:
                zero = True
        return out

    parts, pending_zero = "", False
    for value, unit in ((10**8, "亿"), (10**4, "万"), (1, "")):
        chunk = n // value % 10**4 if value < 10**8 else n // value
        if chunk:
            if parts and (pending_zero or chunk < 1000):
                parts += "零"
            parts += below_10000(chunk, not parts) + unit
            pending_zero = False
        elif parts:
            pending_zero = True
    return parts


def single_value(text: str, lang: str = "en") -> float | None:
    found = extract(text, lang)
    assert len(found) == 1, (text, [(q.kind, q.text) for q in found])
    return found[0].value


# Uniform integers rarely end in a short tail ("one million and five"), so mix in such shapes.
integers = st.one_of(
    st.integers(min_value=0, max_value=999_999_999),
    st.builds(
        lambda head, scale, tail: head * scale + tail,
        st.integers(min_value=1, max_value=999),
        st.sampled_from([100, 1000, 1_000_000]),
        st.integers(min_value=0, max_value=99),
    ),
)


@given(integers)
def test_digits_with_and_without_separators_agree(n: int) -> None:
    plain = single_value(f"The count was {n} people.")
    grouped = single_value(f"The count was {n:,} people.")
    assert plain == grouped == n or (1000 <= n <= 2099 and grouped == n)


@given(integers)
def test_english_words_read_back(n: int) -> None:
    assert single_value(f"They counted {english_words(n)} cases.") == n


@given(st.integers(min_value=1, max_value=999_999_999))
def test_chinese_numerals_read_back(n: int) -> None:
    assert parse_chinese_numeral(chinese_numeral(n)) == n


@given(st.integers(min_value=1, max_value=9_999), st.sampled_from(["万", "亿"]))
def test_chinese_scales_match_english_scales(n: int, scale: str) -> None:
    factor = 10_000 if scale == "万" else 100_000_000
    assert single_value(f"共有{n}{scale}人", "zh") == n * factor


@given(st.integers(min_value=1, max_value=31), st.integers(min_value=1, max_value=12))
def test_dates_in_three_languages_agree(day: int, month: int) -> None:
    english_months = "January February March April May June July August September October November December"
    russian_months = "января февраля марта апреля мая июня июля августа сентября октября ноября декабря"
    forms = [
        (f"on {english_months.split()[month - 1]} {day}", "en"),
        (f"on {day} {english_months.split()[month - 1]}", "en"),
        (f"{day} {russian_months.split()[month - 1]}", "ru"),
        (f"{month}月{day}日", "zh"),
        (f"{chinese_numeral(month)}月{chinese_numeral(day)}日", "zh"),
    ]
    for text, lang in forms:
        (quantity,) = extract(text, lang)
        assert (quantity.month, quantity.day) == (month, day), text


@settings(max_examples=300)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200), st.sampled_from(["en", "ru", "zh"]))
def test_never_raises_and_spans_index_the_text(text: str, lang: str) -> None:
    previous_end = 0
    for quantity in extract(text, lang):
        assert 0 <= previous_end <= quantity.start < quantity.end <= len(text)
        assert text[quantity.start : quantity.end] == quantity.text
        previous_end = quantity.end


_PIECES = st.sampled_from(
    [
        " ",
        ",",
        ".",
        "-",
        "5",
        "14",
        "1,500",
        "2017",
        "September",
        "сентября",
        "月",
        "日",
        "万",
        "亿",
        "三",
        "十",
        "million",
        "млн",
        "days",
        "дней",
        "天",
        "$",
        "%",
        "p.m.",
        ":",
        "30",
        "and",
        "a half",
        "第",
        "年",
    ]
)


@settings(max_examples=300)
@given(st.lists(_PIECES, max_size=25), st.sampled_from(["en", "ru", "zh"]))
def test_number_like_noise_never_raises(pieces: list[str], lang: str) -> None:
    text = "".join(pieces)
    for quantity in extract(text, lang):
        assert text[quantity.start : quantity.end] == quantity.text
