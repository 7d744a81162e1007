"""Issue 14, item 6: a directory batch must not follow symbolic links out of its folder.

A translation file that is a link to a credentials file would put the secret in the report.
Links out are refused (that document is an error entry, named); links that stay inside the
folder (a reference shared by several documents) are followed, as in manifests.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qa.cli import app

pytestmark = pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
runner = CliRunner()
SECRET = "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY and more words here.\n"
TEXT = "The minister said the plan was fair.\nTalks resume on Monday.\n"


def _batch(folder: Path) -> tuple[int, dict, str]:
    result = runner.invoke(app, ["batch", str(folder), "--no-model", "--format", "json"])
    return result.exit_code, json.loads(result.stdout), result.stderr


@pytest.fixture
def layout(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "batch"
    folder.mkdir()
    secret = tmp_path / "credentials"
    secret.write_text(SECRET)
    (folder / "good.hyp.txt").write_text(TEXT)
    (folder / "good.ref.txt").write_text(TEXT)
    return folder, secret


@pytest.mark.parametrize("role", ["hyp", "ref"])
def test_link_out_of_the_folder_is_an_error_entry(layout: tuple[Path, Path], role: str) -> None:
    folder, secret = layout
    (folder / f"leak.{'ref' if role == 'hyp' else 'hyp'}.txt").write_text(TEXT)
    (folder / f"leak.{role}.txt").symlink_to(secret)
    code, report, err = _batch(folder)
    assert code == 2
    dumped = json.dumps(report)
    assert "wJalrXUtnFEMI" not in dumped and "AWS_SECRET" not in dumped
    entries = {d["id"]: d for d in report["documents"]}
    assert entries["good"]["status"] == "checked"
    assert entries["leak"]["status"] == "error"
    assert "outside the batch directory" in entries["leak"]["error"]["message"]
    assert f"leak.{role}.txt" in err


def test_link_through_a_linked_folder_is_refused(layout: tuple[Path, Path]) -> None:
    folder, secret = layout
    (folder / "sub").symlink_to(secret.parent)
    (folder / "leak.hyp.txt").symlink_to(Path("sub") / "credentials")
    (folder / "leak.ref.txt").write_text(TEXT)
    code, report, _ = _batch(folder)
    assert code == 2 and "wJalrXUtnFEMI" not in json.dumps(report)


def test_broken_link_is_an_error_entry(layout: tuple[Path, Path]) -> None:
    folder, _ = layout
    (folder / "gone.hyp.txt").symlink_to(folder / "nowhere.txt")
    (folder / "gone.ref.txt").write_text(TEXT)
    code, report, _ = _batch(folder)
    assert code == 2
    assert {d["id"]: d["status"] for d in report["documents"]} == {"good": "checked", "gone": "error"}


def test_link_inside_the_folder_is_followed(layout: tuple[Path, Path]) -> None:
    folder, _ = layout
    (folder / "other.hyp.txt").write_text(TEXT)
    (folder / "other.ref.txt").symlink_to("good.ref.txt")  # one reference for two documents
    code, report, err = _batch(folder)
    assert code == 0, err
    assert all(d["status"] == "checked" for d in report["documents"])


def test_a_file_swapped_for_a_link_after_the_check_is_not_read(
    layout: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The race: the name is checked (a plain file), then replaced by a link to the secret
    before it is opened. The file is opened without following links, so the swap is refused."""
    from qa.io import inputs

    folder, secret = layout
    (folder / "race.hyp.txt").write_text(TEXT)
    checked = inputs._in_folder

    def check_then_swap(where: Path, name: str) -> Path:
        path = checked(where, name)
        if name == "race.hyp.txt":
            path.unlink()
            path.symlink_to(secret)
        return path

    monkeypatch.setattr(inputs, "_in_folder", check_then_swap)
    code, report, _ = _batch(folder)
    assert code == 2
    [race] = [d for d in report["documents"] if d["id"] == "race"]
    assert race["status"] == "error" and "symbolic link" in race["error"]["message"]
    assert "wJalrXUtnFEMI" not in json.dumps(report)


def test_a_shared_reference_is_reported_under_the_name_the_batch_lists(layout: tuple[Path, Path]) -> None:
    folder, _ = layout
    (folder / "other.hyp.txt").write_text(TEXT)
    (folder / "other.ref.txt").symlink_to("good.ref.txt")
    from qa.io.inputs import iter_batch

    documents = {item.id: item.document for item in iter_batch(str(folder)) if item.document}
    assert documents["other"].refs[0].path == str(folder / "other.ref.txt")


def _manifest_race(
    folder: Path, relative: str, swap: Callable[[Path], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A manifest naming `relative`, whose path is changed by `swap` between the check and the
    read: the document must be an error entry naming the link, and no secret in the report."""
    from qa.io import inputs

    manifest = folder / "batch.jsonl"
    manifest.write_text(json.dumps({"id": "race", "hyp_path": relative, "ref": TEXT}) + "\n")
    checked = inputs._inside

    def check_then_swap(where: Path, relative: str, field: str) -> tuple:
        shown, opened = checked(where, relative, field)
        swap(Path(opened))
        return shown, opened

    monkeypatch.setattr(inputs, "_inside", check_then_swap)
    code, report, _ = _batch(manifest)
    assert code == 2
    [race] = report["documents"]
    assert race["status"] == "error" and "symbolic link" in race["error"]["message"]
    assert "wJalrXUtnFEMI" not in json.dumps(report)


def test_a_manifest_file_swapped_for_a_link_after_the_check_is_not_read(
    layout: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same race through a manifest's `hyp_path`."""
    folder, secret = layout
    (folder / "race.txt").write_text(TEXT)

    def swap(opened: Path) -> None:
        opened.unlink()
        opened.symlink_to(secret)

    _manifest_race(folder, "race.txt", swap, monkeypatch)


def test_a_manifest_folder_swapped_for_a_link_after_the_check_is_not_followed(
    layout: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same race one level up: `sub/race.txt` is checked, then `sub` becomes a link to a
    folder outside holding a `race.txt` with the secret. Every folder on the way is opened
    without following a link, so the swap is refused."""
    folder, secret = layout
    (folder / "sub").mkdir()
    (folder / "sub" / "race.txt").write_text(TEXT)
    outside = secret.parent / "outside"
    outside.mkdir()
    (outside / "race.txt").write_text(SECRET)

    def swap(opened: Path) -> None:
        opened.unlink()
        opened.parent.rmdir()
        opened.parent.symlink_to(outside)

    _manifest_race(folder, "sub/race.txt", swap, monkeypatch)


def test_a_manifest_file_in_a_subfolder_is_read(layout: tuple[Path, Path]) -> None:
    folder, _ = layout
    (folder / "sub" / "deeper").mkdir(parents=True)
    (folder / "sub" / "deeper" / "one.txt").write_text(TEXT)
    manifest = folder / "batch.jsonl"
    manifest.write_text(json.dumps({"id": "one", "hyp_path": "sub/deeper/one.txt", "ref": TEXT}) + "\n")
    code, report, _ = _batch(manifest)
    assert code == 0, report
    assert report["documents"][0]["status"] != "error"
