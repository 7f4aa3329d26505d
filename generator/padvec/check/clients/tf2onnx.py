"""padvec client: tf2onnx (TensorFlow -> ONNX), the converted model run in onnxruntime.

Consumes the `tensorflow` vectors: each case becomes the TensorFlow call that
padvec/adapters/tensorflow.py makes (tf.nn.conv1d/2d/3d or tf.nn.convolution, the pools,
tf.nn.conv*_transpose, tf.pad; channels-last, batch 1, channel 1), wrapped in a tf.function whose
input is the case's input (weights are constants). tf2onnx.convert.from_function turns it into
an ONNX model (opset 13, tf2onnx's default) and onnxruntime runs it on CPU.

--dynamic: the tf.function's input signature has None for every spatial dim, so tf2onnx cannot
bake the export size into the pads (the classic SAME bug); each distinct function is converted
once and run at every input length of the cases sharing its other parameters. The transposed
convolutions take a fixed `output_shape`, so they are `unsupported` in that mode.

Run: PYTHONPATH=generator .venv-clients-tf/bin/python -m padvec.check.clients.tf2onnx [--dynamic]
"""
import json
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402

from ._serve import Unsupported, dynamic_flag, main, tool  # noqa: E402

OPSET = 13
OPS = ["conv", "conv_transpose", "max_pool", "avg_pool", "pad"]
_POOL_NAMES = {"max_pool": ("MAX", "max_pool%dd"), "avg_pool": ("AVG", "avg_pool%dd")}


def _axes(case, key):
    rank = len(case["input_shape"])
    return [int(v) for v in (case.get(key) or [1] * rank)]


def _padding(case):
    if case["padding"] == "explicit":
        return [[0, 0]] + [[int(b), int(a)] for b, a in case["pads"]] + [[0, 0]]
    return case["padding"]


def layer_fn(tf, op, case):
    """The TensorFlow call of one case as a function of the NWC/NHWC/NDHWC input."""
    rank = len(case["input_shape"])
    generic = bool((case.get("options") or {}).get("generic", False))
    s, d = _axes(case, "stride"), _axes(case, "dilation")
    if op == "pad":
        pads = [[0, 0]] + [[int(b), int(a)] for b, a in case["pads"]] + [[0, 0]]
        return lambda x: tf.pad(x, pads, mode=case["padding"])
    pad = _padding(case)
    if op in ("conv", "conv_transpose"):
        # numpy, not tf.constant: traced inside the function it becomes a graph constant
        w = np.asarray(case["kernel"], dtype=np.float32)[..., None, None]
    if op == "conv":
        if generic:
            return lambda x: tf.nn.convolution(x, w, strides=s, padding=pad, dilations=d)
        if rank == 3:
            return lambda x: tf.nn.conv3d(x, w, strides=[1] + s + [1], padding=pad,
                                          dilations=[1] + d + [1])
        fn = tf.nn.conv1d if rank == 1 else tf.nn.conv2d
        key = "stride" if rank == 1 else "strides"
        return lambda x: fn(x, w, padding=pad, dilations=d, **{key: s})
    if op == "conv_transpose":
        os_ = case["options"]["output_shape"]
        os_ = os_ if isinstance(os_, list) else [os_] * rank
        shape = [1] + [int(v) for v in os_] + [1]
        fn = tf.nn.conv_transpose if generic else getattr(tf.nn, "conv%dd_transpose" % rank)
        return lambda x: fn(x, w, shape, strides=s, padding=pad, dilations=d)
    kind, name = _POOL_NAMES[op]
    k = [int(v) for v in case["kernel_shape"]]
    if generic:
        return lambda x: tf.nn.pool(x, window_shape=k, pooling_type=kind, strides=s,
                                    padding=pad, dilations=d)
    extra = {"dilations": d} if max(d) > 1 else {}
    fn = getattr(tf.nn, name % rank)
    return lambda x: fn(x, ksize=k, strides=s, padding=pad, **extra)


class Tf2Onnx:
    def __init__(self, argv=None):
        self.dynamic = dynamic_flag(argv)
        import onnxruntime
        import tensorflow as tf
        import tf2onnx
        self.tf, self.tf2onnx, self.ort = tf, tf2onnx, onnxruntime
        self._cache = {}

    def describe(self):
        from importlib.metadata import version
        deps = {"tf2onnx": self.tf2onnx.__version__, "tensorflow": self.tf.__version__,
                "onnxruntime": self.ort.__version__, "onnx": version("onnx"),
                "opset": str(OPSET)}
        return {"name": "tf2onnx" + (" (dynamic spatial dims)" if self.dynamic else ""),
                "version": deps["tf2onnx"], "language": "python",
                "homepage": "https://github.com/onnx/tf2onnx",
                "issues": "https://github.com/onnx/tf2onnx/issues",
                "systems": ["tensorflow"], "ops": list(OPS), "dependencies": deps}

    def _session(self, op, case):
        tf = self.tf
        rank = len(case["input_shape"])
        dims = [None] * rank if self.dynamic else [int(v) for v in case["input_shape"]]
        fn = layer_fn(tf, op, case)  # harness side: a bad case is our bug, not tf2onnx's
        spec = (tf.TensorSpec([1] + dims + [1], tf.float32, name="x"),)
        with tool():
            model, _ = self.tf2onnx.convert.from_function(
                tf.function(fn), input_signature=spec, opset=OPSET)
            so = self.ort.SessionOptions()
            so.intra_op_num_threads = so.inter_op_num_threads = 1
            so.log_severity_level = 4
            return self.ort.InferenceSession(model.SerializeToString(), so,
                                             providers=["CPUExecutionProvider"])

    def run(self, system, op, case):
        if system != "tensorflow":
            raise Unsupported("tf2onnx converts TensorFlow; system %r is not tensorflow" % system)
        if op not in OPS:
            raise Unsupported("op %r has no TensorFlow call here" % (op,))
        if self.dynamic and op == "conv_transpose":
            raise Unsupported("tf.nn.conv*_transpose takes a fixed output_shape")
        sess = None
        if self.dynamic:
            key = json.dumps([op, {k: v for k, v in case.items()
                                   if k not in ("input", "input_shape", "expect", "id", "slug",
                                                "comment", "flags", "deviations")}],
                             sort_keys=True)
            sess = self._cache.get(key)
        if sess is None:
            sess = self._session(op, case)
            if self.dynamic:
                self._cache = {key: sess}
        x = np.asarray(case["input"], dtype=np.float32)[None, ..., None]
        with tool():
            (y,) = sess.run(None, {sess.get_inputs()[0].name: x})
        y = np.asarray(y, dtype=np.float64)
        if y.shape[0] != 1 or y.shape[-1] != 1:
            raise ValueError("unexpected output shape %r" % (y.shape,))
        return y[0, ..., 0]


if __name__ == "__main__":
    main(Tf2Onnx())
