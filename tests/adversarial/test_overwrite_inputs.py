"""Issue 14, items 2 and 3: a report or baseline never overwrites one of the run's inputs
(refused before any work, by real file, so links count), and rewriting the baseline in use
keeps every finding."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from cli_run import BAD, GOOD, run


@pytest.fixture(autouse=True)
def no_work(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every refusal here must come before a document is checked; tests that need a real run
    undo this with `allow_work`."""
    import qa.pipeline

    real = qa.pipeline.check_stream

    def forbidden(*args: object, **kwargs: object) -> object:
        if getattr(forbidden, "allowed", False):
            return real(*args, **kwargs)
        raise AssertionError("documents were checked before the output was refused")

    monkeypatch.setattr(qa.pipeline, "check_stream", forbidden)


@pytest.fixture
def allow_work() -> None:
    import qa.pipeline

    qa.pipeline.check_stream.allowed = True  # type: ignore[attr-defined]


def refused(code: int, err: str, *fragments: str) -> None:
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 1, (code, err)
    assert "would overwrite an input" in lines[0] or "same file" in lines[0], err
    for fragment in fragments:
        assert fragment in lines[0], err


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.hyp.txt").write_text(BAD, encoding="utf-8")
    (docs / "a.ref.txt").write_text(GOOD, encoding="utf-8")
    (docs / "b.hyp.txt").write_text(GOOD, encoding="utf-8")
    (docs / "b.ref.txt").write_text(GOOD, encoding="utf-8")
    return docs


