"""An editor's stories in every mode (session 12): each defect found, as a test.

Texts written for these tests (a figure-skating championship, a city budget, a phone launch,
a marathon, a foreign minister's visit): each checks one planted translator's error and its
clean version.
"""

from __future__ import annotations

from qa.document import Document, Text


def _numbers(document: Document) -> list[tuple[str, str, str | None]]:
    from qa.checks.numbers import NumberCheck
    from qa.config import Config
    from qa.pipeline import prepare

    found = NumberCheck().run(prepare(document, Config(no_model=True)), None)
    return [(f.rule, f.text, f.suggestion) for f in found]


RACE_REF = "He Jie of China was fifth in 2:09, a personal best. Next year's race is on January 5."
RACE_HYP = "China's He Jie was fifth in 2 hours 9 minutes, a personal best. Next year's race is on January 5."


def test_a_race_time_is_a_duration_not_a_time_of_day() -> None:
    """A reference's race time "in 2:09" was read as a time of day: "2 hours 19 minutes" passed
    against it, and the right "2 hours 9 minutes" was D101 once another figure of the story
    differed. Its parts are now plain figures, compared with the hours and minutes."""
    clean = Document(id="t", hyp=Text(RACE_HYP, "en"), refs=[Text(RACE_REF, "en")])
    assert _numbers(clean) == []
    slip_text = RACE_HYP.replace("9 minutes", "19 minutes")
    slip = Document(id="t", hyp=Text(slip_text, "en"), refs=[Text(RACE_REF, "en")])
    assert _numbers(slip) == [("D101", "19 minutes", "9 minutes")]
    # A time of day stays one: "at 2:09 p.m." is not "2 hours 9 minutes".
    from qa.numbers import extract

    times = extract("The talks began at 10:30 and ended at 2:09 p.m.", "en")
    assert [q.kind for q in times] == ["time", "time"]
