"""Issue 14, items 9 and 16: files that are UTF-8 but for a few bytes, and Chinese UTF-16
without a byte-order mark.

A few invalid bytes in a UTF-8 file used to make the whole file decode as Mac Cyrillic or
Mac Icelandic (charset-normalizer's fallback) and be checked as if that mojibake were the
text. It must stay UTF-8, the bad bytes replaced by U+FFFD and reported (I101). Chinese
UTF-16 with only a handful of ASCII characters was called a binary file.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qa.cli import app
from qa.io.decode import decode_bytes

RUSSIAN = "Министр цифрового развития Николай Никифоров заявил, что связь будет работать в любом случае. "
ENGLISH = "The minister said the café in Nizhny Novgorod is open again. Nikiforov agreed with the plan. "
CHINESE = (
    "新华社北京电 国务院总理李强主持召开国务院常务会议，研究部署进一步优化营商环境。"
    "会议指出，要坚持稳中求进。"
)


def _damaged(text: str, positions: list[int], byte: bytes = b"\xff") -> bytes:
    """`text` in UTF-8 with `byte` inserted before each character position in `positions`."""
    cuts = [0, *sorted(positions), len(text)]
    return byte.join(text[a:b].encode("utf-8") for a, b in itertools.pairwise(cuts))


@pytest.mark.parametrize("byte", [b"\xff", b"\x80", b"\xd0", b"\xc3", b"\xe4\xb8"])
@pytest.mark.parametrize("lang", ["ru", None])
def test_russian_utf8_with_one_bad_byte_stays_utf8(byte: bytes, lang: str | None) -> None:
    data = _damaged(RUSSIAN * 2, [41], byte)
    text, encoding = decode_bytes(data, "x.src.ru.txt", lang)
    assert encoding == "utf-8"
    assert text.count("\ufffd") == 1
    assert "Никифоров" in text and "связь будет работать" in text


@pytest.mark.parametrize("lang", ["en", None])
def test_english_utf8_with_a_stray_cp1252_byte_stays_utf8(lang: str | None) -> None:
    data = _damaged(ENGLISH * 3, [20, 150], b"\x92")
    text, encoding = decode_bytes(data, "a.hyp.txt", lang)
    assert encoding == "utf-8" and "café" in text and text.count("\ufffd") == 2


def test_short_text_with_one_bad_byte() -> None:
    text, encoding = decode_bytes(_damaged("Никифоров сказал «да».", [4]), "x", "ru")
    assert (encoding, text.count("\ufffd")) == ("utf-8", 1)


def test_legacy_files_are_still_legacy() -> None:
    assert decode_bytes(RUSSIAN.encode("cp1251"), "x", "ru")[1] == "cp1251"
    assert decode_bytes(RUSSIAN.encode("koi8-r"), "x", "ru")[1] == "koi8-r"
    assert decode_bytes(CHINESE.encode("gb18030"), "x", "zh")[1] == "gb18030"
    # ASCII with one high byte is a code page, not damaged UTF-8.
    assert decode_bytes("The café is open.".encode("cp1252"), "x", "en") == ("The café is open.", "cp1252")


def test_mostly_invalid_utf8_is_not_utf8() -> None:
    data = _damaged(RUSSIAN, list(range(0, 160, 8)))
    _, encoding = decode_bytes(data, "x", "ru")
    assert encoding != "utf-8" or decode_bytes(data, "x", "ru")[0].count("\ufffd") <= 20


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize(
    "text",
    [CHINESE, "一 " + CHINESE, CHINESE + "\n2023年GDP增长5.2%。\n", "习近平 普京"],
)
def test_chinese_utf16_without_bom(encoding: str, text: str) -> None:
    assert decode_bytes(text.encode(encoding), "x.src.zh.txt", "zh") == (text, encoding)


def test_binary_with_nuls_is_still_binary() -> None:
    from qa.errors import InputError

    with pytest.raises(InputError, match="binary"):
        decode_bytes(bytes(range(256)) * 4, "x", None)


def test_damaged_translation_is_checked_as_utf8_with_a_finding(tmp_path: Path) -> None:
    hyp, ref = tmp_path / "a.hyp.txt", tmp_path / "a.ref.txt"
    hyp.write_bytes(_damaged(ENGLISH * 2, [40]))
    ref.write_text(ENGLISH * 2, encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(hyp), "--ref", str(ref), "--no-model", "--format", "json"])
    report = json.loads(result.stdout)
    document = report["documents"][0]
    assert document["inputs"]["hyp"]["encoding"] == "utf-8"
    i101 = [f for f in document["findings"] if f["rule"] == "I101"]
    assert len(i101) == 1 and i101[0]["text"] == "\ufffd" and i101[0]["span"]["column"] == 41


def test_damaged_reference_is_reported(tmp_path: Path) -> None:
    hyp, ref = tmp_path / "a.hyp.txt", tmp_path / "a.ref.txt"
    hyp.write_text(ENGLISH * 2, encoding="utf-8")
    ref.write_bytes(_damaged(ENGLISH * 2, [40]))
    result = CliRunner().invoke(app, ["check", str(hyp), "--ref", str(ref), "--no-model", "--format", "json"])
    findings = json.loads(result.stdout)["documents"][0]["findings"]
    assert [f["span"] for f in findings if f["rule"] == "I101"] == [None]
