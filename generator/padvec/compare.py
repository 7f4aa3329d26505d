"""Exact comparison of an implementation's output with a case's expectation (no tolerance)."""
import math
import re

import numpy as np

LOWEST = float(np.finfo(np.float32).min)   # "-FLT_MAX", what some max pools give an empty window


def to_float_array(nested):
    """Expected/actual JSON values (ints, floats, "-inf", "inf", "nan") -> float64 array."""
    def conv(v):
        if isinstance(v, list):
            return [conv(x) for x in v]
        if isinstance(v, str):
            return LOWEST if v == "lowest" else float(v)
        return float(v)
    return np.asarray(conv(nested), dtype=np.float64)


def equal_exact(actual, expected):
    """Same shape and every element identical; nan equals nan (an undefined average)."""
    a = to_float_array(actual) if not isinstance(actual, np.ndarray) else actual
    e = to_float_array(expected) if not isinstance(expected, np.ndarray) else expected
    if a.shape != e.shape:
        return False
    both_nan = np.isnan(a) & np.isnan(e)
    return bool(np.all((a == e) | both_nan))


def error_matches(expect, exception, message):
    """A rejection matches when the class name and the message regex both match."""
    want_exc = expect.get("exception")
    if want_exc and want_exc != exception:
        return False
    pattern = expect.get("error")
    return not pattern or re.search(pattern, message or "", re.S) is not None


def classify(expect, result):
    """pass | wrong_value | wrong_shape | unexpected_reject | unexpected_accept | wrong_error.

    `result` is the worker's answer: status ok (shape, output) or error (exception, message).
    """
    kind = expect["result"]
    if kind == "crash":
        return "crashed" if result["status"] == "crashed" else "unexpected_accept"
    if kind == "undefined_values":
        # Known uninitialised contents: only the shape is defined.
        if result["status"] in ("ok", "nondeterministic"):
            return "pass" if list(result["shape"]) == list(expect["output_shape"]) \
                else "wrong_shape"
        return "unexpected_reject"
    if result["status"] == "error":
        if kind == "rejected":
            return "pass" if error_matches(expect, result["exception"], result["message"]) \
                else "wrong_error"
        if kind == "acceptable":
            return "pass"  # allowed to reject
        return "unexpected_reject"
    if kind == "rejected":
        return "unexpected_accept"
    if list(result["shape"]) != list(expect["output_shape"]):
        return "wrong_shape"
    return "pass" if equal_exact(result["output"], expect["output"]) else "wrong_value"


def describe(value):
    """Short text of a nested output for messages."""
    text = str(value)
    return text if len(text) < 300 else text[:297] + "..."


def is_finite_number(v):
    return isinstance(v, (int, float)) and not (isinstance(v, float) and math.isnan(v))
