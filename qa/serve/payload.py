"""Request bodies of `qa serve` into `Document`s and a `Config`, or a `RequestProblem` (HTTP 4xx).

Only inline text is accepted: a request never names a file (no `*_path` keys, no glossary or
baseline option), so nothing a client sends can make the server read its file system. Each
text passes the checks the command line applies to a file (`check_text`, the same
250,000-byte limit, the script of a source or pivot matching its language), so a request
is refused exactly where `qa check` would refuse the same text in a file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from qa.config import Config, parse_config
from qa.document import Document, Text
from qa.errors import QaError
from qa.io.decode import DEFAULT_MAX_BYTES, check_text, normalise
from qa.io.inputs import DEFAULT_PIVOT_LANG, PIVOT_LANGS, SOURCE_LANGS, TARGET_LANG, check_script, script_lang

MAX_TEXT_BYTES = DEFAULT_MAX_BYTES  # the command line's input limit, per text
MAX_BATCH_DOCUMENTS = 100
DOCUMENT_KEYS = frozenset(["id", "hyp", "ref", "src", "src_lang", "pivot", "pivot_lang"])
# Options a request may set: what changes how a text is judged, never where anything is read.
OPTION_KEYS = frozenset(
    ["fail-on", "select", "ignore", "no-model", "metrics", "min-scores", "max-scores", "severity"]
)
_ID = re.compile(r"^[^\x00-\x1f\x7f-\x9f\u2028\u2029]{1,200}$")


class RequestProblem(Exception):
    """A request the server refuses; `status` is the HTTP status, the message says why."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class CheckRequest:
    """What one check or batch request asks for: documents, and the config to judge them by."""

    documents: list[Document]
    config: Config


