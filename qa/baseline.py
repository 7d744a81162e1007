"""Baseline files: findings a newsroom has reviewed and accepted stop failing the gate.

A baseline lists findings by document id, rule, flagged text and suggestion (not by
offset, so that edits elsewhere in the text do not invalidate it). `qa check --write-baseline`
writes one; `--baseline FILE` (or `baseline = "..."` in config) drops matching findings.
"""

from __future__ import annotations

import json
from pathlib import Path

from qa.document import DocumentResult, Finding
from qa.errors import ConfigError

SCHEMA = "qa-baseline/1"
Key = tuple[str, str, str, str]


def finding_key(doc_id: str, finding: Finding) -> Key:
    return (doc_id, finding.rule, finding.text, finding.suggestion or "")


def load_baseline(path: str) -> set[Key]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError("baseline file not found", path=path) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"cannot read baseline: {exc}", path=path) from None
    if (
        not isinstance(data, dict)
        or data.get("schema") != SCHEMA
        or not isinstance(data.get("findings"), list)
    ):
        raise ConfigError(f'not a baseline file (expected {{"schema": "{SCHEMA}", "findings": [...]}})', path)
    keys: set[Key] = set()
    for index, entry in enumerate(data["findings"]):
        fields = ("document", "rule", "text", "suggestion")
        if not isinstance(entry, dict) or not all(isinstance(entry.get(f, ""), str) for f in fields):
            raise ConfigError(f"findings[{index}]: expected an object with string fields {fields}", path)
        keys.add(tuple(entry.get(f, "") for f in fields))  # type: ignore[arg-type]
    return keys


def apply_baseline(result: DocumentResult, accepted: set[Key]) -> None:
    """Move the findings the baseline accepts from `findings` to `accepted`."""
    kept: list[Finding] = []
    for finding in result.findings:
        (result.accepted if finding_key(result.id, finding) in accepted else kept).append(finding)
    result.findings = kept


def baseline_text(results: list[DocumentResult]) -> str:
    """Every finding of the run, those a baseline accepted included: writing the baseline in
    use over itself (`--baseline b.json --write-baseline b.json`) must not empty it."""
    entries = sorted(
        {finding_key(r.id, f) for r in results for f in [*r.findings, *r.accepted]},
    )
    findings = [dict(zip(("document", "rule", "text", "suggestion"), key, strict=True)) for key in entries]
    return json.dumps({"schema": SCHEMA, "findings": findings}, ensure_ascii=False, indent=2) + "\n"
