"""A lexicon cache whose data was zeroed or altered, headers intact, is rebuilt, never read
(issue 14, item 16: zeroed counts flipped a verdict without a word)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from qa.names import lexicon
from qa.names.lexicon import FIRST, PATRONYMIC, SURNAME, Lexicon, LexiconStores
from qa.names.store import WordStore

TABLES = {
    SURNAME: {"никифоров": (1078, "m", "Никифорова"), "никифров": (1, "m", None)},
    FIRST: {"николай": (5000, "m", None)},
    PATRONYMIC: {"николаевич": (700, "m", None)},
}


def _zero_tail(path: Path, keep: int) -> None:
    """Zero every byte of `path` after the first `keep` (a header survives, the data does not)."""
    data = path.read_bytes()
    assert len(data) > keep
    path.write_bytes(data[:keep] + bytes(len(data) - keep))


def _npy_header_size(path: Path) -> int:
    return path.stat().st_size - np.load(path, mmap_mode="r").nbytes


def test_a_store_with_zeroed_column_data_does_not_open(tmp_path: Path) -> None:
    words = sorted(f"слово{i}" for i in range(50))
    WordStore.build(words, {"count": list(range(1, 51))}).save(tmp_path / "store")
    assert WordStore.open(tmp_path / "store") is not None
    column = tmp_path / "store" / "count.npy"
    _zero_tail(column, _npy_header_size(column))
    assert np.load(column).sum() == 0  # the file still reads as a valid array
    assert WordStore.open(tmp_path / "store") is None


def test_a_store_with_an_altered_trie_does_not_open(tmp_path: Path) -> None:
    words = sorted(f"слово{i}" for i in range(50))
    WordStore.build(words, {"count": list(range(1, 51))}).save(tmp_path / "store")
    trie = tmp_path / "store" / "words.marisa"
    data = bytearray(trie.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 16] = bytes(16)  # without the digest, a word went missing
    trie.write_bytes(bytes(data))
    assert WordStore.open(tmp_path / "store") is None


def test_the_lexicon_cache_is_rebuilt_when_its_data_was_zeroed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "russiannames"
    data.mkdir()
    for dataset in ("surnames", "names", "midnames"):
        (data / f"{dataset}.parquet").write_bytes(b"stamp")
    monkeypatch.setenv("QA_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(Lexicon, "_read_parquet", staticmethod(lambda folder: TABLES))
    built = lexicon._load_stores(str(data))
    count = built.words.value(f"count.{SURNAME}", built.words.row("никифоров"))
    assert count == 1078
    cache = lexicon._store_cache_path(str(data))
    assert cache is not None and LexiconStores.open(cache) is not None
    for column in (cache / "words").glob("*.npy"):
        _zero_tail(column, _npy_header_size(column))
    reloaded = lexicon._load_stores(str(data))
    assert reloaded.words.value(f"count.{SURNAME}", reloaded.words.row("никифоров")) == 1078
    assert LexiconStores.open(cache) is not None  # the cache holds good data again


def test_a_neighbour_index_with_an_altered_count_is_not_read(tmp_path: Path) -> None:
    entry = lexicon.LexiconEntry("Никифоров", 1078, SURNAME, "m", "bgn_pcgn", "Nikiforov")
    path = tmp_path / "neighbours-surname-x.json"
    lexicon._write_index(path, {"Nikiforov": entry})
    assert lexicon._read_index(path, SURNAME) == {"Nikiforov": entry}
    path.write_bytes(path.read_bytes().replace(b"1078", b"1000"))  # still valid JSON
    assert lexicon._read_index(path, SURNAME) is None
