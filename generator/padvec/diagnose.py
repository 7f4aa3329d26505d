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


MAX_ACTUAL_CELLS = 1_000_000
_TOKENS = ("-inf", "inf", "nan", "lowest")


def check_actual(actual):
    """An actual output as given on the command line or through the API: a rectangular nested
    list of numbers (or "-inf"/"inf"/"nan"/"lowest") of rank <= 3 and bounded size."""
    from .inputs import InputError
    try:
        y = to_float_array(actual)
    except (TypeError, ValueError) as exc:
        raise InputError("actual", "not a rectangular nested list of numbers (%s)"
                         % str(exc)[:120])
    if y.ndim > 3 or y.size > MAX_ACTUAL_CELLS:
        raise InputError("actual", "rank <= 3 and <= %d values wanted, got shape %s"
                         % (MAX_ACTUAL_CELLS, list(y.shape)))
    return actual


def _vector_files(root):
    vdir = os.path.join(root, "vectors")
    for system in sorted(os.listdir(vdir)):
        sdir = os.path.join(vdir, system)
        if system == "schema" or not os.path.isdir(sdir):
            continue
        for name in sorted(os.listdir(sdir)):
            if name.endswith(".json") and not name.startswith("."):
                yield system, name[:-5], os.path.join(sdir, name)


def find_case(case_ref, root):
    """(system, op, case) for a case id, SYSTEM/OP/SLUG, or a slug that only one file has.

    A slug is unique only within its file: a slug found in several files is refused."""
    from .inputs import InputError
    parts = case_ref.split("/") if isinstance(case_ref, str) else []
    if not parts or not all(parts) or len(parts) not in (1, 3) or len(case_ref) > 300:
        raise InputError("case", "a case id, SYSTEM/OP/SLUG or a slug; got %r" % (case_ref,))
    if len(parts) == 3:
        system, op, slug = parts
        files = [(sy, o, path) for sy, o, path in _vector_files(root) if (sy, o) == (system, op)]
        if not files:
            raise InputError("case", "no vectors/%s/%s.json" % (system, op))
    else:
        files, slug = list(_vector_files(root)), parts[0]
    found = []
    for system, op, path in files:
        with open(path) as f:
            doc = json.load(f)
        for case in doc["cases"]:
            if case["id"] == case_ref:
                return system, doc["op"], case
            if case["slug"] == slug:
                found.append((system, doc["op"], case))
    if len(found) == 1:
        return found[0]
    if found:
        raise InputError("case", "slug %r is in %d files (%s): say SYSTEM/OP/SLUG or the id"
                         % (slug, len(found), ", ".join("%s/%s/%s" % (sy, o, slug)
                                                         for sy, o, _ in found)))
    raise InputError("case", "no case with id or slug %r under %s/vectors" % (case_ref, root))


def _case_arrays(case):
    x = np.asarray(case["input"], dtype=np.int64)
    w = np.asarray(case["kernel"], dtype=np.int64) if case.get("kernel") is not None \
        else tuple(case["kernel_shape"])
    return x, w


def reproduces(op, case, outcome, y):
    """True when `outcome` (a convention's full answer: pads, flip, divisor, pad value, empty
    window) computes exactly `y` on the case's own input and kernel."""
    if not outcome.computes or list(outcome.out) != list(y.shape):
        return False
    x, w = _case_arrays(case)
    try:
        ref, _ = reference.compute(op, x, w, outcome, case["stride"], case["dilation"])
    except (ArithmeticError, ValueError):
        return False
    return equal_exact(y, to_float_array(ref.tolist()))


# What implementations commonly put in a pooling window that covers no input cell.
_EMPTY_WINDOW = {0.0: "0", float(np.finfo(np.float32).min): "-FLT_MAX", float("-inf"): "-inf"}


def _empty_window_note(exp, y):
    """'differs only in empty windows' when every differing cell is an empty-window value."""
    e = to_float_array(exp)
    if e.shape != y.shape:
        return None
    differ = ~((e == y) | (np.isnan(e) & np.isnan(y)))

    def name(v):
        return "NaN" if np.isnan(v) else _EMPTY_WINDOW.get(float(v))
    pairs = {(name(a), name(b)) for a, b in zip(e[differ], y[differ])}
    if not pairs or any(a is None or b is None for a, b in pairs):
        return None
    return "differs only in windows that cover no input cell: expected %s, got %s" % (
        "/".join(sorted({a for a, _ in pairs})), "/".join(sorted({b for _, b in pairs})))


def _ulp_note(exp, y, max_ulp=64):
    """'equal after rounding to N ulp (float32)' when that is the whole difference."""
    e = to_float_array(exp)
    if e.shape != y.shape or not np.all(np.isfinite(e) == np.isfinite(y)):
        return None
    fin = np.isfinite(e)
    if not np.array_equal(e[~fin], y[~fin]) and not np.all(np.isnan(e[~fin]) & np.isnan(y[~fin])):
        return None
    a = e[fin].astype(np.float32).view(np.int32).astype(np.int64)
    b = y[fin].astype(np.float32).view(np.int32).astype(np.int64)
    # Map the sign-magnitude bit patterns onto one ordered integer line.
    a = np.where(a < 0, -(2 ** 31) - a, a)
    b = np.where(b < 0, -(2 ** 31) - b, b)
    ulp = int(np.abs(a - b).max()) if a.size else 0
    if 0 < ulp <= max_ulp:
        return "equal after rounding to %d ulp (float32): a float computation, not a padding " \
               "difference" % ulp
    return None


