"""Property tests for the reader: no input ever produces a traceback, and text round-trips.

Why the round-trip strategies are restricted:

- The Unicode encodings (UTF-8 with and without BOM, UTF-16 and UTF-32 with a BOM) are
  self-identifying, so any text round-trips, provided it is text: no control characters and
  not only whitespace (those are refused as binary / empty files by design), compared after
  the normalisation the reader promises (NFC, `\\n` line endings, no leading BOM).
- cp1251, KOI8-R and Mac Cyrillic map the same 256 byte values onto nearly the same letters in
  different orders, so a byte string is a valid text in all of them and only the statistics of
  the language tell them apart. The property therefore holds for Russian text (Russian words,
  sentences starting with a capital), not for random letter soup, where no detector can be
  right. Likewise GB18030 is tested with Chinese text built from everyday words, and cp1252
  with English text that has a few accented loan words.
"""

from __future__ import annotations

import codecs
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa.errors import InputError
from qa.io.decode import decode_bytes, normalise, read_text
from qa.io.inputs import iter_batch

# --- random bytes never give a traceback -----------------------------------------------------

PREFIXES = [b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, b"\x00"]


@settings(max_examples=300, deadline=None)
@given(
    prefix=st.sampled_from(PREFIXES),
    body=st.binary(max_size=400),
    lang=st.sampled_from(["en", "ru", "zh", ""]),
)
def test_random_bytes_give_text_or_an_input_error(prefix: bytes, body: bytes, lang: str) -> None:
    data = prefix + body
    try:
        text, encoding = decode_bytes(data, "random.bin", lang)
    except InputError as exc:
        assert exc.message and "\n" not in str(exc)
        return
    assert isinstance(text, str) and text.strip()
    assert "\r" not in text and not text.startswith("\ufeff")
    assert codecs.lookup(encoding)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.binary(max_size=200))
def test_random_files_give_text_or_an_input_error(tmp_path: Path, body: bytes) -> None:
    path = tmp_path / "random.txt"
    path.write_bytes(body)
    try:
        text = read_text(path, "en")
    except InputError as exc:
        assert exc.path == str(path)
        return
    assert text.content.strip() and text.encoding


# --- text round-trips ------------------------------------------------------------------------

printable = st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufeff")
any_text = st.text(st.one_of(printable, st.sampled_from("\n\r\t ")), min_size=1, max_size=200).filter(
    lambda text: text.strip() != ""
)


@settings(max_examples=300, deadline=None)
@given(text=any_text, encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32"]))
def test_any_text_round_trips_through_unicode_encodings(text: str, encoding: str) -> None:
    decoded, _ = decode_bytes(text.encode(encoding), "x.txt")
    assert decoded == normalise(text)


RUSSIAN_WORDS = (
    "министр заявил что правительство россии поддержит компанию в защите ее интересов "
    "по словам пресс секретаря президента решение было принято во вторник на заседании "
    "совета безопасности москва считает такие действия недружественными и вредными "
    "ведомство обещало подготовить ответ в течение месяца журналисты спросили его об этом "
    "переговоры прошли в конструктивной атмосфере стороны подпишут соглашение о сотрудничестве "
    "урожай зерна составил миллионов тонн мэр города сообщил об открытии новой станции метро"
).split()
RUSSIAN_NAMES = "Москва Россия Кремль Песков Никифоров Захарова Лавров Собянин Путин Сочи".split()


@st.composite
def russian_sentence(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(RUSSIAN_WORDS), min_size=3, max_size=12))
    for _ in range(draw(st.integers(0, 2))):
        words.insert(draw(st.integers(0, len(words))), draw(st.sampled_from(RUSSIAN_NAMES)))
    sentence = " ".join(words)
    return sentence[0].upper() + sentence[1:] + draw(st.sampled_from([".", "!", "?", ".", "."]))


russian_text = st.lists(russian_sentence(), min_size=1, max_size=5).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(
    text=russian_text, encoding=st.sampled_from(["cp1251", "koi8-r"]), hint=st.sampled_from(["ru", "en", ""])
)
def test_russian_text_round_trips_through_cp1251_and_koi8r(text: str, encoding: str, hint: str) -> None:
    assert decode_bytes(text.encode(encoding), "x.txt", hint) == (text, encoding)


@settings(max_examples=150, deadline=None)
@given(
    text=st.lists(russian_sentence(), min_size=2, max_size=5).map(" ".join), hint=st.sampled_from(["ru", ""])
)
def test_russian_text_of_two_sentences_round_trips_through_mac_cyrillic(text: str, hint: str) -> None:
    """Mac Cyrillic differs from cp1251 only in the capitals (and "я"); one capital can land on a
    cp1251 symbol that passes for punctuation ("€ прошли"), so the evidence needs two sentences."""
    assert decode_bytes(text.encode("mac-cyrillic"), "x.txt", hint) == (text, "mac-cyrillic")


