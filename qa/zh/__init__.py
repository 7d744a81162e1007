"""Chinese: names in a Chinese source or pivot, back-transliteration, pinyin on the English side.

- `extract_names(text)` -> `ChineseName`s (foreign transcriptions and Chinese names, offsets);
- `default_backtransliterator().candidates("尼基福罗夫")` -> Latin `Candidate`s (nikiforov, ...);
- `ChineseNameMatcher` -> N101 / N106 issues of an English text against Chinese text, or
  without it (pinyin-rendered names, split Chinese given names).

Nothing heavy is imported here: jieba, the tables and the Russian lexicon load on first use.
"""

from __future__ import annotations

from qa.zh.backtranslit import BackTransliterator, Candidate, default_backtransliterator
from qa.zh.extract import ChineseName, extract_names
from qa.zh.match import ChineseNameMatcher, ZhIssue

__all__ = [
    "BackTransliterator",
    "Candidate",
    "ChineseName",
    "ChineseNameMatcher",
    "ZhIssue",
    "default_backtransliterator",
    "extract_names",
]
