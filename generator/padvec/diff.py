"""`padvec diff A B`: sweep a parameter grid with the vectorized formula evaluator and report
where two conventions disagree (counts, smallest configurations, the pattern in words).

Two conventions agree on a configuration when both reject it, or both compute the same output
from the same data: same output length, same window start (`before`), same kernel orientation,
and for average pooling the same divisor (and end padding where the divisor counts it).
"""
import itertools
import time

import numpy as np

from .errors import SpecError
from .formula import NONE

DEFAULT_GRID = {"n": (1, 64), "k": (1, 8), "s": (1, 4), "d": (1, 3)}


def parse_label(label):
    if ":" not in label:
        raise SpecError("a convention is SYSTEM:PADDING, got %r" % label)
    return label.split(":", 1)


def build_grid(ranges, rank=1):
    """The cartesian product of inclusive ranges per variable and axis, as broadcastable
    arrays: variable v of axis a varies along its own dimension, so a sub-expression that
    reads only k and d (like keff) is computed on a k x d array, not on the whole grid."""
    ndim = 4 * rank
    per_axis = []
    for a in range(rank):
        ax = {}
        for j, name in enumerate("nksd"):
            lo, hi = ranges[name]
            shape = [1] * ndim
            shape[4 * a + j] = hi - lo + 1
            ax[name] = np.arange(lo, hi + 1, dtype=np.int64).reshape(shape)
        per_axis.append(ax)
    return per_axis


def grid_shape(per_axis):
    return np.broadcast_shapes(*[ax[v].shape for ax in per_axis for v in "nksd"])


def flat(per_axis):
    """Per-axis variables broadcast to the whole grid and flattened (for reports)."""
    shape = grid_shape(per_axis)
    return [{v: np.broadcast_to(ax[v], shape).reshape(-1) for v in "nksd"} for ax in per_axis]


def _reduce(fn, arrays):
    out = arrays[0]
    for a in arrays[1:]:
        out = fn(out, a)
    return out


def _envs(per_axis, options):
    rank = len(per_axis)
    agg = lambda fn, key: _reduce(fn, [ax[key] for ax in per_axis])
    common = {"rank": rank, "smax": agg(np.maximum, "s"), "smin": agg(np.minimum, "s"),
              "dmax": agg(np.maximum, "d"), "dmin": agg(np.minimum, "d"),
              "kmax": agg(np.maximum, "k"), "kmin": agg(np.minimum, "k")}
    for a, ax in enumerate(per_axis):
        for name in "nksd":
            common["%s%d" % (name, a)] = ax[name]
        common["keff%d" % a] = (ax["k"] - 1) * ax["d"] + 1
    envs = []
    for a, ax in enumerate(per_axis):
        env = dict(common, axis=a, **ax)
        env["keff"] = (ax["k"] - 1) * ax["d"] + 1
        for name, value in options.items():
            env[name] = NONE if value is None else int(value)
        envs.append(env)
    return envs


