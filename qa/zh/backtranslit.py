"""Back-transliteration: the Latin spellings a Chinese transcription of a foreign name stands for.

Two learned character models (package data, see `bench/train_backtranslit.py`):
- Chinese <-> Cyrillic, searched two ways over the Russian name lexicon, so every candidate is a
  real Russian name: backwards, a beam search for the Cyrillic spellings the characters most
  likely stand for, P(Cyrillic | Chinese); and forwards (the noisy channel), the lexicon words
  whose standard transcription would be these characters, P(Chinese | Cyrillic), which is
  nearly deterministic for Russian names (Xinhua's table writes both вы and ви as 维, so
  维索茨基 fits Высоцкий as well as Висоцкий and the far commoner name can win, where the
  backward model, which mostly saw 维 as ви, penalises Высоцкий). Candidates of both searches
  are ranked by both scores plus a bearer-count prior; their Latin spellings come from the
  romanisation schemes (`qa.zh.lexicon.latin_variants`);
- Chinese -> Latin, used to rank those spellings, to propose open-vocabulary candidates for
  names that are not Russian (伊莱恩 -> elaine), and to score how well any Latin token (a name in
  the hypothesis) explains a Chinese name.

The final score of a Latin string is
    backward_weight * log P(cyr | zh) + forward_weight * log P(zh | cyr)
      + lexicon_weight * log(1 + bearers) + latin_weight * log P(latin | zh)
for lexicon candidates, and latin_weight * log P(latin | zh) + open_offset for open ones; the
weights are tuned on a development split, never on the reported test split.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, fields, replace
from functools import lru_cache
from importlib import resources
from typing import Any

from qa.zh.model import ChunkModel

TABLE_NAME = "backtranslit.json"


@dataclass(frozen=True)
class Candidate:
    """One Latin reading of a Chinese transcription."""

    latin: str  # lower case, e.g. "nikiforov"
    score: float  # higher is better (log domain)
    cyrillic: str | None = None  # the Russian lexicon word it came from, if any
    bearers: int = 0  # russiannames count of that word
    variants: tuple[str, ...] = ()  # every accepted Latin spelling of the same Cyrillic word

    @property
    def display(self) -> str:
        return self.latin[:1].upper() + self.latin[1:]


@dataclass(frozen=True)
class Params:
    lexicon_weight: float = 0.5
    latin_weight: float = 0.5
    open_offset: float = -8.0
    beam: int = 48
    forward_weight: float = 0.0
    backward_weight: float = 1.0
    forward_beam: int = 256


PARAM_NAMES = frozenset(field.name for field in fields(Params))

# The bearer-count weight inside `fit`.
FIT_PRIOR_WEIGHT = 0.5

# `russian_candidates` re-ranks this many of the best Russian readings by their Latin fit.
RERANKED = 5

# Scores of a candidate the search found only one way are floored here (a log probability).
SCORE_FLOOR = -60.0


@dataclass(frozen=True)
class RussianFeatures:
    """What ranks one Russian lexicon candidate, before the tuned weights."""

    cyrillic: str
    backward: float  # log P(cyrillic | zh)
    forward: float  # log P(zh | cyrillic)
    bearers: int


class BackTransliterator:
    """Ranks Latin candidates for a Chinese transcription (one name part, no `·`)."""

    def __init__(
        self, table: dict[str, Any], lexicon: Any | None = None, params: Params | None = None
    ) -> None:
        self.latin = ChunkModel.from_json(table["latin"])
        self.cyrillic = ChunkModel.from_json(table["cyrillic"])
        self.params = params or Params(
            **{k: v for k, v in table.get("params", {}).items() if k in PARAM_NAMES}
        )
        self.table = table
        self._lexicon = lexicon

    @property
    def lexicon(self) -> Any:
        if self._lexicon is None:
            from qa.zh.lexicon import russian_lexicon

            self._lexicon = russian_lexicon()
        return self._lexicon

    def russian_features(self, zh: str) -> list[RussianFeatures]:
        """Lexicon words found by the backward and the forward search, with both scores (cached)."""
        return list(self._russian_features(zh))

    @lru_cache(maxsize=4096)  # noqa: B019 - one transliterator per process; repeated parts are common
    def _russian_features(self, zh: str) -> tuple[RussianFeatures, ...]:
        lexicon = self.lexicon
        found: dict[str, list[float | None]] = {}
        for word, logp in self.cyrillic.decode(zh, beam=self.params.beam, allowed_prefix=lexicon.has_prefix):
            if lexicon.count(word):
                found[word] = [logp, None]
        if self.params.forward_weight and self.cyrillic.forward:
            decoded = self.cyrillic.forward_decode(zh, lexicon.has_prefix, beam=self.params.forward_beam)
            for word, logp in decoded:
                if lexicon.count(word):
                    found.setdefault(word, [None, None])[1] = logp
        out = []
        for word, (backward, forward) in sorted(found.items()):
            if backward is None:
                backward = self.cyrillic.score(zh, word)
            if forward is None:
                forward = self.cyrillic.forward_score(zh, word) if self.cyrillic.forward else 0.0
            out.append(
                RussianFeatures(
                    word, max(backward, SCORE_FLOOR), max(forward, SCORE_FLOOR), lexicon.count(word)
                )
            )
        return tuple(out)

    def russian_score(self, features: RussianFeatures) -> float:
        params = self.params
        return (
            params.backward_weight * features.backward
            + params.forward_weight * features.forward
            + params.lexicon_weight * math.log1p(features.bearers)
        )

    def lexicon_ranked(self, zh: str, limit: int = 10) -> list[tuple[str, float, int]]:
        """(cyrillic word, score of the Russian reading alone, bearers), best first."""
        out = [(f.cyrillic, self.russian_score(f), f.bearers) for f in self._russian_features(zh)]
        out.sort(key=lambda item: (-item[1], item[0]))
        return out[:limit]

    def russian_candidates(self, zh: str, limit: int = 10) -> list[tuple[str, float, int]]:
        """(cyrillic word, score, bearers), best first: the Russian reading's score plus how well its
        display spelling fits the characters, so that the Russian word a check suggests is the one
        whose standard spelling the transcription supports (песков, not пешков, for 佩斯科夫)."""
        from qa.zh.lexicon import latin_variants

        out = []
        for word, score, bearers in self.lexicon_ranked(zh, limit=max(limit, RERANKED)):
            variants = latin_variants(word)
            fit = self._latin_fit(zh, variants[0]) if variants else -50.0
            out.append((word, score + self.params.latin_weight * fit, bearers))
        out.sort(key=lambda item: (-item[1], item[0]))
        return out[:limit]

    def fit(self, zh: str, cyrillic: str) -> float:
        """Per-character log P(cyrillic | zh) + FIT_PRIOR_WEIGHT * log(1 + bearers): how clearly `zh`
        reads as this Russian word. A fixed scale for the checks' guards, independent of the
        ranking weights tuned for recall (which favour frequent names more)."""
        if not zh:
            return -math.inf
        for found in self._russian_features(zh):
            if found.cyrillic == cyrillic:
                backward, bearers = found.backward, found.bearers
                break
        else:
            backward = max(self.cyrillic.score(zh, cyrillic), SCORE_FLOOR)
            bearers = self.lexicon.count(cyrillic)
        return (backward + FIT_PRIOR_WEIGHT * math.log1p(bearers)) / len(zh)

    def _latin_fit(self, zh: str, latin: str) -> float:
        logp = self.latin.score(zh, latin)
        return -50.0 if logp == -math.inf else logp

    def candidates(self, zh: str, limit: int = 10, open_vocabulary: bool = True) -> list[Candidate]:
        """Latin candidates for `zh`, best first, one entry per distinct Latin string."""
        from qa.zh.lexicon import latin_variants

        best: dict[str, Candidate] = {}

        def offer(candidate: Candidate) -> None:
            old = best.get(candidate.latin)
            if old is None:
                best[candidate.latin] = candidate
            elif old.cyrillic is not None and candidate.cyrillic is not None:
                # Two Russian words share a spelling (Peskov: песков, and пешков via the scientific
                # "Peškov" without its caron): the score is the better one's, the word the one whose
                # display spelling it is.
                chosen = max((old, candidate), key=lambda c: (c.variants[:1] == (c.latin,), c.score))
                best[candidate.latin] = replace(chosen, score=max(old.score, candidate.score))
            elif candidate.score > old.score:
                best[candidate.latin] = candidate

        weight = self.params.latin_weight
        for word, score, bearers in self.lexicon_ranked(zh, limit=limit):
            variants = latin_variants(word)
            for variant in variants:
                latin_logp = self._latin_fit(zh, variant)
                offer(Candidate(variant, score + weight * latin_logp, word, bearers, variants))
        if open_vocabulary:
            for latin, logp in self.latin.decode(zh, beam=self.params.beam)[:limit]:
                offer(Candidate(latin, weight * logp + self.params.open_offset))
        return sorted(best.values(), key=lambda c: (-c.score, c.latin))[:limit]

    def explains(self, zh: str, latin: str) -> float:
        """Per-character log P(latin | zh) under the Latin model: how well a token fits the name."""
        if not zh:
            return -math.inf
        return self.latin.score(zh, latin.lower()) / len(zh)


@lru_cache(maxsize=1)
def load_table() -> dict[str, Any]:
    """The trained tables shipped in qa/data/zh (a few hundred kB of JSON)."""
    path = resources.files("qa").joinpath("data", "zh", TABLE_NAME)
    return json.loads(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def default_backtransliterator() -> BackTransliterator:
    return BackTransliterator(load_table())
