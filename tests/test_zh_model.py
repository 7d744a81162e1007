"""The character chunk model, the shipped table and back-transliteration."""

from __future__ import annotations

import math
import time

import pytest

from qa.zh.backtranslit import BackTransliterator, load_table
from qa.zh.model import ChunkModel, Pair, SortedLexicon, train


def _toy_model() -> ChunkModel:
    pairs = [
        Pair("阿巴", "aba"),
        Pair("巴阿", "baa"),
        Pair("阿卡", "aka"),
        Pair("卡巴", "kaba"),
        Pair("巴卡", "baka"),
    ]
    return train(pairs, max_chunk=3, iterations=5)


def test_em_learns_character_chunks() -> None:
    model = _toy_model()
    assert model.options("阿", "B", 1)[0][0] == "a"
    assert model.options("卡", "B", 1)[0][0] == "ka"
    assert model.score("卡阿", "kaa") > model.score("卡阿", "aka")


def test_decode_respects_lexicon_prefixes() -> None:
    model = _toy_model()
    lexicon = SortedLexicon({"kaba": 3})
    decoded = model.decode("卡巴", allowed_prefix=lexicon.has_prefix)
    assert decoded[0][0] == "kaba"
    assert all("kaba".startswith(word) for word, _ in decoded)
    assert model.decode("卡巴", allowed_prefix=SortedLexicon({"zzz": 1}).has_prefix) == []


def test_score_is_minus_infinity_when_no_segmentation() -> None:
    assert _toy_model().score("阿巴阿", "a") == -math.inf


def test_json_round_trip_keeps_probabilities() -> None:
    model = _toy_model()
    again = ChunkModel.from_json(model.to_json())
    assert again.options("卡", "B", 1) == [
        (model.options("卡", "B", 1)[0][0], round(model.options("卡", "B", 1)[0][1], 5))
    ]


def test_shipped_table_loads_fast() -> None:
    load_table.cache_clear()
    started = time.perf_counter()
    table = load_table()
    BackTransliterator(table, lexicon=SortedLexicon({}))
    assert time.perf_counter() - started < 0.5
    assert {"latin", "cyrillic", "params", "char_counts", "syllable_chars"} <= set(table)


def test_back_transliteration_of_russian_names() -> None:
    from qa.zh.backtranslit import default_backtransliterator

    bt = default_backtransliterator()
    assert bt.candidates("尼基福罗夫", limit=1)[0].latin == "nikiforov"
    assert bt.candidates("罗曼", limit=1)[0].latin == "roman"
    assert "peskov" in [c.latin for c in bt.candidates("佩斯科夫", limit=5)]
    assert "zakharova" in [c.latin for c in bt.candidates("扎哈罗娃", limit=5)]
    # the correct spelling fits the transcription better than the misspelling
    assert bt.explains("尼基福罗夫", "Nikiforov") > bt.explains("尼基福罗夫", "Nikifrov")


# -- the forward channel (Cyrillic -> Chinese) and the noisy-channel search -----------------------


def _toy_cyrillic_model(**kwargs: object) -> ChunkModel:
    pairs = [
        Pair("巴卡", "бака"),
        Pair("卡巴", "каба"),
        Pair("阿巴", "аба"),
        Pair("巴阿", "баа"),
        Pair("卡夫", "кав"),
        Pair("巴夫", "бав"),
    ]
    return train(pairs, max_chunk=3, iterations=5, **kwargs)  # type: ignore[arg-type]


def test_forward_channel_learns_how_a_syllable_is_written() -> None:
    model = _toy_cyrillic_model()
    assert model.forward_prob("卡", "B", "ка") > 0.5
    assert model.forward_prob("夫", "E", "в") > model.forward_prob("巴", "E", "в")
    # the spelling the characters transcribe beats one they contradict
    assert model.forward_score("卡巴", "каба") > model.forward_score("卡巴", "бака")
    assert model.forward_score("卡巴夫", "к") == -math.inf


