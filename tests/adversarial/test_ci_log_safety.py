"""Issue 14, item 5: no input text may reach a CI log as a GitHub Actions workflow command.

A runner reads a line as a command when, after its indent, it starts with `::` (or holds
`##[`). File names, manifest keys, ids and translation lines are input; qa must print them
quoted or escaped on stdout and stderr whatever `--format` is, and only `--format github`
may write commands, of its own making. The text format must not pass terminal control
sequences through either.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_run import run as _run
from typer.testing import CliRunner

from qa.cli import app
from qa.errors import InputError, is_workflow_command, log_safe, printable, quote

runner = CliRunner()

REF = "The minister said the plan was fair.\nTalks resume on Monday.\n"
INJECTION = "::error file=a::INJECTED"


def _commands(text: str) -> list[str]:
    return [line for line in text.splitlines() if is_workflow_command(line)]


def _non_qa_commands(text: str) -> list[str]:
    """Command lines `--format github` did not write itself (its own start with `::kind `)."""
    own = ("::error ", "::warning ", "::notice ", "::group::", "::endgroup::")
    return [line for line in _commands(text) if not line.startswith(own)]


def test_helpers_break_commands_and_controls() -> None:
    assert quote("news/a.hyp.txt") == "news/a.hyp.txt"
    assert quote("a\n::error::x") == "'a\\n::error::x'"
    assert not _commands(quote("::set-output name=x::1"))
    assert "\x1b" not in printable("\x1b]0;pwned\x07\x1b[2J") and "\\x1b" in printable("\x1b[2J")
    assert printable("abc\u202edef") == "abc\\u202edef"
    assert _commands(log_safe("ok\n   ::warning::x\nsee ##[error]y")) == []
    assert str(InputError("bad", path="x\n::error::y")) == "'x\\n::error::y': bad"


def test_manifest_key_with_newline_is_not_a_command_on_stderr(tmp_path: Path) -> None:
    manifest = tmp_path / "m.jsonl"
    record = {"id": "d1", "hyp": "Hello.", "ref": "Hello.", f"x\n{INJECTION}": 1}
    manifest.write_text(json.dumps(record) + "\n", encoding="utf-8")
    for fmt in ("text", "json", "github", "sarif"):
        code, out, err = _run("batch", str(manifest), "--no-model", "--format", fmt)
        assert code == 2
        assert _commands(err) == [], err
        assert _non_qa_commands(out) == [], out


def test_path_with_newline_in_manifest_is_quoted(tmp_path: Path) -> None:
    manifest = tmp_path / "m.jsonl"
    manifest.write_text(json.dumps({"id": "d1", "hyp_path": f"a\n{INJECTION}", "ref": "Hi."}) + "\n")
    code, out, err = _run("batch", str(manifest), "--no-model")
    assert code == 2
    assert _commands(err) == [] and _commands(out) == []
    assert "INJECTED" in err  # still said, only harmless


def test_file_name_with_newline_in_directory_batch(tmp_path: Path) -> None:
    (tmp_path / "ok.hyp.txt").write_text("The minister said the plan was fair.\n")
    (tmp_path / "ok.ref.txt").write_text(REF)
    (tmp_path / f"x\n{INJECTION}.txt").write_text("stray")
    code, out, err = _run("batch", str(tmp_path), "--no-model")
    assert code == 2
    assert _commands(err) == [] and _commands(out) == []


def test_text_format_indented_translation_lines_are_not_commands(tmp_path: Path) -> None:
    hyp = tmp_path / "a.hyp.txt"
    ref = tmp_path / "a.ref.txt"
    hyp.write_text(
        "The minister said the plan was fair and costs 5 million.\n"
        "    ::error file=x::INJECTED\n##[error]also injected\n",
        encoding="utf-8",
    )
    ref.write_text("The minister said the plan was fair and costs 7 million.\n", encoding="utf-8")
    for fmt in ("text", "json", "jsonl", "sarif", "github", "markdown", "junit", "html"):
        code, out, err = _run("check", str(hyp), "--ref", str(ref), "--no-model", "--format", fmt)
        assert code in (0, 1), err
        assert _commands(err) == []
        assert _non_qa_commands(out) == [], (fmt, out)


def test_document_id_cannot_start_a_text_line(tmp_path: Path) -> None:
    manifest = tmp_path / "m.jsonl"
    manifest.write_text(
        json.dumps({"id": "::warning::id", "hyp": "Hello there.", "ref": "Hello there."}) + "\n"
    )
    code, out, err = _run("batch", str(manifest), "--no-model")
    assert code == 0, err
    assert _commands(out) == []
    assert "\\::warning::id" in out


def test_text_format_strips_terminal_control_sequences(tmp_path: Path) -> None:
    hyp = tmp_path / "a.hyp.txt"
    ref = tmp_path / "a.ref.txt"
    filler = "Talks between the two delegations resume in Geneva on Monday morning. " * 6
    hyp.write_text(
        filler + "The minister \x1b]0;pwned\x07said the plan \x1b[2Jcosts 5 million \u202eeurof.\n",
        encoding="utf-8",
    )
    ref.write_text(filler + "The minister said the plan costs 7 million euro.\n", encoding="utf-8")
    code, out, _ = _run("check", str(hyp), "--ref", str(ref), "--no-model")
    assert code == 1
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "\\x1b]0;pwned\\x07" in out


@pytest.mark.parametrize("text", ["a%b\r\nc", "x\x1b[2Jy"])
def test_github_escapes_data_and_properties(text: str) -> None:
    from qa.report.github import command

    line = command("error", {"file": f"f:{text},1", "title": "t"}, text)
    assert "\n" not in line and "\r" not in line
    assert line.startswith("::error file=f%3A") and "%2C1" in line


def test_github_overflow_lines_cannot_carry_commands(tmp_path: Path) -> None:
    manifest = tmp_path / "m.jsonl"
    lines = [
        json.dumps({"id": f"##[error]d{i}", "hyp_path": "missing.txt", "ref": "Hello."}) for i in range(15)
    ]
    manifest.write_text("\n".join(lines) + "\n")
    code, out, err = _run("batch", str(manifest), "--no-model", "--format", "github")
    assert code == 2
    assert _non_qa_commands(out) == [], out
    overflow = out.split("::group::")[1].split("::endgroup::")[0]
    assert "##\\[error]" in overflow and "##[" not in overflow
    assert _commands(err) == []


@pytest.mark.parametrize("brk", ["\n", "\r", "\x85", "\u2028", "\u2029", "\x0b", "\x0c"])
def test_every_line_break_counts_as_a_line_start(brk: str) -> None:
    from qa.errors import markup_log_safe

    for out in (log_safe(f"x{brk}  ::error::y"), markup_log_safe(f"x{brk}  ::error::y")):
        assert not any(line.lstrip().startswith("::") for line in out.splitlines()), repr(out)
    assert markup_log_safe(f"x{brk}::a") == f"x{brk}&#58;:a"  # the same text once HTML is read


def test_html_translation_after_a_unicode_line_separator(tmp_path: Path) -> None:
    hyp, ref = tmp_path / "a.hyp.txt", tmp_path / "a.ref.txt"
    hyp.write_text("The minister said the plan was fair.\u2028 ::add-mask::INJECTED\n", encoding="utf-8")
    ref.write_text(REF, encoding="utf-8")
    result = runner.invoke(app, ["check", str(hyp), "--ref", str(ref), "--no-model", "--format", "html"])
    assert result.exit_code in (0, 1)
    assert [line for line in result.stdout.splitlines() if line.lstrip().startswith("::")] == []


def test_directory_file_name_with_a_line_break_is_one_document(tmp_path: Path) -> None:
    (tmp_path / "a\nb.hyp.txt").write_text("The minister said the plan was fair.\n")
    (tmp_path / "a\nb.ref.txt").write_text("The minister said the plan was fair.\n")
    result = runner.invoke(app, ["batch", str(tmp_path), "--no-model", "--format", "json"])
    assert [d["id"] for d in json.loads(result.stdout)["documents"]] == ["a\nb"]
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize("fmt", ["json", "sarif", "jsonl"])
def test_json_reports_escape_unicode_line_breaks(tmp_path: Path, fmt: str) -> None:
    for brk in ("\u2028", "\u2029", "\x85"):
        (tmp_path / f"a{brk}::INJECTED.hyp.txt").write_text(REF, encoding="utf-8")
        (tmp_path / f"a{brk}::INJECTED.ref.txt").write_text(REF, encoding="utf-8")
    result = runner.invoke(app, ["batch", str(tmp_path), "--no-model", "--format", fmt])
    assert result.exit_code == 0, result.stderr
    assert "INJECTED" in result.stdout
    assert [line for line in result.stdout.splitlines() if line.lstrip().startswith("::")] == []
    lines = result.stdout.splitlines() if fmt == "jsonl" else [result.stdout]
    assert all(json.loads(line) for line in lines)  # still valid JSON
