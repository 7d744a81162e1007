"""The name lexicon: how many people bear a Russian surname, first name or patronymic.

Counts come from the `russiannames` package (BSD-3-Clause; 375k surnames, 32k first names,
48k patronymics with the number of bearers in its source registers). Its Parquet files are
read once with DuckDB (a dependency of russiannames) into a word store (`qa.names.store`: a
marisa trie and numpy columns, no Python object per word, so forked batch workers share it
without copying), which takes a few seconds and is then kept, memory-mapped, in the user's
cache folder (`qa.cache`); nothing is derived or shipped in this repository.

Two lookups the name engine needs, both without romanising the whole lexicon:

* `lookup_latin("Nikifrov")`: which Cyrillic entries romanise to this Latin spelling under
  an accepted scheme. Cyrillic candidates are generated from the Latin letters (a small
  Latin -> Cyrillic table covering every scheme), pruned by the word trie so that
  only prefixes of real entries are explored, then verified by romanising them forward.
* `neighbours("nikifrov")`: common names whose accepted romanisation is one or two edits
  away, from a Latin index of the common entries that is built on first use (~2 s) and
  then kept in the user's cache folder (see `qa.cache`).
"""

from __future__ import annotations

import json
import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from qa.cache import cache_dir, digest, prune, sealed, unsealed, write_atomic, write_folder_atomic
from qa.names.romanize import DEFAULT_SCHEMES, accepted_romanizations, normalize_latin
from qa.names.store import STORE_FORMAT, WordCounts, WordStore

SURNAME = "surname"
FIRST = "first"
PATRONYMIC = "patronymic"
KINDS = (SURNAME, FIRST, PATRONYMIC)
_DATASETS = {SURNAME: "surnames", FIRST: "names", PATRONYMIC: "midnames"}

# Latin letter groups (comparison keys, see normalize_latin) -> the Cyrillic they can stand
# for in some romanisation scheme or English-news spelling. Only a candidate generator:
# every candidate is verified by romanising it forward.
_LATIN_TO_CYRILLIC: dict[str, tuple[str, ...]] = {
    "a": ("а",),
    "b": ("б",),
    "v": ("в",),
    "w": ("в",),
    "g": ("г",),
    "d": ("д",),
    "der": ("др",),  # -андр written -ander (Alexander) by English news
    "e": ("е", "э"),
    "ye": ("е", "ье", "ъе"),
    "yo": ("е", "ьо", "йо"),
    "zh": ("ж",),
    "ž": ("ж",),
    "z": ("з",),
    "i": ("и", "й", "ы", "ий"),
    "ii": ("ий", "ии"),
    "iy": ("ий",),
    "ie": ("ье", "ие"),
    "iu": ("ю", "ию"),
    "ia": ("я", "ия"),
    "j": ("й",),
    "ju": ("ю",),
    "ja": ("я",),
    "k": ("к",),
    "kh": ("х",),
    "h": ("х",),
    "x": ("кс", "х"),
    "l": ("л",),
    "m": ("м",),
    "n": ("н",),
    "o": ("о",),
    "p": ("п",),
    "r": ("р",),
    "s": ("с",),
    "t": ("т",),
    "u": ("у",),
    "f": ("ф",),
    "ts": ("ц", "тс"),
    "tz": ("ц",),
    "c": ("ц", "к"),
    "č": ("ч",),
    "ch": ("ч",),
    "sh": ("ш",),
    "š": ("ш",),
    "shch": ("щ",),
    "šč": ("щ",),
    "sch": ("щ",),
    "y": ("й", "ы", "ь", "ий", "ый"),
    "yy": ("ый", "ий"),
    "yu": ("ю", "ью"),
    "ya": ("я", "ья"),
}
_MAX_CHUNK = max(map(len, _LATIN_TO_CYRILLIC))
_NO_SIGN_AFTER = set("ьъаеиоуыэюяй")
_SEARCH_BUDGET = 20000  # explored prefixes per lookup; real names need a few hundred


