"""Turn what the user hands us (files, a directory, a JSONL manifest) into `Document`s.

`load_document` serves `qa check` and raises `InputError` on the first problem. `iter_batch`
serves `qa batch`: a problem with the whole input (missing, wrong kind, nothing to check)
raises `InputError`, but a problem with one document becomes a `BatchItem` carrying the
error, so a batch never drops or stops on a document. Documents are built lazily, one at a
time, so a manifest of ten thousand documents is never held in memory as `Document`s.
"""

from __future__ import annotations

import itertools
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qa.document import Document, Text
from qa.errors import InputError
from qa.io.decode import DEFAULT_MAX_BYTES, check_text, decode_file, normalise, read_bytes
from qa.io.remote import RemotePath, UrlFolder, is_url, open_manifest, read_remote

SOURCE_LANGS = ("ru", "zh")
PIVOT_LANGS = ("ru", "zh")
DEFAULT_PIVOT_LANG = "zh"
TARGET_LANG = "en"
MANIFEST_SUFFIXES = (".jsonl", ".ndjson")
# A manifest line longer than this is reported as an error without being held in memory.
MAX_LINE_BYTES = DEFAULT_MAX_BYTES

_TEXT_KEYS = ("hyp", "ref", "src", "pivot")
_MANIFEST_KEYS = frozenset(
    ["id", "src_lang", "pivot_lang", *_TEXT_KEYS, *(f"{key}_path" for key in _TEXT_KEYS)]
)
_UNPRINTABLE_ID = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_LANG_IN_NAME = re.compile(r"\.(?:src|pivot)\.([A-Za-z]{2,3})\.txt$")
_LAYOUT = re.compile(
    r"^(?P<id>.+?)\."
    r"(?P<role>hyp|ref(?P<ref_index>[0-9]*)|src\.(?P<src_lang>[A-Za-z]{2,3})|pivot\.(?P<pivot_lang>[A-Za-z]{2,3}))"
    r"\.txt$",
    re.DOTALL,  # a file name may hold a line break; it is still that document's file
)


@dataclass
class BatchItem:
    """One document of a batch, or the reason it could not be read (exactly one is set)."""

    id: str
    origin: str
    document: Document | None
    error: str | None


def load_document(
    doc_id: str,
    hyp: str,
    refs: list[str],
    src: str | None = None,
    src_lang: str | None = None,
    pivot: str | None = None,
    pivot_lang: str | None = None,
) -> Document:
    """Read the files named on the `qa check` command line into one `Document`."""
    hyp_text = _read_file(hyp, TARGET_LANG)
    ref_texts = [_read_file(ref, TARGET_LANG) for ref in refs]
    src_text = _read_file(src, _checked_lang(src_lang, SOURCE_LANGS, "source", src)) if src else None
    pivot_text = None
    if pivot:
        pivot_text = _read_file(
            pivot,
            _checked_lang(pivot_lang, PIVOT_LANGS, "pivot", pivot) or DEFAULT_PIVOT_LANG,
            "given" if pivot_lang else "default",
        )
    return Document(id=doc_id, hyp=hyp_text, refs=ref_texts, src=src_text, pivot=pivot_text)


def infer_lang(text: str, name: str | None = None) -> str | None:
    """A source language from the file name (`x.src.ru.txt`) or else the text's script."""
    if name:
        match = _LANG_IN_NAME.search(name)
        if match and match.group(1).lower() in SOURCE_LANGS:
            return match.group(1).lower()
    return script_lang(text)


_CYRILLIC = re.compile("[\u0400-\u04ff]+")
_HAN = re.compile("[\u4e00-\u9fff\u3400-\u4dbf]+")


def script_lang(text: str) -> str | None:
    """ "ru" or "zh" by the script most of the text's Cyrillic and Han letters are in, or None."""
    # Runs of letters matched by a regular expression: ~5x a loop over every character, which
    # was a tenth of what the batch process spent on a one-sentence document.
    cyrillic = sum(map(len, _CYRILLIC.findall(text)))
    han = sum(map(len, _HAN.findall(text)))
    if max(cyrillic, han) == 0:
        return None
    return "ru" if cyrillic >= han else "zh"


_SCRIPT_NAMES = {"ru": "Russian (Cyrillic)", "zh": "Chinese (Han)"}


def check_script(content: str, lang: str, shown: str) -> None:
    """Refuse a source or pivot whose script is not its stated language's.

    `--src-lang zh` on a Russian file used to be accepted and gave nonsense findings (every
    number and name compared with the wrong reader); a wrong language is an input error.
    """
    if lang not in _SCRIPT_NAMES:
        return
    found = script_lang(content)
    if found != lang:
        what = f"is written in {_SCRIPT_NAMES[found]}" if found else "has no Cyrillic or Chinese text"
        raise InputError(f"the text {what}, but its language was given as '{lang}'", path=shown)


