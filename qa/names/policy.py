"""Rule policy and messages: pairing mentions with expected persons, and what each match
means per origin (N101 misspelled, N102 variant, N103 missing, N107 not in the reference,
N108 hidden characters), with the message and evidence of each issue.

How cautious each origin is: a reference and a glossary are authoritative (any near miss is
N101); a source is the Cyrillic itself (any near miss of a Russian person's name is N101,
however rare the name, unless it is a whole foreign or Ukrainian spelling); a pivot is only a
guess of the Cyrillic (a near miss is N101 only for attested names that are not themselves
common names). Foreign people named in Russian (Энтони Блинкен) keep their own spelling."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from rapidfuzz.distance import OSA

from qa.names.english import looks_like_russian_surname
from qa.names.hidden import Revealed, char_label
from qa.names.lexicon import FIRST as LEX_FIRST
from qa.names.lexicon import SURNAME as LEX_SURNAME
from qa.names.matcher import (
    _CAPITALISED_WORD,
    _FOREIGN_ORTHOGRAPHY,
    _GEORGIAN,
    _PART_TO_KIND,
    ALIAS,
    DIACRITICS,
    EXACT,
    FIRST_NAME_MIN,
    NEAR,
    NONE,
    RUSSIAN_MIN,
    VARIANT,
    TokenMatch,
    _best_match,
    _foreign_spelling,
    classify_token,
    near_miss_limit,
)
from qa.names.model import (
    FIRST,
    MIDDLE,
    SURNAME,
    ExpectedPerson,
    ExpectedToken,
    NameIssue,
    NameToken,
    PersonMention,
)
from qa.names.romanize import match_case, normalize_latin
from qa.names.wordlists import ENGLISH_FIRST_NAMES, ENGLISH_SHORT_FORMS, NOT_NAME_WORDS

# The space or hyphen between two capitalised words, which a name written as one word lacks.
_CAPITALS_APART = re.compile(r"\b([A-Z][a-z]*)[ \-](?=[A-Z][a-z])")


class NamePolicy:
    """Pairing, rule policy and messages (a part of `NameEngine`)."""

    def _pair(self, mention: PersonMention, persons: Sequence[ExpectedPerson]) -> ExpectedPerson | None:
        best: tuple[int, int] = (0, 0)
        chosen: ExpectedPerson | None = None
        for index, person in enumerate(persons):
            score = 0
            surname_hit = False
            for token in mention.checkable:
                match = _best_match(token, person.tokens, True, self.attested, self.shared_cyrillic)
                score += match.weight
                surname_hit = surname_hit or (match.kind != NONE and token.part == SURNAME)
            if mention.surname is not None and not surname_hit:
                continue  # a shared first name alone does not make the same person
            if score > best[0] or (score == best[0] and score and chosen is None):
                best = (score, -index)
                chosen = person
        return chosen

    def _pair_by_first_name(
        self, mention: PersonMention, persons: Sequence[ExpectedPerson], hyp: str = ""
    ) -> tuple[ExpectedPerson, TokenMatch] | None:
        """Same first name and a surname one edit beyond a near miss ("Eric Zemur" / Zemmour;
        from a Russian source, "Andrei Bochkov" for Андрей Бочкарёв)."""
        first, surname = mention.first, mention.surname
        if first is None or surname is None:
            return None
        key = surname.key
        for person in persons:
            if person.origin not in ("reference", "glossary", "source"):
                continue
            firsts = [t for t in person.tokens if t.part == FIRST]
            wanted = person.surname
            if not firsts or wanted is None:
                continue
            if classify_token(first.text, firsts[0]).kind not in (EXACT, VARIANT):
                continue
            target = wanted.key
            limit = near_miss_limit(len(target)) + 1
            distance = OSA.distance(key, target, score_cutoff=limit)
            if 0 < distance <= limit and len(key) >= 4:
                return person, TokenMatch(NEAR, wanted, distance, target, wanted.scheme_of(target))
            if _short_slip(key, target, person, hyp):
                return person, TokenMatch(NEAR, wanted, 1, target, wanted.scheme_of(target))
        return None

    def source_is_russian(self, expected: ExpectedToken) -> bool:
        """Whether a source word is a Russian name part, so that any near miss of it is a
        misspelling: attested in the lexicon, or (however rare: Силуанов has 4 bearers) a
        surname or patronymic with a Russian ending, or a Georgian surname (Гарибашвили,
        Кобахидзе: English writes them as the Russian is romanised). A foreign person named in
        Russian (Энтони Блинкен, Элейн Дьюк) keeps an English spelling no scheme predicts."""
        if expected.russian:
            return True
        if expected.part == SURNAME and _GEORGIAN_SURNAME.search(expected.key):
            return True
        return expected.part in (SURNAME, MIDDLE) and looks_like_russian_surname(expected.spelling)

    def _russian_first_name(self, person: ExpectedPerson | None) -> bool:
        """Whether the source gives the person a common Russian first name (Сергей Шойгу), so
        that a Western-looking spelling of the surname ("Schoigu") is a slip, not the person's
        own. Common: Эрик (178 bearers) or Израиль (118, and the country) do not make a
        Russian, nor does a name English shares (Роберт -> Robert)."""
        if person is None:
            return False
        for token in person.tokens:
            if token.part != FIRST or ({token.key} | token.accepted) & ENGLISH_FIRST_NAMES:
                continue
            if any(self.lexicon.count(c, LEX_FIRST) >= COMMON_RUSSIAN_FIRST_NAME for c in token.cyrillic):
                return True
        return False

    def _source_error(
        self, token: NameToken, match: TokenMatch, person: ExpectedPerson | None = None
    ) -> bool:
        """Whether a near miss of a source/pivot spelling is a misspelling, not another name."""
        expected = match.expected
        if expected is None or expected.foreign:
            return False
        russian = self.source_is_russian(expected) if expected.origin == "source" else expected.russian
        if not russian:
            return False
        key = token.key
        if expected.origin == "source":
            # The source writes the name: a near miss of it is a misspelling even when it is
            # itself someone's surname ("Nabiulina" for Набиуллина), unless it is a whole
            # foreign or Ukrainian spelling of the word (Kowalski, Denysenko), not one slip.
            if token.text.lower() in ENGLISH_FIRST_NAMES:
                return False
            if _western_original(key, expected) and not self._russian_first_name(person):
                return False
            return not _foreign_spelling(key, expected.accepted)
        if token.text.lower() in ENGLISH_FIRST_NAMES or _FOREIGN_ORTHOGRAPHY.search(key):
            return False  # a non-Russian person's own spelling (Pawel, Oleksandr)
        if key.replace("y", "i") in {a.replace("y", "i") for a in expected.accepted}:
            return False  # Ukrainian и -> y: Denysenko for Денисенко is that person's own spelling
        kind = _PART_TO_KIND.get(expected.part)
        own = self.lexicon.lookup_latin(token.text, kind) if kind else ()
        expected_count = max((self.lexicon.count(c, kind) for c in expected.cyrillic), default=0)
        if own and own[0].count >= max(RUSSIAN_MIN, expected_count // 20):
            # A real name: an error only if it is the same surname in the other gender.
            for entry in own:
                for source in expected.cyrillic:
                    feminine = self.lexicon.feminine_of(source)
                    if feminine and feminine.lower() == entry.cyrillic.lower():
                        return True
                    back = self.lexicon.feminine_of(entry.cyrillic)
                    if back and back.lower() == source.lower():
                        return True
            return False
        return True

    def check_against(
        self, hyp: str, expected: Sequence[ExpectedPerson], mentions: Sequence[PersonMention] | None = None
    ) -> tuple[list[NameIssue], list[PersonMention]]:
        """N101 / N102 / N103 against expected persons; also returns the unpaired mentions."""
        mentions = list(mentions) if mentions is not None else self.extract(hyp)
        glossary = self.glossary_persons()
        issues: list[NameIssue] = []
        paired: set[int] = set()
        unpaired: list[PersonMention] = []
        for mention in mentions:
            decided: set[tuple[int, int]] = set()
            house = self._pair(mention, glossary) if glossary else None
            if house is not None:
                for token in mention.checkable:
                    match = _best_match(token, house.tokens, True, self.attested, self.shared_cyrillic)
                    if match.kind == NONE:
                        continue
                    decided.add((token.start, token.end))
                    issue = self._issue_for(token, match, house, hyp)
                    if issue:
                        issues.append(issue)
            person = self._pair(mention, expected)
            if person is None:
                loose = self._pair_by_first_name(mention, expected, hyp)
                if loose is not None:
                    paired.add(id(loose[0]))
                    issue = self._issue_for(mention.surname, loose[1], loose[0], hyp)  # type: ignore[arg-type]
                    if issue:
                        issues.append(issue)
                elif house is None:
                    unpaired.append(mention)
                continue
            paired.add(id(person))
            for token in mention.checkable:
                if (token.start, token.end) in decided:
                    continue
                match = _best_match(token, person.tokens, True, self.attested, self.shared_cyrillic)
                if match.kind in (NONE, NEAR):
                    anywhere = _best_match(token, [t for p in expected for t in p.tokens], False)
                    if anywhere.kind in (EXACT, VARIANT, ALIAS):
                        continue  # spelled as some other expected name part
                if person.origin == "source" and token.part == FIRST and match.kind in (NEAR, NONE):
                    issue = self._another_first_name(token, person)
                    if issue:
                        issues.append(issue)
                        continue
                if match.kind == NONE:
                    issue = self._replaced(token, person)
                    if issue:
                        issues.append(issue)
                    continue
                if person.origin == "source" and match.kind == NEAR and not self._russian_context(mention):
                    if _georgian(person):
                        # English writes Georgian surnames as Russian romanises them (Kobakhidze,
                        # Garibashvili), so a near miss is a slip; first names are the person's
                        # own (Mikheil for Михаил).
                        if token is not mention.surname:
                            continue
                    elif not (
                        person.surname is not None
                        and self.source_is_russian(person.surname)
                        and not _GEORGIAN.search(
                            normalize_latin(mention.surname.text if mention.surname else "")
                        )
                    ):
                        continue  # a non-Russian person: their own spelling
                issue = self._issue_for(token, match, person, hyp)
                if issue:
                    issues.append(issue)
        for person in expected:
            if id(person) in paired or person.origin == "glossary":
                continue
            issue = self._missing(person, hyp)
            if issue:
                issues.append(issue)
        return issues, unpaired

    def _issue_for(
        self, token: NameToken, match: TokenMatch, person: ExpectedPerson, hyp: str
    ) -> NameIssue | None:
        expected = match.expected
        assert expected is not None
        origin = expected.origin
        evidence: list[tuple[str, str]] = []
        # A Chinese text's names (origin "pivot", a pivot's or a Chinese source's): the Chinese
        # part this token came from, labelled with where it was written.
        chinese_label = next((k for k, _ in person.evidence if k in ("pivot", "source")), "pivot")
        pivot_text = dict(person.evidence).get(chinese_label) if origin == "pivot" else None
        if pivot_text and expected in person.tokens:
            pieces = pivot_text.split("·")  # one Chinese part per expected token
            if len(pieces) == len(person.tokens):
                pivot_text = pieces[person.tokens.index(expected)]
        if origin in ("reference", "glossary", "pivot"):
            evidence.append((chinese_label if pivot_text else origin, pivot_text or expected.spelling))
        if expected.cyrillic:
            evidence.append(("source" if origin == "source" else "cyrillic", expected.cyrillic[0]))
        if match.kind in (EXACT,):
            return None
        if match.kind in (VARIANT, ALIAS):
            if origin not in ("reference", "glossary"):
                return None
            scheme = match.scheme or ("glossary alias" if match.kind == ALIAS else None)
            if scheme and scheme not in ("reference", "glossary"):
                evidence.append(("scheme", scheme))
            where = "the house style (glossary)" if origin == "glossary" else "the reference"
            if match.kind == ALIAS:
                why = "a known alias"
            elif match.scheme == DIACRITICS:
                why = f"'{expected.spelling}' with the diacritics of the original"
            elif match.scheme == "lexicon":
                found = self.lexicon.lookup_latin(token.text, _PART_TO_KIND.get(token.part))
                why = (
                    f"a standard romanisation of {found[0].cyrillic}" if found else "a standard romanisation"
                )
            elif expected.cyrillic:
                why = f"an accepted romanisation of {expected.cyrillic[0]}"
            else:
                why = "an accepted spelling"
            return NameIssue(
                "N102",
                token.start,
                token.end,
                token.text,
                f"'{token.text}' is {why}, but {where} spells it '{expected.spelling}'",
                match_case(token.text, expected.spelling),
                tuple(evidence),
            )
        # a near miss
        if origin in ("source", "pivot") and not self._source_error(token, match, person):
            return None
        if origin in ("source", "pivot"):
            suggestion_key = match.nearest or expected.key
            suggestion = match_case(token.text, suggestion_key)
            if match.scheme:
                evidence.append(("scheme", match.scheme))
            what = f"the {origin} name {expected.cyrillic[0]}" if expected.cyrillic else f"the {origin} name"
            if pivot_text and expected.cyrillic:
                where = "pivot" if chinese_label == "pivot" else "Chinese source"
                what = f"the {where} name {pivot_text} ({expected.cyrillic[0]})"
            message = (
                f"'{token.text}' looks like a misspelling of {what}, romanised '{suggestion}'"
                f" (not an accepted romanisation; {match.distance} edit{'s' * (match.distance > 1)})"
            )
        else:
            suggestion = match_case(token.text, expected.spelling)
            where = "the house style (glossary)" if origin == "glossary" else "the reference"
            message = (
                f"'{token.text}' looks like a misspelling of '{expected.spelling}' ({where}; "
                f"{match.distance} edit{'s' * (match.distance > 1)}, not an accepted romanisation)"
            )
        evidence.append(("distance", str(match.distance)))
        return NameIssue("N101", token.start, token.end, token.text, message, suggestion, tuple(evidence))

    def _replaced(self, token: NameToken, person: ExpectedPerson) -> NameIssue | None:
        """A first name or patronymic of a reference person replaced by an unrelated one."""
        same_part = [t for t in person.tokens if t.part == token.part]
        if (
            token.part == SURNAME
            or len(same_part) != 1
            or same_part[0].origin not in ("reference", "glossary", "source")
            or (same_part[0].origin == "source" and (token.part != MIDDLE or not same_part[0].russian))
        ):
            return None
        expected = same_part[0]
        known = (
            token.text.lower() in ENGLISH_FIRST_NAMES
            or looks_like_russian_surname(token.text)
            or self.attested(token.text, token.part) >= RUSSIAN_MIN
        )
        if not known:
            return None  # only a real name can replace a name ("Medical Sergey" is an extraction slip)
        key, wanted = token.key, expected.key
        if min(len(key), len(wanted)) < 4 or key.startswith(wanted) or wanted.startswith(key):
            return None  # "Alex" for "Alexander" is a short form, not another name
        if wanted in ENGLISH_SHORT_FORMS.get(key, ()):
            return None  # "Jake" for "Jacob", "Bill" for "William": the name the person goes by
        where = {"glossary": "the house style (glossary)", "source": "the source"}.get(
            expected.origin, "the reference"
        )
        named = (
            expected.cyrillic[0] if expected.origin == "source" and expected.cyrillic else expected.spelling
        )
        return NameIssue(
            "N101",
            token.start,
            token.end,
            token.text,
            f"'{token.text}' is not the name {where} gives this person: '{expected.spelling}' "
            f"({person.display})",
            match_case(token.text, expected.spelling),
            ((expected.origin, named), ("person", person.display)),
        )

    def _another_first_name(self, token: NameToken, person: ExpectedPerson) -> NameIssue | None:
        """A foreign person's first name read as another, Russian one: "Mark Rubio" for Марко
        Рубио. Russian writes a foreign first name as it sounds, so a translation's first name
        T is another name when T is the romanisation of a common Russian first name (Марк) that
        the source does not write, and an English-written name W one or two letters from T
        sounds as the source's word does and T does not (Marco). "David Cameron" for Дэвид
        Кэмерон stays: David romanises Давид, but no English name sounds as Дэвид closer."""
        from qa.names.foreign import cyrillic_key, latin_key, neighbours, sound_distance

        firsts = [t for t in person.tokens if t.part == FIRST]
        surname = person.surname
        if len(firsts) != 1 or surname is None or _georgian(person):
            return None
        expected = firsts[0]
        if expected.russian or not expected.cyrillic or self.source_is_russian(surname):
            return None  # a Russian person's first name: the romanisation rules judge it
        key = token.key
        if key == expected.key or key in expected.accepted:
            return None
        written = {c.lower().replace("ё", "е") for c in expected.cyrillic}
        reads = [
            entry.cyrillic
            for entry in self.lexicon.lookup_latin(token.text, LEX_FIRST)
            if entry.count >= FIRST_NAME_MIN and entry.cyrillic.lower().replace("ё", "е") not in written
        ]
        if not reads:
            return None
        source = cyrillic_key(expected.cyrillic[0])
        mine = sound_distance(source, latin_key(token.text))
        if mine > near_miss_limit(len(source)) + 0.5:
            return None  # another rendering altogether (Charles for Карл), not a misreading
        fits = [
            (sound_distance(source, latin_key(other)), -zipf, other)
            for other, zipf, _ in neighbours(key, floor=0.0, reach=2)
            if other.lower() in ENGLISH_FIRST_NAMES or zipf >= 2.0
        ]
        fits = sorted(f for f in fits if f[0] < mine and f[0] <= 0.5)
        if not fits:
            return None
        suggestion = match_case(token.text, fits[0][2])
        return NameIssue(
            "N101",
            token.start,
            token.end,
            token.text,
            f"'{token.text}' is the Russian first name {reads[0]}, but the source names this "
            f"person {expected.cyrillic[0]} ({person.display}): '{suggestion}' sounds as it does",
            suggestion,
            (("source", expected.cyrillic[0]), ("reads", reads[0]), ("person", person.display)),
        )

    def _missing(self, person: ExpectedPerson, hyp: str) -> NameIssue | None:
        surname = person.surname or person.tokens[-1]
        # From the source only for Russian names (foreign ones are spelled unpredictably); never
        # from a pivot, whose names are back-transliterated guesses.
        if person.origin == "pivot" or (
            person.origin == "source" and (not surname.russian or len(person.tokens) < 2)
        ):
            return None
        lowered = hyp.lower()
        for key in surname.accepted | {surname.key}:
            if len(key) >= 3 and re.search(rf"\b{re.escape(key)}", lowered):
                return None
        where = {"reference": "the reference", "source": "the source", "pivot": "the pivot"}.get(
            person.origin, person.origin
        )
        name = " ".join(t.spelling for t in person.tokens)
        evidence: list[tuple[str, str]] = [(person.origin, person.display)]
        return NameIssue(
            "N103",
            None,
            None,
            "",
            f"{name}, named in {where} ({person.display}), is not named in the translation",
            name,
            tuple(evidence),
        )

    def _russian_context(self, mention: PersonMention) -> bool:
        """Whether a mention looks like a Russian person's name (worth judging by the lexicon)."""
        surname = mention.surname
        if surname is None or _GEORGIAN.search(surname.key):
            return False
        if looks_like_russian_surname(surname.text):
            return True
        if self.lexicon.latin_count(surname.text, LEX_SURNAME) >= RUSSIAN_MIN:
            return True
        first = mention.first
        return first is not None and self.lexicon.latin_count(first.text, LEX_FIRST) >= FIRST_NAME_MIN

    def against_reference_words(
        self, hyp: str, unpaired: Sequence[PersonMention], refs: Sequence[str]
    ) -> tuple[list[NameIssue], list[PersonMention]]:
        """Unpaired mentions against every capitalised word of the references.

        The reference may name a person in a way the extractor does not recognise
        ("Arestovych said"); a translation token equal to, or a near miss of, such a word is
        judged against it. Returns the findings and the mentions still unpaired.
        """
        if not unpaired:
            return [], []
        words = sorted(
            {
                match.group(0)
                for ref in refs
                for match in _CAPITALISED_WORD.finditer(ref)
                if match.group(0)[:1].isupper() and match.group(0).lower() not in NOT_NAME_WORDS
            }
        )
        keys = [(word, normalize_latin(word)) for word in words]
        issues: list[NameIssue] = []
        still: list[PersonMention] = []
        for mention in unpaired:
            token = mention.surname
            if token is None:
                still.append(mention)
                continue
            key = token.key
            limit = near_miss_limit(len(key))
            close = [
                w
                for w, k in keys
                if abs(len(k) - len(key)) <= limit and OSA.distance(k, key, score_cutoff=limit) <= limit
            ]
            if not close:
                still.append(mention)
                continue
            if any(normalize_latin(w) == key for w in close):
                continue  # the reference has this exact word
            if any(_inflected(key, normalize_latin(w)) for w in close):
                continue  # a word the reference has, in the plural: not a name to spell ("Admissions")
            expected = [self.expected_token(w, token.part, "reference") for w in close]
            match = _best_match(token, expected, False, self.attested, self.shared_cyrillic)
            if match.kind == NONE or match.expected is None:
                still.append(mention)
                continue
            person = ExpectedPerson((match.expected,), "reference", match.expected.spelling)
            issue = self._issue_for(token, match, person, hyp)
            if issue:
                issues.append(issue)
        return issues, still

    def reference_run_slips(
        self, hyp: str, refs: Sequence[str], taken: set[tuple[int, int]]
    ) -> list[NameIssue]:
        """N101 for a name neither side reads as a person ("Eliud Kipchoge", "Yang Shaohui": no
        title, no listed first name, no Russian ending): two or three capitalised words the
        reference writes alike but for one word a slip apart (one edit, same first letter, 5+
        letters, not the plural), where the translation's word is in no word list or far
        rarer than the reference's (`qa.names.foreign`: "Defence" for "Defense" is English)."""
        from qa.names.foreign import GAP, frequency

        ref_runs = [run for ref in refs for run in _capitalised_runs(ref)]
        if not ref_runs:
            return []
        ref_words = {w.lower() for run in ref_runs for w, _, _ in run}
        hyp_words = {m.group(0).lower() for m in _CAPITALISED_WORD.finditer(hyp)}
        # Each distinct window of the references once, and each distinct window of the
        # translation compared once: a line of one name repeated thousands of times on both
        # sides made every window meet every other (2,000 words a side took 30 s).
        ref_windows: dict[int, dict[tuple[str, ...], str]] = {}
        for size in (3, 2):
            unique: dict[tuple[str, ...], str] = {}
            for ref_run in ref_runs:
                for j in range(len(ref_run) - size + 1):
                    words = tuple(w for w, _, _ in ref_run[j : j + size])
                    unique.setdefault(words, " ".join(words))
            ref_windows[size] = unique
        compared: dict[tuple[str, ...], list[tuple[int, str, str]]] = {}
        issues: list[NameIssue] = []
        seen: set[tuple[int, int]] = set()
        for run in _capitalised_runs(hyp):
            for size in (3, 2):
                for i in range(len(run) - size + 1):
                    window = run[i : i + size]
                    key = tuple(w for w, _, _ in window)
                    slips = compared.get(key)
                    if slips is None:
                        slips = compared[key] = [
                            (*slip, shown)
                            for theirs, shown in ref_windows[size].items()
                            if (slip := _one_word_slip(key, theirs)) is not None
                        ]
                    for at, right, shown in slips:
                        word, start, end = window[at]
                        if (start, end) in taken or (start, end) in seen:
                            continue
                        if word.lower() in ref_words or right.lower() in hyp_words:
                            continue
                        mine, theirs = (frequency(w) for w in _differing_part(word, right))
                        # a short Chinese given name ("Jei") is judged as pinyin, not by the word
                        # lists, which know most three-letter strings
                        if min(len(word), len(right)) >= 5 and mine > 0.0 and mine + GAP > theirs:
                            continue
                        seen.add((start, end))
                        issues.append(
                            NameIssue(
                                "N101",
                                start,
                                end,
                                word,
                                f"'{word}' looks like a misspelling of the reference name '{right}' "
                                f"({shown}; one edit)",
                                match_case(word, right),
                                (("reference", right),),
                            )
                        )
        return issues

    def not_in_reference(self, unpaired: Sequence[PersonMention], refs: Sequence[str]) -> list[NameIssue]:
        """N107 (proposed): a person the translation names that no reference names at all.

        Only mentions paired with no reference person, whose surname occurs nowhere in any
        reference (so a reference that names the person in a way the extractor missed does
        not count), nor written as one word there ("Da Peng" names Dapeng). Catches a name
        swapped for another ("Gary Anderson" for "Oliver Dauden"). With a Chinese source,
        `NameEngine.check` drops those the source names (`named_in_chinese`).
        """
        texts = [normalize_latin(ref) for ref in refs]
        texts += [normalize_latin(_CAPITALS_APART.sub(r"\1", ref)) for ref in refs]
        issues: list[NameIssue] = []
        for mention in unpaired:
            surname = mention.surname
            if surname is None or len(mention.checkable) < 1:
                continue
            key = surname.key
            if len(key) < 3 or any(re.search(rf"\b{re.escape(key)}", text) for text in texts):
                continue
            issues.append(
                NameIssue(
                    "N107",
                    mention.start,
                    mention.end,
                    mention.text,
                    f"'{mention.text}' is not named in the reference"
                    + (
                        " (nor any spelling close to it)"
                        if len(refs) == 1
                        else "s (nor any spelling close to it)"
                    ),
                    None,
                    (("reference", "absent"),),
                )
            )
        return issues

    @staticmethod
    def _with_source_evidence(issues: list[NameIssue], persons: Sequence[ExpectedPerson]) -> list[NameIssue]:
        """Reference findings that also name the source word the suggestion romanises."""
        out: list[NameIssue] = []
        for issue in issues:
            found = _source_form(issue.suggestion, persons) if issue.suggestion else None
            if issue.rule in ("N101", "N102") and found and "source" not in dict(issue.evidence):
                extra = [("source", found[0])] + ([("scheme", found[1])] if found[1] else [])
                evidence = tuple(e for e in issue.evidence if e[0] not in ("cyrillic", "scheme")) + tuple(
                    extra
                )
                issue = replace(issue, evidence=evidence)
            out.append(issue)
        return out


