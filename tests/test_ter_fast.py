"""The compiled TER (qa/metrics/_ter.pyx) gives sacrebleu's TER statistics exactly, and the
pure-Python fallback is used, with the same results, when the compiled module is missing."""

from __future__ import annotations

import hashlib
import random
import re
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sacrebleu.metrics import TER
from sacrebleu.metrics.lib_ter import translation_edit_rate

from qa.metrics import sacre
from qa.metrics.sacre import TER_ALGORITHM_VERSION, FastTER, SacreMetrics

PYX = Path(sacre.__file__).with_name("_ter.pyx")


def compiled_module():
    """The built extension (the tests comparing it with sacrebleu need it)."""
    return pytest.importorskip("qa.metrics._ter", reason="compiled TER not built (pip install -e .)")


def test_compiled_module_is_built_and_current() -> None:
    """`pip install -e .` builds it where a compiler exists (as in CI); a failed build shows here."""
    assert sacre._COMPILED_TER is not None, "qa.metrics._ter missing or stale: run pip install -e ."
    assert sacre._COMPILED_TER.ALGORITHM_VERSION == TER_ALGORITHM_VERSION
    assert hashlib.sha256(PYX.read_bytes()).hexdigest() == sacre._COMPILED_TER.SOURCE_SHA256


def test_source_version_matches_the_loader() -> None:
    """Bumping the version in _ter.pyx without sacre.py (or back) would refuse every build."""
    found = re.search(r"^ALGORITHM_VERSION = (\d+)$", PYX.read_text(encoding="utf-8"), re.MULTILINE)
    assert found is not None
    assert int(found.group(1)) == TER_ALGORITHM_VERSION


def _same_as_sacrebleu(hyp: list[str], ref: list[str]) -> None:
    assert compiled_module().translation_edits(hyp, ref) == translation_edit_rate(hyp, ref)


# Small vocabularies make repeated words, hence many shift candidates and ties between them.
def _words(vocabulary: int, min_size: int, max_size: int) -> st.SearchStrategy[list[str]]:
    return st.lists(
        st.sampled_from([f"w{k}" for k in range(vocabulary)]), min_size=min_size, max_size=max_size
    )


@st.composite
def _pairs(draw: st.DrawFn, max_size: int) -> tuple[list[str], list[str]]:
    vocabulary = draw(st.integers(1, 8))
    return draw(_words(vocabulary, 0, max_size)), draw(_words(vocabulary, 0, max_size))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_pairs(max_size=24))
def test_short_random_sentences(pair: tuple[list[str], list[str]]) -> None:
    _same_as_sacrebleu(*pair)


@settings(max_examples=60, deadline=None)
@given(_pairs(max_size=60))
def test_longer_random_sentences(pair: tuple[list[str], list[str]]) -> None:
    _same_as_sacrebleu(*pair)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 3), st.integers(30, 130), st.integers(1, 6), st.booleans(), st.data())
def test_very_different_lengths(
    short: int, ratio: int, vocabulary: int, hyp_short: bool, data: st.DataObject
) -> None:
    """Length ratios around and above 50 widen the beam (and leave the band near-empty rows)."""
    short_side = data.draw(_words(vocabulary, short, short))
    long_side = data.draw(_words(vocabulary, short * ratio, short * ratio))
    hyp, ref = (short_side, long_side) if hyp_short else (long_side, short_side)
    _same_as_sacrebleu(hyp, ref)


def test_seeded_mid_length_sentences() -> None:
    """Mid-length sentences over 2-6 words: several shifts, then often the candidate limit in a
    later search, so the count of candidates tried (duplicate targets skipped) must be exact."""
    rng = random.Random(20261128)
    for _ in range(30):
        vocabulary = rng.randint(2, 6)
        hyp = [f"w{rng.randrange(vocabulary)}" for _ in range(rng.randint(10, 45))]
        ref = [f"w{rng.randrange(vocabulary)}" for _ in range(rng.randint(10, 45))]
        _same_as_sacrebleu(hyp, ref)


def test_empty_sides() -> None:
    for hyp, ref in [([], []), (["a", "b"], []), ([], ["a", "b", "c"]), (["a"], ["a"])]:
        _same_as_sacrebleu(hyp, ref)


