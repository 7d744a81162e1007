"""The standard Russian -> Chinese transcription table, as a prior for the learned models.

Chinese writes a Russian name one syllable per character from a fixed table (the Xinhua News
Agency's Russian-Chinese transcription table, 新华社译名室《俄语姓名译名手册》, also the basis of
GB/T 17693.4 for place names): Ни-ки-фо-ро-в is 尼基福罗夫. The table is a public convention;
the cells below are encoded by hand from it (one character per cell; cells that need two
characters, like бю 比尤, are left out). Training (`bench/train_backtranslit.py`) adds them as
pseudo-counts to the alignment counts learned from name pairs, so a syllable that the ~2,000
training pairs rarely show (вы -> 维, дон -> 东) still has its standard character.
"""

from __future__ import annotations

from functools import lru_cache

# Columns of the consonant rows: the vowel that follows the consonant ("" = the consonant alone).
VOWELS = ("а", "е", "и", "о", "у", "ы", "э", "ю", "я", "")

# Consonant -> the character for each column of VOWELS ("-" where the table needs two characters
# or has no cell).
SYLLABLES: dict[str, str] = {
    "б": "巴别比博布贝贝--布",
    "п": "帕佩皮波普佩佩--普",
    "в": "瓦韦维沃武维韦--夫",
    "ф": "法费菲福富菲费--夫",
    "г": "加盖吉戈古格盖--格",
    "к": "卡克基科库克凯--克",
    "х": "哈赫希霍胡赫赫--赫",
    "д": "达杰季多杜德代久佳德",
    "т": "塔捷季托图特泰秋佳特",
    "ж": "扎热日若茹日热--日",
    "з": "扎泽济佐祖济泽--兹",
    "л": "拉列利洛卢雷莱柳-尔",
    "р": "拉列里罗鲁雷雷留-尔",
    "м": "马梅米莫穆梅梅缪-姆",
    "н": "纳涅尼诺努内内纽-恩",
    "с": "萨谢西索苏瑟塞休夏斯",
    "ц": "察采齐措楚齐采--茨",
    "ч": "恰切奇乔丘奇切--奇",
    "ш": "沙舍希绍舒希舍--什",
    "щ": "夏谢希晓休希谢--希",
}

# A vowel on its own (at the start of a word or after another vowel).
LONE_VOWELS: dict[str, str] = {
    "а": "阿",
    "е": "耶",
    "и": "伊",
    "о": "奥",
    "у": "乌",
    "ы": "厄",
    "э": "埃",
    "ю": "尤",
    "я": "亚",
    "й": "伊",
}

# Syllables closed by н, which the table writes with one character (Антон 安东, Семин 谢明).
NASAL_SYLLABLES: dict[str, str] = {
    "ан": "安",
    "ен": "延",
    "ин": "因",
    "он": "翁",
    "ун": "温",
    "бан": "班",
    "бин": "宾",
    "бон": "邦",
    "пан": "潘",
    "пин": "平",
    "ван": "万",
    "фан": "凡",
    "фон": "丰",
    "ган": "甘",
    "ген": "根",
    "гин": "金",
    "гон": "贡",
    "кан": "坎",
    "кен": "肯",
    "кин": "金",
    "кон": "孔",
    "кун": "昆",
    "хан": "汉",
    "хон": "洪",
    "дан": "丹",
    "дин": "金",
    "дон": "东",
    "дун": "敦",
    "тан": "坦",
    "тин": "京",
    "тон": "通",
    "зан": "赞",
    "зин": "津",
    "зон": "宗",
    "лан": "兰",
    "лен": "连",
    "лин": "林",
    "лон": "隆",
    "лун": "伦",
    "ран": "兰",
    "рен": "连",
    "рин": "林",
    "рон": "龙",
    "рун": "伦",
    "ман": "曼",
    "мен": "缅",
    "мин": "明",
    "мон": "蒙",
    "нан": "南",
    "нин": "宁",
    "нон": "农",
    "сан": "桑",
    "сен": "先",
    "син": "辛",
    "сон": "松",
    "сун": "孙",
    "чин": "钦",
    "шан": "尚",
    "шин": "申",
}

# Endings with their own characters: the feminine ва/на/ия (娃, 娜, 娅), -кий 基, -ой 伊 ...
ENDINGS: dict[str, str] = {
    "ва": "娃",
    "на": "娜",
    "ия": "娅",
    "ая": "娅",
    "ли": "莉",
    "кий": "基",
    "гий": "吉",
    "дий": "季",
    "тий": "季",
    "ний": "尼",
    "рий": "里",
    "лий": "利",
    "вий": "维",
    "сий": "西",
    "ей": "耶",
    "ой": "伊",
    "ай": "艾",
}


@lru_cache(maxsize=1)
def xinhua_links() -> tuple[tuple[str, str], ...]:
    """(Chinese character, Cyrillic chunk) cells of the table, sorted."""
    links: set[tuple[str, str]] = set()
    for consonant, row in SYLLABLES.items():
        for vowel, char in zip(VOWELS, row, strict=True):
            if char != "-":
                links.add((char, consonant + vowel))
    for table in (LONE_VOWELS, NASAL_SYLLABLES, ENDINGS):
        links.update((char, chunk) for chunk, char in table.items())
    return tuple(sorted(links, key=lambda link: (link[1], link[0])))
