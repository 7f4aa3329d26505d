"""Shared single-node ONNX model builder for the `onnxruntime` and `onnx_reference` adapters.

Imported by both adapters as a sibling module (the worker appends the adapters folder to
sys.path, after site-packages, and loads the adapters themselves from their files). Only the standard library, numpy and onnx are used.

One padvec case becomes one ONNX model with a single node at a fixed opset:

  * op `conv` -> Conv, `conv_transpose` -> ConvTranspose, `max_pool` -> MaxPool,
    `avg_pool` -> AveragePool;
  * layout: ONNX is channels-first (N, C, D1, ..., Dr); the case's spatial input gets batch 1 and
    channel 1 prepended; the kernel becomes the weight tensor (1, 1, k1, ..., kr) (Conv: (M, C/g, k...),
    ConvTranspose: (C, M/g, k...), identical for one channel); no bias;
  * the case's `padding` is the ONNX `auto_pad` spelling: NOTSET (explicit `pads`, laid out
    [x1_begin, x2_begin, ..., x1_end, x2_end, ...]), SAME_UPPER, SAME_LOWER or VALID;
  * `pads` is only written for NOTSET (the spec forbids pads together with a SAME_*/VALID
    auto_pad), `strides`, `dilations` and `kernel_shape` are always written explicitly;
  * options: `ceil_mode` and `count_include_pad` (pools), `output_padding` and `output_shape`
    (ConvTranspose), each a scalar applied to every axis or a per-axis list; null = attribute
    omitted (the operator's default).

The weight is a graph initializer (as in every exported model); the input is a graph input of
the exact static shape; the output is declared with element type only, so shape inference is free
to compute it (see `inferred_output_shape`).
"""
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from _options import per_axis as _per_axis, scalar as _scalar  # noqa: E402  (sibling module)

# Latest opset in which Conv, ConvTranspose, MaxPool and AveragePool changed (opset 22: bfloat16
# type constraints; attribute semantics unchanged since opset 19/11). onnx 1.23.2 knows opsets up
# to 28 (IR 14), onnxruntime 1.32.0 registers CPU kernels for opset 22 of all four ops.
OPSET = 22
# IR version 10 is what onnx 1.16+ writes for opset 21/22 and what onnxruntime >= 1.18 accepts.
IR_VERSION = 10

OP_TYPES = {
    "conv": "Conv",
    "conv_transpose": "ConvTranspose",
    "max_pool": "MaxPool",
    "avg_pool": "AveragePool",
}

AUTO_PADS = ("NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID")


PAD_MODES = ("constant", "reflect", "edge", "wrap")


def ir_version_for(opset):
    """IR version to stamp on a model of this opset: IR_VERSION at OPSET, else the oldest IR of
    the first onnx release that shipped the opset (onnx.helper.VERSION_TABLE)."""
    if opset == OPSET:
        return IR_VERSION
    return min(row[1] for row in helper.VERSION_TABLE if row[2] >= opset)


def _output_info(rank, ir_version):
    # Older IR versions require a shape on every graph output (onnx's checker refuses none up to
    # IR 6 at least): below IR_VERSION give its rank only; the dims stay symbolic.
    shape = None if ir_version >= IR_VERSION else ["N", "C"] + ["D%d" % i for i in range(rank)]
    return helper.make_tensor_value_info("Y", TensorProto.FLOAT, shape)


def _finish(graph, opset):
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)],
                              producer_name="padvec")
    model.ir_version = ir_version_for(opset)
    return model


def _build_pad(case, opset=OPSET):
    """Pad node: mode = the case's padding; pads as an int64 initializer covering N and C too
    (Pad-11 on); below opset 11 as the `pads` attribute of Pad-2."""
    input_shape = [int(v) for v in case["input_shape"]]
    if case["padding"] not in PAD_MODES:
        raise ValueError("padding %r is not an ONNX Pad mode" % (case["padding"],))
    pads = [[0, 0], [0, 0]] + [[int(b), int(a)] for b, a in case["pads"]]
    flat = np.asarray([p[0] for p in pads] + [p[1] for p in pads], dtype=np.int64)
    x = np.asarray(case["input"], dtype=np.float32).reshape([1, 1] + input_shape)
    inputs = [helper.make_tensor_value_info("X", TensorProto.FLOAT, [1, 1] + input_shape)]
    output = _output_info(len(input_shape), ir_version_for(opset))
    if opset < 11:
        node = helper.make_node("Pad", ["X"], ["Y"], name="padvec", mode=case["padding"],
                                pads=[int(v) for v in flat])
        graph = helper.make_graph([node], "padvec_pad", inputs, [output])
    else:
        node = helper.make_node("Pad", ["X", "P"], ["Y"], name="padvec", mode=case["padding"])
        graph = helper.make_graph([node], "padvec_pad", inputs, [output],
                                  initializer=[numpy_helper.from_array(flat, name="P")])
    return _finish(graph, opset), {"X": x}


