"""What a renderer is: one output format for a `Report`.

Adding a format touches one new module in this folder and one line in
`qa/report/__init__.py`. Renderers only read the report; they never run checks or metrics.
Output must be deterministic: the same report renders to the same bytes.

A renderer for large machine-read reports may also offer `chunks(report, config)`: the same
text in pieces, which the command line writes one by one, so that a 10,000-document report is
never held whole as one string (`pieces` below picks whichever the renderer has).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from qa.config import Config
    from qa.document import Report


class Renderer(Protocol):
    name: str
    # True when the format is for people (colour, highlighting) rather than machines.
    for_terminal: bool

    def render(self, report: Report, config: Config) -> str:
        """The whole report as text (UTF-8 when written to a file)."""
        ...


def pieces(renderer: Renderer, report: Report, config: Config) -> Iterable[str]:
    """The rendered report in the pieces the renderer offers (one piece if only `render`)."""
    chunks = getattr(renderer, "chunks", None)
    return chunks(report, config) if chunks is not None else [renderer.render(report, config)]
