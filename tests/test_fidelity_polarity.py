"""A sentence that reverses its source or reference (a negation dropped or added, a rise for a
fall) goes under the F101 line; faithful sentences, fixed expressions with a negation word and
double negations stay clean. Sentences written for these tests."""

from __future__ import annotations

import pytest

from qa.config import Config
from qa.document import Document, Text
from qa.fidelity.detected import STEP
from qa.fidelity.polarity import reversal
from qa.fidelity.score import LOW_FIDELITY
from qa.pipeline import Checker

# (translation, source or reference, its language): faithful, must stay clean
FAITHFUL = [
    # Russian fixed expressions with не that do not negate
    (
        "Inflation reached at least 9 percent in March.",
        "Инфляция в марте составила не менее 9 процентов.",
        "ru",
    ),
    (
        "Nevertheless, the bank kept the rate at 16 percent.",
        "Тем не менее банк сохранил ставку на уровне 16%.",
        "ru",
    ),
    ("The plant has been shut more than once this year.", "В этом году завод закрывали не раз.", "ru"),
    ("Not only prices but also wages went up.", "Выросли не только цены, но и зарплаты.", "ru"),
    ("The minister almost resigned.", "Министр чуть ли не подал в отставку.", "ru"),
    ("He had to agree with the court.", "Он не мог не согласиться с судом.", "ru"),  # double negation
    (
        "The regulator does not rule out further rate rises.",
        "Регулятор не исключает дальнейшего повышения ставки.",
        "ru",
    ),
    ("The company refused to comment.", "В компании отказались от комментариев.", "ru"),
    ("Exports rose by 4 percent in May.", "Экспорт в мае вырос на 4 процента.", "ru"),
    # Chinese words with 不, 无, 未 that do not negate
    ("Not only exports but also imports grew.", "不仅出口增长，进口也增长了。", "zh"),
    ("The company has constantly expanded its market share.", "该公司不断扩大市场份额。", "zh"),
    ("Whatever the result, the talks will continue.", "无论结果如何，谈判都将继续。", "zh"),
    ("The future of the project is bright.", "该项目的未来是光明的。", "zh"),
    ("Can the plan succeed?", "这个计划能不能成功？", "zh"),
    ("Food prices fell 1.2% month on month.", "食品价格环比下降1.2%。", "zh"),
    ("The central bank did not cut rates.", "央行没有降息。", "zh"),
    ("The minister was not at the meeting.", "部长并没有出席会议。", "zh"),
    # English paraphrases against an English reference
    ("The mayor failed to win a majority.", "The mayor did not win a majority.", "en"),
    ("The plant is no longer in operation.", "The plant does not operate any more.", "en"),
    ("None of the passengers was hurt.", "No passengers were injured.", "en"),
    ("The talks ended without an agreement.", "The talks did not produce an agreement.", "en"),
    ("He was unable to attend.", "He could not attend.", "en"),
    ("It is not only cheaper but also faster.", "It is cheaper and also faster.", "en"),
    ("The price rose by a third.", "The price increased by a third.", "en"),
    # a contrastive negation negates a phrase, not the verb: the other side may say it without one
    ("The menu is mostly Georgian, and not Armenian.", "The menu is more Georgian than Armenian.", "en"),
    (
        "The menu is mostly Georgian, and not Armenian.",
        "В меню больше грузинских, а не армянских блюд.",
        "ru",
    ),
    ("The menu is Georgian rather than Armenian.", "Меню скорее грузинское, а не армянское.", "ru"),
    ("The money went to schools, not roads.", "Деньги пошли на школы, а не на дороги.", "ru"),
    ("The money went to schools, not roads.", "The money went to schools instead of roads.", "en"),
    ("The money went to schools.", "Деньги пошли не на дороги, а на школы.", "ru"),
    ("The money went to schools, not roads.", "资金用于学校，而不是道路。", "zh"),
    ("The money went to schools rather than roads.", "资金用于学校而非道路。", "zh"),
    ("The money went to schools.", "资金不是用于道路，而是用于学校。", "zh"),
    ("The money went not to roads but to schools.", "The money was spent on schools.", "en"),
    # concessive ни, бы apart from it or absent, and "does not matter" = "irrelevant"
    (
        "However strange it may seem, the ferry is cheaper.",
        "Как бы странно это ни казалось, паром дешевле.",
        "ru",
    ),
    ("Oddly enough, the ferry is cheaper.", "Как ни странно, паром дешевле.", "ru"),
    ("The age of the applicant is irrelevant.", "Возраст заявителя не имеет значения.", "ru"),
    ("The town faces changes unseen in a century.", "这座小镇面临百年未有之变局。", "zh"),
    # an antonym class word beside a negation is a second negation: not judged
    ("The dockers did not stop the strike.", "Докеры продолжили забастовку.", "ru"),
    # antonyms: the same class on both sides, or a word of the pair in one sense only
    ("The museum reopened on Sunday.", "博物馆周日重新开放。", "zh"),
    ("The court banned the march.", "Суд запретил шествие.", "ru"),
    ("The agency released its annual report.", "Агентство задержало публикацию годового отчёта.", "ru"),
    ("The two sides are close to a deal.", "双方即将达成协议，港口将开放。", "zh"),
]

