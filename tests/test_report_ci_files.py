"""The CI integration files: the pre-commit hooks and the documented GitHub workflow stay runnable."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from qa.report import RENDERERS

yaml = pytest.importorskip("yaml")
ROOT = Path(__file__).resolve().parents[1]


def qa_commands() -> set[str]:
    from qa.cli import app

    return {command.name or command.callback.__name__ for command in app.registered_commands}


def test_pre_commit_hooks_run_existing_commands() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    by_id = {hook["id"]: hook for hook in hooks}
    assert {"qa", "qa-check"} <= set(by_id)
    for hook in hooks:
        program, command = hook["entry"].split()
        assert program == "qa" and command in qa_commands()
        assert hook["language"] == "python" and hook["pass_filenames"] is False
        pattern = re.compile(hook["files"])
        assert pattern.search("corpora/example-dir/metro-opening.hyp.txt")
        assert not pattern.search("qa/cli.py")
    assert re.search(by_id["qa"]["files"], "corpora/example-batch.jsonl")


def workflow_blocks() -> list[str]:
    text = (ROOT / "docs" / "github-actions.md").read_text(encoding="utf-8")
    return re.findall(r"```yaml\n(.*?)```", text, re.S)


def test_documented_workflow_uploads_the_sarif_it_writes() -> None:
    workflow = yaml.safe_load(workflow_blocks()[0])
    assert workflow["permissions"]["security-events"] == "write"
    steps = workflow["jobs"]["qa"]["steps"]
    run = next(step["run"] for step in steps if "qa batch" in step.get("run", ""))
    args = shlex.split(run)
    assert args[:3] == ["qa", "batch", "corpora/example-batch.jsonl"]
    assert (ROOT / args[2]).exists()
    output = args[args.index("--output") + 1]
    upload = next(
        step for step in steps if step.get("uses", "").startswith("github/codeql-action/upload-sarif@")
    )
    assert upload["with"]["sarif_file"] == output
    assert "!cancelled()" in upload["if"]  # uploads when the gate failed too


def test_every_documented_format_is_registered() -> None:
    formats = re.findall(r"--format (\w+)", (ROOT / "docs" / "github-actions.md").read_text(encoding="utf-8"))
    assert {"sarif", "github", "markdown", "html"} <= set(formats)
    assert set(formats) <= set(RENDERERS)
    for block in workflow_blocks():
        yaml.safe_load(block)  # every snippet is valid YAML
