"""Speed and memory of the whole check, side by side with a plain sacrebleu chrF pass.

Documents are built from the WMT22 ru-en news system outputs in the benchmarks folder
(hypothesis, reference and Russian source per document, grouped by system and document)
until the wanted number of segments is reached; the manifest is written to bench/out/.
Both passes run in this one process, on the same data, one after the other.

    python bench/speed.py [--segments N] [--jobs N] [--no-model] [--metrics bleu,chrf,ter]

Peak memory: this process's peak RSS plus, with --jobs > 1, jobs x the largest worker's
peak RSS (getrusage reports the largest child, not the sum): an upper bound.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
OUT = REPO / "bench" / "out"
csv.field_size_limit(sys.maxsize)


def benchmarks_dir() -> Path:
    return Path(os.environ.get("QA_BENCHMARKS", REPO.parent / "shared" / "benchmarks"))


def build_manifest(segments: int) -> tuple[Path, int, int]:
    """A JSONL manifest of whole documents with at least `segments` segments in all."""
    folder = benchmarks_dir()
    seg_file, da_file = folder / "wmt22_ruen_news.segments.tsv", folder / "wmt22_ruen_news_da.tsv"
    if not seg_file.is_file() or not da_file.is_file():
        print(f"skipped: {seg_file} or {da_file} not found (set QA_BENCHMARKS)")
        raise SystemExit(0)
    with seg_file.open(encoding="utf-8") as handle:
        rows = {int(r["line"]): r for r in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)}
    outputs: dict[tuple[str, str], dict[int, str]] = defaultdict(dict)
    with da_file.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            outputs[(row["system"], row["doc"])][int(row["line"])] = row["hyp"]
    OUT.mkdir(parents=True, exist_ok=True)
    manifest = OUT / f"speed-{segments}.jsonl"
    count = documents = 0
    with manifest.open("w", encoding="utf-8") as out:
        while count < segments:  # cycle through the data again if it is too small
            for (system, doc), lines in sorted(outputs.items()):
                order = sorted(lines)
                out.write(
                    json.dumps(
                        {
                            "id": f"{system}/{doc}/{documents}",
                            "hyp": "\n".join(lines[i] for i in order),
                            "ref": "\n".join(rows[i]["refA"] for i in order),
                            "src": "\n".join(rows[i]["source"] for i in order),
                            "src_lang": "ru",
                        },
                        ensure_ascii=False,
                    )
                    + "\n"
                )
                count += len(order)
                documents += 1
                if count >= segments:
                    break
    return manifest, documents, count


def chrf_pass(manifest: Path) -> float:
    """Seconds for sacrebleu's sentence chrF over every line plus a corpus chrF."""
    from sacrebleu.metrics import CHRF

    start = time.perf_counter()
    chrf = CHRF(word_order=2)
    hyps: list[str] = []
    refs: list[str] = []
    with manifest.open(encoding="utf-8") as handle:
        for line in handle:
            doc = json.loads(line)
            hyps.extend(doc["hyp"].split("\n"))
            refs.extend(doc["ref"].split("\n"))
    for hyp, ref in zip(hyps, refs, strict=True):
        chrf.sentence_score(hyp, [ref])
    chrf.corpus_score(hyps, [refs])
    return time.perf_counter() - start


def full_pass(manifest: Path, jobs: int, no_model: bool, metrics: tuple[str, ...]) -> tuple[float, int]:
    from qa.config import Config
    from qa.io.inputs import iter_batch
    from qa.pipeline import Checker, check_stream, finish
    from qa.report import get_renderer

    start = time.perf_counter()
    config = Config(no_model=no_model, jobs=jobs, metrics=metrics)
    checker = Checker(config) if jobs == 1 else None
    results = list(check_stream(iter_batch(str(manifest)), config, jobs, checker, keep_alignment=False))
    report = finish(results, config, checker)
    get_renderer("json").render(report, config)
    errors = sum(1 for r in results if r.status != "checked")
    return time.perf_counter() - start, errors


def peak_mb(jobs: int) -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own + (jobs * child if jobs > 1 else 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--no-model", action="store_true")
    parser.add_argument("--metrics", default="bleu,chrf,ter", help="sacrebleu scores (default: all three)")
    args = parser.parse_args()
    manifest, documents, segments = build_manifest(args.segments)
    chrf_seconds = chrf_pass(manifest)
    metrics = tuple(m for m in args.metrics.split(",") if m)
    seconds, errors = full_pass(manifest, args.jobs, args.no_model, metrics)
    mode = (
        "no-model" if args.no_model else "full (all rules, fidelity on)"
    ) + f", metrics {','.join(metrics)}"
    print(f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, {platform.machine()}")
    print(
        f"data: {documents} documents, {segments} segments (WMT22 ru-en news outputs), "
        f"jobs={args.jobs}, {mode}"
    )
    print(f"sacrebleu chrF pass: {chrf_seconds:.2f} s ({segments / chrf_seconds:.0f} segments/s)")
    print(
        f"qa check pass:       {seconds:.2f} s ({segments / seconds:.1f} segments/s, "
        f"{documents / seconds:.2f} documents/s), {errors} document error(s)"
    )
    print(f"ratio qa/chrF time:  {seconds / chrf_seconds:.1f}x")
    print(f"peak memory:         {peak_mb(args.jobs):.0f} MB (upper bound)")


if __name__ == "__main__":
    main()
