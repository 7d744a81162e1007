from hypothesis import given
from hypothesis import strategies as st

from qa.segment import split_sentences


def texts(content: str, lang: str = "en") -> list[str]:
    return [s.text for s in split_sentences(content, lang)]


def test_english_abbreviations_and_initials_do_not_split() -> None:
    content = "The U.S. Department said on Sept. 14 that Mr. N. A. Volkov left. He denied it."
    assert texts(content) == [
        "The U.S. Department said on Sept. 14 that Mr. N. A. Volkov left.",
        "He denied it.",
    ]


def test_quotes_and_question_marks_close_sentences() -> None:
    content = '"Is this fair?" she asked. "No." Then he left!'
    assert texts(content) == ['"Is this fair?" she asked.', '"No."', "Then he left!"]


def test_line_break_ends_a_headline_without_stop() -> None:
    assert texts("Ministry answers critics\n\nThe ministry replied on Monday.") == [
        "Ministry answers critics",
        "The ministry replied on Monday.",
    ]


def test_russian_initials_and_abbreviations() -> None:
    content = "Министр Н. А. Орлов, т. е. глава ведомства, выступил в 2017 г. в Москве. Потом уехал."
    assert texts(content, "ru") == [
        "Министр Н. А. Орлов, т. е. глава ведомства, выступил в 2017 г. в Москве.",
        "Потом уехал.",
    ]


def test_chinese_full_width_punctuation() -> None:
    content = "外交部发言人表示反对。“这不公平！”他说。下周再议？"
    assert texts(content, "zh") == ["外交部发言人表示反对。", "“这不公平！”", "他说。", "下周再议？"]


def test_offsets_are_code_points() -> None:
    content = "Émile 😀 arrived.  Then he left."
    for sentence in split_sentences(content):
        assert content[sentence.start : sentence.end] == sentence.text


@given(st.text(), st.sampled_from(["en", "ru", "zh"]))
def test_sentences_always_index_the_text(content: str, lang: str) -> None:
    previous_end = 0
    for index, sentence in enumerate(split_sentences(content, lang)):
        assert sentence.index == index
        assert content[sentence.start : sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip() and sentence.text
        assert sentence.start >= previous_end
        previous_end = sentence.end
