"""D101-D103: the number check against references and sources, on our own texts and the seed corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.checks import CHECK_CLASSES
from qa.checks.numbers import NumberCheck
from qa.config import Config
from qa.document import AlignedDocument, AlignedPair, Alignment, Document, Severity, Text
from qa.pipeline import prepare

CORPUS = Path(__file__).resolve().parents[1] / "corpora" / "kaspersky-2017"

HYP = (
    "The ministry issued the order on March 3.\n"
    "Agencies must review their systems within 30 days and submit a plan within 60 days.\n"
    "The fine is $5 million, and 20% of it is due at once."
)
REF = (
    "The ministry issued the order on 3 March.\n"
    "Agencies have thirty days to review their systems and 60 days to submit a plan.\n"
    "The fine is five million dollars, with 20 per cent due immediately."
)
SRC_RU = (
    "Министерство издало приказ 3 марта.\n"
    "Ведомства должны проверить системы в течение 30 дней и представить план в течение 60 дней.\n"
    "Штраф составляет $5 млн, 20% из них нужно выплатить сразу."
)
SRC_ZH = (
    "该部于三月三日发布命令。各机构须在30天内审查系统，并在60天内提交计划。"
    "罚款为500万美元，其中20%须立即缴纳。"
)


def run(hyp: str, refs: tuple[str, ...] = (), src: str | None = None, src_lang: str = "ru", **kwargs):
    doc = Document(
        id="t",
        hyp=Text(hyp, "en"),
        refs=[Text(r, "en") for r in refs],
        src=Text(src, src_lang) if src is not None else None,
    )
    return list(NumberCheck(**kwargs).run(prepare(doc, Config(no_model=True)), None))


def test_registered() -> None:
    assert "qa.checks.numbers:NumberCheck" in CHECK_CLASSES


@pytest.mark.parametrize(
    ("refs", "src", "lang"),
    [((REF,), None, "ru"), ((), SRC_RU, "ru"), ((), SRC_ZH, "zh"), ((REF,), SRC_RU, "ru")],
)
def test_faithful_translation_has_no_finding(refs: tuple[str, ...], src: str | None, lang: str) -> None:
    assert run(HYP, refs, src, lang) == []


@pytest.mark.parametrize(
    ("old", "new", "rule", "reference_text"),
    [
        ("within 60 days", "within 90 days", "D101", "60 days"),
        ("on March 3", "on March 4", "D102", "3 March"),
        ("$5 million", "5 million roubles", "D103", "five million dollars"),
        ("20%", "25%", "D101", "20 per cent"),
    ],
)
def test_changed_value_is_reported_with_both_values(
    old: str, new: str, rule: str, reference_text: str
) -> None:
    hyp = HYP.replace(old, new)
    findings = run(hyp, (REF,))
    assert len(findings) == 1, [f.message for f in findings]
    finding = findings[0]
    changed = new.split()[-1] if rule != "D103" else new
    assert finding.rule == rule and finding.severity == Severity.ERROR
    assert changed in finding.text and hyp[finding.span.start : finding.span.end] == finding.text
    assert reference_text in finding.message and finding.text in finding.message
    assert dict(finding.evidence)["reference"] == reference_text


@pytest.mark.parametrize(("src", "lang", "source_text"), [(SRC_RU, "ru", "60 дней"), (SRC_ZH, "zh", "60天")])
def test_changed_value_is_reported_against_the_source(src: str, lang: str, source_text: str) -> None:
    (finding,) = run(HYP.replace("within 60 days", "within 45 days"), src=src, src_lang=lang)
    assert finding.rule == "D101" and finding.text == "45 days" and source_text in finding.message


def test_a_value_repeated_elsewhere_is_still_caught_in_its_sentence() -> None:
    # 30 appears in the reference, but the aligned sentence says 60 where the translation says 30.
    (finding,) = run(HYP.replace("within 60 days", "within 30 days"), (REF,))
    assert finding.text == "30 days" and "60 days" in finding.message


def test_any_reference_that_agrees_is_enough() -> None:
    other_ref = REF.replace("60 days", "two months")
    wrong_ref = REF.replace("60 days", "90 days")
    assert run(HYP, (wrong_ref, other_ref)) == []


def test_value_absent_from_every_witness_is_reported_only_on_request() -> None:
    hyp = HYP + "\nThe agency employs 4,200 people."
    assert run(hyp, (REF,)) == []
    (finding,) = run(hyp, (REF,), flag_absent=True)
    assert finding.text == "4,200" and "no counterpart" in finding.message


def test_small_worded_numbers_only_against_each_other() -> None:
    ref = "She named five foods that helped her. One of them was rice."
    assert [f.text for f in run("She named three foods that helped her. One of them was rice.", (ref,))] == [
        "three"
    ]
    assert run("She named five foods that helped her. First of all, rice.", (ref,)) == []


def test_no_witness_means_no_finding() -> None:
    assert run(HYP) == []


def corpus_text(name: str) -> str:
    return (CORPUS / f"kaspersky-2017.{name}.txt").read_text(encoding="utf-8")


@pytest.mark.skipif(not CORPUS.exists(), reason="seed corpus not present")
class TestSeedCase:
    @pytest.mark.parametrize("witness", ["ref", "src", "pivot", "all"])
    def test_seed_article_has_no_false_number_finding(self, witness: str) -> None:
        assert self.check(corpus_text("hyp"), witness) == []

    @pytest.mark.parametrize("witness", ["ref", "src", "pivot", "all"])
    @pytest.mark.parametrize(
        ("old", "new", "expected"),
        [
            ("within 60 days", "within 45 days", ("45 days", "60")),
            ("within 90 days", "within 120 days", ("120 days", "90")),
            ("On September 13,", "On September 12,", ("September 12", "13")),
            ("told reporters on September 14", "told reporters on September 15", ("September 15", "14")),
        ],
    )
    def test_changed_date_or_deadline_is_caught(
        self, witness: str, old: str, new: str, expected: tuple
    ) -> None:
        hyp = corpus_text("hyp")
        assert old in hyp
        findings = self.check(hyp.replace(old, new), witness)
        assert len(findings) == 1, [f.message for f in findings]
        wrong, right = expected
        assert findings[0].text == wrong and right in findings[0].message
        assert findings[0].rule == ("D102" if "September" in wrong else "D101")

    def test_pivot_is_a_witness_only_when_nothing_else_is(self) -> None:
        hyp = corpus_text("hyp").replace("within 60 days", "within 45 days")
        pivot = Text(corpus_text("pivot.zh"), "zh")
        alone = Document(id="k", hyp=Text(hyp, "en"), pivot=pivot)
        (finding,) = NumberCheck().run(prepare(alone, Config(no_model=True)), None)
        assert "in the pivot" in finding.message and "60天" in finding.message
        wrong_pivot = Text(corpus_text("pivot.zh").replace("60天", "45天"), "zh")
        with_ref = Document(
            id="k", hyp=Text(hyp, "en"), refs=[Text(corpus_text("ref"), "en")], pivot=wrong_pivot
        )
        (finding,) = NumberCheck().run(prepare(with_ref, Config(no_model=True)), None)
        assert "in the reference" in finding.message

    @staticmethod
    def check(hyp: str, witness: str):
        refs = [Text(corpus_text("ref"), "en")] if witness in ("ref", "all") else []
        src = None
        if witness in ("src", "all"):
            src = Text(corpus_text("src.ru"), "ru")
        elif witness == "pivot":
            src = Text(corpus_text("pivot.zh"), "zh")  # the Chinese version, read as a source
        doc = Document(id="kaspersky-2017", hyp=Text(hyp, "en"), refs=refs, src=src)
        return list(NumberCheck().run(prepare(doc, Config(no_model=True)), None))


# --- issue 12: weekdays, certain pairings, pasteable suggestions -----------------------------


@pytest.mark.parametrize(
    ("refs", "src", "lang"),
    [
        (("The council met on Tuesday and approved the plan.",), None, "ru"),
        ((), "Совет собрался во вторник и одобрил план.", "ru"),
        ((), "理事会星期二开会并批准了该计划。", "zh"),
        ((), "理事会周二开会并批准了该计划。", "zh"),
    ],
)
def test_changed_weekday_is_a_date_error(refs: tuple[str, ...], src: str | None, lang: str) -> None:
    (finding,) = run("The council met on Wednesday and approved the plan.", refs, src, lang)
    assert finding.rule == "D102" and finding.text == "Wednesday" and finding.suggestion == "Tuesday"
    assert run("The council met on Tuesday and approved the plan.", refs, src, lang) == []


def test_environment_is_not_wednesday() -> None:
    assert (
        run("Pollution harms the environment.", (), "Загрязнение вредит окружающей среде, среда страдает.")
        == []
    )


@pytest.mark.parametrize(
    ("hyp", "src", "suggestion"),
    [
        (
            "The budget deficit reached 1.2 trillion rubles last year.",
            "Дефицит бюджета в прошлом году достиг 1,5 трлн рублей.",
            "1.5 trillion rubles",
        ),
        ("Inflation slowed to 7.8% in March.", "В марте инфляция замедлилась до 8,1 %.", "8.1%"),
        ("The company hired 12,500 people.", "Компания наняла 12 800 человек.", "12,800"),
        ("It is the 20th summit.", "Это 21-й саммит.", "21st"),
        # a wrong scale word: the editor's figure keeps the mantissa and fixes the word
        (
            "The deficit will amount to 1.2 billion rubles.",
            "Дефицит составит 1,2 трлн рублей.",
            "1.2 trillion rubles",
        ),
        ("The company earned $8 billion.", "Компания выручила 800 млн долларов.", "$800 million"),
        ("Exports fell to 3 bn euros.", "Экспорт упал до 3 млн евро.", "3 mln euros"),
    ],
)
def test_suggestions_are_written_the_way_the_translation_writes_numbers(
    hyp: str, src: str, suggestion: str
) -> None:
    (finding,) = run(hyp, (), src)
    assert finding.rule == "D101" and finding.suggestion == suggestion


def test_two_dates_pair_by_what_they_state() -> None:
    hyp = "Figures published on December 13 showed prices rose in October."
    findings = run(hyp, (), "12月3日公布的数据显示，11月份物价上涨。", "zh")
    assert [(f.text, f.suggestion) for f in findings] == [
        ("December 13", "December 3"),
        ("October", "November"),
    ]
    # two dates of one shape on each side: which replaces which is a guess
    two = run("Talks ran from May 4 to May 9.", (), "Переговоры шли с 5 по 8 мая.")
    assert all(f.suggestion is None for f in two)


def test_no_suggestion_when_the_pairing_is_not_certain() -> None:
    # "1735" has nothing to pair with in its sentence; the next source sentence has "2014",
    # which the translation lacks. Before, "2014" was proposed for Orsk's founding year.
    hyp = "Orsk was founded as a fortress on the Ural river in 1735.\nIt is a big city."
    src = "Орск основан как крепость на реке Урал.\nВ 2014 году город отметил юбилей."
    findings = run(hyp, (), src)
    assert findings and all(f.suggestion is None for f in findings)
    # two values left on each side: which replaces which is a guess
    two = run("Prices rose 5% and wages 7% in 2020.", (), "В 2020 году цены выросли на 6%, а зарплаты на 8%.")
    assert two and all(f.suggestion is None for f in two)


def test_russian_decimal_comma_matches_english_point() -> None:
    hyp = "Verstappen beat Hamilton by 2.256 seconds in Formula 1."
    assert run(hyp, (), "Ферстаппен опередил Хэмилтона на 2,256 секунды в «Формуле-1».") == []


def test_chinese_figure_written_with_wan_and_digits() -> None:
    hyp = "He added that Sabah has issued 24,801 birth papers so far this year."
    assert run(hyp, (), "他补充，沙巴今年至今共发出2万4801张报生纸。", "zh") == []
    (finding,) = run(hyp.replace("24,801", "24,810"), (), "他补充，沙巴今年至今共发出2万4801张报生纸。", "zh")
    assert finding.suggestion == "24,801"


def test_a_value_rendered_elsewhere_is_not_what_another_mistranslates() -> None:
    # "14th" renders 十四五, which the reader does not take for a number; the source's
    # 12月11日 is "December 11" in the previous sentence, so it is not a rival for "14th".
    hyp = (
        "Xinhua News Agency, Beijing, December 11. People's Daily article on December 12: "
        '"14th Five-Year Plan" achieves a good start.'
    )
    src = "新华社北京12月11日电 人民日报12月12日评论员文章 ： “ 十四五”实现良好开局。"
    doc = Document(id="t", hyp=Text(hyp, "en"), src=Text(src, "zh"))
    # as the encoder aligns it: the dateline sentence alone, unmatched
    pairs = [AlignedPair((0,), (), 0.0), AlignedPair((1,), (0,), 0.7)]
    aligned = AlignedDocument(doc, src_alignment=Alignment(doc.src, pairs))
    assert list(NumberCheck().run(aligned, None)) == []


@pytest.mark.parametrize(
    ("hyp", "src"),
    [
        ("We welcome the 20th Party Congress.", "迎接党的二十大胜利召开。"),
        (
            '"A good start to the 14th Five-Year Plan," it said of the past year.',
            "“实现了‘十四五’良好开局”，一年来。",
        ),
    ],
)
def test_numbered_congress_and_plan_are_ordinals(hyp: str, src: str) -> None:
    assert run(hyp, (), src, "zh") == []
    (finding,) = run(hyp.replace("20th", "21st").replace("14th", "13th"), (), src, "zh")
    assert finding.rule == "D101"


def test_an_ordinal_is_not_a_duration() -> None:
    hyp = '"A good start to the plan," it said of the past 14th year.'
    assert run(hyp, (), "“实现了良好开局”，一年来。", "zh") == []


def test_a_worded_ordinal_is_compared_with_a_chinese_ordinal() -> None:
    src = "这是今年第五次加息。"
    assert run("It was the fifth rate hike this year.", (), src, "zh") == []
    (finding,) = run("It was the fourth rate hike this year.", (), src, "zh")
    assert (finding.rule, finding.text) == ("D101", "fourth")
    # "first" stays weak: 首次 and "for the first time" are rendered freely.
    assert run("It was the first rate hike this year.", (), "这是今年第二次加息。", "zh") == []


def test_the_year_after_a_day_range_belongs_to_the_range() -> None:
    src = "普京于2024年5月16日至17日对中国进行国事访问。"
    assert run("Putin visited China from May 16 to 17, 2024.", (), src, "zh") == []
    (finding,) = run("Putin visited China from May 16 to 17, 2023.", (), src, "zh")
    assert (finding.rule, finding.text) == ("D102", "17, 2023")


def test_a_sentence_the_aligner_left_alone_is_read_against_its_neighbours() -> None:
    src = (
        "俄罗斯外交部长谢尔盖·拉夫罗夫周二在莫斯科会见了中国外交部长王毅。"
        "双方讨论了乌克兰局势和两国经贸合作。会谈持续了约三个小时。"
    )
    hyp = (
        "Russian Foreign Minister Sergei Lavrov met Chinese Foreign Minister Wang Yi in Moscow on {day}. "
        "The two sides discussed the situation in Ukraine and economic and trade cooperation between "
        "the two countries. The talks lasted about three hours."
    )
    assert run(hyp.format(day="Tuesday"), (), src, "zh") == []
    (finding,) = run(hyp.format(day="Thursday"), (), src, "zh")
    assert (finding.rule, finding.text) == ("D102", "Thursday")


GAZPROM_RU = (
    "Выручка «Газпрома» за девять месяцев снизилась на 27%, до 6,3 трлн рублей. "
    "Компания добыла 310 млрд кубометров газа."
)
GAZPROM_EN = (
    "Gazprom's revenue for the nine months fell 27% to 6.3 trillion roubles. "
    "The company produced 310 billion cubic metres of gas."
)


def test_a_wrong_scale_word_is_fixed_in_the_scale_word() -> None:
    """The suggestion writes the value the way the translation writes figures: "6.3 trillion
    roubles", not "6300 billion roubles"."""
    findings = run(GAZPROM_EN.replace("6.3 trillion", "6.3 billion"), src=GAZPROM_RU)
    assert [(f.rule, f.text, f.suggestion) for f in findings] == [
        ("D101", "6.3 billion roubles", "6.3 trillion roubles")
    ]