def test_long_sentences_reaching_the_candidate_limit() -> None:
    """Long sentences over four words: the 1000-candidate limit stops the shift search."""
    words = "the a of to".split()
    hyp = [words[(k * 7 + k // 3) % 4] for k in range(70)]
    ref = [words[(k * 5 + k // 4) % 4] for k in range(80)]
    _same_as_sacrebleu(hyp, ref)
    _same_as_sacrebleu(ref, hyp)


# News-like pairs written for this test: reordered clauses (shifts), dropped and added words,
# repeated function words, numbers and punctuation for the tokeniser options.
NEWS_PAIRS = [
    (
        "The minister said on Tuesday that the talks would resume next week in Geneva.",
        "The talks will resume in Geneva next week, the minister said on Tuesday.",
    ),
    (
        "Prices for bread rose by 12 % in March, the statistics office reported.",
        "According to the statistics office, the price of bread went up 12% in March.",
    ),
    (
        "Rescue teams worked through the night to reach the miners trapped underground.",
        "Rescuers worked all night to reach the trapped miners.",
    ),
    ("", "The match was postponed because of heavy snow."),
    ("The match was postponed.", ""),
    (
        "In the north of the country, floods destroyed roads, bridges and hundreds of homes.",
        "Floods destroyed hundreds of homes, roads and bridges in the north of the country.",
    ),
    (
        'He told reporters: "We will not give up", and left the building without further comment.',
        '"We will not give up," he told journalists before leaving the building without comment.',
    ),
    (
        "The company, which employs 4,500 people, plans to open a new plant in 2027.",
        "The firm plans to open a new factory in 2027; it employs 4.500 people.",
    ),
    (
        "SHARES OF THE BANK FELL SHARPLY AFTER THE ANNOUNCEMENT &amp; ANALYSTS CUT THEIR FORECASTS.",
        "Shares of the bank fell sharply after the announcement, and analysts cut their forecasts.",
    ),
    (
        "the the the government government said said that that",
        "the government said that the the government said that",
    ),
]

TOKENISER_OPTIONS = [
    {},
    {"case_sensitive": True},
    {"normalized": True},
    {"no_punct": True},
    {"normalized": True, "no_punct": True, "asian_support": True, "case_sensitive": True},
]


@pytest.mark.parametrize("options", TOKENISER_OPTIONS)
def test_news_pairs_statistics_scores_and_signature(options: dict[str, bool]) -> None:
    compiled_module()
    hyps = [hyp for hyp, _ in NEWS_PAIRS]
    refs = [ref for _, ref in NEWS_PAIRS]
    second = [ref.replace("the ", "a ", 1) for ref in reversed(refs)]  # a second reference per segment
    for streams in ([refs], [refs, second]):
        expected, fast = TER(**options), FastTER(**options)
        assert fast._extract_corpus_statistics(hyps, streams) == expected._extract_corpus_statistics(
            hyps, streams
        )
        expected_score, fast_score = expected.corpus_score(hyps, streams), fast.corpus_score(hyps, streams)
        assert (fast_score.score, fast_score.num_edits, fast_score.ref_length) == (
            expected_score.score,
            expected_score.num_edits,
            expected_score.ref_length,
        )
        assert fast.get_signature().format() == expected.get_signature().format()


def test_each_news_pair_alone() -> None:
    for hyp, ref in NEWS_PAIRS:
        assert FastTER().sentence_score(hyp, [ref]).score == TER().sentence_score(hyp, [ref]).score


def test_fallback_when_the_extension_is_hidden(monkeypatch: pytest.MonkeyPatch) -> None:
    """No compiled module (no compiler at install): sacrebleu's own count, same statistics."""
    monkeypatch.setitem(sys.modules, "qa.metrics._ter", None)  # makes the import raise ImportError
    monkeypatch.delattr(sys.modules["qa.metrics"], "_ter", raising=False)
    assert sacre._load_compiled("_ter", TER_ALGORITHM_VERSION) is None
    fallback = FastTER(compiled=None)
    assert fallback._edits is None
    hyps = [hyp for hyp, _ in NEWS_PAIRS]
    refs = [[ref for _, ref in NEWS_PAIRS]]
    assert fallback._extract_corpus_statistics(hyps, refs) == TER()._extract_corpus_statistics(hyps, refs)


def _fake_build(version: int, source_sha256: str) -> object:
    """A stand-in for a built module beside the real _ter.pyx."""
    module = type(sys)("qa.metrics._ter")
    module.__file__ = str(PYX.with_name("_ter.cpython-311-x86_64-linux-gnu.so"))
    module.ALGORITHM_VERSION = version  # type: ignore[attr-defined]
    module.SOURCE_SHA256 = source_sha256  # type: ignore[attr-defined]
    module.translation_edits = lambda hyp, ref: (0, len(ref))  # type: ignore[attr-defined]
    return module


def test_stale_builds_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """A build of another version, or of another text of _ter.pyx than the one beside it (the
    source edited without a rebuild), is not used; a warning says to rebuild."""
    current = hashlib.sha256(PYX.read_bytes()).hexdigest()
    monkeypatch.delattr(sys.modules["qa.metrics"], "_ter", raising=False)
    for stale in (
        _fake_build(TER_ALGORITHM_VERSION - 1, current),
        _fake_build(TER_ALGORITHM_VERSION, "0" * 64),
    ):
        monkeypatch.setitem(sys.modules, "qa.metrics._ter", stale)
        with pytest.warns(RuntimeWarning, match="another _ter.pyx"):
            assert sacre._load_compiled("_ter", TER_ALGORITHM_VERSION) is None
    for current_build in (
        _fake_build(TER_ALGORITHM_VERSION, current),
        _fake_build(TER_ALGORITHM_VERSION, ""),
    ):
        monkeypatch.setitem(sys.modules, "qa.metrics._ter", current_build)
        assert sacre._load_compiled("_ter", TER_ALGORITHM_VERSION) is current_build


def test_compiled_result_none_falls_back_to_sacrebleu() -> None:
    """Where the compiled search gives up (returns None), sacrebleu's count is used."""
    gives_up = type(sys)("gives_up")
    gives_up.translation_edits = lambda hyp, ref: None  # type: ignore[attr-defined]
    hyps = [hyp for hyp, _ in NEWS_PAIRS]
    refs = [[ref for _, ref in NEWS_PAIRS]]
    assert FastTER(compiled=gives_up)._extract_corpus_statistics(
        hyps, refs
    ) == TER()._extract_corpus_statistics(hyps, refs)


def test_sacre_metrics_uses_the_compiled_ter() -> None:
    assert isinstance(SacreMetrics()._ter, FastTER)
    assert SacreMetrics()._ter._edits is not None or sacre._COMPILED_TER is None
