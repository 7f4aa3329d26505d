"""padvec adapter: tinygrad Tensor ops (conv2d, conv_transpose2d, max_pool2d, avg_pool2d) and
nn.Conv2d(padding='same'), float32.

Device: the runtime's `environment: {DEV: ...}` picks tinygrad's device before import (the
adapter never sets it). The spec runs DEV=CPU (compiles every kernel with `clang` from PATH)
and DEV=PYTHON (tinygrad's pure-Python UOp emulator, no system dependency); the padding logic
is all in the Tensor front end (tinygrad/mixin/op.py, movement.py), the same on every device.

One padvec case becomes one call (the tinygrad "2d" ops take any number of spatial dims):
  * layout: channels-first, (1, 1, *n); conv weight (1, 1, *k) = (out, in, *k);
    conv_transpose weight (1, 1, *k) = (in, out, *k); no bias;
  * padding `int`: one int when every axis has the same symmetric pad, else the per-dim tuple
    (pad_dim0, pad_dim1, ...) - tinygrad's forms 1 and 2;
  * padding `flat`: the 2*ndim tuple, LAST spatial dim first, (left, right, top, bottom, ...)
    for 2-D - tinygrad's form 3 (the F.pad order);
  * conv            x.conv2d(w, stride=s, dilation=d, padding=P)
  * conv_transpose  x.conv_transpose2d(w, stride=s, dilation=d, padding=P, output_padding=op)
  * max_pool        x.max_pool2d(kernel_size=k, stride=s, dilation=d, padding=P, ceil_mode=...)
  * avg_pool        x.avg_pool2d(kernel_size=k, stride=s, dilation=d, padding=P, ceil_mode=...,
                    count_include_pad=...)
  * padding `same` / `valid` (conv only): nn.Conv2d(1, 1, k, stride=S, padding=..., dilation=D,
    bias=False) with its weight replaced by the case's kernel; S and D are passed as one int
    when every axis has the same value (the natural call: nn.Conv2d compares `stride != 1`,
    so a tuple (1, 1) would be refused), else as tuples.
stride, dilation and kernel_size are tuples for the Tensor ops. Errors propagate unchanged.
"""
import numpy as np
import tinygrad
from tinygrad import Tensor, Device, nn

# Open the device now, so that a device that cannot work here (DEV=CPU without `clang` on
# PATH: FileNotFoundError) stops the worker at start-up (the runtime is reported as skipped)
# instead of failing every case.
Device[Device.DEFAULT]


def VERSIONS():
    try:
        from importlib.metadata import version
        tv = version("tinygrad")
    except Exception:  # pragma: no cover
        tv = getattr(tinygrad, "__version__", "unknown")
    return {"tinygrad": tv, "device": Device.DEFAULT, "numpy": np.__version__}


def _flag(value, name):
    if isinstance(value, (list, tuple)):
        vals = set(bool(v) for v in value)
        if len(vals) != 1:
            raise ValueError("option %s=%r must be the same on every axis" % (name, value))
        return vals.pop()
    return bool(value)


def _scalar_or_tuple(vals):
    vals = tuple(int(v) for v in vals)
    return vals[0] if len(set(vals)) == 1 else vals


def _padding(case):
    padding = case["padding"]
    pads = case.get("pads")
    if padding == "int":
        per_axis = []
        for b, a in pads:
            if int(b) != int(a):
                raise ValueError("padding int is symmetric, got %r" % (pads,))
            per_axis.append(int(b))
        return per_axis[0] if len(set(per_axis)) == 1 else tuple(per_axis)
    if padding == "flat":
        flat = []
        for b, a in reversed(pads):          # last spatial dim first
            flat += [int(b), int(a)]
        return tuple(flat)
    raise ValueError("unknown padding %r for tinygrad" % (padding,))


def run(op, case):
    n = [int(v) for v in case["input_shape"]]
    rank = len(n)
    k = tuple(int(v) for v in case["kernel_shape"])
    s = tuple(int(v) for v in (case.get("stride") or [1] * rank))
    d = tuple(int(v) for v in (case.get("dilation") or [1] * rank))
    options = dict(case.get("options") or {})
    x = Tensor(np.asarray(case["input"], dtype=np.float32).reshape([1, 1] + n))

    if op in ("conv", "conv_transpose"):
        w = Tensor(np.asarray(case["kernel"], dtype=np.float32).reshape([1, 1] + list(k)))
        if op == "conv" and case["padding"] in ("same", "valid"):
            layer = nn.Conv2d(1, 1, k, stride=_scalar_or_tuple(s), padding=case["padding"],
                              dilation=_scalar_or_tuple(d), bias=False)
            layer.weight = w
            y = layer(x)
        elif op == "conv":
            y = x.conv2d(w, stride=s, dilation=d, padding=_padding(case))
        else:
            opad = options.pop("output_padding", 0)
            opad = tuple(int(v) for v in opad) if isinstance(opad, list) else int(opad)
            y = x.conv_transpose2d(w, stride=s, dilation=d, padding=_padding(case),
                                   output_padding=opad)
    elif op == "max_pool":
        ceil = _flag(options.pop("ceil_mode", False), "ceil_mode")
        y = x.max_pool2d(kernel_size=k, stride=s, dilation=d, padding=_padding(case),
                         ceil_mode=ceil)
    elif op == "avg_pool":
        ceil = _flag(options.pop("ceil_mode", False), "ceil_mode")
        cip = _flag(options.pop("count_include_pad", True), "count_include_pad")
        y = x.avg_pool2d(kernel_size=k, stride=s, dilation=d, padding=_padding(case),
                         ceil_mode=ceil, count_include_pad=cip)
    else:
        raise ValueError("unknown op %r" % (op,))
    if options:
        raise ValueError("unknown option(s) %s for tinygrad %s" % (sorted(options), op))
    y = np.asarray(y.numpy(), dtype=np.float64)
    if y.ndim != rank + 2 or y.shape[0] != 1 or y.shape[1] != 1:
        raise ValueError("unexpected output shape %r" % (y.shape,))
    return y[0, 0]
