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

Against a source the alignment is cross-lingual and the encoder weaker: a sentence the
translator split in two (a quote, then "he said") leaves one half unmatched, and that half
alone can be far from every source sentence (USE puts "fabricated out of thin air" at 0.20
from «высосано из пальца»). So an unmatched sentence is also kept when it completes a
neighbour's match: appended to the neighbouring translation sentence, it keeps at least 95%
(COMPLETES_RATIO) of that group's cosine with the source sentence(s) the neighbour matched.
An advert or a reprint note dilutes the match (0.86 -> 0.60 for the seed's reprint note); the
seed's quote raises it (0.62 -> 0.66). A run of fragments grows the group one by one.
Omissions from the source are judged the mirrored way.

A pivot with neither a source nor a reference stands in for the source (`AlignedDocument.
src_role` is "pivot"): everything above applies to it, and messages and evidence say "pivot".

Without models, a source is compared through what needs none: numbers, URLs and codes
(letters with digits), read as the number check reads them ("five years" = "5年"). A
translation sentence the anchor alignment left unmatched is an addition when it carries a URL,
code or number and none of them occurs anywhere in the source; a source sentence left
unmatched is an omission when it carries a number that the translation nowhere states.

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
from functools import lru_cache

from qa.align import shares_anchor
from qa.checks.interface import CheckContext
from qa.document import AlignedDocument, Alignment, Finding, Sentence, Text
from qa.fidelity.features import foreign_script_ratio
from qa.numbers import Quantity
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


_HAN = re.compile(r"[\u3400-\u9fff]")


def word_count(text: str) -> int:
    """Words of `text`. Chinese has no spaces: a clause was one regex word, so every short
    Chinese sentence fell below the omission minimum (a dropped 这是中国队本届预选赛第二场胜利。
    was never C101); its jieba words are counted instead."""
    if _HAN.search(text):
        from qa.zh.extract import words

        return sum(1 for w in words(text) if _CONTENT_WORD.fullmatch(w))
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
        if alignment.other.lang == hyp.lang:
            matched.update(i for i, _ in same_figures_in_place(hyp, alignment))
    return matched


def _figures(text: str) -> list[Quantity]:
    """The figures of an English sentence that are evidence: not weak, not a weekday, not a
    bare number up to ten ("two days", "15 percent", "one fifth" count; "one of them" not)."""
    from qa.numbers import extract

    return [
        q
        for q in extract(text, "en")
        if not q.weak
        and q.kind != "weekday"
        and not (q.kind == "number" and q.unit is None and q.value is not None and q.value <= 10)
    ]


def same_figures_in_place(hyp: Text, alignment: Alignment) -> list[tuple[int, int]]:
    """Pairs of one unmatched hypothesis sentence and one unmatched reference sentence that sit
    in the same place (between the same two matches) and state the same figures, at least one:
    a paraphrase the trigram alignment could not see ("His main rival received less than 15%."
    for "His chief opponent got under 15 percent."), not an omission beside an addition. An
    advert put in a dropped sentence's place states none of its figures."""
    out: list[tuple[int, int]] = []
    run_hyp: list[int] = []
    run_other: list[int] = []
    for pair in [*alignment.pairs, None]:
        if pair is not None and not (pair.hyp and pair.other):
            run_hyp.extend(pair.hyp)
            run_other.extend(pair.other)
            continue
        if len(run_hyp) == 1 and len(run_other) == 1:
            mine = _figures(hyp.sentences[run_hyp[0]].text)
            theirs = _figures(alignment.other.sentences[run_other[0]].text)
            if (
                mine
                and theirs
                and all(_stated_in([q], theirs) for q in mine)
                and all(_stated_in([q], mine) for q in theirs)
            ):
                out.append((run_hyp[0], run_other[0]))
        run_hyp, run_other = [], []
    return out


_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w.-]+\.(?:com|org|net|ru|cn|info|io)\b", re.IGNORECASE)
_CODE = re.compile(r"\b(?!\d+(?:st|nd|rd|th|s)\b)(?=[A-Za-z]*\d)(?=\d*[A-Za-z])[A-Za-z\d]{2,}\b")


