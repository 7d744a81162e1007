"""Train, tune and evaluate the Chinese -> Latin/Cyrillic back-transliteration tables.

Data (read from QA_BENCHMARKS, never copied into the repository): Wikidata token pairs
`names_en_zh_wikidata.tsv` (en, zh) and triples `names_en_ru_zh_russian_surnames_triples.tsv`
(en, ru, zh). The triples' English tokens are split with a fixed seed into train (70%), dev (10%)
and test (20%); every pair whose English token is in dev or test is removed from the training
data of BOTH models (the en-zh file included), so a test name was never seen in training.

1. Train Chinese->Cyrillic and Chinese->Latin chunk models on train, the Cyrillic one for each
   training design (`DESIGNS`: pseudo-counts of the Xinhua table, smoothing of the forward
   channel); for each, grid-search the ranking weights (`GRID`: backward/forward channel, bearer
   prior, Latin model, free generation) on the dev names whose Russian token is attested
   (>= 10 bearers), top-5 then top-1; keep the best design and weights.
2. Retrain on train+dev, report top-1/top-5 on test with the shipped ranking code, and write the
   pruned tables to qa/data/zh/backtranslit.json (derived probabilities only, no data rows).

    .venv/bin/python bench/train_backtranslit.py [--write] [--iterations 8] [--seed 13]
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import math
import os
import random
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, fields
from pathlib import Path

from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from qa.zh.backtranslit import BackTransliterator, Params, RussianFeatures  # noqa: E402
from qa.zh.lexicon import latin_variants, russian_lexicon  # noqa: E402
from qa.zh.model import ChunkModel, Pair, train  # noqa: E402
from qa.zh.pinyin import syllables  # noqa: E402
from qa.zh.xinhua import xinhua_links  # noqa: E402

TRIPLES = "names_en_ru_zh_russian_surnames_triples.tsv"
EN_ZH = "names_en_zh_wikidata.tsv"
OUTPUT = ROOT / "qa" / "data" / "zh" / "backtranslit.json"


def benchmarks_dir() -> Path:
    default = Path(__file__).resolve().parents[2] / "shared" / "benchmarks"
    return Path(os.environ.get("QA_BENCHMARKS", default))


def plain_latin(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if "a" <= ch <= "z")


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def pinyin_affinity(syllable: str, chunk: str, latin: bool) -> float:
    """Similarity of a chunk to a pinyin syllable: the phonetic prior EM starts from and backs off to."""
    from anyascii import anyascii

    target = chunk if latin else anyascii(chunk).lower()
    return 1.0 - Levenshtein.normalized_distance(syllable, target)


def split_tokens(tokens: list[str], seed: int) -> tuple[set[str], set[str], set[str]]:
    ordered = sorted(tokens)
    random.Random(seed).shuffle(ordered)
    n_test = round(len(ordered) * 0.2)
    n_dev = round(len(ordered) * 0.1)
    return set(ordered[n_test + n_dev :]), set(ordered[n_test : n_test + n_dev]), set(ordered[:n_test])


def reverse_romanisation(min_bearers: int = 10) -> dict[str, str]:
    """Latin spelling -> the most common Russian lexicon word that romanises to it."""
    lexicon = russian_lexicon()
    best: dict[str, tuple[int, str]] = {}
    for word, bearers in lexicon.counts.items():
        if bearers < min_bearers:
            continue
        for variant in latin_variants(word):
            if variant not in best or best[variant] < (bearers, word):
                best[variant] = (bearers, word)
    return {latin: word for latin, (_, word) in best.items()}


def build_pairs(
    triples: list[dict[str, str]], en_zh: list[dict[str, str]], excluded: set[str], reverse: dict[str, str]
) -> tuple[list[Pair], list[Pair]]:
    """Latin pairs from both files; Cyrillic pairs from the triples plus en-zh pairs whose English
    token is a standard romanisation of an attested Russian name (ivanov -> иванов)."""
    latin: dict[tuple[str, str], Pair] = {}
    cyrillic: dict[tuple[str, str], Pair] = {}
    for row in en_zh:
        en = plain_latin(row["en"])
        if row["en"] in excluded or not en:
            continue
        latin.setdefault((row["zh_simplified_opencc"], en), Pair(row["zh_simplified_opencc"], en))
        if en in reverse:
            cyrillic.setdefault(
                (row["zh_simplified_opencc"], reverse[en]), Pair(row["zh_simplified_opencc"], reverse[en])
            )
    for row in triples:
        if row["en"] in excluded:
            continue
        en = plain_latin(row["en"])
        zh = row["zh_simplified_opencc"]
        if en:
            latin.setdefault((zh, en), Pair(zh, en))
        cyrillic.setdefault((zh, row["ru"]), Pair(zh, row["ru"].lower()))
    return sorted(latin.values(), key=lambda p: (p.zh, p.target)), sorted(
        cyrillic.values(), key=lambda p: (p.zh, p.target)
    )


def train_latin(latin_pairs: list[Pair], iterations: int) -> ChunkModel:
    inventory = syllables()
    latin = train(latin_pairs, 4, iterations, lambda c, k: pinyin_affinity(c, k, True), inventory=inventory)
    # Round-trip through the pruned JSON so tuning sees exactly what ships.
    return ChunkModel.from_json(latin.to_json())


def train_cyrillic(cyrillic_pairs: list[Pair], iterations: int, design: Design) -> ChunkModel:
    cyrillic = train(
        cyrillic_pairs,
        3,
        iterations,
        lambda c, k: pinyin_affinity(c, k, False),
        inventory=syllables(),
        prior_links=xinhua_links(),
        prior_weight=design.xinhua_weight,
        forward_weight=design.forward_smoothing,
    )
    return ChunkModel.from_json(cyrillic.to_json())


@dataclass(frozen=True)
class Design:
    """Training choices for the Cyrillic model, chosen on dev like the ranking weights."""

    xinhua_weight: float  # pseudo-counts per cell of the standard transcription table
    forward_smoothing: float  # pseudo-counts of the phonetic prior in P(char | chunk)


DESIGNS = tuple(Design(x, f) for x in (0.0, 1.0, 3.0) for f in (0.0, 2.0))


Feature = tuple[list[tuple[RussianFeatures, list[tuple[str, float]]]], list[tuple[str, float]]]


def features(bt: BackTransliterator, zh: str) -> Feature:
    """Everything the ranking needs that does not depend on the tuned weights (both searches run)."""
    russian = []
    for found in bt.russian_features(zh):
        scored = [(v, max(bt.latin.score(zh, v), -50.0)) for v in latin_variants(found.cyrillic)]
        russian.append((found, scored))
    open_vocabulary = bt.latin.decode(zh, beam=bt.params.beam)[:10]
    return russian, open_vocabulary


def rank(feature: Feature, params: Params, limit: int = 5) -> list[str]:
    """The shipped ranking (`BackTransliterator.candidates`) on precomputed features."""
    russian, open_vocabulary = feature
    best: dict[str, float] = {}
    lexicon_scored = sorted(
        (
            (
                params.backward_weight * found.backward
                + params.forward_weight * found.forward
                + params.lexicon_weight * math.log1p(found.bearers),
                found.cyrillic,
                scored,
            )
            for found, scored in russian
        ),
        key=lambda item: (-item[0], item[1]),
    )[:limit]
    for score, _, scored in lexicon_scored:
        for variant, latin_logp in scored:
            value = score + params.latin_weight * latin_logp
            best[variant] = max(best.get(variant, -math.inf), value)
    for latin, logp in open_vocabulary[:limit]:
        value = params.latin_weight * logp + params.open_offset
        best[latin] = max(best.get(latin, -math.inf), value)
    return [k for k, _ in sorted(best.items(), key=lambda item: (-item[1], item[0]))[:limit]]


GRID = tuple(
    itertools.product(
        (0.0, 0.25, 0.5, 1.0, 2.0),  # lexicon_weight
        (0.0, 0.25, 0.5, 1.0, 2.0),  # latin_weight
        (-8.0, -16.0, -32.0, -64.0),  # open_offset
        (0.0, 0.5, 1.0, 2.0),  # forward_weight
        (0.0, 0.5, 1.0),  # backward_weight
    )
)


def tune(rows: list[dict[str, str]], feats: list[Feature]) -> tuple[float, float, Params]:
    """Best ranking weights on the dev rows: top-5 first, then top-1, then the smaller weights."""
    scored_grid = []
    for lexicon_weight, latin_weight, open_offset, forward_weight, backward_weight in GRID:
        if forward_weight == backward_weight == 0.0:
            continue
        params = Params(
            lexicon_weight,
            latin_weight,
            open_offset,
            forward_weight=forward_weight,
            backward_weight=backward_weight,
        )
        top1, top5 = accuracy(rows, [rank(f, params) for f in feats])
        key = (top5, top1, -lexicon_weight, -latin_weight, open_offset, -forward_weight, -backward_weight)
        scored_grid.append((key, params))
    scored_grid.sort(key=lambda item: item[0], reverse=True)
    key, params = scored_grid[0]
    return key[0], key[1], params


def accuracy(
    rows: list[dict[str, str]], ranked: list[list[str]], lenient: bool = False
) -> tuple[float, float]:
    """Share of rows whose right form is ranked first / in the top 5.

    Strict: the Wikidata English token itself. Lenient: that token or any standard romanisation
    of the Russian token (Nikiforov is right for Никифоров even if Wikidata writes Nikiforow).
    """

    def right(row: dict[str, str]) -> set[str]:
        forms = {plain_latin(row["en"])}
        if lenient:
            forms |= set(latin_variants(row["ru"].lower()))
        return forms

    top1 = sum(bool(right(r) & set(c[:1])) for r, c in zip(rows, ranked, strict=True))
    top5 = sum(bool(right(r) & set(c[:5])) for r, c in zip(rows, ranked, strict=True))
    return top1 / len(rows), top5 / len(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--iterations", type=int, default=8)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--write", action="store_true", help=f"write {OUTPUT.relative_to(ROOT)}")
    parser.add_argument("--dev-only", action="store_true", help="stop after tuning (no test evaluation)")
    args = parser.parse_args()

    data = benchmarks_dir()
    if not (data / TRIPLES).exists() or not (data / EN_ZH).exists():
        print(f"skipped: {TRIPLES} / {EN_ZH} not found in {data} (set QA_BENCHMARKS)")
        return 0
    started = time.time()
    triples = read_tsv(data / TRIPLES)
    en_zh = read_tsv(data / EN_ZH)
    train_tokens, dev_tokens, test_tokens = split_tokens([r["en"] for r in triples], args.seed)
    dev_rows = [r for r in triples if r["en"] in dev_tokens]
    test_rows = [r for r in triples if r["en"] in test_tokens]
    lexicon = russian_lexicon()
    print(
        f"triples {len(triples)}: train {len(train_tokens)} / dev {len(dev_rows)} / "
        f"test {len(test_rows)} en tokens"
    )

    # 1. train without dev+test, tune on dev: the training design and the ranking weights
    reverse = reverse_romanisation()
    latin_pairs, cyrillic_pairs = build_pairs(triples, en_zh, dev_tokens | test_tokens, reverse)
    print(f"training pairs: latin {len(latin_pairs)}, cyrillic {len(cyrillic_pairs)}")
    # The target is Russian names: tune on the dev names whose Russian token is attested.
    dev_rows = [r for r in dev_rows if lexicon.count(r["ru"].lower()) >= 10]
    dev_romanised = [plain_latin(r["en"]) in latin_variants(r["ru"].lower()) for r in dev_rows]
    best: tuple[float, float, Params, Design] | None = None
    latin = train_latin(latin_pairs, args.iterations)
    for design in DESIGNS:
        cyrillic = train_cyrillic(cyrillic_pairs, args.iterations, design)
        table = {"latin": latin.to_json(), "cyrillic": cyrillic.to_json()}
        bt = BackTransliterator(table, lexicon=lexicon, params=Params(forward_weight=1.0))
        dev_features = [features(bt, r["zh_simplified_opencc"]) for r in dev_rows]
        top5, top1, params = tune(dev_rows, dev_features)
        ranked = [rank(f, params) for f, keep in zip(dev_features, dev_romanised, strict=True) if keep]
        romanised = [r for r, keep in zip(dev_rows, dev_romanised, strict=True) if keep]
        romanised1, romanised5 = accuracy(romanised, ranked)
        print(
            f"dev, {design}: attested n={len(dev_rows)} top-5 {top5:.3f} top-1 {top1:.3f}; "
            f"Russian-romanised n={len(romanised)} top-5 {romanised5:.3f} top-1 {romanised1:.3f}; {params}"
        )
        if best is None or (top5, top1) > (best[0], best[1]):
            best = (top5, top1, params, design)
    assert best is not None
    _, _, params, design = best
    print(f"dev: chosen {design} with {params}")
    if args.dev_only:
        return 0

    # 2. retrain on train+dev, evaluate on test with the shipped ranking code
    latin_pairs, cyrillic_pairs = build_pairs(triples, en_zh, test_tokens, reverse)
    latin = train_latin(latin_pairs, args.iterations)
    cyrillic = train_cyrillic(cyrillic_pairs, args.iterations, design)
    table = {
        "latin": latin.to_json(),
        "cyrillic": cyrillic.to_json(),
        "params": {field.name: getattr(params, field.name) for field in fields(Params)},
        **transcription_tables(latin_pairs + cyrillic_pairs),
    }
    bt = BackTransliterator(table, lexicon=lexicon)
    ranked = [[c.latin for c in bt.candidates(r["zh_simplified_opencc"], limit=5)] for r in test_rows]
    seen_zh = {p.zh for p in latin_pairs} | {p.zh for p in cyrillic_pairs}
    subsets = {
        "all held-out triples": [True] * len(test_rows),
        "ru token an attested Russian surname (>= 10 bearers)": [
            lexicon.count(r["ru"].lower()) >= 10 for r in test_rows
        ],
        "... and the English token a standard romanisation of it (Russian-romanised)": [
            lexicon.count(r["ru"].lower()) >= 10 and plain_latin(r["en"]) in latin_variants(r["ru"].lower())
            for r in test_rows
        ],
        "attested, zh string unseen in training": [
            lexicon.count(r["ru"].lower()) >= 10 and r["zh_simplified_opencc"] not in seen_zh
            for r in test_rows
        ],
    }
    for name, mask in subsets.items():
        rows = [r for r, keep in zip(test_rows, mask, strict=True) if keep]
        sub = [c for c, keep in zip(ranked, mask, strict=True) if keep]
        top1, top5 = accuracy(rows, sub)
        lenient1, lenient5 = accuracy(rows, sub, lenient=True)
        print(
            f"test, {name}: n={len(rows)} strict top-1 {top1:.3f} top-5 {top5:.3f}; "
            f"lenient top-1 {lenient1:.3f} top-5 {lenient5:.3f}"
        )
    print(f"elapsed {time.time() - started:.1f}s")
    if args.write:
        OUTPUT.parent.mkdir(parents=True, exist_ok=True)
        OUTPUT.write_text(
            json.dumps(table, ensure_ascii=False, sort_keys=True, separators=(",", ":")), encoding="utf-8"
        )
        print(f"wrote {OUTPUT.relative_to(ROOT)} ({OUTPUT.stat().st_size // 1024} kB)")
    return 0


def transcription_tables(pairs: list[Pair]) -> dict[str, object]:
    """Which characters transcriptions use, and which of them read as each pinyin syllable.

    Used to recognise transliterated names in Chinese text and to map a pinyin-rendered name
    ("Peisikefu") back to characters (pei -> 佩, si -> 斯, ...). Frequencies are over distinct
    training transcriptions.
    """
    from pypinyin import lazy_pinyin

    char_counts: Counter[str] = Counter()
    for zh in {p.zh for p in pairs}:
        char_counts.update(zh)
    by_syllable: dict[str, Counter[str]] = defaultdict(Counter)
    for char, count in char_counts.items():
        if count >= 2:
            by_syllable[lazy_pinyin(char)[0]][char] = count
    syllable_chars = {
        syllable: [[c, n] for c, n in sorted(chars.items(), key=lambda x: (-x[1], x[0]))[:6]]
        for syllable, chars in sorted(by_syllable.items())
    }
    return {
        "char_counts": {c: n for c, n in sorted(char_counts.items()) if n >= 2},
        "syllable_chars": syllable_chars,
    }


if __name__ == "__main__":
    raise SystemExit(main())