@dataclass(frozen=True)
class LexiconEntry:
    """A Cyrillic lexicon entry and how it was reached from a Latin spelling."""

    cyrillic: str  # capitalised, as written in Russian
    count: int
    kind: str  # surname | first | patronymic
    gender: str | None  # "m", "f", "u" or None
    scheme: str | None = None  # the scheme whose romanisation matched, if from Latin
    latin: str | None = None  # the accepted romanisation (comparison key) that matched


# Lower-case word -> (bearers, gender, feminine form) for one kind of name part.
_Table = dict[str, tuple[int, str | None, str | None]]

# The feminine-form share and kinds of the bearer counts kept with the lexicon (those the
# Chinese back-transliteration asks for, `qa.zh.lexicon.russian_lexicon`).
DEFAULT_BEARER_KINDS = (SURNAME, FIRST)
DEFAULT_FEMININE_SHARE = 0.5


def _data_dir() -> str:
    return str(resources.files("russiannames").joinpath("data"))


@dataclass(frozen=True)
class LexiconStores:
    """The lexicon outside Python objects (see `qa.names.store` for why).

    `words`: every lower-case word of any kind, with columns `count.<kind>` (-1 where the word
    is not of that kind), `gender.<kind>` (an index into `genders`, -1 for none) and
    `feminine.<kind>` (a row of `feminine`, the feminine forms as written, -1 for none);
    `bearers`: the bearer counts for the default kinds and share (see `Lexicon.bearer_counts`).
    """

    words: WordStore
    feminine: WordStore
    genders: tuple[str, ...]
    bearers: WordStore

    @classmethod
    def from_tables(cls, tables: dict[str, _Table]) -> LexiconStores:
        tables = {kind: _keyable(table) for kind, table in tables.items()}
        words = sorted(set().union(*tables.values()))
        entries = [entry for table in tables.values() for entry in table.values()]
        genders = tuple(sorted({gender for _, gender, _ in entries if gender is not None}))
        feminine = WordStore.build(sorted({f_form for _, _, f_form in entries if f_form is not None}), {})
        code = {gender: index for index, gender in enumerate(genders)}
        columns: dict[str, list[int]] = {}
        for kind in KINDS:
            get = tables.get(kind, {}).get
            found = [get(word) for word in words]
            columns[f"count.{kind}"] = [-1 if row is None else row[0] for row in found]
            columns[f"gender.{kind}"] = [-1 if row is None else code.get(row[1], -1) for row in found]
            columns[f"feminine.{kind}"] = [
                -1 if row is None or row[2] is None else feminine.row(row[2]) for row in found
            ]
        counts = _bearer_counts(tables, DEFAULT_BEARER_KINDS, DEFAULT_FEMININE_SHARE)
        bearers = sorted(counts)
        return cls(
            WordStore.build(words, columns),
            feminine,
            genders,
            WordStore.build(bearers, {"count": [counts[word] for word in bearers]}),
        )

    def save(self, folder: Path) -> None:
        self.words.save(folder / "words", {"genders": list(self.genders)})
        self.feminine.save(folder / "feminine")
        self.bearers.save(folder / "bearers", _BEARERS_META)

    @classmethod
    def open(cls, folder: Path) -> LexiconStores | None:
        words, feminine, bearers = (WordStore.open(folder / part) for part in _STORE_PARTS)
        if words is None or feminine is None or bearers is None:
            return None
        if bearers[1] != _BEARERS_META or set(words[0].columns) != _WORD_COLUMNS:
            return None
        return cls(words[0], feminine[0], tuple(words[1].get("genders", ())), bearers[0])


def _keyable(table: _Table) -> _Table:
    """The rows a store can hold: no key can contain NUL (see `qa.names.store`), and no name does."""
    if "\x00" not in "".join(word + (f_form or "") for word, (_, _, f_form) in table.items()):
        return table
    return {
        word: (count, gender, None if f_form is not None and "\x00" in f_form else f_form)
        for word, (count, gender, f_form) in table.items()
        if "\x00" not in word
    }


