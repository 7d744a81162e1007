"""Markdown PR comment: renders as intended tables, escapes all text, stays under GitHub's size limit."""

from __future__ import annotations

from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from report_fixtures import HYP, REF, checked_result, config, errored_result, sample_report, seed_result

from qa.document import Report
from qa.report import markdown as markdown_module
from qa.report.markdown import MarkdownRenderer, code


class Collector(HTMLParser):
    """Tags, table rows (cell texts) and code-span texts of rendered HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.rows: list[list[str]] = []
        self.codes: list[str] = []
        self._cell: list[str] | None = None
        self._code: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "code":
            self._code = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None
        elif tag == "code" and self._code is not None:
            self.codes.append("".join(self._code))
            self._code = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        if self._code is not None:
            self._code.append(data)


def rendered(text: str) -> Collector:
    html = MarkdownIt("commonmark").enable("table").render(text)
    collector = Collector()
    collector.feed(html)
    return collector


def test_summary_table_lists_every_document_with_verdict_and_scores() -> None:
    text = MarkdownRenderer().render(sample_report(), config())
    assert text.startswith("## ❌ qa: 1 of 4 documents failed the quality gate, 1 could not be checked\n")
    rows = rendered(text).rows
    documents = [r for r in rows if len(r) == 10]
    assert documents[0][:2] == ["Document", "Verdict"]
    by_id = {r[0]: r for r in documents[1:]}
    assert list(by_id) == ["broken", "article", "clean", "inline-7"]  # problems first
    assert by_id["article"][1:7] == ["❌ fail", "71.2", "48.3", "66.0", "41.7", "4"]
    assert by_id["broken"][1] == "⚠️ not checked"


def test_top_findings_show_text_and_suggestion_as_code() -> None:
    html = rendered(MarkdownRenderer().render(sample_report(), config()))
    findings = [r for r in html.rows if len(r) == 7]
    assert findings[1][:6] == ["🔴 error", "N101 name misspelled", "article", "1:18", "Nikifrov", "Nikiforov"]
    assert '"<script>alert(1)</script>"' in html.codes
    assert "script" not in html.tags and "b" not in html.tags


def test_long_lists_are_collapsed() -> None:
    report = Report([seed_result(doc_id=f"doc-{i}") for i in range(3)], "0.1.0")
    text = MarkdownRenderer().render(report, config())
    assert "<details><summary>All 18 findings</summary>" in text
    assert len([r for r in rendered(text).rows if len(r) == 7]) == 1 + 10 + 1 + 18


def test_huge_batch_stays_under_the_comment_limit_and_says_what_is_left_out() -> None:
    report = Report([seed_result(doc_id=f"document-{i:05d}") for i in range(400)], "0.1.0")
    text = MarkdownRenderer().render(report, config())
    assert len(text) <= markdown_module.MAX_CHARS + 500
    assert "not shown (comment size limit)" in text


def test_code_span_handles_backticks_pipes_and_newlines() -> None:
    assert code("a`b") == "``a`b``"
    assert code("`x`") == "`` `x` ``"
    assert code("a|b") == "`a\\|b`"
    assert code("line\nnext") == "`line↵next`"
    assert code("x" * 100).endswith("…`") and len(code("x" * 100)) == 82


def test_render_is_deterministic() -> None:
    assert MarkdownRenderer().render(sample_report(), config()) == MarkdownRenderer().render(
        sample_report(), config()
    )


@settings(max_examples=80, deadline=None)
@given(message=st.text(), doc_id=st.text(min_size=1), suggestion=st.text())
def test_any_text_keeps_the_table_intact_and_inert(message: str, doc_id: str, suggestion: str) -> None:
    result = checked_result(
        doc_id, HYP, [REF], [{"rule": "D101", "needle": "60", "message": message, "suggestion": suggestion}]
    )
    text = MarkdownRenderer().render(Report([result, errored_result()], "0.1.0"), config())
    html = rendered(text)
    findings = [r for r in html.rows if len(r) == 7]
    documents = [r for r in html.rows if len(r) == 10]
    assert len(findings) == 2 and len(documents) == 3  # header + rows: no text broke a row
    assert len(html.rows) == 5
    assert set(html.tags) <= {
        "h2",
        "h3",
        "p",
        "strong",
        "code",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "ul",
        "li",
        "sub",
        "em",
    }