def evaluate(op, pname, per_axis, options=None):
    """Vectorized outcome of one convention over a grid: dict of arrays (per axis lists)."""
    padding = op.paddings[pname]
    if padding.args:
        raise SpecError("%s takes explicit pads: diff compares automatic paddings" % pname)
    if options is None:
        opts = dict(op.options)
        opts.update(padding.options or {})
        options = {k: v[0] for k, v in opts.items()}
    if any(isinstance(v, str) for v in options.values()):
        raise SpecError("options given as formulas (%s) cannot be swept; pass values"
                        % ", ".join(k for k, v in options.items() if isinstance(v, str)))
    shape = grid_shape(per_axis)
    size = int(np.prod(shape))
    envs = _envs(per_axis, options)
    evaluated = [padding.rule.evaluate(e) for e in envs]
    # Broadcast views, never copies: only the comparisons materialize grid-sized arrays.
    col = lambda v: np.broadcast_to(np.asarray(v), shape)
    rejects = [r for r in list(padding.rejects) + list(op.rejects)
               if not (r.paddings and pname not in r.paddings)
               and not (r.ranks and len(per_axis) not in r.ranks) and r.certainty == "must"]
    # Kept in broadcast form (a reject that reads only s and d stays an s x d array); the
    # grid-sized mask is made once, at the end.
    hits = []
    rejected = np.zeros((1,) * len(shape), dtype=bool)
    for r in rejects:
        hit = np.zeros((1,) * len(shape), dtype=bool)
        for ev in evaluated:
            hit = hit | (np.asarray(r.when(ev)) != 0)
        hits.append(hit)
        rejected = rejected | hit
    rejected = np.broadcast_to(rejected, shape)
    flip_f = padding.rule.flip_kernel or op.flip_kernel
    divisor = padding.rule.divisor
    if isinstance(divisor, dict):
        divisor = divisor["true"] if options.get(divisor["option"]) else divisor["false"]
    return {"rejected": rejected, "hits": hits, "rejects": rejects,
            "out": [col(ev["out"]) for ev in evaluated],
            "before": [col(ev["before"]) for ev in evaluated],
            "after": [col(ev["after"]) for ev in evaluated],
            "flip": bool(np.asarray(flip_f(envs[0])).any()) if flip_f is not None else False,
            "divisor": divisor}


def agree(op_name, a, b, ignore_flip=False):
    """Per configuration: do the two outcomes produce the same thing?  (`ignore_flip`: compare
    the pad split only, for systems whose kernel orientation differs everywhere.)"""
    both_rej = a["rejected"] & b["rejected"]
    same = ~a["rejected"] & ~b["rejected"]
    for ax in range(len(a["out"])):
        same &= a["out"][ax] == b["out"][ax]
        if op_name == "conv_transpose" or op_name in ("conv", "max_pool", "avg_pool"):
            same &= a["before"][ax] == b["before"][ax]
        if op_name == "avg_pool" and "include_pad" in (a["divisor"], b["divisor"]):
            same &= a["after"][ax] == b["after"][ax]
    if op_name in ("conv", "conv_transpose") and a["flip"] != b["flip"] and not ignore_flip:
        same &= False
    if op_name == "avg_pool" and a["divisor"] != b["divisor"]:
        same &= False
    return both_rej | same


