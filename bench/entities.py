"""Benchmark of the entity rules (E101 entity changed, E102 entity missing), with the name rules.

DEMETR (ru->en and zh->en subsets): `ne_replaced` swaps an entity of the MT for an unrelated
one, `ne_removed` deletes one. For each item with pert_check true the reference is eng_sent;
the perturbed MT (pert_sent) should get a finding, the unperturbed MT (mt_sent) should not.
* detection: any E101/E102 or N1xx finding on pert_sent;
* false alarm: any such finding on the unperturbed mt_sent, for the same items and for all
  200 base items.
The 200 base items are split by a seeded shuffle into a dev half (inspected, tuned on) and a
test half (reported only); an item's ne_replaced and ne_removed versions stay in one half.
Two modes: reference only, and reference + source (src_sent, ru or zh).

Human reference B checked against human reference A (no source, then with the Chinese
source): every finding is a false alarm or a real disagreement between two translations.
newstest2021 zh-en (650 segments) is where false alarms were studied and the precision rules
tuned; WMT22 zh-en news (505) is reported only. The run also times the entity check alone
(segments per second, WMT22).

Usage: .venv/bin/python bench/entities.py [--split test|dev|all] [--show N]
Data: QA_BENCHMARKS or ../shared/benchmarks relative to the repository.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from qa.checks.entities import EntityCheck
from qa.checks.interface import CheckContext
from qa.checks.names import NameCheck
from qa.config import Config
from qa.document import Document, Finding, Text
from qa.pipeline import prepare

DATA = Path(os.environ.get("QA_BENCHMARKS", Path(__file__).resolve().parents[2] / "shared" / "benchmarks"))
SEED = 20261128


@dataclass
class Item:
    key: tuple[str, str]
    lang: str
    kind: str  # ne_replaced | ne_removed
    ref: str
    src: str
    mt: str
    pert: str


def load_demetr() -> tuple[list[Item], dict[tuple[str, str], tuple[str, str, str, str]]]:
    base: dict[tuple[str, str], dict[str, str]] = {}
    with (DATA / "demetr_ru_zh_base.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            base[(row["lang_tag"], row["id"])] = row
    items: list[Item] = []
    unperturbed: dict[tuple[str, str], tuple[str, str, str, str]] = {}
    with (DATA / "demetr_ru_zh_perturbations.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            key = (row["lang_tag"], row["id"])
            lang = "ru" if row["lang_tag"] == "russian" else "zh"
            ref, src = base[key]["eng_sent"], base[key]["src_sent"]
            unperturbed[key] = (lang, ref, src, row["mt_sent"])
            name = row["pert_name"]
            if row["pert_check"] != "true" or not name.endswith(("ne_replaced", "ne_removed")):
                continue
            kind = "ne_replaced" if name.endswith("ne_replaced") else "ne_removed"
            items.append(Item(key, lang, kind, ref, src, row["mt_sent"], row["pert_sent"]))
    return items, unperturbed


def split_keys(keys: list[tuple[str, str]]) -> dict[str, set[tuple[str, str]]]:
    ordered = sorted(keys)
    random.Random(SEED).shuffle(ordered)
    half = len(ordered) // 2
    return {"dev": set(ordered[:half]), "test": set(ordered[half:]), "all": set(ordered)}


class Runner:
    """Runs the name and entity checks the way the pipeline does, on one (hyp, ref, src) triple."""

    def __init__(self) -> None:
        self.context = CheckContext(config=Config(no_model=True))
        self.checks = [NameCheck(), EntityCheck()]

    def findings(
        self, hyp: str, refs: list[str], src: str | None = None, lang: str | None = None
    ) -> list[Finding]:
        document = Document(
            id="x",
            hyp=Text(hyp, "en"),
            refs=[Text(r, "en") for r in refs],
            src=Text(src, lang) if src is not None and lang else None,
        )
        aligned = prepare(document, self.context.config)
        out: list[Finding] = []
        for check in self.checks:
            out.extend(check.run(aligned, self.context))
        return out


def describe(findings: list[Finding]) -> str:
    return "; ".join(f"{f.rule} {f.text[:40]!r}->{f.suggestion or ''}" for f in findings if f.rule[0] in "EN")


def run_demetr(runner: Runner, split: str, show: int) -> None:
    items, unperturbed = load_demetr()
    halves = split_keys(sorted(unperturbed))
    keys = halves[split]
    for mode in ("ref", "ref+src"):
        counts: Counter[str] = Counter()
        shown: list[str] = []
        for item in items:
            if item.key not in keys:
                continue
            src = item.src if mode == "ref+src" else None
            pert = [f for f in runner.findings(item.pert, [item.ref], src, item.lang) if f.rule[0] in "EN"]
            mt = [f for f in runner.findings(item.mt, [item.ref], src, item.lang) if f.rule[0] in "EN"]
            group = f"{item.kind}:{item.lang}"
            counts[f"{group}:n"] += 1
            counts[f"{group}:hit"] += bool(pert)
            counts[f"{group}:hit_e"] += any(f.rule.startswith("E") for f in pert)
            counts[f"{group}:alarm"] += bool(mt)
            counts[f"{group}:alarm_e"] += any(f.rule.startswith("E") for f in mt)
            for f in pert:
                counts[f"{group}:rule:{f.rule}"] += 1
            if show and len(shown) < show and (not pert or mt):
                shown.append(
                    f"  [{group} {'MISS' if not pert else 'ALARM'}] REF: {item.ref}\n      MT: {item.mt}\n"
                    f"      PERT: {item.pert}\n      mt findings: {describe(mt)}\n"
                    f"      pert findings: {describe(pert)}"
                )
        base_alarm = Counter()
        for key in sorted(keys):
            lang, ref, src_text, mt_sent = unperturbed[key]
            src = src_text if mode == "ref+src" else None
            found = [f for f in runner.findings(mt_sent, [ref], src, lang) if f.rule[0] in "EN"]
            base_alarm[f"{lang}:n"] += 1
            base_alarm[f"{lang}:any"] += bool(found)
            base_alarm[f"{lang}:e"] += any(f.rule.startswith("E") for f in found)
            for f in found:
                base_alarm[f"{lang}:rule:{f.rule}"] += 1
        print(f"\n[DEMETR {split} half, {mode}: detected = any E/N finding on pert_sent; alarm = on mt_sent]")
        for kind in ("ne_replaced", "ne_removed"):
            for lang in ("ru", "zh"):
                g = f"{kind}:{lang}"
                n = counts[f"{g}:n"]
                rules = ", ".join(
                    f"{k.split(':')[-1]} {v}" for k, v in sorted(counts.items()) if k.startswith(f"{g}:rule:")
                )
                hit, alarm = counts[f"{g}:hit"], counts[f"{g}:alarm"]
                print(
                    f"  {g:15s} n={n:3d}  detected {hit:3d} = {hit / max(n, 1):.3f}"
                    f" (E rules alone {counts[f'{g}:hit_e'] / max(n, 1):.3f})"
                    f"  unperturbed MT alarm {alarm:2d} = {alarm / max(n, 1):.3f}"
                    f" (E alone {counts[f'{g}:alarm_e']})  [{rules}]"
                )
        for lang in ("ru", "zh"):
            n = base_alarm[f"{lang}:n"]
            rules = ", ".join(
                f"{k.split(':')[-1]} {v}"
                for k, v in sorted(base_alarm.items())
                if k.startswith(f"{lang}:rule:")
            )
            alarms = base_alarm[f"{lang}:any"]
            print(
                f"  all base items {lang}: n={n:3d}  MT with any E/N finding {alarms:2d}"
                f" = {alarms / max(n, 1):.3f} (E alone {base_alarm[f'{lang}:e']})  [{rules}]"
            )
        for line in shown:
            print(line)


def run_human_pair(runner: Runner, path: Path, label: str, show: int) -> None:
    """Reference B checked against reference A: every finding is an alarm or a human disagreement."""
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    for mode in ("ref", "ref+src"):
        counts: Counter[str] = Counter()
        shown: list[str] = []
        for row in rows:
            src = row["source"] if mode == "ref+src" else None
            found = runner.findings(row["refB"], [row["refA"]], src, "zh")
            found = [f for f in found if f.rule.startswith("E")]
            counts["n"] += 1
            counts["any"] += bool(found)
            for rule in {f.rule for f in found}:
                counts[rule] += 1
            if found and len(shown) < show:
                shown.append(f"  A: {row['refA']}\n  B: {row['refB']}\n  -> {describe(found)}")
        n = counts["n"]
        print(
            f"\n[{label}, refB checked against refA, {mode}] segments {n}: with an E finding"
            f" {counts['any']} = {counts['any'] / n:.3f}  (segments with E101 {counts['E101']},"
            f" with E102 {counts['E102']})"
        )
        for line in shown:
            print(line)


def run_speed(runner: Runner) -> None:
    """Segments per second of the entity check alone, after alignment (done once for all checks)."""
    with (DATA / "wmt22_zhen_news.segments.tsv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    check = EntityCheck()
    context = runner.context
    prepared = [
        prepare(Document(id="x", hyp=Text(r["refB"], "en"), refs=[Text(r["refA"], "en")]), context.config)
        for r in rows
    ]
    list(check.run(prepared[0], context))  # load the alias table and the vocabulary once
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        for aligned in prepared:
            list(check.run(aligned, context))
        best = min(best, time.perf_counter() - started)
    print(
        f"\n[speed] EntityCheck alone, {len(prepared)} WMT22 segments (ref mode, best of 3):"
        f" {len(prepared) / best:.0f} segments/s"
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--split", choices=("test", "dev", "all"), default="test")
    parser.add_argument("--show", type=int, default=0, help="print up to N misses / alarms")
    parser.add_argument("--no-wmt", action="store_true")
    args = parser.parse_args()
    if not (DATA / "demetr_ru_zh_perturbations.tsv").exists():
        print(f"skipped: benchmark data not found in {DATA}")
        return 0
    runner = Runner()
    run_demetr(runner, args.split, args.show)
    if (DATA / "mqm_newstest2021_zhen.segments.tsv").exists():
        run_human_pair(
            runner, DATA / "mqm_newstest2021_zhen.segments.tsv", "newstest2021 zh-en (tuned on)", 0
        )
    if not args.no_wmt and (DATA / "wmt22_zhen_news.segments.tsv").exists():
        run_human_pair(
            runner, DATA / "wmt22_zhen_news.segments.tsv", "WMT22 zh-en news (not tuned on)", args.show
        )
        run_speed(runner)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
