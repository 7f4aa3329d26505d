"""Single-node ONNX models for the clients: padvec.check.export's model, at a converter's opset.

The model is the exported one (the adapters' builder _onnx_model, as padvec/check/export.py
calls it; imported directly because export pulls in the spec loader and jsonschema, which the
client virtualenvs do not carry), at
max(case's min_opset, 11): converters implement the opset-11 generation of these operators
(Conv-11, ConvTranspose-11, MaxPool-11/12, AveragePool-11, Pad-11/13) and look converters up by
the operator version the model's opset selects, so the floor min_opset of 7 would only measure
which old versions a converter skipped; cases that need more (AveragePool dilations, Pad wrap:
opset 19) keep their min_opset.

dynamic=True: the spatial input dims become symbols (L1, L2, ...) and the output dims are
declared symbolic, so that a converter cannot bake the export size into the model ("shapes the
converter did not see").
"""
import importlib
import os
import sys

import onnx

from ..onnx_opset import min_opset

_ADAPTERS = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), "adapters")

CONVERTER_FLOOR = 11


def _builder():
    if "_onnx_model" not in sys.modules and _ADAPTERS not in sys.path:
        sys.path.append(_ADAPTERS)  # last: never shadows an installed package
    return importlib.import_module("_onnx_model")


def opset_for(op, case):
    return max(min_opset(case, op), CONVERTER_FLOOR)


def build(op, case, dynamic=False):
    """(model, feeds) for one case: one node, input X (1, 1, *spatial), output Y."""
    model, feeds = _builder().build(op, case, opset=opset_for(op, case))
    if dynamic:
        dims = model.graph.input[0].type.tensor_type.shape.dim
        for i, dim in enumerate(dims[2:]):
            dim.Clear()
            dim.dim_param = "L%d" % (i + 1)
        out = model.graph.output[0].type.tensor_type
        out.shape.Clear()
        for name in ["N", "C"] + ["Y%d" % (i + 1) for i in range(len(dims) - 2)]:
            out.shape.dim.add().dim_param = name
    onnx.checker.check_model(model)
    return model, feeds


def spatial(y):
    return _builder().spatial(y)