def iter_batch(input_path: str) -> Iterator[BatchItem]:
    """The documents of a batch directory or JSONL manifest, in order, each with its origin."""
    if is_url(input_path):  # a manifest in object storage (fsspec)
        return _first_checked(
            _iter_manifest(open_manifest(input_path), UrlFolder(input_path), input_path), input_path
        )
    path = Path(input_path)
    try:
        is_dir = path.is_dir()
        exists = is_dir or path.exists()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=input_path) from None
    if not exists:
        raise InputError("no such file or directory", path=input_path)
    if is_dir:
        return _iter_directory(path, input_path)
    if path.suffix.lower() not in MANIFEST_SUFFIXES:
        raise InputError("expected a directory or a .jsonl manifest", path=input_path)
    if not path.is_file():  # a FIFO or a device would block or never end
        raise InputError("not a regular file", path=input_path)
    # Open now, so that an unreadable manifest is a whole-input error raised by this call.
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed by the generator
    except PermissionError:
        raise InputError("permission denied", path=input_path) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=input_path) from None
    return _first_checked(_iter_manifest(handle, path.parent, input_path), input_path)


def _first_checked(items: Iterator[BatchItem], input_path: str) -> Iterator[BatchItem]:
    first = next(items, None)  # an empty manifest is an input error, like an empty directory
    if first is None:
        raise InputError("no documents in this manifest (empty, or only blank lines)", path=input_path)
    return itertools.chain([first], items)


# --- reading files --------------------------------------------------------------------------


def _read_file(
    path: str | Path, lang: str | None, lang_from: str = "given", beneath: Path | None = None
) -> Text:
    """Decode a file; with no language given, infer it from the name or the script.

    `lang_from` says how the language of a source or pivot was known ("given" on the command
    line or in the manifest, "file name", or "script" when detected from the letters), for the
    report."""
    shown = str(path)
    if isinstance(path, RemotePath):
        data = read_remote(path, DEFAULT_MAX_BYTES)
    else:
        data = read_bytes(path, beneath=beneath)
    content, encoding, original = decode_file(data, shown, lang)
    if lang is None:
        named = _LANG_IN_NAME.search(shown)
        lang = infer_lang(content, shown)
        lang_from = "file name" if named and named.group(1).lower() == lang else "script"
        if lang is None:
            raise InputError(
                "cannot tell the source language (no Cyrillic or Chinese text); give it explicitly",
                path=shown,
            )
    check_script(content, lang, shown)
    text = Text(content=content, lang=lang, path=shown, encoding=encoding, original=original)
    if lang != TARGET_LANG:
        text.lang_from = lang_from
    return text


def _checked_lang(lang: str | None, allowed: tuple[str, ...], role: str, path: str | None) -> str | None:
    if lang is None:
        return None
    if lang not in allowed:
        raise InputError(f"unsupported {role} language '{lang}' (expected {' or '.join(allowed)})", path=path)
    return lang


def _inline_text(value: str, lang: str, origin: str, lang_from: str = "given") -> Text:
    content = normalise(value)
    check_text(content, origin)
    check_script(content, lang, origin)
    text = Text(content=content, lang=lang, path=origin, encoding="utf-8", inline=True)
    if lang != TARGET_LANG:
        text.lang_from = lang_from
    return text


# --- JSONL manifests ------------------------------------------------------------------------


class _LineProblem(Exception):
    """One manifest line cannot become a document; the message says why."""


def _iter_manifest(handle: Any, folder: Path | UrlFolder, shown: str) -> Iterator[BatchItem]:
    first_seen: dict[str, int] = {}
    with handle:
        for number, raw in enumerate(_manifest_lines(handle, shown), start=1):
            if raw is not None and not raw.strip():
                continue
            origin = f"{shown}:{number}"
            fallback_id = f"line-{number}"
            if raw is None:
                yield BatchItem(fallback_id, origin, None, f"line longer than {MAX_LINE_BYTES} bytes")
                continue
            try:
                record = _parse_line(raw, number)
            except _LineProblem as problem:
                yield BatchItem(fallback_id, origin, None, str(problem))
                continue
            doc_id = record.get("id") if isinstance(record.get("id"), str) and record["id"] else fallback_id
            if doc_id in first_seen:
                yield BatchItem(
                    doc_id, origin, None, f"duplicate id '{doc_id}' (first on line {first_seen[doc_id]})"
                )
                continue
            first_seen[doc_id] = number
            try:
                document = _document_from_record(record, doc_id, folder, origin)
            except _LineProblem as problem:
                yield BatchItem(doc_id, origin, None, str(problem))
                continue
            except InputError as exc:
                yield BatchItem(doc_id, origin, None, str(exc))
                continue
            yield BatchItem(doc_id, origin, document, None)


