"""Deterministic small-integer inputs and kernels that make every padding mistake visible.

The data depends only on the op and the shapes, never on the system, so one geometry gets the
same numbers in every system's vectors and their outputs can be compared directly.
"""
import functools
import hashlib
from math import gcd

import numpy as np


def _rng(*parts):
    digest = hashlib.sha256(repr(parts).encode()).digest()
    return np.random.default_rng(int.from_bytes(digest[:8], "little"))


def _lcm_upto(k):
    out = 1
    for i in range(2, k + 1):
        out = out * i // gcd(out, i)
    return out


def avg_scale(window):
    """Every avg-pool divisor is a product of per-axis counts <= k, so this makes sums divisible."""
    scale = 1
    for k in window:
        scale *= _lcm_upto(k)
    return scale


def named(kind, shape):
    """ones | ramp (1, 2, 3, ... row-major) | powers10 (1, 10, 100, ... along the last axis)."""
    size = int(np.prod(shape))
    if kind == "ones":
        return np.ones(shape, dtype=np.int64)
    if kind == "ramp":
        return np.arange(1, size + 1, dtype=np.int64).reshape(shape)
    if kind == "powers10":
        return (10 ** (np.arange(size, dtype=np.int64) % 8)).reshape(shape)
    raise ValueError("unknown data kind %r" % kind)


@functools.lru_cache(maxsize=None)
def _default_input(op, shape, window):
    arr = _make_input(op, shape, window)
    arr.setflags(write=False)   # shared between cases: nobody may modify it
    return arr


def default_input(op, shape, window=None):
    return _default_input(op, tuple(shape), tuple(window or ()))


def _make_input(op, shape, window):
    rng = _rng("input", op, tuple(shape), tuple(window or ()))
    if op == "max_pool":
        # Negative and distinct-ish, so a zero pad value or a shifted window shows.
        return -rng.integers(1, 100, size=shape, dtype=np.int64)
    if op == "avg_pool":
        return rng.integers(1, 10, size=shape, dtype=np.int64) * avg_scale(window)
    return rng.integers(1, 10, size=shape, dtype=np.int64)


@functools.lru_cache(maxsize=None)
def _default_kernel(op, shape):
    arr = _make_kernel(op, shape)
    arr.setflags(write=False)
    return arr


def default_kernel(op, shape):
    return _default_kernel(op, tuple(shape))


def _make_kernel(op, shape):
    rng = _rng("kernel", op, tuple(shape))
    # No zero taps: a zero tap would hide the padded cell it meets.
    return rng.integers(1, 10, size=shape, dtype=np.int64)
