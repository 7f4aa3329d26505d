"""`padvec explain`: one system, one configuration -> pad split, output shape, padded picture."""
import os

from . import convention
from .errors import SpecError
from .spec import load_spec, spec_dir

_OPTION_NAMES = ("output_padding", "output_shape", "ceil_mode", "count_include_pad")


def find_spec(system):
    path = os.path.join(spec_dir(), system + ".yaml")
    if not os.path.exists(path):
        known = sorted(f[:-5] for f in os.listdir(spec_dir()) if f.endswith(".yaml"))
        raise SpecError("unknown system %r (known: %s)" % (system, ", ".join(known)))
    return load_spec(path)


def _per_axis(values, rank, name, default=None):
    if values is None:
        return [default] * rank
    values = list(values) if isinstance(values, (list, tuple)) else [values]
    if len(values) == 1:
        values = values * rank
    if len(values) != rank:
        raise ValueError("%s has %d values for a rank-%d input" % (name, len(values), rank))
    return [int(v) for v in values]


def explain(system, op, padding, input, kernel, stride=None, dilation=None, pads=None,
            **op_options):
    """Pad split, output shape (or rejection) and a picture, as a plain dict."""
    spec = system if not isinstance(system, str) else find_spec(system)
    if op not in spec.ops:
        raise SpecError("%s has no op %r (has: %s)" % (spec.id, op, ", ".join(spec.ops)))
    sop = spec.ops[op]
    if padding not in sop.paddings:
        raise SpecError("%s %s has no padding %r (has: %s)"
                        % (spec.id, op, padding, ", ".join(sop.paddings)))
    rank = len(input) if isinstance(input, (list, tuple)) else 1
    geometry = {"n": _per_axis(input, rank, "input"), "k": _per_axis(kernel, rank, "kernel"),
                "s": _per_axis(stride, rank, "stride", 1),
                "d": _per_axis(dilation, rank, "dilation", 1)}
    p = sop.paddings[padding]
    if p.args and pads is None:
        raise ValueError("padding %r needs explicit pads (--pads B,A[;B,A...])" % padding)
    options = {}
    defaults = dict(sop.options)
    defaults.update(p.options or {})
    for name, values in defaults.items():
        options[name] = values[0]
    for name, value in op_options.items():
        if value is not None:
            options[name] = value
    options = convention.resolve_options(options, geometry)
    outcome = convention.apply(sop, padding, geometry, options, pads)
    result = {"system": spec.id, "op": op, "padding": padding, "input": geometry["n"],
              "kernel": geometry["k"], "stride": geometry["s"], "dilation": geometry["d"],
              "options": options}
    if outcome.result == "rejected":
        result.update(rejected=True, error=outcome.error, exception=outcome.exception)
    else:
        result.update(rejected=False, pads=outcome.pads, output_shape=outcome.out,
                      flip_kernel=outcome.flip)
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
            if actual.result in ("rejected", "crash"):
                entry["rejected"] = True
                entry.update(exception=actual.exception, error=actual.error)
            else:
                entry.update(pads=actual.pads, output_shape=actual.out)
                if actual.result == "undefined_values":
                    entry["undefined_values"] = True
            result["deviations"].append(entry)
    return result


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
        if r.get("divisor"):
            lines.append("average divisor: %s" % r["divisor"])
        if r["flip_kernel"]:
            lines.append("kernel: flipped (true convolution)")
        if r.get("may_reject"):
            lines.append("may be rejected: %s: %s" % (r["exception"], r["error"]))
    for dev in r.get("deviations", []):
        if dev.get("rejected"):
            what = "rejects: %s: %s" % (dev.get("exception"), dev.get("error"))
        else:
            what = "pads %s, output %s" % (dev["pads"], dev["output_shape"])
            if dev.get("undefined_values"):
                what += ", contents undefined (reads memory it does not own)"
        where = " on %s" % ", ".join(dev["runtimes"]) if dev.get("runtimes") else ""
        lines.append("deviation %s (%s)%s: actually %s" % (dev["id"], dev["versions"], where,
                                                          what))
    return "\n".join(lines)