def _type(value: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number")


def _text(value: Any, where: str, lang: str) -> Text:
    if not isinstance(value, str):
        raise RequestProblem(f"{where}: expected a string, got {_type(value)}")
    if len(value.encode("utf-8", errors="surrogatepass")) > MAX_TEXT_BYTES:
        raise RequestProblem(f"{where}: larger than {MAX_TEXT_BYTES} bytes (the input limit)", status=413)
    content = normalise(value)
    try:
        check_text(content, where)
        check_script(content, lang, where)
    except QaError as exc:  # worded for files: "empty file", "binary file (...)"
        message = str(exc).replace("empty file", "empty text").replace("binary file", "not text")
        raise RequestProblem(message) from None
    return Text(content=content, lang=lang, path=None, encoding="utf-8")


def _lang(record: Mapping[str, Any], key: str, allowed: tuple[str, ...], where: str) -> str | None:
    value = record.get(key)
    if value is None or value == "":
        return None
    if value not in allowed:
        raise RequestProblem(f"{where}{key}: expected {' or '.join(repr(a) for a in allowed)}")
    return str(value)


def _other(
    record: Mapping[str, Any], key: str, lang_key: str, allowed: tuple[str, ...], where: str
) -> Text | None:
    """The source or pivot: its language given, or else told from its script."""
    value = record.get(key)
    lang = _lang(record, lang_key, allowed, where)
    if value is None or value == "":  # a language with no text (the page always sends one): no text
        return None
    if not isinstance(value, str):
        raise RequestProblem(f"{where}{key}: expected a string, got {_type(value)}")
    lang_from = "given"
    if lang is None:
        lang = script_lang(value) if key == "src" else DEFAULT_PIVOT_LANG
        lang_from = "script" if key == "src" else "default"
        if lang is None:
            raise RequestProblem(
                f"{where}{key}: cannot tell its language (no Cyrillic or Chinese text); give {lang_key}"
            )
    text = _text(value, f"{where}{key}", lang)
    text.lang_from = lang_from
    return text


def parse_document(record: Any, where: str = "", default_id: str = "document") -> Document:
    """One document object: `hyp` required; `ref` a string or a list; `src`, `pivot` optional."""
    if not isinstance(record, dict):
        raise RequestProblem(f"{where or 'body'}: expected a JSON object, got {_type(record)}")
    paths = sorted(key for key in record if key.endswith("_path"))
    if paths:
        raise RequestProblem(f"{where}{paths[0]}: the server reads no files; send the text itself")
    unknown = sorted(key for key in record if key not in DOCUMENT_KEYS and key != "options")
    if unknown:
        raise RequestProblem(
            f"{where}{unknown[0]}: unknown key (expected {', '.join(sorted(DOCUMENT_KEYS))})"
        )
    doc_id = record.get("id", default_id)
    if not isinstance(doc_id, str) or not _ID.match(doc_id) or not doc_id.strip():
        raise RequestProblem(f"{where}id: expected a one-line string of 1 to 200 characters")
    if "hyp" not in record:
        raise RequestProblem(f"{where}hyp: missing (the translation to check)")
    hyp = _text(record["hyp"], f"{where}hyp", TARGET_LANG)
    refs_value = record.get("ref")
    if refs_value is None or refs_value == "" or refs_value == []:
        refs_list: list[Any] = []
    elif isinstance(refs_value, list):
        refs_list = refs_value
    else:
        refs_list = [refs_value]
    refs = [
        _text(r, f"{where}ref" + (f"[{i}]" if isinstance(refs_value, list) else ""), TARGET_LANG)
        for i, r in enumerate(refs_list)
    ]
    src = _other(record, "src", "src_lang", SOURCE_LANGS, where)
    pivot = _other(record, "pivot", "pivot_lang", PIVOT_LANGS, where)
    return Document(id=doc_id, hyp=hyp, refs=refs, src=src, pivot=pivot)


def parse_options(options: Any, base: Config) -> Config:
    """The request's `options` over the server's config, validated as a config file's keys are."""
    if options is None:
        return base
    if not isinstance(options, dict):
        raise RequestProblem(f"options: expected a JSON object, got {_type(options)}")
    table = {str(key).replace("_", "-"): value for key, value in options.items()}
    unknown = sorted(key for key in table if key not in OPTION_KEYS)
    if unknown:
        raise RequestProblem(
            f"options: unknown key '{unknown[0]}' (expected {', '.join(sorted(OPTION_KEYS))})"
        )
    for key in ("min-scores", "max-scores", "severity"):
        if isinstance(table.get(key), dict) and isinstance(getattr(base, key.replace("-", "_")), dict):
            table[key] = {**getattr(base, key.replace("-", "_")), **table[key]}
    try:
        return parse_config(table, "options", base)
    except QaError as exc:
        raise RequestProblem(str(exc)) from None


def parse_check(body: Any, base: Config) -> CheckRequest:
    """`POST /v1/check`: one document object, with optional `options`."""
    if not isinstance(body, dict):
        raise RequestProblem(f"body: expected a JSON object, got {_type(body)}")
    config = parse_options(body.get("options"), base)
    document = parse_document({k: v for k, v in body.items() if k != "options"})
    return CheckRequest([document], config)


def parse_batch(body: Any, base: Config) -> CheckRequest:
    """`POST /v1/batch`: `{"documents": [...], "options": {...}}`; ids must be unique."""
    if not isinstance(body, dict):
        raise RequestProblem(f"body: expected a JSON object, got {_type(body)}")
    unknown = sorted(key for key in body if key not in ("documents", "options"))
    if unknown:
        raise RequestProblem(f"{unknown[0]}: unknown key (expected documents, options)")
    config = parse_options(body.get("options"), base)
    records = body.get("documents")
    if not isinstance(records, list) or not records:
        raise RequestProblem("documents: expected a non-empty array of document objects")
    if len(records) > MAX_BATCH_DOCUMENTS:
        raise RequestProblem(f"documents: at most {MAX_BATCH_DOCUMENTS} a request", status=413)
    documents: list[Document] = []
    seen: dict[str, int] = {}
    for index, record in enumerate(records):
        where = f"documents[{index}]."
        if isinstance(record, dict) and "options" in record:
            raise RequestProblem(
                f"{where}options: options apply to the whole batch; give them beside 'documents'"
            )
        document = parse_document(record, where, default_id=f"document-{index + 1}")
        if document.id in seen:
            raise RequestProblem(
                f"{where}id: duplicate id '{document.id}' (first in documents[{seen[document.id]}])"
            )
        seen[document.id] = index
        documents.append(document)
    return CheckRequest(documents, config)
