"""Segmentation and alignment stay linear on hostile text (issue 14, item 4).

No timed assertions: each case runs in a subprocess with a limit that a linear algorithm
meets with a wide margin and a quadratic one cannot (the old splitter took 8 s for 20,000
dots, so about 800 s for the 200,000 here; the old alignment needed gigabytes for
20,000 x 20,000 sentences, more than the address-space cap below allows).
"""

from __future__ import annotations

import os
import sys

import pytest
from bounded import run_bounded

from qa.segment import split_sentences

HOSTILE = {
    "dots": "'.' * 200_000",
    "dots then a word": "'.' * 200_000 + 'x'",
    "dots then a capital": "'.' * 100_000 + ' A' + '!' * 100_000",
    "a full stop every two letters": "'a. ' * 70_000",
    "abbreviations": "'Mr. ' * 50_000",
    "initials": "'A. ' * 70_000",
    "closers": "'.' + ')' * 200_000 + 'x'",
    "spaces after a stop": "'A.' + ' ' * 200_000 + 'B'",
    "chinese stops": "'。' * 200_000",
}


_run = run_bounded


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_lines_segment_in_linear_time(name: str) -> None:
    out = _run(
        f"""
        from qa.segment import split_sentences
        for lang in ("en", "ru", "zh"):
            text = {HOSTILE[name]}
            sentences = split_sentences(text, lang)
            assert "".join(s.text for s in sentences).replace(" ", "") == text.replace(" ", "")
        print("ok")
        """
    )
    assert out.strip() == "ok"


def test_the_same_sentences_on_ordinary_text() -> None:
    text = (
        'Minister N. Nikiforov met Mr. Smith in the U.S. on Sept. 3. "It went well!" he said... '
        "Then he left. т. е. всё. Он ушёл? Да."
    )
    assert [s.text for s in split_sentences(text)] == [
        "Minister N. Nikiforov met Mr. Smith in the U.S. on Sept. 3.",
        '"It went well!" he said...',
        "Then he left. т. е. всё.",
        "Он ушёл?",
        "Да.",
    ]
    for sentence in split_sentences(text):
        assert text[sentence.start : sentence.end] == sentence.text


@pytest.mark.skipif(not hasattr(os, "fork") or sys.platform != "linux", reason="RLIMIT_AS is Linux's")
def test_alignment_of_thousands_of_sentences_keeps_to_its_band() -> None:
    # 20,000 x 20,000 sentences: the old full table held 400 million cells (gigabytes)
    out = _run(
        """
        from qa.align import align_sentences
        calls = 0
        def similarity(left, right):
            global calls
            calls += 1
            return 1.0 if left == right else 0.0
        pairs = align_sentences(20_000, 20_000, similarity, 0.3)
        assert len(pairs) == 20_000 and all(p.hyp == p.other for p in pairs)
        print(calls)
        """,
        memory_bytes=1_500_000_000,
    )
    assert int(out) < 20_001 * 30 * 3  # three matching moves per cell of a band of at most 30
