"""A changed number, date, unit or quotation puts its sentence under the F101 line."""

from __future__ import annotations

import pytest

from qa.config import Config
from qa.document import Document, Severity, Text
from qa.fidelity.detected import CAPS_SIGNATURE, STEP
from qa.fidelity.score import LOW_FIDELITY
from qa.pipeline import Checker

REFERENCE = (
    "The council approved a budget of 4.2 million euros for the harbour on Monday.\n"
    "Work on the new quay will start in March, the mayor told reporters.\n"
    "About 300 fishing boats use the harbour every week.\n"
)


def check(hyp: str, config: Config, ref: str | None = REFERENCE, src: Text | None = None):
    refs = [Text(ref, "en")] if ref is not None else []
    return Checker(config).check(Document(id="harbour", hyp=Text(hyp, "en"), refs=refs, src=src))


def low_fidelity(result) -> list:
    return [f for f in result.findings if f.rule == "F101"]


@pytest.mark.parametrize("no_model", [True, False], ids=["no-model", "model"])
def test_a_changed_number_marks_its_sentence_and_lowers_the_document(no_model: bool) -> None:
    config = Config(no_model=no_model)
    clean = check(REFERENCE, config)
    one = check(REFERENCE.replace("300", "800"), config)
    two = check(REFERENCE.replace("300", "800").replace("4.2 million", "2.4 million"), config)
    assert not low_fidelity(clean)
    [mark] = low_fidelity(one)
    assert mark.text == "About 800 fishing boats use the harbour every week."
    assert "a number differs from the reference (D101)" in mark.message
    assert float(dict(mark.evidence)["fidelity"]) <= LOW_FIDELITY - STEP
    assert len(low_fidelity(two)) == 2
    assert clean.scores["fidelity"] > one.scores["fidelity"] > two.scores["fidelity"]
    assert clean.signatures["fidelity"].endswith(CAPS_SIGNATURE)


def test_two_errors_in_one_sentence_weigh_more_than_one() -> None:
    config = Config(no_model=True)
    one = check(REFERENCE.replace("4.2 million", "2.4 million"), config)
    both = check(REFERENCE.replace("4.2 million", "2.4 million").replace("Monday", "Friday"), config)
    [first], [second] = low_fidelity(one), low_fidelity(both)
    assert "(D101, D102)" in second.message and "a date and a number" in second.message
    assert float(dict(second.evidence)["fidelity"]) < float(dict(first.evidence)["fidelity"])


def test_nothing_changes_without_a_meaning_error() -> None:
    """A misspelt name is an error, but not a change of meaning: the score stays the model's."""
    config = Config(no_model=True)
    named = REFERENCE.replace("the mayor", "Mayor Nikiforov")
    base = check(named, config, ref=named)
    slip = check(named.replace("Nikiforov", "Nikifrov"), config, ref=named)
    assert any(f.rule == "N101" for f in slip.findings)
    assert not low_fidelity(slip) and not low_fidelity(base)


def test_the_user_decides_what_counts() -> None:
    """With D101 lowered to a warning nothing is capped; with F101 ignored the score is still
    capped but no F101 is written."""
    changed = REFERENCE.replace("300", "800")
    uncapped = check(changed, Config(no_model=True))
    warned = check(changed, Config(no_model=True, severity={"D101": Severity.WARNING}))
    silent = check(changed, Config(no_model=True, ignore=("F101",)))
    assert not low_fidelity(warned)
    assert warned.scores["fidelity"] > uncapped.scores["fidelity"]
    assert not low_fidelity(silent)
    assert silent.scores["fidelity"] == uncapped.scores["fidelity"]


def test_against_the_source_the_message_names_it() -> None:
    """From the source alone (models on: without them there is no fidelity from a source)."""
    source = Text("Около 300 рыболовецких судов каждую неделю заходят в гавань.", "ru")
    hyp = "About 800 fishing boats use the harbour every week."
    result = check(hyp, Config(src_lang="ru"), ref=None, src=source)
    [mark] = low_fidelity(result)
    assert "differs from the source (D101)" in mark.message


def test_against_a_pivot_standing_in_the_message_names_the_pivot() -> None:
    pivot = Text("每周约有300艘渔船使用该港口。", "zh")
    hyp = "About 800 fishing boats use the harbour every week."
    result = Checker(Config()).check(Document(id="harbour", hyp=Text(hyp, "en"), pivot=pivot))
    [mark] = low_fidelity(result)
    assert "differs from the pivot (D101)" in mark.message


def test_no_score_no_cap() -> None:
    """A translation checked alone has no fidelity, and nothing to put under a line."""
    result = check("About 800 fishing boats use the harbour every week.", Config(no_model=True), ref=None)
    assert result.scores.get("fidelity") is None and not low_fidelity(result)


def test_without_a_model_a_reversal_from_the_source_is_still_marked() -> None:
    """No score is computed from a source without models, but the reversal detector needs none:
    the sentence is marked, saying no score was computed, and the faithful one is not."""
    source = Text("Город не будет закрывать 3 школы в следующем году.", "ru")
    turned = check("The city will close 3 schools next year.", Config(no_model=True), ref=None, src=source)
    faithful = check(
        "The city will not close 3 schools next year.", Config(no_model=True), ref=None, src=source
    )
    assert turned.scores.get("fidelity") is None
    [mark] = low_fidelity(turned)
    assert mark.message.startswith("meaning reversed (fidelity not scored)")
    assert "differs from the source" in mark.message
    assert dict(mark.evidence)["fidelity"] == "n/a"
    assert not low_fidelity(faithful)
    silent = check(
        "The city will close 3 schools next year.",
        Config(no_model=True, ignore=("F101",)),
        ref=None,
        src=source,
    )
    assert not low_fidelity(silent)
