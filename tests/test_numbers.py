"""Extraction and normalisation of numbers, dates, amounts and units in en / ru / zh."""

from __future__ import annotations

import pytest

from qa.numbers import equivalent, extract


def only(text: str, lang: str = "en"):
    found = extract(text, lang)
    assert len(found) == 1, [(q.kind, q.text) for q in found]
    return found[0]


@pytest.mark.parametrize(
    ("text", "lang", "value", "unit"),
    [
        ("within 30 days", "en", 30, "day"),
        ("within thirty days", "en", 30, "day"),
        ("a 30-day review", "en", 30, "day"),
        ("some 1,500 people", "en", 1500, None),
        ("1,5 million roubles", "en", 1_500_000, "RUB"),
        ("$5 million", "en", 5_000_000, "USD"),
        ("$2bn", "en", 2_000_000_000, "USD"),
        ("5 million dollars", "en", 5_000_000, "USD"),
        ("RMB280 million", "en", 280_000_000, "CNY"),
        ("two and a half million", "en", 2_500_000, None),
        ("half a million", "en", 500_000, None),
        ("a hundred and twenty", "en", 120, None),
        ("20 per cent", "en", 20, "%"),
        ("20%", "en", 20, "%"),
        ("1,5 млн долларов", "ru", 1_500_000, "USD"),
        ("5 млн рублей", "ru", 5_000_000, "RUB"),
        ("4 176 027", "ru", 4_176_027, None),
        ("тридцати дней", "ru", 30, "day"),
        ("двухсот пятидесяти", "ru", 250, None),
        ("полтора миллиона", "ru", 1_500_000, None),
        ("20 процентов", "ru", 20, "%"),
        ("3 тыс.", "ru", 3000, None),
        ("3万人", "zh", 30_000, None),
        ("1.5亿美元", "zh", 150_000_000, "USD"),
        ("两百五十人", "zh", 250, None),
        ("百分之二十", "zh", 20, "%"),
        ("四成", "zh", 40, "%"),
        ("30天", "zh", 30, "day"),
        ("1000万千瓦", "zh", 10_000_000, "kW"),
        ("半年", "zh", 0.5, "year"),
    ],
)
def test_values_and_units(text: str, lang: str, value: float, unit: str | None) -> None:
    quantity = only(text, lang)
    assert quantity.value == pytest.approx(value)
    assert quantity.unit == unit
    assert text[quantity.start : quantity.end] == quantity.text


@pytest.mark.parametrize(
    ("text", "lang", "month", "day", "year"),
    [
        ("September 14", "en", 9, 14, None),
        ("14 September 2017", "en", 9, 14, 2017),
        ("Sept. 14", "en", 9, 14, None),
        ("the 14th of September", "en", 9, 14, None),
        ("2017-09-14", "en", 9, 14, 2017),
        ("14 сентября", "ru", 9, 14, None),
        ("13 сентября 2017 года", "ru", 9, 13, 2017),
        ("14.09.2017", "ru", 9, 14, 2017),
        ("9月14日", "zh", 9, 14, None),
        ("九月十四日", "zh", 9, 14, None),
        ("2017年9月14日", "zh", 9, 14, 2017),
    ],
)
def test_dates(text: str, lang: str, month: int, day: int, year: int | None) -> None:
    quantity = only(text, lang)
    assert (quantity.kind, quantity.month, quantity.day, quantity.year) == ("date", month, day, year)


@pytest.mark.parametrize(
    ("text", "lang", "hour", "minute"),
    [("at 14:00", "en", 14, 0), ("2 p.m.", "en", 14, 0), ("в 15:50", "ru", 15, 50), ("下午3点", "zh", 15, 0)],
)
def test_times(text: str, lang: str, hour: int, minute: int) -> None:
    quantity = only(text, lang)
    assert (quantity.kind, quantity.hour, quantity.minute) == ("time", hour, minute)


