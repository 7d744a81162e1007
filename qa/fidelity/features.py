"""Per-segment features of the learned fidelity score, shared by the runtime and training.

One function computes them for a list of (hypothesis, references, source) triples, so the
benchmark trains on exactly what the checker computes. Features:

- `cos_ref`   MiniLM sentence cosine, hypothesis vs reference (best reference)
- `bs_p`, `bs_r`, `bs_f`   BERTScore-style greedy token matching with MiniLM token vectors
- `tok_extra`, `tok_lost`   word pieces of hypothesis / reference whose best match on the other
  side is below cosine 0.6: counts, like the MQM errors they stand for
- `use_ref`   USE cosine, hypothesis vs reference
- `use_src`   USE cosine, hypothesis vs source (cross-lingual); absent without a source
- `chrf`, `bleu`   sacrebleu sentence scores / 100 (TER is left out: sacrebleu's sentence
  TER takes 0.2-1.5 s on a 60-word news sentence, far too slow for the speed target)
- `len_ratio`, `len_gap`   log character-length ratio hypothesis/reference, and its size
- `hyp_len`, `ref_len`   log(1 + characters) of the hypothesis and the (longest) reference
- `src_len`   log(1 + characters) of the source, CJK characters counted 3 times (a Chinese
  character carries about as much as 3 Latin or Cyrillic ones), so Russian and Chinese
  sources sit on one scale
- `cap_miss`, `cap_extra`, `cap_lost`   capitalised words (names, places, organisations) in
  one of hypothesis and reference but not the other: count, and shares of each side's set;
  zh-en MQM raters mark wrong names as major errors, and chrF barely sees a one-letter slip
- `src_script`   share of the hypothesis' letters in Cyrillic or CJK script (untranslated text)
- `empty`   the hypothesis has no letters or digits
- `tok_h0`..`tok_h6`, `tok_r0`..`tok_r6`   histogram of the word pieces of hypothesis / reference
  by their best cosine on the other side (bins at 0.4, 0.5, ..., 0.9): how many words are
  missing or wrong, and how badly, where `tok_extra`/`tok_lost` only count below 0.6
- `tok_err_sum`, `tok_err_mean`, `tok_err_max`   a learned token head (`TokenHead`, weights in
  the model file) reads each hypothesis word piece's vector and best cosine and predicts the
  MQM error weight that human raters put on it (trained on the error spans of
  newstest2020/2021): total, mean and largest over the hypothesis. It reuses the token
  vectors the BERTScore features already need: no extra encoder pass

Lengths are features because the target, an MQM score, is a count of weighted errors: a
long sentence collects more of them (on WMT22 zh-en, length alone has Kendall 0.24 with
MQM). The document score divides that back out by averaging over sentences.

`src_script` and `empty` are what stop a copied source from looking faithful: the
cross-lingual cosine of a copied source with itself is 1.0.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from qa.fidelity.head import TokenHead

FEATURE_VERSION = "f7"
# what the cached embedding columns were computed with (the token columns are computed from
# cached token vectors in bench/); bench caches are keyed on it
EMBEDDING_VERSION = "f6"
SIM_BIN_EDGES: tuple[float, ...] = (0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
TOKEN_HIST_FEATURES: tuple[str, ...] = tuple(
    f"tok_{side}{k}" for side in ("h", "r") for k in range(len(SIM_BIN_EDGES) + 1)
)
TOKEN_HEAD_FEATURES: tuple[str, ...] = ("tok_err_sum", "tok_err_mean", "tok_err_max")
TOKEN_FEATURES: tuple[str, ...] = TOKEN_HIST_FEATURES + TOKEN_HEAD_FEATURES
# features that need no neural model: the lexical fallback uses only these
LEXICAL_FEATURES: tuple[str, ...] = (
    "chrf",
    "bleu",
    "len_ratio",
    "len_gap",
    "src_script",
    "empty",
    "hyp_len",
    "ref_len",
    "cap_miss",
    "cap_extra",
    "cap_lost",
)
REF_FEATURES: tuple[str, ...] = (
    "cos_ref",
    "bs_p",
    "bs_r",
    "bs_f",
    "tok_extra",
    "tok_lost",
    "use_ref",
    *LEXICAL_FEATURES,
    *TOKEN_FEATURES,
)
ALL_FEATURES: tuple[str, ...] = (*REF_FEATURES, "use_src", "src_len")
SRC_FEATURES: tuple[str, ...] = ("use_src", "src_script", "empty", "hyp_len", "src_len")

_FOREIGN_SCRIPT = re.compile(r"[\u0400-\u04ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff]")
_WORD_CHAR = re.compile(r"\w")
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+\b")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff]")


@dataclass(frozen=True)
class Segment:
    """One hypothesis segment with its reference segment(s) and optional source segment."""

    hyp: str
    refs: tuple[str, ...]
    src: str | None = None


def foreign_script_ratio(text: str) -> float:
    """Share of word characters that are Cyrillic, CJK or kana: untranslated source text."""
    letters = len(_WORD_CHAR.findall(text))
    if not letters:
        return 0.0
    return len(_FOREIGN_SCRIPT.findall(text)) / letters


def capitalised_mismatch(hyp: str, ref: str) -> dict[str, float]:
    """Capitalised words on one side only: a cheap proxy for wrong or missing names."""
    hyp_words, ref_words = set(_CAPITALISED.findall(hyp)), set(_CAPITALISED.findall(ref))
    extra, lost = hyp_words - ref_words, ref_words - hyp_words
    return {
        "cap_miss": float(len(extra) + len(lost)),
        "cap_extra": len(extra) / (len(hyp_words) + 1),
        "cap_lost": len(lost) / (len(ref_words) + 1),
    }


@lru_cache(maxsize=1)
def _sentence_metrics() -> tuple[Any, Any]:
    """sacrebleu's sentence chrF and BLEU with the settings of `sacrebleu.sentence_chrf` and
    `sacrebleu.sentence_bleu`, built once (those functions build a new metric on every call)."""
    from qa.metrics.sacre import MemoBLEU, MemoCHRF  # sacrebleu's, each segment's n-grams kept a while

    return MemoCHRF(), MemoBLEU(effective_order=True)


def lexical_features(hyp: str, refs: Sequence[str], src: str | None = None) -> dict[str, float]:
    """The features sacrebleu and string arithmetic give, best over the references."""
    from qa.metrics.sacre import pair_score

    sentence_chrf, sentence_bleu = _sentence_metrics()
    out: dict[str, float] = {
        "src_script": foreign_script_ratio(hyp),
        "empty": 0.0 if _WORD_CHAR.search(hyp) else 1.0,
    }
    if not refs:
        refs = ("",)
    chrf = max(pair_score(sentence_chrf, hyp, r) for r in refs) / 100
    bleu = max(pair_score(sentence_bleu, hyp, r) for r in refs) / 100
    ref_len = max(1, max(len(r) for r in refs))
    ratio = math.log((len(hyp) + 1) / (ref_len + 1))
    out.update(chrf=chrf, bleu=bleu, len_ratio=ratio, len_gap=abs(ratio))
    out.update(hyp_len=math.log1p(len(hyp)), ref_len=math.log1p(ref_len))
    out.update(min((capitalised_mismatch(hyp, r) for r in refs), key=lambda d: d["cap_miss"]))
    if src is not None:
        cjk = len(_CJK.findall(src))
        out["src_len"] = math.log1p(len(src) + 2 * cjk)
    return out


def token_head_inputs(hyp_tokens: np.ndarray, best_cosine: np.ndarray) -> np.ndarray:
    """Per hypothesis word piece: its vector and functions of its best cosine to the reference."""
    cosine = best_cosine.astype(np.float32)[:, None]
    extra = np.hstack([cosine, cosine * cosine, cosine < 0.6, cosine < 0.8]).astype(np.float32)
    return np.hstack([hyp_tokens.astype(np.float32), extra])


def token_features(
    hyp_tokens: np.ndarray, ref_tokens: np.ndarray, head: TokenHead | None
) -> dict[str, float]:
    """Histogram and learned-head features from the hypothesis x reference token cosines.

    Shared by the checker and the training script, which feeds it the same cached vectors."""
    bins = len(SIM_BIN_EDGES) + 1
    out = dict.fromkeys(TOKEN_FEATURES, 0.0)
    if len(hyp_tokens) == 0 or len(ref_tokens) == 0:
        out["tok_h0"], out["tok_r0"] = float(len(hyp_tokens)), float(len(ref_tokens))
        return out
    hyp_tokens = hyp_tokens.astype(np.float32, copy=False)
    sims = hyp_tokens @ ref_tokens.astype(np.float32, copy=False).T
    best_hyp, best_ref = sims.max(axis=1), sims.max(axis=0)
    edges = np.asarray(SIM_BIN_EDGES, dtype=np.float32)
    for side, best in (("h", best_hyp), ("r", best_ref)):
        counts = np.bincount(np.searchsorted(edges, best, side="right"), minlength=bins)
        out.update({f"tok_{side}{k}": float(counts[k]) for k in range(bins)})
    if head is not None:
        errors = head.predict_pieces(hyp_tokens, best_hyp)
        out["tok_err_sum"] = float(errors.sum())
        out["tok_err_mean"] = float(errors.mean())
        out["tok_err_max"] = float(errors.max())
    return out


_NO_TOKENS = np.zeros((0, 384), dtype=np.float32)


def row_token_features(
    row: dict[str, float], hyp_tokens: np.ndarray, ref_tokens: np.ndarray | None, head: TokenHead | None
) -> dict[str, float]:
    """`token_features` for a segment whose other features are in `row` (an empty hypothesis
    has no tokens to match, whatever its whitespace gave the tokenizer)."""
    hyp = _NO_TOKENS if row["empty"] else hyp_tokens
    return token_features(hyp, _NO_TOKENS if ref_tokens is None else ref_tokens, head)


CHUNK = 256  # segments per encoder round: bounds memory and stays within the token cache


def segment_features(segments: Sequence[Segment], use_model: bool = True) -> list[dict[str, float]]:
    """Feature dicts, one per segment; neural ones only when `use_model`."""
    rows = [lexical_features(s.hyp, s.refs, s.src) for s in segments]
    if not use_model or not segments:
        return rows
    for start in range(0, len(segments), CHUNK):
        _add_neural_features(segments[start : start + CHUNK], rows[start : start + CHUNK])
    return rows


def _add_neural_features(segments: Sequence[Segment], rows: list[dict[str, float]]) -> None:
    """Encoder features for one chunk, written into `rows` in place."""
    from qa.fidelity.encode.embed import cosine_rows, cross_lingual_encoder, english_encoder, token_scores
    from qa.fidelity.head import load_model

    english = english_encoder()
    cross = cross_lingual_encoder()
    hyps = [s.hyp for s in segments]
    all_refs = sorted({r for s in segments for r in s.refs})
    if not all_refs:
        _add_source_features(segments, rows, cross.encode(hyps))
        return
    english_texts = sorted(set(hyps) | set(all_refs))
    english.token_embeddings(english_texts)  # one length-sorted pass fills both caches
    hyp_vectors = english.encode(hyps)
    hyp_tokens = english.token_embeddings(hyps)
    use_hyp = cross.encode(hyps)
    srcs = [s.src for s in segments if s.src]
    use_src_vectors = dict(zip(srcs, cross.encode(srcs), strict=True)) if srcs else {}
    use_ref_vectors = dict(zip(all_refs, cross.encode(all_refs), strict=True)) if all_refs else {}
    ref_vectors = dict(zip(all_refs, english.encode(all_refs), strict=True)) if all_refs else {}
    ref_tokens = dict(zip(all_refs, english.token_embeddings(all_refs), strict=True)) if all_refs else {}
    head = load_model().token_head
    for index, (segment, row) in enumerate(zip(segments, rows, strict=True)):
        best = {"cos_ref": 0.0, "use_ref": 0.0, "bs_p": 0.0, "bs_r": 0.0, "bs_f": -1.0}
        best_ref = segment.refs[0] if segment.refs else ""
        for ref in segment.refs:
            cos = float(cosine_rows(hyp_vectors[index : index + 1], ref_vectors[ref][None, :])[0])
            tokens = token_scores(hyp_tokens[index], ref_tokens[ref])
            use = float(use_hyp[index] @ use_ref_vectors[ref])
            if tokens["bs_f"] > best["bs_f"]:
                best.update(tokens)
                best_ref = ref
            best["cos_ref"] = max(best["cos_ref"], cos)
            best["use_ref"] = max(best["use_ref"], use)
        best["bs_f"] = max(0.0, best["bs_f"])
        best.setdefault("tok_extra", 0.0)
        best.setdefault("tok_lost", 0.0)
        if row["empty"]:
            best = dict.fromkeys(best, 0.0)
            best["tok_lost"] = float(max((len(ref_tokens[r]) for r in segment.refs), default=0))
        row.update(best)
        row.update(row_token_features(row, hyp_tokens[index], ref_tokens.get(best_ref), head))
        if segment.src:
            row["use_src"] = 0.0 if row["empty"] else float(use_hyp[index] @ use_src_vectors[segment.src])


def _add_source_features(
    segments: Sequence[Segment], rows: list[dict[str, float]], use_hyp: np.ndarray
) -> None:
    """Without a reference only the cross-lingual features exist: the `src` network reads
    none of the English encoder's (cos_ref, bs_*, tok_*), so that encoder is not run (a
    source-only `qa check` then loads no torch at all)."""
    from qa.fidelity.encode.embed import cross_lingual_encoder

    srcs = [s.src for s in segments if s.src]
    use_src_vectors = dict(zip(srcs, cross_lingual_encoder().encode(srcs), strict=True)) if srcs else {}
    for index, (segment, row) in enumerate(zip(segments, rows, strict=True)):
        if segment.src:
            row["use_src"] = 0.0 if row["empty"] else float(use_hyp[index] @ use_src_vectors[segment.src])


def feature_matrix(rows: Sequence[dict[str, float]], names: Sequence[str]) -> np.ndarray:
    return np.array([[row[name] for name in names] for row in rows], dtype=np.float64)
