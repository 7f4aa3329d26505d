"""Single-node ONNX models for the clients: the adapters' builder, at the lowest usable opset.

The node itself comes from padvec/adapters/_onnx_model.py (the model that onnxruntime and the
ONNX reference run in the conformance matrix); this module only re-targets it:

  * opset: 11 (the Conv-11 / ConvTranspose-11 / MaxPool-11 / AveragePool-11 / Pad-11 generation
    that converters implement), or the first opset with the feature the case needs: 19 for
    AveragePool `dilations` other than 1 and for Pad mode `wrap`. A unit AveragePool
    `dilations` attribute is dropped (it does not exist before opset 19);
  * dynamic=True: the spatial input dims become symbols (L1, L2, ...), so that a converter
    cannot bake the export size into the model ("shapes the converter did not see").
"""
import importlib
import os
import sys

import onnx
from onnx import helper

_ADAPTERS = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), "adapters")

BASE_OPSET = 11
FEATURE_OPSET = 19


def _onnx_model():
    if _ADAPTERS not in sys.path:
        sys.path.append(_ADAPTERS)  # _onnx_model imports its sibling `_options` by plain name
    return importlib.import_module("_onnx_model")


def min_opset(op, case):
    """The opset a case is built at (see the module docstring)."""
    rank = len(case["input_shape"])
    if op == "avg_pool" and [int(v) for v in (case.get("dilation") or [1] * rank)] != [1] * rank:
        return FEATURE_OPSET
    if op == "pad" and case["padding"] == "wrap":
        return FEATURE_OPSET
    return BASE_OPSET


def build(op, case, dynamic=False, opset=None):
    """(model, feeds) for one case: one node, input X (1, 1, *spatial), output Y."""
    model, feeds = _onnx_model().build(op, case)
    opset = opset or min_opset(op, case)
    node = model.graph.node[0]
    if node.op_type == "AveragePool" and opset < FEATURE_OPSET:
        for i, attr in enumerate(node.attribute):
            if attr.name == "dilations":
                if any(v != 1 for v in attr.ints):
                    raise ValueError("AveragePool dilations need opset %d" % FEATURE_OPSET)
                del node.attribute[i]
                break
    del model.opset_import[:]
    model.opset_import.extend([helper.make_opsetid("", opset)])
    model.ir_version = helper.find_min_ir_version_for(list(model.opset_import))
    # The older IR versions require an output shape: declare the rank, sizes left symbolic.
    out_type = model.graph.output[0].type.tensor_type
    out_type.shape.Clear()
    for i, name in enumerate(["N", "C"] + ["Y%d" % (j + 1) for j in range(len(case["input_shape"]))]):
        out_type.shape.dim.add().dim_param = name
    if dynamic:
        dims = model.graph.input[0].type.tensor_type.shape.dim
        for i, dim in enumerate(dims[2:]):
            dim.Clear()
            dim.dim_param = "L%d" % (i + 1)
    onnx.checker.check_model(model)
    return model, feeds


def spatial(y):
    return _onnx_model().spatial(y)
