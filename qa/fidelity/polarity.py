"""A translated sentence that says the opposite of its source or reference sentence.

The fidelity models read "the regulator ruled out further increases" and "the regulator does
not rule out further increases" as near neighbours, so a reversed sentence keeps a high score
(bench/RESULTS.md, "Fidelity estimator"). A plain "one side negates, the other does not" test
fires on a few percent of faithful sentences, because translators move negation around freely
("не исключено" = "possibly", "unclear" for "неясно", 不断 = "constantly"). This module is built
for precision instead of recall:

- a side *negates* when it holds exactly one clear negation ("not", "never", не, 没有, ...)
  once fixed expressions that carry a negation word without negating are removed ("not only",
  не менее, 不仅, 无论, ...) and no other negative wording beside it (a double negation such
  as не мог не is not judged);
- the other side must hold no negative wording at all, in a deliberately wide sense
  (paraphrases such as "fail to", "refuse", "without", "unable", "no longer", un- words; any
  не-/ни-/без- word; any 不, 没, 未, 无, 非, 否 ... character), or the pair is not judged;
- a verb that negates by itself and is named on both sides ("ruled out" / не исключает) is
  the thing negated, not negative wording;
- a *direction* (rise/fall, approve/reject, win/lose) differs only when each side names exactly
  one direction word, of opposite classes, and neither side has any negative wording.

`reversal` answers for one sentence pair; the caller (`qa.fidelity.detected`) only asks about
sentences the aligner paired 1-1.
"""

from __future__ import annotations

import re

# --- English -----------------------------------------------------------------------------------

_EN_FIXED = re.compile(
    r"\bnot (?:only|just|merely|simply|least|to mention|until|a few|so much|necessarily|bad|unlike"
    r"|without|un(?!der)\w+)\b"
    r"|\bno (?:more|less|fewer|later|earlier|sooner|matter|doubt|wonder|longer|exception|stranger)\b"
    r"|\bnothing (?:but|less|short)\b|\bnone other\b|\bnone the\b|\bwhether or not\b|\bif not\b"
    r"|\bmore often than not\b|\bcan(?:not|'t) help\b|\bnever(?:theless| before| been more| ending)\b"
    r"|\bcan(?:not|'t) wait\b|\bnot long ago\b|\bnever\b.*\bbefore\b|\bneedless\b|\bnonetheless\b"
    r"|\bnotwithstanding\b|\bno-\w+|\bnot-\w+|\bno\. ?\d",
)
# a verb's negation: what a reversal inserts or drops ("no", "nothing" are left to the wide set:
# "no choice but", "nothing other than" paraphrase a positive source too often)
_EN_STRICT = re.compile(r"\b(?:not|never|cannot)\b|n't\b")
_EN_WIDE = re.compile(
    r"\b(?:not|never|no|nobody|nothing|none|neither|nor|cannot|nowhere|without|lack\w*|absen\w*"
    r"|fail\w*|refus\w*|den(?:y|ies|ied|ial)|unable|inability|avoid\w*|prevent\w*|stop\w*|halt\w*"
    r"|ceas\w*|ban|bans|bann\w*|prohibit\w*|forb\w*|reject\w*|declin\w*|veto\w*|hardly|barely"
    r"|scarcely|rarely|seldom|few|fewer|little|less|least|only|except\w*|instead|rather|unless|yet"
    r"|longer|free|miss\w*|ignor\w*|against|oppos\w*|dismiss\w*|rule[sd]? out|ruling out|neglect\w*"
    r"|impossib\w*|insufficien\w*|inadequa\w*|ineffect\w*|invalid\w*|illegal\w*|irregular\w*"
    r"|non\w*|dis\w+|un(?!der|it|ion|iv|iq|if|emplo)\w+|mis\w+|\w+less|\w+n't|anti\w*|zero|nil|exclud\w*|abandon\w*|cancel\w*"
    r"|withdr\w*|quit\w*|end|ended|ending|suspend\w*|block\w*|resist\w*|doubt\w*|hesita\w*|reluctan\w*"
    r"|lost|lose|loses|losing|loss\w*|beyond|too|hard|difficult\w*|neutral|otherwise|whether|if|gone"
    r"|in(?:significan|sufficien|adequa|appropria|complet|correct|accura|capab|consisten|effect|valid"
    r"|direct|expens|formal|stab|secur|visib|credib|evitab|conceivab|describ|activ|abilit)\w*"
    r"|\w+(?:able|ible) to|im(?:possib|prob|prop|matur|perfect|balanc|mobil|pati)\w*)\b"
    r"|n't\b|\bno-|\bnon-",
)

