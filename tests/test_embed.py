"""Encoder loading (pinned weights), caches, token matching and model-based alignment."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from qa.errors import QaError
from qa.fidelity.encode.embed import (
    MINILM_SHA256,
    EmbeddingCache,
    EnglishEncoder,
    equal_length_batches,
    file_sha256,
    minilm_path,
    text_key,
    token_match,
    verify_sha256,
)


def test_file_sha256_matches_hashlib(tmp_path: Path) -> None:
    path = tmp_path / "weights.bin"
    path.write_bytes(b"x" * 3_000_000)
    assert file_sha256(path) == hashlib.sha256(b"x" * 3_000_000).hexdigest()


def test_verify_sha256_rejects_a_changed_file_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "model.safetensors"
    path.write_bytes(b"not the pinned weights")
    with pytest.raises(QaError, match="expected 53aa51172d142c89"):
        verify_sha256(path, MINILM_SHA256, "all-MiniLM-L6-v2")
    with pytest.raises(QaError, match="not found"):
        verify_sha256(tmp_path / "missing", MINILM_SHA256, "all-MiniLM-L6-v2")


def test_english_encoder_refuses_weights_with_another_hash(tmp_path: Path) -> None:
    (tmp_path / "model.safetensors").write_bytes(b"tampered")
    encoder = EnglishEncoder(path=tmp_path)
    with pytest.raises(QaError, match="sha256"):
        encoder.encode(["The bridge opens in May."])


def test_installed_weights_are_the_pinned_ones() -> None:
    assert file_sha256(minilm_path() / "model.safetensors") == MINILM_SHA256


def test_cache_is_bounded_and_least_recently_used_goes_first() -> None:
    cache = EmbeddingCache(size=2)
    cache.put(text_key("a"), 1)
    cache.put(text_key("b"), 2)
    assert cache.get(text_key("a")) == 1
    cache.put(text_key("c"), 3)
    assert cache.get(text_key("b")) is None
    assert cache.get(text_key("a")) == 1 and cache.get(text_key("c")) == 3
    assert len(cache) == 2


def test_cache_bounded_in_bytes_drops_the_oldest_arrays() -> None:
    cache = EmbeddingCache(max_bytes=100)
    cache.put(text_key("a"), np.zeros(40, dtype=np.uint8))
    cache.put(text_key("b"), np.zeros(40, dtype=np.uint8))
    assert cache.get(text_key("a")) is not None  # now the most recently used
    cache.put(text_key("c"), np.zeros(40, dtype=np.uint8))  # 120 bytes: "b" goes
    assert cache.get(text_key("b")) is None
    assert cache.get(text_key("a")) is not None and cache.get(text_key("c")) is not None
    cache.put(text_key("a"), np.zeros(10, dtype=np.uint8))  # a smaller array replaces it
    cache.put(text_key("d"), np.zeros(40, dtype=np.uint8))  # 90 bytes: all three stay
    assert len(cache) == 3
    cache.put(text_key("e"), np.zeros(500, dtype=np.uint8))  # larger than the bound: kept alone
    assert len(cache) == 1 and cache.get(text_key("e")) is not None


def test_token_match_identical_and_disjoint() -> None:
    basis = np.eye(4, dtype=np.float16)
    assert token_match(basis[:2], basis[:2]) == pytest.approx((1.0, 1.0, 1.0))
    assert token_match(basis[:2], basis[2:]) == pytest.approx((0.0, 0.0, 0.0))
    assert token_match(basis[:0], basis[:2]) == (0.0, 0.0, 0.0)


@given(st.integers(min_value=1, max_value=6), st.integers(min_value=1, max_value=6), st.integers(0, 1000))
def test_token_match_is_bounded_and_symmetric_in_f1(n_hyp: int, n_ref: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    hyp = rng.normal(size=(n_hyp, 8))
    ref = rng.normal(size=(n_ref, 8))
    hyp /= np.linalg.norm(hyp, axis=1, keepdims=True)
    ref /= np.linalg.norm(ref, axis=1, keepdims=True)
    precision, recall, f1 = token_match(hyp, ref)
    assert -1.0 - 1e-6 <= min(precision, recall) <= max(precision, recall) <= 1.0 + 1e-6
    assert token_match(ref, hyp)[2] == pytest.approx(f1)


@pytest.mark.slow
def test_english_encoder_separates_paraphrase_from_unrelated() -> None:
    from qa.fidelity.encode.embed import english_encoder

    encoder = english_encoder()
    vectors = encoder.encode(
        [
            "The council voted to build a new bridge.",
            "A new bridge will be built, the council decided.",
            "Heavy snow closed the mountain passes.",
            "",
        ]
    )
    assert np.allclose(np.linalg.norm(vectors[:3], axis=1), 1.0, atol=1e-4)
    assert vectors[0] @ vectors[1] > 0.7
    assert vectors[0] @ vectors[2] < 0.3
    tokens = encoder.token_embeddings(["The council voted.", "The council voted."])
    assert token_match(tokens[0], tokens[1])[2] == pytest.approx(1.0, abs=1e-3)
    assert "sha256:53aa51172d14" in encoder.signature


@pytest.mark.slow
def test_cross_lingual_encoder_matches_translations() -> None:
    from qa.fidelity.encode.embed import cross_lingual_encoder

    encoder = cross_lingual_encoder()
    english, russian, other = encoder.encode(
        [
            "The council voted to build a new bridge.",
            "Совет проголосовал за строительство нового моста.",
            "Heavy snow closed the mountain passes.",
        ]
    )
    assert english @ russian > 0.6
    assert english @ other < 0.3
    assert not encoder.encode([""]).any()


@pytest.mark.slow
def test_model_alignment_pairs_translation_sentences_with_the_source() -> None:
    from fidelity_texts import FAITHFUL, SOURCE_RU, aligned_document

    doc = aligned_document(FAITHFUL, None, SOURCE_RU, use_model=True)
    assert doc.src_alignment is not None
    pairs = [(p.hyp, p.other) for p in doc.src_alignment.pairs]
    assert pairs == [((i,), (i,)) for i in range(7)]


def test_batches_hold_one_length_each_shortest_first_within_the_token_budget() -> None:
    sequences = [[7, 7, 7], [7], [7, 7, 7], [7, 7, 7], [7], [7] * 9]
    assert list(equal_length_batches(sequences, 6)) == [(1, [1, 4]), (3, [0, 2]), (3, [3]), (9, [5])]


@pytest.mark.slow
def test_a_sentence_gets_the_same_vectors_whatever_its_batch() -> None:
    """Scores must not move with the other documents of a batch (or with --jobs)."""
    sentences = [
        "The mayor opened the new library on Tuesday.",
        "Rain is expected over the weekend.",
        "The mayor opened the new library on Monday.",
        "Shares in the company fell by four percent after the report.",
        "",
    ]
    # int8 (the default): bit for bit, on any number of threads; fp32 GEMMs split work by shape
    for quantize in (True, False):
        encoder = EnglishEncoder(quantize=quantize)
        together = encoder._forward(sentences)
        for index, sentence in enumerate(sentences):
            alone = encoder._forward([sentence])[0]
            for got, expected in zip(alone, together[index], strict=True):
                if quantize:
                    assert np.array_equal(got, expected)
                else:
                    assert np.allclose(got, expected, atol=1e-3)  # token rows are float16


@pytest.mark.slow
def test_int8_encoder_stays_close_to_fp32_and_says_so() -> None:
    sentences = ["The council voted to build a new bridge.", "Heavy snow closed the mountain passes."]
    int8, fp32 = EnglishEncoder(quantize=True), EnglishEncoder(quantize=False)
    assert (int8.encode(sentences) * fp32.encode(sentences)).sum(axis=1).min() > 0.98
    assert int8.signature.endswith("|int8rows") and fp32.signature.endswith("|fp32")
