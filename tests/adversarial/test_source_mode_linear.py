"""A line of thousands of repeated names in a source or a translation, checked from the source
(no reference): the changed-place check and the Russian name reader must stay linear in it.

The fuzz bench's source and pivot modes found both: a Russian source of 12,000 repeated
surnames on one line ran over the 120 s budget (the name splitter re-read the tags of the whole
group for each word), and a translation of 10,000 repeated surnames took 70 s in a pivot
document (the places an entity names were looked up by copying the words outside each run).
"""

from __future__ import annotations

import time

import pytest

from qa.entities.extract import Entity
from qa.names import russian


def test_russian_name_groups_read_each_words_tags_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = 0
    primary_tag = russian._primary_tag

    def counting(parses: list) -> str | None:
        nonlocal calls
        calls += 1
        return primary_tag(parses)

    monkeypatch.setattr(russian, "_primary_tag", counting)
    words = 1_200
    text = "Соколова " * words + "вернулась домой."
    persons = russian.extract_russian_names(text)
    assert persons == []  # since the cap on name words, a run that long is no one's name
    # re-reading the group's tags for each word was words * (words + 1) / 2 = 720,600 calls
    assert calls <= 4 * words


def test_a_long_run_of_a_name_is_split_as_before() -> None:
    """The splitter's rule is unchanged: a first name after a first name and a surname starts
    a new person ("Анна Соколова Игорь Беляев" are two people)."""
    persons = russian.extract_russian_names("Вчера Анна Соколова Игорь Беляев приехали в город.")
    assert [[t.text for t in p.tokens] for p in persons] == [["Анна", "Соколова"], ["Игорь", "Беляев"]]


def test_places_of_a_huge_entity_in_linear_time() -> None:
    from qa.entities.places import places_of_entity

    words = 20_000
    entity = Entity(
        text=" ".join(["Ferreira"] * words) + " Lisbon", start=0, end=0, keys=(), words=(), weak=False
    )
    started = time.perf_counter()
    anywhere = places_of_entity(entity)
    wholly = places_of_entity(entity, wholly=True)
    elapsed = time.perf_counter() - started
    assert anywhere and not wholly  # Lisbon is named in it; the entity is not Lisbon
    # copying the words outside each run took ~10 s a call at this size; now ~0.1 s
    assert elapsed < 4.0


def test_places_of_entity_wholly_still_accepts_function_words_around() -> None:
    from qa.entities.places import places_of_entity

    assert places_of_entity(
        Entity(text="the Lisbon", start=0, end=0, keys=(), words=(), weak=False), wholly=True
    )
    assert not places_of_entity(
        Entity(text="Lisbon Airport", start=0, end=0, keys=(), words=(), weak=False), wholly=True
    )
