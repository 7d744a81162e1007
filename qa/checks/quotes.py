"""Q101: a quotation whose speaker or words differ between the reference and the translation.

Quotations are found in the English reference and the translation (straight or curly double
quotes, «guillemets»), each with its speaker when the sentence attributes it: '"...," Peskov
said', '"...," said Kremlin spokesman Dmitry Peskov', 'Peskov said: "..."', 'according to
Peskov'. A reference quotation is paired with the most similar quotation of the aligned
translation sentences. Conservative by design, because two good translations of one quote
rarely share their words:
- speaker: reported only when both sides name someone and the surnames are not near
  spellings of each other (a misspelt name is N101's business, not a new speaker);
- words: reported only when the aligned sentences hold one long quotation each (at least
  `MIN_WORDS` content words, not a title), they share almost no content words
  (`MAX_WORD_OVERLAP`), and the rest of the sentences agree (`MIN_CONTEXT_OVERLAP`): a
  quotation swapped for another, not a quotation translated differently.
Russian sources contribute speakers only (their words cannot be compared without a model):
"— сказал Песков", "по словам Пескова", "Песков заявил: «...»".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from anyascii import anyascii
from rapidfuzz import fuzz

from qa.checks.interface import CheckContext
from qa.document import AlignedDocument, Alignment, Finding, Text
from qa.rules import finding_at

MIN_WORDS = 4  # content words, for the words comparison
MAX_WORD_OVERLAP = 0.15  # share of content-word stems in common below which the words differ
MIN_CONTEXT_OVERLAP = 0.3  # ... while the rest of the sentences agree at least this much
SAME_SURNAME = 75.0  # rapidfuzz ratio at or above which two surnames are one person

_QUOTE = re.compile(r"“([^”\n]{3,}?)”|\"([^\"\n]{3,}?)\"|«([^»\n]{3,}?)»")
_VERBS = (
    r"said|says|say|added|adds|told|tells|stated|states|noted|notes|explained|explains|insisted|warned"
    r"|wrote|writes|declared|stressed|stresses|emphasi[sz]ed|asked|replied|continued|commented|remarked"
    r"|announced|argued|claimed|concluded|admitted|recalled|vowed|urged|pointed out|believes|believed"
)
_NAME = r"[A-Z][\w'’-]+(?:\s+(?:[A-Z][\w'’-]+|de|van|von|bin|al-))*"
_PRONOUN = r"[Hh]e|[Ss]he|[Tt]hey|[Ww]e|I|[Ii]t"
_AFTER_SPEAKER_FIRST = re.compile(rf"^[\s,.!?—–-]*(?P<speaker>{_NAME}|{_PRONOUN})\s+(?:{_VERBS})\b")
_AFTER_VERB_FIRST = re.compile(rf"^[\s,.!?—–-]*(?:{_VERBS})\s+(?P<tail>[^.,;:!?\"“”«»]{{1,80}})")
_ACCORDING = re.compile(r"according to\s+(?P<tail>[^.,;:!?\"“”«»]{1,80})", re.IGNORECASE)
_BEFORE = re.compile(
    rf"(?P<speaker>{_NAME}|{_PRONOUN})(?:\s+[a-z]+)?\s+(?:{_VERBS})(?:\s+(?:that|reporters|journalists))?[\s,:]*\Z"
)
_LAST_NAME_RUN = re.compile(rf"({_NAME})(?!.*[A-Z])")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_STOP = frozenset(
    "a an the and or but of to in on at for with by from as is are was were be been it this that these those "
    "we you he she they i our your his her their its not no will would can could should has have had do does "
    "did so if than then there here what which who whom".split()
)

_RU_SPEAKER_AFTER = re.compile(
    r"^[\s,.!?]*[—–-]\s*(?:(?:сказал|заявил|добавил|отметил|подчеркнул|пояснил|написал)[аи]?)\s+"
    r"(?:[а-яё]+\s+){0,3}?(?P<speaker>[А-ЯЁ][а-яё-]+(?:\s+[А-ЯЁ][а-яё-]+)*)"
)
_RU_ACCORDING = re.compile(
    r"[Пп]о словам\s+(?:[а-яё]+\s+){0,4}?(?P<speaker>[А-ЯЁ][а-яё-]+(?:\s+[А-ЯЁ][а-яё-]+)*)"
)
_RU_BEFORE = re.compile(
    r"(?P<speaker>[А-ЯЁ][а-яё-]+(?:\s+[А-ЯЁ][а-яё-]+)*)\s+"
    r"(?:сказал|заявил|добавил|отметил|подчеркнул|пояснил|написал)[аи]?[\s,:]*\Z"
)
_RU_ENDINGS = re.compile(r"(?:ого|его|ова|ева|ина|ой|ей|ым|им|ом|ем|а|у|е|ы)$")


@dataclass(frozen=True)
class Quotation:
    """A quoted passage: its words, its span (inside the marks) and who says it, if stated."""

    start: int
    end: int
    words: str
    speaker: str | None
    speaker_start: int | None
    speaker_end: int | None

    @property
    def surname(self) -> str | None:
        if not self.speaker or re.fullmatch(_PRONOUN, self.speaker):
            return None
        return self.speaker.split()[-1].removesuffix("'s").removesuffix("’s")


def _speaker_from_tail(tail: str, offset: int) -> tuple[str, int, int] | None:
    """The last run of capitalised words in a phrase like 'Kremlin spokesman Dmitry Peskov'."""
    match = _LAST_NAME_RUN.search(tail)
    if not match:
        return None
    return match.group(1), offset + match.start(1), offset + match.end(1)


def find_quotations(text: str) -> list[Quotation]:
    """Quotations of English text with their speakers; unattributed ones have speaker None."""
    out = []
    for match in _QUOTE.finditer(text):
        group = next(i for i in (1, 2, 3) if match.group(i) is not None)
        words = match.group(group)
        speaker: tuple[str, int, int] | None = None
        line_end = text.find("\n", match.end())
        after = text[match.end() : len(text) if line_end < 0 else line_end]
        line_start = text.rfind("\n", 0, match.start()) + 1
        before = text[line_start : match.start()]
        closed_sentence = words.rstrip().endswith((".", "!", "?")) and not after.lstrip().startswith(",")
        if not closed_sentence and (found := _AFTER_SPEAKER_FIRST.match(after)):
            speaker = (
                found.group("speaker"),
                match.end() + found.start("speaker"),
                match.end() + found.end("speaker"),
            )
        elif not closed_sentence and (found := _AFTER_VERB_FIRST.match(after)):
            speaker = _speaker_from_tail(found.group("tail"), match.end() + found.start("tail"))
        elif found := _BEFORE.search(before):
            speaker = (
                found.group("speaker"),
                line_start + found.start("speaker"),
                line_start + found.end("speaker"),
            )
        elif found := _ACCORDING.search(after[:120]):
            speaker = _speaker_from_tail(found.group("tail"), match.end() + found.start("tail"))
        elif found := _ACCORDING.search(before):
            speaker = _speaker_from_tail(found.group("tail"), line_start + found.start("tail"))
        start, end = match.start(group), match.end(group)
        if speaker is None:
            out.append(Quotation(start, end, words, None, None, None))
        else:
            out.append(Quotation(start, end, words, speaker[0], speaker[1], speaker[2]))
    return out


def find_russian_speakers(text: str) -> list[tuple[int, int, str]]:
    """(start, end, surname in Latin letters) of each «quotation» in Russian text with a speaker."""
    out = []
    for match in re.finditer(r"«([^»\n]{3,}?)»", text):
        after = text[match.end() : match.end() + 120]
        line_start = text.rfind("\n", 0, match.start()) + 1
        before = text[line_start : match.start()]
        found = _RU_SPEAKER_AFTER.match(after) or _RU_BEFORE.search(before) or _RU_ACCORDING.search(before)
        if found:
            surname = _RU_ENDINGS.sub("", found.group("speaker").split()[-1].lower())
            out.append((match.start(), match.end(), anyascii(surname).lower()))
    return out


def _content_words(text: str) -> str:
    return " ".join(w for w in _WORD.findall(text.lower()) if w not in _STOP)


def _stems(text: str) -> set[str]:
    """Content words cut to five letters: a cheap stemmer that is enough to see shared words."""
    return {word[:5] for word in _content_words(text).split()}


def _overlap(left: str, right: str) -> float:
    """Shared content-word stems over the smaller side: 1.0 when one side's words are all in the other."""
    a, b = _stems(left), _stems(right)
    return len(a & b) / max(1, min(len(a), len(b)))


