"""The fidelity score (0-100) and its semantic components, per document and per aligned pair.

Scoring walks the alignment of the hypothesis with the first reference:
- each matched pair becomes a segment (hypothesis sentences, the reference sentences, and
  the source sentences aligned with the same hypothesis sentences) scored by the learned
  model (`qa.fidelity.head`);
- a hypothesis sentence matched by no reference and no source sentence (an addition) scores 0;
- a reference sentence with no hypothesis counterpart (an omission) scores 0;
- the document score is the mean over all of these, weighted by characters, so dropping or
  adding a paragraph costs what that paragraph weighs.
Without references the source alone is used (variant `src`); with neither there is no score.
A pivot with neither a source nor a reference stands in for the source (`AlignedDocument.
src_role`): the same `src` variant and signature (they name the network, not the text; the
report's `evidence` says a pivot was compared), and what compared it says "pivot".
With a reference, the source features join in for Chinese sources only (the language the
model was trained with, see SOURCE_LANGS_TRAINED).

Next to `fidelity` (what the segment's predicted MQM error count gives), both metrics report
`fidelity_adjusted`: the same prediction moved to a typical sentence length, so a long
sentence is not marked down for offering more room for errors (see
`qa.fidelity.head`). The document `fidelity_adjusted` is built the same way.

`FidelityMetric` (neural) reports `fidelity` plus `semsim` (MiniLM cosine with the
reference), `bertscore` (MiniLM token-matching F1) and `xsim` (USE cosine with the source).
`LexicalFidelityMetric` is the `--no-model` fallback: the same recipe with a network trained
on sacrebleu and string features only; it reports `fidelity` only when models are off, and
its signature says `lexical`, so the two are never mixed up.

Both metrics and the F101 check share one computation per document (`document_fidelity`).

In the opt-in estimator mode (`QA_FIDELITY=estimator`) each pair is scored by est-2
(`qa.fidelity.estimator`) and, when the package carries `qa/data/fidelity/combine.json`, by
est-2, fid-2 and chrF combined (`qa.fidelity.combine`; fid-2 is computed for the same pairs).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from qa.align import shares_anchor
from qa.document import AlignedDocument, AlignedPair, Alignment, MetricScores
from qa.fidelity.features import Segment, segment_features

if TYPE_CHECKING:
    import numpy as np

    from qa.config import Config
    from qa.fidelity.combine import Combination
    from qa.fidelity.estimator import Triple

# The `ref_src` network saw Chinese sources only (newstest2020/2021 zh-en); with a reference
# and a source in another language the `ref` network scores, and the source still serves
# alignment, coverage and the `xsim` component. Without a reference the `src` network is the
# only option, whatever the language.
SOURCE_LANGS_TRAINED = ("zh",)
# F101's line for fid-2 and the lexical model: a predicted MQM penalty of 10 (two major errors);
# the estimator's lines come with its head, one per mode
LOW_FIDELITY = 60.0


@dataclass
class PairFidelity:
    """One unit of the document score: a matched pair, an addition or an omission."""

    hyp: tuple[int, ...]  # hypothesis sentence indices (empty for an omission)
    ref: tuple[int, ...]  # first-reference sentence indices (empty for an addition)
    weight: float  # characters
    fidelity: float  # 0-100
    features: dict[str, float] = field(default_factory=dict)
    fidelity_adjusted: float = 0.0  # 0-100, at a typical sentence length
    # what a matched pair was compared with, for messages: "reference", "source" or "pivot"
    # (the estimator: both, "reference and source")
    compared: str = ""


@dataclass
class DocumentFidelity:
    fidelity: float | None
    fidelity_adjusted: float | None
    variant: str
    signature: str
    pairs: list[PairFidelity]
    components: dict[str, float]
    component_signatures: dict[str, str]


def _source_text(doc: AlignedDocument, hyp_ids: tuple[int, ...]) -> str | None:
    """The source sentences aligned with any of these hypothesis sentences."""
    alignment = doc.src_alignment
    if alignment is None:
        return None
    wanted = set(hyp_ids)
    other: list[int] = []
    for pair in alignment.pairs:
        if pair.other and wanted.intersection(pair.hyp):
            other.extend(pair.other)
    if not other:
        return None
    return " ".join(alignment.other.sentences[j].text for j in sorted(set(other)))


def _other_references(doc: AlignedDocument, hyp_ids: tuple[int, ...]) -> list[str]:
    """Text of references 2..n aligned with exactly these hypothesis sentences."""
    texts = []
    for alignment in doc.ref_alignments[1:]:
        for pair in alignment.pairs:
            if pair.hyp == hyp_ids and pair.other:
                texts.append(alignment.other_text(pair))
    return texts


def _matched_elsewhere(doc: AlignedDocument, index: int, use_model: bool) -> bool:
    """Matched by another reference or by the source (without a model, a cross-lingual match
    counts only with a shared number or Latin word, as in the coverage check)."""
    hyp = doc.doc.hyp
    alignments: list[Alignment] = list(doc.ref_alignments[1:])
    if doc.src_alignment is not None:
        alignments.append(doc.src_alignment)
    for alignment in alignments:
        trusted = use_model or alignment.other.lang == hyp.lang
        for pair in alignment.pairs:
            if (
                index in pair.hyp
                and pair.other
                and (trusted or shares_anchor(alignment.hyp_text(hyp, pair), alignment.other_text(pair)))
            ):
                return True
    return False


def _units(doc: AlignedDocument, use_model: bool) -> tuple[list[tuple[AlignedPair, Segment | None]], bool]:
    """(pair, segment to score or None for a zero-scoring unit), and whether refs were used."""
    hyp = doc.doc.hyp
    if doc.ref_alignments:
        alignment = doc.ref_alignments[0]
        units: list[tuple[AlignedPair, Segment | None]] = []
        for pair in alignment.pairs:
            if pair.hyp and pair.other:
                refs = (alignment.other_text(pair), *_other_references(doc, pair.hyp))
                segment = Segment(alignment.hyp_text(hyp, pair), refs, _source_text(doc, pair.hyp))
                units.append((pair, segment))
            elif pair.hyp:
                if all(_matched_elsewhere(doc, i, use_model) for i in pair.hyp):
                    continue  # absent from the first reference only: not counted either way
                units.append((pair, None))
            else:
                units.append((pair, None))
        return units, True
    if doc.src_alignment is not None:
        alignment = doc.src_alignment
        units = []
        for pair in alignment.pairs:
            if pair.hyp and pair.other:
                units.append((pair, Segment(alignment.hyp_text(hyp, pair), (), alignment.other_text(pair))))
            else:
                units.append((pair, None))
        return units, False
    return [], False


def _variant(use_model: bool, with_refs: bool, with_src: bool) -> str:
    if not use_model:
        return "lexical" if with_refs else ""
    if with_refs:
        return "ref_src" if with_src else "ref"
    return "src"


def _weight(doc: AlignedDocument, pair: AlignedPair, with_refs: bool) -> float:
    if pair.hyp:
        return float(sum(len(doc.doc.hyp.sentences[i].text) for i in pair.hyp))
    other = doc.ref_alignments[0].other if with_refs else doc.src_alignment.other  # type: ignore[union-attr]
    length = sum(len(other.sentences[j].text) for j in pair.other)
    return float(length if with_refs else length * 3)  # a CJK character carries ~3 English ones


def compute_document_fidelity(doc: AlignedDocument, use_model: bool) -> DocumentFidelity:
    if use_model:
        from qa.fidelity.estimator import estimator_available

        if estimator_available():
            return _estimator_fidelity(doc)
    return _legacy_fidelity(doc, use_model)


def _estimator_fidelity(doc: AlignedDocument) -> DocumentFidelity:
    """The trained cross-lingual estimator (`qa.fidelity.estimator`): each matched
    pair is scored from its reference and/or source sentences, whichever are present; when
    the package carries a combination (`qa.fidelity.combine`), fid-2's score of the same pair
    and cheap signals join est-2's before its calibration."""
    from qa.fidelity.combine import load_combination
    from qa.fidelity.estimator import Triple, calibrated, estimate_triples, load_head, signature

    units, with_refs = _units(doc, use_model=True)
    triples = []
    for _, segment in units:
        if segment is None:
            continue
        ref = segment.refs[0] if segment.refs else None
        triples.append(Triple(segment.hyp, ref, segment.src))
    if not with_refs and doc.src_alignment is None:  # nothing to compare with: no score
        return DocumentFidelity(None, None, "", "", [], {}, {})
    head = load_head()
    combination = load_combination()
    scorable, z, scalars = estimate_triples(triples, head)
    sig = signature(head)
    if combination is not None and scorable:
        legacy = _legacy_fidelity(doc, use_model=True)
        fid = [p.fidelity for p in legacy.pairs if p.features]  # one per scored unit, in order
        if len(fid) != len(triples):
            raise RuntimeError(f"fid-2 scored {len(fid)} units, the estimator {len(triples)}")
        z = _combined(combination, z, scalars, [triples[i] for i in scorable], [fid[i] for i in scorable])
        fid_signature = legacy.signature.removeprefix("fidelity:")
        sig += f"|combine:{combination.version}|sha256:{combination.sha256[:12]}|{fid_signature}"
    scores = calibrated(triples, scorable, z, head)
    with_src = any(t.src is not None for t in triples)
    variant = ("ref_src" if with_src else "ref") if with_refs else "src"
    pairs: list[PairFidelity] = []
    scored = iter(zip(triples, scores, strict=True))
    for pair, segment in units:
        weight = _weight(doc, pair, with_refs)
        other = pair.other if with_refs else ()
        if segment is None:
            pairs.append(PairFidelity(pair.hyp, other, weight, 0.0))
            continue
        triple, score = next(scored)
        value = 0.0 if score is None else score
        sides = [
            name for name, text in (("reference", triple.ref), (doc.src_role, triple.src)) if text is not None
        ]
        features = {"has_ref": float(triple.ref is not None), "has_src": float(triple.src is not None)}
        pairs.append(PairFidelity(pair.hyp, other, weight, value, features, value, " and ".join(sides)))
    total = sum(p.weight for p in pairs)
    fidelity = sum(p.weight * p.fidelity for p in pairs) / total if total else 0.0
    sig += f"|{variant}"
    return DocumentFidelity(round(fidelity, 2), None, variant, sig, pairs, {}, {})


