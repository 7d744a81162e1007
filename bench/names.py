"""Name-engine benchmark: corrupted vs correct Russian name spellings, and DEMETR entity swaps.

1. Challenge set from the Wikidata token pairs (names_ru_en_wikidata_russian_surnames.tsv).
   For each Russian token that the russiannames lexicon attests (>= 20 bearers, so a real
   Russian name part; the file also holds Martin, Kevin, ...), the reference spelling is its
   most frequent ASCII Latin spelling. Against it, in the sentence
   "Minister {first} {middle} {surname} told reporters on Tuesday that talks would continue.",
   the hypothesis spells the token:
     * correctly (the reference spelling): any N101/N103/N104/N105 is a false alarm;
     * as another attested spelling (Wikidata count >= 2): N101/N104/N105 is a false alarm
       (N102 is the expected warning). Reported separately for the spellings that the
       configured schemes generate and for the rest (German -ow, French -off, Polish, ...);
     * corrupted (seeded): dropped / doubled / swapped / inserted letter, vowel change,
       -ov -> -off / -ow, mixed scheme letters (kh/h, zh/j, ts/tz, ya/ja ...), wrong gender
       ending, another name in its place. A corruption that Wikidata lists as a spelling of
       the same token (any count: nikiforow) is not a corruption and is dropped; so is one
       that the configured schemes generate (it is an accepted romanisation by
       configuration: "Ielena" is ICAO). Recall = an N101 (reference mode) or N104 (lexicon
       mode) on the token; for "replaced" also N103; suggestion accuracy = the suggestion is
       the reference spelling (reference mode) or an accepted spelling of the token
       (lexicon mode).
   Modes: reference (the reference spelling in the same sentence), source (the Russian
   sentence "Министр Иван Никифоров заявил ..." with the token in nominative), lexicon (no
   reference, no source) and pivot (surnames that names_en_ru_zh_russian_surnames_triples.tsv
   also gives in Chinese: the Chinese sentence "部长伊万·尼基福罗夫周二对记者说 ..." as the
   pivot). In source and pivot mode recall counts an N101 on the token ("replaced" also
   N103) and a right suggestion is any accepted spelling of the token.
   Tokens are split by a hash of the Russian token (md5, first byte even = dev) into a dev
   half (cut-offs are chosen on it) and a test half (reported by default). The established
   spellings table (qa/data/names/established.tsv, built from this same Wikidata file) is cut
   to the dev half's tokens for every run, so that no test token's spellings are known to the
   engine. `--rare` adds tokens the lexicon gives 1-19 bearers (rare surnames and foreign
   names with a Russian ending) as a separate set.
2. DEMETR ne_replaced / ne_removed (pert_check true): the name check against the human
   reference on the perturbed and on the unperturbed translation; detected = a name finding
   (N101/N103/N104, and the proposed N107 "not named in the reference") on the perturbed
   sentence that the unperturbed one does not have; per rule, and the share of unperturbed
   MT sentences that get a name finding at all.

    python bench/names.py                 # test half + DEMETR
    python bench/names.py --split dev --show 20
Data: QA_BENCHMARKS or ../shared/benchmarks relative to the repository.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import os
import random
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from qa.names.engine import NameEngine
from qa.names.established import established_forms
from qa.names.lexicon import FIRST, PATRONYMIC, SURNAME
from qa.names.romanize import accepted_romanizations, normalize_latin, romanize

DATA = Path(os.environ.get("QA_BENCHMARKS", Path(__file__).resolve().parents[2] / "shared" / "benchmarks"))
SEED = 885689
RUSSIAN_MIN = 20
TEMPLATE = "Minister {name} told reporters on Tuesday that talks would continue."
ERRORS = {"N101", "N103", "N104", "N105"}


@dataclass
class Item:
    token: str  # Cyrillic, lower case
    kind: str  # surname | first | patronymic
    reference: str
    hyp: str
    label: str  # correct | variant-scheme | variant-other | corrupt:<how>
    gender: str | None = None  # of the token, from the lexicon: "m", "f" or None


def _ascii(word: str) -> bool:
    return word.isascii() and word.isalpha()


def split_of(token: str) -> str:
    """dev or test, from a hash of the Russian token (independent of which tokens are loaded)."""
    return "dev" if hashlib.md5(token.encode("utf-8")).digest()[0] % 2 == 0 else "test"


def dev_engine(fold: int | None = None, folds: int = 2) -> NameEngine:
    """The engine with the established spellings of dev-half tokens only (with `fold`, only
    those of the dev tokens in the other folds, see `fold_of`)."""
    table = {
        ru: forms
        for ru, forms in established_forms().items()
        if split_of(ru) == "dev" and (fold is None or fold_of(ru, folds) != fold)
    }
    return NameEngine(established=table)


def fold_of(token: str, folds: int = 2) -> int:
    """0 .. folds - 1, from another byte of the token's md5: `--crossfit` checks each fold of
    the dev half with an engine that knows only the other folds' established spellings, as the
    test half is checked with an engine that knows only the dev half's (the plain dev run knows
    every dev token's Wikidata spellings, so its false alarms are in-sample). With 2 folds each
    engine knows half of the dev spellings; `bench/train_lexicon_names.py` uses 10, so that each
    knows nine tenths, nearer the test engine's whole dev half."""
    return hashlib.md5(token.encode("utf-8")).digest()[1] % folds


