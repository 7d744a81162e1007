"""Polish, German and French transcriptions of Russian name parts, folded to ASCII.

Wikidata's English labels of people with a Russian label are often the Polish or German
spelling of the name (Mickiewicz for Мицкевич, Wojciechowski for Войцеховский,
Tichonowitsch for Тихонович). No romanisation scheme of `qa.names.romanize` gives them, so
the lexicon calls them unattested, and calls their slips (Mickiewcz) unattested too: the
lexicon-only N104 model reads both through these transcriptions, so that the correct foreign
spelling is attested and a slip is one edit away from an attested one. The tables follow the
common Polish (PWN) and German (Duden) transcription rules of Russian; diacritics are dropped
(ł -> l, ż -> z), as English text mostly does. The French one (`french`, session 12: Chtcherbatov,
Vichnevetski) is a separate index of the model, read only by a model that lists it. They are
not accepted romanisations of a name:
the engine never suggests them, and the other modes do not use them.
"""

from __future__ import annotations

from functools import lru_cache

_HARD_SIGNS = "ъь"
_VOWELS = "аеёиоуыэюя"
_SOFT_VOWELS = "еёюяи"

_POLISH = {
    "а": "a", "б": "b", "в": "w", "г": "g", "д": "d", "ж": "z", "з": "z", "й": "j", "к": "k",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f",
    "х": "ch", "ц": "c", "ч": "cz", "ш": "sz", "щ": "szcz", "ы": "y", "э": "e",
}  # fmt: skip
_POLISH_IOTATED = {"е": "e", "ё": "o", "ю": "u", "я": "a"}  # after i / j
# after these, и is y and е, ё, ю, я lose the i (but Polish names keep "cie": Wojciechowski)
_POLISH_HARD = set("жшцчщ")

_GERMAN = {
    "а": "a", "б": "b", "в": "w", "г": "g", "д": "d", "е": "e", "ё": "jo", "ж": "sch", "з": "s",
    "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "ch", "ц": "z", "ч": "tsch", "ш": "sch",
    "щ": "schtsch", "ы": "y", "э": "e", "ю": "ju", "я": "ja",
}  # fmt: skip

_ADJECTIVE_ENDINGS = (
    ("ский", "ski"),
    ("цкий", "cki"),
    ("ская", "ska"),
    ("цкая", "cka"),
    ("кий", "ki"),
    ("гий", "gi"),
)


def _split_ending(word: str, endings: tuple[tuple[str, str], ...]) -> tuple[str, str]:
    """(stem, the ending's Latin form) for the first ending the word has beyond a letter of
    stem; (word, "") for none: each scheme writes an adjective or surname ending its own way."""
    for ending, latin in endings:
        if word.endswith(ending) and len(word) > len(ending) + 1:
            return word[: -len(ending)], latin
    return word, ""


def polish(word: str) -> str:
    """The Polish transcription of a lower-case Cyrillic word, without diacritics."""
    stem, tail = _split_ending(word, _ADJECTIVE_ENDINGS)
    out: list[str] = []
    for i, char in enumerate(stem):
        before = stem[i - 1] if i else ""
        after = stem[i + 1] if i + 1 < len(stem) else ""
        if char == "л":
            out.append("l")
        elif char in "ьъ":
            if char == "ь" and after and after in _SOFT_VOWELS:
                out.append("j")
        elif char == "и":
            out.append("y" if before in _POLISH_HARD else "i")
        elif char in _POLISH_IOTATED:
            if before == "ь":
                out.append(_POLISH_IOTATED[char])  # the ь gave the j
            elif not before or before in _VOWELS or before == "ъ":
                out.append("j" + _POLISH_IOTATED[char])
            elif (before in _POLISH_HARD and not (before == "ц" and char == "е")) or before == "л":
                out.append(_POLISH_IOTATED[char])
            else:
                out.append("i" + _POLISH_IOTATED[char])
        else:
            out.append(_POLISH.get(char, char))
    return "".join(out) + tail


