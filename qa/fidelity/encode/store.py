"""Sentence vectors kept on disk between runs of `qa check`, so a re-check loads no model.

An editor checks the same article again and again; its sentences' vectors are a pure
function of the sentence and the encoder, so they are kept in the user's cache folder, one
small sealed file per sentence under a folder named after the encoder's signature (weights
hash, version, quantisation): a different encoder never reads them. Rows are stored exactly
(float32 / float16 as computed), so a report is byte-identical whether they came from here or
from the encoder. Only `qa check` turns the store on (`enable`): a batch of thousands of
documents would churn it. The newest `KEEP` entries per encoder are kept (~60 MB for the
English encoder's token rows).
"""

from __future__ import annotations

import contextlib
import os
import struct
import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from qa.cache import cache_dir, digest, prune, sealed, unsealed, write_atomic

KEEP = 2048
_FORMAT = 1
_HEAD = struct.Struct("<II")  # sentence length, number of token rows
_enabled = threading.Event()


@contextlib.contextmanager
def enabled() -> Iterator[None]:
    """The store on while the block runs: `qa check` turns it on, `qa batch` does not."""
    _enabled.set()
    try:
        yield
    finally:
        _enabled.clear()


class VectorStore:
    """(sentence vector, token rows or None) per text key, for one encoder signature."""

    def __init__(self, signature: str, width: int) -> None:
        self.signature = signature
        self.width = width
        self._name = f"vectors-{digest((_FORMAT, signature))}"
        self._written = False

    def folder(self) -> Path | None:
        """Where the entries are, or None when the store is off (or caching is)."""
        if not _enabled.is_set():
            return None
        base = cache_dir()
        return None if base is None else base / self._name

    def get(self, key: bytes) -> tuple[np.ndarray, np.ndarray | None] | None:
        folder = self.folder()
        if folder is None:
            return None
        path = folder / f"{key.hex()}.bin"
        try:
            data = unsealed(path.read_bytes())
            os.utime(path)  # in use: the newest entries are the ones `trim` keeps
        except OSError:
            return None
        if data is None or len(data) < _HEAD.size:
            return None
        length, rows = _HEAD.unpack_from(data)
        sentence_end = _HEAD.size + 4 * length
        if length != self.width or len(data) != sentence_end + 2 * rows * self.width:
            return None
        sentence = np.frombuffer(data, dtype="<f4", count=length, offset=_HEAD.size).astype(np.float32)
        if not rows:
            return sentence, None
        tokens = np.frombuffer(data, dtype="<f2", offset=sentence_end).reshape(rows, self.width)
        return sentence, tokens.astype(np.float16)

    def put(self, key: bytes, sentence: np.ndarray, tokens: np.ndarray | None) -> None:
        folder = self.folder()
        if folder is None:
            return
        rows = 0 if tokens is None else len(tokens)
        data = _HEAD.pack(len(sentence), rows) + sentence.astype("<f4").tobytes()
        if tokens is not None:
            data += tokens.astype("<f2").tobytes()
        if write_atomic(folder / f"{key.hex()}.bin", sealed(data)):
            self._written = True

    def trim(self) -> None:
        """Keep the newest `KEEP` entries (after a run that wrote some)."""
        folder = self.folder()
        if folder is not None and self._written and len(os.listdir(folder)) > KEEP:
            prune(folder, "*.bin", KEEP)
        self._written = False
