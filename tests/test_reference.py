"""The reference agrees with the naive loops on thousands of random configurations, and with
numpy/scipy where they apply."""
import numpy as np
import pytest
import scipy.signal

from padvec import reference
from padvec.convention import Outcome

import naive

RNG = np.random.default_rng(20261124)


def _random_forward(op, rank):
    n = RNG.integers(1, 7, rank).tolist()
    k = RNG.integers(1, 4, rank).tolist()
    s = RNG.integers(1, 4, rank).tolist()
    d = RNG.integers(1, 3, rank).tolist()
    pads = [[int(v) for v in RNG.integers(-2, 4, 2)] for _ in range(rank)]
    out = [max((n[a] + pads[a][0] + pads[a][1] - ((k[a] - 1) * d[a] + 1)) // s[a] + 1
               + int(RNG.integers(0, 2)), 0) for a in range(rank)]
    return n, k, s, d, pads, out


@pytest.mark.parametrize("op", ["conv", "max_pool", "avg_pool"])
@pytest.mark.parametrize("rank", [1, 2, 3])
def test_forward_matches_naive(op, rank):
    trials = {1: 700, 2: 300, 3: 80}[rank]
    for _ in range(trials):
        n, k, s, d, pads, out = _random_forward(op, rank)
        if op == "avg_pool":
            x = RNG.integers(1, 10, n) * 216   # multiple of every count <= 3 per axis, up to 3-D
        else:
            x = RNG.integers(-9, 10, n)
        w = RNG.integers(1, 10, k) if op == "conv" else None
        flip = bool(RNG.integers(0, 2))
        divisor = ["exclude_pad", "include_pad", "window"][int(RNG.integers(0, 3))]
        pad_value = ["ignored", "zero"][int(RNG.integers(0, 2))]
        o = Outcome("valid", pads, out, flip=flip, divisor=divisor, pad_value=pad_value)
        got, _ = reference.compute(op, x, w if w is not None else tuple(k), o, s, d)
        want = naive.forward(op, x, w, k, pads, out, s, d, flip, divisor, pad_value)
        got = got.tolist()
        assert got == want, (op, n, k, s, d, pads, out, flip, divisor)


@pytest.mark.parametrize("rank", [1, 2, 3])
def test_transpose_matches_naive(rank):
    for _ in range({1: 600, 2: 200, 3: 40}[rank]):
        n = RNG.integers(1, 5, rank).tolist()
        k = RNG.integers(1, 4, rank).tolist()
        s = RNG.integers(1, 4, rank).tolist()
        d = RNG.integers(1, 3, rank).tolist()
        x, w = RNG.integers(-5, 6, n), RNG.integers(1, 6, k)
        pads, out = [], []
        for a in range(rank):
            full = (n[a] - 1) * s[a] + (k[a] - 1) * d[a] + 1
            b, e = (int(v) for v in RNG.integers(-2, 3, 2))
            if full - b - e < 1:
                b, e = 0, 0
            pads.append([b, e])
            out.append(full - b - e)
        flip = bool(RNG.integers(0, 2))
        got, _ = reference.conv_transpose(x, w, pads, out, s, d, flip)
        assert got.tolist() == naive.transpose(x, w, pads, out, s, d, flip)


def test_conv_matches_scipy_correlate_valid_and_full():
    for _ in range(200):
        n, k = int(RNG.integers(1, 12)), int(RNG.integers(1, 6))
        x, w = RNG.integers(-9, 10, n), RNG.integers(1, 10, k)
        full = reference.conv(x, w, [[k - 1, k - 1]], [n + k - 1], [1], [1])[0]
        assert full.tolist() == scipy.signal.correlate(x, w, mode="full").tolist()
        if n >= k:
            valid = reference.conv(x, w, [[0, 0]], [n - k + 1], [1], [1])[0]
            assert valid.tolist() == np.correlate(x, w, mode="valid").tolist()
        flipped = reference.conv(x, w, [[k - 1, k - 1]], [n + k - 1], [1], [1], flip=True)[0]
        assert flipped.tolist() == np.convolve(x, w, mode="full").tolist()


