"""Chinese names in Russian text (the Palladius system) read back as pinyin.

A Russian source writes a Chinese person in Palladius Cyrillic (Ван И, Си Цзиньпин, Ли Кэцян);
the English translation writes the same person in pinyin (Wang Yi, Xi Jinping, Li Keqiang).
Russian romanisation schemes read Ван И as "Van I", so the name engine compares nothing and a
slip ("Wang Ye", "Xi Jinpin") passed from the source. Palladius is a fixed, systematic
spelling of pinyin syllables: each syllable of the inventory (every toneless reading pypinyin
knows) is written in Cyrillic by the system's initials and finals, and a Cyrillic word is read
back by splitting it into such syllables. Only a capitalised pair whose first word is the
Palladius form of a common Chinese surname and whose second word splits into one to three
syllables is taken for a Chinese person (Ян Непомнящий, Ван Гог split into none).

The system's rows are written out here rather than taken from pypinyin's `Style.CYRILLIC`:
pypinyin 0.55 writes duo, tuo, suo, chuo and shuo as дуо, туо, суо, чуо, шуо, where Palladius
(and Russian newspapers) write до, то, со, чо, шо (Ли Шо for Li Shuo); over every reading
pypinyin knows the two tables differ only there and in interjections (m, ng, hm, yo).
"""

from __future__ import annotations

import re
from functools import lru_cache

_INITIALS = {
    "b": "б", "p": "п", "m": "м", "f": "ф", "d": "д", "t": "т", "n": "н", "l": "л", "g": "г",
    "k": "к", "h": "х", "j": "цз", "q": "ц", "x": "с", "zh": "чж", "ch": "ч", "sh": "ш", "r": "ж",
    "z": "цз", "c": "ц", "s": "с",
}  # fmt: skip
# Finals after an initial; j, q, x take the ü row for u, uan, un, ue (ju = цзюй).
_FINALS = {
    "a": "а", "o": "о", "e": "э", "ai": "ай", "ei": "эй", "ao": "ао", "ou": "оу", "an": "ань",
    "en": "энь", "ang": "ан", "eng": "эн", "ong": "ун", "er": "эр", "i": "и", "ia": "я", "ie": "е",
    "iao": "яо", "iu": "ю", "ian": "янь", "in": "инь", "iang": "ян", "ing": "ин", "iong": "юн",
    "u": "у", "ua": "уа", "uo": "о", "uai": "уай", "ui": "уй", "uan": "уань", "un": "унь",
    "uang": "уан", "ü": "юй", "üe": "юэ", "üan": "юань", "ün": "юнь",
}  # fmt: skip
# Syllables without an initial (y- and w- spell the medial).
_ZERO = {
    "a": "а", "o": "о", "e": "э", "ai": "ай", "ei": "эй", "ao": "ао", "ou": "оу", "an": "ань",
    "en": "энь", "ang": "ан", "eng": "эн", "er": "эр", "yi": "и", "ya": "я", "ye": "е", "yao": "яо",
    "you": "ю", "yan": "янь", "yin": "инь", "yang": "ян", "ying": "ин", "yong": "юн", "yu": "юй",
    "yue": "юэ", "yuan": "юань", "yun": "юнь", "wu": "у", "wa": "ва", "wo": "во", "wai": "вай",
    "wei": "вэй", "wan": "вань", "wen": "вэнь", "wang": "ван", "weng": "вэн",
}  # fmt: skip
_SPECIAL = {"hui": "хуэй"}  # the one syllable the system writes apart from its rows


def to_palladius(syllable: str) -> str | None:
    """The Palladius spelling of a toneless pinyin syllable (ü as ü), None outside the system."""
    syllable = syllable.replace("v", "ü")
    if syllable in _SPECIAL:
        return _SPECIAL[syllable]
    if syllable in _ZERO:
        return _ZERO[syllable]
    initial = syllable[:2] if syllable[:2] in _INITIALS else syllable[:1]
    if initial not in _INITIALS:
        return None
    final = syllable[len(initial) :]
    if initial in ("j", "q", "x") and final.startswith("u"):
        final = "ü" + final[1:]
    if final == "i" and initial in ("z", "c", "s"):
        return _INITIALS[initial] + "ы"
    if final == "o" and initial not in ("b", "p", "m", "f"):
        return None  # lo, yo: interjections; "о" after other initials is uo
    cyrillic = _FINALS.get(final)
    return None if cyrillic is None else _INITIALS[initial] + cyrillic


