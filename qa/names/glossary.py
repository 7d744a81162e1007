"""House-style name glossary: the canonical spelling of a person's name and its known aliases.

Two formats, chosen by the file extension:

* TSV (any other extension): `canonical<TAB>alias1<TAB>alias2...`, one person a line;
  blank lines and lines starting with `#` are ignored.
* TOML (`.toml`): `[[name]]` tables with `canonical = "..."` and `aliases = ["...", ...]`.

What a glossary means to the checks (it overrides the reference, the source and the
lexicon): the canonical spelling is always right; an alias is a spelling of the same person
that the house does not use (rule N102, suggesting the canonical form); a near miss of the
canonical spelling that is neither an alias nor an accepted romanisation is N101. An alias
is a *known* spelling, so it is a variant rather than a misspelling: to forbid a spelling
outright, leave it out and let N101 catch it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from qa.errors import ConfigError


@dataclass(frozen=True)
class GlossaryEntry:
    canonical: str
    aliases: tuple[str, ...] = ()
    line: int | None = None


@dataclass(frozen=True)
class Glossary:
    entries: tuple[GlossaryEntry, ...]
    path: str | None = None


def _check_name(value: object, where: str, path: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where}: expected a non-empty name", path=path)
    if any(ch in value for ch in "\t\n"):
        raise ConfigError(f"{where}: a name cannot contain tabs or line breaks", path=path)
    return " ".join(value.split())


def parse_glossary_tsv(text: str, path: str = "<glossary>") -> Glossary:
    entries: list[GlossaryEntry] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        cells = [cell.strip() for cell in raw.rstrip("\r\n").split("\t")]
        if not cells[0]:
            raise ConfigError(f"line {number}: the first column (canonical spelling) is empty", path=path)
        canonical = _check_name(cells[0], f"line {number}", path)
        aliases = tuple(_check_name(c, f"line {number}", path) for c in cells[1:] if c)
        entries.append(GlossaryEntry(canonical, aliases, number))
    return Glossary(tuple(entries), path)


def parse_glossary_toml(text: str, path: str = "<glossary>") -> Glossary:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML: {exc}", path=path) from None
    unknown = sorted(set(data) - {"name"})
    if unknown:
        raise ConfigError(f"unknown key '{unknown[0]}'; expected [[name]] tables", path=path)
    tables = data.get("name", [])
    if not isinstance(tables, list):
        raise ConfigError("'name' must be an array of tables ([[name]])", path=path)
    entries: list[GlossaryEntry] = []
    for index, table in enumerate(tables, start=1):
        where = f"[[name]] #{index}"
        if not isinstance(table, dict):
            raise ConfigError(f"{where}: expected a table", path=path)
        extra = sorted(set(table) - {"canonical", "aliases"})
        if extra:
            raise ConfigError(f"{where}: unknown key '{extra[0]}'; expected canonical, aliases", path=path)
        canonical = _check_name(table.get("canonical"), f"{where} canonical", path)
        aliases_value = table.get("aliases", [])
        if not isinstance(aliases_value, list):
            raise ConfigError(f"{where} aliases: expected a list of names", path=path)
        aliases = tuple(_check_name(a, f"{where} aliases", path) for a in aliases_value)
        entries.append(GlossaryEntry(canonical, aliases, None))
    return Glossary(tuple(entries), path)


def load_glossary(path: str | Path) -> Glossary:
    """Read a TSV or TOML glossary; any problem is a ConfigError naming the file."""
    location = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError("glossary file not found", path=location) from None
    except IsADirectoryError:
        raise ConfigError("glossary path is a directory", path=location) from None
    except UnicodeDecodeError:
        raise ConfigError("glossary is not UTF-8 text", path=location) from None
    except OSError as exc:
        raise ConfigError(f"cannot read glossary: {exc.strerror}", path=location) from None
    if location.lower().endswith(".toml"):
        return parse_glossary_toml(text, location)
    return parse_glossary_tsv(text, location)
