"""A sentence whose number, date, unit or quotation a precise check found changed cannot keep a
high fidelity: its score goes under the F101 line, and F101 marks it.

The learned models judge a sentence as a whole, and one changed figure in an otherwise faithful
sentence moves their score less than the spread of clean sentences does (bench/RESULTS.md,
"Meaning errors: DEMETR"): at a false-alarm rate editors accept they mark almost none. The
number, date, unit and quotation rules (D101, D102, D103, Q101) find exactly these errors,
against the reference or the source, and are errors because they are rarely wrong. So each such
finding takes the sentence it sits in `STEP` points under the F101 line (two findings, lower
still), the document score is rebuilt from the sentence scores, and several errors score below
one. A misspelt name (N101) is left out: the sentence still means the same person. Entity
changes (E101, E102) are warnings, too often a paraphrase to overrule the model.

A reversed meaning caps the same way with no rule of its own: a sentence the aligner paired
1-1 with a reference or source sentence that negates what that sentence does not (or the other
way round), or names the opposite direction (rose for 下降, rejected for одобрил), as the precise
detector in `qa.fidelity.polarity` reads it (bench/RESULTS.md, "A reversed negation or
direction").

The fidelity signature says so (`|caps:D101+D102+D103+Q101+reversal`) in every report, so a
capped score is never compared with one computed without the caps.
"""

from __future__ import annotations

import bisect
from collections import defaultdict

from qa.config import Config
from qa.document import AlignedDocument, Alignment, DocumentResult, Finding, Severity, Text
from qa.entities.extract import Entity
from qa.fidelity.polarity import reversal
from qa.rules import finding_at

MEANING_RULES = ("D101", "D102", "D103", "Q101")
ENTITY_RULES = ("E101", "E102", "N103")  # capped only when the source backs them (below)
CAPS_SIGNATURE = "|caps:" + "+".join(MEANING_RULES) + "+reversal+entity:" + "+".join(ENTITY_RULES)
STEP = 10.0  # points under the F101 line for each meaning error in the sentence
_WHAT = {"D101": "a number", "D102": "a date", "D103": "a unit", "Q101": "a quotation"}
_ENTITY_WHAT = {
    "E101": "an entity differs from the {sides} (E101)",
    "E102": "an entity of the {sides} is missing (E102)",
    "N103": "a person named by the {sides} is missing (N103)",
}


def cap_detected_errors(result: DocumentResult, config: Config) -> None:
    """Lower the fidelity of each sentence holding a meaning error, and mark it F101 unless the
    model already did (in place; nothing changes for a document without such an error)."""
    errors = [
        f for f in result.findings if f.rule in MEANING_RULES and f.severity is Severity.ERROR and f.span
    ]
    aligned = result.aligned
    if aligned is None or result.scores.get("fidelity") is None:
        return
    reversed_ = reversed_sentences(aligned, use_model=not config.no_model)
    changed = entity_changes(result.findings, aligned)
    if not errors and not reversed_ and not changed:
        return
    from qa.fidelity.score import document_fidelity, f101_line

    fidelity = document_fidelity(aligned, use_model=not config.no_model)
    if fidelity.fidelity is None:
        return
    hyp = aligned.doc.hyp
    starts = [sentence.start for sentence in hyp.sentences]
    in_sentence: dict[int, list[Finding]] = defaultdict(list)
    for finding in errors:
        assert finding.span is not None
        in_sentence[max(0, bisect.bisect_right(starts, finding.span.start) - 1)].append(finding)
    marked = [f.span for f in result.findings if f.rule == "F101" and f.span is not None]
    mark = config.rule_enabled("F101")
    total = weighted = weighted_adjusted = 0.0
    for pair in fidelity.pairs:
        value, value_adjusted = pair.fidelity, pair.fidelity_adjusted
        found = [f for index in pair.hyp for f in in_sentence.get(index, ())]
        turned = [r for index in pair.hyp for r in reversed_.get(index, ())]
        entities = sorted({e for index in pair.hyp for e in changed.get(index, ())})
        if (found or turned or entities) and pair.features:
            line = f101_line(fidelity.signature, pair)
            cap = max(0.0, line - STEP * (len(found) + len(turned) + len(entities)))
            value, value_adjusted = min(value, cap), min(value_adjusted, cap)
            start, end = hyp.sentences[pair.hyp[0]].start, hyp.sentences[pair.hyp[-1]].end
            if mark and not any(s.start < end and start < s.end for s in marked):
                evidence = (value, pair.fidelity, line)
                finding = _low_fidelity(hyp, start, end, found, turned + entities, pair.compared, evidence)
                result.findings.append(finding)
        total += pair.weight
        weighted += pair.weight * value
        weighted_adjusted += pair.weight * value_adjusted
    if total:
        result.scores["fidelity"] = weighted / total
        if "fidelity_adjusted" in result.scores:
            result.scores["fidelity_adjusted"] = weighted_adjusted / total


