"""Work kept or shortened for speed (the no-model pass): it must give exactly what the plain
computation gives. Each test sets the fast path against a straightforward reference."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

import pytest
from anyascii import anyascii
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sacrebleu.metrics import BLEU, CHRF

from qa.align import align_sentences, anchor_similarity, lexical_similarity
from qa.checks import entities as entities_module
from qa.checks.entities import EntityCheck, Witness, alias_index, reference_witness
from qa.checks.numbers import NumberCheck, quantities_by_sentence, witness_quantities
from qa.config import Config
from qa.document import Document, Text
from qa.metrics import sacre
from qa.metrics.sacre import MemoBLEU, MemoCHRF
from qa.names import english as english_module
from qa.names import russian as russian_module
from qa.names.engine import NameEngine
from qa.pipeline import prepare

WORDS = ["the", "The", "ministry", "said", "Peskov", "a", "talks", "Moscow", "of", "in", "2022", "1.5"]
PUNCTUATION = [",", ".", "!", "?", '"', "(", ")", "-", "'s", "’", ":", ";", "—"]


@st.composite
def sentences(draw: st.DrawFn) -> str:
    """Short English-like sentences from a small vocabulary, so n-grams repeat and match."""
    parts = draw(st.lists(st.sampled_from(WORDS + PUNCTUATION), min_size=0, max_size=18))
    spaces = draw(st.lists(st.sampled_from(["", " ", " ", "  "]), min_size=len(parts), max_size=len(parts)))
    return "".join(p + s for p, s in zip(parts, spaces, strict=True)).strip()


# -- sacrebleu ----------------------------------------------------------------------------------

CHRF_SETTINGS = [
    {},
    {"word_order": 2},
    {"word_order": 2, "lowercase": True},
    {"char_order": 4, "whitespace": True},
]
BLEU_SETTINGS = [{}, {"effective_order": True}, {"lowercase": True}]


@pytest.fixture(params=["compiled", "python"])
def ngram_path(request: pytest.FixtureRequest) -> Iterator[str]:
    """Each test below runs with the compiled n-gram matcher and with the pure-Python fallback."""
    if request.param == "compiled" and sacre._COMPILED_NGRAMS is None:
        pytest.skip("the compiled n-gram matcher is not built here")
    saved = sacre._COMPILED_NGRAMS
    if request.param == "python":
        sacre._COMPILED_NGRAMS = None
    _clear_segment_memos()
    yield request.param
    sacre._COMPILED_NGRAMS = saved
    _clear_segment_memos()


def _clear_segment_memos() -> None:
    for memo in (sacre._char_match_statistics, sacre._word_match_statistics, sacre._bleu_orders):
        memo.cache_clear()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    hyps=st.lists(sentences(), min_size=1, max_size=4),
    refs=st.lists(sentences(), min_size=4, max_size=8),
    two=st.booleans(),
)
def test_memo_metrics_equal_sacrebleu(ngram_path: str, hyps: list[str], refs: list[str], two: bool) -> None:
    first = refs[: len(hyps)]
    streams = [first, refs[-len(hyps) :]] if two else [first]
    for options in CHRF_SETTINGS:
        plain, memo = CHRF(**options), MemoCHRF(**options)
        for _ in range(2):  # the second time from the kept n-grams
            assert memo.corpus_score(hyps, streams).score == plain.corpus_score(hyps, streams).score
            assert memo.get_signature().format() == plain.get_signature().format()
            for hyp, *group in zip(hyps, *streams, strict=True):
                assert memo.sentence_score(hyp, group).score == plain.sentence_score(hyp, group).score
    for options in BLEU_SETTINGS:
        plain_bleu, memo_bleu = BLEU(**options), MemoBLEU(**options)
        for _ in range(2):
            ours, theirs = memo_bleu.corpus_score(hyps, streams), plain_bleu.corpus_score(hyps, streams)
            assert (ours.score, ours.counts, ours.totals, ours.sys_len, ours.ref_len) == (
                theirs.score,
                theirs.counts,
                theirs.totals,
                theirs.sys_len,
                theirs.ref_len,
            )
            assert memo_bleu.get_signature().format() == plain_bleu.get_signature().format()
            if options.get("effective_order"):
                for hyp, *group in zip(hyps, *streams, strict=True):
                    assert (
                        memo_bleu.sentence_score(hyp, group).score
                        == plain_bleu.sentence_score(hyp, group).score
                    )


def _plain_matches(hyp: list[int] | str, ref: list[int] | str, order: int) -> int:
    """sum(min(count in hyp, count in ref)) over the n-grams of one order, by Counter."""

    def grams(seq: list[int] | str) -> Counter[tuple[int | str, ...]]:
        return Counter(tuple(seq[i : i + order]) for i in range(len(seq) - order + 1))

    return sum((grams(hyp) & grams(ref)).values())


@pytest.mark.skipif(sacre._COMPILED_NGRAMS is None, reason="the compiled n-gram matcher is not built here")
@settings(max_examples=200, deadline=None)
@given(
    hyp=st.text(alphabet="ab c\U0001f600\u0416", max_size=40),
    ref=st.text(alphabet="ab c\U0001f600\u0416", max_size=40),
    ids=st.lists(st.integers(0, 2**32 - 1), min_size=1, max_size=3),
    picks=st.lists(st.integers(0, 2), max_size=30),
    other=st.lists(st.integers(0, 2), max_size=30),
    max_order=st.integers(0, 7),
)
def test_compiled_matches_equal_clipped_counts(
    hyp: str, ref: str, ids: list[int], picks: list[int], other: list[int], max_order: int
) -> None:
    """Repeats, characters beyond the BMP, empty sides, orders longer than the sequences."""
    compiled = sacre._COMPILED_NGRAMS
    expected = [_plain_matches(hyp, ref, n) for n in range(1, max_order + 1)]
    assert compiled.char_match_counts(hyp, ref, max_order) == expected
    words_hyp = [ids[p % len(ids)] for p in picks]
    words_ref = [ids[p % len(ids)] for p in other]
    expected = [_plain_matches(words_hyp, words_ref, n) for n in range(1, max_order + 1)]
    assert compiled.match_counts(words_hyp, words_ref, max_order) == expected


# -- alignment ----------------------------------------------------------------------------------


def _plain_lexical(hyp: Text, other: Text):  # type: ignore[no-untyped-def]
    """The trigram Dice similarity written out directly (as before the speed work)."""

    def profile(text: str) -> frozenset[str]:
        padded = f"  {text.lower()}  "
        return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))

    def similarity(hyp_ids: tuple[int, ...], other_ids: tuple[int, ...]) -> float:
        left = frozenset().union(*(profile(hyp.sentences[i].text) for i in hyp_ids))
        right = frozenset().union(*(profile(other.sentences[j].text) for j in other_ids))
        total = len(left) + len(right)
        if not total:
            return 0.0
        hyp_length = sum(len(hyp.sentences[i].text) for i in hyp_ids)
        other_length = sum(len(other.sentences[j].text) for j in other_ids)
        ratio = min(hyp_length, other_length) / max(hyp_length, other_length, 1)
        return 2 * len(left & right) / total * ratio**0.5

    return similarity


def _plain_anchor(hyp: Text, other: Text):  # type: ignore[no-untyped-def]
    anchor = re.compile(r"\d+(?:[.,]\d+)?|[A-Za-z][A-Za-z-]{2,}")
    name = re.compile(r"\b[A-ZА-ЯЁ][a-zа-яё]{3,}")
    names = bool(name.search(other.content))  # name stems only between two alphabetic texts
    total_hyp = sum(len(s.text) for s in hyp.sentences) or 1
    total_other = sum(len(s.text) for s in other.sentences) or 1

    def features(text: str) -> frozenset[str]:
        stems = {"~" + anyascii(w)[:4].lower() for w in name.findall(text)} if names else set()
        return frozenset(anchor.findall(text.lower())) | stems

    def similarity(hyp_ids: tuple[int, ...], other_ids: tuple[int, ...]) -> float:
        left = frozenset().union(*(features(hyp.sentences[i].text) for i in hyp_ids))
        right = frozenset().union(*(features(other.sentences[j].text) for j in other_ids))
        share_hyp = sum(len(hyp.sentences[i].text) for i in hyp_ids) / total_hyp
        share_other = sum(len(other.sentences[j].text) for j in other_ids) / total_other
        length = min(share_hyp, share_other) / max(share_hyp, share_other, 1e-9)
        if left or right:
            return 0.5 * length + 0.5 * 2 * len(left & right) / (len(left) + len(right))
        return 0.8 * length

    return similarity


@settings(max_examples=60, deadline=None)
@given(hyp=st.lists(sentences(), min_size=1, max_size=6), other=st.lists(sentences(), min_size=1, max_size=6))
def test_model_free_similarities_equal_the_plain_formulas(hyp: list[str], other: list[str]) -> None:
    hyp_text = Text("\n".join(hyp), "en")
    other_text = Text("\n".join(other), "en")
    n, m = len(hyp_text.sentences), len(other_text.sentences)
    groups = [(k,) for k in range(max(n, m))] + [(k, k + 1) for k in range(max(n, m) - 1)]
    for fast, plain in (
        (lexical_similarity(hyp_text, other_text), _plain_lexical(hyp_text, other_text)),
        (anchor_similarity(hyp_text, other_text), _plain_anchor(hyp_text, other_text)),
    ):
        for left in (g for g in groups if g[-1] < n):
            for right in (g for g in groups if g[-1] < m):
                assert fast(left, right) == plain(left, right)
        assert align_sentences(n, m, fast, 0.3) == align_sentences(n, m, plain, 0.3)


# -- names --------------------------------------------------------------------------------------

TOKEN_PIECES = [
    "Ivan",
    "Petrov",
    "said",
    "«",
    "(",
    '"',
    " ",
    "  ",
    "\t",
    "\n",
    ".",
    "Mr.",
    "N.",
    "x",
    "’s",
    "—",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(TOKEN_PIECES), max_size=30))
def test_line_starts_equal_the_plain_rule(pieces: list[str]) -> None:
    text = "".join(pieces)
    for token in english_module._tokens(text):
        line_start = text.rfind("\n", 0, token.start) + 1
        if text[line_start : token.start].strip(" \t\"'“‘«(") == "":
            assert token.sentence_start
    # and nothing else changed: the same text on one line gives the same tokens
    flat = english_module._tokens(text.replace("\n", " "))
    multi = english_module._tokens(text)
    assert [(t.text, t.start, t.kind) for t in flat] == [(t.text, t.start, t.kind) for t in multi]


def test_line_starts_only_where_the_plain_rule_says() -> None:
    text = 'Ivan Petrov said.\n  «Maria Ivanova» met\n\t(Sergei Lavrov) and "Boris Gryzlov"\nx Peskov'
    tokens = english_module._tokens(text)
    flagged = {t.text for t in tokens if t.sentence_start and t.kind == "word"}
    assert flagged == {"Ivan", "Maria", "Sergei", "x"}


RUSSIAN_PIECES = [
    "Дмитрий",
    "Песков",
    "сказал",
    "Марии",
    "Захаровой",
    " ",
    ". ",
    ", ",
    "«",
    "в",
    "Москве",
    "А.",
    "-",
]


_OLD_RUSSIAN_WORD = re.compile(r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?|[А-ЯЁ]\.|[^\s]")


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(RUSSIAN_PIECES), max_size=25))
def test_russian_word_runs_change_no_name(pieces: list[str]) -> None:
    text = "".join(pieces)
    fast = russian_module.extract_russian_names(text)
    with pytest.MonkeyPatch.context() as patched:  # one token per lower-case letter, as before
        patched.setattr(russian_module, "_WORD", _OLD_RUSSIAN_WORD)
        assert russian_module.extract_russian_names(text) == fast


def test_cached_nominatives_equal_fresh_ones() -> None:
    for word in ("Захаровой", "Никифорова", "Песков", "Марии"):
        parses = russian_module._name_parses(word)
        for gender in (None, "masc", "femn"):
            for want in ("Name", "Surn", "Patr"):
                if parses:
                    assert russian_module._word_nominatives(
                        word, gender, want
                    ) == russian_module._nominatives(word, parses, gender, want)


REF = "Kremlin spokesman Dmitry Peskov said Maria Zakharova would attend."
SRC = "Пресс-секретарь Кремля Дмитрий Песков сказал, что Мария Захарова приедет."


def test_expected_persons_are_remembered_but_never_shared() -> None:
    engine = NameEngine()
    first = engine.expected_from_english(REF)
    again = engine.expected_from_english(REF)
    assert again == first and all(a is not b for a, b in zip(again, first, strict=True))
    assert engine.expected_from_russian(SRC) == NameEngine().expected_from_russian(SRC)
    hyp = "Dmitri Peskow said Mariya Zakharova would come."
    warm = engine.check(hyp, refs=[REF, REF], src=SRC, src_lang="ru")
    assert warm == NameEngine().check(hyp, refs=[REF, REF], src=SRC, src_lang="ru")


# -- entities and numbers -----------------------------------------------------------------------


def _plain_groups(text: str) -> dict[int, frozenset[str]]:
    """Every one- to four-word alias look-up, without stopping at words no alias continues."""
    tokens = entities_module._tokens(text)
    folded = [t.folded for t in tokens]
    groups: dict[int, set[str]] = {}
    for i in range(len(tokens)):
        for n in range(1, 5):
            if i + n > len(tokens):
                break
            if n == 1 and not tokens[i].capitalised and len(folded[i]) <= 3:
                continue
            alias = " ".join(folded[i : i + n])
            for group in alias_index().get(alias, ()):
                groups.setdefault(group, set()).add(alias)
        if "-" in tokens[i].text:  # each capitalised part of China-US on its own, as Witness does
            for raw in tokens[i].text.split("-"):
                part = entities_module._fold(raw)
                if raw[:1].isupper() and (len(part) > 3 or raw.isupper()):
                    for group in alias_index().get(part, ()):
                        groups.setdefault(group, set()).add(part)
    return {group: frozenset(aliases) for group, aliases in groups.items()}


@pytest.mark.parametrize(
    "text",
    [
        "Talks between the United States of America and the United Arab Emirates in Hong Kong.",
        "The UN and the North Atlantic Treaty Organization met in Saint Petersburg and St. Petersburg.",
        "us and who said the Islamic State in Côte d'Ivoire",
        "China-US trade, Xinhua News Agency reported from the Czech Republic.",
    ],
)
def test_witness_alias_groups_equal_every_lookup(text: str) -> None:
    witness = Witness(text)
    plain = _plain_groups(text)
    assert witness.groups == plain


DOC_HYP = "Qatar won the cup in Doha on 14 September, Reuters said. Sales rose 15% to $3 million."
DOC_REF = "The U.S. won the cup in Doha on September 14, AP said. Sales rose 15 percent to $3.5 million."


def test_reference_views_are_kept_and_equal_fresh_ones() -> None:
    document = Document("d", Text(DOC_HYP, "en"), [Text(DOC_REF, "en"), Text(DOC_REF, "en")])
    aligned = prepare(document, Config(no_model=True))
    checks = (EntityCheck(), NumberCheck())
    first = [sorted(c.run(aligned, None), key=repr) for c in checks]
    again = [sorted(c.run(aligned, None), key=repr) for c in checks]
    assert again == first
    assert reference_witness(DOC_REF).groups == Witness(DOC_REF).groups
    assert witness_quantities(Text(DOC_REF, "en")) == quantities_by_sentence(Text(DOC_REF, "en"))
    entities_module.reference_witness.cache_clear()
    entities_module._reference_entities.cache_clear()
    assert [sorted(c.run(aligned, None), key=repr) for c in checks] == first


@settings(max_examples=300, deadline=None)
@given(
    line=st.lists(
        st.sampled_from(
            [*map(chr, range(0x20, 0x7F)), "\n", "-\n", "é", "—", "&quot;", "&amp;", "&lt;", "<skipped>"]
        ),
        max_size=40,
    ).map("".join)
)
def test_13a_tokenizer_equals_sacrebleus(line: str) -> None:
    """Every ASCII symbol, digits around dashes and periods, entities, line breaks."""
    from sacrebleu.tokenizers.tokenizer_13a import Tokenizer13a

    assert sacre.tokenize_13a(line) == Tokenizer13a()(line)


@settings(max_examples=80, deadline=None)
@given(hyp=sentences(), ref=sentences())
def test_pair_scores_equal_sentence_scores(hyp: str, ref: str) -> None:
    """The fidelity features' sentence chrF and BLEU without sacrebleu's checks: the same numbers."""
    for metric in (MemoCHRF(), MemoBLEU(effective_order=True), CHRF(), BLEU(effective_order=True)):
        assert sacre.pair_score(metric, hyp, ref) == metric.sentence_score(hyp, [ref]).score