def _combined(
    combination: Combination, z: np.ndarray, scalars: np.ndarray, triples: list[Triple], fid: list[float]
) -> np.ndarray:
    """est-2-scale z of the combination, each triple in the mode of what it was compared with."""
    import numpy as np

    from qa.fidelity.combine import MODES, mode_of
    from qa.fidelity.estimator import SCALAR_NAMES

    components = {
        "est": np.asarray(z, dtype=np.float64),
        "fid": np.asarray(fid, dtype=np.float64),
        "chrf": scalars[:, SCALAR_NAMES.index("ref_chrf")].astype(np.float64),
        "cos_ref": scalars[:, SCALAR_NAMES.index("ref_cos")].astype(np.float64),
        "cos_src": scalars[:, SCALAR_NAMES.index("src_cos")].astype(np.float64),
    }
    modes = np.array([mode_of(t.ref is not None, t.src is not None) for t in triples])
    out = np.zeros(len(triples))
    for mode in MODES:
        rows = modes == mode
        if rows.any():
            out[rows] = combination.modes[mode].combine({k: v[rows] for k, v in components.items()})
    return out.astype(np.float32)


def _legacy_fidelity(doc: AlignedDocument, use_model: bool) -> DocumentFidelity:
    from qa.fidelity.head import load_model

    model = load_model()
    units, with_refs = _units(doc, use_model)
    segments = [segment for _, segment in units if segment is not None]
    with_src = (
        doc.src_alignment is not None
        and doc.src_alignment.other.lang in SOURCE_LANGS_TRAINED
        and any(s.src for s in segments)
    )
    variant = _variant(use_model, with_refs, with_src)
    if not variant:
        return DocumentFidelity(None, None, "", "", [], {}, {})
    rows = segment_features(segments, use_model=use_model)
    for row in rows:  # a pair whose source side found nothing falls back to the `ref` network
        row.setdefault("use_src", float("nan"))
        row.setdefault("src_len", float("nan"))
    scores, adjusted = _score_rows(model, variant, rows)
    pairs: list[PairFidelity] = []
    scored = iter(zip(rows, scores, adjusted, strict=True))
    for pair, segment in units:
        weight = _weight(doc, pair, with_refs)
        if segment is None:
            pairs.append(PairFidelity(pair.hyp, pair.other if with_refs else (), weight, 0.0))
        else:
            row, score, score_adjusted = next(scored)
            other = pair.other if with_refs else ()
            compared = "reference" if other else doc.src_role
            pairs.append(
                PairFidelity(pair.hyp, other, weight, float(score), row, float(score_adjusted), compared)
            )
    total = sum(p.weight for p in pairs)
    fidelity = sum(p.weight * p.fidelity for p in pairs) / total if total else 0.0
    fidelity_adjusted = sum(p.weight * p.fidelity_adjusted for p in pairs) / total if total else 0.0
    components: dict[str, float] = {}
    component_signatures: dict[str, str] = {}
    if use_model and rows:
        from qa.fidelity.encode.embed import cross_lingual_encoder, english_encoder

        english, cross = english_encoder(), cross_lingual_encoder()
        matched = [p for p in pairs if p.features]
        weights = [p.weight for p in matched]

        def mean_of(name: str) -> float | None:
            values = [(p.features[name], w) for p, w in zip(matched, weights, strict=True)]
            values = [(v, w) for v, w in values if v == v]  # drop NaN (no source for that pair)
            total_weight = sum(w for _, w in values)
            return 100 * sum(v * w for v, w in values) / total_weight if total_weight else None

        for key, feature, encoder in (
            ("semsim", "cos_ref", english.signature),
            ("bertscore", "bs_f", english.signature + "|greedy-token-f1"),
            ("xsim", "use_src", cross.signature),
        ):
            value = mean_of(feature) if feature in matched[0].features else None
            if value is not None:
                components[key] = round(value, 2)
                component_signatures[key] = encoder
    signature = model.signature(variant)
    if use_model:
        from qa.fidelity.encode.embed import cross_lingual_encoder, english_encoder

        signature += f"|{english_encoder().signature}|{cross_lingual_encoder().signature}"
    rounded = round(fidelity, 2), round(fidelity_adjusted, 2)
    return DocumentFidelity(*rounded, variant, signature, pairs, components, component_signatures)


