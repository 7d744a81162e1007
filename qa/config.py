"""Run configuration: defaults, then `[tool.qa]` in pyproject.toml or a qa.toml, then the CLI.

Every key is validated: an unknown key or a value of the wrong type is a `ConfigError`
naming the file and the key, so a typo in CI configuration never silently does nothing.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from qa.document import Severity
from qa.errors import ConfigError

FAIL_ON_CHOICES = ("error", "warning", "never")
SCORE_KEYS = ("fidelity", "bleu", "chrf", "ter", "penalty")
DEFAULT_SCHEMES = ("bgn_pcgn", "wikipedia", "icao_doc_9303", "ala_lc", "scientific")
LEXICAL_METRICS = ("bleu", "chrf", "ter")
# A news article takes a few seconds with the models; hostile text has taken minutes.
DEFAULT_DOCUMENT_TIMEOUT = 120.0


@dataclass(frozen=True)
class Config:
    fail_on: str = "error"
    # Gate thresholds: a document fails when a score is below its minimum (for "ter" and
    # "penalty", where lower is better, when it is above its maximum).
    min_scores: dict[str, float] = field(default_factory=dict)
    max_scores: dict[str, float] = field(default_factory=dict)
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)
    glossary: str | None = None
    baseline: str | None = None
    no_model: bool = False
    accepted_schemes: tuple[str, ...] = DEFAULT_SCHEMES
    # sacrebleu scores to compute; TER costs ~5 ms a sentence, more than all the checks.
    metrics: tuple[str, ...] = LEXICAL_METRICS
    src_lang: str | None = None
    pivot_lang: str | None = None
    jobs: int = 1
    # Seconds one document of a batch may take before it becomes an error entry (0: no limit).
    document_timeout: float = DEFAULT_DOCUMENT_TIMEOUT
    # A Dask scheduler for `qa batch`: "tcp://host:8786", or "local:N" for N local workers.
    scheduler: str | None = None

    def rule_enabled(self, rule: str) -> bool:
        """Ruff-style selection: codes or prefixes ("N1", "D"); ignore wins over select."""
        if any(rule.startswith(prefix) for prefix in self.ignore):
            return False
        return not self.select or any(rule.startswith(prefix) for prefix in self.select)

    def with_overrides(self, **overrides: Any) -> Config:
        """A copy with the CLI's explicit values (None means "not given") applied."""
        given = {k: v for k, v in overrides.items() if v is not None}
        for key in ("min_scores", "max_scores", "severity"):
            if key in given:
                given[key] = {**getattr(self, key), **given[key]}
        return replace(self, **given)


COMMAND_LINE = "command line"


def _fail(origin: str, key: str, problem: str) -> ConfigError:
    if origin == COMMAND_LINE:  # name the option as it was typed
        head, _, rest = key.partition(".")
        option = {"min-scores": "--min", "max-scores": "--max"}.get(head, f"--{head}")
        return ConfigError(f"{option} {rest}: {problem}" if rest else f"{option}: {problem}")
    return ConfigError(f"key '{key}': {problem}", path=origin)


def _known_codes() -> tuple[str, ...]:
    from qa.rules import RULES  # the catalogue, imported when a selection is given

    return tuple(RULES)


def _codes(origin: str, key: str, value: Any) -> tuple[str, ...]:
    """Rule codes or prefixes of codes ("N1", "D"). One that matches no rule is an error:
    a typo (N1O1) would otherwise select nothing and let every article pass."""
    if isinstance(value, str):
        value = [v.strip() for v in value.split(",") if v.strip()]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(origin, key, "expected a list of rule codes")
    codes = tuple(v.strip().upper() for v in value)
    known = _known_codes()
    for code in codes:
        if not any(rule.startswith(code) for rule in known):
            raise _fail(origin, key, f"unknown rule code {code!r} (no rule starts with it; see `qa rules`)")
    return codes


def _scores(origin: str, key: str, value: Any) -> dict[str, float]:
    if not isinstance(value, dict):
        raise _fail(origin, key, "expected a table of score = number")
    out: dict[str, float] = {}
    for name, number in value.items():
        if name not in SCORE_KEYS:
            raise _fail(origin, f"{key}.{name}", f"unknown score; expected one of {', '.join(SCORE_KEYS)}")
        if isinstance(number, bool) or not isinstance(number, int | float) or math.isnan(number):
            raise _fail(origin, f"{key}.{name}", "expected a number")
        out[name] = float(number)
    return out


def _severity(origin: str, key: str, value: Any) -> dict[str, Severity]:
    if not isinstance(value, dict):
        raise _fail(origin, key, 'expected a table of RULE = "error" | "warning" | "info"')
    out: dict[str, Severity] = {}
    known = _known_codes()
    for rule, level in value.items():
        if rule.upper() not in known:
            raise _fail(origin, f"{key}.{rule}", "unknown rule code (see `qa rules`)")
        try:
            out[rule.upper()] = Severity(level)
        except ValueError:
            raise _fail(origin, f"{key}.{rule}", 'expected "error", "warning" or "info"') from None
    return out


