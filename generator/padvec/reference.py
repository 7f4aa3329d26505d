"""Exact reference implementation (int64, N-D) driven only by pads/out from a convention.

Forward ops read input cell `i*s - before + j*d` for window i, tap j; transposed conv builds the
full output `full[i*s + t*d] += x[i]*w[t]` and returns `full[j + before]` for j < out.
No framework is ever called here.
"""
import itertools

import numpy as np

EMPTY_MAX = "-inf"     # a max window with no real cell
EMPTY_AVG = "nan"      # an exclude_pad average over no real cell
# A system may document (or a deviation record) another value for a window with no input
# cell: "lowest" is float32's most negative finite value (-FLT_MAX).
_EMPTY_TOKEN = {"-inf": "-inf", "nan": "nan", "zero": 0, "lowest": "lowest"}
_MIN = np.iinfo(np.int64).min


def _window_index(n, before, after, out, s, d, k):
    """Per-axis (out, k) input indices, clipped, and the mask of those inside the input."""
    idx = (np.arange(out, dtype=np.int64)[:, None] * s - before
           + np.arange(k, dtype=np.int64)[None, :] * d)
    # A negative pad crops the input: cropped cells are never read (like overhang).
    inside = (idx >= max(0, -before)) & (idx < min(n, n + after))
    return np.clip(idx, 0, max(n - 1, 0)), inside, idx


def _broadcast(arrays):
    """Place axis a's (out_a, k_a) array at dims (2a, 2a+1) of a 2*rank array."""
    rank = len(arrays)
    out = []
    for a, arr in enumerate(arrays):
        shape = [1] * (2 * rank)
        shape[2 * a], shape[2 * a + 1] = arr.shape
        out.append(arr.reshape(shape))
    return out


def _gather(x, pads, out, stride, dilation, kshape):
    rank = x.ndim
    per_axis = [_window_index(x.shape[a], pads[a][0], pads[a][1], out[a], stride[a], dilation[a],
                              kshape[a])
                for a in range(rank)]
    idx = _broadcast([p[0] for p in per_axis])
    masks = _broadcast([p[1] for p in per_axis])
    gathered = x[tuple(idx)]
    mask = masks[0]
    for m in masks[1:]:
        mask = mask & m
    return gathered, np.broadcast_to(mask, gathered.shape), per_axis


def _tap_axes(rank):
    return tuple(2 * a + 1 for a in range(rank))


def _kernel_view(w):
    shape = []
    for size in w.shape:
        shape += [1, size]
    return w.reshape(shape)


def conv(x, w, pads, out, stride, dilation, flip=False):
    """Cross-correlation (flip=False) or true convolution; returns (output, max |partial sum|)."""
    x = np.asarray(x, dtype=np.int64)
    w = np.asarray(w, dtype=np.int64)
    if flip:
        w = w[(slice(None, None, -1),) * w.ndim]
    if 0 in out:
        return np.zeros(out, dtype=np.int64), 0
    g, mask, _ = _gather(x, pads, out, stride, dilation, w.shape)
    terms = np.where(mask, g, 0) * _kernel_view(w)
    axes = _tap_axes(x.ndim)
    y = terms.sum(axis=axes)
    partial = int(np.abs(terms).sum(axis=axes).max()) if y.size else 0
    return y, partial


def max_pool(x, window, pads, out, stride, dilation, pad_value="ignored", empty=None):
    """Max over real cells (padding never wins); `pad_value: zero` lets zero padding compete."""
    x = np.asarray(x, dtype=np.int64)
    if 0 in out:
        return np.zeros(out, dtype=np.int64), 0
    g, mask, per_axis = _gather(x, pads, out, stride, dilation, window)
    if pad_value == "zero":
        # Zero padding only inside [-before, n+after); overhang stays ignored.
        padded = _broadcast([(idx >= -pads[a][0]) & (idx < x.shape[a] + pads[a][1])
                             for a, (_, _, idx) in enumerate(per_axis)])
        inpad = padded[0]
        for m in padded[1:]:
            inpad = inpad & m
        vals = np.where(mask, g, np.where(inpad, 0, _MIN))
    else:
        vals = np.where(mask, g, _MIN)
    y = vals.max(axis=_tap_axes(x.ndim))
    partial = int(np.abs(np.where(mask, g, 0)).max()) if y.size else 0
    return _with_specials(y, y == _MIN, _EMPTY_TOKEN.get(empty, EMPTY_MAX)), partial


def avg_pool(x, window, pads, out, stride, dilation, divisor, empty=None):
    """Window sum over real cells divided by the divisor rule; every average must be exact."""
    x = np.asarray(x, dtype=np.int64)
    if 0 in out:
        return np.zeros(out, dtype=np.int64), 0
    g, mask, per_axis = _gather(x, pads, out, stride, dilation, window)
    axes = _tap_axes(x.ndim)
    sums = np.where(mask, g, 0).sum(axis=axes)
    if divisor == "exclude_pad":
        count = mask.sum(axis=axes)
    elif divisor == "include_pad":
        counted = _broadcast([(idx >= -pads[a][0]) & (idx < x.shape[a] + pads[a][1])
                              for a, (_, _, idx) in enumerate(per_axis)])
        m = counted[0]
        for c in counted[1:]:
            m = m & c
        count = np.broadcast_to(m, g.shape).sum(axis=axes)
    elif divisor == "window":
        count = np.full(sums.shape, int(np.prod(window)), dtype=np.int64)
    else:
        raise ValueError("unknown divisor %r" % (divisor,))
    empty_cells = count == 0
    safe = np.where(empty_cells, 1, count)
    if np.any((sums % safe != 0) & ~empty_cells):
        raise ArithmeticError("inexact average: inputs must be multiples of every divisor")
    y = sums // safe
    partial = int(np.abs(sums).max()) if sums.size else 0
    return _with_specials(y, empty_cells, _EMPTY_TOKEN.get(empty, EMPTY_AVG)), partial


