"""Issue 14, items 1 and 15: where `--output` goes.

A regular file (or a new path) is replaced atomically; anything else (a device, a FIFO, a
symbolic link, the process's own stdout) is written, never replaced. A target that cannot be
written is found before the first document is checked, so no work is lost.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest
from cli_run import run

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
LINE = "The ministry said Nikolai Nikiforov was right.\n"


@pytest.fixture
def batch_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.hyp.txt").write_text(LINE, encoding="utf-8")
    (folder / "a.ref.txt").write_text(LINE, encoding="utf-8")
    return folder


def is_report(data: str) -> bool:
    return json.loads(data)["schema"] == "qa-report/1"


# --- item 1: not a regular file -------------------------------------------------------------


@pytest.mark.skipif(not IS_ROOT, reason="creating a device node needs root")
def test_character_device_is_written_not_replaced(tmp_path: Path, batch_dir: Path) -> None:
    """A null device of our own (so a regression cannot damage the machine's /dev/null)."""
    device = tmp_path / "null"
    os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    code, _, err = run("batch", str(batch_dir), "--no-model", "-f", "json", "-o", str(device))
    assert code == 0, err
    mode = os.lstat(device).st_mode
    assert stat.S_ISCHR(mode) and os.major(os.lstat(device).st_rdev) == 1


@pytest.mark.skipif(not IS_ROOT, reason="only root could replace /dev/null")
def test_dev_null_stays_a_device(batch_dir: Path) -> None:
    code, _, err = run("batch", str(batch_dir), "--no-model", "-f", "json", "-o", os.devnull)
    assert code == 0, err
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)
    assert stat.S_ISCHR(os.lstat(os.devnull).st_mode)


def test_fifo_is_written_not_replaced(tmp_path: Path, batch_dir: Path) -> None:
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as handle:
            received.append(handle.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    code, _, err = run("batch", str(batch_dir), "--no-model", "-f", "json", "-o", str(fifo))
    if not received:  # a regression replaced the FIFO: unblock the reader before failing
        with open(fifo, "wb"):
            pass
    reader.join(10)
    assert code == 0, err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert is_report(received[0].decode("utf-8"))


def test_symlink_is_written_through(tmp_path: Path, batch_dir: Path) -> None:
    target = tmp_path / "real.json"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(target.name)
    code, _, err = run("batch", str(batch_dir), "--no-model", "-f", "json", "-o", str(link))
    assert code == 0, err
    assert link.is_symlink() and os.readlink(link) == target.name
    assert is_report(target.read_text(encoding="utf-8"))


def test_dangling_symlink_creates_its_target(tmp_path: Path, batch_dir: Path) -> None:
    link = tmp_path / "link.json"
    link.symlink_to("new.json")
    code, _, err = run("batch", str(batch_dir), "--no-model", "-f", "json", "-o", str(link))
    assert code == 0, err
    assert link.is_symlink() and is_report((tmp_path / "new.json").read_text(encoding="utf-8"))


def _qa(*args: str, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "qa", *args], capture_output=True, timeout=120, check=False, **kwargs
    )  # type: ignore[call-overload]


@pytest.mark.skipif(not Path("/proc/self/fd/1").exists(), reason="needs /proc/self/fd")
def test_link_to_own_stdout_reaches_stdout(tmp_path: Path, batch_dir: Path) -> None:
    """What /dev/stdout is: a link to the process's descriptor 1 (ours, in tmp_path)."""
    link = tmp_path / "stdout"
    link.symlink_to("/proc/self/fd/1")
    done = _qa("batch", str(batch_dir), "--no-model", "-f", "json", "-o", str(link))
    assert done.returncode == 0, done.stderr
    assert link.is_symlink()
    assert is_report(done.stdout.decode("utf-8"))


