"""Monotonic sentence alignment of the hypothesis with a reference, source or pivot.

A dynamic programme over the two sentence lists allows 1-1, 1-2, 2-1 matches and
unmatched sentences on either side (1-0, 0-1), maximising the summed similarity gain.
The similarity is pluggable: character-trigram Dice for English against English (no model
needed), embeddings for cross-lingual pairs where the fidelity stage provides them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from anyascii import anyascii

from qa.document import AlignedPair, Alignment, Sentence, Text

# (hyp sentence indices, other sentence indices) -> similarity in [0, 1]
Similarity = Callable[[tuple[int, ...], tuple[int, ...]], float]

MOVES: tuple[tuple[int, int], ...] = ((1, 1), (1, 2), (2, 1), (1, 0), (0, 1))
MERGE_PENALTY = 0.05
ALIGN_CELLS = 1_000_000  # dynamic-programme cells one alignment may visit (see `align_sentences`)


def trigram_profile(text: str) -> frozenset[str]:
    padded = f"  {text.lower()}  "
    return frozenset([padded[i : i + 3] for i in range(len(padded) - 2)])


# A sentence group as the model-free similarities read it: its feature set (trigrams or
# anchors), that set's size, its characters.
_Group = tuple[frozenset[str], int, int]


def _groups(
    sentences: list[Sentence], features: Callable[[str], frozenset[str]]
) -> tuple[list[_Group], Callable[[tuple[int, ...]], _Group]]:
    """Each sentence's group, and the group of several sentences (their unions, made once)."""
    single: list[_Group] = []
    for sentence in sentences:
        found = features(sentence.text)
        single.append((found, len(found), len(sentence.text)))
    merged: dict[tuple[int, ...], _Group] = {}

    def group(ids: tuple[int, ...]) -> _Group:
        if len(ids) == 1:
            return single[ids[0]]
        found = merged.get(ids)
        if found is None:
            union = frozenset().union(*(single[i][0] for i in ids))
            found = merged[ids] = (union, len(union), sum(single[i][2] for i in ids))
        return found

    return single, group


def lexical_similarity(hyp: Text, other: Text) -> Similarity:
    """Dice overlap of character-trigram sets, damped by the length ratio.

    Trigrams are robust to inflection and small spelling changes; sets (not multisets) with
    unions made once per candidate group keep the alignment's inner loop in C. A set ignores
    repeated trigrams, so the square root of the length ratio (the Gale-Church cue) tells a
    sentence from the two-sentence group that really matches a longer sentence.
    """
    hyp_single, hyp_group = _groups(hyp.sentences, trigram_profile)
    other_single, other_group = _groups(other.sentences, trigram_profile)

    def similarity(hyp_ids: tuple[int, ...], other_ids: tuple[int, ...]) -> float:
        left = hyp_single[hyp_ids[0]] if len(hyp_ids) == 1 else hyp_group(hyp_ids)
        right = other_single[other_ids[0]] if len(other_ids) == 1 else other_group(other_ids)
        total = left[1] + right[1]
        if not total:
            return 0.0
        hyp_length, other_length = left[2], right[2]
        longer = hyp_length if hyp_length > other_length else other_length
        ratio = (other_length if hyp_length > other_length else hyp_length) / (longer if longer > 1 else 1)
        return 2 * len(left[0] & right[0]) / total * ratio**0.5

    return similarity


