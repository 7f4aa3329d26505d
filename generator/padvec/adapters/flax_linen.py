"""padvec adapter: flax.linen (Conv, ConvTranspose, max_pool, avg_pool) on jax CPU, float32.

One padvec case becomes one call:
  * layout: channels-last, the flax default: the spatial input becomes x[None, ..., None]
    (batch 1, one feature);
  * conv            nn.Conv(features=1, kernel_size=k, strides=s, padding=P, kernel_dilation=d,
                    use_bias=False).apply({'params': {'kernel': w}}, x), kernel (k..., in=1, out=1);
  * conv_transpose  nn.ConvTranspose(features=1, kernel_size=k, strides=s, padding=P,
                    kernel_dilation=d, use_bias=False, transpose_kernel=...) likewise, kernel
                    (k..., in, out) or, with transpose_kernel, (k..., out, in) - the same for one
                    channel;
  * max_pool        nn.max_pool(x, window_shape=k, strides=s, padding=P);
  * avg_pool        nn.avg_pool(x, window_shape=k, strides=s, padding=P, count_include_pad=...).
    The pools take no dilation: where the case has dilation > 1 it is passed anyway as the
    keyword `window_dilation`, so that flax itself answers (TypeError).
P: the case's padding name as the string flax takes ('SAME', 'SAME_LOWER', 'VALID', 'CIRCULAR',
'REFLECT', 'CAUSAL'); padding `int` (symmetric pads): one int when every axis has the same
pad, else a tuple of one int per axis (flax: "a single int in a sequence causes the same
padding to be used on both sides"); padding `explicit`: the (low, high) pairs as a tuple of
tuples.
Errors propagate unchanged.
"""
import os

os.environ.setdefault("JAX_PLATFORMS", "cpu")

import numpy as np  # noqa: E402
import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import flax  # noqa: E402
import flax.linen as nn  # noqa: E402
from _options import flag as _flag  # noqa: E402  (sibling module)


def VERSIONS():
    import jaxlib
    return {"flax": flax.__version__, "jax": jax.__version__, "jaxlib": jaxlib.__version__,
            "numpy": np.__version__, "backend": jax.default_backend()}


def _padding(case, rank):
    padding = case["padding"]
    pads = case.get("pads")
    if padding == "explicit":
        return tuple((int(b), int(a)) for b, a in pads)
    if padding == "int":
        per_axis = []
        for b, a in pads:
            if int(b) != int(a):
                raise ValueError("padding int is symmetric, got %r" % (pads,))
            per_axis.append(int(b))
        if len(set(per_axis)) == 1:
            return per_axis[0]          # one int: the same pad everywhere
        return tuple(per_axis)          # a sequence of ints: one symmetric pad per axis
    return padding


def run(op, case):
    n = [int(v) for v in case["input_shape"]]
    rank = len(n)
    k = tuple(int(v) for v in case["kernel_shape"])
    s = tuple(int(v) for v in (case.get("stride") or [1] * rank))
    d = tuple(int(v) for v in (case.get("dilation") or [1] * rank))
    options = dict(case.get("options") or {})
    pad = _padding(case, rank)
    x = jnp.asarray(np.asarray(case["input"], dtype=np.float32).reshape([1] + n + [1]))

    if op in ("conv", "conv_transpose"):
        w = jnp.asarray(np.asarray(case["kernel"], dtype=np.float32).reshape(list(k) + [1, 1]))
        if op == "conv":
            module = nn.Conv(features=1, kernel_size=k, strides=s, padding=pad,
                             kernel_dilation=d, use_bias=False)
        else:
            tk = _flag(options.pop("transpose_kernel", False), "transpose_kernel")
            module = nn.ConvTranspose(features=1, kernel_size=k, strides=s, padding=pad,
                                      kernel_dilation=d, use_bias=False, transpose_kernel=tk)
        y = module.apply({"params": {"kernel": w}}, x)
    elif op in ("max_pool", "avg_pool"):
        kwargs = {"window_shape": k, "strides": s, "padding": pad}
        if any(v != 1 for v in d):
            kwargs["window_dilation"] = d   # not a flax argument: let flax refuse it
        if op == "max_pool":
            y = nn.max_pool(x, **kwargs)
        else:
            cip = _flag(options.pop("count_include_pad", True), "count_include_pad")
            y = nn.avg_pool(x, count_include_pad=cip, **kwargs)
    else:
        raise ValueError("unknown op %r" % (op,))
    if options:
        raise ValueError("unknown option(s) %s for flax %s" % (sorted(options), op))
    y = np.asarray(y, dtype=np.float64)
    if y.ndim != rank + 2 or y.shape[0] != 1 or y.shape[-1] != 1:
        raise ValueError("unexpected output shape %r" % (y.shape,))
    return y[0, ..., 0]