def _long(words: str) -> bool:
    """Long enough to compare, and not a title ("Watch Poverty Alleviation Live")."""
    content = _content_words(words).split()
    capitalised = sum(1 for w in _WORD.findall(words) if w[0].isupper())
    return len(content) >= MIN_WORDS and capitalised < 0.5 * len(_WORD.findall(words))


def _names_either(hyp_quote: Quotation, ref_quote: Quotation, hyp_sentence: str, ref_sentence: str) -> bool:
    """Each side's speaker is named in the other side's sentence: the same people, attributed
    differently by the speaker pattern ('said Willem Hanekom, director of ... Health Institute'
    read as 'Health'; 'Tian' for 'Tian Feiyu', whose surname comes first)."""
    hyp_words = set(_WORD.findall(hyp_sentence))
    ref_words = set(_WORD.findall(ref_sentence))
    return any(word in ref_words for word in (hyp_quote.speaker or "").split()) or any(
        word in hyp_words for word in (ref_quote.speaker or "").split()
    )


# MiniLM cosine at or above which two English quotations say the same thing in other words: the
# bar coverage uses for "related" (qa.checks.coverage.ENGLISH_COSINE_MAX).
PARAPHRASE_COSINE = 0.5


def _paraphrase(left: str, right: str) -> bool:
    """Two translations of one quotation rarely share their words; the encoder sees they agree
    ("eyeball fundraising is not recommended" / "raising donations by grabbing attention is
    not advocated")."""
    from qa.fidelity.encode.embed import english_encoder

    vectors = english_encoder().encode([left, right])
    return float(vectors[0] @ vectors[1]) >= PARAPHRASE_COSINE


