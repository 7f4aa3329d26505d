"""padvec adapter: Apache MXNet 1.x imperative operators (mxnet.nd), CPU, float32.

Runs in its own environment (.venv-mxnet, env `mxnet`): mxnet==1.9.1 imports only with
numpy < 1.24 (numpy==1.23.5 there). Layout NC(D)(H)W: the spatial input becomes (1, 1, *n) and
the kernel the weight (1, 1, *k) (num_filter=1, no_bias=True). One padvec case becomes one call:

  * conv            mx.nd.Convolution(x, w, kernel=k, stride=s, dilate=d, pad=p, num_filter=1,
                    no_bias=True)
  * conv_transpose  mx.nd.Deconvolution(x, w, kernel=k, stride=s, dilate=d, pad=p, adj=adj,
                    num_filter=1, no_bias=True)   (option adj, int or per-axis list)
  * max_pool        mx.nd.Pooling(x, kernel=k, stride=s, pad=p, pool_type='max',
                    pooling_convention=<the case's padding: valid | full | same>)
  * avg_pool        the same with pool_type='avg' and count_include_pad (option)
    Pooling has no dilation: where some d != 1 the adapter passes `dilate=` anyway so that the
    operator's parameter parser gives its own answer (MXNetError).
`pad` is always the per-axis tuple of the case's (symmetric) pads, zeros where the case has
none - also for pooling_convention 'same', whose 1-D form MXNet 1.9.1 itself refuses (recorded
as a deviation in spec/mxnet.yaml).
Exceptions (mxnet.base.MXNetError) propagate unchanged. Output: y[0, 0] as float64.
"""
import numpy as np
import mxnet as mx


def VERSIONS():
    return {"mxnet": mx.__version__, "numpy": np.__version__}


def _axes(case, key, rank):
    return tuple(int(v) for v in (case.get(key) or [1] * rank))


def _per_axis(value, rank):
    if isinstance(value, (list, tuple)):
        return tuple(int(v) for v in value)
    return (int(value),) * rank


def _nd(values, shape):
    return mx.nd.array(np.asarray(values, dtype=np.float32).reshape((1, 1) + tuple(shape)),
                       dtype=np.float32)


def run(op, case):
    n = tuple(int(v) for v in case["input_shape"])
    rank = len(n)
    k = tuple(int(v) for v in case["kernel_shape"])
    s, d = _axes(case, "stride", rank), _axes(case, "dilation", rank)
    options = dict(case.get("options") or {})
    pads = case.get("pads") or [[0, 0]] * rank
    for b, a in pads:
        if b != a:
            raise ValueError("mxnet pad is symmetric; got pads %r" % (pads,))
    p = tuple(int(b) for b, _ in pads)
    x = _nd(case["input"], n)
    if op in ("conv", "conv_transpose"):
        if case["padding"] != "explicit":
            raise ValueError("unknown padding %r for mxnet %s" % (case["padding"], op))
        w = _nd(case["kernel"], k)
        kw = dict(kernel=k, stride=s, dilate=d, pad=p, num_filter=1, no_bias=True)
        if op == "conv":
            y = mx.nd.Convolution(x, w, **kw)
        else:
            y = mx.nd.Deconvolution(x, w, adj=_per_axis(options.get("adj", 0) or 0, rank), **kw)
    elif op in ("max_pool", "avg_pool"):
        kw = dict(kernel=k, stride=s, pad=p, pool_type="max" if op == "max_pool" else "avg",
                  pooling_convention=case["padding"])
        if any(v != 1 for v in d):
            kw["dilate"] = d  # no such parameter: let the operator reject it
        if op == "avg_pool":
            kw["count_include_pad"] = bool(options.get("count_include_pad", True))
        y = mx.nd.Pooling(x, **kw)
    else:
        raise ValueError("unknown op %r for mxnet" % (op,))
    y = y.asnumpy()
    return y.reshape(y.shape[2:]).astype(np.float64)