def reversed_sentences(aligned: AlignedDocument, use_model: bool = True) -> dict[int, list[tuple[str, str]]]:
    """Hypothesis sentence -> [(what differs, what it differs from)] for the sentences paired
    1-1 with a reference (the first) or source sentence that says the opposite. An English
    hypothesis only: the detector reads English on the translation's side. Without a model a
    cross-lingual pair counts only with a shared number, Latin word or name (as in coverage):
    two sentences of similar length are not evidence enough to call one the other's reversal."""
    from qa.align import shares_anchor

    out: dict[int, list[tuple[str, str]]] = defaultdict(list)
    hyp = aligned.doc.hyp
    if hyp.lang != "en":
        return out
    sides: list[tuple[Alignment, str]] = []
    if aligned.ref_alignments:
        sides.append((aligned.ref_alignments[0], "reference"))
    if aligned.src_alignment is not None:
        sides.append((aligned.src_alignment, aligned.src_role))
    for alignment, name in sides:
        for pair in alignment.pairs:
            if len(pair.hyp) != 1 or len(pair.other) != 1:
                continue
            index = pair.hyp[0]
            mine, text = hyp.sentences[index].text, alignment.other.sentences[pair.other[0]].text
            if not use_model and alignment.other.lang != hyp.lang and not shares_anchor(mine, text):
                continue
            what = reversal(mine, text, alignment.other.lang)
            if what is not None and all(w != what for w, _ in out[index]):
                out[index].append((what, name))
    return {k: v for k, v in out.items() if v}


def entity_changes(findings: list[Finding], aligned: AlignedDocument) -> dict[int, list[tuple[str, str]]]:
    """Hypothesis sentence -> [(what differs, the sides that agree)] for the entity findings the
    source backs: an E101 whose reference entity the aligned source sentence also names (the
    reference and the source agree against the translation), an E102 reference entity the source
    names too, and an N103 person of the source (with a reference, one both name). Each is
    a different entity, not a spelling: the entity check leaves out what the source romanises and
    what the name engine sees as a near miss (N101/N102)."""
    from qa.checks.quotes import paired_sentences

    out: dict[int, set[tuple[str, str]]] = defaultdict(set)
    doc, hyp = aligned.doc, aligned.doc.hyp
    relevant = [f for f in findings if f.rule in ENTITY_RULES]
    if not relevant or hyp.lang != "en" or doc.src is None or aligned.src_alignment is None:
        return {}
    if aligned.src_role != "source" or doc.src.lang not in ("ru", "zh"):
        return {}  # a pivot's names are back-transliterated guesses
    src_of: dict[int, tuple[int, ...]] = {}
    for hyp_ids, src_ids in paired_sentences(aligned.src_alignment):
        for i in hyp_ids:
            src_of[i] = src_ids
    has_ref = bool(aligned.ref_alignments)
    sides = "reference and the source" if has_ref else "source"
    starts = [sentence.start for sentence in hyp.sentences]

    def backed(index: int, name: str, own: str, replaced_by: str | None) -> bool:
        """The source names the reference's entity, and the translation has none of its words."""
        ids = src_of.get(index, ())
        if not ids or not name.strip():
            return False
        s = doc.src.sentences  # type: ignore[union-attr]
        witness = _source_witness(doc.src.content[s[ids[0]].start : s[ids[-1]].end], doc.src.lang)  # type: ignore[union-attr]
        mine = _witness(own)
        for entity in _entities_of(name):
            if not witness.attests(entity) or any(mine.attests_key(key) for key in entity.keys):
                continue
            # Backed by pinyin only: a name the reference read from the Chinese characters. A
            # translation that writes a non-pinyin name there (Nguyen Duc Chung for Ruan Dezhong)
            # may give the person's own spelling; a pinyin one is another person.
            pinyin_only = witness.lang == "zh" and not any(k in witness.latin for k in entity.keys)
            if replaced_by is not None and pinyin_only and not all(map(_is_pinyin, replaced_by.split())):
                continue
            return True
        return False

    for finding in relevant:
        if finding.rule == "N103":
            if has_ref:
                continue  # E101/E102 carry the reference's entity; N103's may be no person
            for index in _n103_sentences(finding, aligned, src_of):
                out[index].add((_ENTITY_WHAT["N103"].format(sides=sides), ""))
            continue
        if finding.span is None or not has_ref:
            continue
        index = max(0, bisect.bisect_right(starts, finding.span.start) - 1)
        names = [text for side, text in finding.evidence if side == "reference"]
        if finding.rule == "E101" and finding.suggestion:
            names = [finding.suggestion]
        own = finding.text if finding.rule == "E102" else hyp.sentences[index].text
        replaced_by = finding.text if finding.rule == "E101" else None
        if replaced_by is not None and finding.suggestion and _first_names(replaced_by, finding.suggestion):
            continue  # Sasha / Alexander: a first name alone is not evidence of another person
        if any(backed(index, name, own, replaced_by) for name in names):
            out[index].add((_ENTITY_WHAT[finding.rule].format(sides=sides), ""))
    return {k: sorted(v) for k, v in out.items()}


