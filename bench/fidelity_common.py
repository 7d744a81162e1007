"""Data loading and feature caching shared by bench/train_fidelity.py and bench/fidelity.py.

Benchmarks are read from $QA_BENCHMARKS (default: ../shared/benchmarks next to the
repository). Features are computed once per data set and cached in bench/out/ (gitignored),
keyed by the feature version and the encoders' signatures, so reruns take seconds.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from qa.fidelity.features import (  # noqa: E402
    ALL_FEATURES,
    EMBEDDING_VERSION,
    Segment,
    lexical_features,
    segment_features,
)

OUT = REPO / "bench" / "out"


def benchmarks_dir() -> Path:
    return Path(
        os.environ.get("QA_BENCHMARKS", Path(__file__).resolve().parents[2] / "shared" / "benchmarks")
    )


def require(*names: str) -> Path:
    """The benchmarks folder, or exit 0 with a 'skipped' message when a file is absent."""
    folder = benchmarks_dir()
    for name in names:
        if not (folder / name).is_file():
            print(f"skipped: {folder / name} not found (set QA_BENCHMARKS)")
            raise SystemExit(0)
    return folder


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


@dataclass
class Item:
    """One rated translation: the segment it translates, its system and its human score."""

    line: int
    system: str
    segment: Segment
    score: float  # MQM (<= 0) or DA z


# Human translations rated in the MQM files; the one used as reference is excluded.
REFERENCE_SYSTEMS = {"Human-A.0", "ref-A", "refA"}
HUMAN_SYSTEMS = {"Human-A.0", "Human-B.0", "ref-A", "ref-B", "refA", "refB"}


def load_mqm_train(year: int, every: int = 1) -> list[Item]:
    """newstest2020/2021 zh-en MQM against refA; Human-B/ref-B kept (a real second translation).

    `every` keeps one source line in `every` (whole lines, all their systems) to bound the
    embedding time on a shared 2-core machine.
    """
    folder = require(f"mqm_newstest{year}_zhen.segments.tsv", f"mqm_newstest{year}_zhen.items.jsonl")
    segments = {int(r["line"]): r for r in read_tsv(folder / f"mqm_newstest{year}_zhen.segments.tsv")}
    items = []
    with (folder / f"mqm_newstest{year}_zhen.items.jsonl").open(encoding="utf-8") as handle:
        for raw in handle:
            row = json.loads(raw)
            if row["system"] in REFERENCE_SYSTEMS or row["line"] % every:
                continue
            seg = segments[row["line"]]
            items.append(
                Item(
                    row["line"], row["system"], Segment(row["hyp"], (seg["refA"],), seg["source"]), row["mqm"]
                )
            )
    return items


ZHEN_COLUMNS = ("BLEU", "chrF", "COMET-22", "MetricX-XXL-MQM", "COMETKiwi")


def load_wmt22_zhen(
    names: tuple[str, ...] = ZHEN_COLUMNS,
) -> tuple[list[Item], dict[tuple[int, str], dict[str, float]]]:
    """WMT22 zh-en news MQM, MT outputs only, plus the file's metric columns `names` per item."""
    folder = require("wmt22_zhen_news.segments.tsv", "wmt22_zhen_news_mqm_metrics.tsv")
    segments = {int(r["line"]): r for r in read_tsv(folder / "wmt22_zhen_news.segments.tsv")}
    items, columns = [], {}
    for row in read_tsv(folder / "wmt22_zhen_news_mqm_metrics.tsv"):
        if row["system"] in HUMAN_SYSTEMS or row["mqm"] in ("", "None"):
            continue
        line = int(row["line"])
        seg = segments[line]
        items.append(
            Item(line, row["system"], Segment(row["hyp"], (seg["refA"],), seg["source"]), float(row["mqm"]))
        )
        columns[(line, row["system"])] = {name: float(row[name]) for name in names}
    return items, columns


def load_wmt22_ruen(every: int = 1) -> list[Item]:
    """WMT22 ru-en news crowd DA (z scores) against refA; `every` keeps one line in `every`."""
    folder = require("wmt22_ruen_news.segments.tsv", "wmt22_ruen_news_da.tsv")
    segments = {int(r["line"]): r for r in read_tsv(folder / "wmt22_ruen_news.segments.tsv")}
    items = []
    for row in read_tsv(folder / "wmt22_ruen_news_da.tsv"):
        if int(row["line"]) % every:
            continue
        seg = segments[int(row["line"])]
        items.append(
            Item(
                int(row["line"]),
                row["system"],
                Segment(row["hyp"], (seg["refA"],), seg["source"]),
                float(row["da_z"]),
            )
        )
    return items


# column order of caches written before the file recorded its column names
_F2_COLUMNS = (
    "cos_ref", "bs_p", "bs_r", "bs_f", "use_ref", "chrf", "bleu", "len_ratio", "len_gap", "src_script",
    "empty", "use_src",
)  # fmt: skip


