"""Which layer of the multilingual encoder ranks translations of one source? Zero-shot, training years.

    QA_BENCHMARKS=<benchmarks> nice -n 10 python bench/fidelity_layers.py nt2021 wmt21 nt2020

Issue #13 asks for a source-only score that ranks the systems' translations of one source
segment (grouped Kendall >= 0.12 on WMT22 zh-en MQM). Every trained variant so far reads the
encoder's last layer (est-1, est-2, the combinations; sessions 6-7 tuned the top two layers)
and reached 0.01-0.04 there. Cross-lingual alignment is known to sit in the middle layers of
multilingual encoders, so before training anything more: does any layer of
multilingual-e5-small (the checker's own int8 encoder, `qa.fidelity.encode.e5`) carry that
signal as it is?

Per item and per layer (0 = the embeddings, 12 = the output the estimator reads), with the
content token states L2-normalised as the estimator normalises them: greedy token precision,
recall and F1 (BERTScore's matching) of the hypothesis against the reference and against the
source, and the cosine of the mean-pooled states (e5's pooling, prefix and markers included).
Printed: grouped Kendall (`fidelity_combine.grouped_kendall_fast`) of each against the human
score. Nothing is fitted or chosen here, and WMT22 is never read.

Sets: `nt2021` (newstest2021 zh-en MQM, every item), `wmt21` (the WMT21 ru-en DA dev
documents of `fidelity_combine`), `nt2020` (newstest2020 zh-en MQM, one source line in 3).
"""

from __future__ import annotations

import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fidelity_combine import grouped_kendall_fast, wmt21_dev_items
from fidelity_common import Item, load_mqm_train

SIDES = ("ref", "src")
KINDS = ("P", "R", "F", "cos")


def layer_states(encoder, texts: list[str]) -> list[list[tuple[np.ndarray, np.ndarray]]]:
    """Per text, per layer: (normalised mean-pooled vector, normalised content token states).
    Texts are batched by token length, as the encoder batches them (no padding)."""
    import torch

    from qa.fidelity.encode.embed import equal_length_batches

    model, tokenizer = encoder._model, encoder._tokenizer
    skip = 1 + tokenizer.prefix_length
    encoded = [tokenizer.encode(t) for t in texts]
    out: list[list[tuple[np.ndarray, np.ndarray]]] = [[] for _ in texts]
    for length, chunk in equal_length_batches(encoded, 4096):
        ids = torch.tensor([encoded[i] for i in chunk], dtype=torch.long)
        with torch.inference_mode():
            x = model.eln(model.embed(ids) + model.pos[:length] + model.token_type)
            states = [x]
            for layer in model.layers:
                x = layer(x)
                states.append(x)
        for row, index in enumerate(chunk):
            out[index] = [
                (
                    torch.nn.functional.normalize(h[row].mean(0), dim=-1).numpy(),
                    torch.nn.functional.normalize(h[row, skip : length - 1], dim=-1).numpy(),
                )
                for h in states
            ]
    return out


def greedy(hyp: np.ndarray, other: np.ndarray) -> tuple[float, float, float]:
    """BERTScore-style greedy matching of two sets of normalised token states."""
    if not len(hyp) or not len(other):
        return 0.0, 0.0, 0.0
    sim = hyp @ other.T
    p, r = float(sim.max(1).mean()), float(sim.max(0).mean())
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def scan(name: str, items: list[Item]) -> dict[str, float]:
    from qa.fidelity.encode.e5 import multilingual_encoder

    encoder = multilingual_encoder()
    encoder.load()
    started = time.perf_counter()
    groups: dict[int, list[int]] = defaultdict(list)
    for k, item in enumerate(items):
        groups[item.line].append(k)
    layers = len(encoder._model.layers) + 1
    values: dict[str, np.ndarray] = defaultdict(lambda: np.zeros(len(items)))
    for ks in groups.values():
        segment = items[ks[0]].segment
        states = layer_states(
            encoder, [segment.refs[0], segment.src or "", *(items[k].segment.hyp for k in ks)]
        )
        sides = dict(zip(SIDES, states[:2], strict=True))
        for j, k in enumerate(ks):
            hyp = states[2 + j]
            for side, other in sides.items():
                for layer in range(layers):
                    p, r, f = greedy(hyp[layer][1], other[layer][1])
                    cos = float(hyp[layer][0] @ other[layer][0])
                    for kind, value in zip(KINDS, (p, r, f, cos), strict=True):
                        values[f"{side} {kind} {layer}"][k] = value
    human = np.array([item.score for item in items])
    lines = np.array([item.line for item in items])
    print(
        f"\n{name}: {len(items)} items, {len(groups)} source segments, {time.perf_counter() - started:.0f} s"
    )
    print("| side | measure | " + " | ".join(f"L{layer}" for layer in range(layers)) + " |")
    print("|---|---|" + "---:|" * layers)
    result = {}
    for side in SIDES:
        for kind in KINDS:
            taus = [
                grouped_kendall_fast(lines, values[f"{side} {kind} {layer}"], human)
                for layer in range(layers)
            ]
            result |= {f"{side} {kind} {layer}": tau for layer, tau in enumerate(taus)}
            print(f"| {side} | {kind} | " + " | ".join(f"{t:+.3f}" for t in taus) + " |", flush=True)
    return result


def main() -> int:
    sets = {
        "nt2021": lambda: load_mqm_train(2021),
        "wmt21": wmt21_dev_items,
        "nt2020": lambda: [i for i in load_mqm_train(2020) if i.line % 3 == 0],
    }
    for name in sys.argv[1:] or list(sets):
        scan(name, sets[name]())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
