"""Established English spellings of Russian name words that no romanisation scheme gives.

Tchaikovsky for Чайковский, Colin for Колин: Wikidata's English labels of people whose
Russian label has that word, kept when common enough (bench/build_established_names.py
builds the table; the data is CC0). They are accepted spellings of the Cyrillic word, next to
what the schemes generate.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

ESTABLISHED_PATH = Path(__file__).resolve().parents[1] / "data" / "names" / "established.tsv"
ESTABLISHED = "established"  # the scheme label of these spellings

Table = Mapping[str, tuple[str, ...]]


@lru_cache(maxsize=1)
def established_forms() -> Table:
    """Russian word (lower case, ё kept as written) -> its established English spellings (keys)."""
    table: dict[str, list[str]] = {}
    if not ESTABLISHED_PATH.exists():
        return MappingProxyType({})
    with ESTABLISHED_PATH.open(encoding="utf-8") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
            table.setdefault(row["ru"], []).append(row["en"])
    return MappingProxyType({ru: tuple(forms) for ru, forms in table.items()})


def reverse(table: Table) -> dict[str, tuple[str, ...]]:
    """English spelling -> the Russian words it is an established spelling of."""
    out: dict[str, list[str]] = {}
    for ru, forms in table.items():
        for form in forms:
            out.setdefault(form, []).append(ru)
    return {form: tuple(sorted(words)) for form, words in out.items()}


def forms_of(table: Table, cyrillic: str) -> tuple[str, ...]:
    """The established spellings of a Cyrillic word (any case; е and ё alike)."""
    lower = cyrillic.lower()
    found = table.get(lower, ())
    if not found and "е" in lower:
        # the table keeps ё where Wikidata writes it (горбачёв); a source may not
        return tuple(f for ru, forms in table.items() if ru.replace("ё", "е") == lower for f in forms)
    return found