def cached_features(name: str, items: list[Item]) -> list[dict[str, float]]:
    """Features for `items`, from bench/out/ when the same items and encoders were done.

    The embedding columns are the expensive part and are cached; the string features
    (`lexical_features`) are recomputed on every load, so they always match the code.
    """
    from qa.fidelity.encode.embed import cross_lingual_encoder, english_encoder

    english, cross = english_encoder(), cross_lingual_encoder()
    digest = hashlib.sha256()
    for item in items:
        digest.update(json.dumps([item.segment.hyp, item.segment.refs, item.segment.src]).encode())
    key = f"{EMBEDDING_VERSION}|{english.signature}|{cross.signature}|{digest.hexdigest()[:16]}"
    path = OUT / f"features_{name}.npz"
    rows: list[dict[str, float]] | None = None
    if path.is_file():
        with np.load(path, allow_pickle=False) as cached:
            if str(cached["key"]) == key:
                names = [str(n) for n in cached["names"]] if "names" in cached.files else list(_F2_COLUMNS)
                rows = [dict(zip(names, row, strict=True)) for row in cached["matrix"].tolist()]
    if rows is None:
        started = time.perf_counter()
        rows = []
        chunk = 2000
        for start in range(0, len(items), chunk):
            rows.extend(segment_features([i.segment for i in items[start : start + chunk]]))
            print(
                f"  {name}: {len(rows)}/{len(items)} segments, {time.perf_counter() - started:.0f} s",
                flush=True,
            )
        OUT.mkdir(parents=True, exist_ok=True)
        names = list(ALL_FEATURES)
        matrix = np.array([[row.get(f, np.nan) for f in names] for row in rows])
        np.savez(path, key=np.array(key), names=np.array(names), matrix=matrix)
    for item, row in zip(items, rows, strict=True):  # string features: always as the code says now
        seg = item.segment
        row.update(lexical_features(seg.hyp, seg.refs, seg.src))
    return rows


@dataclass
class TokenStore:
    """MiniLM word-piece vectors (float16, as the runtime cache holds them) and ids per text."""

    index: dict[str, int]
    offsets: np.ndarray  # (n + 1,) start of each text's rows
    vectors: np.ndarray  # (total, 384) float16
    ids: np.ndarray  # (total,) int32 word-piece ids

    def tokens(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        k = self.index[text]
        start, end = self.offsets[k], self.offsets[k + 1]
        return self.vectors[start:end], self.ids[start:end]


def cached_tokens(name: str, items: list[Item]) -> TokenStore:
    """Token vectors of every hypothesis and reference in `items`, cached in bench/out/.

    What the learned token head is trained on: exactly `EnglishEncoder.token_embeddings`."""
    from transformers import AutoTokenizer

    from qa.fidelity.encode.embed import english_encoder, minilm_path

    english = english_encoder()
    texts = sorted({t for i in items for t in (i.segment.hyp, *i.segment.refs)})
    digest = hashlib.sha256(json.dumps(texts).encode()).hexdigest()[:16]
    key = f"{english.signature}|{digest}"
    path = OUT / f"tokens_{name}.npz"
    if path.is_file():
        with np.load(path, allow_pickle=False) as cached:
            if str(cached["key"]) == key:
                return TokenStore(
                    {t: k for k, t in enumerate(texts)}, cached["offsets"], cached["vectors"], cached["ids"]
                )
    started = time.perf_counter()
    english.load()
    tokenizer = AutoTokenizer.from_pretrained(str(minilm_path()), local_files_only=True)
    vectors: list[np.ndarray] = []
    ids: list[np.ndarray] = []
    chunk = 1000  # below the encoder's token cache size, so nothing is computed twice
    for start in range(0, len(texts), chunk):
        part = texts[start : start + chunk]
        rows = english.token_embeddings(part)
        for text, row in zip(part, rows, strict=True):
            # the encoder reads a text longer than MAX_TOKENS in windows: one row per word piece
            pieces = tokenizer(text, add_special_tokens=False)["input_ids"]
            if len(pieces) != len(row):
                raise RuntimeError(f"token rows {len(row)} != word pieces {len(pieces)} for {text[:40]!r}")
            vectors.append(row)
            ids.append(np.array(pieces, dtype=np.int32))
        print(
            f"  tokens {name}: {start + len(part)}/{len(texts)}, {time.perf_counter() - started:.0f} s",
            flush=True,
        )
    offsets = np.concatenate([[0], np.cumsum([len(v) for v in vectors])]).astype(np.int64)
    matrix = np.concatenate(vectors).astype(np.float16) if vectors else np.zeros((0, 384), np.float16)
    id_array = np.concatenate(ids).astype(np.int32) if ids else np.zeros(0, np.int32)
    OUT.mkdir(parents=True, exist_ok=True)
    np.savez(path, key=np.array(key), offsets=offsets, vectors=matrix, ids=id_array)
    return TokenStore({t: k for k, t in enumerate(texts)}, offsets, matrix, id_array)


def with_token_features(name: str, items: list[Item], rows: list[dict[str, float]]) -> list[dict[str, float]]:
    """`rows` plus the token-histogram and token-head columns, from cached token vectors and the
    shipped model's head: what `segment_features` computes for these segments."""
    from qa.fidelity.features import row_token_features
    from qa.fidelity.head import load_model

    head = load_model().token_head
    store = cached_tokens(name, items)
    out = []
    for item, row in zip(items, rows, strict=True):
        hyp_tokens = store.tokens(item.segment.hyp)[0]
        ref_tokens = store.tokens(item.segment.refs[0])[0]
        out.append(row | row_token_features(row, hyp_tokens, ref_tokens, head))
    return out