def test_the_faithful_gazprom_story_is_clean_and_a_unit_swap_is_d103() -> None:
    assert run(GAZPROM_EN, src=GAZPROM_RU) == []
    findings = run(GAZPROM_EN.replace("cubic metres", "tonnes"), src=GAZPROM_RU)
    assert [(f.rule, f.text) for f in findings] == [("D103", "310 billion tonnes")]
    # another figure in another physical unit: a wrong figure, with no mechanical fix
    findings = run(GAZPROM_EN.replace("310 billion cubic metres", "310 million tonnes"), src=GAZPROM_RU)
    assert [(f.rule, f.text, f.suggestion) for f in findings] == [("D101", "310 million tonnes", None)]


def test_basis_points_suggestion_stays_in_basis_points() -> None:
    src = "中国人民银行宣布，一年期贷款市场报价利率下调10个基点至3.45%。"
    hyp = "The People's Bank of China cut the one-year loan prime rate by 15 basis points to 3.45%."
    findings = run(hyp, src=src, src_lang="zh")
    assert [(f.rule, f.text, f.suggestion) for f in findings] == [
        ("D101", "15 basis points", "10 basis points")
    ]


def test_percent_for_percentage_points_is_a_unit_error() -> None:
    src = "Явка составила 45,2%, что на 3,1 процентного пункта ниже, чем пять лет назад."
    ref = "Turnout stood at 45.2 percent, down 3.1 percentage points from five years earlier."
    hyp = "Turnout was 45.2%, 3.1 percentage points lower than five years ago."
    assert run(hyp, (ref,), src) == []
    findings = run(hyp.replace("3.1 percentage points", "3.1%"), (ref,), src)
    assert [(f.rule, f.text, f.suggestion) for f in findings] == [("D103", "3.1%", "3.1 percentage points")]


