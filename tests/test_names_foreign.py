"""Foreign persons a Russian or Chinese source names (qa/names/foreign.py): a slip in the
spelling of Байден, Шольц, 马克龙 is reported against the well-known spelling the word lists
attest; a correct translation, a rare correct spelling and a Russian name stay as they were.
"""

from __future__ import annotations

import pytest

from qa.names.engine import NameEngine
from qa.names.foreign import cyrillic_key, latin_key, sound_distance
from qa.rules import RULES

RU_SOURCE = (
    "Президент США Джо Байден встретился с канцлером Германии Олафом Шольцем в Вашингтоне. "
    "Эммануэль Макрон заявил, что Франция поддержит новые санкции. "
    "Госсекретарь Энтони Блинкен прибыл в Киев во вторник. "
    "Премьер-министр Великобритании Риши Сунак посетил завод в Манчестере."
)
RU_CORRECT = (
    "US President Joe Biden met German Chancellor Olaf Scholz in Washington. "
    "Emmanuel Macron said France would support new sanctions. "
    "Secretary of State Antony Blinken arrived in Kyiv on Tuesday. "
    "British Prime Minister Rishi Sunak visited a factory in Manchester."
)
ZH_SOURCE = (
    "美国总统拜登在华盛顿会见了德国总理朔尔茨。法国总统马克龙表示，法国将支持新一轮制裁。"
    "美国国务卿布林肯周二抵达基辅。"
)
ZH_CORRECT = (
    "US President Biden met German Chancellor Scholz in Washington. French President Macron said "
    "France would support a new round of sanctions. US Secretary of State Blinken arrived in Kyiv on Tuesday."
)


@pytest.fixture(scope="module")
def engine() -> NameEngine:
    return NameEngine()


def _found(engine: NameEngine, hyp: str, src: str, lang: str) -> dict[str, tuple[str, str | None]]:
    return {i.text: (i.rule, i.suggestion) for i in engine.check(hyp, src=src, src_lang=lang)}


def test_sound_keys_read_spellings_as_sounds() -> None:
    # Шольц romanises as "Sholts", closer to the slip "Sholtz" letter by letter than to Scholz;
    # as sounds, Scholz fits it exactly.
    assert latin_key("Scholz") == cyrillic_key("Шольц") == latin_key("Sholtz")
    assert sound_distance(cyrillic_key("Эммануэль"), latin_key("Emmanuel")) < sound_distance(
        cyrillic_key("Эммануэль"), latin_key("Emanuel")
    )
    assert latin_key("Sunack") == cyrillic_key("Сунак")


@pytest.mark.parametrize(
    ("slip", "right", "rule"),
    [
        ("Olaf Sholtz", "Scholz", "N101"),  # in no word list, Scholz common
        ("Joe Bidden", "Biden", "N110"),  # "bidden" is an English word: a warning
        ("Anthony Blinkin", "Blinken", "N110"),
        ("Rishi Sunack", "Sunak", "N110"),  # Sunak itself is rare in the 2021 lists: a warning
    ],
)
def test_a_slip_in_a_foreign_name_from_a_russian_source(
    engine: NameEngine, slip: str, right: str, rule: str
) -> None:
    correct = {"Olaf Sholtz": "Olaf Scholz", "Joe Bidden": "Joe Biden"}.get(slip, "")
    hyp = RU_CORRECT
    for good in ("Olaf Scholz", "Joe Biden", "Antony Blinken", "Rishi Sunak"):
        if good.split()[1] == right:
            hyp = hyp.replace(good, slip)
    assert correct or hyp != RU_CORRECT
    word = slip.split()[1]
    found = _found(engine, hyp, RU_SOURCE, "ru")
    assert found[word] == (rule, right)
    assert set(found) == {word}  # nothing else in the story


def test_slips_from_a_chinese_source(engine: NameEngine) -> None:
    hyp = ZH_CORRECT.replace("Biden", "Bidden").replace("Macron", "Macrone").replace("Blinken", "Blinkin")
    found = _found(engine, hyp, ZH_SOURCE, "zh")
    assert found["Bidden"] == ("N110", "Biden")
    assert found["Macrone"] == ("N110", "Macron")
    assert found["Blinkin"] == ("N110", "Blinken")


