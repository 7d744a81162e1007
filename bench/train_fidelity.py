"""Train the fidelity model on newstest2020 + newstest2021 zh-en MQM (and nothing else).

    .venv/bin/python bench/train_fidelity.py            # validate, then write the model
    .venv/bin/python bench/train_fidelity.py --no-write # validation table only

Every row is one MT output (the reference translation Human-A/ref-A is excluded; the second
human translation Human-B/ref-B is kept) scored against refA with the features of
`qa.metrics.features`, target = its MQM score clipped to [-25, 0].

Augmentation, built from the same training segments and labelled with MQM's
non-translation weight (-25): the source copied as the hypothesis, an empty hypothesis,
and the hypothesis of another segment. Real MQM data has almost none of these (47
non-translations in 2020), and a faithful-looking score for them is exactly the failure
the checker must not have.

Model selection uses the two training years against each other (fit 2020, test 2021 and
the reverse): linear or a 16-unit tanh MLP, target MQM or -log(1 - MQM), whichever has the
best mean Kendall for the `ref_src` variant; WMT22 is never read here. The chosen recipe is
then fitted on both years and written to qa/data/fidelity/model.json as plain JSON
(means, deviations, weight matrices).
Seeded: the same data gives byte-identical weights.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fidelity_common import REPO, Item, cached_features, load_mqm_train

from qa.metrics.features import (
    ALL_FEATURES,
    FEATURE_VERSION,
    LEXICAL_FEATURES,
    REF_FEATURES,
    SRC_FEATURES,
    Segment,
)

SEED = 20240601
MODEL_VERSION = "fid-1"
OUTPUT = REPO / "qa" / "data" / "fidelity" / "model.json"
VARIANTS: dict[str, tuple[str, ...]] = {
    "ref_src": ALL_FEATURES,
    "ref": REF_FEATURES,
    "src": SRC_FEATURES,
    "lexical": LEXICAL_FEATURES,
}
AUGMENT_PER_KIND = 200
# Keep one source line in N per year (all its systems); 1 = everything. Every line is used:
# newstest2020 2,000 lines x 9 rated outputs, newstest2021 650 x 14.
LINE_STRIDE: dict[int, int] = {}
HIDDEN = 16
TARGETS = ("mqm", "neg_log1p_mqm")
EPOCHS = 400


def augment(items: list[Item], year: int) -> list[Item]:
    """Copied sources, empty outputs and misplaced outputs, all labelled MQM -25."""
    rng = random.Random(SEED + year)
    chosen = rng.sample(items, 3 * AUGMENT_PER_KIND)
    out = []
    for k, item in enumerate(chosen):
        seg = item.segment
        if k < AUGMENT_PER_KIND:
            hyp = seg.src or ""
        elif k < 2 * AUGMENT_PER_KIND:
            hyp = ""
        else:
            other = rng.choice(items)
            while other.line == item.line:
                other = rng.choice(items)
            hyp = other.segment.hyp
        out.append(Item(item.line, "augmented", Segment(hyp, seg.refs, seg.src), -25.0))
    return out


def dataset(year: int) -> tuple[list[dict[str, float]], np.ndarray, np.ndarray]:
    """Feature rows, MQM targets, and a mask of the real (not augmented) rows."""
    every = LINE_STRIDE.get(year, 1)
    items = load_mqm_train(year, every=every)
    extra = augment(items, year)
    name = f"mqm{year}" + (f"_every{every}" if every > 1 else "")
    rows = cached_features(name, items) + cached_features(f"{name}_augmented", extra)
    target = np.array([max(-25.0, i.score) for i in items + extra])
    real = np.array([True] * len(items) + [False] * len(extra))
    return rows, target, real


def matrix(rows: list[dict[str, float]], names: tuple[str, ...]) -> np.ndarray:
    return np.array([[row[n] for n in names] for row in rows], dtype=np.float64)


def fit(x: np.ndarray, y: np.ndarray, hidden: int) -> dict[str, object]:
    """A 1-hidden-layer tanh MLP (or linear when hidden=0), MSE, full-batch Adam, seeded."""
    import torch

    torch.manual_seed(SEED)
    torch.use_deterministic_algorithms(True)
    mean, std = x.mean(axis=0), x.std(axis=0)
    std[std < 1e-9] = 1.0
    inputs = torch.tensor((x - mean) / std, dtype=torch.float64)
    targets = torch.tensor(y, dtype=torch.float64)
    if hidden:
        net = torch.nn.Sequential(
            torch.nn.Linear(x.shape[1], hidden), torch.nn.Tanh(), torch.nn.Linear(hidden, 1)
        ).double()
    else:
        net = torch.nn.Sequential(torch.nn.Linear(x.shape[1], 1)).double()
    optimiser = torch.optim.Adam(net.parameters(), lr=0.02, weight_decay=1e-4)
    for _ in range(EPOCHS):
        optimiser.zero_grad()
        loss = torch.mean((net(inputs)[:, 0] - targets) ** 2)
        loss.backward()
        optimiser.step()
    layers = [m for m in net if isinstance(m, torch.nn.Linear)]
    return {
        "mean": mean.tolist(),
        "std": std.tolist(),
        "layers": [
            {
                "weight": m.weight.detach().numpy().T.round(8).tolist(),
                "bias": m.bias.detach().numpy().round(8).tolist(),
            }
            for m in layers
        ],
    }


def transform(y: np.ndarray, output: str) -> np.ndarray:
    return -np.log1p(-y) if output == "neg_log1p_mqm" else y


def predict(network: dict[str, object], x: np.ndarray) -> np.ndarray:
    from qa.metrics.fidelity_model import network_from_dict

    return network_from_dict({**network, "features": ["_"] * x.shape[1]}).predict_mqm(x)


def kendall(a: np.ndarray, b: np.ndarray) -> float:
    from scipy.stats import kendalltau

    return float(kendalltau(a, b).statistic)


def f101_report(
    data: dict[int, tuple[list[dict[str, float]], np.ndarray, np.ndarray]], network: dict
) -> None:
    """How the F101 rule (fidelity < 70 or MiniLM cosine < 0.5) behaves on the training years."""
    from qa.checks.fidelity import LOW_COSINE, LOW_FIDELITY
    from qa.metrics.fidelity_model import network_from_dict

    for year, (rows, y, real) in sorted(data.items()):
        real_rows = [r for r, keep in zip(rows, real, strict=True) if keep]
        mqm = y[real]
        net = network_from_dict(network)
        predicted = np.minimum(net.predict_mqm(matrix(real_rows, net.features)), 0.0)
        fidelity = 100 * np.clip(1 + predicted / 25, 0, 1)
        cosine = np.array([r["cos_ref"] for r in real_rows])
        flagged = (fidelity < LOW_FIDELITY) | (cosine < LOW_COSINE)
        precision = np.mean(mqm[flagged] <= -5)
        print(
            f"F101 on newstest{year} MT outputs: flags {flagged.mean():.1%}; of those {precision:.0%}"
            f" have MQM <= -5 (all segments: {np.mean(mqm <= -5):.0%})"
        )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--no-write", action="store_true", help="validate only; do not write the model")
    args = parser.parse_args()
    data = {year: dataset(year) for year in (2020, 2021)}
    print("validation: fit one training year, Kendall tau-b vs MQM on the other (real MT rows only)")
    print(f"{'variant':<8} {'model':<8} {'target':<14} {'2020->2021':>10} {'2021->2020':>10}")
    results: dict[tuple[str, int, str], float] = {}
    for variant, names in VARIANTS.items():
        for hidden in (0, HIDDEN):
            for output in TARGETS:
                taus = []
                for train_year, test_year in ((2020, 2021), (2021, 2020)):
                    rows, y, _ = data[train_year]
                    test_rows, test_y, test_real = data[test_year]
                    network = fit(matrix(rows, names), transform(y, output), hidden) | {"output": output}
                    prediction = predict(network, matrix(test_rows, names))
                    taus.append(kendall(prediction[test_real], test_y[test_real]))
                results[(variant, hidden, output)] = float(np.mean(taus))
                label = f"mlp{hidden}" if hidden else "linear"
                print(f"{variant:<8} {label:<8} {output:<14} {taus[0]:>10.3f} {taus[1]:>10.3f}")
    hidden, output = max(
        ((h, o) for h in (0, HIDDEN) for o in TARGETS), key=lambda c: results[("ref_src", c[0], c[1])]
    )
    print(f"chosen: hidden={hidden} target={output}")
    if args.no_write:
        return 0
    rows = data[2020][0] + data[2021][0]
    y = np.concatenate([data[2020][1], data[2021][1]])
    variants = {}
    for variant, names in VARIANTS.items():
        network = fit(matrix(rows, names), transform(y, output), hidden)
        variants[variant] = {"features": list(names), "output": output, **network}
    model = {
        "version": MODEL_VERSION,
        "feature_version": FEATURE_VERSION,
        "trained_on": "newstest2020+newstest2021 zh-en MQM (MT outputs and Human-B/ref-B vs refA) "
        f"+ {3 * AUGMENT_PER_KIND} augmented rows per year",
        "target": f"MQM segment score clipped to [-25, 0], fitted as {output}",
        "architecture": (
            f"standardise -> linear({hidden}) -> tanh -> linear(1)" if hidden else "standardise -> linear(1)"
        )
        + f"; MSE; Adam; {EPOCHS} epochs",
        "validation_kendall": {
            f"{v}|{'mlp' + str(h) if h else 'linear'}|{o}": round(t, 4)
            for (v, h, o), t in sorted(results.items())
        },
        "seed": SEED,
        "variants": variants,
    }
    f101_report(data, variants["ref_src"])
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps(model, sort_keys=True, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(REPO)} ({OUTPUT.stat().st_size // 1024} kB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
