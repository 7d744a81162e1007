# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""Clipped n-gram match counts of two sequences, compiled.

Why: chrF's character n-grams (orders 1-6) and BLEU's word n-grams are the largest part of a
`--no-model` check of a one-sentence document when they are built as Python dicts of strings.
This module computes the same numbers as `qa.metrics.sacre._matches` over those dicts: for
each order n, the sum over the distinct n-grams g of min(count in the hypothesis, count in the
reference).

How: both sequences are integer codes (characters as code points, words as ids given by the
caller). The n-grams of order n are numbered order by order: an n-gram is the pair (number of
its first n-1 items, its last item), one 64-bit key, and a hash table of those keys gives each
distinct n-gram its number while counting it on both sides. The keys themselves are compared,
so a hash collision costs a probe, never a count.
"""

from libc.stdint cimport int64_t, uint64_t
from libc.stdlib cimport free, malloc
from libc.string cimport memset

# Bumped whenever the algorithm or the interface changes; qa.metrics.sacre refuses a compiled
# module built from another version (a stale build in the source tree).
ALGORITHM_VERSION = 1

cdef extern from *:
    """
    #ifndef QA_NGRAMS_SOURCE_SHA256
    #define QA_NGRAMS_SOURCE_SHA256 ""
    #endif
    """
    const char* QA_NGRAMS_SOURCE_SHA256

# The SHA-256 of the _ngrams.pyx this module was built from, set by setup.py ("" if built otherwise).
SOURCE_SHA256 = QA_NGRAMS_SOURCE_SHA256.decode("ascii")


def match_counts(hyp, ref, int max_order):
    """[matches of order 1, ..., matches of order max_order] of two sequences of codes.

    `hyp` and `ref` are sequences of non-negative integers below 2**32 (word ids).
    """
    return _coded(hyp, ref, max_order, False)


def char_match_counts(str hyp, str ref, int max_order):
    """`match_counts` of the characters (code points) of two strings."""
    return _coded(hyp, ref, max_order, True)


cdef list _coded(hyp, ref, int max_order, bint characters):
    """Both sides as one C array of codes (hypothesis first), then `_counts`."""
    cdef Py_ssize_t n_hyp = len(hyp), n_ref = len(ref), i = 0
    cdef Py_UCS4 ch
    if max_order <= 0 or n_hyp == 0 or n_ref == 0:
        return [0] * max(max_order, 0)
    cdef uint64_t* codes = <uint64_t*>malloc((n_hyp + n_ref) * sizeof(uint64_t))
    if codes == NULL:
        raise MemoryError()
    try:
        if characters:
            for ch in <str>hyp:
                codes[i] = ch
                i += 1
            for ch in <str>ref:
                codes[i] = ch
                i += 1
        else:
            for item in hyp:
                codes[i] = <uint64_t>item
                i += 1
            for item in ref:
                codes[i] = <uint64_t>item
                i += 1
        return _counts(codes, n_hyp, n_ref, max_order)
    finally:
        free(codes)


cdef list _counts(uint64_t* codes, Py_ssize_t n_hyp, Py_ssize_t n_ref, int max_order):
    cdef Py_ssize_t total = n_hyp + n_ref
    cdef list result = [0] * max_order
    cdef Py_ssize_t capacity = 16
    cdef int bits = 4
    while capacity < 2 * total:
        capacity *= 2
        bits += 1
    cdef uint64_t mask = capacity - 1
    cdef int64_t* klass = <int64_t*>malloc(total * sizeof(int64_t))
    cdef int64_t* on_hyp = <int64_t*>malloc(total * sizeof(int64_t))
    cdef int64_t* on_ref = <int64_t*>malloc(total * sizeof(int64_t))
    cdef uint64_t* slot_key = <uint64_t*>malloc(capacity * sizeof(uint64_t))
    cdef int64_t* slot_group = <int64_t*>malloc(capacity * sizeof(int64_t))
    if klass == NULL or on_hyp == NULL or on_ref == NULL or slot_key == NULL or slot_group == NULL:
        free(klass)
        free(on_hyp)
        free(on_ref)
        free(slot_key)
        free(slot_group)
        raise MemoryError()
    cdef Py_ssize_t i, last
    cdef int order
    cdef int64_t groups, group, matched
    cdef uint64_t key, slot
    try:
        for i in range(total):
            klass[i] = 0  # the class of the empty prefix
        for order in range(1, max_order + 1):
            if n_hyp < order or n_ref < order:
                break  # no n-gram of this order on one side: nothing more matches
            memset(slot_group, -1, capacity * sizeof(int64_t))
            groups = 0
            for i in range(total - order + 1):
                if i < n_hyp and i + order > n_hyp:
                    continue  # would run from the hypothesis into the reference
                key = (<uint64_t>klass[i] << 32) | codes[i + order - 1]
                slot = ((key * <uint64_t>0x9E3779B97F4A7C15) >> (64 - bits)) & mask
                while slot_group[slot] != -1 and slot_key[slot] != key:
                    slot = (slot + 1) & mask
                if slot_group[slot] == -1:
                    slot_key[slot] = key
                    slot_group[slot] = groups
                    on_hyp[groups] = 0
                    on_ref[groups] = 0
                    groups += 1
                group = slot_group[slot]
                klass[i] = group  # this position's class for the next order
                if i < n_hyp:
                    on_hyp[group] += 1
                else:
                    on_ref[group] += 1
            matched = 0
            for group in range(groups):
                matched += on_hyp[group] if on_hyp[group] < on_ref[group] else on_ref[group]
            result[order - 1] = matched
    finally:
        free(klass)
        free(on_hyp)
        free(on_ref)
        free(slot_key)
        free(slot_group)
    return result
