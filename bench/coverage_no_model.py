"""C101 from the source alone without a model: a changed figure is not an omission, a dropped
sentence is.

On the WMT22 ru-en news refA translations (one document per news document, the Russian source
beside it, as `bench/false_alarms.py --sets ruen-src`), three variants through `qa batch
--no-model`:
- `clean`: as the translators wrote them; any C101 is a false alarm;
- `changed`: in each document, one seeded segment that writes a number in figures has that
  number changed (the number check's business, D101/D102); any C101 is a false alarm;
- `dropped`: in each document, one seeded segment that writes a number in figures is left out;
  found when a C101's source sentence lies inside that segment's source.

Nothing is tuned here (WMT22 is the test set). Data from $QA_BENCHMARKS (default
../shared/benchmarks); without it the bench says so and exits 0.

    nice -n 10 python bench/coverage_no_model.py [--seed 7] [--jobs 1]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from false_alarms import RUEN_SEGMENTS, ruen_documents, run_batch
from fidelity_common import require

_FIGURE = re.compile(r"\b\d+\b")


def _numbered_lines(document: dict[str, Any]) -> list[int]:
    hyp, src = document["hyp"].split("\n"), document["src"].split("\n")
    return [i for i, line in enumerate(hyp) if _FIGURE.search(line) and _FIGURE.search(src[i])]


def _changed(line: str, rng: random.Random) -> str:
    figures = list(_FIGURE.finditer(line))
    match = rng.choice(figures)
    value = int(match.group(0))
    return line[: match.start()] + str(value + rng.choice((1, 2, 3, 7))) + line[match.end() :]


def variants(documents: list[dict[str, Any]], seed: int) -> dict[str, list[dict[str, Any]]]:
    rng = random.Random(seed)
    changed, dropped = [], []
    for document in documents:
        lines = _numbered_lines(document)
        if not lines:
            continue
        index = rng.choice(lines)
        hyp = document["hyp"].split("\n")
        source_line = document["src"].split("\n")[index]
        edited = [*hyp[:index], _changed(hyp[index], rng), *hyp[index + 1 :]]
        changed.append({**document, "hyp": "\n".join(edited)})
        kept = hyp[:index] + hyp[index + 1 :]
        dropped.append({**document, "hyp": "\n".join(kept), "dropped_source": source_line})
    with_lines = {d["id"] for d in changed}
    clean = [d for d in documents if d["id"] in with_lines]
    return {"clean": clean, "changed": changed, "dropped": dropped}


def omissions(report: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    return {
        doc["id"]: [f for f in doc.get("findings", []) if f["rule"] == "C101"] for doc in report["documents"]
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    folder = require(RUEN_SEGMENTS)
    sets = variants(ruen_documents(folder), args.seed)
    print(f"WMT22 ru-en refA from the Russian source, --no-model, seed {args.seed}")
    print("| variant | documents | documents with C101 | C101 findings | dropped segment found |")
    print("|---|--:|--:|--:|--:|")
    for name, documents in sets.items():
        clean_documents = [{k: v for k, v in d.items() if k != "dropped_source"} for d in documents]
        report, _ = run_batch(clean_documents, no_model=True, jobs=args.jobs)
        found = omissions(report)
        with_c101 = sum(bool(v) for v in found.values())
        total = sum(len(v) for v in found.values())
        hit = "n/a"
        if name == "dropped":
            hits = 0
            for document in documents:
                for finding in found.get(document["id"], []):
                    evidence = finding["evidence"]
                    if evidence.get("source", "\0") in document["dropped_source"]:
                        hits += 1
                        break
            hit = f"{hits} ({hits / len(documents):.0%})"
        print(f"| {name} | {len(documents)} | {with_c101} | {total} | {hit} |")


if __name__ == "__main__":
    main()
