"""Does fidelity fall when one sentence's meaning is broken? DEMETR critical perturbations.

    .venv/bin/python bench/fidelity_demetr.py

DEMETR (ru and zh sources, ../shared/benchmarks/demetr_ru_zh_*.tsv) pairs a good MT sentence
with the same sentence after one critical edit: a number replaced, a named entity replaced
or removed (the shared extract holds no antonym or negation edits). For every item whose
edit applied (`pert_check` true), with the human reference and the source, this prints:
- the share where the score of the perturbed sentence is below the original's (the
  estimator in three modes, the previous MiniLM model, and sacrebleu chrF);
- the share where F101 marks the perturbed sentence (estimator score under the F101 line)
  and, as the false-alarm side, where it marks the original.
Nothing is fitted or chosen here.

    .venv/bin/python bench/fidelity_demetr.py --checker                         # fid-2 (default)
    QA_FIDELITY=estimator .venv/bin/python bench/fidelity_demetr.py --checker   # est-2

`--checker` runs the whole check instead (each sentence a document, the reference and/or the
source beside it) and counts F101 on the perturbed and on the original sentence, so the
sentences a number, date or quotation rule puts under the line count too
(`qa.fidelity.detected`), and the document fidelity's drops.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fidelity_common import read_tsv, require

CRITICAL = ("critical_id10_numbers_replaced", "critical_id9_ne_replaced", "critical_id25_ne_removed")


def load_rows() -> tuple[list[dict[str, str]], dict[tuple[str, str], dict[str, str]]]:
    folder = require("demetr_ru_zh_base.tsv", "demetr_ru_zh_perturbations.tsv")
    base = {(r["id"], r["lang_tag"]): r for r in read_tsv(folder / "demetr_ru_zh_base.tsv")}
    rows = [
        r
        for r in read_tsv(folder / "demetr_ru_zh_perturbations.tsv")
        if r["pert_name"] in CRITICAL and r["pert_check"] == "true" and r["mt_sent"] != r["pert_sent"]
    ]
    return rows, base


def print_table(results: dict[str, dict[str, list[float]]]) -> None:
    names = list(results["all"])
    keys = ["all", *CRITICAL]
    print("| measure | " + " | ".join(f"{k} (n={len(results[k][names[0]])})" for k in keys) + " |")
    print("|---|" + "---:|" * len(keys))
    for name in names:
        print(f"| {name} | " + " | ".join(f"{100 * np.mean(results[k][name]):.1f}%" for k in keys) + " |")


def run_checker() -> int:
    """F101 and the document score of the whole check, per mode."""
    import time

    from qa.config import Config
    from qa.document import Document, Text
    from qa.pipeline import Checker

    rows, base = load_rows()
    results: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    checkers = {lang: Checker(Config(src_lang=lang)) for lang in ("ru", "zh")}
    signature = ""
    for mode in ("ref+src", "ref", "src"):
        started = time.perf_counter()
        for r in rows:
            b = base[(r["id"], r["lang_tag"])]
            lang = "ru" if r["lang_tag"] == "russian" else "zh"
            refs = [Text(b["eng_sent"], "en")] if mode != "src" else []
            src = Text(b["src_sent"], lang) if mode != "ref" else None
            checked = [
                checkers[lang].check(Document(id=which, hyp=Text(hyp, "en"), refs=refs, src=src))
                for which, hyp in (("original", r["mt_sent"]), ("perturbed", r["pert_sent"]))
            ]
            marks = [any(f.rule == "F101" for f in c.findings) for c in checked]
            scores = [c.scores.get("fidelity") for c in checked]
            signature = checked[0].signatures.get("fidelity", signature)
            for key in (r["pert_name"], "all"):
                results[key][f"{mode}: document fidelity drops"].append(
                    float(None not in scores and scores[1] < scores[0])  # type: ignore[operator]
                )
                results[key][f"{mode}: F101 on perturbed"].append(float(marks[1]))
                results[key][f"{mode}: F101 on original"].append(float(marks[0]))
        print(f"{mode}: {2 * len(rows)} checks in {time.perf_counter() - started:.0f} s", flush=True)
    print(f"{len(rows)} critical perturbations applied; fidelity {signature}")
    print_table(results)
    return 0


def main() -> int:
    if "--checker" in sys.argv[1:]:
        return run_checker()
    from qa.fidelity.estimator import Triple, load_head, score_triples
    from qa.fidelity.features import Segment, lexical_features, segment_features
    from qa.fidelity.head import load_model

    rows, base = load_rows()
    head = load_head()
    print(f"{len(rows)} critical perturbations applied; F101 lines {head.f101_lines}")
    results: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for mode in ("ref+src", "ref", "src"):
        triples = []
        for r in rows:
            b = base[(r["id"], r["lang_tag"])]
            ref = b["eng_sent"] if mode != "src" else None
            src = b["src_sent"] if mode != "ref" else None
            line = head.f101_line(ref is not None, src is not None)
            triples += [Triple(r["mt_sent"], ref, src), Triple(r["pert_sent"], ref, src)]
        scores = score_triples(triples, head)
        for k, r in enumerate(rows):
            original, perturbed = scores[2 * k], scores[2 * k + 1]
            assert original is not None and perturbed is not None
            for key in (r["pert_name"], "all"):
                results[key][f"estimator {mode}: drops"].append(float(perturbed < original))
                results[key][f"estimator {mode}: F101 on perturbed"].append(float(perturbed < line))
                results[key][f"estimator {mode}: F101 on original"].append(float(original < line))
    legacy = load_model()
    segments = []
    for r in rows:
        b = base[(r["id"], r["lang_tag"])]
        segments += [
            Segment(r["mt_sent"], (b["eng_sent"],), None),
            Segment(r["pert_sent"], (b["eng_sent"],), None),
        ]
    legacy_scores = legacy.fidelity("ref", segment_features(segments))
    for k, r in enumerate(rows):
        b = base[(r["id"], r["lang_tag"])]
        chrf = [lexical_features(t, (b["eng_sent"],))["chrf"] for t in (r["mt_sent"], r["pert_sent"])]
        for key in (r["pert_name"], "all"):
            results[key][f"qa fidelity {legacy.version} (ref): drops"].append(
                float(legacy_scores[2 * k + 1] < legacy_scores[2 * k])
            )
            results[key]["sacrebleu chrF (ref): drops"].append(float(chrf[1] < chrf[0]))
    print_table(results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
