"""C101 omission and C102 addition: content on one side of the alignment with no counterpart.

A hypothesis sentence is an addition (C102) when
1. no reference alignment and no source alignment matched it, and
2. it is not a fragment of some reference/source sentence the alignment could not merge:
   less than a third of its content words occur anywhere in the references, and (with models)
   its best MiniLM cosine with any reference sentence is below 0.5 and its best USE cosine
   with any source sentence below 0.45.
A reference sentence (first reference; the source when there is no reference) is an
omission (C101) under the mirrored conditions (content-word share below 0.6: a news article
repeats its key words, so an omitted sentence often shares some with the rest). Short lines
are skipped: an addition needs two words, an omission five (bylines, datelines and photo
credits differ between versions).

The second condition is what keeps real sentences from being flagged when the alignment
leaves one out (a sentence split in three, a reordered paragraph): an advert pasted after an
article shares no content words with the article and is far from every sentence of it.

A sentence mostly in Cyrillic or CJK script is left to U101 (untranslated), not C102.
Additions are reported one finding per sentence, with the sentence's exact span. The reprint
note of a syndicated article ("This article is published in ...") is an addition relative to
the reference too, and is flagged: it is not a translation of anything in the source.
An omission has no text in the hypothesis, so its span is empty, placed where the missing
sentence would go (after the hypothesis sentence aligned before it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from qa.align import shares_anchor
from qa.checks.interface import CheckContext
from qa.document import AlignedDocument, Alignment, Finding, Sentence, Text
from qa.fidelity.features import foreign_script_ratio
from qa.rules import finding_at

_CONTENT_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_STOP = frozenset(
    """
    the a an and or but of to in on at by for with from as is are was were be been being it its
    this that these those he she they we you i his her their our your has have had not no
    will would can could should may might also than then there here which who whom whose what
    when where why how said says about into over after before more most such
    """.split()
)
ADDITION_MIN_WORDS = 2
OMISSION_MIN_WORDS = 5
WORD_SHARE_MAX = 1 / 3  # additions: an advert shares no content words with the article
OMISSION_WORD_SHARE_MAX = 0.6  # omissions: news repeats its key words, so be more lenient
ENGLISH_COSINE_MAX = 0.5
CROSS_COSINE_MAX = 0.45


def content_words(text: str) -> list[str]:
    """Lower-cased words that carry content (no stop words, no single letters)."""
    return [
        w for w in (m.group(0).lower() for m in _CONTENT_WORD.finditer(text)) if len(w) > 1 and w not in _STOP
    ]


def word_count(text: str) -> int:
    return len(_CONTENT_WORD.findall(text))


def word_share(words: Sequence[str], vocabulary: set[str]) -> float:
    """Share of `words` present in `vocabulary`, also accepting a shared 5-letter prefix."""
    if not words:
        return 1.0
    prefixes = {w[:5] for w in vocabulary if len(w) >= 5}
    found = sum(1 for w in words if w in vocabulary or (len(w) >= 5 and w[:5] in prefixes))
    return found / len(words)


def _matched_hyp(hyp: Text, alignments: Iterable[Alignment], use_model: bool) -> set[int]:
    """Hypothesis sentences with a counterpart. Without a model a cross-lingual match counts
    only when the pair shares a number or Latin word: the model-free cross-lingual similarity
    also pairs unrelated sentences of similar length (an advert with a source sentence)."""
    matched: set[int] = set()
    for alignment in alignments:
        trusted = use_model or alignment.other.lang == hyp.lang
        for pair in alignment.pairs:
            if pair.other and (
                trusted or shares_anchor(alignment.hyp_text(hyp, pair), alignment.other_text(pair))
            ):
                matched.update(pair.hyp)
    return matched


def _best_cosines(texts: list[str], others: list[str], english: bool) -> list[float]:
    """For each text, its best encoder cosine with any of `others` (0 when there are none)."""
    if not texts or not others:
        return [0.0] * len(texts)
    from qa.fidelity.encode.embed import cross_lingual_encoder, english_encoder

    encoder = english_encoder() if english else cross_lingual_encoder()
    left, right = encoder.encode(texts), encoder.encode(others)
    return [float(v) for v in (left @ right.T).max(axis=1)]


class CoverageCheck:
    """C101 omissions and C102 additions from the sentence alignments."""

    name = "coverage"
    rules = ("C101", "C102")

    def run(self, doc: AlignedDocument, context: CheckContext) -> Iterable[Finding]:
        use_model = not context.config.no_model
        findings = list(self._additions(doc, use_model))
        findings.extend(self._omissions(doc, use_model))
        return sorted(findings, key=Finding.sort_key)

    def _additions(self, doc: AlignedDocument, use_model: bool) -> Iterable[Finding]:
        hyp = doc.doc.hyp
        alignments = list(doc.ref_alignments)
        if doc.src_alignment is not None:
            alignments.append(doc.src_alignment)
        if not alignments:
            return
        if not doc.ref_alignments and not use_model:
            return  # source only and no encoder: too weak to accuse a sentence
        matched = _matched_hyp(hyp, alignments, use_model)
        candidates = [
            s
            for s in hyp.sentences
            if s.index not in matched
            and word_count(s.text) >= ADDITION_MIN_WORDS
            and foreign_script_ratio(s.text) <= 0.5  # text left in the source script is U101's
        ]
        if not candidates:
            return
        ref_sentences = [s.text for ref in doc.doc.refs for s in ref.sentences]
        vocabulary = {w for ref in doc.doc.refs for w in content_words(ref.content)}
        texts = [s.text for s in candidates]
        english_best = _best_cosines(texts, ref_sentences, english=True) if use_model else [0.0] * len(texts)
        src_sentences = [s.text for s in doc.doc.src.sentences] if doc.doc.src is not None else []
        cross_best = _best_cosines(texts, src_sentences, english=False) if use_model else [0.0] * len(texts)
        for sentence, english, cross in zip(candidates, english_best, cross_best, strict=True):
            share = word_share(content_words(sentence.text), vocabulary) if doc.doc.refs else 0.0
            if share >= WORD_SHARE_MAX or english >= ENGLISH_COSINE_MAX or cross >= CROSS_COSINE_MAX:
                continue
            evidence = [("content_words_in_reference", f"{share:.2f}")]
            if use_model:
                evidence.append(("best_reference_cosine", f"{english:.2f}"))
                if src_sentences:
                    evidence.append(("best_source_cosine", f"{cross:.2f}"))
            # The fix is a deletion: an empty suggestion replaces the span with nothing.
            message = (
                "added content: this sentence matches nothing in the reference or the source; "
                "delete it unless they are incomplete"
            )
            yield finding_at("C102", hyp, sentence.start, sentence.end, message, "", evidence)

    def _omissions(self, doc: AlignedDocument, use_model: bool) -> Iterable[Finding]:
        hyp = doc.doc.hyp
        if doc.ref_alignments:
            alignment, english = doc.ref_alignments[0], True
        elif doc.src_alignment is not None and use_model:
            alignment, english = doc.src_alignment, False
        else:
            return
        other: Text = alignment.other
        insertion_points: dict[int, int] = {}
        position = 0
        for pair in alignment.pairs:
            if pair.hyp:
                position = hyp.sentences[pair.hyp[-1]].end
            for j in pair.other:
                insertion_points.setdefault(j, position)
        matched = {j for p in alignment.pairs if p.hyp for j in p.other}
        candidates: list[Sentence] = [
            s
            for s in other.sentences
            if s.index not in matched and word_count(s.text) >= (OMISSION_MIN_WORDS if english else 3)
        ]
        if not candidates:
            return
        texts = [s.text for s in candidates]
        hyp_texts = [s.text for s in hyp.sentences]
        best = _best_cosines(texts, hyp_texts, english=english) if use_model else [0.0] * len(texts)
        vocabulary = set(content_words(hyp.content))
        limit = ENGLISH_COSINE_MAX if english else CROSS_COSINE_MAX
        side = "reference" if english else "source"
        for sentence, cosine in zip(candidates, best, strict=True):
            share = word_share(content_words(sentence.text), vocabulary) if english else 0.0
            if share >= OMISSION_WORD_SHARE_MAX or cosine >= limit:
                continue
            at = insertion_points.get(sentence.index, 0)
            evidence = [(side, sentence.text), (f"{side}_sentence", str(sentence.index + 1))]
            if english:
                evidence.append(("content_words_in_translation", f"{share:.2f}"))
            if use_model:
                evidence.append(("best_cosine", f"{cosine:.2f}"))
            message = f"omission: {side} sentence {sentence.index + 1} has no counterpart in the translation"
            suggestion = sentence.text if english else None  # inserted at the empty span
            yield finding_at("C101", hyp, at, at, message, suggestion, evidence, text="")