def _n103_sentences(
    finding: Finding, aligned: AlignedDocument, src_of: dict[int, tuple[int, ...]]
) -> list[int]:
    """The hypothesis sentences paired with the source sentence that names the missing person
    (N103 has no span: the person is missing from the whole translation); with a reference, the
    person must be the reference's too, and the source sentence must name them."""
    doc = aligned.doc
    assert doc.src is not None
    origin, display = finding.evidence[0] if finding.evidence else ("", "")
    has_ref = bool(aligned.ref_alignments)
    if has_ref != (origin == "reference") or origin not in ("reference", "source") or not display:
        return []
    if origin == "source":
        needle = display.split()[-1][:-1] if len(display.split()[-1]) > 4 else display.split()[-1]
        return [
            i for i, ids in sorted(src_of.items()) if any(needle in doc.src.sentences[j].text for j in ids)
        ]
    out = []
    for i, ids in sorted(src_of.items()):
        if not ids:
            continue
        s = doc.src.sentences
        witness = _source_witness(doc.src.content[s[ids[0]].start : s[ids[-1]].end], doc.src.lang)
        if any(witness.attests(entity) for entity in _entities_of(display)):
            out.append(i)
    return out


def _entities_of(name: str) -> list[Entity]:
    """The entity a finding names, read as the entity check reads a sentence."""
    from qa.entities.extract import extract_entities

    return extract_entities(name)


def _first_names(*names: str) -> bool:
    """Whether each name is one word and a first name in the Russian name lexicon."""
    from qa.names.lexicon import FIRST, get_lexicon

    lexicon = get_lexicon()
    return all(len(n.split()) == 1 and lexicon.latin_count(n, FIRST) > 0 for n in names)


def _is_pinyin(word: str) -> bool:
    from qa.zh.pinyin import is_pinyin_word

    letters = "".join(c for c in word.lower() if c.isalpha())
    return bool(letters) and is_pinyin_word(letters)


def _witness(text: str):  # type: ignore[no-untyped-def]
    from qa.entities.witness import Witness

    return Witness(text)


def _source_witness(text: str, lang: str):  # type: ignore[no-untyped-def]
    from qa.entities.witness import SourceWitness

    return SourceWitness(text, lang)


def _low_fidelity(
    hyp: Text,
    start: int,
    end: int,
    found: list[Finding],
    turned: list[tuple[str, str]],
    compared: str,
    scores: tuple[float, float, float],
) -> Finding:
    """F101 for the sentence: (capped score, the model's score, the line) as evidence."""
    value, model, line = scores
    parts = []
    if found:
        rules = sorted({f.rule for f in found})
        what = " and ".join(sorted({_WHAT[rule] for rule in rules}))
        parts.append(f"{what} differs from the {compared} ({', '.join(rules)})")
    for what, side in turned:
        parts.append(f"{what} differs from the {side}" if side else what)
    message = f"low fidelity ({value:.0f}/100): " + "; ".join(parts)
    evidence = [("fidelity", f"{value:.1f}"), ("model", f"{model:.1f}"), ("line", f"{line:.1f}")]
    return finding_at("F101", hyp, start, end, message, None, evidence)
