"""E101 entity changed, E102 entity missing: places, organisations, teams and products.

This module is the check; its tokeniser, word lists, alias data and witnesses are in
`qa.entities` (extract, words, witness).

The name rules (N1xx) judge how a *person* is spelled. Machine translation also swaps one
entity for another ("Qatar" becomes "U.S.", "Premier League" becomes "Telegram") or drops one,
and most of those are not persons. This check compares the named entities of each aligned
pair of sentences (hypothesis sentence(s) with reference sentence(s), from the alignment):

* An *entity* is a run of capitalised words (with "of", "de", "van" ... inside, a possessive
  left outside), a dotted or all-capital acronym, or a hyphenated capitalised word. Leading
  function words ("The", "According") are cut off; the words that carry the entity are its
  *keys*: generic vocabulary (Ministry, President, North, July, Committee ...) is not a key,
  so "Ministry of Commerce" and "Commerce Ministry" share the key "commerce".
* The other side *attests* an entity when it holds
  - an alias of the same group (the `countryinfo` package gives each country's name,
    alternative spellings, ISO codes, capital and demonym; a short table adds organisations
    and outlets), unless the other side's alias is explained by its own text ("Rome" is not
    attested by "Italy" when both sides name Italy);
  - an alias that describes its group ("the epidemic" for COVID-19), even when both sides use it;
  - the acronym as initials of a run of capitalised words (DPA / Deutsche Presse-Agentur) or of
    3-6 words in any case (RCHEs / residential care homes for the elderly), as a
    part of a longer acronym (SAR / HKSAR) or one letter apart (SMEs / SMBs);
  - the name written together or apart (Xinhua Net / Xinhuanet, Yu Ebao / Yu'E Bao);
  - at least half of its keys, each as a word in any case, a spelling variant (rapidfuzz
    ratio >= 80), a derived form sharing its stem (Ukraine / Ukrainian), or a capitalised word
    with the same consonants (Catry / Katerry: transliterations differ in vowels).
* E101: a hypothesis entity that no reference attests in its aligned sentences, while the
  aligned reference sentence has an entity the hypothesis sentence does not attest: one
  entity replaced by another. The message names both; the suggestion is the reference's
  entity nearest in position. With a source, an entity whose romanisation (Latin text,
  anyascii of Cyrillic, pinyin of Chinese at syllable boundaries) stands in the aligned source
  sentence is not reported, and it accounts for the reference entity next to it.
* E101 without a reference (source or pivot only): a place of the translation the source names
  nowhere, replacing a place its aligned source sentence names (`qa.entities.source_place`).
* E102: reference entities that the aligned hypothesis sentence does not attest (and that every
  other reference also has), and Latin-script names of the source sentence the hypothesis
  lacks: one warning per hypothesis sentence group, naming them all.

What is not an entity: a lone capitalised word at a sentence start that is an ordinary English
word (in the 30k-word vocabulary of the bundled English encoder, read as a word list) and that
the reference does not capitalise; in a Title Case headline, capitalised ordinary words; a lone
nationality adjective ("Chinese", added or dropped freely); currencies and time zones; a
contraction ("I’m"); a class or stage named by its number ("Level 1", "Phase II"). A word just
after an opening quotation mark is at a sentence start. Persons
that the name engine sees as a near miss of a reference name are left to N101/N102.

Everything is model-free and precompiled; the alias table and the vocabulary load once (0.03 s).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from qa.checks.interface import CheckContext
from qa.checks.quotes import paired_sentences
from qa.document import AlignedDocument, Alignment, Finding, Text
from qa.entities.extract import (
    Entity,
    _only_demonym,
    _shift,
    _tokens,  # noqa: F401 - the check's public names
    extract_entities,
)
from qa.entities.witness import (
    SourceWitness,
    Witness,
    _looks_ordinary,
    _reference_entities,  # noqa: F401 - the check's public names
    reference_entities,
    reference_witness,
)
from qa.entities.words import (
    PERSON_NEAR_MISS,
    _fold,
    alias_index,  # noqa: F401 - the check's public names
)
from qa.rules import finding_at


def _person_near_miss(entity: Entity, hyp_text: str, ref_texts: Sequence[str]) -> bool:
    """The name engine sees this entity as a person spelled close to a reference person."""
    from rapidfuzz.distance import Levenshtein

    from qa.names.english import extract_person_names

    mentions = [m for m in extract_person_names(hyp_text) if m.start < entity.end and entity.start < m.end]
    if not mentions:
        return False
    reference_tokens = [
        t.text.lower() for ref in ref_texts for m in extract_person_names(ref) for t in m.tokens
    ]
    for mention in mentions:
        for token in mention.tokens:
            word = token.text.lower()
            for other in reference_tokens:
                if word != other and Levenshtein.normalized_similarity(word, other) >= PERSON_NEAR_MISS:
                    return True
    return False


def _well_known(entity: Entity) -> bool:
    """Every word of the entity is common in the word lists (Scholz; not Saybag, Hoh Xil: a
    place's local name beside its pinyin is a choice of spelling, not a wrong name)."""
    from qa.names.foreign import ERROR_MIN, frequency

    return bool(entity.keys) and all(frequency(key) >= ERROR_MIN for key in entity.keys)


def _relative(entity: Entity, start: int, end: int) -> float:
    return (entity.start - start) / max(end - start, 1)


class EntityCheck:
    """Entities (places, organisations, teams, products, persons) swapped or dropped."""

    name = "entities"
    rules = ("E101", "E102")

    def run(self, doc: AlignedDocument, context: CheckContext | None = None) -> Iterable[Finding]:
        document = doc.doc
        hyp = document.hyp
        if not hyp.content.strip():
            return []
        if not doc.ref_alignments:
            return self._from_source(doc)
        sentences = hyp.sentences
        groups = _groups(doc.ref_alignments)
        sources = _source_sentences(doc.src_alignment) if doc.src_alignment else None
        src_lang = document.src.lang if document.src is not None else None
        findings: list[Finding] = []
        reported: set[tuple[int, int]] = set()
        for hyp_ids, per_ref in groups:
            start, end = sentences[hyp_ids[0]].start, sentences[hyp_ids[-1]].end
            hyp_entities = extract_entities(hyp.content, start, end)
            hyp_witness = Witness(hyp.content[start:end])
            ref_views = []
            for ref, ids in per_ref:
                if not ids:
                    continue
                r_start, r_end = ref.sentences[ids[0]].start, ref.sentences[ids[-1]].end
                ref_views.append((ref, r_start, r_end, reference_witness(ref.content[r_start:r_end])))
            if not ref_views:
                continue
            source = None
            if sources is not None and src_lang in ("ru", "zh") and document.src is not None:
                src_ids = sorted({j for i in hyp_ids for j in sources.get(i, ())})
                if src_ids:
                    s = document.src.sentences
                    source = SourceWitness(
                        document.src.content[s[src_ids[0]].start : s[src_ids[-1]].end], src_lang
                    )
            findings.extend(
                self._pair(document, start, end, hyp_entities, hyp_witness, ref_views, source, reported)
            )
        return sorted(findings, key=Finding.sort_key)

    def _from_source(self, doc: AlignedDocument) -> list[Finding]:
        """Without a reference, a place the source (or the pivot standing in) names nowhere
        that replaces one its aligned sentence names (`qa.entities.source_place`)."""
        from qa.entities.source_place import ChangedPlaces, feature_named

        source = doc.source
        if doc.src_alignment is None or source is None or source.lang not in ("ru", "zh"):
            return []
        hyp = doc.doc.hyp
        changed_places = ChangedPlaces(hyp.content, source.content, source.lang)
        side = "pivot" if doc.src_role == "pivot" else "source"
        findings: list[Finding] = []
        for hyp_ids, src_ids in paired_sentences(doc.src_alignment):
            if not hyp_ids or not src_ids:
                continue
            start, end = hyp.sentences[hyp_ids[0]].start, hyp.sentences[hyp_ids[-1]].end
            s_start, s_end = source.sentences[src_ids[0]].start, source.sentences[src_ids[-1]].end
            changed = changed_places(extract_entities(hyp.content, start, end), source.content[s_start:s_end])
            for entity, replaced in changed:
                listed = ", ".join(f"'{r.source}'" for r in replaced)
                suggestion = replaced[0].english if len(replaced) == 1 else None
                # "Zhangzhou Bay" for 泉州湾: the place is replaced, the bay stays
                place = feature_named(entity.text)
                findings.append(
                    finding_at(
                        "E101",
                        hyp,
                        entity.start,
                        entity.start + len(place),
                        f"'{entity.text}' is named nowhere in the {side}, whose sentence names "
                        f"{listed} here: one place replaced by another",
                        suggestion,
                        ((side, r.source) for r in replaced),
                        text=place,
                    )
                )
        return sorted(findings, key=Finding.sort_key)

    def _pair(
        self,
        document,  # type: ignore[no-untyped-def]
        start: int,
        end: int,
        hyp_entities: list[Entity],
        hyp_witness: Witness,
        ref_views: list[tuple[Text, int, int, Witness]],
        source: SourceWitness | None,
        reported: set[tuple[int, int]],
    ) -> list[Finding]:
        hyp = document.hyp
        out: list[Finding] = []
        # Reference entities the hypothesis sentence does not attest, per reference.
        missing: list[tuple[Text, int, int, Entity]] = []
        # ... and those only a country's alias attests (Beijing by "China", Tbilisi by
        # "Georgian"): not missing, but the place a new place in the sentence may replace.
        by_alias: list[tuple[Text, int, int, Entity]] = []
        for ref, r_start, r_end, ref_witness in ref_views:
            for entity in reference_entities(ref.content, r_start, r_end):
                if _only_demonym(entity):
                    continue
                if entity.weak and _looks_ordinary(entity, ref_witness, hyp_witness):
                    continue
                if not hyp_witness.attests(entity, ref_witness):
                    if _country_in_other_words(entity, hyp.content[start:end]):
                        continue
                    missing.append((ref, r_start, r_end, entity))
                elif not hyp_witness.attests(entity, ref_witness, aliases=False):
                    by_alias.append((ref, r_start, r_end, entity))
        unattested = [
            e
            for e in hyp_entities
            if not _only_demonym(e)
            and not any(w.attests(e, hyp_witness) for *_, w in ref_views)
            and not (e.weak and any(_looks_ordinary(e, hyp_witness, w) for *_, w in ref_views))
        ]
        out.extend(_changed_places_inside(hyp, hyp_entities, unattested, ref_views, source))
        used: set[int] = set()
        replaced = missing or by_alias
        if replaced and unattested:
            hyp_text = hyp.content[start:end]
            ref_texts = [ref.content[r_start:r_end] for ref, r_start, r_end, _ in ref_views]
            for entity in unattested:
                position = _relative(entity, start, end)
                best = min(
                    range(len(replaced)),
                    key=lambda k: abs(_relative(replaced[k][3], replaced[k][1], replaced[k][2]) - position),
                )
                used.add(best)  # a source-backed or person variant accounts for the reference's entity
                other = replaced[best][3]
                vetoed = (
                    source is not None
                    and source.attests(entity)
                    and not (source.transcription_pinyin(entity) and _well_known(other))
                )
                if vetoed or _person_near_miss(_shift(entity, -start), hyp_text, ref_texts):
                    continue
                out.append(_replaced_in_reference(hyp, entity, other, "entity"))
        dropped: list[tuple[str, str]] = []  # (where, entity text)
        refs = document.refs
        for k, (ref, _, _, entity) in enumerate(missing):
            if k in used or (id(ref), entity.start) in reported:
                continue
            others = [r for r in refs if r is not ref]
            if others and not all(reference_witness(r.content).attests(entity) for r in others):
                continue  # the other references do without it: a paraphrase, not an omission
            reported.add((id(ref), entity.start))
            dropped.append(("reference", entity.text))
        if source is not None:
            for name in source.names():
                folded = _fold(name)
                if folded in hyp_witness.words or any(folded in w.words for *_, w in ref_views):
                    continue
                if not hyp_witness.attests(Entity(name, 0, len(name), (folded,), (folded,), False)):
                    dropped.append(("source", name))
        if dropped:
            names = sorted({text for _, text in dropped}, key=[t for _, t in dropped].index)
            listed = ", ".join(f"'{n}'" for n in names)
            sides = " and ".join(sorted({where for where, _ in dropped}, reverse=True))
            out.append(
                finding_at(
                    "E102",
                    hyp,
                    start,
                    end,
                    f"{listed} of the {sides} missing from this sentence",
                    None,
                    dropped,
                )
            )
        return out


def _place_words(entity: Entity) -> tuple[frozenset[int], frozenset[str]]:
    """The places an entity's runs of words name ("Doha" in "Doha Marathon") and those words."""
    from qa.entities.places import english_index

    index, words = english_index(), entity.words
    found: set[int] = set()
    used: set[str] = set()
    for n in range(min(len(words), 4), 0, -1):
        for i in range(len(words) - n + 1):
            hit = index.get(" ".join(words[i : i + n]))
            if hit:
                found |= hit
                used.update(words[i : i + n])
    return frozenset(found), frozenset(used)


def _changed_places_inside(
    hyp: Text,
    hyp_entities: list[Entity],
    unattested: list[Entity],
    ref_views: list[tuple[Text, int, int, Witness]],
    source: SourceWitness | None,
) -> list[Finding]:
    """E101 for an entity of several words that the reference attests by its other words while
    its place changed: "the Doha Marathon" where the reference has "the Dubai Marathon" ("marathon"
    alone attests it, as "Exhibition Hall" did for Shanghai / Beijing). Reported when the hyp's
    place is named by no reference entity nor word of the aligned sentences (nor by the source),
    and a reference entity sharing the entity's other words names a place of the same kind (a
    city for a city) that the translation's sentence names nowhere."""
    from qa.entities.places import places, places_of_entity, source_places

    candidates = [
        e for e in hyp_entities if e not in unattested and not _only_demonym(e) and len(e.keys) >= 2
    ]
    if not candidates:
        return []
    table = places()
    hyp_places = {n for entity in hyp_entities for n in places_of_entity(entity)}
    ref_entities = [
        e for ref, r_start, r_end, _ in ref_views for e in reference_entities(ref.content, r_start, r_end)
    ]
    ref_places = {n for entity in ref_entities for n in places_of_entity(entity)}
    ref_place_words = [(other, *_place_words(other)) for other in ref_entities]
    out: list[Finding] = []
    for entity in candidates:
        own, place_words = _place_words(entity)
        others = set(entity.keys) - place_words
        if not own or not others or own & ref_places:
            continue
        if any(w.attests_key(word) for word in place_words for *_, w in ref_views):
            continue
        if source is not None and own & source_places(source.text, source.lang):
            continue
        kinds = {table[n].city for n in own}
        for other, theirs, their_words in ref_place_words:
            same_kind = {n for n in theirs if table[n].city in kinds}
            if same_kind and not same_kind & hyp_places and others & (set(other.keys) - their_words):
                out.append(_replaced_in_reference(hyp, entity, other, "place"))
                break
    return out


def _replaced_in_reference(hyp: Text, entity: Entity, other: Entity, what: str) -> Finding:
    """E101: the translation's entity where the reference has `other` (an entity, or a place)."""
    return finding_at(
        "E101",
        hyp,
        entity.start,
        entity.end,
        f"'{entity.text}' where the reference has '{other.text}': one {what} replaced by another",
        other.text,
        (("reference", other.text),),
        text=entity.text,
    )


# Words that name the country a sentence is about without its name ("go on sale nationwide" for
# "Sales across China begin"): a reference's country is then not missing.
_COUNTRY_WORDS = re.compile(
    r"\b(?:nationwide|domestically|across the country|around the country|throughout the country)\b", re.I
)


def _country_in_other_words(entity: Entity, hyp_sentence: str) -> bool:
    """A reference's country that the translation's sentence names as "nationwide",
    "across the country" (a country, not a city: "Beijing" has no such word; "national" alone is
    too loose: "national liberation" beside a dropped Laos)."""
    if not _COUNTRY_WORDS.search(hyp_sentence):
        return False
    from qa.entities.places import places, places_of_entity

    found = places_of_entity(entity, wholly=True)
    return bool(found) and all(not places()[n].city for n in found)


def _groups(
    alignments: Sequence[Alignment],
) -> list[tuple[tuple[int, ...], list[tuple[Text, tuple[int, ...]]]]]:
    """Hypothesis sentence groups with, per reference, the reference sentences aligned to them.

    The first reference's pairs define the groups; another reference contributes the sentences
    aligned to any hypothesis sentence of the group.
    """
    if not alignments:
        return []
    first = alignments[0]
    others = []
    for alignment in alignments[1:]:
        by_hyp: dict[int, set[int]] = {}
        for hyp_ids, other_ids in paired_sentences(alignment):
            for i in hyp_ids:
                by_hyp.setdefault(i, set()).update(other_ids)
        others.append((alignment.other, by_hyp))
    out = []
    for hyp_ids, ref_ids in paired_sentences(first):
        if not hyp_ids or not ref_ids:
            continue
        per_ref: list[tuple[Text, tuple[int, ...]]] = [(first.other, ref_ids)]
        for text, by_hyp in others:
            ids = sorted({j for i in hyp_ids for j in by_hyp.get(i, ())})
            per_ref.append((text, tuple(ids)))
        out.append((hyp_ids, per_ref))
    return out


def _source_sentences(alignment: Alignment) -> dict[int, tuple[int, ...]]:
    out: dict[int, tuple[int, ...]] = {}
    for hyp_ids, other_ids in paired_sentences(alignment):
        for i in hyp_ids:
            out[i] = tuple(other_ids)
    return out
