"""The per-document time budget where the check runs off the main thread: `qa batch
--scheduler local:1` (a Dask task runs on a worker thread) and `qa serve` (one checking
thread). Before session 13 neither had a budget (SIGALRM needs the main thread); the fuzz work
found 240 kB sources, linear but slow, that held a worker or the serve thread 90-120 s.

Two such documents, generated here (no benchmark data): a Chinese source of one name repeated
(jieba's part-of-speech pass) against a one-line translation, and a 120,000-character
one-sentence Russian source against a 239 kB translation. Each is checked alone (`--no-model`)
with the given budget; printed: the wall time, and the outcome (the document's status, or the
HTTP status). With `--timeout 0` the raw cost (what main's code spends there). Decision rule
(nothing is tuned): the budget holds if each over-budget document ends within the budget plus
5 s and is an error entry / a 422, and a document within the budget is checked as before.

    python bench/budget_off_main.py [--timeout 20] [--paths dask,serve]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

SHORT = "Minister Nikolai Nikiforov visited the plant on Monday and met its workers there."


def documents() -> dict[str, dict[str, str]]:
    """The two slow shapes, and a plain document that must stay checked."""
    zh_source = "尼古拉·尼基福罗夫，" * 8000  # 240,000 bytes
    clause = "и министр Николай Никифоров поехал в Москву, "
    ru_source = (clause * (120_000 // len(clause) + 1))[:120_000].rstrip(", ") + "."
    en_clause = "and minister Nikolai Nikiforov went to Moscow, "
    translation = (en_clause * (239_000 // len(en_clause) + 1))[:239_000].rstrip(", ") + "."
    return {
        "zh-names": {"id": "zh-names", "hyp": SHORT, "src": zh_source, "src_lang": "zh"},
        "ru-sentence": {"id": "ru-sentence", "hyp": translation, "src": ru_source, "src_lang": "ru"},
        "plain": {
            "id": "plain",
            "hyp": SHORT,
            "src": "Министр Николай Никифоров в понедельник посетил завод и встретился с рабочими.",
            "src_lang": "ru",
        },
    }


def on_dask(doc: dict[str, str], timeout: float) -> tuple[float, str]:
    with tempfile.TemporaryDirectory() as tmp:
        manifest = Path(tmp) / "m.jsonl"
        record = {"id": doc["id"], "src_lang": doc["src_lang"]}
        for key in ("hyp", "src"):  # files: a manifest line holds at most 250 kB
            (Path(tmp) / f"{key}.txt").write_text(doc[key], encoding="utf-8")
            record[f"{key}_path"] = f"{key}.txt"
        manifest.write_text(json.dumps(record) + "\n", encoding="utf-8")
        out = Path(tmp) / "r.json"
        command = [sys.executable, "-m", "qa", "batch", str(manifest), "--no-model", "-f", "json"]
        command += ["-o", str(out), "--timeout", f"{timeout:g}", "--scheduler", "local:1"]
        started = time.perf_counter()
        subprocess.run(command, cwd=REPO, capture_output=True, check=False)
        seconds = time.perf_counter() - started
        entry = json.loads(out.read_text(encoding="utf-8"))["documents"][0]
        return seconds, entry["status"]


def on_serve(doc: dict[str, str], timeout: float) -> tuple[float, str]:
    from starlette.testclient import TestClient

    from qa.config import Config
    from qa.serve.app import build_app
    from qa.serve.service import CheckService

    service = CheckService(Config(no_model=True, document_timeout=timeout))
    body = {key: value for key, value in doc.items() if key != "id"}
    with TestClient(build_app(service), base_url="http://127.0.0.1", raise_server_exceptions=False) as client:
        warm = client.post(
            "/v1/check", json={"hyp": SHORT, "src": documents()["plain"]["src"], "src_lang": "ru"}
        )
        assert warm.status_code == 200
        started = time.perf_counter()
        answer = client.post("/v1/check", json=body)
        seconds = time.perf_counter() - started
    service.close()
    outcome = str(answer.status_code)
    if answer.status_code != 200:
        outcome += " " + answer.json()["error"]["message"][:60]
    return seconds, outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=20.0)
    parser.add_argument("--paths", default="dask,serve")
    parser.add_argument("--documents", default="zh-names,ru-sentence,plain")
    args = parser.parse_args()
    docs = documents()
    runners = {"dask": on_dask, "serve": on_serve}
    for path in args.paths.split(","):
        for name in args.documents.split(","):
            seconds, outcome = runners[path](docs[name], args.timeout)
            print(f"{path}\t{name}\ttimeout={args.timeout:g}\t{seconds:.1f} s\t{outcome}", flush=True)


if __name__ == "__main__":
    main()
