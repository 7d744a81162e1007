"""Renderer registry: format name -> "module:Class". One line per format."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qa.report.interface import Renderer

RENDERERS: dict[str, str] = {
    "text": "qa.report.text:TextRenderer",
    "json": "qa.report.json:JsonRenderer",
    "jsonl": "qa.report.jsonl:JsonlRenderer",
    "sarif": "qa.report.sarif:SarifRenderer",
    "junit": "qa.report.junit:JunitRenderer",
    "github": "qa.report.github:GithubRenderer",
    "markdown": "qa.report.markdown:MarkdownRenderer",
    "html": "qa.report.html:HtmlRenderer",
}


def get_renderer(name: str) -> Renderer:
    module_name, class_name = RENDERERS[name].split(":")
    return getattr(importlib.import_module(module_name), class_name)()