def test_forward_decode_finds_lexicon_words_written_that_way() -> None:
    model = _toy_cyrillic_model()
    lexicon = SortedLexicon({"каба": 5, "кабав": 2, "бака": 9})
    found = model.forward_decode("卡巴夫", lexicon.has_prefix)
    assert found[0][0] == "кабав"
    assert all(any(word.startswith(prefix) for word in lexicon.words) for prefix, _ in found)
    assert found == model.forward_decode("卡巴夫", lexicon.has_prefix)  # deterministic
    assert model.forward_decode("卡巴", SortedLexicon({"ммм": 1}).has_prefix) == []


def test_unknown_character_stands_in_for_a_known_one_that_reads_the_same() -> None:
    model = _toy_cyrillic_model()
    # 咔 (ka) never occurs in training; it is read like 卡.
    assert model.forward_score("咔巴", "каба") == model.forward_score("卡巴", "каба")


def test_prior_links_teach_a_syllable_the_pairs_never_show() -> None:
    without = _toy_cyrillic_model()
    with_prior = _toy_cyrillic_model(prior_links=[("诺", "но")], prior_weight=2.0)
    assert "но" not in dict(without.options("诺", "M", 24))
    assert with_prior.options("诺", "M", 1)[0][0] == "но"
    assert with_prior.forward_score("卡诺", "кано") > without.forward_score("卡诺", "кано")
    # and the forward tables survive the JSON round trip
    again = ChunkModel.from_json(with_prior.to_json())
    assert again.forward_score("卡诺", "кано") == pytest.approx(
        with_prior.forward_score("卡诺", "кано"), abs=0.05
    )


def test_phonetic_smoothing_spreads_the_forward_channel_to_sound_alikes() -> None:
    def affinity(syllable: str, chunk: str) -> float:
        return 1.0 if (syllable, chunk) in {("ka", "ка"), ("ba", "ба")} else 0.0

    sharp = _toy_cyrillic_model(affinity=affinity)
    smooth = _toy_cyrillic_model(affinity=affinity, forward_weight=4.0)
    assert smooth.forward_prob("阿", "B", "ка") > sharp.forward_prob("阿", "B", "ка")
    # ... while the character the data shows keeps most of the mass
    assert max(smooth.reverse["ка"].items(), key=lambda item: item[1])[0] == "卡"


def test_xinhua_table_cells() -> None:
    from qa.zh.xinhua import xinhua_links

    links = xinhua_links()
    assert len(links) > 200 and len(set(links)) == len(links)
    assert all(len(char) == 1 and "\u4e00" <= char <= "\u9fff" for char, _ in links)
    assert all(chunk and all("а" <= c <= "я" or c == "ё" for c in chunk) for _, chunk in links)
    for cell in [
        ("尼", "ни"),
        ("基", "ки"),
        ("福", "фо"),
        ("罗", "ро"),
        ("夫", "в"),
        ("维", "вы"),
        ("娃", "ва"),
    ]:
        assert cell in links


def test_shipped_table_has_the_forward_channel() -> None:
    table = load_table()
    assert table["cyrillic"]["forward"] and table["params"]["forward_weight"] > 0
    bt = BackTransliterator(table, lexicon=SortedLexicon({"высоцкий": 553, "висоцкий": 1}))
    features = {f.cyrillic: f for f in bt.russian_features("维索茨基")}
    assert set(features) == {"высоцкий", "висоцкий"}
    # Both вы and ви are written 维: the forward channel finds both spellings about equally good,
    # the backward one (which mostly saw 维 as ви) does not, so the common name needs the former.
    assert features["высоцкий"].backward < features["висоцкий"].backward - 1.0
    assert features["высоцкий"].forward > features["висоцкий"].forward - 0.5
    assert bt.russian_candidates("维索茨基", limit=1)[0][0] == "высоцкий"
    assert bt.candidates("维索茨基", limit=2)[0].cyrillic == "высоцкий"


def test_shared_latin_spelling_keeps_the_word_it_displays() -> None:
    # Пешков romanised by the scientific scheme without its caron is also "peskov".
    bt = BackTransliterator(load_table(), lexicon=SortedLexicon({"песков": 126, "пешков": 236}))
    top = bt.candidates("佩斯科夫", limit=5)
    assert top[0].latin == "peskov" and top[0].cyrillic == "песков"
    assert bt.russian_candidates("佩斯科夫", limit=1)[0][0] == "песков"
    assert bt.fit("佩斯科夫", "песков") > bt.fit("佩斯科夫", "пешков")
