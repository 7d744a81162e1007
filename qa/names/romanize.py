"""Romanisation of Russian names: the configured `iuliia` schemes plus the forms English news uses.

An accepted spelling is *generated* from the Cyrillic form, never listed: every configured
scheme romanises the word, then a few rewrites add the spellings English-language news
agencies use for the same letters (Dmitry / Dmitri / Dmitriy, Nikolay / Nikolai, Maria /
Mariya, Vasilyev / Vasiliev, Alexei / Aleksei, Zelensky / Zelenskiy / Zelenski). The rewrites
only ever touch the endings and letter groups that those schemes disagree on, so a typo such
as "Nikifrov" is never produced.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import iuliia

# Configuration names (config.accepted_schemes) -> iuliia schema names.
SCHEME_ALIASES: dict[str, str] = {
    "bgn_pcgn": "bgn_pcgn",
    "bgn": "bgn_pcgn",
    "wikipedia": "wikipedia",
    "icao_doc_9303": "icao_doc_9303",
    "icao": "icao_doc_9303",
    "passport": "icao_doc_9303",
    "ala_lc": "ala_lc",
    "scientific": "scientific",
    "mosmetro": "mosmetro",
    "telegram": "telegram",
    "yandex_money": "yandex_money",
    "gost_52535": "gost_52535",
    "mvd_782": "mvd_782",
    "ungegn_1987": "ungegn_1987",
    "bs_2979": "bs_2979",
}
DEFAULT_SCHEMES: tuple[str, ...] = ("bgn_pcgn", "wikipedia", "icao_doc_9303", "ala_lc", "scientific")
NEWS_SCHEME = "news"  # the label of spellings produced by the English-news rewrites

# Removed before comparing: apostrophes and soft/hard-sign marks that schemes write.
_MARKS = dict.fromkeys(map(ord, "'’‘`ʹʺ\"”“ʼ\u0361\u0306"), None)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def resolve_schemes(names: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """iuliia schema names for configured scheme names; unknown names raise ValueError."""
    out: list[str] = []
    for name in names:
        key = name.lower().replace("-", "_").replace("/", "_")
        if key == NEWS_SCHEME:
            continue
        schema = SCHEME_ALIASES.get(key, key)
        if _schema(schema) is None:
            known = ", ".join(sorted({*SCHEME_ALIASES, NEWS_SCHEME}))
            raise ValueError(f"unknown romanisation scheme '{name}' (known: {known}, or any iuliia schema)")
        if schema not in out:
            out.append(schema)
    return tuple(out)


def _schema(name: str) -> iuliia.Schema | None:
    try:
        return iuliia.schemas.get(name)
    except (ValueError, KeyError):
        return None


def normalize_latin(token: str) -> str:
    """The comparison key of a Latin spelling: lower case, no apostrophes or tie bars.

    Letters with diacritics other than the ALA-LC breve and tie (č, š, ž of the scientific
    scheme) are kept: "Rožkov" is the scientific form, "Rozkov" is not a romanisation.
    """
    decomposed = unicodedata.normalize("NFD", token.lower()).translate(_MARKS)
    return unicodedata.normalize("NFC", decomposed).replace("ë", "e").replace("ё", "e")


def is_cyrillic(token: str) -> bool:
    return bool(_CYRILLIC.search(token))


@lru_cache(maxsize=65536)
def romanize(cyrillic: str, scheme: str = "bgn_pcgn") -> str:
    """One scheme's romanisation of a Cyrillic word, with the word's capitalisation."""
    schema = _schema(SCHEME_ALIASES.get(scheme, scheme))
    if schema is None:
        raise ValueError(f"unknown romanisation scheme '{scheme}'")
    text = cyrillic.replace("ё", "е").replace("Ё", "Е")
    latin = schema.translate(text)
    # ALA-LC without diacritics: drop the breve and tie bar and the prime marks.
    if schema.name.startswith("ala_lc"):
        latin = unicodedata.normalize("NFC", unicodedata.normalize("NFD", latin).translate(_MARKS))
    return latin.replace("’", "").replace("”", "").replace("ʹ", "").replace("ʺ", "")


_VOWELS = "aeiouy"


@lru_cache(maxsize=65536)
def _yo_forms(lower: str) -> tuple[str, ...]:
    """Spellings of a lower-case word with ё where the dictionary writes one (семенов -> семёнов)."""
    if "е" not in lower:
        return ()
    from qa.names.russian import morph

    forms = {p.word for p in morph().parse(lower)[:3] if "ё" in p.word and p.word.replace("ё", "е") == lower}
    return tuple(sorted(forms))


@lru_cache(maxsize=65536)
def _yo_romanize(cyrillic: str) -> str:
    """The Wikipedia romanisation keeping ё (yo, or o after ж ч ш щ: Gorbachyov is rare)."""
    return iuliia.WIKIPEDIA.translate(cyrillic)


@lru_cache(maxsize=65536)
def _yo_news(cyrillic: str) -> str:
    """ё as English news writes it: yo, o after a hissing consonant (Mirziyoyev for
    Мирзиёев, Pyotr, Alyona); the schemes' ë loses its dots and reads as e."""
    latin = iuliia.BGN_PCGN.translate(cyrillic.replace("ё", "\x00"))
    latin = re.sub(r"(zh|ch|sh)\x00", r"\1o", latin).replace("y\x00", "yo").replace("\x00", "yo")
    return normalize_latin(latin.replace("’", "").replace("”", ""))


