"""Where the fidelity estimator's time and memory go (one process, one torch thread).

    nice -n 10 python bench/fidelity_estimator_speed.py [--segments 600] [--threads 1]

Input: the first `--segments` WMT22 ru-en MT outputs in file order, as (hypothesis, reference,
source) triples, scored the way `qa.fidelity.estimator.score_triples` does. Printed:
- load: reading and verifying the weight file, building tokenizer and model, quantising, head;
- per stage, for all triples: how many distinct texts the encoder sees (a source and its
  reference repeat across the systems that translated them), tokenising, the encoder's forward
  pass, the features, the head;
- the forward pass with only the first k layers (time only: a head for a shorter encoder
  would have to be trained on its states);
- peak RSS of the process.
Nothing is fitted or chosen here.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fidelity_common import load_wmt22_ruen


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--segments", type=int, default=600)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    items = load_wmt22_ruen()[: args.segments]

    import torch

    from qa.fidelity.encode.e5 import (
        _BATCH_TOKENS,
        E5_SHA256,
        MultilingualEncoder,
        _build_model,
        _parse,
        _Tokenizer,
        e5_weights_path,
    )
    from qa.fidelity.encode.embed import verify_sha256
    from qa.fidelity.encode.quantize import quantize_rowwise
    from qa.fidelity.estimator import ESTIMATOR_PATH, Encoded, Triple, head_from_file, segment_inputs

    torch.set_num_threads(args.threads)
    timings: dict[str, float] = {}
    started = time.perf_counter()
    path = e5_weights_path()
    verify_sha256(path, E5_SHA256, "e5")
    timings["load: read + sha256"] = time.perf_counter() - started
    mark = time.perf_counter()
    image = _parse(path.read_bytes())
    timings["load: parse"] = time.perf_counter() - mark
    mark = time.perf_counter()
    tokenizer = _Tokenizer(image)
    timings["load: tokenizer"] = time.perf_counter() - mark
    mark = time.perf_counter()
    model = _build_model(image)
    timings["load: build + dequantise"] = time.perf_counter() - mark
    mark = time.perf_counter()
    quantize_rowwise(model)
    timings["load: int8 rows"] = time.perf_counter() - mark
    mark = time.perf_counter()
    head = head_from_file(ESTIMATOR_PATH)
    timings["load: head"] = time.perf_counter() - mark
    timings["load: total"] = time.perf_counter() - started
    encoder = MultilingualEncoder(threads=args.threads)
    encoder._tokenizer, encoder._model, encoder.sha256 = tokenizer, model, E5_SHA256

    triples = [Triple(i.segment.hyp, i.segment.refs[0], i.segment.src) for i in items]
    all_texts = [x for t in triples for x in (t.hyp, t.ref, t.src) if x is not None]
    texts = sorted(set(all_texts))
    mark = time.perf_counter()
    ids = [tokenizer.encode(t) for t in texts]
    timings["tokenise"] = time.perf_counter() - mark
    mark = time.perf_counter()
    outputs = encoder._forward(texts)
    timings["forward (12 layers, with tokenising)"] = time.perf_counter() - mark
    encoded = {t: Encoded(v, tok) for t, (v, tok) in zip(texts, outputs, strict=True)}
    mark = time.perf_counter()
    vectors, scalars = segment_inputs(triples, encoded)
    timings["features"] = time.perf_counter() - mark
    mark = time.perf_counter()
    head.predict(vectors, scalars)
    timings["head"] = time.perf_counter() - mark

    by_length: dict[int, list[list[int]]] = {}
    for row in ids:
        by_length.setdefault(len(row), []).append(row)
    layers = model.layers
    for keep in (6, 9):
        model.layers = layers[:keep]
        mark = time.perf_counter()
        with torch.inference_mode():
            for length, rows in by_length.items():
                step = max(1, _BATCH_TOKENS // length)
                for start in range(0, len(rows), step):
                    model(torch.tensor(rows[start : start + step], dtype=torch.long))
        timings[f"forward, first {keep} layers only"] = time.perf_counter() - mark
    model.layers = layers

    print(f"{len(triples)} segments, {len(all_texts)} texts, {len(texts)} distinct; threads {args.threads}")
    for name, seconds in timings.items():
        print(f"  {name}: {seconds:.2f} s")
    total = timings["forward (12 layers, with tokenising)"] + timings["features"] + timings["head"]
    print(f"  estimator segments/s (forward + features + head): {len(triples) / total:.1f}")
    print(f"  encoder texts/s: {len(texts) / timings['forward (12 layers, with tokenising)']:.1f}")
    print(f"  peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
