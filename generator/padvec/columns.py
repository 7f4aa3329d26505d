"""`explain_many`: explain() over arrays of configurations, as arrays (one formula pass).

Same answers as explain() item by item (tests/test_explain_many.py compares them on a random
sample, deviations included), at numpy speed: no per-configuration Python objects."""
import numpy as np

from .convention import _column
from .errors import SpecError
from .formula import NONE, Formula


def _per_axis_columns(values, size, rank, name, default):
    """Scalar, per-axis list, (N,) or (N, rank) array -> int64 (N, rank)."""
    if values is None:
        values = default
    arr = np.asarray(values, dtype=np.int64)
    if arr.ndim == 0:
        return np.full((size, rank), int(arr), dtype=np.int64)
    if arr.ndim == 1 and arr.shape[0] == size and rank == 1:
        return arr.reshape(size, 1)
    if arr.ndim == 1 and arr.shape[0] == rank:
        return np.broadcast_to(arr, (size, rank))
    if arr.ndim == 1 and arr.shape[0] == size:
        return np.broadcast_to(arr[:, None], (size, rank))
    if arr.shape == (size, rank):
        return arr
    raise ValueError("%s: shape %s does not fit %d configurations of rank %d"
                     % (name, arr.shape, size, rank))


def geometry_columns(input, kernel, stride, dilation):
    n = np.asarray(input, dtype=np.int64)
    if n.ndim == 1:
        n = n[:, None]
    if n.ndim != 2:
        raise ValueError("input: give (N,) or (N, rank) sizes")
    size, rank = n.shape
    return {"n": n, "k": _per_axis_columns(kernel, size, rank, "kernel", None),
            "s": _per_axis_columns(stride, size, rank, "stride", 1),
            "d": _per_axis_columns(dilation, size, rank, "dilation", 1)}


def axis_envs(geo, options, pads):
    """convention.axis_envs with (N,) columns; options: name -> scalar, per-axis list or
    (N, rank) column."""
    n, k, s, d = (geo[x] for x in "nksd")
    rank = n.shape[1]
    keff = (k - 1) * d + 1
    common = {"rank": rank, "smax": s.max(1), "smin": s.min(1), "dmax": d.max(1),
              "dmin": d.min(1), "kmax": k.max(1), "kmin": k.min(1)}
    for a in range(rank):
        for name, vals in (("n", n), ("k", k), ("s", s), ("d", d), ("keff", keff)):
            common["%s%d" % (name, a)] = vals[:, a]
    # Indexed pads and options too (pad_before1, output_padding0 ...), as convention.axis_envs.
    if pads is not None:
        for a in range(rank):
            common["pad_before%d" % a], common["pad_after%d" % a] = pads[:, a, 0], pads[:, a, 1]
    for name, value in options.items():
        for a in range(rank):
            if isinstance(value, np.ndarray):
                common["%s%d" % (name, a)] = value[:, a]
            else:
                v = value[a] if isinstance(value, list) else value
                common["%s%d" % (name, a)] = NONE if v is None else int(v)
    envs = []
    for a in range(rank):
        env = dict(common, n=n[:, a], k=k[:, a], s=s[:, a], d=d[:, a], keff=keff[:, a], axis=a)
        if pads is not None:
            env["pad_before"], env["pad_after"] = pads[:, a, 0], pads[:, a, 1]
            env["pad"] = env["pad_before"]
        for name, value in options.items():
            if isinstance(value, np.ndarray):
                env[name] = value[:, a]
            else:
                v = value[a] if isinstance(value, list) else value
                env[name] = NONE if v is None else int(v)
        envs.append(env)
    return envs


def resolve_options(options, geo):
    """Formula-valued options become (N, rank) columns over the geometry (no pads, as in
    explain)."""
    if not any(isinstance(v, str) for v in options.values()):
        return dict(options)
    envs = axis_envs(geo, {}, None)
    size = geo["n"].shape[0]
    out = {}
    for name, value in options.items():
        if isinstance(value, str):
            f = Formula(value)
            out[name] = np.stack([_column(f(e), size) for e in envs], axis=1)
        else:
            out[name] = value
    return out


def rule_columns(rule, envs, flip_formula, size):
    evaluated = [rule.evaluate(e) for e in envs]
    pads = np.stack([np.stack([_column(ev["before"], size), _column(ev["after"], size)], axis=1)
                     for ev in evaluated], axis=1)
    out = np.stack([_column(ev["out"], size) for ev in evaluated], axis=1)
    flip_f = rule.flip_kernel or flip_formula
    flip = _column(flip_f(envs[0]), size) != 0 if flip_f is not None else np.zeros(size, bool)
    return evaluated, pads, out, flip


def _hits(formula, evaluated, size):
    hit = np.zeros(size, dtype=bool)
    for ev in evaluated:
        hit |= _column(formula(ev), size) != 0
    return hit


def _divisor(divisor, env, size):
    if divisor is None or isinstance(divisor, str):
        return divisor
    flag = _column(env.get(divisor["option"], 0), size) != 0
    return np.where(flag, divisor["true"], divisor["false"]).astype(object)


def apply_columns(spec, op, padding_name, geo, options, pads):
    """Columns of explain()'s answer for every configuration (see padvec.explain_many)."""
    size, rank = geo["n"].shape
    padding = op.paddings[padding_name]
    envs = axis_envs(geo, options, pads)
    evaluated, pad_cols, out, flip = rule_columns(padding.rule, envs, op.flip_kernel, size)
    rejected = np.zeros(size, dtype=bool)
    may = np.zeros(size, dtype=bool)
    exception = np.full(size, None, dtype=object)
    error = np.full(size, None, dtype=object)
    for r in list(padding.rejects) + list(op.rejects):
        if (r.paddings and padding_name not in r.paddings) or (r.ranks and rank not in r.ranks):
            continue
        hit = _hits(r.when, evaluated, size) & ~rejected
        if r.certainty == "may":
            exception[hit], error[hit] = r.exception, r.error   # the last may-reject wins
            may |= hit
            continue
        exception[hit], error[hit] = r.exception, r.error
        rejected |= hit
    may &= ~rejected
    bad = ~rejected & (out < 0).any(axis=1)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise SpecError("rule of %s/%s gives a negative output length %s for n=%s k=%s s=%s "
                        "d=%s and no reject covers it" % (
                            op.name, padding_name, out[i].tolist(), geo["n"][i].tolist(),
                            geo["k"][i].tolist(), geo["s"][i].tolist(), geo["d"][i].tolist()))
    result = {"rejected": rejected, "may_reject": may, "exception": exception, "error": error,
              "pads": pad_cols, "output_shape": out, "flip_kernel": flip,
              "divisor": _divisor(padding.rule.divisor, envs[0], size),
              "deviations": _deviations(spec, op, padding_name, envs, evaluated, size)}
    return result


def _deviations(spec, op, padding_name, envs, evaluated, size):
    found = []
    for dev in spec.deviations:
        if dev.op != op.name or (dev.paddings and padding_name not in dev.paddings):
            continue
        applies = _hits(dev.when, evaluated, size)
        entry = {"id": dev.id, "versions": dev.versions, "summary": dev.summary,
                 "applies": applies}
        if dev.crash:
            entry["crash"] = dev.crash
        elif dev.actual_rule is not None:
            _, dpads, dout, _ = rule_columns(dev.actual_rule, envs, op.flip_kernel, size)
            entry.update(pads=dpads, output_shape=dout)
        else:
            entry["rejected"] = True
        found.append(entry)
    return found
