"""padvec adapter: Keras 3 layers (`keras` package), one backend per worker, CPU, float32.

The backend is chosen by the runtime's `environment: {KERAS_BACKEND: tensorflow|jax|torch}`
(read by keras at import; the adapter never sets it). One layer per case, called directly
(no Model, no compile/predict):
  * conv            keras.layers.Conv1D / Conv2D / Conv3D(filters=1, kernel_size=k, strides=s,
                    padding=..., dilation_rate=d, use_bias=False)
  * conv_transpose  Conv1DTranspose / Conv2DTranspose / Conv3DTranspose(..., output_padding=op)
                    (option output_padding: null = the argument's default None, an int, or a
                    per-axis list)
  * max_pool        MaxPooling1D / 2D / 3D(pool_size=k, strides=s, padding=...)
  * avg_pool        AveragePooling1D / 2D / 3D(pool_size=k, strides=s, padding=...)
Layout: channels_last (explicit data_format); the spatial input becomes x[None, ..., None].
Weights: the layer is built for the input shape and its kernel is set with set_weights: conv
kernel (k..., in=1, out=1), transposed-conv kernel (k..., out=1, in=1) -- identical for one
channel, no axis reversed.
The case's `padding` is the Keras spelling ("valid", "same", "causal"), passed as given.
Pooling layers take no dilation argument: where the case has dilation > 1 it is passed as
`dilation_rate` anyway, so that Keras itself answers. Errors propagate unchanged.
"""
import os
import warnings

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
if os.environ.get("KERAS_BACKEND") == "jax":
    os.environ.setdefault("JAX_PLATFORMS", "cpu")

import numpy as np  # noqa: E402
import keras  # noqa: E402

if keras.backend.backend() == "torch":
    import torch  # noqa: E402
    torch.set_num_threads(1)

# Keras' torch backend warns about its own conv_transpose emulation; not an error.
warnings.filterwarnings("ignore", category=UserWarning)

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
    backend = keras.backend.backend()
    out = {"keras": keras.__version__, "backend": backend, "numpy": np.__version__}
    if backend == "tensorflow":
        import tensorflow as tf
        out["tensorflow"] = tf.__version__
    elif backend == "jax":
        import jax
        out["jax"] = jax.__version__
    elif backend == "torch":
        out["torch"] = torch.__version__
    return out


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
    k = tuple(int(v) for v in case["kernel_shape"])
    s, d = _tuple(case, "stride"), _tuple(case, "dilation")
    x = np.asarray(case["input"], dtype=np.float32)[None, ..., None]
    options = dict(case.get("options") or {})
    common = {"padding": case["padding"], "data_format": "channels_last"}
    if op in ("max_pool", "avg_pool"):
        kwargs = dict(common, pool_size=k, strides=s)
        if max(d) > 1:
            kwargs["dilation_rate"] = d
        layer = cls(**kwargs)
        y = layer(x)
    else:
        kwargs = dict(common, filters=1, kernel_size=k, strides=s, dilation_rate=d,
                      use_bias=False, kernel_initializer="zeros")
        if op == "conv_transpose":
            kwargs["output_padding"] = _option(options.pop("output_padding", None), rank)
        layer = cls(**kwargs)
        layer.build(x.shape)
        w = np.asarray(case["kernel"], dtype=np.float32)[..., None, None]
        layer.set_weights([w])
        y = layer(x)
    options.pop("output_padding", None)
    if options:
        raise ValueError("unknown option(s) %s for keras3 %s" % (sorted(options), op))
    y = np.asarray(keras.ops.convert_to_numpy(y), dtype=np.float64)
    if y.ndim != rank + 2 or y.shape[0] != 1 or y.shape[-1] != 1:
        raise ValueError("unexpected output shape %r" % (y.shape,))
    return y[0, ..., 0]
