"""`qa serve` speed: cold start, warm latency on the seed article, 200 concurrent API requests.

The server is the `qa serve` command a user runs, in a child process on a free loopback port;
this script is its client (standard library only: urllib and a bounded thread pool).

- cold start: from starting the process to the first 200 from /healthz (imports, model
  loading and the warm-up check, which happen before the server listens);
- warm: the seed article (corpora/kaspersky-2017: translation, reference, Russian source)
  through POST /v1/check and through the page's POST /ui/check. "First" is its first check
  on the warm server (models loaded, its sentences never seen); "repeat" checks the same
  texts again (the encoders' embedding caches hold them); "edited" changes every sentence
  of the translation (a new word in each) with the same source and reference, as an editor
  re-checking a revised translation would;
- concurrency: 200 requests of the seed article sent by `--clients` threads at a time (a
  bounded loop); every one must answer 200 with byte-identical reports.

    python bench/serve.py [--clients 16] [--requests 200] [--repeats 5]

Needs only the repository (no ../shared data). Latency is the client's wall time per request;
the server's own check time (its Server-Timing header) is printed beside it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "corpora" / "kaspersky-2017" / "kaspersky-2017"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def post(base: str, path: str, body: dict[str, Any]) -> tuple[int, bytes, float, float]:
    """(status, body, client seconds, server check seconds)."""
    data = json.dumps(body).encode()
    request = urllib.request.Request(base + path, data, {"Content-Type": "application/json"})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=300) as response:
            payload, status, timing = (
                response.read(),
                response.status,
                response.headers.get("Server-Timing", ""),
            )
    except urllib.error.HTTPError as exc:
        payload, status, timing = exc.read(), exc.code, ""
    elapsed = time.perf_counter() - started
    match = re.search(r"dur=([0-9.]+)", timing)
    return status, payload, elapsed, float(match.group(1)) / 1000 if match else float("nan")


def seed_body(edit: int | None = None) -> dict[str, Any]:
    hyp = SEED.with_suffix(".hyp.txt").read_text(encoding="utf-8")
    if edit is not None:  # a new word in every sentence: nothing of the translation is cached
        hyp = re.sub(r"\.(\s)", rf". Indeed{edit},\1", hyp)
    return {
        "id": "kaspersky-2017",
        "hyp": hyp,
        "ref": SEED.with_suffix(".ref.txt").read_text(encoding="utf-8"),
        "src": SEED.with_suffix(".src.ru.txt").read_text(encoding="utf-8"),
        "src_lang": "ru",
    }


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def show(label: str, samples: list[tuple[float, float]]) -> None:
    client = [c for c, _ in samples]
    server = [s for _, s in samples]
    print(
        f"{label:<34} n={len(samples):<3} client median {statistics.median(client):.3f} s, "
        f"max {max(client):.3f} s; server check median {statistics.median(server):.3f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=16, help="requests in flight at once")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    started = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "-m", "qa", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        while True:
            if server.poll() is not None:
                raise SystemExit(
                    f"qa serve exited ({server.returncode}): {server.stderr.read() if server.stderr else ''}"
                )
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=1) as response:
                    health = json.load(response)
                break
            except OSError:
                time.sleep(0.05)
        cold = time.perf_counter() - started
        print(
            f"cold start (process start to first /healthz): {cold:.2f} s "
            f"(of which the warm-up check {health['warm_seconds']:.2f} s)"
        )

        status, first, elapsed, check = post(base, "/v1/check", seed_body())
        assert status == 200, first[:300]
        rules = sorted(f["rule"] for f in json.loads(first)["documents"][0]["findings"])
        print(
            f"seed article, first check (warm models, unseen text): client {elapsed:.3f} s, "
            f"server check {check:.3f} s; findings {rules}"
        )
        repeat = [post(base, "/v1/check", seed_body())[2:] for _ in range(args.repeats)]
        show("seed article, /v1/check, repeat", repeat)
        page = [post(base, "/ui/check", seed_body())[2:] for _ in range(args.repeats)]
        show("seed article, /ui/check, repeat", page)
        edited = [post(base, "/v1/check", seed_body(edit=i))[2:] for i in range(args.repeats)]
        show("seed article edited, /v1/check", edited)
        edited_page = [post(base, "/ui/check", seed_body(edit=100 + i))[2:] for i in range(args.repeats)]
        show("seed article edited, /ui/check", edited_page)

        body = seed_body()
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.clients) as pool:
            results = list(pool.map(lambda _: post(base, "/v1/check", body), range(args.requests)))
        wall = time.perf_counter() - started
        statuses = sorted({r[0] for r in results})
        digests = {hashlib.sha256(r[1]).hexdigest() for r in results}
        latencies = sorted(r[2] for r in results)
        same = digests == {hashlib.sha256(first).hexdigest()}
        p50, p95 = latencies[len(latencies) // 2], latencies[int(len(latencies) * 0.95) - 1]
        print(
            f"{args.requests} requests, {args.clients} at a time: {wall:.2f} s wall, "
            f"{args.requests / wall:.1f} requests/s; statuses {statuses}; "
            f"distinct reports {len(digests)} (same as the first: {same}); "
            f"latency p50 {p50:.3f} s, p95 {p95:.3f} s, "
            f"max {latencies[-1]:.3f} s"
        )
        print(f"server RSS after the run: {rss_mb(server.pid):.0f} MB")
        if statuses != [200] or len(digests) != 1:
            raise SystemExit("FAILED: an error or differing reports under concurrency")
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


if __name__ == "__main__":
    main()