# Western spellings that Russian writes with other letters: Habeck/Хабек (Khabek), Zuckerberg/
# Цукерберг (Tsukerberg), Zemmour/Земмур, Altstein/Альтштейн (Altshteyn), Bennett/Беннет. Each pair maps the
# Western and the romanised form to one key; doubled consonants after a vowel are written once.
_WESTERN_KEY = [
    ("sch", "sh"),
    ("sht", "st"),
    ("shp", "sp"),
    ("kh", "h"),
    ("ck", "k"),
    ("tz", "ts"),
    ("z", "ts"),
    ("ou", "u"),
    ("oo", "u"),
    ("ei", "ey"),
    ("ai", "ay"),
    ("ee", "i"),
    ("ph", "f"),
    ("th", "t"),
    ("w", "v"),
    ("x", "ks"),
]
# A consonant doubled after a vowel, as Western spellings double them (Bennett, Zemmour); a
# letter doubled anywhere else is a slip even in a foreign name (Shhoygu, Sshoygu for Шойгу).
_DOUBLED = re.compile(r"(?<=[aeiou])([^aeiou])\1+")
# Endings of Russian-family surnames in Cyrillic (the Latin test, -yn, would take Альтштейн's
# romanisation Altshteyn for one)
_RUSSIAN_ENDINGS_CYRILLIC = (
    "ов",
    "ев",
    "ёв",
    "ин",
    "ын",
    "ова",
    "ева",
    "ёва",
    "ина",
    "ына",
    "ский",
    "цкий",
    "ской",
    "ская",
    "цкая",
    "ич",
    "енко",
    "ук",
    "юк",
    "ых",
    "их",
)


