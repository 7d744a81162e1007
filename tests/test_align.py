from qa.align import align, similarity_for
from qa.document import Text


def test_one_to_one_with_an_added_sentence() -> None:
    hyp = Text("The minister spoke on Monday. Buy our new headphones now. He left at noon.", "en")
    ref = Text("The minister spoke on Monday. He left at noon.", "en")
    alignment = align(hyp, ref)
    assert [(p.hyp, p.other) for p in alignment.pairs] == [((0,), (0,)), ((1,), ()), ((2,), (1,))]


def test_two_to_one_merge() -> None:
    hyp = Text("The order requires a review within 30 days. A plan follows within 60 days.", "en")
    ref = Text("The order requires a review within 30 days and a plan within 60 days.", "en")
    alignment = align(hyp, ref)
    assert [(p.hyp, p.other) for p in alignment.pairs] == [((0, 1), (0,))]


def test_empty_sides() -> None:
    hyp = Text("", "en")
    ref = Text("One sentence.", "en")
    assert [(p.hyp, p.other) for p in align(hyp, ref).pairs] == [((), (0,))]
    assert align(hyp, Text("", "en")).pairs == []


def test_cross_lingual_without_model_uses_anchors() -> None:
    hyp = Text("On September 14, Kaspersky said 30 days. Nothing else.", "en")
    src = Text("14 сентября Kaspersky заявила о 30 днях. Больше ничего.", "ru")
    alignment = align(hyp, src, similarity_for(hyp, src))
    assert ((0,), (0,)) in [(p.hyp, p.other) for p in alignment.pairs]
