"""Person names in Chinese text: what is found, and that spans always index the text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from qa.zh.extract import extract_names
from qa.zh.pinyin import name_reading, reading, segmentations

TEXT = (
    "本报记者安娜·伊万诺娃报道。俄罗斯外长谢尔盖·拉夫罗夫周二会见了中国外长王毅。"
    "拉夫罗夫说，双方将加强合作。塔季扬娜·彼得罗娃也出席了会议。"
)


def test_foreign_names_joined_by_interpunct() -> None:
    names = extract_names(TEXT)
    texts = [n.text for n in names]
    assert "安娜·伊万诺娃" in texts
    assert "谢尔盖·拉夫罗夫" in texts
    assert "塔季扬娜·彼得罗娃" in texts
    lavrov = next(n for n in names if n.text == "谢尔盖·拉夫罗夫")
    assert lavrov.parts == ("谢尔盖", "拉夫罗夫")
    assert lavrov.kind == "foreign"
    assert TEXT[lavrov.start : lavrov.end] == "谢尔盖·拉夫罗夫"


def test_name_stops_before_a_trailing_word() -> None:
    assert "拉夫罗夫" in [n.text for n in extract_names(TEXT)]  # not 拉夫罗夫说


def test_chinese_names_are_kind_chinese() -> None:
    wang = [n for n in extract_names(TEXT) if n.text == "王毅"]
    assert wang and wang[0].kind == "chinese"


def test_traditional_characters_are_read_as_simplified() -> None:
    names = extract_names("俄羅斯外長謝爾蓋·拉夫羅夫表示。")
    assert names and names[0].parts == ("谢尔盖", "拉夫罗夫")
    assert names[0].text == "謝爾蓋·拉夫羅夫"


def test_no_han_no_names() -> None:
    assert extract_names("Sergei Lavrov said.") == []


def test_pinyin_helpers() -> None:
    assert reading("佩斯科夫") == "peisikefu"
    assert ("pei", "si", "ke", "fu") in segmentations("Peisikefu")
    assert segmentations("Chernenko") == []
    assert name_reading("习近平") == ("xi", "jinping")
    assert name_reading("欧阳修") == ("ouyang", "xiu")


_ALPHABET = st.sampled_from(
    list("·•・ 。，、“”《》abcXYZ0123456789\n") + list("尼基福罗夫王毅斯科娃的也说年拉曼叶连娜")
)


@settings(max_examples=60, deadline=None)
@given(st.text(_ALPHABET, max_size=40))
def test_extraction_never_raises_and_spans_index_the_text(text: str) -> None:
    for name in extract_names(text):
        assert 0 <= name.start < name.end <= len(text)
        assert text[name.start : name.end] == name.text
        assert name.parts and all(name.parts)
        assert name.kind in ("foreign", "chinese")


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=30))
def test_extraction_on_any_unicode(text: str) -> None:
    for name in extract_names(text):
        assert text[name.start : name.end] == name.text