_WORD_COLUMNS = {f"{column}.{kind}" for column in ("count", "gender", "feminine") for kind in KINDS}
_STORE_PARTS = ("words", "feminine", "bearers")
_BEARERS_META = {"kinds": list(DEFAULT_BEARER_KINDS), "feminine_share": DEFAULT_FEMININE_SHARE}


def _bearer_counts(
    tables: dict[str, _Table], kinds: tuple[str, ...], feminine_share: float
) -> dict[str, int]:
    """Lower-case word -> bearers over `kinds`, each surname's feminine form at `feminine_share`
    of the masculine count where the data lists it only as a form (the largest figure wins)."""
    counts: dict[str, int] = {}
    get = counts.get
    for kind in kinds:
        for word, (count, _gender, f_form) in tables.get(kind, {}).items():
            if count > 0 and count > get(word, 0):
                counts[word] = count
            if f_form:
                share = int(count * feminine_share)
                if share > 0:
                    female = f_form.lower().replace("ё", "е")
                    if share > get(female, 0):
                        counts[female] = share
    return counts


class Lexicon:
    """Counts of Russian name parts, with Latin lookups under the accepted schemes."""

    def __init__(self, schemes: tuple[str, ...] = DEFAULT_SCHEMES, data_dir: str | None = None) -> None:
        folder = data_dir or os.environ.get("RUSSIANNAMES_DATA_DIR") or _data_dir()
        self._setup(schemes, _load_stores(folder))

    @classmethod
    def from_tables(cls, tables: dict[str, _Table], schemes: tuple[str, ...] = DEFAULT_SCHEMES) -> Lexicon:
        """A lexicon over given rows (kind -> lower-case word -> (bearers, gender, feminine
        form)), kept in memory: for tests and for data that is not russiannames'."""
        lexicon = cls.__new__(cls)
        lexicon._setup(schemes, LexiconStores.from_tables(tables))
        return lexicon

    def _setup(self, schemes: tuple[str, ...], stores: LexiconStores) -> None:
        self.schemes = tuple(schemes)
        self._stores = stores
        self._words = stores.words
        self._counts = {kind: stores.words.columns[f"count.{kind}"] for kind in KINDS}
        self._genders = {kind: stores.words.columns[f"gender.{kind}"] for kind in KINDS}
        self._neighbour_lock = threading.Lock()
        # one index per (kind, min_count): the hand rule asks for names with 100 bearers, the
        # lexicon model for every attested one (20), and neither pays for the other's size
        self._neighbour_index: dict[tuple[str, int], dict[str, LexiconEntry]] = {}
        self._neighbour_keys: dict[tuple[str, int], list[str]] = {}

    @staticmethod
    def _read_parquet(folder: str) -> dict[str, _Table]:
        """The count tables by kind, from russiannames' Parquet files."""
        import duckdb

        # No progress bar: DuckDB draws one on standard output when a query runs past two
        # seconds (a first run on a busy machine), right into a JSON or SARIF report.
        connection = duckdb.connect(database=":memory:")
        connection.execute("SET enable_progress_bar = false")
        tables: dict[str, _Table] = {}
        for kind, dataset in _DATASETS.items():
            path = os.path.join(folder, f"{dataset}.parquet").replace("'", "''")
            feminine = "f_form" if kind == SURNAME else "NULL"
            # One row per lower-cased spelling (ё read as е), the largest count winning.
            rows = connection.execute(
                f"SELECT word, arg_max(count, count), arg_max(gender, count), arg_max(f_form, count) FROM ("
                f" SELECT lower(replace(text, 'ё', 'е')) AS word, coalesce(count, 0) AS count, gender,"
                f" {feminine} AS f_form FROM read_parquet('{path}') WHERE text IS NOT NULL"
                f") GROUP BY word"
            ).fetchall()
            tables[kind] = {word: (count, gender, f_form) for word, count, gender, f_form in rows}
        connection.close()
        return tables

    # -- Cyrillic ---------------------------------------------------------------------------

    def _find(self, key: str, kind: str) -> tuple[int, str | None] | None:
        """(bearers, gender) of a lower-case word of one kind, None if it is not one."""
        row = self._words.row(key)
        if row < 0:
            return None
        count = self._counts[kind].item(row)
        if count < 0:
            return None
        gender = self._genders[kind].item(row)
        return int(count), (self._stores.genders[gender] if gender >= 0 else None)

    def _feminine(self, key: str, kind: str = SURNAME) -> str | None:
        row = self._words.row(key)
        if row < 0 or self._counts[kind].item(row) < 0:
            return None
        feminine = self._words.columns[f"feminine.{kind}"].item(row)
        return self._stores.feminine.word(feminine) if feminine >= 0 else None

    def entry(self, cyrillic: str, kind: str) -> LexiconEntry | None:
        key = cyrillic.lower().replace("ё", "е")
        found = self._find(key, kind)
        if found is None:
            return None
        return LexiconEntry(key.capitalize(), found[0], kind, found[1])

    def count(self, cyrillic: str, kind: str | None = None) -> int:
        """Bearers of a Cyrillic name part (the largest over kinds when kind is None)."""
        key = cyrillic.lower().replace("ё", "е")
        kinds = (kind,) if kind else KINDS
        row = self._words.row(key)
        if row < 0:
            return 0
        return max((self._counts[k].item(row) for k in kinds if self._counts[k].item(row) >= 0), default=0)

    def rows(self, kind: str) -> Iterator[tuple[str, tuple[int, str | None, str | None]]]:
        """(lower-case word, (bearers, gender, feminine form)) of every entry of a kind, in
        word order (for tests and tools; lookups go through `entry` and `count`)."""
        for word in sorted(word for word, _ in self._words.rows()):
            found = self._find(word, kind)
            if found is not None:
                yield word, (found[0], found[1], self._feminine(word, kind))

    def bearer_counts(
        self, kinds: tuple[str, ...] = DEFAULT_BEARER_KINDS, feminine_share: float = DEFAULT_FEMININE_SHARE
    ) -> WordCounts:
        """Lower-case Cyrillic word -> bearers, with each surname's feminine form at a share
        of the masculine count where the data lists it only as a form (for the Chinese
        back-transliteration, which ranks Russian candidates by frequency). A read-only
        mapping over a store: the default one is kept with the lexicon (memory-mapped)."""
        if tuple(kinds) == DEFAULT_BEARER_KINDS and feminine_share == DEFAULT_FEMININE_SHARE:
            return WordCounts(self._stores.bearers)
        tables = {kind: dict(self.rows(kind)) for kind in kinds}
        counts = _bearer_counts(tables, tuple(kinds), feminine_share)
        words = sorted(counts)
        return WordCounts(WordStore.build(words, {"count": [counts[word] for word in words]}))

    def feminine_of(self, cyrillic: str) -> str | None:
        found = self._feminine(cyrillic.lower().replace("ё", "е"))
        return found if found else None

    def _has_prefix(self, prefix: str) -> bool:
        return self._words.has_prefix(prefix)

    def _common(self, kind: str, min_count: int) -> Iterator[tuple[str, int, str | None]]:
        """(word, bearers, gender) of the entries of a kind with at least `min_count` bearers,
        three letters or more and no hyphen (those the neighbour index romanises)."""
        import numpy as np

        counts = self._counts[kind]
        for row in np.flatnonzero(counts >= max(min_count, 0)).tolist():
            word = self._words.word(row)
            if "-" not in word and len(word) >= 3:
                gender = self._genders[kind].item(row)
                yield word, int(counts.item(row)), (self._stores.genders[gender] if gender >= 0 else None)

    # -- Latin -> Cyrillic ------------------------------------------------------------------

    def cyrillic_candidates(self, latin: str) -> list[str]:
        """Lexicon words (lower case) that some scheme could spell as `latin` (unverified)."""
        key = normalize_latin(latin)
        found: set[str] = set()
        stack: list[tuple[int, str]] = [(0, "")]
        seen: set[tuple[int, str]] = set()
        budget = _SEARCH_BUDGET
        while stack and budget > 0:
            position, prefix = stack.pop()
            if (position, prefix) in seen:
                continue
            seen.add((position, prefix))
            budget -= 1
            if position == len(key) and prefix in self._words:
                found.add(prefix)
            for size in range(1, _MAX_CHUNK + 1):
                chunk = key[position : position + size]
                if len(chunk) < size:
                    break
                for cyrillic in _LATIN_TO_CYRILLIC.get(chunk, ()):
                    extended = prefix + cyrillic
                    if self._has_prefix(extended):
                        stack.append((position + size, extended))
            if prefix and prefix[-1] not in _NO_SIGN_AFTER:
                for sign in "ьъ":
                    if self._has_prefix(prefix + sign):
                        stack.append((position, prefix + sign))
        return sorted(found)

    @lru_cache(maxsize=16384)  # noqa: B019 - one Lexicon per process, cached lookups are the point
    def lookup_latin(self, latin: str, kind: str | None = None) -> tuple[LexiconEntry, ...]:
        """Entries whose accepted romanisation is exactly `latin`, most common first."""
        key = normalize_latin(latin)
        kinds = (kind,) if kind else KINDS
        out: list[LexiconEntry] = []
        for cyrillic in self.cyrillic_candidates(key):
            accepted = accepted_romanizations(cyrillic, self.schemes)
            scheme = accepted.get(key)
            if scheme is None:
                continue
            for each in kinds:
                found = self._find(cyrillic, each)
                if found is not None:
                    out.append(
                        LexiconEntry(
                            cyrillic.capitalize(), found[0], each, found[1], scheme=scheme, latin=key
                        )
                    )
        out.sort(key=lambda e: (-e.count, e.kind, e.cyrillic))
        return tuple(out)

    def latin_count(self, latin: str, kind: str | None = None) -> int:
        """Bearers of the most common entry spelled `latin` by an accepted scheme (0 if none)."""
        entries = self.lookup_latin(latin, kind)
        return entries[0].count if entries else 0

    # -- fuzzy neighbours -------------------------------------------------------------------

    def _build_neighbour_index(self, kind: str, min_count: int) -> None:
        # Sorted: DuckDB's GROUP BY order varies between loads, and the first of two equally
        # common entries with the same romanisation keeps the key.
        common = sorted(self._common(kind, min_count))
        cache = _index_cache_path(self.schemes, kind, common)
        index = _read_index(cache, kind) if cache is not None else None
        if index is None:
            index = {}
            for cyrillic, count, gender in common:
                for latin, scheme in accepted_romanizations(cyrillic, self.schemes).items():
                    known = index.get(latin)
                    if known is None or known.count < count:
                        index[latin] = LexiconEntry(cyrillic.capitalize(), count, kind, gender, scheme, latin)
            if cache is not None:
                _write_index(cache, index)
        self._neighbour_index[(kind, min_count)] = index
        self._neighbour_keys[(kind, min_count)] = sorted(index)

    def neighbour_keys(self, kind: str, min_count: int) -> list[str]:
        """The sorted romanisations in the neighbour index of (kind, min_count)."""
        with self._neighbour_lock:
            if (kind, min_count) not in self._neighbour_index:
                self._build_neighbour_index(kind, min_count)
        return self._neighbour_keys[(kind, min_count)]

    def neighbours(
        self, latin: str, kind: str, max_distance: int = 1, min_count: int = 50
    ) -> list[tuple[int, LexiconEntry]]:
        """Common entries (count >= min_count) whose romanisation is within `max_distance` edits.

        Sorted by distance, then most common first. The index for (`kind`, `min_count`) is
        built on first use.
        """
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        keys = self.neighbour_keys(kind, min_count)
        index = self._neighbour_index[(kind, min_count)]
        key = normalize_latin(latin)
        hits = process.extract(
            key,
            keys,
            scorer=OSA.distance,
            score_cutoff=max_distance,
            limit=None,
        )
        out = [
            (int(distance), index[choice]) for choice, distance, _ in hits if index[choice].count >= min_count
        ]
        out.sort(key=lambda pair: (pair[0], -pair[1].count, pair[1].latin or ""))
        return out


