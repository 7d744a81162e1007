"""Person names in a Chinese text (a source or a pivot), with character offsets.

jieba's part-of-speech tags find names (`nrt` transliterated foreign names, `nr`/`nrfg` Chinese
names) but split transcriptions badly (罗 / 日科夫, 扎 / 哈罗 / 娃), so a name is grown from the
tagged tokens over neighbouring tokens made only of characters that transcriptions use (a table
learned with the back-transliteration model), across the interpuncts that join foreign names
(·, •, ・, ‧). A run is kept when it holds an interpunct or a name-tagged token.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

SEPARATORS = "·•・‧"
# jieba tags of words that never belong inside a name (particles, prepositions, pronouns...).
FUNCTION_FLAGS = frozenset(
    {"uj", "ul", "uz", "ug", "uv", "ud", "u", "p", "c", "r", "x", "eng", "w", "y", "e", "o", "d", "f", "q"}
)
# Single-character words that end a name rather than belong to it (尼基福罗夫也, 佩斯科夫说).
TRAILING_WORDS = set("也说称和与的在对将还都又是了等向被把让从曾则并即")
NAME_FLAGS = ("nr", "nrt", "nrfg")
# Characters that end Chinese transcriptions of foreign names far more often than Chinese names.
FOREIGN_ENDINGS = set("夫娃娜斯基科奇尔特克姆恩亚诺娅洛娃耶维拉卡林金列宁顿森逊曼伯德兹")
# Characters that end transcriptions of Russian women's names (-на, -ва, -я).
FEMININE_ENDINGS = frozenset("娜娃娅")
# Common Chinese surnames (one character), for telling 王毅 from 罗曼.
CHINESE_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武"
    "戴莫孔向汤习温易常乔赖文施洪牛庞樊殷葛颜倪欧翟"
)
# Two-character Chinese surnames.
COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True)
class ChineseName:
    """One person name in a Chinese text."""

    text: str  # as written, e.g. "尼古拉·尼基福罗夫"
    start: int  # code-point offsets into the text
    end: int
    parts: tuple[str, ...]  # simplified-character parts, e.g. ("尼古拉", "尼基福罗夫")
    kind: str  # "foreign" (a transcription) or "chinese" (a Chinese person's name)

    @property
    def surname(self) -> str:
        return self.parts[-1] if self.kind == "foreign" else self.parts[0]


@lru_cache(maxsize=1)
def _tokenizer():  # type: ignore[no-untyped-def]
    """jieba's POS tokenizer, initialised once and without its start-up chatter on stderr."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    logging.getLogger("jieba").setLevel(logging.WARNING)
    jieba.initialize()
    return jieba.posseg


@lru_cache(maxsize=1)
def _to_simplified():  # type: ignore[no-untyped-def]
    from opencc import OpenCC

    return OpenCC("t2s").convert


@lru_cache(maxsize=1)
def transcription_chars() -> frozenset[str]:
    """Characters seen at least twice in training transcriptions of foreign names."""
    from qa.zh.backtranslit import load_table

    return frozenset(load_table().get("char_counts", {}))


def simplified(text: str) -> str:
    """Simplified characters, same length as the input (falls back to the input if not)."""
    converted = _to_simplified()(text)
    return converted if len(converted) == len(text) else text


def words(text: str) -> list[str]:
    """jieba's words of a Chinese text, whose sentences have no spaces to count words by."""
    _tokenizer()  # jieba initialised once, quietly
    import jieba

    return jieba.lcut(text)


@lru_cache(maxsize=4)
def _tokens(text: str) -> tuple[tuple[str, str, int], ...]:
    """(word, flag, start) for every jieba token; offsets found by walking the text. Kept for
    the last few texts: the matcher reads one Chinese text's names, their longer readings and
    its Latin candidates one after another, and jieba's tagging is the costly part."""
    out = []
    cursor = 0
    for pair in _tokenizer().cut(text):
        word, flag = pair.word, pair.flag
        index = text.find(word, cursor)
        if index < 0:
            continue
        out.append((word, flag, index))
        cursor = index + len(word)
    return tuple(out)


