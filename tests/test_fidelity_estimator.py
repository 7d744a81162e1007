"""The multilingual encoder loader and the fidelity estimator (features, head, modes)."""

from __future__ import annotations

import numpy as np
import pytest
from fidelity_texts import FAITHFUL, aligned_document

from qa.errors import QaError
from qa.fidelity.encode.e5 import MultilingualEncoder, dequantize_q4
from qa.fidelity.estimator import (
    DIM,
    SCALAR_NAMES,
    Encoded,
    Head,
    Triple,
    head_arrays,
    head_from_file,
    mask_mode,
    numbers,
    scalar_features,
    score_triples,
    vector_inputs,
)


def encoded(seed: int, tokens: int) -> Encoded:
    rng = np.random.default_rng(seed)
    vector = rng.normal(size=DIM).astype(np.float32)
    rows = rng.normal(size=(tokens, DIM)).astype(np.float32)
    return Encoded(
        vector / np.linalg.norm(vector),
        (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float16),
    )


def tiny_head(use_vectors: bool = True) -> Head:
    rng = np.random.default_rng(0)
    width = len(SCALAR_NAMES) + (7 * DIM if use_vectors else 0)
    return Head(
        scalar_mean=np.zeros(len(SCALAR_NAMES), np.float32),
        scalar_std=np.ones(len(SCALAR_NAMES), np.float32),
        use_vectors=use_vectors,
        weights=(rng.normal(size=(width, 4)).astype(np.float32), rng.normal(size=(4, 1)).astype(np.float32)),
        biases=(np.zeros(4, np.float32), np.zeros(1, np.float32)),
        calibration=(0.5, 2.0),
        f101_lines=(40.0, 41.0, 42.0),
    )


def test_q4_blocks_dequantise_low_nibbles_first_then_high() -> None:
    scale = np.array([0.5], dtype=np.float16).view(np.uint8)
    nibbles = np.array([(j % 16) | ((15 - j % 16) << 4) for j in range(16)], dtype=np.uint8)
    row = dequantize_q4(np.concatenate([scale, nibbles]), 1, 32)[0]
    assert row[0] == (0 - 8) * 0.5 and row[15] == (15 - 8) * 0.5
    assert row[16] == (15 - 8) * 0.5 and row[31] == (0 - 8) * 0.5


def test_a_tampered_weight_file_is_refused(tmp_path) -> None:
    fake = tmp_path / "e5-small-q4.bin"
    fake.write_bytes(b"E5S1" + b"\0" * 64)
    with pytest.raises(QaError, match="sha256"):
        MultilingualEncoder(path=fake).load()
    with pytest.raises(QaError, match="not found"):
        MultilingualEncoder(path=tmp_path / "missing.bin").load()


def test_numbers_ignore_thousands_separators() -> None:
    assert numbers("1,250 people and 3.5%") == {"1250", "3.5"}
    assert numbers("no digits") == set()


@pytest.mark.parametrize(("has_ref", "has_src"), [(True, False), (False, True), (False, False)])
def test_masking_equals_computing_without_the_side(has_ref: bool, has_src: bool) -> None:
    hyp, ref, src = (
        "The bank raised rates by 2 points.",
        "The bank raised its rate by 2 points.",
        "Банк поднял ставку.",
    )
    h, r, s = encoded(1, 8), encoded(2, 9), encoded(3, 5)
    full_vectors = vector_inputs(h, r, s)
    full_scalars = scalar_features(hyp, ref, src, h, r, s)
    vectors, scalars = mask_mode(full_vectors, full_scalars, has_ref, has_src)
    direct_r, direct_s = (r if has_ref else None), (s if has_src else None)
    assert np.array_equal(vectors, vector_inputs(h, direct_r, direct_s))
    direct = scalar_features(hyp, ref if has_ref else None, src if has_src else None, h, direct_r, direct_s)
    assert np.allclose(scalars, direct)


def test_features_see_a_changed_number() -> None:
    h = encoded(1, 6)
    same = scalar_features("It cost 40 roubles.", "It cost 40 roubles.", None, h, h, None)
    changed = scalar_features("It cost 90 roubles.", "It cost 40 roubles.", None, h, h, None)
    index = SCALAR_NAMES.index("ref_num_miss")
    assert same[index] == 0 and changed[index] == 1


def test_head_file_round_trip_and_refusal(tmp_path) -> None:
    head = tiny_head()
    path = tmp_path / "estimator.npz"
    with path.open("wb") as handle:
        np.savez(handle, **head_arrays(head))
    loaded = head_from_file(path)
    vectors = np.stack([vector_inputs(encoded(1, 3), encoded(2, 3), None)])
    scalars = np.zeros((1, len(SCALAR_NAMES)), np.float32)
    assert np.allclose(loaded.predict(vectors, scalars), head.predict(vectors, scalars))
    assert loaded.f101_lines == (40.0, 41.0, 42.0) and len(loaded.sha256) == 64
    assert loaded.f101_line(True, True) == 40.0 and loaded.f101_line(False, True) == 42.0
    arrays = head_arrays(head)
    arrays["scalar_names"] = np.array(SCALAR_NAMES[:-1])
    with path.open("wb") as handle:
        np.savez(handle, **arrays)
    with pytest.raises(ValueError, match="other features"):
        head_from_file(path)


def test_scores_are_monotone_in_z_and_bounded() -> None:
    head = tiny_head()
    scores = head.to_score(np.array([-5.0, 0.0, 5.0]))
    assert np.all(np.diff(scores) > 0) and scores[0] > 0 and scores[-1] < 100


def test_no_reference_and_no_source_gives_none_without_encoding() -> None:
    assert score_triples([Triple("A translation.", None, None)], tiny_head()) == [None]