def german(word: str) -> str:
    """The German transcription of a lower-case Cyrillic word."""
    stem, tail = _split_ending(word, _ADJECTIVE_ENDINGS[:4])
    out: list[str] = []
    for i, char in enumerate(stem):
        before = stem[i - 1] if i else ""
        if char in _HARD_SIGNS:
            continue
        if char == "е" and (not before or before in _VOWELS or before in "ъь"):
            out.append("je")
        elif char == "с" and before in _VOWELS and i + 1 < len(stem) and stem[i + 1] in _VOWELS:
            out.append("ss")
        else:
            out.append(_GERMAN.get(char, char))
    return "".join(out) + tail


_FRENCH = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ж": "j", "з": "z", "и": "i", "к": "k",
    "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "ou",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "tch", "ш": "ch", "щ": "chtch", "ы": "y", "э": "e",
    "ю": "iou", "я": "ia", "ё": "io",
}  # fmt: skip
_FRENCH_ENDINGS = (
    ("ский", "ski"),
    ("цкий", "tski"),
    ("ская", "skaia"),
    ("цкая", "tskaia"),
    ("ий", "i"),
    ("ый", "y"),
    ("ин", "ine"),
    ("ын", "yne"),
)


def french(word: str) -> str:
    """The French transcription of a lower-case Cyrillic word, without diacritics (Щербатов ->
    chtcherbatov, Вишневецкий -> vichnevetski, Сергеев -> sergueiev, Путин -> poutine)."""
    stem, tail = _split_ending(word, _FRENCH_ENDINGS)
    out: list[str] = []
    for i, char in enumerate(stem):
        before = stem[i - 1] if i else ""
        after = stem[i + 1] if i + 1 < len(stem) else (tail[:1] if tail else "")
        if char in _HARD_SIGNS:
            continue
        if char == "е":
            out.append(
                "ie" if before and before != "и" and (before in _VOWELS or before in _HARD_SIGNS) else "e"
            )
        elif char == "г" and after and after in "еиыйeiy":
            out.append("gu")
        elif char == "с" and before and before in _VOWELS and after and after in _VOWELS:
            out.append("ss")
        elif char == "й":
            out.append("i")
        else:
            out.append(_FRENCH.get(char, char))
    return "".join(out) + tail


@lru_cache(maxsize=65536)
def foreign_forms(word: str) -> tuple[str, ...]:
    """The Polish and German transcriptions of a Cyrillic word (lower case, ё as е allowed)."""
    word = word.lower()
    return tuple(sorted({polish(word), german(word)}))


# The Turkic reading (session 12, second attempt): Azerbaijani and Central Asian names that
# Russian writes with its own letters come back into English in their own Latin spelling
# (Тагиев -> Taghiyev, Рахимова -> Rahimova, Ахмедов -> Ahmedov). The letters follow the BGN/PCGN
# romanisation of Uzbek Cyrillic (1979; the Azerbaijani Cyrillic one agrees on these letters):
# е is ye at the start and after a vowel or sign, й y, ё yo, ю yu, я ya, ж j, ц ts, ч ch, ш sh,
# щ shch; Russian has no letter for the Turkic h (Uzbek ҳ, Azerbaijani һ) or ğ (ғ) and writes
# them х and г, so х is read h and г as g or gh (both forms are given).
_TURKIC = {
    "а": "a", "б": "b", "в": "v", "д": "d", "ж": "j", "з": "z", "и": "i", "й": "y", "к": "k",
    "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ы": "y", "э": "e",
    "ё": "yo", "ю": "yu", "я": "ya",
}  # fmt: skip


def turkic(word: str) -> tuple[str, ...]:
    """The Turkic (Uzbek / Azerbaijani) readings of a lower-case Cyrillic word: г as g and as gh
    (Тагиев -> tagiyev, taghiyev; Рахимова -> rahimova)."""
    forms = []
    for g in ("g", "gh"):
        out: list[str] = []
        for i, char in enumerate(word):
            before = word[i - 1] if i else ""
            if char in _HARD_SIGNS:
                continue
            if char == "е":
                out.append("ye" if not before or before in _VOWELS or before in _HARD_SIGNS else "e")
            elif char == "г":
                out.append(g)
            else:
                out.append(_TURKIC.get(char, char))
        forms.append("".join(out))
    return tuple(dict.fromkeys(forms))