def test_a_chinese_pivot_names_the_foreign_persons_too() -> None:
    from qa.checks.interface import CheckContext
    from qa.checks.names import NameCheck
    from qa.config import Config
    from qa.document import AlignedDocument, Document, Text

    hyp = ZH_CORRECT.replace("Macron", "Macrone")
    doc = Document("d", Text(hyp, "en"), pivot=Text(ZH_SOURCE, "zh"))
    findings = list(NameCheck().run(AlignedDocument(doc), CheckContext(Config())))
    assert [(f.rule, f.text, f.suggestion) for f in findings] == [("N110", "Macrone", "Macron")]
    assert "the pivot name" in findings[0].message
    clean = Document("d", Text(ZH_CORRECT, "en"), pivot=Text(ZH_SOURCE, "zh"))
    assert list(NameCheck().run(AlignedDocument(clean), CheckContext(Config()))) == []


def test_unattested_slip_from_a_chinese_source_is_an_error(engine: NameEngine) -> None:
    src = "美国国务卿布林肯周二抵达基辅。"
    found = _found(engine, "US Secretary of State Blinkken arrived in Kyiv on Tuesday.", src, "zh")
    assert found == {"Blinkken": ("N101", "Blinken")}


@pytest.mark.parametrize(
    ("hyp", "src", "lang"), [(RU_CORRECT, RU_SOURCE, "ru"), (ZH_CORRECT, ZH_SOURCE, "zh")]
)
def test_correct_stories_stay_clean(engine: NameEngine, hyp: str, src: str, lang: str) -> None:
    assert engine.check(hyp, src=src, src_lang=lang) == []


@pytest.mark.parametrize(
    ("hyp", "src", "lang"),
    [
        # rare correct spellings: Ukrainian romanisations, a name in no word list
        (
            "Prime Minister Denys Shmyhal met President Volodymyr Zelenskyy.",
            "Премьер Денис Шмыгаль встретился с Зеленским.",
            "ru",
        ),
        ("Ukrainian President Zelenskyy spoke to reporters.", "乌克兰总统泽连斯基对记者发表讲话。", "zh"),
        # a correct spelling English writes, though a common word abroad is one letter off
        ("Rishi Sunak arrived.", "Риши Сунак прибыл.", "ru"),
        # a club in quotation marks is no person
        ("Shakhtyor won the match.", "«Шахтер» выиграл матч.", "ru"),
        # a Chinese person's pinyin name is judged by the Chinese name rules, not here
        ("Chen Huaijin said the plan would go ahead.", "陈怀金表示，计划将继续推进。", "zh"),
    ],
)
def test_rare_correct_spellings_stay_clean(engine: NameEngine, hyp: str, src: str, lang: str) -> None:
    # This check's findings only (they carry the word lists' frequencies): the Russian machinery
    # has its own view of Шмыгаль after a Russian first name.
    found = [i for i in engine.check(hyp, src=src, src_lang=lang) if dict(i.evidence).get("suggestion_zipf")]
    assert found == []


def test_common_words_are_no_persons_at_the_start_of_a_sentence(engine: NameEngine) -> None:
    # "Bidden" would be; a common word that starts a sentence is not looked at.
    from qa.names.foreign import translation_words

    words = [w.text for w in translation_words("Secure the site. The Secure team met Bidden.")]
    assert words == ["Secure", "Bidden"]


def test_with_a_reference_the_reference_decides(engine: NameEngine) -> None:
    hyp = RU_CORRECT.replace("Scholz", "Sholtz")
    issues = engine.check(hyp, refs=[RU_CORRECT], src=RU_SOURCE, src_lang="ru")
    assert [(i.rule, i.suggestion) for i in issues if i.text == "Sholtz"] == [("N101", "Scholz")]
    assert not any(dict(i.evidence).get("suggestion_zipf") for i in issues)


def test_rule_catalogue() -> None:
    assert RULES["N110"].severity.value == "warning"
    assert RULES["N101"].severity.value == "error"
