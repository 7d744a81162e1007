"""Reading inputs: every encoding we promise, every bad input, manifests and directories."""

from __future__ import annotations

import codecs
import json
import os
import unicodedata
from pathlib import Path

import pytest

from qa.errors import InputError
from qa.io import inputs as inputs_module
from qa.io.decode import decode_bytes, read_text
from qa.io.inputs import BatchItem, infer_lang, iter_batch, load_document

CORPORA = Path(__file__).resolve().parents[1] / "corpora"

RU = (
    "Министр связи Николай Никифоров назвал обвинения надуманными.\nПо его словам, это нечестная конкуренция."
)
RU_SHORT = "Привет, мир!"
RU_CAPS = "МИНИСТР ОСУДИЛ РЕШЕНИЕ ВАШИНГТОНА"
RU_LOWER = "по словам пескова, это прискорбно"
ZH = "俄罗斯政府承诺保护卡巴斯基实验室的利益。佩斯科夫说：“这令人遗憾。”"
EN_ACCENTS = "The café in Zürich served a “naïve” crème brûlée — 5 €."
ZH_WITH_LATIN = "中国UCCA尤伦斯当代艺术中心馆长田霏宇担任艺术总监，展览将于10月开幕。"
EN_WITH_RUSSIAN = "The Kremlin (Кремль) said the talks were constructive."


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def assert_one_line_error(excinfo: pytest.ExceptionInfo[InputError], path: Path | str, fragment: str) -> None:
    message = str(excinfo.value)
    assert "\n" not in message
    assert str(path) in message
    assert fragment in excinfo.value.message


# --- decoding --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "encoding", "lang", "expected_name"),
    [
        (RU, "utf-8", "ru", "utf-8"),
        (ZH, "utf-8", "zh", "utf-8"),
        (RU, "utf-8-sig", "ru", "utf-8-sig"),
        (RU, "utf-16", "ru", "utf-16"),
        (ZH, "utf-16-be", "zh", "utf-16"),  # written with a BE BOM below
        (ZH, "utf-32", "zh", "utf-32"),
        (RU, "cp1251", "ru", "cp1251"),
        (RU_SHORT, "cp1251", "ru", "cp1251"),
        (RU_CAPS, "cp1251", "ru", "cp1251"),
        (RU_LOWER, "cp1251", "ru", "cp1251"),
        (RU, "koi8-r", "ru", "koi8-r"),
        (RU_SHORT, "koi8-r", "ru", "koi8-r"),
        (RU_CAPS, "koi8-r", "ru", "koi8-r"),
        (RU_LOWER, "koi8-r", "ru", "koi8-r"),
        (RU, "mac-cyrillic", "ru", "mac-cyrillic"),
        (ZH, "gb18030", "zh", "gb18030"),
        (ZH, "gbk", "zh", "gb18030"),
        (ZH_WITH_LATIN, "gb18030", "zh", "gb18030"),
        (ZH_WITH_LATIN, "gb18030", "en", "gb18030"),
        (EN_ACCENTS, "cp1252", "en", "cp1252"),
        (EN_WITH_RUSSIAN, "cp1251", "en", "cp1251"),
        (EN_WITH_RUSSIAN, "koi8-r", "en", "koi8-r"),
    ],
)
def test_decodes_each_encoding(
    tmp_path: Path, text: str, encoding: str, lang: str, expected_name: str
) -> None:
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    path = write(tmp_path, "doc.txt", data)
    result = read_text(path, lang)
    assert result.content == text
    assert result.encoding == expected_name
    assert result.lang == lang
    assert result.path == str(path)


@pytest.mark.parametrize("text", [RU, ZH, EN_ACCENTS])
def test_decoding_does_not_depend_on_the_hint_for_ordinary_texts(text: str) -> None:
    for encoding in ("cp1251", "koi8-r", "gb18030", "cp1252"):
        try:
            data = text.encode(encoding)
        except UnicodeEncodeError:
            continue
        for hint in ("en", "ru", "zh", None):
            assert decode_bytes(data, "x.txt", hint)[0] == text, (encoding, hint)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", ["Plain English news text, no BOM.", RU, EN_WITH_RUSSIAN])
