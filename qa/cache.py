"""The user's cache folder: files that are pure functions of installed data and code.

Each file's name carries a digest of everything it was built from, so a change to any of
it builds a new file and an old one is never read by mistake. QA_CACHE_DIR moves the folder;
QA_CACHE_DIR=off turns caching off (every run then builds what it needs in memory).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable, Sequence
from importlib import import_module
from pathlib import Path

_UMASK = os.umask(0o022)  # reading the umask means setting it: put it straight back
os.umask(_UMASK)


def cache_dir() -> Path | None:
    """The folder, or None when caching is off or the folder is not the user's own."""
    configured = os.environ.get("QA_CACHE_DIR")
    if configured is not None:
        if configured.strip().lower() in ("", "0", "off", "none"):
            return None
        folder = Path(configured)
    else:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        folder = Path(base) / "qa"
    return folder if _trusted(folder) else None


_REFUSED: set[str] = set()


def _trusted(folder: Path) -> bool:
    """Whether cache files may be read from `folder`: some are pickles and TorchScript, which
    run code as they load, so a folder another user owns or anyone may write to is not used
    (said once on stderr). A folder not there yet is created by the first write."""
    reason = untrusted(folder)
    if reason is None:
        return True
    if str(folder) not in _REFUSED:
        _REFUSED.add(str(folder))
        sys.stderr.write(f"qa: not using the cache folder {folder}: {reason}; nothing is cached\n")
    return False


def untrusted(folder: Path) -> str | None:
    """Why files that run code as they load (pickles, traces) must not be read from `folder`:
    it belongs to another user, or any user may write to it; None when it is the user's own
    (or not there yet, or the system has no owners to compare)."""
    getuid = getattr(os, "geteuid", None)
    try:
        status = folder.stat()
    except OSError:
        return None
    if getuid is None:  # Windows: the folder's ACLs decide
        return None
    if status.st_uid != getuid():
        return "it belongs to another user"
    if status.st_mode & stat.S_IWOTH:
        return "any user may write to it"
    return None


def digest(parts: object, distributions: Sequence[str] = (), modules: Sequence[str] = ()) -> str:
    """A short hex digest of what a cache entry is a pure function of: `parts` (by repr), the
    installed versions of `distributions` and the source text of our `modules`."""
    from importlib import metadata

    versions = []
    for distribution in distributions:
        try:
            versions.append(f"{distribution}={metadata.version(distribution)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{distribution}=?")
    hashed = hashlib.sha256(repr((parts, versions)).encode())
    for module in modules:
        hashed.update(Path(import_module(module).__file__ or "").read_bytes())
    return hashed.hexdigest()[:32]


def replace_file(path: Path, data: bytes | Iterable[bytes], private: bool = True) -> None:
    """Write `data` (or its pieces, in order) to a temporary file beside `path`, then rename it
    over `path`: a reader (or a crash) never sees half a file. Raises OSError; leaves no
    temporary behind.
    `private=False` gives the file the permissions an ordinary write would (the umask's),
    not the owner-only ones of a temporary file: a report other users or jobs may read."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            for piece in [data] if isinstance(data, bytes) else data:
                out.write(piece)
        if not private:
            os.chmod(temporary, 0o666 & ~_UMASK)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_atomic(path: Path, data: bytes) -> bool:
    """`replace_file` for a cache entry, its folder created. False when it could not be
    written: a read-only or full disk only costs the next run the build."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        replace_file(path, data)
    except OSError:
        return False
    return True


_SEAL = b"sha256:"


def sealed(data: bytes) -> bytes:
    """`data` behind a first line holding its SHA-256, for `unsealed` to check on reading: a
    cache file whose content was altered or zeroed must be rebuilt, not read."""
    return _SEAL + hashlib.sha256(data).hexdigest().encode("ascii") + b"\n" + data


def unsealed(raw: bytes) -> bytes | None:
    """The data of a `sealed` file, or None when its digest does not match (or it has none)."""
    head, newline, data = raw.partition(b"\n")
    if not newline or not head.startswith(_SEAL):
        return None
    return data if hashlib.sha256(data).hexdigest().encode("ascii") == head[len(_SEAL) :] else None


def write_folder_atomic(folder: Path, write: Callable[[Path], None]) -> bool:
    """Run `write` on a temporary folder beside `folder`, then rename it into place, so a reader
    never sees half a folder. False when it could not be written (read-only or full disk, or
    another process got there first): the caller then keeps what it built in memory."""
    try:
        folder.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        temporary = Path(tempfile.mkdtemp(dir=folder.parent, prefix=folder.name, suffix=".tmp"))
    except OSError:
        return False
    try:
        write(temporary)
        os.replace(temporary, folder)
        return True
    except OSError:
        return False
    finally:
        if temporary.exists():
            shutil.rmtree(temporary, ignore_errors=True)


def prune(folder: Path, pattern: str, keep: int) -> None:
    """Delete all but the `keep` most recently written files or folders matching `pattern`:
    large cache entries of older versions would otherwise pile up with every upgrade."""
    try:
        entries = sorted(folder.glob(pattern), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    except OSError:
        return
    for stale in entries[keep:]:
        if stale.is_dir():
            shutil.rmtree(stale, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                stale.unlink()