def _quantities(text: Text | str, lang: str = "en", strong: bool = False) -> list[Quantity]:
    """The numbers, dates and amounts of a text as the number check reads them (so "five
    years" = "5年", "5,000" = "五千", "20th" = "２０日"). `strong`: only those that are
    evidence on their own: written in figures (一天, 百年, 第二天 are idioms as often as numbers),
    not a bare number up to ten ("1个师傅"), a weekday or a month alone ("十月", "last October")."""
    from qa.checks.numbers import witness_quantities
    from qa.numbers import extract

    if isinstance(text, Text):
        found = [q for sentence in witness_quantities(text) for q in sentence]
    else:
        found = extract(text, lang)
    if strong:
        found = [
            q
            for q in found
            if not q.weak
            and not (q.kind == "number" and q.unit is None and q.value is not None and q.value <= 10)
            and q.kind != "weekday"
            and not (q.kind == "date" and q.day is None and q.year is None)  # 十月, "in October"
            and any(ch.isdigit() for ch in q.text)  # 一天, 百年, 第二天: idioms as often as figures
        ]
    return found


def _codes(text: str) -> set[str]:
    """URLs and codes (letters with digits) of a sentence, lower-cased."""
    return {m.group(0).lower() for m in _URL.finditer(text)} | {
        m.group(0).lower() for m in _CODE.finditer(text)
    }


def _stated_in(quantities: list[Quantity], others: list[Quantity]) -> bool:
    from qa.numbers import equivalent

    return any(equivalent(q, o) for q in quantities for o in others)


def _against(doc: AlignedDocument) -> str:
    """What the coverage findings compare with, in words (the pivot when it stands in)."""
    refs = "the references" if len(doc.doc.refs) > 1 else "the reference"
    if doc.doc.refs and doc.source is not None:
        return f"{refs} or the {doc.src_role}"
    return refs if doc.doc.refs else f"the {doc.src_role}"


# Appended to its neighbour, a fragment of the neighbour's source sentence keeps at least this
# share of the group's cosine with that source; an addition dilutes it below. Chosen on
# newstest2020/2021 zh-en references (bench/coverage_fragments.py, results in bench/RESULTS.md).
COMPLETES_RATIO = 0.95


def neighbour_ratios(
    alignment: Alignment, hyp: Text, candidates: list[int], side: str, threshold: float | None = None
) -> dict[int, float]:
    """For unmatched sentences (of the hypothesis, side "hyp", or of the other text, side
    "other"), the best ratio over their matched neighbours of the neighbour group's
    cross-lingual cosine with what it matched, after and before appending the sentence.
    Only neighbours whose match is real (cosine at least CROSS_COSINE_MAX) count.

    With a `threshold`, a sentence whose ratio reaches it joins its neighbour's group, and the
    next sentence is judged against the grown group: a long source sentence split into four
    leaves a run of fragments, each next to another fragment rather than to the match."""
    from qa.fidelity.encode.embed import cross_lingual_encoder

    encoder = cross_lingual_encoder()
    other = alignment.other
    own, far = (hyp, other) if side == "hyp" else (other, hyp)
    partner: dict[int, tuple[tuple[int, ...], tuple[int, ...]]] = {}
    for pair in alignment.pairs:
        if pair.hyp and pair.other:
            mine, theirs = (pair.hyp, pair.other) if side == "hyp" else (pair.other, pair.hyp)
            for index in mine:
                partner[index] = (mine, theirs)
    vectors: dict[str, object] = {}

    def cosines(pairs: list[tuple[str, str]]) -> list[float]:
        missing = sorted({t for pair in pairs for t in pair if t not in vectors})
        if missing:
            vectors.update(zip(missing, encoder.encode(missing), strict=True))
        return [float(vectors[a] @ vectors[b]) for a, b in pairs]  # type: ignore[operator]

    ratios: dict[int, float] = {}
    remaining = list(candidates)
    while remaining:
        tests: list[tuple[int, tuple[int, ...], tuple[int, ...], str, str, str]] = []
        for index in remaining:
            for neighbour in (index - 1, index + 1):
                if neighbour not in partner:
                    continue
                group, matched_ids = partner[neighbour]
                merged = tuple(sorted({*group, index}))
                if merged[-1] - merged[0] + 1 != len(merged):
                    continue
                texts = [" ".join(own.sentences[i].text for i in ids) for ids in (group, merged)]
                matched_text = " ".join(far.sentences[j].text for j in matched_ids)
                tests.append((index, merged, matched_ids, texts[0], texts[1], matched_text))
        if not tests:
            break
        values = cosines([(t[3], t[5]) for t in tests] + [(t[4], t[5]) for t in tests])
        grown: set[int] = set()
        for k, (index, merged, matched_ids, *_texts) in enumerate(tests):
            before, after = values[k], values[k + len(tests)]
            if before < CROSS_COSINE_MAX:
                continue
            ratios[index] = max(ratios.get(index, -1.0), after / before)
            if threshold is not None and after / before >= threshold and index not in grown:
                grown.add(index)
                for member in merged:
                    partner[member] = (merged, matched_ids)
        if not grown:
            break
        remaining = [index for index in remaining if index not in grown]
    return ratios


