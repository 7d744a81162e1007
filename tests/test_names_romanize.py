"""Romanisation schemes and the accepted spellings generated from a Cyrillic name."""

from __future__ import annotations

import pytest

from qa.names.romanize import (
    DEFAULT_SCHEMES,
    accepted_romanizations,
    match_case,
    normalize_latin,
    resolve_schemes,
    romanize,
)


def test_each_scheme_romanises_with_its_own_letters() -> None:
    assert romanize("Елена", "bgn_pcgn") == "Yelena"
    assert romanize("Елена", "icao_doc_9303") == "Elena"
    assert romanize("Дмитрий", "wikipedia") == "Dmitry"
    assert romanize("Николай", "ala_lc") == "Nikolai"  # ALA-LC without the breve
    assert romanize("Захарова", "scientific") == "Zaxarova"


@pytest.mark.parametrize(
    ("cyrillic", "spellings"),
    [
        ("Елена", {"yelena", "elena"}),
        ("Николай", {"nikolay", "nikolai"}),
        ("Дмитрий", {"dmitry", "dmitri", "dmitriy", "dmitrii"}),
        ("Юрий", {"yuri", "yury", "yuriy", "iurii"}),
        ("Зеленский", {"zelensky", "zelenskiy", "zelenski", "zelenskii"}),
        ("Васильев", {"vasilyev", "vasiliev", "vasilev"}),
        ("Алексей", {"aleksey", "alexei", "aleksei", "alexey"}),
        ("Мария", {"mariya", "maria", "mariia"}),
        ("Федоров", {"fedorov", "fyodorov"}),
    ],
)
def test_news_spellings_are_generated(cyrillic: str, spellings: set[str]) -> None:
    assert spellings <= set(accepted_romanizations(cyrillic))


def test_a_typo_is_never_generated() -> None:
    accepted = accepted_romanizations("Никифоров")
    assert "nikiforov" in accepted
    assert "nikifrov" not in accepted
    assert "nikiforow" not in accepted  # German -ow is not an English romanisation


def test_configured_schemes_limit_the_accepted_set() -> None:
    only_icao = accepted_romanizations("Елена", ("icao_doc_9303",))
    assert "elena" in only_icao
    assert "yelena" not in only_icao


def test_scheme_names_resolve_and_unknown_ones_fail() -> None:
    assert resolve_schemes(DEFAULT_SCHEMES)[0] == "bgn_pcgn"
    assert resolve_schemes(["BGN-PCGN", "passport"]) == ("bgn_pcgn", "icao_doc_9303")
    with pytest.raises(ValueError, match="unknown romanisation scheme"):
        resolve_schemes(["klingon"])


def test_normalisation_drops_apostrophes_and_case_but_keeps_scientific_letters() -> None:
    assert normalize_latin("Il’ya") == "ilya"
    assert normalize_latin("NIKIFOROV") == "nikiforov"
    assert normalize_latin("Rožkov") != normalize_latin("Rozkov")


def test_match_case_copies_the_pattern() -> None:
    assert match_case("NIKIFROV", "nikiforov") == "NIKIFOROV"
    assert match_case("Nikifrov", "nikiforov") == "Nikiforov"
