"""padvec: conformance vectors for convolution, transposed convolution and pooling padding."""
__version__ = "0.1.0"


def explain(system, op, padding, input, kernel, stride=None, dilation=None, pads=None,
            **op_options):
    """Pad split (`pads`), `output_shape`, or `rejected` + `error` for one configuration."""
    from .explainer import explain as _explain
    return _explain(system, op=op, padding=padding, input=input, kernel=kernel, stride=stride,
                    dilation=dilation, pads=pads, **op_options)


def explain_many(system, op, padding, input, kernel, stride=None, dilation=None, pads=None,
                 **op_options):
    """explain() over arrays of configurations, answered as arrays (see explainer.explain_many)."""
    from .explainer import explain_many as _many
    return _many(system, op=op, padding=padding, input=input, kernel=kernel, stride=stride,
                 dilation=dilation, pads=pads, **op_options)


def load(system, op, root=None):
    """The cases of vectors/<system>/<op>.json as a list of dicts."""
    from .loader import load_cases
    return load_cases(system, op, root)
