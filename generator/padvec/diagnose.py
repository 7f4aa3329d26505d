"""Which pad split did an implementation actually apply?  Search splits whose reference output
equals the actual output (also with the kernel flipped and other average divisors)."""
import itertools

import numpy as np

from . import reference
from .compare import equal_exact, to_float_array
from .convention import Outcome

_DIVISORS = ("exclude_pad", "include_pad", "window")


def _candidates_before(op, n, k, s, d, out):
    keff = (k - 1) * d + 1
    if op == "conv_transpose":
        return range(-keff - s, keff + s + 1)
    return range(-keff, keff + s + 1)


def find_splits(op, case, actual, limit=8):
    """Pad splits (per axis [before, after]) reproducing `actual`, as dicts; [] when none."""
    y = to_float_array(actual)
    rank = len(case["input_shape"])
    if y.ndim != rank:
        return []
    out = list(y.shape)
    x = np.asarray(case["input"], dtype=np.int64)
    w = np.asarray(case["kernel"], dtype=np.int64) if case.get("kernel") is not None else None
    n, k, s, d = case["input_shape"], case["kernel_shape"], case["stride"], case["dilation"]
    keff = [(k[a] - 1) * d[a] + 1 for a in range(rank)]
    per_axis = [list(_candidates_before(op, n[a], k[a], s[a], d[a], out[a])) for a in range(rank)]
    if int(np.prod([len(c) for c in per_axis])) > 20000:
        return []
    flips = (False, True) if w is not None else (False,)
    divisors = _DIVISORS if op == "avg_pool" else (None,)
    found = []
    for befores in itertools.product(*per_axis):
        pads = []
        for a, b in enumerate(befores):
            if op == "conv_transpose":
                full = (n[a] - 1) * s[a] + keff[a]
                pads.append([b, full - b - out[a]])
            else:
                pads.append([b, (out[a] - 1) * s[a] + keff[a] - n[a] - b])
        for flip in flips:
            for divisor in divisors:
                outcome = Outcome("valid", pads, out, flip=flip, divisor=divisor,
                                  pad_value="ignored")
                try:
                    ref, _ = reference.compute(op, x, w if w is not None else tuple(k), outcome,
                                               s, d)
                except ArithmeticError:
                    continue  # this divisor does not divide: cannot be what produced integers
                if equal_exact(y, _as_float(ref)):
                    entry = {"pads": pads, "flip_kernel": flip}
                    if divisor:
                        entry["divisor"] = divisor
                    found.append(entry)
                    if len(found) >= limit:
                        return found
    return found


def _as_float(ref):
    return to_float_array(ref.tolist() if hasattr(ref, "tolist") else ref)
