"""Renderer registry: format name -> "module:Class". One line per format."""

from __future__ import annotations

from typing import TYPE_CHECKING

from qa.registry import instantiate

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
    renderer: Renderer = instantiate(RENDERERS[name])
    return renderer
