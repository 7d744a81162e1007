"""The learned lexicon-only N104 decision (qa/names/lexicon_model.py) and its data file."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from qa.names import lexicon_model, word_frequency
from qa.names.engine import NameEngine
from qa.names.foreign_schemes import foreign_forms, french, german, polish, turkic
from qa.names.lexicon_model import (
    EXTRA_FEATURES,
    FEATURES,
    FREQUENCY_FEATURES,
    RULE_FEATURES,
    LexiconModel,
    digest,
    edit_kind,
    frequency_features,
    load_weights,
    pinyin_syllables,
    probability,
)


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
    # session 9: the word frequency besides; session 13: the pinyin count, the French index and
    # the bearers under any foreign scheme
    assert model["features"] == [*FEATURES, "wf_max", "pinyin_syllables", "french_own", "schemes_own"]
    assert 0.5 < model["threshold"] < 1.0


def test_word_frequencies_are_those_of_wordfreq() -> None:
    from wordfreq import zipf_frequency

    for word in ("pauline", "caterina", "seweryn", "karlowa", "romano", "nikifrov", "ivanow"):
        for language in word_frequency.LANGUAGES:
            assert word_frequency.zipf(word, language) == zipf_frequency(word, language, wordlist="large")


def test_the_word_frequency_store_holds_what_the_lists_say(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # tiny lists stand in for wordfreq's: the store (built in a fresh cache folder, then opened
    # memory-mapped) and the lists read directly (cache off) give the same frequencies
    lists = {language: {} for language in word_frequency.LANGUAGES}
    lists["en"] = {"pauline": 10**-5.52, "yellin": 10**-6.66}
    lists["pl"] = {"pauline": 10**-5.75, "seweryn": 10**-5.89}
    monkeypatch.setattr(word_frequency, "_frequencies", lists.__getitem__)
    expected = {
        "pauline": (3.48, 3.25),
        "yellin": (2.34, 0.0),
        "seweryn": (0.0, 3.11),
        "nikifrov": (0.0, 0.0),
    }
    for cache in (str(tmp_path), "off", str(tmp_path)):
        monkeypatch.setenv("QA_CACHE_DIR", cache)
        word_frequency._store.cache_clear()
        try:
            for word, (en, pl) in expected.items():
                values = word_frequency.zipfs(word)
                assert (values["en"], values["pl"], values["de"]) == (en, pl, 0.0), (cache, word)
        finally:
            word_frequency._store.cache_clear()
    assert len(list(tmp_path.glob("word-frequency-*"))) == 1


def test_frequency_features_tell_western_spellings_from_slips() -> None:
    # Pauline is a word of every list, Seweryn of the Polish one; the slips are in none, while
    # the name they miss is
    assert frequency_features("pauline", None)["wf_languages"] == 6.0
    seweryn = frequency_features("seweryn", None)
    assert seweryn["wf_max"] == seweryn["wf_pl"] > 2.5
    for slip, name in (("nikifrov", "nikiforov"), ("ivanow", "ivanov")):
        values = frequency_features(slip, name)
        assert values["wf_max"] == values["wf_languages"] == 0.0
        assert values["wf_gap1"] == values["wf_near1"] > 1.5
    assert set(frequency_features("pauline", None)) == set(FREQUENCY_FEATURES)


def test_the_frequency_features_are_computed_only_for_a_model_that_uses_them(engine: NameEngine) -> None:
    base = {**load_weights(), "features": list(FEATURES)}
    plain = LexiconModel(engine.lexicon, engine._established_latin, base)
    assert plain.frequency is False
    assert not set(FREQUENCY_FEATURES) & set(plain.features("Nikifrov", "surname")[0])
    values = engine.lexicon_model.features("Nikifrov", "surname")[0]
    assert engine.lexicon_model.frequency and values["wf_max"] == 0.0


def test_a_model_file_with_unknown_features_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = json.loads(lexicon_model.MODEL_PATH.read_text(encoding="utf-8"))
    path = tmp_path / "lexicon_model.json"
    monkeypatch.setattr(lexicon_model, "MODEL_PATH", path)
    try:
        for features, accepted in (
            ([*FEATURES, "wf_max", "wf_near1"], True),
            (list(FEATURES), True),
            ([*FEATURES, "wf_max", "lm_gap_mean", "french_own"], True),
            ([*FEATURES, "wf_zz"], False),
            (list(FEATURES[1:]), False),
        ):
            data["model"]["features"] = features
            data["sha256"] = digest(data["model"])
            path.write_text(json.dumps(data), encoding="utf-8")
            load_weights.cache_clear()
            if accepted:
                assert load_weights()["features"] == features
            else:
                with pytest.raises(ValueError, match="features"):
                    load_weights()
    finally:
        load_weights.cache_clear()


def test_other_modes_and_help_do_not_read_the_word_lists() -> None:
    code = (
        "import sys\n"
        "from qa.names import word_frequency as w\n"
        "from qa.names.engine import NameEngine\n"
        "read = lambda: w._store.cache_info().currsize + w._frequencies.cache_info().currsize\n"
        "engine = NameEngine()\n"
        "engine.check('Minister Ivan Nikifrov spoke.', refs=['Minister Ivan Nikiforov spoke.'])\n"
        "assert read() == 0 and 'wordfreq' not in sys.modules\n"
        "engine.check('Minister Ivan Nikifrov spoke.')\n"
        "assert read() > 0\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)


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
    # Oralov is itself a surname with a dozen bearers: the hand rule lets it pass
    assert engine.lexicon_suggestion("Oralov") is None
    issues = engine.check("Minister Ivan Oralov told reporters on Tuesday.")
    assert n104(issues) == {"Oralov": "Orlov"}
    evidence = dict(next(i for i in issues if i.rule == "N104").evidence)
    assert float(evidence["model"]) >= load_weights()["threshold"]
    assert n104(engine.check("Minister Ivan Orlov told reporters on Tuesday.")) == {}


def test_the_model_judges_only_when_the_lexicon_is_all_there_is(engine: NameEngine) -> None:
    hyp = "Minister Ivan Oralov told reporters on Tuesday."
    assert n104(engine.check(hyp, refs=["Deputy minister Olga Lyubimova spoke on Tuesday."])) == {}
    src = "Министр Иван Оралов заявил журналистам во вторник."
    assert n104(engine.check(hyp, src=src, src_lang="ru")) == {}


def test_foreign_orthography_and_names_of_either_gender_are_not_n104(engine: NameEngine) -> None:
    for hyp in (
        "Poet Adam Mickiewicz wrote it.",
        "Poet Adam Mickiewcz wrote it.",  # a slip, but in Polish spelling: not judged
        "Reporter Yelena Chernenko wrote it.",  # Черненко is either gender
        "Minister Anna Kotova told reporters.",
    ):
        assert n104(engine.check(hyp)) == {}, hyp


def test_in_lexicon_mode_the_model_decides_alone_with_the_rules_as_features() -> None:
    # the hand rule's and the gender rule's verdicts are the last two features; with a threshold
    # no probability reaches, nothing is N104 from the lexicon, not even what the rules flag
    assert FEATURES[-2:] == RULE_FEATURES == ("hand_rule", "gender_rule")
    engine = NameEngine()
    strict = {**load_weights(), "threshold": 1.01}
    engine._lexicon_model = LexiconModel(engine.lexicon, engine._established_latin, strict)
    assert n104(engine.check("Minister Ivan Petrova told reporters on Tuesday.")) == {}
    assert n104(engine.check("Minister Anna Kutova told reporters on Tuesday.")) == {}
    # with a reference the unpaired names keep the rules, as before
    ref = "Deputy minister Olga Lyubimova spoke on Tuesday."
    hyp = "Minister Ivan Petrova told reporters on Tuesday."
    assert n104(engine.check(hyp, refs=[ref])) == {"Petrova": "Petrov"}
    hyp = "Minister Anna Kutova told reporters on Tuesday."
    assert n104(engine.check(hyp, refs=[ref])) == {"Kutova": "Kotova"}


def test_a_rule_verdict_is_evidence_the_model_weighs(engine: NameEngine) -> None:
    # Kutova (6 bearers) next to Kotova (879): the hand rule's verdict raises the probability
    # (since session 9 the word frequencies put these slips over the threshold without it)
    model = engine.lexicon_model
    for slip in ("Kutova", "Smirnowa", "Orlowa"):
        plain = model.judge(slip, "surname", "f").probability
        assert plain < model.judge(slip, "surname", "f", (True, False)).probability
    # a flagged part keeps the rule's message and suggestion
    issues = engine.check("Minister Anna Kutova told reporters on Tuesday.")
    assert n104(issues) == {"Kutova": "Kotova"}
    assert "not an attested Russian surname" in next(i for i in issues if i.rule == "N104").message
    issues = engine.check("Minister Ivan Petrova told reporters on Tuesday.")
    assert n104(issues) == {"Petrova": "Petrov"}
    assert "male form of a surname" in next(i for i in issues if i.rule == "N104").message


def test_french_transcriptions_of_russian_names() -> None:
    assert french("щербатов") == "chtcherbatov"
    assert french("вишневецкий") == "vichnevetski"
    assert french("сергеев") == "sergueiev"  # г before е is gu; е after a vowel is ie
    assert french("гергиев") == "guerguiev"  # but not after и
    assert french("путин") == "poutine"
    assert french("василий") == "vassili"  # с between vowels is ss, -ий is i
    assert french("чайковская") == "tchaikovskaia"
    assert french("журавлёв") == "jouravliov"


def test_pinyin_syllables_of_a_spelling() -> None:
    assert pinyin_syllables("liping") == 2
    assert pinyin_syllables("huaijin") == 2
    assert pinyin_syllables("zhangxiaoming") == 3  # the fewest: zhang-xiao-ming, not zhang-xi-ao-ming
    for russian in ("ivanov", "nikifrov", "karlowa", "oleg"):
        assert pinyin_syllables(russian) == 0


def test_the_extra_features_are_computed_only_for_a_model_that_lists_them(engine: NameEngine) -> None:
    every = [name for names in EXTRA_FEATURES.values() for name in names]
    plain_weights = {**load_weights(), "features": [*FEATURES, "wf_max"]}
    plain = LexiconModel(engine.lexicon, engine._established_latin, plain_weights)
    assert plain.extras == set() and not set(every) & set(plain.features("Nikifrov", "surname")[0])
    # the shipped file (session 13) lists the pinyin count, the French index and the all-scheme one
    shipped = LexiconModel(engine.lexicon, engine._established_latin, load_weights())
    assert shipped.extras == {"scripts", "french", "schemes"}
    computed = set(shipped.features("Nikifrov", "surname")[0])
    assert {"pinyin_syllables", "french_own", "schemes_own"} <= computed and "turkic_own" not in computed
    weights = {**load_weights(), "features": [*FEATURES, "wf_max", "lm_gap_mean", "french_own"]}
    extended = LexiconModel(engine.lexicon, engine._established_latin, weights)
    assert extended.extras == {"letters", "scripts", "french"}
    values, target, _ = extended.features("Chtcherbatov", "surname")
    listed = [*EXTRA_FEATURES["letters"], *EXTRA_FEATURES["scripts"]]
    assert set(listed) <= set(values) and "turkic_own" not in values and "schemes_own" not in values
    # the French spelling of Щербатов is attested there, and nowhere in the lexicon's schemes
    assert values["french_own"] > 0.0 and values["own"] == 0.0
    assert extended.features("Shcherbatov", "surname")[0]["french_own"] == 0.0
    assert extended.features("Liping", "first")[0]["pinyin_syllables"] == 2.0
    # a dropped letter reads worse than the name it misses: the gap is the neighbour's lead
    values, target, _ = extended.features("Nikifrov", "surname")
    assert target is not None and target.latin == "nikiforov"
    assert values["lm_gap_mean"] == pytest.approx(values["lm_near_mean"] - values["lm_mean"])
    assert values["lm_gap_mean"] > 0.0
    # with no attested neighbour the spelling is its own reference: no gap
    values, target, _ = extended.features("Liping", "first")
    assert target is None and values["lm_gap_mean"] == values["lm_gap_min"] == 0.0


def test_turkic_readings_of_russian_names() -> None:
    # х is the Turkic h, г is g or gh (ğ), е after a vowel is ye (BGN/PCGN Uzbek letters)
    assert turkic("тагиев") == ("tagiyev", "taghiyev")
    assert turkic("рахимова") == ("rahimova",)
    assert turkic("ахмедов") == ("ahmedov",)
    assert turkic("эльчин") == ("elchin",)  # the soft sign is dropped, э is e
    assert turkic("ерёменко") == ("yeryomenko",)
    assert turkic("щукин") == ("shchukin",)
    assert "kh" not in "".join(turkic("хаджиев"))


def test_the_turkic_and_all_scheme_features(engine: NameEngine) -> None:
    weights = {**load_weights(), "features": [*FEATURES, "wf_max", "turkic_own", "schemes_own"]}
    extended = LexiconModel(engine.lexicon, engine._established_latin, weights)
    assert extended.extras == {"turkic", "schemes"}
    # Тагиев's Turkic reading is attested through the index, not by the lexicon's schemes
    values = extended.features("Taghiyev", "surname")[0]
    assert values["turkic_own"] > 0.0 and values["own"] == 0.0
    assert values["schemes_own"] == values["turkic_own"]
    # the scientific-style kh is not a Turkic reading
    assert extended.features("Rakhimova", "surname")[0]["turkic_own"] == 0.0
    # the all-scheme number also holds the Polish / German and French indexes
    values = extended.features("Raikow", "surname")[0]
    assert values["turkic_own"] == 0.0 and values["schemes_own"] == values["foreign_own"] > 0.0
    values = extended.features("Chtcherbatov", "surname")[0]
    assert values["foreign_own"] == values["turkic_own"] == 0.0 and values["schemes_own"] > 0.0
    assert "french_own" not in values and "pinyin_syllables" not in values
    # a spelling no scheme writes has none
    assert extended.features("Nikifrov", "surname")[0]["schemes_own"] == 0.0


def test_a_model_listing_the_turkic_index_loads(monkeypatch, tmp_path: Path, engine: NameEngine) -> None:
    document = json.loads(lexicon_model.MODEL_PATH.read_text(encoding="utf-8"))
    model = {**document["model"], "features": [*document["model"]["features"], "turkic_own"]}
    path = tmp_path / "lexicon_model.json"
    path.write_text(json.dumps({**document, "model": model, "sha256": digest(model)}), encoding="utf-8")
    monkeypatch.setattr(lexicon_model, "MODEL_PATH", path)
    lexicon_model.load_weights.cache_clear()
    try:
        assert lexicon_model.load_weights()["features"][-1] == "turkic_own"
    finally:
        lexicon_model.load_weights.cache_clear()
