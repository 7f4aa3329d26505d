"""padvec adapter: NumPy's 1-D numpy.convolve / numpy.correlate, float64.

One padvec case becomes one call:

  * the case's input is `a` (first argument), its kernel is `v` (second argument), both 1-D
    float64 arrays (exact for the small integers of the vectors);
  * option `function` picks the function: 0 = numpy.convolve(a, v, mode),
    1 = numpy.correlate(a, v, mode);
  * the case's padding name is the mode: 'full' | 'same' | 'valid'.

NumPy has no stride, no dilation and no N-D version. A case with a stride or dilation other
than 1 passes them anyway, as the keywords `stride=` / `dilation=`, so that the public API gives
its own answer (TypeError "convolve() got an unexpected keyword argument 'stride'").
A rank other than 1 is passed through unchanged (numpy rejects it: ValueError "object too deep
for desired array").
Op 'pad' (numpy.pad) is handed to the sibling adapter numpy_pad.py.
Exceptions propagate unchanged. The output is returned as float64.
"""
import numpy as np
from _options import scalar as _scalar  # noqa: E402  (sibling module)

FUNCTIONS = {0: "convolve", 1: "correlate"}


def VERSIONS():
    return {"numpy": np.__version__}


def run(op, case):
    if op == "pad":
        # numpy.pad lives in the sibling adapter (the adapters folder is on sys.path).
        import numpy_pad
        return numpy_pad.run(op, case)
    if op != "conv":
        raise ValueError("numpy has no op %r" % (op,))
    n = [int(v) for v in case["input_shape"]]
    k = [int(v) for v in case["kernel_shape"]]
    rank = len(n)
    s = [int(v) for v in (case.get("stride") or [1] * rank)]
    d = [int(v) for v in (case.get("dilation") or [1] * rank)]
    options = dict(case.get("options") or {})
    function = FUNCTIONS[_scalar(options.pop("function", 0), "function")]
    if options:
        raise ValueError("unknown option(s) %s for numpy conv" % sorted(options))
    mode = case["padding"]
    a = np.asarray(case["input"], dtype=np.float64).reshape(n)
    v = np.asarray(case["kernel"], dtype=np.float64).reshape(k)
    extra = {}
    if any(x != 1 for x in s):
        extra["stride"] = s[0] if rank == 1 else tuple(s)
    if any(x != 1 for x in d):
        extra["dilation"] = d[0] if rank == 1 else tuple(d)
    y = getattr(np, function)(a, v, mode, **extra)
    y = np.asarray(y, dtype=np.float64)
    if y.ndim != rank:
        raise ValueError("unexpected output shape %r" % (y.shape,))
    return y
