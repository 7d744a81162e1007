"""Chunks of a batch and the bounded window of chunks in flight, shared by the local worker
pool (`qa.pipeline`) and the Dask scheduler (`qa.distributed`), so both cut a batch and keep
its order the same way."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from qa.io.inputs import BatchItem

Handle = TypeVar("Handle")


def chunks(
    items: Iterable[BatchItem], size: int, max_characters: int | None = None
) -> Iterator[list[BatchItem]]:
    """Chunks of at most `size` items and, given `max_characters`, of about that many
    characters of hypothesis (a chunk closes at the item that reaches it)."""
    chunk: list[BatchItem] = []
    characters = 0
    for item in items:
        chunk.append(item)
        if max_characters is not None and item.document is not None:
            characters += len(item.document.hyp.content)
        if len(chunk) >= size or (max_characters is not None and characters >= max_characters):
            yield chunk
            chunk = []
            characters = 0
    if chunk:
        yield chunk


def fill_window(
    pending: deque[tuple[Handle, list[BatchItem]]],
    source: Iterator[list[BatchItem]],
    limit: int,
    submit: Callable[[list[BatchItem]], Handle],
) -> None:
    """Submit chunks until `limit` are in flight or the input is used up; results are then
    taken from the left of `pending`, which keeps them in input order."""
    while len(pending) < limit and (chunk := next(source, None)) is not None:
        pending.append((submit(chunk), chunk))