_RUN_WORD = re.compile(r"[A-Z][a-z]+(?:-[A-Z]?[a-z]+)*")

Run = list[tuple[str, int, int]]


def _capitalised_runs(text: str) -> list[Run]:
    """Runs of 2+ capitalised words separated by single spaces, each word with its offsets."""
    runs: list[Run] = []
    current: Run = []
    for match in _RUN_WORD.finditer(text):
        start, end = match.span()
        inside = (start > 0 and text[start - 1].isalnum()) or (end < len(text) and text[end].isalnum())
        if current and not inside and text[current[-1][2] : start] == " ":
            current.append((match.group(0), start, end))
            continue
        if len(current) >= 2:
            runs.append(current)
        current = [] if inside else [(match.group(0), start, end)]  # "McDonald", "iPhone": no word
    if len(current) >= 2:
        runs.append(current)
    return runs


def _differing_part(word: str, other: str) -> tuple[str, str]:
    """The hyphen-separated parts in which two words differ ("Kong-Macau" / "Kong-Macao":
    macau, macao), lower case; the words themselves when they split differently."""
    mine, theirs = word.lower().split("-"), other.lower().split("-")
    if len(mine) != len(theirs):
        return word.lower(), other.lower()
    pairs = [(a, b) for a, b in zip(mine, theirs, strict=True) if a != b]
    return pairs[0] if len(pairs) == 1 else (word.lower(), other.lower())


