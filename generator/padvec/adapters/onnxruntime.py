"""padvec adapter: onnxruntime (CPU execution provider) running a single-node ONNX model.

The model is built by the sibling module `_onnx_model` (opset 22, NCHW float32, weight as an
initializer). One InferenceSession per case, nothing cached across cases.

Session choices (see docs/findings/onnx.md):
  * graph optimizations: the library default (ORT_ENABLE_ALL), i.e. what a user gets. The NCHWc
    transformer does rewrite the 2-D Conv node (error messages then name the node 'Y_nchwc'); the
    whole onnx vector set gives the identical verify result with ORT_DISABLE_ALL (set
    PADVEC_ORT_OPT=disable to run that way);
  * one intra-op and one inter-op thread (deterministic, small machine);
  * log severity 4 (fatal only): ORT logs every failing kernel and warns when its output shape
    differs from the shape onnx inference recorded (expected for known ConvTranspose cases); the
    exception itself carries the message.
Exceptions from session creation (graph/shape-inference errors) or from run() propagate unchanged
(classes from onnxruntime.capi.onnxruntime_pybind11_state: Fail, InvalidArgument,
RuntimeException, ...).

Name: this module shares its name with the package. The worker loads adapters from their file
under a private module name and appends the adapters folder LAST to sys.path, so the plain
`import onnxruntime` below gets the real package, and `import _onnx_model` the sibling helper.
"""
import os

import numpy as np
import onnxruntime as ort

import _onnx_model

if os.path.dirname(os.path.abspath(getattr(ort, "__file__", "") or "")) == \
        os.path.dirname(os.path.abspath(__file__)):
    # Only possible when the real package is missing and this folder is on sys.path.
    raise ImportError("the onnxruntime package is not installed in this environment")

_InferenceSession = ort.InferenceSession
_SessionOptions = ort.SessionOptions
_DISABLE_ALL = ort.GraphOptimizationLevel.ORT_DISABLE_ALL


def VERSIONS():
    import onnx
    return {"onnxruntime": ort.__version__, "onnx": onnx.__version__,
            "opset": str(_onnx_model.OPSET)}


def _session_options():
    so = _SessionOptions()
    if os.environ.get("PADVEC_ORT_OPT") == "disable":
        so.graph_optimization_level = _DISABLE_ALL
    so.intra_op_num_threads = 1
    so.inter_op_num_threads = 1
    so.log_severity_level = 4
    return so


def run(op, case):
    model, feeds = _onnx_model.build(op, case)
    sess = _InferenceSession(model.SerializeToString(), _session_options(),
                             providers=["CPUExecutionProvider"])
    (y,) = sess.run(["Y"], feeds)
    return _onnx_model.spatial(np.asarray(y, dtype=np.float64))
