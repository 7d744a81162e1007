"""A learned N104 decision: is a Russian-looking name spelling a slip, from the lexicon alone?

The hand rule (`LexiconRules.lexicon_suggestion`) flags a spelling only when the lexicon
attests it at most UNATTESTED_MAX times next to a spelling COMMON_RATIO times more common.
That misses slips that land on rare real names (Kutova for Kotova) and slips next to names of
moderate frequency. This module turns what the lexicon knows about one spelling into a few
numbers (its own bearers, the best neighbours' bearers at one and two edits, what kind of edit
reaches them, how Russian-romanisation-like its letter sequence is) and boosted trees
over them, fitted on the dev half of the name challenge set (`bench/train_lexicon_names.py`),
decides (boosted trees since session 6; since session 7 with the hand rule's and the gender
rule's verdicts among the numbers, and alone). The weights are a small JSON file
(`qa/data/names/lexicon_model.json`) with its digest.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import OSA

from qa.cache import cache_dir, prune, sealed, unsealed, write_atomic
from qa.cache import digest as cache_digest
from qa.names import word_frequency
from qa.names.foreign_schemes import foreign_forms, french, turkic
from qa.names.lexicon import FIRST, PATRONYMIC, SURNAME, Lexicon, LexiconEntry
from qa.names.matcher import _FOREIGN_ORTHOGRAPHY, undo_foreign_ending
from qa.names.romanize import normalize_latin

MODEL_PATH = Path(__file__).resolve().parents[1] / "data" / "names" / "lexicon_model.json"
MODEL_FORMAT = "qa-lexicon-n104/1"
_CACHE_SIZE = 4096
NEIGHBOUR_MIN = 20  # bearers of a neighbour worth comparing with (an attested Russian name part)
_VOWELS = set("aeiouy")
_FOREIGN = re.compile(r"cz|sz|rz|[łąęóżśćńšžčřý]|w|tsch|sch|x|q|ph|th|ck")
# Letter groups no romanisation of Russian writes: Polish, Czech, German (cz, sz, dz, tsch),
# Western (q, th, ph) and the French / South Slavic -ich (Rabinovitch, Markovic).
_FEMININE_END = re.compile(r"(?:ova|eva|yova|ina|yna|aya|kaya|na)$")
_MASCULINE_END = re.compile(r"(?:ov|ev|yov|in|yn|iy|yy|y|ky|ski|ich|ych)$")
_STRONG_FOREIGN = re.compile(r"cz|sz|rz|dz(?!h)|[łąęóżśćńšžčřýćđ]|tsch|sch|q|th|ph|itch$|(?<=v)ici?$")
_H_ALONE = re.compile(r"(?<![kzcs])h")
_KINDS = (SURNAME, FIRST, PATRONYMIC)
_FOREIGN_ICH = re.compile(r"(?:itch|(?<=v)ici?)$")  # Rabinovitch, Markovic (as in lexicon_rules)


@dataclass(frozen=True)
class Judgement:
    """The model's reading of one spelling: probability of a slip, and the likeliest intent."""

    probability: float
    own: int
    neighbour: LexiconEntry | None
    distance: int


def edit_kind(word: str, target: str) -> str:
    """How one optimal-string-alignment edit turns `target` (the common name) into `word`."""
    if len(word) == len(target) + 1:
        for i in range(len(word)):
            if word[:i] + word[i + 1 :] == target:
                if (i > 0 and word[i - 1] == word[i]) or (i + 1 < len(word) and word[i + 1] == word[i]):
                    return "doubled"
                return "inserted"
        return "other"
    if len(word) + 1 == len(target):
        for i in range(len(target)):
            if target[:i] + target[i + 1 :] == word:
                if (i > 0 and target[i - 1] == target[i]) or (
                    i + 1 < len(target) and target[i + 1] == target[i]
                ):
                    return "undoubled"
                return "dropped"
        return "other"
    if len(word) == len(target):
        diff = [i for i in range(len(word)) if word[i] != target[i]]
        if len(diff) == 2 and diff[1] == diff[0] + 1 and word[diff[0]] == target[diff[1]]:
            return "swapped"
        if len(diff) == 1:
            a, b = word[diff[0]], target[diff[0]]
            return "vowel" if a in _VOWELS and b in _VOWELS else "consonant"
    return "other"