CHINESE_WORDS = (
    "俄罗斯 政府 总统 新闻 秘书 表示 美国 决定 禁止 联邦 机构 使用 软件 公司 利益 合作 "
    "记者 会议 经济 贸易 增长 市场 国家 安全 部门 发言人 认为 问题 发展 中国 两国 关系 "
    "今年 地区 能源 农业 领域 继续 扩大 指控 证据 调查"
).split()
CHINESE_PUNCTUATION = ["，", "。", "、", "：", "；", ""]


@st.composite
def chinese_text(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.sampled_from(CHINESE_WORDS), min_size=2, max_size=30))
    out = []
    for part in parts:
        out.append(part)
        out.append(draw(st.sampled_from(CHINESE_PUNCTUATION)))
    return "".join(out) + "。"


@settings(max_examples=200, deadline=None)
@given(text=chinese_text(), hint=st.sampled_from(["zh", "en", ""]))
def test_chinese_text_round_trips_through_gb18030(text: str, hint: str) -> None:
    assert decode_bytes(text.encode("gb18030"), "x.txt", hint) == (text, "gb18030")


ENGLISH_WORDS = (
    "the minister said on Tuesday that talks were constructive and would continue in Moscow".split()
)
LOAN_WORDS = ["café", "naïve", "Zürich", "résumé", "São Paulo", "Gdańsk", "“quoted”", "—", "5 €"]


@st.composite
def english_text(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(ENGLISH_WORDS), min_size=3, max_size=20))
    for _ in range(draw(st.integers(1, 3))):
        words.insert(draw(st.integers(0, len(words))), draw(st.sampled_from(LOAN_WORDS)))
    return " ".join(words) + "."


@settings(max_examples=200, deadline=None)
@given(text=english_text(), hint=st.sampled_from(["en", ""]))
def test_english_text_round_trips_through_cp1252(text: str, hint: str) -> None:
    try:
        data = text.encode("cp1252")
    except UnicodeEncodeError:  # "Gdańsk": not in cp1252, write it as UTF-8 instead
        data = text.encode("utf-8")
    assert decode_bytes(data, "x.txt", hint)[0] == text


# --- random manifests never stop a batch -----------------------------------------------------

MANIFEST_KEYS = [
    "id",
    "hyp",
    "ref",
    "src",
    "src_lang",
    "pivot",
    "pivot_lang",
    "hyp_path",
    "ref_path",
    "bogus",
]
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=10,
)
record_values = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["ru", "zh", "a.txt", "../a.txt", "/etc/passwd", "", "Текст", "文本"]),
    json_values,
)
records = st.dictionaries(st.sampled_from(MANIFEST_KEYS), record_values, max_size=6).map(
    lambda record: json.dumps(record, ensure_ascii=False)
)
manifest_lines = st.one_of(
    records,
    json_values.map(json.dumps),
    st.text(max_size=40).map(lambda text: text.replace("\n", " ")),
    st.integers(1, 3000).map(lambda depth: "[" * depth + "]" * depth),
    st.just(""),
    st.just("   "),
)


@settings(max_examples=200, deadline=None)
@given(lines=st.lists(manifest_lines, max_size=12))
def test_random_manifest_lines_each_give_exactly_one_item(lines: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "a.txt").write_text("A text file beside the manifest.")
        path = Path(folder) / "random.jsonl"
        path.write_bytes(b"\n".join(line.encode("utf-8", "surrogatepass") for line in lines) + b"\n")
        raw_lines = path.read_bytes().split(b"\n")[:-1]
        expected = [number for number, raw in enumerate(raw_lines, start=1) if raw.strip()]
        if not expected:  # only blank lines: an input error, like an empty directory
            with pytest.raises(InputError, match="no documents"):
                iter_batch(str(path))
            return
        items = list(iter_batch(str(path)))
    assert [int(item.origin.rsplit(":", 1)[1]) for item in items] == expected
    for item in items:
        assert (item.document is None) != (item.error is None)
        assert item.id


def test_spaced_koi8r_words_are_not_read_as_chinese() -> None:
    """Found by the round-trip property: KOI8-R "Месяца месяца месяца." decodes as GB18030 to
    three-character Han runs split by spaces, which Chinese text does not write; the Russian
    reading wins, and spaced Chinese text still reads as Chinese."""
    assert decode_bytes("Месяца месяца месяца.".encode("koi8-r"), "x.txt", "") == (
        "Месяца месяца месяца.",
        "koi8-r",
    )
    assert decode_bytes("习近平 会见 普京。".encode("gb18030"), "x.txt", "") == (
        "习近平 会见 普京。",
        "gb18030",
    )
