"""How the Chinese name rules (qa.zh, N101 / N106) behave on real zh-en MT output with MQM labels.

Data (from QA_BENCHMARKS, never copied): WMT21 zh-en MQM (`mqm_newstest2021_zhen.items.jsonl`:
system outputs with rater error spans; `mqm_newstest2021_zhen.segments.tsv`: the Chinese
sources and two human references). For every system output the matcher runs with the
Chinese source (as `ChineseNameCheck` does when there is no reference) and without it.

Printed:
- findings, and how many overlap a span the MQM raters marked as an error (any category): a
  precision proxy (raters mark only what they notice, so it is a lower bound);
- recall of rater-marked "Locale_convention/Name" errors (mostly Chinese names and URLs, which
  these rules mostly do not target: a low figure is expected and reported as is);
- findings on the 2 x N human references (should be ~0: they are correct translations).

    .venv/bin/python bench/zh_names.py
"""

from __future__ import annotations

import csv
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from qa.names.engine import NameEngine  # noqa: E402
from qa.zh.match import ChineseNameMatcher  # noqa: E402

ITEMS = "mqm_newstest2021_zhen.items.jsonl"
SEGMENTS = "mqm_newstest2021_zhen.segments.tsv"


def benchmarks_dir() -> Path:
    default = Path(__file__).resolve().parents[2] / "shared" / "benchmarks"
    return Path(os.environ.get("QA_BENCHMARKS", default))


_EXPECTED: dict[tuple[str, str], list] = {}


def near_misses(engine: NameEngine, matcher: ChineseNameMatcher, hyp: str, source: str) -> list:
    """The engine's N101 on near misses of the Russian persons a Chinese source names."""
    key = (source, hyp)  # the hypothesis may settle which reading a part has (`latin_names`)
    if key not in _EXPECTED:
        names = matcher.latin_names(source, hyp=hyp)
        _EXPECTED[key] = engine.expected_from_latin(
            [words for words, _ in names],
            "pivot",
            evidence=[tuple(("source", chinese) for _, chinese in evidence) for _, evidence in names],
        )
    expected = _EXPECTED[key]
    if not expected:
        return []
    issues, _ = engine.check_against(hyp, expected)
    return [i for i in issues if i.rule == "N101" and "source" in dict(i.evidence)]


def main() -> int:
    data = benchmarks_dir()
    if not (data / ITEMS).exists() or not (data / SEGMENTS).exists():
        print(f"skipped: {ITEMS} / {SEGMENTS} not found in {data} (set QA_BENCHMARKS)")
        return 0
    csv.field_size_limit(10**9)
    with (data / SEGMENTS).open(encoding="utf-8", newline="") as handle:
        segments = {int(r["line"]): r for r in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)}
    items = [json.loads(line) for line in (data / ITEMS).open(encoding="utf-8")]
    matcher = ChineseNameMatcher()
    engine = NameEngine()
    started = time.time()
    counts: Counter[str] = Counter()
    name_errors = name_errors_found = 0
    for item in items:
        segment = segments.get(item["line"])
        if segment is None:
            continue
        hyp = item["hyp"]
        issues = matcher.against_chinese(hyp, segment["source"], "source")
        issues += near_misses(engine, matcher, hyp, segment["source"])
        covered = {(i.start, i.end) for i in issues}
        issues += matcher.pinyin_without_pivot(hyp, skip=covered)
        # A rater's error without a span (the whole segment) marks no token.
        error_spans = [(e[4], e[5]) for e in item["errors"] if e[3] == "target" and e[4] is not None]
        for issue in issues:
            counts[f"{issue.rule} findings"] += 1
            if any(start < issue.end and issue.start < end for start, end in error_spans):
                counts[f"{issue.rule} overlapping a rater-marked error"] += 1
        for error in item["errors"]:
            if error[1] == "Locale_convention/Name" and error[3] == "target" and error[4] is not None:
                name_errors += 1
                if any(i.start < error[5] and error[4] < i.end for i in issues):
                    name_errors_found += 1
    reference_findings = 0
    for segment in segments.values():
        for column in ("refA", "refB"):
            reference_findings += len(matcher.against_chinese(segment[column], segment["source"], "source"))
            reference_findings += len(near_misses(engine, matcher, segment[column], segment["source"]))
            reference_findings += len(matcher.pinyin_without_pivot(segment[column]))
    print(f"system outputs: {len(items)}; human references: {2 * len(segments)}")
    for key in sorted(counts):
        print(f"  {key}: {counts[key]}")
    print(f"rater-marked Locale_convention/Name errors found: {name_errors_found} / {name_errors}")
    print(f"findings on human references: {reference_findings}")
    print(f"elapsed {time.time() - started:.1f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
