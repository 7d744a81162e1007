"""Latency of one `qa check` as an editor runs it: the seed article, cold and warm.

Each run is `python -m qa check` in a child process (interpreter start, imports, model loading,
the check and the JSON report all counted), timed from spawn to exit. Modes:

- cold: a fresh, empty cache folder (QA_CACHE_DIR) for every run, so the run builds every
  cache a first run on a machine builds (lexicon stores, traced encoder, ...). The operating
  system's file cache is not dropped (that needs root): a first run after a reboot is slower.
- warm: one cache folder, filled by an untimed first run, then every run reuses it: the
  same article checked again (its sentences' vectors come from the vector store, so no model
  is loaded).
- edited: the warm cache, but each run checks a copy of the article with one sentence changed
  (a different word each run), as an editor re-checks after a fix: the changed sentence needs
  the encoders, so they are loaded.

Inputs (`--inputs`): "src" is the seed article with its Russian source (the issue's target:
<= 3 s warm), "ref+src" adds the reference, "ref" the reference alone.

    python bench/check_latency.py [--repeat 5] [--inputs src,ref+src] [--modes cold,warm,edited]

Prints one line per (inputs, mode) with the median, min and max wall time in seconds, and the
command it timed. The seed article is in corpora/, so nothing from ../shared is needed.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "corpora" / "kaspersky-2017"
HYP = SEED / "kaspersky-2017.hyp.txt"
INPUTS = {
    "src": ["--src", str(SEED / "kaspersky-2017.src.ru.txt"), "--src-lang", "ru"],
    "ref": ["--ref", str(SEED / "kaspersky-2017.ref.txt")],
    "ref+src": [
        "--ref",
        str(SEED / "kaspersky-2017.ref.txt"),
        "--src",
        str(SEED / "kaspersky-2017.src.ru.txt"),
        "--src-lang",
        "ru",
    ],
}


def command(inputs: str, hyp: Path = HYP) -> list[str]:
    return [sys.executable, "-m", "qa", "check", str(hyp), *INPUTS[inputs], "-f", "json", "-o", os.devnull]


def edited_copy(folder: Path, run: int) -> Path:
    """The article with one sentence changed by a word no other run uses."""
    text = HYP.read_text(encoding="utf-8")
    changed = text.replace("calling it baseless", f"calling it baseless (edit {run})", 1)
    assert changed != text
    path = folder / f"edited-{run}.hyp.txt"
    path.write_text(changed, encoding="utf-8")
    return path


def timed(args: list[str], cache: Path) -> float:
    """Seconds from spawn to exit; the exit code must be the gate's (0 or 1), not an error."""
    env = {**os.environ, "QA_CACHE_DIR": str(cache), "PYTHONPATH": str(REPO)}
    start = time.perf_counter()
    done = subprocess.run(args, env=env, cwd=REPO, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"qa check failed ({done.returncode}): {done.stderr.strip()}")
    return elapsed


def measure(inputs: str, mode: str, repeat: int) -> list[float]:
    args = command(inputs)
    times = []
    with tempfile.TemporaryDirectory(prefix="qa-latency-") as folder:
        if mode in ("warm", "edited"):
            timed(args, Path(folder) / "cache")  # fills the cache; not counted
        for run in range(repeat):
            cache = Path(folder) / (f"cold-{run}" if mode == "cold" else "cache")
            run_args = command(inputs, edited_copy(Path(folder), run)) if mode == "edited" else args
            times.append(timed(run_args, cache))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--inputs", default="src,ref+src")
    parser.add_argument("--modes", default="cold,warm,edited")
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    print(f"load average at start: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    for inputs in args.inputs.split(","):
        for mode in args.modes.split(","):
            times = measure(inputs, mode, args.repeat)
            shown = " ".join(Path(a).name if "/" in a else a for a in command(inputs)[1:])
            print(
                f"{inputs:8} {mode:5} median {statistics.median(times):5.2f} s  "
                f"min {min(times):5.2f}  max {max(times):5.2f}  (n={len(times)})  python {shown}"
            )
    print(f"load average at end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
