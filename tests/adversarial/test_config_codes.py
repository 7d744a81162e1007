"""Issue 14, items 8, 13, 14 and 16 (nan, attribution): configuration and inputs that used to
slip through (a typo in --select turned every rule off, nan never failed, an empty manifest
passed) or crashed (`tool = 5`). Each is now one line on stderr naming the culprit, exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_run import BAD, GOOD, run

from qa.config import load_config, parse_config
from qa.errors import ConfigError


def one_error(code: int, err: str, *fragments: str) -> str:
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 1 and lines[0].startswith("qa: error: "), (code, err)
    for fragment in fragments:
        assert fragment in lines[0], err
    return lines[0]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.hyp.txt").write_text(BAD, encoding="utf-8")
    (docs / "a.ref.txt").write_text(GOOD, encoding="utf-8")
    return docs


# --- item 8: unknown rule codes -------------------------------------------------------------


@pytest.mark.parametrize("option", ["--select", "--ignore"])
@pytest.mark.parametrize("codes", ["N1O1", "XYZ", "*", "N101,XYZ", "n1, d9"])
def test_unknown_codes_on_the_command_line(folder: Path, option: str, codes: str) -> None:
    code, _, err = run("batch", str(folder), "--no-model", option, codes)
    bad = next(c.strip().upper() for c in codes.split(",") if c.strip().upper() not in ("N101", "N1"))
    one_error(code, err, option, repr(bad))


@pytest.mark.parametrize("codes", ["N", "N1", "n101", "D", "N101,D1", "C"])
def test_real_codes_and_prefixes_stay_valid(folder: Path, codes: str) -> None:
    code, _, err = run("batch", str(folder), "--no-model", "--select", codes)
    assert code in (0, 1), err


def test_typo_no_longer_lets_errors_pass(folder: Path) -> None:
    code, _, _ = run("batch", str(folder), "--no-model", "--select", "N101")
    assert code == 1
    code, _, _ = run("batch", str(folder), "--no-model", "--select", "N1O1")
    assert code == 2


@pytest.mark.parametrize("key", ["select", "ignore"])
def test_unknown_codes_in_config(tmp_path: Path, key: str) -> None:
    path = tmp_path / "qa.toml"
    path.write_text(f'{key} = ["N1", "N1O1"]\n', encoding="utf-8")
    with pytest.raises(ConfigError) as excinfo:
        load_config(str(path))
    assert str(path) in str(excinfo.value) and "'N1O1'" in str(excinfo.value)


def test_unknown_code_in_severity_table(tmp_path: Path, folder: Path) -> None:
    path = tmp_path / "qa.toml"
    path.write_text('[severity]\nN101 = "warning"\nXYZ = "error"\n', encoding="utf-8")
    code, _, err = run("batch", str(folder), "--no-model", "--config", str(path))
    one_error(code, err, str(path), "XYZ")


def test_known_code_in_severity_table_still_works() -> None:
    config = parse_config({"severity": {"n101": "warning"}}, "qa.toml")
    assert config.severity["N101"].value == "warning"


# --- item 13: empty manifest ----------------------------------------------------------------


@pytest.mark.parametrize("content", ["", "\n", "\n  \n\n", "\r\n"])
def test_empty_manifest_is_an_input_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_bytes(content.encode())
    code, _, err = run("batch", str(path), "--no-model")
    one_error(code, err, str(path), "no documents")


# --- item 14: wrong types in pyproject.toml -------------------------------------------------


@pytest.mark.parametrize(
    "content",
    ["tool = 5\n", "[tool]\nqa = 5\n", 'tool = "qa"\n', "[tool]\nqa = [1, 2]\n", "[[tool]]\nqa = 1\n"],
)
def test_mistyped_pyproject_in_working_directory(
    tmp_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch, content: str
) -> None:
    (tmp_path / "pyproject.toml").write_text(content, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, _, err = run("batch", str(folder), "--no-model")
    one_error(code, err, "pyproject.toml", "tool")


@pytest.mark.parametrize("content", ["tool = 5\n", "[tool]\nqa = 5\n"])
def test_mistyped_pyproject_given_explicitly(tmp_path: Path, folder: Path, content: str) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text(content, encoding="utf-8")
    code, _, err = run("batch", str(folder), "--no-model", "--config", str(path))
    one_error(code, err, str(path))


def test_pyproject_without_qa_table_is_fine(
    tmp_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.black]\nline-length = 99\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, _, err = run("batch", str(folder), "--no-model")
    assert code == 1, err


# --- item 16: nan thresholds; glossary and scheme errors named after their file -------------


@pytest.mark.parametrize(
    "args",
    [("--min", "chrf=nan"), ("--min", "fidelity=NaN"), ("--max", "ter=nan"), ("--min-fidelity", "nan")],
)
def test_nan_threshold_on_the_command_line(folder: Path, args: tuple[str, str]) -> None:
    code, _, err = run("batch", str(folder), "--no-model", *args)
    one_error(code, err, args[0])


@pytest.mark.parametrize("table", ["min-scores", "max-scores"])
def test_nan_threshold_in_config(tmp_path: Path, folder: Path, table: str) -> None:
    path = tmp_path / "qa.toml"
    path.write_text(f"[{table}]\nchrf = nan\n", encoding="utf-8")
    code, _, err = run("batch", str(folder), "--no-model", "--config", str(path))
    one_error(code, err, str(path), "chrf")


@pytest.mark.parametrize("command", ["check", "batch"])
def test_glossary_error_names_the_glossary(tmp_path: Path, folder: Path, command: str) -> None:
    glossary = tmp_path / "names.toml"
    glossary.write_text("this is = not toml = at all\n", encoding="utf-8")
    target = (
        [str(folder / "a.hyp.txt"), "--ref", str(folder / "a.ref.txt")]
        if command == "check"
        else [str(folder)]
    )
    code, _, err = run(command, *target, "--no-model", "--glossary", str(glossary))
    line = one_error(code, err, str(glossary))
    assert "a.hyp.txt" not in line


def test_missing_glossary_names_the_glossary(tmp_path: Path, folder: Path) -> None:
    code, _, err = run("batch", str(folder), "--no-model", "--glossary", str(tmp_path / "none.tsv"))
    line = one_error(code, err, "none.tsv")
    assert "a.hyp.txt" not in line


def test_scheme_error_names_the_config_file(tmp_path: Path, folder: Path) -> None:
    path = tmp_path / "qa.toml"
    path.write_text('accepted-schemes = ["wikipedia", "klingon"]\n', encoding="utf-8")
    code, _, err = run("batch", str(folder), "--no-model", "--config", str(path))
    line = one_error(code, err, str(path), "klingon")
    assert "a.hyp.txt" not in line
