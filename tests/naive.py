"""Deliberately naive reference: Python loops over every output cell and tap, straight from the
definitions in docs/design.md; shares no code with padvec.reference."""
import itertools

import numpy as np


def forward(op, x, w, window, pads, out, stride, dilation, flip=False, divisor=None,
            pad_value="ignored"):
    x = np.asarray(x)
    rank = x.ndim
    k = list(window) if w is None else list(np.asarray(w).shape)
    if w is not None and flip:
        w = np.asarray(w)[(slice(None, None, -1),) * rank]
    y = np.zeros(out, dtype=object)
    for o in itertools.product(*[range(v) for v in out]):
        acc, best, count_in, count_pad = 0, None, 0, 0
        for t in itertools.product(*[range(v) for v in k]):
            pos = [o[a] * stride[a] - pads[a][0] + t[a] * dilation[a] for a in range(rank)]
            padded = all(-pads[a][0] <= pos[a] < x.shape[a] + pads[a][1] for a in range(rank))
            inside = padded and all(0 <= pos[a] < x.shape[a] for a in range(rank))
            if not inside:
                if padded:
                    count_pad += 1
                    if op == "max_pool" and pad_value == "zero":
                        best = 0 if best is None else max(best, 0)
                continue
            cell = int(x[tuple(pos)])
            count_in += 1
            if op == "conv":
                acc += cell * int(w[t])
            elif op == "max_pool":
                best = cell if best is None else max(best, cell)
            else:
                acc += cell
        if op == "conv":
            y[o] = acc
        elif op == "max_pool":
            y[o] = "-inf" if best is None else best
        else:
            d = {"exclude_pad": count_in, "include_pad": count_in + count_pad,
                 "window": int(np.prod(k))}[divisor]
            assert d == 0 or acc % d == 0, "inexact average"
            y[o] = "nan" if d == 0 else acc // d
    return y.tolist()


def transpose(x, w, pads, out, stride, dilation, flip=False):
    """y[j] = sum of x[i]*w[t] over every (i, t) with i*s + t*d == j + crop_before."""
    x, w = np.asarray(x), np.asarray(w)
    if flip:
        w = w[(slice(None, None, -1),) * x.ndim]
    rank = x.ndim
    y = np.zeros(out, dtype=object)
    for j in itertools.product(*[range(v) for v in out]):
        total = 0
        for i in itertools.product(*[range(v) for v in x.shape]):
            for t in itertools.product(*[range(v) for v in w.shape]):
                if all(i[a] * stride[a] + t[a] * dilation[a] == j[a] + pads[a][0]
                       for a in range(rank)):
                    total += int(x[i]) * int(w[t])
        y[j] = total
    return y.tolist()