def _shape_note(op, case, y):
    """Which total padding per axis would give the actual shape (floor output)."""
    if y.ndim != len(case["input_shape"]):
        return "actual rank %d, the case has rank %d" % (y.ndim, len(case["input_shape"]))
    if op == "pad":
        return "a pad op's output length is n + before + after"
    parts = []
    for a, got in enumerate(y.shape):
        n, k, s, d = (case[f][a] for f in ("input_shape", "kernel_shape", "stride", "dilation"))
        keff = (k - 1) * d + 1
        if op == "conv_transpose":
            total = (n - 1) * s + keff - got
            parts.append("axis %d: length %d = full output cropped by %d in total" % (a, got, total))
        else:
            lo = (got - 1) * s + keff - n
            parts.append("axis %d: length %d needs %d..%d total padding (floor), or less with a "
                         "ceil-mode output" % (a, got, lo, lo + s - 1))
    return "; ".join(parts)


def conventions_matching(specs, op, case, y):
    """Known conventions (and their deviations) whose full output on this case is exactly `y`."""
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
                except Exception:  # an option formula this geometry cannot take
                    continue
                label = "%s:%s" % (spec.id, pname)
                if combo:
                    label += " (%s)" % ", ".join("%s=%s" % kv for kv in sorted(combo.items()))
                candidates = [(label, outcome, None)]
                candidates += [(label, actual, dev) for dev, actual in devs]
                for lab, oc, dev in candidates:
                    if reproduces(op, case, oc, y):
                        entry = {"convention": lab}
                        if dev is not None:
                            entry.update(deviation=dev.id, versions=dev.versions)
                        if entry not in found:
                            found.append(entry)
    return found


def case_deviations(case, actual):
    """The case's own recorded deviations that `actual` (array or "rejected") matches."""
    from .compare import classify
    result = {"status": "error", "exception": "", "message": ""} if actual == "rejected" else \
        {"status": "ok", "shape": list(to_float_array(actual).shape), "output": actual}
    out = []
    for d in case.get("deviations", []):
        exp = d["expect"]
        if exp["result"] == "crash":
            continue
        if actual == "rejected" and exp["result"] == "rejected":
            ok = True   # the text of a rejection is not given: any rejection matches
        else:
            ok = classify(exp, result) == "pass"
        if ok:
            out.append({"deviation": d["id"], "runtimes": d.get("adapters") or "every runtime",
                        "versions": d.get("versions")})
    return out


def diagnose(case_id, actual, root=None, specs=None):
    """Everything padvec can say about an actual output ("rejected" for a refusal)."""
    from .spec import load_all, repo_root
    root = root or repo_root()
    system, op, case = find_case(case_id, root)
    if actual != "rejected":
        check_actual(actual)
    specs = specs if specs is not None else load_all(os.path.join(root, "spec"))
    exp = case["expect"]
    report = {"case": case["id"], "slug": case["slug"], "system": system, "op": op,
              "padding": case["padding"], "notes": []}
    if exp["result"] in ("rejected", "crash"):
        report["expected"] = {"rejected": True, "exception": exp.get("exception", "crash")}
    else:
        report["expected"] = {"pads": exp.get("pads"), "output_shape": exp["output_shape"]}
    report["deviations"] = case_deviations(case, actual)
    if actual == "rejected":
        report["actual_shape"] = None
        report["verdict"] = "pass" if exp["result"] in ("rejected", "acceptable") \
            else "unexpected_reject"
        report["splits"], report["conventions"] = [], []
        return report
    y = to_float_array(actual)
    report["actual_shape"] = list(y.shape)
    if exp["result"] in ("rejected", "crash"):
        report["verdict"] = "unexpected_accept"
    elif list(y.shape) != list(exp["output_shape"]):
        report["verdict"] = "wrong_shape"
        report["notes"].append(_shape_note(op, case, y))
    elif exp["result"] == "undefined_values" or equal_exact(y, exp["output"]):
        report["verdict"] = "pass"
    else:
        report["verdict"] = "wrong_value"
        for note in (_empty_window_note(exp["output"], y), _ulp_note(exp["output"], y)):
            if note:
                report["notes"].append(note)
    splits = find_splits(op, case, actual) if report["verdict"] != "pass" else \
        [{"pads": exp.get("pads"), "flip_kernel": bool(case.get("flip_kernel"))}]
    report["splits"] = splits
    report["conventions"] = conventions_matching(specs, op, case, y)
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
    if r["actual_shape"] is None:
        lines.append("actual: rejected")
    else:
        lines.append("actual shape: %s" % r["actual_shape"])
    for note in r.get("notes", []):
        lines.append("note: %s" % note)
    for dv in r.get("deviations", []):
        lines.append("matches deviation %s of runtime %s (%s)" % (
            dv["deviation"], dv["runtimes"] if isinstance(dv["runtimes"], str)
            else ", ".join(dv["runtimes"]), dv["versions"]))
    if r["actual_shape"] is None:
        pass
    elif not r["splits"]:
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
    if r["actual_shape"] is not None and not r["conventions"]:
        lines.append("no known convention reproduces this output (pad values included)")
    return "\n".join(lines)
