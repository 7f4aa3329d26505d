"""padvec adapter: Keras 2 layers on the Theano backend (Keras 2.2.4 / 2.0.8, Theano 1.0.5).

Python 3.6 compatible (the env is .venv-theano or .venv-keras208); imports only the standard
library, numpy, keras and theano.

One padvec case becomes one single-layer `keras.models.Sequential` model, built once per case
structure (shapes, padding, options) and reused, with the case's kernel loaded by `set_weights`,
for the case's second run and every case of that structure (_compiled.GraphCache):

  * layout: `channels_last` (the Keras default): input (1, *n, 1), kernel (*k, 1, 1) (Conv*:
    (*k, in, out); Conv*Transpose: (*k, out, in); identical for one channel), no bias;
    the case's kernel is loaded with `set_weights` exactly as given (no flip: the flip that
    Theano's conv2d applies is part of what is tested, see spec `flip_kernel`);
  * op conv -> Conv1D / Conv2D / Conv3D(filters=1, kernel_size=k, strides=s, padding,
    dilation_rate=d); `padding` is the Keras spelling (valid, same, full, causal);
  * op conv_transpose -> Conv2DTranspose / Conv3DTranspose. Keras 2.2.4 has no Conv1DTranspose;
    a rank-1 case runs Conv2DTranspose on an (n, 1) image with kernel (k, 1), stride (s, 1),
    dilation (d, 1) (the real axis first, exactly as the Keras Theano backend itself runs Conv1D:
    `conv1d` = expand_dims(x, 2) + conv2d). The size-1 axis has k=1, so no padding mode pads it.
    Option `output_padding` (null = argument not passed) is passed per axis ((op, 0) for rank 1).
    `dilation_rate` is passed only when some d != 1 (Conv3DTranspose has no such argument);
  * op max_pool / avg_pool -> MaxPooling1D/2D/3D, AveragePooling1D/2D/3D(pool_size=k, strides=s,
    padding). Keras pooling layers have no dilation: when some d != 1 the adapter passes
    `dilation_rate=d` anyway and Keras raises its own TypeError ("Keyword argument not
    understood"), which is the real answer of the public API.

The forward pass is `model.predict` (float32). Exceptions from layer construction, graph building
or the Theano function propagate unchanged.
The output is returned with batch and channel dims removed (and the size-1 axis of the rank-1
transposed conv removed), as float64.
"""
import os

os.environ.setdefault("KERAS_BACKEND", "theano")
os.environ.setdefault("THEANO_FLAGS", "device=cpu,floatX=float32")

import numpy as np  # noqa: E402
import theano  # noqa: E402,F401
import keras  # noqa: E402
from keras import layers  # noqa: E402
from keras.models import Sequential  # noqa: E402
from _compiled import GraphCache, structure_key  # noqa: E402  (sibling module)

if keras.backend.backend() != "theano":
    raise RuntimeError("keras_theano adapter needs KERAS_BACKEND=theano, got %r"
                       % keras.backend.backend())
keras.backend.set_image_data_format("channels_last")


def VERSIONS():
    return {"keras": keras.__version__, "theano": theano.__version__,
            "numpy": np.__version__, "keras_backend": keras.backend.backend()}


_CONV = {1: "Conv1D", 2: "Conv2D", 3: "Conv3D"}
_CONVT = {1: "Conv2DTranspose", 2: "Conv2DTranspose", 3: "Conv3DTranspose"}
_MAX = {1: "MaxPooling1D", 2: "MaxPooling2D", 3: "MaxPooling3D"}
_AVG = {1: "AveragePooling1D", 2: "AveragePooling2D", 3: "AveragePooling3D"}


def _per_axis(value, rank):
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, (list, tuple)):
        if len(value) != rank:
            raise ValueError("per-axis option %r does not have %d entries" % (value, rank))
        return tuple(int(v) for v in value)
    return (int(value),) * rank


def _single(values, rank):
    """Keras 1-D layers take ints; N-D layers take tuples."""
    return values[0] if rank == 1 else tuple(values)


def _build(op, case):
    """(model with a compiled predict function, input shape, kernel shape or None,
    squeeze the rank-1 helper axis)."""
    n = [int(v) for v in case["input_shape"]]
    rank = len(n)
    k = [int(v) for v in case["kernel_shape"]]
    s = [int(v) for v in (case.get("stride") or [1] * rank)]
    d = [int(v) for v in (case.get("dilation") or [1] * rank)]
    padding = case["padding"]
    options = case.get("options") or {}
    squeeze_last = False

    if op == "conv":
        cls = getattr(layers, _CONV[rank])
        kwargs = dict(filters=1, kernel_size=_single(k, rank), strides=_single(s, rank),
                      padding=padding, use_bias=False)
        if any(v != 1 for v in d):
            kwargs["dilation_rate"] = _single(d, rank)
        layer = cls(input_shape=tuple(n) + (1,), **kwargs)
        kernel_shape = tuple(k)
    elif op == "conv_transpose":
        cls = getattr(layers, _CONVT[rank])
        kernel_shape = tuple(k)
        op_opt = options.get("output_padding")
        if rank == 1:
            n, k, s, d = n + [1], k + [1], s + [1], d + [1]
            kernel_shape = tuple(k)
            squeeze_last = True
            if op_opt is not None:
                op_opt = _per_axis(op_opt, 1) + (0,)
        elif op_opt is not None:
            op_opt = _per_axis(op_opt, rank)
        kwargs = dict(filters=1, kernel_size=tuple(k), strides=tuple(s), padding=padding,
                      use_bias=False)
        if op_opt is not None:
            kwargs["output_padding"] = op_opt
        if any(v != 1 for v in d):
            kwargs["dilation_rate"] = tuple(d)
        layer = cls(input_shape=tuple(n) + (1,), **kwargs)
    elif op in ("max_pool", "avg_pool"):
        cls = getattr(layers, (_MAX if op == "max_pool" else _AVG)[rank])
        kwargs = dict(pool_size=_single(k, rank), strides=_single(s, rank), padding=padding)
        if any(v != 1 for v in d):
            kwargs["dilation_rate"] = _single(d, rank)   # Keras raises TypeError
        layer = cls(input_shape=tuple(n) + (1,), **kwargs)
        kernel_shape = None
    else:
        raise ValueError("unknown op %r" % (op,))

    # Keras compiles the predict function on the model's first predict and keeps it (a compile
    # that raises leaves none, so the next predict tries again and raises again).
    return Sequential([layer]), (1,) + tuple(n) + (1,), kernel_shape, squeeze_last


_MODELS = GraphCache()


def run(op, case):
    """Build (or reuse) the model for the case's structure, load its kernel, predict."""
    model, x_shape, kernel_shape, squeeze_last = _MODELS.get(structure_key(op, case),
                                                             lambda: _build(op, case))
    if kernel_shape is not None:
        kernel = np.asarray(case["kernel"], dtype=np.float32).reshape(kernel_shape + (1, 1))
        model.layers[0].set_weights([kernel])
    x = np.asarray(case["input"], dtype=np.float32).reshape(x_shape)
    y = model.predict(x, batch_size=1)
    y = np.asarray(y, dtype=np.float64)[0, ..., 0]
    if squeeze_last:
        if y.shape[-1] != 1:
            raise RuntimeError("rank-1 transposed conv: the size-1 axis came back with length %d"
                               % y.shape[-1])
        y = y[..., 0]
    return y
