"""Check registry: one line per check module. Modules are imported only when a run needs them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from qa.registry import instantiate

if TYPE_CHECKING:
    from qa.checks.interface import Check

# "module:Class" of every check, in the order they run.
CHECK_CLASSES: tuple[str, ...] = (
    "qa.checks.encoding:EncodingCheck",
    "qa.checks.numbers:NumberCheck",
    "qa.checks.untranslated:UntranslatedCheck",
    "qa.checks.quotes:QuoteCheck",
    "qa.checks.names:NameCheck",
    "qa.checks.chinese_names:ChineseNameCheck",
    "qa.checks.entities:EntityCheck",
    "qa.checks.coverage:CoverageCheck",
    "qa.checks.repetition:RepetitionCheck",
    "qa.checks.fidelity:FidelityCheck",
)


def load_checks() -> list[Check]:
    return [instantiate(target) for target in CHECK_CLASSES]
