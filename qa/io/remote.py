"""Manifests and their `*_path` files behind fsspec URLs (`s3://`, `gs://`, `file://`, `memory://`).

An archive audit reads its inputs where they are kept, usually object storage. fsspec (the
`qa[dask]` extra) is imported only when a URL is given. A `_path` entry of a manifest at a URL
is resolved against the manifest's folder in that same file system and, as for local
manifests, may not leave it (no absolute paths, no `..` out of the folder, no other URL).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from qa.errors import InputError
from qa.io.decode import within_limit

INSTALL_HINT = "pip install 'qa-news[dask]'"
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def is_url(value: str) -> bool:
    """True for `scheme://...` (a Windows path such as C:\\x has no `//` after its colon)."""
    return bool(_URL.match(value))


class RemotePath(str):
    """A file named by URL, read through fsspec (a plain `str` path stays a local file)."""


def _fsspec() -> Any:
    try:
        import fsspec
    except ImportError:
        raise InputError(f"reading URLs needs fsspec: {INSTALL_HINT}") from None
    return fsspec


def _filesystem(url: str) -> tuple[Any, str]:
    """The URL's file system and the path within it; `InputError` for an unknown scheme."""
    fsspec = _fsspec()
    try:
        return fsspec.core.url_to_fs(url)
    except (ImportError, ValueError) as exc:  # an unknown protocol, or its package missing
        raise InputError(f"cannot open this URL: {exc}", path=url) from None


class UrlFolder:
    """The folder of a manifest given by URL: where its `*_path` entries are looked up."""

    def __init__(self, manifest_url: str) -> None:
        scheme, _, rest = manifest_url.partition("://")
        self.scheme = scheme
        self.path = posixpath.dirname(rest)

    def inside(self, relative: str) -> RemotePath:
        """`relative` joined to this folder; ValueError (the reason) when it is absolute, a
        URL, or leads out of the folder."""
        if "\x00" in relative:
            raise ValueError("contains a NUL character")
        if is_url(relative) or relative.startswith("/") or re.match(r"^[A-Za-z]:", relative):
            raise ValueError("must be relative to the manifest's folder, not absolute")
        joined = posixpath.normpath(posixpath.join(self.path, relative)) if self.path else relative
        base = posixpath.normpath(self.path) if self.path else ""
        if base and not joined.startswith(base.rstrip("/") + "/"):
            raise ValueError(f"points outside the manifest's folder: {relative}")
        if not base and (joined.startswith("..") or joined.startswith("/")):
            raise ValueError(f"points outside the manifest's folder: {relative}")
        return RemotePath(f"{self.scheme}://{joined}")


@contextmanager
def _read_errors(url: str, cannot: str) -> Iterator[None]:
    """The file system's errors as one `InputError` line naming the URL."""
    try:
        yield
    except FileNotFoundError:
        raise InputError("no such file", path=url) from None
    except PermissionError:
        raise InputError("permission denied", path=url) from None
    except OSError as exc:
        raise InputError(f"{cannot}: {exc}", path=url) from None


def open_manifest(url: str) -> Any:
    """A binary handle on the manifest at `url`; `InputError` (naming it) when it cannot be read."""
    fs, path = _filesystem(url)
    with _read_errors(url, "cannot read"):
        if fs.isdir(path):
            raise InputError("a directory URL; expected a .jsonl manifest", path=url)
        return fs.open(path, "rb")


def read_remote(url: str, max_bytes: int) -> bytes:
    """The bytes of the file at `url`, with the size limit local files have."""
    fs, path = _filesystem(url)
    with _read_errors(url, "cannot read file"):
        if fs.isdir(path):
            raise InputError("is a directory, expected a file", path=url)
        with fs.open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    return within_limit(data, max_bytes, url)
