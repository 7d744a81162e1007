"""The fidelity estimator: (source, hypothesis, reference when present) -> sentence score.

One model for three modes (reference + source, reference only, source only), on one scale:
it was trained with the reference or the source dropped at random
(`bench/fidelity_train_estimator.py`), so a missing side is simply zeros plus a flag.

The flow, per segment:
1. encode  hypothesis, reference and source with multilingual-e5-small
   (`qa.fidelity.encode.e5`): a sentence vector and token states each;
2. features  (`segment_inputs`): the sentence vectors, and per present side (reference,
   source) the cosine, BERTScore-style greedy token matching (precision, recall, F1, and
   the share of hypothesis / other-side tokens whose best match is weak), the number and
   capitalised-word mismatches and the length ratio; chrF and BLEU against the reference;
   the hypothesis' share of untranslated script;
3. head  a small MLP (`Head`, numpy at run time) over the COMET combination
   [h; r; s; |h-r|; |h-s|; h*r; h*s] and those features, predicting a z-scored human
   judgment (MQM or DA), trained with a ranking loss within each source segment's
   translations;
   then a length level (`Head.apply_level`): a function of the reference's (source's)
   length, the same for every translation of one sentence, so it places sentences against
   each other without changing how one sentence's translations rank;
4. score  `100 * sigmoid(a + b * z)`, a calibration fitted on the training years'
   MQM: roughly the chance (in %) that the sentence carries no major error.

Guards that hold whatever the head says: an empty hypothesis scores 0, and the share of the
hypothesis left in Cyrillic or CJK script scales the score down (a copied source is close to
its source in any multilingual space). With neither reference nor source there is no score
(None).

The head's weights are `qa/data/fidelity/estimator.npz` (plain arrays, read without pickle);
its sha256 and the encoder file's are in the signature.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from qa.fidelity.features import capitalised_mismatch, foreign_script_ratio

ESTIMATOR_PATH = Path(__file__).resolve().parents[1] / "data" / "fidelity" / "estimator.npz"
ESTIMATOR_VERSION = "est-2"
DIM = 384
# weak-match cut-offs: e5 token cosines sit high (on newstest2021 the median best match of a
# hypothesis token is 0.95 with the reference, 0.81 with the source)
THRESHOLDS = (0.75, 0.8, 0.85, 0.9, 0.95)
SIDE_FEATURES: tuple[str, ...] = (
    "cos",
    "bs_p",
    "bs_r",
    "bs_f",
    *(f"weak_h{int(t * 100)}" for t in THRESHOLDS),
    *(f"weak_o{int(t * 100)}" for t in THRESHOLDS),
    "num_miss",
    "num_extra",
    "len_ratio",
    "len_gap",
    "len",
)
REF_ONLY_FEATURES: tuple[str, ...] = ("chrf", "bleu", "cap_miss", "cap_extra", "cap_lost")
# `src_cjk` (share of CJK characters in the source; 0 without one) is named like a source
# feature so that masking the source clears it
COMMON_FEATURES: tuple[str, ...] = ("has_ref", "has_src", "hyp_len", "src_script", "empty", "src_cjk")
SCALAR_NAMES: tuple[str, ...] = (
    *COMMON_FEATURES,
    *(f"ref_{n}" for n in SIDE_FEATURES + REF_ONLY_FEATURES),
    *(f"src_{n}" for n in SIDE_FEATURES),
)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff]")
_WORD_CHAR = re.compile(r"\w")


@dataclass(frozen=True)
class Encoded:
    """One text through the encoder: sentence vector (384,) and token states (n, 384)."""

    vector: np.ndarray
    tokens: np.ndarray


def numbers(text: str) -> set[str]:
    """Digit sequences with separators dropped ("1,250" and "1250" are one number)."""
    return {re.sub(r"[.,]", "", n) if "," in n else n for n in _NUMBER.findall(text)}


def cjk_share(text: str) -> float:
    """Share of a text's word characters that are CJK: tells a Chinese source from a Russian one."""
    letters = len(_WORD_CHAR.findall(text))
    return len(_CJK.findall(text)) / letters if letters else 0.0


def weighted_length(text: str) -> float:
    """Characters, a CJK one counted three times (it carries about three Latin ones)."""
    return float(len(text) + 2 * len(_CJK.findall(text)))