@pytest.mark.parametrize(
    ("left", "left_lang", "right", "right_lang"),
    [
        ("September 14", "en", "14 September", "en"),
        ("Sept. 14", "en", "9月14日", "zh"),
        ("September 14", "en", "九月十四日", "zh"),
        ("September 14", "en", "14 сентября", "ru"),
        ("30 days", "en", "thirty days", "en"),
        ("30-day", "en", "30 дней", "ru"),
        ("1.5 million", "en", "1,5 млн", "ru"),
        ("30,000", "en", "3万", "zh"),
        ("150 million", "en", "1.5亿", "zh"),
        ("2 p.m.", "en", "14:00", "en"),
        ("three months", "en", "90 days", "en"),
        ("4.2 million", "en", "4,176,027", "en"),
        ("in 2017", "en", "2017年", "zh"),
        ("the 1980s", "en", "80年代", "zh"),
        ("the post-90s generation", "en", "90后", "zh"),
        ("over 2 1/2 million", "en", "two and a half million", "en"),
        ("3½ days", "en", "3.5 days", "en"),
        ("the 19th century", "en", "the 1800s", "en"),
        ("in the nineteenth century", "en", "в XIX веке", "ru"),
        ("the 1960s", "en", "20世纪60年代", "zh"),
        ("in the 1960s", "en", "в 60-е годы", "ru"),
    ],
)
def test_equivalent_forms(left: str, left_lang: str, right: str, right_lang: str) -> None:
    assert equivalent(only(left, left_lang), only(right, right_lang))


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("60 days", "90 days"),
        ("September 13", "September 14"),
        ("30 days", "34 days"),
        ("$5 million", "5 million roubles"),
        ("14:00", "15:00"),
        ("146,000", "126,000"),
    ],
)
def test_different_values_do_not_match(left: str, right: str) -> None:
    assert not equivalent(only(left), only(right))


def test_ranges_share_unit_scale_and_month() -> None:
    days = extract("between 30 and 60 days", "en")
    assert [(q.value, q.unit) for q in days] == [(30, "day"), (60, "day")]
    dollars = extract("$5-6 million", "en")
    assert [(q.value, q.unit) for q in dollars] == [(5_000_000, "USD"), (6_000_000, "USD")]
    dates = extract("on September 13 and 14", "en")
    assert [(q.month, q.day) for q in dates] == [(9, 13), (9, 14)]
    russian = extract("13-14 сентября", "ru")
    assert [(q.kind, q.month, q.day) for q in russian] == [("date", 9, 13), ("date", 9, 14)]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("COVID-19 spread", "en"),
        ("the Three-River-Source park", "en"),
        ("at 0200GMT", "en"),
        ("一些人统一行动，这是原因之一", "zh"),
        ("沿G109国道", "zh"),
        ("случаи Covid-19", "ru"),
    ],
)
def test_codes_and_words_that_are_not_quantities(text: str, lang: str) -> None:
    assert extract(text, lang) == []


def test_weak_values_are_marked() -> None:
    one, first = extract("one of them came first", "en")
    assert one.weak and first.weak
    assert not only("three days").weak


def test_fullwidth_digits_keep_exact_spans() -> None:
    text = "共有１２３人"
    quantity = only(text, "zh")
    assert quantity.value == 123 and text[quantity.start : quantity.end] == quantity.text == "１２３人"


def test_a_figure_with_its_own_unit_is_not_the_start_of_a_range() -> None:
    from qa.numbers import extract

    found = {q.text: q.value for q in extract("in the first eight months to 110 billion US dollars.", "en")}
    assert found["eight months"] == 8.0
    assert found["110 billion US dollars"] == 110e9


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("中俄将举办建交75周年纪念活动。", ("ordinal", 75.0, None)),  # the 75th anniversary
        ("公司成立一百周年。", ("ordinal", 100.0, None)),
        ("孩子刚满5周岁。", ("number", 5.0, "year")),  # five years old
        ("工程将在三周后完工。", ("number", 3.0, "week")),
    ],
)
def test_chinese_zhou_reads_anniversaries_ages_and_weeks(text: str, expected: tuple) -> None:
    (quantity,) = extract(text, "zh")
    assert (quantity.kind, quantity.value, quantity.unit) == expected


