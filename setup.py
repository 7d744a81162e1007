"""Build hook for the optional compiled TER (qa/metrics/_ter.pyx); everything else is in pyproject.toml.

The extension is optional: without Cython or a C compiler the install still succeeds and
`qa.metrics.sacre` falls back to sacrebleu's pure-Python TER (same results, slower).
"""

import hashlib
from pathlib import Path

from setuptools import Extension, setup

TER_SOURCE = "qa/metrics/_ter.pyx"
# Compiled into the module so that qa.metrics.sacre can tell a build of an older _ter.pyx.
TER_SOURCE_SHA256 = hashlib.sha256((Path(__file__).parent / TER_SOURCE).read_bytes()).hexdigest()

try:
    from Cython.Build import cythonize
except ImportError:  # no Cython at build time: install without the compiled TER
    ext_modules = []
else:
    ext_modules = cythonize(
        [
            Extension(
                "qa.metrics._ter",
                [TER_SOURCE],
                define_macros=[("QA_TER_SOURCE_SHA256", f'"{TER_SOURCE_SHA256}"')],
                optional=True,
            )
        ],
        compiler_directives={"language_level": "3"},
        quiet=True,
    )
    for extension in ext_modules:  # keep a failed compilation a warning, not an install error
        extension.optional = True

setup(ext_modules=ext_modules)
