"""BLEU, chrF++ and TER through sacrebleu, each with sacrebleu's own signature.

The segments are chosen so that the figures can be reproduced with sacrebleu's command
line: when the hypothesis and every reference have the same number of lines (the layout
the command line expects) they are scored line by line as a corpus ("lines"). Otherwise
the segments are the sentence-alignment pairs with the first reference ("aligned"): each
hypothesis group with its reference sentences, an unmatched sentence on either side
against an empty segment. Further references are projected onto the same segments through
their own alignments. (Scoring a whole article as one segment would make TER's shift
search take seconds per document.) `signatures["segmentation"]` says which was used.
Per-sentence scores (on the matched pairs of the first reference) are available from
`SacreMetrics.sentence_scores`; `score` leaves them out because no caller reads them and they
cost as much as the document scores.

The metric objects are sacrebleu's own classes (`MemoBLEU`, `MemoCHRF`) with one difference:
the n-grams of a segment are extracted once and kept for a while (the corpus scores read each
line, the fidelity features read the same sentences again, and several translations of one
article share its reference), and the matching counts them with set operations. The counts,
hence every score and signature, are exactly sacrebleu's (tests/test_metrics_sacre.py).

TER is sacrebleu's `TER` class (tokenisation, references, signature) with the edit count of
each segment computed by the compiled `qa.metrics._ter` (built from _ter.pyx at install): exactly
sacrebleu's counts, many times faster (tests/test_ter_fast.py). Without it (no C compiler at
install, or a stale build of another version) sacrebleu's own pure-Python count is used.
"""

from __future__ import annotations

import hashlib
import importlib
import itertools
import re
import warnings
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from sacrebleu.metrics import BLEU, CHRF, TER
from sacrebleu.metrics.lib_ter import translation_edit_rate

from qa.align import matched
from qa.config import Config
from qa.document import AlignedDocument, Alignment, MetricScores

try:  # the C helper behind Counter.update, without its per-call type checks
    from collections import _count_elements  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - another Python implementation

    def _count_elements(mapping: dict[Any, int], iterable: Any) -> None:
        for element in iterable:
            mapping[element] = mapping.get(element, 0) + 1


# The versions of the compiled modules this module was written for (their ALGORITHM_VERSION).
TER_ALGORITHM_VERSION = 1
NGRAMS_ALGORITHM_VERSION = 1


def _stale(module: Any, version: int) -> bool:
    """Built from another .pyx: another version, or (where the source is beside the module, as
    in an editable install) another text than the source there now."""
    if getattr(module, "ALGORITHM_VERSION", None) != version:
        return True
    built_from = getattr(module, "SOURCE_SHA256", "")
    source = Path(module.__file__).with_name(module.__name__.rpartition(".")[2] + ".pyx")
    if not built_from or not source.is_file():
        return False
    return hashlib.sha256(source.read_bytes()).hexdigest() != built_from


def _load_compiled(name: str, version: int) -> Any:
    """A compiled helper module of qa.metrics, or None (not built, or built from another .pyx)."""
    try:
        module = importlib.import_module(f"qa.metrics.{name}")
    except ImportError:
        return None
    if _stale(module, version):
        warnings.warn(
            f"qa.metrics.{name} was built from another {name}.pyx; rebuild it "
            "(pip install -e .). Using the slower pure-Python code meanwhile.",
            RuntimeWarning,
            stacklevel=2,
        )
        return None
    return module


_COMPILED_TER = _load_compiled("_ter", TER_ALGORITHM_VERSION)
_COMPILED_NGRAMS = _load_compiled("_ngrams", NGRAMS_ALGORITHM_VERSION)


