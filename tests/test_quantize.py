"""Row-wise int8 linear layers: close to the float layer, and a row never depends on its batch."""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from qa.fidelity.encode.quantize import RowwiseInt8Linear, int8_matmul_works, quantize_rowwise  # noqa: E402


def _layer(seed: int, inputs: int = 48, outputs: int = 24) -> torch.nn.Linear:
    torch.manual_seed(seed)
    return torch.nn.Linear(inputs, outputs)


def test_this_torch_multiplies_int8_exactly() -> None:
    assert int8_matmul_works()


def test_close_to_the_float_layer() -> None:
    layer = _layer(0)
    torch.manual_seed(1)
    inputs = torch.randn(6, 48)
    expected = layer(inputs)
    got = RowwiseInt8Linear(layer)(inputs)
    assert got.shape == expected.shape
    relative = (got - expected).norm() / expected.norm()
    assert relative < 0.02


def test_keeps_leading_dimensions_and_handles_a_zero_row() -> None:
    layer = _layer(2)
    inputs = torch.zeros(2, 3, 48)
    out = RowwiseInt8Linear(layer)(inputs)
    assert out.shape == (2, 3, 24)
    assert torch.allclose(out, layer.bias.expand(2, 3, 24))


@settings(max_examples=25, deadline=None)
@given(rows=st.integers(1, 9), pick=st.integers(0, 8), seed=st.integers(0, 10_000))
def test_a_row_gives_the_same_bits_alone_and_in_any_batch(rows: int, pick: int, seed: int) -> None:
    layer = RowwiseInt8Linear(_layer(3))
    generator = torch.Generator().manual_seed(seed)
    batch = torch.randn(rows, 48, generator=generator) * torch.rand(rows, 1, generator=generator) * 10
    row = batch[pick % rows : pick % rows + 1]
    assert torch.equal(layer(batch)[pick % rows], layer(row)[0])


def test_quantize_rowwise_replaces_nested_linears() -> None:
    inner = torch.nn.Sequential(torch.nn.ReLU(), torch.nn.Linear(8, 4))
    model = torch.nn.Sequential(torch.nn.Linear(8, 8), inner)
    assert quantize_rowwise(model) == 2
    assert isinstance(model[0], RowwiseInt8Linear) and isinstance(model[1][1], RowwiseInt8Linear)
    assert model(torch.ones(1, 8)).shape == (1, 4)
