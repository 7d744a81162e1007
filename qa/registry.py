"""The one way the registries (checks, metrics, renderers) turn "module:Class" into an object.

Registries name classes as strings so that a module is imported only when a run uses it.
"""

from __future__ import annotations

import importlib
from typing import Any


def instantiate(target: str) -> Any:
    """A new instance of the class named "package.module:Class"."""
    module_name, class_name = target.split(":")
    return getattr(importlib.import_module(module_name), class_name)()
