"""The russiannames lexicon: counts, Latin lookups and common neighbours."""

from __future__ import annotations

import pytest

from qa.names.lexicon import FIRST, SURNAME, Lexicon, get_lexicon


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return get_lexicon()


def test_counts_of_cyrillic_entries(lexicon: Lexicon) -> None:
    assert lexicon.count("Никифоров", SURNAME) > 500
    assert lexicon.count("Никифров", SURNAME) <= 2
    assert lexicon.count("Роман", FIRST) > 1000
    assert lexicon.count("Ъыъ") == 0
    assert lexicon.feminine_of("Рожков") == "Рожкова"


@pytest.mark.parametrize(
    ("latin", "kind", "cyrillic"),
    [
        ("Nikiforov", SURNAME, "Никифоров"),
        ("Yelena", FIRST, "Елена"),
        ("Elena", FIRST, "Елена"),
        ("Dmitry", FIRST, "Дмитрий"),
        ("Zakharova", SURNAME, "Захарова"),
        ("Kaspersky", SURNAME, "Касперский"),
        ("Vasiliev", SURNAME, "Васильев"),
    ],
)
def test_latin_spellings_recover_their_cyrillic_form(
    lexicon: Lexicon, latin: str, kind: str, cyrillic: str
) -> None:
    entries = lexicon.lookup_latin(latin, kind)
    assert entries and entries[0].cyrillic == cyrillic
    assert entries[0].scheme is not None


def test_foreign_names_are_not_in_the_lexicon(lexicon: Lexicon) -> None:
    assert lexicon.latin_count("Elaine", FIRST) == 0
    assert lexicon.latin_count("Blinken", SURNAME) == 0


def test_unattested_spelling_has_a_common_neighbour(lexicon: Lexicon) -> None:
    assert lexicon.latin_count("Nikifrov", SURNAME) <= 2
    distance, entry = lexicon.neighbours("nikifrov", SURNAME, max_distance=1, min_count=100)[0]
    assert (distance, entry.cyrillic, entry.latin) == (1, "Никифоров", "nikiforov")
    names = lexicon.neighbours("romano", FIRST, max_distance=1, min_count=100)
    assert names[0][1].cyrillic == "Роман"


def test_candidate_search_is_bounded(lexicon: Lexicon) -> None:
    assert lexicon.cyrillic_candidates("y" * 40) == []
    assert "никифоров" in lexicon.cyrillic_candidates("nikiforov")
