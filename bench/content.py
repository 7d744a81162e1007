"""Content-check benchmark: numbers/dates (D101-D103), untranslated text (U101), quotations (Q101).

Sections (data from QA_BENCHMARKS or ../shared/benchmarks next to the repository):
1. DEMETR `numbers_replaced` (ru->en and zh->en): detection on the perturbed translations
   (pert_sent, pert_check=true), false alarms on their unperturbed versions (mt_sent) and on
   the mt_sent of every sentence; against the reference (eng_sent), then the source only.
   The sentences are split by a seeded shuffle of their (language, id) keys into a dev half,
   the only half looked at while writing the rules, and a test half, the one reported.
2. Held-out human translations as hypotheses (WMT22 news, never looked at while writing the
   rules): zh-en refB against refA, refA against the Chinese source, ru-en refA against the
   Russian source. Every finding counts as a false alarm, though some are real discrepancies
   between two human translations: an upper bound.
3. Synthetic number substitutions on the same WMT22 texts (seeded): one digit-written value of
   a human translation changed, then checked against the other reference or the source.
4. U101 on the 13 MT systems of newstest2021 zh-en, against the MQM annotations.

    python bench/content.py                 # the report (DEMETR test half)
    python bench/content.py --split dev --show   # the dev half, with every miss and alarm
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from qa.checks.numbers import NumberCheck
from qa.checks.quotes import QuoteCheck
from qa.checks.untranslated import UntranslatedCheck
from qa.config import Config
from qa.document import Document, Text
from qa.numbers import extract
from qa.pipeline import prepare

DATA = Path(os.environ.get("QA_BENCHMARKS", Path(__file__).resolve().parents[2] / "shared" / "benchmarks"))
PERTURBATION = "critical_id10_numbers_replaced"
SEED = 20171914
LANG = {"russian": "ru", "chinese_simple": "zh"}
CONFIG = Config(no_model=True)
CHECKS = (NumberCheck(), UntranslatedCheck(), QuoteCheck())


def read_tsv(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def findings(hyp: str, refs: list[str], src: str | None = None, src_lang: str = "ru", checks=CHECKS) -> list:
    doc = Document(
        id="b",
        hyp=Text(hyp, "en"),
        refs=[Text(r, "en") for r in refs],
        src=Text(src, src_lang) if src is not None else None,
    )
    aligned = prepare(doc, CONFIG)
    return [f for check in checks for f in check.run(aligned, None)]


# 1. DEMETR -------------------------------------------------------------------------------


def demetr_items() -> list[dict[str, str]]:
    sources = {(r["lang_tag"], r["id"]): r for r in read_tsv("demetr_ru_zh_base.tsv")}
    items = []
    for row in read_tsv("demetr_ru_zh_perturbations.tsv"):
        if row["pert_name"] == PERTURBATION:
            source = sources[(row["lang_tag"], row["id"])]
            items.append({**row, "src_sent": source["src_sent"], "eng_sent": source["eng_sent"]})
    return items


def demetr_split(items: list[dict[str, str]], which: str) -> list[dict[str, str]]:
    keys = sorted({(item["lang_tag"], item["id"]) for item in items})
    random.Random(SEED).shuffle(keys)
    dev = set(keys[: len(keys) // 2])
    if which == "all":
        return items
    return [i for i in items if ((i["lang_tag"], i["id"]) in dev) == (which == "dev")]


def demetr_run(items: list[dict[str, str]], mode: str, show: bool) -> dict[str, int]:
    """Detection on perturbed items; false alarms on their unperturbed versions and on all mt_sent."""
    number_check = (NumberCheck(),)
    counts = Counter()
    for item in items:
        lang = LANG[item["lang_tag"]]
        refs, src = ([item["eng_sent"]], None) if mode == "reference" else ([], item["src_sent"])
        false = findings(item["mt_sent"], refs, src, lang, number_check)
        counts["all"] += 1
        counts["all_alarms"] += bool(false)
        if show and false:
            print(f"ALARM [{mode}] {item['lang_tag']} {item['id']}: {[f.message for f in false]}")
        if item["pert_check"] != "true":
            continue
        caught = findings(item["pert_sent"], refs, src, lang, number_check)
        counts["n"] += 1
        counts["detected"] += bool(caught)
        counts["alarms"] += bool(false)
        if show and not caught:
            print(f"MISS  [{mode}] {item['lang_tag']} {item['id']}")
            print(f"  pert: {item['pert_sent']}\n  other: {(refs or [src])[0]}")
    return counts


def pct(part: int, whole: int) -> str:
    return f"{part}/{whole} = {100 * part / whole:.1f}%" if whole else "-"


def section_demetr(split: str, show: bool) -> None:
    items = demetr_split(demetr_items(), split)
    perturbed = sum(i["pert_check"] == "true" for i in items)
    print(f"## 1. DEMETR {PERTURBATION}, {split} half (seed {SEED}):", end=" ")
    print(f"{len(items)} sentences, {perturbed} perturbed")
    print(f"{'compared with':<24} {'detected':>18} {'false alarms':>18} {'all mt_sent':>18}")
    subsets = (
        ("reference (eng_sent)", "reference", ("russian", "chinese_simple")),
        ("source only (ru)", "source", ("russian",)),
        ("source only (zh)", "source", ("chinese_simple",)),
    )
    for label, mode, langs in subsets:
        c = demetr_run([i for i in items if i["lang_tag"] in langs], mode, show)
        print(
            f"{label:<24} {pct(c['detected'], c['n']):>18} {pct(c['alarms'], c['n']):>18} "
            f"{pct(c['all_alarms'], c['all']):>18}"
        )


# 2. Human translations as hypotheses ---------------------------------------------------------


def human_pairs() -> list[tuple[str, str, list[str], str | None, str]]:
    """(label, hyp, refs, src, src_lang) for the held-out WMT22 news segments."""
    pairs = []
    for row in read_tsv("wmt22_zhen_news.segments.tsv"):
        if row["refA"] and row["refB"]:
            pairs.append(("zh-en refB vs refA", row["refB"], [row["refA"]], None, "zh"))
        if row["refA"]:
            pairs.append(("zh-en refA vs source", row["refA"], [], row["source"], "zh"))
    for row in read_tsv("wmt22_ruen_news.segments.tsv"):
        if row["refA"]:
            pairs.append(("ru-en refA vs source", row["refA"], [], row["source"], "ru"))
    return pairs


def section_human(show: bool) -> None:
    print("\n## 2. Findings on human translations (WMT22 news, held out): false-alarm upper bound")
    print(f"{'pair':<22} {'segments':>8} {'D101-D103':>16} {'U101':>14} {'Q101':>14}")
    by_label: dict[str, Counter] = {}
    for label, hyp, refs, src, lang in human_pairs():
        c = by_label.setdefault(label, Counter())
        found = findings(hyp, refs, src, lang)
        c["n"] += 1
        for family in ("D", "U", "Q"):
            hit = [f for f in found if f.rule.startswith(family)]
            c[family] += bool(hit)
            if show and hit:
                print(f"  {label}: {[f.message for f in hit]}")
    for label, c in by_label.items():
        rates = f"{pct(c['D'], c['n']):>16} {pct(c['U'], c['n']):>14} {pct(c['Q'], c['n']):>14}"
        print(f"{label:<22} {c['n']:>8} {rates}")


# 3. Synthetic substitutions -------------------------------------------------------------------


def substitute(text: str, rng: random.Random) -> str | None:
    """The text with one digit-written value changed by a plausible amount, or None."""
    values = [q for q in extract(text, "en") if not q.weak and re.search(r"\d", q.text)]
    if not values:
        return None
    quantity = rng.choice(values)
    run = re.search(r"\d+", quantity.text)  # the most significant digits
    assert run is not None
    old = run.group(0)
    if len(old) < 3:
        new = str(int(old) + rng.choice([1, 2, 3, 5, 10]))
    else:  # change one of the two leading digits, keep the length
        position = rng.choice([0, 1])
        digit = (int(old[position]) + rng.randint(1, 8)) % 10
        if position == 0 and digit == 0:
            digit = 1 if old[0] != "1" else 2
        new = old[:position] + str(digit) + old[position + 1 :]
    start = quantity.start + run.start()
    return text[:start] + new + text[start + len(old) :]


def section_synthetic(show: bool) -> None:
    print("\n## 3. Synthetic number substitutions (WMT22 news, seed 7): one digit value changed")
    rng = random.Random(7)
    counts: dict[str, Counter] = {}
    number_check = (NumberCheck(),)
    for label, hyp, refs, src, lang in human_pairs():
        changed = substitute(hyp, rng)
        if changed is None:
            continue
        c = counts.setdefault(label, Counter())
        c["n"] += 1
        caught = findings(changed, refs, src, lang, number_check)
        c["detected"] += bool(caught)
        if show and not caught:
            print(f"  MISS {label}: {changed[:200]}")
    print(f"{'pair':<22} {'detected':>18}")
    for label, c in counts.items():
        print(f"{label:<22} {pct(c['detected'], c['n']):>18}")


# 4. U101 against MQM ------------------------------------------------------------------------------

_SOURCE_SCRIPT = re.compile(r"[\u0400-\u04ff\u3400-\u4dbf\u4e00-\u9fff]")


def section_untranslated() -> None:
    print("\n## 4. U101 on newstest2021 zh-en MT outputs (13 systems) vs MQM annotations")
    segments = {row["line"]: row for row in read_tsv("mqm_newstest2021_zhen.segments.tsv")}
    check = (UntranslatedCheck(),)
    counts = Counter()
    with (DATA / "mqm_newstest2021_zhen.items.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            item = json.loads(line)
            if item["system"] in ("ref-A", "ref-B"):
                continue
            counts["outputs"] += 1
            segment = segments[str(item["line"])]
            found = findings(item["hyp"], [segment["refA"]], segment["source"], "zh", check)
            spans = [(e[4], e[5], e[1]) for e in item["errors"] if e[3] == "target" and e[4] is not None]
            labelled = [e for e in item["errors"] if e[1] in ("Non_translation", "Accuracy/Untranslated")]
            counts["with_script"] += bool(_SOURCE_SCRIPT.search(item["hyp"]))
            counts["labelled"] += bool(labelled)
            if found:
                counts["flagged"] += 1
                overlaps = [s for f in found for s in spans if s[0] < f.span.end and f.span.start < s[1]]
                counts["flagged_with_mqm_error"] += bool(overlaps) or bool(labelled)
                counts["flagged_and_labelled"] += bool(labelled)
    print(f"MT outputs: {counts['outputs']}; containing Cyrillic/Han: {counts['with_script']}")
    print(f"outputs with U101: {counts['flagged']}; of these with an MQM error on the span or a")
    print(f"  Non_translation/Untranslated label: {counts['flagged_with_mqm_error']}")
    print(
        f"outputs labelled Non_translation/Untranslated: {counts['labelled']}; "
        f"of these flagged by U101: {counts['flagged_and_labelled']}"
    )


# Speed ------------------------------------------------------------------------------------


def section_speed() -> None:
    print("\n## 5. Speed (one process): numeric extraction and NumberCheck on WMT22 ru-en segments")
    rows = read_tsv("wmt22_ruen_news.segments.tsv")
    texts = [(r["refA"], r["source"]) for r in rows if r["refA"]]
    started = time.perf_counter()
    for english, russian in texts:
        extract(english, "en")
        extract(russian, "ru")
    extraction = time.perf_counter() - started
    aligned = [
        prepare(Document(id="s", hyp=Text(e, "en"), refs=[Text(e, "en")], src=Text(r, "ru")), CONFIG)
        for e, r in texts
    ]
    check = NumberCheck()
    started = time.perf_counter()
    for doc in aligned:
        list(check.run(doc, None))
    checking = time.perf_counter() - started
    print(f"extraction (en + ru per segment): {len(texts) / extraction:,.0f} segments/s")
    rate = len(texts) / checking
    print(f"NumberCheck with a reference and a source (alignment excluded): {rate:,.0f} segments/s")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--split", choices=("dev", "test", "all"), default="test")
    parser.add_argument("--show", action="store_true", help="print misses and false alarms")
    parser.add_argument("--only", choices=("demetr", "human", "synthetic", "untranslated", "speed"))
    args = parser.parse_args()
    needed = ("demetr_ru_zh_perturbations.tsv", "demetr_ru_zh_base.tsv", "wmt22_zhen_news.segments.tsv")
    missing = [name for name in needed if not (DATA / name).exists()]
    if missing:
        print(f"skipped: {', '.join(missing)} not found in {DATA}")
        return 0
    started = time.perf_counter()
    sections = {
        "demetr": lambda: section_demetr(args.split, args.show),
        "human": lambda: section_human(args.show),
        "synthetic": lambda: section_synthetic(args.show),
        "untranslated": section_untranslated,
        "speed": section_speed,
    }
    for name, section in sections.items():
        if args.only in (None, name):
            section()
    print(f"\nelapsed {time.perf_counter() - started:.1f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