def test_bomless_utf16_is_recognised_by_its_nul_pattern(encoding: str, text: str) -> None:
    assert decode_bytes(text.encode(encoding), "x.txt") == (text, encoding)


def test_line_endings_become_newlines() -> None:
    text, _ = decode_bytes(b"one\r\ntwo\rthree\nfour\r\n", "x.txt")
    assert text == "one\ntwo\nthree\nfour\n"


def test_utf16_line_endings_become_newlines() -> None:
    text, _ = decode_bytes("один\r\nдва\r".encode("utf-16"), "x.txt")
    assert text == "один\nдва\n"


def test_text_is_nfc_normalised() -> None:
    decomposed = "Нии\u0306 cafe\u0301"  # й and é as base letter + combining mark
    text, _ = decode_bytes(decomposed.encode("utf-8"), "x.txt")
    assert text == "Ний café"
    assert text == unicodedata.normalize("NFC", decomposed)


def test_bom_is_stripped() -> None:
    assert decode_bytes(codecs.BOM_UTF8 + b"hello", "x.txt") == ("hello", "utf-8-sig")
    assert decode_bytes("hello".encode("utf-16"), "x.txt") == ("hello", "utf-16")


# --- bad inputs ------------------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.txt"
    with pytest.raises(InputError) as excinfo:
        read_text(path, "en")
    assert_one_line_error(excinfo, path, "no such file")


def test_directory_where_a_file_is_expected(tmp_path: Path) -> None:
    with pytest.raises(InputError) as excinfo:
        read_text(tmp_path, "en")
    assert_one_line_error(excinfo, tmp_path, "is a directory")


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "secret.txt", b"text")
    real_open = os.open

    def refusing_open(file: object, *args: object, **kwargs: object) -> object:
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(file, *args, **kwargs)  # type: ignore[arg-type]

    # The tests may run as root, for whom chmod 000 does not stop reading: simulate the refusal.
    monkeypatch.setattr(os, "open", refusing_open)
    with pytest.raises(InputError) as excinfo:
        read_text(path, "en")
    assert_one_line_error(excinfo, path, "permission denied")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_special_file_is_refused_without_blocking(tmp_path: Path) -> None:
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    with pytest.raises(InputError) as excinfo:
        read_text(path, "en")
    assert_one_line_error(excinfo, path, "not a regular file")


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"", "empty file"),
        (b"   \n\t\r\n  ", "only whitespace"),
        (codecs.BOM_UTF8, "empty file"),
        ("  \n ".encode("utf-16"), "only whitespace"),
    ],
)
def test_empty_files(tmp_path: Path, data: bytes, fragment: str) -> None:
    path = write(tmp_path, "empty.txt", data)
    with pytest.raises(InputError) as excinfo:
        read_text(path, "en")
    assert_one_line_error(excinfo, path, fragment)


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
        b"text with a NUL\x00 in the middle",
        b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00",
        bytes(range(1, 9)) * 20 + b"some words",
    ],
)
def test_binary_files(tmp_path: Path, data: bytes) -> None:
    path = write(tmp_path, "blob.txt", data)
    with pytest.raises(InputError) as excinfo:
        read_text(path, "en")
    assert_one_line_error(excinfo, path, "binary file")


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF16_LE + b"\x00\xd8a",  # BOM, then a lone surrogate and an odd byte
        codecs.BOM_UTF8 + b"\xff\xfe\xfd",  # UTF-8 BOM, then invalid UTF-8
        bytes(range(0xA0, 0xC0)) * 8,  # symbols and box drawing in every single-byte code page
    ],
)
def test_undecodable_files(tmp_path: Path, data: bytes) -> None:
    path = write(tmp_path, "garbled.txt", data)
    with pytest.raises(InputError) as excinfo:
        read_text(path, "en")
    assert_one_line_error(excinfo, path, "cannot decode")


