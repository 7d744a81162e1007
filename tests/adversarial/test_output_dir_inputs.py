"""`batch --output-dir` never replaces or deletes one of the batch's inputs: it writes
`shard-NNNNN.jsonl` and `summary.json` there and deletes shard reports past the input's end,
so a manifest kept in that folder under a shard's name, or a translation a manifest names
`summary.json`, was lost with exit 0. Refused before any work."""

from __future__ import annotations

import json
from pathlib import Path

from cli_run import GOOD, run

SOURCE = "Министерство заявило, что Николай Никифоров был прав.\n"


def _manifest(folder: Path, name: str, records: list[dict]) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def _refused(code: int, err: str, name: str) -> None:
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 1, (code, err)
    assert "--output-dir would overwrite or delete an input file" in lines[0] and name in lines[0]


def test_a_manifest_named_like_the_first_shard(tmp_path: Path) -> None:
    manifest = _manifest(tmp_path / "out", "shard-00000.jsonl", [{"id": "a", "hyp": GOOD, "src": SOURCE}])
    before = manifest.read_bytes()
    code, _, err = run("batch", str(manifest), "--no-model", "--output-dir", str(tmp_path / "out"))
    _refused(code, err, "shard-00000.jsonl")
    assert manifest.read_bytes() == before
    assert not (tmp_path / "out" / ".qa-shards").exists()  # nothing was started


def test_a_manifest_named_like_a_stale_shard(tmp_path: Path) -> None:
    """Shard 3 of a one-shard run is deleted as stale: the manifest would vanish."""
    manifest = _manifest(tmp_path / "out", "shard-00003.jsonl", [{"id": "a", "hyp": GOOD, "ref": None}])
    code, _, err = run("batch", str(manifest), "--no-model", "--output-dir", str(tmp_path / "out"))
    _refused(code, err, "shard-00003.jsonl")
    assert manifest.exists()


def test_a_translation_named_summary_json(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "summary.json").write_text(GOOD, encoding="utf-8")
    manifest = _manifest(folder, "batch.jsonl", [{"id": "a", "hyp_path": "summary.json", "src": SOURCE}])
    code, _, err = run("batch", str(manifest), "--no-model", "--output-dir", str(folder))
    _refused(code, err, "summary.json")
    assert (folder / "summary.json").read_text(encoding="utf-8") == GOOD


def test_reports_beside_the_manifest_still_allowed(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    manifest = _manifest(folder, "batch.jsonl", [{"id": "a", "hyp": GOOD, "src": SOURCE}])
    code, _, err = run("batch", str(manifest), "--no-model", "--output-dir", str(folder))
    assert code == 0, err
    assert (folder / "shard-00000.jsonl").exists() and (folder / "summary.json").exists()
    code, _, err = run("batch", str(manifest), "--no-model", "--output-dir", str(folder))  # a rerun
    assert code == 0, err