@pytest.fixture
def manifest(tmp_path: Path) -> Path:
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "a.txt").write_text(BAD, encoding="utf-8")
    (tmp_path / "texts" / "r1.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "texts" / "r2.txt").write_text(GOOD, encoding="utf-8")
    path = tmp_path / "batch.jsonl"
    lines = [
        {"id": "a", "hyp_path": "texts/a.txt", "ref_path": ["texts/r1.txt", "texts/r2.txt"]},
        {"id": "b", "hyp": GOOD, "ref": GOOD},
    ]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


@pytest.mark.parametrize("option", ["--output", "--write-baseline"])
@pytest.mark.parametrize("name", ["a.hyp.txt", "a.ref.txt", "b.ref.txt"])
def test_batch_directory_file_is_not_overwritten(folder: Path, option: str, name: str) -> None:
    target = folder / name
    before = target.read_bytes()
    code, _, err = run("batch", str(folder), "--no-model", option, str(target))
    refused(code, err, name)
    assert target.read_bytes() == before


@pytest.mark.parametrize("option", ["--output", "--write-baseline"])
@pytest.mark.parametrize("name", ["batch.jsonl", "texts/a.txt", "texts/r2.txt"])
def test_manifest_and_its_files_are_not_overwritten(manifest: Path, option: str, name: str) -> None:
    target = manifest.parent / name
    before = target.read_bytes()
    code, _, err = run("batch", str(manifest), "--no-model", option, str(target))
    refused(code, err)
    assert target.read_bytes() == before


def test_link_to_an_input_is_refused(folder: Path, tmp_path: Path) -> None:
    """Symbolic and hard links: the same file under another name."""
    soft, hard = tmp_path / "soft.json", tmp_path / "hard.json"
    soft.symlink_to(folder / "a.hyp.txt")
    os.link(folder / "a.ref.txt", hard)
    for target in (soft, hard):
        code, _, err = run("batch", str(folder), "--no-model", "-o", str(target))
        refused(code, err)
    assert (folder / "a.hyp.txt").read_text(encoding="utf-8") == BAD
    assert hard.read_text(encoding="utf-8") == GOOD


@pytest.fixture
def settings(tmp_path: Path) -> dict[str, Path]:
    glossary = tmp_path / "names.tsv"
    glossary.write_text("Nikolai Nikiforov\n", encoding="utf-8")
    config = tmp_path / "qa.toml"
    config.write_text('fail-on = "error"\n', encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    baseline.write_text('{"schema": "qa-baseline/1", "findings": []}\n', encoding="utf-8")
    return {"--glossary": glossary, "--config": config, "--baseline": baseline}


@pytest.mark.parametrize("option", ["--glossary", "--config", "--baseline"])
@pytest.mark.parametrize("command", ["check", "batch"])
def test_settings_files_are_not_overwritten(
    folder: Path, settings: dict[str, Path], option: str, command: str
) -> None:
    target = settings[option]
    before = target.read_bytes()
    inputs = [str(folder / "a.hyp.txt"), "--ref", str(folder / "a.ref.txt")]
    args = [command, *(inputs if command == "check" else [str(folder)])]
    code, _, err = run(*args, "--no-model", option, str(target), "-o", str(target))
    refused(code, err)
    assert target.read_bytes() == before


@pytest.mark.parametrize("role", ["hyp", "ref", "src", "pivot"])
def test_check_inputs_are_not_overwritten(tmp_path: Path, role: str) -> None:
    files = {name: tmp_path / f"{name}.txt" for name in ("hyp", "ref", "src", "pivot")}
    for name, path in files.items():
        path.write_text(GOOD if name in ("hyp", "ref") else "Министр Никифоров прав.\n", encoding="utf-8")
    before = files[role].read_bytes()
    args = [str(files["hyp"]), "--ref", str(files["ref"]), "--src", str(files["src"]), "--src-lang", "ru"]
    args += ["--pivot", str(files["pivot"]), "--pivot-lang", "ru"]
    code, _, err = run("check", *args, "--no-model", "--write-baseline", str(files[role]))
    refused(code, err)
    assert files[role].read_bytes() == before


def test_both_targets_checked_against_every_input(folder: Path, tmp_path: Path) -> None:
    """An existing --output must not use up the list of inputs --write-baseline is checked on."""
    report = tmp_path / "report.json"
    report.write_text("old", encoding="utf-8")
    target = folder / "b.ref.txt"
    before = target.read_bytes()
    code, _, err = run("batch", str(folder), "--no-model", "-o", str(report), "--write-baseline", str(target))
    refused(code, err, "b.ref.txt")
    assert target.read_bytes() == before


def test_output_and_write_baseline_on_one_file_refused(folder: Path, tmp_path: Path) -> None:
    target = tmp_path / "both.json"
    code, _, err = run("batch", str(folder), "--no-model", "-o", str(target), "--write-baseline", str(target))
    refused(code, err)


def test_write_baseline_may_update_the_baseline_in_use(
    folder: Path, tmp_path: Path, allow_work: None
) -> None:
    """Item 3: the help says "write all findings"; the ones the baseline accepted included."""
    baseline = tmp_path / "b.json"
    code, _, err = run("batch", str(folder), "--no-model", "--write-baseline", str(baseline))
    assert code == 1, err
    first = json.loads(baseline.read_text(encoding="utf-8"))["findings"]
    assert first, "the fixture must have findings"
    code, _, err = run(
        "batch", str(folder), "--no-model", "--baseline", str(baseline), "--write-baseline", str(baseline)
    )
    assert code == 0, err  # every finding accepted: the gate passes
    assert json.loads(baseline.read_text(encoding="utf-8"))["findings"] == first


def test_write_baseline_keeps_accepted_and_new_findings(
    folder: Path, tmp_path: Path, allow_work: None
) -> None:
    baseline = tmp_path / "b.json"
    run("batch", str(folder), "--no-model", "--write-baseline", str(baseline))
    accepted = json.loads(baseline.read_text(encoding="utf-8"))["findings"]
    (folder / "b.hyp.txt").write_text(BAD.replace("Nikifrov", "Nikiforv"), encoding="utf-8")
    code, _, _ = run(
        "batch", str(folder), "--no-model", "--baseline", str(baseline), "--write-baseline", str(baseline)
    )
    assert code == 1  # the new finding fails the gate
    rewritten = json.loads(baseline.read_text(encoding="utf-8"))["findings"]
    assert all(entry in rewritten for entry in accepted)
    assert any(entry["document"] == "b" for entry in rewritten)


def test_report_beside_the_translations_may_be_rewritten(folder: Path, allow_work: None) -> None:
    """Not an input: a report kept in the batch folder is replaced on the next run (the batch
    lists it as a stray file, but never reads it as text)."""
    report = folder / "report.json"
    report.write_text("{}", encoding="utf-8")
    code, _, err = run("batch", str(folder), "--no-model", "-f", "json", "-o", str(report))
    assert code == 2 and "would overwrite" not in err  # 2: the stray file itself
    assert json.loads(report.read_text(encoding="utf-8"))["schema"] == "qa-report/1"
