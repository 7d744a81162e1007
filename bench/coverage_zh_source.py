"""C101 from a Chinese source (or pivot) with models: a dropped sentence is found, a faithful
translation raises none.

On newstest2020 and 2021 zh-en (training years, never WMT22) the human refA translations,
one document per news document with the Chinese source beside it, through `qa batch`:
- `clean`: as the translators wrote them; any C101 is a false alarm;
- `dropped`: in each document of at least three segments, one seeded segment (not the first)
  is left out; found when a C101's source sentence lies inside that segment's source.
Segments are joined one a line on both sides, as an editor's files hold them.

    nice -n 10 python bench/coverage_zh_source.py [--seed 7] [--jobs 2] [--pivot]
"""

from __future__ import annotations

import argparse
import collections
import random
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from false_alarms import run_batch
from fidelity_common import read_tsv, require

SEGMENTS = ("mqm_newstest2020_zhen.segments.tsv", "mqm_newstest2021_zhen.segments.tsv")


def documents(folder: Path, pivot: bool) -> list[dict[str, Any]]:
    """refA with its Chinese source (or pivot), one document per news document."""
    by_doc: dict[str, list[dict[str, str]]] = collections.defaultdict(list)
    for name in SEGMENTS:
        for row in read_tsv(folder / name):
            if row["refA"].strip() and row["source"].strip():
                by_doc[f"{name[12:16]}:{row['doc']}"].append(row)
    out = []
    for doc_id, rows in sorted(by_doc.items()):
        rows.sort(key=lambda r: int(r["doc_seg"]))
        chinese = "\n".join(r["source"] for r in rows)
        record: dict[str, Any] = {"id": doc_id, "hyp": "\n".join(r["refA"] for r in rows)}
        record.update({"pivot": chinese, "pivot_lang": "zh"} if pivot else {"src": chinese, "src_lang": "zh"})
        out.append(record)
    return [d for d in out if d["hyp"].count("\n") >= 2]


def dropped(docs: list[dict[str, Any]], seed: int, pivot: bool) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    key = "pivot" if pivot else "src"
    out = []
    for document in docs:
        hyp = document["hyp"].split("\n")
        index = rng.randrange(1, len(hyp))
        kept = hyp[:index] + hyp[index + 1 :]
        out.append({**document, "hyp": "\n".join(kept), "dropped": document[key].split("\n")[index]})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--pivot", action="store_true", help="give the Chinese as the pivot")
    args = parser.parse_args()
    folder = require(*SEGMENTS)
    clean = documents(folder, args.pivot)
    sets = {"clean": clean, "dropped": dropped(clean, args.seed, args.pivot)}
    role = "pivot" if args.pivot else "source"
    print(f"newstest2020+2021 zh-en refA from the Chinese {role}, models, seed {args.seed}")
    print("| variant | documents | documents with C101 | C101 findings | dropped segment found |")
    print("|---|--:|--:|--:|--:|")
    for name, docs in sets.items():
        report, _ = run_batch(
            [{k: v for k, v in d.items() if k != "dropped"} for d in docs], False, args.jobs
        )
        found = {
            doc["id"]: [f for f in doc.get("findings", []) if f["rule"] == "C101"]
            for doc in report["documents"]
        }
        with_c101 = sum(bool(v) for v in found.values())
        total = sum(len(v) for v in found.values())
        hit = "n/a"
        if name == "dropped":
            hits = sum(
                any(f["evidence"].get(role, "\0") in d["dropped"] for f in found.get(d["id"], []))
                for d in docs
            )
            hit = f"{hits} ({hits / len(docs):.0%})"
        print(f"| {name} | {len(docs)} | {with_c101} | {total} | {hit} |")


if __name__ == "__main__":
    main()
