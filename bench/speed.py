"""Speed and memory of the whole check, side by side with a plain sacrebleu chrF pass.

Documents are built from the WMT22 ru-en news system outputs in the benchmarks folder
(hypothesis, reference and Russian source per document, grouped by system and document)
until the wanted number of segments is reached; the manifest is written to bench/out/.
The check is the `qa batch` command a user runs (start-up, model loading and the JSON report
included), in a child process; the chrF pass runs in this process, on the same segments.

    python bench/speed.py [--segments N] [--jobs N] [--no-model] [--metrics bleu,chrf,ter]
    python bench/speed.py --documents 10000 [--jobs N] [--no-model]
    python bench/speed.py --tiny 100000 [--jobs N] [--no-model] [--runs 2]

`--tiny N` checks N one-segment documents, each a WMT22 ru-en MT output with its reference
and Russian source, cycling through the 9,299 outputs as often as needed (a speed and memory
bench, not a quality one: past 9,299 the same texts come back under new ids); `--tiny 9299` is
every ru-en output once, the "one-segment documents" case of issue #15.
`--runs N` repeats the whole measurement (chrF pass, timed run, sampled run) N times, each
with the load average of the machine, since the machine may be shared.

`--documents N` checks N documents of one segment each instead (the WMT22 ru-en outputs,
then the WMT22 zh-en ones, each with its reference and source): a batch of many documents,
to see that memory stays flat while they stream through. The summed PSS is then also
printed along the run (at each tenth of the samples).

Memory (Linux): the peak of the summed proportional set size (PSS) of `qa batch` and its
workers, sampled every 0.5 s (`bench/memory.py`): a page that forked workers share with their
parent counts once, split between them. The summed RSS (shared pages counted once per
process) and the largest single process are printed too. Sampling is not free (a read of
smaps_rollup walks a process's page tables, under the lock its page faults need), so the
command runs twice: the time comes from a run nobody watches, the memory from a second run,
whose time is printed beside it.

Decision rule for session 12's speed fixes (declared before the candidate was measured): a fix
is kept only if the JSON reports stay byte-identical to main's (`qa batch
corpora/example-batch.jsonl`, the kaspersky-2017 seed case with reference and source, and the
first 2,000 `--tiny` documents, with and without `--no-model`); its figures are then read from
this script, main's tree and the fix's alternated, twice each, and reported whatever they are.
The English encoder's token cache is bounded in bytes, not in texts: 64 MB of token rows a
process, a figure taken from the memory target of issue #15 (1.2 GB of peak summed PSS for
`--tiny 9299 --jobs 2`, about 1.1 GB used: two workers may add ~45 MB each), not from a run
of this script; it is kept only if that peak stays under 1.2 GB.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from memory import TreeMemory  # noqa: E402

OUT = REPO / "bench" / "out"
csv.field_size_limit(sys.maxsize)


def benchmarks_dir() -> Path:
    return Path(os.environ.get("QA_BENCHMARKS", REPO.parent / "shared" / "benchmarks"))


def wmt22_ruen() -> tuple[dict[int, dict[str, str]], list[dict[str, str]]]:
    """The WMT22 ru-en segments by line (source, reference) and the judged MT outputs; exits
    with a message when the benchmark files are absent."""
    folder = benchmarks_dir()
    seg_file, da_file = folder / "wmt22_ruen_news.segments.tsv", folder / "wmt22_ruen_news_da.tsv"
    if not seg_file.is_file() or not da_file.is_file():
        print(f"skipped: {seg_file} or {da_file} not found (set QA_BENCHMARKS)")
        raise SystemExit(0)
    with seg_file.open(encoding="utf-8") as handle:
        rows = {int(r["line"]): r for r in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)}
    with da_file.open(encoding="utf-8") as handle:
        return rows, list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def build_manifest(segments: int) -> tuple[Path, int, int]:
    """A JSONL manifest of whole documents with at least `segments` segments in all."""
    rows, judged = wmt22_ruen()
    outputs: dict[tuple[str, str], dict[int, str]] = defaultdict(dict)
    for row in judged:
        outputs[(row["system"], row["doc"])][int(row["line"])] = row["hyp"]
    OUT.mkdir(parents=True, exist_ok=True)
    manifest = OUT / f"speed-{segments}.jsonl"
    count = documents = 0
    with manifest.open("w", encoding="utf-8") as out:
        while count < segments:  # cycle through the data again if it is too small
            for (system, doc), lines in sorted(outputs.items()):
                order = sorted(lines)
                out.write(
                    json.dumps(
                        {
                            "id": f"{system}/{doc}/{documents}",
                            "hyp": "\n".join(lines[i] for i in order),
                            "ref": "\n".join(rows[i]["refA"] for i in order),
                            "src": "\n".join(rows[i]["source"] for i in order),
                            "src_lang": "ru",
                        },
                        ensure_ascii=False,
                    )
                    + "\n"
                )
                count += len(order)
                documents += 1
                if count >= segments:
                    break
    return manifest, documents, count


def build_document_manifest(documents: int) -> tuple[Path, int, int]:
    """A JSONL manifest of `documents` one-segment documents, every one a different MT output."""
    folder = benchmarks_dir()
    needed = [
        folder / name
        for name in (
            "wmt22_ruen_news.segments.tsv",
            "wmt22_ruen_news_da.tsv",
            "wmt22_zhen_news.segments.tsv",
            "wmt22_zhen_news_mqm_metrics.tsv",
        )
    ]
    missing = [str(path) for path in needed if not path.is_file()]
    if missing:
        print(f"skipped: {', '.join(missing)} not found (set QA_BENCHMARKS)")
        raise SystemExit(0)

    def read(path: Path) -> list[dict[str, str]]:
        with path.open(encoding="utf-8") as handle:
            return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))

    pools = []
    for segments_file, outputs_file, lang in ((needed[0], needed[1], "ru"), (needed[2], needed[3], "zh")):
        sources = {int(r["line"]): r for r in read(segments_file)}
        pools.append([(row, sources[int(row["line"])], lang) for row in read(outputs_file)])
    available = pools[0] + pools[1]
    if documents > len(available):
        raise SystemExit(f"--documents {documents}: the data has {len(available)} different outputs")
    OUT.mkdir(parents=True, exist_ok=True)
    manifest = OUT / f"speed-documents-{documents}.jsonl"
    with manifest.open("w", encoding="utf-8") as out:
        for number, (row, source, lang) in enumerate(available[:documents]):
            record = {
                "id": f"{row['system']}/{row['doc']}/{row['line']}/{number}",
                "hyp": row["hyp"],
                "ref": source["refA"],
                "src": source["source"],
                "src_lang": lang,
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return manifest, documents, documents


def build_tiny_manifest(documents: int) -> tuple[Path, int, int]:
    """A JSONL manifest of `documents` one-segment WMT22 ru-en documents (cycled past 9,299)."""
    sources, outputs = wmt22_ruen()
    OUT.mkdir(parents=True, exist_ok=True)
    manifest = OUT / f"speed-tiny-{documents}.jsonl"
    with manifest.open("w", encoding="utf-8") as out:
        for number in range(documents):
            row = outputs[number % len(outputs)]
            source = sources[int(row["line"])]
            record = {
                "id": f"{row['system']}/{row['doc']}/{row['line']}/{number}",
                "hyp": row["hyp"],
                "ref": source["refA"],
                "src": source["source"],
                "src_lang": "ru",
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return manifest, documents, documents


def load_average() -> str:
    """The 1-, 5- and 15-minute load averages, for the record (the machine may be shared)."""
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def chrf_pass(manifest: Path) -> float:
    """Seconds for sacrebleu's sentence chrF over every line plus a corpus chrF."""
    from sacrebleu.metrics import CHRF

    start = time.perf_counter()
    chrf = CHRF(word_order=2)
    hyps: list[str] = []
    refs: list[str] = []
    with manifest.open(encoding="utf-8") as handle:
        for line in handle:
            doc = json.loads(line)
            hyps.extend(doc["hyp"].split("\n"))
            refs.extend(doc["ref"].split("\n"))
    for hyp, ref in zip(hyps, refs, strict=True):
        chrf.sentence_score(hyp, [ref])
    chrf.corpus_score(hyps, [refs])
    return time.perf_counter() - start


