"""Static word tables kept outside Python objects: a marisa trie of the words and numpy columns.

Why not a dict: batch workers are forked from a warm parent and share its memory page by page,
but every lookup in a Python dict writes the reference count of the value it returns (and a
bisection over a sorted list that of each word it compares), so the pages holding half a
million small objects get copied into every worker. Here a word's row is its key id in a
MARISA trie (`marisa-trie`, MIT), and the values sit in numpy arrays indexed by that id: a
lookup reads the trie and the arrays and writes nothing shared. Saved to a folder, both are
memory-mapped, so every process, forked or not, reads the same page-cache pages.

A store answers membership, "is this a prefix of some word?" and per-word columns; it cannot
change once built.
"""

from __future__ import annotations

import hashlib
import json
import mmap
import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

STORE_FORMAT = 3  # 1: int64 columns; 2: no digests of the data files
_WORDS_FILE = "words.marisa"
_META_FILE = "meta.json"


_NUL = "\x00"
_INT32_MIN, _INT32_MAX = -(2**31), 2**31 - 1  # columns are int32: counts and rows fit


def _trie_class() -> Any:
    import marisa_trie

    return marisa_trie.Trie


def _data_files(columns: Mapping[str, Any]) -> list[str]:
    return [_WORDS_FILE, *(f"{name}.npy" for name in sorted(columns))]


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes, read through a memory map (the pages the store maps next).
    SHA-256 rather than BLAKE2b: CPUs with SHA extensions hash it twice as fast (bench/RESULTS.md)."""
    with path.open("rb") as handle:
        if os.fstat(handle.fileno()).st_size == 0:
            return hashlib.sha256(b"").hexdigest()
        with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
            return hashlib.sha256(mapped).hexdigest()


class WordStore:
    """A set of words with numpy columns, one row per word (the word's trie key id)."""

    def __init__(self, trie: Any, columns: Mapping[str, Any]) -> None:
        size = len(trie)
        for name, column in columns.items():
            if len(column) != size:
                raise ValueError(f"column {name!r} has {len(column)} rows for {size} words")
        self._trie = trie
        self.columns: dict[str, Any] = dict(columns)

    @classmethod
    def build(cls, words: Sequence[str], columns: Mapping[str, Sequence[int]]) -> WordStore:
        """A store over distinct `words`, each column holding one value per word, in the same order.

        The trie's key ids depend on the order the words come in: pass them sorted, so that the
        same data always gives the same store.
        """
        import numpy as np

        if _NUL in "".join(words):
            raise ValueError("a stored word cannot contain NUL (marisa-trie looks keys up as C strings)")
        trie = _trie_class()(list(words))
        if len(trie) != len(words):
            raise ValueError("the words of a store must be distinct")
        rows = np.fromiter(map(trie.key_id, words), dtype=np.int64, count=len(words)) if columns else None
        built = {}
        for name, values in columns.items():
            given = np.asarray(values, dtype=np.int64).reshape(-1)
            if len(given) != len(words):
                raise ValueError(f"column {name!r} has {len(given)} values for {len(words)} words")
            if len(given) and (given.min() < _INT32_MIN or given.max() > _INT32_MAX):
                raise ValueError(f"column {name!r} does not fit in 32 bits")
            array = np.empty(len(words), dtype=np.int32)
            array[rows] = given
            built[name] = array
        return cls(trie, built)

    # -- lookups ----------------------------------------------------------------------------

    def row(self, word: str) -> int:
        """The word's row, -1 when it is not in the store (or cannot be UTF-8 encoded)."""
        if _NUL in word:  # marisa-trie would cut the word there; no stored word contains one
            return -1
        try:
            return int(self._trie.get(word, -1))
        except UnicodeEncodeError:  # lone surrogates: no stored word contains one either
            return -1

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.row(word) >= 0

    def has_prefix(self, prefix: str) -> bool:
        """Whether some word starts with `prefix` (the empty prefix: whether there is any word)."""
        if _NUL in prefix:
            return False
        try:
            return next(self._trie.iterkeys(prefix), None) is not None
        except UnicodeEncodeError:
            return False

    def value(self, column: str, row: int) -> int:
        return int(self.columns[column].item(row))

    def word(self, row: int) -> str:
        return str(self._trie.restore_key(row))

    def __len__(self) -> int:
        return len(self._trie)

    def rows(self) -> Iterator[tuple[str, int]]:
        """(word, row) for every word, in the trie's order (sort where order matters)."""
        return iter(self._trie.iteritems())

    # -- on disk ----------------------------------------------------------------------------

    def save(self, folder: Path, meta: Mapping[str, Any] | None = None) -> None:
        """Write the store into `folder` (created; see `qa.cache.write_folder_atomic` for a whole set)."""
        import numpy as np

        folder.mkdir(parents=True, exist_ok=True)
        self._trie.save(str(folder / _WORDS_FILE))
        for name, column in self.columns.items():
            np.save(folder / f"{name}.npy", np.ascontiguousarray(column, dtype=np.int32))
        description: dict[str, Any] = {
            "format": STORE_FORMAT,
            "words": len(self),
            "columns": sorted(self.columns),
        }
        description["meta"] = dict(meta or {})
        description["digests"] = {name: file_digest(folder / name) for name in _data_files(self.columns)}
        (folder / _META_FILE).write_text(json.dumps(description, sort_keys=True), encoding="utf-8")

    @classmethod
    def open(cls, folder: Path) -> tuple[WordStore, dict[str, Any]] | None:
        """A saved store, memory-mapped, with the meta it was saved with; None if it is missing,
        incomplete or of another format."""
        import numpy as np

        try:
            description = json.loads((folder / _META_FILE).read_text(encoding="utf-8"))
            if description.get("format") != STORE_FORMAT:
                return None
            trie = _trie_class()()
            trie.mmap(str(folder / _WORDS_FILE))
            # Plain ndarray views of the maps: np.memmap's own indexing runs Python code.
            columns = {
                name: np.load(folder / f"{name}.npy", mmap_mode="r").view(np.ndarray)
                for name in description["columns"]
            }
            if len(trie) != description["words"]:
                return None
            # The headers say little: a file whose data was zeroed or altered keeps them, and
            # would answer lookups wrongly without a word. Its bytes must be the ones saved.
            digests = description["digests"]
            for name in _data_files(columns):
                if file_digest(folder / name) != digests.get(name):
                    return None
            return cls(trie, columns), dict(description.get("meta", {}))
        except (OSError, ValueError, KeyError, TypeError, RuntimeError):
            return None


class WordCounts(Mapping[str, int]):
    """Word -> count over a store's "count" column: what `qa.zh.model.SortedLexicon` answers
    (prefix checks for the constrained searches, counts for the prior) without Python dicts."""

    def __init__(self, store: WordStore, column: str = "count") -> None:
        self.store = store
        self._column = column

    def has_prefix(self, prefix: str) -> bool:
        return self.store.has_prefix(prefix)

    def count(self, word: str) -> int:
        row = self.store.row(word)
        return self.store.value(self._column, row) if row >= 0 else 0

    def __contains__(self, word: object) -> bool:
        return word in self.store

    def __getitem__(self, word: str) -> int:
        row = self.store.row(word) if isinstance(word, str) else -1
        if row < 0:
            raise KeyError(word)
        return self.store.value(self._column, row)

    def __iter__(self) -> Iterator[str]:
        return (word for word, _ in self.store.rows())

    def __len__(self) -> int:
        return len(self.store)

    @property
    def counts(self) -> WordCounts:
        """The same mapping (SortedLexicon's `counts`, for callers that iterate it)."""
        return self