def _completes_neighbour(alignment: Alignment, hyp: Text, candidates: list[int], side: str) -> set[int]:
    """Unmatched sentences that complete a neighbouring sentence's match (see the module
    docstring): appended to it, the neighbour keeps COMPLETES_RATIO of its cosine."""
    ratios = neighbour_ratios(alignment, hyp, candidates, side, COMPLETES_RATIO)
    return {index for index, ratio in ratios.items() if ratio >= COMPLETES_RATIO}


def _matched_alone_or_anchored(hyp: Text, alignment: Alignment) -> set[int]:
    matched: set[int] = set()
    for pair in alignment.pairs:
        if not pair.other:
            continue
        other = alignment.other_text(pair)
        for index in pair.hyp:
            if len(pair.hyp) == 1 or shares_anchor(hyp.sentences[index].text, other):
                matched.add(index)
    return matched


def _best_cosines(texts: list[str], others: list[str], english: bool) -> list[float]:
    """For each text, its best encoder cosine with any of `others` (0 when there are none)."""
    if not texts or not others:
        return [0.0] * len(texts)
    from qa.fidelity.encode.embed import cross_lingual_encoder, english_encoder

    encoder = english_encoder() if english else cross_lingual_encoder()
    left, right = encoder.encode(texts), encoder.encode(others)
    return [float(v) for v in (left @ right.T).max(axis=1)]


# A translation sentence the alignment paired with another reference sentence accounts for an
# unpaired one only when it resembles it nearly as much as its own (a merge), not when it is
# merely on the same topic: "The study was published in Nature Catalysis." dropped resembles
# the story's first sentence (0.51) far less than that sentence resembles its own (0.8+).
TAKEN_MARGIN = 0.2


def _free_cosines(texts: list[str], hyp: Text, alignment: Alignment) -> list[float]:
    """For each unpaired reference sentence, its best English cosine with a translation
    sentence that is free to be its counterpart (see `TAKEN_MARGIN`)."""
    hyp_texts = [s.text for s in hyp.sentences]
    if not texts or not hyp_texts:
        return [0.0] * len(texts)
    from qa.fidelity.encode.embed import english_encoder

    encoder = english_encoder()
    candidates, sentences = encoder.encode(texts), encoder.encode(hyp_texts)
    own = [0.0] * len(hyp_texts)
    paired = [(p.hyp, p.other) for p in alignment.pairs if p.hyp and p.other]
    if paired:
        others = alignment.other.sentences
        other_vectors = encoder.encode([others[j].text for _, ids in paired for j in ids])
        row = 0
        for hyp_ids, other_ids in paired:
            block = other_vectors[row : row + len(other_ids)]
            row += len(other_ids)
            for i in hyp_ids:
                own[i] = max(own[i], float((sentences[i] @ block.T).max()))
    cosines = candidates @ sentences.T
    return [
        max(
            (float(c) for c, mine in zip(line, own, strict=True) if mine - float(c) < TAKEN_MARGIN),
            default=0.0,
        )
        for line in cosines
    ]