# -- the neighbour index on disk ------------------------------------------------------------
#
# Romanising the ~15k common surnames under every scheme takes about two seconds, in every
# worker process of every run. The index is a pure function of those entries, the schemes and
# the romanisation code (iuliia, pymorphy3's dictionary for ё, qa.names.romanize), so it is
# kept in the user's cache folder under a digest of all of them: a change to any one of
# them builds a new file. QA_CACHE_DIR moves the folder; QA_CACHE_DIR=off turns it off.


def _index_cache_path(
    schemes: tuple[str, ...], kind: str, common: list[tuple[str, int, str | None]]
) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    key = digest(
        (_INDEX_FORMAT, schemes, kind, common),
        distributions=("iuliia", "pymorphy3", "pymorphy3-dicts-ru"),
        modules=("qa.names.romanize",),
    )
    return folder / f"neighbours-{kind}-{key}.json"


_INDEX_FORMAT = 2  # 1: without a digest of its content


def _read_index(path: Path, kind: str) -> dict[str, LexiconEntry] | None:
    try:
        data = unsealed(path.read_bytes())
        if data is None:  # altered, zeroed or of the unsealed format: rebuilt
            return None
        rows = json.loads(data.decode("utf-8"))
        return {
            latin: LexiconEntry(cyrillic, count, kind, gender, scheme, latin)
            for latin, cyrillic, count, gender, scheme in rows
        }
    except (OSError, ValueError, TypeError):
        return None


