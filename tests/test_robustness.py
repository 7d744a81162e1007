"""Fuzzing the command line: whatever a user or a CI job throws at it, `qa` answers with a
report or a one-line error and a documented exit code, never a traceback, never a lost
document."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from qa.cli import app

runner = CliRunner()
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
records = st.dictionaries(
    st.sampled_from(
        ["id", "hyp", "ref", "src", "src_lang", "pivot", "pivot_lang", "hyp_path", "ref_path", "extra"]
    ),
    json_values | st.text(max_size=60),
    max_size=6,
)
lines = st.one_of(
    records.map(lambda r: json.dumps(r, ensure_ascii=False)),
    st.text(max_size=40).filter(lambda s: "\n" not in s and "\r" not in s),
    st.just('{"id": "ok", "hyp": "Talks resume on Monday.", "ref": "Talks resume on Monday."}'),
    st.just("[" * 5000 + "]" * 5000),
)


def no_traceback(result) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code in (0, 1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.stderr


@FAST
@given(st.lists(lines, min_size=1, max_size=6))
def test_any_manifest_gives_one_entry_per_line(tmp_path_factory, manifest_lines: list[str]) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("batch")
    manifest = folder / "m.jsonl"
    manifest.write_text("\n".join(manifest_lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["batch", str(manifest), "--no-model", "-f", "json"])
    no_traceback(result)
    # Blank means ASCII whitespace only (as JSON sees it): a control character is a bad line.
    expected = sum(1 for line in manifest_lines if line.encode().strip())
    if result.stdout:
        report = json.loads(result.stdout)
        assert report["summary"]["documents"] == expected
        bad = [d for d in report["documents"] if d["status"] == "error"]
        assert (result.exit_code == 2) == bool(bad)
    else:  # the whole input was rejected: only when no line holds a document
        assert result.exit_code == 2 and result.stderr.count("\n") == 1


@FAST
@given(st.text(max_size=200))
def test_any_config_file_is_accepted_or_named(tmp_path_factory, content: str) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("config")
    (folder / "a.hyp.txt").write_text("Talks resume on Monday.\n")
    (folder / "a.ref.txt").write_text("Talks resume on Monday.\n")
    config = folder / "qa.toml"
    config.write_text(content, encoding="utf-8")
    result = runner.invoke(
        app,
        [
            "check",
            str(folder / "a.hyp.txt"),
            "--ref",
            str(folder / "a.ref.txt"),
            "--no-model",
            "--config",
            str(config),
        ],
    )
    no_traceback(result)
    if result.exit_code == 2:
        assert "qa.toml" in result.stderr and result.stderr.count("\n") == 1


@FAST
@given(st.binary(max_size=300))
def test_any_bytes_as_hypothesis(tmp_path_factory, data: bytes) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("bytes")
    (folder / "a.hyp.txt").write_bytes(data)
    (folder / "a.ref.txt").write_text("Talks resume on Monday.\n")
    result = runner.invoke(
        app,
        ["check", str(folder / "a.hyp.txt"), "--ref", str(folder / "a.ref.txt"), "--no-model", "-f", "json"],
    )
    no_traceback(result)
    if result.exit_code == 2:
        assert "a.hyp.txt" in result.stderr and result.stderr.count("\n") == 1


def test_paths_escaping_the_manifest_folder_are_per_document_errors(tmp_path: Path) -> None:
    inner = tmp_path / "inner"
    inner.mkdir()
    (tmp_path / "secret.txt").write_text("Not part of the batch.\n")
    manifest = inner / "m.jsonl"
    manifest.write_text(
        json.dumps({"id": "escape", "hyp_path": "../secret.txt", "ref": "x"})
        + "\n"
        + json.dumps({"id": "absolute", "hyp_path": str(tmp_path / "secret.txt"), "ref": "x"})
        + "\n"
        + json.dumps({"id": "fine", "hyp": "Talks resume.", "ref": "Talks resume."})
        + "\n"
    )
    result = runner.invoke(app, ["batch", str(manifest), "--no-model", "-f", "json"])
    no_traceback(result)
    report = json.loads(result.stdout)
    statuses = {d["id"]: d["status"] for d in report["documents"]}
    assert statuses == {"escape": "error", "absolute": "error", "fine": "checked"}
    assert result.exit_code == 2


def test_duplicate_ids_keep_both_entries(tmp_path: Path) -> None:
    manifest = tmp_path / "m.jsonl"
    line = json.dumps({"id": "same", "hyp": "Talks resume.", "ref": "Talks resume."})
    manifest.write_text(line + "\n" + line + "\n")
    result = runner.invoke(app, ["batch", str(manifest), "--no-model", "-f", "json"])
    report = json.loads(result.stdout)
    assert [d["status"] for d in report["documents"]] == ["checked", "error"]
    assert result.exit_code == 2


def test_missing_batch_input(tmp_path: Path) -> None:
    result = runner.invoke(app, ["batch", str(tmp_path / "nothing.jsonl")])
    assert result.exit_code == 2 and "nothing.jsonl" in result.stderr and result.stderr.count("\n") == 1
