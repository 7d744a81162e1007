"""How often a Russian text's sentence splits change when a single capital after a Chinese
surname ends a sentence ("с китайским коллегой Ван И. Стороны обсудят").

`qa.segment` reads every single capital before a full stop as an initial, so «Ван И. Стороны»
stays one sentence, and a dropped second sentence is no omission. The candidate
(`qa.segment._chinese_given_name_end`): in Russian, a single capital of a Palladius one-letter
syllable (А Е И У Э Ю Я) before a full stop ends the sentence when the word before it is the
Palladius form of a common Chinese surname (Ван, Ли, Си; `qa.zh.palladius`) and a capitalised
word that is no initial follows. A broader rule (any capitalised word of 2+ letters before the
letter) is measured beside it, to show what the surname condition buys.

Data (training years only; never WMT22): the Russian sources of WMT21 ru-en DA, joined into
documents by their `doc` column; the MLQE-PE ru-en training sources, one segment each; the
Russian references and translations of the newstest2021 en-ru MQM segments. Each distinct
text is split with the candidate and without it (the function replaced by one that says no).

Decision rule (written before the measurement): the candidate ships when it changes at most
0.1% of the distinct texts of each set, and every changed split printed (all of them, or a
sample of 20 per set) is a real sentence end read by hand; otherwise it is not shipped and the
figures are reported.

    QA_BENCHMARKS=../shared/benchmarks python bench/segment_initials.py [--show 20]
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

csv.field_size_limit(sys.maxsize)


def _root() -> Path:
    return Path(os.environ.get("QA_BENCHMARKS", "../shared/benchmarks"))


def wmt21_documents() -> list[str]:
    docs: dict[str, dict[str, str]] = defaultdict(dict)
    with open(_root() / "wmt21_ruen_news_da.tsv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            docs[row["doc"]].setdefault(row["da_sid"], row["src"])
    return [
        " ".join(seg for _, seg in sorted(parts.items(), key=lambda kv: int(kv[0])))
        for parts in docs.values()
    ]


def mlqepe_sources() -> list[str]:
    with open(_root() / "mlqepe_ruen_train_da.tsv", encoding="utf-8") as handle:
        return sorted({row["src"] for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)})


def enru_russian() -> list[str]:
    texts: set[str] = set()
    with open(_root() / "mqm_newstest2021_enru.segments.tsv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            texts.update(row[key] for key in ("refA", "refB") if row.get(key))
    return sorted(texts)


_BROAD_BEFORE = re.compile(r"[А-ЯЁ][а-яё]+\s+$")


def _broad(line: str, stop: int) -> bool:
    """The rule without the surname condition: any capitalised word before the letter."""
    from qa import segment

    letter = line[stop - 1 : stop]
    if letter not in segment._PALLADIUS_LETTERS or not segment._NO_INITIAL_AFTER.match(line, stop + 1):
        return False
    return bool(_BROAD_BEFORE.search(line, 0, stop - 1))


def _splits(texts: list[str], rule: Callable[[str, int], bool]) -> list[list[str]]:
    from qa import segment

    kept = segment._chinese_given_name_end
    segment._chinese_given_name_end = rule
    try:
        return [[s.text for s in segment.split_sentences(text, "ru")] for text in texts]
    finally:
        segment._chinese_given_name_end = kept


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--show", type=int, default=20, help="changed splits printed per set and rule")
    args = parser.parse_args()
    from qa import segment

    candidate = segment._chinese_given_name_end
    sets = {
        "wmt21-ruen-src": wmt21_documents(),
        "mlqepe-ru-src": mlqepe_sources(),
        "enru21-ru": enru_russian(),
    }
    columns = ["set", "texts", "sentences, before", "changed, candidate", "new splits", "changed, broad"]
    print("| " + " | ".join([*columns, "new splits"]) + " |")
    print("|---|--:|--:|--:|--:|--:|--:|")
    shown: list[str] = []
    for name, texts in sets.items():
        before = _splits(texts, lambda line, stop: False)
        row = [name, str(len(texts)), str(sum(len(s) for s in before))]
        for label, rule in (("candidate", candidate), ("broad", _broad)):
            after = _splits(texts, rule)
            changed = [(b, a) for b, a in zip(before, after, strict=True) if a != b]
            row += [f"{len(changed)} ({100 * len(changed) / max(1, len(texts)):.2f}%)"]
            row += [str(sum(len(a) - len(b) for b, a in changed))]
            for b, a in changed[: args.show]:
                cut = next(i for i, (x, y) in enumerate(zip(b, a, strict=False)) if x != y)
                shown.append(f"[{name}, {label}] …{a[cut][-60:]} || {a[cut + 1][:50]}…")
        print("| " + " | ".join(row) + " |")
    print()
    for line in shown:
        print(line)


if __name__ == "__main__":
    main()
