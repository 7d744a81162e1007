"""Evaluate the fidelity score against human judgments it was never fitted on (WMT22).

    .venv/bin/python bench/fidelity.py           # correlations (features cached in bench/out/)
    .venv/bin/python bench/fidelity.py --speed   # throughput, load time and peak memory
    .venv/bin/python bench/fidelity.py --speed --token-features-only   # cost of the token features

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

from fidelity_common import Item, cached_features, load_wmt22_ruen, load_wmt22_zhen, with_token_features


def kendall(a: np.ndarray, b: np.ndarray) -> float:
    from scipy.stats import kendalltau

    return float(kendalltau(a, b).statistic)


def pearson(a: np.ndarray, b: np.ndarray) -> float:
    from scipy.stats import pearsonr

    return float(pearsonr(a, b).statistic)


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


def fidelity_columns(rows: list[dict[str, float]], shipped: str) -> dict[str, np.ndarray]:
    """qa's score as the checker computes it for this language pair, then ablations."""
    from qa.metrics.fidelity_model import load_model

    model = load_model()
    return {
        f"**qa fidelity, as qa runs it** ({shipped})": model.fidelity(shipped, rows),
        f"**qa fidelity_adjusted, as qa runs it** ({shipped})": model.fidelity(shipped, rows, True),
        "qa fidelity (ref+src)": model.fidelity("ref_src", rows),
        "qa fidelity (ref only)": model.fidelity("ref", rows),
        "qa fidelity_adjusted (ref only)": model.fidelity("ref", rows, True),
        "qa fidelity (src only)": model.fidelity("src", rows),
        "qa fidelity (lexical, --no-model)": model.fidelity("lexical", rows),
        "qa fidelity_adjusted (lexical, --no-model)": model.fidelity("lexical", rows, True),
        "qa semsim (MiniLM cosine)": np.array([r["cos_ref"] for r in rows]),
        "qa bertscore (MiniLM token F1)": np.array([r["bs_f"] for r in rows]),
        "qa xsim (USE cosine with source)": np.array([r["use_src"] for r in rows]),
        "hypothesis length alone (shorter = better)": -np.array([r["hyp_len"] for r in rows]),
        "sacrebleu sentence chrF (ours)": np.array([r["chrf"] for r in rows]),
        "sacrebleu sentence BLEU (ours)": np.array([r["bleu"] for r in rows]),
    }


def table(title: str, items: list[Item], columns: dict[str, np.ndarray]) -> None:
    human = np.array([i.score for i in items])
    print(f"\n{title}: {len(items)} segments")
    print("| metric | Kendall tau-b | Pearson r | system pairwise acc. |\n|---|---:|---:|---:|")
    for name, values in columns.items():
        accuracy, n_systems = pairwise_accuracy(items, values)
        print(f"| {name} | {kendall(values, human):.3f} | {pearson(values, human):.3f} | {accuracy:.3f} |")
    print(f"({n_systems} systems, {n_systems * (n_systems - 1) // 2} pairs)")


def correlations(ru_every: int) -> None:
    from qa.metrics.fidelity_model import load_model

    model = load_model()
    print(f"model: {model.signature('ref_src')}")
    items, distributed = load_wmt22_zhen()
    rows = with_token_features("wmt22_zhen", items, cached_features("wmt22_zhen", items))
    columns = fidelity_columns(rows, "ref_src")
    for name in ("BLEU", "chrF", "COMET-22", "MetricX-XXL-MQM", "COMETKiwi"):
        columns[f"{name} (distributed with the file)"] = np.array(
            [distributed[(i.line, i.system)][name] for i in items]
        )
    table("WMT22 zh-en news, MQM (MT outputs only)", items, columns)
    ru_items = load_wmt22_ruen(every=ru_every)
    ru_name = f"wmt22_ruen_every{ru_every}"
    ru_rows = with_token_features(ru_name, ru_items, cached_features(ru_name, ru_items))
    subset = f", one source line in {ru_every}" if ru_every > 1 else ""
    table(f"WMT22 ru-en news, crowd DA z (vs refA{subset})", ru_items, fidelity_columns(ru_rows, "ref"))


def token_feature_speed(n: int) -> None:
    """Time the token histogram and head alone (from cached token vectors, no encoder): what
    they add per segment on top of the BERTScore matching."""
    from fidelity_common import cached_tokens

    from qa.metrics.features import row_token_features
    from qa.metrics.fidelity_model import load_model

    items, _ = load_wmt22_zhen()
    items = items[:n]
    store = cached_tokens("wmt22_zhen", load_wmt22_zhen()[0])
    head = load_model().token_head
    pairs = [(store.tokens(i.segment.hyp)[0], store.tokens(i.segment.refs[0])[0]) for i in items]
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")  # as qa.embed sets it once the encoder loads
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
    from qa.embed import cross_lingual_encoder, english_encoder, load_encoders
    from qa.metrics.fidelity_model import load_model

    english, cross = english_encoder(), cross_lingual_encoder()
    load_encoders()
    cross.encode(["warm-up"])  # USE reads its weights on first use
    load_model()
    loaded = time.perf_counter() - started
    from qa.metrics.features import segment_features

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
    parser.add_argument(
        "--ru-every", type=int, default=1, help="ru-en: keep one source line in N (embedding time on 2 cores)"
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
        correlations(args.ru_every)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
