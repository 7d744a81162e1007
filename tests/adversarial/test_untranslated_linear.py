"""U101 on a translation with one huge word or thousands of runs on one line: the address,
gloss and quotation tests must read the text about once, not once a run or once a start.

Those were regular expressions searched over the whole word or line (quadratic, and in C, so
no per-document time budget could stop them: a line of 20,000 capitalised words before one Han
character took 130 s, 40,000 Han characters in one word 35 s, 20,000 bracketed runs 20 s). No
timed assertion: each case runs in a fresh interpreter under a limit (`run_bounded`) that the
linear tests meet with a wide margin (well under a second here) and the quadratic ones could not
at these sizes (hours for the first two, minutes for the third).
"""

from __future__ import annotations

from bounded import run_bounded

from qa.checks.untranslated import UntranslatedCheck
from qa.document import AlignedDocument, Document, Text

_COUNT = """
from qa.checks.untranslated import UntranslatedCheck
from qa.document import AlignedDocument, Document, Text
hyp = {hyp}
doc = AlignedDocument(Document(id="u", hyp=Text(hyp, "en"), refs=[]))
print(len(list(UntranslatedCheck().run(doc))))
"""


def _u101_count(hyp_expression: str) -> int:
    return int(run_bounded(_COUNT.format(hyp=hyp_expression)).strip())


def _u101(hyp: str) -> list:
    return list(UntranslatedCheck().run(AlignedDocument(Document(id="u", hyp=Text(hyp, "en"), refs=[]))))


def test_one_huge_word_of_han_characters() -> None:
    assert _u101_count("'Officials said ' + '汉' * 200_000 + ' on Friday.'") == 1


def test_a_long_line_of_capitalised_words_before_a_run() -> None:
    assert _u101_count("'Ivanova ' * 60_000 + '(Иванова)'") == 0  # still a gloss of the name


def test_thousands_of_bracketed_and_quoted_runs_on_one_line() -> None:
    assert _u101_count("'(汉) «字» ' * 60_000") == 120_000


def test_addresses_glosses_and_quotes_as_before() -> None:
    assert _u101("See премияарсеньева.рф for details.") == []
    assert _u101("Mail me at иван@почта.рф today.") == []
    assert _u101("The daily Vedomosti (Ведомости) reported it.") == []
    assert len(_u101("The daily vedomosti (Ведомости) reported it.")) == 1
    assert len(_u101("He wrote слово here.")) == 1
