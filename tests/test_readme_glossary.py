"""The glossary examples in the README parse to what the README says they mean."""

from __future__ import annotations

from pathlib import Path

from qa.names.glossary import GlossaryEntry, parse_glossary_toml, parse_glossary_tsv

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
SECTION = README[README.index("### Glossary file") :]
EXPECTED = [("Nikolai Nikiforov", ("Nikolay Nikiforov",)), ("Yelena Chernenko", ("Elena Chernenko",))]


def blocks() -> list[str]:
    """The section's fenced code blocks, in order, without their language tag."""
    fenced = SECTION.split("```")[1::2]
    return [block.split("\n", 1)[1] for block in fenced]


def pairs(entries: tuple[GlossaryEntry, ...]) -> list[tuple[str, tuple[str, ...]]]:
    return [(e.canonical, e.aliases) for e in entries]


def test_readme_glossary_examples_parse_as_documented() -> None:
    assert pairs(parse_glossary_toml(blocks()[0]).entries) == EXPECTED
    tsv = blocks()[1]
    assert "\t" in tsv  # the example really is tab-separated
    assert pairs(parse_glossary_tsv(tsv).entries) == EXPECTED
