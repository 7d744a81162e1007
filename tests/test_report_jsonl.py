"""JSON Lines: one document a line, the json format's entries, a summary line last, streamable."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st
from report_fixtures import HYP, REF, checked_result, config, errored_result, sample_report

from qa.document import Report
from qa.report.jsonl import JsonlRenderer


def test_one_line_per_document_then_the_summary() -> None:
    report = sample_report()
    lines = JsonlRenderer().render(report, config()).split("\n")
    assert lines[-1] == ""
    objects = [json.loads(line) for line in lines[:-1]]
    assert len(objects) == len(report.documents) + 1
    for result, obj in zip(report.documents, objects, strict=False):
        assert obj == json.loads(json.dumps(result.to_dict()))
    assert objects[-1]["summary"] == report.summary()
    assert objects[-1]["schema"] == "qa-report/1"


def test_errored_document_keeps_its_line() -> None:
    objects = [json.loads(line) for line in JsonlRenderer().render(sample_report(), config()).splitlines()]
    broken = next(o for o in objects if o.get("id") == "broken")
    assert broken["status"] == "error" and "cannot decode" in broken["error"]["message"]


def test_streams_from_a_generator_without_a_report() -> None:
    produced: list[str] = []

    def results():
        for i in range(3):
            produced.append(f"doc-{i}")
            yield errored_result(f"doc-{i}")

    stream = JsonlRenderer().lines(results(), "0.1.0")
    first = next(stream)
    assert json.loads(first)["id"] == "doc-0" and produced == ["doc-0"]  # nothing read ahead
    rest = list(stream)
    assert json.loads(rest[-1])["summary"]["errors"] == 3


def test_render_is_deterministic() -> None:
    assert JsonlRenderer().render(sample_report(), config()) == JsonlRenderer().render(
        sample_report(), config()
    )


@settings(max_examples=60, deadline=None)
@given(message=st.text(), doc_id=st.text())
def test_any_text_stays_on_its_line(message: str, doc_id: str) -> None:
    result = checked_result(doc_id, HYP, [REF], [{"rule": "D101", "needle": "60", "message": message}])
    text = JsonlRenderer().render(Report([result], "0.1.0"), config())
    lines = text.splitlines()  # the strictest splitter: also U+2028, U+0085, form feed ...
    assert len(lines) == 2
    assert json.loads(lines[0])["findings"][0]["message"] == message
    assert json.loads(lines[0])["id"] == doc_id