def _same_person(left: str, right: str) -> bool:
    left, right = left.lower(), right.lower()
    return fuzz.ratio(left, right) >= SAME_SURNAME or left.startswith(right) or right.startswith(left)


def paired_sentences(alignment: Alignment) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Matched sentence pairs, plus each run of unmatched sentences paired with the unmatched
    sentences of the other side between the same two matches: a sentence whose quotation was
    swapped is too unlike its counterpart for the lexical aligner, but it sits in its place."""
    out: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    gap_hyp: list[int] = []
    gap_other: list[int] = []
    for pair in [*alignment.pairs, None]:
        if pair is None or (pair.hyp and pair.other):
            if gap_hyp and gap_other:
                out.append((tuple(gap_hyp), tuple(gap_other)))
            gap_hyp, gap_other = [], []
            if pair is not None:
                out.append((pair.hyp, pair.other))
        else:
            gap_hyp.extend(pair.hyp)
            gap_other.extend(pair.other)
    return out


def _sentences_range(text: Text, ids: tuple[int, ...]) -> tuple[int, int]:
    return text.sentences[ids[0]].start, text.sentences[ids[-1]].end


class QuoteCheck:
    """Quotations whose speaker or words changed in the translation."""

    name = "quotes"
    rules = ("Q101",)

    def run(self, doc: AlignedDocument, context: CheckContext | None = None) -> Iterable[Finding]:
        hyp = doc.doc.hyp
        if hyp.lang not in ("en", "", None):
            return []
        hyp_quotes = find_quotations(hyp.content)
        if not hyp_quotes:
            return []
        findings: dict[tuple[int, int], Finding] = {}
        for alignment in doc.ref_alignments:
            if alignment.other.lang == "en":
                use_model = context is not None and not context.config.no_model
                for finding in self._against_reference(hyp, hyp_quotes, alignment, use_model):
                    findings.setdefault((finding.span.start, finding.span.end), finding)
        if doc.src_alignment is not None and doc.src_alignment.other.lang == "ru":
            for finding in self._against_russian_source(hyp, hyp_quotes, doc.src_alignment, doc.src_role):
                findings.setdefault((finding.span.start, finding.span.end), finding)
        return sorted(findings.values(), key=Finding.sort_key)

    def _against_reference(
        self, hyp: Text, hyp_quotes: list[Quotation], alignment: Alignment, use_model: bool = False
    ) -> list[Finding]:
        ref = alignment.other
        ref_quotes = find_quotations(ref.content)
        out = []
        for hyp_ids, ref_ids in paired_sentences(alignment):
            h_start, h_end = _sentences_range(hyp, hyp_ids)
            r_start, r_end = _sentences_range(ref, ref_ids)
            in_hyp = [q for q in hyp_quotes if h_start <= q.start < h_end]
            in_ref = [q for q in ref_quotes if r_start <= q.start < r_end]
            hyp_sentence, ref_sentence = hyp.content[h_start:h_end], ref.content[r_start:r_end]
            long_hyp = [q for q in in_hyp if _long(q.words)]
            long_ref = [q for q in in_ref if _long(q.words)]
            for ref_quote in in_ref:
                if not in_hyp:
                    break
                best = max(in_hyp, key=lambda q: _overlap(q.words, ref_quote.words))
                if (
                    best.surname
                    and ref_quote.surname
                    and not _same_person(best.surname, ref_quote.surname)
                    and not _names_either(best, ref_quote, hyp_sentence, ref_sentence)
                ):
                    out.append(self._speaker_finding(hyp, best, ref_quote.speaker or "", "reference"))
                    continue
                if len(long_hyp) != 1 or long_ref != [ref_quote] or best is not long_hyp[0]:
                    continue  # compare words only when it is clear which quotation is which
                similarity = _overlap(best.words, ref_quote.words)
                context = _overlap(
                    hyp.content[h_start:h_end].replace(best.words, " "),
                    ref.content[r_start:r_end].replace(ref_quote.words, " "),
                )
                if (
                    similarity < MAX_WORD_OVERLAP
                    and context >= MIN_CONTEXT_OVERLAP
                    and not (use_model and _paraphrase(best.words, ref_quote.words))
                ):
                    out.append(self._words_finding(hyp, best, ref_quote.words, similarity))
        return out

    def _against_russian_source(
        self, hyp: Text, hyp_quotes: list[Quotation], alignment: Alignment, role: str = "source"
    ) -> list[Finding]:
        """Speakers in the Russian source (or a Russian pivot standing in for it, `role`)."""
        src = alignment.other
        speakers = find_russian_speakers(src.content)
        out = []
        for hyp_ids, src_ids in paired_sentences(alignment):
            h_start, h_end = _sentences_range(hyp, hyp_ids)
            s_start, s_end = _sentences_range(src, src_ids)
            in_hyp = [q for q in hyp_quotes if h_start <= q.start < h_end and q.surname]
            in_src = [s for s in speakers if s_start <= s[0] < s_end]
            if len(in_hyp) != 1 or len(in_src) != 1:
                continue  # pair quotations only when there is no doubt which is which
            quote, (_, _, surname) = in_hyp[0], in_src[0]
            hyp_surname = anyascii(quote.surname or "").lower()
            if not _same_person(hyp_surname[: len(surname) + 1], surname):
                out.append(self._speaker_finding(hyp, quote, surname.capitalize(), role))
        return out

    @staticmethod
    def _speaker_finding(hyp: Text, quote: Quotation, other_speaker: str, where: str) -> Finding:
        assert quote.speaker_start is not None and quote.speaker_end is not None
        message = (
            f'quotation attributed to "{quote.speaker}" in the translation, '
            f'to "{other_speaker}" in the {where}'
        )
        evidence = (("quotation", quote.words), (f"{where}_speaker", other_speaker))
        return finding_at(
            "Q101", hyp, quote.speaker_start, quote.speaker_end, message, other_speaker, evidence
        )

    @staticmethod
    def _words_finding(hyp: Text, quote: Quotation, other_words: str, similarity: float) -> Finding:
        message = f'quotation "{quote.words}" has different words in the reference: "{other_words}"'
        evidence = (("reference", other_words), ("word_overlap", f"{similarity:.2f}"))
        return finding_at("Q101", hyp, quote.start, quote.end, message, None, evidence, text=quote.words)
