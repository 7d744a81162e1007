"""What a renderer is: one output format for a `Report`.

Adding a format touches one new module in this folder and one line in
`qa/report/__init__.py`. Renderers only read the report; they never run checks or metrics.
Output must be deterministic: the same report renders to the same bytes.
"""

from __future__ import annotations

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
