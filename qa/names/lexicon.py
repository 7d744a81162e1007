"""The name lexicon: how many people bear a Russian surname, first name or patronymic.

Counts come from the `russiannames` package (BSD-3-Clause; 375k surnames, 32k first names,
48k patronymics with the number of bearers in its source registers). Its Parquet files are
read once with DuckDB (a dependency of russiannames) into plain dictionaries, which takes
about a second; nothing is derived or shipped in this repository.

Two lookups the name engine needs, both without romanising the whole lexicon:

* `lookup_latin("Nikifrov")`: which Cyrillic entries romanise to this Latin spelling under
  an accepted scheme. Cyrillic candidates are generated from the Latin letters (a small
  Latin -> Cyrillic table covering every scheme), pruned by the sorted word list so that
  only prefixes of real entries are explored, then verified by romanising them forward.
* `neighbours("nikifrov")`: common names whose accepted romanisation is one or two edits
  away, from a Latin index of the common entries that is built on first use (~2 s) and
  then kept in the user's cache folder (see `_cache_dir`).
"""

from __future__ import annotations

import bisect
import hashlib
import json
import marshal
import os
import sys
import tempfile
import threading
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from qa.names.romanize import DEFAULT_SCHEMES, accepted_romanizations, normalize_latin

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


def _data_dir() -> str:
    return str(resources.files("russiannames").joinpath("data"))