class CoverageCheck:
    """C101 omissions and C102 additions from the sentence alignments."""

    name = "coverage"
    rules = ("C101", "C102")

    def run(self, doc: AlignedDocument, context: CheckContext) -> Iterable[Finding]:
        use_model = not context.config.no_model
        findings = list(self._additions(doc, use_model))
        findings.extend(self._omissions(doc, use_model))
        findings.extend(
            self._dropped_figures(doc, {f.span.start for f in findings if f.rule == "C101" and f.span})
        )
        return sorted(findings, key=Finding.sort_key)

    def _dropped_figures(self, doc: AlignedDocument, omitted_at: set[int]) -> Iterable[Finding]:
        """A clause dropped from a sentence that is otherwise there ("..., including 150
        children"): a figure of a matched source sentence (the first reference without a
        source) that the translation states nowhere, with no other figure of its sort written
        in its place (a changed figure is the number check's D101). Only amounts, counts and
        percentages written in figures: a date or year is often rendered as "this year"."""
        hyp = doc.doc.hyp
        if doc.src_alignment is not None:
            alignment, role = doc.src_alignment, doc.src_role
        elif doc.ref_alignments:
            alignment, role = doc.ref_alignments[0], "reference"
        else:
            return
        other = alignment.other
        hyp_quantities: list[Quantity] | None = None
        cross = other.lang != hyp.lang
        for pair in alignment.pairs:
            if not (pair.hyp and pair.other):
                continue
            figured = [j for j in pair.other if any(ch.isdigit() for ch in other.sentences[j].text)]
            if not figured:
                continue  # only figures written in digits are judged
            hyp_text = alignment.hyp_text(hyp, pair)
            if cross and not shares_anchor(hyp_text, alignment.other_text(pair)):
                continue  # a model-free pairing of two sentences of like length: no evidence
            if hyp_quantities is None:
                hyp_quantities = _quantities(hyp)
            for j in figured:
                sentence = other.sentences[j]
                dropped = [
                    q
                    for q in _quantities(sentence.text, other.lang, strong=True)
                    if q.kind in ("number", "percent", "amount")
                    and not _per_unit(q)
                    and not _stated_in([q], hyp_quantities)
                    and not _digits_written(q, hyp.content)
                ]
                if not dropped or _changed_in_place(
                    dropped, hyp_text, _quantities(sentence.text, other.lang)
                ):
                    continue
                at = hyp.sentences[pair.hyp[-1]].end
                if at in omitted_at:
                    continue
                figures = ", ".join(q.text for q in dropped)
                message = (
                    f'omission: "{figures}" of {role} sentence {j + 1} is nowhere in the translation '
                    f"(a dropped clause?)"
                )
                evidence = [
                    (role, sentence.text),
                    (f"{role}_sentence", str(j + 1)),
                    ("numbers_not_in_translation", figures),
                ]
                yield finding_at("C101", hyp, at, at, message, None, evidence, text="")

    def _additions(self, doc: AlignedDocument, use_model: bool) -> Iterable[Finding]:
        hyp = doc.doc.hyp
        alignments = list(doc.ref_alignments)
        if doc.src_alignment is not None:
            alignments.append(doc.src_alignment)
        if not alignments:
            return
        # Without a model and a reference, the alignment (by shared numbers and lengths) may merge
        # an advert line into a real sentence's match: there a sentence counts as matched only
        # when it shares a number or Latin word with its match itself, or is matched alone.
        source_only_lexical = not doc.ref_alignments and not use_model
        if source_only_lexical:
            matched = _matched_alone_or_anchored(hyp, alignments[0])
        else:
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
        against = _against(doc)
        message = (
            f"added content: this sentence matches nothing in {against}; "
            f"delete it unless {'they are' if ' or ' in against else 'it is'} incomplete"
        )
        if source_only_lexical:
            yield from self._additions_without_model(doc, candidates, message)
            return
        if not matched:
            # Nothing in the translation matched: the alignment failed (an idiom rendered by an
            # idiom, "Every dog has its day" for 风水轮流转), it did not find added content.
            # A wholly wrong translation is the fidelity score's to judge.
            return
        if use_model and doc.src_alignment is not None:
            completing = _completes_neighbour(doc.src_alignment, hyp, [s.index for s in candidates], "hyp")
            candidates = [s for s in candidates if s.index not in completing]
        ref_sentences = [s.text for ref in doc.doc.refs for s in ref.sentences]
        vocabulary = {w for ref in doc.doc.refs for w in content_words(ref.content)}
        texts = [s.text for s in candidates]
        english_best = _best_cosines(texts, ref_sentences, english=True) if use_model else [0.0] * len(texts)
        src_sentences = [s.text for s in doc.source.sentences] if doc.source is not None else []
        cross_best = _best_cosines(texts, src_sentences, english=False) if use_model else [0.0] * len(texts)
        for sentence, english, cross in zip(candidates, english_best, cross_best, strict=True):
            share = word_share(content_words(sentence.text), vocabulary) if doc.doc.refs else 0.0
            if share >= WORD_SHARE_MAX or english >= ENGLISH_COSINE_MAX or cross >= CROSS_COSINE_MAX:
                continue
            evidence = [("content_words_in_reference", f"{share:.2f}")] if doc.doc.refs else []
            if use_model:
                evidence.append(("best_reference_cosine", f"{english:.2f}"))
                if src_sentences:
                    evidence.append((f"best_{doc.src_role}_cosine", f"{cross:.2f}"))
            # The fix is a deletion: an empty suggestion replaces the span with nothing.
            yield finding_at("C102", hyp, sentence.start, sentence.end, message, "", evidence)

    def _additions_without_model(
        self, doc: AlignedDocument, candidates: list[Sentence], message: str
    ) -> Iterable[Finding]:
        """Source (or pivot) only, no encoder: a sentence whose URLs, codes and numbers are all
        absent from the source (and which has at least one) is an addition."""
        source = doc.source
        assert source is not None
        source_lower = source.content.lower()
        source_quantities = _quantities(source)
        hyp = doc.doc.hyp
        for sentence in candidates:
            codes = _codes(sentence.text)
            quantities = _quantities(_CODE.sub(" ", _URL.sub(" ", sentence.text)), strong=True)
            if not codes and not quantities:
                continue
            if any(code in source_lower for code in codes) or _stated_in(quantities, source_quantities):
                continue
            found = sorted(codes) + [q.text for q in quantities]
            evidence = [(f"not_in_{doc.src_role}", ", ".join(found))]
            yield finding_at("C102", hyp, sentence.start, sentence.end, message, "", evidence)

    def _omissions_without_model(self, doc: AlignedDocument) -> Iterable[Finding]:
        """Source only, no encoder: a source sentence the anchor alignment left unmatched whose
        numbers the translation nowhere writes is an omission, unless the sentence it was
        aligned with writes other figures of the same kind in their place (a changed number:
        the number check's D101, not a missing sentence)."""
        hyp = doc.doc.hyp
        alignment = doc.src_alignment
        assert alignment is not None
        hyp_quantities = _quantities(hyp)
        source_quantities = _quantities(alignment.other)
        insertion = _insertion_points(hyp, alignment)
        matched: set[int] = set()
        paired_with: dict[int, str] = {}
        for pair in alignment.pairs:
            if not pair.hyp:
                continue
            hyp_text = alignment.hyp_text(hyp, pair)
            if shares_anchor(hyp_text, alignment.other_text(pair)):
                matched.update(pair.other)
            for j in pair.other:
                paired_with[j] = hyp_text
        for sentence in alignment.other.sentences:
            if sentence.index in matched:
                continue
            quantities = _quantities(sentence.text, alignment.other.lang, strong=True)
            if not quantities or _stated_in(quantities, hyp_quantities):
                continue
            if sentence.index in paired_with and _written_in_their_place(
                quantities, paired_with[sentence.index], source_quantities
            ):
                continue
            at = insertion.get(sentence.index, 0)
            role = doc.src_role
            evidence = [
                (role, sentence.text),
                (f"{role}_sentence", str(sentence.index + 1)),
                ("numbers_not_in_translation", ", ".join(q.text for q in quantities)),
            ]
            message = f"omission: {role} sentence {sentence.index + 1} has no counterpart in the translation"
            yield finding_at("C101", hyp, at, at, message, None, evidence, text="")

    def _omissions(self, doc: AlignedDocument, use_model: bool) -> Iterable[Finding]:
        hyp = doc.doc.hyp
        if doc.ref_alignments:
            alignment, english = doc.ref_alignments[0], True
        elif doc.src_alignment is not None and use_model:
            alignment, english = doc.src_alignment, False
        elif doc.src_alignment is not None:
            yield from self._omissions_without_model(doc)
            return
        else:
            return
        if not any(pair.hyp and pair.other for pair in alignment.pairs):
            return  # nothing matched: the alignment failed, as for additions
        other: Text = alignment.other
        insertion_points = _insertion_points(hyp, alignment)
        matched = {j for p in alignment.pairs if p.hyp for j in p.other}
        if english:
            matched.update(j for _, j in same_figures_in_place(hyp, alignment))
        candidates: list[Sentence] = [
            s
            for s in other.sentences
            if s.index not in matched and word_count(s.text) >= (OMISSION_MIN_WORDS if english else 3)
        ]
        # A Russian source sentence left unmatched that names a person the translation names
        # nowhere is gone, however close its words come to a neighbour's ("The two sides will
        # discuss preparations for Vladimir Putin's visit" dropped after a sentence on the talks:
        # USE cosine 0.46, and it completed its neighbour's match).
        unnamed = {
            s.index: names
            for s in candidates
            if not english and (names := unnamed_persons(s.text, other.lang, hyp.content))
        }
        if not english and candidates:
            completing = _completes_neighbour(alignment, hyp, [s.index for s in candidates], "other")
            candidates = [s for s in candidates if s.index not in completing or s.index in unnamed]
        if not candidates:
            return
        texts = [s.text for s in candidates]
        hyp_texts = [s.text for s in hyp.sentences]
        if use_model and english:
            best = _free_cosines(texts, hyp, alignment)
        else:
            best = _best_cosines(texts, hyp_texts, english=english) if use_model else [0.0] * len(texts)
        vocabulary = set(content_words(hyp.content))
        limit = ENGLISH_COSINE_MAX if english else CROSS_COSINE_MAX
        side = "reference" if english else doc.src_role
        for sentence, cosine in zip(candidates, best, strict=True):
            share = word_share(content_words(sentence.text), vocabulary) if english else 0.0
            if share >= OMISSION_WORD_SHARE_MAX or (cosine >= limit and sentence.index not in unnamed):
                continue
            at = insertion_points.get(sentence.index, 0)
            evidence = [(side, sentence.text), (f"{side}_sentence", str(sentence.index + 1))]
            if english:
                evidence.append(("content_words_in_translation", f"{share:.2f}"))
            if use_model:
                evidence.append(("best_cosine", f"{cosine:.2f}"))
            if sentence.index in unnamed:
                evidence.append(("persons_not_in_translation", ", ".join(unnamed[sentence.index])))
            message = f"omission: {side} sentence {sentence.index + 1} has no counterpart in the translation"
            suggestion = sentence.text if english else None  # inserted at the empty span
            yield finding_at("C101", hyp, at, at, message, suggestion, evidence, text="")


