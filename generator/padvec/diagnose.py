"""Which pad split did an implementation actually apply, and whose convention is that?

`find_splits` searches pad splits whose reference output equals an actual output (also with the
kernel flipped or transposed, and with every average divisor); `diagnose` then names the known
conventions (system:padding, and recorded deviations with their versions) that apply those
splits to the case's parameters.
"""
import itertools
import json
import os

import numpy as np

from . import convention, reference
from .compare import equal_exact, to_float_array
from .convention import Outcome

_DIVISORS = ("exclude_pad", "include_pad", "window")


def _candidates_before(op, n, k, s, d):
    keff = (k - 1) * d + 1
    if op == "conv_transpose":
        return range(-keff - s, keff + s + 1)
    return range(-keff, keff + s + 1)


def _kernel_variants(w):
    """(label, kernel, flip) tuples: as stored, flipped, and for 2-D the transposed kernel."""
    if w is None:
        return [("as stored", None, False)]
    out = [("as stored", w, False), ("flipped", w, True)]
    if w.ndim == 2 and w.shape[0] != 1 and w.shape[1] != 1:
        out += [("transposed", np.ascontiguousarray(w.T), False),
                ("transposed+flipped", np.ascontiguousarray(w.T), True)]
    return out


def find_splits(op, case, actual, limit=8):
    """Pad splits (per axis [before, after]) reproducing `actual`, as dicts; [] when none."""
    y = to_float_array(actual)
    rank = len(case["input_shape"])
    if y.ndim != rank:
        return []
    out = list(y.shape)
    x = np.asarray(case["input"], dtype=np.int64)
    w = np.asarray(case["kernel"], dtype=np.int64) if case.get("kernel") is not None else None
    n, k, s, d = case["input_shape"], case["kernel_shape"], case["stride"], case["dilation"]
    per_axis = [list(_candidates_before(op, n[a], k[a], s[a], d[a])) for a in range(rank)]
    if int(np.prod([len(c) for c in per_axis])) > 20000:
        return []
    divisors = _DIVISORS if op == "avg_pool" else (None,)
    found = []
    for label, kern, flip in _kernel_variants(w):
        kshape = list(kern.shape) if kern is not None else list(k)
        keff = [(kshape[a] - 1) * d[a] + 1 for a in range(rank)]
        for befores in itertools.product(*per_axis):
            pads = []
            for a, b in enumerate(befores):
                if op == "conv_transpose":
                    pads.append([b, (n[a] - 1) * s[a] + keff[a] - b - out[a]])
                else:
                    pads.append([b, (out[a] - 1) * s[a] + keff[a] - n[a] - b])
            for divisor in divisors:
                outcome = Outcome("valid", pads, out, flip=flip, divisor=divisor,
                                  pad_value="ignored")
                try:
                    ref, _ = reference.compute(op, x, kern if kern is not None else tuple(k),
                                               outcome, s, d)
                except ArithmeticError:
                    continue  # this divisor does not divide: cannot have produced integers
                if equal_exact(y, to_float_array(ref.tolist())):
                    entry = {"pads": pads, "flip_kernel": flip}
                    if label.startswith("transposed"):
                        entry["kernel"] = label
                    if divisor:
                        entry["divisor"] = divisor
                    found.append(entry)
                    if len(found) >= limit:
                        return found
    return found


def find_case(case_id, root):
    """(system, op, case) for a case id or slug anywhere in vectors/."""
    vdir = os.path.join(root, "vectors")
    for system in sorted(os.listdir(vdir)):
        sdir = os.path.join(vdir, system)
        if system == "schema" or not os.path.isdir(sdir):
            continue
        for name in sorted(os.listdir(sdir)):
            with open(os.path.join(sdir, name)) as f:
                doc = json.load(f)
            for case in doc["cases"]:
                if case["id"] == case_id or case["slug"] == case_id:
                    return system, doc["op"], case
    raise KeyError("no case with id or slug %r under %s" % (case_id, vdir))


def _same_split(outcome, split, op):
    if outcome.pads is None or outcome.flip != split["flip_kernel"] or "kernel" in split:
        return False
    if op == "avg_pool" and outcome.divisor != split.get("divisor"):
        return False
    if op in ("conv", "max_pool", "avg_pool"):
        # `after` beyond what the last window reads does not change the output: compare the
        # starts, and `after` only where the divisor can see it.
        if [p[0] for p in outcome.pads] != [p[0] for p in split["pads"]]:
            return False
        if op == "avg_pool" and split.get("divisor") == "include_pad":
            return outcome.pads == split["pads"]
        return True
    return outcome.pads == split["pads"]