def _score_rows(model: object, variant: str, rows: list[dict[str, float]]) -> tuple[list[float], list[float]]:
    """Each row's score and length-adjusted score with its variant; rows with no source sentence
    use the `ref` network."""
    from qa.fidelity.head import FidelityModel

    assert isinstance(model, FidelityModel)
    if variant != "ref_src":
        plain, adjusted = model.fidelities(variant, rows)
        return plain.tolist(), adjusted.tolist()
    with_src = [i for i, r in enumerate(rows) if r["use_src"] == r["use_src"]]
    without = [i for i, r in enumerate(rows) if r["use_src"] != r["use_src"]]
    scores, adjusted_scores = [0.0] * len(rows), [0.0] * len(rows)
    for indices, name in ((with_src, "ref_src"), (without, "ref")):
        if indices:
            plain, adjusted = model.fidelities(name, [rows[i] for i in indices])
            for index, value, value_adjusted in zip(indices, plain, adjusted, strict=True):
                scores[index] = float(value)
                adjusted_scores[index] = float(value_adjusted)
    return scores, adjusted_scores


_MEMO: OrderedDict[tuple[str, bool], DocumentFidelity] = OrderedDict()
_MEMO_LOCK = threading.Lock()


def _memo_key(doc: AlignedDocument, use_model: bool) -> tuple[str, bool]:
    digest = hashlib.blake2b(digest_size=16)
    digest.update(doc.doc.hyp.content.encode())
    for alignment in doc.ref_alignments:
        digest.update(b"\0ref\0" + alignment.other.content.encode() + repr(alignment.pairs).encode())
    if doc.src_alignment is not None:
        digest.update(b"\0src\0" + doc.src_alignment.other.content.encode())
        digest.update(repr(doc.src_alignment.pairs).encode())
        if doc.src_role != "source":  # the same text as a pivot: other messages
            digest.update(b"\0role\0" + doc.src_role.encode())
    from qa.fidelity.estimator import estimator_available

    digest.update(b"\0estimator" if use_model and estimator_available() else b"\0default")
    return digest.hexdigest(), use_model