_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def unnamed_persons(text: str, lang: str, hyp: str) -> list[str]:
    """The persons a Russian sentence names by surname (pymorphy3's reading, as the name check
    has it) of whom no accepted romanisation of the surname is written anywhere in `hyp`."""
    if lang != "ru" or not re.search(r"[А-ЯЁ][а-яё]", text):
        return []
    from qa.names.model import SURNAME
    from qa.names.romanize import accepted_romanizations
    from qa.names.russian import extract_russian_names

    written = _written_words(hyp)
    unnamed: list[str] = []
    for person in extract_russian_names(text):
        surnames = [t for t in person.tokens if t.part == SURNAME and len(t.text) >= 4]
        if len(person.tokens) < 2 or not surnames:
            continue  # a lone capitalised word is too often no person (Стороны, Китай)
        for token in surnames:
            forms = {form for lemma in token.lemmas for form in accepted_romanizations(lemma)}
            if forms and not forms & written:
                unnamed.append(person.nominative)
    return unnamed


@lru_cache(maxsize=8)
def _written_words(hyp: str) -> frozenset[str]:
    """The translation's Latin words, normalised as romanisations are: read once a document,
    not once for each unmatched source sentence."""
    from qa.names.romanize import normalize_latin

    return frozenset(normalize_latin(re.sub(r"[’']s$", "", w)) for w in _LATIN_WORD.findall(hyp))