def test_file_larger_than_the_limit(tmp_path: Path) -> None:
    path = write(tmp_path, "big.txt", b"word " * 100)
    with pytest.raises(InputError) as excinfo:
        read_text(path, "en", max_bytes=499)
    assert_one_line_error(excinfo, path, "too large")
    assert read_text(path, "en", max_bytes=500).content == "word " * 100


# --- load_document ---------------------------------------------------------------------------


def test_load_document_reads_every_role(tmp_path: Path) -> None:
    hyp = write(tmp_path, "a.hyp.txt", b"Minister Nikolai Nikiforov spoke.")
    ref1 = write(tmp_path, "a.ref1.txt", b"Minister Nikolai Nikiforov said.")
    ref2 = write(tmp_path, "a.ref2.txt", "Nikiforov spoke.".encode("utf-16"))
    src = write(tmp_path, "a.src.ru.txt", "Министр Николай Никифоров заявил.".encode("koi8-r"))
    pivot = write(tmp_path, "a.pivot.zh.txt", "部长尼古拉·尼基福罗夫表示。".encode("gb18030"))
    document = load_document("a", str(hyp), [str(ref1), str(ref2)], str(src), None, str(pivot), None)
    assert document.id == "a"
    assert document.hyp.lang == "en" and document.hyp.content == "Minister Nikolai Nikiforov spoke."
    assert [r.encoding for r in document.refs] == ["utf-8", "utf-16"]
    assert document.src is not None and document.src.lang == "ru" and document.src.encoding == "koi8-r"
    assert document.pivot is not None and document.pivot.lang == "zh" and document.pivot.encoding == "gb18030"


def test_load_document_infers_the_source_language_from_the_script(tmp_path: Path) -> None:
    hyp = write(tmp_path, "h.txt", b"Text.")
    ru = write(tmp_path, "source1.txt", "Текст новости.".encode())
    zh = write(tmp_path, "source2.txt", "新闻文本。".encode())
    assert load_document("d", str(hyp), [str(hyp)], str(ru), None, None, None).src.lang == "ru"  # type: ignore[union-attr]
    assert load_document("d", str(hyp), [str(hyp)], str(zh), None, None, None).src.lang == "zh"  # type: ignore[union-attr]
    explicit = load_document("d", str(hyp), [str(hyp)], str(zh), "zh", None, None)
    assert explicit.src is not None and explicit.src.lang == "zh"


def test_load_document_refuses_a_source_in_no_known_script(tmp_path: Path) -> None:
    hyp = write(tmp_path, "h.txt", b"Text.")
    latin = write(tmp_path, "source.txt", b"Only Latin letters here.")
    with pytest.raises(InputError) as excinfo:
        load_document("d", str(hyp), [str(hyp)], str(latin), None, None, None)
    assert_one_line_error(excinfo, latin, "source language")


def test_load_document_refuses_an_unsupported_language(tmp_path: Path) -> None:
    hyp = write(tmp_path, "h.txt", b"Text.")
    with pytest.raises(InputError) as excinfo:
        load_document("d", str(hyp), [str(hyp)], str(hyp), "de", None, None)
    assert "unsupported source language 'de'" in str(excinfo.value)


def test_load_document_reports_the_bad_file(tmp_path: Path) -> None:
    hyp = write(tmp_path, "h.txt", b"Text.")
    missing = tmp_path / "missing-ref.txt"
    with pytest.raises(InputError) as excinfo:
        load_document("d", str(hyp), [str(missing)], None, None, None, None)
    assert_one_line_error(excinfo, missing, "no such file")


def test_infer_lang_prefers_the_file_name() -> None:
    assert infer_lang("新闻", "x.src.ru.txt") == "ru"
    assert infer_lang("Текст", None) == "ru"
    assert infer_lang("新闻", None) == "zh"
    assert infer_lang("text", None) is None


# --- JSONL manifests -------------------------------------------------------------------------


def manifest(tmp_path: Path, *lines: str | dict[str, object], name: str = "batch.jsonl") -> Path:
    text = "\n".join(
        line if isinstance(line, str) else json.dumps(line, ensure_ascii=False) for line in lines
    )
    path = tmp_path / name
    path.write_text(text + "\n", encoding="utf-8")
    return path


