"""Person-name extraction from English text (no NER model)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.names.engine import NameEngine
from qa.names.english import extract_person_names, looks_like_russian_surname
from qa.names.model import FIRST, INITIAL, SURNAME

ANNOTATED = Path(__file__).parent / "data" / "names_annotated.jsonl"


@pytest.fixture(scope="module")
def engine() -> NameEngine:
    return NameEngine()


def names(text: str) -> list[str]:
    return [m.text for m in extract_person_names(text)]


def test_roles_are_kept_apart_from_the_name() -> None:
    [mention] = extract_person_names("Acting Secretary Elaine Duke signed the order.")
    assert mention.text == "Elaine Duke"
    assert mention.role == "Acting Secretary"
    assert [t.part for t in mention.tokens] == [FIRST, SURNAME]


def test_lower_case_role_before_the_name() -> None:
    [mention] = extract_person_names("said the press secretary Dmitry Peskov on Monday")
    assert mention.role == "secretary"


def test_ordinary_capitalised_words_are_not_names() -> None:
    text = (
        "The U.S. Department of Homeland Security acted. On September 14, however, Moscow said "
        "the Russian Foreign Ministry would respond. However, Washington did not."
    )
    assert names(text) == []


def test_organisation_words_turn_a_surname_into_a_company() -> None:
    text = "Kaspersky Lab denied it. Kaspersky also asked for an inquiry, and Kaspersky's shares fell."
    assert names(text) == []


def test_possessive_is_left_outside_the_span() -> None:
    text = "Navalny's lawyer met Nikolai Nikiforov’s deputy."
    mentions = extract_person_names(text)
    assert [m.text for m in mentions][-1] == "Nikolai Nikiforov"
    last = mentions[-1]
    assert text[last.start : last.end] == "Nikolai Nikiforov"


def test_initials_hyphens_and_repeated_surnames() -> None:
    mentions = extract_person_names("N. Nikiforov met Rimsky-Korsakov fans. Later Nikiforov left.")
    assert mentions[0].tokens[0].part == INITIAL
    assert "Rimsky-Korsakov" in [m.text for m in mentions]
    assert [m.text for m in mentions][-1] == "Nikiforov"


def test_sentence_initial_name_and_lone_surname_variant() -> None:
    text = "Nikolai Nikifrov agreed. Nikiforov said the ban was unfair."
    assert names(text) == ["Nikolai Nikifrov", "Nikiforov"]


def test_russian_surname_endings() -> None:
    assert looks_like_russian_surname("Zakharova")
    assert looks_like_russian_surname("Zelenskiy")
    assert looks_like_russian_surname("Chernenko")
    assert not looks_like_russian_surname("Moscow")
    assert not looks_like_russian_surname("Duke")


def test_precision_and_recall_on_annotated_texts(engine: NameEngine) -> None:
    true_positive = false_positive = false_negative = 0
    for line in ANNOTATED.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        found = [m.text for m in engine.extract(item["text"])]
        for name in item["names"]:
            if name in found:
                found.remove(name)
                true_positive += 1
            else:
                false_negative += 1
        false_positive += len(found)
    precision = true_positive / (true_positive + false_positive)
    recall = true_positive / (true_positive + false_negative)
    assert precision >= 0.95 and recall >= 0.9, (precision, recall)


def test_spans_index_the_text_exactly() -> None:
    text = "Reporter Yelena Chernenko of Kommersant and Romano Rozhkov\n\nDmitry Peskov, the spokesman."
    for mention in extract_person_names(text):
        for token in mention.tokens:
            assert text[token.start : token.end] == token.text


def test_words_before_an_organisation_word_in_one_run_name_the_organisation() -> None:
    text = (
        "Li Ming, deputy director of the Municipal Health Commission, said the Harbour Affairs Bureau "
        "and the Provincial Defense Command agreed. Minister Counsellor Anna Berg attended."
    )
    names = [m.text for m in extract_person_names(text)]
    assert names == ["Li Ming", "Anna Berg"]
    # a person named before an organisation's own name is still a person
    assert [m.text for m in extract_person_names("Spokesman Ivan Petrov of the Transport Bureau said.")] == [
        "Ivan Petrov"
    ]
