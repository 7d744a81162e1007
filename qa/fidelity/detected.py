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
from one sentence counts only when nothing stands in the name's place (no "he", no role, no
description the reference gives beside the name: `_nothing_in_place`); the source language's own
country counts only where the sentence names another country (elsewhere it is left understood);
an organisation named after a place never does. It acts only for the source languages in
`ENTITY_SOURCES`, those whose cell meets the declared rule on the training years
(bench/fidelity_entities.py): Russian with a reference, by the third candidate (recall 52.9%,
0.34% of faithful sentences; bench/RESULTS.md, "A changed or dropped entity, third candidate"),
still met with GeoNames' cities in the place table, the fourth candidate (recall 53.8%, 0.45%;
"... fourth candidate: cities from GeoNames (session 13)").
The second candidate met it on its branch and fell to 48.4% on the merged tree, so it was switched
off: a shipped cell is re-measured on main after a merge, and switched off if it misses.

Swapped roles ("Ukraine accused Russia" for the reference's "Russia accused Ukraine":
`qa.fidelity.roles`) would cap the same way against the first reference, with the message
"meaning reversed: who did what to whom differs from the reference (X and Y exchanged)" and both
entities as evidence; it is switched off (`ROLE_SWAPS`) because its cell misses the declared
rule on the training years (bench/fidelity_roles.py; bench/RESULTS.md, "Swapped roles (session
13)"). With it on, the signature would name it (`+roles`).

The fidelity signature says which caps act (`|caps:D101+D102+D103+Q101+reversal`, and
`+entity-ru` when Russian is in `ENTITY_SOURCES`) in every report, so a capped score is never
compared with one computed without the caps.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from typing import TYPE_CHECKING

from qa.config import Config
from qa.document import AlignedDocument, Alignment, DocumentResult, Finding, Severity, Span, Text
from qa.fidelity.polarity import reversal
from qa.fidelity.roles import role_swap
from qa.rules import finding_at

if TYPE_CHECKING:
    from qa.entities.witness import Witness

