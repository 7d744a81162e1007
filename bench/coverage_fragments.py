"""Where C102 against a source draws the line between a split sentence and an addition.

Against a source the aligner pairs at most two translation sentences with one source sentence,
so a translator's split in three (or a quote cut off from its "he said") leaves a fragment
unmatched, and USE may put the fragment alone far from the source. `qa.checks.coverage` keeps
an unmatched sentence that *completes* a neighbour's match: appended to the neighbour, the
group's cosine with the matched source keeps at least `COMPLETES_RATIO` of its value. This
bench measures that ratio on newstest2020/2021 zh-en (training data, never WMT22):
- fragments: the human references (refA, refB) checked from the source alone, every
  unmatched sentence the encoder alone would call an addition;
- additions: the same references with a sentence of another document's reference appended,
  the appended sentence (when the aligner leaves it unmatched).
It prints the ratio's distribution for both and, for candidate thresholds, the share of
fragments still flagged (false alarms) and of additions caught.

    nice -n 10 python bench/coverage_fragments.py [--limit N]
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from fidelity_common import read_tsv, require  # noqa: E402

from qa.checks.coverage import CROSS_COSINE_MAX, neighbour_ratios  # noqa: E402
from qa.config import Config  # noqa: E402
from qa.document import Document, Text  # noqa: E402
from qa.pipeline import prepare  # noqa: E402

THRESHOLDS = (0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0)
FILES = ("mqm_newstest2020_zhen.segments.tsv", "mqm_newstest2021_zhen.segments.tsv")


def flagged(hyp: str, src: str, only_last: bool = False) -> tuple[int, list[int]]:
    """(candidates, flagged count per threshold): unmatched translation sentences far from every
    source sentence, and how many of them each threshold leaves as additions."""
    doc = prepare(Document("x", Text(hyp, "en"), [], Text(src, "zh")), Config())
    alignment = doc.src_alignment
    assert alignment is not None and doc.doc.src is not None
    matched = {i for p in alignment.pairs if p.other for i in p.hyp}
    unmatched = [s.index for s in doc.doc.hyp.sentences if s.index not in matched]
    if only_last:
        unmatched = [i for i in unmatched if i == len(doc.doc.hyp.sentences) - 1]
    if not unmatched:
        return 0, [0] * len(THRESHOLDS)
    from qa.fidelity.encode.embed import cross_lingual_encoder

    encoder = cross_lingual_encoder()
    texts = [doc.doc.hyp.sentences[i].text for i in unmatched]
    best = (encoder.encode(texts) @ encoder.encode([s.text for s in doc.doc.src.sentences]).T).max(axis=1)
    far = [i for i, cosine in zip(unmatched, best, strict=True) if cosine < CROSS_COSINE_MAX]
    counts = []
    for threshold in THRESHOLDS:
        found = neighbour_ratios(alignment, doc.doc.hyp, far, "hyp", threshold)
        counts.append(sum(1 for i in far if found.get(i, -1.0) < threshold))
    return len(far), counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    folder = require(*FILES)
    rows = [row for name in FILES for row in read_tsv(folder / name)]
    if args.limit:
        rows = rows[: args.limit]
    rng = random.Random(12)
    fragments = additions = documents = 0
    fragment_flags = [0] * len(THRESHOLDS)
    addition_flags = [0] * len(THRESHOLDS)
    for row in rows:
        for key in ("refA", "refB"):
            hyp = row.get(key, "").strip()
            if not hyp:
                continue
            documents += 1
            found, counts = flagged(hyp, row["source"])
            fragments += found
            fragment_flags = [a + b for a, b in zip(fragment_flags, counts, strict=True)]
        other = rng.choice(rows)
        while other["doc"] == row["doc"]:
            other = rng.choice(rows)
        if row["refA"].strip() and other["refA"].strip():
            found, counts = flagged(row["refA"].strip() + " " + other["refA"].strip(), row["source"], True)
            additions += found
            addition_flags = [a + b for a, b in zip(addition_flags, counts, strict=True)]
    print(f"{documents} reference segments; {fragments} unmatched sentences far from the source (fragments);")
    print(f"{additions} appended sentences of another document left unmatched and far (additions)")
    print("| threshold | fragments flagged (false alarms) | additions caught |")
    print("|--:|--:|--:|")
    for threshold, flags, caught in zip(THRESHOLDS, fragment_flags, addition_flags, strict=True):
        print(
            f"| {threshold:.2f} | {flags} ({100 * flags / max(1, documents):.2f}% of segments) "
            f"| {caught}/{additions} ({100 * caught / max(1, additions):.1f}%) |"
        )


if __name__ == "__main__":
    main()