# (translation, source or reference, language, what differs): reversed, must fire
REVERSED = [
    (
        "The head of the central bank said the regulator ruled out further increases.",
        "Глава ЦБ заявила, что регулятор не исключает дальнейшего повышения.",
        "ru",
        "a negation",
    ),
    ("The council approved the plan.", "Совет не одобрил план.", "ru", "a negation"),
    ("The governor did not sign the decree.", "Губернатор подписал указ.", "ru", "a negation"),
    (
        "Industrial output fell by 3 percent.",
        "Промышленное производство выросло на 3 процента.",
        "ru",
        "a direction",
    ),
    ("Food prices rose month on month.", "食品价格环比下降。", "zh", "a direction"),
    ("The central bank cut interest rates.", "央行没有降息。", "zh", "a negation"),
    ("The company will not raise prices next year.", "该公司明年将提高价格。", "zh", "a negation"),
    ("The parliament rejected the bill.", "议会批准了该法案。", "zh", "a direction"),
    ("The court did not accept the appeal.", "The court accepted the appeal.", "en", "a negation"),
    ("The bank raised its forecast.", "The bank did not raise its forecast.", "en", "a negation"),
    ("Unemployment decreased in April.", "Unemployment increased in April.", "en", "a direction"),
    ("The team lost the final.", "The team won the final.", "en", "a direction"),
    # antonyms outside the directions
    (
        "The old pier will be closed to visitors.",
        "The old pier will stay open to visitors.",
        "en",
        "an antonym",
    ),
    (
        "The old pier will be closed to visitors.",
        "Старый причал останется открытым для посетителей.",
        "ru",
        "an antonym",
    ),
    ("The shop closed in May.", "这家商店五月开业。", "zh", "an antonym"),
    ("The city banned the festival.", "Город разрешил фестиваль.", "ru", "an antonym"),
    ("The city allowed the festival.", "市政府禁止举办音乐节。", "zh", "an antonym"),
    ("The party opposed the bill.", "Партия поддержала законопроект.", "ru", "an antonym"),
    ("The party opposed the bill.", "该党支持这项法案。", "zh", "an antonym"),
    ("The union accepted the offer.", "Профсоюз отказался от предложения.", "ru", "a direction"),
    ("The union refused the offer.", "工会接受了这一提议。", "zh", "a direction"),
    ("The deal is illegal, the lawyer said.", "The deal is legal, the lawyer said.", "en", "an antonym"),
    ("The strike stopped on Monday.", "Забастовка началась в понедельник.", "ru", "an antonym"),
    ("Talks started in Geneva.", "谈判在日内瓦结束。", "zh", "an antonym"),
    ("The activist was freed on Monday.", "这名活动人士周一被捕。", "zh", "an antonym"),
    ("The court acquitted the editor.", "Суд вынес редактору обвинительный приговор.", "ru", "an antonym"),
    ("The airline reported a loss.", "该航空公司实现盈利。", "zh", "an antonym"),
    ("The budget ran a surplus.", "Бюджет исполнен с дефицитом.", "ru", "an antonym"),
]


