"""A memo of a function of one text, bounded by the characters of the texts it keeps.

The analyses of a reference or a source (its entities, its `Witness`, its expected persons)
are shared by every translation checked against it. A memo bounded by a number of texts is
either too small for a batch of one-sentence documents (an MT test set: the same references
come back once per system, a thousand documents apart) or too large for one of articles; a
bound in characters keeps about the same memory for both.
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

# About 6,000 one-sentence references, or 300 articles of 3,000 characters.
TEXT_MEMO_CHARACTERS = 1_000_000


def text_memo(
    max_characters: int = TEXT_MEMO_CHARACTERS,
) -> Callable[[Callable[[str], T]], Callable[[str], T]]:
    """Decorator: remember `function(text)`, least recently used texts forgotten first once the
    texts kept pass `max_characters`; `cache_clear()` as `functools.lru_cache` has."""

    def decorate(function: Callable[[str], T]) -> Callable[[str], T]:
        items: OrderedDict[str, Any] = OrderedDict()
        lock = threading.Lock()
        kept = [0]  # characters of the texts in `items`

        @functools.wraps(function)
        def memoised(text: str) -> T:
            with lock:
                if text in items:
                    items.move_to_end(text)
                    return items[text]  # type: ignore[no-any-return]
            value = function(text)
            with lock:
                if text not in items:
                    items[text] = value
                    kept[0] += len(text) + 1
                    while kept[0] > max_characters and len(items) > 1:
                        old, _ = items.popitem(last=False)
                        kept[0] -= len(old) + 1
            return value

        def cache_clear() -> None:
            with lock:
                items.clear()
                kept[0] = 0

        memoised.cache_clear = cache_clear  # type: ignore[attr-defined]
        return memoised

    return decorate