def test_conv2d_matches_scipy_correlate2d():
    for _ in range(50):
        n = RNG.integers(2, 8, 2).tolist()
        k = RNG.integers(1, 4, 2).tolist()
        x, w = RNG.integers(-9, 10, n), RNG.integers(1, 10, k)
        got = reference.conv(x, w, [[k[0] - 1] * 2, [k[1] - 1] * 2],
                             [n[0] + k[0] - 1, n[1] + k[1] - 1], [1, 1], [1, 1])[0]
        assert got.tolist() == scipy.signal.correlate2d(x, w, mode="full").tolist()


def test_transpose_is_full_convolution_when_uncropped():
    # With stride 1 and no crop, a transposed conv is np.convolve's full output (kernel as stored
    # meets the input in gradient-of-correlation orientation).
    for _ in range(100):
        n, k = int(RNG.integers(1, 8)), int(RNG.integers(1, 5))
        x, w = RNG.integers(-9, 10, n), RNG.integers(1, 10, k)
        got = reference.conv_transpose(x, w, [[0, 0]], [n + k - 1], [1], [1])[0]
        assert got.tolist() == np.convolve(x, w, mode="full").tolist()


def test_seed_fingerprint():
    y, _ = reference.conv(np.ones(8, int), np.ones(4, int), [[2, 1]], [8], [1], [1])
    assert y.tolist() == [2, 3, 4, 4, 4, 4, 4, 3]
    y, _ = reference.conv(np.ones(8, int), np.ones(4, int), [[1, 2]], [8], [1], [1])
    assert y.tolist() == [3, 4, 4, 4, 4, 4, 3, 2]


def test_max_pool_padding_never_wins():
    y, _ = reference.max_pool(np.array([-5, -3, -7]), (3,), [[1, 1]], [3], [1], [1])
    assert y.tolist() == [-3, -3, -3]


def test_avg_pool_divisors():
    x = np.array([6, 12, 18, 24, 30])
    # n=5, k=2, s=2, p=1, ceil: PyTorch gives 3 windows starting at -1, 1, 3.
    for divisor, want in [("exclude_pad", [6, 15, 27]), ("include_pad", [3, 15, 27]),
                          ("window", [3, 15, 27])]:
        y, _ = reference.avg_pool(x, (2,), [[1, 1]], [3], [2], [1], divisor)
        assert y.tolist() == want, divisor
    # Overhang (window past n + after) is not counted even with include_pad.
    y, _ = reference.avg_pool(x, (2,), [[0, 0]], [3], [2], [1], "include_pad")
    assert y.tolist() == [9, 21, 30]


def test_empty_windows_are_marked():
    y, _ = reference.max_pool(np.array([-1, -2]), (1,), [[2, 0]], [2], [1], [1])
    assert y.tolist() == ["-inf", "-inf"]
    y, _ = reference.avg_pool(np.array([2, 4]), (1,), [[1, 0]], [2], [1], [1], "exclude_pad")
    assert y.tolist() == ["nan", 2]


@pytest.mark.parametrize("mode", ["reflect", "symmetric", "edge", "wrap", "zero"])
def test_pad_modes_match_numpy_pad_including_pads_longer_than_the_input(mode):
    np_mode = "constant" if mode == "zero" else mode
    for _ in range(200):
        rank = int(RNG.integers(1, 4))
        shape = RNG.integers(1, 5, rank).tolist()
        x = RNG.integers(-9, 10, shape)
        pads = [[int(v) for v in RNG.integers(0, 9, 2)] for _ in range(rank)]
        got = reference.pad(x, pads, mode)
        assert got.tolist() == np.pad(x, pads, mode=np_mode).tolist(), (mode, shape, pads)


def test_conv_with_a_pad_mode_reads_padded_values():
    x = np.array([1, 2, 3, 4])
    o = Outcome("valid", [[2, 1]], [4], pad_value="reflect")
    y, _ = reference.compute("conv", x, np.array([1, 10, 100, 1000]), o, [1], [1])
    # reflect: 3,2 | 1,2,3,4 | 3
    assert y.tolist() == [3 + 20 + 100 + 2000, 2 + 10 + 200 + 3000, 1 + 20 + 300 + 4000,
                          2 + 30 + 400 + 3000]