FEATURES = (
    "own",
    "own_other_kind",
    "near1",
    "near2",
    "gap1",
    "gap2",
    "same_first1",
    "edit_doubled",
    "edit_undoubled",
    "edit_inserted",
    "edit_dropped",
    "edit_swapped",
    "edit_vowel",
    "edit_consonant",
    "foreign_ending",
    "lm_mean",
    "lm_min",
    "foreign_letters",
    "h_alone",
    "double_letter",
    "length",
    "kind_first",
    "kind_patronymic",
    "established",
    "foreign_own",
    "foreign_near1",
    "foreign_gap1",
    "undone",
    "gender_clash",
    "gender_agree",
    "near1_flip",
    "foreign_lm_mean",
    "foreign_lm_min",
    "foreign_ich",
    "foreign_orthography",
    "hand_rule",
    "gender_rule",
)
# The last two are the verdicts of the hand rule and the gender rule (`qa.names.lexicon_rules`):
# in lexicon mode the model makes the whole decision, with those verdicts as evidence, so that
# its one threshold sets the false alarms (the rules alone raised 2% of them on the test half).
RULE_FEATURES = ("hand_rule", "gender_rule")
# Evidence from outside the lexicon (session 9): the spelling's Zipf frequency as a word of
# Western languages (`qa.names.word_frequency`), and its best one-edit neighbour's. A model file
# fitted with them lists them after FEATURES; they are computed only for such a model.
FREQUENCY_FEATURES = (
    "wf_max",
    "wf_languages",
    "wf_near1",
    "wf_gap1",
    *(f"wf_{language}" for language in word_frequency.LANGUAGES),
)

# New information (session 12), each group computed only for a model file that lists it (the
# shipped file lists `scripts` and `schemes` since session 13):
# `letters` compares the letter model's reading of the spelling with that of its likeliest
# attested neighbour (Nikifrov reads worse than Nikiforov; Karlowa about as well as Karlova);
# `scripts` says whether the spelling is another script's or language's regular spelling: the
# fewest pinyin syllables that write it wholly (Liping, Huaijin; 0 if none) and the bearers of
# the name part whose French transcription it is (Chtcherbatov for Щербатов).
EXTRA_FEATURES = {
    "letters": ("lm_near_mean", "lm_near_min", "lm_gap_mean", "lm_gap_min"),
    "scripts": ("pinyin_syllables", "french_own"),
    # session 12, second attempt: the bearers of the name part whose Turkic (Uzbek /
    # Azerbaijani) reading the spelling is (Taghiyev for Тагиев, `foreign_schemes.turkic`);
    # `french` is the French index alone, without the pinyin count; `schemes` is one number,
    # the bearers under any foreign scheme (Polish, German, French or Turkic)
    "turkic": ("turkic_own",),
    "french": ("french_own",),
    "schemes": ("schemes_own",),
}
# the transcription of each index that a group reads (its cache file is named after it)
_SCHEMES = {"french": lambda word: (french(word),), "turkic": turkic}


class LetterModel:
    """Letter trigram log-probabilities of the romanised name parts the lexicon attests."""

    def __init__(self, keys: list[str]) -> None:
        padded = [f"^^{key}$" for key in keys]
        # Counter over a generator counts in C: a tenth of the time of a Python loop
        self.trigrams: Counter[str] = Counter(p[i - 2 : i + 1] for p in padded for i in range(2, len(p)))
        self.bigrams: Counter[str] = Counter(p[i - 2 : i] for p in padded for i in range(2, len(p)))
        self.vocabulary = max(len(set().union(*padded)), 27)

    def state(self) -> dict:
        return {"trigrams": self.trigrams, "bigrams": self.bigrams, "vocabulary": self.vocabulary}

    @classmethod
    def from_state(cls, state: dict) -> LetterModel:
        model = cls([])
        model.trigrams = Counter(state["trigrams"])
        model.bigrams = Counter(state["bigrams"])
        model.vocabulary = int(state["vocabulary"])
        return model

    def logprobs(self, key: str) -> list[float]:
        padded = f"^^{key}$"
        return [
            math.log(
                (self.trigrams[padded[i - 2 : i + 1]] + 0.1)
                / (self.bigrams[padded[i - 2 : i]] + 0.1 * self.vocabulary)
            )
            for i in range(2, len(padded))
        ]