_EN_DIRECTION = {
    "up": re.compile(
        r"\b(?:rais(?:e|es)|increas\w*|ris(?:e|es|en|ing)|rose|grow\w*|grew|higher|climb\w*"
        r"|jump\w*|surg\w*|soar\w*|boost\w*|hik(?:e|es|ed|ing)|expand\w*|expansion|upward\w*"
        r"|accelerat\w*)\b"
    ),
    "down": re.compile(
        r"\b(?:cut|cuts|lower\w*|reduc\w*|fall|falls|falling|fallen|fell|declin\w*|decreas\w*"
        r"|drop\w*|shrink\w*|shrank|shrunk|slump\w*|plung\w*|tumbl\w*|downward\w*"
        r"|slow\w*|sank|sink\w*)\b"
    ),
    "approve": re.compile(r"\b(?:approv\w*|endors\w*)\b"),
    "reject": re.compile(r"\b(?:reject\w*|veto\w*|turn(?:ed|s)? down|vot(?:ed|es|e) down)\b"),
    "win": re.compile(r"\b(?:win|wins|winning|won|victor\w*|winner\w*|beat|beats|beating)\b"),
    "lose": re.compile(r"\b(?:lose|loses|losing|lost|loser\w*)\b"),
}
_OPPOSITE = {
    "up": "down",
    "down": "up",
    "approve": "reject",
    "reject": "approve",
    "win": "lose",
    "lose": "win",
}

# --- Russian -----------------------------------------------------------------------------------

_RU_FIXED = re.compile(
    r"\b(?:тем не менее|не менее|не более|не только|не раз|чуть ли не|едва ли не|чуть не|не позднее"
    r"|не позже|не ранее|не раньше|не так давно|не столько|не то чтобы|если не|не без|не в последнюю"
    r"|не секрет|не исключено|не считая|не говоря|не иначе|не прочь|не зря|не случайно|не что иное"
    r"|не кто иной|не просто|не хуже|не лучше|не меньше|не больше|не свыше|не выше|не ниже"
    r"|(?:кто|что|как|где|куда|когда|какой|какая|какое|какие|сколько|чем)\s+(?:бы|б)\s+(?:то\s+)?ни)\b"
)
_RU_STRICT = re.compile(r"\b(?:не|нет|ни|никогда|никто|ничего|ничто|нигде|никуда|нельзя|никак|ни разу)\b")
_RU_NOT_NEGATIVE = (
    "нефт", "недел", "немец", "немц", "немецк", "несколько", "нескольк", "некотор", "необходим",
    "недавн", "ниже", "низк", "никел", "нижн", "нидерланд", "нигер", "никит", "никола", "нью",
    "безопасн", "нева", "невск", "непал", "нерп", "нест", "нечто", "нем", "неё", "нее", "него",
    "нему", "ней", "ним", "них", "нимб",
)  # fmt: skip
_RU_WIDE_WORD = re.compile(
    r"^(?:не|ни|без|бес)\w*$|^(?:нет|лишь|только|мало|кроме|вместо|против|отказ\w*|отверг\w*|отклон\w*"
    r"|запрет\w*|запрещ\w*|избег\w*|избеж\w*|помеш\w*|меша\w*|предотвра\w*|прекрат\w*|прекращ\w*"
    r"|останов\w*|отсутств\w*|лиш\w*|отриц\w*|опроверг\w*|провал\w*|сорв\w*|срыв\w*|упуст\w*"
    r"|потер\w*|отмен\w*|приостанов\w*|выход\w*|вышл\w*|вышел|покин\w*|сомн\w*|трудн\w*|сложн\w*"
    r"|едва|вряд|почти|чуть|ли|или|иначе|прочь|вне|исключ\w*)$"
)
_RU_DIRECTION = {
    "up": re.compile(
        r"\b(?:повыс\w*|повыш\w*|увелич\w*|рост|роста|росту|ростом|росте|вырос\w*|вырас\w*|раст[её]т"
        r"|растут|рос|росла|росло|росли|подорож\w*|прибав\w*|подня\w*|подним\w*|возрос\w*|возраст\w*)\b"
    ),
    "down": re.compile(
        r"\b(?:сниз\w*|сниж\w*|сократ\w*|сокращ\w*|упа[лд]\w*|упаст\w*|пада\w*|паден\w*|уменьш\w*"
        r"|подешев\w*|спад\w*|опусти\w*|опуск\w*|обвал\w*|замедл\w*)\b"
    ),
    "approve": re.compile(r"\b(?:одобр\w*|утверд\w*|утвержд\w*|приня[лвт]\w*)\b"),
    "reject": re.compile(r"\b(?:отклон\w*|отверг\w*|наложил\w* вето|заблокир\w*)\b"),
    "win": re.compile(r"\b(?:выигр\w*|побед\w*|одержал\w*)\b"),
    "lose": re.compile(r"\b(?:проигр\w*|поражени\w*|уступил\w*)\b"),
}

