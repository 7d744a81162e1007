"""JUnit XML: parses with junitparser, a testcase per document, failures and errors as CI expects."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from hypothesis import given, settings
from hypothesis import strategies as st
from junitparser import Error, Failure, JUnitXml
from report_fixtures import HYP, REF, checked_result, config, errored_result, sample_report, seed_result

from qa.document import Report
from qa.report.common import message_with_suggestion
from qa.report.junit import JunitRenderer


def xml_allowed(char: str) -> bool:
    code = ord(char)
    return char in "\t\n\r" or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or code >= 0x10000


def parse(text: str, tmp_path) -> JUnitXml:
    path = tmp_path / "report.xml"
    path.write_text(text, encoding="utf-8")
    return JUnitXml.fromfile(str(path))


def cases_by_name(xml: JUnitXml) -> dict:
    return {case.name: case for suite in xml for case in suite}


def test_parses_with_a_testcase_per_document(tmp_path) -> None:
    xml = parse(JunitRenderer().render(sample_report(), config()), tmp_path)
    suites = list(xml)
    assert len(suites) == 1
    suite = suites[0]
    assert suite.tests == 4 and suite.failures == 1 and suite.errors == 1
    assert set(cases_by_name(xml)) == {"article", "clean", "inline-7", "broken"}


def test_failing_document_has_a_failure_per_error_finding_and_gate_reason(tmp_path) -> None:
    case = cases_by_name(parse(JunitRenderer().render(sample_report(), config()), tmp_path))["article"]
    failures = [r for r in case.result if isinstance(r, Failure)]
    assert [f.type for f in failures] == ["N101", "D101", "N101", "C102", "gate"]
    assert "Suggestion: Nikiforov" in failures[0].message
    assert "corpora/demo/article.hyp.txt:1:18" in failures[0].text
    assert "F101 warning" in case.system_out and "N104 info" in case.system_out
    assert "F101" not in {f.type for f in failures}


def test_fail_on_warning_makes_warnings_failures(tmp_path) -> None:
    xml = parse(JunitRenderer().render(Report([seed_result()], "0.1.0"), config(fail_on="warning")), tmp_path)
    case = cases_by_name(xml)["article"]
    assert "F101" in {r.type for r in case.result if isinstance(r, Failure)}


def test_passing_document_has_no_failure_even_with_error_findings_under_fail_on_never(tmp_path) -> None:
    result = seed_result()
    result.verdict, result.gate_reasons = "pass", []
    case = cases_by_name(
        parse(JunitRenderer().render(Report([result], "0.1.0"), config(fail_on="never")), tmp_path)
    )["article"]
    assert case.is_passed
    assert "N101 error" in case.system_out


def test_unchecked_document_is_an_error_not_a_pass(tmp_path) -> None:
    case = cases_by_name(
        parse(JunitRenderer().render(Report([errored_result()], "0.1.0"), config()), tmp_path)
    )["broken"]
    assert not case.is_passed
    (error,) = case.result
    assert isinstance(error, Error) and "cannot decode" in error.message


def test_gate_failure_without_findings_is_still_a_failure(tmp_path) -> None:
    result = checked_result("low", REF, [REF], [], verdict="fail", gate_reasons=["fidelity 41.0 below 70.0"])
    case = cases_by_name(parse(JunitRenderer().render(Report([result], "0.1.0"), config()), tmp_path))["low"]
    (failure,) = case.result
    assert failure.type == "gate" and failure.message == "fidelity 41.0 below 70.0"


def test_render_is_deterministic() -> None:
    assert JunitRenderer().render(sample_report(), config()) == JunitRenderer().render(
        sample_report(), config()
    )


@settings(max_examples=60, deadline=None)
@given(message=st.text(), doc_id=st.text(min_size=1), suggestion=st.one_of(st.none(), st.text()))
def test_any_text_gives_well_formed_xml(message: str, doc_id: str, suggestion: str | None) -> None:
    result = checked_result(
        doc_id,
        HYP,
        [REF],
        [{"rule": "D101", "needle": "60", "message": message, "suggestion": suggestion}],
        hyp_path="a.hyp.txt",
    )
    text = JunitRenderer().render(Report([result, errored_result(doc_id)], "0.1.0"), config())
    root = ET.fromstring(text.encode("utf-8"))  # raises on malformed XML
    case = root.find("testsuite/testcase")
    assert case is not None
    failure = case.find("failure")
    assert failure is not None
    # What XML can hold comes back unchanged; the rest is spelled \uXXXX.
    given_text = message + (suggestion or "")
    if all(xml_allowed(c) for c in given_text):
        expected = message_with_suggestion(result.findings[0])
        assert failure.get("message") == expected
        assert message.replace("\r", "\n") in (failure.text or "")
    else:
        assert "\\u" in failure.get("message", "")
