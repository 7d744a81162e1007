"""Read a text file in whatever encoding a newsroom sends, or say in one line why not.

Order of decisions, most certain first:

1. A byte-order mark (UTF-32, UTF-8, UTF-16) settles the encoding.
2. NUL bytes mean UTF-16 without a BOM or else a binary file. Both byte orders are decoded
   strictly and the more plausible text wins (the NULs' parity, e.g. the high byte of ASCII
   characters, breaks ties); a Chinese text has NULs only from its few ASCII characters or
   from a character such as U+4E00, so their share is no criterion.
3. Strict UTF-8: non-UTF-8 text almost never decodes as UTF-8 by accident.
4. UTF-8 but for a few bytes (a truncated character, one stray cp1252 byte): when the bytes
   hold valid multi-byte UTF-8 sequences, at least as many as invalid ones, and the invalid
   ones are at most one per hundred characters (or just one), the file is UTF-8 and each
   invalid sequence becomes U+FFFD, which rule I101 reports. A legacy code page would turn
   the whole text into mojibake (mac-cyrillic, mac-iceland) to explain a few bytes. A text
   that is ASCII but for a few high bytes is not UTF-8 evidence: cp1252 "café" stays cp1252.
   Between the two (more invalid sequences, but valid multi-byte ones too), the replaced
   UTF-8 decoding competes with the legacy ones below.
5. Otherwise every plausible legacy encoding (cp1251, KOI8-R, Mac Cyrillic, GB18030,
   cp1252, Latin-1, plus whatever charset-normalizer proposes) decodes the bytes strictly and
   the decodings are scored for plausibility. charset-normalizer alone often confuses cp1251,
   KOI8-R and Mac Cyrillic on short Russian texts, because the three differ mostly in where
   upper- and lower-case letters sit; our score looks exactly there (a real text's Cyrillic
   words are lower-case, Capitalised or ALL CAPS, never "пРИВЕТ", and its sentences start
   with a capital, not with "‚ министр"), at Russian letter
   frequencies, at accented-Latin soup ("Ïðèâåò"), at control and private-use characters, and
   at how common the decoded Chinese characters are. The document's language is a tie-break
   hint, never a veto.

The result is NFC-normalised with `\\n` line endings and no BOM. Anything that cannot be
read honestly (empty, binary, undecodable, too large, missing) raises `InputError`.
"""

from __future__ import annotations

import codecs
import errno
import math
import os
import re
import stat
import unicodedata
from pathlib import Path

from qa.document import Text
from qa.errors import InputError

# The largest input file (and manifest line) qa checks. News articles are a few to 100 kB; the
# worst shape measured at 250 kB (83,000 short lines checked against themselves) took 48 s
# and 960 MB without the models; 20 MB took over 600 s and 5.6 GB (bench/RESULTS.md,
# "Hostile text").
DEFAULT_MAX_BYTES = 250_000

# Scoring looks at this many characters of each candidate decoding (the whole text is still
# decoded strictly, so an invalid byte anywhere rules a candidate out).
_SCORE_SAMPLE_CHARS = 50_000
# charset-normalizer sees this many bytes (it samples internally too).
_DETECTOR_SAMPLE_BYTES = 200_000
# A best decoding worse than this (average badness per non-space character) is not text.
_MAX_BADNESS = 0.5
# More control characters than this share of the text means a binary file.
_MAX_CONTROL_SHARE = 0.01

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Legacy encodings always tried, per language hint, in order of preference on a tie.
_BASE_CANDIDATES: dict[str, tuple[str, ...]] = {
    "ru": ("cp1251", "koi8-r", "mac-cyrillic", "gb18030", "cp1252", "latin-1"),
    "zh": ("gb18030", "cp1251", "koi8-r", "mac-cyrillic", "cp1252", "latin-1"),
    "": ("cp1252", "cp1251", "koi8-r", "gb18030", "mac-cyrillic", "latin-1"),
}
# Handicaps, in "bad characters" for the whole text: Mac Cyrillic differs from cp1251 only in
# upper-case letters and "я", so a short cp1251 text with one capital would otherwise be a
# coin toss, and Mac Cyrillic is rare today. Encodings proposed only by charset-normalizer win
# only when clearly better than every encoding we expect in news files.
_PRIORS = {"mac-cyrillic": 1.0}
_DETECTOR_ONLY_PRIOR = 2.0

