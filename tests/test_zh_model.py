"""The character chunk model, the shipped table and back-transliteration."""

from __future__ import annotations

import math
import time

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
