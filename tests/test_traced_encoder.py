"""The traced MiniLM in the cache folder: same vectors as transformers, loaded without it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from qa.cache import cache_dir, prune, write_atomic

# Run in a fresh interpreter: prints where the model came from, whether transformers was
# imported, and the vectors (sentence and token) of a few texts.
_PROBE = """
import json, sys
from qa.fidelity.encode.embed import english_encoder
encoder = english_encoder()
texts = ["The ferry to the island was cancelled on Monday.", "Rain.",
         "Prices rose by 4.2% in October, the statistics office said.", "word " * 300]
vectors = encoder.encode(texts).tolist()
tokens = [t.astype("float32").tolist() for t in encoder.token_embeddings(texts)]
print(json.dumps({"source": encoder.source, "transformers": "transformers" in sys.modules,
                  "signature": encoder.signature, "vectors": vectors, "tokens": tokens}))
"""


def _probe(cache: Path, quantize: str = "1") -> dict:
    env = {**os.environ, "QA_CACHE_DIR": str(cache), "QA_QUANTIZE": quantize}
    done = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", _PROBE], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.splitlines()[-1])


@pytest.mark.slow
def test_second_run_loads_the_trace_without_transformers_and_gives_identical_vectors(tmp_path: Path) -> None:
    first = _probe(tmp_path)
    assert first["source"] == "transformers" and first["transformers"]
    assert sorted(p.suffix for p in tmp_path.glob("minilm-*")) == [".json", ".pt"]
    second = _probe(tmp_path)
    assert second["source"] == "traced" and not second["transformers"]
    assert second["signature"] == first["signature"]
    assert second["vectors"] == first["vectors"]  # bit-identical, not merely close
    assert second["tokens"] == first["tokens"]


@pytest.mark.slow
def test_a_damaged_trace_falls_back_to_transformers_and_is_rebuilt(tmp_path: Path) -> None:
    reference = _probe(tmp_path)
    (traced,) = tmp_path.glob("minilm-*.pt")
    traced.write_bytes(traced.read_bytes()[:1000])  # truncated, as by a full disk
    fallback = _probe(tmp_path)
    assert fallback["source"] == "transformers"
    assert fallback["vectors"] == reference["vectors"]
    assert _probe(tmp_path)["source"] == "traced"


@pytest.mark.slow
def test_an_altered_trace_or_tokenizer_is_never_loaded(tmp_path: Path) -> None:
    """One byte changed in place, the length kept: the seal's digest no longer matches, so the
    file is rebuilt rather than handed to torch or tokenizers."""
    reference = _probe(tmp_path)
    for pattern in ("minilm-*.pt", "minilm-*.tokenizer.json"):
        (path,) = tmp_path.glob(pattern)
        data = bytearray(path.read_bytes())
        data[len(data) // 2] ^= 0x01
        path.write_bytes(bytes(data))
        altered = _probe(tmp_path)
        assert altered["source"] == "transformers"
        assert altered["vectors"] == reference["vectors"]
    assert _probe(tmp_path)["source"] == "traced"


@pytest.mark.slow
def test_no_cache_folder_means_transformers_every_time() -> None:
    env = {**os.environ, "QA_CACHE_DIR": "off"}
    code = "from qa.fidelity.encode.embed import english_encoder as e; e().load(); print(e().source)"
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, "-W", "ignore", "-c", code], env=env, capture_output=True, text=True
        )
        assert done.stdout.strip() == "transformers"


def test_cache_dir_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("QA_CACHE_DIR", str(tmp_path))
    assert cache_dir() == tmp_path
    monkeypatch.setenv("QA_CACHE_DIR", "off")
    assert cache_dir() is None
    monkeypatch.delenv("QA_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_dir() == tmp_path / "qa"


def test_write_atomic_replaces_whole_files_and_reports_failure(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "file.bin"
    assert write_atomic(target, b"first")
    assert write_atomic(target, b"second")
    assert target.read_bytes() == b"second"
    assert [p.name for p in target.parent.iterdir()] == ["file.bin"]  # no temporary left behind
    blocker = tmp_path / "not-a-folder"
    blocker.write_bytes(b"")
    assert not write_atomic(blocker / "file.bin", b"x")


def test_prune_keeps_the_newest_files_of_a_pattern(tmp_path: Path) -> None:
    now = time.time()
    for age, name in enumerate(["minilm-a.pt", "minilm-b.pt", "minilm-c.pt"]):
        path = tmp_path / name
        path.write_bytes(b"")
        os.utime(path, (now - age * 60, now - age * 60))
    (tmp_path / "lexicon-x.marshal").write_bytes(b"")
    prune(tmp_path, "minilm-*.pt", keep=2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lexicon-x.marshal", "minilm-a.pt", "minilm-b.pt"]


def test_a_cache_folder_others_may_write_to_is_not_used(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Cache files include pickles and TorchScript, which run code as they load: a folder any
    user can write to is refused (said once), the user's own is used, and a new one is private."""
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    monkeypatch.setenv("QA_CACHE_DIR", str(shared))
    assert cache_dir() is None and cache_dir() is None
    assert capsys.readouterr().err.count("not using the cache folder") == 1
    shared.chmod(0o755)
    assert cache_dir() == shared
    fresh = tmp_path / "fresh"
    monkeypatch.setenv("QA_CACHE_DIR", str(fresh))
    assert cache_dir() == fresh and write_atomic(fresh / "entry.bin", b"x")
    assert fresh.stat().st_mode & 0o077 == 0
