"""padvec adapter: TensorFlow Lite builtin kernels (tf.lite.TFLiteConverter + tf.lite.Interpreter).

One padvec case becomes one tiny TFLite model, converted once per case structure and kernel
(the case's second run and any equal case reuse the flatbuffer, _compiled.GraphCache; each run
gets its own interpreter):

  * a tf.function with a fixed input signature (1, *n, 1) (channels-last, batch 1, channel 1)
    whose body is the rank-specific tf.nn call, the kernel a constant (k..., 1, 1):
      conv            tf.nn.conv1d / conv2d / conv3d(x, w, strides, padding, dilations)
      conv_transpose  tf.nn.conv1d_transpose / conv2d_transpose / conv3d_transpose
                      (option output_shape = the per-axis `output_shape` argument)
      max_pool        tf.nn.max_pool1d / max_pool2d / max_pool3d(x, ksize, strides, padding)
      avg_pool        tf.nn.avg_pool1d / avg_pool2d / avg_pool3d
    (`dilations` is passed only where a dilation is > 1: the pool functions have none, and
    Python raises its own TypeError);
  * converted with tf.lite.TFLiteConverter.from_concrete_functions (builtin ops only:
    target_spec.supported_ops = [TFLITE_BUILTINS], no Select TF ops), so conv1d becomes
    RESHAPE + CONV_2D + RESHAPE, conv2d CONV_2D, conv3d CONV_3D, the transposes TRANSPOSE_CONV /
    CONV_3D_TRANSPOSE, the pools MAX_POOL_2D / AVERAGE_POOL_2D (and the custom MaxPool3D /
    AveragePool3D kernels of the builtin resolver);
  * run in tf.lite.Interpreter. Runtime `tflite` (default) uses the plain builtin kernels
    (OpResolverType.BUILTIN_WITHOUT_DEFAULT_DELEGATES: no XNNPACK delegate); when the
    environment variable PADVEC_TFLITE_XNNPACK=1 is set (runtime `tflite_xnnpack`) the
    interpreter keeps its default delegate (XNNPACK), which is what an unconfigured
    tf.lite.Interpreter / LiteRT uses on CPU.

Padding is TFLite's own spelling "SAME" / "VALID" (the only two values of the builtin
Padding enum). Conversion errors (ConverterError) and interpreter errors (RuntimeError /
ValueError) propagate unchanged. The output is y[0, ..., 0] as float64.
"""
import os
import warnings

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from _compiled import GraphCache, structure_key  # noqa: E402  (sibling module)

warnings.filterwarnings("ignore", message=r"(?s).*tf.lite.Interpreter is deprecated")

_XNNPACK = os.environ.get("PADVEC_TFLITE_XNNPACK", "0") == "1"


def VERSIONS():
    return {"tensorflow": tf.__version__, "numpy": np.__version__,
            "delegate": "xnnpack" if _XNNPACK else "none (builtin kernels)"}


def _axes(case, key):
    rank = len(case["input_shape"])
    return [int(v) for v in (case.get(key) or [1] * rank)]


def _body(op, case):
    rank = len(case["input_shape"])
    s, d = _axes(case, "stride"), _axes(case, "dilation")
    pad = case["padding"]
    k = [int(v) for v in case["kernel_shape"]]
    dil = {"dilations": d} if max(d) > 1 else {}
    if op in ("conv", "conv_transpose"):
        w = tf.constant(np.asarray(case["kernel"], dtype=np.float32)[..., None, None])
    if op == "conv":
        if rank == 1:
            return lambda x: tf.nn.conv1d(x, w, stride=s, padding=pad, dilations=d)
        if rank == 2:
            return lambda x: tf.nn.conv2d(x, w, strides=s, padding=pad, dilations=d)
        return lambda x: tf.nn.conv3d(x, w, strides=[1] + s + [1], padding=pad,
                                      dilations=[1] + d + [1])
    if op == "conv_transpose":
        os_ = case["options"]["output_shape"]
        if not isinstance(os_, list):
            os_ = [os_] * rank
        oshape = [1] + [int(v) for v in os_] + [1]
        fn = {1: tf.nn.conv1d_transpose, 2: tf.nn.conv2d_transpose,
              3: tf.nn.conv3d_transpose}[rank]
        return lambda x: fn(x, w, oshape, strides=s, padding=pad, dilations=d)
    if op in ("max_pool", "avg_pool"):
        fn = getattr(tf.nn, "%s%dd" % (op, rank))
        return lambda x: fn(x, ksize=k, strides=s, padding=pad, **dil)
    raise ValueError("unknown op %r" % (op,))


def convert(op, case):
    """The .tflite flatbuffer for one case (public converter API)."""
    n = [int(v) for v in case["input_shape"]]
    body = _body(op, case)
    fn = tf.function(body, autograph=False, input_signature=[tf.TensorSpec([1] + n + [1], tf.float32)])
    conc = fn.get_concrete_function()
    conv = tf.lite.TFLiteConverter.from_concrete_functions([conc], fn)
    conv.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS]
    return conv.convert()


def interpreter(model):
    if _XNNPACK:
        it = tf.lite.Interpreter(model_content=model)
    else:
        it = tf.lite.Interpreter(
            model_content=model,
            experimental_op_resolver_type=(
                tf.lite.experimental.OpResolverType.BUILTIN_WITHOUT_DEFAULT_DELEGATES))
    it.allocate_tensors()
    return it


_MODELS = GraphCache()


def run(op, case):
    # Convert once per structure and kernel (a constant in the flatbuffer); every run gets a
    # fresh interpreter.
    key = structure_key(op, case, case.get("kernel") if op in ("conv", "conv_transpose") else None)
    model = _MODELS.get(key, lambda: convert(op, case))
    it = interpreter(model)
    inp = it.get_input_details()[0]
    out = it.get_output_details()[0]
    x = np.asarray(case["input"], dtype=np.float32)[None, ..., None]
    it.set_tensor(inp["index"], x)
    it.invoke()
    y = np.array(it.get_tensor(out["index"]), dtype=np.float64)
    rank = len(case["input_shape"])
    if y.ndim != rank + 2 or y.shape[0] != 1 or y.shape[-1] != 1:
        raise ValueError("unexpected output shape %r" % (y.shape,))
    return y[0, ..., 0]
