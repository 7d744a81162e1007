"""What a long first run is doing, for the one progress line `qa check` shows on a terminal.

Stages that can take seconds (loading an encoder, building a cache on a machine's first run)
call `note`; nothing is shown unless the command line set a listener (stderr is a terminal),
so library use and CI logs stay silent.
"""

from __future__ import annotations

from collections.abc import Callable

_listener: Callable[[str], None] | None = None


def set_listener(listener: Callable[[str], None] | None) -> None:
    global _listener
    _listener = listener


def note(message: str) -> None:
    """Say what the run is doing now (a short phrase, e.g. "loading the English encoder")."""
    if _listener is not None:
        _listener(message)
