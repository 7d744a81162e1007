"""A translation that exchanges who did what to whom is told from one that says the same thing
in another order (passive, "lost to", symmetric verbs, lists, "between"). Sentences written for
these tests."""

from __future__ import annotations

import pytest

from qa.config import Config
from qa.document import Document, Text
from qa.fidelity import detected
from qa.fidelity.roles import role_swap
from qa.pipeline import Checker

# (translation, reference, the two entities as the translation names them)
SWAPPED = [
    (
        "Ukraine accused Russia of shelling the power station.",
        "Russia accused Ukraine of shelling the power station.",
        ("Ukraine", "Russia"),
    ),
    (
        "Zenit beat Spartak 3-1 on Sunday evening.",
        "Spartak beat Zenit 3-1 on Sunday evening.",
        ("Zenit", "Spartak"),
    ),
    (
        "The company fined the court 2 million roubles.",
        "The court fined the company 2 million roubles.",
        ("the company", "the court"),
    ),
    (
        "Germany has repeatedly urged Poland to accept the plan.",
        "Poland repeatedly urges Germany to accept the plan.",
        ("Germany", "Poland"),
    ),
    # both passive, the agent exchanged
    (
        "Carlsen was defeated by Nepomniachtchi in Dubai.",
        "Nepomniachtchi was defeated by Carlsen in Dubai.",
        ("Carlsen", "Nepomniachtchi"),
    ),
]

# (translation, reference): the same roles, must stay clean
SAME_ROLES = [
    ("Zenit was beaten by Spartak on Sunday.", "Spartak beat Zenit on Sunday."),
    ("Zenit lost to Spartak on Sunday.", "Spartak beat Zenit on Sunday."),
    ("Xi Jinping met Vladimir Putin in Moscow.", "Putin met Xi in Moscow."),
    ("Ukraine clashed with Russia over gas prices.", "Russia clashed with Ukraine over gas prices."),
    ("Talks between Ukraine and Russia resumed in May.", "Talks between Russia and Ukraine resumed in May."),
    ("Ukraine and Russia signed the grain deal.", "Russia and Ukraine signed the grain deal."),
    ("Germany, France and Italy backed the plan.", "France, Germany and Italy backed the plan."),
    ("Kyiv was accused by Moscow of sabotage.", "Moscow accused Kyiv of sabotage."),
    ("The plan was criticised by Sokolova, Petrov said.", "Petrov said Sokolova criticised the plan."),
    ("Japan signed a trade agreement with Vietnam.", "Vietnam signed a trade agreement with Japan."),
    ("Spartak drew with Zenit 1-1.", "Zenit drew with Spartak 1-1."),
    (
        "Russia accused Ukraine of shelling the power station.",
        "Russia accused Ukraine of shelling the power station.",
    ),
    # a different predicate is not judged: "succeed" and "replace" say it the other way round
    ("Acosta will be succeeded by Scalia.", "Scalia will replace Acosta."),
]


@pytest.mark.parametrize(("hyp", "ref", "names"), SWAPPED)
def test_a_swap_is_found_with_both_entities(hyp: str, ref: str, names: tuple[str, str]) -> None:
    assert role_swap(hyp, ref) == names


@pytest.mark.parametrize(("hyp", "ref"), SAME_ROLES)
def test_the_same_roles_in_another_order_are_not_a_swap(hyp: str, ref: str) -> None:
    assert role_swap(hyp, ref) is None


REFERENCE = (
    "Spartak beat Zenit 3-1 in Moscow on Sunday.\n"
    "The winning goal came in the 80th minute.\n"
    "About 40,000 fans watched the match.\n"
)


def check(hyp: str) -> list:
    config = Config(no_model=True)
    doc = Document(id="match", hyp=Text(hyp, "en"), refs=[Text(REFERENCE, "en")])
    return [f for f in Checker(config).check(doc).findings if f.rule == "F101"]


def test_switched_off_a_swap_is_not_marked() -> None:
    """The cap misses its declared rule on the training years, so it is off by default."""
    assert not detected.ROLE_SWAPS
    assert "+roles" not in detected.CAPS_SIGNATURE
    assert not check(REFERENCE.replace("Spartak beat Zenit", "Zenit beat Spartak"))


def test_switched_on_a_swap_marks_its_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(detected, "ROLE_SWAPS", True)
    assert not check(REFERENCE)
    assert not check(REFERENCE.replace("Spartak beat Zenit", "Zenit were beaten by Spartak"))
    [mark] = check(REFERENCE.replace("Spartak beat Zenit", "Zenit beat Spartak"))
    assert mark.text == "Zenit beat Spartak 3-1 in Moscow on Sunday."
    assert "who did what to whom differs from the reference (Zenit and Spartak exchanged)" in mark.message
    assert dict(mark.evidence)["roles exchanged"] == "Zenit / Spartak"