def _one_word_slip(window: tuple[str, ...], other: tuple[str, ...]) -> tuple[int, str] | None:
    """(the place, `other`'s word there) of the one word of `window` that is a slip of the word
    in its place in `other`, the rest equal; None if there is no such single slip. A shorter
    word only as a Chinese given name after its surname (`_short_chinese_slip`)."""
    slip = None
    for at, (word, theirs) in enumerate(zip(window, other, strict=True)):
        if word == theirs:
            continue
        if slip is not None or word[0] != theirs[0]:
            return None
        if min(len(word), len(theirs)) < 5 and not _short_chinese_slip(window, word, theirs):
            return None
        if _inflected(word.lower(), theirs.lower()) or OSA.distance(word.lower(), theirs.lower()) != 1:
            return None
        slip = (at, theirs)
    return slip


def _short_chinese_slip(window: tuple[str, ...], word: str, theirs: str) -> bool:
    """A slip such as "He Jei" for the reference's "He Jie": a two-word name whose first word is a Chinese
    surname in pinyin ("He" is no person to the extractor, an English pronoun) and whose given
    name the reference writes in pinyin, the slip of the same length (a letter changed or two
    swapped; "He Said" is no pinyin, so a title-case "He Said" is never such a name)."""
    from qa.zh.palladius import pinyin_surnames
    from qa.zh.pinyin import is_pinyin_word

    if len(window) != 2 or window[1] != word or len(word) != len(theirs) or not 2 <= len(word) <= 4:
        return False
    return window[0].lower() in pinyin_surnames() and is_pinyin_word(theirs.lower())


