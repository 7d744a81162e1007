from pathlib import Path

import pytest

from qa.config import Config, load_config, parse_config
from qa.document import Severity
from qa.errors import ConfigError


def test_defaults() -> None:
    config = Config()
    assert config.fail_on == "error"
    assert config.rule_enabled("N101")


def test_select_and_ignore_prefixes() -> None:
    config = parse_config({"select": ["N1", "D"], "ignore": ["N104"]}, "test")
    assert config.rule_enabled("N101") and config.rule_enabled("D102")
    assert not config.rule_enabled("N104") and not config.rule_enabled("C102")


def test_comma_separated_codes_from_the_command_line() -> None:
    assert parse_config({"ignore": "n104, c102"}, "cli").ignore == ("N104", "C102")


@pytest.mark.parametrize(
    ("table", "key"),
    [
        ({"fail_on": "sometimes"}, "fail_on"),
        ({"min-scores": {"chrf": "high"}}, "min-scores.chrf"),
        ({"min-scores": {"bogus": 3}}, "min-scores.bogus"),
        ({"severity": {"N101": "fatal"}}, "severity.N101"),
        ({"jobs": 0}, "jobs"),
        ({"no-model": "yes"}, "no-model"),
        ({"colour": True}, "colour"),
    ],
)
def test_invalid_values_name_the_key(table: dict, key: str) -> None:
    with pytest.raises(ConfigError) as raised:
        parse_config(table, "qa.toml")
    assert f"key '{key}'" in str(raised.value)
    assert str(raised.value).startswith("qa.toml: ")


def test_qa_toml_wins_over_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.qa]\nfail-on = "warning"\n')
    assert load_config(start=tmp_path).fail_on == "warning"
    (tmp_path / "qa.toml").write_text('fail-on = "never"\n[severity]\nN102 = "error"\n')
    config = load_config(start=tmp_path)
    assert config.fail_on == "never"
    assert config.severity == {"N102": Severity.ERROR}


def test_explicit_file_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such file"):
        load_config(str(tmp_path / "missing.toml"))
    bad = tmp_path / "bad.toml"
    bad.write_text("fail-on = [")
    with pytest.raises(ConfigError, match="invalid TOML"):
        load_config(str(bad))


def test_overrides_merge_tables() -> None:
    config = parse_config({"min-scores": {"chrf": 50}}, "qa.toml")
    merged = parse_config({"min-scores": {**config.min_scores, "bleu": 20}}, "cli", config)
    assert merged.min_scores == {"chrf": 50.0, "bleu": 20.0}
