"""Evaluate the fidelity score against human judgments it was never fitted on (WMT22).

    .venv/bin/python bench/fidelity.py           # correlations (features cached in bench/out/)
    .venv/bin/python bench/fidelity.py --speed   # throughput, load time and peak memory
    .venv/bin/python bench/fidelity.py --speed --token-features-only   # cost of the token features
    .venv/bin/python bench/fidelity.py --shipped  # also the whole check's score, with and without caps
    .venv/bin/python bench/fidelity.py --combined # also est-2 and fid-2 combined (qa.fidelity.combine)

Correlations:
- WMT22 zh-en news MQM (MT outputs only, refA/refB rows excluded): segment-level Kendall
  tau-b and Pearson r over all items, next to the BLEU, chrF, COMET-22, MetricX-XXL and
  COMETKiwi columns distributed with the same file; system-level pairwise accuracy.
- WMT22 ru-en news crowd DA (z scores) against refA: segment-level Kendall and Pearson, with
  sacrebleu sentence chrF computed here as the baseline; system-level pairwise accuracy.
Nothing here fits or tunes anything: the model is read from qa/data/fidelity/model.json.
"""

from __future__ import annotations

import argparse
import itertools
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fidelity_common import Item, cached_features, load_wmt22_zhen, with_token_features


def kendall(a: np.ndarray, b: np.ndarray) -> float:
    from scipy.stats import kendalltau

    return float(kendalltau(a, b).statistic)


def pearson(a: np.ndarray, b: np.ndarray) -> float:
    from scipy.stats import pearsonr

    return float(pearsonr(a, b).statistic)


def grouped_kendall(items: list[Item], metric: np.ndarray) -> float:
    """Kendall tau-b between metric and human score among the translations of each source
    segment, averaged over segments (a segment whose human or metric scores all tie has no
    tau and is left out, as in the WMT "group-by-item" statistic). Length cannot game it: the
    translations of one sentence have about the same length."""
    from scipy.stats import kendalltau

    groups: dict[int, list[int]] = defaultdict(list)
    for index, item in enumerate(items):
        groups[item.line].append(index)
    human = np.array([i.score for i in items])
    taus = []
    for indices in groups.values():
        if len(indices) > 1:
            tau = kendalltau(metric[indices], human[indices]).statistic
            if tau == tau:
                taus.append(tau)
    return float(np.mean(taus)) if taus else float("nan")


def pairwise_accuracy(items: list[Item], metric: np.ndarray) -> tuple[float, int]:
    """Share of system pairs that the metric's system means order as the human means do."""
    human: dict[str, list[float]] = defaultdict(list)
    machine: dict[str, list[float]] = defaultdict(list)
    for item, value in zip(items, metric, strict=True):
        human[item.system].append(item.score)
        machine[item.system].append(float(value))
    systems = sorted(human)
    pairs = list(itertools.combinations(systems, 2))
    agree = 0
    for a, b in pairs:
        h = np.mean(human[a]) - np.mean(human[b])
        m = np.mean(machine[a]) - np.mean(machine[b])
        agree += (h > 0) == (m > 0)
    return agree / len(pairs), len(systems)


Column = tuple[str, np.ndarray]  # (mode: "ref+src", "ref", "src" or "-", values)


def legacy_columns(name: str, items: list[Item], ref_variant: str) -> dict[str, Column]:
    """The shipped fidelity model (`qa.fidelity.head`, MiniLM + USE features) in its
    three input situations, as qa runs it."""
    from qa.fidelity.head import load_model

    rows = with_token_features(name, items, cached_features(name, items))
    model = load_model()
    return {
        f"qa fidelity {model.version} ({ref_variant})": (
            "ref+src" if ref_variant == "ref_src" else "ref",
            model.fidelity(ref_variant, rows),
        ),
        f"qa fidelity {model.version} (ref)": ("ref", model.fidelity("ref", rows)),
        f"qa fidelity {model.version} (src)": ("src", model.fidelity("src", rows)),
        "qa bertscore (MiniLM token F1)": ("ref", np.array([r["bs_f"] for r in rows])),
    }


def string_columns(items: list[Item]) -> dict[str, Column]:
    """Length and sacrebleu's sentence BLEU and chrF against the reference, computed here."""
    from qa.fidelity.features import lexical_features

    rows = [lexical_features(i.segment.hyp, i.segment.refs) for i in items]
    return {
        "minus hypothesis length (characters)": ("-", -np.array([len(i.segment.hyp) for i in items], float)),
        "sacrebleu sentence BLEU (ours)": ("ref", np.array([r["bleu"] for r in rows])),
        "sacrebleu sentence chrF (ours)": ("ref", np.array([r["chrf"] for r in rows])),
    }


