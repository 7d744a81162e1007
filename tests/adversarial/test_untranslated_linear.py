"""U101 on a translation with one huge word or thousands of runs on one line: the address,
gloss and quotation tests must read the text about once, not once a run or once a start.

Those were regular expressions searched over the whole word or line (quadratic, and in C, so
no per-document time budget could stop them: a line of 10,000 capitalised words before one
Han character took 30 s, 20,000 Han characters in one word 9 s)."""

from __future__ import annotations

import time

from qa.checks.untranslated import UntranslatedCheck
from qa.document import AlignedDocument, Document, Text


def _u101(hyp: str) -> tuple[list, float]:
    doc = AlignedDocument(Document(id="u", hyp=Text(hyp, "en"), refs=[]))
    started = time.perf_counter()
    findings = list(UntranslatedCheck().run(doc))
    return findings, time.perf_counter() - started


def test_one_huge_word_of_han_characters() -> None:
    findings, elapsed = _u101("Officials said " + "汉" * 40_000 + " on Friday.")
    assert len(findings) == 1
    assert elapsed < 3.0  # ~35 s before


def test_a_long_line_of_capitalised_words_before_a_run() -> None:
    findings, elapsed = _u101("Ivanova " * 20_000 + "(Иванова)")
    assert findings == []  # still a gloss of the name before the bracket
    assert elapsed < 3.0  # ~130 s before


def test_thousands_of_bracketed_and_quoted_runs_on_one_line() -> None:
    findings, elapsed = _u101("(汉) «字» " * 20_000)
    assert len(findings) == 40_000
    assert elapsed < 10.0  # ~20 s before, ~1 s now


def test_addresses_glosses_and_quotes_as_before() -> None:
    assert _u101("See премияарсеньева.рф for details.")[0] == []
    assert _u101("Mail me at иван@почта.рф today.")[0] == []
    assert _u101("The daily Vedomosti (Ведомости) reported it.")[0] == []
    assert len(_u101("The daily vedomosti (Ведомости) reported it.")[0]) == 1
    assert len(_u101("He wrote слово here.")[0]) == 1
