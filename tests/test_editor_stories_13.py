"""An editor's stories in every mode (session 13): each defect found, as a test.

Texts written for these tests (a relay final, a ministers' meeting, a court case, a grain
report, a diplomatic visit): each checks one planted translator's error and its clean version.
"""

from __future__ import annotations

from qa.document import Document, Text


def _numbers(document: Document) -> list[tuple[str, str, str | None]]:
    from qa.checks.numbers import NumberCheck
    from qa.config import Config
    from qa.pipeline import prepare

    found = NumberCheck().run(prepare(document, Config(no_model=True)), None)
    return [(f.rule, f.text, f.suggestion) for f in found]


SWIM_REF = (
    "Li Bing finished the 10-kilometre open-water race second in 1:58:07, and Mo Tan was fourth in 2:04."
)


def test_a_clock_part_keeps_its_two_digits() -> None:
    """The suggestion for a wrong minute of "2:14" was "4" (against "2:04"), which pastes as
    "2:4"; a clock's minutes and seconds keep two digits, whatever the witness writes."""
    hyp = SWIM_REF
    assert _numbers(Document(id="t", hyp=Text(hyp, "en"), refs=[Text(SWIM_REF, "en")])) == []
    slip = Document(id="t", hyp=Text(hyp.replace("2:04", "2:14"), "en"), refs=[Text(SWIM_REF, "en")])
    assert _numbers(slip) == [("D101", "14", "04")]
    slip = Document(id="t", hyp=Text(hyp.replace("1:58:07", "1:58:17"), "en"), refs=[Text(SWIM_REF, "en")])
    assert _numbers(slip) == [("D101", "17", "07")]
    # a plain figure is not padded: "4 km" for "14 km" stays "14"
    plain = Document(
        id="t", hyp=Text("The race was 4 km long.", "en"), refs=[Text("The race was 14 km long.", "en")]
    )
    assert _numbers(plain) == [("D101", "4 km", "14 km")]


def test_a_russian_race_time_is_a_duration() -> None:
    """«стала четвёртой за 2:04» was read as a time of day: the translation's "in 2:04", read
    as the figures of a duration, then drew D101 on both "2" and "04" from the source alone,
    and a real slip in another time of the story lost its suggestion. After за / с
    результатом / показав the parts are plain figures, as in English; «в 14:30» stays a time."""
    src = Text("Мо Тань проплыла дистанцию за 2:04, Ли Бин показав 1:58:07.", "ru")
    hyp = "Mo Tan swam the distance in 2:04, Li Bing clocked 1:58:07."
    assert _numbers(Document(id="t", hyp=Text(hyp, "en"), refs=[], src=src)) == []
    slip = Document(id="t", hyp=Text(hyp.replace("2:04", "2:14"), "en"), refs=[], src=src)
    assert _numbers(slip) == [("D101", "14", "04")]
    from qa.numbers import extract

    assert [q.kind for q in extract("Заседание началось в 14:30.", "ru")] == ["time"]


def _chinese_names(hyp: str, src: str, lang: str = "ru") -> list[tuple[str, str, str | None]]:
    from qa.checks.chinese_names import ChineseNameCheck
    from qa.checks.interface import CheckContext
    from qa.config import Config
    from qa.pipeline import prepare

    config = Config(no_model=True)
    document = Document(id="t", hyp=Text(hyp, "en"), refs=[], src=Text(src, lang))
    found = ChineseNameCheck().run(prepare(document, config), CheckContext(config=config))
    return [(f.rule, f.text, f.suggestion) for f in found]


VISIT_RU = (
    "Глава МИД Индии Субрахманьям Джайшанкар встретится в Шанхае с китайским коллегой Ван И. "
    "Позже его примут вице-премьер Дин Сюэсян и председатель КНР Си Цзиньпин; переговоры с Ли "
    "Цяном намечены на вторник."
)
VISIT_EN = (
    "Indian Foreign Minister Subrahmanyam Jaishankar will meet his Chinese counterpart Wang Yi in "
    "Shanghai. He will later be received by Vice-Premier Ding Xuexiang and President Xi Jinping; "
    "talks with Li Qiang are set for Tuesday."
)


def test_a_chinese_name_in_russian_spelling_is_read_as_pinyin() -> None:
    """«Ван И» rendered "Wang Ye" gave nothing from the Russian source: the Russian schemes
    read Ван И as "Van I". A Chinese person the source writes in Palladius Cyrillic (a common
    surname, a given name of one to three syllables; declined forms too) is read back as
    pinyin, and a given name one letter off is a slip with the pinyin as its suggestion."""
    from qa.zh.palladius import chinese_names, read_back

    assert [(s, g) for s, g, _, _ in chinese_names(VISIT_RU)] == [
        ("wang", "yi"),
        ("ding", "xuexiang"),
        ("xi", "jinping"),
        ("li", "qiang"),
    ]
    assert read_back("Непомнящий") is None and read_back("Гог") is None
    assert _chinese_names(VISIT_EN, VISIT_RU) == []
    assert _chinese_names(VISIT_EN.replace("Wang Yi", "Wang Ye"), VISIT_RU) == [("N109", "Ye", "Yi")]
    assert _chinese_names(VISIT_EN.replace("Xuexiang", "Xuexaing"), VISIT_RU) == [
        ("N101", "Xuexaing", "Xuexiang")
    ]
    assert _chinese_names(VISIT_EN.replace("Li Qiang", "Li Quang"), VISIT_RU) == [("N109", "Quang", "Qiang")]
    # a name the source does not write in Palladius, a Wade-Giles spelling: nothing
    assert (
        _chinese_names("Taiwan's Tsai Ing-wen met Wang Yi.", "Тайваньская Цай Инвэнь встретилась с Ван И.")
        == []
    )