class LexiconModel:
    """Features of a spelling from the lexicon, and the fitted boosted trees over them."""

    def __init__(
        self,
        lexicon: Lexicon,
        established_latin: Mapping[str, object],
        weights: dict | None = None,
        frequency: bool | None = None,
    ) -> None:
        """`frequency`: whether `features` computes FREQUENCY_FEATURES (None: if the weights
        use them; the word lists are then read on the first spelling judged)."""
        self.lexicon = lexicon
        self.established_latin = established_latin
        self._weights = weights
        self._frequency = frequency
        self._extras: set[str] | None = None
        self._transcribed: dict[tuple[str, str], dict[str, int]] = {}
        self._letters: dict[str, LetterModel] = {}
        self._foreign: dict[str, tuple[dict[str, int], list[str]]] = {}
        self._foreign_letters: dict[str, LetterModel] = {}
        self._judged: dict[tuple[str, str, str | None, tuple[bool, bool]], Judgement] = {}
        self._cache: dict[tuple[str, str, str | None], tuple[dict[str, float], LexiconEntry | None, int]] = {}

    def foreign(self, kind: str) -> tuple[dict[str, int], list[str]]:
        """Polish / German transcription -> bearers of the most common attested name part of
        `kind` written so, and the sorted keys (for the one-edit search)."""
        if kind not in self._foreign:
            self._build(kind)
        return self._foreign[kind]

    def letters(self, kind: str) -> LetterModel:
        if kind not in self._letters:
            self._build(kind)
        return self._letters[kind]

    def transcribed(self, scheme: str, kind: str) -> dict[str, int]:
        """A transcription of _SCHEMES (french, turkic) -> bearers of the most common attested
        name part of `kind` written so (built on first use, kept in the cache folder)."""
        if (scheme, kind) not in self._transcribed:
            common = sorted(self.lexicon._common(kind, NEIGHBOUR_MIN))
            path = _tables_cache_path(f"{scheme}-{kind}", common, [])
            index = _read_tables(path) if path is not None else None
            if index is None:
                index = {}
                for cyrillic, count, _ in common:
                    for form in _SCHEMES[scheme](cyrillic):
                        if count > index.get(form, 0):
                            index[form] = count
                if path is not None and write_atomic(path, sealed(json.dumps(index).encode("utf-8"))):
                    prune(path.parent, f"lexicon-model-{scheme}-{kind}-*.json", keep=2)
            self._transcribed[scheme, kind] = index
        return self._transcribed[scheme, kind]

    def _build(self, kind: str) -> None:
        """The foreign index and both letter models of a kind: read from the cache folder, or
        built (about two seconds for the surnames) and written there."""
        keys = self.lexicon.neighbour_keys(kind, NEIGHBOUR_MIN)
        common = sorted(self.lexicon._common(kind, NEIGHBOUR_MIN))
        path = _tables_cache_path(kind, common, keys)
        tables = _read_tables(path) if path is not None else None
        if tables is None:
            index: dict[str, int] = {}
            for cyrillic, count, _ in common:
                for form in foreign_forms(cyrillic):
                    if count > index.get(form, 0):
                        index[form] = count
            tables = {
                "foreign": index,
                "letters": LetterModel(keys).state(),
                "foreign_letters": LetterModel(sorted(index)).state(),
            }
            if path is not None and write_atomic(path, sealed(json.dumps(tables).encode("utf-8"))):
                prune(path.parent, f"lexicon-model-{kind}-*.json", keep=2)
        self._foreign[kind] = (tables["foreign"], sorted(tables["foreign"]))
        self._letters[kind] = LetterModel.from_state(tables["letters"])
        self._foreign_letters[kind] = LetterModel.from_state(tables["foreign_letters"])

    @staticmethod
    def vetoed(key: str) -> bool:
        """A spelling in another language's orthography (Mickiewicz, Schostakowitsch, Marquina,
        Markovic) is the person's own foreign spelling far more often than a slip of a Russian
        name: never N104 from the lexicon, as the hand rule's exceptions said."""
        return bool(_STRONG_FOREIGN.search(key))

    def gender(self, key: str, kind: str) -> str | None:
        """m / f of a spelling: its most common lexicon entry's (None for an attested name of
        either gender: Chernenko); an unattested surname's or patronymic's by a Russian
        gendered ending (-ova, -ina, -aya, -ovna against -ov, -in, -sky, -ovich)."""
        entries = self.lexicon.lookup_latin(key, kind)
        if entries:
            return entries[0].gender if entries[0].gender in ("m", "f") else None
        if kind == FIRST:
            return None
        if _FEMININE_END.search(key):
            return "f"
        return "m" if _MASCULINE_END.search(key) else None

    def features(
        self, text: str, kind: str, context: str | None = None
    ) -> tuple[dict[str, float], LexiconEntry | None, int]:
        """The feature values of a spelling of a name part of `kind` (`context`: the gender the
        person's other name parts give, m / f / None), the likeliest intended name and the edit
        distance to it. Cached: an article names the same people again and again."""
        cache_key = (normalize_latin(text), kind, context)
        found = self._cache.get(cache_key)
        if found is None:
            if len(self._cache) >= _CACHE_SIZE:
                self._cache.clear()
            found = self._cache[cache_key] = self._features(*cache_key)
        return found

    def _features(
        self, key: str, kind: str, context: str | None
    ) -> tuple[dict[str, float], LexiconEntry | None, int]:
        own = self.lexicon.latin_count(key, kind)
        other = max((self.lexicon.latin_count(key, k) for k in _KINDS if k != kind), default=0)
        near = self.lexicon.neighbours(key, kind, max_distance=2, min_count=NEIGHBOUR_MIN)
        best = {1: None, 2: None}
        for distance, entry in near:
            if distance and best.get(distance) is None:
                best[distance] = entry
        one, two = best[1], best[2]
        values = dict.fromkeys(FEATURES, 0.0)
        values["own"] = math.log1p(own)
        values["own_other_kind"] = math.log1p(other)
        values["near1"] = math.log1p(one.count) if one else 0.0
        values["near2"] = math.log1p(two.count) if two else 0.0
        values["gap1"] = max(values["near1"] - values["own"], 0.0)
        values["gap2"] = max(values["near2"] - values["own"], 0.0)
        if one is not None:
            values["same_first1"] = float((one.latin or "")[:1] == key[:1])
            edit = edit_kind(key, one.latin or "")
            if f"edit_{edit}" in values:
                values[f"edit_{edit}"] = 1.0
        values["foreign_ending"] = float(bool(re.search(r"(?<=\w\w)(ow|off|ew|eff|owa|ewa)$", key)))
        logprobs = self.letters(kind).logprobs(key)
        values["lm_mean"] = sum(logprobs) / len(logprobs)
        values["lm_min"] = min(logprobs)
        values["foreign_letters"] = float(bool(_FOREIGN.search(key)))
        values["h_alone"] = float(bool(_H_ALONE.search(key)))
        values["double_letter"] = float(any(a == b for a, b in itertools.pairwise(key)))
        values["length"] = float(len(key))
        values["kind_first"] = float(kind == FIRST)
        values["kind_patronymic"] = float(kind == PATRONYMIC)
        values["established"] = float(key in self.established_latin)
        index, keys = self.foreign(kind)
        values["foreign_own"] = math.log1p(index.get(key, 0))
        hits = process.extract(key, keys, scorer=OSA.distance, score_cutoff=1, limit=None)
        best_foreign = max((index[choice] for choice, distance, _ in hits if distance == 1), default=0)
        values["foreign_near1"] = math.log1p(best_foreign)
        values["foreign_gap1"] = max(values["foreign_near1"] - max(values["own"], values["foreign_own"]), 0.0)
        undone = undo_foreign_ending(key)
        values["undone"] = math.log1p(self.lexicon.latin_count(undone, kind)) if undone != key else 0.0
        mine = self.gender(key, kind)
        if context and mine:
            values["gender_clash"] = float(context != mine)
            values["gender_agree"] = float(context == mine)
        if one is not None:
            latin = one.latin or ""
            values["near1_flip"] = float(
                latin in (key + "a", key[:-1]) or latin.endswith("a") != key.endswith("a")
            )
        logprobs = self._foreign_letters[kind].logprobs(key)
        values["foreign_lm_mean"] = sum(logprobs) / len(logprobs)
        values["foreign_lm_min"] = min(logprobs)
        values["foreign_ich"] = float(bool(_FOREIGN_ICH.search(key)))
        values["foreign_orthography"] = float(bool(_FOREIGN_ORTHOGRAPHY.search(key)))
        if self.frequency:
            values.update(frequency_features(key, one.latin if one is not None else None))
        target, distance = self._intended(key, kind, context, near, undone)
        extras = self.extras
        if "letters" in extras:
            theirs = (
                self.letters(kind).logprobs(target.latin) if target is not None and target.latin else None
            )
            values["lm_near_mean"] = sum(theirs) / len(theirs) if theirs else values["lm_mean"]
            values["lm_near_min"] = min(theirs) if theirs else values["lm_min"]
            values["lm_gap_mean"] = values["lm_near_mean"] - values["lm_mean"]
            values["lm_gap_min"] = values["lm_near_min"] - values["lm_min"]
        if "scripts" in extras:
            values["pinyin_syllables"] = float(pinyin_syllables(key))
        if extras & {"scripts", "french"}:
            values["french_own"] = math.log1p(self.transcribed("french", kind).get(key, 0))
        if "turkic" in extras:
            values["turkic_own"] = math.log1p(self.transcribed("turkic", kind).get(key, 0))
        if "schemes" in extras:
            bearers = max(self.transcribed(scheme, kind).get(key, 0) for scheme in _SCHEMES)
            values["schemes_own"] = max(math.log1p(bearers), values["foreign_own"])
        return values, target, distance

    def _intended(
        self, key: str, kind: str, context: str | None, near: list[tuple[int, LexiconEntry]], undone: str
    ) -> tuple[LexiconEntry | None, int]:
        """The suggestion: the -ov / -ev form of a German or French ending if attested, else the
        nearest neighbour, preferring the context's gender and the same first letter, then the
        most bearers."""
        if undone != key:
            entries = self.lexicon.lookup_latin(undone, kind)
            if entries:
                return entries[0], int(OSA.distance(key, undone))
        for distance in (1, 2):
            group = [entry for d, entry in near if d == distance]
            if group:
                group.sort(
                    key=lambda e: (
                        context is not None and e.gender in ("m", "f") and e.gender != context,
                        (e.latin or "")[:1] != key[:1],
                        -e.count,
                        e.latin or "",
                    )
                )
                return group[0], distance
        return None, 0

    @property
    def frequency(self) -> bool:
        """Whether the features include FREQUENCY_FEATURES."""
        if self._frequency is None:
            self._frequency = any(name in FREQUENCY_FEATURES for name in self.weights["features"])
        return self._frequency

    @property
    def extras(self) -> set[str]:
        """The EXTRA_FEATURES groups the features include (those the weights use)."""
        if self._extras is None:
            used = set(self.weights["features"])
            self._extras = {group for group, names in EXTRA_FEATURES.items() if used & set(names)}
        return self._extras

    @property
    def weights(self) -> dict:
        """The fitted trees and threshold (the shipped file unless given)."""
        if self._weights is None:
            self._weights = load_weights()
        return self._weights

    def judge(
        self, text: str, kind: str, context: str | None = None, rules: tuple[bool, bool] = (False, False)
    ) -> Judgement:
        """The model's reading of a spelling; `rules`: whether the hand rule and the gender rule
        flag it (see RULE_FEATURES)."""
        key = (normalize_latin(text), kind, context, rules)
        found = self._judged.get(key)
        if found is None:
            values, target, distance = self.features(text, kind, context)
            values = {
                **values,
                **{name: float(flag) for name, flag in zip(RULE_FEATURES, rules, strict=True)},
            }
            row = [values[name] for name in self.weights["features"]]
            own = self.lexicon.latin_count(text, kind)
            if len(self._judged) >= _CACHE_SIZE:
                self._judged.clear()
            found = self._judged[key] = Judgement(probability(self.weights, row), own, target, distance)
        return found

    @property
    def threshold(self) -> float:
        return float(self.weights["threshold"])


