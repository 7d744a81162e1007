"""A character-to-chunk transliteration model: P(target chunk | Chinese character, position).

Chinese transcribes a foreign name one syllable per character (尼基福罗夫 = ni-ki-fo-ro-v), so a
monotonic alignment in which every character emits one short chunk of the target spelling
(Latin or Cyrillic) is a good model. It is learned with EM over all such alignments of name
pairs (forward-backward, like an m2m aligner), with the character's position in the word as
context (夫 at the end of a word is "v"/"в", inside it is rarer) backed off to the character
alone. `decode` runs a beam search over chunk choices, optionally constrained to the prefixes
of a lexicon, and `score` gives log P(target | Chinese) summed over all segmentations.

The same alignments give the channel the other way, P(character | chunk, position): how a
Russian syllable is written in Chinese, which is nearly deterministic (Xinhua's table).
`forward_score` is log P(Chinese | target), and `forward_decode` finds the lexicon words whose
transcription would be a given Chinese string (the noisy-channel search).

Pure Python and a small JSON table: it loads in milliseconds and needs no model download.
"""

from __future__ import annotations

import bisect
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

# Position of a character in its word: first, middle, last (a one-character word is "E").
POSITIONS = ("B", "M", "E")
# Weight of the character-only distribution when smoothing the positional one (pseudo-counts).
BACKOFF_WEIGHT = 2.0
# Probability mass for a chunk the table does not list for a character, per chunk letter.
FLOOR = 1e-5
# P(char | chunk) for a character the chunk was never written with (the forward channel).
REVERSE_FLOOR = 1e-4


def position(index: int, length: int) -> str:
    if index == length - 1:
        return "E"
    return "B" if index == 0 else "M"


@dataclass(frozen=True)
class Pair:
    """One training example: a Chinese transcription and the target spelling, with a weight."""

    zh: str
    target: str
    weight: float = 1.0


