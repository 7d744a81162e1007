"""Encoding detection on real news text: `qa.io.decode` against charset-normalizer's `best()`.

The WMT22 news sources (Russian, Chinese) and English references are encoded in the legacy
code pages newsroom files arrive in, and each decoder has to give back the exact text. Texts
that the code page cannot represent (KOI8-R has no « ») or that are pure ASCII (every decoder
agrees) are skipped. A `qa.io` "error" is an `InputError` (refused as undecodable).

    python bench/io_decoding.py
Data: QA_BENCHMARKS or ../shared/benchmarks relative to the repository.
"""

from __future__ import annotations

import csv
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from qa.errors import InputError
from qa.io.decode import decode_bytes

DATA = Path(os.environ.get("QA_BENCHMARKS", Path(__file__).resolve().parents[2] / "shared" / "benchmarks"))
RU_FILE = "wmt22_ruen_news.segments.tsv"
ZH_FILE = "wmt22_zhen_news.segments.tsv"


def column(name: str, field: str) -> list[str]:
    with open(DATA / name, encoding="utf-8", newline="") as handle:
        return [row[field] for row in csv.DictReader(handle, delimiter="\t") if row.get(field)]


def joined(sentences: list[str], size: int) -> list[str]:
    """Consecutive sentences joined into texts of `size` sentences (a short news item)."""
    return [" ".join(sentences[i : i + size]) for i in range(0, len(sentences) - size + 1, size)]


def main() -> int:
    if not (DATA / RU_FILE).exists() or not (DATA / ZH_FILE).exists():
        print(f"skipped: benchmark data not found in {DATA} (set QA_BENCHMARKS)")
        return 0
    from charset_normalizer import from_bytes

    ru = column(RU_FILE, "source")
    zh = column(ZH_FILE, "source")
    en = column(ZH_FILE, "refA") + column(RU_FILE, "refA")
    suites = [
        ("ru, 1 sentence", ru, ["cp1251", "koi8-r", "mac-cyrillic"], ["", "ru"]),
        ("ru, 5 sentences", joined(ru, 5), ["cp1251", "koi8-r", "mac-cyrillic"], [""]),
        ("zh, 1 sentence", zh, ["gb18030"], ["", "zh"]),
        ("en with non-ASCII, 1 sentence", en, ["cp1252"], ["", "en"]),
    ]
    started = time.perf_counter()
    print(
        "| texts | encoding | language hint | n | charset-normalizer best() exact | qa.io exact | refused |"
    )
    print("|---|---|---|---|---|---|---|")
    for label, texts, encodings, hints in suites:
        for encoding in encodings:
            encoded = []
            for text in texts:
                try:
                    data = text.encode(encoding)
                except UnicodeEncodeError:
                    continue
                if not data.isascii():
                    encoded.append((text, data))
            detector_right = sum(1 for text, data in encoded if str(from_bytes(data).best() or "") == text)
            for hint in hints:
                ours_right = refused = 0
                for text, data in encoded:
                    try:
                        ours_right += decode_bytes(data, "bench", hint)[0] == text
                    except InputError:
                        refused += 1
                n = len(encoded)
                detector = f"{detector_right} ({100 * detector_right / n:.1f}%)"
                ours = f"{ours_right} ({100 * ours_right / n:.1f}%)"
                print(f"| {label} | {encoding} | {hint or 'none'} | {n} | {detector} | {ours} | {refused} |")
    print(f"elapsed {time.perf_counter() - started:.1f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
