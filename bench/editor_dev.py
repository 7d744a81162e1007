"""Session 11's dev checks: what the editor's fixes change on newstest2021 zh-en (a training year).

Data (from QA_BENCHMARKS, never copied): `mqm_newstest2021_zhen.segments.tsv` (Chinese source,
human refA and refB) and `mqm_newstest2021_zhen.items.jsonl` (13 systems' outputs with the
MQM raters' error spans). Nothing here reads WMT22 or DEMETR.

1. names: N101 against refA, on refB (every finding a false alarm, an upper bound) and on the
   system outputs (how many overlap a rater-marked error span);
2. entities: E101 / E102 with refA and the Chinese source, on refB and on every third system
   output (E101 overlapping a rater-marked span);
3. numbers: D101-D103 with refA and the source, the same texts;
4. coverage: C101 with models against refA, one document per news document, refB as the
   translation: as written (any C101 a false alarm) and with one seeded segment left out
   (found: a C101 whose reference sentence is in that segment).

Decision rule (declared before the WMT22 false-alarm read of this session): a change is
kept when, here, the false alarms on refB (names N101, entities E101, numbers D1xx, coverage
C101 on the clean documents) do not rise by more than one finding each, and the findings on
system outputs that overlap rater-marked errors do not fall; then `bench/false_alarms.py`
must still show the gate share <= 1% and F101 <= 3% of sentences on the error-free WMT22 text.

    QA_BENCHMARKS=<benchmarks folder> nice -n 10 python bench/editor_dev.py
        [--only names,entities,numbers,coverage]

Without the benchmarks folder it says so and exits 0.
"""

from __future__ import annotations

import argparse
import collections
import csv
import json
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SEGMENTS = "mqm_newstest2021_zhen.segments.tsv"
ITEMS = "mqm_newstest2021_zhen.items.jsonl"
PARTS = ("names", "entities", "numbers", "coverage")


def benchmarks_dir() -> Path:
    default = Path(__file__).resolve().parents[2] / "shared" / "benchmarks"
    return Path(os.environ.get("QA_BENCHMARKS", default))


def _spans(item: dict[str, Any]) -> list[tuple[int, int]]:
    return [(e[4], e[5]) for e in item["errors"] if e[3] == "target" and e[4] is not None]


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(a < end and start < b for a, b in spans)


def names(segments: dict[int, dict[str, str]], items: list[dict[str, Any]]) -> collections.Counter[str]:
    from qa.names.engine import NameEngine

    engine = NameEngine()
    counts: collections.Counter[str] = collections.Counter()
    for segment in segments.values():
        counts["refB N101"] += sum(
            i.rule == "N101" for i in engine.check(segment["refB"], refs=[segment["refA"]])
        )
    for item in items:
        segment = segments.get(item["line"])
        if segment is None:
            continue
        for issue in engine.check(item["hyp"], refs=[segment["refA"]]):
            if issue.rule == "N101":
                counts["MT N101"] += 1
                counts["MT N101 on a rater-marked error"] += _overlaps(issue.start, issue.end, _spans(item))
    return counts


def _check_pair(check: Any, hyp: str, segment: dict[str, str]) -> list[Any]:
    from qa.config import Config
    from qa.document import Document, Text
    from qa.pipeline import prepare

    document = Document(
        id="t", hyp=Text(hyp, "en"), refs=[Text(segment["refA"], "en")], src=Text(segment["source"], "zh")
    )
    return list(check.run(prepare(document, Config(no_model=True)), None))


def pairs(
    segments: dict[int, dict[str, str]], items: list[dict[str, Any]], part: str
) -> collections.Counter[str]:
    """Entities or numbers on refB and every third system output, with refA and the source."""
    if part == "entities":
        from qa.checks.entities import EntityCheck as Check

        counted = ("E101", "E102")
    else:
        from qa.checks.numbers import NumberCheck as Check  # type: ignore[assignment]

        counted = ("D101", "D102", "D103")
    check = Check()
    counts: collections.Counter[str] = collections.Counter()
    for segment in segments.values():
        for finding in _check_pair(check, segment["refB"], segment):
            if finding.rule in counted:
                counts[f"refB {finding.rule}"] += 1
    for item in items[::3]:
        segment = segments.get(item["line"])
        if segment is None:
            continue
        for finding in _check_pair(check, item["hyp"], segment):
            if finding.rule in counted:
                counts[f"MT/3 {finding.rule}"] += 1
                span = finding.span
                if span is not None and _overlaps(span.start, span.end, _spans(item)):
                    counts[f"MT/3 {finding.rule} on a rater-marked error"] += 1
    return counts


def coverage(segments: dict[int, dict[str, str]], seed: int = 7) -> collections.Counter[str]:
    from qa.config import Config
    from qa.document import Document, Text
    from qa.io.inputs import BatchItem
    from qa.pipeline import Checker

    documents: dict[str, list[dict[str, str]]] = collections.defaultdict(list)
    for line in sorted(segments):
        documents[segments[line]["doc"]].append(segments[line])
    rng = random.Random(seed)
    items, dropped = [], {}
    for doc_id, rows in sorted(documents.items()):
        reference = Text("\n".join(r["refA"] for r in rows), "en")
        variants = [("clean", rows)]
        if len(rows) >= 3:
            k = rng.randrange(1, len(rows))
            dropped[doc_id] = rows[k]["refA"]
            variants.append(("dropped", [r for i, r in enumerate(rows) if i != k]))
        for kind, kept in variants:
            name = f"{doc_id}:{kind}"
            hyp = Text("\n".join(r["refB"] for r in kept), "en")
            items.append(BatchItem(name, "dev", Document(id=name, hyp=hyp, refs=[reference]), None))
    counts: collections.Counter[str] = collections.Counter()
    for result in Checker(Config(select=("C",))).check_items(items):
        doc_id, kind = result.id.rsplit(":", 1)
        omitted = [f for f in result.findings if f.rule == "C101"]
        counts[f"{kind} documents"] += 1
        counts[f"{kind} C101"] += len(omitted)
        if kind == "dropped":
            counts["dropped found"] += any(
                dict(f.evidence).get("reference", "\0") in dropped[doc_id] for f in omitted
            )
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(PARTS))
    args = parser.parse_args()
    data = benchmarks_dir()
    if not (data / SEGMENTS).exists() or not (data / ITEMS).exists():
        print(f"skipped: {SEGMENTS} / {ITEMS} not found in {data} (set QA_BENCHMARKS)")
        return 0
    csv.field_size_limit(10**9)
    with (data / SEGMENTS).open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        segments = {int(r["line"]): r for r in rows}
    items = [json.loads(line) for line in (data / ITEMS).open(encoding="utf-8")]
    for part in [p for p in args.only.split(",") if p]:
        started = time.time()
        if part == "names":
            counts = names(segments, items)
        elif part in ("entities", "numbers"):
            counts = pairs(segments, items, part)
        elif part == "coverage":
            counts = coverage(segments)
        else:
            raise SystemExit(f"unknown part {part!r}")
        print(f"## {part} ({time.time() - started:.1f} s)")
        for key, value in sorted(counts.items()):
            print(f"  {key}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