def frequency_features(key: str, neighbour: str | None) -> dict[str, float]:
    """FREQUENCY_FEATURES of a spelling (lower case) and of its best one-edit neighbour in the
    lexicon (None if it has none)."""
    mine = word_frequency.zipfs(key)
    values = {f"wf_{language}": value for language, value in mine.items()}
    values["wf_max"] = max(mine.values())
    values["wf_languages"] = float(sum(value > 0 for value in mine.values()))
    values["wf_near1"] = max(word_frequency.zipfs(neighbour).values()) if neighbour else 0.0
    values["wf_gap1"] = max(values["wf_near1"] - values["wf_max"], 0.0)
    return values


def pinyin_syllables(key: str) -> int:
    """The fewest pinyin syllables that write `key` wholly (0 if none do). Russian names rarely
    parse (v, -ov, consonant clusters); Chinese given names and surnames do."""
    from qa.zh.pinyin import segmentations

    found = segmentations(key, limit=1)
    return len(found[0]) if found else 0


def probability(model: dict, row: list[float]) -> float:
    """The boosted trees' probability of a slip for one feature row (what scikit-learn's
    HistGradientBoostingClassifier.predict_proba gives; nodes: feature, threshold, left,
    right, value, leaf; a value goes left when it is <= the threshold)."""
    raw = float(model["baseline"])
    for tree in model["trees"]:
        node = tree[0]
        while not node[5]:
            node = tree[node[2] if row[node[0]] <= node[1] else node[3]]
        raw += node[4]
    return 1.0 / (1.0 + math.exp(-raw))


