"""`padvec explain`: one system, one configuration -> pad split, output shape, padded picture."""
import os

import numpy as np

from . import convention, inputs
from .spec import spec_dir
from .speccache import load_spec

_LOADED = {}   # path -> ((mtime_ns, size), Spec): a script's repeated calls reuse the spec

_OPTION_NAMES = ("output_padding", "output_shape", "ceil_mode", "count_include_pad")


def find_spec(system, name="system"):
    """The loaded spec of a system name (checked at the input boundary: no paths), reused
    while its file is unchanged."""
    sdir = spec_dir()
    path = os.path.join(sdir, inputs.system_name(name, system, sdir) + ".yaml")
    st = os.stat(path)
    stamp = (st.st_mtime_ns, st.st_size)
    hit = _LOADED.get(path)
    if hit is None or hit[0] != stamp:
        hit = _LOADED[path] = (stamp, load_spec(path))
    return hit[1]


def explain(system, op, padding, input, kernel, stride=None, dilation=None, pads=None,
            **op_options):
    """Pad split, output shape (or rejection) and a picture, as a plain dict."""
    if isinstance(system, str):
        system = find_spec(system)
    spec, op, padding, geometry, pads, op_options = inputs.explain_args(
        system, op, padding, input, kernel, stride, dilation, pads, op_options)
    sop = spec.ops[op]
    rank = len(geometry["n"])
    p = sop.paddings[padding]
    options = _with_defaults(sop, p, op_options)
    options = convention.resolve_options(options, geometry)
    outcome = convention.apply(sop, padding, geometry, options, pads)
    result = {"system": spec.id, "op": op, "padding": padding, "input": geometry["n"],
              "kernel": geometry["k"], "stride": geometry["s"], "dilation": geometry["d"],
              "options": options}
    if outcome.result == "rejected":
        result.update(rejected=True, error=outcome.error, exception=outcome.exception)
    else:
        result.update(rejected=False, pads=outcome.pads, output_shape=outcome.out,
                      flip_kernel=outcome.flip, pad_value=pad_value_of(op, outcome))
        if outcome.result == "acceptable":
            result.update(may_reject=True, error=outcome.error, exception=outcome.exception)
        if outcome.divisor:
            result["divisor"] = outcome.divisor
        result["picture"] = [picture(op, geometry, outcome, a) for a in range(rank)]
    devs = convention.deviations_for(spec, sop, padding, geometry, options, pads)
    if devs:
        result["deviations"] = []
        for dev, actual in devs:
            entry = {"id": dev.id, "versions": dev.versions, "summary": dev.summary}
            if dev.adapters:
                entry["runtimes"] = list(dev.adapters)
            if actual.result == "crash":   # the process dies: no exception to catch
                entry["crash"] = actual.exception
            elif actual.result == "rejected":
                entry["rejected"] = True
                entry.update(exception=actual.exception, error=actual.error)
            else:
                entry.update(pads=actual.pads, output_shape=actual.out)
                if actual.result == "undefined_values":
                    entry["undefined_values"] = True
            result["deviations"].append(entry)
    return result


def _with_defaults(sop, padding, given):
    """The caller's options over the spec's first listed value of each (the op's default)."""
    defaults = dict(sop.options)
    defaults.update(padding.options or {})
    options = {name: values[0] for name, values in defaults.items()}
    options.update((name, value) for name, value in given.items() if value is not None)
    return options


# A canonical pad mode draws its padded cells with its initial (zero/-inf are drawn as values).
_MODE_CELL = {"reflect": "r", "symmetric": "s", "edge": "e", "wrap": "w"}


def pad_value_of(op, outcome):
    """What padded cells hold: zero, ignored (never read: max pool's -inf, avg pool's excluded
    cells) or a canonical mode (reflect, symmetric, edge, wrap)."""
    if outcome.pad_value:
        return outcome.pad_value
    return "ignored" if op == "max_pool" else "zero"


def picture(op, geometry, outcome, axis):
    """Forward ops: `[0,0,x,...,x,0]` (pads as 0, input as x, overhang as _).
    Transposed conv: the equivalent direct convolution's padded input — the input with s-1
    zeros between cells (`x,0,x`), padded by keff-1-crop on each side — so Keras's
    Conv1DTranspose(4, 'same') on 8 cells draws as [0,0,x,x,x,x,x,x,x,x,0]."""
    n, k, s, d = (geometry[x][axis] for x in "nksd")
    before, after = outcome.pads[axis]
    if op == "conv_transpose":
        keff = (k - 1) * d + 1
        cells = ",".join(["x"] + ["0"] * (s - 1)).split(",") * n
        cells = cells[:(n - 1) * s + 1]
        pb, pa = keff - 1 - before, keff - 1 - after
        cells = ["0"] * max(pb, 0) + cells[max(-pb, 0):]
        cells = cells[:len(cells) + pa] if pa < 0 else cells + ["0"] * pa
        return "[" + ",".join(cells) + "]"
    zero = "0" if op != "max_pool" or outcome.pad_value == "zero" else "-inf"
    zero = _MODE_CELL.get(outcome.pad_value, zero)
    cells = [zero] * max(before, 0) + ["x"] * n + [zero] * max(after, 0)
    if before < 0:
        cells = cells[-before:]
    if after < 0:
        cells = cells[:len(cells) + after]
    keff = (k - 1) * d + 1
    out = outcome.out[axis]
    overhang = (out - 1) * s - before + keff - (n + after) if out else 0
    cells += ["_"] * max(overhang, 0)
    return "[" + ",".join(cells) + "]"