# Candidate patterns, tried in order: the first that characterizes the disagreement wins.
_PATTERNS = [
    ("whenever the stride is above 1", lambda e: e["s"] > 1),
    ("whenever the stride is 1", lambda e: e["s"] == 1),
    ("whenever the effective kernel is even", lambda e: e["keff"] % 2 == 0),
    ("whenever the effective kernel is odd", lambda e: e["keff"] % 2 == 1),
    ("whenever the stride is above 1 and the effective kernel is odd",
     lambda e: (e["s"] > 1) & (e["keff"] % 2 == 1)),
    ("whenever the stride is above 1 and the effective kernel is even",
     lambda e: (e["s"] > 1) & (e["keff"] % 2 == 0)),
    ("whenever the TF-style total padding max((ceil(n/s)-1)*s + keff - n, 0) is odd",
     lambda e: np.maximum((-(-e["n"] // e["s"]) - 1) * e["s"] + e["keff"] - e["n"], 0) % 2 == 1),
    ("whenever the TF-style total padding is odd and the stride is 1",
     lambda e: (np.maximum(e["keff"] - 1, 0) % 2 == 1) & (e["s"] == 1)),
    ("whenever the dilation is above 1", lambda e: e["d"] > 1),
    ("whenever the input is shorter than the effective kernel", lambda e: e["n"] < e["keff"]),
    ("whenever the stride exceeds the effective kernel", lambda e: e["s"] > e["keff"]),
    ("whenever n % s != 0", lambda e: e["n"] % e["s"] != 0),
    ("whenever the stride and the dilation are both above 1",
     lambda e: (e["s"] > 1) & (e["d"] > 1)),
]


def describe_pattern(per_axis, mask):
    """Words for where `mask` holds (1-D grids; for N-D the first axis is described)."""
    ax = dict(flat(per_axis)[0])
    ax["keff"] = (ax["k"] - 1) * ax["d"] + 1
    if not mask.any():
        return "never"
    if mask.all():
        return "everywhere in the grid"
    for words, fn in _PATTERNS:
        if np.array_equal(fn(ax), mask):
            return "exactly " + words
    implied = [w for w, fn in _PATTERNS if not np.any(mask & ~fn(ax))]
    if implied:
        return "only " + implied[0].replace("whenever ", "where ") + " (not always then)"
    return "no simple pattern"


def breakdown(per_axis, disagree):
    """Disagreement per (stride 1 / above 1) x (effective kernel odd / even) on the first axis:
    the table that shows at a glance where two conventions part."""
    ax = flat(per_axis)[0]
    keff = (ax["k"] - 1) * ax["d"] + 1
    rows = []
    for s_words, s_mask in (("stride 1", ax["s"] == 1), ("stride > 1", ax["s"] > 1)):
        for k_words, k_mask in (("odd keff", keff % 2 == 1), ("even keff", keff % 2 == 0)):
            m = s_mask & k_mask
            if m.any():
                rows.append({"where": "%s, %s" % (s_words, k_words), "configurations": int(m.sum()),
                             "disagree": int((disagree & m).sum())})
    return rows


def _config_text(per_axis, i):
    return " ".join("%s=%s" % (v, "x".join(str(int(ax[v][i])) for ax in per_axis)) for v in "nksd")


def _outcome_text(res, flat_index):
    i = np.unravel_index(flat_index, res["rejected"].shape)
    if res["rejected"][i]:
        first = next(j for j, h in enumerate(res["hits"])
                     if np.broadcast_to(h, res["rejected"].shape)[i])
        r = res["rejects"][first]
        return "rejected (%s)" % r.exception
    pads = ",".join("[%d,%d]" % (int(res["before"][a][i]), int(res["after"][a][i]))
                    for a in range(len(res["out"])))
    out = "x".join(str(int(o[i])) for o in res["out"])
    return "pads %s out %s" % (pads, out)


def diff(spec_a, pad_a, spec_b, pad_b, op_name, ranges=None, rank=1, examples=5):
    ranges = dict(DEFAULT_GRID, **(ranges or {}))
    per_axis = build_grid(ranges, rank)
    t0 = time.perf_counter()
    a = evaluate(spec_a.ops[op_name], pad_a, per_axis)
    b = evaluate(spec_b.ops[op_name], pad_b, per_axis)
    flips_differ = op_name in ("conv", "conv_transpose") and a["flip"] != b["flip"]
    # A kernel-orientation difference is reported once; the sweep then compares the splits.
    same = agree(op_name, a, b, ignore_flip=True).reshape(-1)
    only_a = (a["rejected"] & ~b["rejected"]).reshape(-1)
    only_b = (b["rejected"] & ~a["rejected"]).reshape(-1)
    differ = ~same & ~(a["rejected"] | b["rejected"]).reshape(-1)
    seconds = time.perf_counter() - t0
    total = same.shape[0]
    la, lb = "%s:%s" % (spec_a.id, pad_a), "%s:%s" % (spec_b.id, pad_b)
    # Smallest configurations first: by n+k+s+d summed over axes.
    fl = flat(per_axis)
    size_key = sum(ax[v] for ax in fl for v in "nksd")
    order = np.argsort(size_key[~same], kind="stable")
    idx = np.nonzero(~same)[0][order][:examples]
    return {
        "a": la, "b": lb, "op": op_name, "rank": rank, "grid": ranges,
        "kernel_orientation_differs": bool(flips_differ),
        "flipped": [lab for lab, res in ((la, a), (lb, b)) if res["flip"]],
        "configurations": int(total), "agree": int(same.sum()),
        "only_a_rejects": int(only_a.sum()), "only_b_rejects": int(only_b.sum()),
        "both_compute_differ": int(differ.sum()),
        "patterns": {"disagree": describe_pattern(per_axis, ~same),
                     "only_a_rejects": describe_pattern(per_axis, only_a),
                     "only_b_rejects": describe_pattern(per_axis, only_b),
                     "both_compute_differ": describe_pattern(per_axis, differ)},
        "breakdown": breakdown(per_axis, ~same),
        "examples": [{"config": _config_text(fl, i), la: _outcome_text(a, i),
                      lb: _outcome_text(b, i)} for i in idx],
        "seconds": seconds,
        "configs_per_second": total / seconds if seconds > 0 else float("inf"),
    }


def format_diff(r):
    pct = lambda v: "%d (%.1f%%)" % (v, 100.0 * v / max(r["configurations"], 1))
    g = r["grid"]
    lines = ["%s vs %s, op %s, rank %d: %d configurations (n %d..%d, k %d..%d, s %d..%d, "
             "d %d..%d per axis), swept in %.3fs (%.1fM/s)" % (
                 r["a"], r["b"], r["op"], r["rank"], r["configurations"], g["n"][0], g["n"][1],
                 g["k"][0], g["k"][1], g["s"][0], g["s"][1], g["d"][0], g["d"][1],
                 r["seconds"], r["configs_per_second"] / 1e6),
             "  agree:                 %s" % pct(r["agree"]),
             "  disagree:              %s — %s" % (pct(r["configurations"] - r["agree"]),
                                                  r["patterns"]["disagree"])]
    if r["kernel_orientation_differs"]:
        lines.insert(1, "  kernel orientation differs everywhere: %s computes a true convolution "
                        "(kernel reversed); counts below compare the pad splits"
                     % " and ".join(r["flipped"]))
    if r["only_a_rejects"]:
        lines.append("  only %s rejects: %s — %s" % (r["a"], pct(r["only_a_rejects"]),
                                                     r["patterns"]["only_a_rejects"]))
    if r["only_b_rejects"]:
        lines.append("  only %s rejects: %s — %s" % (r["b"], pct(r["only_b_rejects"]),
                                                     r["patterns"]["only_b_rejects"]))
    if r["both_compute_differ"]:
        lines.append("  both compute, differ:  %s — %s" % (pct(r["both_compute_differ"]),
                                                          r["patterns"]["both_compute_differ"]))
    if r["configurations"] != r["agree"]:
        lines.append("  where (first axis):")
        for row in r["breakdown"]:
            lines.append("    %-24s %6d of %6d disagree (%.0f%%)" % (
                row["where"], row["disagree"], row["configurations"],
                100.0 * row["disagree"] / row["configurations"]))
    if r["examples"]:
        lines.append("  smallest disagreeing configurations:")
        for ex in r["examples"]:
            lines.append("    %s: %s: %s; %s: %s" % (ex["config"], r["a"], ex[r["a"]], r["b"],
                                                     ex[r["b"]]))
    return "\n".join(lines)


def matrix(specs, op_name, ranges=None, rank=1):
    """Pairwise disagreement fraction between every automatic padding of every system."""
    ranges = dict(DEFAULT_GRID, **(ranges or {}))
    per_axis = build_grid(ranges, rank)
    results = {}
    for spec in specs:
        op = spec.ops.get(op_name)
        if op is None or rank not in op.ranks:
            continue
        for pname, padding in op.paddings.items():
            if padding.args:
                continue
            try:
                results["%s:%s" % (spec.id, pname)] = evaluate(op, pname, per_axis)
            except SpecError:
                continue
    labels = sorted(results)
    table = {}
    for la, lb in itertools.combinations(labels, 2):
        same = agree(op_name, results[la], results[lb], ignore_flip=True)
        table[(la, lb)] = table[(lb, la)] = 1.0 - float(same.mean())
    return labels, table


def format_matrix(labels, table):
    short = ["%d" % i for i in range(len(labels))]
    lines = ["disagreement (% of configurations) between automatic paddings:"]
    for i, lab in enumerate(labels):
        lines.append("  [%s] %s" % (short[i], lab))
    lines.append("      " + " ".join("%5s" % s for s in short))
    for i, la in enumerate(labels):
        cells = ["    -" if la == lb else "%5.1f" % (100 * table[(la, lb)]) for lb in labels]
        lines.append("%5s " % short[i] + " ".join(cells))
    return "\n".join(lines)
