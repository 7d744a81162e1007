"""An editor's stories in every mode (session 14): each defect found, as a test.

Texts written for these tests (a central bank's decision, a volleyball quarter-final, a round
of diplomatic talks): each checks one planted translator's error and its clean version.
"""

from __future__ import annotations

from qa.document import Document, Text


def _numbers(hyp: str, src: str) -> list[tuple[str, str, str | None]]:
    from qa.checks.numbers import NumberCheck
    from qa.config import Config
    from qa.pipeline import prepare

    document = Document(id="t", hyp=Text(hyp, "en"), refs=[], src=Text(src, "ru"))
    found = NumberCheck().run(prepare(document, Config(no_model=True)), None)
    return [(f.rule, f.text, f.suggestion) for f in found]


def test_a_month_after_a_word_of_time_is_a_date() -> None:
    """ "at the end of May" for «в конце марта» passed from the source (a reference's "late
    March" caught it): a Russian month without a day was read only after «в». It is a date
    after the words that place a time in or around it (в конце, в начале, до, с, к, после)."""
    src = "Следующий раунд переговоров может пройти в Стамбуле в конце марта."
    hyp = "The next round of talks may take place in Istanbul at the end of March."
    assert _numbers(hyp, src) == []
    assert _numbers(hyp.replace("March", "May"), src) == [("D102", "May", "March")]
    until = "Переговоры шли до марта, а с июня возобновятся."
    assert _numbers("The talks went on until March and will resume in June.", until) == []
    wrong = _numbers("The talks went on until April and will resume in June.", until)
    assert [(rule, text) for rule, text, _ in wrong] == [("D102", "April")]
    # a month's name that no word of time introduces stays no date: «Март» as a title
    from qa.numbers import extract

    assert [q.kind for q in extract("Журнал «Март» вышел тиражом 500 экземпляров.", "ru")] == ["number"]


def test_a_half_of_the_year_in_words_is_a_half() -> None:
    """ "only in the first half of the year" for «только во второй половине года» passed from
    the source: halves were read as полугодие only. «первой / второй половине (этого) года»
    (and of a year in figures) is a half too; «второй половине матча» is none."""
    src = "По словам Набиуллиной, рост цен замедлится только во второй половине года."
    hyp = "According to Nabiullina, price growth will slow only in the second half of the year."
    assert _numbers(hyp, src) == []
    assert _numbers(hyp.replace("second", "first"), src) == [("D102", "first half", "second half")]
    dated = "Завод откроется во второй половине 2026 года."
    assert _numbers("The plant will open in the second half of 2026.", dated) == []
    from qa.numbers import extract

    assert "half-year" not in [q.unit for q in extract("Он забил во второй половине матча.", "ru")]


def test_a_dropped_letter_in_a_short_chinese_given_name_is_n101() -> None:
    """ "Captain Zhu Tin" against the reference's "Zhu Ting" said only "Zhu Ting is not named"
    (N103): a three-letter word is too short for a near miss, and the short-name slip took
    a changed or swapped letter only. A letter dropped or added is a slip too."""
    from qa.names.engine import NameEngine

    engine = NameEngine()
    ref = "Team captain Zhu Ting scored 28 points in the quarter-final."

    def found(text: str) -> list[tuple[str, str, str | None]]:
        return [
            (i.rule, i.text, i.suggestion)
            for i in engine.check(text, refs=[ref])
            if i.rule in ("N101", "N103")
        ]

    hyp = "Captain Zhu Ting scored 28 points in the match."
    assert found(hyp) == []
    assert found(hyp.replace("Ting", "Tin")) == [("N101", "Tin", "Ting")]
    # the surname off as well is another person, not a slip
    assert [rule for rule, _, _ in found(hyp.replace("Zhu Ting", "Zhao Tin"))] == ["N103"]
