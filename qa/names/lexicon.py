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
  away, from a Latin index of the common entries that is built on first use (~0.5 s).
"""

from __future__ import annotations

import bisect
import os
import threading
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

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


def _data_dir() -> str:
    return str(resources.files("russiannames").joinpath("data"))


class Lexicon:
    """Counts of Russian name parts, with Latin lookups under the accepted schemes."""

    def __init__(self, schemes: tuple[str, ...] = DEFAULT_SCHEMES, data_dir: str | None = None) -> None:
        import duckdb

        self.schemes = tuple(schemes)
        folder = data_dir or os.environ.get("RUSSIANNAMES_DATA_DIR") or _data_dir()
        connection = duckdb.connect(database=":memory:")
        self._tables: dict[str, dict[str, tuple[int, str | None, str | None]]] = {}
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
            self._tables[kind] = {word: (count, gender, f_form) for word, count, gender, f_form in rows}
            parts.append(f"SELECT lower(replace(text, 'ё', 'е')) AS word FROM read_parquet('{path}')")
        union = " UNION ".join(parts)
        self._sorted = [
            row[0]
            for row in connection.execute(
                f"SELECT word FROM ({union}) WHERE word IS NOT NULL ORDER BY word"
            ).fetchall()
        ]
        connection.close()
        self._neighbour_lock = threading.Lock()
        self._neighbour_index: dict[str, dict[str, LexiconEntry]] = {}
        self._neighbour_keys: dict[str, list[str]] = {}

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
        for kind in kinds:
            for word, (count, _gender, f_form) in self._tables[kind].items():
                if count > 0:
                    counts[word] = max(counts.get(word, 0), count)
                share = int(count * feminine_share)
                if f_form and share > 0:
                    female = f_form.lower().replace("ё", "е")
                    counts[female] = max(counts.get(female, 0), share)
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
        index: dict[str, LexiconEntry] = {}
        for cyrillic, (count, gender, _) in self._tables[kind].items():
            if count < min_count or "-" in cyrillic or len(cyrillic) < 3:
                continue
            for latin, scheme in accepted_romanizations(cyrillic, self.schemes).items():
                known = index.get(latin)
                if known is None or known.count < count:
                    index[latin] = LexiconEntry(cyrillic.capitalize(), count, kind, gender, scheme, latin)
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


_DEFAULT: dict[tuple[str, ...], Lexicon] = {}
_LOCK = threading.Lock()


def get_lexicon(schemes: tuple[str, ...] = DEFAULT_SCHEMES) -> Lexicon:
    """The process-wide lexicon for a set of accepted schemes (loaded once)."""
    with _LOCK:
        if schemes not in _DEFAULT:
            _DEFAULT[schemes] = Lexicon(schemes)
        return _DEFAULT[schemes]