class ChunkModel:
    """P(chunk | char, position) with back-off to P(chunk | char), and P(char | chunk, position)."""

    def __init__(
        self,
        by_char: dict[str, dict[str, float]],
        by_position: dict[str, dict[str, float]],
        max_chunk: int,
        by_syllable: dict[str, dict[str, float]] | None = None,
        reverse: dict[str, dict[str, float]] | None = None,
        forward: dict[str, dict[str, float]] | None = None,
    ) -> None:
        self.by_char = by_char
        # key "char|pos" -> {chunk: p}; already interpolated with by_char at training time.
        self.by_position = by_position
        # pinyin syllable -> {chunk: p}: for characters the training data never showed.
        self.by_syllable = by_syllable or {}
        # chunk -> {char: P(char | chunk)}: the channel the other way, which knows that a lone
        # "ф" is written 弗 and "фо" 福, so it penalises spellings the transcription contradicts.
        self.reverse = reverse or {}
        # "chunk|position" -> {char: P(char | chunk, position)}: the same channel with the chunk's
        # place in the word (final "в" is 夫, final "ва" 娃), backed off to `reverse`.
        self.forward = forward or {}
        self.max_chunk = max_chunk
        self._top: dict[tuple[str, str], list[tuple[str, float]]] = {}
        self._writers: dict[tuple[str, str], list[tuple[str, float]]] | None = None
        self._known_writers: frozenset[str] = frozenset()
        self._stand_in: dict[str, str] | None = None

    def _table(self, char: str, pos: str) -> dict[str, float] | None:
        table = self.by_position.get(f"{char}|{pos}") or self.by_char.get(char)
        if table is None and self.by_syllable:
            table = self.by_syllable.get(pinyin_of(char))
        return table

    # -- probabilities ---------------------------------------------------------------------------
    def prob(self, char: str, pos: str, chunk: str) -> float:
        table = self._table(char, pos)
        if table is None:
            return FLOOR ** len(chunk)
        return table.get(chunk, FLOOR ** len(chunk))

    def options(self, char: str, pos: str, limit: int = 12) -> list[tuple[str, float]]:
        """The most likely chunks for a character, best first."""
        key = (char, pos)
        cached = self._top.get(key)
        if cached is None:
            table = self._table(char, pos) or {}
            cached = sorted(table.items(), key=lambda item: (-item[1], item[0]))
            self._top[key] = cached
        return cached[:limit]

    def knows(self, char: str) -> bool:
        return char in self.by_char

    def score(self, zh: str, target: str) -> float:
        """log P(target | zh), summed over every monotonic segmentation; -inf if none."""
        return self._segmentation_logprob(zh, target, self.prob)

    def _segmentation_logprob(
        self, chars: Sequence[str], target: str, prob: Callable[[str, str, str], float]
    ) -> float:
        """log of the sum over the segmentations of `target` into len(chars) chunks of the product
        of prob(char, position, chunk); -inf if none."""
        n, m = len(chars), len(target)
        if n == 0 or m == 0:
            return 0.0 if n == m else -math.inf
        alpha = [[0.0] * (m + 1) for _ in range(n + 1)]
        alpha[0][0] = 1.0
        for i in range(1, n + 1):
            pos = position(i - 1, n)
            char = chars[i - 1]
            for j in range(1, m + 1):
                total = 0.0
                for length in range(1, min(self.max_chunk, j) + 1):
                    previous = alpha[i - 1][j - length]
                    if previous:
                        total += previous * prob(char, pos, target[j - length : j])
                alpha[i][j] = total
        final = alpha[n][m]
        return math.log(final) if final > 0 else -math.inf

    # -- the forward channel: P(Chinese | target) ------------------------------------------------
    def forward_prob(self, char: str, pos: str, chunk: str) -> float:
        """P(char | chunk, position), backed off to P(char | chunk); a floor for unseen pairs."""
        table = self.forward.get(f"{chunk}|{pos}") or self.reverse.get(chunk)
        if table is None:
            return REVERSE_FLOOR ** len(chunk)
        return table.get(char, REVERSE_FLOOR)

    def _forward_char(self, char: str) -> str:
        """`char` if the forward tables know it, else a known character with the same pinyin
        (characters that read alike transcribe alike), else `char` itself."""
        self._writers_index()
        if char in self._known_writers:
            return char
        if self._stand_in is None:
            # Built on the first unknown character only: it needs the pinyin of every known one.
            best: dict[str, tuple[float, str]] = {}
            for known in sorted(self._known_writers):
                total = sum(table.get(known, 0.0) for table in self.reverse.values())
                syllable = pinyin_of(known)
                if syllable not in best or (total, known) > best[syllable]:
                    best[syllable] = (total, known)
            self._stand_in = {syllable: known for syllable, (_, known) in best.items()}
        return self._stand_in.get(pinyin_of(char), char)

    def _writers_index(self) -> dict[tuple[str, str], list[tuple[str, float]]]:
        """(char, position) -> the chunks that are written with that character, most likely first."""
        if self._writers is None:
            chunks_of: dict[str, set[str]] = defaultdict(set)
            for key, table in self.forward.items():
                for char in table:
                    chunks_of[char].add(key.rsplit("|", 1)[0])
            for chunk, table in self.reverse.items():
                for char in table:
                    chunks_of[char].add(chunk)
            writers: dict[tuple[str, str], list[tuple[str, float]]] = {}
            for char, chunks in chunks_of.items():
                for pos in POSITIONS:
                    options = [(chunk, self.forward_prob(char, pos, chunk)) for chunk in chunks]
                    options = [(c, p) for c, p in options if p > REVERSE_FLOOR]
                    writers[(char, pos)] = sorted(options, key=lambda item: (-item[1], item[0]))
            self._known_writers = frozenset(chunks_of)
            self._writers = writers
        return self._writers

    def forward_score(self, zh: str, target: str) -> float:
        """log P(zh | target) with positions, summed over segmentations of `target` into len(zh) chunks."""
        return self._segmentation_logprob([self._forward_char(c) for c in zh], target, self.forward_prob)

    def forward_decode(
        self,
        zh: str,
        allowed_prefix: Callable[[str], bool],
        beam: int = 256,
        per_char: int = 16,
    ) -> list[tuple[str, float]]:
        """Targets whose transcription would be `zh`, with log P(zh | target), best first.

        The noisy-channel view: a Russian name is transcribed almost deterministically (Xinhua's
        table), so the lexicon words that would be written `zh` are found by a beam search over
        lexicon prefixes in which each character consumes the chunk it transcribes.
        """
        writers = self._writers_index()
        n = len(zh)
        steps = (
            writers.get((self._forward_char(raw), position(i, n)), [])[:per_char] for i, raw in enumerate(zh)
        )
        return _beam_search(steps, beam, cache(allowed_prefix))

    # -- decoding --------------------------------------------------------------------------------
    def decode(
        self,
        zh: str,
        beam: int = 64,
        per_char: int = 12,
        allowed_prefix: Callable[[str], bool] | None = None,
    ) -> list[tuple[str, float]]:
        """Target strings for `zh` with log P(target | zh), best first (beam search).

        `allowed_prefix` prunes partial outputs (e.g. to prefixes of lexicon words); states that
        reach the same output after the same character are merged by summing probabilities.
        """
        n = len(zh)
        steps = (self.options(char, position(i, n), per_char) for i, char in enumerate(zh))
        return _beam_search(steps, beam, allowed_prefix)

    # -- (de)serialisation -----------------------------------------------------------------------
    def to_json(self, min_prob: float = 0.005, max_options: int = 24) -> dict[str, object]:
        def prune(table: dict[str, float]) -> dict[str, float]:
            kept = sorted(((c, p) for c, p in table.items() if p >= min_prob), key=lambda x: (-x[1], x[0]))
            return {c: round(p, 5) for c, p in kept[:max_options]}

        return {
            "max_chunk": self.max_chunk,
            "by_char": {c: prune(t) for c, t in sorted(self.by_char.items()) if prune(t)},
            "by_position": {k: prune(t) for k, t in sorted(self.by_position.items()) if prune(t)},
            "by_syllable": {k: prune(t) for k, t in sorted(self.by_syllable.items()) if prune(t)},
            "reverse": {k: prune(t) for k, t in sorted(self.reverse.items()) if prune(t)},
            "forward": {k: prune(t) for k, t in sorted(self.forward.items()) if prune(t)},
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> ChunkModel:
        return cls(
            by_char=data["by_char"],  # type: ignore[arg-type]
            by_position=data["by_position"],  # type: ignore[arg-type]
            max_chunk=int(data["max_chunk"]),  # type: ignore[call-overload]
            by_syllable=data.get("by_syllable"),  # type: ignore[arg-type]
            reverse=data.get("reverse"),  # type: ignore[arg-type]
            forward=data.get("forward"),  # type: ignore[arg-type]
        )


def pinyin_of(char: str) -> str:
    """The toneless pinyin of one character (its most common reading)."""
    return _pinyin_cache(char)


@lru_cache(maxsize=8192)
def _pinyin_cache(char: str) -> str:
    from pypinyin import lazy_pinyin

    return lazy_pinyin(char)[0]


def _logaddexp(a: float, b: float) -> float:
    high, low = (a, b) if a >= b else (b, a)
    return high + math.log1p(math.exp(low - high))


def _beam_search(
    steps: Iterable[Sequence[tuple[str, float]]],
    beam: int,
    allowed_prefix: Callable[[str], bool] | None,
) -> list[tuple[str, float]]:
    """Outputs built chunk by chunk (one list of (chunk, probability) options per input
    character), with their log probabilities, best first. States that reach the same output
    are merged by summing probabilities; `allowed_prefix` prunes partial outputs."""
    states: dict[str, float] = {"": 0.0}
    for options in steps:
        if not options:
            return []
        grown: dict[str, float] = {}
        for prefix, logp in states.items():
            for chunk, p in options:
                candidate = prefix + chunk
                if allowed_prefix is not None and not allowed_prefix(candidate):
                    continue
                value = logp + math.log(p)
                old = grown.get(candidate)
                grown[candidate] = value if old is None else _logaddexp(old, value)
        states = dict(sorted(grown.items(), key=lambda item: (-item[1], item[0]))[:beam])
        if not states:
            return []
    return sorted(states.items(), key=lambda item: (-item[1], item[0]))


# ---------------------------------------------------------------------------------------------------
# Training
# ---------------------------------------------------------------------------------------------------


def train(
    pairs: Sequence[Pair],
    max_chunk: int,
    iterations: int = 8,
    affinity: Callable[[str, str], float] | None = None,
    char_weight: float = 1.0,
    syllable_weight: float = 2.0,
    inventory: Iterable[str] = (),
    prior_links: Iterable[tuple[str, str]] = (),
    prior_weight: float = 0.0,
    forward_weight: float = 0.0,
) -> ChunkModel:
    """EM over monotonic alignments where each character emits a chunk of 1..max_chunk letters.

    Sparse data is the problem (a thousand Russian names), so the estimates are smoothed
    hierarchically: (char, position) -> char -> the char's pinyin syllable (characters that
    read alike transcribe alike: 雷 lei / 列 lie) -> a phonetic prior, `affinity(syllable,
    chunk)` in [0, 1] (similarity of the chunk to the pinyin), which also starts EM off.
    `prior_links` (character, chunk) from a standard transcription table add `prior_weight`
    pseudo-counts to every iteration's alignment counts. The forward channel P(char | chunk) is
    smoothed towards a phonetic prior with `forward_weight` pseudo-counts (0: not smoothed).
    """
    usable = [p for p in pairs if p.zh and p.target and len(p.zh) <= len(p.target) <= len(p.zh) * max_chunk]
    chunk_freq: dict[str, int] = defaultdict(int)
    for pair in usable:
        for i in range(len(pair.target)):
            for length in range(1, max_chunk + 1):
                if i + length <= len(pair.target):
                    chunk_freq[pair.target[i : i + length]] += 1
    universe = sorted(c for c, n in chunk_freq.items() if n >= 3)
    # Every syllable gets a prior table, so a character never seen in training still decodes.
    syllables = sorted({pinyin_of(c) for p in usable for c in p.zh} | set(inventory))
    prior: dict[str, dict[str, float]] = {}
    for syllable in syllables:
        weights = {
            c: math.exp(6.0 * (affinity(syllable, c) if affinity else 0.0)) * 0.3 ** len(c) for c in universe
        }
        total = sum(weights.values())
        top = sorted(weights.items(), key=lambda item: (-item[1], item[0]))[:60]
        prior[syllable] = {c: w / total for c, w in top}

    def first_prob(char: str, pos: str, chunk: str) -> float:
        return prior.get(pinyin_of(char), {}).get(chunk, FLOOR ** len(chunk))

    links = [(c, k) for c, k in prior_links if 1 <= len(k) <= max_chunk] if prior_weight > 0 else []
    model: ChunkModel | None = None
    for _ in range(iterations):
        prob = first_prob if model is None else model.prob
        char_counts: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        pos_counts: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for pair in usable:
            for (i, chunk), weight in _expected_counts(pair.zh, pair.target, max_chunk, prob):
                char = pair.zh[i]
                char_counts[char][chunk] += weight * pair.weight
                pos_counts[f"{char}|{position(i, len(pair.zh))}"][chunk] += weight * pair.weight
        for char, chunk in links:
            char_counts[char][chunk] += prior_weight
        syllable_counts: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for char, table in char_counts.items():
            for chunk, count in table.items():
                syllable_counts[pinyin_of(char)][chunk] += count
        by_syllable = {s: _smooth(t, prior.get(s, {}), syllable_weight) for s, t in syllable_counts.items()}
        for syllable, table in prior.items():
            by_syllable.setdefault(syllable, table)
        by_char = {c: _smooth(t, by_syllable[pinyin_of(c)], char_weight) for c, t in char_counts.items()}
        by_position = {
            key: _smooth(table, by_char[key.split("|")[0]], BACKOFF_WEIGHT)
            for key, table in pos_counts.items()
        }
        model = ChunkModel(by_char, by_position, max_chunk, by_syllable)
    assert model is not None
    chunk_totals: dict[str, dict[str, float]] = defaultdict(dict)
    for char, table in char_counts.items():
        for chunk, count in table.items():
            chunk_totals[chunk][char] = count
    kept = {chunk: table for chunk, table in chunk_totals.items() if sum(table.values()) >= 1.0}
    if forward_weight > 0:
        phonetic = _phonetic_writers(char_counts, sorted(kept), affinity)
        model.reverse = {
            chunk: _smooth(table, phonetic[chunk], forward_weight) for chunk, table in kept.items()
        }
    else:
        model.reverse = {chunk: _normalise(table) for chunk, table in kept.items()}
    positional: dict[str, dict[str, float]] = defaultdict(dict)
    for key, table in pos_counts.items():
        char, pos = key.split("|")
        for chunk, count in table.items():
            if chunk in model.reverse:
                positional[f"{chunk}|{pos}"][char] = count
    model.forward = {
        key: _smooth(table, model.reverse[key.rsplit("|", 1)[0]], BACKOFF_WEIGHT)
        for key, table in positional.items()
        if sum(table.values()) >= 1.0
    }
    return model


def _phonetic_writers(
    char_counts: dict[str, dict[str, float]],
    chunks: Sequence[str],
    affinity: Callable[[str, str], float] | None,
    keep: int = 40,
) -> dict[str, dict[str, float]]:
    """For each chunk, a prior P(char | chunk) over the characters transcriptions use: characters
    whose reading sounds like the chunk (顿 dun for "дон"), weighted by how often they are used."""
    mass: dict[str, float] = {char: sum(table.values()) for char, table in char_counts.items()}
    by_syllable: dict[str, list[str]] = defaultdict(list)
    for char in sorted(mass):
        by_syllable[pinyin_of(char)].append(char)
    syllable_mass = {s: sum(mass[c] for c in chars) for s, chars in by_syllable.items()}
    out: dict[str, dict[str, float]] = {}
    for chunk in chunks:
        weights = {
            s: math.exp(6.0 * (affinity(s, chunk) if affinity else 0.0)) * total
            for s, total in syllable_mass.items()
            if total > 0
        }
        top = sorted(weights.items(), key=lambda item: (-item[1], item[0]))[:keep]
        total = sum(w for _, w in top)
        table: dict[str, float] = {}
        for syllable, weight in top:
            for char in by_syllable[syllable]:
                table[char] = weight / total * mass[char] / syllable_mass[syllable]
        out[chunk] = table
    return out


def _smooth(counts: dict[str, float], backoff: dict[str, float], weight: float) -> dict[str, float]:
    """Dirichlet smoothing of `counts` towards the `backoff` distribution (pseudo-count `weight`)."""
    total = sum(counts.values())
    chunks = set(counts) | set(backoff)
    return {c: (counts.get(c, 0.0) + weight * backoff.get(c, 0.0)) / (total + weight) for c in chunks}


def _normalise(table: dict[str, float]) -> dict[str, float]:
    total = sum(table.values())
    return {k: v / total for k, v in table.items()} if total else {}


def _expected_counts(
    zh: str, target: str, max_chunk: int, prob: Callable[[str, str, str], float]
) -> Iterable[tuple[tuple[int, str], float]]:
    """Posterior weight of every (character index, chunk) link under the current model."""
    n, m = len(zh), len(target)
    emit = [
        [
            [
                prob(zh[i], position(i, n), target[j - length : j]) if length <= j else 0.0
                for length in range(max_chunk + 1)
            ]
            for j in range(m + 1)
        ]
        for i in range(n)
    ]
    alpha = [[0.0] * (m + 1) for _ in range(n + 1)]
    alpha[0][0] = 1.0
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            alpha[i][j] = sum(
                alpha[i - 1][j - length] * emit[i - 1][j][length]
                for length in range(1, min(max_chunk, j) + 1)
            )
    beta = [[0.0] * (m + 1) for _ in range(n + 1)]
    beta[n][m] = 1.0
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            beta[i][j] = sum(
                emit[i][j + length][length] * beta[i + 1][j + length]
                for length in range(1, min(max_chunk, m - j) + 1)
            )
    total = alpha[n][m]
    if total <= 0:
        return
    for i in range(n):
        for j in range(m):
            if not alpha[i][j]:
                continue
            for length in range(1, min(max_chunk, m - j) + 1):
                weight = alpha[i][j] * emit[i][j + length][length] * beta[i + 1][j + length] / total
                if weight > 1e-6:
                    yield (i, target[j : j + length]), weight


# ---------------------------------------------------------------------------------------------------
# Lexicon prefixes
# ---------------------------------------------------------------------------------------------------


class SortedLexicon:
    """Words with counts, answering "is this a prefix of some word?" by bisection (no trie to build)."""

    def __init__(self, counts: dict[str, int]) -> None:
        self.counts = counts
        self.words = sorted(counts)

    def has_prefix(self, prefix: str) -> bool:
        index = bisect.bisect_left(self.words, prefix)
        return index < len(self.words) and self.words[index].startswith(prefix)

    def count(self, word: str) -> int:
        return self.counts.get(word, 0)

    def __contains__(self, word: object) -> bool:
        return word in self.counts
