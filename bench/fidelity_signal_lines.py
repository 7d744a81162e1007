"""Could a warning-level signal put a sentence under the F101 line? Training years only.

    QA_BENCHMARKS=<benchmarks> .venv/bin/python bench/fidelity_signal_lines.py --signal entity
    QA_BENCHMARKS=<benchmarks> .venv/bin/python bench/fidelity_signal_lines.py --signal negation --year 2021

Number, date, unit and quotation errors cap a sentence's fidelity (`qa.fidelity.detected`).
Two other signals of a changed meaning are too often a paraphrase to do so alone:
- `entity`: an E101 (entity of the reference replaced) or E102 (one missing) finding;
- `negation`: the translated sentence negates and the reference does not, or the other way
  round ("not", "never", "no", "n't", ... but not "not only", "no longer", "no more than").
Together with a middling model score they might: a sentence with the signal AND a fidelity
under `line` would go under the F101 line. For a range of lines this prints, on newstest2020 or
2021 zh-en with the reference and the source, through the real check with the default model
(one sentence a document; never WMT22, never DEMETR):
- the share of error-free MT sentences (MQM 0) that would be marked (the false-alarm side), and
- the share of the seeded synthetic critical errors (`fidelity_synthetic.py`: a name replaced
  or removed, a negation, an antonym, a number) that would be.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fidelity_common import load_mqm_train
from fidelity_e5 import SYNTHETIC_PER_YEAR, SYNTHETIC_SEED
from fidelity_synthetic import synthetic_items

LINES = (None, 95, 90, 85, 80, 75, 70, 60)
_NEGATION = re.compile(r"\b(?:not|never|no|none|nobody|nothing|neither|nor|cannot|without)\b|n['’]t\b", re.I)
_NOT_NEGATING = re.compile(
    r"\bnot only\b|\bno (?:longer|more than|less than|fewer than|matter|doubt)\b|\bnothing but\b"
    r"|\bnot (?:least|to mention|just)\b",
    re.I,
)


def negates(text: str) -> bool:
    return bool(_NEGATION.search(_NOT_NEGATING.sub(" ", text)))


def main() -> int:
    from qa.config import Config
    from qa.document import Document, Text
    from qa.pipeline import Checker

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--signal", choices=("entity", "negation"), default="entity")
    parser.add_argument("--year", type=int, choices=(2020, 2021), default=2020)
    args = parser.parse_args()
    items = load_mqm_train(args.year)
    clean = [i for i in items if i.score == 0 and i.segment.hyp.strip() and not i.system.startswith("Human")]
    synthetic = synthetic_items(items, SYNTHETIC_SEED + (args.year - 2020), SYNTHETIC_PER_YEAR)
    print(f"newstest{args.year}: {len(clean)} error-free MT sentences, {len(synthetic)} synthetic edits")
    checker = Checker(Config(src_lang="zh"))
    rows: dict[str, list[tuple[bool, bool, float]]] = defaultdict(list)
    started = time.perf_counter()
    for item in clean + synthetic:
        label = "error-free" if item.score == 0 else item.system.rsplit("+", 1)[1]
        seg = item.segment
        refs = [Text(seg.refs[0], "en")]
        result = checker.check(Document(id="x", hyp=Text(seg.hyp, "en"), refs=refs, src=Text(seg.src, "zh")))
        rules = {f.rule for f in result.findings}
        if args.signal == "entity":
            signal = bool(rules & {"E101", "E102"})
        else:
            signal = negates(seg.hyp) != negates(seg.refs[0])
        rows[label].append((signal, "F101" in rules, float(result.scores.get("fidelity") or 0.0)))
    print(f"{sum(len(v) for v in rows.values())} checks in {time.perf_counter() - started:.0f} s")
    print(f"signal: {args.signal}")
    print("| line | " + " | ".join(f"{k} (n={len(v)})" for k, v in sorted(rows.items())) + " |")
    print("|---:|" + "---:|" * len(rows))
    for line in LINES:
        cells = []
        for _label, values in sorted(rows.items()):
            signal, marked, score = (np.array(x) for x in zip(*values, strict=True))
            flagged = marked | (signal & (score < line)) if line is not None else marked
            cells.append(f"{100 * flagged.mean():.1f}%")
        print(f"| {'F101 today' if line is None else line} | " + " | ".join(cells) + " |")
    shares = ", ".join(f"{k} {100 * np.mean([v[0] for v in rows[k]]):.1f}%" for k in sorted(rows))
    print(f"the signal at all: {shares}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
