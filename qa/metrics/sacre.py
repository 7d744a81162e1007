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
"""

from __future__ import annotations

from sacrebleu.metrics import BLEU, CHRF, TER

from qa.align import matched
from qa.config import Config
from qa.document import AlignedDocument, Alignment, MetricScores


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


class SacreMetrics:
    """sacrebleu's BLEU, chrF++ (word order 2) and TER against all references."""

    name = "sacrebleu"
    neural = False

    def __init__(self) -> None:
        self._sentence_bleu = BLEU(effective_order=True)
        self._sentence_chrf = CHRF(word_order=2)

    def score(self, doc: AlignedDocument, config: Config) -> MetricScores:
        refs = doc.doc.refs
        if not refs:
            return MetricScores()
        segmentation, hyp_segments, ref_streams = scoring_units(doc)
        result = MetricScores()
        for key, metric in (("bleu", BLEU()), ("chrf", CHRF(word_order=2)), ("ter", TER())):
            if key not in config.metrics:
                continue
            corpus = metric.corpus_score(hyp_segments, ref_streams)
            result.scores[key] = round(corpus.score, 4)
            result.signatures[key] = metric.get_signature().format()
        result.signatures["segmentation"] = segmentation
        return result

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
