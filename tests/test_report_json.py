"""The json format written in pieces is byte for byte the one-shot `json.dumps` of the report."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from report_fixtures import clean_result, config, errored_result, inline_result, seed_result

from qa.document import Report
from qa.errors import json_log_safe
from qa.report.interface import pieces
from qa.report.json import JsonRenderer, indented_json, report_dict

_BUILDERS = (seed_result, clean_result, inline_result, errored_result)


def _one_shot(report: Report) -> str:
    # the one-shot dump, with the CI-log escapes every JSON report gets (NEL, U+2028, `##[`)
    return json_log_safe(json.dumps(report_dict(report), ensure_ascii=False, indent=2)) + "\n"


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(range(len(_BUILDERS))), max_size=6), st.text(max_size=8))
def test_chunks_join_to_the_one_shot_dump(kinds: list[int], version: str) -> None:
    report = Report([_BUILDERS[k](doc_id=f"d{i}") for i, k in enumerate(kinds)], tool_version=version)
    renderer = JsonRenderer()
    chunks = list(renderer.chunks(report, config()))
    assert "".join(chunks) == _one_shot(report)
    assert renderer.render(report, config()) == _one_shot(report)
    assert len(chunks) == len(report.documents) + 4  # head, list start, a piece per document, end


def test_an_empty_batch_is_the_same_too() -> None:
    report = Report([], tool_version="0.1.0")
    assert JsonRenderer().render(report, config()) == _one_shot(report)
    assert json.loads(JsonRenderer().render(report, config()))["documents"] == []


def test_pieces_falls_back_to_render_for_other_formats() -> None:
    class Whole:
        name = "whole"
        for_terminal = False

        def render(self, report: Report, cfg: object) -> str:
            return "all at once"

    assert list(pieces(Whole(), Report([], tool_version="x"), config())) == ["all at once"]


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(alphabet=st.characters(codec="utf-8")),
    lambda children: (
        st.lists(children, max_size=4)
        | st.tuples(children, children)
        | st.dictionaries(st.text(max_size=5), children, max_size=4)
    ),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(value=JSON_VALUES, depth=st.integers(0, 3))
def test_indented_json_equals_the_standard_library(value: object, depth: int) -> None:
    """The fast writer gives json.dumps(indent=2)'s bytes at every depth, NaN and quotes included."""
    margin = "  " * depth
    expected = json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + margin)
    assert indented_json(value, margin) == expected


def test_indented_json_refuses_what_it_cannot_write() -> None:
    """Non-string keys and unknown types go back to json.dumps in the renderer (TypeError here)."""
    for value in ({1: "a"}, {"a": {None: 1}}, [object()], {"a": {1, 2}}):
        with pytest.raises(TypeError):
            indented_json(value)
