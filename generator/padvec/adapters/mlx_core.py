"""padvec adapter: Apple MLX (mlx.core / mlx.nn), CPU backend (`mlx[cpu]` on Linux), float32.

MLX arrays are channels-last: the spatial input becomes (1, *n, 1) and the kernel the weight
(1, *k, 1) (O, *k, I for one channel); no bias. One padvec case becomes one call:

  * conv            mlx.core.conv1d / conv2d / conv3d(x, w, stride, padding, dilation)
  * conv_transpose  mlx.core.conv_transpose1d / 2d / 3d(x, w, stride, padding, dilation,
                    output_padding)   (option output_padding, int or per-axis list)
  * max_pool        mlx.nn.MaxPool1d / 2d / 3d(kernel_size, stride, padding)(x)
  * avg_pool        mlx.nn.AvgPool1d / 2d / 3d(kernel_size, stride, padding)(x)
    The pool layers take no dilation: where some d != 1 the adapter passes `dilation=` anyway
    so that the public API gives its own answer (TypeError).
  * pad             mlx.core.pad(x, [(before, after), ...], mode=<the case's padding>) on the
                    bare spatial array (constant value 0; modes constant / edge / reflect /
                    symmetric)
Padding `explicit` is symmetric: `padding` gets the per-axis `before` of the case's pads (1-D
calls get plain ints, as the 1-D functions take).
Exceptions propagate unchanged. Output: the spatial output (batch/channel removed) as float64.
"""
import numpy as np
import mlx.core as mx
import mlx.nn as nn


def VERSIONS():
    import importlib.metadata as md
    out = {"mlx": mx.__version__, "numpy": np.__version__, "device": str(mx.default_device())}
    try:
        out["mlx-cpu"] = md.version("mlx-cpu")
    except Exception:
        pass
    return out


def _axes(case, key, rank):
    return [int(v) for v in (case.get(key) or [1] * rank)]


def _per_axis(value, rank):
    if isinstance(value, (list, tuple)):
        return [int(v) for v in value]
    return [int(value)] * rank


def _nlc(values, shape):
    a = np.asarray(values, dtype=np.float32).reshape([1] + list(shape) + [1])
    return mx.array(a)


def _arg(v):
    return v[0] if len(v) == 1 else tuple(v)


def run(op, case):
    n = [int(v) for v in case["input_shape"]]
    rank = len(n)
    k = [int(v) for v in case["kernel_shape"]]
    s, d = _axes(case, "stride", rank), _axes(case, "dilation", rank)
    options = dict(case.get("options") or {})
    pads = case.get("pads") or [[0, 0]] * rank
    if op == "pad":
        mode = case["padding"]
        x = mx.array(np.asarray(case["input"], dtype=np.float32).reshape(n))
        y = mx.pad(x, [(int(b), int(a)) for b, a in pads], mode=mode)
        return np.array(y).astype(np.float64)
    if case["padding"] != "explicit":
        raise ValueError("unknown padding %r for mlx" % (case["padding"],))
    for b, a in pads:
        if b != a:
            raise ValueError("mlx padding is symmetric; got pads %r" % (pads,))
    p = [int(b) for b, _ in pads]
    x = _nlc(case["input"], n)
    if op in ("conv", "conv_transpose"):
        w = _nlc(case["kernel"], k)
        if op == "conv":
            fn = {1: mx.conv1d, 2: mx.conv2d, 3: mx.conv3d}[rank]
            y = fn(x, w, stride=_arg(s), padding=_arg(p), dilation=_arg(d))
        else:
            fn = {1: mx.conv_transpose1d, 2: mx.conv_transpose2d, 3: mx.conv_transpose3d}[rank]
            opad = _per_axis(options.get("output_padding", 0) or 0, rank)
            y = fn(x, w, stride=_arg(s), padding=_arg(p), dilation=_arg(d),
                   output_padding=_arg(opad))
    elif op in ("max_pool", "avg_pool"):
        cls = getattr(nn, "%sPool%dd" % ("Max" if op == "max_pool" else "Avg", rank))
        kw = {}
        if any(v != 1 for v in d):
            kw["dilation"] = tuple(d)  # no such parameter: let the API reject it
        y = cls(tuple(k), tuple(s), tuple(p), **kw)(x)
    else:
        raise ValueError("unknown op %r for mlx" % (op,))
    y = np.array(y)
    return y.reshape(y.shape[1:-1]).astype(np.float64)
