"""padvec adapter: TensorFlow core ops (`tf.nn`), eager mode, CPU, float32.

Layout: channels-last (NWC / NHWC / NDHWC); the case's spatial input gets batch 1 and channel 1
(`x[None, ..., None]`), the kernel becomes `(k..., 1, 1)` (conv: `[k..., in, out]`, transposed
conv: `[k..., out, in]`, identical for one channel). The spatial output is `y[0, ..., 0]`.

Calls (public API only; whatever TensorFlow raises propagates unchanged):
  * conv            option generic=false: tf.nn.conv1d / conv2d / conv3d (rank-specific API)
                    option generic=true:  tf.nn.convolution
  * conv_transpose  generic=false: tf.nn.conv1d_transpose / conv2d_transpose / conv3d_transpose
                    generic=true:  tf.nn.conv_transpose
                    option output_shape (per-axis list) is the required `output_shape` argument
  * max_pool        generic=false: tf.nn.max_pool1d / max_pool2d / max_pool3d
  * avg_pool        generic=false: tf.nn.avg_pool1d / avg_pool2d / avg_pool3d
  * pad             tf.pad(x, [[0, 0], [b, a], ..., [0, 0]], mode=<the case's padding>)
                    generic=true (both pools): tf.nn.pool(pooling_type="MAX"|"AVG")
Padding: the case's `padding` is TF's own spelling, "SAME" or "VALID", passed as the string; the
padding named "explicit" passes the case's `pads` as TF's explicit list
`[[0, 0], [b1, a1], ..., [0, 0]]`. `dilations` is passed only where a dilation is > 1 (the
rank-specific pooling functions have no such argument: Python raises its own TypeError there).

oneDNN: TensorFlow's x86 Linux wheels enable the oneDNN ("MKL") kernels by default on CPUs with
AVX512_VNNI / AVX512_BF16 / AMX, and several results differ from the plain Eigen kernels (see
docs/findings/tensorflow.md). The adapter itself never touches TF_ENABLE_ONEDNN_OPTS: the spec
runs it twice, once with the host default (runtime `tensorflow`) and once with the runtime's
`environment: {TF_ENABLE_ONEDNN_OPTS: "0"}` (runtime `tensorflow_eigen`); the worker sets that
variable before this module (and so TensorFlow) is imported. VERSIONS() reports which kernels ran.
"""
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402  (the worker loads this file under a private name)


def VERSIONS():
    from tensorflow.python.util import _pywrap_util_port  # noqa: F401  (real package)
    try:
        onednn = bool(_pywrap_util_port.IsMklEnabled())
    except Exception:  # pragma: no cover - older/newer layouts
        onednn = None
    return {"tensorflow": tf.__version__, "onednn": str(onednn).lower(),
            "TF_ENABLE_ONEDNN_OPTS": os.environ.get("TF_ENABLE_ONEDNN_OPTS", "(unset)")}


def _axes(case, key, default=1):
    rank = len(case["input_shape"])
    vals = case.get(key) or [default] * rank
    return [int(v) for v in vals]


def _padding(case):
    name = case["padding"]
    if name == "explicit":
        return [[0, 0]] + [[int(b), int(a)] for b, a in case["pads"]] + [[0, 0]]
    return name


def _generic(case):
    return bool((case.get("options") or {}).get("generic", False))


def _spatial(y):
    y = y.numpy()
    return np.asarray(y[0, ..., 0], dtype=np.float64)


def _conv(case):
    rank = len(case["input_shape"])
    x = tf.constant(np.asarray(case["input"], dtype=np.float32)[None, ..., None])
    w = tf.constant(np.asarray(case["kernel"], dtype=np.float32)[..., None, None])
    s, d, pad = _axes(case, "stride"), _axes(case, "dilation"), _padding(case)
    if _generic(case):
        return tf.nn.convolution(x, w, strides=s, padding=pad, dilations=d)
    if rank == 1:
        return tf.nn.conv1d(x, w, stride=s, padding=pad, dilations=d)
    if rank == 2:
        return tf.nn.conv2d(x, w, strides=s, padding=pad, dilations=d)
    return tf.nn.conv3d(x, w, strides=[1] + s + [1], padding=pad, dilations=[1] + d + [1])


def _conv_transpose(case):
    rank = len(case["input_shape"])
    x = tf.constant(np.asarray(case["input"], dtype=np.float32)[None, ..., None])
    w = tf.constant(np.asarray(case["kernel"], dtype=np.float32)[..., None, None])
    s, d, pad = _axes(case, "stride"), _axes(case, "dilation"), _padding(case)
    os_ = case["options"]["output_shape"]
    if not isinstance(os_, list):
        os_ = [os_] * rank
    output_shape = [1] + [int(v) for v in os_] + [1]
    if _generic(case):
        return tf.nn.conv_transpose(x, w, output_shape, strides=s, padding=pad, dilations=d)
    if rank == 1:
        return tf.nn.conv1d_transpose(x, w, output_shape, strides=s, padding=pad, dilations=d)
    if rank == 2:
        return tf.nn.conv2d_transpose(x, w, output_shape, strides=s, padding=pad, dilations=d)
    return tf.nn.conv3d_transpose(x, w, output_shape, strides=s, padding=pad, dilations=d)


_POOLS = {
    "max_pool": ("MAX", {1: "max_pool1d", 2: "max_pool2d", 3: "max_pool3d"}),
    "avg_pool": ("AVG", {1: "avg_pool1d", 2: "avg_pool2d", 3: "avg_pool3d"}),
}


def _pool(op, case):
    rank = len(case["input_shape"])
    x = tf.constant(np.asarray(case["input"], dtype=np.float32)[None, ..., None])
    k, s, d = list(case["kernel_shape"]), _axes(case, "stride"), _axes(case, "dilation")
    pad = _padding(case)
    kind, names = _POOLS[op]
    if _generic(case):
        return tf.nn.pool(x, window_shape=k, pooling_type=kind, strides=s, padding=pad,
                          dilations=d)
    fn = getattr(tf.nn, names[rank])
    extra = {"dilations": d} if max(d) > 1 else {}
    return fn(x, ksize=k, strides=s, padding=pad, **extra)


def _pad(case):
    """tf.pad with the case's pads and the mode named by the padding (CONSTANT, REFLECT, ...)."""
    x = tf.constant(np.asarray(case["input"], dtype=np.float32)[None, ..., None])
    return tf.pad(x, _padding(dict(case, padding="explicit")), mode=case["padding"])


def run(op, case):
    if op == "pad":
        return _spatial(_pad(case))
    if op == "conv":
        y = _conv(case)
    elif op == "conv_transpose":
        y = _conv_transpose(case)
    elif op in _POOLS:
        y = _pool(op, case)
    else:
        raise ValueError("unknown op %r" % (op,))
    return _spatial(y)