def items_of(path: Path | str) -> list[BatchItem]:
    return list(iter_batch(str(path)))


GOOD = {"id": "a", "hyp": "Hypothesis text.", "ref": "Reference text."}


def test_manifest_inline_and_path_documents(tmp_path: Path) -> None:
    (tmp_path / "files").mkdir()
    write(tmp_path / "files", "b.hyp.txt", "Hyp with\r\nCRLF.".encode("utf-16"))
    write(tmp_path / "files", "b.src.ru.txt", "Исходный текст.".encode("cp1251"))
    path = manifest(
        tmp_path,
        {**GOOD, "src": "Исходный текст.", "src_lang": "ru", "pivot": "中文。"},
        "",
        {
            "id": "b",
            "hyp_path": "files/b.hyp.txt",
            "ref": ["First reference.", "Second reference."],
            "src_path": "files/b.src.ru.txt",
        },
        {"id": "c", "hyp": "Hyp c.", "ref_path": ["files/b.src.ru.txt", "files/b.hyp.txt"]},
    )
    first, second, third = items_of(path)
    assert third.document is not None and [r.encoding for r in third.document.refs] == ["cp1251", "utf-16"]
    assert first.error is None and first.document is not None
    assert first.origin == f"{path}:1"
    assert first.document.hyp.path == f"{path}:1" and first.document.hyp.encoding == "utf-8"
    assert first.document.src is not None and first.document.src.lang == "ru"
    assert first.document.pivot is not None and first.document.pivot.lang == "zh"
    assert second.error is None and second.document is not None
    assert second.origin == f"{path}:3"  # the blank line 2 is skipped, not a document
    assert second.document.hyp.content == "Hyp with\nCRLF." and second.document.hyp.encoding == "utf-16"
    assert [r.content for r in second.document.refs] == ["First reference.", "Second reference."]
    assert second.document.src is not None
    assert second.document.src.lang == "ru" and second.document.src.encoding == "cp1251"


def test_manifest_line_without_id_is_named_after_its_line(tmp_path: Path) -> None:
    path = manifest(tmp_path, GOOD, {"hyp": "x", "ref": "y"})
    assert [item.id for item in items_of(path)] == ["a", "line-2"]


