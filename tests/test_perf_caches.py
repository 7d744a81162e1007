"""Work done once and reused: it must give exactly what doing it again would give."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.checks.interface import CheckContext
from qa.checks.names import NameCheck, engine_for
from qa.config import Config
from qa.document import AlignedDocument, Document, DocumentResult, Text
from qa.names import lexicon as lexicon_module
from qa.names.engine import NameEngine, consistency_across
from qa.names.lexicon import KINDS, Lexicon

BATCH = [
    ("a", "Dmitry Peskov spoke to Maria Zakharova."),
    ("b", "Dmitry Peskov agreed with Maria Zakharova."),
    ("c", "Dmitry Peskow left before Mariya Zakharova arrived."),
]


SMALL_SURNAMES = {
    "петров": (900, "m", "петрова"),
    "петрович": (60, "m", None),
    "жуков": (400, "m", None),
    "ли": (80, None, None),  # too short for the index
    "редкий": (3, "m", None),  # too rare for the index
}


def _small_lexicon(extra: dict[str, tuple[int, str | None, str | None]] | None = None) -> Lexicon:
    """A Lexicon over a few made-up rows, without reading russiannames."""
    return Lexicon.from_tables({"surname": {**SMALL_SURNAMES, **(extra or {})}}, ("bgn_pcgn", "wikipedia"))


def test_neighbour_index_is_read_back_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QA_CACHE_DIR", str(tmp_path))
    built = _small_lexicon()
    fresh = built.neighbours("Petrof", "surname")
    assert [e.cyrillic for _, e in fresh] == ["Петров"]
    assert len(list(tmp_path.glob("neighbours-surname-*.json"))) == 1

    def no_romanising(*args: object, **kwargs: object) -> dict[str, str]:
        raise AssertionError("the index should come from the cache file")

    monkeypatch.setattr(lexicon_module, "accepted_romanizations", no_romanising)
    cached = _small_lexicon()
    assert cached.neighbours("Petrof", "surname") == fresh
    assert cached._neighbour_index == built._neighbour_index
    assert cached._neighbour_keys == built._neighbour_keys


def test_neighbour_index_cache_follows_the_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QA_CACHE_DIR", str(tmp_path))
    _small_lexicon().neighbours("Petrof", "surname")
    changed = _small_lexicon({"жукова": (300, "f", None)})
    assert [e.cyrillic for _, e in changed.neighbours("Zhukova", "surname", max_distance=0)] == ["Жукова"]
    assert len(list(tmp_path.glob("neighbours-surname-*.json"))) == 2


def test_neighbour_index_cache_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QA_CACHE_DIR", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("HOME", str(tmp_path))
    assert [e.cyrillic for _, e in _small_lexicon().neighbours("Zhukof", "surname")] == ["Жуков"]
    assert list(tmp_path.rglob("*.json")) == []


def test_extract_memo_returns_fresh_lists() -> None:
    engine = NameEngine()
    first = engine.extract(BATCH[0][1])
    first.clear()
    again = engine.extract(BATCH[0][1])
    assert again and again == NameEngine().extract(BATCH[0][1])


def test_text_memo_is_not_part_of_equality() -> None:
    left, right = Text("Same words.", "en"), Text("Same words.", "en")
    left.memo["anything"] = 1
    assert left == right and "memo" not in repr(left)


def _checked(doc_id: str, text: str, context: CheckContext) -> DocumentResult:
    document = Document(id=doc_id, hyp=Text(text, "en"))
    list(NameCheck().run(AlignedDocument(doc=document, ref_alignments=[]), context))
    return DocumentResult(doc_id, "checked", document=document)


def test_across_reuses_the_workers_mentions_without_the_lexicon() -> None:
    worker = CheckContext(config=Config())
    results = [_checked(doc_id, text, worker) for doc_id, text in BATCH]
    main = CheckContext(config=Config())
    found = NameCheck().across(results, main)
    assert engine_for(main)._lexicon is None  # decided from the workers' lookups alone
    plain = consistency_across(NameEngine(), BATCH)
    assert list(found) == list(plain) == ["c"]
    assert [(f.rule, f.text, f.suggestion) for f in found["c"]] == [
        (i.rule, i.text, i.suggestion) for i in plain["c"]
    ]
    assert ("N105", "Peskow", "Peskov") in [(f.rule, f.text, f.suggestion) for f in found["c"]]


def test_across_without_memo_gives_the_same() -> None:
    worker = CheckContext(config=Config())
    with_memo = [_checked(doc_id, text, worker) for doc_id, text in BATCH]
    without = [DocumentResult(i, "checked", document=Document(id=i, hyp=Text(t, "en"))) for i, t in BATCH]
    assert NameCheck().across(with_memo, CheckContext(config=Config())) == NameCheck().across(
        without, CheckContext(config=Config())
    )


@pytest.mark.slow  # builds the store from russiannames' Parquet files: a few seconds
def test_lexicon_store_read_back_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QA_CACHE_DIR", str(tmp_path))
    from_parquet = Lexicon()
    assert len(list(tmp_path.glob("lexicon-store-*"))) == 1

    def no_parquet(folder: str) -> None:
        raise AssertionError("the lexicon should come from the cached store")

    monkeypatch.setattr(Lexicon, "_read_parquet", staticmethod(no_parquet))
    from_cache = Lexicon()
    for kind in KINDS:
        assert list(from_cache.rows(kind)) == list(from_parquet.rows(kind))
    assert dict(from_cache.bearer_counts()) == dict(from_parquet.bearer_counts())
    assert from_cache.count("Песков", "surname") == from_parquet.count("Песков", "surname") > 0
    assert from_cache.lookup_latin("Peskov") == from_parquet.lookup_latin("Peskov")


def test_lexicon_without_a_cache_builds_in_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QA_CACHE_DIR", "off")
    tables = {"surname": SMALL_SURNAMES}
    monkeypatch.setattr(Lexicon, "_read_parquet", staticmethod(lambda folder: tables))
    lexicon = Lexicon(data_dir=str(tmp_path))
    assert lexicon.count("Петров") == 900 and lexicon.feminine_of("петров") == "петрова"
    assert list(tmp_path.iterdir()) == []


def test_a_broken_cached_store_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    data.mkdir()
    for dataset in ("surnames", "names", "midnames"):
        (data / f"{dataset}.parquet").write_bytes(b"stand-in: _read_parquet is replaced below")
    monkeypatch.setenv("QA_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(Lexicon, "_read_parquet", staticmethod(lambda folder: {"surname": SMALL_SURNAMES}))
    assert Lexicon(data_dir=str(data)).count("Жуков") == 400
    (store,) = (tmp_path / "cache").glob("lexicon-store-*")
    (store / "words" / "words.marisa").write_bytes(b"not a trie")
    assert Lexicon(data_dir=str(data)).count("Жуков") == 400
    assert (store / "words" / "words.marisa").read_bytes() != b"not a trie"  # written anew
    assert [p.name for p in (tmp_path / "cache").iterdir()] == [store.name]
