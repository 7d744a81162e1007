"""A line of thousands of repeated names in a source or a translation, checked from the source
(no reference): the changed-place check and the Russian name reader must stay linear in it.

The fuzz bench's source and pivot modes found both: a Russian source of 12,000 repeated
surnames on one line ran over the 120 s budget (the name splitter re-read the tags of the whole
group for each word), and a translation of 10,000 repeated surnames took 70 s in a pivot
document (the places an entity names were looked up by copying the words outside each run).
"""

from __future__ import annotations

import pytest
from bounded import run_bounded

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
    """60,000 words, in a fresh interpreter under `run_bounded`'s limit: copying the words
    outside each run took 90 s at 20,000 words (about 15 minutes at this size); now well under
    a second."""
    out = run_bounded(
        """
        from qa.entities.extract import Entity
        from qa.entities.places import places_of_entity
        text = " ".join(["Ferreira"] * 60_000) + " Lisbon"
        entity = Entity(text=text, start=0, end=0, keys=(), words=(), weak=False)
        print(bool(places_of_entity(entity)), bool(places_of_entity(entity, wholly=True)))
        """
    )
    assert out.split() == ["True", "False"]  # Lisbon is named in it; the entity is not Lisbon