def test_manifest_with_a_bom(tmp_path: Path) -> None:
    path = tmp_path / "bom.jsonl"
    path.write_bytes(codecs.BOM_UTF8 + json.dumps(GOOD).encode() + b"\n")
    (item,) = items_of(path)
    assert item.error is None


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ('{"id": "x", "hyp": "a", ', "invalid JSON"),
        ("[1, 2, 3]", "expected a JSON object, got an array"),
        ('"just a string"', "expected a JSON object, got a string"),
        ('{"id": "x", "ref": "r"}', "missing 'hyp'"),
        ('{"id": "x", "hyp": 3, "ref": "r"}', "'hyp' must be a string, got a number"),
        ('{"id": "x", "hyp": "h", "ref": [1]}', "must be a string or a list of strings"),
        ('{"id": "x", "hyp": "  ", "ref": "r"}', "'hyp' is empty"),
        ('{"id": 7, "hyp": "h", "ref": "r"}', "'id' must be a non-empty string"),
        ('{"id": "", "hyp": "h", "ref": "r"}', "'id' must be a non-empty string"),
        ('{"id": "x", "hyp": "h", "ref": "r", "hypothesis": "h"}', "unknown key 'hypothesis'"),
        ('{"id": "x", "hyp": "h", "hyp_path": "h.txt", "ref": "r"}', "both 'hyp' and 'hyp_path'"),
        ('{"id": "x", "hyp": "h", "ref": "r", "src_lang": "ru"}', "'src_lang' given without 'src'"),
        ('{"id": "x", "hyp": "h", "ref": "r", "src": "s", "src_lang": "de"}', "'src_lang' must be"),
        ('{"id": "x", "hyp": "h", "ref": "r", "src": "Latin only"}', "cannot tell the language"),
        ('{"id": "x", "hyp": "h", "src": "Текст.", "src_lang": "zh"}', "written in Russian"),
        ('{"id": "x", "hyp": "h", "ref": ["r", ""]}', "item 2 is empty"),
        ('{"id": "x", "hyp": "h", "ref": "r", "ref_path": null}', "both 'ref' and 'ref_path'"),
        ('{"id": "x", "hyp": "h\\u0000\\u0001", "ref": "r"}', "binary"),
        ('{"id": "x", "hyp": "h\\ud800", "ref": "r"}', "unpaired UTF-16 surrogate"),
        ('{"id": "x\\ny", "hyp": "h", "ref": "r"}', "must not contain control characters"),
        ('{"id": "x", "hyp": ["h"], "ref": "r"}', "'hyp' must be a string, got an array"),
        ('{"id": "x", "hyp": "h", "ref": "r", "hyp": "again"}', "key 'hyp' given twice"),
        (
            '{"id": "x", "hyp": "story.hyp.txt", "ref": "r"}',
            "looks like a file name; name a file with 'hyp_path'",
        ),
        ('{"id": "x", "hyp": "h", "src": "r.txt", "src_lang": "ru"}', "'src' holds the text itself"),
        ('{"id": "x", "hyp": "h", "ref_path": ["r.txt", "nope.txt"]}', "no such file"),
        ('{"id": "x", "hyp_path": "../outside.txt", "ref": "r"}', "outside the manifest's folder"),
        ('{"id": "x", "hyp_path": "/etc/hostname", "ref": "r"}', "not absolute"),
        ('{"id": "x", "hyp_path": "nope.txt", "ref": "r"}', "no such file"),
        ('{"id": "x", "hyp_path": "sub", "ref": "r"}', "is a directory"),
        ('{"id": "x", "hyp_path": "empty.txt", "ref": "r"}', "empty file"),
        ('{"id": "x", "hyp": "h", "ref": "r", "n": 1' + "0" * 5000 + "}", "invalid JSON"),
        ("[" * 100_000 + "]" * 100_000, "invalid JSON"),
    ],
)
def test_manifest_line_problems_become_error_items(tmp_path: Path, line: str, fragment: str) -> None:
    (tmp_path / "outside.txt").write_text("outside")
    folder = tmp_path / "batch"
    (folder / "sub").mkdir(parents=True)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "r.txt").write_text("A reference.")
    path = manifest(folder, GOOD, line, {**GOOD, "id": "z"})
    first, bad, last = items_of(path)
    assert first.error is None and last.error is None, "a bad line never stops the batch"
    assert bad.document is None and bad.error is not None
    assert fragment in bad.error
    assert "\n" not in bad.error
    assert bad.origin == f"{path}:2"


def test_manifest_path_escaping_through_a_symlink_is_refused(tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("secret")
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "link.txt").symlink_to(tmp_path / "secret.txt")
    (item,) = items_of(manifest(folder, {"id": "a", "hyp_path": "link.txt", "ref": "r"}))
    assert item.error is not None and "outside the manifest's folder" in item.error


def test_manifest_duplicate_id_second_is_an_error(tmp_path: Path) -> None:
    path = manifest(tmp_path, GOOD, GOOD)
    first, second = items_of(path)
    assert first.error is None
    assert second.error is not None and "duplicate id 'a' (first on line 1)" in second.error


def test_manifest_invalid_utf8_line(tmp_path: Path) -> None:
    path = tmp_path / "m.jsonl"
    path.write_bytes(
        json.dumps(GOOD).encode() + b"\n" + '{"id": "b", "hyp": "Привет"}'.encode("cp1251") + b"\n"
    )
    _, bad = items_of(path)
    assert bad.error is not None and "not valid UTF-8" in bad.error