def _wait(process: subprocess.Popen[bytes]) -> tuple[int, float]:
    """The exit code and the CPU seconds of the process and the workers it waited for."""
    if not hasattr(os, "wait4"):
        return process.wait(), float("nan")
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return process.returncode, usage.ru_utime + usage.ru_stime


def full_pass(
    manifest: Path, jobs: int, no_model: bool, metrics: tuple[str, ...], sample_memory: bool
) -> tuple[float, float, int, TreeMemory | None]:
    """Seconds for `qa batch` on the manifest, the CPU seconds of it and its workers, its
    document errors, and its memory if sampled."""
    report = OUT / "speed-report.json"
    # This checkout's code, whatever the environment's `qa` script imports.
    command = [sys.executable, "-m", "qa", "batch", str(manifest), "--jobs", str(jobs)]
    command += ["--format", "json", "--output", str(report), "--metrics", ",".join(metrics)]
    if no_model:
        command.append("--no-model")
    report.unlink(missing_ok=True)
    start = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, env=env, cwd=REPO)
    memory = None
    if sample_memory:
        # a sample reads smaps_rollup of every process, about 50 ms of CPU for three
        with TreeMemory(root=process.pid, interval=0.5) as memory:
            code, cpu = _wait(process)
    else:
        code, cpu = _wait(process)
    seconds = time.perf_counter() - start
    if code not in (0, 1):
        raise SystemExit(f"qa batch exited with {code}")
    summary = json.loads(report.read_text(encoding="utf-8"))["summary"]
    return seconds, cpu, summary["errors"], memory


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=1000)
    parser.add_argument("--documents", type=int, help="N one-segment documents instead of --segments")
    parser.add_argument("--tiny", type=int, help="N one-segment ru-en documents, cycled (up to any N)")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--no-model", action="store_true")
    parser.add_argument("--metrics", default="bleu,chrf,ter", help="sacrebleu scores (default: all three)")
    parser.add_argument("--runs", type=int, default=1, help="repeat the whole measurement N times")
    args = parser.parse_args()
    if args.tiny:
        manifest, documents, segments = build_tiny_manifest(args.tiny)
        data = "one-segment WMT22 ru-en documents, outputs cycled"
    elif args.documents:
        manifest, documents, segments = build_document_manifest(args.documents)
        data = "WMT22 ru-en + zh-en news outputs"
    else:
        manifest, documents, segments = build_manifest(args.segments)
        data = "WMT22 ru-en news outputs"
    metrics = tuple(m for m in args.metrics.split(",") if m)
    mode = "no-model" if args.no_model else "full (all rules, fidelity on)"
    mode += f", metrics {','.join(metrics)}"
    print(f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, {platform.machine()}")
    print(f"data: {documents} documents, {segments} segments ({data}), jobs={args.jobs}, {mode}")
    for run in range(1, args.runs + 1):
        if args.runs > 1:
            print(f"-- run {run} of {args.runs}")
        print(f"load average before: {load_average()}")
        chrf_seconds = chrf_pass(manifest)
        chrf_rate = segments / chrf_seconds
        print(f"sacrebleu chrF pass: {chrf_seconds:.2f} s ({chrf_rate:.0f} segments/s)", flush=True)
        seconds, cpu, errors, _ = full_pass(manifest, args.jobs, args.no_model, metrics, sample_memory=False)
        print(
            f"qa check pass:       {seconds:.2f} s ({segments / seconds:.1f} segments/s, "
            f"{documents / seconds:.2f} documents/s), {errors} document error(s); "
            f"load average after it {load_average()}"
        )
        # On a shared machine the wall time says how busy it was; the CPU time of qa and its
        # workers does not (much): documents per CPU second times the jobs is the rate the
        # run would have on as many idle cores, if nothing else limited it.
        print(
            f"qa CPU time:         {cpu:.1f} s, qa and its workers "
            f"({cpu * 1000 / documents:.2f} ms a document; "
            f"{documents / cpu * args.jobs:.0f} documents/s on {args.jobs} idle core(s))"
        )
        print(f"ratio qa/chrF time:  {seconds / chrf_seconds:.1f}x", flush=True)
        memory_seconds, _, _, memory = full_pass(
            manifest, args.jobs, args.no_model, metrics, sample_memory=True
        )
        if memory is not None and memory.available:
            print(
                f"peak memory:         {memory.peak_pss_mb:.0f} MB PSS summed over qa and its workers "
                f"({memory.peak_rss_mb:.0f} MB summed RSS, "
                f"largest process {memory.largest_process_mb:.0f} MB; "
                f"second run, sampled, {segments / memory_seconds:.1f} segments/s)"
            )
            if args.documents or args.tiny:
                timeline = memory.timeline_mb
                tenths = [timeline[min(len(timeline) - 1, len(timeline) * k // 10)] for k in range(1, 11)]
                print("PSS along the run:   " + " ".join(f"{mb:.0f}" for mb in tenths) + " MB (each tenth)")
        else:
            print("peak memory:         not sampled (needs Linux /proc)")
        print(f"load average after:  {load_average()}")


if __name__ == "__main__":
    main()