class Lexicon:
    """Counts of Russian name parts, with Latin lookups under the accepted schemes."""

    def __init__(self, schemes: tuple[str, ...] = DEFAULT_SCHEMES, data_dir: str | None = None) -> None:
        self.schemes = tuple(schemes)
        folder = data_dir or os.environ.get("RUSSIANNAMES_DATA_DIR") or _data_dir()
        cache = _tables_cache_path(folder)
        loaded = _read_tables(cache) if cache is not None else None
        if loaded is None:
            loaded = self._read_parquet(folder)
            if cache is not None:
                _write_cache(cache, marshal.dumps(loaded))
        self._tables, self._sorted = loaded
        self._neighbour_lock = threading.Lock()
        self._neighbour_index: dict[str, dict[str, LexiconEntry]] = {}
        self._neighbour_keys: dict[str, list[str]] = {}

    @staticmethod
    def _read_parquet(
        folder: str,
    ) -> tuple[dict[str, dict[str, tuple[int, str | None, str | None]]], list[str]]:
        """The count tables by kind and the sorted word list, from russiannames' Parquet files."""
        import duckdb

        connection = duckdb.connect(database=":memory:")
        tables: dict[str, _Table] = {}
        parts: list[str] = []
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
            parts.append(f"SELECT lower(replace(text, 'ё', 'е')) AS word FROM read_parquet('{path}')")
        union = " UNION ".join(parts)
        words = [
            row[0]
            for row in connection.execute(
                f"SELECT word FROM ({union}) WHERE word IS NOT NULL ORDER BY word"
            ).fetchall()
        ]
        connection.close()
        return tables, words

    # -- Cyrillic ---------------------------------------------------------------------------

    def entry(self, cyrillic: str, kind: str) -> LexiconEntry | None:
        key = cyrillic.lower().replace("ё", "е")
        found = self._tables[kind].get(key)
        if found is None:
            return None
        return LexiconEntry(key.capitalize(), found[0], kind, found[1])

    def count(self, cyrillic: str, kind: str | None = None) -> int:
        """Bearers of a Cyrillic name part (the largest over kinds when kind is None)."""
        key = cyrillic.lower().replace("ё", "е")
        kinds = (kind,) if kind else KINDS
        return max((self._tables[k][key][0] for k in kinds if key in self._tables[k]), default=0)

    def bearer_counts(
        self, kinds: tuple[str, ...] = (SURNAME, FIRST), feminine_share: float = 0.5
    ) -> dict[str, int]:
        """Lower-case Cyrillic word -> bearers, with each surname's feminine form at a share
        of the masculine count where the data lists it only as a form (for the Chinese
        back-transliteration, which ranks Russian candidates by frequency)."""
        counts: dict[str, int] = {}
        get = counts.get
        for kind in kinds:
            for word, (count, _gender, f_form) in self._tables[kind].items():
                if count > 0 and count > get(word, 0):
                    counts[word] = count
                if f_form:
                    share = int(count * feminine_share)
                    if share > 0:
                        female = f_form.lower().replace("ё", "е")
                        if share > get(female, 0):
                            counts[female] = share
        return counts

    def feminine_of(self, cyrillic: str) -> str | None:
        found = self._tables[SURNAME].get(cyrillic.lower().replace("ё", "е"))
        return found[2] if found and found[2] else None

    def _has_prefix(self, prefix: str) -> bool:
        index = bisect.bisect_left(self._sorted, prefix)
        return index < len(self._sorted) and self._sorted[index].startswith(prefix)

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
            if position == len(key) and any(prefix in table for table in self._tables.values()):
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
                found = self._tables[each].get(cyrillic)
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
        common = sorted(
            (cyrillic, count, gender)
            for cyrillic, (count, gender, _) in self._tables[kind].items()
            if count >= min_count and "-" not in cyrillic and len(cyrillic) >= 3
        )
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
        self._neighbour_index[kind] = index
        self._neighbour_keys[kind] = sorted(index)

    def neighbours(
        self, latin: str, kind: str, max_distance: int = 1, min_count: int = 50
    ) -> list[tuple[int, LexiconEntry]]:
        """Common entries (count >= min_count) whose romanisation is within `max_distance` edits.

        Sorted by distance, then most common first. The index for `kind` is built on first
        use with the `min_count` of that first call.
        """
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        with self._neighbour_lock:
            if kind not in self._neighbour_index:
                self._build_neighbour_index(kind, min_count)
        index = self._neighbour_index[kind]
        key = normalize_latin(latin)
        hits = process.extract(
            key,
            self._neighbour_keys[kind],
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


def _cache_dir() -> Path | None:
    configured = os.environ.get("QA_CACHE_DIR")
    if configured is not None:
        return None if configured.strip().lower() in ("", "0", "off", "none") else Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "qa"


def _index_cache_path(
    schemes: tuple[str, ...], kind: str, common: list[tuple[str, int, str | None]]
) -> Path | None:
    folder = _cache_dir()
    if folder is None:
        return None
    from importlib import import_module, metadata

    digest = hashlib.sha256()
    versions = []
    for package in ("iuliia", "pymorphy3", "pymorphy3-dicts-ru"):
        try:
            versions.append(f"{package}={metadata.version(package)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{package}=?")
    digest.update(repr((_INDEX_FORMAT, schemes, kind, versions)).encode())
    digest.update(Path(import_module("qa.names.romanize").__file__ or "").read_bytes())
    digest.update(repr(common).encode())
    return folder / f"neighbours-{kind}-{digest.hexdigest()[:32]}.json"


_INDEX_FORMAT = 1


def _read_index(path: Path, kind: str) -> dict[str, LexiconEntry] | None:
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
        return {
            latin: LexiconEntry(cyrillic, count, kind, gender, scheme, latin)
            for latin, cyrillic, count, gender, scheme in rows
        }
    except (OSError, ValueError, TypeError):
        return None


def _write_index(path: Path, index: dict[str, LexiconEntry]) -> None:
    rows = [[latin, e.cyrillic, e.count, e.gender, e.scheme] for latin, e in index.items()]
    _write_cache(path, json.dumps(rows, ensure_ascii=False).encode("utf-8"))


def _write_cache(path: Path, data: bytes) -> None:
    """Written to a temporary file and renamed, so a concurrent reader never sees half a file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    except OSError:
        return  # a read-only or full disk only costs the next run the build
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except OSError:
        Path(temporary).unlink(missing_ok=True)


_TABLES_FORMAT = 1


def _tables_cache_path(folder: str) -> Path | None:
    """The count tables read from russiannames' Parquet files (a second with DuckDB, a quarter of
    that from a marshal file), keyed by the package version and the files' sizes and times."""
    cache = _cache_dir()
    if cache is None:
        return None
    from importlib import metadata

    try:
        version = metadata.version("russiannames")
    except metadata.PackageNotFoundError:
        version = "?"
    stamps = []
    for dataset in sorted(_DATASETS.values()):
        try:
            stat = os.stat(os.path.join(folder, f"{dataset}.parquet"))
        except OSError:
            return None
        stamps.append((dataset, stat.st_size, stat.st_mtime_ns))
    key = repr((_TABLES_FORMAT, version, os.path.abspath(folder), stamps, sys.version_info[:2]))
    return cache / f"lexicon-{hashlib.sha256(key.encode()).hexdigest()[:32]}.marshal"


def _read_tables(
    path: Path,
) -> tuple[dict[str, dict[str, tuple[int, str | None, str | None]]], list[str]] | None:
    try:
        tables, words = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if not isinstance(tables, dict) or set(tables) != set(_DATASETS) or not isinstance(words, list):
        return None
    return tables, words


_DEFAULT: dict[tuple[str, ...], Lexicon] = {}
_LOCK = threading.Lock()


def get_lexicon(schemes: tuple[str, ...] = DEFAULT_SCHEMES) -> Lexicon:
    """The process-wide lexicon for a set of accepted schemes (loaded once)."""
    with _LOCK:
        if schemes not in _DEFAULT:
            _DEFAULT[schemes] = Lexicon(schemes)
        return _DEFAULT[schemes]
