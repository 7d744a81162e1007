"""A Chinese source or pivot naming one person thousands of times: each distinct transcription
is read back (to Latin) once a matcher, not once a mention (7 ms a reading; 8,000 mentions of
one name took over a minute, with no time budget in `qa serve` or on a Dask cluster)."""

from __future__ import annotations

import pytest

from qa.zh.match import ChineseNameMatcher


def test_each_transcription_is_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    matcher = ChineseNameMatcher()
    read: list[str] = []
    candidates = matcher.bt.candidates

    def counting(zh: str, limit: int = 10, open_vocabulary: bool = True) -> list:
        read.append(zh)
        return candidates(zh, limit=limit, open_vocabulary=open_vocabulary)

    monkeypatch.setattr(matcher.bt, "candidates", counting)
    chinese = "安娜·索科洛娃说，" * 300 + "伊戈尔·别利亚耶夫表示同意。"
    hyp = "Anna Sokolova said so. Igor Belyaev agreed."
    first = matcher.latin_names(chinese, hyp)
    assert first, "the names are still read"
    assert len(read) == len(set(read))  # no transcription read twice
    again = matcher.latin_names(chinese, hyp)
    assert again == first and len(read) == len(set(read))
