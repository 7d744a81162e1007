"""est-2 and fid-2 combined: a weighted sum of their standardised scores (and of chrF and
the e5 cosine with the reference), per mode.

Why: the two scorers read different encoders (multilingual-e5-small states; MiniLM and USE)
and different features, so their errors are partly independent. The weights were chosen on
the training years only, from out-of-sample scores of both models
(`bench/fidelity_combine.py`), and live in `qa/data/fidelity/combine.json` with the means
and spreads that standardise each component; its sha256 is in the score's signature.

Per segment, with `mode` what the estimator compared with (ref+src, ref, src):
    z = sum_k w_k (x_k - mean_k) / std_k
    est-2 z = out_mean + out_std * z / z_std
then est-2's own calibration and guards (`qa.fidelity.estimator`) turn it into 0-100, so the
scale is est-2's. Components: `est` (est-2's z after its length level), `fid` (fid-2's 0-100
score for the same pair), `chrf` (sentence chrF with the reference, 0-1), `cos_ref` /
`cos_src` (e5 cosine of the hypothesis with the reference / the source).
No torch here: numpy only.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

COMBINE_PATH = Path(__file__).resolve().parents[1] / "data" / "fidelity" / "combine.json"
MODES = ("ref+src", "ref", "src")
COMPONENTS = ("est", "fid", "chrf", "cos_ref", "cos_src")


@dataclass(frozen=True)
class ModeWeights:
    """One mode's weights and standardisation (components with weight 0 are left out)."""

    weights: dict[str, float]
    mean: dict[str, float]
    std: dict[str, float]
    z_std: float  # spread of the weighted sum on the choice data
    out_mean: float  # est-2's z there: where the sum is placed back
    out_std: float

    def combine(self, components: dict[str, np.ndarray]) -> np.ndarray:
        """est-2-scale z from the components (arrays of one length)."""
        total = sum(
            w * (np.asarray(components[k], dtype=np.float64) - self.mean[k]) / self.std[k]
            for k, w in self.weights.items()
        )
        return self.out_mean + self.out_std * np.asarray(total, dtype=np.float64) / self.z_std


@dataclass(frozen=True)
class Combination:
    version: str
    modes: dict[str, ModeWeights]
    f101_lines: tuple[float, float, float]  # per mode, on the 0-100 scale
    sha256: str

    def needs(self, name: str) -> bool:
        return any(name in m.weights for m in self.modes.values())

    def f101_line(self, has_ref: bool, has_src: bool) -> float:
        return self.f101_lines[0 if has_ref and has_src else 1 if has_ref else 2]


def mode_of(has_ref: bool, has_src: bool) -> str:
    return "ref+src" if has_ref and has_src else "ref" if has_ref else "src"


def parse_combination(raw: bytes) -> Combination:
    data = json.loads(raw)
    modes = {}
    for mode in MODES:
        entry = data["modes"][mode]
        weights = {k: float(v) for k, v in entry["weights"].items() if float(v) != 0.0}
        unknown = set(weights) - set(COMPONENTS)
        if unknown:
            raise ValueError(f"combine.json names unknown components: {sorted(unknown)}")
        modes[mode] = ModeWeights(
            weights=weights,
            mean={k: float(entry["mean"][k]) for k in weights},
            std={k: float(entry["std"][k]) for k in weights},
            z_std=float(entry["z_std"]),
            out_mean=float(entry["out_mean"]),
            out_std=float(entry["out_std"]),
        )
    lines = tuple(float(data["f101_lines"][m]) for m in MODES)
    return Combination(str(data["version"]), modes, lines, hashlib.sha256(raw).hexdigest())  # type: ignore[arg-type]


@lru_cache(maxsize=1)
def load_combination() -> Combination | None:
    """The shipped combination, or None when the package carries none (est-2 alone then)."""
    if not COMBINE_PATH.is_file():
        return None
    return parse_combination(COMBINE_PATH.read_bytes())
