"""Foreign persons named in a Russian or Chinese source (Байден, 马克龙): recall and false alarms
of the word-list check (`qa.names.foreign`), from the source alone.

Dev (anything chosen was chosen here): the human references of newstest2021 zh-en (MQM set,
refA and refB) and WMT21 ru-en (DA set, refA) with their sources. A reference token is a
foreign person's name when the engine reads it as a person name and it fits a source word
that is not a Russian name (Russian: the sound key within a near miss; Chinese: a run of
transcription characters the back-transliteration model reads it from, at least ZH_FIT a
character, and not the pinyin of the source's characters). Each is corrupted with the
challenge set's operations (bench/names.py: dropped, doubled, swapped, inserted letter, vowel
change, mixed scheme letters) and the reference checked from the source alone; the untouched
references give the false alarms (documents with a finding of this check, by rule), and the
`--wikidata dev` half of the en-zh Wikidata pairs another dev figure.

Test (read once, after the choices were committed): `--wikidata test`, the half of
`names_en_zh_wikidata.tsv` whose English token bench/names.py's `split_of` calls test, each
pair in a sentence frame of our own, correct and corrupted.

    QA_BENCHMARKS=<benchmarks folder> nice -n 10 python bench/foreign_names.py [--sets zh,ru]
        [--wikidata dev|test] [--show N]

Without the benchmarks folder it says so and exits 0.
"""

from __future__ import annotations

import argparse
import collections
import csv
import os
import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from names import corruptions, split_of  # noqa: E402

from qa.names.engine import NameEngine  # noqa: E402
from qa.names.foreign import ZH_FIT, latin_key  # noqa: E402
from qa.names.matcher import near_miss_limit  # noqa: E402

DATA = Path(os.environ.get("QA_BENCHMARKS", REPO.parent / "shared" / "benchmarks"))
SEED = 885689
KINDS = ("dropped", "doubled", "swapped", "inserted", "vowel", "mixed")
RULES = ("N101", "N110")
ZH_FRAME = (
    "周二，部长{}抵达基辅并与官员会谈。",
    "On Tuesday the minister {} arrived in Kyiv for talks with officials.",
)


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def dev_pairs(sets: list[str]) -> list[tuple[str, str, str]]:
    """(language, source, reference) of the dev sets, each distinct pair once."""
    pairs: dict[tuple[str, str, str], None] = {}
    if "zh" in sets:
        for row in _rows("mqm_newstest2021_zhen.segments.tsv"):
            for ref in (row["refA"], row["refB"]):
                if ref.strip():
                    pairs[("zh", row["source"], ref)] = None
    if "ru" in sets:
        for row in _rows("wmt21_ruen_news_da.tsv"):
            if row["refA"].strip():
                pairs[("ru", row["src"], row["refA"])] = None
    return list(pairs)


def foreign_tokens(engine: NameEngine, lang: str, src: str, ref: str) -> list[tuple[int, int, str]]:
    """Person-name tokens of the reference that spell a non-Russian person the source names."""
    from qa.names.foreign import _chinese_fit, _transcription_spans

    tokens = [t for m in engine.extract(ref) for t in m.checkable if len(t.text) >= 4 and t.text.isalpha()]
    if not tokens:
        return []
    found = []
    if lang == "ru":
        forms = engine._foreign_russian_words(src)
        if not forms:
            return []
        fit = engine._russian_fit(forms)
        for token in tokens:
            best = fit(token.text)
            if best is not None and best[1] <= near_miss_limit(len(latin_key(token.text))) * 0.5:
                found.append((token.start, token.end, token.text))
    else:
        spans = _transcription_spans(src)
        if not spans:
            return []
        fit = _chinese_fit(spans, src)
        for token in tokens:
            got = fit(token.text, token.text)
            if got is not None and got[1] >= ZH_FIT:
                found.append((token.start, token.end, token.text))
    return found


def _mine(issues: list, start: int, end: int) -> list:
    return [i for i in issues if i.start == start and i.end == end and i.rule in RULES]


def _foreign(issues: list) -> list:
    return [i for i in issues if any(k == "suggestion_zipf" for k, _ in i.evidence)]