def _inflected(key: str, word: str) -> bool:
    """Whether two keys are one word with and without the English plural ending (-s, -es).
    Only for capitalised words of a reference that it does not name as a person: a reference
    person's surname stays a near miss (Petrovs for Petrov)."""
    longer, shorter = (key, word) if len(key) > len(word) else (word, key)
    return len(shorter) >= 4 and longer in (shorter + "s", shorter + "es")


def _western_letters(key: str) -> str:
    for western, russian in _WESTERN_KEY:
        key = key.replace(western, russian)
    return key


def _western_key(key: str) -> str:
    return _DOUBLED.sub(r"\1", _western_letters(key))


# Bearers that make a first name a common Russian one (Эдуард 5,907; Роберт 1,062 is not).
COMMON_RUSSIAN_FIRST_NAME = 2000

# Georgian surnames whose endings the Russian romanisation keeps as English writes them.
_GEORGIAN_SURNAME = re.compile(r"(shvili|dze)$")


def _georgian(person: ExpectedPerson) -> bool:
    """Whether the source names the person with a Georgian surname (-shvili, -dze)."""
    surname = person.surname
    return surname is not None and bool(_GEORGIAN_SURNAME.search(surname.key))


def _western_original(key: str, expected: ExpectedToken) -> bool:
    """Whether a surname the source writes without a Russian ending (a foreign person named in
    Russian) is spelled the Western way (Habeck for Хабек): the person's own spelling, not a
    slip. Surnames with a Russian ending are never excused (Nabiulina for Набиуллина)."""
    if expected.part != SURNAME or _GEORGIAN_SURNAME.search(expected.key):
        return False  # Georgian surnames are written in English as the Russian romanises them
    if expected.cyrillic:
        if any(c.lower().endswith(_RUSSIAN_ENDINGS_CYRILLIC) for c in expected.cyrillic):
            return False
    elif looks_like_russian_surname(expected.spelling):
        return False
    forms = expected.accepted | {expected.key}
    if any(_western_letters(accepted) == _western_letters(key) for accepted in forms):
        return True
    wanted = _western_key(key)
    if not any(_western_key(accepted) == wanted for accepted in forms):
        return False
    # It differs by a doubled consonant as well: Western spellings double them (Bennett,
    # Zemmour), but so does the commonest slip ("Shmygall" for Шмыгаль). The person's own
    # spelling is one that people write: the word lists know it.
    from qa.names.foreign import frequency

    return frequency(key) > 0.0


