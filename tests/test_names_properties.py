"""Property tests for the name engine."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from qa.names.engine import _FOREIGN_ORTHOGRAPHY, UNATTESTED_MAX, NameEngine
from qa.names.english import extract_person_names
from qa.names.lexicon import SURNAME
from qa.names.romanize import accepted_romanizations, normalize_latin, romanize
from qa.names.russian import extract_russian_names

COMMON_SURNAMES = (
    "Кузнецов Смирнова Васильев Петрова Соколов Михайлов Новикова Морозов Волков Алексеева "
    "Лебедев Козлова Степанов Николаев Никитина Захаров Соловьев Борисова Яковлев Григорьев "
    "Романова Воробьев Сергеев Кузьмина Фролов Александров Дмитриев Королев Гусев Киселева"
).split()
FIRST_NAMES = "Николай Елена Дмитрий Мария Юрий Алексей Наталья Сергей Татьяна Андрей".split()
SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(scope="module")
def engine() -> NameEngine:
    return NameEngine()


def sentence(cyrillic_surname: str, latin: str) -> tuple[str, int]:
    first = "Anna" if cyrillic_surname.endswith("а") else "Ivan"
    text = f"Minister {first} {latin} said the talks would go on."
    return text, len("Minister ") + len(first) + 1


@SETTINGS
@given(surname=st.sampled_from(COMMON_SURNAMES), data=st.data())
def test_accepted_romanisation_is_never_an_error(
    engine: NameEngine, surname: str, data: st.DataObject
) -> None:
    spelling = data.draw(st.sampled_from(sorted(accepted_romanizations(surname))))
    assume(spelling.isascii())
    latin = spelling[:1].upper() + spelling[1:]
    hyp, _ = sentence(surname, latin)
    ref, _ = sentence(surname, romanize(surname, "bgn_pcgn"))
    for issues in (engine.check(hyp, refs=[ref]), engine.check(hyp)):
        assert not [i for i in issues if i.rule in ("N101", "N103", "N104", "N105")], issues


@SETTINGS
@given(name=st.sampled_from(FIRST_NAMES), data=st.data())
def test_accepted_first_name_spelling_is_never_an_error(
    engine: NameEngine, name: str, data: st.DataObject
) -> None:
    spelling = data.draw(st.sampled_from(sorted(accepted_romanizations(name))))
    assume(spelling.isascii())
    latin = spelling[:1].upper() + spelling[1:]
    surname = "Petrova" if name.endswith(("а", "я")) else "Petrov"
    issues = engine.check(f"Minister {latin} {surname} spoke.")
    assert not [i for i in issues if i.rule in ("N101", "N104", "N105")], issues


def single_edits() -> st.SearchStrategy[tuple[str, int, str]]:
    return st.tuples(
        st.sampled_from(["delete", "insert", "replace", "swap"]),
        st.integers(1, 30),
        st.sampled_from("aeioukmnrt"),
    )


def corrupt(word: str, edit: tuple[str, int, str]) -> str:
    how, position, letter = edit
    i = 1 + position % (len(word) - 2)
    if how == "delete":
        return word[:i] + word[i + 1 :]
    if how == "insert":
        return word[:i] + letter + word[i:]
    if how == "replace":
        return word[:i] + letter + word[i + 1 :]
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


@SETTINGS
@given(surname=st.sampled_from(COMMON_SURNAMES), edit=single_edits())
def test_single_edit_of_a_common_surname_is_caught(engine: NameEngine, surname: str, edit: tuple) -> None:
    reference = romanize(surname, "bgn_pcgn")
    typo = corrupt(reference, edit)
    key = normalize_latin(typo)
    assume(key != normalize_latin(reference) and len(reference) >= 6)
    assume(key not in accepted_romanizations(surname))
    hyp, slot = sentence(surname, typo)
    ref, _ = sentence(surname, reference)
    against_reference = engine.check(hyp, refs=[ref])
    assert any(i.rule == "N101" and i.start == slot and i.suggestion == reference for i in against_reference)
    assume(not _FOREIGN_ORTHOGRAPHY.search(key))
    if engine.lexicon.latin_count(typo, SURNAME) <= UNATTESTED_MAX:
        # the hand rule catches it (as N104 for an unpaired name with a reference or source);
        # with the lexicon alone the learned model decides, its verdict one of the features
        # (bench/train_lexicon_names.py measures that trade-off; it passes a few, as Roanova)
        assert engine.lexicon_suggestion(typo) is not None, typo


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_extraction_never_raises_and_spans_are_exact(text: str) -> None:
    for mention in extract_person_names(text):
        for token in mention.tokens:
            assert text[token.start : token.end] == token.text
    for person in extract_russian_names(text):
        for token in person.tokens:
            assert text[token.start : token.end] == token.text


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["Nikolai", "Nikifrov", "Peskov's", "the", "Minister", "U.S.", "N.", "’s", ",", "\n", "Kaspersky"]
        ),
        max_size=30,
    )
)
def test_engine_never_raises_on_name_like_text(words: list[str]) -> None:
    text = " ".join(words)
    engine = NameEngine()
    for issue in engine.check(text, refs=["Minister Nikolai Nikiforov spoke."]) + engine.check(text):
        if issue.start is not None:
            assert text[issue.start : issue.end] == issue.text
