"""What a check is: a family of rules that reads an aligned document and yields findings.

Adding a check touches one new module in this folder and one line in `qa/checks/__init__.py`.
Checks never call metrics or renderers; they read the `AlignedDocument` and the run's
`CheckContext` only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from qa.config import Config
    from qa.document import AlignedDocument, DocumentResult, Finding


@dataclass
class CheckContext:
    """What a check may know beyond the document: the run's configuration and resources."""

    config: Config
    cache: dict[str, object] = field(default_factory=dict)


class Check(Protocol):
    """A family of rules (e.g. all N1xx name rules)."""

    name: str
    rules: tuple[str, ...]

    def run(self, doc: AlignedDocument, context: CheckContext) -> Iterable[Finding]:
        """Findings for one document."""
        ...


class BatchCheck(Protocol):
    """A check that also looks across the documents of a batch (e.g. N105 consistency)."""

    name: str
    rules: tuple[str, ...]

    def run(self, doc: AlignedDocument, context: CheckContext) -> Iterable[Finding]: ...

    def across(self, results: list[DocumentResult], context: CheckContext) -> dict[str, list[Finding]]:
        """Extra findings by document id, once every document of the batch is checked."""
        ...