def test_manifest_huge_line_is_an_error_not_a_memory_spike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(inputs_module, "MAX_LINE_BYTES", 1000)
    huge = {**GOOD, "id": "huge", "hyp": "word " * 2000}
    path = manifest(tmp_path, GOOD, huge, {**GOOD, "id": "c"})
    first, bad, last = items_of(path)
    assert bad.error is not None and "longer than 1000 bytes" in bad.error
    assert bad.origin.endswith(":2")
    assert first.error is None and last.error is None and last.origin.endswith(":3")


def test_manifest_is_read_lazily(tmp_path: Path) -> None:
    """The second document's file is read only when the second item is asked for."""
    path = manifest(tmp_path, GOOD, {"id": "b", "hyp_path": "later.txt", "ref": "r"})
    iterator = iter_batch(str(path))
    assert next(iterator).error is None
    (tmp_path / "later.txt").write_text("Written after the first item was read.")
    second = next(iterator)
    assert second.error is None and second.document is not None
    assert second.document.hyp.content == "Written after the first item was read."


@pytest.mark.parametrize("name", ["missing.jsonl", "missing-dir"])
def test_missing_batch_input_is_a_whole_input_error(tmp_path: Path, name: str) -> None:
    with pytest.raises(InputError) as excinfo:
        iter_batch(str(tmp_path / name))
    assert_one_line_error(excinfo, tmp_path / name, "no such file or directory")


def test_batch_input_of_the_wrong_kind(tmp_path: Path) -> None:
    path = write(tmp_path, "batch.csv", b"id,hyp\n")
    with pytest.raises(InputError) as excinfo:
        iter_batch(str(path))
    assert_one_line_error(excinfo, path, "expected a directory or a .jsonl manifest")


def test_empty_manifest_is_an_input_error(tmp_path: Path) -> None:
    """Like an empty directory: a gate over nothing must not pass (issue 14, item 13)."""
    path = write(tmp_path, "empty.jsonl", b"\n\n")
    with pytest.raises(InputError) as excinfo:
        iter_batch(str(path))
    assert_one_line_error(excinfo, path, "no documents")


# --- directory layout ------------------------------------------------------------------------


def test_directory_layout(tmp_path: Path) -> None:
    write(tmp_path, "b.hyp.txt", b"Hyp b.")
    write(tmp_path, "b.ref.txt", b"Ref b.")
    write(tmp_path, "a.hyp.txt", b"Hyp a.")
    write(tmp_path, "a.ref2.txt", b"Second ref a.")
    write(tmp_path, "a.ref10.txt", b"Tenth ref a.")
    write(tmp_path, "a.ref1.txt", b"First ref a.")
    write(tmp_path, "a.src.ru.txt", "Текст.".encode("koi8-r"))
    write(tmp_path, "a.pivot.zh.txt", "文本。".encode("gb18030"))
    write(tmp_path, ".hidden", b"ignored")
    a, b = items_of(tmp_path)
    assert (a.id, b.id) == ("a", "b")
    assert a.document is not None and b.document is not None
    assert [r.content for r in a.document.refs] == ["First ref a.", "Second ref a.", "Tenth ref a."]
    assert a.document.src is not None and a.document.src.lang == "ru" and a.document.src.encoding == "koi8-r"
    assert a.document.pivot is not None and a.document.pivot.lang == "zh"
    assert a.origin == str(tmp_path / "a.hyp.txt")
    assert b.document.src is None and b.document.pivot is None


