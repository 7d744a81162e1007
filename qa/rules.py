"""The rule catalogue: stable codes, their category, default severity and explanation.

Codes are never reused; a new rule gets a new code. `qa explain CODE` prints an entry.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from qa.document import Finding, Severity, Text


@dataclass(frozen=True)
class Rule:
    code: str
    category: str
    severity: Severity
    title: str
    explanation: str
    example: str


_E, _W = Severity.ERROR, Severity.WARNING

RULES: dict[str, Rule] = {
    rule.code: rule
    for rule in (
        Rule(
            "N101",
            "name",
            _E,
            "name misspelled",
            "A person name in the translation is a near miss of a name in the reference, the "
            "source, the pivot or the glossary, and it is not one of the accepted romanisations "
            "of that name. Typical of names that went through another script.",
            "reference: Nikolai Nikiforov   translation: Nikolai Nikifrov   -> suggest Nikiforov",
        ),
        Rule(
            "N102",
            "name",
            _W,
            "name variant",
            "The name is an accepted romanisation of the same person (another transliteration "
            "scheme), but it differs from the reference or the house style.",
            "reference: Elena Chernenko   translation: Yelena Chernenko",
        ),
        Rule(
            "N103",
            "name",
            _W,
            "name missing",
            "A person named in the reference or the source is not named in the translation.",
            "source: ... сказал Дмитрий Песков.   translation: ... a spokesman said.",
        ),
        Rule(
            "N104",
            "name",
            _W,
            "name unattested",
            "The name is not in the reference or the source (or there is none), looks Russian, and "
            "is not attested in the name lexicon while a spelling one edit away is far more common; "
            "or its surname has the other gender than its Russian first name (Ivan Petrova).",
            "translation: Nikifrov (1 bearer)   -> suggest Nikiforov (1,078 bearers)",
        ),
        Rule(
            "N105",
            "name",
            _E,
            "name inconsistent",
            "One person is spelled two ways within a document or across the documents of a batch.",
            "paragraph 2: Dmitry Peskov   paragraph 5: Dmitri Peskov",
        ),
        Rule(
            "N106",
            "name",
            _E,
            "name in pinyin",
            "A foreign name is written as the pinyin reading of its Chinese transcription instead "
            "of the person's own spelling.",
            "pivot: 佩斯科夫   translation: Peisikefu   -> suggest Peskov",
        ),
        Rule(
            "N107",
            "name",
            _W,
            "name not in the reference",
            "The translation names a person whose surname no reference contains: a name that may "
            "have replaced another one, or been added. Only reported when references are given.",
            "reference: said Oliver Dauden   translation: said Gary Anderson",
        ),
        Rule(
            "N108",
            "name",
            _E,
            "hidden characters in a name",
            "A person name contains, or is wrapped in, characters a reader cannot see: a zero-width "
            "space, joiner or non-joiner, a word joiner, a soft hyphen, a tag character, an emoji "
            "inside the word, or a bidirectional control (a right-to-left override stores the name "
            "backwards; an isolate or embedding wraps it). The page shows the name, but search, "
            "copy-paste and the name checks see another word. The suggestion is the clean form.",
            "translation: Niki<U+200B>forov   -> suggest Nikiforov",
        ),
        Rule(
            "N109",
            "name",
            _W,
            "Chinese given name a letter off",
            "A Chinese person the source or pivot names (in characters, or in a Russian text's "
            "Palladius spelling: Ван И is Wang Yi) is written with the right surname and a "
            "given name one letter from its pinyin that is itself other pinyin syllables. Usually a "
            "slip; but another reading of a character, or a person the Chinese does not show, can "
            "be spelled so too, hence a warning (a given name that is no pinyin at all is N101).",
            "source: 付凌晖   translation: Fu Linhui   -> suggest Linghui",
        ),
        Rule(
            "N110",
            "name",
            _W,
            "foreign name spelled rarely",
            "A person the source names who is not Russian (Байден, 马克龙) is written in the "
            "translation with a spelling that is a word of some list but far rarer than one "
            "attested neighbour (one or two letters off) that fits the source at least as well. "
            "A warning: a rare spelling can be the person's own, and a rare well-known spelling is "
            "weak evidence. A spelling in no word list at all, against a common well-known one "
            "(Sholtz for Шольц: Scholz), is N101.",
            "source: Госсекретарь Энтони Блинкен   translation: Anthony Blinkin   -> suggest Blinken",
        ),
        Rule(
            "D101",
            "number",
            _E,
            "number differs",
            "A number, amount, percentage, ordinal or range differs from the reference or the "
            "source. Equivalent forms (30 / thirty, 1.5 million / 1,5 млн, 3万 / 30,000) match. "
            "Reported when the aligned sentence of a reference or the source holds a different "
            "value where the translation has this one, and no reference or source has it; the "
            "message names both values. Also a right figure with its bound reversed (more than "
            "15% for менее 15%). Fractions (two-thirds / 三分之二) and multiples (threefold / втрое) "
            "count as figures.",
            "reference: within 90 days   translation: within 60 days",
        ),
        Rule(
            "D102",
            "date",
            _E,
            "date differs",
            "A date, year or time differs from the reference or the source. Equivalent forms "
            "(September 14 / 14 September / Sept. 14 / 14 сентября / 9月14日 / 九月十四日, "
            "2 p.m. / 14:00) match.",
            "reference: on September 13   translation: on September 14",
        ),
        Rule(
            "D103",
            "unit",
            _E,
            "unit or currency differs",
            "The unit or currency attached to an amount differs from the reference or the source: "
            "the same figure in dollars instead of roubles, days instead of months, or percent "
            "instead of percentage points. Measures that agree after conversion (three months / "
            "90 days, 48 hours / two days, 250 mm / 25 cm) match.",
            "reference: $5 million   translation: 5 million roubles",
        ),
        Rule(
            "C101",
            "omission",
            _E,
            "omission",
            "A sentence of the reference or the source (the pivot, when there is neither) has no "
            "counterpart in the translation, or a figure of a sentence that is there is nowhere "
            "in the translation (a dropped clause: ', including 150 children').",
            "reference has a sentence on the 90-day deadline that the translation lacks",
        ),
        Rule(
            "C102",
            "addition",
            _E,
            "addition",
            "Content in the translation that is in neither the reference nor the source (nor the "
            "pivot, when there is neither), such as "
            "an advertisement pasted after the article, or a sentence repeated word for word that "
            "they say once.",
            "translation ends with: Z18 Bone Conduction Earphone, Outdoor Wireless Sports Headset",
        ),
        Rule(
            "U101",
            "untranslated",
            _E,
            "untranslated text",
            "Source-script text (Cyrillic, Han characters) left in the English translation. Not "
            "reported when a reference keeps the same text, when it is quoted and the source "
            "quotes the same words, for a bracketed original-script gloss after a name "
            "(Kommersant (Коммерсантъ)), or inside a web address.",
            "translation: The ministry said the ban was несправедливым.",
        ),
        Rule(
            "Q101",
            "quotation",
            _E,
            "quotation changed",
            "A quotation in the reference or the source has a different speaker in the translation "
            "(both sides name someone, and the names are not spellings of one person), or the "
            "aligned quotation shares almost none of its words while the rest of the sentence "
            "agrees (a quotation swapped for another).",
            'reference: "This is regrettable," Peskov said   translation: "This is regrettable," Lavrov said',
        ),
        Rule(
            "E101",
            "entity",
            _W,
            "entity changed",
            "A named entity in the translation (a place, organisation, team, product or person) that "
            "the aligned reference sentence does not have, while that sentence names an entity the "
            "translation lacks: one entity replaced by another. Aliases (U.S. / United States, "
            "Russia / Russian, Commerce Ministry / Ministry of Commerce), spelling variants and, with "
            "a source, names the source spells in Latin letters or whose romanisation it holds match. "
            "Persons spelled close to a reference name are left to N101/N102. Without a reference, "
            "a place the source (or the pivot standing in for it) names nowhere, where the aligned "
            "source sentence names a place the translation lacks (в Красноярске, 在深圳).",
            "reference: talks in Qatar   translation: talks in the U.S.   -> suggest Qatar",
        ),
        Rule(
            "E102",
            "entity",
            _W,
            "entity missing",
            "A named entity of the aligned reference sentence (and of every other reference), or a "
            "Latin-script name of the source sentence, that the translated sentence does not have in "
            "any form.",
            "reference: the Premier League club said   translation: the club said",
        ),
        Rule(
            "I101",
            "input",
            _W,
            "unreadable bytes",
            "An input file is UTF-8 but for a few bytes that are not; each invalid sequence was "
            "replaced by U+FFFD rather than reading the whole file in another encoding. The words "
            "around the replacement may be damaged: fix the file.",
            "translation bytes: Nikif\\xd0rov   read as: Nikif\ufffdrov",
        ),
        Rule(
            "F101",
            "fidelity",
            _W,
            "low-fidelity sentence",
            "A translated sentence whose meaning is far from its aligned reference sentence (or "
            "the source, or the pivot when there is neither): fidelity below 60 by the learned "
            "model, sentence-encoder cosine below 0.5, or a number, date, unit or quotation "
            "found changed (D101, D102, D103, Q101), a reversed negation or direction, or an entity "
            "changed or dropped that the reference and a Russian source agree on (E101, E102), "
            "each of which puts the sentence's fidelity under the line.",
            "reference: The order requires a review within 30 days.   translation: The order is good.",
        ),
    )
}


def category_of(code: str) -> str:
    return RULES[code].category if code in RULES else "other"


def finding_at(
    code: str,
    hyp: Text,
    start: int | None,
    end: int | None,
    message: str,
    suggestion: str | None = None,
    evidence: Iterable[tuple[str, str]] = (),
    text: str | None = None,
) -> Finding:
    """A finding of rule `code` on `hyp[start:end]` (no span when start is None), with the
    rule's category and default severity; `text` defaults to the spanned text."""
    rule = RULES[code]
    has_span = start is not None and end is not None
    return Finding(
        rule=code,
        category=rule.category,
        severity=rule.severity,
        message=message,
        text=text if text is not None else (hyp.content[start:end] if has_span else ""),
        span=hyp.span(start, end) if has_span else None,  # type: ignore[arg-type]
        suggestion=suggestion,
        evidence=tuple(evidence),
    )