@lru_cache(maxsize=1)
def _syllables() -> dict[str, str]:
    """Palladius spelling -> pinyin syllable, for every toneless reading pypinyin knows; where
    two readings share a spelling (lo and luo), the one more characters read."""
    from pypinyin import Style
    from pypinyin.pinyin_dict import pinyin_dict
    from pypinyin.style import convert

    toned_uses: dict[str, int] = {}
    for readings in pinyin_dict.values():
        for toned in readings.split(","):
            toned_uses[toned] = toned_uses.get(toned, 0) + 1
    uses: dict[str, int] = {}
    for toned, count in toned_uses.items():  # some 1,600 toned syllables: convert each once
        plain = convert(toned, Style.NORMAL, strict=True)
        uses[plain] = uses.get(plain, 0) + count
    table: dict[str, str] = {}
    for syllable in sorted(uses, key=lambda s: -uses[s]):
        cyrillic = to_palladius(syllable)
        if cyrillic is not None:
            table.setdefault(cyrillic, syllable)
    return table


def read_back(word: str, most: int = 3) -> str | None:
    """The pinyin of a Cyrillic word that splits wholly into at most `most` Palladius
    syllables ("Цзиньпин" -> "jinping"), None otherwise; the split with fewest syllables."""
    table = _syllables()
    text = word.lower().replace("ё", "е")
    best: list[tuple[int, str] | None] = [None] * (len(text) + 1)
    best[0] = (0, "")
    for end in range(1, len(text) + 1):
        for start in range(max(0, end - 5), end):
            before = best[start]
            syllable = table.get(text[start:end])
            if before is None or syllable is None:
                continue
            if before[1] and syllable[0] in "aoe":
                continue  # xi'an: an apostrophe pinyin needs, so no split the Russian hides
            candidate = (before[0] + 1, before[1] + syllable)
            if best[end] is None or candidate[0] < best[end][0]:  # type: ignore[index]
                best[end] = candidate
    found = best[len(text)]
    return found[1] if found is not None and 1 <= found[0] <= most else None


@lru_cache(maxsize=1)
def pinyin_surnames() -> frozenset[str]:
    """Pinyin of the common one-character Chinese surnames (王 wang, 习 xi, 何 he ...)."""
    from qa.zh.extract import CHINESE_SURNAMES
    from qa.zh.pinyin import name_reading

    return frozenset(name_reading(character + "一")[0].replace("ü", "v") for character in CHINESE_SURNAMES)


def is_chinese_surname(word: str) -> bool:
    """Whether a Cyrillic word is the Palladius form of a common Chinese surname (Ван, Си)."""
    surname = read_back(word, most=1)
    return surname is not None and surname.replace("ü", "v") in pinyin_surnames()


# Overlapping pairs (a look-ahead): "Китаец Хэ Цзе" holds the pair "Хэ Цзе".
_PAIR = re.compile(r"\b(?=([А-ЯЁ][а-яё]{0,5})\s+([А-ЯЁ][а-яё]{0,11})\b)")
# Russian case endings a Chinese man's given name ending in a consonant takes (Си Цзиньпином,
# Ли Цяна): read back without them when the whole word is no name.
_ENDINGS = ("ом", "ем", "ой", "а", "я", "у", "ю", "е")


def chinese_names(russian: str) -> list[tuple[str, str, frozenset[str], str]]:
    """(surname pinyin, given-name pinyin, every reading of the given name, the Russian words)
    of each Chinese person a Russian text names surname first ("Ван И" -> ("wang", "yi",
    {"yi"}, "Ван И")), once each.

    A declined form reads two ways (Цзиньпина: jinping + а, or jin-pi-na; Лина: a woman's
    lina, or ling + а): both are the person's readings, so neither is a slip, and the
    undeclined one, a consonant before the ending, is the spelling a slip is told to use."""
    surnames = pinyin_surnames()
    found: dict[tuple[str, str], tuple[set[str], str]] = {}
    for match in _PAIR.finditer(russian):
        surname = read_back(match.group(1), most=1)
        if surname is None or surname.replace("ü", "v") not in surnames:
            continue  # not `is_chinese_surname`: the pinyin is wanted too
        word = match.group(2)
        readings: list[str] = []
        for ending in _ENDINGS:
            stem = word[: -len(ending)]
            if word.endswith(ending) and len(stem) >= 2 and stem[-1] not in "аеиоуыэюяй":
                given = read_back(stem)
                if given is not None:
                    readings.append(given)
                    break
        whole = read_back(word)
        if whole is not None:
            readings.append(whole)
        if readings:
            forms, _ = found.setdefault((surname, readings[0]), (set(), f"{match.group(1)} {match.group(2)}"))
            forms.update(readings)
    return [(surname, given, frozenset(forms), words) for (surname, given), (forms, words) in found.items()]