def test_directory_problems_become_error_items(tmp_path: Path) -> None:
    write(tmp_path, "good.hyp.txt", b"Hyp.")
    write(tmp_path, "good.ref.txt", b"Ref.")
    write(tmp_path, "orphan.ref.txt", b"A reference without a hypothesis.")
    write(tmp_path, "twosrc.hyp.txt", b"Hyp.")
    write(tmp_path, "twosrc.ref.txt", b"Ref.")
    write(tmp_path, "twosrc.src.ru.txt", "Текст.".encode())
    write(tmp_path, "twosrc.src.zh.txt", "文本。".encode())
    write(tmp_path, "german.hyp.txt", b"Hyp.")
    write(tmp_path, "german.ref.txt", b"Ref.")
    write(tmp_path, "german.src.de.txt", b"Text.")
    write(tmp_path, "binary.hyp.txt", b"\x00\x01\x02\x03")
    write(tmp_path, "binary.ref.txt", b"Ref.")
    write(tmp_path, "notes.md", b"Notes.")
    items = {item.id: item for item in items_of(tmp_path)}
    assert sorted(items) == ["binary", "german", "good", "notes.md", "orphan", "twosrc"]
    assert items["good"].error is None
    expected = {
        "orphan": "no orphan.hyp.txt",
        "twosrc": "more than one source file",
        "german": "unsupported source language 'de'",
        "binary": "binary file",
        "notes.md": "not part of the batch layout",
    }
    for doc_id, fragment in expected.items():
        error = items[doc_id].error
        assert error is not None and fragment in error, (doc_id, error)
        assert items[doc_id].document is None


def test_directory_without_hypotheses_is_a_whole_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError) as excinfo:
        iter_batch(str(tmp_path))
    assert_one_line_error(excinfo, tmp_path, "no '<id>.hyp.txt' files")
    write(tmp_path, "a.ref.txt", b"Ref.")
    with pytest.raises(InputError):
        iter_batch(str(tmp_path))


# --- the repository's corpora ----------------------------------------------------------------

CORPUS_ENCODINGS = {
    "kaspersky-2017/kaspersky-2017.hyp.txt": "utf-8",
    "kaspersky-2017/kaspersky-2017.ref.txt": "utf-8",
    "kaspersky-2017/kaspersky-2017.src.ru.txt": "utf-8",
    "kaspersky-2017/kaspersky-2017.pivot.zh.txt": "utf-8",
    "example-batch/lavrov-talks.src.ru.txt": "cp1251",
    "example-batch/grain-harvest.hyp.txt": "utf-8-sig",
    "example-batch/grain-harvest.src.ru.txt": "koi8-r",
    "example-batch/metro-opening.hyp.txt": "utf-16",
    "example-batch/metro-opening.ref.txt": "utf-8",
    "example-batch/china-russia-trade.src.zh.txt": "gb18030",
    "example-batch/peskov-sochi.src.ru.txt": "cp1251",
    "example-batch/peskov-sochi.pivot.zh.txt": "utf-8",
    "example-dir/putin-xi-talks.hyp.txt": "utf-8",
    "example-dir/putin-xi-talks.ref.txt": "utf-8",
    "example-dir/putin-xi-talks.src.ru.txt": "utf-8",
    "example-dir/shanghai-port.hyp.txt": "utf-8",
    "example-dir/shanghai-port.ref1.txt": "utf-8",
    "example-dir/shanghai-port.ref2.txt": "utf-8",
    "example-dir/shanghai-port.src.zh.txt": "gb18030",
}


def test_every_corpus_text_file_decodes_with_its_intended_encoding() -> None:
    found = {
        path.relative_to(CORPORA).as_posix()
        for path in CORPORA.rglob("*.txt")
        if path.is_file() and not path.name.startswith(".")
    }
    assert found == set(CORPUS_ENCODINGS), "a corpus file was added or removed: list its encoding here"
    for relative, encoding in sorted(CORPUS_ENCODINGS.items()):
        lang = infer_lang("", relative) or "en"
        text = read_text(CORPORA / relative, lang)
        assert text.encoding == encoding, relative
        if lang == "ru":
            assert sum("а" <= ch <= "я" for ch in text.content.lower()) > 0.5 * len(
                text.content.replace(" ", "")
            )
        if lang == "zh":
            assert any("\u4e00" <= ch <= "\u9fff" for ch in text.content)


@pytest.mark.parametrize("batch", ["example-batch.jsonl", "example-dir"])
def test_example_batches_load_without_errors(batch: str) -> None:
    items = list(iter_batch(str(CORPORA / batch)))
    assert len(items) >= 2
    assert [item.error for item in items] == [None] * len(items)
    assert len({item.id for item in items}) == len(items)


