"""A run of thousands of capitalised names on one line is no person's name, and the reference
slips (N101 for names neither side reads as a person) compare each distinct pair of word
windows once. Both made a translation and a reference of 2,000 repeated surnames each take
over a minute (a 2,000-token mention paired with a 2,000-token person; every window of the
translation against every window of the reference)."""

from __future__ import annotations

from bounded import run_bounded

from qa.config import Config
from qa.document import Document, Text
from qa.names.english import extract_person_names
from qa.names.model import MAX_NAME_WORDS
from qa.names.russian import extract_russian_names
from qa.pipeline import check_documents


def test_a_run_longer_than_a_name_is_not_a_person() -> None:
    assert extract_person_names("Reporters met " + "Halloran " * 40 + "in town.") == []
    assert extract_russian_names("Вчера " + "Соколова " * 40 + "приехала.") == []


def test_names_up_to_the_longest_are_still_read() -> None:
    [mention] = extract_person_names("Minister Anna Maria Sokolova spoke.")
    assert [t.text for t in mention.tokens] == ["Anna", "Maria", "Sokolova"]
    [person] = extract_russian_names("Вчера Анна Сергеевна Соколова приехала.")
    assert len(person.tokens) == 3 <= MAX_NAME_WORDS


def test_repeated_surnames_on_both_sides_in_linear_time() -> None:
    """12,000 a side, in a fresh interpreter under `run_bounded`'s limit: 2,000 a side took 25-90
    s before (quadratic, so hours at this size); linear, it takes seconds."""
    out = run_bounded(
        """
        from qa.config import Config
        from qa.document import Document, Text
        from qa.pipeline import check_documents
        text = "Halloran " * 12_000 + "spoke.\\n"
        doc = Document(id="r", hyp=Text(text, "en"), refs=[Text(text, "en")])
        print(check_documents([doc], Config(no_model=True)).documents[0].status)
        """
    )
    assert out.strip() == "checked"


def test_a_reference_slip_is_still_found_among_repeated_windows() -> None:
    """The windows are compared once each, but every place of the translation is reported."""
    ref = "Coach Eliud Kipchoge won. " * 3
    hyp = "Coach Eliud Kipchoge won. Coach Eliud Kipchoqe won. Coach Eliud Kipchoqe won."
    report = check_documents(
        [Document(id="s", hyp=Text(hyp, "en"), refs=[Text(ref, "en")])], Config(no_model=True)
    )
    slips = [f for f in report.documents[0].findings if f.rule == "N101"]
    assert len(slips) == 2 and all("Kipchoge" in f.message for f in slips)
