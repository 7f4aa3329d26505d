"""padvec adapter: OpenVINO opsets, CPU plugin, float32.

One padvec case becomes one tiny ov.Model, built with the public opset API, compiled for "CPU"
(once per case: its second run reuses the compiled model, _compiled.GraphCache) and inferred:

  * layout channels-first: Parameter (1, 1, *n); the kernel is a Constant (1, 1, *k)
    (Convolution: [C_out, C_in, *k]; ConvolutionBackpropData: [C_in, C_out, *k]);
  * conv            opset16.convolution(x, w, strides, pads_begin, pads_end, dilations, auto_pad)
  * conv_transpose  opset16.convolution_backprop_data(x, w, strides, output_shape?, pads_begin,
                    pads_end, dilations, auto_pad, output_padding); option output_shape = null
                    (no output_shape input) or a per-axis list (a Constant i64 input)
  * max_pool        opset16.max_pool (MaxPool-14) (x, strides, dilations, pads_begin, pads_end,
                    kernel_shape, rounding_type, auto_pad); output 0 (values) only
  * avg_pool        opset16.avg_pool (AvgPool-16) (x, strides, pads_begin, pads_end,
                    kernel_shape, exclude_pad, rounding_type, auto_pad, dilations)
  * pad             opset16.pad (Pad-12)(x, [0, 0, *pads_begin], [0, 0, *pads_end], pad_mode), the
                    case's padding = pad_mode: constant (value 0) | edge | reflect | symmetric
Padding: the case's `padding` is OpenVINO's auto_pad spelling: `explicit` (pads_begin/pads_end
from the case's `pads`), `same_upper`, `same_lower`, `valid` (pads passed as zeros, ignored).
Options: output_padding, output_shape, rounding_type (0 = floor, 1 = ceil, 2 = ceil_torch: option
values are formulas, so the spec sweeps integers), exclude_pad.
Exceptions (RuntimeError / GeneralFailure / NodeValidationFailure from model construction or
compilation) propagate unchanged. Output: y[0, 0] as float64.
"""
import numpy as np
import openvino as ov
import openvino.opset16 as ops
from _compiled import GraphCache, structure_key  # noqa: E402  (sibling module)
from _options import axes as _axes, per_axis as _per_axis  # noqa: E402  (sibling module)

_CORE = ov.Core()


def VERSIONS():
    return {"openvino": ov.__version__, "numpy": np.__version__, "device": "CPU"}


def _pads(case):
    rank = len(case["input_shape"])
    if case["padding"] == "explicit":
        return [int(b) for b, _ in case["pads"]], [int(a) for _, a in case["pads"]]
    return [0] * rank, [0] * rank


_ROUNDING = {0: "floor", 1: "ceil", 2: "ceil_torch"}


def _rounding(value):
    """Option rounding_type: 0 = floor, 1 = ceil, 2 = ceil_torch (or the string itself)."""
    if isinstance(value, (list, tuple)):
        vals = set(value)
        if len(vals) != 1:
            raise ValueError("rounding_type must be the same on every axis, got %r" % (value,))
        value = vals.pop()
    if isinstance(value, str):
        return value
    return _ROUNDING[int(value)]


def _auto_pad(case):
    name = case["padding"]
    if name not in ("explicit", "same_upper", "same_lower", "valid"):
        raise ValueError("unknown padding %r for openvino" % (name,))
    return name


def _compile(op, case):
    """The compiled model of one case (the kernel is a Constant in it)."""
    n = [int(v) for v in case["input_shape"]]
    rank = len(n)
    k = [int(v) for v in case["kernel_shape"]]
    s, d = _axes(case, "stride"), _axes(case, "dilation")
    options = dict(case.get("options") or {})
    pb, pe = _pads(case)
    auto_pad = _auto_pad(case) if op != "pad" else None
    x = ops.parameter([1, 1] + n, np.float32, name="x")
    if op in ("conv", "conv_transpose"):
        w = ops.constant(np.asarray(case["kernel"], dtype=np.float32).reshape([1, 1] + k))
    if op == "conv":
        y = ops.convolution(x, w, s, pb, pe, d, auto_pad)
    elif op == "conv_transpose":
        opad = _per_axis(options.pop("output_padding", 0), rank)
        oshape = options.pop("output_shape", None)
        if oshape is not None:
            oshape = ops.constant(np.asarray(_per_axis(oshape, rank), dtype=np.int64))
        y = ops.convolution_backprop_data(x, w, s, oshape, pb, pe, d, auto_pad, opad)
    elif op == "max_pool":
        rt = _rounding(options.pop("rounding_type", 0))
        y = ops.max_pool(x, s, d, pb, pe, k, rt, auto_pad).output(0)
    elif op == "avg_pool":
        rt = _rounding(options.pop("rounding_type", 0))
        ex = bool(options.pop("exclude_pad", True))
        y = ops.avg_pool(x, s, pb, pe, k, ex, rt, auto_pad, d)
    elif op == "pad":
        if case["padding"] not in ("constant", "edge", "reflect", "symmetric"):
            raise ValueError("unknown padding %r for openvino pad" % (case["padding"],))
        pb = [0, 0] + [int(b) for b, _ in case["pads"]]
        pe = [0, 0] + [int(a) for _, a in case["pads"]]
        y = ops.pad(x, pb, pe, case["padding"])
    else:
        raise ValueError("unknown op %r" % (op,))
    if options:
        raise ValueError("unknown option(s) %s for openvino %s" % (sorted(options), op))
    model = ov.Model([y], [x], "padvec")
    return _CORE.compile_model(model, "CPU")


# Keyed by the data too, so that only the case's own second run reuses a compiled model: the
# plugin may keep intermediate memory per compiled model, and a cell a kernel leaves unwritten
# must not show another case's value. Each run gets a fresh infer request (its own output).
_COMPILED = GraphCache(size=4)


def run(op, case):
    """Compile once per case (its second run reuses the compiled model), infer on the input."""
    key = structure_key(op, case, case.get("kernel"), case.get("input"))
    compiled = _COMPILED.get(key, lambda: _compile(op, case))
    n = [int(v) for v in case["input_shape"]]
    rank = len(n)
    xin = np.asarray(case["input"], dtype=np.float32).reshape([1, 1] + n)
    request = compiled.create_infer_request()
    res = request.infer({0: xin})
    out = np.array(res[compiled.output(0)], dtype=np.float64)
    if out.ndim != rank + 2 or out.shape[0] != 1 or out.shape[1] != 1:
        raise ValueError("unexpected output shape %r" % (out.shape,))
    return out[0, 0]