def parse_config(table: dict[str, Any], origin: str, base: Config | None = None) -> Config:
    """Validate a `[tool.qa]`-style table into a `Config` layered over `base`."""
    known = {f.name.replace("_", "-"): f.name for f in fields(Config)}
    values: dict[str, Any] = {}
    for raw_key, value in table.items():
        key = known.get(raw_key.replace("_", "-"))
        if key is None:
            raise _fail(origin, raw_key, f"unknown key; expected one of {', '.join(sorted(known))}")
        if key == "fail_on":
            if value not in FAIL_ON_CHOICES:
                raise _fail(origin, raw_key, f"expected one of {', '.join(FAIL_ON_CHOICES)}")
        elif key in ("min_scores", "max_scores"):
            value = _scores(origin, raw_key, value)
        elif key in ("select", "ignore"):
            value = _codes(origin, raw_key, value)
        elif key == "severity":
            value = _severity(origin, raw_key, value)
        elif key == "accepted_schemes":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise _fail(origin, raw_key, "expected a list of scheme names")
            value = tuple(v.lower().replace("-", "_") for v in value)
            from qa.names.romanize import resolve_schemes  # iuliia: loaded only when configured

            try:
                resolve_schemes(value)
            except ValueError as exc:
                raise _fail(origin, raw_key, str(exc)) from None
        elif key == "metrics":
            if isinstance(value, str):
                value = [v.strip() for v in value.split(",") if v.strip()]
            if not isinstance(value, list) or not all(v in LEXICAL_METRICS for v in value):
                raise _fail(origin, raw_key, f"expected a list of {', '.join(LEXICAL_METRICS)}")
            value = tuple(v for v in LEXICAL_METRICS if v in value)
        elif key in ("glossary", "baseline"):
            if not isinstance(value, str):
                raise _fail(origin, raw_key, "expected a path")
            value = str(Path(origin).parent / value) if origin.endswith(".toml") else value
        elif key in ("src_lang", "pivot_lang"):
            if value not in ("ru", "zh", "en"):
                raise _fail(origin, raw_key, 'expected "ru" or "zh"')
        elif key == "no_model":
            if not isinstance(value, bool):
                raise _fail(origin, raw_key, "expected true or false")
        elif key == "jobs" and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
            raise _fail(origin, raw_key, "expected a whole number >= 1")
        elif key == "document_timeout":
            if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value < math.inf:
                raise _fail(origin, raw_key, "expected a number of seconds >= 0 (0: no limit)")
            value = float(value)
        elif key == "scheduler" and not _scheduler_address(value):
            raise _fail(
                origin, raw_key, 'expected "local:N" (N >= 1) or a scheduler address like tcp://host:8786'
            )
        values[key] = value
    return replace(base or Config(), **values)


def _scheduler_address(value: Any) -> bool:
    """ "local:N" with N >= 1, or `scheme://host[:port]`."""
    if not isinstance(value, str):
        return False
    count = value.removeprefix("local:")
    if count != value:
        return count.isdigit() and int(count) >= 1
    scheme, sep, rest = value.partition("://")
    return bool(sep and scheme.isidentifier() and rest and not any(c.isspace() for c in rest))


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError("no such file", path=str(path)) from None
    except IsADirectoryError:
        raise ConfigError("is a directory, expected a TOML file", path=str(path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML: {exc}", path=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read: {exc}", path=str(path)) from None


def _tool_qa(data: dict[str, Any], path: Path) -> dict[str, Any] | None:
    """`[tool.qa]` of a pyproject.toml, None when absent; a wrong type is an error naming the file."""
    tool = data.get("tool")
    if tool is None:
        return None
    if not isinstance(tool, dict):
        raise ConfigError(f"'tool' must be a table, got {type(tool).__name__}", path=str(path))
    table = tool.get("qa")
    if table is not None and not isinstance(table, dict):
        raise ConfigError(f"'tool.qa' must be a table, got {type(table).__name__}", path=str(path))
    return table


def config_file(explicit: str | None = None, start: Path | None = None) -> Path | None:
    """The file `load_config` reads: the explicit one, else qa.toml or pyproject.toml in the
    working directory (a pyproject.toml counts even without [tool.qa]: it is still read)."""
    if explicit is not None:
        return Path(explicit)
    folder = start or Path()  # relative: messages name "pyproject.toml", not a full path
    for name in ("qa.toml", "pyproject.toml"):
        if (folder / name).is_file():
            return folder / name
    return None


def load_config(explicit: str | None = None, start: Path | None = None) -> Config:
    """The explicit file if given, else qa.toml or pyproject.toml [tool.qa] in the working dir."""
    path = config_file(explicit, start)
    if path is None:
        return Config()
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        table = _tool_qa(data, path)
        return Config() if table is None else parse_config(table, str(path))
    if explicit is not None and "tool" in data:  # a qa.toml written like a pyproject.toml
        table = _tool_qa(data, path)
        return parse_config(table or {}, str(path))
    return parse_config(data, str(path))
