"""padvec adapter: scipy.signal convolution / correlation functions, float64.

One padvec case becomes one call, the case's input as `in1` and its kernel as `in2`, both
float64 arrays of the case's shapes (no batch/channel dims), mode = the case's padding:

  option `function`:
    0 = scipy.signal.convolve(in1, in2, mode, method='direct')
    1 = scipy.signal.fftconvolve(in1, in2, mode)
    2 = scipy.signal.oaconvolve(in1, in2, mode)
    3 = scipy.signal.correlate(in1, in2, mode, method='direct')
    4 = scipy.signal.convolve2d(in1, in2, mode, boundary, fillvalue=0)
    5 = scipy.signal.correlate2d(in1, in2, mode, boundary, fillvalue=0)

  padding 'full' | 'same' | 'valid' -> mode with boundary='fill' (the default) for 4/5;
  padding '<mode>-wrap' / '<mode>-symm' -> mode, boundary='wrap' / 'symm' (4/5 only).

The FFT functions (1, 2) return float64 sums with rounding noise (e.g. 3209.9999999999995):
the adapter rounds them to the nearest integer, after checking that every value is within
1e-6 * (1 + max|y|) of it (padding errors move values by whole products, never by < 0.5).
The direct functions are exact and returned as they are.
scipy.signal has no stride or dilation: when some s or d != 1 the adapter passes them anyway,
as the keywords `stride=` / `dilation=`, so that the public API gives its own answer
(TypeError "convolve() got an unexpected keyword argument 'stride'").
Exceptions propagate unchanged.
"""
import numpy as np
import scipy
import scipy.signal as signal
from _options import scalar as _scalar  # noqa: E402  (sibling module)

FUNCTIONS = {0: "convolve", 1: "fftconvolve", 2: "oaconvolve", 3: "correlate",
             4: "convolve2d", 5: "correlate2d"}
BOUNDARIES = {"wrap": "wrap", "symm": "symm"}


def VERSIONS():
    return {"scipy": scipy.__version__, "numpy": np.__version__}


def _round_fft(y):
    r = np.rint(y)
    if y.size:
        tol = 1e-6 * (1.0 + float(np.abs(y).max()))
        if float(np.abs(y - r).max()) > tol:
            raise ArithmeticError("FFT result is not within %g of integers: %r" % (tol, y))
    return r


def run(op, case):
    if op != "conv":
        raise ValueError("scipy-signal has no op %r" % (op,))
    n = [int(v) for v in case["input_shape"]]
    k = [int(v) for v in case["kernel_shape"]]
    rank = len(n)
    s = [int(v) for v in (case.get("stride") or [1] * rank)]
    d = [int(v) for v in (case.get("dilation") or [1] * rank)]
    options = dict(case.get("options") or {})
    code = _scalar(options.pop("function", 0), "function")
    if options:
        raise ValueError("unknown option(s) %s for scipy-signal conv" % sorted(options))
    name = FUNCTIONS[code]
    padding = case["padding"]
    mode, _, boundary = padding.partition("-")
    if mode not in ("full", "same", "valid"):
        raise ValueError("unknown padding %r" % (padding,))
    in1 = np.asarray(case["input"], dtype=np.float64).reshape(n)
    in2 = np.asarray(case["kernel"], dtype=np.float64).reshape(k)
    kwargs = {}
    if code in (0, 3):
        kwargs["method"] = "direct"
    if boundary:
        if code not in (4, 5):
            raise ValueError("boundary %r needs convolve2d/correlate2d" % (boundary,))
        kwargs["boundary"] = BOUNDARIES[boundary]
    if any(x != 1 for x in s):
        kwargs["stride"] = tuple(s)
    if any(x != 1 for x in d):
        kwargs["dilation"] = tuple(d)
    y = getattr(signal, name)(in1, in2, mode, **kwargs)
    y = np.asarray(y, dtype=np.float64)
    if code in (1, 2):
        y = _round_fft(y)
    if y.ndim != rank:
        raise ValueError("unexpected output shape %r" % (y.shape,))
    return y
