"""The lowest ONNX opset whose operator text expresses a case (`min_opset`).

Read from onnx's own operator history (onnx.defs.get_schema(op, version)); each step below is the
version where the attribute appeared or its text took the form padvec's spec documents:
  * SAME_UPPER/SAME_LOWER: until Conv-11, ConvTranspose-11, AveragePool-11 and MaxPool-12 the
    text said only "the output size matches the input"; from then on it is
    ceil(n / s) (transpose: n * s) with the split rule the spec encodes;
  * ConvTranspose-11 defined output_padding (end side only, < stride) and output_shape as used;
  * MaxPool-10 added ceil_mode and dilations, AveragePool-10 ceil_mode, AveragePool-19 dilations;
  * AveragePool-7 added count_include_pad; Pad-19 added mode `wrap` (Pad-2 had constant,
    reflect, edge; pads became an input in Pad-11).
FLOOR = 7: onnxruntime guarantees only opset >= 7 (it warns below that and has no AveragePool-1
kernel); opset 7 is onnx 1.2, older than every converter still maintained.
"""

FLOOR = 7
OPSET_MAX = 22   # the opset the adapters build at and the spec documents

SAME = ("SAME_UPPER", "SAME_LOWER")
SAME_SINCE = {"conv": 11, "conv_transpose": 11, "max_pool": 12, "avg_pool": 11}


def _any_above(values, threshold):
    if values is None:
        return False
    if isinstance(values, (list, tuple)):
        return any(int(v) > threshold for v in values)
    return int(values) > threshold


def min_opset(case, op):
    """Lowest opset (>= FLOOR) at which a single-node model expresses this ONNX case."""
    options = case.get("options") or {}
    need = [FLOOR]
    if op == "pad":
        if case["padding"] == "wrap":
            need.append(19)
        return max(need)
    if case["padding"] in SAME:
        need.append(SAME_SINCE[op])
    dilated = _any_above(case.get("dilation"), 1)
    if op == "conv_transpose":
        if _any_above(options.get("output_padding"), 0) or options.get("output_shape") is not None:
            need.append(11)
    if op == "max_pool" and (dilated or _any_above(options.get("ceil_mode"), 0)):
        need.append(10)
    if op == "avg_pool":
        if _any_above(options.get("ceil_mode"), 0):
            need.append(10)
        if dilated:
            need.append(19)
    return max(need)
