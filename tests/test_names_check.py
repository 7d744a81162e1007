"""NameCheck in the pipeline's terms: findings with spans, glossary files, batch N105, the seed corpus."""

from __future__ import annotations

from pathlib import Path

import pytest
from seed_article import CORRECT_NAMES, SEED

from qa.checks.interface import CheckContext
from qa.checks.names import NameCheck
from qa.config import Config
from qa.document import AlignedDocument, Document, DocumentResult, Severity, Text
from qa.errors import ConfigError
from qa.names.glossary import load_glossary


def document(hyp: str, ref: str | None = None, src: str | None = None, doc_id: str = "d") -> AlignedDocument:
    return AlignedDocument(
        Document(
            doc_id,
            Text(hyp, "en"),
            refs=[Text(ref, "en")] if ref else [],
            src=Text(src, "ru") if src else None,
        )
    )


def run(doc: AlignedDocument, config: Config | None = None) -> list:
    return list(NameCheck().run(doc, CheckContext(config=config or Config())))


def test_findings_carry_rule_metadata_and_exact_spans() -> None:
    hyp = "Intro line.\nMinister Nikolai Nikifrov spoke."
    [finding] = run(document(hyp, ref="Intro line.\nMinister Nikolai Nikiforov spoke."))
    assert (finding.rule, finding.category, finding.severity) == ("N101", "name", Severity.ERROR)
    assert hyp[finding.span.start : finding.span.end] == "Nikifrov"
    assert (finding.span.line, finding.span.column) == (2, 18)
    assert finding.suggestion == "Nikiforov"
    assert dict(finding.evidence)["reference"] == "Nikiforov"


def test_batch_consistency_reports_the_minority_document() -> None:
    results = [
        DocumentResult(doc_id, "checked", document=document(text, doc_id=doc_id).doc)
        for doc_id, text in [
            ("a", "Dmitry Peskov spoke."),
            ("b", "Dmitry Peskov agreed."),
            ("c", "Dmitry Peskow left."),
        ]
    ]
    found = NameCheck().across(results, CheckContext(config=Config()))
    assert list(found) == ["c"]
    assert [(f.rule, f.text, f.suggestion) for f in found["c"]] == [("N105", "Peskow", "Peskov")]


def test_glossary_file_formats(tmp_path: Path) -> None:
    tsv = tmp_path / "names.tsv"
    tsv.write_text(
        "# canonical\taliases\nYelena Chernenko\tElena Chernenko\n\nNikolai Nikiforov\n", encoding="utf-8"
    )
    assert [e.canonical for e in load_glossary(tsv).entries] == ["Yelena Chernenko", "Nikolai Nikiforov"]
    toml = tmp_path / "names.toml"
    toml.write_text(
        '[[name]]\ncanonical = "Yelena Chernenko"\naliases = ["Elena Chernenko"]\n', encoding="utf-8"
    )
    assert load_glossary(toml).entries[0].aliases == ("Elena Chernenko",)
    config = Config(glossary=str(tsv))
    [finding] = run(document("Reporter Elena Chernenko wrote it."), config)
    assert (finding.rule, finding.suggestion) == ("N102", "Yelena")


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("bad.toml", "[[name]]\naliases = 3\n", "canonical"),
        ("bad2.toml", "name = [", "invalid TOML"),
        ("bad3.toml", '[[name]]\ncanonical = "X"\nspelling = "Y"\n', "unknown key"),
        ("bad.tsv", "\tonly an alias\n", "line 1"),
    ],
)
def test_bad_glossary_is_a_config_error(tmp_path: Path, name: str, content: str, problem: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=problem) as caught:
        load_glossary(path)
    assert caught.value.path == str(path)
    with pytest.raises(ConfigError):
        load_glossary(tmp_path / "missing.tsv")


def test_unknown_scheme_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="klingon"):
        run(document("Dmitry Peskov spoke."), Config(accepted_schemes=("klingon",)))


@pytest.fixture(scope="module")
def seed() -> dict[str, str]:
    if not SEED.is_dir():
        pytest.skip("corpora/kaspersky-2017 not present")
    return {
        kind: (SEED / f"kaspersky-2017.{kind}.txt").read_text(encoding="utf-8")
        for kind in ("hyp", "ref", "src.ru")
    }


@pytest.mark.parametrize("mode", ["reference", "source", "lexicon"])
def test_seed_case_in_all_three_modes(seed: dict[str, str], mode: str) -> None:
    hyp = seed["hyp"]
    doc = document(
        hyp,
        ref=seed["ref"] if mode == "reference" else None,
        src=seed["src.ru"] if mode == "source" else None,
    )
    findings = run(doc)
    rule = "N104" if mode == "lexicon" else "N101"
    flagged = {(f.text, f.suggestion) for f in findings if f.rule == rule}
    assert flagged == {("Nikifrov", "Nikiforov"), ("Romano", "Roman")}
    for finding in findings:
        assert finding.span is not None and hyp[finding.span.start : finding.span.end] == finding.text
        assert finding.text not in CORRECT_NAMES and "Kaspersky" not in finding.text
    assert {f.rule for f in findings} == {rule}


def test_rules_missing_from_the_catalogue_are_not_reported() -> None:
    findings = run(document("Midfielder Gary Anderson scored.", ref="Midfielder Oliver Dauden scored."))
    from qa.rules import RULES

    assert all(f.rule in RULES for f in findings)
    assert ("N107" in RULES) == any(f.rule == "N107" for f in findings)


def test_an_english_short_form_is_the_name_a_person_goes_by() -> None:
    ref = "Bill Hartigan, head of the harbour authority, said the pier would reopen in May."
    hyp = "William Hartigan, head of the port authority, said the pier would reopen in May."
    assert [f.rule for f in run(document(hyp, ref)) if f.severity == Severity.ERROR] == []
    assert [f.rule for f in run(document(ref, hyp)) if f.severity == Severity.ERROR] == []
    # another first name is still another person
    findings = run(document(hyp.replace("William", "Gregory"), ref))
    assert [(f.rule, f.text, f.suggestion) for f in findings] == [("N101", "Gregory", "Bill")]