class FastTER(TER):
    """sacrebleu's TER with each hypothesis-reference edit count from the compiled module.

    `compiled` is the module (None: sacrebleu's `translation_edit_rate`, same results). The
    signature is TER's own: this class adds no signature field.
    """

    def __init__(self, compiled: Any = _COMPILED_TER, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._edits = compiled.translation_edits if compiled is not None else None

    def _compute_segment_statistics(self, hypothesis: str, ref_kwargs: dict[str, Any]) -> list[float]:
        """As `TER._compute_segment_statistics`: [fewest edits over the references, mean ref length]."""
        words_hyp = hypothesis.split()
        ref_words = ref_kwargs["ref_words"]
        ref_lengths = 0
        best_num_edits = int(1e16)
        for words_ref in ref_words:
            num_edits, ref_len = self._count(words_hyp, words_ref)
            ref_lengths += ref_len
            best_num_edits = min(best_num_edits, num_edits)
        return [best_num_edits, ref_lengths / len(ref_words)]

    def _count(self, words_hyp: list[str], words_ref: list[str]) -> tuple[int, int]:
        """(edits, reference length); sacrebleu's own count where the compiled one gives up (it
        returns None when out of memory or on a path sacrebleu itself rejects with an error)."""
        counted = self._edits(words_hyp, words_ref) if self._edits is not None else None
        return counted if counted is not None else translation_edit_rate(words_hyp, words_ref)


def scoring_units(doc: AlignedDocument) -> tuple[str, list[str], list[list[str]]]:
    """("lines" | "aligned", hypothesis segments, one segment list per reference)."""
    hyp, refs = doc.doc.hyp, doc.doc.refs
    if all(len(ref.lines) == len(hyp.lines) for ref in refs):
        return "lines", hyp.lines, [ref.lines for ref in refs]
    first = doc.ref_alignments[0]
    hyp_segments = [first.hyp_text(hyp, pair) for pair in first.pairs]
    streams = [[first.other_text(pair) for pair in first.pairs]]
    for alignment in doc.ref_alignments[1:]:
        streams.append(_project(first, alignment))
    return "aligned", hyp_segments, streams


def _project(first: Alignment, other: Alignment) -> list[str]:
    """The sentences of another reference, grouped by the segments of the first alignment.

    A sentence of the other reference goes to the segment holding the hypothesis sentence
    it is aligned with; an unmatched one joins the segment of the sentence before it.
    """
    segment_of_hyp = {i: index for index, pair in enumerate(first.pairs) for i in pair.hyp}
    pieces: list[list[int]] = [[] for _ in first.pairs]
    current = 0
    for pair in other.pairs:
        if pair.hyp:
            current = segment_of_hyp[pair.hyp[0]]
        if pieces:
            pieces[current].extend(pair.other)
    return [" ".join(other.other.sentences[j].text for j in sorted(group)) for group in pieces]


# Distinct segments whose n-grams are kept (per kind of n-gram): a few documents' worth.
SEGMENT_MEMO = 256


# The n-grams of one order of a segment: (counts, total, whether every count is 1). When every
# n-gram occurs once (the common case from trigrams up), the clipped match count with any other
# segment is just the number of shared n-grams. (Plain tuples of dicts of strings: the garbage
# collector stops tracking them, which keeps its full passes short.)
_Grams = tuple[dict[Any, int], int, bool]


def _grams(grams: list[Any]) -> _Grams:
    counts = dict.fromkeys(grams, 1)  # right when no n-gram repeats (one hash per n-gram)
    if len(counts) < len(grams):
        counts = {}
        _count_elements(counts, grams)
    return counts, len(grams), len(counts) == len(grams)


def _matches(hyp: _Grams, ref: _Grams) -> int:
    """sum(min(hyp[g], ref[g])) over the shared n-grams g: sacrebleu's clipped match count."""
    hyp_counts, _, hyp_ones = hyp
    ref_counts, _, ref_ones = ref
    shared = hyp_counts.keys() & ref_counts.keys()
    if hyp_ones or ref_ones:
        return len(shared)
    total = 0
    for gram in shared:
        a, b = hyp_counts[gram], ref_counts[gram]
        total += a if a < b else b
    return total


def _merged(left: _Grams, right: _Grams) -> _Grams:
    """Two references' n-grams, each counted as often as in the reference that has it most."""
    combined = dict(left[0])
    for gram, count in right[0].items():
        combined[gram] = max(combined.get(gram, 0), count)
    total = sum(combined.values())
    return combined, total, len(combined) == total


def _word_grams(words: list[str], order: int) -> list[str]:
    """The word n-grams of one order, space-joined as sacrebleu's chrF++ writes them (BLEU's
    tuples of the same words stand one to one for these strings: no word holds a space)."""
    if order == 1:
        return words
    return list(map(" ".join, zip(*(words[k:] for k in range(order)), strict=False)))


@lru_cache(maxsize=SEGMENT_MEMO)
def _char_orders(segment: str, char_order: int, whitespace: bool) -> tuple[_Grams, ...]:
    """As sacrebleu's `extract_all_char_ngrams`."""
    line = segment if whitespace else "".join(segment.split())
    return tuple(
        _grams([line[i : i + n] for i in range(len(line) - n + 1)]) for n in range(1, char_order + 1)
    )


_PUNCTUATION_SPLITTER = CHRF(word_order=2)


@lru_cache(maxsize=SEGMENT_MEMO)
def _chrf_word_orders(segment: str, word_order: int) -> tuple[_Grams, ...]:
    """As chrF++'s word n-grams (`CHRF._remove_punctuation`, then `extract_word_ngrams`)."""
    words = _PUNCTUATION_SPLITTER._remove_punctuation(segment)
    return tuple(_grams(_word_grams(words, n)) for n in range(1, word_order + 1))


def _order_statistics(hyp_orders: Sequence[_Grams], ref_orders: Sequence[_Grams]) -> list[int]:
    """chrF's [hyp, ref, match] per n-gram order of one segment pair."""
    stats: list[int] = []
    for hyp_grams, ref_grams in zip(hyp_orders, ref_orders, strict=True):
        # sacrebleu counts no hypothesis n-grams where the reference has none of the order
        stats.extend((hyp_grams[1] if ref_grams[1] else 0, ref_grams[1], _matches(hyp_grams, ref_grams)))
    return stats


def _compiled_statistics(hyp_length: int, ref_length: int, matches: list[int]) -> list[int]:
    """`_order_statistics` from the lengths of two sequences and their matches per order."""
    stats: list[int] = []
    for order, count in enumerate(matches, start=1):
        ref_total = max(ref_length - order + 1, 0)
        stats.extend((max(hyp_length - order + 1, 0) if ref_total else 0, ref_total, count))
    return stats


def _word_ids(hyp: list[str], ref: list[str]) -> tuple[list[int], list[int]]:
    """The words of two segments as integers, equal words as equal integers."""
    ids: dict[str, int] = {}
    return [ids.setdefault(w, len(ids)) for w in hyp], [ids.setdefault(w, len(ids)) for w in ref]


@lru_cache(maxsize=SEGMENT_MEMO)
def _char_match_statistics(hyp: str, ref: str, char_order: int, whitespace: bool) -> tuple[int, ...]:
    """The character orders' statistics of one segment pair (chrF and chrF++ share them)."""
    if _COMPILED_NGRAMS is not None:
        hyp_line = hyp if whitespace else "".join(hyp.split())
        ref_line = ref if whitespace else "".join(ref.split())
        matches = _COMPILED_NGRAMS.char_match_counts(hyp_line, ref_line, char_order)
        return tuple(_compiled_statistics(len(hyp_line), len(ref_line), matches))
    hyp_orders = _char_orders(hyp, char_order, whitespace)
    return tuple(_order_statistics(hyp_orders, _char_orders(ref, char_order, whitespace)))


@lru_cache(maxsize=SEGMENT_MEMO)
def _word_match_statistics(hyp: str, ref: str, word_order: int) -> tuple[int, ...]:
    """chrF++'s word orders' statistics of one segment pair."""
    if _COMPILED_NGRAMS is not None:
        hyp_words = _PUNCTUATION_SPLITTER._remove_punctuation(hyp)
        ref_words = _PUNCTUATION_SPLITTER._remove_punctuation(ref)
        matches = _COMPILED_NGRAMS.match_counts(*_word_ids(hyp_words, ref_words), word_order)
        return tuple(_compiled_statistics(len(hyp_words), len(ref_words), matches))
    return tuple(_order_statistics(_chrf_word_orders(hyp, word_order), _chrf_word_orders(ref, word_order)))


class MemoCHRF(CHRF):
    """sacrebleu's chrF / chrF++ with each segment pair's statistics counted once (see the module notes)."""

    def _extract_reference_info(self, refs: Sequence[str]) -> dict[str, Any]:
        return {"ref_ngrams": list(refs)}

    def _compute_segment_statistics(self, hypothesis: str, ref_kwargs: dict[str, Any]) -> list[int]:
        """As `CHRF._compute_segment_statistics`: the best reference's [hyp, ref, match] per order."""
        best_stats: list[int] = []
        best_f_score = -1.0
        refs = ref_kwargs["ref_ngrams"]
        for ref in refs:
            stats = list(_char_match_statistics(hypothesis, ref, self.char_order, self.whitespace))
            if self.word_order > 0:
                stats.extend(_word_match_statistics(hypothesis, ref, self.word_order))
            if len(refs) == 1:
                return stats  # the only reference is the best one
            f_score = self._compute_f_score(stats)
            if f_score > best_f_score:
                best_f_score = f_score
                best_stats = stats
        return best_stats


@lru_cache(maxsize=SEGMENT_MEMO)
def _bleu_orders(tokenized: str, max_order: int) -> tuple[tuple[_Grams, ...], int]:
    """As sacrebleu's `extract_all_word_ngrams`, one entry per order, and the length."""
    tokens = tokenized.split()
    return tuple(_grams(_word_grams(tokens, n)) for n in range(1, max_order + 1)), len(tokens)


@lru_cache(maxsize=SEGMENT_MEMO)
def _tokenized(tokenizer: str, lowercase: bool, sent: str) -> str:
    """`BLEU._preprocess_segment`."""
    if lowercase:
        sent = sent.lower()
    return _TOKENIZERS[tokenizer](sent.rstrip())


# sacrebleu's 13a rules (tokenizer_13a.py, tokenizer_re.py) with the first rule, which puts
# spaces around every symbol and space, as one `str.translate` instead of a regular expression
# whose every match runs a Python template (most of a one-sentence document's tokenising).
_13A_SYMBOLS = str.maketrans(
    {c: f" {c} " for c in map(chr, [*range(0x7B, 0x7F), *range(0x5B, 0x61), *range(0x20, 0x27)])}
    | {c: f" {c} " for c in map(chr, [*range(0x28, 0x2C), *range(0x3A, 0x41), 0x2F])}
)
_13A_RULES = (
    (re.compile(r"([^0-9])([\.,])"), r"\1 \2 "),
    (re.compile(r"([\.,])([^0-9])"), r" \1 \2"),
    (re.compile(r"([0-9])(-)"), r"\1 \2 "),
)
_13A_ENTITIES = (("&quot;", '"'), ("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">"))


def tokenize_13a(line: str) -> str:
    """sacrebleu's `Tokenizer13a()(line)`, the same string (tests/test_perf_memo.py)."""
    line = line.replace("<skipped>", "").replace("-\n", "").replace("\n", " ")
    if "&" in line:
        for entity, character in _13A_ENTITIES:
            line = line.replace(entity, character)
    line = f" {line} ".translate(_13A_SYMBOLS)
    for pattern, template in _13A_RULES:
        line = pattern.sub(template, line)
    return " ".join(line.split())


_TOKENIZERS: dict[str, Any] = {"13a": tokenize_13a}


class MemoBLEU(BLEU):
    """sacrebleu's BLEU with each segment tokenised and its n-grams extracted once."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        _TOKENIZERS.setdefault(self.tokenizer_signature, self.tokenizer)

    def _preprocess_segment(self, sent: str) -> str:
        return _tokenized(self.tokenizer_signature, self.lowercase, sent)

    def _extract_reference_info(self, refs: Sequence[str]) -> dict[str, Any]:
        """As `BLEU._extract_reference_info`: n-gram counts merged over the references by maximum
        (one reference's tokens as they are, when the compiled matcher counts against them)."""
        if _COMPILED_NGRAMS is not None and len(refs) == 1:
            return {"ref_tokens": refs[0].split()}
        merged: list[_Grams] | None = None
        ref_lens = []
        for ref in refs:
            orders, length = _bleu_orders(ref, self.max_ngram_order)
            ref_lens.append(length)
            if merged is None:
                merged = list(orders)
                continue
            for n, grams in enumerate(orders):
                merged[n] = _merged(merged[n], grams)
        return {"ref_ngrams": merged, "ref_lens": ref_lens}

    def _compute_segment_statistics(self, hypothesis: str, ref_kwargs: dict[str, Any]) -> list[int]:
        """As `BLEU._compute_segment_statistics`: [hyp len, ref len, correct..., total...]."""
        order = self.max_ngram_order
        if "ref_tokens" in ref_kwargs:
            hyp_tokens, ref_tokens = hypothesis.split(), ref_kwargs["ref_tokens"]
            hyp_len = len(hyp_tokens)
            correct = _COMPILED_NGRAMS.match_counts(*_word_ids(hyp_tokens, ref_tokens), order)
            totals = [max(hyp_len - n + 1, 0) for n in range(1, order + 1)]
            return [hyp_len, self._get_closest_ref_len(hyp_len, [len(ref_tokens)]), *correct, *totals]
        ref_orders, ref_lens = ref_kwargs["ref_ngrams"], ref_kwargs["ref_lens"]
        hyp_orders, hyp_len = _bleu_orders(hypothesis, order)
        ref_len = self._get_closest_ref_len(hyp_len, ref_lens)
        if ref_orders is None:  # no reference at all: nothing matches
            correct = [0] * order
        else:
            correct = [_matches(hyp, ref) for hyp, ref in zip(hyp_orders, ref_orders, strict=True)]
        return [hyp_len, ref_len, *correct, *(grams[1] for grams in hyp_orders)]


def pair_score(metric: BLEU | CHRF, hypothesis: str, reference: str) -> float:
    """`metric.sentence_score(hypothesis, [reference]).score`, the same number, without
    sacrebleu's argument checks and reference cache (a one-sentence document's fidelity
    features spent as long on those as on the counting)."""
    ref_info = metric._extract_reference_info([metric._preprocess_segment(reference)])
    stats = metric._compute_segment_statistics(metric._preprocess_segment(hypothesis), ref_info)
    return float(metric._compute_score_from_stats(stats).score)


# TER's shift search grows faster than the segment: a 33,000-word segment of one repeated word
# took 15 s and 0.3 GB, an 83,000-word one over 300 s and 21 GB; 10,000 words take about 1 s.
# sacrebleu's own TER (no compiled one) is quadratic: 4,000 words took 4-10 s and 0.3 GB,
# 2,000 words 1-3 s and 0.1 GB.
TER_MAX_WORDS = 10_000 if _COMPILED_TER is not None else 2_000


def _ter_too_long(hyp_segments: Sequence[str], ref_streams: Sequence[Sequence[str]]) -> bool:
    segments = itertools.chain(hyp_segments, *ref_streams)
    return any(len(segment) > TER_MAX_WORDS and len(segment.split()) > TER_MAX_WORDS for segment in segments)


class SacreMetrics:
    """sacrebleu's BLEU, chrF++ (word order 2) and TER against all references."""

    name = "sacrebleu"
    neural = False

    def __init__(self) -> None:
        self._sentence_bleu = MemoBLEU(effective_order=True)
        self._sentence_chrf = MemoCHRF(word_order=2)
        self._bleu = MemoBLEU()
        self._chrf = MemoCHRF(word_order=2)
        self._ter = FastTER()
        self._signatures: dict[tuple[str, int], str] = {}

    def score(self, doc: AlignedDocument, config: Config) -> MetricScores:
        refs = doc.doc.refs
        if not refs:
            return MetricScores()
        segmentation, hyp_segments, ref_streams = scoring_units(doc)
        result = MetricScores()
        for key in ("bleu", "chrf", "ter"):
            if key not in config.metrics:
                continue
            if key == "ter" and _ter_too_long(hyp_segments, ref_streams):
                # not scored rather than scored for minutes: the document has no TER
                result.signatures[key] = f"not scored: a segment of more than {TER_MAX_WORDS} words"
                continue
            metric = self._bleu if key == "bleu" else self._chrf if key == "chrf" else self._ter
            # `corpus_score` without its argument checks (these lists of strings are ours)
            corpus = metric._aggregate_and_compute(
                metric._extract_corpus_statistics(hyp_segments, ref_streams)
            )
            result.scores[key] = round(corpus.score, 4)
            result.signatures[key] = self._signature(key, metric)
        result.signatures["segmentation"] = segmentation
        return result

    def _signature(self, key: str, metric: Any) -> str:
        """The metric's signature, formatted once per metric and number of references (the only
        part of it that a corpus score sets)."""
        cache_key = (key, metric.num_refs)
        found = self._signatures.get(cache_key)
        if found is None:
            found = self._signatures[cache_key] = metric.get_signature().format()
        return found

    def sentence_scores(self, doc: AlignedDocument) -> list[dict[str, float]]:
        """Sentence BLEU and chrF++ of each matched pair with the first reference (on demand)."""
        if not doc.ref_alignments:
            return []
        alignment = doc.ref_alignments[0]
        hyp = doc.doc.hyp
        scores = []
        for pair in matched(alignment.pairs):
            hyp_text = alignment.hyp_text(hyp, pair)
            ref_text = alignment.other_text(pair)
            scores.append(
                {
                    "hyp_first": float(pair.hyp[0]),
                    "hyp_last": float(pair.hyp[-1]),
                    "bleu": round(self._sentence_bleu.sentence_score(hyp_text, [ref_text]).score, 4),
                    "chrf": round(self._sentence_chrf.sentence_score(hyp_text, [ref_text]).score, 4),
                }
            )
        return scores