def extract_names(text: str) -> list[ChineseName]:
    """Person names in a Chinese text, in order of appearance (each occurrence once)."""
    if not _HAN.search(text):
        return []
    analysed = simplified(text)
    chars = transcription_chars()
    names: list[ChineseName] = []
    run: list[tuple[str, str, int]] = []

    def name_like(word: str, flag: str) -> bool:
        if not _HAN.fullmatch(word[:1] or "x"):
            return False
        if flag.startswith("nr"):
            return True
        return flag not in FUNCTION_FLAGS and all(c in chars for c in word)

    def flush() -> None:
        while run and run[-1][0] in SEPARATORS:
            run.pop()
        while run and run[0][0] in SEPARATORS:
            run.pop(0)
        # trim single-character function-like words at the edges (的, 在, 和 ...)
        while (
            run
            and len(run[-1][0]) == 1
            and run[-1][0] not in FEMININE_ENDINGS
            and (run[-1][1] in FUNCTION_FLAGS or run[-1][0] in TRAILING_WORDS)
        ):
            run.pop()
        if run:
            name = _make_name(text, analysed, run)
            if name is not None:
                names.append(name)
        run.clear()

    tokens = _tokens(analysed)
    for index, (word, flag, start) in enumerate(tokens):
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if word in SEPARATORS:
            if run and run[-1][0] not in SEPARATORS:
                run.append((word, flag, start))
            else:
                flush()
        elif name_like(word, flag):
            run.append((word, flag, start))
        elif run and word in FEMININE_ENDINGS and run[-1][0] not in SEPARATORS:
            # jieba cuts a woman's transcribed name before its ending (索罗金 / 娜 for
            # 索罗金娜, Сорокина): without it the man's name is read, and "Sorokina" is a slip
            run.append((word, flag, start))
        elif (
            run
            and len(word) == 1
            and _HAN.fullmatch(word)
            and flag not in FUNCTION_FLAGS
            and following is not None
            and following[0] not in SEPARATORS
            and name_like(following[0], following[1])
        ):
            # a rare transcription character between two name pieces (切尔 / 年 / 科)
            run.append((word, flag, start))
        else:
            flush()
    flush()
    return names


def with_next_character(text: str, names: Sequence[ChineseName]) -> list[ChineseName]:
    """Two-character Chinese names, each also read with the one-character word after it.

    jieba often cuts a three-character name before its last character when that character is
    also a word of its own (董莉 / 娟 for 董莉娟); the longer reading lets "Dong Lijun" be seen
    as a slip of Lijuan. The caller judges both readings, so a name that is really two
    characters long loses nothing.
    """
    analysed = simplified(text)
    tokens = _tokens(analysed)
    starts = {start: (word, flag) for word, flag, start in tokens}
    longer = []
    for name in names:
        if name.kind != "chinese" or len(name.parts[0]) != 2 or name.parts[0].startswith(COMPOUND_SURNAMES):
            continue
        word, flag = starts.get(name.end, ("", ""))
        if (
            len(word) == 1
            and _HAN.fullmatch(word)
            and flag not in FUNCTION_FLAGS
            and word not in TRAILING_WORDS
        ):
            longer.append(
                replace(
                    name,
                    text=text[name.start : name.end + 1],
                    end=name.end + 1,
                    parts=(name.parts[0] + word,),
                )
            )
    return longer


def _make_name(text: str, analysed: str, run: list[tuple[str, str, int]]) -> ChineseName | None:
    start = run[0][2]
    end = run[-1][2] + len(run[-1][0])
    joined = analysed[start:end]
    has_separator = any(word in SEPARATORS for word, _, _ in run)
    flags = {flag for _, flag, _ in run}
    if not has_separator and not flags & set(NAME_FLAGS):
        return None
    parts = tuple(p for p in re.split(f"[{SEPARATORS}]", joined) if p)
    if not parts:
        return None
    kind = "foreign"
    if not has_separator and "nrt" not in flags and _looks_chinese(joined):
        kind = "chinese"
    if kind == "foreign" and not has_separator and len(joined) < 2:
        return None
    return ChineseName(text[start:end], start, end, parts, kind)


def _looks_chinese(name: str) -> bool:
    """A Chinese person's name: a common surname, 2-4 characters, not a transcription ending."""
    if name.startswith(COMPOUND_SURNAMES):
        return 3 <= len(name) <= 4
    return name[:1] in CHINESE_SURNAMES and 2 <= len(name) <= 3 and name[-1] not in FOREIGN_ENDINGS
