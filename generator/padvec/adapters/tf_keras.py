"""padvec adapter: Keras 2 layers on TensorFlow (`tf_keras` package), eager, CPU, float32.

One layer per case, called directly in eager mode (no Model, no compile/predict):
  * conv            tf_keras.layers.Conv1D / Conv2D / Conv3D(filters=1, kernel_size=k,
                    strides=s, padding=..., dilation_rate=d, use_bias=False)
  * conv_transpose  Conv1DTranspose / Conv2DTranspose / Conv3DTranspose(..., output_padding=op)
                    (option output_padding: null = the argument's default None, or a per-axis list)
  * max_pool        MaxPooling1D / 2D / 3D(pool_size=k, strides=s, padding=...)
  * avg_pool        AveragePooling1D / 2D / 3D(pool_size=k, strides=s, padding=...)
Layout: channels_last (the Keras default); the case's spatial input becomes `x[None, ..., None]`.
Weights: the layer is built for the input shape and its kernel is replaced with the case's kernel
via set_weights: conv kernel shape (k..., in=1, out=1), transposed-conv kernel (k..., out=1,
in=1) -- identical for one channel, no axis reversed (Keras/TF conv is a cross-correlation; the
transposed conv is its input gradient, full[i*s + t*d] += x[i]*w[t] with w as stored).
The case's `padding` is the Keras spelling ("valid", "same", "causal"), passed as given.
Pooling layers take no dilation argument: where the case has dilation > 1 it is passed as
`dilation_rate` anyway, so Keras itself raises its TypeError. Constructor, build and call errors
propagate unchanged.

oneDNN: the adapter never touches TF_ENABLE_ONEDNN_OPTS; the spec runs it with the host default
(runtime `tf_keras`) and with `environment: {TF_ENABLE_ONEDNN_OPTS: "0"}` (runtime
`tf_keras_eigen`), set by the worker before TensorFlow is imported.
"""
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402  (the worker loads this file under a private name)
import tf_keras as keras  # noqa: E402

layers = keras.layers

_CLASSES = {
    "conv": {1: layers.Conv1D, 2: layers.Conv2D, 3: layers.Conv3D},
    "conv_transpose": {1: layers.Conv1DTranspose, 2: layers.Conv2DTranspose,
                       3: layers.Conv3DTranspose},
    "max_pool": {1: layers.MaxPooling1D, 2: layers.MaxPooling2D, 3: layers.MaxPooling3D},
    "avg_pool": {1: layers.AveragePooling1D, 2: layers.AveragePooling2D,
                 3: layers.AveragePooling3D},
}


def VERSIONS():
    try:
        from tensorflow.python.util import _pywrap_util_port
        onednn = str(bool(_pywrap_util_port.IsMklEnabled())).lower()
    except Exception:  # pragma: no cover
        onednn = "unknown"
    return {"tf_keras": keras.__version__, "tensorflow": tf.__version__, "onednn": onednn,
            "TF_ENABLE_ONEDNN_OPTS": os.environ.get("TF_ENABLE_ONEDNN_OPTS", "(unset)")}


def _tuple(case, key):
    rank = len(case["input_shape"])
    vals = case.get(key) or [1] * rank
    return tuple(int(v) for v in vals)


def _option(value, rank):
    if value is None:
        return None
    if isinstance(value, list):
        return tuple(int(v) for v in value)
    return (int(value),) * rank


def run(op, case):
    rank = len(case["input_shape"])
    cls = _CLASSES[op][rank]
    k, s, d = tuple(case["kernel_shape"]), _tuple(case, "stride"), _tuple(case, "dilation")
    x = np.asarray(case["input"], dtype=np.float32)[None, ..., None]
    options = case.get("options") or {}
    if op in ("max_pool", "avg_pool"):
        kwargs = {"pool_size": k, "strides": s, "padding": case["padding"]}
        if max(d) > 1:
            kwargs["dilation_rate"] = d
        layer = cls(**kwargs)
        y = layer(tf.constant(x))
    else:
        kwargs = {"filters": 1, "kernel_size": k, "strides": s, "padding": case["padding"],
                  "dilation_rate": d, "use_bias": False, "kernel_initializer": "zeros"}
        if op == "conv_transpose":
            kwargs["output_padding"] = _option(options.get("output_padding"), rank)
        layer = cls(**kwargs)
        layer.build(x.shape)
        w = np.asarray(case["kernel"], dtype=np.float32)[..., None, None]
        layer.set_weights([w])
        y = layer(tf.constant(x))
    return np.asarray(y.numpy()[0, ..., 0], dtype=np.float64)