@pytest.mark.parametrize(
    ("old", "new"),
    [("two-thirds", "three quarters"), ("250 millimetres", "250 centimetres")],
)
def test_fractions_and_millimetres_from_the_chinese_source(old: str, new: str) -> None:
    src = "净利润约占全年预期的三分之二。未来两天沿海将出现250毫米的强降雨。"
    hyp = (
        "Net profit was about two-thirds of the full-year forecast. "
        "Up to 250 millimetres of rain is expected on the coast over the next two days."
    )
    assert run(hyp, src=src, src_lang="zh") == []
    findings = run(hyp.replace(old, new), src=src, src_lang="zh")
    assert [f.text for f in findings] == [new]


@pytest.mark.parametrize(
    ("hyp", "src", "lang", "suggestion"),
    [
        (
            "His main rival received more than 15% of the vote.",
            "Его главный соперник получил менее 15% голосов.",
            "ru",
            "less than 15%",
        ),
        (
            "Overseas sales accounted for less than 20% of the total.",
            "海外销量占总销量的两成以上。",
            "zh",
            "more than 20%",
        ),
        (
            "Fewer than 800 people were evacuated.",
            "Спасатели эвакуировали более 800 человек.",
            "ru",
            "more than 800",
        ),
        (
            "More than 300 flights were cancelled across the province.",
            "全省共有不到300个航班取消。",
            "zh",
            "less than 300",
        ),
    ],
)
def test_a_right_figure_with_its_bound_reversed_is_d101(
    hyp: str, src: str, lang: str, suggestion: str
) -> None:
    findings = run(hyp, src=src, src_lang=lang)
    assert [(f.rule, f.suggestion) for f in findings] == [("D101", suggestion)], [f.message for f in findings]
    finding = findings[0]
    assert hyp[finding.span.start : finding.span.end] == finding.text
    assert "bound" in finding.message