@pytest.mark.parametrize(("hyp", "other", "lang"), FAITHFUL)
def test_faithful_pairs_stay_clean(hyp: str, other: str, lang: str) -> None:
    assert reversal(hyp, other, lang) is None


@pytest.mark.parametrize(("hyp", "other", "lang", "what"), REVERSED)
def test_reversed_pairs_fire(hyp: str, other: str, lang: str, what: str) -> None:
    assert reversal(hyp, other, lang) == what


def test_an_unknown_language_is_not_judged() -> None:
    assert reversal("The council approved the plan.", "Der Rat hat den Plan nicht gebilligt.", "de") is None


REFERENCE = (
    "The council approved a new harbour budget on Monday.\n"
    "Work on the new quay will start in March, the mayor told reporters.\n"
    "The fishing fleet is not expected to grow this year.\n"
)


def _check(hyp: str, config: Config, ref: str | None, src: Text | None = None):
    refs = [Text(ref, "en")] if ref is not None else []
    return Checker(config).check(Document(id="harbour", hyp=Text(hyp, "en"), refs=refs, src=src))


@pytest.mark.parametrize("no_model", [True, False], ids=["no-model", "model"])
def test_a_reversed_sentence_is_marked_against_the_reference(no_model: bool) -> None:
    config = Config(no_model=no_model)
    clean = _check(REFERENCE, config, REFERENCE)
    turned = REFERENCE.replace("is not expected to grow", "is expected to grow")
    result = _check(turned, config, REFERENCE)
    assert not [f for f in clean.findings if f.rule == "F101"]
    [mark] = [f for f in result.findings if f.rule == "F101"]
    assert mark.text == "The fishing fleet is expected to grow this year."
    assert "a negation differs from the reference" in mark.message
    assert float(dict(mark.evidence)["fidelity"]) <= LOW_FIDELITY - STEP
    assert result.scores["fidelity"] < clean.scores["fidelity"]


@pytest.mark.parametrize(
    ("hyp", "src", "lang"),
    [
        ("Food prices rose month on month.", "食品价格环比下降。", "zh"),
        (
            "The regulator ruled out further increases in the key rate.",
            "Регулятор не исключает дальнейшего повышения ключевой ставки.",
            "ru",
        ),
    ],
)
def test_a_reversed_sentence_is_marked_against_the_source(hyp: str, src: str, lang: str) -> None:
    result = _check(hyp, Config(src_lang=lang), None, Text(src, lang))
    [mark] = [f for f in result.findings if f.rule == "F101"]
    assert "differs from the source" in mark.message
    assert result.scores["fidelity"] <= LOW_FIDELITY - STEP


@pytest.mark.parametrize("no_model", [True, False], ids=["no-model", "model"])
def test_an_antonym_is_marked_against_the_reference(no_model: bool) -> None:
    ref = REFERENCE + "The old ferry terminal will stay open during the works.\n"
    result = _check(ref.replace("stay open", "be closed"), Config(no_model=no_model), ref)
    [mark] = [f for f in result.findings if f.rule == "F101"]
    assert mark.text == "The old ferry terminal will be closed during the works."
    assert "an antonym differs from the reference" in mark.message


def test_a_faithful_translation_from_the_source_stays_clean() -> None:
    hyp = "The regulator does not rule out further increases in the key rate."
    src = "Регулятор не исключает дальнейшего повышения ключевой ставки."
    result = _check(hyp, Config(src_lang="ru"), None, Text(src, "ru"))
    assert not [f for f in result.findings if f.rule == "F101"]


