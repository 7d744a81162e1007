"""N104 from the lexicon alone: Russian-looking names it does not attest next to a far more
common spelling, and first name / surname gender clashes."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz.distance import OSA

from qa.names.lexicon import FIRST as LEX_FIRST
from qa.names.lexicon import PATRONYMIC as LEX_PATRONYMIC
from qa.names.lexicon import SURNAME as LEX_SURNAME
from qa.names.lexicon import LexiconEntry
from qa.names.lexicon_model import LexiconModel
from qa.names.matcher import (
    _FOREIGN_ORTHOGRAPHY,
    _PART_TO_KIND,
    COMMON_MIN,
    COMMON_RATIO,
    FIRST_NAME_MIN,
    RUSSIAN_MIN,
    UNATTESTED_MAX,
    undo_foreign_ending,
)
from qa.names.model import (
    FIRST,
    SURNAME,
    NameIssue,
    NameToken,
    PersonMention,
)
from qa.names.romanize import match_case, normalize_latin
from qa.names.wordlists import ENGLISH_FIRST_NAMES

# -ич written the French way (-itch: Rabinovitch) or the South Slavic way (-ic, -ici: Markovic):
# like a Polish spelling, a whole foreign convention for the name, not a slip of one letter.
_FOREIGN_ICH = re.compile(r"(?:itch|(?<=v)ici?)$")


class LexiconRules:
    """N104 from the lexicon alone (a part of `NameEngine`)."""

    def check_lexicon(
        self, hyp: str, mentions: Sequence[PersonMention], learned: bool = False
    ) -> list[NameIssue]:
        """N104: Russian-looking names the lexicon does not attest, next to a common spelling.

        `learned`: when the lexicon is the only evidence (no reference, source or pivot), the
        fitted model of `qa.names.lexicon_model` makes the decision for every name part, with
        the hand rule's and the gender rule's verdicts among its features (it weighs slips that
        land on rare real names, and the Polish or German spelling of the name); a part it
        flags keeps the rule's message and suggestion where a rule flagged it. With other
        evidence, the unpaired names keep the hand rule (and the gender rule) alone, whose false
        alarms the reference and source benches measured.
        """
        issues: list[NameIssue] = []
        for mention in mentions:
            if not self._russian_context(mention):
                continue
            found = False
            gender = self._gender_issue(mention) if learned else None
            for token in mention.checkable:
                if token.part == FIRST and token.text.lower() in ENGLISH_FIRST_NAMES:
                    continue
                issue = self._lexicon_issue(token)
                if learned:
                    ruled = gender if gender is not None and token.start == gender.start else None
                    issue = self._learned_issue(mention, token, issue, ruled)
                if issue:
                    issues.append(issue)
                    found = True
            if not found and not learned:
                issue = self._gender_issue(mention)
                if issue:
                    issues.append(issue)
        return issues

    def _gender_issue(self, mention: PersonMention) -> NameIssue | None:
        """A Russian first name with a surname in the other gender ("Ivan Petrova")."""
        first, surname = mention.first, mention.surname
        if first is None or surname is None:
            return None
        names = self.lexicon.lookup_latin(first.text, LEX_FIRST)
        if not names or names[0].count < FIRST_NAME_MIN or names[0].gender not in ("m", "f"):
            return None
        gender = names[0].gender
        surnames = self.lexicon.lookup_latin(surname.text, LEX_SURNAME)
        if not surnames or surnames[0].gender not in ("m", "f") or surnames[0].gender == gender:
            return None
        key = surname.key
        if gender == "m":
            candidates = [key[:-3] + "y", key[:-3] + "iy"] if key.endswith("aya") else [key[:-1]]
        else:
            candidates = [re.sub(r"(iy|yy|y|ii|i)$", "aya", key), key + "a"]
        for candidate in candidates:
            for entry in self.lexicon.lookup_latin(candidate, LEX_SURNAME):
                if entry.gender == gender and entry.count >= COMMON_MIN:
                    suggestion = match_case(surname.text, candidate)
                    label = "male" if gender == "m" else "female"
                    return NameIssue(
                        "N104",
                        surname.start,
                        surname.end,
                        surname.text,
                        f"'{surname.text}' is the {'fe' * (gender == 'm')}male form of a surname, but "
                        f"{first.text} is a {label} first name: '{suggestion}' ({entry.cyrillic})?",
                        suggestion,
                        (
                            ("lexicon", entry.cyrillic),
                            ("count", str(entry.count)),
                            ("first_name", names[0].cyrillic),
                        ),
                    )
        return None

    @property
    def lexicon_model(self) -> LexiconModel:
        model = getattr(self, "_lexicon_model", None)
        if model is None:
            model = self._lexicon_model = LexiconModel(self.lexicon, self._established_latin)
        return model

    def context_gender(self, mention: PersonMention, token: NameToken) -> str | None:
        """m / f of a surname or patronymic from the person's common Russian first name; None
        for the first name itself (a surname in the wrong gender is the likelier slip, and the
        gender rule reports it) and when the first name does not tell."""
        first = mention.first
        if first is None or token is first:
            return None
        names = self.lexicon.lookup_latin(first.text, LEX_FIRST)
        if names and names[0].count >= FIRST_NAME_MIN and names[0].gender in ("m", "f"):
            return names[0].gender
        return None

    def _learned_issue(
        self, mention: PersonMention, token: NameToken, hand: NameIssue | None, gender: NameIssue | None
    ) -> NameIssue | None:
        """The model's verdict on one name part (`hand`, `gender`: the rules' issues on it, or
        None); a flagged part gets the gender rule's issue, else the hand rule's, else the
        model's own."""
        kind = _PART_TO_KIND.get(token.part)
        key = token.key
        if kind is None or len(key) < 4 or not key.isalpha():
            return None
        model = self.lexicon_model
        if model.vetoed(key):
            return None
        rules = (hand is not None, gender is not None)
        judgement = model.judge(token.text, kind, self.context_gender(mention, token), rules)
        if judgement.probability < model.threshold:
            return None
        if gender is not None or hand is not None:
            return gender or hand
        label = {LEX_SURNAME: "surname", LEX_FIRST: "first name", LEX_PATRONYMIC: "patronymic"}[kind]
        own, entry = judgement.own, judgement.neighbour
        bearers = f"{own} bearer{'s' * (own != 1)} in the lexicon"
        score = ("model", f"{judgement.probability:.3f}")
        if entry is None:
            return NameIssue(
                "N104",
                token.start,
                token.end,
                token.text,
                f"'{token.text}' does not read as a Russian {label} ({bearers}): a misspelling?",
                None,
                (("attested", str(own)), score),
            )
        suggestion = match_case(token.text, entry.latin or token.text)
        message = (
            f"'{token.text}' looks like a misspelling of the Russian {label} '{suggestion}' "
            f"({entry.cyrillic}, {entry.count:,} bearers; '{token.text}' has {own})"
        )
        return _neighbour_issue(token, message, suggestion, entry, own, judgement.distance, score)

    def lexicon_suggestion(self, text: str, part: str = SURNAME) -> tuple[int, int, LexiconEntry] | None:
        """For an unattested Russian-looking spelling: (own count, distance, common entry) or None.

        The common entry is a name part with >= COMMON_MIN bearers, COMMON_RATIO times more
        than the spelling, whose accepted romanisation is one edit away (two for long
        words) and starts with the same letter, or that the spelling reaches by undoing a
        German / French ending (-ow, -off, -ew, -eff).
        """
        kind = _PART_TO_KIND.get(part)
        key = normalize_latin(text)
        if kind is None or len(key) < 4 or not key.isalpha() or _FOREIGN_ORTHOGRAPHY.search(key):
            return None
        if key in self._established_latin:
            return None  # an established English spelling of a Russian name (Tchaikovsky)
        own = self.lexicon.latin_count(text, kind)
        if own > UNATTESTED_MAX:
            return None
        ich = _FOREIGN_ICH.sub("ich", key)
        if ich != key and self.lexicon.latin_count(ich, kind) >= RUSSIAN_MIN:
            return None  # the French or South Slavic -itch / -ic of an attested -ich name (Markovic)
        if kind == LEX_SURNAME and self.lexicon.latin_count(text, LEX_FIRST) > max(
            UNATTESTED_MAX, RUSSIAN_MIN
        ):
            return None
        undone = undo_foreign_ending(key)
        if undone != key:
            entries = self.lexicon.lookup_latin(undone, kind)
            if entries and entries[0].count >= max(COMMON_MIN, COMMON_RATIO * max(own, 1)):
                return own, OSA.distance(key, undone), entries[0]
        limit = 1 if len(key) <= 9 else 2
        for distance, entry in self.lexicon.neighbours(key, kind, max_distance=limit, min_count=COMMON_MIN):
            if entry.count < COMMON_RATIO * max(own, 1) or not (entry.latin or "").startswith(key[0]):
                continue
            return own, distance, entry
        return None

    def _lexicon_issue(self, token: NameToken) -> NameIssue | None:
        found = self.lexicon_suggestion(token.text, token.part)
        if found is None:
            return None
        own, distance, entry = found
        kind = _PART_TO_KIND[token.part]
        suggestion = match_case(token.text, entry.latin or token.text)
        label = {LEX_SURNAME: "surname", LEX_FIRST: "first name", LEX_PATRONYMIC: "patronymic"}[kind]
        message = (
            f"'{token.text}' is not an attested Russian {label} ({own} bearer{'s' * (own != 1)} in the "
            f"lexicon), but '{suggestion}' ({entry.cyrillic}) has {entry.count:,}"
        )
        return _neighbour_issue(token, message, suggestion, entry, own, distance)


def _neighbour_issue(
    token: NameToken,
    message: str,
    suggestion: str,
    entry: LexiconEntry,
    own: int,
    distance: int,
    *extra: tuple[str, str],
) -> NameIssue:
    """N104 for a spelling with a far more common lexicon neighbour, with that neighbour as evidence."""
    evidence = (
        ("lexicon", entry.cyrillic),
        ("count", str(entry.count)),
        ("attested", str(own)),
        ("scheme", entry.scheme or ""),
        ("distance", str(distance)),
        *extra,
    )
    return NameIssue("N104", token.start, token.end, token.text, message, suggestion, evidence)
