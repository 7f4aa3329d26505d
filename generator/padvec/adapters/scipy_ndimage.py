"""padvec adapter: scipy.ndimage filters, float32.

The padding name of a case is the ndimage `mode` string, passed as is (mode='reflect',
'mirror', 'nearest', 'wrap', 'constant', 'grid-mirror', 'grid-constant', 'grid-wrap';
cval stays at its default 0.0). Every filter returns the input's shape (stride 1).

Which functions are called depends on the runtime (environment PADVEC_NDIMAGE_API):

  * nd (default): op conv -> correlate(x, w, mode, origin) or, with option convolve,
    convolve(x, w, mode, origin); op max_pool -> maximum_filter(x, size=k, mode, origin) or,
    with option minimum, -minimum_filter(-x, size=k, mode, origin); op avg_pool ->
    uniform_filter(x, size=k, mode, origin).
  * 1d: the 1-D functions correlate1d / convolve1d / maximum_filter1d / minimum_filter1d /
    uniform_filter1d. For rank 1 that is one call. For rank > 1 the separable filters
    (max/min/uniform) are applied axis by axis, which is how ndimage documents the N-D ones
    ("implemented as a sequence of 1-D ... filters"); a rank > 1 conv kernel is not
    separable, so correlate/convolve are called.

origin: an int (or a one-entry list) for 1-D, a per-axis list for N-D (each 1-D call gets its
axis's origin). ndimage has no stride or dilation: when some s != 1 (d != 1) the adapter
passes stride= (dilation=) anyway so that the public API gives its own answer (TypeError
"... got an unexpected keyword argument 'stride'").
minimum_filter is checked through max(x) = -min(-x) (exact in float, also for the constant
0.0 cells); the result is returned + 0.0 so that no -0.0 leaks out.
Exceptions propagate unchanged. The output is returned as float64 with the input's shape.
"""
import os

import numpy as np
import scipy
import scipy.ndimage as ndi
from _options import flag as _flag, per_axis as _per_axis  # noqa: E402  (sibling module)

API = os.environ.get("PADVEC_NDIMAGE_API", "nd")


def VERSIONS():
    return {"scipy": scipy.__version__, "numpy": np.__version__, "api": API}


def _extra(s, d):
    """Arguments ndimage does not have, passed only when the case asks for them."""
    kw = {}
    if any(v != 1 for v in s):
        kw["stride"] = tuple(s)
    if any(v != 1 for v in d):
        kw["dilation"] = tuple(d)
    return kw


def _sep(fn1d, x, size, mode, origin, kw):
    """Apply a 1-D filter along every axis in turn (rank 1: a single call)."""
    y = x
    for axis in range(x.ndim):
        o = origin[axis]
        y = fn1d(y, size[axis], axis=axis, mode=mode, origin=o, **kw)
    return y


def run(op, case):
    n = [int(v) for v in case["input_shape"]]
    rank = len(n)
    k = [int(v) for v in case["kernel_shape"]]
    s = [int(v) for v in (case.get("stride") or [1] * rank)]
    d = [int(v) for v in (case.get("dilation") or [1] * rank)]
    mode = case["padding"]
    options = dict(case.get("options") or {})
    origin = _per_axis(options.pop("origin", 0), rank, "origin")
    x = np.asarray(case["input"], dtype=np.float32).reshape(n)
    kw = _extra(s, d)
    one_d = API == "1d"
    nd_origin = origin[0] if rank == 1 else origin

    if op == "conv":
        conv = _flag(options.pop("convolve", False), "convolve")
        w = np.asarray(case["kernel"], dtype=np.float32).reshape(k)
        if one_d and rank == 1:
            fn = ndi.convolve1d if conv else ndi.correlate1d
            y = fn(x, w, axis=-1, mode=mode, origin=origin[0], **kw)
        else:
            fn = ndi.convolve if conv else ndi.correlate
            y = fn(x, w, mode=mode, origin=nd_origin, **kw)
    elif op == "max_pool":
        minimum = _flag(options.pop("minimum", False), "minimum")
        if one_d:
            fn1d = ndi.minimum_filter1d if minimum else ndi.maximum_filter1d
            src = -x if minimum else x
            y = _sep(fn1d, src, k, mode, origin, kw)
        else:
            fn = ndi.minimum_filter if minimum else ndi.maximum_filter
            src = -x if minimum else x
            y = fn(src, size=tuple(k), mode=mode, origin=nd_origin, **kw)
        if minimum:
            y = -y
    elif op == "avg_pool":
        if one_d:
            y = _sep(ndi.uniform_filter1d, x, k, mode, origin, kw)
        else:
            y = ndi.uniform_filter(x, size=tuple(k), mode=mode, origin=nd_origin, **kw)
    else:
        raise ValueError("unknown op %r for scipy.ndimage" % (op,))
    if options:
        raise ValueError("unknown option(s) %s for scipy.ndimage %s" % (sorted(options), op))
    y = np.asarray(y).astype(np.float64) + 0.0
    if list(y.shape) != n:
        raise ValueError("unexpected output shape %r" % (y.shape,))
    return y