def conv_transpose(x, w, pads, out, stride, dilation, flip=False):
    """Transposed conv: full output of length (n-1)*s + keff, cropped by (before, after)."""
    x = np.asarray(x, dtype=np.int64)
    w = np.asarray(w, dtype=np.int64)
    if flip:
        w = w[(slice(None, None, -1),) * w.ndim]
    rank = x.ndim
    full_shape = [(x.shape[a] - 1) * stride[a] + (w.shape[a] - 1) * dilation[a] + 1
                  for a in range(rank)]
    full = np.zeros(full_shape, dtype=np.int64)
    mag = np.zeros(full_shape, dtype=np.int64)
    absx = np.abs(x)
    for taps in itertools.product(*[range(k) for k in w.shape]):
        sl = tuple(slice(t * dilation[a], t * dilation[a] + (x.shape[a] - 1) * stride[a] + 1,
                         stride[a]) for a, t in enumerate(taps))
        full[sl] += x * w[taps]
        mag[sl] += absx * abs(int(w[taps]))
    if 0 in out:
        return np.zeros(out, dtype=np.int64), 0
    idx = _broadcast_1d([np.arange(out[a]) + pads[a][0] for a in range(rank)])
    inside = None
    clipped = []
    for a, i in enumerate(idx):
        ok = (i >= 0) & (i < full_shape[a])
        inside = ok if inside is None else inside & ok
        clipped.append(np.clip(i, 0, full_shape[a] - 1))
    y = np.where(inside, full[tuple(clipped)], 0)
    partial = int(np.where(inside, mag[tuple(clipped)], 0).max())
    return y, partial


class _Plain:
    """An outcome with the padding already applied (for pad modes)."""

    def __init__(self, outcome):
        self.pads = [[0, 0] for _ in outcome.pads]
        self.out = outcome.out
        self.flip = outcome.flip
        self.divisor = outcome.divisor
        self.pad_value = "zero"
        self.empty_window = getattr(outcome, "empty_window", None)


def _broadcast_1d(arrays):
    rank = len(arrays)
    out = []
    for a, arr in enumerate(arrays):
        shape = [1] * rank
        shape[a] = arr.shape[0]
        out.append(arr.reshape(shape))
    return out


def _with_specials(y, where, token):
    """Integers as a nested list, with a string token where the value is undefined/infinite."""
    if not np.any(where):
        return y
    obj = y.astype(object)
    obj[where] = token
    return obj


MODES = ("reflect", "symmetric", "edge", "wrap")


def mode_index(pos, n, mode):
    """Input index that padded position `pos` reads under a canonical pad mode; pads longer
    than the input repeat periodically, as numpy.pad does."""
    pos = np.asarray(pos, dtype=np.int64)
    if mode == "edge" or n == 1:
        return np.clip(pos, 0, n - 1)
    if mode == "wrap":
        return np.mod(pos, n)
    if mode == "reflect":            # dcb|abcd|cba
        period = 2 * (n - 1)
        m = np.mod(pos, period)
        return np.where(m < n, m, period - m)
    if mode == "symmetric":          # cba|abcd|dcb
        m = np.mod(pos, 2 * n)
        return np.where(m < n, m, 2 * n - 1 - m)
    raise ValueError("unknown pad mode %r" % (mode,))


def pad(x, pads, mode="zero"):
    """The padded array: cells [-before, n+after) on every axis (negative pads crop)."""
    x = np.asarray(x, dtype=np.int64)
    idx, inside = [], []
    for a in range(x.ndim):
        n = x.shape[a]
        pos = np.arange(-pads[a][0], n + pads[a][1], dtype=np.int64)
        if mode in MODES:
            idx.append(mode_index(pos, n, mode))
            inside.append(np.ones(pos.shape, dtype=bool))
        else:
            idx.append(np.clip(pos, 0, n - 1))
            inside.append((pos >= 0) & (pos < n))
    ix = np.ix_(*idx)
    full = None
    for a, m in enumerate(inside):   # (np.ix_ would read booleans as masks, not values)
        shape = [1] * x.ndim
        shape[a] = m.shape[0]
        m = m.reshape(shape)
        full = m if full is None else full & m
    return np.where(full, x[ix], 0)


def compute(op, x, w_or_window, outcome, stride, dilation):
    """Dispatch on op with a convention Outcome; returns (output array, max |partial sum|)."""
    if op == "pad":
        y = pad(x, outcome.pads, outcome.pad_value or "zero")
        return y, int(np.abs(y).max()) if y.size else 0
    if outcome.pad_value in MODES:
        # Padded cells hold input values: materialise them, then run with no padding.
        xp = pad(x, outcome.pads, outcome.pad_value)
        inner = _Plain(outcome)
        return compute(op, xp, w_or_window, inner, stride, dilation)
    if op == "conv":
        return conv(x, w_or_window, outcome.pads, outcome.out, stride, dilation, outcome.flip)
    if op == "conv_transpose":
        return conv_transpose(x, w_or_window, outcome.pads, outcome.out, stride, dilation,
                              outcome.flip)
    if op == "max_pool":
        return max_pool(x, w_or_window, outcome.pads, outcome.out, stride, dilation,
                        outcome.pad_value or "ignored", getattr(outcome, "empty_window", None))
    if op == "avg_pool":
        return avg_pool(x, w_or_window, outcome.pads, outcome.out, stride, dilation,
                        outcome.divisor, getattr(outcome, "empty_window", None))
    raise ValueError("unknown op %r" % op)