def e5_columns(name: str, items: list[Item]) -> dict[str, Column]:
    """Zero-shot multilingual-e5-small cosines, from the bench cache (bench/fidelity_e5.py)."""
    from fidelity_e5 import states

    store = states(name, items, compute=False)
    if store is None:
        print(f"(no e5 cache for {name}: run bench/fidelity_e5.py)")
        return {}
    hyp = np.stack([store.get(i.segment.hyp)[0] for i in items])
    ref = np.stack([store.get(i.segment.refs[0])[0] for i in items])
    src = np.stack([store.get(i.segment.src or "")[0] for i in items])
    return {
        "e5 cosine(hyp, ref), zero-shot": ("ref", (hyp * ref).sum(1)),
        "e5 cosine(hyp, src), zero-shot": ("src", (hyp * src).sum(1)),
    }


def estimator_columns(name: str, items: list[Item]) -> dict[str, Column]:
    """The trained estimator (`qa.fidelity.estimator`) in its three modes."""
    from fidelity_e5 import estimator_scores

    out: dict[str, Column] = {}
    for mode in ("ref+src", "ref", "src"):
        out[f"**qa estimator** ({mode})"] = (mode, estimator_scores(name, items, mode))
    return out


def combined_columns(name: str, fid_name: str, items: list[Item], lang: str) -> dict[str, Column]:
    """est-2 and fid-2 combined (`qa.fidelity.combine`) in three modes; fid-2 in the variant qa
    runs for each (a Russian source does not join fid-2's features: its `ref` network)."""
    from fidelity_e5 import combined_scores

    from qa.fidelity.head import load_model

    rows = with_token_features(fid_name, items, cached_features(fid_name, items))
    model = load_model()
    variants = {"ref+src": "ref_src" if lang == "zh" else "ref", "ref": "ref", "src": "src"}
    out: dict[str, Column] = {}
    for mode, variant in variants.items():
        fid = model.fidelity(variant, rows)
        out[f"**qa fidelity combined** ({mode})"] = (mode, combined_scores(name, items, mode, fid))
    return out


def shipped_columns(items: list[Item], lang: str) -> dict[str, Column]:
    """The document fidelity `qa check` reports with the default model (each segment a document,
    sentences aligned), with and without the caps of `qa.fidelity.detected`, in three modes."""
    from qa.config import Config
    from qa.document import Document, Text
    from qa.fidelity.score import document_fidelity
    from qa.pipeline import Checker

    checker = Checker(Config(src_lang=lang))
    out: dict[str, Column] = {}
    for mode in ("ref+src", "ref", "src"):
        started = time.perf_counter()
        shipped, plain = [], []
        for item in items:
            seg = item.segment
            refs = [Text(seg.refs[0], "en")] if mode != "src" else []
            src = Text(seg.src, lang) if mode != "ref" and seg.src else None
            result = checker.check(Document(id="segment", hyp=Text(seg.hyp, "en"), refs=refs, src=src))
            assert result.aligned is not None
            shipped.append(result.scores.get("fidelity") or 0.0)
            plain.append(document_fidelity(result.aligned, use_model=True).fidelity or 0.0)
        out[f"qa check fidelity, without caps ({mode})"] = (mode, np.array(plain))
        out[f"**qa check fidelity, as shipped** ({mode})"] = (mode, np.array(shipped))
        print(f"({mode}: {len(items)} checks in {time.perf_counter() - started:.0f} s)", flush=True)
    return out


def table(title: str, items: list[Item], columns: dict[str, Column]) -> None:
    human = np.array([i.score for i in items])
    print(f"\n{title}: {len(items)} segments, {len({i.line for i in items})} source segments")
    print("| metric | input | grouped Kendall | global Kendall | Pearson r | system pairwise acc. |")
    print("|---|---|---:|---:|---:|---:|")
    n_systems = 0
    for name, (mode, values) in columns.items():
        accuracy, n_systems = pairwise_accuracy(items, values)
        print(
            f"| {name} | {mode} | {grouped_kendall(items, values):.3f} | {kendall(values, human):.3f} "
            f"| {pearson(values, human):.3f} | {accuracy:.3f} |"
        )
    print(f"({n_systems} systems, {n_systems * (n_systems - 1) // 2} pairs)")


def correlations(legacy: bool, estimator: bool, shipped: bool = False, combined: bool = False) -> None:
    from fidelity_e5 import load_wmt22_ruen, load_wmt22_zhen_all

    items, distributed = load_wmt22_zhen_all()
    columns = string_columns(items)
    for name, mode in (
        ("BLEU", "ref"),
        ("chrF", "ref"),
        ("COMET-20", "ref+src"),
        ("COMET-22", "ref+src"),
        ("BLEURT-20", "ref"),
        ("MetricX-XXL-MQM", "ref"),
        ("COMETKiwi", "src"),
    ):
        values = np.array([distributed[(i.line, i.system)][name] for i in items])
        columns[f"{name} (distributed with the file)"] = (mode, values)
    if legacy:
        columns.update(legacy_columns("wmt22_zhen", items, "ref_src"))
    columns.update(e5_columns("wmt22_zhen", items))
    if estimator:
        columns.update(estimator_columns("wmt22_zhen", items))
    if combined:
        columns.update(combined_columns("wmt22_zhen", "wmt22_zhen", items, "zh"))
    if shipped:
        columns.update(shipped_columns(items, "zh"))
    table("WMT22 zh-en news, MQM (MT outputs only)", items, columns)
    ru_items = load_wmt22_ruen()
    ru_columns = string_columns(ru_items)
    if legacy:
        ru_columns.update(legacy_columns("wmt22_ruen_every1", ru_items, "ref"))
    ru_columns.update(e5_columns("wmt22_ruen", ru_items))
    if estimator:
        ru_columns.update(estimator_columns("wmt22_ruen", ru_items))
    if combined:
        ru_columns.update(combined_columns("wmt22_ruen", "wmt22_ruen_every1", ru_items, "ru"))
    if shipped:
        ru_columns.update(shipped_columns(ru_items, "ru"))
    table("WMT22 ru-en news, crowd DA z (vs refA)", ru_items, ru_columns)


