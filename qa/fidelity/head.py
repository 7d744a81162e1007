"""The learned fidelity model: linear (or a tiny tanh MLP) in numpy, read from JSON package data.

The weights live in `qa/data/fidelity/model.json` (written by `bench/train_fidelity.py`):
plain numbers, no pickle. The file holds one network per input situation ("variant"):

- `ref_src`   reference and source available (all features)
- `ref`       reference only (also with a non-Chinese source: training sources are Chinese)
- `src`       source only, no reference
- `lexical`   no neural model (`--no-model`): sacrebleu and string features only

`bench/train_fidelity.py` chooses linear vs MLP on the training years; the shipped file is
linear (one layer), so the score is a weighted sum of standardised features.

Each network predicts the segment's MQM score (0 = no error, -25 = not a translation), either
directly (`"output": "mqm"`) or as `-log(1 - MQM)` (`"output": "neg_log1p_mqm"`), which
keeps the rare -25s from dominating a squared-error fit.
`fidelity = 100 * clip(1 + mqm / 25, 0, 1)`: 4 points per MQM penalty point, so a
translation with one major error (MQM -5) scores 80, and a non-translation scores 0.
MQM counts errors, so a long segment collects more of them and the prediction falls with
length (on the training years, length alone ranks MQM at Kendall 0.25-0.32). A second
readout removes that: `fidelity_adjusted` is the score the same prediction would give at the
typical training length, `mqm - trend(length) + trend(typical length)`, where `trend` is the
network's own predictions regressed on log length (quadratic) over the training rows.
It compares sentences of different lengths on their error density (what a direct-assessment
rater judges; `bench/train_fidelity.py` measures it as Kendall against MQM per character),
while `fidelity` keeps the error count (what MQM totals). Both come from the same network.

The file also holds the token head of `qa.fidelity.features` (`TokenHead`), so the model's
sha256 covers every learned weight.

Two guards hold whatever the network says: an empty segment scores 0, and the share of
the segment left in the source script (Cyrillic/CJK) scales the score down, because a
copied source gets a cross-lingual cosine of 1.0 and must never look faithful.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np

MODEL_PATH = Path(__file__).resolve().parents[1] / "data" / "fidelity" / "model.json"
MQM_FLOOR = 25.0  # the MQM weight of a non-translation: fidelity 0


@dataclass(frozen=True, eq=False)
class TokenHead:
    """Linear error-weight predictor per hypothesis word piece: standardise
    [vector (384), best cosine, its square, cosine < 0.6, cosine < 0.8], then a dot product.

    Trained by `bench/train_fidelity.py` on MQM error spans (Major 5, Minor 1, averaged over
    raters) and shipped inside the fidelity model file, so its sha256 is in the signature."""

    mean: np.ndarray
    std: np.ndarray
    weight: np.ndarray
    bias: float

    def predict(self, inputs: np.ndarray) -> np.ndarray:
        return ((inputs - self.mean) / self.std) @ self.weight + self.bias

    @cached_property
    def _folded(self) -> tuple[np.ndarray, float]:
        """The standardisation folded into the weights: one dot product per word piece."""
        scaled = (self.weight / self.std).astype(np.float32)
        return scaled, float(self.bias - np.dot(self.mean, scaled))

    def predict_pieces(self, hyp_tokens: np.ndarray, best_cosine: np.ndarray) -> np.ndarray:
        """`predict(token_head_inputs(hyp_tokens, best_cosine))`, without building the inputs."""
        scaled, bias = self._folded
        cosine = best_cosine.astype(np.float32)
        out = hyp_tokens @ scaled[:384] + bias
        out += cosine * scaled[384] + cosine * cosine * scaled[385]
        out += (cosine < 0.6) * scaled[386] + (cosine < 0.8) * scaled[387]
        return out


@dataclass(frozen=True)
class Network:
    """Standardise, then dense layers (tanh between them), linear output = predicted MQM."""

    features: tuple[str, ...]
    mean: np.ndarray
    std: np.ndarray
    weights: tuple[np.ndarray, ...]
    biases: tuple[np.ndarray, ...]
    output: str = "mqm"
    # coefficients of 1, L, L^2 (L = hyp_len, log characters) and the typical L of training
    length_trend: tuple[float, ...] = ()
    typical_length: float = 0.0

    def length_adjustment(self, hyp_len: np.ndarray) -> np.ndarray:
        """What to add to a predicted MQM to move it from its own length to the typical one."""
        if not self.length_trend:
            return np.zeros_like(hyp_len)
        a, b, c = self.length_trend
        return (a + b * self.typical_length + c * self.typical_length**2) - (a + b * hyp_len + c * hyp_len**2)

    def predict_mqm(self, matrix: np.ndarray) -> np.ndarray:
        raw = self.predict(matrix)
        if self.output == "neg_log1p_mqm":
            return 1.0 - np.exp(-np.minimum(raw, 0.0))
        return raw

    def predict(self, matrix: np.ndarray) -> np.ndarray:
        hidden = (matrix - self.mean) / self.std
        for layer, (weight, bias) in enumerate(zip(self.weights, self.biases, strict=True)):
            hidden = hidden @ weight + bias
            if layer < len(self.weights) - 1:
                hidden = np.tanh(hidden)
        return hidden[:, 0]


@dataclass(frozen=True)
class FidelityModel:
    version: str
    feature_version: str
    sha256: str
    variants: Mapping[str, Network]
    token_head: TokenHead | None = None

    def signature(self, variant: str) -> str:
        return f"fidelity:{self.version}|{variant}|features:{self.feature_version}|sha256:{self.sha256[:12]}"

    def _predict_mqm(
        self, variant: str, rows: list[dict[str, float]], readouts: tuple[bool, ...]
    ) -> list[np.ndarray]:
        """One network pass, read out without and/or with the length adjustment."""
        network = self.variants[variant]
        if not rows:
            return [np.zeros(0) for _ in readouts]
        matrix = np.array([[row[name] for name in network.features] for row in rows], dtype=np.float64)
        mqm = network.predict_mqm(matrix)
        out = []
        for length_adjusted in readouts:
            value = mqm
            if length_adjusted:
                value = mqm + network.length_adjustment(np.array([row["hyp_len"] for row in rows]))
            out.append(np.minimum(value, 0.0))
        return out

    def fidelity(
        self, variant: str, rows: list[dict[str, float]], length_adjusted: bool = False
    ) -> np.ndarray:
        """0-100 per segment, with the empty-segment and untranslated-script guards;
        `length_adjusted`: the `fidelity_adjusted` readout (see the module docstring)."""
        return self.fidelities(variant, rows, (length_adjusted,))[0]

    def fidelities(
        self, variant: str, rows: list[dict[str, float]], readouts: tuple[bool, ...] = (False, True)
    ) -> list[np.ndarray]:
        """`fidelity` for each readout (False: plain, True: length-adjusted) from one network pass."""
        out = []
        for mqm in self._predict_mqm(variant, rows, readouts):
            scores = 100.0 * np.clip(1.0 + mqm / MQM_FLOOR, 0.0, 1.0)
            for index, row in enumerate(rows):
                if row.get("empty", 0.0) >= 1.0:
                    scores[index] = 0.0
                scores[index] *= 1.0 - min(1.0, row.get("src_script", 0.0))
            out.append(scores)
        return out


def network_from_dict(data: Mapping[str, object]) -> Network:
    layers = data["layers"]
    assert isinstance(layers, list)
    return Network(
        features=tuple(data["features"]),  # type: ignore[arg-type]
        mean=np.array(data["mean"], dtype=np.float64),
        std=np.array(data["std"], dtype=np.float64),
        weights=tuple(np.array(layer["weight"], dtype=np.float64) for layer in layers),
        biases=tuple(np.array(layer["bias"], dtype=np.float64) for layer in layers),
        output=str(data.get("output", "mqm")),
        length_trend=tuple(float(v) for v in data.get("length_trend", ())),  # type: ignore[attr-defined]
        typical_length=float(data.get("typical_length", 0.0)),  # type: ignore[arg-type]
    )


def token_head_from_dict(data: Mapping[str, object] | None) -> TokenHead | None:
    if not data:
        return None
    return TokenHead(
        mean=np.array(data["mean"], dtype=np.float32),
        std=np.array(data["std"], dtype=np.float32),
        weight=np.array(data["weight"], dtype=np.float32),
        bias=float(data["bias"]),  # type: ignore[arg-type]
    )


def parse_model(raw: bytes) -> FidelityModel:
    data = json.loads(raw)
    return FidelityModel(
        version=data["version"],
        feature_version=data["feature_version"],
        sha256=hashlib.sha256(raw).hexdigest(),
        variants={name: network_from_dict(net) for name, net in sorted(data["variants"].items())},
        token_head=token_head_from_dict(data.get("token_head")),
    )


@lru_cache(maxsize=1)
def load_model() -> FidelityModel:
    """The shipped model (package data `qa/data/fidelity/model.json`)."""
    raw = MODEL_PATH.read_bytes()
    return parse_model(raw)