@pytest.mark.parametrize(
    ("hyp", "src", "lang"),
    [
        (
            "His main rival received less than 15% of the vote.",
            "Его главный соперник получил менее 15% голосов.",
            "ru",
        ),
        ("His main rival received 15% of the vote.", "Его главный соперник получил менее 15% голосов.", "ru"),
        ("Rescuers evacuated over 800 people.", "Спасатели эвакуировали более 800 человек.", "ru"),
        ("More than 300 flights were cancelled.", "全省共有300多个航班取消。", "zh"),
        ("Nearly 2.08 million vehicles were sold.", "公司共销售新能源汽车近208万辆。", "zh"),
        ("Almost 40 people were injured.", "Пострадали менее 40 человек.", "ru"),
        ("About 40 more were injured.", "Пострадали свыше 40 человек.", "ru"),
    ],
)
def test_a_bound_kept_dropped_or_softened_is_not_reported(hyp: str, src: str, lang: str) -> None:
    assert run(hyp, src=src, src_lang=lang) == []


def test_a_changed_multiple_is_reported_and_a_converted_one_is_not() -> None:
    src = "Экспорт в Китай вырос в 2,5 раза, а чистая прибыль сократилась втрое."
    assert run("Exports to China grew 2.5 times and net profit fell threefold.", src=src) == []
    assert run("Exports to China rose 150% and net profit fell by a factor of three.", src=src) == []
    findings = run("Exports to China grew 2.5 times and net profit fell twofold.", src=src)
    assert [(f.rule, f.text) for f in findings] == [("D101", "twofold")]


