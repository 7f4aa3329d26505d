"""padvec adapter: Theano 1.0.5 itself (theano.tensor.nnet / theano.tensor.signal.pool).

Python 3.6 compatible (env .venv-theano); imports only the standard library, numpy and theano.
NB: this module has the framework's name. The worker loads adapters from their file under a
private module name with the adapters folder LAST on sys.path (docs/design.md section 4), so
`import theano` below finds the real package; _import_theano also drops this folder from
sys.path while importing, so running the adapter by hand with the folder first works too.

One padvec case structure becomes one compiled theano.function (default mode: C implementations, CorrMM /
Corr3dMM for convolutions, the C Pool op), NCHW / NCDHW float32, batch 1, one channel:

  * conv -> theano.tensor.nnet.conv2d / conv3d(input, filters, input_shape, filter_shape,
    border_mode, subsample=s, filter_flip, filter_dilation=d). border_mode per padding:
    valid | full | half (the strings), explicit (args symmetric: a tuple of one int per axis),
    explicit_pairs (args asymmetric: a tuple of (before, after) pairs per axis).
    padding `causal` -> theano.tensor.nnet.abstract_conv.causal_conv1d (Theano's only 1-D conv).
    Rank 1 with the other paddings: Theano has no 1-D conv2d; the case runs conv2d on an (n, 1)
    image with a (k, 1) kernel, subsample (s, 1), dilation (d, 1) and per-axis border_mode
    ((pad) -> (pad, 0), (b, a) -> ((b, a), (0, 0))) - exactly how causal_conv1d itself is built;
    every string mode pads nothing on an axis with kernel 1.
  * conv_transpose -> theano.tensor.nnet.conv2d_transpose(input=x, filters, output_shape,
    filter_shape, border_mode, input_dilation=s, filter_flip, filter_dilation) for ranks 1-2
    (it is conv2d_grad_wrt_inputs under another name); Theano 1.0 has no conv3d_transpose, so
    rank 3 calls theano.tensor.nnet.abstract_conv.conv3d_grad_wrt_inputs(output_grad=x, filters,
    input_shape, ...) directly. Theano needs the transposed output shape: the adapter passes
    the smallest shape consistent with the forward conv, (n-1)*s + keff - pad_before -
    pad_after, plus the case option `output_padding` (extra cells, as other frameworks name
    them). Rank 1 as for conv.
  * max_pool / avg_pool -> theano.tensor.signal.pool.pool_2d / pool_3d(input, ws=k,
    ignore_border, stride=s, pad=p, mode); mode 'max' for max_pool, 'average_inc_pad' when the
    option count_include_pad is true else 'average_exc_pad' for avg_pool. Rank 1 runs pool_2d on
    (n, 1) with ws (k, 1), stride (s, 1), pad (p, 0). Pooling has no dilation: when some d != 1
    the adapter passes `dilation=` and Theano raises its own TypeError.

The function takes the input (and kernel) as arguments, so it is compiled once per structure
(shapes, padding, options) and reused for the case's second run and for every case of that
structure (_compiled.GraphCache).
Options (case["options"]): filter_flip (conv, conv_transpose), output_padding (conv_transpose),
ignore_border (pools), count_include_pad (avg_pool). Exceptions propagate unchanged.
The output is returned with batch/channel (and the rank-1 helper axis) removed, as float64.
"""
import os
import sys

os.environ.setdefault("THEANO_FLAGS", "device=cpu,floatX=float32")


def _import_theano():
    here = os.path.dirname(os.path.abspath(__file__))
    saved_path = list(sys.path)
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.getcwd()) != here]
    try:
        import theano as real
        import theano.tensor  # noqa: F401
        import theano.tensor.nnet.abstract_conv  # noqa: F401
        import theano.tensor.signal.pool  # noqa: F401
    finally:
        sys.path[:] = saved_path
    if os.path.dirname(os.path.abspath(real.__file__)) == here:
        raise ImportError("padvec theano adapter: imported itself instead of the real Theano")
    return real


_th = _import_theano()

import numpy as np  # noqa: E402
from _compiled import GraphCache, structure_key  # noqa: E402  (sibling module)

T = _th.tensor
_ac = _th.tensor.nnet.abstract_conv
_pool = _th.tensor.signal.pool


def VERSIONS():
    return {"theano": _th.__version__, "numpy": np.__version__,
            "cxx": str(_th.config.cxx), "floatX": str(_th.config.floatX)}


def _opt(options, name, default):
    v = options.get(name, default)
    return default if v is None else v


def _scalar_bool(v):
    if isinstance(v, (list, tuple)):
        vals = set(bool(x) for x in v)
        if len(vals) != 1:
            raise ValueError("option must be the same on every axis: %r" % (v,))
        return vals.pop()
    return bool(v)


def _per_axis(v, rank):
    if isinstance(v, (list, tuple)):
        return [int(x) for x in v]
    return [int(v)] * rank


def _border_mode(padding, pads, rank):
    if padding in ("valid", "full", "half"):
        return padding
    if padding == "explicit":
        return tuple(int(p[0]) for p in pads)
    if padding == "explicit_pairs":
        return tuple((int(p[0]), int(p[1])) for p in pads)
    raise ValueError("padvec: unknown Theano padding %r" % (padding,))