def _manifest_lines(handle: Any, shown: str) -> Iterator[bytes | None]:
    """Lines of the manifest as bytes; None for a line too long to hold (it is skipped over)."""
    while True:
        try:
            line = handle.readline(MAX_LINE_BYTES + 1)
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror or exc}", path=shown) from None
        if not line:
            return
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = handle.readline(MAX_LINE_BYTES + 1)
            yield None
            continue
        yield line


def _parse_line(raw: bytes, number: int) -> dict[str, Any]:
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _LineProblem(f"not valid UTF-8 (byte {exc.start + 1} of the line)") from None
    if number == 1:
        line = line.removeprefix("\ufeff")
    try:
        record = json.loads(line, object_pairs_hook=_object_without_duplicate_keys)
    except RecursionError:
        raise _LineProblem("invalid JSON: nested too deeply") from None
    except json.JSONDecodeError as exc:
        raise _LineProblem(f"invalid JSON: {exc.msg} (column {exc.colno})") from None
    except ValueError as exc:  # e.g. an integer literal with too many digits
        raise _LineProblem(f"invalid JSON: {exc}") from None
    if not isinstance(record, dict):
        raise _LineProblem(f"expected a JSON object, got {_json_type(record)}")
    unknown = sorted(key for key in record if key not in _MANIFEST_KEYS)
    if unknown:
        raise _LineProblem(f"unknown key '{unknown[0]}' (expected {', '.join(sorted(_MANIFEST_KEYS))})")
    if "id" in record and not (isinstance(record["id"], str) and record["id"].strip()):
        raise _LineProblem("'id' must be a non-empty string")
    if "id" in record and _UNPRINTABLE_ID.search(record["id"]):
        raise _LineProblem("'id' must not contain control characters or line breaks")
    return record


def _object_without_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """JSON objects with a key given twice are refused: the standard library keeps the last silently."""
    record: dict[str, Any] = {}
    for key, value in pairs:
        if key in record:
            raise _LineProblem(f"key '{key}' given twice")
        record[key] = value
    return record


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number")


def _document_from_record(
    record: dict[str, Any], doc_id: str, folder: Path | UrlFolder, origin: str
) -> Document:
    for key in _TEXT_KEYS:
        if key in record and f"{key}_path" in record:
            raise _LineProblem(f"both '{key}' and '{key}_path' given; use one")
    if "hyp" not in record and "hyp_path" not in record:
        raise _LineProblem("missing 'hyp' (or 'hyp_path')")
    src_lang = _manifest_lang(record, "src_lang", SOURCE_LANGS)
    pivot_lang = _manifest_lang(record, "pivot_lang", PIVOT_LANGS)
    if src_lang and "src" not in record and "src_path" not in record:
        raise _LineProblem("'src_lang' given without 'src' or 'src_path'")
    if pivot_lang and "pivot" not in record and "pivot_path" not in record:
        raise _LineProblem("'pivot_lang' given without 'pivot' or 'pivot_path'")

    hyp = _manifest_texts(record, "hyp", TARGET_LANG, folder, origin, many=False)[0]
    refs = _manifest_refs(record, folder, origin)
    src = pivot = None
    if "src" in record or "src_path" in record:
        src = _manifest_texts(record, "src", src_lang, folder, origin, many=False)[0]
    if "pivot" in record or "pivot_path" in record:
        pivot = _manifest_texts(
            record, "pivot", pivot_lang or DEFAULT_PIVOT_LANG, folder, origin, many=False
        )[0]
    return Document(id=doc_id, hyp=hyp, refs=refs, src=src, pivot=pivot)


def _manifest_lang(record: dict[str, Any], key: str, allowed: tuple[str, ...]) -> str | None:
    if key not in record:
        return None
    value = record[key]
    if not isinstance(value, str) or value not in allowed:
        raise _LineProblem(f"'{key}' must be {' or '.join(repr(a) for a in allowed)}")
    return value