def align_sentences(
    n_hyp: int, n_other: int, similarity: Similarity, threshold: float, band: int | None = None
) -> list[AlignedPair]:
    """Best monotonic alignment: a match gains `similarity - threshold`, a skip gains 0."""
    if band is None:
        band = max(12, abs(n_hyp - n_other) + 8)
        # a cap that only texts of thousands of sentences meet: their alignment then keeps to
        # ALIGN_CELLS cells instead of growing with the product of the two lengths
        band = min(band, max(12, ALIGN_CELLS // (2 * (n_hyp + 1))))
    neg = float("-inf")
    # Only the cells within `band` of the diagonal are visited, and only the cells reached are
    # stored (a dict per row): time and memory grow with n_hyp * band, not n_hyp * n_other
    # (two texts of 20,000 one-line sentences each needed 6.5 GB and minutes).
    best: list[dict[int, float]] = [{} for _ in range(n_hyp + 1)]
    back: list[dict[int, tuple[int, int, float]]] = [{} for _ in range(n_hyp + 1)]
    best[0][0] = 0.0
    ratio = n_other / n_hyp if n_hyp else 1.0
    # The moves with their index tuples and penalties, worked out once rather than per cell.
    singles = [(k,) for k in range(max(n_hyp, n_other) + 1)]
    pairs = [(k, k + 1) for k in range(max(n_hyp, n_other) + 1)]
    for i in range(n_hyp + 1):
        row = best[i]
        centre = i * ratio
        # a column or two either side of the band's edges: the test below decides, as it did
        # when every column was visited
        first, last = max(0, math.floor(centre - band) - 1), min(n_other, math.ceil(centre + band) + 1)
        for j in range(first, last + 1):
            here = row.get(j, neg)
            if here == neg or abs(centre - j) > band:
                continue
            for di, dj in MOVES:
                ni, nj = i + di, j + dj
                if ni > n_hyp or nj > n_other:
                    continue
                if di and dj:
                    sim = similarity(singles[i] if di == 1 else pairs[i], singles[j] if dj == 1 else pairs[j])
                    gain = sim - threshold - (MERGE_PENALTY if di + dj > 2 else 0.0)
                else:
                    sim, gain = 0.0, 0.0
                if here + gain > best[ni].get(nj, neg):
                    best[ni][nj] = here + gain
                    back[ni][nj] = (i, j, sim)
    pairs: list[AlignedPair] = []
    i, j = n_hyp, n_other
    while (i, j) != (0, 0):
        step = back[i].get(j)
        if step is None:  # unreachable cell: fall back to a plain diagonal walk
            raise RuntimeError("alignment band too narrow")
        pi, pj, sim = step
        pairs.append(AlignedPair(tuple(range(pi, i)), tuple(range(pj, j)), round(sim, 6)))
        i, j = pi, pj
    pairs.reverse()
    return pairs


def align(hyp: Text, other: Text, similarity: Similarity | None = None, threshold: float = 0.3) -> Alignment:
    """Align `hyp` with `other`; lexical similarity unless another is given."""
    sim = similarity or lexical_similarity(hyp, other)
    n_hyp, n_other = len(hyp.sentences), len(other.sentences)
    try:
        pairs = align_sentences(n_hyp, n_other, sim, threshold)
    except RuntimeError:
        pairs = align_sentences(n_hyp, n_other, sim, threshold, band=max(n_hyp, n_other) + 1)
    return Alignment(other=other, pairs=pairs)


def matched(pairs: Sequence[AlignedPair]) -> list[AlignedPair]:
    """Only the pairs with sentences on both sides."""
    return [p for p in pairs if p.hyp and p.other]


_ANCHOR = re.compile(r"\d+(?:[.,]\d+)?|[A-Za-z][A-Za-z-]{2,}")


# A capitalised word of four letters or more, Latin or Cyrillic: a name, usually.
_NAME_WORD = re.compile(r"\b[A-ZА-ЯЁ][a-zа-яё]{3,}")


def _name_stems(text: str) -> frozenset[str]:
    """The first four letters of each capitalised word, Cyrillic ones romanised ("Беглова" and
    "Beglov" both give "begl"): a name survives translation where its case ending does not."""
    return frozenset(_stem(word) for word in _NAME_WORD.findall(text))


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return (anyascii(word[:6]) if not word.isascii() else word)[:4].lower()


def _anchors(text: str) -> frozenset[str]:
    return frozenset(_ANCHOR.findall(text.lower()))


def _anchors_and_names(text: str) -> frozenset[str]:
    """`_anchors` with the text's name stems (marked, so "begl" is not the word "begl")."""
    return _anchors(text) | {f"~{stem}" for stem in _name_stems(text)}


def anchor_similarity(hyp: Text, other: Text) -> Similarity:
    """Cross-lingual similarity without a model: shared digits, Latin words and name stems,
    length ratio.

    Weak on its own; the neural stage replaces it with encoder similarity when models run.
    """
    # Name stems only between two alphabetic texts: against Chinese they could never match and
    # would only dilute the shared digits.
    features = _anchors_and_names if _NAME_WORD.search(other.content) else _anchors
    hyp_single, hyp_group = _groups(hyp.sentences, features)
    other_single, other_group = _groups(other.sentences, features)
    # a group's share of its text's characters
    hyp_total = sum(group[2] for group in hyp_single) or 1
    other_total = sum(group[2] for group in other_single) or 1

    def similarity(hyp_ids: tuple[int, ...], other_ids: tuple[int, ...]) -> float:
        left = hyp_single[hyp_ids[0]] if len(hyp_ids) == 1 else hyp_group(hyp_ids)
        right = other_single[other_ids[0]] if len(other_ids) == 1 else other_group(other_ids)
        share_hyp, share_other = left[2] / hyp_total, right[2] / other_total
        length = min(share_hyp, share_other) / max(share_hyp, share_other, 1e-9)
        if left[1] or right[1]:
            overlap = 2 * len(left[0] & right[0]) / (left[1] + right[1])
            return 0.5 * length + 0.5 * overlap
        return 0.8 * length

    return similarity


def shares_anchor(left: str, right: str) -> bool:
    """Whether two texts share a number, a Latin word or a name: evidence a model-free
    cross-lingual match is real and not a pairing of two sentences of similar length."""
    return bool(_anchors_and_names(left) & _anchors_and_names(right))


def _calibrated(cosine: float, floor: float, span: float) -> float:
    """Map an encoder cosine onto [0, 1] so that `align`'s 0.3 threshold means "related"."""
    return min(1.0, max(0.0, (cosine - floor) / span))


def embedding_similarity(hyp: Text, other: Text, model: str = "english") -> Similarity:
    """Encoder cosine of (merged) sentences: MiniLM for English-English, USE across languages.

    A merge (1-2, 2-1) is embedded as the length-weighted sum of its sentences' vectors, which
    approximates mean pooling over the joined text without running the encoder again inside
    the dynamic programme.
    """
    import numpy as np

    from qa.fidelity.encode.embed import cross_lingual_encoder, english_encoder

    encoder = english_encoder() if model == "english" else cross_lingual_encoder()
    hyp_vectors = encoder.encode([s.text for s in hyp.sentences])
    other_vectors = encoder.encode([s.text for s in other.sentences])
    hyp_weights = [max(1, len(s.text)) for s in hyp.sentences]
    other_weights = [max(1, len(s.text)) for s in other.sentences]
    # English pairs: related sentences sit above cosine ~0.45 with MiniLM; USE across languages
    # puts translations at 0.6-0.85 and unrelated text near 0.
    floor, span = (0.25, 0.6) if model == "english" else (0.2, 0.6)

    # every 1-1 cosine in one product; merged groups pooled once each, when the DP asks
    single = (hyp_vectors @ other_vectors.T).tolist() if len(hyp_vectors) and len(other_vectors) else []
    merged: dict[tuple[int, tuple[int, ...]], np.ndarray] = {}

    def pooled(side: int, ids: tuple[int, ...]) -> np.ndarray:
        vectors, weights = (hyp_vectors, hyp_weights) if side == 0 else (other_vectors, other_weights)
        if len(ids) == 1:
            return vectors[ids[0]]
        key = (side, ids)
        if key not in merged:
            total = sum(vectors[i] * weights[i] for i in ids)
            norm = float(np.linalg.norm(total))
            merged[key] = total / norm if norm else total
        return merged[key]

    def similarity(hyp_ids: tuple[int, ...], other_ids: tuple[int, ...]) -> float:
        if len(hyp_ids) == 1 and len(other_ids) == 1:
            return _calibrated(single[hyp_ids[0]][other_ids[0]], floor, span)
        return _calibrated(float(pooled(0, hyp_ids) @ pooled(1, other_ids)), floor, span)

    return similarity


def similarity_for(hyp: Text, other: Text, use_model: bool = False) -> Similarity:
    """The best available similarity for this pair of languages.

    Without a model: character-trigram Dice (same language) or shared anchors (numbers, Latin
    words) across languages. With a model: the mean of trigram Dice and calibrated MiniLM cosine
    for English-English (spelling and meaning both count), and 0.8 calibrated USE cosine +
    0.2 anchors across languages.
    """
    if not use_model:
        if hyp.lang == other.lang:
            return lexical_similarity(hyp, other)
        return anchor_similarity(hyp, other)
    if hyp.lang == other.lang:
        lexical = lexical_similarity(hyp, other)
        neural = embedding_similarity(hyp, other, "english" if hyp.lang == "en" else "multilingual")
        return lambda h, o: 0.5 * lexical(h, o) + 0.5 * neural(h, o)
    anchors = anchor_similarity(hyp, other)
    cross = embedding_similarity(hyp, other, "multilingual")
    return lambda h, o: 0.8 * cross(h, o) + 0.2 * anchors(h, o)
