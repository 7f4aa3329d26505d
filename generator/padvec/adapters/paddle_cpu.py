"""padvec adapter: PaddlePaddle dynamic-graph functional API (paddle.nn.functional), CPU, float32.

One padvec case becomes one call:

  * layout channels-first (NCL / NCHW / NCDHW): the spatial input gets batch 1 and channel 1
    prepended; the kernel becomes the weight (1, 1, *k) (conv: [out, in, *k]; transposed conv:
    [in, out, *k]; identical for one channel); no bias;
  * conv            F.conv1d / conv2d / conv3d(x, w, None, stride, padding, dilation)
  * conv_transpose  F.conv1d_transpose / conv2d_transpose / conv3d_transpose(x, w, None, stride,
                    padding, output_padding=..., dilation=d, output_size=...) (option
                    output_padding; option output_size: null = not passed, else the per-axis
                    list, and then output_padding is passed only when non-zero: paddle refuses
                    the two together, even output_padding=0)
  * max_pool        F.max_pool1d / 2d / 3d(x, kernel_size, stride, padding, ceil_mode=...)
  * avg_pool        F.avg_pool1d / 2d / 3d(x, kernel_size, stride, padding, ceil_mode=...,
                    exclusive=...)
    Paddle's pools have no dilation: where some d != 1 the adapter passes `dilation=d` anyway, so
    that the public API gives its own answer (TypeError, unexpected keyword argument).
  * pad             F.pad(x, [last_before, last_after, ..., first_before, first_after], mode,
                    data_format=NCL/NCHW/NCDHW); the case's padding = mode: constant (value 0) |
                    reflect | replicate | circular
Padding: the case's `padding` is Paddle's spelling: "SAME" / "VALID" (passed as the string), or
`explicit`, passed as the flat list [before_0, after_0, before_1, after_1, ...] (the documented
"2 * number of spatial dimensions" form).
Exceptions (ValueError from the Python checks, paddle's C++ errors) propagate unchanged.
Output: y[0, 0] as float64.
"""
import os

os.environ.setdefault("GLOG_minloglevel", "3")
os.environ.setdefault("FLAGS_call_stack_level", "0")

import warnings  # noqa: E402

warnings.filterwarnings("ignore")

import numpy as np  # noqa: E402
import paddle  # noqa: E402
import paddle.nn.functional as F  # noqa: E402
from _options import axes as _axes, per_axis as _per_axis, flag as _flag  # noqa: E402  (sibling module)

paddle.set_device("cpu")


def VERSIONS():
    return {"paddlepaddle": paddle.__version__, "numpy": np.__version__}


def _padding(case):
    name = case["padding"]
    if name in ("SAME", "VALID"):
        return name
    if name == "explicit":
        flat = []
        for b, a in case["pads"]:
            flat += [int(b), int(a)]
        return flat
    raise ValueError("unknown padding %r for paddle" % (name,))


def run(op, case):
    n = [int(v) for v in case["input_shape"]]
    rank = len(n)
    k = [int(v) for v in case["kernel_shape"]]
    s, d = _axes(case, "stride"), _axes(case, "dilation")
    options = dict(case.get("options") or {})
    pad = _padding(case) if op != "pad" else None
    x = paddle.to_tensor(np.asarray(case["input"], dtype=np.float32).reshape([1, 1] + n))
    if op in ("conv", "conv_transpose"):
        w = paddle.to_tensor(np.asarray(case["kernel"], dtype=np.float32).reshape([1, 1] + k))
    if op == "conv":
        fn = getattr(F, "conv%dd" % rank)
        y = fn(x, w, None, s, pad, d)
    elif op == "conv_transpose":
        fn = getattr(F, "conv%dd_transpose" % rank)
        opad = _per_axis(options.pop("output_padding", 0), rank)
        osize = options.pop("output_size", None)
        kw = {"dilation": d}
        if osize is not None:
            # output_size and a given output_padding are mutually exclusive in paddle (even 0):
            # pass output_padding only where the case sets a non-zero one.
            kw["output_size"] = _per_axis(osize, rank)
            if any(opad):
                kw["output_padding"] = opad
        else:
            kw["output_padding"] = opad
        y = fn(x, w, None, s, pad, **kw)
    elif op in ("max_pool", "avg_pool"):
        fn = getattr(F, "%s%dd" % (op, rank))
        kw = {"ceil_mode": _flag(options.pop("ceil_mode", False))}
        if op == "avg_pool":
            kw["exclusive"] = _flag(options.pop("exclusive", True))
        if any(v != 1 for v in d):
            kw["dilation"] = d  # no such parameter: let the API reject it
        y = fn(x, k, s, pad, **kw)
    elif op == "pad":
        mode = case["padding"]
        if mode not in ("constant", "reflect", "replicate", "circular"):
            raise ValueError("unknown padding %r for paddle pad" % (mode,))
        flat = []
        # F.pad with a list of 2 * (spatial dims) lists the LAST spatial dim first
        # ([left, right, top, bottom, front, back]), as torch does.
        for before, after in reversed(case["pads"]):
            flat += [int(before), int(after)]
        fmt = {1: "NCL", 2: "NCHW", 3: "NCDHW"}[rank]
        y = F.pad(x, flat, mode=mode, data_format=fmt)
    else:
        raise ValueError("unknown op %r" % (op,))
    if options:
        raise ValueError("unknown option(s) %s for paddle %s" % (sorted(options), op))
    out = np.array(y.numpy(), dtype=np.float64)
    if out.ndim != rank + 2 or out.shape[0] != 1 or out.shape[1] != 1:
        raise ValueError("unexpected output shape %r" % (out.shape,))
    return out[0, 0]
