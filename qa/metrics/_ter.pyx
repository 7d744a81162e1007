# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""The number of TER edits of one hypothesis against one reference, compiled.

Why: sacrebleu's TER is pure Python and dominates a `--no-model` batch. This module computes
the same statistic as `sacrebleu.metrics.lib_ter.translation_edit_rate` (sacrebleu 2.6.0),
written from the description of its algorithm (tercom's greedy shift search):

* The edit distance is a Levenshtein distance (all costs 1) between the hypothesis (rows) and
  the reference (columns), restricted to a band ("beam") around the pseudo-diagonal
  `floor(row * len(ref) / len(hyp))`: half-width 25 words, widened to
  `ceil(ratio / 2 + 25)` when the length ratio is over 50; the last row is always complete.
  Cells outside the band count as unreachable. A cell takes the first strictly better of:
  diagonal (match or substitution), from the row above (hypothesis word dropped), from the
  left (reference word added); column 0 always comes from above.
* The trace of the best path, read with those roles, gives for every reference position the
  hypothesis position it is aligned with and which words on each side are errors.
* A shift moves a block of 1-10 hypothesis words that equals a block of the reference (start
  positions at most 50 apart) to just after the hypothesis word aligned with one of the
  reference positions from the one before the block to the block's last (or to the front).
  Blocks with no hypothesis error, no reference error, or already aligned inside themselves
  are not tried; a target equal to the previous one tried for the same block is skipped.
* Of the candidates, the one with the largest gain, then the longest block, the earliest
  hypothesis start, the earliest target wins; it is applied while the gain is positive.
  After 1000 candidate evaluations (counted over the whole segment) the search stops and the
  search in progress is discarded.
* Edits = shifts applied + edit distance of the shifted hypothesis; an empty reference costs
  one edit per hypothesis word.

Words are coded as integers (reference words by identity, hypothesis words missing from the
reference all as -1: they differ from every reference word alike). The rows of the last
computed matrix are reused for the common prefix of the next hypothesis, which changes only
the speed: a row depends only on the words before it.
"""

from libc.math cimport ceil, floor
from libc.stdlib cimport free, malloc

# Bumped whenever the algorithm or the interface changes; qa.metrics.sacre refuses a compiled
# module built from another version (a stale build in the source tree).
ALGORITHM_VERSION = 1

cdef extern from *:
    """
    #ifndef QA_TER_SOURCE_SHA256
    #define QA_TER_SOURCE_SHA256 ""
    #endif
    """
    const char* QA_TER_SOURCE_SHA256

# The SHA-256 of the _ter.pyx this module was built from, set by setup.py ("" if built otherwise):
# qa.metrics.sacre compares it with the _ter.pyx beside the module, so an edit of the source
# without a rebuild is noticed even when the version was not bumped.
SOURCE_SHA256 = QA_TER_SOURCE_SHA256.decode("ascii")

cdef enum:
    MAX_SHIFT_SIZE = 10
    MAX_SHIFT_DIST = 50
    BEAM_WIDTH = 25
    MAX_SHIFT_CANDIDATES = 1000
    UNREACHABLE = 1000000000
    OUT_OF_VOCABULARY = -1

cdef enum:
    OP_UNSET = 0
    OP_MATCH = 1
    OP_SUBSTITUTE = 2
    OP_ADD_REF_WORD = 3  # move left: a reference word with no hypothesis word
    OP_DROP_HYP_WORD = 4  # move up: a hypothesis word with no reference word


cdef struct Matrix:
    int n_hyp
    int n_ref
    int width
    double ratio
    int beam
    const int* ref
    int* words  # the hypothesis the valid rows were computed for
    int valid_rows  # rows 1..valid_rows hold that hypothesis' values
    int* cost
    char* op
    int* low  # per row: the first column computed
    int* high  # per row: one past the last column computed


cdef inline int cell_cost(Matrix* m, int row, int column) noexcept nogil:
    if column < m.low[row] or column >= m.high[row]:
        return UNREACHABLE
    return m.cost[row * m.width + column]


cdef void compute_row(Matrix* m, int row, int word) noexcept nogil:
    cdef int pseudo_diagonal = <int>floor(row * m.ratio)
    cdef int low = pseudo_diagonal - m.beam
    cdef int high = pseudo_diagonal + m.beam
    cdef int column, best, candidate, base = row * m.width
    cdef char best_op
    if low < 0:
        low = 0
    if high > m.width or row == m.n_hyp:
        high = m.width
    m.low[row] = low
    m.high[row] = high
    for column in range(low, high):
        if column == 0:
            m.cost[base] = cell_cost(m, row - 1, 0) + 1
            m.op[base] = OP_DROP_HYP_WORD
            continue
        best = UNREACHABLE
        best_op = OP_UNSET
        if word == m.ref[column - 1]:
            candidate = cell_cost(m, row - 1, column - 1)
            if best > candidate:
                best = candidate
                best_op = OP_MATCH
        else:
            candidate = cell_cost(m, row - 1, column - 1) + 1
            if best > candidate:
                best = candidate
                best_op = OP_SUBSTITUTE
        candidate = cell_cost(m, row - 1, column) + 1
        if best > candidate:
            best = candidate
            best_op = OP_DROP_HYP_WORD
        if column > low:
            candidate = m.cost[base + column - 1] + 1
            if best > candidate:
                best = candidate
                best_op = OP_ADD_REF_WORD
        m.cost[base + column] = best
        m.op[base + column] = best_op


cdef int edit_distance(Matrix* m, const int* hyp) noexcept nogil:
    """The banded edit distance of `hyp`, reusing the rows of its common prefix with the last."""
    cdef int shared = 0, row
    while shared < m.valid_rows and hyp[shared] == m.words[shared]:
        shared += 1
    for row in range(shared, m.n_hyp):
        m.words[row] = hyp[row]
    for row in range(shared + 1, m.n_hyp + 1):
        compute_row(m, row, hyp[row - 1])
    m.valid_rows = m.n_hyp
    return m.cost[m.n_hyp * m.width + m.n_ref]


cdef bint alignment(Matrix* m, char* trace, int* aligned, int* hyp_errors, int* ref_errors) noexcept nogil:
    """From the last computed matrix: for each reference position the hypothesis position it is
    aligned with, and prefix sums of the error flags on both sides. False on a broken path."""
    cdef int row = m.n_hyp, column = m.n_ref, length = 0, hyp_pos = -1, ref_pos = -1
    cdef char op
    while row > 0 or column > 0:
        if column < m.low[row] or column >= m.high[row]:
            return False
        op = m.op[row * m.width + column]
        trace[length] = op
        length += 1
        if op == OP_MATCH or op == OP_SUBSTITUTE:
            row -= 1
            column -= 1
        elif op == OP_ADD_REF_WORD:
            column -= 1
        elif op == OP_DROP_HYP_WORD:
            row -= 1
        else:
            return False
    hyp_errors[0] = 0
    ref_errors[0] = 0
    while length > 0:
        length -= 1
        op = trace[length]
        if op == OP_MATCH or op == OP_SUBSTITUTE:
            hyp_pos += 1
            ref_pos += 1
            aligned[ref_pos] = hyp_pos
            hyp_errors[hyp_pos + 1] = hyp_errors[hyp_pos] + (op == OP_SUBSTITUTE)
            ref_errors[ref_pos + 1] = ref_errors[ref_pos] + (op == OP_SUBSTITUTE)
        elif op == OP_DROP_HYP_WORD:
            hyp_pos += 1
            hyp_errors[hyp_pos + 1] = hyp_errors[hyp_pos] + 1
        else:
            ref_pos += 1
            aligned[ref_pos] = hyp_pos
            ref_errors[ref_pos + 1] = ref_errors[ref_pos] + 1
    return True


cdef inline int copy_range(const int* source, int start, int stop, int* target, int at) noexcept nogil:
    cdef int k
    for k in range(start, stop):
        target[at] = source[k]
        at += 1
    return at


cdef void shifted(const int* words, int n, int start, int length, int target, int* out) noexcept nogil:
    """`words` with the block [start, start + length) moved to stand before position `target`."""
    cdef int at = 0, middle
    if target < start:
        at = copy_range(words, 0, target, out, at)
        at = copy_range(words, start, start + length, out, at)
        at = copy_range(words, target, start, out, at)
        copy_range(words, start + length, n, out, at)
    elif target > start + length:
        at = copy_range(words, 0, start, out, at)
        at = copy_range(words, start + length, target, out, at)
        at = copy_range(words, start, start + length, out, at)
        copy_range(words, target, n, out, at)
    else:  # a target inside the block: the block moves right by target - start
        middle = length + target
        if middle > n:
            middle = n
        at = copy_range(words, 0, start, out, at)
        at = copy_range(words, start + length, middle, out, at)
        at = copy_range(words, start, start + length, out, at)
        copy_range(words, middle, n, out, at)


cdef int search(Matrix* m, int* hyp, int* candidate, int* aligned, int* hyp_errors, int* ref_errors,
                char* trace) noexcept nogil:
    """Shifts plus edit distance of `hyp` (changed in place); -1 on a path sacrebleu rejects."""
    cdef int n_hyp = m.n_hyp, n_ref = m.n_ref
    cdef const int* ref = m.ref
    cdef int shifts = 0, checked = 0, score, gain, column
    cdef int hyp_start, ref_start, length, offset, target, previous_target
    cdef int best_gain, best_length, best_start, best_target
    cdef bint found, limit_reached
    m.ratio = <double>n_ref / <double>n_hyp
    m.beam = BEAM_WIDTH
    if BEAM_WIDTH < m.ratio / 2:
        m.beam = <int>ceil(m.ratio / 2 + BEAM_WIDTH)
    m.valid_rows = 0
    m.low[0] = 0
    m.high[0] = m.width
    for column in range(m.width):
        m.cost[column] = column
        m.op[column] = OP_ADD_REF_WORD
    score = edit_distance(m, hyp)
    while True:
        if not alignment(m, trace, aligned, hyp_errors, ref_errors):
            return -1
        found = False
        limit_reached = False
        best_gain = best_length = best_start = best_target = 0
        for hyp_start in range(n_hyp):
            for ref_start in range(n_ref):
                if ref_start - hyp_start > MAX_SHIFT_DIST or hyp_start - ref_start > MAX_SHIFT_DIST:
                    continue
                length = 0
                while length < MAX_SHIFT_SIZE and hyp[hyp_start + length] == ref[ref_start + length]:
                    length += 1
                    if (
                        hyp_errors[hyp_start + length] != hyp_errors[hyp_start]
                        and ref_errors[ref_start + length] != ref_errors[ref_start]
                        and not (hyp_start <= aligned[ref_start] < hyp_start + length)
                    ):
                        previous_target = -1
                        for offset in range(-1, length):
                            if ref_start + offset == -1:
                                target = 0
                            else:
                                target = aligned[ref_start + offset] + 1
                            if target == previous_target:
                                continue
                            previous_target = target
                            shifted(hyp, n_hyp, hyp_start, length, target, candidate)
                            gain = score - edit_distance(m, candidate)
                            checked += 1
                            if (
                                not found
                                or gain > best_gain
                                or (gain == best_gain and length > best_length)
                                or (gain == best_gain and length == best_length and hyp_start < best_start)
                                or (
                                    gain == best_gain and length == best_length
                                    and hyp_start == best_start and target < best_target
                                )
                            ):
                                found = True
                                best_gain = gain
                                best_length = length
                                best_start = hyp_start
                                best_target = target
                        if checked >= MAX_SHIFT_CANDIDATES:
                            limit_reached = True  # the search in progress is discarded
                            break
                    if hyp_start + length == n_hyp or ref_start + length == n_ref:
                        break
                if limit_reached:
                    break
            if limit_reached:
                break
        if limit_reached or not found or best_gain <= 0:
            return shifts + score
        shifted(hyp, n_hyp, best_start, best_length, best_target, candidate)
        for column in range(n_hyp):
            hyp[column] = candidate[column]
        shifts += 1
        score = edit_distance(m, hyp)


cdef int count_edits(int* hyp, int n_hyp, const int* ref, int n_ref) noexcept nogil:
    """Shifts plus edit distance (`hyp` is changed); -1 when out of memory or on a broken path."""
    cdef Matrix m
    cdef size_t cells = <size_t>(n_hyp + 1) * <size_t>(n_ref + 1)
    cdef int* candidate = <int*>malloc(n_hyp * sizeof(int))
    cdef int* aligned = <int*>malloc((n_ref + 1) * sizeof(int))
    cdef int* hyp_errors = <int*>malloc((n_hyp + 1) * sizeof(int))
    cdef int* ref_errors = <int*>malloc((n_ref + 1) * sizeof(int))
    cdef char* trace = <char*>malloc(n_hyp + n_ref + 1)
    cdef int result = -1
    m.n_hyp = n_hyp
    m.n_ref = n_ref
    m.width = n_ref + 1
    m.ref = ref
    m.words = <int*>malloc(n_hyp * sizeof(int))
    m.cost = <int*>malloc(cells * sizeof(int))
    m.op = <char*>malloc(cells)
    m.low = <int*>malloc((n_hyp + 1) * sizeof(int))
    m.high = <int*>malloc((n_hyp + 1) * sizeof(int))
    if not (
        candidate == NULL or aligned == NULL or hyp_errors == NULL or ref_errors == NULL
        or trace == NULL or m.words == NULL or m.cost == NULL or m.op == NULL
        or m.low == NULL or m.high == NULL
    ):
        result = search(&m, hyp, candidate, aligned, hyp_errors, ref_errors, trace)
    free(candidate)
    free(aligned)
    free(hyp_errors)
    free(ref_errors)
    free(trace)
    free(m.words)
    free(m.cost)
    free(m.op)
    free(m.low)
    free(m.high)
    return result


def translation_edits(list hyp_words, list ref_words):
    """(edits, reference length) as sacrebleu's `translation_edit_rate`, or None when the
    compiled search could not finish (out of memory, or a path sacrebleu itself rejects)."""
    cdef Py_ssize_t n_hyp = len(hyp_words), n_ref = len(ref_words), k
    cdef dict codes
    cdef int* hyp
    cdef int* ref
    cdef int edits
    if n_ref == 0:
        return n_hyp, 0
    if n_hyp == 0:
        return n_ref, n_ref
    codes = {}
    for word in ref_words:
        if word not in codes:
            codes[word] = len(codes)
    hyp = <int*>malloc(n_hyp * sizeof(int))
    ref = <int*>malloc(n_ref * sizeof(int))
    if hyp == NULL or ref == NULL:
        free(hyp)
        free(ref)
        return None
    for k in range(n_ref):
        ref[k] = codes[ref_words[k]]
    for k in range(n_hyp):
        hyp[k] = codes.get(hyp_words[k], OUT_OF_VOCABULARY)
    with nogil:
        edits = count_edits(hyp, <int>n_hyp, ref, <int>n_ref)
    free(hyp)
    free(ref)
    if edits < 0:
        return None
    return edits, n_ref