# --- Chinese -----------------------------------------------------------------------------------

_ZH_FIXED = re.compile(
    r"(\w)不\1|有没有|"  # 能不能, 是不是: a question, not a negation
    "不仅|不只|不光|不但|不断|不少|不同|不过|不得不|不久|不管|不论|无论|不如|不然|不禁|不免|不妨|不料"
    "|不止|不时|不已|不由|不惜|不懈|不停|差不多|了不起|不可或缺|不容|未来|未必|并不|并非|并没有|没收|淹没|埋没"
    "|出没|要不|不一定|不得|要么|难道|何不|岂不|未婚|未成年|未嫁|未知|前所未有|从未有过"
)
# 不 negates a verb here only before one of the verbs and auxiliaries news negates most (不断,
# 不同, 不乏, 坚定不移, 离不开 ... are words of their own); 没(有) and 未 negate whatever follows
_ZH_STRICT = re.compile(
    "不(?:是|会|能|可能|可以|要|应|该|愿|想|敢|肯|得以|再|予|排除|允许|接受|同意|支持|存在|知道|认为|相信"
    "|属于|包括|承认|打算|计划|采取|参加|出席|影响|需要|符合|适用|提供|希望|考虑|降|升|上调|下调|加息|降息"
    "|增加|减少|提高|降低|赞成|反对|准备|进行|使用|追究|收取|涉及|构成|了解|清楚)|没有|没|未|勿"
)
_ZH_WIDE = re.compile(
    "[不没未无非否别勿莫免拒禁缺停止防避失难反抗阻拦撤消除仅只少弃退罢休绝毫减跌降缩亏输败驳谢辞]"
)
_ZH_DIRECTION = {
    "up": re.compile("上涨|增长|提高|上升|增加|增幅|涨|提升|扩大|攀升|走高|飙升|上调|加息|升高|回升|增"),
    "down": re.compile("下降|下跌|降低|减少|减|跌|下滑|走低|回落|下调|降息|萎缩|缩减|削减|缩小|降"),
    "approve": re.compile("批准|通过了|核准|同意"),
    "reject": re.compile("否决|驳回|拒绝"),
    "win": re.compile("赢|获胜|胜出|夺冠|取胜"),
    "lose": re.compile("输给|输掉|落败|失利|败给"),
}


_DIRECTIONS = {"en": _EN_DIRECTION, "ru": _RU_DIRECTION, "zh": _ZH_DIRECTION}
_ANY_DIRECTION = {
    lang: re.compile("|".join(f"(?:{pattern.pattern})" for pattern in table.values()))
    for lang, table in _DIRECTIONS.items()
}


def _english(text: str) -> str:
    return " " + text.lower().replace("’", "'").replace("‘", "'") + " "


def _russian(text: str) -> str:
    return " " + text.lower().replace("ё", "е") + " "


# Verbs that negate by themselves ("rule out", не исключает = "does not rule out"): when both
# sides name the same one, it is not negative wording but the thing negated or not, so the
# reversal "ruled out" for "не исключает" is judged as a negation dropped
_CONCEPTS: tuple[dict[str, re.Pattern[str]], ...] = (
    {
        "en": re.compile(r"\brul(?:e|es|ed|ing) out\b|\bexclud\w*"),
        "ru": re.compile(r"\bисключ\w*"),
        "zh": re.compile("排除"),
    },
    {
        "en": re.compile(r"\brefus\w*"),
        "ru": re.compile(r"\bотказ\w*"),
        "zh": re.compile("拒绝"),
    },
    {
        "en": re.compile(r"\bden(?:y|ies|ied)\b"),
        "ru": re.compile(r"\bотрица\w*|\bопроверг\w*"),
        "zh": re.compile("否认"),
    },
    {
        "en": re.compile(r"\bban(?:s|ned)?\b|\bprohibit\w*|\bforb[ai]d\w*"),
        "ru": re.compile(r"\bзапре[тщ]\w*"),
        "zh": re.compile("禁止"),
    },
)


