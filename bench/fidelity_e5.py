"""Data sets and the multilingual-encoder cache for the fidelity estimator (bench only).

    .venv/bin/python bench/fidelity_e5.py            # encode every data set not cached yet
    .venv/bin/python bench/fidelity_e5.py wmt22_ruen # only the named data set(s)

Every text of a data set (hypotheses, references, sources) is encoded once with
`qa.fidelity.encode.e5.MultilingualEncoder` (exactly what the checker runs) and its
sentence vector and token states are kept, float16, in $QA_TRAIN_CACHE (default
~/.cache/qa-train), one file per data set, keyed by the encoder's signature and the texts.
Training and evaluation then read features from there in seconds.

Data sets (all from ../shared/benchmarks, see its README):
- training years: newstest2020 and newstest2021 zh-en MQM, WMT21 ru-en news DA (z), MLQE-PE
  ru-en train DA (z, source-only, no reference);
- test (never fitted on): WMT22 zh-en news MQM (MT outputs), WMT22 ru-en news DA (z).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fidelity_common import Item, load_mqm_train, load_wmt22_zhen, read_tsv, require

from qa.fidelity.features import Segment


def cache_dir() -> Path:
    folder = Path(os.environ.get("QA_TRAIN_CACHE", Path.home() / ".cache" / "qa-train"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def load_wmt21_ruen() -> list[Item]:
    """WMT21 ru-en news crowd DA (z) against refA; HUMAN (ref B) kept as a real translation."""
    folder = require("wmt21_ruen_news_da.tsv")
    return [
        Item(int(r["line"]), r["system"], Segment(r["hyp"], (r["refA"],), r["src"]), float(r["da_z"]))
        for r in read_tsv(folder / "wmt21_ruen_news_da.tsv")
    ]


def load_mlqepe_ruen() -> list[Item]:
    """MLQE-PE ru-en train: source-based DA z by professional raters; no reference."""
    folder = require("mlqepe_ruen_train_da.tsv")
    return [
        Item(int(r["segid"]), "mt", Segment(r["mt"], (), r["src"]), float(r["da_z_mean"]))
        for r in read_tsv(folder / "mlqepe_ruen_train_da.tsv")
    ]


ZHEN_ALL_COLUMNS = ("BLEU", "chrF", "COMET-20", "COMET-22", "BLEURT-20", "MetricX-XXL-MQM", "COMETKiwi")


def load_wmt22_zhen_all() -> tuple[list[Item], dict[tuple[int, str], dict[str, float]]]:
    """WMT22 zh-en news MQM, MT outputs only, with every metric column of the file."""
    return load_wmt22_zhen(ZHEN_ALL_COLUMNS)


def load_wmt22_ruen() -> list[Item]:
    from fidelity_common import load_wmt22_ruen as load

    return load()


SYNTHETIC_PER_YEAR = 3000
SYNTHETIC_SEED = 20261204


def training_sets() -> dict[str, list[Item]]:
    """Every training-year item (the cache keeps what is encoded, so only new texts cost),
    and the synthetic critical errors made from each year's error-free outputs
    (`fidelity_synthetic`; "syn<year>" sets share their year's source groups)."""
    from fidelity_synthetic import synthetic_items

    nt2020, nt2021 = load_mqm_train(2020), load_mqm_train(2021)
    return {
        "nt2021_zhen": nt2021,
        "wmt21_ruen": load_wmt21_ruen(),
        "nt2020_zhen": nt2020,
        "mlqepe_ruen": load_mlqepe_ruen(),
        "syn2020_zhen": synthetic_items(nt2020, SYNTHETIC_SEED, SYNTHETIC_PER_YEAR),
        "syn2021_zhen": synthetic_items(nt2021, SYNTHETIC_SEED + 1, SYNTHETIC_PER_YEAR),
    }


@dataclass
class States:
    """Sentence vectors and token states per text of one data set."""

    index: dict[str, int]
    pooled: np.ndarray  # (n, 384) float16
    offsets: np.ndarray  # (n + 1,)
    tokens: np.ndarray  # (total, 384) float16

    def get(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        k = self.index[text]
        return self.pooled[k].astype(np.float32), self.tokens[self.offsets[k] : self.offsets[k + 1]]


def texts_of(items: list[Item]) -> list[str]:
    found = {t for i in items for t in (i.segment.hyp, *i.segment.refs, i.segment.src or "")}
    return sorted(found)


def _read_cache(path: Path, signature: str) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Every text a cache file holds (texts stored beside their states), if it was written
    by this encoder; empty otherwise."""
    if not path.is_file():
        return {}
    with np.load(path, allow_pickle=False) as cached:
        if "texts" not in cached.files or str(cached["key"]) != signature:
            return {}
        texts, pooled, offsets, tokens = (
            cached["texts"],
            cached["pooled"],
            cached["offsets"],
            cached["tokens"],
        )
        return {str(t): (pooled[k], tokens[offsets[k] : offsets[k + 1]]) for k, t in enumerate(texts)}


def states(name: str, items: list[Item], verbose: bool = True, compute: bool = True) -> States | None:
    """Encoder outputs for every text of `items`: texts already in the cache are reused, the
    others encoded and added (a larger subset costs only its new texts); None when some text
    is missing and `compute` is off."""
    from qa.fidelity.encode.e5 import multilingual_encoder

    encoder = multilingual_encoder()
    texts = texts_of(items)
    path = cache_dir() / f"e5_{name}.npz"
    known = _read_cache(path, encoder.signature)
    own = set(known)
    if name.startswith("syn"):  # a synthetic set shares its year's references and sources
        year = _read_cache(cache_dir() / f"e5_{name.replace('syn', 'nt', 1)}.npz", encoder.signature)
        known = {t: year[t] for t in texts if t in year and t not in known} | known
    missing = [t for t in texts if t not in known]
    if missing and not compute:
        return None
    started = time.perf_counter()
    chunk = 2000
    for start in range(0, len(missing), chunk):
        part = missing[start : start + chunk]
        for text, (vector, rows) in zip(part, encoder.encode(part), strict=True):
            known[text] = (vector.astype(np.float16), rows.astype(np.float16))
        if verbose:
            done = min(start + chunk, len(missing))
            print(
                f"  {name}: {done}/{len(missing)} new texts, {time.perf_counter() - started:.0f} s",
                flush=True,
            )
    pooled_matrix = np.stack([known[t][0] for t in texts]).astype(np.float16)
    offsets = np.concatenate([[0], np.cumsum([len(known[t][1]) for t in texts])]).astype(np.int64)
    token_matrix = np.concatenate([known[t][1] for t in texts]).astype(np.float16)
    if missing:
        kept = sorted(own | set(missing))  # everything ever encoded for this data set stays cached
        np.savez(
            path,
            key=np.array(encoder.signature),
            texts=np.array(kept),
            pooled=np.stack([known[t][0] for t in kept]),
            offsets=np.concatenate([[0], np.cumsum([len(known[t][1]) for t in kept])]).astype(np.int64),
            tokens=np.concatenate([known[t][1] for t in kept]),
        )
    return States({t: k for k, t in enumerate(texts)}, pooled_matrix, offsets, token_matrix)


def all_sets() -> dict[str, list[Item]]:
    return {
        "wmt22_zhen": load_wmt22_zhen_all()[0],
        **training_sets(),
        "wmt22_ruen": load_wmt22_ruen(),
    }


def main() -> int:
    from qa.fidelity.encode.e5 import multilingual_encoder

    print(multilingual_encoder().signature)
    wanted = set(sys.argv[1:])  # data set names; all when none
    for name, items in all_sets().items():
        if wanted and name not in wanted:
            continue
        started = time.perf_counter()
        found = states(name, items)
        assert found is not None
        print(f"{name}: {len(items)} items, {len(found.index)} texts, {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


def features(name: str, items: list[Item]) -> tuple[np.ndarray, np.ndarray]:
    """Estimator inputs (vectors, scalars) per item with every side the item has, from the
    encoder cache; cached themselves (they take a minute per data set)."""
    from qa.fidelity.encode.e5 import multilingual_encoder
    from qa.fidelity.estimator import ESTIMATOR_VERSION, SCALAR_NAMES, Encoded, Triple, segment_inputs

    store = states(name, items)
    assert store is not None
    key = f"{ESTIMATOR_VERSION}|{'/'.join(SCALAR_NAMES)}|{multilingual_encoder().signature}|{len(items)}"
    key = hashlib.sha256((key + json.dumps(texts_of(items))).encode()).hexdigest()
    path = cache_dir() / f"features_{name}.npz"
    if path.is_file():
        with np.load(path, allow_pickle=False) as cached:
            if str(cached["key"]) == key:
                return cached["vectors"], cached["scalars"]
    started = time.perf_counter()
    triples = [
        Triple(i.segment.hyp, i.segment.refs[0] if i.segment.refs else None, i.segment.src) for i in items
    ]
    encoded: dict[str, Encoded] = {}
    for t in triples:
        for text in (t.hyp, t.ref, t.src):
            if text is not None and text not in encoded:
                vector, tokens = store.get(text)
                encoded[text] = Encoded(vector, tokens)
    vectors, scalars = segment_inputs(triples, encoded)
    vectors = vectors.astype(np.float16)
    np.savez(path, key=np.array(key), vectors=vectors, scalars=scalars)
    print(f"  features {name}: {len(items)} items, {time.perf_counter() - started:.0f} s", flush=True)
    return vectors, scalars


def estimator_scores(name: str, items: list[Item], mode: str) -> np.ndarray:
    """The shipped estimator's 0-100 score for `items` in `mode` ("ref+src", "ref", "src"),
    from cached inputs: what `score_triples` computes for the same triples (guards included)."""
    from qa.fidelity.estimator import Triple, apply_guards, load_head, mask_mode

    vectors, scalars = features(name, items)
    has_ref, has_src = mode != "src", mode != "ref"
    vectors, scalars = mask_mode(vectors.astype(np.float32), scalars, has_ref, has_src)
    head = load_head()
    triples = [
        Triple(i.segment.hyp, i.segment.refs[0] if has_ref else None, i.segment.src if has_src else None)
        for i in items
    ]
    return apply_guards(head.to_score(head.predict(vectors, scalars)), triples)


def combined_scores(name: str, items: list[Item], mode: str, fid_scores: np.ndarray) -> np.ndarray:
    """The shipped combination (`qa.fidelity.combine`) of the shipped estimator and fid-2's
    scores `fid_scores` for the same items in `mode`: what `qa.fidelity.score` computes for
    the same segments, from cached inputs (guards included)."""
    from qa.fidelity.combine import load_combination
    from qa.fidelity.estimator import SCALAR_NAMES, Triple, apply_guards, load_head, mask_mode

    combination = load_combination()
    assert combination is not None, "no qa/data/fidelity/combine.json"
    vectors, scalars = features(name, items)
    has_ref, has_src = mode != "src", mode != "ref"
    vectors, scalars = mask_mode(vectors.astype(np.float32), scalars, has_ref, has_src)
    head = load_head()
    components = {
        "est": head.predict(vectors, scalars).astype(np.float64),
        "fid": np.asarray(fid_scores, dtype=np.float64),
        "chrf": scalars[:, SCALAR_NAMES.index("ref_chrf")].astype(np.float64),
        "cos_ref": scalars[:, SCALAR_NAMES.index("ref_cos")].astype(np.float64),
        "cos_src": scalars[:, SCALAR_NAMES.index("src_cos")].astype(np.float64),
    }
    z = combination.modes[mode].combine(components)
    triples = [
        Triple(i.segment.hyp, i.segment.refs[0] if has_ref else None, i.segment.src if has_src else None)
        for i in items
    ]
    return apply_guards(head.to_score(z), triples)
