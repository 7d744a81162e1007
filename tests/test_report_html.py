"""HTML report: exact highlights, aligned rows, everything escaped, self-contained, deterministic."""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st
from report_fixtures import HYP, REF, SRC, checked_result, config, sample_report, seed_result

from qa.document import DocumentResult, Finding, Report, Severity, Text
from qa.report.html import HtmlRenderer, MarkSpan, highlight

ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "p", "div", "span", "section",
    "fieldset", "legend", "label", "input", "code", "nav", "table", "thead", "tbody", "tr", "th", "td", "a",
    "main", "article", "ul", "li", "details", "summary", "dl", "dt", "dd", "ol", "q", "b", "mark", "script",
}  # fmt: skip


class Page(HTMLParser):
    """What a browser would build, as far as the tests need: tags, mark texts, hypothesis cells."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[dict[str, str | None]] = []
        self.mark_text: dict[str, str] = {}
        self.mark_pieces: dict[str, int] = {}
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self.hyp_cells: list[str] = []
        self._open: list[tuple[str, dict[str, str | None]]] = []
        self._raw: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append(tag)
        self.attrs.append(attributes)
        if tag in ("meta", "input"):
            return
        self._open.append((tag, attributes))
        if tag == "mark":
            key = attributes["data-f"] or ""
            self.mark_pieces[key] = self.mark_pieces.get(key, 0) + 1
            self.mark_text.setdefault(key, "")
        if (
            tag == "td"
            and "hyp" in (attributes.get("class") or "").split()
            and "empty" not in (attributes.get("class") or "")
        ):
            self.hyp_cells.append("")
        if tag in ("script", "style"):
            self._raw = ""

    def handle_endtag(self, tag: str) -> None:
        assert self._open and self._open[-1][0] == tag, f"</{tag}> does not close {self._open[-1:]}"
        self._open.pop()
        if tag in ("script", "style") and self._raw is not None:
            (self.scripts if tag == "script" else self.styles).append(self._raw)
            self._raw = None

    def handle_data(self, data: str) -> None:
        if self._raw is not None:
            self._raw += data
            return
        for tag, attributes in self._open:
            if tag == "mark":
                self.mark_text[attributes["data-f"] or ""] += data
        if any(tag == "td" and "hyp" in (a.get("class") or "") for tag, a in self._open):
            self.hyp_cells[-1] += data


def page_of(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


def render(report: Report) -> str:
    return HtmlRenderer().render(report, config())


def test_every_span_is_marked_with_exactly_its_text() -> None:
    report = sample_report()
    page = page_of(render(report))
    for d, result in enumerate(report.documents):
        for k, finding in enumerate(sorted(result.findings, key=lambda f: f.sort_key())):
            assert finding.span is not None and result.document is not None
            span_text = result.document.hyp.content[finding.span.start : finding.span.end]
            assert page.mark_text[f"{d}-{k}"] == span_text == finding.text
    # The advert spans two sentences in two rows: two pieces of one mark.
    assert page.mark_pieces["0-5"] == 2
    assert sum(1 for key in page.mark_pieces if key.startswith("0-")) == 6


def test_hypothesis_cells_together_are_the_whole_text() -> None:
    page = page_of(render(Report([seed_result()], "0.1.0")))
    assert "".join(page.hyp_cells) == HYP


def test_aligned_rows_put_each_reference_sentence_once_beside_its_hypothesis() -> None:
    html = render(Report([seed_result()], "0.1.0"))
    for sentence in REF.split("\n") + SRC.split("\n"):
        assert html.count(sentence) == 1, sentence
    row = re.search(r"<tr>\s*<td class=\"hyp\"[^>]*>Minister.*?</tr>", html, re.S)
    assert row and "Minister Nikolai Nikiforov said on Tuesday" in row.group()
    assert html.count('<tr class="unaligned">') >= 1  # the reference's last sentence has no counterpart


def test_news_text_with_script_is_escaped() -> None:
    html = render(sample_report())
    page = page_of(html)
    assert set(page.tags) <= ALLOWED_TAGS
    assert page.tags.count("script") == 1
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>script</b>" not in html


def test_self_contained_with_a_hash_based_content_security_policy() -> None:
    html = render(sample_report())
    page = page_of(html)
    for attributes in page.attrs:
        for name in ("src", "href", "action"):
            value = attributes.get(name)
            assert value is None or value.startswith("#"), value
    csp = next(a["content"] for a in page.attrs if a.get("http-equiv") == "Content-Security-Policy")
    assert csp is not None and csp.startswith("default-src 'none'")

    def digest(text: str) -> str:
        return base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()

    assert f"script-src 'sha256-{digest(page.scripts[0])}'" in csp
    assert f"style-src 'sha256-{digest(page.styles[0])}'" in csp


def test_filters_list_severities_and_the_rules_found() -> None:
    page = page_of(render(sample_report()))
    boxes = [(a.get("data-filter"), a.get("value")) for a in page.attrs if a.get("data-filter")]
    assert [v for k, v in boxes if k == "sev"] == ["error", "warning", "info"]
    assert [v for k, v in boxes if k == "rule"] == ["C102", "D101", "F101", "N101", "N102", "N104"]


def test_document_list_links_every_document_and_errors_are_shown() -> None:
    html = render(sample_report())
    for i in range(4):
        assert f'href="#doc-{i}"' in html and f'id="doc-{i}"' in html
    assert "Could not be checked: cannot decode" in html


def test_render_is_deterministic() -> None:
    assert render(sample_report()) == render(sample_report())


def test_overlapping_and_zero_length_marks_nest_and_keep_their_text() -> None:
    content = "abcdefghij"
    marks = [
        MarkSpan("a", 1, 6, "error", "N101", "t"),
        MarkSpan("b", 4, 9, "warning", "F101", "t"),
        MarkSpan("c", 2, 3, "info", "N104", "t"),
        MarkSpan("p", 7, 7, "error", "C101", "t"),
    ]
    page = page_of("<div>" + str(highlight(content, 0, len(content), marks, last=True)) + "</div>")
    assert page.mark_text == {"a": "bcdef", "b": "efghi", "c": "c", "p": ""}
    assert page.mark_pieces["b"] == 2  # b crosses the end of a: split there


def test_span_in_text_with_astral_characters_is_exact() -> None:
    hyp = "𝔘𝔫𝔦 and 😀 Nikifrov said <b>."
    result = checked_result("astral", hyp, [hyp], [{"rule": "N101", "needle": "Nikifrov", "message": "m"}])
    page = page_of(render(Report([result], "0.1.0")))
    assert page.mark_text["0-0"] == "Nikifrov"
    assert "".join(page.hyp_cells) == hyp


def test_document_without_alignments_or_sentences_still_renders() -> None:
    hyp = Text("", "en")
    from qa.document import Document

    result = DocumentResult("empty", "checked", document=Document("empty", hyp), verdict="pass")
    page = page_of(render(Report([result], "0.1.0")))
    assert "aligned" in {a.get("class") for a in page.attrs}


@st.composite
def text_with_spans(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]]]:
    alphabet = st.characters(blacklist_categories=("Cs",))
    words = draw(st.lists(st.text(alphabet=alphabet, min_size=0, max_size=12), min_size=1, max_size=8))
    separators = draw(st.lists(st.sampled_from([" ", ". ", "\n", "! ", "<", "&", '"']), min_size=len(words)))
    content = "".join(w + s for w, s in zip(words, separators, strict=False))
    spans = []
    for _ in range(draw(st.integers(0, 5))):
        start = draw(st.integers(0, len(content)))
        end = draw(st.integers(start, len(content)))
        spans.append((start, end))
    return content, spans


@settings(max_examples=120, deadline=None)
@given(text_with_spans(), st.text())
def test_any_text_and_spans_render_escaped_with_exact_marks(
    case: tuple[str, list[tuple[int, int]]], message: str
) -> None:
    content, spans = case
    hyp = Text(content, "en")
    findings = [
        Finding("N101", "name", Severity.ERROR, message, content[s:e], hyp.span(s, e), suggestion=message)
        for s, e in spans
    ]
    result = checked_result("prop", content, [REF], [])
    result.findings = findings
    page = page_of(render(Report([result], "0.1.0")))
    assert set(page.tags) <= ALLOWED_TAGS and page.tags.count("script") == 1
    visible = content.translate({c: 0x2400 + c for c in range(0x20) if chr(c) not in "\t\n"})
    assert "".join(page.hyp_cells) == visible
    ordered = sorted(findings, key=lambda f: f.sort_key())
    for k, finding in enumerate(ordered):
        assert finding.span is not None
        expected = visible[finding.span.start : finding.span.end]
        assert page.mark_text.get(f"0-{k}", "") == expected