def format_text(r):
    lines = ["%s %s padding=%s input=%s kernel=%s stride=%s dilation=%s" % (
        r["system"], r["op"], r["padding"], r["input"], r["kernel"], r["stride"], r["dilation"])]
    if r["options"]:
        lines.append("options: %s" % ", ".join("%s=%s" % kv for kv in sorted(r["options"].items())))
    if r["rejected"]:
        lines.append("rejected: %s: %s" % (r["exception"], r["error"]))
    else:
        for a, (b, e) in enumerate(r["pads"]):
            if r["op"] == "conv_transpose":
                lines.append("axis %d: crop %d before, %d after of the full output; as a direct "
                             "conv: %s" % (a, b, e, r["picture"][a]))
            else:
                lines.append("axis %d: pad %d before, %d after  %s" % (a, b, e, r["picture"][a]))
        lines.append("output shape: %s" % r["output_shape"])
        lines.append("pad value: %s" % r["pad_value"])
        if r.get("divisor"):
            lines.append("average divisor: %s" % r["divisor"])
        if r["flip_kernel"]:
            lines.append("kernel: flipped (true convolution)")
        if r.get("may_reject"):
            lines.append("may be rejected: %s: %s" % (r["exception"], r["error"]))
    for dev in r.get("deviations", []):
        if dev.get("crash"):
            what = "the process dies (%s)" % dev["crash"]
        elif dev.get("rejected"):
            what = "rejects: %s: %s" % (dev.get("exception"), dev.get("error"))
        else:
            what = "pads %s, output %s" % (dev["pads"], dev["output_shape"])
            if dev.get("undefined_values"):
                what += ", contents undefined (reads memory it does not own)"
        where = " on %s" % ", ".join(dev["runtimes"]) if dev.get("runtimes") else ""
        lines.append("deviation %s (%s)%s: actually %s" % (dev["id"], dev["versions"], where,
                                                          what))
    return "\n".join(lines)


def explain_many(system, op, padding, input, kernel, stride=None, dilation=None, pads=None,
                 **op_options):
    """explain() for N configurations at once, as columns (numpy arrays, row i = config i).

    input: (N,) or (N, rank) sizes; kernel/stride/dilation: a scalar, a per-axis list, (N,)
    or (N, rank); pads: None, one [[b, a], ...] for all, or (N, rank, 2); op options: one
    value for all (as in explain). Returns rejected, may_reject, exception, error (object
    arrays, None where neither), pads (N, rank, 2), output_shape (N, rank), flip_kernel,
    divisor (a string, or an object array when an option picks it) and deviations: one entry
    per deviation of this op/padding with `applies` (N,) and the actual pads/output_shape
    columns, `rejected` or `crash`. Rows where `rejected` is set carry no meaningful pads."""
    from . import columns
    spec = system if not isinstance(system, str) else find_spec(system)
    op = inputs.op_name("op", spec, op)
    padding = inputs.padding_name("padding", spec, op, padding)
    sop = spec.ops[op]
    geo = columns.geometry_columns(input, kernel, stride, dilation)
    size, rank = geo["n"].shape
    p = sop.paddings[padding]
    if p.args and pads is None:
        raise ValueError("padding %r needs explicit pads" % padding)
    pad_cols = None
    if pads is not None:
        pad_cols = np.asarray(pads, dtype=np.int64)
        if pad_cols.ndim == 2:
            pad_cols = np.broadcast_to(pad_cols, (size,) + pad_cols.shape)
        if pad_cols.shape != (size, rank, 2):
            raise ValueError("pads: shape %s, want (%d, %d, 2)" % (pad_cols.shape, size, rank))
    options = _with_defaults(sop, p, op_options)
    options = columns.resolve_options(options, geo)
    result = columns.apply_columns(spec, sop, padding, geo, options, pad_cols)
    result.update(system=spec.id, op=op, padding=padding, input=geo["n"], kernel=geo["k"],
                  stride=geo["s"], dilation=geo["d"])
    return result