def _manifest_refs(record: dict[str, Any], folder: Path | UrlFolder, origin: str) -> list[Text]:
    """The references, if any: before publication there is none, so `ref`/`ref_path` absent,
    null, "" or [] all mean "no reference" (DESIGN.md: only the translation is required)."""
    for key in ("ref", "ref_path"):
        value = record.get(key)
        if key in record and (value is None or value == [] or (isinstance(value, str) and not value.strip())):
            return []
    if "ref" not in record and "ref_path" not in record:
        return []
    return _manifest_texts(record, "ref", TARGET_LANG, folder, origin, many=True)


# One word ending in a text file's extension is a file name put under the text's key, not a
# translation: checked as text it would pass or fail on nothing the user meant.
_FILE_NAME = re.compile(
    r"\S+\.(?:txt|text|md|srt|vtt|xml|html?|json|jsonl|docx?|xliff|xlf|po|tmx)", re.IGNORECASE
)


def _manifest_texts(
    record: dict[str, Any], key: str, lang: str | None, folder: Path | UrlFolder, origin: str, many: bool
) -> list[Text]:
    """The text(s) under `key` (inline) or `key_path` (files beside the manifest)."""
    inline = key in record
    field_name = key if inline else f"{key}_path"
    value = record[field_name]
    values = value if many and isinstance(value, list) else [value]
    if many and isinstance(value, list) and not value:
        raise _LineProblem(f"'{field_name}' is an empty list")
    texts = []
    for position, item in enumerate(values):
        where = f"'{field_name}'" + (f" item {position + 1}" if len(values) > 1 else "")
        if not isinstance(item, str):
            expected = "a string or a list of strings" if many else "a string"
            raise _LineProblem(f"{where} must be {expected}, got {_json_type(item)}")
        if not item.strip():
            raise _LineProblem(f"{where} is empty")
        if inline:
            if _FILE_NAME.fullmatch(item.strip()):
                raise _LineProblem(
                    f"{where} holds the text itself, but '{item.strip()}' looks like a file name; "
                    f"name a file with '{key}_path'"
                )
            text_lang = lang or infer_lang(item)
            if text_lang is None:
                raise _LineProblem(f"cannot tell the language of '{key}'; add '{key}_lang'")
            texts.append(_inline_text(item, text_lang, origin, "given" if lang else "script"))
        else:
            path, opened = _inside(folder, item, where)
            text = _read_file(opened, lang, beneath=folder if isinstance(folder, Path) else None)
            text.path = str(path)  # the name the manifest gives, also for a link inside the folder
            texts.append(text)
    return texts


def _inside(
    folder: Path | UrlFolder, relative: str, where: str
) -> tuple[Path | RemotePath, Path | RemotePath]:
    """A manifest-relative path, refused if absolute or if it resolves outside the folder, and
    the file to open for it.

    Symbolic links are followed before the check, so a link pointing out is refused too; the
    file is then opened by its resolved name without following a link, so a file swapped for a
    link after the check is refused, not read.
    """
    if isinstance(folder, UrlFolder):
        try:
            url = folder.inside(relative)
            return url, url
        except ValueError as exc:
            raise _LineProblem(f"{where} {exc}") from None
    if "\x00" in relative:
        raise _LineProblem(f"{where} contains a NUL character")
    candidate = Path(relative)
    if candidate.is_absolute() or os.path.isabs(relative) or re.match(r"^[A-Za-z]:", relative):
        raise _LineProblem(f"{where} must be relative to the manifest's folder, not absolute")
    try:
        resolved = (folder / candidate).resolve()
        root = folder.resolve()
    except (OSError, RuntimeError) as exc:
        raise _LineProblem(f"{where} cannot be resolved: {exc}") from None
    if not resolved.is_relative_to(root):
        raise _LineProblem(f"{where} points outside the manifest's folder: {relative}")
    return folder / candidate, folder / resolved.relative_to(root)


# --- directory layout -----------------------------------------------------------------------


@dataclass
class _DirectoryEntry:
    hyp: str | None = None
    refs: list[tuple[int, str]] | None = None
    srcs: list[tuple[str, str]] | None = None
    pivots: list[tuple[str, str]] | None = None


def _iter_directory(folder: Path, shown: str) -> Iterator[BatchItem]:
    try:
        names = sorted(entry.name for entry in os.scandir(folder) if not entry.name.startswith("."))
    except OSError as exc:
        raise InputError(f"cannot list directory: {exc.strerror or exc}", path=shown) from None
    entries: dict[str, _DirectoryEntry] = {}
    strays: list[str] = []
    for name in names:
        match = _LAYOUT.match(name)
        if match is None:
            strays.append(name)
            continue
        entry = entries.setdefault(match.group("id"), _DirectoryEntry())
        role = match.group("role")
        if role == "hyp":
            entry.hyp = name
        elif role.startswith("ref"):
            index = int(match.group("ref_index") or 0)
            entry.refs = [*(entry.refs or []), (index, name)]
        elif role.startswith("src"):
            entry.srcs = [*(entry.srcs or []), (match.group("src_lang").lower(), name)]
        else:
            entry.pivots = [*(entry.pivots or []), (match.group("pivot_lang").lower(), name)]
    if not any(entry.hyp for entry in entries.values()):
        raise InputError("no '<id>.hyp.txt' files in this directory", path=shown)
    return _directory_items(folder, entries, strays)