def side_features(hyp: str, other: str, h: Encoded, o: Encoded) -> dict[str, float]:
    """Hypothesis against one other side (reference or source)."""
    out: dict[str, float] = {"cos": float(np.dot(h.vector, o.vector))}
    if len(h.tokens) and len(o.tokens):
        sims = h.tokens.astype(np.float32) @ o.tokens.astype(np.float32).T
        best_h, best_o = sims.max(axis=1), sims.max(axis=0)
        precision, recall = float(best_h.mean()), float(best_o.mean())
    else:
        best_h, best_o = np.zeros(len(h.tokens)), np.zeros(len(o.tokens))
        precision = recall = 0.0
    out["bs_p"], out["bs_r"] = precision, recall
    out["bs_f"] = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
    for t in THRESHOLDS:
        out[f"weak_h{int(t * 100)}"] = float((best_h < t).mean()) if len(best_h) else 1.0
        out[f"weak_o{int(t * 100)}"] = float((best_o < t).mean()) if len(best_o) else 1.0
    hyp_numbers, other_numbers = numbers(hyp), numbers(other)
    out["num_miss"] = float(len(other_numbers - hyp_numbers))
    out["num_extra"] = float(len(hyp_numbers - other_numbers))
    ratio = math.log((weighted_length(hyp) + 1) / (weighted_length(other) + 1))
    out["len_ratio"], out["len_gap"] = ratio, abs(ratio)
    out["len"] = math.log1p(weighted_length(other))
    return out


def scalar_features(
    hyp: str, ref: str | None, src: str | None, h: Encoded, r: Encoded | None, s: Encoded | None
) -> np.ndarray:
    """The scalar inputs (`SCALAR_NAMES`), zeros for an absent side."""
    from qa.fidelity.features import _sentence_metrics

    empty = not _WORD_CHAR.search(hyp)
    row = dict.fromkeys(SCALAR_NAMES, 0.0)
    row["has_ref"], row["has_src"] = float(ref is not None), float(src is not None)
    row["hyp_len"] = math.log1p(len(hyp))
    row["src_script"] = foreign_script_ratio(hyp)
    row["empty"] = float(empty)
    if ref is not None and r is not None:
        row.update({f"ref_{k}": v for k, v in side_features(hyp, ref, h, r).items()})
        chrf, bleu = _sentence_metrics()
        row["ref_chrf"] = chrf.sentence_score(hyp, [ref]).score / 100
        row["ref_bleu"] = bleu.sentence_score(hyp, [ref]).score / 100
        row.update({f"ref_{k}": v for k, v in capitalised_mismatch(hyp, ref).items()})
    if src is not None and s is not None:
        row.update({f"src_{k}": v for k, v in side_features(hyp, src, h, s).items()})
        row["src_cjk"] = cjk_share(src)
    return np.array([row[name] for name in SCALAR_NAMES], dtype=np.float32)


def vector_inputs(h: Encoded, r: Encoded | None, s: Encoded | None) -> np.ndarray:
    """[h; r; s; |h-r|; |h-s|; h*r; h*s], zeros for an absent side (COMET's combination)."""
    hv = h.vector.astype(np.float32)
    rv = r.vector.astype(np.float32) if r is not None else np.zeros(DIM, np.float32)
    sv = s.vector.astype(np.float32) if s is not None else np.zeros(DIM, np.float32)
    has_r, has_s = float(r is not None), float(s is not None)
    return np.concatenate([hv, rv, sv, np.abs(hv - rv) * has_r, np.abs(hv - sv) * has_s, hv * rv, hv * sv])


def mask_mode(
    vectors: np.ndarray, scalars: np.ndarray, has_ref: bool, has_src: bool
) -> tuple[np.ndarray, np.ndarray]:
    """Inputs computed with both sides, reduced to what a run with only some sides computes
    (training drops sides this way; the equality is tested)."""
    vectors, scalars = vectors.copy(), scalars.copy()
    ref_cols = [i for i, n in enumerate(SCALAR_NAMES) if n.startswith("ref_")]
    src_cols = [i for i, n in enumerate(SCALAR_NAMES) if n.startswith("src_")]
    if not has_ref:
        vectors[..., DIM : 2 * DIM] = 0
        vectors[..., 3 * DIM : 4 * DIM] = 0
        vectors[..., 5 * DIM : 6 * DIM] = 0
        scalars[..., ref_cols] = 0
        scalars[..., SCALAR_NAMES.index("has_ref")] = 0
    if not has_src:
        vectors[..., 2 * DIM : 3 * DIM] = 0
        vectors[..., 4 * DIM : 5 * DIM] = 0
        vectors[..., 6 * DIM : 7 * DIM] = 0
        scalars[..., src_cols] = 0
        scalars[..., SCALAR_NAMES.index("has_src")] = 0
    return vectors, scalars