MEANING_RULES = ("D101", "D102", "D103", "Q101")
ENTITY_RULES = ("E101", "E102")
SPELLING_RULES = ("N101", "N102", "N106")  # the same person spelled another way: no entity cap
# The source languages whose cell meets the rule (reference + source): Russian, by the third
# candidate, and still with the fourth's GeoNames cities (bench/fidelity_entities.py;
# bench/RESULTS.md, "A changed or dropped entity, third candidate" and "fourth candidate").
ENTITY_SOURCES: tuple[str, ...] = ("ru",)
# Swapped roles against the reference: off, its cell misses the declared rule (recall 8.2% zh,
# 21.7% ru against 40%; bench/fidelity_roles.py, bench/RESULTS.md "Swapped roles (session 13)").
ROLE_SWAPS = False
CAPS_SIGNATURE = (
    "|caps:"
    + "+".join(MEANING_RULES)
    + "+reversal"
    + ("+roles" if ROLE_SWAPS else "")
    + "".join(f"+entity-{s}" for s in ENTITY_SOURCES)
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
    if aligned is None:
        return
    if result.scores.get("fidelity") is None:
        _mark_unscored_reversals(result, aligned, config)
        return
    reversed_ = reversed_sentences(aligned, use_model=not config.no_model)
    entities = entity_changes(result.findings, aligned)
    roles = swapped_roles(aligned)
    if not errors and not reversed_ and not entities and not roles:
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
        exchanged = [roles[index] for index in pair.hyp if index in roles]
        changed += [(_roles_message(*names), "") for names in exchanged]
        if (found or turned or changed) and pair.features:
            line = f101_line(fidelity.signature, pair)
            cap = max(0.0, line - STEP * (len(found) + len(turned) + len(changed)))
            value, value_adjusted = min(value, cap), min(value_adjusted, cap)
            start, end = hyp.sentences[pair.hyp[0]].start, hyp.sentences[pair.hyp[-1]].end
            if mark and not _overlaps(marked, start, end):
                evidence = (value, pair.fidelity, line)
                finding = _low_fidelity(
                    hyp, start, end, found, turned + changed, pair.compared, evidence, exchanged
                )
                result.findings.append(finding)
        total += pair.weight
        weighted += pair.weight * value
        weighted_adjusted += pair.weight * value_adjusted
    if total:
        result.scores["fidelity"] = weighted / total
        if "fidelity_adjusted" in result.scores:
            result.scores["fidelity_adjusted"] = weighted_adjusted / total


def _mark_unscored_reversals(result: DocumentResult, aligned: AlignedDocument, config: Config) -> None:
    """Without a score (`--no-model` against a source or pivot) a reversed sentence is still
    marked F101, its message saying what differs and that no score was computed: the detector
    needs no model, and a reversal is what an editor most needs to see before publication."""
    if not config.rule_enabled("F101"):
        return
    hyp = aligned.doc.hyp
    marked = [f.span for f in result.findings if f.rule == "F101" and f.span is not None]
    reversed_ = reversed_sentences(aligned, use_model=not config.no_model)
    roles = swapped_roles(aligned)
    for index in sorted(set(reversed_) | set(roles)):
        start, end = hyp.sentences[index].start, hyp.sentences[index].end
        if _overlaps(marked, start, end):
            continue
        parts = [f"{w} differs from the {side}" for w, side in reversed_.get(index, ())]
        evidence = [("fidelity", "n/a")]
        if index in roles:
            parts.append(_roles_message(*roles[index]).removeprefix("meaning reversed: "))
            evidence.append(("roles exchanged", " / ".join(roles[index])))
        message = f"meaning reversed (fidelity not scored): {'; '.join(parts)}"
        result.findings.append(finding_at("F101", hyp, start, end, message, None, evidence))


def _overlaps(spans: list[Span], start: int, end: int) -> bool:
    """Whether a sentence from `start` to `end` already holds one of the F101 `spans`."""
    return any(s.start < end and start < s.end for s in spans)


def _roles_message(first: str, second: str) -> str:
    """What F101 says of a role swap, naming the two entities as the translation has them."""
    return (
        f"meaning reversed: who did what to whom differs from the reference ({first} and {second} exchanged)"
    )


def swapped_roles(aligned: AlignedDocument) -> dict[int, tuple[str, str]]:
    """Hypothesis sentence -> the two entities it names in each other's role, for English
    sentences paired 1-1 with a sentence of the first reference (`qa.fidelity.roles`); nothing
    while `ROLE_SWAPS` is off. The source's roles are not read."""
    hyp = aligned.doc.hyp
    if not ROLE_SWAPS or hyp.lang != "en" or not aligned.ref_alignments:
        return {}
    alignment = aligned.ref_alignments[0]
    if alignment.other.lang != "en":
        return {}
    out: dict[int, tuple[str, str]] = {}
    for pair in alignment.pairs:
        if len(pair.hyp) != 1 or len(pair.other) != 1:
            continue
        mine = hyp.sentences[pair.hyp[0]].text
        found = role_swap(mine, alignment.other.sentences[pair.other[0]].text)
        if found is not None:
            out[pair.hyp[0]] = found
    return out


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
    exchanged: list[tuple[str, str]] | None = None,
) -> Finding:
    """F101 for the sentence: (capped score, the model's score, the line) as evidence, and the
    two entities of each role swap."""
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
    evidence += [("roles exchanged", " / ".join(names)) for names in exchanged or ()]
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
    ref_of: dict[int, tuple[int, ...]] = {}
    for hyp_ids, ref_ids in paired_sentences(aligned.ref_alignments[0]):
        for i in hyp_ids:
            ref_of[i] = ref_ids
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
            if finding.suggestion and excused_first_names(finding, hyp.content):
                continue  # Sasha / Alexander: a first name alone is not another person
            if _spelled(finding, findings):
                continue  # Demiteli Peisikefu for Dmitry Peskov: the same person, misspelt
        else:
            # a person missing from the sentence counts only when nothing stands in the name's
            # place: a translation refers to a person by pronoun or role ("quoted him")
            reference = doc.refs[0].content
            ref = doc.refs[0]
            ref_ids = ref_of.get(index, ())
            said = (
                ref.content[ref.sentences[ref_ids[0]].start : ref.sentences[ref_ids[-1]].end]
                if ref_ids
                else ""
            )
            mine = hyp.sentences[index].text
            names = [
                t
                for side, t in finding.evidence
                if side == "reference" and (not _a_person(t, reference) or _nothing_in_place(t, said, mine))
            ]
            own = finding.text
        home = _home(doc.src.lang, hyp.sentences[index].text)
        backed = any(_source_backs(name, own, source, doc.src.lang, whole, home) for name in names)
        if backed and _ENTITY_WHAT[finding.rule] not in out[index]:
            out[index].append(_ENTITY_WHAT[finding.rule])
    return dict(out)


def _source_backs(name: str, own: str, source: str, lang: str, whole: Witness, home: frozenset[int]) -> bool:
    """The source sentence names the reference's entity (romanised, or a place in its own
    words), and the translation has none of its words in the sentence nor names it anywhere."""
    from qa.entities.extract import extract_entities
    from qa.entities.places import places_of_entity, source_places
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
        # Bank of Russia) and not the source language's own country where it is left understood
        found = places_of_entity(entity, wholly=True, text=name) - home
        if found & source_places(source, lang):
            return True
    return False


def _home(lang: str, sentence: str) -> frozenset[int]:
    """The source language's own country (Russia for ru), left out as backing where the
    translation's sentence names no country: there it is understood ("the economy grew"); where
    the sentence names another ("talks with the US"), dropping it loses who took part."""
    from qa.entities.extract import extract_entities
    from qa.entities.places import home_places, places, places_of_entity

    table = places()
    if any(not table[n].city for e in extract_entities(sentence) for n in places_of_entity(e)):
        return frozenset()
    return home_places(lang)


