"""The name engine: which person names a translation should contain, and how it spells them.

One pipeline, by stage (each a module of this package, mixed into `NameEngine`):

1. expected names (`qa.names.expected`): reference, Russian source, pivot (`expected_from_latin`,
   fed by the Chinese matcher's `latin_names`), glossary -> `ExpectedPerson`s whose tokens
   carry the preferred spelling and every accepted one (comparison keys);
2. candidates in the translation (`qa.names.candidates`): person mentions, read from the text
   as a reader sees it (`qa.names.hidden`: zero-width and bidi characters removed);
3. one matcher (`qa.names.matcher`): exact, alias, accepted variant, near miss or unrelated,
   whatever the origin;
4. rule policy and messages (`qa.names.policy`, `qa.names.lexicon_rules` for N104,
   `qa.names.consistency` for N105): one issue type, `NameIssue`, which the checks turn into
   findings with one `to_finding` (`qa.checks.names`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from qa.names.candidates import Candidates
from qa.names.consistency import Consistency, consistency_across
from qa.names.established import Table, established_forms, reverse
from qa.names.expected import ExpectedNames
from qa.names.foreign import ForeignNames
from qa.names.glossary import Glossary
from qa.names.hidden import Revealed, reveal
from qa.names.lexicon import Lexicon, get_lexicon
from qa.names.lexicon_rules import LexiconRules
from qa.names.matcher import (  # noqa: F401 - the engine's public names, as before the split
    _FOREIGN_ORTHOGRAPHY,
    _GEORGIAN,
    _PART_TO_KIND,
    COMMON_MIN,
    COMMON_RATIO,
    FIRST_NAME_MIN,
    RUSSIAN_MIN,
    UNATTESTED_MAX,
    TokenMatch,
    classify_token,
    near_miss_limit,
    undo_foreign_ending,
)
from qa.names.model import (
    ExpectedPerson,
    NameIssue,
    PersonMention,
)
from qa.names.policy import NamePolicy, dedupe_issues, hidden_issues, named_in_chinese
from qa.names.romanize import DEFAULT_SCHEMES, accepted_romanizations, normalize_latin


class NameEngine(Candidates, ExpectedNames, NamePolicy, LexiconRules, Consistency, ForeignNames):
    """Name checks for one configuration (accepted schemes, glossary); reusable across documents.

    The stages are mixins: `Candidates` (mentions in the translation), `ExpectedNames` (from
    the reference, source, pivot, glossary), the one matcher (`qa.names.matcher`),
    `NamePolicy` (rules and messages), `LexiconRules` (N104), `Consistency` (N105) and
    `ForeignNames` (N101 / N110 for the non-Russian persons a source names, from the source alone).
    """

    def __init__(
        self,
        schemes: Sequence[str] = DEFAULT_SCHEMES,
        glossary: Glossary | None = None,
        lexicon: Lexicon | None = None,
        established: Table | None = None,
    ) -> None:
        self.schemes = tuple(schemes)
        self.glossary = glossary
        self._lexicon = lexicon
        # Established English spellings no scheme gives (Tchaikovsky), from Wikidata.
        self.established = established_forms() if established is None else established
        self._established_latin = reverse(self.established)
        self._accepted: dict[str, dict[str, str]] = {}
        self._shared: dict[tuple[str, str], tuple[str, str] | None] = {}
        self._glossary_persons: list[ExpectedPerson] | None = None
        # Recent texts' person mentions: one document's hypothesis and references are read by
        # several rules (and checks); extraction is the engine's costliest step per text.
        self._mentions: dict[str, tuple[PersonMention, ...]] = {}
        # Recent references' and sources' expected persons: several translations of one article
        # are checked against the same reference and source.
        self._expected: dict[tuple[str, str], tuple[ExpectedPerson, ...]] = {}

    @property
    def lexicon(self) -> Lexicon:
        if self._lexicon is None:
            self._lexicon = get_lexicon(self.schemes)
        return self._lexicon

    def attested(self, latin: str, part: str) -> int:
        """Bearers of the most common Russian name part (of this kind) spelled `latin`."""
        kind = _PART_TO_KIND.get(part)
        return self.lexicon.latin_count(latin, kind) if kind else 0

    def check(
        self,
        hyp: str,
        refs: Sequence[str] = (),
        src: str | None = None,
        src_lang: str | None = None,
        extra_expected: Sequence[ExpectedPerson] = (),
        *,
        chinese: str | None = None,
    ) -> list[NameIssue]:
        """All name rules for one document. `extra_expected` feeds e.g. pivot-derived names;
        `chinese` is a Chinese source whose pinyin settles which of two spellings is kept.

        The rules read the translation as a reader sees it (`qa.names.hidden.reveal`): a name
        with a zero-width or bidi control character inside or around it is checked in its
        clean form, and N108 reports the hidden characters. References and the source are read
        the same way (their hidden characters are not this translation's findings).
        """
        refs = [reveal(ref).clean for ref in refs]
        src = reveal(src).clean if src is not None else None
        if src is not None and src_lang == "zh":
            # A Chinese source names people in characters: it only judges the reference's
            # findings (`without_pinyin_of`); its Russian persons come in `extra_expected`, its
            # foreign persons' well-known spellings from the word lists (no reference only).
            issues = self.without_pinyin_of(
                self.check(hyp, refs, None, None, extra_expected, chinese=src), src
            )
            # N107 says no reference names the person; a reference that says "the president"
            # where the source names 杜特尔特 (Duterte) left the name out, it named nobody else.
            issues = [
                i for i in issues if not (i.rule == "N107" and named_in_chinese(i.text.split()[-1], src))
            ]
            return issues if refs else self.with_foreign(issues, hyp, src, "zh")
        revealed = reveal(hyp)
        if not revealed.changed:
            return self._check(hyp, refs, src, src_lang, extra_expected, chinese)
        issues = [
            self._mapped(issue, revealed)
            for issue in self._check(revealed.clean, refs, src, src_lang, extra_expected, chinese)
        ]
        # A hidden name that is also misspelled once revealed: its clean form is the N101 one.
        corrected = {(i.start, i.end): i.suggestion for i in issues if i.rule == "N101" and i.suggestion}
        for issue in hidden_issues(revealed, self.extract(revealed.clean)):
            better = corrected.get((issue.start, issue.end))
            if better and better != issue.suggestion:
                issue = replace(
                    issue,
                    message=issue.message.replace(f"'{issue.suggestion}'", f"'{better}'"),
                    suggestion=better,
                    evidence=(*issue.evidence[:-1], ("clean", better)),
                )
            issues.append(issue)
        return dedupe_issues(issues)

    @staticmethod
    def without_pinyin_of(issues: list[NameIssue], chinese: str) -> list[NameIssue]:
        """Without the findings a Chinese source or pivot overrules where the translation
        writes the pinyin of its own characters ("Kaixian" for 陈凯先): the reference's N101
        (the Chinese is what was translated, so the reference spells the name differently,
        not the translation wrongly) and the lexicon's N104 (a Chinese name is no misspelt
        Russian one)."""
        from qa.zh.pinyin import written_in

        return [
            issue
            for issue in issues
            if not (
                (issue.rule == "N104" or (issue.rule == "N101" and "reference" in dict(issue.evidence)))
                and written_in(issue.text, chinese)
            )
        ]

    @staticmethod
    def _mapped(issue: NameIssue, revealed: Revealed) -> NameIssue:
        """An issue found on the revealed text, with offsets and text of the original."""
        if issue.start is None or issue.end is None:
            return issue
        start, end = revealed.span(issue.start, issue.end)
        return replace(issue, start=start, end=end, text=revealed.original[start:end])

    def _check(
        self,
        hyp: str,
        refs: Sequence[str],
        src: str | None,
        src_lang: str | None,
        extra_expected: Sequence[ExpectedPerson],
        chinese: str | None = None,
    ) -> list[NameIssue]:
        mentions = self.extract(hyp)
        expected: list[ExpectedPerson] = []
        if refs:
            for ref in refs:
                expected.extend(self.expected_from_english(ref, "reference"))
        elif src is not None and (src_lang or "ru") == "ru":
            expected.extend(self.expected_from_russian(src))
        expected.extend(extra_expected)
        issues, unpaired = self.check_against(hyp, expected, mentions)
        if refs and src is not None and (src_lang or "ru") == "ru":
            issues = self._with_source_evidence(issues, self.expected_from_russian(src))
            issues.extend(self._beyond_reference(hyp, refs, src, mentions, issues))
        unjudged = {id(m) for m in unpaired}  # no reference or source person to judge them by
        if refs:
            found, unpaired = self.against_reference_words(hyp, unpaired, refs)
            issues.extend(found)
            issues.extend(self.not_in_reference(unpaired, refs))
        alone = not (refs or src is not None or extra_expected)  # the lexicon is all there is
        lexicon_targets = mentions if alone else unpaired
        flagged = {(i.start, i.end) for i in issues if i.start is not None}
        found = self.check_lexicon(hyp, lexicon_targets, learned=alone)
        issues.extend(i for i in found if (i.start, i.end) not in flagged)
        if refs:
            taken = {(i.start, i.end) for i in issues if i.start is not None}
            # A mention the reference names no person for is open to the run slips, as a name
            # neither side reads as a person is ("NASA Administrator Jarod Isaacman" against the
            # reference's "NASA chief Jared Isaacman": no role word, no listed first name there).
            taken.update((t.start, t.end) for m in mentions if id(m) not in unjudged for t in m.tokens)
            issues.extend(self.reference_run_slips(hyp, refs, taken))
        flagged = {(i.start, i.end) for i in issues if i.start is not None and i.rule == "N101"}
        issues.extend(self.check_consistency(mentions, flagged, _supported_by(expected, chinese)))
        if src is not None and (src_lang or "ru") == "ru":
            issues = self.without_source_words(issues, src)
        if src is not None and not refs and (src_lang or "ru") == "ru":
            issues = self.with_foreign(issues, hyp, src, "ru")
        return dedupe_issues(issues)

    def _beyond_reference(
        self,
        hyp: str,
        refs: Sequence[str],
        src: str,
        mentions: Sequence[PersonMention],
        issues: list[NameIssue],
    ) -> list[NameIssue]:
        """The Russian source's N101 on a name word no reference writes: a patronymic the
        reference leaves out ("Igor Viktorvich Karpenko" where it writes "Igor Karpenko") has
        no reference evidence, and the source names it (Викторович). A foreign first name read
        as a Russian one ("Mark" for Марко, `NamePolicy._another_first_name`) is that N101 even
        where the reference made it N102 ("a standard romanisation of Марк" against "Marco")."""
        from_source, _ = self.check_against(hyp, self.expected_from_russian(src), mentions)
        misread = {
            (i.start, i.end): i for i in from_source if i.rule == "N101" and "reads" in dict(i.evidence)
        }
        for k, issue in enumerate(issues):
            found = misread.get((issue.start, issue.end))
            if issue.rule == "N102" and found is not None:
                reference = tuple(e for e in issue.evidence if e[0] == "reference")
                issues[k] = replace(found, suggestion=issue.suggestion, evidence=found.evidence + reference)
        taken = {(i.start, i.end) for i in issues if i.start is not None}
        written = {normalize_latin(w) for ref in refs for w in re.findall(r"[^\W\d_]+", ref)}
        return [
            issue
            for issue in from_source
            if issue.rule == "N101"
            and (issue.start, issue.end) not in taken
            and not {normalize_latin(w) for w in re.findall(r"[^\W\d_]+", issue.text)} & written
        ]

    def without_source_words(self, issues: list[NameIssue], russian: str) -> list[NameIssue]:
        """Without the lexicon's N104 on a word the Russian source writes, romanised: "the
        Neva" for Невы is the river the source names, not a misspelt surname Nevar."""
        if not any(issue.rule == "N104" for issue in issues):
            return issues
        from qa.names.russian import morph

        written: set[str] = set()
        for word in re.findall(r"\b[А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё]+)?", russian):
            for form in {word, *(p.normal_form.capitalize() for p in morph().parse(word)[:3])}:
                written.update(accepted_romanizations(form, self.schemes or DEFAULT_SCHEMES))
        return [i for i in issues if not (i.rule == "N104" and normalize_latin(i.text) in written)]

    def with_foreign(
        self, issues: list[NameIssue], hyp: str, src: str, src_lang: str, origin: str = "source"
    ) -> list[NameIssue]:
        """`issues` and the foreign persons' slips (`qa.names.foreign`) of a source, or of a
        Chinese pivot standing in for one; an N104 or N107 on the same word gives way to them
        (the source is better evidence than the lexicon)."""
        taken = {(i.start, i.end) for i in issues if i.start is not None and i.rule not in ("N104", "N107")}
        # The other names of a person with a Georgian surname are that person's own (Mikheil),
        # as `NamePolicy.check_against` reads them from a Russian source.
        taken.update(
            (token.start, token.end)
            for mention in self.extract(hyp)
            if mention.surname is not None and _GEORGIAN.search(mention.surname.key)
            for token in mention.tokens
            if token is not mention.surname
        )
        found = self.foreign_issues(hyp, src, src_lang, taken, origin)
        if not found:
            return issues
        spans = {(i.start, i.end) for i in found}
        kept = [i for i in issues if (i.start, i.end) not in spans]
        return dedupe_issues([*kept, *found])


def _supported_by(expected: Sequence[ExpectedPerson], chinese: str | None) -> Callable[[str], int]:
    """How firmly the evidence writes a spelling: 2 for an expected person's preferred spelling
    (the reference's, the source's main romanisation), 1 for one it only accepts (another
    scheme's: Sobianin for Собянин) or the pinyin of the Chinese source's characters, 0 for
    none. Both spellings of "Sobianin ... Sobyanin" are accepted, so without the grade N105
    could tell the right one to copy the other."""
    preferred = {token.key for person in expected for token in person.tokens}
    keys = {key for person in expected for token in person.tokens for key in (token.key, *token.accepted)}

    def supported(text: str) -> int:
        key = normalize_latin(text)
        if key in preferred:
            return 2
        if key in keys:
            return 1
        if chinese is None:
            return 0
        from qa.zh.pinyin import written_in

        return int(written_in(text, chinese))

    return supported


__all__ = [
    "NameEngine",
    "TokenMatch",
    "classify_token",
    "consistency_across",
    "dedupe_issues",
    "near_miss_limit",
]