def _lower(text: str, lang: str) -> str:
    return _english(text) if lang == "en" else _russian(text) if lang == "ru" else text


def negations(text: str, lang: str, shared: tuple[re.Pattern[str], ...] = ()) -> tuple[int, int]:
    """(clear negations outside fixed expressions, words or characters of negative wording);
    the `shared` verbs do not count as negative wording."""
    low = _lower(text, lang)
    rest = low
    for pattern in shared:
        rest = pattern.sub(" ", rest)
    if lang == "en":
        return len(_EN_STRICT.findall(_EN_FIXED.sub(" ", low))), len(_EN_WIDE.findall(rest))
    if lang == "ru":
        words = re.findall(r"\w+", rest)
        wide = sum(bool(_RU_WIDE_WORD.match(w)) and not w.startswith(_RU_NOT_NEGATIVE) for w in words)
        return len(_RU_STRICT.findall(_RU_FIXED.sub(" ", low))), wide
    if lang == "zh":
        return len(_ZH_STRICT.findall(_ZH_FIXED.sub("", low))), len(_ZH_WIDE.findall(rest))
    return 0, 1


def directions(text: str, lang: str) -> list[str]:
    """The direction words a sentence names (rise/fall, approve/reject, win/lose), one entry
    per occurrence."""
    table = _DIRECTIONS.get(lang)
    if table is None:
        return []
    low = _english(text) if lang == "en" else _russian(text) if lang == "ru" else text
    if not _ANY_DIRECTION[lang].search(low):
        return []  # most sentences: one search instead of one a direction
    return [name for name, pattern in table.items() for _ in pattern.finditer(low)]


def _wide_beside_directions(text: str, lang: str) -> bool:
    """Negative wording outside the direction words themselves ("lost", 下降 are directions)."""
    table = {"en": _EN_DIRECTION, "ru": _RU_DIRECTION, "zh": _ZH_DIRECTION}[lang]
    low = _english(text) if lang == "en" else _russian(text) if lang == "ru" else text
    for pattern in table.values():
        low = pattern.sub(" ", low)
    return negations(low, lang)[1] > 0


def _negates(strict: int, wide: int) -> bool:
    """One clear negation and no other negative wording (a double negation is not judged)."""
    return strict == 1 and wide <= 1


def _strict(text: str, lang: str) -> int:
    """The clear negations of a sentence (the first half of `negations`, which the words a
    negation may share with the other side do not change)."""
    low = _lower(text, lang)
    if lang == "en":
        return len(_EN_STRICT.findall(_EN_FIXED.sub(" ", low)))
    if lang == "ru":
        return len(_RU_STRICT.findall(_RU_FIXED.sub(" ", low)))
    return len(_ZH_STRICT.findall(_ZH_FIXED.sub("", low)))


def reversal(hyp: str, other: str, lang: str) -> str | None:
    """ "a negation" or "a direction" when the English `hyp` reverses `other` (a sentence in
    `lang`: en for a reference, ru or zh for a source), else None. Most pairs have neither a
    negation nor two direction words, and leave after the two cheap counts."""
    if lang not in ("en", "ru", "zh"):
        return None
    hyp_strict, other_strict = _strict(hyp, "en"), _strict(other, lang)
    if hyp_strict or other_strict:
        mine_low, theirs_low = _lower(hyp, "en"), _lower(other, lang)
        shared = [c for c in _CONCEPTS if c["en"].search(mine_low) and c[lang].search(theirs_low)]
        hyp_wide = negations(hyp, "en", tuple(c["en"] for c in shared))[1]
        other_wide = negations(other, lang, tuple(c[lang] for c in shared))[1]
        # on the negating side a direction word (没有降息: 降) is what is negated, not a second negation
        hyp_own = negations(hyp, "en", (*(c["en"] for c in shared), *_EN_DIRECTION.values()))[1]
        other_own = negations(other, lang, (*(c[lang] for c in shared), *_DIRECTIONS[lang].values()))[1]
        if _negates(hyp_strict, hyp_own) and not other_wide:
            return "a negation"
        if _negates(other_strict, other_own) and not hyp_wide:
            return "a negation"
        return None
    mine = directions(hyp, "en")
    if len(mine) != 1:
        return None
    theirs = directions(other, lang)
    if not (len(theirs) == 1 and _OPPOSITE[mine[0]] == theirs[0]):
        return None
    if _wide_beside_directions(hyp, "en") or _wide_beside_directions(other, lang):
        return None
    return "a direction"