def run_dev(engine: NameEngine, sets: list[str], show: int) -> None:
    pairs = dev_pairs(sets)
    rng = random.Random(SEED)
    for lang in sets:
        chosen = [(s, r) for lg, s, r in pairs if lg == lang]
        flagged_docs, by_rule, targets = 0, collections.Counter(), []
        alarms = []
        for src, ref in chosen:
            found = _foreign(engine.check(ref, src=src, src_lang=lang))
            if found:
                flagged_docs += 1
                by_rule.update(i.rule for i in found)
                alarms.extend((i.rule, i.text, i.suggestion, dict(i.evidence).get("source")) for i in found)
            for start, end, text in foreign_tokens(engine, lang, src, ref):
                targets.append((src, ref, start, end, text))
        hits = collections.Counter()
        totals = collections.Counter()
        right = errors = 0
        misses = []
        names = sorted({t[4] for t in targets})
        for src, ref, start, end, text in targets:
            for kind, bad in corruptions(text, rng, names).items():
                if kind not in KINDS or bad.lower() == text.lower():
                    continue
                hyp = ref[:start] + bad + ref[end:]
                issues = engine.check(hyp, src=src, src_lang=lang)
                mine = _mine(issues, start, start + len(bad))
                totals[kind] += 1
                if mine:
                    hits[kind] += 1
                    right += mine[0].suggestion == text
                    if mine[0].suggestion != text and show:
                        print("  wrong", text, bad, mine[0].suggestion, mine[0].rule)
                    errors += mine[0].rule == "N101"
                else:
                    misses.append((text, bad))
        n, h = sum(totals.values()), sum(hits.values())
        print(
            f"\n## dev {lang}: {len(chosen)} references, {len(targets)} foreign-name tokens"
            f" ({len(names)} distinct)"
        )
        print(
            f"recall of corrupted: {h}/{n} = {h / max(n, 1):.3f}  (N101 {errors}, N110 {h - errors});"
            f" right suggestion {right}/{h} = {right / max(h, 1):.3f}"
        )
        print("by kind: " + ", ".join(f"{k} {hits[k]}/{totals[k]}" for k in KINDS if totals[k]))
        print(
            f"false alarms, untouched references: {flagged_docs}/{len(chosen)} documents;"
            f" by rule {dict(by_rule)}"
        )
        for alarm in alarms[:show]:
            print("  alarm", alarm)
        for miss in misses[:show]:
            print("  miss", miss)


def run_wikidata(engine: NameEngine, split: str, show: int) -> None:
    rng = random.Random(SEED)
    pairs = {}
    for row in _rows("names_en_zh_wikidata.tsv"):
        en, zh = row["en"], row["zh_simplified_opencc"]
        if len(en) >= 4 and en.isascii() and en.isalpha() and split_of(en) == split and zh:
            pairs.setdefault(en, zh)
    names = sorted(pairs)
    zh_frame, en_frame = ZH_FRAME
    offset = en_frame.index("{}")
    correct_flagged = collections.Counter()
    hits, totals = collections.Counter(), collections.Counter()
    right = errors = 0
    alarms, misses = [], []
    for en, zh in pairs.items():
        word = en[:1].upper() + en[1:]
        src = zh_frame.format(zh)
        found = _foreign(engine.check(en_frame.format(word), src=src, src_lang="zh"))
        if found:
            correct_flagged.update(i.rule for i in found)
            alarms.append((word, zh, found[0].rule, found[0].suggestion))
        for kind, bad in corruptions(en, rng, names).items():
            if kind not in KINDS or bad.lower() == en.lower():
                continue
            bad = bad[:1].upper() + bad[1:]
            issues = engine.check(en_frame.format(bad), src=src, src_lang="zh")
            mine = _mine(issues, offset, offset + len(bad))
            totals[kind] += 1
            if mine:
                hits[kind] += 1
                right += mine[0].suggestion.lower() == en.lower()
                errors += mine[0].rule == "N101"
            else:
                misses.append((word, zh, bad))
    n, h = sum(totals.values()), sum(hits.values())
    flagged = sum(1 for a in alarms)
    print(f"\n## Wikidata en-zh, {split} half: {len(pairs)} pairs (English token >= 4 letters)")
    print(
        f"recall of corrupted: {h}/{n} = {h / max(n, 1):.3f}  (N101 {errors}, N110 {h - errors});"
        f" right suggestion {right}/{h} = {right / max(h, 1):.3f}"
    )
    print("by kind: " + ", ".join(f"{k} {hits[k]}/{totals[k]}" for k in KINDS if totals[k]))
    print(
        f"false alarms on the correct spelling: {flagged}/{len(pairs)} = {flagged / max(len(pairs), 1):.3f};"
        f" by rule {dict(correct_flagged)}"
    )
    for alarm in alarms[:show]:
        print("  alarm", alarm)
    for miss in misses[:show]:
        print("  miss", miss)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--sets", default="zh,ru", help="dev sets: zh (newstest2021 MQM), ru (WMT21 DA); '' for none"
    )
    parser.add_argument("--wikidata", choices=("dev", "test", "none"), default="none")
    parser.add_argument("--show", type=int, default=0, help="print this many alarms and misses")
    args = parser.parse_args()
    if not (DATA / "names_en_zh_wikidata.tsv").exists():
        print(f"benchmarks folder not found ({DATA}); set QA_BENCHMARKS. Nothing measured.")
        return 0
    started = time.time()
    engine = NameEngine()
    sets = [s for s in args.sets.split(",") if s]
    if sets:
        run_dev(engine, sets, args.show)
    if args.wikidata != "none":
        run_wikidata(engine, args.wikidata, args.show)
    print(f"\nelapsed {time.time() - started:.1f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