@pytest.mark.parametrize(
    ("hyp", "other", "lang", "what"),
    [
        (
            "Tickets will be 30% more expensive next year.",
            "В следующем году билеты станут на 30% дешевле.",
            "ru",
            "an antonym",
        ),
        ("Fruit got cheaper in May.", "五月份水果更贵了。", "zh", "an antonym"),
        (
            "Tickets will be 30% cheaper next year.",
            "В следующем году билеты станут на 30% дешевле.",
            "ru",
            None,
        ),
        ("Housing is more expensive in the capital.", "Жилье в столице дороже.", "ru", None),
        ("An expensive car was sold.", "Продали дорогую машину, она подешевела.", "ru", None),
    ],
)
def test_cheaper_and_dearer_are_opposites(hyp: str, other: str, lang: str, what: str | None) -> None:
    """ "30% more expensive" for «на 30% дешевле» passed in every mode; "expensive" alone describes."""
    assert reversal(hyp, other, lang) == what


CONVERSES = [
    # who lost to whom, with the teams in the other order: the same result
    ("Dynamo lost to Rubin in the cup final.", "Rubin beat Dynamo in the cup final.", "en"),
    (
        "The Greens lost the vote to the Social Democrats.",
        "The Social Democrats won the vote against the Greens.",
        "en",
    ),
    ("Dynamo lost to Rubin in the cup final.", "Рубин обыграл Динамо в финале кубка.", "ru"),
    ("Rubin beat Dynamo in the cup final.", "Динамо уступило Рубину в финале кубка.", "ru"),
    ("Rubin beat Dynamo in the cup final.", "迪纳摩在杯赛决赛中输给了鲁宾。", "zh"),
]


@pytest.mark.parametrize(("hyp", "other", "lang"), CONVERSES)
def test_who_lost_to_whom_with_the_entities_exchanged_is_no_reversal(hyp: str, other: str, lang: str) -> None:
    assert reversal(hyp, other, lang) is None


@pytest.mark.parametrize(
    ("hyp", "other"),
    [
        ("Dynamo lost to Rubin in the cup final.", "Dynamo beat Rubin in the cup final."),
        ("Rubin lost to Dynamo on penalties.", "Rubin beat Dynamo on penalties."),
        ("Dynamo lost the cup final.", "Dynamo won the cup final."),
    ],
)
def test_who_lost_to_whom_in_the_same_order_is_a_reversal(hyp: str, other: str) -> None:
    assert reversal(hyp, other, "en") == "a direction"


@pytest.mark.parametrize(
    ("hyp", "other", "lang", "what"),
    [
        (
            "The council planned to abolish the parking fee.",
            "Совет не планирует отменять плату за парковку.",
            "ru",
            "a negation",
        ),
        (
            "The council does not plan to abolish the parking fee.",
            "Совет не планирует отменять плату за парковку.",
            "ru",
            None,
        ),
        ("The government will scrap the parking fee.", "政府不会取消这项收费。", "zh", "a negation"),
        ("The government will not scrap the parking fee.", "政府不会取消这项收费。", "zh", None),
        (
            "The council will repeal the curfew.",
            "The council will not repeal the curfew.",
            "en",
            "a negation",
        ),
    ],
)
def test_cancelling_named_on_both_sides_is_what_is_negated(
    hyp: str, other: str, lang: str, what: str | None
) -> None:
    assert reversal(hyp, other, lang) == what


@pytest.mark.parametrize(
    ("hyp", "other", "what"),
    [
        # 会不会 after a noun in 会 is "will not", not the question "whether or not"
        ("The parliament will pass the bill.", "议会不会通过该法案。", "a negation"),
        ("The parliament will not pass the bill.", "议会不会通过该法案。", None),
        ("The committee will approve the plan.", "委员会不会批准该计划。", "a negation"),
        ("Whether he will come is unclear.", "他会不会来还不清楚。", None),
        # 停车 is parking, no negative wording beside the negation
        ("The city will scrap the parking fee.", "市政府不会取消停车费。", "a negation"),
        ("The city will not scrap the parking fee.", "市政府不会取消停车费。", None),
    ],
)
def test_chinese_words_that_only_look_negative(hyp: str, other: str, what: str | None) -> None:
    assert reversal(hyp, other, "zh") == what
