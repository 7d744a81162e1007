"""The English encoder alone: throughput, batch independence and closeness to fp32.

    python bench/encoder.py [--sentences 400]

Sentences: WMT22 ru-en news references (`wmt22_ruen_news.segments.tsv` in the benchmarks
folder). One torch thread (qa's default). For the row-wise int8 encoder (qa's default) and
fp32: sentences/s with all sentences in one call; whether each of the first 50 gets
bit-identical vectors alone and in the batch; then the int8 sentence vectors' cosine with
fp32's; then int8 throughput when the same sentences come in calls of 25 to 400 (what
`qa batch` encodes per chunk of documents).
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
csv.field_size_limit(sys.maxsize)


def benchmarks_dir() -> Path:
    return Path(os.environ.get("QA_BENCHMARKS", REPO.parent / "shared" / "benchmarks"))


def references(count: int) -> list[str]:
    path = benchmarks_dir() / "wmt22_ruen_news.segments.tsv"
    if not path.is_file():
        print(f"skipped: {path} not found (set QA_BENCHMARKS)")
        raise SystemExit(0)
    with path.open(encoding="utf-8") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [row["refA"] for _, row in zip(range(count), rows, strict=False)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=400)
    args = parser.parse_args()
    texts = references(args.sentences)
    from qa.fidelity.encode.embed import EnglishEncoder

    vectors = {}
    for quantize in (True, False):
        encoder = EnglishEncoder(threads=1, quantize=quantize)
        encoder.load()
        encoder._forward(texts[:20])  # first call pays one-time set-up
        started = time.perf_counter()
        together = encoder._forward(texts)
        seconds = time.perf_counter() - started
        alone = [encoder._forward([text])[0] for text in texts[:50]]
        identical = all(
            np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])
            for a, b in zip(alone, together, strict=False)
        )
        label = encoder.signature.rsplit("|", 1)[-1]
        vectors[label] = np.stack([row[0] for row in together])
        print(
            f"{label}: {len(texts) / seconds:.0f} sentences/s (1 thread, {len(texts)} in one call); "
            f"first 50 bit-identical alone and in the batch: {identical}"
        )
    cosine = (vectors["int8rows"] * vectors["fp32"]).sum(axis=1)
    print(f"int8rows vs fp32 sentence vectors: cosine mean {cosine.mean():.4f}, min {cosine.min():.4f}")
    encoder = EnglishEncoder(threads=1, quantize=True)
    encoder.load()
    encoder._forward(texts[:20])
    for size in (25, 50, 100, 200, 400):
        started = time.perf_counter()
        for start in range(0, len(texts), size):
            encoder._forward(texts[start : start + size])
        rate = len(texts) / (time.perf_counter() - started)
        print(f"int8rows, {size} sentences per call: {rate:.0f} sentences/s")


if __name__ == "__main__":
    main()
