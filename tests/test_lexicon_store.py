"""The word store behind the name lexicon: it must answer exactly what the dicts and the sorted
word list it replaced answered, in memory and memory-mapped from disk."""

from __future__ import annotations

import bisect
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa.cache import write_folder_atomic
from qa.names.lexicon import FIRST, KINDS, PATRONYMIC, SURNAME, Lexicon, LexiconStores, _bearer_counts
from qa.names.store import WordCounts, WordStore

# Few letters, so that random words share prefixes; "-" because the trie must not treat it
# specially, "ё" because the lexicon folds it. Probes may hold NUL, which no stored word can
# (marisa-trie cuts a looked-up key there), and any other character.
LETTERS = "абвгеёкорья-z"
words_strategy = st.text(alphabet=LETTERS, max_size=6)
probe_strategy = st.one_of(
    words_strategy, st.text(alphabet=LETTERS + "\x00", max_size=6), st.text(max_size=4)
)


def reference_has_prefix(sorted_words: list[str], prefix: str) -> bool:
    """What `Lexicon._has_prefix` and `SortedLexicon.has_prefix` did: bisection."""
    index = bisect.bisect_left(sorted_words, prefix)
    return index < len(sorted_words) and sorted_words[index].startswith(prefix)


def build(values: dict[str, int]) -> WordStore:
    words = sorted(values)
    return WordStore.build(words, {"value": [values[word] for word in words]})


def test_a_small_store_answers_lookups() -> None:
    store = build({"петров": 900, "петрова": 450, "жуков": 400})
    assert len(store) == 3
    assert "петров" in store and "петр" not in store and 5 not in store
    assert store.has_prefix("пет") and store.has_prefix("") and not store.has_prefix("пн")
    row = store.row("жуков")
    assert row >= 0 and store.word(row) == "жуков" and store.value("value", row) == 400
    assert store.row("смирнов") == -1
    assert sorted(store.rows()) == sorted((word, store.row(word)) for word in ("петров", "петрова", "жуков"))
    assert isinstance(store.value("value", row), int)  # not a numpy scalar: JSON must not change


def test_words_that_cannot_be_keys_are_absent() -> None:
    store = build({"ab": 1, "": 2})
    assert store.row("a\ud800") == -1 and "\ud800" not in store and not store.has_prefix("\ud800")
    assert store.row("\x00") == -1 and store.row("ab\x00") == -1 and not store.has_prefix("a\x00")
    with pytest.raises(ValueError, match="NUL"):
        build({"a\x00b": 1})


def test_an_empty_store() -> None:
    store = build({})
    assert len(store) == 0 and not store.has_prefix("") and "" not in store and list(store.rows()) == []


def test_build_rejects_what_it_cannot_keep() -> None:
    with pytest.raises(ValueError, match="distinct"):
        WordStore.build(["a", "a"], {})
    with pytest.raises(ValueError, match="32 bits"):
        WordStore.build(["a"], {"value": [2**40]})
    with pytest.raises(ValueError, match="values"):
        WordStore.build(["a", "b"], {"value": [1]})


def test_the_same_data_gives_the_same_files(tmp_path: Path) -> None:
    values = {"петров": 900, "жуков": 400, "ли": 80}
    build(values).save(tmp_path / "one")
    build(dict(reversed(values.items()))).save(tmp_path / "two")
    for name in ("words.marisa", "value.npy", "meta.json"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    values=st.dictionaries(words_strategy, st.integers(-(2**31), 2**31 - 1), max_size=40),
    probes=st.lists(probe_strategy, max_size=30),
)
def test_store_answers_like_a_dict_and_a_sorted_list(values: dict[str, int], probes: list[str]) -> None:
    sorted_words = sorted(values)
    in_memory = build(values)
    with tempfile.TemporaryDirectory() as folder:
        in_memory.save(Path(folder) / "store", {"note": "test"})
        opened = WordStore.open(Path(folder) / "store")
        assert opened is not None and opened[1] == {"note": "test"}
        for store in (in_memory, opened[0]):
            assert len(store) == len(values)
            assert {word: store.value("value", row) for word, row in store.rows()} == values
            # every prefix of a stored word, the stored words and random strings
            candidates = probes + sorted_words + [w[:cut] for w in sorted_words for cut in range(len(w))]
            for probe in candidates:
                assert (probe in store) == (probe in values)
                assert store.has_prefix(probe) == reference_has_prefix(sorted_words, probe)
                row = store.row(probe)
                if probe in values:
                    assert store.word(row) == probe and store.value("value", row) == values[probe]
                else:
                    assert row == -1
            counts = WordCounts(store, "value")
            assert dict(counts) == values
            assert all(counts.count(p) == values.get(p, 0) for p in candidates)
            del store, counts  # the memory map is closed before the folder goes