def test_an_anniversary_matches_its_english_ordinal_and_not_another() -> None:
    (chinese,) = extract("建交75周年", "zh")
    assert equivalent(chinese, extract("the 75th anniversary", "en")[0])
    assert not equivalent(chinese, extract("the 57th anniversary", "en")[0])


def test_gas_volumes_in_bcm_are_billions_of_cubic_metres() -> None:
    (bcm,) = extract("Exports will reach 38 bcm.", "en")
    assert bcm.value == 38e9
    assert equivalent(bcm, extract("38 billion cubic metres", "en")[0])
    assert equivalent(bcm, extract("38 млрд кубометров", "ru")[0])
    assert not equivalent(bcm, extract("83 млрд кубометров", "ru")[0])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Курс опустился ниже 60 рублей впервые с июня 2022 года.", (2022, 6, None)),
        ("Работы завершат до мая 2023 г.", (2023, 5, None)),
        ("Встреча прошла 5 марта 2021 года.", (2021, 3, 5)),
    ],
)
def test_russian_month_before_a_year_is_a_date(text: str, expected: tuple) -> None:
    dates = [q for q in extract(text, "ru") if q.kind == "date"]
    assert [(q.year, q.month, q.day) for q in dates] == [expected]
    assert not equivalent(dates[0], extract("in July 2022", "en")[0]) or expected[:2] == (2022, 7)


def test_russian_collective_numerals_count() -> None:
    (days,) = extract("Переговоры продлились двое суток.", "ru")
    assert (days.value, days.unit) == (2.0, "day")
    assert equivalent(days, extract("two days", "en")[0])
    assert not equivalent(days, extract("three days", "en")[0])
    assert extract("Тройка лидеров не изменилась, трос выдержал.", "ru") == []


@pytest.mark.parametrize(
    ("russian", "english", "same"),
    [
        ("повысил ставку на 0,25 п.п.", "raised the rate by 25 basis points", True),
        ("снизил ставку на 200 базисных пунктов", "cut the rate by 2 percentage points", True),
        ("на 50 б.п.", "by 50bp", True),
        ("на 0,25 п.п.", "by 50 basis points", False),
    ],
)
def test_basis_points_are_hundredths_of_a_percentage_point(russian: str, english: str, same: bool) -> None:
    (ru,) = extract(russian, "ru")
    (en,) = extract(english, "en")
    assert equivalent(ru, en) is same


@pytest.mark.parametrize(
    ("russian", "english"),
    [
        ("В акции приняли участие полмиллиона человек.", "half a million people"),
        ("Проект обошёлся в полмиллиарда долларов.", "half a billion dollars"),
        ("Бюджет составил 1 млн 200 тыс. рублей.", "1.2 million rubles"),
        ("Выручка достигла 2 млрд 300 млн.", "2.3 billion"),
    ],
)
def test_russian_half_scales_and_compound_figures(russian: str, english: str) -> None:
    (ru,) = extract(russian, "ru")
    (en,) = extract(english, "en")
    assert equivalent(ru, en)


def test_compound_figures_add_up_in_english_as_in_russian() -> None:
    (en,) = extract("The budget is 2 trillion 784 billion rubles.", "en")
    (ru,) = extract("Бюджет составит 2 трлн 784 млрд рублей.", "ru")
    assert en.value == ru.value == 2.784e12 and equivalent(en, ru)
    # a comma between them keeps two figures
    assert [q.value for q in extract("5 million, 200 thousand", "en")] == [5e6, 2e5]


def test_a_range_of_days_shares_month_and_year() -> None:
    first, second = extract("2024年5月16日至17日", "zh")
    assert (second.year, second.month, second.day) == (2024, 5, 17)
    first, second = extract("from May 16 to 17, 2024", "en")
    assert (first.month, first.day, first.year) == (5, 16, None)
    assert (second.text, second.year, second.month, second.day) == ("17, 2024", 2024, 5, 17)


