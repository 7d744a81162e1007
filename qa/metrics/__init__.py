"""Metric registry: one line per metric module. Neural ones are imported only when they run."""

from __future__ import annotations

from typing import TYPE_CHECKING

from qa.registry import instantiate

if TYPE_CHECKING:
    from qa.metrics.interface import Metric

# "module:Class" of every metric.
METRIC_CLASSES: tuple[str, ...] = (
    "qa.metrics.sacre:SacreMetrics",
    "qa.fidelity.score:FidelityMetric",
    "qa.fidelity.score:LexicalFidelityMetric",
)


def load_metrics() -> list[Metric]:
    return [instantiate(target) for target in METRIC_CLASSES]