@pytest.mark.skipif(not IS_ROOT or not Path("/dev/stdout").is_symlink(), reason="root, /dev/stdout link")
def test_dev_stdout_reaches_stdout(batch_dir: Path) -> None:
    done = _qa("batch", str(batch_dir), "--no-model", "-f", "json", "-o", "/dev/stdout")
    assert done.returncode == 0, done.stderr
    assert Path("/dev/stdout").is_symlink()
    assert is_report(done.stdout.decode("utf-8"))


def test_regular_file_is_still_replaced_atomically(tmp_path: Path, batch_dir: Path) -> None:
    """The ordinary case keeps its guarantee: a new inode, renamed over the old file."""
    report = tmp_path / "report.json"
    report.write_text("old", encoding="utf-8")
    before = os.stat(report).st_ino
    code, _, err = run("batch", str(batch_dir), "--no-model", "-f", "json", "-o", str(report))
    assert code == 0, err
    assert is_report(report.read_text(encoding="utf-8"))
    assert os.stat(report).st_ino != before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


# --- item 15: output problems found before any work -----------------------------------------


@pytest.fixture
def no_work(monkeypatch: pytest.MonkeyPatch) -> None:
    """Checking a document fails the test: the output error must come first."""
    import qa.pipeline

    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("documents were checked before the output was found unwritable")

    monkeypatch.setattr(qa.pipeline, "check_stream", forbidden)


def _one_error_line(err: str, *fragments: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("qa: error: ")
    for fragment in fragments:
        assert fragment in lines[0], err


@pytest.mark.parametrize("option", ["--output", "--write-baseline"])
def test_missing_folder_found_before_work(
    tmp_path: Path, batch_dir: Path, no_work: None, option: str
) -> None:
    target = tmp_path / "missing" / "report.json"
    code, _, err = run("batch", str(batch_dir), "--no-model", option, str(target))
    assert code == 2
    _one_error_line(err, str(target), "does not exist")


def test_directory_as_output_found_before_work(tmp_path: Path, batch_dir: Path, no_work: None) -> None:
    code, _, err = run("batch", str(batch_dir), "--no-model", "-o", str(tmp_path))
    assert code == 2
    _one_error_line(err, "directory")


def test_missing_folder_found_before_check_reads_its_files(tmp_path: Path, no_work: None) -> None:
    code, _, err = run("check", str(tmp_path / "no-such.txt"), "-o", str(tmp_path / "x" / "r.json"))
    assert code == 2
    _one_error_line(err, "does not exist")


def _read_only_folder() -> str | None:
    """A folder this process cannot create files in, even as root (sysfs), if there is one."""
    folder = "/sys"
    if not os.path.isdir(folder):
        return None
    try:
        handle, probe = tempfile.mkstemp(dir=folder)
    except OSError:
        return folder
    os.close(handle)
    os.unlink(probe)
    return None


def test_read_only_folder_found_before_work(batch_dir: Path, no_work: None) -> None:
    folder = _read_only_folder()
    if folder is None:
        pytest.skip("no read-only folder here")
    code, _, err = run("batch", str(batch_dir), "--no-model", "-o", f"{folder}/qa-report.json")
    assert code == 2
    _one_error_line(err, "cannot be written")
    assert not os.path.exists(f"{folder}/qa-report.json")


@pytest.mark.skipif(IS_ROOT, reason="root writes to a folder whatever its mode")
def test_unwritable_folder_found_before_work(tmp_path: Path, batch_dir: Path, no_work: None) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        code, _, err = run("batch", str(batch_dir), "--no-model", "-o", str(locked / "r.json"))
    finally:
        locked.chmod(0o755)
    assert code == 2
    _one_error_line(err, "cannot be written")


@pytest.mark.skipif(not hasattr(__import__("socket"), "AF_UNIX"), reason="needs Unix sockets")
def test_socket_is_refused_before_work(tmp_path: Path, batch_dir: Path, no_work: None) -> None:
    import socket

    path = tmp_path / "s.sock"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        code, _, err = run("batch", str(batch_dir), "--no-model", "-o", str(path))
    assert code == 2
    _one_error_line(err, "not a regular file")
    assert stat.S_ISSOCK(os.lstat(path).st_mode)
