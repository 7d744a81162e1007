"""qa.fixes: the findings' suggestions applied as clean, deterministic edits."""

from __future__ import annotations

import codecs
import itertools
import random

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from qa.document import Finding, Severity, Text
from qa.fixes import apply_fixes, encode_like, finding_order, fixable, plan_edits, unified_diff


def finding(
    text: str,
    start: int,
    end: int,
    suggestion: str | None,
    rule: str = "N101",
    severity: Severity = Severity.ERROR,
) -> Finding:
    return Finding(
        rule=rule,
        category="name",
        severity=severity,
        message="m",
        text=text[start:end],
        span=Text(text, "en").span(start, end),
        suggestion=suggestion,
    )


def test_replacement() -> None:
    text = "Minister Nikifrov spoke."
    fixed = apply_fixes(text, [finding(text, 9, 17, "Nikiforov")])
    assert fixed.text == "Minister Nikiforov spoke." and len(fixed.applied) == 1 and not fixed.skipped


def test_no_suggestion_or_same_text_changes_nothing() -> None:
    text = "Minister Nikifrov spoke."
    findings = [finding(text, 9, 17, None), finding(text, 9, 17, "Nikifrov"), finding(text, 0, 0, "")]
    fixed = apply_fixes(text, findings)
    assert fixed.text == text and not fixed.applied and not fixed.skipped and not fixed.changed


def test_level_filters_by_severity() -> None:
    text = "Yelena and Nikifrov."
    findings = [finding(text, 0, 6, "Elena", "N102", Severity.WARNING), finding(text, 11, 19, "Nikiforov")]
    assert apply_fixes(text, findings).text == "Yelena and Nikiforov."
    assert apply_fixes(text, findings, Severity.WARNING).text == "Elena and Nikiforov."
    assert apply_fixes(text, findings, Severity.INFO).text == "Elena and Nikiforov."


def test_deleting_a_line_takes_the_blank_lines_after_it() -> None:
    text = "First paragraph.\n\nAdvert here\n\nLast paragraph.\n"
    fixed = apply_fixes(text, [finding(text, 18, 29, "", "C102")])
    assert fixed.text == "First paragraph.\n\nLast paragraph.\n"


def test_deleting_a_sentence_inside_a_line_takes_one_run_of_spaces() -> None:
    text = "One. Added two. Three.\n"
    assert apply_fixes(text, [finding(text, 5, 15, "", "C102")]).text == "One. Three.\n"
    assert apply_fixes(text, [finding(text, 16, 22, "", "C102")]).text == "One. Added two.\n"
    assert apply_fixes(text, [finding(text, 0, 4, "", "C102")]).text == "Added two. Three.\n"


def test_deletions_at_the_end_take_the_blank_lines_before_them() -> None:
    """The seed article's shape: an advert after the article, a stray mark after a sentence."""
    text = "Article.\n\nPublished by X. ▲\n\n\nZ18 Earphone\n\nShenzhen Ltd, https://x.example"
    findings = [
        finding(text, 10, 25, "", "C102"),
        finding(text, 30, 42, "", "C102"),
        finding(text, 44, len(text), "", "C102"),
    ]
    fixed = apply_fixes(text, findings)
    assert fixed.text == "Article."
    assert apply_fixes(text + "\n", findings).text == "Article.\n"
    assert len(fixed.applied) == 3


def test_insertion_gets_spaces() -> None:
    text = "One. Three."
    fixed = apply_fixes(text, [finding(text, 4, 4, "Two.", "C101")])
    assert fixed.text == "One. Two. Three."
    assert apply_fixes(text, [finding(text, 0, 0, "Zero.", "C101")]).text == "Zero. One. Three."


def test_a_deletion_wins_over_a_fix_inside_it() -> None:
    text = "Kept.\n\nAdvert by Nikifrov Ltd.\n"
    findings = [finding(text, 17, 25, "Nikiforov"), finding(text, 7, 30, "", "C102")]
    fixed = apply_fixes(text, findings)
    assert fixed.text == "Kept.\n"
    assert [f.rule for f in fixed.skipped] == ["N101"] and [f.rule for f in fixed.applied] == ["C102"]


def test_conflicting_replacements_higher_severity_then_rule_code() -> None:
    text = "Yelena spoke."
    warning = finding(text, 0, 6, "Elena", "N102", Severity.WARNING)
    error = finding(text, 0, 6, "Jelena", "N105", Severity.ERROR)
    fixed = apply_fixes(text, [warning, error], Severity.INFO)
    assert fixed.text == "Jelena spoke." and fixed.skipped == (warning,)
    first, second = finding(text, 0, 6, "Elena", "N101"), finding(text, 0, 6, "Jelena", "N105")
    assert apply_fixes(text, [second, first]).text == "Elena spoke."


def test_same_edit_from_two_rules_is_one_edit() -> None:
    text = "Nikifrov spoke."
    findings = [finding(text, 0, 8, "Nikiforov", "N101"), finding(text, 0, 8, "Nikiforov", "N105")]
    fixed = apply_fixes(text, findings)
    assert fixed.text == "Nikiforov spoke." and len(fixed.applied) == 2 and not fixed.skipped


def test_a_span_that_does_not_point_at_its_text_is_skipped() -> None:
    text = "Nikifrov spoke."
    stale = finding("Nikiforo spoke.", 0, 8, "Nikiforov")
    fixed = apply_fixes(text, [stale])
    assert fixed.text == text and fixed.skipped == (stale,)


