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

A changed or dropped entity can cap the same way where the reference and the source agree
against the translation (`entity_changes`): an E101 or E102 whose reference entity the aligned
source sentence also names, by romanisation (`SourceWitness`) or by its Russian name (США, Катаре:
`qa.entities.places`), which the translation names in none of its sentences. A person missing
from one sentence is not one (a translation says "he" or "the governor"), nor is a place the
source language's own country, nor an organisation named after a place. It acts only for the
source languages in `ENTITY_SOURCES`, those whose cell meets the declared rule on the training
years (bench/fidelity_entities.py): none on the final tree of session 11. Russian with a
reference met it on its branch (recall 50.7%), then fell to 48.4% once the session's entity
fixes were merged (bench/RESULTS.md, "A changed or dropped entity, second candidate").

The fidelity signature says which caps act (`|caps:D101+D102+D103+Q101+reversal`, and
`+entity-ru` when Russian is in `ENTITY_SOURCES`) in every report, so a capped score is never
compared with one computed without the caps.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from typing import TYPE_CHECKING

from qa.config import Config
from qa.document import AlignedDocument, Alignment, DocumentResult, Finding, Severity, Text
from qa.fidelity.polarity import reversal
from qa.rules import finding_at

if TYPE_CHECKING:
    from qa.entities.witness import Witness