def _source_form(suggestion: str, persons: Sequence[ExpectedPerson]) -> tuple[str, str] | None:
    """The source word (and scheme) that romanises to a suggested spelling, if any."""
    key = normalize_latin(suggestion)
    for person in persons:
        for token in person.tokens:
            if key in token.accepted and token.cyrillic:
                return token.cyrillic[0], token.scheme_of(key) or ""
    return None


def hidden_issues(revealed: Revealed, mentions: Sequence[PersonMention]) -> list[NameIssue]:
    """N108: name tokens of the revealed text whose original has hidden characters in or around it."""
    issues: list[NameIssue] = []
    for mention in mentions:
        for token in mention.tokens:
            start, end = revealed.span(token.start, token.end)
            original = revealed.original[start:end]
            if original == token.text:
                continue
            hidden = revealed.hidden_in(start, end)
            what = ", ".join(char_label(c) for c in hidden) if hidden else "its letters in reverse order"
            reversed_run = any(ord(c) == 0x202E for c in hidden)
            issues.append(
                NameIssue(
                    "N108",
                    start,
                    end,
                    original,
                    f"'{token.text}' is written with characters a reader cannot see ({what})"
                    + ("; it is stored backwards and only shows as a name" if reversed_run else "")
                    + f": write it plainly as '{token.text}'",
                    token.text,
                    (("hidden", " ".join(f"U+{ord(c):04X}" for c in hidden)), ("clean", token.text)),
                )
            )
    return issues