def test_chinese_basis_points_too() -> None:
    (zh,) = extract("央行宣布降息25个基点。", "zh")
    assert equivalent(zh, extract("cut rates by 25 basis points", "en")[0])
    assert equivalent(zh, extract("by 0.25 percentage points", "en")[0])
    assert not equivalent(zh, extract("by 50 basis points", "en")[0])


@pytest.mark.parametrize(
    ("left", "left_lang", "right", "right_lang"),
    [
        ("Выручка снизилась до 6,3 трлн рублей.", "ru", "revenue fell to 6.3 trln roubles", "en"),
        ("营业收入1622亿元", "zh", "revenue of 162.2 bln yuan", "en"),
        ("Ливни шли двое суток.", "ru", "Heavy rain fell for 48 hours.", "en"),
        ("ставка останется высокой около полугода", "ru", "for about six months", "en"),
        ("半年", "zh", "half a year", "en"),
        ("Почти две трети средств", "ru", "almost two-thirds of the money", "en"),
        ("约占全年预期的三分之二", "zh", "about two thirds of the forecast", "en"),
        ("玉米占近五分之二", "zh", "nearly two-fifths", "en"),
        ("夏粮约占全年的两成", "zh", "roughly one fifth of the year's output", "en"),
        ("три четверти билетов", "ru", "three quarters of the tickets", "en"),
        ("треть опрошенных", "ru", "a third of those polled", "en"),
        ("三分之二", "zh", "67%", "en"),
        ("две трети", "ru", "66.7 per cent", "en"),
        ("100至250毫米的强降雨", "zh", "25 centimetres", "en"),
        ("17,9 млн гектаров", "ru", "17.9 million hectares", "en"),
        ("310 млрд кубометров газа", "ru", "310 bcm of gas", "en"),
        ("на 3,1 процентного пункта", "ru", "by 3.1 percentage points", "en"),
        ("下降0.5个百分点", "zh", "down 0.5 percentage point", "en"),
    ],
)
def test_fractions_durations_units_and_abbreviated_scales(
    left: str, left_lang: str, right: str, right_lang: str
) -> None:
    """Forms an editor meets in economic news, each read on both sides as the same figure."""
    lefts, rights = extract(left, left_lang), extract(right, right_lang)
    assert any(equivalent(a, b) for a in lefts for b in rights), (lefts, rights)


@pytest.mark.parametrize(
    ("left", "left_lang", "right", "right_lang"),
    [
        ("Почти две трети средств", "ru", "almost three quarters of the money", "en"),
        ("三分之二", "zh", "one-third", "en"),
        ("三分之二", "zh", "60%", "en"),
        ("250毫米", "zh", "250 centimetres", "en"),
        ("17.9亿亩", "zh", "1.79 billion hectares", "en"),
        ("на 3,1 процентного пункта ниже", "ru", "3.1% lower", "en"),
        ("6,3 трлн рублей", "ru", "6.3 bln roubles", "en"),
    ],
)
def test_a_changed_fraction_unit_or_scale_does_not_match(
    left: str, left_lang: str, right: str, right_lang: str
) -> None:
    lefts, rights = extract(left, left_lang), extract(right, right_lang)
    assert lefts and rights and not any(equivalent(a, b) for a in lefts for b in rights)


@pytest.mark.parametrize(
    "text",
    ["in the third quarter", "a third term in office", "one quarter later", "the two third-placed teams"],
)
def test_ordinals_and_periods_are_not_fractions(text: str) -> None:
    assert not any(q.fraction for q in extract(text, "en"))


def test_a_school_term_is_not_a_quarter() -> None:
    assert not any(q.fraction for q in extract("в третьей четверти учебного года", "ru"))


