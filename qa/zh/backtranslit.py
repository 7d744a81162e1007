"""Back-transliteration: the Latin spellings a Chinese transcription of a foreign name stands for.

Two learned character models (package data, see `bench/train_backtranslit.py`):
- Chinese -> Cyrillic, decoded by beam search constrained to the Russian name lexicon, so every
  candidate is a real Russian name, ranked by log P(Cyrillic | Chinese) plus a bearer-count prior;
  its Latin spellings come from the romanisation schemes (`qa.zh.lexicon.latin_variants`);
- Chinese -> Latin, used to rank those spellings, to propose open-vocabulary candidates for
  names that are not Russian (伊莱恩 -> elaine), and to score how well any Latin token (a name in
  the hypothesis) explains a Chinese name.

The final score of a Latin string is
    log P(cyr | zh) + reverse_weight * log P(zh | cyr) + lexicon_weight * log(1 + bearers)
      + latin_weight * log P(latin | zh)
for lexicon candidates, and latin_weight * log P(latin | zh) + open_offset for open ones; the
weights are tuned on a development split, never on the reported test split.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
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
    reverse_weight: float = 0.0


class BackTransliterator:
    """Ranks Latin candidates for a Chinese transcription (one name part, no `·`)."""

    def __init__(
        self, table: dict[str, Any], lexicon: Any | None = None, params: Params | None = None
    ) -> None:
        self.latin = ChunkModel.from_json(table["latin"])
        self.cyrillic = ChunkModel.from_json(table["cyrillic"])
        self.params = params or Params(**table.get("params", {}))
        self.table = table
        self._lexicon = lexicon

    @property
    def lexicon(self) -> Any:
        if self._lexicon is None:
            from qa.zh.lexicon import russian_lexicon

            self._lexicon = russian_lexicon()
        return self._lexicon

    def russian_candidates(self, zh: str, limit: int = 10) -> list[tuple[str, float, int]]:
        """(cyrillic word, lexicon-weighted score, bearers) from the constrained beam search."""
        lexicon = self.lexicon
        decoded = self.cyrillic.decode(zh, beam=self.params.beam, allowed_prefix=lexicon.has_prefix)
        out = []
        for word, logp in decoded:
            bearers = lexicon.count(word)
            if bearers:
                score = logp + self.params.lexicon_weight * math.log1p(bearers)
                if self.params.reverse_weight:
                    score += self.params.reverse_weight * max(self.cyrillic.reverse_score(zh, word), -50.0)
                out.append((word, score, bearers))
        out.sort(key=lambda item: (-item[1], item[0]))
        return out[:limit]

    def candidates(self, zh: str, limit: int = 10, open_vocabulary: bool = True) -> list[Candidate]:
        """Latin candidates for `zh`, best first, one entry per distinct Latin string."""
        from qa.zh.lexicon import latin_variants

        best: dict[str, Candidate] = {}

        def offer(candidate: Candidate) -> None:
            old = best.get(candidate.latin)
            if old is None or candidate.score > old.score:
                best[candidate.latin] = candidate

        weight = self.params.latin_weight
        for word, score, bearers in self.russian_candidates(zh, limit=limit):
            variants = latin_variants(word)
            for variant in variants:
                latin_logp = self.latin.score(zh, variant)
                if latin_logp == -math.inf:
                    latin_logp = -50.0
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
