"""padvec adapter: numpy.pad, on the case's int64-valued input as float64.

op pad -> numpy.pad(x, [(before_0, after_0), (before_1, after_1), ...], mode=P) with P the
case's padding name, one of the canonical modes 'constant' (constant_values 0), 'edge',
'reflect' (reflect_type 'even', the default), 'symmetric', 'wrap'. numpy.pad takes the pads
in axis order (no reversal, unlike torch F.pad). Every other op is handed to the sibling
adapter numpy_signal (numpy.convolve / numpy.correlate), so this module can serve as the
numpy system's single runtime adapter, or be called from numpy_signal for op 'pad'.
Exceptions propagate unchanged. The output is returned as float64 with the padded shape.
"""
import numpy as np

MODES = ("constant", "edge", "reflect", "symmetric", "wrap")


def VERSIONS():
    return {"numpy": np.__version__}


def run(op, case):
    if op != "pad":
        import numpy_signal   # sibling adapter (the adapters folder is on sys.path)
        return numpy_signal.run(op, case)
    mode = case["padding"]
    if mode not in MODES:
        raise ValueError("unknown numpy.pad mode %r" % (mode,))
    options = dict(case.get("options") or {})
    if options:
        raise ValueError("unknown option(s) %s for numpy pad" % sorted(options))
    n = [int(v) for v in case["input_shape"]]
    x = np.asarray(case["input"], dtype=np.float64).reshape(n)
    pads = [(int(b), int(a)) for b, a in case["pads"]]
    y = np.pad(x, pads, mode=mode)
    want = [v + b + a for v, (b, a) in zip(n, pads)]
    if list(y.shape) != want:
        raise ValueError("unexpected output shape %r" % (y.shape,))
    return y