def dedupe_issues(issues: Iterable[NameIssue]) -> list[NameIssue]:
    """One issue per (rule, span, message), in document order."""
    seen: set[tuple[object, ...]] = set()
    out: list[NameIssue] = []
    for issue in sorted(issues, key=NameIssue.sort_key):
        key = (issue.rule, issue.start, issue.end, issue.message)
        if key not in seen:
            seen.add(key)
            out.append(issue)
    return out


def named_in_chinese(word: str, chinese: str) -> bool:
    """Whether a Chinese text names `word`: its pinyin (大鹏, Dapeng) or a transcription that
    reads as it as well as a foreign name reads its own (杜特尔特, Duterte; the same ZH_FIT
    the foreign-name check uses)."""
    from qa.names.foreign import ZH_FIT, _transcription_spans
    from qa.zh.backtranslit import default_backtransliterator
    from qa.zh.pinyin import written_in

    if written_in(word, chinese):
        return True
    model = default_backtransliterator()
    return any(model.explains(span, word.lower()) >= ZH_FIT for span in _transcription_spans(chinese))


def _short_slip(key: str, target: str, person: ExpectedPerson, hyp: str) -> bool:
    """A one-syllable given name a letter off ("Wang Ye", "He Jei", "Zhu Tin" where the reference
    writes Wang Yi, He Jie, Zhu Ting), the other part exact: too short for a near miss, so the
    person was "not named" (N103) and nothing said which word to fix. Only against a reference
    or the house style, with the same first letter, a letter changed, swapped, dropped or added
    (one of the two words at most three letters), when the reference's spelling stands nowhere
    in the translation (a second person of that name would write it)."""
    if person.origin not in ("reference", "glossary") or abs(len(key) - len(target)) > 1:
        return False
    if not 2 <= min(len(key), len(target)) <= 3 or max(len(key), len(target)) > 4:
        return False
    if key[0] != target[0] or OSA.distance(key, target, score_cutoff=1) != 1:
        return False
    return re.search(rf"\b{re.escape(target)}\b", hyp.lower()) is None