# Russian letter frequencies (per cent, common corpus figures); the score rewards decodings
# whose Cyrillic letters follow them, which separates cp1251 from KOI8-R on all-caps text.
_RUSSIAN_FREQUENCIES = {
    "о": 10.97, "е": 8.45, "а": 8.01, "и": 7.35, "н": 6.70, "т": 6.26, "с": 5.47, "р": 4.73,
    "в": 4.54, "л": 4.40, "к": 3.49, "м": 3.21, "д": 2.98, "п": 2.81, "у": 2.62, "я": 2.01,
    "ы": 1.90, "ь": 1.74, "г": 1.70, "з": 1.65, "б": 1.59, "ч": 1.44, "й": 1.21, "х": 0.97,
    "ж": 0.94, "ш": 0.73, "ю": 0.64, "ц": 0.48, "щ": 0.36, "э": 0.32, "ф": 0.26, "ъ": 0.04,
    "ё": 0.04,
}  # fmt: skip
# Negative log-probability of a typical Russian letter; letters rarer than this cost a little.
_RUSSIAN_TYPICAL_COST = 3.2
_RUSSIAN_COST = {
    letter: -math.log(share / 100) - _RUSSIAN_TYPICAL_COST for letter, share in _RUSSIAN_FREQUENCIES.items()
}
_FREQUENCY_WEIGHT = 0.15
_LONGEST_PLAUSIBLE_WORD = 25

# Punctuation that real news text uses freely; a few symbols it uses now and then (they cost a
# little, so that "€ знаю" does not beat "я знаю"); other symbols and punctuation from the
# Latin-1 and box-drawing ranges are what a wrong single-byte decoding produces.
_COMMON_PUNCTUATION = frozenset("«»„“”‘’‚‹›–—…·№")
_OCCASIONAL_SYMBOLS = frozenset("•°§©®™€£$¥%‰±×÷")
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_LOWERCASE_SENTENCE_START = re.compile(r"(?:\A|[.!?]\s+|\n)[^\w]*[а-яё]")
_SYMBOL_GLUED_TO_WORD = re.compile(r"[^\x00-\x7f\w\s«„“‘][а-яё]")
_SPACED_HAN = re.compile(r"(?<=[\u3400-\u4dbf\u4e00-\u9fff]) (?=[\u3400-\u4dbf\u4e00-\u9fff])")
_AMOUNT = re.compile(r"(?<=\d)\s?[€£¥‰]|[€£¥]\s?(?=\d)")


def decode_bytes(data: bytes, path: str, lang: str | None = None) -> tuple[str, str]:
    """Decode a file's bytes; return (normalised text, canonical encoding name).

    `lang` ("en", "ru", "zh") breaks ties between equally plausible legacy encodings.
    """
    text, encoding, _ = decode_file(data, path, lang)
    return text, encoding


def decode_file(data: bytes, path: str, lang: str | None = None) -> tuple[str, str, str | None]:
    """`decode_bytes`, plus the text before NFC (line endings normalised, no BOM) when NFC
    changed it, else None: positions in reports must point into the file the user has."""
    if not data:
        raise InputError("empty file", path=path)
    text, encoding = _decode(data, path, lang or "")
    unicode_text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    normalised = _finish(text, path)
    return normalised, encoding, (unicode_text if unicode_text != normalised else None)


