"""Where should an entity change (E101, E102) put a sentence under the F101 line? Training years only.

    QA_BENCHMARKS=<benchmarks folder> .venv/bin/python bench/fidelity_entity_line.py

E101 (an entity of the reference replaced) and E102 (one missing) are warnings: on sentences
professionals found error-free they fire too often (a paraphrase, another romanisation) to
overrule the fidelity model by themselves. Together with a middling model score they may: a
sentence with an entity change AND a score under `line` would go under the F101 line. This
measures, for a range of lines, on newstest2020 zh-en with the reference and the source
(never WMT22, never DEMETR):
- the share of error-free MT sentences (MQM 0) that would be marked (the false-alarm side), and
- the share of the seeded synthetic critical errors (`fidelity_synthetic.py`: a name replaced
  or removed, a negation, an antonym, a number) that would be,
for the default model (fid-2) through the real check (one sentence a document).
"""

from __future__ import annotations

import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fidelity_common import load_mqm_train
from fidelity_e5 import SYNTHETIC_PER_YEAR, SYNTHETIC_SEED
from fidelity_synthetic import synthetic_items

SEED = 20261204
CLEAN_SAMPLE = 3000
LINES = (40, 50, 60, 65, 70, 75, 80, 85, 90)
ENTITY_RULES = ("E101", "E102")


def main() -> int:
    from qa.config import Config
    from qa.document import Document, Text
    from qa.pipeline import Checker

    items = load_mqm_train(2020)
    clean = [i for i in items if i.score == 0 and i.segment.hyp.strip() and not i.system.startswith("Human")]
    random.Random(SEED).shuffle(clean)
    clean = clean[:CLEAN_SAMPLE]
    synthetic = synthetic_items(items, SYNTHETIC_SEED, SYNTHETIC_PER_YEAR)
    print(f"newstest2020: {len(clean)} error-free MT sentences, {len(synthetic)} synthetic edits")
    checker = Checker(Config(src_lang="zh"))
    rows: dict[str, list[tuple[bool, bool, float]]] = defaultdict(list)
    started = time.perf_counter()
    for kind, group in (("error-free", clean), *(("synthetic", [i]) for i in synthetic)):
        for item in group:
            label = kind if kind == "error-free" else item.system.rsplit("+", 1)[1]
            seg = item.segment
            doc = Document(
                id="x", hyp=Text(seg.hyp, "en"), refs=[Text(seg.refs[0], "en")], src=Text(seg.src, "zh")
            )
            result = checker.check(doc)
            rules = {f.rule for f in result.findings}
            fidelity = result.scores.get("fidelity")
            rows[label].append((bool(rules & set(ENTITY_RULES)), "F101" in rules, float(fidelity or 0.0)))
    print(f"{sum(len(v) for v in rows.values())} checks in {time.perf_counter() - started:.0f} s")
    print("| line | " + " | ".join(f"{k} (n={len(v)})" for k, v in sorted(rows.items())) + " |")
    print("|---:|" + "---:|" * len(rows))
    for line in (None, *LINES):
        cells = []
        for _label, values in sorted(rows.items()):
            entity, marked, score = (np.array(x) for x in zip(*values, strict=True))
            flagged = marked | (entity & (score < line)) if line is not None else marked
            cells.append(f"{100 * flagged.mean():.1f}%")
        print(f"| {'F101 today' if line is None else line} | " + " | ".join(cells) + " |")
    counts = Counter(label for label, values in rows.items() for e, _, _ in values if e)
    print(
        "entity finding (E101/E102) at all: "
        + ", ".join(f"{k} {100 * counts[k] / len(rows[k]):.1f}%" for k in sorted(rows))
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