_TABLES_FORMAT = 1


def _tables_cache_path(kind: str, common: list, keys: list[str]) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    key = cache_digest(
        (_TABLES_FORMAT, kind, common, keys), modules=("qa.names.foreign_schemes", "qa.names.lexicon_model")
    )
    return folder / f"lexicon-model-{kind}-{key}.json"


def _read_tables(path: Path) -> dict | None:
    try:
        data = unsealed(path.read_bytes())
        return None if data is None else json.loads(data.decode("utf-8"))
    except (OSError, ValueError, TypeError):
        return None


def digest(model: dict) -> str:
    """sha256 of the model's canonical JSON (sorted keys, no spaces)."""
    body = json.dumps(model, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


@lru_cache(maxsize=1)
def load_weights() -> dict:
    """The shipped model; its digest is checked against the one recorded beside it, so that a
    damaged or hand-edited file fails loudly instead of deciding N104 differently."""
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    if data.get("format") != MODEL_FORMAT or digest(data["model"]) != data["sha256"]:
        raise ValueError(f"{MODEL_PATH.name}: not a {MODEL_FORMAT} file with a matching digest")
    features = list(data["model"]["features"])
    known = set(FREQUENCY_FEATURES).union(*EXTRA_FEATURES.values())
    if features[: len(FEATURES)] != list(FEATURES) or not set(features[len(FEATURES) :]) <= known:
        raise ValueError(f"{MODEL_PATH.name}: fitted on other features than this code computes")
    return data["model"]
