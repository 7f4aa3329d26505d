"""padvec adapter: onnx.reference.ReferenceEvaluator (the pure-numpy reference runtime shipped
with the onnx package) running a single-node ONNX model built by the sibling module `_onnx_model`
(opset 22, NCHW float32, weight as an initializer). One evaluator per case, nothing cached.

Exceptions propagate unchanged (the reference raises plain Python exceptions: ValueError,
IndexError, RuntimeError, AssertionError, ...).
"""
import numpy as np
import onnx
from onnx.reference import ReferenceEvaluator

import _onnx_model  # sibling helper: the worker appends the adapters folder to sys.path


def VERSIONS():
    return {"onnx": onnx.__version__, "opset": str(_onnx_model.OPSET)}


def run(op, case):
    model, feeds = _onnx_model.build(op, case)
    sess = ReferenceEvaluator(model)
    (y,) = sess.run(["Y"], feeds)
    return _onnx_model.spatial(np.asarray(y, dtype=np.float64))
