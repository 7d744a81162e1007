"""What a one-sentence document costs less now must still give the same answers."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from qa.io.inputs import script_lang

_LETTERS = st.sampled_from(["\u0400", "\u04ff", "\u03ff", "\u0500", "\u4e00", "\u9fff", "\u3400", "\u4dbf"])


@given(st.lists(st.one_of(_LETTERS, st.characters()), max_size=40).map("".join))
def test_script_lang_counts_letters_as_the_loop_over_characters_did(text: str) -> None:
    cyrillic = sum(1 for ch in text if "\u0400" <= ch <= "\u04ff")
    han = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf")
    expected = None if max(cyrillic, han) == 0 else ("ru" if cyrillic >= han else "zh")
    assert script_lang(text) == expected


def test_pinyin_guesses_remembered_across_documents_give_the_same_issues() -> None:
    from qa.zh.match import ChineseNameMatcher

    matcher = ChineseNameMatcher()
    texts = ["Minister Ximeng Xiaoyu met Nikolaiwei in Beijing.", "Nikolaiwei and Ximeng spoke."]
    fresh = [ChineseNameMatcher(matcher.bt).pinyin_without_pivot(text) for text in texts]
    assert [matcher.pinyin_without_pivot(text) for text in texts] == fresh
    assert [matcher.pinyin_without_pivot(text) for text in texts] == fresh  # from the memo
    assert matcher._guesses


def test_text_memo_keeps_texts_up_to_its_characters_least_recent_first_out() -> None:
    from qa.memo import text_memo

    calls: list[str] = []

    @text_memo(max_characters=10)
    def length(text: str) -> int:
        calls.append(text)
        return len(text)

    assert [length(t) for t in ("aaaa", "bbbb", "aaaa")] == [4, 4, 4]
    assert calls == ["aaaa", "bbbb"]  # the second "aaaa" came from the memo
    length("cccc")  # 15 characters with their separators: "bbbb", the least recent, goes
    length("aaaa")
    length("bbbb")
    assert calls == ["aaaa", "bbbb", "cccc", "bbbb"]
    length.cache_clear()  # type: ignore[attr-defined]
    length("aaaa")
    assert calls[-1] == "aaaa" and len(calls) == 5


_HIDDEN = ["\u200b", "\u202e", "\u202c", "\u2069", "\u00ad", "\ufeff", "\U0001f600", "\u2600", "\u2b50"]
_HIDDEN_OR_NOT = st.sampled_from([*_HIDDEN, "\U000e0041", "a", "N", " ", "-", "\n", "я", "Ж", "中", "é"])


@given(st.lists(st.one_of(_HIDDEN_OR_NOT, st.characters()), max_size=30).map("".join))
def test_reveal_takes_the_short_way_only_for_text_it_would_not_change(text: str) -> None:
    from qa.names import hidden

    revealed = hidden.reveal(text)
    if hidden._MAY_CHANGE.search(text) is None:
        assert (revealed.clean, revealed.positions) == (text, tuple(range(len(text))))
    # the long way, as before: every character looked at
    kept = [i for i in range(len(text)) if not hidden.is_hidden(text[i])]
    if "\u202e" not in text and not any(hidden._is_emoji(c) for c in text):
        assert revealed.positions == tuple(kept)