def load_tokens(
    engine: NameEngine, low: int = RUSSIAN_MIN, high: int | None = None
) -> dict[str, tuple[str, dict[str, int]]]:
    """Cyrillic token -> (kind, {latin spelling: count}) for name parts with low..high bearers."""
    spellings: dict[str, dict[str, int]] = defaultdict(dict)
    with (DATA / "names_ru_en_wikidata_russian_surnames.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            spellings[row["ru"]][row["en"]] = int(row["count"])
    out: dict[str, tuple[str, dict[str, int]]] = {}
    for token, latin in spellings.items():
        counts = {kind: engine.lexicon.count(token, kind) for kind in (SURNAME, FIRST, PATRONYMIC)}
        kind = max(counts, key=lambda k: counts[k])
        if counts[kind] < low or (high is not None and counts[kind] > high) or "-" in token:
            continue
        ascii_spellings = {w: c for w, c in latin.items() if _ascii(w) and c >= 2}
        if not ascii_spellings:
            continue
        out[token] = (kind, latin)
    return out


_VOWELS = "aeiouy"
_SCHEME_SWAPS = [
    ("kh", "h"),
    ("zh", "j"),
    ("ts", "tz"),
    ("ya", "ja"),
    ("yu", "ju"),
    ("ch", "tch"),
    ("shch", "sch"),
    ("yo", "jo"),
    ("ye", "je"),
    ("iy", "ij"),
    ("v", "w"),
]


def corruptions(word: str, rng: random.Random, pool: list[str]) -> dict[str, str]:
    """One corruption of each kind that applies (seeded)."""
    out: dict[str, str] = {}
    n = len(word)
    if n >= 4:
        i = rng.randrange(1, n)
        out["dropped"] = word[:i] + word[i + 1 :]
        i = rng.randrange(1, n)
        out["doubled"] = word[: i + 1] + word[i] + word[i + 1 :]
        spots = [i for i in range(1, n - 1) if word[i] != word[i + 1]]
        if spots:
            i = rng.choice(spots)
            out["swapped"] = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        i = rng.randrange(1, n + 1)
        out["inserted"] = word[:i] + rng.choice("aeiouklmnrstv") + word[i:]
        vowels = [i for i in range(1, n) if word[i] in _VOWELS[:-1]]
        if vowels:
            i = rng.choice(vowels)
            out["vowel"] = word[:i] + rng.choice([v for v in "aeiou" if v != word[i]]) + word[i + 1 :]
    for ending, replacements in (("ov", ("off", "ow")), ("ev", ("eff", "ew"))):
        if word.endswith(ending):
            out["ending"] = word[:-2] + rng.choice(replacements)
    applicable = [(a, b) for a, b in _SCHEME_SWAPS if a in word[1:]]
    if applicable:
        a, b = rng.choice(applicable)
        start = word.index(a, 1)
        out["mixed"] = word[:start] + b + word[start + len(a) :]
    if word.endswith(("ov", "ev", "in", "yn")):
        out["gender"] = word + "a"
    elif word.endswith(("ova", "eva", "ina", "yna")):
        out["gender"] = word[:-1]
    elif word.endswith("sky"):
        out["gender"] = word[:-1] + "aya"
    other = rng.choice(pool)
    if other != word:
        out["replaced"] = other
    return out


def build_items(
    tokens: dict[str, tuple[str, dict[str, int]]], engine: NameEngine, split: str, romanised: bool = False
) -> list[Item]:
    """The challenge items of one half. `romanised=True` (source and pivot modes): the correct
    spelling, and the one corrupted, is an accepted romanisation of the token (the most
    frequent Wikidata spelling if it is one, else the first scheme's), since from a source the
    engine can only know the spellings the Cyrillic word predicts, not that a Russian-named
    person writes "Karlowa"."""
    chosen = [token for token in sorted(tokens) if split_of(token) == split]
    rng = random.Random(SEED + (0 if split == "dev" else 1))
    items: list[Item] = []
    pools: dict[str, list[str]] = defaultdict(list)
    references: dict[str, str] = {}
    for token in chosen:
        kind, latin = tokens[token]
        ascii_spellings = {w: c for w, c in latin.items() if _ascii(w) and c >= 2}
        reference = max(sorted(ascii_spellings), key=lambda w: ascii_spellings[w])
        if romanised and normalize_latin(reference) not in engine.accepted(token):
            reference = normalize_latin(romanize(token, engine.schemes[0]))
        references[token] = reference
        pools[kind].append(reference)
    for token in chosen:
        kind, latin = tokens[token]
        reference = references[token]
        entry = engine.lexicon.entry(token, kind)
        gender = entry.gender if entry and entry.gender in ("m", "f") else None
        attested = {normalize_latin(w) for w in latin}
        generated = set(accepted_romanizations(token, engine.schemes))  # the schemes' own forms
        items.append(Item(token, kind, reference, reference, "correct", gender))
        for spelling, count in sorted(latin.items()):
            if spelling == reference or count < 2 or not spelling.isalpha():
                continue
            label = "variant-scheme" if normalize_latin(spelling) in generated else "variant-other"
            items.append(Item(token, kind, reference, spelling, label, gender))
        for how, corrupted in sorted(corruptions(reference, rng, pools[kind]).items()):
            key = normalize_latin(corrupted)
            if how != "replaced" and (key in attested or key in generated):
                continue
            if how == "replaced" and key in generated:
                continue
            items.append(Item(token, kind, reference, corrupted, f"corrupt:{how}", gender))
    return items


def sentence(kind: str, word: str, gender: str | None) -> tuple[str, int]:
    """The template with `word` in its slot (other name parts of the same gender), and its offset."""
    first, surname = ("Anna", "Petrova") if gender == "f" else ("Ivan", "Petrov")
    if kind == PATRONYMIC:
        name, offset = f"{first} {word} {surname}", len(first) + 1
    elif kind == FIRST:
        name, offset = f"{word} {surname}", 0
    else:
        name, offset = f"{first} {word}", len(first) + 1
    return TEMPLATE.format(name=name), TEMPLATE.index("{name}") + offset


_RU_FIRST = {"m": ("Иван", "Петров", "заявил"), "f": ("Анна", "Петрова", "заявила")}


def russian_sentence(kind: str, token: str, gender: str | None) -> str:
    """The Russian source of `sentence`: the token (nominative) in the same slot."""
    first, surname, verb = _RU_FIRST["f" if gender == "f" else "m"]
    word = cap(token)
    name = {PATRONYMIC: f"{first} {word} {surname}", FIRST: f"{word} {surname}"}.get(kind, f"{first} {word}")
    return f"Министр {name} {verb} журналистам во вторник, что переговоры продолжатся."


def chinese_sentence(zh: str, gender: str | None) -> str:
    """A Chinese pivot naming the minister with the token's Chinese transcription."""
    first = "安娜" if gender == "f" else "伊万"
    return f"部长{first}·{zh}周二对记者说，谈判将继续。"


def cap(word: str) -> str:
    return word[:1].upper() + word[1:]


def _issues(engine: NameEngine, item: Item, mode: str, hyp: str, pivots: dict[str, str]) -> list:
    if mode == "reference":
        ref, _ = sentence(item.kind, cap(item.reference), item.gender)
        return engine.check(hyp, refs=[ref])
    if mode == "source":
        return engine.check(hyp, src=russian_sentence(item.kind, item.token, item.gender), src_lang="ru")
    if mode == "pivot":
        from qa.zh.match import ChineseNameMatcher

        global _MATCHER
        if _MATCHER is None:
            _MATCHER = ChineseNameMatcher()
        pivot = chinese_sentence(pivots[item.token], item.gender)
        # what `qa check --pivot` runs without a reference: the name engine with the pivot's
        # Russian persons as expected names (qa/checks/names.py) and the pivot matcher's
        # pinyin rules (qa/checks/chinese_names.py); one issue per span and rule
        names = _MATCHER.latin_names(pivot, hyp=hyp)
        expected = engine.expected_from_latin(
            [words for words, _ in names], "pivot", evidence=[evidence for _, evidence in names]
        )
        found = list(engine.check(hyp, extra_expected=expected)) + list(
            _MATCHER.against_chinese(hyp, pivot, "pivot")
        )
        unique = {(i.rule, i.start, i.end): i for i in found}
        return [unique[k] for k in sorted(unique, key=lambda k: (k[1] or -1, k[2] or -1, k[0]))]
    return engine.check(hyp)


_MATCHER = None


def run_crossfit(
    items: list[Item], mode: str, show: int, pivots: dict[str, str], folds: int = 2
) -> dict[str, object]:
    """`run_challenge` over the folds of the dev half, each with the other folds' engine."""
    merged: dict[str, object] = {
        "stats": Counter(),
        "by_how": defaultdict(Counter),
        "examples": defaultdict(list),
    }
    for fold in range(folds):
        part = [i for i in items if fold_of(i.token, folds) == fold]
        result = run_challenge(dev_engine(fold, folds), part, mode, show, pivots)
        merged["stats"].update(result["stats"])  # type: ignore[union-attr]
        for how, counts in result["by_how"].items():  # type: ignore[union-attr]
            merged["by_how"][how].update(counts)  # type: ignore[index]
        for key, lines in result["examples"].items():  # type: ignore[union-attr]
            merged["examples"][key].extend(lines[: max(0, show - len(merged["examples"][key]))])  # type: ignore[index]
    return merged


def run_challenge(
    engine: NameEngine, items: list[Item], mode: str, show: int, pivots: dict[str, str] | None = None
) -> dict[str, object]:
    stats: Counter[str] = Counter()
    by_how: dict[str, Counter[str]] = defaultdict(Counter)
    examples: dict[str, list[str]] = defaultdict(list)
    pivots = pivots or {}
    if mode == "pivot":
        items = [i for i in items if i.kind == SURNAME and i.token in pivots]
    for item in items:
        hyp, slot = sentence(item.kind, cap(item.hyp), item.gender)
        issues = _issues(engine, item, mode, hyp, pivots)
        on_token = [i for i in issues if i.start == slot and i.end == slot + len(item.hyp)]
        errors = [i for i in issues if i.rule in ERRORS]
        group = item.label.split(":")[0]
        stats[f"{group}:n"] += 1
        if group == "corrupt":
            how = item.label.split(":")[1]
            wanted = {"N104"} if mode == "lexicon" else {"N101"}
            if how == "replaced" and mode != "lexicon":
                hit = [i for i in issues if i.rule in ("N101", "N103")]
            else:
                hit = [i for i in on_token if i.rule in wanted]
            by_how[how]["n"] += 1
            if hit:
                stats["corrupt:hit"] += 1
                by_how[how]["hit"] += 1
                suggestion = hit[0].suggestion or ""
                if mode == "reference":
                    good = normalize_latin(suggestion) == normalize_latin(item.reference) or (
                        how == "replaced" and normalize_latin(item.reference) in normalize_latin(suggestion)
                    )
                elif how == "replaced":
                    good = any(
                        form in normalize_latin(suggestion)
                        for form in {*engine.accepted(item.token), normalize_latin(item.reference)}
                    )
                else:
                    good = normalize_latin(suggestion) in {
                        *engine.accepted(item.token),
                        normalize_latin(item.reference),
                    }
                stats["corrupt:good"] += good
                by_how[how]["good"] += good
                if not good and len(examples["bad-suggestion"]) < show:
                    examples["bad-suggestion"].append(f"{item.reference} -> {item.hyp}: {suggestion}")
            elif len(examples[f"miss:{how}"]) < show:
                examples[f"miss:{how}"].append(f"{item.token} {item.reference} -> {item.hyp}")
        else:
            flagged = [i for i in errors if i.rule != "N103" or mode in ("reference", "source")]
            if flagged:
                stats[f"{group}:alarm"] += 1
                if len(examples[f"alarm:{group}"]) < show:
                    examples[f"alarm:{group}"].append(
                        f"{item.token} {item.reference} -> {item.hyp}: "
                        f"{flagged[0].rule} {flagged[0].suggestion}"
                    )
    return {"stats": stats, "by_how": by_how, "examples": examples}


def report_challenge(name: str, result: dict[str, object]) -> None:
    stats: Counter[str] = result["stats"]  # type: ignore[assignment]
    by_how: dict[str, Counter[str]] = result["by_how"]  # type: ignore[assignment]

    def rate(a: int, b: int) -> str:
        return f"{a / b:.3f} ({a}/{b})" if b else "n/a"

    print(f"\n[{name}]")
    print(f"  recall of corrupted names        {rate(stats['corrupt:hit'], stats['corrupt:n'])}")
    print(f"  correct suggestion (of flagged)  {rate(stats['corrupt:good'], stats['corrupt:hit'])}")
    print(f"  false alarms, correct spelling   {rate(stats['correct:alarm'], stats['correct:n'])}")
    print(
        f"  false alarms, scheme variants    {rate(stats['variant-scheme:alarm'], stats['variant-scheme:n'])}"
    )
    print(
        f"  false alarms, other attested     {rate(stats['variant-other:alarm'], stats['variant-other:n'])}"
    )
    both = stats["correct:alarm"] + stats["variant-scheme:alarm"]
    print(f"  false alarms, correct + scheme   {rate(both, stats['correct:n'] + stats['variant-scheme:n'])}")
    for how in sorted(by_how):
        counts = by_how[how]
        print(
            f"    {how:<9} recall {rate(counts['hit'], counts['n'])}"
            f"  suggestion {rate(counts['good'], counts['hit'])}"
        )
    for key, lines in sorted(result["examples"].items()):  # type: ignore[union-attr]
        print(f"  {key}:")
        for line in lines:
            print(f"    {line}")


def load_pivots() -> dict[str, str]:
    """Russian token -> its Wikidata Chinese transcription (simplified), for pivot mode."""
    path = DATA / "names_en_ru_zh_russian_surnames_triples.tsv"
    if not path.exists():
        return {}
    best: dict[str, tuple[int, str]] = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            count = int(row["zh_count"])
            if row["ru"] not in best or count > best[row["ru"]][0]:
                best[row["ru"]] = (count, row["zh_simplified_opencc"])
    return {ru: zh for ru, (_, zh) in best.items()}


def run_demetr(engine: NameEngine) -> None:
    base: dict[tuple[str, str], dict[str, str]] = {}
    with (DATA / "demetr_ru_zh_base.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            base[(row["lang_tag"], row["id"])] = row
    counts: Counter[str] = Counter()
    with (DATA / "demetr_ru_zh_perturbations.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            name = row["pert_name"]
            if row["pert_check"] != "true" or not name.endswith(("ne_replaced", "ne_removed")):
                continue
            kind = "ne_replaced" if name.endswith("ne_replaced") else "ne_removed"
            lang = "ru" if row["lang_tag"] == "russian" else "zh"
            ref = base[(row["lang_tag"], row["id"])]["eng_sent"]
            wanted = {"N101", "N103", "N104", "N107"}
            before = {
                (i.rule, i.text, i.message)
                for i in engine.check(row["mt_sent"], refs=[ref])
                if i.rule in wanted
            }
            after = {
                (i.rule, i.text, i.message)
                for i in engine.check(row["pert_sent"], refs=[ref])
                if i.rule in wanted
            }
            counts[f"{kind}:{lang}:n"] += 1
            counts[f"{kind}:{lang}:alarm_unperturbed"] += bool(before)
            if after - before:
                counts[f"{kind}:{lang}:hit"] += 1
                for rule in sorted({r for r, _, _ in after - before}):
                    counts[f"{kind}:{lang}:{rule}"] += 1
    print("\n[DEMETR, with reference: detected = a new N101/N103/N104/N107 on the perturbed sentence]")
    for kind in ("ne_replaced", "ne_removed"):
        for lang in ("ru", "zh"):
            n = counts[f"{kind}:{lang}:n"]
            hit = counts[f"{kind}:{lang}:hit"]
            rules = ", ".join(f"{r} {counts[f'{kind}:{lang}:{r}']}" for r in ("N101", "N103", "N104", "N107"))
            alarms = counts[f"{kind}:{lang}:alarm_unperturbed"]
            print(
                f"  {kind} {lang}: detected {hit}/{n} = {hit / max(n, 1):.3f}  ({rules});"
                f" name finding on the unperturbed MT {alarms}/{n}"
            )


_FUNCTION_WORDS = frozenset(
    """a an the this that these those there here it its he she they we i you his her their our my your
    him them us who whom whose which what when where why how while and or but nor so yet for if then than
    because although though unless until since as at by in into on onto of off out over under up down from
    to with without within about above after against along among around before behind below beside
    between beyond despite during except inside near outside past per through toward towards upon via
    however moreover meanwhile also still even only just already again indeed instead otherwise perhaps
    all any both each every few many most much more less other others some such several one two three
    four five six seven eight nine ten first second third last next new old according earlier later
    today yesterday tomorrow now monday tuesday wednesday thursday friday saturday sunday january
    february march april may june july august september october november december mr mrs ms dr is are
    was were be been has have had do does did will would shall should can could might must not no
    yes""".split()
)
_CAPITALISED = re.compile(r"[A-Z][\w'’.-]*\w|[A-Z]\.(?:[A-Z]\.)+")


def _entities(text: str) -> set[str]:
    words = (m.group(0).rstrip(".").replace("’s", "").replace("'s", "") for m in _CAPITALISED.finditer(text))
    return {w.lower() for w in words if w.lower() not in _FUNCTION_WORDS}


def run_entity_diff() -> None:
    """Not a rule: what a plain capitalised-word diff against the reference would catch on DEMETR."""
    base: dict[tuple[str, str], str] = {}
    with (DATA / "demetr_ru_zh_base.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            base[(row["lang_tag"], row["id"])] = row["eng_sent"]
    counts: Counter[str] = Counter()
    with (DATA / "demetr_ru_zh_perturbations.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row["pert_check"] != "true" or not row["pert_name"].endswith(("ne_replaced", "ne_removed")):
                continue
            kind = "ne_replaced" if row["pert_name"].endswith("ne_replaced") else "ne_removed"
            lang = "ru" if row["lang_tag"] == "russian" else "zh"
            ref = base[(row["lang_tag"], row["id"])]
            for name, hyp in (("mt", row["mt_sent"]), ("pert", row["pert_sent"])):
                extra = [e for e in _entities(hyp) if e not in ref.lower()]
                missing = [e for e in _entities(ref) if e not in hyp.lower()]
                flagged = bool(missing) if kind == "ne_removed" else bool(extra and missing)
                counts[f"{kind}:{lang}:{name}"] += flagged
                counts[f"{kind}:{lang}:n"] += name == "mt"
    print("\n[DEMETR, analysis only: a capitalised-word diff against the reference (not shipped)]")
    print(
        "  ne_replaced: a capitalised word absent from the reference AND one of the reference's absent here;"
    )
    print("  ne_removed: a capitalised word of the reference absent here")
    for kind in ("ne_replaced", "ne_removed"):
        for lang in ("ru", "zh"):
            n = counts[f"{kind}:{lang}:n"]
            print(
                f"  {kind} {lang}: perturbed flagged {counts[f'{kind}:{lang}:pert']}/{n},"
                f" unperturbed MT flagged {counts[f'{kind}:{lang}:mt']}/{n}"
            )


def run_speed(engine: NameEngine) -> None:
    """Check time of one article once everything is loaded (the seed case, ~560 words)."""
    folder = Path(__file__).resolve().parents[1] / "corpora" / "kaspersky-2017"
    if not folder.is_dir():
        print("\n[speed] skipped: corpora/kaspersky-2017 not found")
        return
    hyp = (folder / "kaspersky-2017.hyp.txt").read_text(encoding="utf-8")
    ref = (folder / "kaspersky-2017.ref.txt").read_text(encoding="utf-8")
    src = (folder / "kaspersky-2017.src.ru.txt").read_text(encoding="utf-8")
    print(f"\n[speed] one article of {len(hyp.split())} words, median of 21 runs after a warm-up")
    for mode, kwargs in (
        ("reference", {"refs": [ref]}),
        ("source", {"src": src, "src_lang": "ru"}),
        ("lexicon", {}),
    ):
        started = time.perf_counter()
        engine.check(hyp, **kwargs)
        first = time.perf_counter() - started
        times = []
        for _ in range(21):
            started = time.perf_counter()
            engine.check(hyp, **kwargs)
            times.append(time.perf_counter() - started)
        times.sort()
        print(f"  {mode:<9} first call {first * 1000:7.1f} ms, then median {times[10] * 1000:5.1f} ms")
    print()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--split", choices=("dev", "test"), default="test")
    parser.add_argument("--show", type=int, default=0, help="print up to N misses / alarms per kind")
    parser.add_argument("--no-demetr", action="store_true")
    parser.add_argument("--rare", action="store_true", help="also the tokens with 1-19 bearers")
    parser.add_argument(
        "--crossfit",
        action="store_true",
        help="with --split dev: check each fold of the dev half with an engine that knows only"
        " the other fold's established spellings (out-of-sample, like the test half)",
    )
    parser.add_argument(
        "--folds", type=int, default=2, help="with --crossfit: how many folds (as the trainer's --folds)"
    )
    parser.add_argument(
        "--modes", default="reference,source,lexicon,pivot", help="comma-separated modes to run"
    )
    args = parser.parse_args()
    if not (DATA / "names_ru_en_wikidata_russian_surnames.tsv").exists():
        print(f"skipped: benchmark data not found in {DATA}")
        return 0
    started = time.perf_counter()
    engine = dev_engine()
    engine.lexicon  # noqa: B018 - load before timing the checks
    loaded = time.perf_counter() - started
    tokens = load_tokens(engine)
    items = build_items(tokens, engine, args.split)
    labels = Counter(i.label.split(":")[0] for i in items)
    pivots = load_pivots()
    print(
        f"names benchmark, split={args.split} (md5 of the Russian token), seed={SEED};"
        f" engine load {loaded:.2f} s"
    )
    run_speed(engine)
    print(
        f"  {len({i.token for i in items})} Russian tokens; items: "
        + ", ".join(f"{k} {v}" for k, v in sorted(labels.items()))
    )
    modes = [m for m in args.modes.split(",") if m]
    romanised_items = build_items(tokens, engine, args.split, romanised=True)
    labels = Counter(i.label.split(":")[0] for i in romanised_items)
    print("  source / pivot items: " + ", ".join(f"{k} {v}" for k, v in sorted(labels.items())))
    for mode in modes:
        started = time.perf_counter()
        chosen = romanised_items if mode in ("source", "pivot") else items
        if args.crossfit and args.split == "dev":
            result = run_crossfit(chosen, mode, args.show, pivots, args.folds)
        else:
            result = run_challenge(engine, chosen, mode, args.show, pivots)
        report_challenge(f"{mode} mode ({time.perf_counter() - started:.1f} s)", result)
    if args.rare:
        rare_tokens = load_tokens(engine, 1, RUSSIAN_MIN - 1)
        rare = build_items(rare_tokens, engine, args.split)
        rare_romanised = build_items(rare_tokens, engine, args.split, romanised=True)
        print(f"\n== rare tokens (1-{RUSSIAN_MIN - 1} bearers): {len({i.token for i in rare})} tokens")
        for mode in [m for m in modes if m != "pivot"]:
            started = time.perf_counter()
            chosen = rare_romanised if mode == "source" else rare
            if args.crossfit and args.split == "dev":
                result = run_crossfit(chosen, mode, args.show, pivots, args.folds)
            else:
                result = run_challenge(engine, chosen, mode, args.show, pivots)
            report_challenge(f"{mode} mode, rare ({time.perf_counter() - started:.1f} s)", result)
    if not args.no_demetr and (DATA / "demetr_ru_zh_perturbations.tsv").exists():
        run_demetr(engine)
        run_entity_diff()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