def _directory_items(
    folder: Path, entries: dict[str, _DirectoryEntry], strays: list[str]
) -> Iterator[BatchItem]:
    items: list[tuple[str, str, _DirectoryEntry | None]] = [
        (doc_id, "", entry) for doc_id, entry in entries.items()
    ]
    items.extend((name, name, None) for name in strays)
    for doc_id, stray, entry in sorted(items, key=lambda item: (item[0], item[1])):
        if entry is None:
            yield BatchItem(
                doc_id,
                str(folder / stray),
                None,
                f"{folder / stray}: not part of the batch layout "
                "(<id>.hyp.txt, <id>.ref.txt, <id>.src.<lang>.txt, <id>.pivot.<lang>.txt)",
            )
            continue
        origin = str(folder / (entry.hyp or f"{doc_id}.*"))
        try:
            document = _document_from_entry(folder, doc_id, entry)
        except InputError as exc:
            yield BatchItem(doc_id, origin, None, str(exc))
            continue
        yield BatchItem(doc_id, origin, document, None)


def _document_from_entry(folder: Path, doc_id: str, entry: _DirectoryEntry) -> Document:
    if entry.hyp is None:
        present = sorted(
            name for _, name in [*(entry.refs or []), *(entry.srcs or []), *(entry.pivots or [])]
        )
        raise InputError(f"no {doc_id}.hyp.txt for {', '.join(present)}", path=str(folder / present[0]))
    for role, files in (("source", entry.srcs), ("pivot", entry.pivots)):
        if files and len(files) > 1:
            names = ", ".join(name for _, name in sorted(files))
            raise InputError(f"more than one {role} file: {names}", path=str(folder / files[0][1]))
    src = _read_role_file(folder, entry.srcs, SOURCE_LANGS, "source")
    pivot = _read_role_file(folder, entry.pivots, PIVOT_LANGS, "pivot")
    refs = [_read_in_folder(folder, name, TARGET_LANG) for _, name in sorted(entry.refs or [])]
    return Document(
        id=doc_id, hyp=_read_in_folder(folder, entry.hyp, TARGET_LANG), refs=refs, src=src, pivot=pivot
    )


def _read_role_file(
    folder: Path, files: list[tuple[str, str]] | None, allowed: tuple[str, ...], role: str
) -> Text | None:
    """A folder document's source or pivot file (the caller has refused a second one), in the
    language its name gives: one rule for both roles, so they check and read alike."""
    if not files:
        return None
    lang, name = files[0]
    return _read_in_folder(folder, name, _checked_lang(lang, allowed, role, str(folder / name)), "file name")


def _read_in_folder(folder: Path, name: str, lang: str | None, lang_from: str = "given") -> Text:
    """A file of a batch directory, read without following a link (see `_in_folder`)."""
    text = _read_file(_in_folder(folder, name), lang, lang_from, beneath=folder)
    text.path = str(folder / name)  # the name the batch lists, also for a link to a shared file
    return text


def _in_folder(folder: Path, name: str) -> Path:
    """The file to open for `name` in a batch directory: itself, or the file inside the
    directory its symbolic link leads to; a link that leads out of it is refused.

    A directory batch is often a checkout of untrusted pull requests: a link to
    `~/.ssh/id_rsa` or `/etc/shadow` must not land in the report (as text, excerpts or
    findings). Links whose target stays inside the directory (a reference shared by several
    documents) are followed, as manifests allow paths that stay inside their folder. The
    returned path is opened without following links, so a file swapped for a link after this
    check is refused, not read.
    """
    path = folder / name
    if not path.is_symlink():
        return path
    try:
        resolved = path.resolve(strict=True)
        root = folder.resolve(strict=True)
    except (OSError, RuntimeError):
        raise InputError(
            "symbolic link whose target cannot be resolved (broken or a loop)", path=str(path)
        ) from None
    if not resolved.is_relative_to(root):
        raise InputError("symbolic link pointing outside the batch directory; refused", path=str(path))
    return folder / resolved.relative_to(root)