def _write_index(path: Path, index: dict[str, LexiconEntry]) -> None:
    rows = [[latin, e.cyrillic, e.count, e.gender, e.scheme] for latin, e in index.items()]
    if write_atomic(path, sealed(json.dumps(rows, ensure_ascii=False).encode("utf-8"))):
        prune(path.parent, path.name.rsplit("-", 1)[0] + "-*.json", keep=2)  # neighbours-<kind>-*


_STORE_FORMAT = 1


def _store_cache_path(folder: str) -> Path | None:
    """The lexicon's store folder in the cache, keyed by the russiannames version and its
    files' sizes and times (reading the Parquet files and building the tries takes a few
    seconds; opening the memory-mapped store, milliseconds)."""
    cache = cache_dir()
    if cache is None:
        return None
    stamps = []
    for dataset in sorted(_DATASETS.values()):
        try:
            stat = os.stat(os.path.join(folder, f"{dataset}.parquet"))
        except OSError:
            return None
        stamps.append((dataset, stat.st_size, stat.st_mtime_ns))
    key = digest(
        (_STORE_FORMAT, STORE_FORMAT, os.path.abspath(folder), stamps),
        distributions=("russiannames", "marisa-trie"),
    )
    return cache / f"lexicon-store-{key}"


def _load_stores(folder: str) -> LexiconStores:
    """The memory-mapped store from the cache, built from the Parquet files and saved there
    first when it is missing (in memory only when the cache is off or cannot be written)."""
    cache = _store_cache_path(folder)
    if cache is not None:
        opened = LexiconStores.open(cache)
        if opened is not None:
            return opened
    from qa.progress import note

    note("building the name lexicon's cache (first run only)")
    built = LexiconStores.from_tables(Lexicon._read_parquet(folder))
    if cache is None:
        return built
    if not write_folder_atomic(cache, built.save) and cache.exists() and LexiconStores.open(cache) is None:
        shutil.rmtree(cache, ignore_errors=True)  # a broken store (another process's would open)
        write_folder_atomic(cache, built.save)
    prune(cache.parent, "lexicon-store-*", keep=2)
    prune(cache.parent, "lexicon-*.marshal", keep=0)  # the tables' format before the stores
    return LexiconStores.open(cache) or built


_DEFAULT: dict[tuple[str, ...], Lexicon] = {}
_LOCK = threading.Lock()


def get_lexicon(schemes: tuple[str, ...] = DEFAULT_SCHEMES) -> Lexicon:
    """The process-wide lexicon for a set of accepted schemes (loaded once)."""
    with _LOCK:
        if schemes not in _DEFAULT:
            _DEFAULT[schemes] = Lexicon(schemes)
        return _DEFAULT[schemes]
