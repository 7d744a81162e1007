"""One meaning error in an otherwise faithful article: does the document score fall, and does
F101 mark that sentence? Perturbed articles of our own (tests/fidelity_texts.py).

    .venv/bin/python bench/fidelity_perturbed.py

Each perturbation edits one sentence of the faithful 7-sentence article (a negation, an
antonym, "increase" for "reduce", a changed number, a changed name, a swapped role), plus one
article with four of them. Every article is checked with the reference and the Russian
source, with the reference only and with the source only, through the whole check (so the
sentences a number, date or quotation rule puts under the line count: `qa.fidelity.detected`).
Printed: the document fidelity against the clean article's, and whether F101 fires on the
edited sentence(s) (and on how many others).
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from fidelity_texts import FAITHFUL, REFERENCE, SOURCE_RU  # noqa: E402

MAYOR = (
    "According to Mayor Anna Sokolova, the bridge will reduce traffic jams in the city centre by one third."
)
EDITS: dict[str, tuple[str, str]] = {
    "negation": (
        "On Tuesday the Tver city council voted to construct a second road bridge across the Volga.",
        "On Tuesday the Tver city council voted not to construct a second road bridge across the Volga.",
    ),
    "antonym": (
        "The old bridge, which was built in 1956, will stay open to pedestrians and trams.",
        "The old bridge, which was built in 1956, will be closed to pedestrians and trams.",
    ),
    "increase for reduce": (MAYOR, MAYOR.replace("reduce", "increase")),
    "number": (
        "The project is going to cost 4.2 billion roubles and should be completed in 2027.",
        "The project is going to cost 2.4 billion roubles and should be completed in 2072.",
    ),
    "name": (MAYOR, MAYOR.replace("Anna Sokolova", "Irina Petrova")),
    "swapped roles": (
        "Opposition deputies attacked the plan, saying the money ought to be spent on school repairs.",
        "The mayor attacked the opposition deputies, saying the money ought to be spent on school repairs.",
    ),
}


def run(hyp: str, ref: str | None, src: str | None) -> tuple[float, list[str]]:
    """The whole check (`qa check`'s flow): document fidelity and the sentences F101 marks."""
    from qa.config import Config
    from qa.document import Document, Text
    from qa.pipeline import Checker

    refs = [Text(ref, "en")] if ref is not None else []
    source = Text(src, "ru") if src is not None else None
    result = Checker(Config(src_lang="ru")).check(
        Document(id="article", hyp=Text(hyp, "en"), refs=refs, src=source)
    )
    return float(result.scores["fidelity"]), [f.text for f in result.findings if f.rule == "F101"]


def main() -> int:
    articles = {name: (FAITHFUL.replace(old, new), [new]) for name, (old, new) in EDITS.items()}
    several = FAITHFUL
    for name in ("negation", "antonym", "number", "swapped roles"):
        several = several.replace(*EDITS[name])
    articles["four errors"] = (
        several,
        [EDITS[n][1] for n in ("negation", "antonym", "number", "swapped roles")],
    )
    print("| article | mode | fidelity | clean | below clean | F101 on edited | F101 elsewhere |")
    print("|---|---|---:|---:|---|---:|---:|")
    for mode, ref, src in (
        ("ref+src", REFERENCE, SOURCE_RU),
        ("ref", REFERENCE, None),
        ("src", None, SOURCE_RU),
    ):
        clean, clean_flags = run(FAITHFUL, ref, src)
        print(f"| faithful | {mode} | {clean:.1f} | - | - | - | {len(clean_flags)} |")
        for name, (text, edited) in articles.items():
            score, flagged = run(text, ref, src)
            hit = sum(any(e in f or f in e for f in flagged) for e in edited)
            other = sum(not any(e in f or f in e for e in edited) for f in flagged)
            print(
                f"| {name} | {mode} | {score:.1f} | {clean:.1f} | {'yes' if score < clean else 'NO'} "
                f"| {hit}/{len(edited)} | {other} |"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