# Attributes an older operator version lacks; written only when they differ from the default
# there (MaxPool-10 added ceil_mode/dilations, AveragePool-10 ceil_mode, AveragePool-19 dilations).
_ATTR_SINCE = {("max_pool", "ceil_mode"): 10, ("max_pool", "dilations"): 10,
               ("avg_pool", "ceil_mode"): 10, ("avg_pool", "dilations"): 19}
_DEFAULTS = {"ceil_mode": 0, "dilations": None}


def build(op, case, opset=OPSET):
    """Return (model, feeds) for one padvec case, as a model of the given opset.

    Below the opset that introduced an attribute, the attribute is left out when it has its
    default value (a model that needs it cannot be written there: see padvec.check.export.min_opset).
    """
    if op == "pad":
        return _build_pad(case, opset)
    if op not in OP_TYPES:
        raise ValueError("unknown op %r" % (op,))
    input_shape = [int(v) for v in case["input_shape"]]
    rank = len(input_shape)
    kernel_shape = [int(v) for v in case["kernel_shape"]]
    stride = [int(v) for v in (case.get("stride") or [1] * rank)]
    dilation = [int(v) for v in (case.get("dilation") or [1] * rank)]
    padding = case["padding"]
    if padding not in AUTO_PADS:
        raise ValueError("padding %r is not an ONNX auto_pad value" % (padding,))
    options = case.get("options") or {}

    attrs = {"kernel_shape": kernel_shape, "strides": stride, "auto_pad": padding}
    # AveragePool has had `dilations` only since opset 19; writing it at opset 22 is fine.
    attrs["dilations"] = dilation
    if padding == "NOTSET":
        pads = case.get("pads") or [[0, 0]] * rank
        attrs["pads"] = [int(p[0]) for p in pads] + [int(p[1]) for p in pads]

    for name, value in sorted(options.items()):
        if value is None:
            continue
        if name in ("ceil_mode", "count_include_pad"):
            if op not in ("max_pool", "avg_pool") or (name == "count_include_pad" and op != "avg_pool"):
                raise ValueError("option %s does not apply to %s" % (name, op))
            attrs[name] = _scalar(value, name)
        elif name in ("output_padding", "output_shape"):
            if op != "conv_transpose":
                raise ValueError("option %s does not apply to %s" % (name, op))
            attrs[name] = _per_axis(value, rank, name)
        else:
            raise ValueError("unknown option %r for %s" % (name, op))

    for (attr_op, name), since in _ATTR_SINCE.items():
        if attr_op == op and opset < since and name in attrs:
            value = attrs[name]
            default = [1] * rank if name == "dilations" else _DEFAULTS[name]
            if value != default:
                raise ValueError("%s=%r needs opset %d (asked for %d)" % (name, value, since, opset))
            del attrs[name]

    x = np.asarray(case["input"], dtype=np.float32).reshape([1, 1] + input_shape)
    feeds = {"X": x}
    inputs = [helper.make_tensor_value_info("X", TensorProto.FLOAT, [1, 1] + input_shape)]
    node_inputs = ["X"]
    initializers = []
    if op in ("conv", "conv_transpose"):
        w = np.asarray(case["kernel"], dtype=np.float32).reshape([1, 1] + kernel_shape)
        initializers.append(numpy_helper.from_array(w, name="W"))
        node_inputs.append("W")
        if ir_version_for(opset) < 4:
            # IR < 4: every initializer must also be a graph input.
            inputs.append(helper.make_tensor_value_info("W", TensorProto.FLOAT,
                                                        [1, 1] + kernel_shape))

    node = helper.make_node(OP_TYPES[op], node_inputs, ["Y"], name="padvec", **attrs)
    output = _output_info(rank, ir_version_for(opset))
    graph = helper.make_graph([node], "padvec_" + op, inputs, [output], initializer=initializers)
    return _finish(graph, opset), feeds


def spatial(y):
    """Drop the batch and channel dims of a (1, 1, ...) runtime output."""
    y = np.asarray(y)
    if y.ndim < 3 or y.shape[0] != 1 or y.shape[1] != 1:
        raise ValueError("unexpected output shape %r (want (1, 1, ...))" % (y.shape,))
    return y[0, 0]


def inferred_output_shape(model):
    """Spatial output shape that onnx shape inference computes (None where it gives none).

    Raises onnx.shape_inference.InferenceError when inference rejects the node (strict mode).
    """
    inferred = onnx.shape_inference.infer_shapes(model, check_type=True, strict_mode=True,
                                                 data_prop=True)
    for vi in inferred.graph.output:
        if vi.name == "Y":
            t = vi.type.tensor_type
            if not t.HasField("shape"):
                return None
            dims = [d.dim_value if d.HasField("dim_value") else None for d in t.shape.dim]
            return dims[2:]
    return None