def _tensor(ndim, name):
    return T.TensorType(_th.config.floatX, (False,) * ndim)(name)


_GRAPHS = GraphCache()


def run(op, case):
    """Compile (or reuse) the function for the case's structure, then run it on its data."""
    f, x_shape, w_shape, squeeze = _GRAPHS.get(structure_key(op, case), lambda: _build(op, case))
    floatx = _th.config.floatX
    args = [np.asarray(case["input"], dtype=floatx).reshape(x_shape)]
    if w_shape is not None:
        args.append(np.asarray(case["kernel"], dtype=floatx).reshape(w_shape))
    out = np.asarray(f(*args), dtype=np.float64)[0, 0]
    if squeeze:
        if out.shape[-1] != 1:
            raise RuntimeError("rank-1 case: the helper axis came back with length %d"
                               % out.shape[-1])
        out = out[..., 0]
    return out


def _build(op, case):
    """(theano function, input shape, kernel shape or None, squeeze the rank-1 helper axis)."""
    n = [int(v) for v in case["input_shape"]]
    rank = len(n)
    k = [int(v) for v in case["kernel_shape"]]
    s = [int(v) for v in (case.get("stride") or [1] * rank)]
    d = [int(v) for v in (case.get("dilation") or [1] * rank)]
    padding = case["padding"]
    pads = case.get("pads")
    options = case.get("options") or {}

    if op in ("conv", "conv_transpose") and padding == "causal":
        if op != "conv" or rank != 1:
            raise ValueError("padvec: causal_conv1d is a rank-1 forward conv only")
        xi = _tensor(3, "x")
        wi = _tensor(3, "w")
        y = _ac.causal_conv1d(xi, wi, filter_shape=(1, 1, k[0]), input_shape=(1, 1, n[0]),
                              subsample=s[0],
                              filter_flip=_scalar_bool(_opt(options, "filter_flip", True)),
                              filter_dilation=d[0])
        return _th.function([xi, wi], y), (1, 1, n[0]), (1, 1, k[0]), False

    squeeze = rank == 1
    if squeeze:
        n, k, s, d = n + [1], k + [1], s + [1], d + [1]
        if pads is not None:
            pads = [list(pads[0]), [0, 0]]
    nd = len(n)
    x_shape = (1, 1) + tuple(n)

    if op in ("conv", "conv_transpose"):
        flip = _scalar_bool(_opt(options, "filter_flip", True))
        bm = _border_mode(padding, pads, nd)
        xi = _tensor(nd + 2, "x")
        wi = _tensor(nd + 2, "w")
        fshape = (1, 1) + tuple(k)
        if op == "conv":
            fn = T.nnet.conv2d if nd == 2 else T.nnet.conv3d
            y = fn(xi, wi, input_shape=(1, 1) + tuple(n), filter_shape=fshape,
                   border_mode=bm, subsample=tuple(s), filter_flip=flip,
                   filter_dilation=tuple(d))
        else:
            extra = _per_axis(_opt(options, "output_padding", 0), rank)
            if squeeze:
                extra = extra + [0]
            out_shape = []
            for a in range(nd):
                keff = (k[a] - 1) * d[a] + 1
                if padding == "valid":
                    b = e = 0
                elif padding == "full":
                    b = e = keff - 1
                elif padding == "half":
                    b = e = keff // 2
                else:
                    b, e = int(pads[a][0]), int(pads[a][1])
                out_shape.append((n[a] - 1) * s[a] + keff - b - e + extra[a])
            if nd == 2:
                y = T.nnet.conv2d_transpose(xi, wi, output_shape=(1, 1) + tuple(out_shape),
                                            filter_shape=fshape, border_mode=bm,
                                            input_dilation=tuple(s), filter_flip=flip,
                                            filter_dilation=tuple(d))
            else:
                y = _ac.conv3d_grad_wrt_inputs(xi, wi, input_shape=(1, 1) + tuple(out_shape),
                                               filter_shape=fshape, border_mode=bm,
                                               subsample=tuple(s), filter_flip=flip,
                                               filter_dilation=tuple(d))
        return _th.function([xi, wi], y), x_shape, fshape, squeeze
    if op in ("max_pool", "avg_pool"):
        if padding != "explicit":
            raise ValueError("padvec: Theano pooling takes explicit pads only, not %r" % padding)
        ignore_border = _scalar_bool(_opt(options, "ignore_border", True))
        if op == "max_pool":
            mode = "max"
        elif _scalar_bool(_opt(options, "count_include_pad", False)):
            mode = "average_inc_pad"
        else:
            mode = "average_exc_pad"
        pad = tuple(int(p[0]) for p in pads) if pads is not None else (0,) * nd
        xi = _tensor(nd + 2, "x")
        fn = _pool.pool_2d if nd == 2 else _pool.pool_3d
        kwargs = dict(ws=tuple(k), ignore_border=ignore_border, stride=tuple(s), pad=pad,
                      mode=mode)
        if any(v != 1 for v in d):
            kwargs["dilation"] = tuple(d)   # no such argument: Theano raises TypeError
        y = fn(xi, **kwargs)
        return _th.function([xi], y), x_shape, None, squeeze
    raise ValueError("unknown op %r" % (op,))