def conventions_matching(specs, op, case, splits, out_shape):
    """Known conventions (and deviations) that apply one of `splits` to this case's geometry."""
    geometry = {"n": case["input_shape"], "k": case["kernel_shape"], "s": case["stride"],
                "d": case["dilation"]}
    found = []
    for spec in specs:
        sop = spec.ops.get(op)
        if sop is None or len(geometry["n"]) not in sop.ranks:
            continue
        for pname, padding in sop.paddings.items():
            if padding.args:
                continue
            opts = dict(sop.options)
            opts.update(padding.options or {})
            names = list(opts)
            for values in itertools.product(*(opts[n] for n in names)):
                combo = dict(zip(names, values))
                try:
                    resolved = convention.resolve_options(combo, geometry)
                    outcome = convention.apply(sop, pname, geometry, resolved)
                    devs = convention.deviations_for(spec, sop, pname, geometry, resolved)
                except Exception:
                    continue
                label = "%s:%s" % (spec.id, pname)
                if combo:
                    label += " (%s)" % ", ".join("%s=%s" % kv for kv in sorted(combo.items()))
                candidates = [(label, outcome, None)]
                candidates += [(label, actual, dev) for dev, actual in devs]
                for lab, oc, dev in candidates:
                    if not oc.computes or list(oc.out) != list(out_shape):
                        continue
                    if any(_same_split(oc, sp, op) for sp in splits):
                        entry = {"convention": lab}
                        if dev is not None:
                            entry.update(deviation=dev.id, versions=dev.versions)
                        if entry not in found:
                            found.append(entry)
    return found


def diagnose(case_id, actual, root=None, specs=None):
    """Everything padvec can say about an actual output for a case."""
    from .spec import load_all, repo_root
    root = root or repo_root()
    system, op, case = find_case(case_id, root)
    specs = specs if specs is not None else load_all(os.path.join(root, "spec"))
    y = to_float_array(actual)
    exp = case["expect"]
    report = {"case": case["id"], "slug": case["slug"], "system": system, "op": op,
              "padding": case["padding"], "actual_shape": list(y.shape)}
    if exp["result"] == "rejected":
        report["verdict"] = "unexpected_accept"
        report["expected"] = {"rejected": True, "exception": exp["exception"]}
    else:
        report["expected"] = {"pads": exp["pads"], "output_shape": exp["output_shape"]}
        if list(y.shape) != list(exp["output_shape"]):
            report["verdict"] = "wrong_shape"
        elif equal_exact(y, exp["output"]):
            report["verdict"] = "pass"
        else:
            report["verdict"] = "wrong_value"
    splits = find_splits(op, case, actual) if report["verdict"] != "pass" else \
        [{"pads": exp["pads"], "flip_kernel": bool(case.get("flip_kernel"))}]
    report["splits"] = splits
    report["conventions"] = conventions_matching(specs, op, case, splits, list(y.shape)) \
        if splits else []
    return report


def format_report(r):
    lines = ["case %s (%s): %s %s padding=%s" % (r["slug"], r["case"], r["system"], r["op"],
                                                 r["padding"]),
             "verdict: %s" % r["verdict"]]
    exp = r["expected"]
    if exp.get("rejected"):
        lines.append("expected: rejected (%s)" % exp["exception"])
    else:
        lines.append("expected: pads %s, output shape %s" % (exp["pads"], exp["output_shape"]))
    lines.append("actual shape: %s" % r["actual_shape"])
    if not r["splits"]:
        lines.append("no pad split, kernel flip or divisor reproduces the actual output")
    for sp in r["splits"]:
        extra = [k + "=" + str(sp[k]) for k in ("kernel", "divisor") if k in sp]
        lines.append("applied split: pads %s%s%s" % (sp["pads"],
                                                    ", kernel flipped" if sp["flip_kernel"] else "",
                                                    (", " + ", ".join(extra)) if extra else ""))
    for c in r["conventions"]:
        line = "matches: %s" % c["convention"]
        if "deviation" in c:
            line += " [deviation %s, %s]" % (c["deviation"], c["versions"])
        lines.append(line)
    if r["splits"] and not r["conventions"]:
        lines.append("no known convention applies that split here")
    return "\n".join(lines)
