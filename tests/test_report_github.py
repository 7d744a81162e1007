"""GitHub workflow commands: escaping, positions, and the per-step annotation limits."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from report_fixtures import HYP, REF, checked_result, config, errored_result, sample_report, seed_result

from qa.document import Report
from qa.report.github import ANNOTATIONS_PER_KIND, GithubRenderer, escape_data, escape_property

COMMAND = re.compile(r"^::(?P<kind>error|warning|notice)(?: (?P<props>[^:]*))?::(?P<message>.*)$")


def unescape(text: str) -> str:
    return re.sub(
        r"%(25|0D|0A|3A|2C)", lambda m: {"25": "%", "0D": "\r", "0A": "\n", "3A": ":", "2C": ","}[m[1]], text
    )


def parse(output: str) -> list[tuple[str, dict[str, str], str]]:
    """Every annotation command: kind, properties and message, unescaped as the runner does."""
    commands = []
    for line in output.split("\n"):
        match = COMMAND.match(line)
        if match:
            props = dict(p.split("=", 1) for p in match["props"].split(",")) if match["props"] else {}
            commands.append(
                (match["kind"], {k: unescape(v) for k, v in props.items()}, unescape(match["message"]))
            )
    return commands


def render(report: Report, **overrides: object) -> str:
    return GithubRenderer().render(report, config(**overrides))


def test_escaping_follows_the_actions_toolkit() -> None:
    assert escape_data("100%\r\nnext: a,b") == "100%25%0D%0Anext: a,b"
    assert escape_property("dir, x/a:b%.txt") == "dir%2C x/a%3Ab%25.txt"


def test_findings_become_annotations_with_file_and_exact_columns() -> None:
    commands = parse(render(Report([seed_result()], "0.1.0")))
    kind, props, message = next(c for c in commands if c[1].get("title", "").startswith("N101"))
    line = HYP.split("\n")[0]
    column = line.index("Nikifrov") + 1
    assert kind == "error"
    assert props == {
        "file": "corpora/demo/article.hyp.txt",
        "line": "1",
        "endLine": "1",
        "col": str(column),
        "endColumn": str(column + len("Nikifrov")),
        "title": "N101 name misspelled",
    }
    assert message.endswith("Suggestion: Nikiforov")
    kinds = [c[0] for c in commands]
    assert kinds.count("warning") == 1 and kinds.count("notice") == 2  # N104 info + the summary


def test_unchecked_document_comes_first_and_the_summary_last() -> None:
    commands = parse(render(sample_report()))
    assert commands[0][0] == "error" and commands[0][1]["title"] == "qa: document not checked"
    assert commands[0][1]["file"] == "corpora/demo/broken.hyp.txt"
    kind, props, message = commands[-1]
    assert (kind, props["title"]) == ("notice", "qa summary")
    assert "4 documents: 2 passed, 1 failed, 1 could not be checked" in message


def test_inline_document_annotates_the_manifest_line_with_escaped_path() -> None:
    output = render(sample_report())
    assert "file=corpora/batch%2C with comma.jsonl,line=7," in output
    (_, props, message) = next(c for c in parse(output) if c[1].get("title", "").startswith("N102"))
    assert props["file"] == "corpora/batch, with comma.jsonl"
    assert "Second line: 100%, a:b" in message and "hypothesis line 1, column 11" in message


def test_gate_failure_without_findings_is_annotated() -> None:
    result = checked_result("low", REF, [REF], [], verdict="fail", gate_reasons=["fidelity 41.0 below 70.0"])
    commands = parse(render(Report([result], "0.1.0")))
    assert (commands[0][0], commands[0][1]["title"]) == ("error", "qa: quality gate")
    assert commands[0][2] == "fidelity 41.0 below 70.0"


def test_beyond_the_limit_one_annotation_summarises_and_the_log_keeps_every_finding() -> None:
    documents = [seed_result(doc_id=f"doc-{i}", hyp_path=f"batch/doc-{i}.hyp.txt") for i in range(5)]
    documents.append(errored_result())
    output = render(Report(documents, "0.1.0"))
    commands = parse(output)
    errors = [c for c in commands if c[0] == "error"]
    notices = [c for c in commands if c[0] == "notice"]
    assert len(errors) == ANNOTATIONS_PER_KIND
    assert errors[0][1]["title"] == "qa: document not checked"
    # 1 unchecked + 20 error findings: 9 shown, the 10th says 12 more.
    assert errors[-1][1]["title"] == "qa: 12 more errors"
    assert len([c for c in commands if c[0] == "warning"]) == 5
    assert len(notices) == 6
    assert all(
        len([c for c in commands if c[0] == kind]) <= ANNOTATIONS_PER_KIND for kind in ("error", "warning")
    )
    group = output.split("::group::qa: not annotated (12)\n")[1].split("::endgroup::")[0].splitlines()
    assert len(group) == 12
    assert all(line.startswith("  error: batch/doc-") for line in group)
    assert "batch/doc-4.hyp.txt:4:1: C102 error" in group[-1]


def test_render_is_deterministic() -> None:
    assert render(sample_report()) == render(sample_report())


@settings(max_examples=80, deadline=None)
@given(message=st.text(), path=st.text(min_size=1).filter(lambda p: "\x00" not in p))
def test_any_message_and_path_round_trip_on_one_line(message: str, path: str) -> None:
    result = checked_result(
        "doc",
        HYP,
        [REF],
        [{"rule": "D101", "needle": "60", "message": message}],
        hyp_path=path.replace("\\", "/"),
    )
    output = render(Report([result], "0.1.0"))
    lines = output.rstrip("\n").split("\n")
    assert len(lines) == 2  # the annotation and the summary: no text broke a line
    kind, props, parsed_message = parse(output)[0]
    assert kind == "error" and parsed_message == message
    assert set(props) == {"file", "line", "endLine", "col", "endColumn", "title"}


def test_a_file_named_like_a_manifest_line_is_a_file() -> None:
    """Only a text written inline in a manifest points at a manifest line: a hypothesis file
    named "0:0" (found by hypothesis) keeps its name and its positions."""
    result = checked_result(
        "doc", HYP, [REF], [{"rule": "D101", "needle": "60", "message": "m"}], hyp_path="0:0"
    )
    kind, props, _message = parse(render(Report([result], "0.1.0")))[0]
    assert kind == "error" and props["file"] == "0:0" and props["line"] == "1" and "col" in props