def token_feature_speed(n: int) -> None:
    """Time the token histogram and head alone (from cached token vectors, no encoder): what
    they add per segment on top of the BERTScore matching."""
    from fidelity_common import cached_tokens

    from qa.fidelity.features import row_token_features
    from qa.fidelity.head import load_model

    items, _ = load_wmt22_zhen()
    items = items[:n]
    store = cached_tokens("wmt22_zhen", load_wmt22_zhen()[0])
    head = load_model().token_head
    pairs = [(store.tokens(i.segment.hyp)[0], store.tokens(i.segment.refs[0])[0]) for i in items]
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")  # as qa.fidelity.encode.embed sets it once the encoder loads
    started = time.perf_counter()
    for hyp_tokens, ref_tokens in pairs:
        row_token_features({"empty": 0.0}, hyp_tokens, ref_tokens, head)
    elapsed = time.perf_counter() - started
    print(f"token features: {n} segments in {elapsed:.2f} s, {1000 * elapsed / n:.3f} ms per segment")


def speed(n: int, quantize: bool | None, cold: bool) -> None:
    """Fresh encoders: load time, then features + model on the first n WMT22 zh-en items.

    Loading is timed as a run loads: `load_encoders` (the cross-lingual encoder in a second
    thread), from the MiniLM trace in the cache folder when there is one. `cold` points the
    cache at an empty folder: the first run on a machine, which builds the trace.
    The items come in source-line order, 14 systems per line, so each reference is encoded
    once and reused, as in a batch of several translations of one article."""
    import os
    import tempfile

    if quantize is not None:
        os.environ["QA_QUANTIZE"] = "1" if quantize else "0"
    cold_cache = tempfile.TemporaryDirectory(prefix="qa-cold-") if cold else None
    if cold_cache is not None:
        os.environ["QA_CACHE_DIR"] = cold_cache.name
    items, _ = load_wmt22_zhen()
    segments = [i.segment for i in items[:n]]
    started = time.perf_counter()
    from qa.fidelity.encode.embed import cross_lingual_encoder, english_encoder, load_encoders
    from qa.fidelity.head import load_model

    english, cross = english_encoder(), cross_lingual_encoder()
    load_encoders()
    cross.encode(["warm-up"])  # USE reads its weights on first use
    load_model()
    loaded = time.perf_counter() - started
    from qa.fidelity.features import segment_features

    started = time.perf_counter()
    rows = segment_features(segments)
    scores = load_model().fidelity("ref_src", rows)
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    label = english.signature.rsplit("|", 1)[-1]  # what the encoder actually ran (QA_QUANTIZE)
    label += f" ({english.source})"  # loaded from its trace or built through transformers
    tau = kendall(scores, np.array([i.score for i in items[:n]]))
    if cold_cache is not None:
        cold_cache.cleanup()
    print(f"| {label} | {n} | {loaded:.2f} | {elapsed:.1f} | {n / elapsed:.0f} | {peak:.0f} | {tau:.3f} |")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--speed", action="store_true", help="measure throughput instead of correlations")
    parser.add_argument("--segments", type=int, default=2000)
    parser.add_argument("--no-legacy", action="store_true", help="leave out the MiniLM/USE fidelity model")
    parser.add_argument("--no-estimator", action="store_true", help="leave out the trained estimator")
    parser.add_argument(
        "--shipped", action="store_true", help="add the whole check's score, with and without caps"
    )
    parser.add_argument(
        "--combined", action="store_true", help="add est-2 and fid-2 combined (qa/data/fidelity/combine.json)"
    )
    parser.add_argument("--fp32", action="store_true", help="MiniLM in fp32 (QA_QUANTIZE=0)")
    parser.add_argument("--cold", action="store_true", help="empty cache folder: a machine's first run")
    parser.add_argument("--token-features-only", action="store_true", help="time the token features alone")
    args = parser.parse_args()
    if args.speed and args.token_features_only:
        token_feature_speed(args.segments)
    elif args.speed:
        print("| MiniLM | segments | load s | score s | segments/s | peak RSS MB | Kendall on these |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        speed(args.segments, False if args.fp32 else None, args.cold)
    else:
        correlations(not args.no_legacy, not args.no_estimator, args.shipped, args.combined)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
