"""Option helpers shared by the adapters (standard library only; Python 3.6 compatible).

A case option is a scalar (one value for every axis) or a per-axis list (docs/format.md)."""


def per_axis(value, rank, name="option"):
    """A scalar applies to every axis; a list must have one entry per axis."""
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, (list, tuple)):
        if len(value) != rank:
            raise ValueError("option %s=%r does not have %d entries" % (name, value, rank))
        return [int(v) for v in value]
    return [int(value)] * rank


def flag(value, name="option"):
    """A bool the framework takes once (ceil_mode, count_include_pad, ...): a per-axis list must
    hold one value."""
    if isinstance(value, (list, tuple)):
        vals = set(bool(v) for v in value)
        if len(vals) != 1:
            raise ValueError("option %s=%r must be the same on every axis" % (name, value))
        return vals.pop()
    return bool(value)


def scalar(value, name="option"):
    """An int the framework takes once (a function code, ceil_mode as 0/1, ...)."""
    if isinstance(value, (list, tuple)):
        vals = set(int(v) for v in value)
        if len(vals) != 1:
            raise ValueError("option %s=%r must be the same on every axis" % (name, value))
        return vals.pop()
    return int(value)


def axes(case, key):
    """The case's per-axis `stride` or `dilation` as ints (1 on every axis when absent)."""
    rank = len(case["input_shape"])
    return [int(v) for v in (case.get(key) or [1] * rank)]
