"""What a metric is: a scorer over an aligned document that signs every score it gives.

As in sacrebleu, a score without its signature (tokenisation, model, weights hash,
version) cannot be compared across runs, so `MetricScores.signatures` is not optional.
Adding a metric touches one new module here and one line in `qa/metrics/__init__.py`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from qa.config import Config
    from qa.document import AlignedDocument, MetricScores


class Metric(Protocol):
    name: str
    neural: bool  # skipped under --no-model

    def score(self, doc: AlignedDocument, config: Config) -> MetricScores:
        """Document-level scores (and per-aligned-pair scores where meaningful)."""
        ...