def test_open_refuses_a_partial_or_foreign_store(tmp_path: Path) -> None:
    build({"a": 1}).save(tmp_path / "ok")
    assert WordStore.open(tmp_path / "ok") is not None
    assert WordStore.open(tmp_path / "missing") is None
    build({"a": 1}).save(tmp_path / "partial")
    (tmp_path / "partial" / "value.npy").unlink()
    assert WordStore.open(tmp_path / "partial") is None
    build({"a": 1}).save(tmp_path / "old")
    meta = tmp_path / "old" / "meta.json"
    meta.write_text(meta.read_text().replace('"format": ', '"format": 99, "was": '))
    assert WordStore.open(tmp_path / "old") is None


def test_write_folder_atomic_leaves_no_half_written_folder(tmp_path: Path) -> None:
    target = tmp_path / "store"
    assert write_folder_atomic(target, build({"a": 1}).save)
    assert not write_folder_atomic(target, build({"b": 2}).save)  # another process got there first
    assert "a" in WordStore.open(target)[0]  # type: ignore[index]

    def fails(folder: Path) -> None:
        (folder / "half").write_text("x")
        raise OSError("disk full")

    assert not write_folder_atomic(tmp_path / "other", fails)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]


# -- the lexicon over the store, against the dict implementation it replaced ---------------------

entry_strategy = st.tuples(
    st.integers(0, 10**6),
    st.sampled_from([None, "m", "f", "u"]),
    st.one_of(st.none(), st.text(alphabet="АБВабвё", max_size=5)),
)
tables_strategy = st.fixed_dictionaries(
    {kind: st.dictionaries(words_strategy, entry_strategy, max_size=15) for kind in KINDS}
)


class ReferenceLexicon:
    """The lookups as the dict-based lexicon answered them."""

    def __init__(self, tables: dict[str, dict[str, tuple[int, str | None, str | None]]]) -> None:
        self.tables = tables
        self.sorted = sorted(set().union(*tables.values()))

    def count(self, cyrillic: str, kind: str | None = None) -> int:
        key = cyrillic.lower().replace("ё", "е")
        kinds = (kind,) if kind else KINDS
        return max((self.tables[k][key][0] for k in kinds if key in self.tables[k]), default=0)

    def entry(self, cyrillic: str, kind: str) -> tuple[str, int, str, str | None] | None:
        key = cyrillic.lower().replace("ё", "е")
        found = self.tables[kind].get(key)
        return None if found is None else (key.capitalize(), found[0], kind, found[1])

    def feminine_of(self, cyrillic: str) -> str | None:
        found = self.tables[SURNAME].get(cyrillic.lower().replace("ё", "е"))
        return found[2] if found and found[2] else None


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    tables=tables_strategy, probes=st.lists(probe_strategy, max_size=20), share=st.sampled_from([0.5, 0.3])
)
def test_lexicon_answers_like_its_dicts(
    tables: dict[str, dict[str, tuple[int, str | None, str | None]]], probes: list[str], share: float
) -> None:
    lexicon = Lexicon.from_tables(tables)
    reference = ReferenceLexicon(tables)
    words = reference.sorted
    for probe in probes + words + [w[:cut] for w in words for cut in range(len(w))]:
        assert lexicon._has_prefix(probe) == reference_has_prefix(words, probe)
        assert lexicon.feminine_of(probe) == reference.feminine_of(probe)
        for kind in (None, *KINDS):
            assert lexicon.count(probe, kind) == reference.count(probe, kind)
        for kind in KINDS:
            entry = lexicon.entry(probe, kind)
            expected = reference.entry(probe, kind)
            assert (entry and (entry.cyrillic, entry.count, entry.kind, entry.gender)) == expected
    for kind in KINDS:
        assert list(lexicon.rows(kind)) == sorted(tables[kind].items())
    for kinds in ((SURNAME, FIRST), (SURNAME, FIRST, PATRONYMIC)):
        assert dict(lexicon.bearer_counts(kinds, share)) == _bearer_counts(tables, kinds, share)


def test_stores_saved_and_opened_give_the_same_lexicon(tmp_path: Path) -> None:
    tables = {
        SURNAME: {"петров": (900, "m", "Петрова"), "ли": (80, None, None)},
        FIRST: {"пётр": (5000, "m", None), "петр": (4000, "m", None)},
        PATRONYMIC: {"петрович": (700, "m", None)},
    }
    built = LexiconStores.from_tables(tables)
    built.save(tmp_path)
    opened = LexiconStores.open(tmp_path)
    assert opened is not None and opened.genders == built.genders == ("m",)
    for kind in KINDS:
        assert list(Lexicon.from_tables(tables).rows(kind)) == sorted(tables[kind].items())
    assert dict(opened.bearers.rows()) == dict(built.bearers.rows())
    assert Lexicon.from_tables(tables).feminine_of("Петров") == "Петрова"
    (tmp_path / "bearers" / "count.npy").unlink()
    assert LexiconStores.open(tmp_path) is None