def _news_rewrites(form: str) -> set[str]:
    """The spellings English news uses for one scheme's lower-case romanisation."""
    out = {form}
    # -ий / -ый endings: Dmitriy, Dmitry, Dmitri, Dmitrii; Zelenskiy, Zelensky, Zelenski.
    match = re.search(r"(iy|ii|yy|iĭ|ij|yj|y)$", form)
    if match and len(form) > 3 and match.group(1) != "y":
        stem = form[: match.start()]
        out |= {stem + "y", stem + "i", stem + "iy", stem + "ii"}
        if stem.endswith("sk"):
            out.add(stem + "yy")  # Zelenskyy
    elif form.endswith("y") and len(form) > 3 and form[-2] not in _VOWELS:
        stem = form[:-1]
        out |= {stem + "i", stem + "iy", stem + "ii"}
        if stem.endswith("sk"):
            out.add(stem + "yy")
    # -ай / -ей / -ой before a consonant or at the end: Nikolay / Nikolai, Aleksey / Aleksei.
    for spelled in list(out):
        out.add(re.sub(r"([aeo])y(?=$|[^aeiouy])", r"\1i", spelled))
        out.add(re.sub(r"([aeo])i(?=$|[^aeiouy])", r"\1y", spelled))
    # -ия: Mariya / Maria / Mariia; -ья: Ilya / Ilia.
    for spelled in list(out):
        out.add(re.sub(r"iya$", "ia", spelled))
        out.add(re.sub(r"iia$", "ia", spelled))
    # -ье- after a consonant: Vasilyev / Vasiliev / Vasilev, Grigoryev / Grigoriev / Grigorev.
    for spelled in list(out):
        out.add(re.sub(r"(?<=[^aeiouy])ye(?=[vn])", "ie", spelled))
        out.add(re.sub(r"(?<=[^aeiouy])ye(?=[vn])", "e", spelled))
    # ks -> x: Aleksei / Alexei, Aleksandr / Alexandr; -andr as in English: Alexander.
    for spelled in list(out):
        if "ks" in spelled:
            out.add(spelled.replace("ks", "x"))
    for spelled in list(out):
        if spelled.endswith("andr"):
            out.add(spelled[:-2] + "der")
    return out


@lru_cache(maxsize=65536)
def accepted_romanizations(cyrillic: str, schemes: tuple[str, ...] = DEFAULT_SCHEMES) -> dict[str, str]:
    """Every accepted Latin spelling (comparison key) of a Cyrillic word -> the scheme giving it.

    Scheme forms come first (in configured order); the English-news rewrites of those
    forms are labelled "news".
    """
    accepted: dict[str, str] = {}
    resolved = resolve_schemes(schemes)
    for schema in resolved:
        accepted.setdefault(normalize_latin(romanize(cyrillic, schema)), schema)
    # Russian print usually writes ё as е (and the lexicon does), but Федоров is Фёдоров and
    # romanised Fyodorov: pymorphy3's dictionary knows where a word has ё.
    if "wikipedia" in resolved or "bgn_pcgn" in resolved:
        lower = cyrillic.lower()
        for with_yo in (lower,) if "ё" in lower else _yo_forms(lower):
            accepted.setdefault(normalize_latin(_yo_romanize(with_yo)), "wikipedia")
            accepted.setdefault(_yo_news(with_yo), NEWS_SCHEME)
    if resolved:
        for form in list(accepted):
            if any(ch in form for ch in "čšžëĭ"):
                continue
            for variant in _news_rewrites(form):
                accepted.setdefault(variant, NEWS_SCHEME)
    return accepted


def match_case(model: str, word: str) -> str:
    """`word` written with the capitalisation pattern of `model` (NIKIFROV -> NIKIFOROV)."""
    if model.isupper() and len(model) > 1:
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word
