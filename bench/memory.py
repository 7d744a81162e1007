"""Peak memory of a process tree, sampled: what a batch with worker processes really holds.

`getrusage` gives the largest single process, and adding up each process's own peak counts
the shared libraries (torch alone maps hundreds of MB) once per process. On Linux this samples
the proportional set size (PSS: a shared page is split between the processes that map it) and
the RSS of this process and all its descendants every 0.1 s, and keeps the largest sums.
Elsewhere it reports nothing and the caller falls back to getrusage.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

PROC = Path("/proc")


def _children_of() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # the command name is in parentheses and may contain spaces: split after the last ")"
        fields = stat[stat.rfind(")") + 2 :].split()
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    return children


def _tree(root: int) -> list[int]:
    children = _children_of()
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


def _rss_pss_kb(pid: int) -> tuple[int, int]:
    """(Rss, Pss) of a process in kB, from one read of its smaps_rollup; (0, 0) if it is gone."""
    values = {"Rss:": 0, "Pss:": 0}
    try:
        for line in (PROC / str(pid) / "smaps_rollup").read_text().splitlines():
            key = line.split(maxsplit=1)[0] if line else ""
            if key in values:
                values[key] = int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return values["Rss:"], values["Pss:"]


class TreeMemory:
    """Context manager: peak summed PSS and RSS (MB) of a process (default: this one) and its
    descendants."""

    def __init__(self, root: int | None = None, interval: float = 0.1) -> None:
        self.root = root or os.getpid()
        self.interval = interval
        self.peak_pss_mb = 0.0
        self.peak_rss_mb = 0.0
        self.largest_process_mb = 0.0
        self.timeline_mb: list[float] = []  # summed PSS of every sample, in order
        self.available = (PROC / str(os.getpid()) / "smaps_rollup").exists()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        pss = rss = 0
        for pid in _tree(self.root):
            process_rss, process_pss = _rss_pss_kb(pid)
            pss += process_pss
            rss += process_rss
            self.largest_process_mb = max(self.largest_process_mb, process_rss / 1024)
        self.timeline_mb.append(pss / 1024)
        self.peak_pss_mb = max(self.peak_pss_mb, pss / 1024)
        self.peak_rss_mb = max(self.peak_rss_mb, rss / 1024)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample()

    def __enter__(self) -> TreeMemory:
        if self.available:
            self._sample()
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.available:
            self._stop.set()
            self._thread.join()
            self._sample()