@dataclass(frozen=True, eq=False)
class Head:
    """Standardise the scalars, concatenate with the vector inputs, tanh MLP -> z; then the
    calibration to 0-100."""

    scalar_mean: np.ndarray
    scalar_std: np.ndarray
    use_vectors: bool
    weights: tuple[np.ndarray, ...]
    biases: tuple[np.ndarray, ...]
    calibration: tuple[float, float]  # a, b of 100 * sigmoid(a + b * z)
    # per mode (ref+src, ref, src): (scale, c0, c1, c2, d0, d1, d2) of
    # z = scale * net + c0 + c1 L + c2 L^2 + cjk * (d0 + d1 L + d2 L^2), L = log(1 + weighted
    # length) of the reference (of the source without one), cjk = `src_cjk`; see `apply_level`
    level: np.ndarray = field(default_factory=lambda: np.tile([1.0] + [0.0] * 6, (3, 1)))
    # sentence score below which F101 fires, per mode (ref+src, ref, src), chosen on the
    # training years so that it fires on 3% of MQM-error-free segments
    f101_lines: tuple[float, float, float] = (50.0, 50.0, 50.0)
    sha256: str = ""

    def predict(self, vectors: np.ndarray, scalars: np.ndarray) -> np.ndarray:
        x = (scalars - self.scalar_mean) / self.scalar_std
        if self.use_vectors:
            x = np.concatenate([vectors, x], axis=1)
        for index, (weight, bias) in enumerate(zip(self.weights, self.biases, strict=True)):
            x = x @ weight + bias
            if index < len(self.weights) - 1:
                x = np.tanh(x)
        return self.apply_level(x[:, 0], scalars)

    def apply_level(self, net: np.ndarray, scalars: np.ndarray) -> np.ndarray:
        """The network's output rescaled and shifted by a function of the length of what the
        hypothesis is compared with (the reference, else the source).

        The network is trained mostly to rank the translations of one source segment; that
        length is the same for all of them, so this term leaves their order alone and only
        places segments against each other: MQM counts errors, and on the training years a
        longer zh-en segment carries more, while ru-en DA shows no such trend; the source's
        script tells the two apart (fitted there, `bench/fidelity_train_estimator.py`)."""
        has_ref = scalars[:, SCALAR_NAMES.index("has_ref")] > 0
        has_src = scalars[:, SCALAR_NAMES.index("has_src")] > 0
        length = np.where(
            has_ref, scalars[:, SCALAR_NAMES.index("ref_len")], scalars[:, SCALAR_NAMES.index("src_len")]
        )
        mode = np.where(has_ref & has_src, 0, np.where(has_ref, 1, 2))
        scale, c0, c1, c2, d0, d1, d2 = (self.level[mode, k] for k in range(7))
        cjk = scalars[:, SCALAR_NAMES.index("src_cjk")]
        shift = c0 + c1 * length + c2 * length * length + cjk * (d0 + d1 * length + d2 * length * length)
        return (scale * net + shift).astype(np.float32)

    def f101_line(self, has_ref: bool, has_src: bool) -> float:
        """The F101 line for what the sentence was compared with."""
        return self.f101_lines[0 if has_ref and has_src else 1 if has_ref else 2]

    def to_score(self, z: np.ndarray) -> np.ndarray:
        a, b = self.calibration
        return 100.0 / (1.0 + np.exp(-(a + b * z)))


def head_arrays(head: Head) -> dict[str, np.ndarray]:
    arrays = {
        "scalar_mean": head.scalar_mean,
        "scalar_std": head.scalar_std,
        "use_vectors": np.array(head.use_vectors),
        "calibration": np.array(head.calibration, dtype=np.float64),
        "f101_lines": np.array(head.f101_lines),
        "level": np.asarray(head.level, dtype=np.float64),
        "scalar_names": np.array(SCALAR_NAMES),
    }
    for index, (weight, bias) in enumerate(zip(head.weights, head.biases, strict=True)):
        arrays[f"w{index}"], arrays[f"b{index}"] = weight, bias
    return arrays


def head_from_file(path: Path) -> Head:
    """Read the head (no pickle); refuses a file written for other features."""
    import io

    raw = path.read_bytes()
    with np.load(io.BytesIO(raw), allow_pickle=False) as data:
        if tuple(str(n) for n in data["scalar_names"]) != SCALAR_NAMES:
            raise ValueError(f"{path.name} was trained on other features")
        layers = sum(1 for k in data.files if k.startswith("w"))
        return Head(
            scalar_mean=data["scalar_mean"].astype(np.float32),
            scalar_std=data["scalar_std"].astype(np.float32),
            use_vectors=bool(data["use_vectors"]),
            weights=tuple(data[f"w{i}"].astype(np.float32) for i in range(layers)),
            biases=tuple(data[f"b{i}"].astype(np.float32) for i in range(layers)),
            calibration=tuple(float(v) for v in data["calibration"]),  # type: ignore[arg-type]
            f101_lines=tuple(float(v) for v in data["f101_lines"]),  # type: ignore[arg-type]
            level=data["level"].astype(np.float64),
            sha256=hashlib.sha256(raw).hexdigest(),
        )


