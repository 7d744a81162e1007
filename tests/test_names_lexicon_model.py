"""The learned lexicon-only N104 decision (qa/names/lexicon_model.py) and its data file."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from qa.names import lexicon_model
from qa.names.engine import NameEngine
from qa.names.foreign_schemes import foreign_forms, german, polish
from qa.names.lexicon_model import FEATURES, digest, edit_kind, load_weights, probability


@pytest.fixture(scope="module")
def engine() -> NameEngine:
    return NameEngine()


def n104(issues: list) -> dict[str, str | None]:
    return {i.text: i.suggestion for i in issues if i.rule == "N104"}


def test_polish_and_german_transcriptions_of_russian_names() -> None:
    assert polish("мицкевич") == "mickiewicz"
    assert polish("войцеховский") == "wojciechowski"
    assert polish("квятковская") == "kwiatkowska"
    assert polish("езерский") == "jezierski"
    assert german("тихонович") == "tichonowitsch"
    assert german("геннадьевич") == "gennadjewitsch"
    assert foreign_forms("карлова") == ("karlowa",)


def test_edit_kinds() -> None:
    assert edit_kind("nikiforrov", "nikiforov") == "doubled"
    assert edit_kind("nikifrov", "nikiforov") == "dropped"
    assert edit_kind("nikifroov", "nikiforov") == "swapped"
    assert edit_kind("nikifarov", "nikiforov") == "vowel"
    assert edit_kind("nikiforow", "nikiforov") == "consonant"


def test_the_trees_are_walked_as_scikit_learn_walks_them() -> None:
    # one tree: feature 0 <= 0.5 goes left (leaf -2), else right (leaf +2)
    tree = [[0, 0.5, 1, 2, 0.0, 0], [0, 0.0, 0, 0, -2.0, 1], [0, 0.0, 0, 0, 2.0, 1]]
    model = {"baseline": 0.5, "trees": [tree]}
    assert probability(model, [0.7]) == pytest.approx(1 / (1 + math.exp(-2.5)))
    assert probability(model, [0.5]) == pytest.approx(1 / (1 + math.exp(1.5)))


def test_the_shipped_model_matches_its_digest_and_the_features() -> None:
    model = load_weights()
    assert model["features"] == list(FEATURES)
    assert 0.5 < model["threshold"] < 1.0


def test_a_damaged_model_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = json.loads(lexicon_model.MODEL_PATH.read_text(encoding="utf-8"))
    data["model"]["threshold"] = 0.1  # edited by hand: the recorded digest no longer matches
    path = tmp_path / "lexicon_model.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(lexicon_model, "MODEL_PATH", path)
    load_weights.cache_clear()
    try:
        with pytest.raises(ValueError, match="digest"):
            load_weights()
        data["sha256"] = digest(data["model"])
        path.write_text(json.dumps(data), encoding="utf-8")
        load_weights.cache_clear()
        assert load_weights()["threshold"] == 0.1
    finally:
        load_weights.cache_clear()


def test_a_slip_that_lands_on_a_rare_real_name_is_n104_from_the_lexicon(engine: NameEngine) -> None:
    # Pupov is itself a surname with a few dozen bearers: the hand rule let it pass
    issues = engine.check("Minister Ivan Pupov told reporters on Tuesday.")
    assert n104(issues) == {"Pupov": "Popov"}
    evidence = dict(next(i for i in issues if i.rule == "N104").evidence)
    assert float(evidence["model"]) >= load_weights()["threshold"]
    assert n104(engine.check("Minister Ivan Popov told reporters on Tuesday.")) == {}


def test_the_model_judges_only_when_the_lexicon_is_all_there_is(engine: NameEngine) -> None:
    hyp = "Minister Ivan Pupov told reporters on Tuesday."
    assert n104(engine.check(hyp, refs=["Deputy minister Olga Lyubimova spoke on Tuesday."])) == {}
    src = "Министр Иван Пупов заявил журналистам во вторник."
    assert n104(engine.check(hyp, src=src, src_lang="ru")) == {}


def test_foreign_orthography_and_names_of_either_gender_are_not_n104(engine: NameEngine) -> None:
    for hyp in (
        "Poet Adam Mickiewicz wrote it.",
        "Poet Adam Mickiewcz wrote it.",  # a slip, but in Polish spelling: not judged
        "Reporter Yelena Chernenko wrote it.",  # Черненко is either gender
        "Minister Anna Kotova told reporters.",
    ):
        assert n104(engine.check(hyp)) == {}, hyp