def _written_in_their_place(missing: list[Quantity], hyp_text: str, source: list[Quantity]) -> bool:
    """Each missing figure has a figure of its kind and unit in `hyp_text` that the source
    nowhere states: the sentence is there with its numbers changed."""
    from qa.numbers.model import DATE_KINDS, DIMENSION, units_compatible

    def same_sort(m: Quantity, c: Quantity) -> bool:
        # "1.79 billion hectares" stands in the place of 17.9亿亩: a unit of the same dimension
        return units_compatible(m.unit, c.unit) or DIMENSION.get(m.unit or "") == DIMENSION.get(c.unit or "")

    # any figure of the translation counts here, worded ones too ("half a billion" for 3 млрд)
    changed = [q for q in _quantities(hyp_text) if not q.weak and not _stated_in([q], source)]
    return all(
        any((m.kind in DATE_KINDS) == (c.kind in DATE_KINDS) and same_sort(m, c) for c in changed)
        for m in missing
    )


def _per_unit(q: Quantity) -> bool:
    """One of a unit (1美元兑7.0元, 每1公斤): the base of a rate, which English writes as "per
    dollar", "against the dollar", "a kilo", with no figure to find."""
    return q.value == 1 and q.unit is not None and q.kind != "percent"  # 1% is a figure


