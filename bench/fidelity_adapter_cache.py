"""Cache the e5 hidden states that enter the encoder's top layers, for adapter training (bench only).

    nice -n 19 python bench/fidelity_adapter_cache.py                    # every training set
    nice -n 19 python bench/fidelity_adapter_cache.py nt2020_zhen        # only the named set(s)

Tuning the top K layers of multilingual-e5-small (a low-rank adapter, `fidelity_adapter.py`)
needs, per text, the states entering layer 12 - K; the frozen lower layers then never run
again during training. This runs the checker's own encoder (`MultilingualEncoder`, 4-bit
weights, row-wise int8 linear layers) up to layer `FIRST_TUNED` and keeps every position of
the sequence (<s>, "passage: ", the text, </s>; float16) in $QA_TRAIN_CACHE (default
~/.cache/qa-train), one file per data set, keyed by the encoder's signature and the layer.
A synthetic set stores only the texts its year's file lacks. Training-year sets only:
WMT22 is never needed for training.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fidelity_e5 import cache_dir, texts_of, training_sets

FIRST_TUNED = 10  # states entering layer 10 of 12: K = 1 or 2 layers can be tuned from them
_BATCH_TOKENS = 4096


def cache_path(name: str) -> Path:
    return cache_dir() / f"e5_in{FIRST_TUNED}_{name}.npz"


def cache_key() -> str:
    from qa.fidelity.encode.e5 import multilingual_encoder

    return f"{multilingual_encoder().signature}|in{FIRST_TUNED}"


@dataclass
class LowerStates:
    """Full-sequence states entering layer FIRST_TUNED, per text."""

    index: dict[str, int]
    offsets: np.ndarray  # (n + 1,)
    states: np.ndarray  # (total positions, 384) float16

    def get(self, text: str) -> np.ndarray:
        k = self.index[text]
        return self.states[self.offsets[k] : self.offsets[k + 1]]


def read(name: str) -> LowerStates | None:
    path = cache_path(name)
    if not path.is_file():
        return None
    with np.load(path, allow_pickle=False) as cached:
        if str(cached["key"]) != cache_key():
            return None
        texts = [str(t) for t in cached["texts"]]
        return LowerStates({t: k for k, t in enumerate(texts)}, cached["offsets"], cached["states"])


def lower_states(texts: list[str], verbose: str = "") -> list[np.ndarray]:
    """States entering layer FIRST_TUNED for each text (batched by equal length, no padding)."""
    import torch

    from qa.fidelity.encode.e5 import multilingual_encoder
    from qa.fidelity.encode.embed import equal_length_batches

    encoder = multilingual_encoder()
    encoder.load()
    model, tokenizer = encoder._model, encoder._tokenizer
    assert tokenizer is not None
    encoded = [tokenizer.encode(t) for t in texts]
    out: list[np.ndarray | None] = [None] * len(texts)
    started, done = time.perf_counter(), 0
    for length, chunk in equal_length_batches(encoded, _BATCH_TOKENS):
        ids = torch.tensor([encoded[i] for i in chunk], dtype=torch.long)
        with torch.inference_mode():
            x = model.eln(model.embed(ids) + model.pos[:length] + model.token_type)
            for layer in model.layers[:FIRST_TUNED]:
                x = layer(x)
        for row, index in enumerate(chunk):
            out[index] = x[row].numpy().astype(np.float16)
        done += len(chunk)
        if verbose and done % 2000 < len(chunk):
            print(f"  {verbose}: {done}/{len(texts)}, {time.perf_counter() - started:.0f} s", flush=True)
    return [o for o in out if o is not None]


def build(name: str, items: list) -> None:
    texts = texts_of(items)
    if name.startswith("syn"):
        year = read(name.replace("syn", "nt", 1))
        assert year is not None, "cache the year's set first"
        texts = [t for t in texts if t not in year.index]
    known = read(name)
    if known is not None and all(t in known.index for t in texts):
        print(f"{name}: cached")
        return
    started = time.perf_counter()
    rows = lower_states(texts, name)
    np.savez(
        cache_path(name),
        key=np.array(cache_key()),
        texts=np.array(texts),
        offsets=np.concatenate([[0], np.cumsum([len(r) for r in rows])]).astype(np.int64),
        states=np.concatenate(rows),
    )
    size = cache_path(name).stat().st_size / 1e6
    print(f"{name}: {len(texts)} texts, {size:.0f} MB, {time.perf_counter() - started:.0f} s", flush=True)


def main() -> int:
    wanted = sys.argv[1:]
    sets = training_sets()
    order = [n for n in sets if not n.startswith("syn")] + [n for n in sets if n.startswith("syn")]
    for name in order:
        if wanted and name not in wanted:
            continue
        build(name, sets[name])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