def test_a_multiple_is_compared_only_with_a_multiple() -> None:
    """A bare figure beside a multiple is no evidence: "doubled" does not mistranslate the 1 of
    "by 1 point"; two multiples are ("tripled" for 翻了一番 is not read, so nothing is said)."""
    src = "今年销量增长1个百分点，出口额是去年的2倍。"
    assert run("Sales rose 1 percentage point this year and exports doubled.", src=src, src_lang="zh") == []
    findings = run("Sales rose 1 percentage point this year and exports tripled.", src=src, src_lang="zh")
    assert [(f.rule, f.text) for f in findings] == [("D101", "tripled")]


@pytest.mark.parametrize(
    ("refs", "src"),
    [
        ((), "国家统计局11日发布数据，全国粮食总产量达到6.95亿吨。"),
        (("The bureau said on the 11th that output was 695 million tons.",), None),
    ],
)
def test_a_day_of_the_month_written_as_an_ordinal_is_a_date(refs: tuple[str, ...], src: str | None) -> None:
    hyp = "The National Bureau of Statistics said on the 12th that grain output reached 695 million tonnes."
    findings = run(hyp, refs, src, "zh")
    assert [(f.rule, f.text, f.suggestion) for f in findings] == [("D102", "12th", "11th")]
    assert run(hyp.replace("12th", "11th"), refs, src, "zh") == []