_PERSON_PRONOUNS = frozenset({"he", "him", "himself", "she", "her", "herself"})
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "his", "her", "its", "their"})
_LETTERS = re.compile(r"[^\W\d_]+")
_APPOSITION = re.compile(r"[^\W\d_]+(?:['’]s)?\s*,\s*(?:the\s+|a\s+)?[a-z]")


def _free_roles(words: list[str]) -> int:
    """Role words (governor, singer, minister) that introduce no name: the last of a run of
    them, not followed by a capitalised word ("the acting governor of the region", not "acting
    governor Mikhail Degtyarev"): a role said in place of a person."""
    from qa.names.wordlists import ROLE_BEFORE

    count = 0
    for k, word in enumerate(words):
        after = words[k + 1] if k + 1 < len(words) else ""
        if word.lower() in ROLE_BEFORE and after.lower() not in ROLE_BEFORE and not after[:1].isupper():
            count += 1
    return count


def _nothing_in_place(name: str, reference: str, sentence: str) -> bool:
    """Whether the translation's sentence puts nothing in the place of a person its reference
    sentence names, judged with the two sentences' words: no "he" or "him" beyond the reference's,
    no role word that introduces no name beyond the reference's, no description beside the name
    in the reference that could stand for it ("acting governor Mikhail Degtyarev", "Sergei Zhukov,
    singer of the band"), and, between the nearest content words the sentences share on either
    side of the name (in the reference's order), no new noun phrase ("the acting governor": a
    new lower-case word after a determiner). Where the words do not place the name: no."""
    from qa.entities.words import FUNCTION_WORDS
    from qa.names.wordlists import ROLE_BEFORE

    ref_words, words = _LETTERS.findall(reference), _LETTERS.findall(sentence)

    def pronouns(ws: list[str]) -> int:
        return sum(w.lower() in _PERSON_PRONOUNS for w in ws)

    if pronouns(words) > pronouns(ref_words) or _free_roles(words) > _free_roles(ref_words):
        return False
    name_words = [w.lower() for w in _LETTERS.findall(name)]
    ref_lower, lower = [w.lower() for w in ref_words], [w.lower() for w in words]
    n = len(name_words)
    at = next((i for i in range(len(ref_lower) - n + 1) if ref_lower[i : i + n] == name_words), None)
    if at is None or not n:
        return False
    before = ref_words[at - 1] if at else ""
    if before[:1].islower() and before.lower() in ROLE_BEFORE:
        return False
    if _APPOSITION.match(reference[reference.lower().find(name_words[-1]) :]):
        return False
    shared = set(lower) - FUNCTION_WORDS
    left = next((k for k in range(at - 1, -1, -1) if ref_lower[k] in shared), None)
    right = next((k for k in range(at + n, len(ref_lower)) if ref_lower[k] in shared), None)
    lefts = [k for k, w in enumerate(lower) if left is not None and w == ref_lower[left]]
    rights = [k for k, w in enumerate(lower) if right is not None and w == ref_lower[right]]
    if left is not None and right is not None:
        pairs = [(i, j) for i in lefts for j in rights if i < j]
        if not pairs:
            return False
        i, j = min(pairs, key=lambda p: p[1] - p[0])
        start, end = i + 1, j
    else:
        start = lefts[-1] + 1 if lefts else 0
        end = rights[0] if rights else len(lower)
    there = set(ref_words[(left + 1 if left is not None else 0) : len(ref_words) if right is None else right])
    window = words[start:end]
    return not any(
        w[:1].islower()
        and w not in there
        and w.lower() not in FUNCTION_WORDS
        and any(d.lower() in _DETERMINERS for d in window[:k])
        for k, w in enumerate(window)
    )


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


# Words before a name that make it a place ("in Samara", "from Kazan", "to the ...").
_PLACE_BEFORE = re.compile(r"\b(?:in|at|from|to|into|near|outside|around|across|via|towards?)\s+(?:the\s+)?$")


def excused_first_names(finding: Finding, hyp_text: str) -> bool:
    """An E101 of one lone first name for another (Sasha / Alexander: `_first_names`), which
    says nothing of another person, unless both are places of the place table and the
    translation writes its name as a place ("in Samara" for the reference's Kazan: Kazan and
    Samara are also first names in the Russian name lexicon)."""
    if not finding.suggestion or not _first_names(finding.text, finding.suggestion):
        return False
    span = finding.span
    if span is None or not _PLACE_BEFORE.search(hyp_text[max(0, span.start - 16) : span.start]):
        return True
    from qa.entities.extract import extract_entities
    from qa.entities.places import places, places_of_entity

    def a_city(name: str) -> bool:
        return any(places()[n].city for e in extract_entities(name) for n in places_of_entity(e, wholly=True))

    return not (a_city(finding.text) and a_city(finding.suggestion))


def _first_names(*names: str) -> bool:
    """Whether each name is one word and a first name in the Russian name lexicon."""
    from qa.names.lexicon import FIRST, get_lexicon

    lexicon = get_lexicon()
    return all(len(n.split()) == 1 and lexicon.latin_count(n, FIRST) > 0 for n in names)
