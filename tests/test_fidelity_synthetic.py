"""The synthetic critical errors the estimator is trained on (bench/fidelity_synthetic.py)."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from fidelity_common import Item
from fidelity_synthetic import MAJOR, perturb, synthetic_items

from qa.fidelity.features import Segment

SENTENCE = "On Monday the Bank of Russia said it would not raise the rate above 16% before March."


@pytest.mark.parametrize(
    ("kind", "check"),
    [
        ("number", lambda out: "16%" not in out),
        ("name_replaced", lambda out: "Paris" in out),
        ("name_removed", lambda out: len(out) < len(SENTENCE)),
        ("negation", lambda out: "would not" not in out),
        ("antonym", lambda out: "after" in out or "cut" in out),
    ],
)
def test_each_kind_makes_one_meaning_changing_edit(kind, check) -> None:
    out = perturb(SENTENCE, kind, random.Random(1), ["Paris"])
    assert out is not None and out != SENTENCE and check(out)


def test_a_sentence_without_what_an_edit_needs_gives_none() -> None:
    assert perturb("it was fine.", "number", random.Random(1), []) is None
    assert perturb("it was fine.", "antonym", random.Random(1), []) is None


def test_synthetic_items_are_seeded_and_take_only_error_free_items() -> None:
    items = [
        Item(
            k,
            "sys",
            Segment(f"The Minister said {k + 2} people were not hurt in Moscow.", ("r",), "s"),
            score,
        )
        for k, score in enumerate([0.0, -1.0, 0.0, 0.0])
    ]
    first, second = synthetic_items(items, 7, 10), synthetic_items(items, 7, 10)
    assert first == second and len(first) == 3
    assert all(i.score == MAJOR and i.line in (0, 2, 3) for i in first)
    assert len(synthetic_items(items, 7, 2)) == 2
