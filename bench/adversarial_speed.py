"""Time and memory of `qa` on hostile text: runs of punctuation, one gigantic sentence, tens of
thousands of tiny ones (issue 14: the splitter was quadratic, the alignment held a table of
n x m cells).

Two parts. `segment`: the sentence splitter alone, in this process, on lines of growing size
(linear time shows as a constant time per kB). `check`: the `qa check --no-model` command a
user runs, in a child process, on generated files of a given size, with the translation as
its own reference (the worst case: every sentence aligned with thousands of others); wall
time and the child's peak RSS (getrusage), with no time budget (the raw cost). Needs no
benchmark data.

    python bench/adversarial_speed.py segment [--sizes 20000,100000,200000]
    python bench/adversarial_speed.py check [--sizes 100000,250000] [--timeout 600]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def _words(rng: random.Random, count: int) -> list[str]:
    return ["".join(rng.choice("abcdefghij") for _ in range(6)) for _ in range(count)]


# size in bytes -> text of about that size
SHAPES: dict[str, Callable[[int], str]] = {
    "dots": lambda n: "." * n + "\n",
    "a. a. a.": lambda n: "a. " * (n // 3) + "\n",
    "A. A. A.": lambda n: "A. " * (n // 3) + "\n",
    "one gigantic sentence": lambda n: "The " + " ".join(_words(random.Random(0), n // 7)) + ".\n",
    "tiny sentences": lambda n: "".join(f"Ab {w}. " for w in _words(random.Random(0), n // 11)) + "\n",
    "short lines": lambda n: "Ab\n" * (n // 3),
}


def bench_segment(sizes: list[int]) -> None:
    from qa.segment import split_sentences

    print(f"{'shape':<24}{'bytes':>9}{'sentences':>11}{'seconds':>10}")
    for name, make in SHAPES.items():
        for size in sizes:
            text = make(size)
            start = time.perf_counter()
            sentences = split_sentences(text, "en")
            elapsed = time.perf_counter() - start
            print(f"{name:<24}{len(text):>9}{len(sentences):>11}{elapsed:>10.3f}")


def bench_check(sizes: list[int], timeout: float) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
    print(f"{'shape':<24}{'bytes':>9}{'exit':>6}{'seconds':>10}{'peak RSS MB':>13}")
    with tempfile.TemporaryDirectory() as folder:
        # the raw cost: no time budget (qa.toml in the working directory)
        (Path(folder) / "qa.toml").write_text("document-timeout = 0\n", encoding="utf-8")
        for name, make in SHAPES.items():
            for size in sizes:
                path = Path(folder) / "hyp.txt"
                path.write_text(make(size), encoding="utf-8")
                command = [sys.executable, "-m", "qa", "check", str(path), "--ref", str(path), "--no-model"]
                command += ["--format", "json", "--output", str(Path(folder) / "report.json")]
                code, elapsed, peak_kb = _run(command, folder, env, timeout)
                shown = f"{peak_kb / 1024:.0f}"
                print(f"{name:<24}{path.stat().st_size:>9}{code:>6}{elapsed:>10.1f}{shown:>13}", flush=True)


def _run(command: list[str], folder: str, env: dict[str, str], timeout: float) -> tuple[str, float, int]:
    """(exit status or "hang", seconds, the child's own peak RSS in kB from wait4)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            process.returncode = os.waitstatus_to_exitcode(status)
            return str(process.returncode), time.perf_counter() - start, usage.ru_maxrss
        if time.perf_counter() - start > timeout:
            process.kill()
            _, _, usage = os.wait4(process.pid, 0)
            process.returncode = -9
            return "hang", time.perf_counter() - start, usage.ru_maxrss
        time.sleep(0.05)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("part", choices=["segment", "check"])
    parser.add_argument("--sizes", help="comma-separated sizes in bytes")
    parser.add_argument(
        "--timeout", type=float, default=600.0, help="seconds before a check counts as a hang"
    )
    args = parser.parse_args()
    default = "20000,100000,200000" if args.part == "segment" else "100000,250000"
    sizes = [int(s) for s in (args.sizes or default).split(",")]
    print(f"# {platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} CPUs")
    if args.part == "segment":
        bench_segment(sizes)
    else:
        bench_check(sizes, args.timeout)


if __name__ == "__main__":
    main()