@pytest.mark.parametrize(
    ("left", "left_lang", "right", "same"),
    [
        ("Экспорт в Китай вырос в полтора раза.", "ru", "Exports to China grew one and a half times.", True),
        ("Экспорт в Китай вырос в полтора раза.", "ru", "Exports to China grew two and a half times.", False),
        ("Чистая прибыль сократилась втрое.", "ru", "Net profit fell threefold.", True),
        ("Чистая прибыль сократилась втрое.", "ru", "Net income was cut by a factor of three.", True),
        ("Чистая прибыль сократилась втрое.", "ru", "Net profit fell twofold.", False),
        ("Выручка выросла в 2,5 раза.", "ru", "Revenue rose 2.5 times.", True),
        ("вдвое больше", "ru", "twice as many", True),
        ("是去年同期的3倍", "zh", "three times the figure a year earlier", True),
        # 增长1.5倍 is read both ways by translators: 1.5 times, or 1.5 times more (2.5 times)
        ("出口增长1.5倍", "zh", "exports grew 2.5 times", True),
        ("出口增长1.5倍", "zh", "exports grew 1.5 times", True),
        ("出口增长1.5倍", "zh", "exports grew 3.5 times", False),
    ],
)
def test_multiples(left: str, left_lang: str, right: str, same: bool) -> None:
    lefts, rights = extract(left, left_lang), extract(right, "en")
    assert lefts and rights
    assert any(equivalent(a, b) for a in lefts for b in rights) is same, (lefts, rights)


def test_a_multiple_is_not_a_percentage() -> None:
    """ "Rose 2.5 times" and "rose 150%" say the same: a multiple never conflicts with a percentage."""
    (multiple,) = extract("Выручка выросла в 2,5 раза.", "ru")
    (percent,) = extract("Revenue rose 150%.", "en")
    assert multiple.unit == "times" and percent.unit == "%"


@pytest.mark.parametrize(
    ("left", "left_lang", "right", "right_lang"),
    [
        ("finished in 20th place", "en", "заняла 20-е место", "ru"),
        ("won the Cup three times", "en", "трижды выиграл Кубок", "ru"),
        ("twice", "en", "дважды", "ru"),
        ("another $1 tln", "en", "еще $1 трлн", "ru"),
    ],
)
def test_russian_ranks_counts_and_the_tln_abbreviation(
    left: str, left_lang: str, right: str, right_lang: str
) -> None:
    """A rank before место is no decade; трижды counts times; tln is how "трлн" gets carried over."""
    assert equivalent(only(left, left_lang), only(right, right_lang))


def test_a_decade_stays_a_decade_without_a_rank_noun() -> None:
    assert [q.kind for q in extract("в 90-е он работал в Москве", "ru")] == ["year"]


@pytest.mark.parametrize(("decade", "year"), [("10", 2010), ("60", 1960)])
def test_a_decade_without_its_century_is_the_same_year_in_every_language(decade: str, year: int) -> None:
    written = [(f"in the {decade}s", "en"), (f"в {decade}-е годы", "ru"), (f"{decade}年代", "zh")]
    found = [only(text, lang) for text, lang in written]
    assert [(q.kind, q.year) for q in found] == [("year", year)] * 3


@pytest.mark.parametrize(
    ("russian", "english"),
    [
        ("В 17 часов 47 минут поступило сообщение", "At 5:47 p.m. a report came in"),
        ("Собрание начнется в 5 часов вечера", "The meeting starts at 5 pm"),
        ("к 9 часам утра", "by 9 a.m."),
    ],
)
def test_a_russian_time_of_day_in_words(russian: str, english: str) -> None:
    assert equivalent(only(russian, "ru"), only(english, "en"))


def test_hours_without_a_preposition_stay_a_duration() -> None:
    assert [(q.kind, q.value) for q in extract("Работы длились 17 часов.", "ru")] == [("number", 17.0)]


def test_the_long_chinese_form_of_basis_points_after_digits() -> None:
    (zh,) = extract("存款利率上调了30个基本点。", "zh")
    assert equivalent(zh, extract("raised by 30 basis points", "en")[0])
    assert not equivalent(zh, extract("raised by 30 percentage points", "en")[0])
    # written in Chinese numerals it is a count of principles, not a rate change
    (count,) = extract("坚持三个基本点。", "zh")
    assert (count.value, count.unit) == (3, None)
