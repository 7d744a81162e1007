"""A run of thousands of capitalised names on one line is no person's name, and the reference
slips (N101 for names neither side reads as a person) compare each distinct pair of word
windows once. Both made a translation and a reference of 2,000 repeated surnames each take
over a minute (a 2,000-token mention paired with a 2,000-token person; every window of the
translation against every window of the reference)."""

from __future__ import annotations

from qa.names.english import extract_person_names
from qa.names.model import MAX_NAME_WORDS
from qa.names.russian import extract_russian_names


def test_a_run_longer_than_a_name_is_not_a_person() -> None:
    assert extract_person_names("Reporters met " + "Halloran " * 40 + "in town.") == []
    assert extract_russian_names("Вчера " + "Соколова " * 40 + "приехала.") == []


def test_names_up_to_the_longest_are_still_read() -> None:
    [mention] = extract_person_names("Minister Anna Maria Sokolova spoke.")
    assert [t.text for t in mention.tokens] == ["Anna", "Maria", "Sokolova"]
    [person] = extract_russian_names("Вчера Анна Сергеевна Соколова приехала.")
    assert len(person.tokens) == 3 <= MAX_NAME_WORDS