def document_fidelity(doc: AlignedDocument, use_model: bool) -> DocumentFidelity:
    """Fidelity of one document, computed once and shared by the metric and the F101 check."""
    key = _memo_key(doc, use_model)
    with _MEMO_LOCK:
        if key in _MEMO:
            _MEMO.move_to_end(key)
            return _MEMO[key]
    result = compute_document_fidelity(doc, use_model)
    with _MEMO_LOCK:
        _MEMO[key] = result
        while len(_MEMO) > 16:
            _MEMO.popitem(last=False)
    return result


def f101_line(signature: str, pair: PairFidelity) -> float:
    """The sentence score under which F101 marks `pair`, for the model named by `signature`."""
    has_ref, has_src = bool(pair.features.get("has_ref")), bool(pair.features.get("has_src"))
    if signature.startswith("fidelity:est") and "|combine:" in signature:
        from qa.fidelity.combine import load_combination

        combination = load_combination()
        assert combination is not None
        return combination.f101_line(has_ref, has_src)
    if signature.startswith("fidelity:est"):
        from qa.fidelity.estimator import load_head

        return load_head().f101_line(has_ref, has_src)
    return LOW_FIDELITY


def _metric_scores(result: DocumentFidelity) -> MetricScores:
    """`fidelity`, `fidelity_adjusted` and any component scores, each with its signature."""
    if result.fidelity is None:
        return MetricScores()
    from qa.fidelity.detected import CAPS_SIGNATURE

    scores = {"fidelity": result.fidelity}
    signatures = {"fidelity": result.signature + CAPS_SIGNATURE}
    if result.fidelity_adjusted is not None:
        scores["fidelity_adjusted"] = result.fidelity_adjusted
        signatures["fidelity_adjusted"] = result.signature + CAPS_SIGNATURE + "|length-adjusted"
    scores.update(result.components)
    signatures.update(result.component_signatures)
    return MetricScores(scores=scores, signatures=signatures, sentence_scores=_sentence_scores(result))


