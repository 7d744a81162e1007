"""Errors that end a run (or one document of a batch) with a one-line message and exit 2."""

from __future__ import annotations


class QaError(Exception):
    """A usage or input problem the user can fix; never shown with a traceback."""

    def __init__(self, message: str, path: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class InputError(QaError):
    """An input file or manifest that cannot be read or decoded."""


class ConfigError(QaError):
    """A configuration key with a wrong name, type or value."""
