"""Metric registry: one line per metric module. Neural ones are imported only when they run."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qa.metrics.interface import Metric

# "module:Class" of every metric.
METRIC_CLASSES: tuple[str, ...] = (
    "qa.metrics.sacre:SacreMetrics",
    "qa.metrics.fidelity:FidelityMetric",
    "qa.metrics.fidelity:LexicalFidelityMetric",
)


def load_metrics() -> list[Metric]:
    metrics = []
    for target in METRIC_CLASSES:
        module_name, class_name = target.split(":")
        metrics.append(getattr(importlib.import_module(module_name), class_name)())
    return metrics
