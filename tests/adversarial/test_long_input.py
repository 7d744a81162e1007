"""Long input is scored whole or marked not scored, never scored on the part an encoder or a
metric happened to read (issue 14, item 10; TER's cost on one gigantic segment, item 4).

At the level of the document scores, so that the tests hold whatever the encoders' code
looks like."""

from __future__ import annotations

import random

import pytest

from qa.config import Config
from qa.document import Document, Text
from qa.pipeline import check_documents

REF = "The minister Nikolai Nikiforov said on Monday that the new plan for the regional economy works well."
WORDS = "market river yellow quietly seven garden train coffee window music bridge cloud".split()


Scores = dict[str, float | None]


def _scores(hyps: dict[str, str], no_model: bool) -> dict[str, tuple[Scores, dict[str, str]]]:
    docs = [Document(id=i, hyp=Text(h + "\n", "en"), refs=[Text(REF + "\n", "en")]) for i, h in hyps.items()]
    report = check_documents(docs, Config(no_model=no_model))
    return {r.id: (r.scores, r.signatures) for r in report.documents}


def test_ter_is_not_scored_on_a_gigantic_segment() -> None:
    found = _scores({"normal": REF, "gigantic": "a. " * 12_000}, no_model=True)
    assert found["normal"][0]["ter"] is not None
    scores, signatures = found["gigantic"]
    assert scores["ter"] is None and signatures["ter"].startswith("not scored")
    assert scores["chrf"] is not None


@pytest.mark.slow
def test_a_sentence_is_read_whole_by_the_encoder() -> None:
    # 14 copies of the reference fill the encoder's 256 word pieces; what follows was cut
    head = " and ".join([REF[:-1]] * 14)
    tail = " ".join(random.Random(0).choice(WORDS) for _ in range(300))
    found = _scores({"head": head + ".", "head and tail": f"{head} and then {tail}."}, no_model=False)
    head_scores, tail_scores = found["head"][0], found["head and tail"][0]
    for key in ("semsim", "bertscore"):
        assert (tail_scores[key] or 0.0) < head_scores[key] - 2, key


@pytest.mark.slow
def test_a_word_the_encoder_cannot_read_is_not_scored() -> None:
    junk = REF.replace("Nikiforov", "Qz" + "x" * 100_000)
    found = _scores({"junk": junk, "same": REF}, no_model=False)
    scores, signatures = found["junk"]
    assert all(scores[key] is None for key in ("fidelity", "semsim", "bertscore"))
    assert signatures["fidelity"].startswith("not scored")
    assert found["same"][0]["fidelity"] == 100.0