def normalise(text: str) -> str:
    """NFC, `\\n` line endings, no leading BOM: the form every stage's offsets refer to."""
    text = text.removeprefix("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def check_text(text: str, path: str) -> None:
    """Reject text that is blank or that carries binary control characters."""
    if not text.strip():
        raise InputError("empty file (only whitespace)" if text else "empty file", path=path)
    if "\x00" in text:
        raise InputError("binary file (contains NUL characters)", path=path)
    if _SURROGATE.search(text):  # only reachable through JSON escapes such as "\ud800"
        raise InputError("invalid text (contains an unpaired UTF-16 surrogate)", path=path)
    controls = len(_CONTROL.findall(text)) if _CONTROL.search(text) else 0
    if controls > _MAX_CONTROL_SHARE * len(text):
        raise InputError(f"binary file ({controls} control characters)", path=path)


def read_text(path: str | Path, lang: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Text:
    """Read and decode one text file into a `Text` (content normalised, encoding recorded)."""
    data = read_bytes(path, max_bytes)
    content, encoding, original = decode_file(data, str(path), lang)
    return Text(content=content, lang=lang, path=str(path), encoding=encoding, original=original)


def read_bytes(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES, beneath: Path | None = None) -> bytes:
    """The bytes of a regular file, with a one-line `InputError` for every way that fails.

    The checks are made on the opened file, not on the name, so nothing can be swapped in
    between. With `beneath` (a folder `path` was checked to lie in), the file is opened one
    folder at a time from there without following a symbolic link at any step, so a file or
    a folder on the way swapped for a link after the check is refused, not followed out."""
    shown = str(path)
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        descriptor = os.open(path, flags) if beneath is None else _open_beneath(beneath, Path(path), flags)
    except FileNotFoundError:
        raise InputError("no such file", path=shown) from None
    except NotADirectoryError:
        if beneath is not None:
            raise InputError(
                "a folder on its path became a symbolic link while being read; refused", path=shown
            ) from None
        raise InputError("no such file (a parent is not a directory)", path=shown) from None
    except PermissionError:
        raise InputError("permission denied", path=shown) from None
    except IsADirectoryError:
        raise InputError("is a directory, expected a file", path=shown) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP and beneath is not None:
            raise InputError("became a symbolic link while being read; refused", path=shown) from None
        raise InputError(f"cannot read file: {_reason(exc)}", path=shown) from None
    except ValueError as exc:
        raise InputError(f"cannot read file: {_reason(exc)}", path=shown) from None
    try:
        info = os.fstat(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise InputError("is a directory, expected a file", path=shown)
        if not stat.S_ISREG(info.st_mode):
            raise InputError("not a regular file", path=shown)
        if info.st_size > max_bytes:
            raise InputError(
                f"file too large ({info.st_size} bytes; qa checks files of up to {max_bytes})", path=shown
            )
        with open(descriptor, "rb", closefd=False) as handle:
            data = handle.read(max_bytes + 1)
    except PermissionError:
        raise InputError("permission denied", path=shown) from None
    except OSError as exc:
        raise InputError(f"cannot read file: {_reason(exc)}", path=shown) from None
    finally:
        os.close(descriptor)
    return within_limit(data, max_bytes, shown)


def _open_beneath(root: Path, path: Path, flags: int) -> int:
    """`path` opened from `root` one name at a time, none of them followed if it is a link
    (`O_NOFOLLOW` alone guards only the last name). Where the platform cannot open relative
    to a folder, the last name is still guarded."""
    nofollow = getattr(os, "O_NOFOLLOW", 0)
    if os.open not in os.supports_dir_fd or not hasattr(os, "O_DIRECTORY"):
        return os.open(path, flags | nofollow)
    *folders, name = path.relative_to(root).parts
    current = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for folder in folders:
            inner = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | nofollow, dir_fd=current)
            os.close(current)
            current = inner
        return os.open(name, flags | nofollow, dir_fd=current)
    finally:
        os.close(current)


def within_limit(data: bytes, max_bytes: int, shown: str) -> bytes:
    """`data`, read as `max_bytes + 1` at most, or `InputError` when that read hit the limit
    (a local file and a URL are held to the same size)."""
    if len(data) > max_bytes:
        raise InputError(
            f"file too large (more than {max_bytes} bytes; qa checks files of up to {max_bytes})", path=shown
        )
    return data


def _too_large(size: str, max_bytes: int) -> str:
    return f"file too large ({size}); qa checks files of up to {max_bytes} bytes"


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


def _decode(data: bytes, path: str, lang: str) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                raise InputError(
                    f"cannot decode: starts with a {encoding.upper()} byte-order mark but is not valid "
                    f"{encoding.upper()}",
                    path=path,
                ) from None
    if b"\x00" in data:
        utf16 = _bomless_utf16(data)
        if utf16 is None:
            raise InputError("binary file (contains NUL bytes)", path=path)
        return utf16
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    replaced, invalid, multibyte = _utf8_with_replacements(data)
    if multibyte >= invalid and invalid <= max(1, len(replaced) // UTF8_CHARS_PER_INVALID):
        return replaced, "utf-8"
    return _best_legacy_decoding(data, path, lang, replaced if multibyte >= invalid else None)


# A file is UTF-8 with a few damaged bytes, not another encoding, when it has at most one
# invalid sequence per this many characters (see the module docstring).
UTF8_CHARS_PER_INVALID = 100


def _utf8_with_replacements(data: bytes) -> tuple[str, int, int]:
    """(UTF-8 decoding with U+FFFD for each invalid sequence, invalid sequences, valid non-ASCII
    characters)."""
    text = data.decode("utf-8", errors="replace")
    invalid = text.count("\ufffd") - data.count("\ufffd".encode())
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))
    return text, invalid, non_ascii - invalid


def _bomless_utf16(data: bytes) -> tuple[str, str] | None:
    """UTF-16 without a BOM: the byte order whose strict decoding has no NUL and reads best.

    ASCII characters put NULs on the high byte's parity; a Chinese text may have only a few
    (a space, a digit) or some on the other parity (U+4E00 is 4E 00), so both orders are tried.
    """
    if len(data) % 2:
        return None
    nul_even = data[0::2].count(0)
    nul_odd = data[1::2].count(0)
    orders = ("utf-16-le", "utf-16-be") if nul_odd >= nul_even else ("utf-16-be", "utf-16-le")
    best: tuple[float, str, str] | None = None
    for encoding in orders:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            continue
        score = _badness(text[:_SCORE_SAMPLE_CHARS], "")
        if score <= _MAX_BADNESS and (best is None or score < best[0]):
            best = (score, text, encoding)
    return None if best is None else (best[1], best[2])


def _candidate_encodings(data: bytes, lang: str) -> list[tuple[str, float]]:
    """(codec name, prior badness) pairs: ours first, then charset-normalizer's proposals."""
    base = _BASE_CANDIDATES.get(lang, _BASE_CANDIDATES[""])
    candidates = [(_canonical(name), _PRIORS.get(name, 0.0)) for name in base]
    seen = {name for name, _ in candidates}
    for proposal in _detector_proposals(data):
        name = _canonical(proposal)
        if name not in seen and not name.startswith(("utf-8", "utf-32")):
            seen.add(name)
            candidates.append((name, _DETECTOR_ONLY_PRIOR))
    return candidates


def _detector_proposals(data: bytes) -> list[str]:
    try:
        from charset_normalizer import from_bytes

        return [match.encoding for match in from_bytes(data[:_DETECTOR_SAMPLE_BYTES])]
    except Exception:  # the detector is advisory: never let it turn bad bytes into a traceback
        return []


def _canonical(name: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return name


def _best_legacy_decoding(
    data: bytes, path: str, lang: str, utf8_replaced: str | None = None
) -> tuple[str, str]:
    """The most plausible strict legacy decoding (or `utf8_replaced`, UTF-8 with U+FFFD for its
    invalid sequences, when it reads better: each U+FFFD costs as much as a control character)."""
    best: tuple[float, int, str, str] | None = None
    candidates = _candidate_encodings(data, lang)
    if utf8_replaced is not None:
        candidates.append(("utf-8", 0.0))
    for order, (encoding, prior) in enumerate(candidates):
        try:
            text = (
                utf8_replaced if encoding == "utf-8" and utf8_replaced is not None else data.decode(encoding)
            )
        except (ValueError, LookupError):  # UnicodeDecodeError, or a codec that refuses the bytes
            continue
        score = _badness(text[:_SCORE_SAMPLE_CHARS], lang, prior)
        if best is None or (score, order) < best[:2]:
            best = (score, order, text, encoding)
    if best is None or best[0] > _MAX_BADNESS:
        raise InputError("cannot decode: not UTF-8, UTF-16 or a known legacy encoding", path=path)
    return best[2], best[3]


def _is_control(ch: str) -> bool:
    code = ord(ch)
    return (code < 0x20 and ch not in _ALLOWED_CONTROLS) or 0x7F <= code <= 0x9F


def _script(ch: str) -> str:
    """Coarse script of a letter: what the plausibility score needs to tell apart."""
    code = ord(ch)
    if code < 0x80:
        return "ascii"
    if 0x00C0 <= code <= 0x024F or 0x1E00 <= code <= 0x1EFF:
        return "latin"
    if 0x0410 <= code <= 0x044F or ch in "Ёё":
        return "russian"
    if 0x0400 <= code <= 0x052F:
        return "cyrillic"
    if 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0x20000 <= code <= 0x2FFFF:
        return "han"
    return "other"


def _is_han(ch: str) -> bool:
    return _script(ch) == "han"


def _han_cost(ch: str) -> float:
    """Common characters (GB2312 level 1) cost nothing; rare ones are what wrong decodings give."""
    try:
        lead = ch.encode("gb2312")[0]
    except UnicodeEncodeError:
        return 0.7
    return 0.0 if 0xB0 <= lead <= 0xD7 else 0.3


_SCRIPT_FAMILY = {"ascii": "latin", "latin": "latin", "russian": "cyr", "cyrillic": "cyr", "han": "han"}
# Letters outside the hinted language's usual scripts cost a little, to break near-ties.
_OFF_LANGUAGE_COST = {
    "ru": {"latin": 0.05, "han": 0.05},
    "zh": {"latin": 0.05, "russian": 0.05, "cyrillic": 0.05},
    "en": {"latin": 0.02, "han": 0.02},
}


def _word_badness(word: str, lang: str) -> float:
    scripts = [_script(ch) for ch in word]
    families = {_SCRIPT_FAMILY.get(s, "other") for s in scripts}
    cost = 0.0
    if len(families) > 1:
        cost += 1.0 * len(word)
    off_language = _OFF_LANGUAGE_COST.get(lang, {})
    cost += sum(off_language.get(s, 0.0) for s in scripts)
    accented = scripts.count("latin")
    # "Ïðèâåò" (cp1251 read as cp1252) is all accents; "résumé", "São", "für" are not.
    if (
        accented
        and (accented >= 3 or len(word) == 1 or (accented == 2 and len(word) >= 4))
        and (accented > 0.5 * len(word))
    ):
        cost += 1.0 * accented
    if "russian" in scripts or "cyrillic" in scripts:
        if not (word.islower() or word.isupper() or word.istitle()):
            cost += 0.5 * len(word)
        others = scripts.count("cyrillic")
        # Serbian/Ukrainian letters inside an otherwise Russian word: a wrong code page.
        cost += (2.0 if "russian" in scripts else 1.0) * others
        cost += _FREQUENCY_WEIGHT * sum(_RUSSIAN_COST.get(ch, 0.0) for ch in word.lower())
    elif accented and not (word.islower() or word.isupper() or word.istitle()):
        cost += 0.5 * len(word)
    cost += sum(_han_cost(ch) for ch, s in zip(word, scripts, strict=True) if s == "han")
    # Alphabetic words longer than this do not occur in news; letter soup from a wrong decoding does.
    alphabetic = len(word) - scripts.count("han")
    cost += 0.5 * max(0, alphabetic - _LONGEST_PLAUSIBLE_WORD)
    cost += 0.5 * scripts.count("other")
    return cost


def _badness(text: str, lang: str, prior: float = 0.0) -> float:
    """Average implausibility per non-space character of a candidate decoding (0 is clean)."""
    total = prior
    counted = 0
    word: list[str] = []
    for ch in text:
        if ch.isalpha():
            # Chinese has no spaces: "UCCA尤伦斯" is an acronym beside Chinese words, not one
            # mixed-script word, so a run of Han characters is a word of its own.
            if word and _is_han(ch) != _is_han(word[-1]):
                total += _word_badness("".join(word), lang)
                word = []
            word.append(ch)
            counted += 1
            continue
        if word:
            total += _word_badness("".join(word), lang)
            word = []
        if ch.isspace():
            continue
        counted += 1
        if _is_control(ch) or ch == "\ufffd":
            total += 5.0
            continue
        category = unicodedata.category(ch)
        if category in ("Co", "Cn", "Cs"):
            total += 3.0
        elif category.startswith("M") or category in ("No", "Cf"):
            # Stray combining marks, superscripts and fractions, soft hyphens: rare in news.
            total += 0.5
        elif ch in _OCCASIONAL_SYMBOLS:
            total += 0.3
        elif (
            ord(ch) >= 0x80
            and category[0] in "SP"
            and ch not in _COMMON_PUNCTUATION
            and not _is_cjk_punct(ch)
        ):
            total += 1.0
    if word:
        total += _word_badness("".join(word), lang)
    # Where single-byte code pages put capitals elsewhere (Mac Cyrillic vs cp1251), a wrong
    # decoding shows sentences starting in lower case and symbols glued to lower-case words.
    total += 1.5 * len(_LOWERCASE_SENTENCE_START.findall(text))
    # Chinese puts no space between its words: Han runs split by spaces are what a two-byte
    # decoding of spaced single-byte text gives (KOI8-R "Месяца месяца" read as GB18030)
    total += 0.3 * len(_SPACED_HAN.findall(text))
    total += 1.0 * len(_SYMBOL_GLUED_TO_WORD.findall(text))
    # A currency or per-cent sign next to a number is ordinary, not a symbol out of place.
    total -= 0.3 * len(_AMOUNT.findall(text))
    return total / counted if counted else 0.0


def _is_cjk_punct(ch: str) -> bool:
    code = ord(ch)
    return 0x3000 <= code <= 0x303F or 0xFF00 <= code <= 0xFFEF


def _finish(text: str, path: str) -> str:
    text = normalise(text)
    check_text(text, path)
    return text
