"""padvec adapter: jax.lax on CPU (JAX_PLATFORMS=cpu), float32.

One padvec case becomes one call, nothing cached across cases beyond jax's own compile cache:

  * layout: channels-first. The spatial input gets batch 1 and channel 1 prepended
    (N, C, *n); the kernel becomes rhs (1, 1, *k) with dimension_numbers
    ('NCH', 'OIH', 'NCH') / ('NCHW', 'OIHW', 'NCHW') / ('NCDHW', 'OIDHW', 'NCDHW');
  * op conv -> lax.conv_general_dilated(x, w, window_strides=s, padding=P, rhs_dilation=d)
    with P the case's padding name passed as the string it is ('SAME', 'SAME_LOWER',
    'VALID', 'valid') or, for padding `explicit`, the case's (low, high) pairs;
  * op conv_transpose -> lax.conv_transpose(x, w, strides=s, padding=P, rhs_dilation=d,
    transpose_kernel=..., use_consistent_padding=...) (the two options are passed only when
    the case sets them; use_consistent_padding exists since jax 0.9.0);
  * op max_pool -> lax.reduce_window(x, -inf, lax.max, (1, 1, *k), (1, 1, *s),
    P', window_dilation=(1, 1, *d)) with P' = the string, or [(0, 0), (0, 0), *pairs];
  * op avg_pool -> what "average pooling" is in jax (lax has no such op; this is
    flax.linen.avg_pool's construction): sums = lax.reduce_window(x, 0., lax.add, ...same
    arguments...); count_include_pad true -> sums / prod(k); false -> sums /
    lax.reduce_window(ones_like(x), 0., lax.add, ...) (0/0 = nan for a window with no real
    cell).

Exceptions propagate unchanged (ValueError / TypeError / RuntimeError from jax).
The output is returned with batch and channel dims removed, as float64.
"""
import os

os.environ["JAX_PLATFORMS"] = "cpu"

import numpy as np  # noqa: E402

_HERE = os.path.dirname(os.path.abspath(__file__))


import jax as _jax  # noqa: E402
import jax.lax as _lax  # noqa: E402
import jax.numpy as _jnp  # noqa: E402
from _options import flag as _flag  # noqa: E402  (sibling module)

_DN = {1: ("NCH", "OIH", "NCH"), 2: ("NCHW", "OIHW", "NCHW"), 3: ("NCDHW", "OIDHW", "NCDHW")}


def VERSIONS():
    import jaxlib
    return {"jax": _jax.__version__, "jaxlib": jaxlib.__version__, "numpy": np.__version__,
            "backend": _jax.default_backend()}


def _padding(case, rank):
    padding = case["padding"]
    if padding == "explicit":
        pads = case.get("pads") or [[0, 0]] * rank
        return [(int(b), int(a)) for b, a in pads]
    # Any other name is the string handed to jax as spelled (SAME, SAME_LOWER, VALID, and the
    # lower-case spellings the spec also records).
    return padding


def _window_padding(pad, rank):
    return pad if isinstance(pad, str) else [(0, 0), (0, 0)] + list(pad)


def run(op, case):
    n = [int(v) for v in case["input_shape"]]
    rank = len(n)
    k = [int(v) for v in case["kernel_shape"]]
    s = tuple(int(v) for v in (case.get("stride") or [1] * rank))
    d = tuple(int(v) for v in (case.get("dilation") or [1] * rank))
    options = dict(case.get("options") or {})
    pad = _padding(case, rank)
    x = _jnp.asarray(np.asarray(case["input"], dtype=np.float32).reshape([1, 1] + n))

    if op in ("conv", "conv_transpose"):
        w = _jnp.asarray(np.asarray(case["kernel"], dtype=np.float32).reshape([1, 1] + k))
        if op == "conv":
            y = _lax.conv_general_dilated(x, w, window_strides=s, padding=pad,
                                          rhs_dilation=d, dimension_numbers=_DN[rank])
        else:
            kwargs = {}
            for name in ("transpose_kernel", "use_consistent_padding"):
                if name in options:
                    kwargs[name] = _flag(options.pop(name), name)
            y = _lax.conv_transpose(x, w, strides=s, padding=pad, rhs_dilation=d,
                                    dimension_numbers=_DN[rank], **kwargs)
    elif op in ("max_pool", "avg_pool"):
        window = (1, 1) + tuple(k)
        strides = (1, 1) + s
        wdil = (1, 1) + d
        wpad = _window_padding(pad, rank)
        if op == "max_pool":
            y = _lax.reduce_window(x, -_jnp.inf, _lax.max, window, strides, wpad,
                                   window_dilation=wdil)
        else:
            include = _flag(options.pop("count_include_pad", True), "count_include_pad")
            sums = _lax.reduce_window(x, 0.0, _lax.add, window, strides, wpad,
                                      window_dilation=wdil)
            if include:
                y = sums / float(np.prod(k))
            else:
                counts = _lax.reduce_window(_jnp.ones_like(x), 0.0, _lax.add, window, strides,
                                            wpad, window_dilation=wdil)
                y = sums / counts
    else:
        raise ValueError("unknown op %r" % (op,))
    if options:
        raise ValueError("unknown option(s) %s for jax %s" % (sorted(options), op))
    y = np.asarray(y, dtype=np.float64)
    if y.ndim != rank + 2 or y.shape[0] != 1 or y.shape[1] != 1:
        raise ValueError("unexpected output shape %r" % (y.shape,))
    return y[0, 0]
