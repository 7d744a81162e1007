"""Where a report (or a baseline) goes: checked before any work, written without replacing
what is not a file.

`plan_output` runs before the first document is read, so a missing or read-only folder, a
directory, or a target that is one of the run's inputs costs nothing but a one-line error
(exit 2). `write_output` then writes:
- a regular file or a new path atomically (a temporary file beside it, renamed over it), so
  a reader or a crash never sees half a report;
- through a symbolic link to its target (atomically when the target is a regular file), never
  replacing the link;
- in place to a character device (/dev/null, a terminal), a FIFO, or one of the process's own
  descriptors (/dev/stdout, /dev/fd/N, /proc/self/fd/N), which renaming would replace by a file.
Block devices and sockets are refused: a report is never written over a disk.
"""

from __future__ import annotations

import json
import os
import re
import stat
import tempfile
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from qa.cache import replace_file
from qa.errors import QaError

# Paths in these folders are the process's own file descriptors: whatever they point to (a
# pipe, a terminal, a file the shell opened) is written in place, appended to.
_DESCRIPTOR = re.compile(r"^(?:/dev/fd|/proc/(?:self|thread-self|[0-9]+)(?:/task/[0-9]+)?/fd)/")
_MAX_LINKS = 40  # as the kernel's own limit on a chain of symbolic links
_MANIFEST_PATH_KEYS = ("hyp_path", "ref_path", "src_path", "pivot_path")
_MANIFEST_LINE_LIMIT = 20_000_000


class OutputError(QaError):
    """An output target that cannot or must not be written."""


@dataclass(frozen=True)
class OutputTarget:
    """A checked place to write: `path` (symbolic links resolved) and how to write it."""

    option: str  # "--output" or "--write-baseline", for messages
    shown: str  # as the user wrote it
    path: str
    direct: bool  # write in place (device, FIFO, descriptor); else temporary file + rename
    append: bool  # a descriptor the shell opened: add to it, as writing to stdout would
    identity: tuple[int, int] | None  # (device, inode) of an existing regular file

    def fail(self, problem: str) -> OutputError:
        return OutputError(f"{self.option} {problem}", path=self.shown)


def through_descriptor(given: str) -> bool:
    """True when `given` is, or links through, one of the process's file descriptors."""
    current = os.path.abspath(given)
    for _ in range(_MAX_LINKS):
        parent = os.path.realpath(os.path.dirname(current))
        if _DESCRIPTOR.match(f"{current}/") or _DESCRIPTOR.match(f"{parent}/"):
            return True
        try:
            link = os.readlink(current)
        except OSError:  # not a link (or not there): the chain ends
            return False
        current = os.path.normpath(os.path.join(os.path.dirname(current), link))
    return False


def plan_output(given: str, option: str) -> OutputTarget:
    """Check that `given` can be written, without writing it; raise `OutputError` if not."""
    if not given or "\x00" in given:
        raise OutputError(f"{option}: expected a file name", path=repr(given))
    if through_descriptor(given):
        target = OutputTarget(option, given, given, direct=True, append=True, identity=None)
        if not os.access(given, os.W_OK):
            raise target.fail("cannot be written (closed or read-only descriptor)")
        return target
    real = os.path.realpath(given)
    draft = OutputTarget(option, given, real, direct=False, append=False, identity=None)
    try:
        info = os.stat(real)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise draft.fail(f"cannot be used: {exc.strerror or exc}") from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise draft.fail("is a directory; expected a file name")
    if info is not None and (stat.S_ISCHR(info.st_mode) or stat.S_ISFIFO(info.st_mode)):
        direct = OutputTarget(option, given, real, direct=True, append=False, identity=None)
        if not os.access(real, os.W_OK):
            raise direct.fail("cannot be written: permission denied")
        return direct
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise draft.fail("is not a regular file, character device or pipe")
    folder = os.path.dirname(real) or "."
    if not os.path.isdir(folder):
        raise draft.fail(f"cannot be written: folder {os.path.dirname(given) or folder} does not exist")
    try:  # the one reliable test (read-only mounts, ACLs, root): create a file there
        handle, probe = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(real)}.", suffix=".tmp")
        os.close(handle)
        os.unlink(probe)
    except OSError as exc:
        raise draft.fail(
            f"cannot be written: folder {os.path.dirname(given) or folder}: {exc.strerror or exc}"
        ) from None
    identity = (info.st_dev, info.st_ino) if info is not None else None
    return OutputTarget(option, given, real, direct=False, append=False, identity=identity)


def refuse_inputs(target: OutputTarget, inputs: Iterable[str | Path]) -> None:
    """Raise `OutputError` if `target` is one of `inputs` (by device and inode, so a symbolic
    or hard link to an input counts as the input). Inputs that do not exist are skipped."""
    if target.identity is None:
        return
    found = input_among({target.identity}, inputs)
    if found is not None:
        raise target.fail(f"would overwrite an input file ({found})")


def input_among(files: Collection[tuple[int, int]], inputs: Iterable[str | Path]) -> str | Path | None:
    """The first of `inputs` that is one of `files` (device and inode pairs), so a symbolic or
    hard link to an input counts as the input; inputs that do not exist are skipped."""
    for candidate in inputs:
        try:
            info = os.stat(candidate)
        except (OSError, ValueError):
            continue
        if (info.st_dev, info.st_ino) in files:
            return candidate
    return None


def batch_inputs(input_path: str) -> Iterator[Path]:
    """Every file a batch reads: a directory's text files (every name of its layout ends in
    .txt), or a manifest and the files its `*_path` keys name (lines that are not valid JSON
    are skipped: they name no file)."""
    path = Path(input_path)
    if path.is_dir():
        try:
            with os.scandir(path) as entries:
                names = [e.name for e in entries if not e.name.startswith(".") and e.name.endswith(".txt")]
        except OSError:
            return
        yield from (path / name for name in sorted(names))
        return
    if not path.is_file():
        return
    yield path
    try:
        with path.open("rb") as handle:
            while line := handle.readline(_MANIFEST_LINE_LIMIT):
                if b'_path"' in line:
                    yield from _manifest_line_paths(line, path.parent)
    except OSError:
        return


def _manifest_line_paths(line: bytes, folder: Path) -> Iterator[Path]:
    try:
        record = json.loads(line.decode("utf-8", errors="replace").removeprefix("\ufeff"))
    except ValueError:
        return
    if not isinstance(record, dict):
        return
    for key in _MANIFEST_PATH_KEYS:
        value = record.get(key)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and item and "\x00" not in item:
                yield folder / item


def write_output(target: OutputTarget, pieces: Iterable[str]) -> None:
    """Write the pieces as planned; raise `OutputError` (the target named) on failure."""
    data = (piece.encode("utf-8") for piece in pieces)
    try:
        if target.direct:
            flags = os.O_WRONLY | (os.O_APPEND if target.append else 0)
            with os.fdopen(os.open(target.path, flags), "wb") as out:
                for chunk in data:
                    out.write(chunk)
        else:
            replace_file(Path(target.path), data, private=False)
    except OSError as exc:
        raise target.fail(f"cannot be written: {exc.strerror or exc}") from None
