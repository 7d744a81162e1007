"""est-2 and fid-2 combined (`qa.fidelity.combine`): the file, the arithmetic, the wiring."""

from __future__ import annotations

import json

import numpy as np
import pytest
from fidelity_texts import FAITHFUL, REFERENCE, SOURCE_RU, aligned_document
from test_fidelity_estimator import encoded, tiny_head

from qa.fidelity.combine import COMBINE_PATH, MODES, load_combination, mode_of, parse_combination
from qa.fidelity.estimator import SCALAR_NAMES, Triple, apply_guards, estimate_triples, score_triples


def document(weights: dict[str, float], lines: tuple[float, float, float] = (30.0, 31.0, 32.0)) -> bytes:
    entry = {
        "weights": weights,
        "mean": dict.fromkeys(weights, 1.0),
        "std": dict.fromkeys(weights, 2.0),
        "z_std": 0.5,
        "out_mean": 0.1,
        "out_std": 3.0,
    }
    return json.dumps(
        {
            "version": "t",
            "modes": dict.fromkeys(MODES, entry),
            "f101_lines": dict(zip(MODES, lines, strict=True)),
        }
    ).encode()


def test_the_sum_is_standardised_and_placed_on_est2s_scale() -> None:
    combination = parse_combination(document({"est": 0.6, "fid": 0.4, "chrf": 0.0}))
    weights = combination.modes["ref"]
    assert set(weights.weights) == {"est", "fid"}  # a zero weight is left out
    z = weights.combine({"est": np.array([3.0]), "fid": np.array([-1.0]), "chrf": np.array([9.0])})
    expected = 0.1 + 3.0 * (0.6 * (3 - 1) / 2 + 0.4 * (-1 - 1) / 2) / 0.5
    assert z[0] == pytest.approx(expected)
    assert combination.f101_line(True, True) == 30.0 and combination.f101_line(False, True) == 32.0
    assert combination.needs("fid") and not combination.needs("cos_src")


def test_an_unknown_component_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown components"):
        parse_combination(document({"est": 0.5, "bleurt": 0.5}))


def test_modes_are_named_as_the_estimator_compares() -> None:
    assert [mode_of(True, True), mode_of(True, False), mode_of(False, True)] == list(MODES)


def test_the_shipped_file_is_read_and_its_digest_kept() -> None:
    if not COMBINE_PATH.is_file():
        pytest.skip("no combination shipped")
    combination = load_combination()
    assert combination is not None and len(combination.sha256) == 64
    for mode in MODES:
        weights = combination.modes[mode]
        assert weights.weights.get("est", 0) > 0 and abs(sum(weights.weights.values()) - 1) < 1e-9


def test_estimate_triples_is_score_triples_before_calibration(monkeypatch) -> None:
    """The combination reads est-2's z; its calibration and guards on that z are est-2's score."""
    texts = {
        "Hyp one.": encoded(1, 4),
        "Ref one.": encoded(2, 5),
        "": encoded(3, 1),
        "Источник.": encoded(4, 3),
    }

    class Fake:
        def encode(self, batch: list[str]) -> list[tuple[np.ndarray, np.ndarray]]:
            return [(texts[t].vector, texts[t].tokens) for t in batch]

    monkeypatch.setattr("qa.fidelity.encode.e5.multilingual_encoder", lambda: Fake())
    triples = [
        Triple("Hyp one.", "Ref one.", "Источник."),
        Triple("Hyp one.", None, None),
        Triple("", "Ref one.", None),
    ]
    head = tiny_head()
    scorable, z, scalars = estimate_triples(triples, head)
    assert scorable == [0, 2] and scalars.shape == (2, len(SCALAR_NAMES))
    scores = score_triples(triples, head)
    expected = apply_guards(head.to_score(z), [triples[0], triples[2]])
    assert scores == [float(expected[0]), None, float(expected[1])] and scores[2] == 0.0


@pytest.mark.slow
def test_estimator_mode_combines_and_says_so_and_the_default_does_not(monkeypatch) -> None:
    if not COMBINE_PATH.is_file():
        pytest.skip("no combination shipped")
    from qa.config import Config
    from qa.fidelity.score import FidelityMetric, compute_document_fidelity

    default = FidelityMetric().score(
        aligned_document(FAITHFUL, REFERENCE, SOURCE_RU, use_model=True), Config()
    )
    assert "|combine:" not in default.signatures["fidelity"]
    monkeypatch.setenv("QA_FIDELITY", "estimator")
    doc = aligned_document(FAITHFUL, REFERENCE, SOURCE_RU, use_model=True)
    result = compute_document_fidelity(doc, use_model=True)
    assert result.signature.startswith("fidelity:est-2|") and "|combine:" in result.signature
    assert "|fid-2|ref|" in result.signature  # a Russian source: fid-2's reference network
    combination = load_combination()
    assert combination is not None and combination.sha256[:12] in result.signature
    from qa.fidelity.score import f101_line

    pair = next(p for p in result.pairs if p.compared)
    assert f101_line(result.signature, pair) == combination.f101_line(True, True)
    assert result.fidelity is not None and 0 <= result.fidelity <= 100


@pytest.mark.slow
def test_without_the_file_the_estimator_mode_is_est2_alone(monkeypatch) -> None:
    from qa.fidelity.estimator import load_head, score_triples
    from qa.fidelity.score import compute_document_fidelity

    monkeypatch.setenv("QA_FIDELITY", "estimator")
    monkeypatch.setattr("qa.fidelity.combine.load_combination", lambda: None)
    doc = aligned_document(FAITHFUL, REFERENCE, None, use_model=True)
    result = compute_document_fidelity(doc, use_model=True)
    assert "|combine:" not in result.signature and result.signature.startswith("fidelity:est-2|")
    pair = next(p for p in result.pairs if p.compared)
    hyp = " ".join(doc.doc.hyp.sentences[i].text for i in pair.hyp)
    ref = doc.ref_alignments[0].other_text(next(p for p in doc.ref_alignments[0].pairs if p.hyp == pair.hyp))
    assert pair.fidelity == pytest.approx(score_triples([Triple(hyp, ref, None)], load_head())[0])
