"""Does the 0-100 scale's cap lose ranking? The shipped model on its own training years.

    .venv/bin/python bench/fidelity_saturation.py

`fidelity` clips the predicted MQM at 0 (score 100) and at -25 (score 0), so segments beyond
either end tie. This prints, for newstest2020 and newstest2021 zh-en MQM (real MT rows, the
shipped model, so in-sample), the share of segments at 100 and at 0 and Kendall tau-b against
MQM of the raw prediction and of the capped score. Only the training years are read: the
question was asked without looking at WMT22.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from train_fidelity import Year, kendall


def main() -> int:
    from qa.fidelity.head import load_model

    model = load_model()
    print("| year | variant | segments | at 100 | at 0 | Kendall raw | Kendall capped |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for year in (2020, 2021):
        data = Year(year)
        rows = data.with_head(model.token_head)
        real = data.real
        for variant in ("ref_src", "ref"):
            network = model.variants[variant]
            matrix = np.array([[row[name] for name in network.features] for row in rows])
            raw = network.predict_mqm(matrix)[real]
            capped = model.fidelity(variant, rows)[real]
            human = data.y[real]
            print(
                f"| {year} | {variant} | {int(real.sum())} | {np.mean(capped >= 100):.3f} | "
                f"{np.mean(capped <= 0):.3f} | {kendall(raw, human):.3f} | {kendall(capped, human):.3f} |"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
