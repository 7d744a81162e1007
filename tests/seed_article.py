"""The seed article in corpora/: where it is, and the names it spells right (never flagged)."""

from __future__ import annotations

from pathlib import Path

SEED = Path(__file__).resolve().parents[1] / "corpora" / "kaspersky-2017"
CORRECT_NAMES = (
    "Yelena",
    "Chernenko",
    "Dmitry",
    "Peskov",
    "Vladimir",
    "Putin",
    "Maria",
    "Zakharova",
    "Elaine",
    "Duke",
)