@lru_cache(maxsize=1)
def load_head() -> Head:
    return head_from_file(ESTIMATOR_PATH)


def estimator_available() -> bool:
    """Whether runs score fidelity with the estimator: opt-in (QA_FIDELITY=estimator) while it
    trails the default model on system accuracy, F101 false alarms and speed (bench/RESULTS.md)."""
    return os.environ.get("QA_FIDELITY", "") == "estimator" and ESTIMATOR_PATH.is_file()


@dataclass(frozen=True)
class Triple:
    """One segment to score: hypothesis, and reference and/or source (None when absent)."""

    hyp: str
    ref: str | None
    src: str | None


def signature(head: Head | None = None) -> str:
    from qa.fidelity.encode.e5 import multilingual_encoder

    head = head or load_head()
    return f"fidelity:{ESTIMATOR_VERSION}|head-sha256:{head.sha256[:12]}|{multilingual_encoder().signature}"


def segment_inputs(triples: Sequence[Triple], encoded: dict[str, Encoded]) -> tuple[np.ndarray, np.ndarray]:
    """(vector inputs, scalar inputs) per triple, from texts already encoded.

    BLAS is held to one thread: the token products are tiny, and on a busy machine waking
    BLAS threads made each take ~15 ms instead of ~20 us."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        return _segment_inputs(triples, encoded)


def _segment_inputs(triples: Sequence[Triple], encoded: dict[str, Encoded]) -> tuple[np.ndarray, np.ndarray]:
    vectors, scalars = [], []
    for t in triples:
        h = encoded[t.hyp]
        r = encoded[t.ref] if t.ref is not None else None
        s = encoded[t.src] if t.src is not None else None
        vectors.append(vector_inputs(h, r, s))
        scalars.append(scalar_features(t.hyp, t.ref, t.src, h, r, s))
    return np.stack(vectors), np.stack(scalars)


def score_triples(triples: Sequence[Triple], head: Head | None = None) -> list[float | None]:
    """0-100 per triple; None where neither reference nor source is given."""
    head = head or load_head()
    scorable, z, _ = estimate_triples(triples, head)
    return calibrated(triples, scorable, z, head)


def calibrated(
    triples: Sequence[Triple], scorable: list[int], z: np.ndarray, head: Head
) -> list[float | None]:
    """0-100 per triple from the head's z of the scorable ones (`estimate_triples`, or a
    combination of it), calibrated and guarded; None for the others."""
    out: list[float | None] = [None] * len(triples)
    if not scorable:
        return out
    scores = apply_guards(head.to_score(z), [triples[i] for i in scorable])
    for i, score in zip(scorable, scores, strict=True):
        out[i] = float(score)
    return out


def estimate_triples(
    triples: Sequence[Triple], head: Head | None = None
) -> tuple[list[int], np.ndarray, np.ndarray]:
    """(indices of the scorable triples, the head's z for them, their scalar inputs): the
    uncalibrated readout, for `qa.fidelity.combine` to mix with other scores."""
    from qa.fidelity.encode.e5 import multilingual_encoder

    head = head or load_head()
    scorable = [i for i, t in enumerate(triples) if t.ref is not None or t.src is not None]
    if not scorable:
        return [], np.zeros(0, np.float32), np.zeros((0, len(SCALAR_NAMES)), np.float32)
    texts = sorted(
        {x for i in scorable for x in (triples[i].hyp, triples[i].ref, triples[i].src) if x is not None}
    )
    encoder = multilingual_encoder()
    encoded = {text: Encoded(v, tok) for text, (v, tok) in zip(texts, encoder.encode(texts), strict=True)}
    chosen = [triples[i] for i in scorable]
    vectors, scalars = segment_inputs(chosen, encoded)
    return scorable, head.predict(vectors, scalars), scalars


def apply_guards(scores: np.ndarray, triples: Sequence[Triple]) -> np.ndarray:
    """Empty hypothesis -> 0; untranslated (source-script) share scales the score down."""
    scores = scores.copy()
    for index, t in enumerate(triples):
        if not _WORD_CHAR.search(t.hyp):
            scores[index] = 0.0
        scores[index] *= 1.0 - min(1.0, foreign_script_ratio(t.hyp))
    return scores
