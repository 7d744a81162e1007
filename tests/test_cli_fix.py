"""`qa check --fix / --diff` end to end, and the shared options of `check` and `batch`."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qa.cli import app

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpora" / "kaspersky-2017"
runner = CliRunner()


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def seed(tmp_path: Path) -> Path:
    """A copy of the seed article: --fix rewrites it."""
    folder = tmp_path / "seed"
    shutil.copytree(SEED, folder)
    return folder


def seed_args(folder: Path) -> list[str]:
    return [
        str(folder / "kaspersky-2017.hyp.txt"),
        "--ref",
        str(folder / "kaspersky-2017.ref.txt"),
        "--src",
        str(folder / "kaspersky-2017.src.ru.txt"),
        "--src-lang",
        "ru",
    ]


def rules_of(report: str) -> list[str]:
    return [f["rule"] for f in json.loads(report)["documents"][0]["findings"]]


def test_diff_prints_the_fixes_and_changes_nothing(seed: Path) -> None:
    hyp = seed / "kaspersky-2017.hyp.txt"
    before = hyp.read_bytes()
    code, out, err = run("check", *seed_args(seed), "--no-model", "--diff")
    assert code == 1 and hyp.read_bytes() == before and not (seed / "kaspersky-2017.hyp.txt.bak").exists()
    assert out.startswith("--- a/") and "\n+++ b/" in out
    assert "-Nikolai Nikifrov, Russia" in out and "+Nikolai Nikiforov, Russia" in out
    assert "+Reporter Yelena Chernenko of Kommersant and Roman Rozhkov\n" in out
    assert "-Z18 Bone Conduction Earphone\n" in out and "+Z18" not in out
    assert err.startswith("qa: would fix 6 finding(s) in ") and err.count("\n") == 1


def test_fix_rewrites_the_seed_so_that_a_recheck_has_no_n101_and_no_c102(seed: Path) -> None:
    hyp = seed / "kaspersky-2017.hyp.txt"
    before = hyp.read_bytes()
    os.chmod(hyp, 0o640)
    code, out, err = run("check", *seed_args(seed), "--no-model", "--fix", "-f", "json")
    assert (seed / "kaspersky-2017.hyp.txt.bak").read_bytes() == before
    assert stat.S_IMODE(hyp.stat().st_mode) == 0o640
    fixed = hyp.read_text(encoding="utf-8")
    assert "Nikiforov," in fixed and "Roman Rozhkov" in fixed and "Z18" not in fixed and "▲" not in fixed
    assert fixed.endswith("cooperation with U.S. authorities.")
    assert "qa: fixed 6 finding(s)" in err and "backup in" in err
    remaining = rules_of(out)  # the report is the re-check of the fixed file
    assert "N101" not in remaining and "C102" not in remaining and code == 0
    code, out, _ = run("check", *seed_args(seed), "--no-model", "-f", "json")
    assert "N101" not in rules_of(out) and "C102" not in rules_of(out)
    code, out, _ = run("check", *seed_args(seed), "--no-model", "--diff")
    assert out == ""  # nothing left to fix


@pytest.mark.slow
def test_fix_with_the_models_leaves_no_n101_and_no_c102(seed: Path) -> None:
    code, _, err = run("check", *seed_args(seed), "--fix", "--no-backup", "-f", "json")
    assert code in (0, 1) and "qa: fixed" in err and not (seed / "kaspersky-2017.hyp.txt.bak").exists()
    code, out, _ = run("check", *seed_args(seed), "-f", "json")
    assert code in (0, 1) and "N101" not in rules_of(out) and "C102" not in rules_of(out)


def test_fix_level_and_no_backup(tmp_path: Path) -> None:
    hyp = tmp_path / "a.hyp.txt"
    text = "Spokeswoman Yelena Petrova said minister Nikolai Nikifrov would resign.\n"
    hyp.write_text(text, encoding="utf-8")
    ref = tmp_path / "a.ref.txt"
    ref.write_text(text.replace("Yelena", "Elena").replace("Nikifrov", "Nikiforov"), encoding="utf-8")
    code, _, err = run("check", str(hyp), "--ref", str(ref), "--no-model", "--fix", "--no-backup")
    assert hyp.read_text(encoding="utf-8") == text.replace("Nikifrov", "Nikiforov")  # the N102 warning stays
    assert not (tmp_path / "a.hyp.txt.bak").exists() and "backup in" not in err and code == 0
    code, _, err = run("check", str(hyp), "--ref", str(ref), "--no-model", "--fix", "--fix-level", "warning")
    assert hyp.read_text(encoding="utf-8") == ref.read_text(encoding="utf-8") and "fixed 1 finding(s)" in err


def test_fix_keeps_encoding_and_line_endings(tmp_path: Path) -> None:
    hyp = tmp_path / "a.hyp.txt"
    hyp.write_bytes("\ufeffMinister Nikolai Nikifrov spoke.\r\nHe left.\r\n".encode())
    ref = tmp_path / "a.ref.txt"
    ref.write_text("Minister Nikolai Nikiforov spoke.\nHe left.\n", encoding="utf-8")
    run("check", str(hyp), "--ref", str(ref), "--no-model", "--fix")
    assert hyp.read_bytes() == "\ufeffMinister Nikolai Nikiforov spoke.\r\nHe left.\r\n".encode()


def test_nothing_to_fix_writes_nothing(tmp_path: Path) -> None:
    hyp = tmp_path / "a.hyp.txt"
    hyp.write_text("Talks resume on Monday.\n", encoding="utf-8")
    code, _, err = run("check", str(hyp), "--no-model", "--fix")
    assert code == 0 and "qa: fixed 0 finding(s)" in err and not (tmp_path / "a.hyp.txt.bak").exists()


@pytest.mark.parametrize("name", ["-", "/dev/stdin"])
def test_fix_refuses_standard_input(tmp_path: Path, name: str) -> None:
    code, out, err = run("check", name, "--no-model", "--fix", stdin="Nikifrov spoke.\n")
    assert code == 2 and out == "" and err.startswith("qa: error: ") and "--fix" in err
    assert err.count("\n") == 1


@pytest.mark.parametrize("role", ["--ref", "--src", "--pivot", "--glossary", "--baseline", "--config"])
def test_fix_refuses_a_translation_that_is_also_another_input(seed: Path, role: str) -> None:
    hyp = seed / "kaspersky-2017.hyp.txt"
    link = seed / "link.txt"
    os.link(hyp, link)  # the same file under another name
    before = hyp.read_bytes()
    code, _, err = run("check", str(hyp), role, str(link), "--no-model", "--fix")
    assert code == 2 and err.startswith("qa: error: ") and err.count("\n") == 1
    assert hyp.read_bytes() == before and not (seed / "kaspersky-2017.hyp.txt.bak").exists()


def test_fix_refuses_a_translation_that_is_the_output(seed: Path) -> None:
    hyp = seed / "kaspersky-2017.hyp.txt"
    code, _, err = run("check", str(hyp), "--no-model", "--fix", "-o", str(hyp))
    assert code == 2 and "--output" in err and err.count("\n") == 1


def test_fix_refuses_a_backup_that_is_an_input(seed: Path) -> None:
    hyp = seed / "kaspersky-2017.hyp.txt"
    backup = seed / "kaspersky-2017.hyp.txt.bak"
    shutil.copy(seed / "kaspersky-2017.ref.txt", backup)
    code, _, err = run("check", str(hyp), "--ref", str(backup), "--no-model", "--fix")
    assert code == 2 and "backup" in err and err.count("\n") == 1


def test_fix_refuses_a_folder_it_cannot_write(seed: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root writes anywhere")
    os.chmod(seed, 0o555)
    try:
        code, _, err = run("check", str(seed / "kaspersky-2017.hyp.txt"), "--no-model", "--fix")
    finally:
        os.chmod(seed, 0o755)
    assert code == 2 and "--fix" in err


def test_output_prints_the_summary_line_on_stderr(seed: Path, tmp_path: Path) -> None:
    report = tmp_path / "r.json"
    code, out, err = run("check", *seed_args(seed), "--no-model", "-f", "json", "-o", str(report))
    assert code == 1 and out == "" and json.loads(report.read_text())["schema"] == "qa-report/1"
    assert err.startswith("qa: 1 document(s): 0 passed, 1 failed") and err.count("\n") == 1


@pytest.mark.parametrize("command", ["check", "batch"])
def test_choices_are_listed_in_help_and_wrong_ones_refused(command: str, tmp_path: Path) -> None:
    code, out, _ = run(command, "--help")
    assert code == 0
    for word in ("error|warning|never", "text|json|jsonl|sarif", "--glossary", "--write-baseline"):
        assert word in out.replace("│", "").replace(" ", "").replace("\n", "") or word in out
    hyp = tmp_path / "a.hyp.txt"
    hyp.write_text("Talks resume on Monday.\n", encoding="utf-8")
    target = str(hyp) if command == "check" else str(tmp_path)
    code, _, err = run(command, target, "--no-model", "--fail-on", "sometimes")
    assert code == 2 and err == "qa: error: --fail-on 'sometimes': expected one of error, warning, never\n"
    code, _, err = run(command, target, "--no-model", "--fix-level" if command == "check" else "-f", "pdf")
    assert code == 2 and err.count("\n") == 1 and "'pdf': expected one of" in err


def test_diff_of_hostile_text_is_safe_in_a_ci_log(tmp_path: Path) -> None:
    from qa.errors import is_workflow_command

    hyp = tmp_path / "a.hyp.txt"
    filler = "Talks will resume on Monday in the capital. " * 4  # one control in 100+ characters
    hyp.write_text(
        f"::error::pwned\nMinister Nikolai Nikifrov spoke. \x1b[2J##[group]x {filler}\n", encoding="utf-8"
    )
    ref = tmp_path / "a.ref.txt"
    ref.write_text("Minister Nikolai Nikiforov spoke.\n", encoding="utf-8")
    code, out, err = run("check", str(hyp), "--ref", str(ref), "--no-model", "--diff")
    assert code == 1, err
    assert "+Minister Nikolai Nikiforov spoke." in out and "\x1b" not in out
    assert not any(is_workflow_command(line) for line in out.splitlines())
