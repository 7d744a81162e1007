"""Build qa/data/names/established.tsv: English spellings of Russian name words that no scheme gives.

The spellings English uses for some well-known people are not what any romanisation scheme
produces (Чайковский -> Tchaikovsky, Колин -> Colin). They are taken from the Wikidata
English/Russian label pairs of the NETransliteration data ([NET], CC0-1.0; see the README of
../shared/benchmarks), never listed by hand:

* every (Russian token, English spelling) pair seen at least MIN_COUNT times, in ASCII
  letters, making up at least MIN_SHARE of that token's pairs;
* minus spellings the configured schemes (and their English-news rewrites) already give;
* minus German and French endings (-ow, -off, -ew, -eff, -owa, -itsch ...), which an English text
  should not use for a Russian name (the name rules report them), and plural/Latvian -s
  forms of another listed spelling (Ivanovs).

    python bench/build_established_names.py            # writes qa/data/names/established.tsv
    python bench/build_established_names.py --check    # exit 1 if the shipped file differs
Data: QA_BENCHMARKS or ../shared/benchmarks relative to the repository.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from qa.names.established import ESTABLISHED_PATH  # noqa: E402
from qa.names.romanize import accepted_romanizations, normalize_latin  # noqa: E402

DATA = Path(os.environ.get("QA_BENCHMARKS", ROOT.parent / "shared" / "benchmarks"))
SOURCE = "names_ru_en_wikidata_russian_surnames.tsv"
MIN_COUNT = 2  # a pair seen once may be a misalignment (джон -> "lort")
MIN_SHARE = 0.1  # of the Russian token's pairs: rarer spellings are one family's or one source's
_FOREIGN_ENDING = re.compile(r"(ow|off|ew|eff|owa|ewa|offa|effa|itsch|itz)$")


def build(path: Path) -> str:
    """The table's text (header, then `ru en count` rows sorted by Russian token, then spelling)."""
    pairs: dict[str, dict[str, int]] = defaultdict(dict)
    totals: dict[str, int] = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            pairs[row["ru"]][row["en"]] = int(row["count"])
            totals[row["ru"]] = int(row["ru_token_total"])
    rows: list[tuple[str, str, int]] = []
    for ru in sorted(pairs):
        spellings = pairs[ru]
        generated = set(accepted_romanizations(ru))
        for en, count in sorted(spellings.items()):
            key = normalize_latin(en)
            if count < MIN_COUNT or count < MIN_SHARE * totals[ru] or not (en.isascii() and en.isalpha()):
                continue
            if key in generated or _FOREIGN_ENDING.search(key):
                continue
            if key.endswith("s") and key[:-1] in {normalize_latin(s) for s in spellings}:
                continue
            rows.append((ru, key, count))
    out = io.StringIO()
    out.write(
        "# English spellings of Russian name words that no romanisation scheme gives.\n"
        "# Built by bench/build_established_names.py from Wikidata labels (NETransliteration\n"
        "# data, CC0-1.0; Wikidata CC0). Columns: Russian word, English spelling, pairs seen.\n"
    )
    out.write("ru\ten\tcount\n")
    for ru, en, count in rows:
        out.write(f"{ru}\t{en}\t{count}\n")
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check", action="store_true", help="compare with the shipped file, write nothing")
    args = parser.parse_args()
    source = DATA / SOURCE
    if not source.exists():
        print(f"skipped: {SOURCE} not found in the benchmark folder (set QA_BENCHMARKS)")
        return 0
    text = build(source)
    if args.check:
        same = ESTABLISHED_PATH.exists() and ESTABLISHED_PATH.read_text(encoding="utf-8") == text
        print("up to date" if same else f"{ESTABLISHED_PATH.name} differs from the data: rebuild it")
        return 0 if same else 1
    ESTABLISHED_PATH.write_text(text, encoding="utf-8")
    print(f"wrote {ESTABLISHED_PATH.relative_to(ROOT)}: {text.count(chr(10)) - 4} spellings")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