def test_estimator_document_without_reference_or_source_has_no_score() -> None:
    from qa.fidelity.score import _estimator_fidelity

    result = _estimator_fidelity(aligned_document(FAITHFUL, None))
    assert result.fidelity is None and result.pairs == []


@pytest.mark.slow
def test_real_encoder_puts_a_reversed_meaning_below_its_faithful_version() -> None:
    from qa.fidelity.estimator import ESTIMATOR_PATH

    assert ESTIMATOR_PATH.is_file()
    ref = "The central bank does not rule out raising the interest rate next month."
    src = "Центральный банк не исключает повышения процентной ставки в следующем месяце."
    faithful = "The central bank has not ruled out an interest rate hike next month."
    reversed_ = "The central bank has ruled out cutting the interest rate next month."
    # with a reference; from the source alone the estimator is weak (DEMETR: drops in 71% of
    # critical perturbations) and this example goes the wrong way (bench/RESULTS.md)
    for r, s in ((ref, src), (ref, None)):
        good, bad = score_triples([Triple(faithful, r, s), Triple(reversed_, r, s)])
        assert good is not None and bad is not None
        assert bad < good, (r is not None, s is not None, good, bad)


@pytest.mark.slow
def test_estimator_documents_bottom_of_the_scale_and_f101_names_the_source(monkeypatch) -> None:
    from fidelity_texts import REFERENCE, SOURCE_RU, UNRELATED

    from qa.checks.fidelity import FidelityCheck
    from qa.checks.interface import CheckContext
    from qa.config import Config
    from qa.fidelity.score import FidelityMetric

    monkeypatch.setenv("QA_FIDELITY", "estimator")

    def fidelity(hyp: str, ref: str | None, src: str | None) -> float:
        return (
            FidelityMetric()
            .score(aligned_document(hyp, ref, src, use_model=True), Config())
            .scores["fidelity"]
        )

    faithful = fidelity(FAITHFUL, REFERENCE, SOURCE_RU)
    assert fidelity(FAITHFUL, REFERENCE, SOURCE_RU) == faithful  # deterministic
    for bad in ("", SOURCE_RU, UNRELATED):
        assert fidelity(bad, REFERENCE, SOURCE_RU) <= 5 < faithful - 40
    assert "fidelity" not in FidelityMetric().score(aligned_document(FAITHFUL, None), Config()).scores
    doc = aligned_document(SOURCE_RU, None, SOURCE_RU, use_model=True)
    findings = list(FidelityCheck().run(doc, CheckContext(config=Config())))
    assert findings and all(f.message.endswith("may differ from the source") for f in findings)


def test_the_length_level_moves_segments_but_keeps_the_order_within_one() -> None:
    """The level depends only on the reference's (source's) length: translations of one
    segment keep their order, a longer segment moves as a whole; the level survives the file."""
    import dataclasses

    level = np.tile([2.0, 0.5, -0.3, 0.0, 1.0, 1.0, 1.0], (3, 1))
    head = dataclasses.replace(tiny_head(), level=level)
    ref_short, ref_long = "Rates rose.", "The central bank raised its key rate by two points on Friday."
    hyps = ["Rates went up.", "Rates fell.", "The rate rose."]
    rows = []
    for ref in (ref_short, ref_long):
        for k, hyp in enumerate(hyps):
            h, r = encoded(10 + k, 4), encoded(20, 5)
            rows.append((vector_inputs(h, r, None), scalar_features(hyp, ref, None, h, r, None)))
    vectors, scalars = np.stack([v for v, _ in rows]), np.stack([s for _, s in rows])
    plain = tiny_head().predict(vectors, scalars)
    leveled = head.predict(vectors, scalars)
    for group in (slice(0, 3), slice(3, 6)):
        assert np.array_equal(np.argsort(plain[group]), np.argsort(leveled[group]))
    length = scalars[:, SCALAR_NAMES.index("ref_len")]
    assert np.allclose(leveled, 2.0 * plain + 0.5 - 0.3 * length, atol=1e-5)


def test_the_level_is_read_back_from_the_head_file(tmp_path) -> None:
    import dataclasses

    head = dataclasses.replace(tiny_head(), level=np.tile([1.5, 0.1, -0.2, 0.01, 0.3, -0.1, 0.02], (3, 1)))
    path = tmp_path / "estimator.npz"
    with path.open("wb") as handle:
        np.savez(handle, **head_arrays(head))
    assert np.array_equal(head_from_file(path).level, head.level)


def test_the_length_level_of_a_chinese_source_differs_from_a_russian_one() -> None:
    """zh-en MQM and ru-en DA relate to length differently: the source's script selects the term."""
    import dataclasses

    level = np.tile([1.0, 0.0, 0.0, 0.0, 0.0, -1.0, 0.0], (3, 1))
    head = dataclasses.replace(tiny_head(), level=level)
    h, s = encoded(1, 4), encoded(2, 5)
    rows = [
        scalar_features("The rate rose.", None, src, h, None, s)
        for src in ("利率上升了。", "Ставка выросла.")
    ]
    scalars = np.stack(rows)
    vectors = np.stack([vector_inputs(h, None, s)] * 2)
    shift = head.predict(vectors, scalars) - tiny_head().predict(vectors, scalars)
    length = scalars[:, SCALAR_NAMES.index("src_len")]
    assert (
        scalars[0, SCALAR_NAMES.index("src_cjk")] == 1.0 and scalars[1, SCALAR_NAMES.index("src_cjk")] == 0.0
    )
    assert np.isclose(shift[0], -length[0], atol=1e-5) and np.isclose(shift[1], 0.0, atol=1e-6)
