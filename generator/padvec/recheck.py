"""Internal consistency of one vector file, recomputed: ids from the case's own fields, and
every computed output from the reference applied to the case's own input, kernel, pads and
options. Needs no spec: it proves a file agrees with itself, not with spec/ (that is
`generate --check`)."""
import numpy as np

from . import reference
from .cases import case_id

_EMPTY_TOKENS = ("-inf", "nan", "lowest", 0)


class _Split:
    """The part of an Outcome the reference reads, taken from a case's expect block."""

    __slots__ = ("pads", "out", "flip", "divisor", "pad_value", "empty_window")

    def __init__(self, exp, flip, op):
        self.pads = exp["pads"]
        self.out = exp["output_shape"]
        self.flip = bool(flip)
        self.divisor = exp.get("divisor")
        default = "zero" if op == "pad" else None
        self.pad_value = exp.get("pad_value", default)
        self.empty_window = None


class Recheck:
    """Shared across files: one reference computation per distinct (data, split) key."""

    def __init__(self):
        self._memo = {}

    def case_problems(self, rel, op, system, c):
        problems = []
        cid = c["id"]
        if case_id(system, op, c) != cid:
            problems.append("%s: case %s: id does not match its padding/options/pads/shapes/"
                            "data (sha256)" % (rel, cid))
        blocks = [("expect", c["expect"])] + [("deviation %s" % d.get("id"), d["expect"])
                                              for d in c["deviations"]]
        for label, exp in blocks:
            if exp.get("result") not in ("valid", "acceptable"):
                continue
            why = self._check_output(op, c, exp, c["flip_kernel"])
            if why and c["flip_kernel"] is None and c["kernel"] is not None:
                # A deviation on a documented rejection: the file does not record its kernel
                # flip (expect.flip_kernel is null), so either flip may be the real one.
                why = self._check_output(op, c, exp, True) and why
            if why:
                problems.append("%s: case %s: %s %s" % (rel, cid, label, why))
        return problems

    def _check_output(self, op, c, exp, flip):
        if op == "conv_transpose":
            for a, (b, e) in enumerate(exp["pads"]):
                full = ((c["input_shape"][a] - 1) * c["stride"][a]
                        + (c["kernel_shape"][a] - 1) * c["dilation"][a] + 1)
                if full - b - e != exp["output_shape"][a]:
                    return "output_shape %s is not full - crop on axis %d" % (
                        exp["output_shape"], a)
        if exp is c["expect"] and op in ("conv", "max_pool", "avg_pool") and not {
                "CeilMode", "Overhang"} & set(c["flags"]):
            # The effective-pads contract: floor-mode explicit pads give output_shape (the
            # documented rule only: a deviation may break it, e.g. paddle's clipped pads).
            for a, (b, e) in enumerate(exp["pads"]):
                keff = (c["kernel_shape"][a] - 1) * c["dilation"][a] + 1
                floor_out = (c["input_shape"][a] + b + e - keff) // c["stride"][a] + 1
                if max(floor_out, 0) != exp["output_shape"][a]:
                    return "pads %s do not give output_shape %s on axis %d (floor gives %d)" % (
                        exp["pads"], exp["output_shape"], a, floor_out)
        key = str((op, c["input"], c["kernel"], c["kernel_shape"], exp["pads"],
                   exp["output_shape"], c["stride"], c["dilation"], bool(flip),
                   exp.get("divisor"), exp.get("pad_value")))
        hit = self._memo.get(key)
        if hit is None:
            hit = self._memo[key] = self._compute(op, c, exp, flip)
        if isinstance(hit, str):
            return hit
        want, empty_at, partial = hit
        if exp.get("max_abs_partial_sum") != partial:
            return "max_abs_partial_sum %s != %d from the reference" % (
                exp.get("max_abs_partial_sum"), partial)
        got = exp.get("output")
        if empty_at is None:
            return None if got == want else "output differs from the reference"
        # Which token an empty pool window holds is the system's documented choice (not in
        # the file); it must be one token, at exactly the reference's empty windows.
        if nested_shape(got) != list(np.shape(empty_at)):
            return "output differs from the reference"
        flat_got = np.asarray(got, dtype=object).ravel().tolist()
        tokens = {flat_got[i] for i in np.flatnonzero(np.ravel(empty_at))}
        if len(tokens) != 1 or next(iter(tokens)) not in _EMPTY_TOKENS:
            return "output's empty windows hold %s" % sorted(map(str, tokens))
        token = tokens.pop()
        expected = np.asarray(want, dtype=object)
        expected[np.asarray(empty_at)] = token
        return None if flat_got == expected.ravel().tolist() else \
            "output differs from the reference"

    @staticmethod
    def _compute(op, c, exp, flip):
        try:
            x = np.asarray(c["input"], dtype=np.int64)
            w = tuple(c["kernel_shape"]) if c["kernel"] is None else \
                np.asarray(c["kernel"], dtype=np.int64)
            split = _Split(exp, flip, op)
            y, partial = reference.compute(op, x, w, split, c["stride"], c["dilation"])
        except (ValueError, ArithmeticError, IndexError, TypeError) as exc:
            return "reference fails on the case's own fields: %s" % exc
        if y.dtype == object:           # empty windows carry the default token
            empty = np.vectorize(lambda v: isinstance(v, str), otypes=[bool])(y)
            return y.tolist(), empty, partial
        return y.tolist(), None, partial


def nested_shape(value):
    """The shape of a nested list as the vectors write it (an empty list ends the descent)."""
    shape = []
    while isinstance(value, list):
        shape.append(len(value))
        if not value:
            break
        value = value[0]
    return shape