def _changed_in_place(dropped: list[Quantity], hyp_text: str, sentence: list[Quantity]) -> bool:
    """Some figure of the aligned translation text that its source sentence does not state
    could be a dropped figure mistranslated ("half a billion" for 1,5 млрд): D101's, not C101's."""
    from qa.numbers import equivalent
    from qa.numbers.model import DATE_KINDS

    # one to one: "13 and 13" for "13 и 11" has a second 13 the sentence does not account for
    left = list(sentence)
    changed = []
    for q in _quantities(hyp_text):
        twin = next((o for o in left if equivalent(q, o)), None)
        if twin is not None:
            left.remove(twin)
        elif not q.weak:
            changed.append(q)
    return any((m.kind in DATE_KINDS) == (c.kind in DATE_KINDS) for m in dropped for c in changed)


def _digits_written(q: Quantity, content: str) -> bool:
    """The figure's digits stand in the translation as a number of their own."""
    digits = re.findall(r"\d+(?:[.,]\d+)?", q.text)
    return (
        len(digits) == 1
        and re.search(rf"(?<![\d.,]){re.escape(digits[0])}(?![\d]|[.,]\d)", content) is not None
    )


def _insertion_points(hyp: Text, alignment: Alignment) -> dict[int, int]:
    """For each sentence of the other text, where in the hypothesis it would go."""
    points: dict[int, int] = {}
    position = 0
    for pair in alignment.pairs:
        if pair.hyp:
            position = hyp.sentences[pair.hyp[-1]].end
        for j in pair.other:
            points.setdefault(j, position)
    return points
