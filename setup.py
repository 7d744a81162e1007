"""Build hook for the optional compiled helpers of qa.metrics.sacre (TER edits, n-gram matches);
everything else is in pyproject.toml.

The extensions are optional: without Cython or a C compiler the install still succeeds and
`qa.metrics.sacre` falls back to pure Python (same results, slower).
"""

import hashlib
from pathlib import Path

from setuptools import Extension, setup

# Each compiled module carries the SHA-256 of the .pyx it was built from, so that qa.metrics.sacre
# can tell a stale build of an older source.
SOURCES = {
    "qa.metrics._ter": ("qa/metrics/_ter.pyx", "QA_TER_SOURCE_SHA256"),
    "qa.metrics._ngrams": ("qa/metrics/_ngrams.pyx", "QA_NGRAMS_SOURCE_SHA256"),
}


def _extension(name: str, source: str, macro: str) -> Extension:
    digest = hashlib.sha256((Path(__file__).parent / source).read_bytes()).hexdigest()
    return Extension(name, [source], define_macros=[(macro, f'"{digest}"')], optional=True)


try:
    from Cython.Build import cythonize
except ImportError:  # no Cython at build time: install without the compiled modules
    ext_modules = []
else:
    ext_modules = cythonize(
        [_extension(name, source, macro) for name, (source, macro) in SOURCES.items()],
        compiler_directives={"language_level": "3"},
        quiet=True,
    )
    for extension in ext_modules:  # keep a failed compilation a warning, not an install error
        extension.optional = True

setup(ext_modules=ext_modules)
