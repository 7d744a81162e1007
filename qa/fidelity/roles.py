"""A translated sentence that exchanges who did what to whom ("Ukraine accused Russia of ..."
for "Russia accused Ukraine of ...", "Zenit beat Spartak" for "Spartak beat Zenit").

Both sentences then hold the same words, so neither the fidelity models nor the polarity
detector (`qa.fidelity.polarity`) see a difference. Against an English reference the swap is
visible without a parser: two entities both sentences name stand on the two sides of the same
predicate, in one order in the reference and in the other order in the translation. Built for
precision, like the polarity detector; a pair is judged only when, in both sentences,

- each of the two entities (a named entity, or a role noun after "the": "the court") is named
  exactly once and matches exactly one entity of the other sentence;
- the words between them are few (at most `_GAP` words), hold no punctuation and share a
  content word with the other sentence's (the predicate: "accused", "beat", "fined");
- those words hold nothing that keeps roles while reordering: no passive or copula ("was beaten
  by"), no "by", "and", "or", "with", "between", "than", "as", no relative pronoun, and no
  symmetric predicate (meet, talk, sign, clash, play, draw, face, border, merge ...);
- the first entity is no prepositional object ("talks in Moscow with Kyiv").

"Y lost to X" for "X beat Y" is a different predicate (no shared word) and not judged. English
against English only: the roles of a Russian or Chinese source sentence are not read here
(bench/RESULTS.md, "Swapped roles (session 13)").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from qa.entities.extract import _only_demonym, extract_entities
from qa.entities.words import FUNCTION_WORDS

_GAP = 8  # words between the two entities, at most, in each sentence
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*|[^\w\s]")
# between the two entities: a word that lets them keep their roles in another order, or joins them
_BLOCK = frozenset(
    """
    and or nor but & between with by vs versus than as like while whereas who whom whose which that
    where when after before because if is are was were be been being am get gets got getting
    gotten become became each other one another both together against
    """.split()
)
# symmetric predicates: "X met Y" says what "Y met X" does
_SYMMETRIC = re.compile(
    r"^(?:meet|meets|met|meeting|talk\w*|spoke|speak\w*|sign\w*|clash\w*|negotiat\w*|merg\w*"
    r"|partner\w*|alli\w*|ally|draw|draws|drew|drawn|tie|ties|tied|play\w*|fac(?:e|es|ed|ing)"
    r"|fight\w*|fought|compet\w*|cooperat\w*|co-operat\w*|collaborat\w*|trad(?:e|es|ed|ing)"
    r"|exchang\w*|border\w*|marr\w*|discuss\w*|agree\w*|compar\w*|link\w*|connect\w*|join\w*"
    r"|separat\w*|divid\w*|similar\w*|equal\w*|match\w*|rival\w*|neighbo\w*|differ\w*|resembl\w*"
    r"|unit\w*|reconcil\w*|contact\w*)$"
)
_PREPOSITIONS = frozenset(
    """
    of from in at to for with by on between among against about over under into onto than toward
    towards near via amid across through within without behind beyond after before during since
    """.split()
)
_ROLE_DETERMINERS = frozenset({"the"})
_SUFFIX = re.compile(r"(?<=\w{3})(?:ing|ed|es|s)$")
_BE = frozenset("is are was were be been being am get gets got getting gotten become became".split())


@dataclass(frozen=True)
class _Anchor:
    """An entity of one sentence: its word span, the keys that identify it, its surface form."""

    first: int  # index of its first word
    last: int  # index of its last word
    keys: frozenset[str]
    text: str
    weak: bool  # a lone capitalised word at the sentence start (maybe an ordinary word)


def _stem(word: str) -> str:
    """A crude stem, so "accuses" and "accused" are the same predicate."""
    return _SUFFIX.sub("", word.lower())


@lru_cache(maxsize=4096)
def _read(sentence: str) -> tuple[tuple[str, ...], tuple[_Anchor, ...]]:
    """The words of a sentence (punctuation as words of its own) and its anchors."""
    spans = [(m.start(), m.end()) for m in _WORD.finditer(sentence)]
    words = tuple(sentence[s:e] for s, e in spans)
    starts = {s: k for k, (s, _) in enumerate(spans)}
    ends = {e: k for k, (_, e) in enumerate(spans)}
    anchors: list[_Anchor] = []
    taken: set[int] = set()
    for entity in extract_entities(sentence):
        if _only_demonym(entity):
            continue
        first = starts.get(entity.start)
        last = ends.get(entity.end)
        if first is None or last is None:
            continue
        anchors.append(_Anchor(first, last, frozenset(entity.keys), entity.text, entity.weak))
        taken.update(range(first, last + 1))
    # a role noun: "the court", "the company" (the word right after "the", lower-case)
    for k in range(1, len(words)):
        word = words[k]
        if k in taken or not word.isalpha() or not word.islower() or len(word) < 3:
            continue
        if words[k - 1].lower() in _ROLE_DETERMINERS and word not in FUNCTION_WORDS:
            anchors.append(_Anchor(k, k, frozenset({"the " + word}), "the " + word, False))
    return words, tuple(sorted(anchors, key=lambda a: a.first))


def _matches(mine: tuple[_Anchor, ...], theirs: tuple[_Anchor, ...]) -> list[tuple[_Anchor, _Anchor]]:
    """Pairs of anchors that share a key and match no other anchor on either side."""
    pairs = [(a, b) for a in mine for b in theirs if a.keys & b.keys]
    out = []
    for a, b in pairs:
        once = sum(a is x for x, _ in pairs) == 1 and sum(b is y for _, y in pairs) == 1
        if once and not (a.weak and b.weak):
            out.append((a, b))
    return out


def _passive(between: tuple[str, ...]) -> bool:
    """A passive between two entities ("was beaten by"): a form of "be" or "get", then "by"."""
    low = [w.lower() for w in between]
    return "by" in low and any(w in _BE for w in low[: low.index("by")])


def _gap(
    words: tuple[str, ...], left: _Anchor, right: _Anchor, passive: bool = False
) -> tuple[str, ...] | None:
    """The words between two anchors when they may carry a predicate, else None; a passive's
    "was ... by" only when `passive` (the other sentence is passive too)."""
    between = words[left.last + 1 : right.first]
    if not between or len(between) > _GAP:
        return None
    allowed = _BE | {"by"} if passive else frozenset()
    for word in between:
        low = word.lower()
        if not word[:1].isalnum() or (low in _BLOCK and low not in allowed) or _SYMMETRIC.match(low):
            return None
    if left.first > 0 and words[left.first - 1].lower() in _PREPOSITIONS:
        return None
    return between


def _content(words: tuple[str, ...]) -> set[str]:
    return {_stem(w) for w in words if w.isalpha() and w.islower() and len(w) > 2 and w not in FUNCTION_WORDS}


def role_swap(hyp: str, ref: str) -> tuple[str, str] | None:
    """The two entities (as the translation names them) when the English `hyp` names them on
    the two sides of the predicate the English reference sentence `ref` puts them on the other
    way round, else None."""
    mine_words, mine = _read(hyp)
    theirs_words, theirs = _read(ref)
    if len(mine) < 2 or len(theirs) < 2:
        return None
    matched = _matches(mine, theirs)
    for i, (a_mine, a_theirs) in enumerate(matched):
        for b_mine, b_theirs in matched[i + 1 :]:
            if a_mine.keys & b_mine.keys or a_theirs.keys & b_theirs.keys:
                continue
            mine_order = a_mine.first < b_mine.first
            if mine_order == (a_theirs.first < b_theirs.first):
                continue  # the same order: the same roles
            left_m, right_m = (a_mine, b_mine) if mine_order else (b_mine, a_mine)
            left_t, right_t = (b_theirs, a_theirs) if mine_order else (a_theirs, b_theirs)
            # both passive ("X was beaten by Y" for "Y was beaten by X"): roles exchanged as well
            passive = _passive(mine_words[left_m.last + 1 : right_m.first]) and _passive(
                theirs_words[left_t.last + 1 : right_t.first]
            )
            gap_mine = _gap(mine_words, left_m, right_m, passive)
            gap_theirs = _gap(theirs_words, left_t, right_t, passive)
            if gap_mine is None or gap_theirs is None:
                continue
            if _content(gap_mine) & _content(gap_theirs):
                return left_m.text, right_m.text
    return None


def named(sentence: str) -> int:
    """How many named entities (not role nouns) an English sentence names."""
    return sum(not anchor.text.startswith("the ") for anchor in _read(sentence)[1])


def trade_places(hyp: str, ref: str) -> bool:
    """Whether two entities both English sentences name stand in opposite orders ("Zenit lost
    to Spartak" against "Spartak beat Zenit"), whatever lies between them."""
    matched = _matches(_read(hyp)[1], _read(ref)[1])
    return any(
        (a_mine.first < b_mine.first) != (a_theirs.first < b_theirs.first)
        for i, (a_mine, a_theirs) in enumerate(matched)
        for b_mine, b_theirs in matched[i + 1 :]
        if not (a_mine.keys & b_mine.keys or a_theirs.keys & b_theirs.keys)
    )
