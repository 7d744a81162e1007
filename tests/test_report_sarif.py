"""SARIF output: valid against the official 2.1.0 schema, positions exact, limits respected."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from report_fixtures import (
    HYP,
    REF,
    checked_result,
    clean_result,
    config,
    errored_result,
    sample_report,
    seed_result,
)

from qa.document import Report
from qa.report import sarif
from qa.report.sarif import SarifRenderer
from qa.rules import RULES

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)


def render(report: Report) -> dict:
    return json.loads(SarifRenderer().render(report, config()))


# jsonschema checks "uri-reference" only with an optional package; check it here (RFC 3986 characters).
URI_REFERENCE = re.compile(r"^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2})*$")


def uris(node: object) -> list[str]:
    if isinstance(node, dict):
        found = [node["uri"]] if isinstance(node.get("uri"), str) else []
        return found + [u for value in node.values() for u in uris(value)]
    if isinstance(node, list):
        return [u for value in node for u in uris(value)]
    return []


def assert_valid(log: dict) -> None:
    errors = sorted(VALIDATOR.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])
    for uri in uris(log):
        assert URI_REFERENCE.match(uri) and not uri.startswith("/"), uri


def test_sample_report_is_valid_sarif_with_one_run() -> None:
    log = render(sample_report())
    assert_valid(log)
    assert log["version"] == "2.1.0"
    assert len(log["runs"]) == 1
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["name"] == "qa" and driver["version"] == "0.1.0"


def test_rules_come_from_the_catalogue_with_descriptions_and_levels() -> None:
    rules = {r["id"]: r for r in render(sample_report())["runs"][0]["tool"]["driver"]["rules"]}
    assert set(RULES) <= set(rules)
    n101 = rules["N101"]
    assert n101["shortDescription"]["text"] == RULES["N101"].title
    assert n101["fullDescription"]["text"] == RULES["N101"].explanation
    assert RULES["N101"].example in n101["help"]["text"]
    assert n101["defaultConfiguration"]["level"] == "error"
    assert rules["F101"]["defaultConfiguration"]["level"] == "warning"


def test_results_point_at_the_exact_region_of_the_hypothesis_file() -> None:
    run = render(Report([seed_result()], "0.1.0"))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    by_text = {r["properties"]["text"]: r for r in run["results"]}
    nikifrov = by_text["Nikifrov"]
    assert nikifrov["ruleId"] == "N101" and rules[nikifrov["ruleIndex"]]["id"] == "N101"
    assert nikifrov["level"] == "error"
    location = nikifrov["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "corpora/demo/article.hyp.txt"
    line = HYP.split("\n")[0]
    column = line.index("Nikifrov") + 1
    assert location["region"] == {
        "startLine": 1,
        "startColumn": column,
        "endLine": 1,
        "endColumn": column + len("Nikifrov"),
    }
    assert "Suggestion: Nikiforov" in nikifrov["message"]["text"]
    replacement = nikifrov["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert replacement["insertedContent"]["text"] == "Nikiforov"
    assert replacement["deletedRegion"] == location["region"]
    assert by_text["Officials"]["level"] == "note"
    assert run["columnKind"] == "unicodeCodePoints"


def test_region_of_a_span_over_two_lines_ends_after_its_last_character() -> None:
    hyp = "First line ends here.\nSecond line, then more text."
    result = checked_result(
        "two-lines",
        hyp,
        [hyp],
        [{"rule": "C102", "needle": "here.\nSecond", "message": "added"}],
        hyp_path="a/b.hyp.txt",
    )
    region = render(Report([result], "0.1.0"))["runs"][0]["results"][0]["locations"][0]["physicalLocation"][
        "region"
    ]
    assert region == {"startLine": 1, "startColumn": 17, "endLine": 2, "endColumn": 7}


def test_columns_count_code_points_not_utf16_units() -> None:
    hyp = "𝔘𝔫𝔦 Nikifrov said."  # three astral characters: 6 UTF-16 units, 3 code points
    result = checked_result(
        "astral", hyp, [hyp], [{"rule": "N101", "needle": "Nikifrov", "message": "m"}], hyp_path="x.hyp.txt"
    )
    region = render(Report([result], "0.1.0"))["runs"][0]["results"][0]["locations"][0]["physicalLocation"][
        "region"
    ]
    assert region["startColumn"] == 5 and region["endColumn"] == 13


def test_inline_manifest_document_points_at_the_manifest_line() -> None:
    run = render(sample_report())["runs"][0]
    inline = next(r for r in run["results"] if r["properties"]["document"] == "inline-7")
    location = inline["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "corpora/batch,%20with%20comma.jsonl"
    assert location["region"] == {"startLine": 7}
    assert "fixes" not in inline  # no exact region in the manifest to replace
    assert "hypothesis line 1, column 11" in inline["message"]["text"]


def test_errored_document_is_a_tool_execution_notification() -> None:
    run = render(sample_report())["runs"][0]
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    (notification,) = invocation["toolExecutionNotifications"]
    assert notification["level"] == "error"
    assert "broken" in notification["message"]["text"]
    assert notification["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "corpora/demo/broken.hyp.txt"
    )
    assert not any(r["properties"]["document"] == "broken" for r in run["results"])


def test_clean_run_is_successful_with_no_results() -> None:
    log = render(Report([clean_result()], "0.1.0"))
    assert_valid(log)
    run = log["runs"][0]
    assert run["results"] == [] and run["invocations"][0]["executionSuccessful"] is True


def test_fingerprints_are_stable_and_distinct() -> None:
    first = render(sample_report())["runs"][0]["results"]
    second = render(sample_report())["runs"][0]["results"]
    prints = [r["partialFingerprints"][sarif.FINGERPRINT_KEY] for r in first]
    assert prints == [r["partialFingerprints"][sarif.FINGERPRINT_KEY] for r in second]
    assert len(set(prints)) == len(prints)


def test_same_text_flagged_twice_gets_two_fingerprints() -> None:
    hyp = "Nikifrov met Nikifrov."
    findings = [
        {"rule": "N101", "needle": "Nikifrov", "message": "m", "occurrence": 0},
        {"rule": "N101", "needle": "Nikifrov", "message": "m", "occurrence": 1},
    ]
    result = checked_result("twice", hyp, [hyp], findings, hyp_path="t.hyp.txt")
    results = render(Report([result], "0.1.0"))["runs"][0]["results"]
    assert len({r["partialFingerprints"][sarif.FINGERPRINT_KEY] for r in results}) == 2


def test_results_beyond_the_upload_limit_are_left_out_least_severe_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sarif, "MAX_RESULTS", 3)
    log = render(Report([seed_result(), seed_result(doc_id="again")], "0.1.0"))
    assert_valid(log)
    run = log["runs"][0]
    assert len(run["results"]) == 3
    assert {r["level"] for r in run["results"]} == {"error"}
    (notification,) = run["invocations"][0]["toolExecutionNotifications"]
    assert "9 of 12 findings left out" in notification["message"]["text"]


def test_render_is_deterministic() -> None:
    assert SarifRenderer().render(sample_report(), config()) == SarifRenderer().render(
        sample_report(), config()
    )


def test_sample_is_within_github_limits() -> None:
    run = render(sample_report())["runs"][0]
    assert len(run["results"]) <= 25_000
    assert all(len(r["locations"]) <= 1000 for r in run["results"])
    assert all(
        len(rule.get("properties", {}).get("tags", [])) <= 20 for rule in run["tool"]["driver"]["rules"]
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(message=st.text(), suggestion=st.one_of(st.none(), st.text()), doc_id=st.text(min_size=1))
def test_any_message_text_gives_valid_sarif(message: str, suggestion: str | None, doc_id: str) -> None:
    result = checked_result(
        doc_id,
        HYP,
        [REF],
        [{"rule": "D101", "needle": "60", "message": message, "suggestion": suggestion}],
        hyp_path=f"dir with space/{doc_id.replace('/', '_')}.hyp.txt"
        if "\x00" not in doc_id
        else "x.hyp.txt",
    )
    text = SarifRenderer().render(Report([result, errored_result()], "0.1.0"), config())
    assert_valid(json.loads(text))