def test_seed_reference_source_and_pivot_carry_no_advert() -> None:
    folder = CORPORA / "kaspersky-2017"
    hyp = read_text(folder / "kaspersky-2017.hyp.txt", "en").content
    assert "Bone Conduction" in hyp and "Nikifrov" in hyp and "Romano Rozhkov" in hyp
    ref = read_text(folder / "kaspersky-2017.ref.txt", "en").content
    for name in (
        "Nikolai Nikiforov",
        "Roman Rozhkov",
        "Yelena Chernenko",
        "Dmitry Peskov",
        "Maria Zakharova",
    ):
        assert name in ref
    assert "Bone Conduction" not in ref and "Global Times" not in ref
    src = read_text(folder / "kaspersky-2017.src.ru.txt", "ru").content
    pivot = read_text(folder / "kaspersky-2017.pivot.zh.txt", "zh").content
    assert "Никифоров" in src and "尼古拉·尼基福罗夫" in pivot
    for text in (src, pivot):
        assert "Z18" not in text and "lonfine" not in text.lower()


# --- documents without a reference (issue 12: before publication there is none) -------------


@pytest.mark.parametrize(
    "extra",
    [
        {},
        {"ref": None},
        {"ref": ""},
        {"ref": "   "},
        {"ref": []},
        {"ref_path": None},
        {"ref_path": ""},
        {"ref_path": []},
    ],
)
def test_manifest_reference_is_optional(tmp_path: Path, extra: dict[str, object]) -> None:
    path = manifest(tmp_path, {"id": "x", "hyp": "The minister spoke.", "src": "Министр выступил.", **extra})
    (item,) = items_of(path)
    assert item.error is None and item.document is not None
    assert item.document.refs == []
    assert item.document.src is not None and item.document.src.lang == "ru"
    assert item.document.src.lang_from == "script"


def test_manifest_translation_alone_is_a_document(tmp_path: Path) -> None:
    (item,) = items_of(manifest(tmp_path, {"id": "x", "hyp": "The minister spoke."}))
    assert item.error is None and item.document is not None
    assert item.document.refs == [] and item.document.src is None


def test_directory_reference_is_optional(tmp_path: Path) -> None:
    write(tmp_path, "a.hyp.txt", b"The minister spoke.")
    write(tmp_path, "a.src.ru.txt", "Министр выступил.".encode())
    write(tmp_path, "b.hyp.txt", b"A translation alone.")
    a, b = items_of(tmp_path)
    assert a.error is None and a.document is not None and a.document.refs == []
    assert a.document.src is not None and a.document.src.lang_from == "file name"
    assert b.error is None and b.document is not None and b.document.refs == [] and b.document.src is None


@pytest.mark.parametrize(
    ("content", "lang", "fragment"),
    [
        (
            "Министр выступил во вторник.",
            "zh",
            "written in Russian (Cyrillic), but its language was given as 'zh'",
        ),
        ("部长周二发表讲话。", "ru", "written in Chinese (Han), but its language was given as 'ru'"),
        ("Only Latin letters here.", "ru", "has no Cyrillic or Chinese text"),
    ],
)
def test_source_script_must_match_its_language(
    tmp_path: Path, content: str, lang: str, fragment: str
) -> None:
    hyp = write(tmp_path, "h.txt", b"The minister spoke on Tuesday.")
    src = write(tmp_path, "s.txt", content.encode())
    with pytest.raises(InputError) as excinfo:
        load_document("d", str(hyp), [], src=str(src), src_lang=lang)
    assert_one_line_error(excinfo, src, fragment)


def test_source_language_detected_and_recorded(tmp_path: Path) -> None:
    hyp = write(tmp_path, "h.txt", b"The minister spoke on Tuesday.")
    src = write(tmp_path, "s.txt", "部长周二发表讲话。".encode())
    doc = load_document("d", str(hyp), [], src=str(src))
    assert doc.src is not None and doc.src.lang == "zh"
    assert doc.inputs()["src"]["lang_from"] == "script"
    given = load_document("d", str(hyp), [], src=str(src), src_lang="zh")
    assert given.inputs()["src"]["lang_from"] == "given"