def _sentence_scores(result: DocumentFidelity) -> list[dict[str, float]]:
    out = []
    for index, pair in enumerate(result.pairs):
        row: dict[str, float] = {"unit": float(index), "fidelity": round(pair.fidelity, 2)}
        if result.fidelity_adjusted is not None:
            row["fidelity_adjusted"] = round(pair.fidelity_adjusted, 2)
        if pair.hyp:
            row["hyp_first"], row["hyp_last"] = float(pair.hyp[0]), float(pair.hyp[-1])
        if pair.ref:
            row["ref_first"], row["ref_last"] = float(pair.ref[0]), float(pair.ref[-1])
        row.update({k: round(v, 4) for k, v in sorted(pair.features.items()) if v == v})
        out.append(row)
    return out


class FidelityMetric:
    """Learned fidelity 0-100 with MiniLM and USE features, plus semsim/bertscore/xsim."""

    name = "fidelity"
    neural = True

    def score(self, doc: AlignedDocument, config: Config) -> MetricScores:
        from qa.fidelity.encode.embed import MAX_WORD_CHARS, unreadable

        if any(unreadable(s.text) for text in (doc.doc.hyp, *doc.doc.refs) for s in text.sentences):
            reason = f"not scored: a word of more than {MAX_WORD_CHARS} letters (the encoder cannot read it)"
            return MetricScores(signatures={"fidelity": reason})
        return _metric_scores(document_fidelity(doc, use_model=True))


class LexicalFidelityMetric:
    """The `--no-model` fallback: fidelity from sacrebleu and string features only."""

    name = "fidelity-lexical"
    neural = False

    def score(self, doc: AlignedDocument, config: Config) -> MetricScores:
        if not config.no_model:
            return MetricScores()  # the neural FidelityMetric reports fidelity
        return _metric_scores(document_fidelity(doc, use_model=False))