def test_unified_diff() -> None:
    assert unified_diff("a\n", "a\n", "x.txt") == ""
    diff = unified_diff("a\nb", "a\nc", "x.txt")
    assert diff.startswith("--- a/x.txt\n+++ b/x.txt\n")
    assert "-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n" in diff


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        ("Ник\r\nфоров\r\n".encode(), "utf-8"),
        (codecs.BOM_UTF8 + "Ник\nфоров".encode(), "utf-8-sig"),
        (codecs.BOM_UTF16_BE + "Ник\nфоров".encode("utf-16-be"), "utf-16"),
        (codecs.BOM_UTF16_LE + "Ник\r\nфоров".encode("utf-16-le"), "utf-16"),
        ("Ник\nфоров".encode("cp1251"), "cp1251"),
        ("Ник\rфоров".encode("koi8-r"), "koi8-r"),
    ],
)
def test_encode_like_keeps_encoding_bom_and_line_endings(raw: bytes, encoding: str) -> None:
    assert encode_like("Ник\nфоров" + ("\n" if raw.endswith(b"\n") else ""), raw, encoding) == raw


def test_encode_like_refuses_what_the_encoding_cannot_hold() -> None:
    with pytest.raises(UnicodeEncodeError):
        encode_like("Пекин 北京", "Пекин".encode("cp1251"), "cp1251")


# --- properties -----------------------------------------------------------------------------

_WORDS = st.sampled_from(["Nikifrov", "said", "Ad", "▲", "Z18", "", "  ", "\n", "\n\n", ". ", "x"])


@st.composite
def text_and_findings(draw: st.DrawFn) -> tuple[str, list[Finding]]:
    text = "".join(draw(st.lists(_WORDS, min_size=1, max_size=14)))
    spans = draw(
        st.lists(
            st.tuples(
                st.integers(0, len(text)),
                st.integers(0, 12),
                st.sampled_from(["", "Nikiforov", "Two.", "y", None]),
                st.sampled_from(list(Severity)),
                st.sampled_from(["N101", "C102", "N105", "C101"]),
            ),
            max_size=8,
        )
    )
    findings = [
        finding(text, start, min(len(text), start + length), suggestion, rule, severity)
        for start, length, suggestion, severity, rule in spans
    ]
    return text, findings


@settings(max_examples=300, deadline=None)
@given(text_and_findings(), st.sampled_from(list(Severity)), st.randoms(use_true_random=False))
def test_order_of_findings_does_not_matter(
    case: tuple[str, list[Finding]], level: Severity, rng: random.Random
) -> None:
    text, findings = case
    shuffled = list(findings)
    rng.shuffle(shuffled)
    assert apply_fixes(text, findings, level) == apply_fixes(text, shuffled, level)


@settings(max_examples=300, deadline=None)
@given(text_and_findings(), st.sampled_from(list(Severity)))
def test_every_fixable_finding_is_applied_or_skipped_and_edits_do_not_overlap(
    case: tuple[str, list[Finding]], level: Severity
) -> None:
    text, findings = case
    fixed = apply_fixes(text, findings, level)
    expected = sorted((f for f in findings if fixable(f, level)), key=finding_order)
    assert sorted(fixed.applied + fixed.skipped, key=finding_order) == expected
    edits, _ = plan_edits(text, findings, level)
    for before, after in itertools.pairwise(edits):
        assert before.end <= after.start and (before.start, before.end) != (after.start, after.end)


@settings(max_examples=300, deadline=None)
@given(text_and_findings())
def test_disjoint_replacements_equal_splicing_them_in(case: tuple[str, list[Finding]]) -> None:
    text, findings = case
    chosen: list[Finding] = []
    for f in sorted(findings, key=finding_order):
        assert f.span is not None
        if f.span.start == f.span.end or not f.suggestion or f.suggestion == f.text:
            continue  # deletions and insertions are cleaned, not spliced
        if all(f.span.start >= g.span.end or f.span.end <= g.span.start for g in chosen if g.span):
            chosen.append(f)
    expected = text
    for f in sorted(chosen, key=finding_order, reverse=True):
        assert f.span is not None and f.suggestion is not None
        expected = expected[: f.span.start] + f.suggestion + expected[f.span.end :]
    assert apply_fixes(text, chosen, Severity.INFO).text == expected


# Found by hypothesis: a blank line and the trailing spaces both widen to the whole text.
_TWO_DELETIONS_AT_THE_END = (
    "\n\n  ",
    [finding("\n\n  ", 0, 1, "", "N101"), finding("\n\n  ", 2, 3, "", "N101")],
)


@settings(max_examples=300, deadline=None)
@given(text_and_findings())
@example(_TWO_DELETIONS_AT_THE_END)
def test_deletions_never_conflict_and_only_remove_characters(case: tuple[str, list[Finding]]) -> None:
    text, findings = case
    deletions = [f for f in findings if f.suggestion == ""]
    fixed = apply_fixes(text, deletions, Severity.INFO)
    assert not fixed.skipped and len(fixed.applied) == sum(1 for f in deletions if fixable(f, Severity.INFO))
    remaining = iter(text)
    assert all(ch in remaining for ch in fixed.text)  # a subsequence of the original
