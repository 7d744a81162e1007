"""Renderer registry: format name -> "module:Class". One line per format."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qa.report.interface import Renderer

RENDERERS: dict[str, str] = {
    "text": "qa.report.text:TextRenderer",
    "json": "qa.report.json:JsonRenderer",
}


def get_renderer(name: str) -> Renderer:
    module_name, class_name = RENDERERS[name].split(":")
    return getattr(importlib.import_module(module_name), class_name)()