MEANING_RULES = ("D101", "D102", "D103", "Q101")
ENTITY_RULES = ("E101", "E102")
SPELLING_RULES = ("N101", "N102", "N106")  # the same person spelled another way: no entity cap
# The source languages whose cell meets the rule (reference + source): none on the merged tree.
ENTITY_SOURCES: tuple[str, ...] = ()
CAPS_SIGNATURE = (
    "|caps:" + "+".join(MEANING_RULES) + "+reversal" + "".join(f"+entity-{s}" for s in ENTITY_SOURCES)
)
STEP = 10.0  # points under the F101 line for each meaning error in the sentence
_WHAT = {"D101": "a number", "D102": "a date", "D103": "a unit", "Q101": "a quotation"}
_ENTITY_WHAT = {
    "E101": "an entity differs from the reference and the source (E101)",
    "E102": "an entity of the reference and the source is missing (E102)",
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
    entities = entity_changes(result.findings, aligned)
    if not errors and not reversed_ and not entities:
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
        changed = [(what, "") for what in sorted({w for index in pair.hyp for w in entities.get(index, ())})]
        if (found or turned or changed) and pair.features:
            line = f101_line(fidelity.signature, pair)
            cap = max(0.0, line - STEP * (len(found) + len(turned) + len(changed)))
            value, value_adjusted = min(value, cap), min(value_adjusted, cap)
            start, end = hyp.sentences[pair.hyp[0]].start, hyp.sentences[pair.hyp[-1]].end
            if mark and not any(s.start < end and start < s.end for s in marked):
                evidence = (value, pair.fidelity, line)
                finding = _low_fidelity(hyp, start, end, found, turned + changed, pair.compared, evidence)
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


def _low_fidelity(
    hyp: Text,
    start: int,
    end: int,
    found: list[Finding],
    turned: list[tuple[str, str]],  # (what, the side it differs from), or (what, "") said whole
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


def entity_changes(findings: list[Finding], aligned: AlignedDocument) -> dict[int, list[str]]:
    """Hypothesis sentence -> what differs, for the entity findings a Russian source backs: an
    E101 whose reference entity the aligned source sentence also names, or an E102 reference
    entity it names (the reference and the source agree against the translation), when the
    translation names that entity in none of its sentences. Not a misspelling: the entity check
    leaves out what the source romanises and what the name engine sees as a near miss."""
    from qa.checks.quotes import paired_sentences
    from qa.entities.witness import Witness

    doc, hyp = aligned.doc, aligned.doc.hyp
    relevant = [f for f in findings if f.rule in ENTITY_RULES and f.span is not None]
    if not relevant or hyp.lang != "en" or not aligned.ref_alignments or not doc.refs:
        return {}
    if doc.src is None or aligned.src_alignment is None or aligned.src_role != "source":
        return {}  # a pivot's names are back-transliterated guesses
    if doc.src.lang not in ENTITY_SOURCES:
        return {}
    src_of: dict[int, tuple[int, ...]] = {}
    for hyp_ids, src_ids in paired_sentences(aligned.src_alignment):
        for i in hyp_ids:
            src_of[i] = src_ids
    starts = [sentence.start for sentence in hyp.sentences]
    whole = Witness(hyp.content)
    out: dict[int, list[str]] = defaultdict(list)
    for finding in relevant:
        assert finding.span is not None
        index = max(0, bisect.bisect_right(starts, finding.span.start) - 1)
        ids = src_of.get(index, ())
        if not ids:
            continue
        s = doc.src.sentences
        source = doc.src.content[s[ids[0]].start : s[ids[-1]].end]
        if finding.rule == "E101":
            names = [finding.suggestion] if finding.suggestion else []
            own = hyp.sentences[index].text
            if finding.suggestion and _first_names(finding.text, finding.suggestion):
                continue  # Sasha / Alexander: a first name alone is not another person
            if _spelled(finding, findings):
                continue  # Demiteli Peisikefu for Dmitry Peskov: the same person, misspelt
        else:
            reference = doc.refs[0].content
            names = [t for side, t in finding.evidence if side == "reference" and not _a_person(t, reference)]
            own = finding.text
        backed = any(_source_backs(name, own, source, doc.src.lang, whole) for name in names)
        if backed and _ENTITY_WHAT[finding.rule] not in out[index]:
            out[index].append(_ENTITY_WHAT[finding.rule])
    return dict(out)


def _source_backs(name: str, own: str, source: str, lang: str, whole: Witness) -> bool:
    """The source sentence names the reference's entity (romanised, or a place in its own
    words), and the translation has none of its words in the sentence nor names it anywhere."""
    from qa.entities.extract import extract_entities
    from qa.entities.places import home_places, places_of_entity, source_places
    from qa.entities.witness import SourceWitness, Witness

    if not name.strip():
        return False
    witness, mine = SourceWitness(source, lang), Witness(own)
    for entity in extract_entities(name):
        if any(mine.attests_key(key) for key in entity.keys) or whole.attests(entity):
            continue  # not dropped: named in the sentence or in another one
        if witness.attests(entity):
            return True
        # a place the source names in Russian (Катаре, США), the entity wholly that place (not
        # Bank of Russia) and not the source language's own country, often left understood
        found = places_of_entity(entity, wholly=True, text=name) - home_places(lang)
        if found & source_places(source, lang):
            return True
    return False


def _spelled(finding: Finding, findings: list[Finding]) -> bool:
    """Whether the name engine reads the E101's entity as a spelling of a person it expects
    (N101 misspelt, N102 variant, N106 pinyin): a misspelt name is not a change of meaning."""
    span = finding.span
    return span is not None and any(
        f.rule in SPELLING_RULES
        and f.span is not None
        and f.span.start < span.end
        and span.start < f.span.end
        for f in findings
    )


def _a_person(name: str, reference: str) -> bool:
    """Whether the name engine reads the reference's entity as a person: a translation refers
    to one already named by pronoun or role ("quoted him", "the acting governor")."""
    from qa.names.english import extract_person_names

    return any(m.text in name or name in m.text for m in extract_person_names(reference))


def _first_names(*names: str) -> bool:
    """Whether each name is one word and a first name in the Russian name lexicon."""
    from qa.names.lexicon import FIRST, get_lexicon

    lexicon = get_lexicon()
    return all(len(n.split()) == 1 and lexicon.latin_count(n, FIRST) > 0 for n in names)
