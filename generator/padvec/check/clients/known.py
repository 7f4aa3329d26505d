"""Known client failures (spec/clients/known.yaml): recorded data, matched by formula.

Each entry names the clients it holds for, the ops (and optionally the paddings), the outcomes it
explains (`status`: wrong_value, unexpected_reject, crashed, ...) and a `when` formula over the
case geometry, evaluated per spatial axis with padvec.formula and true when it holds on ANY axis:

  n, k, s, d          input length, kernel, stride, dilation
  keff                (k - 1) * d + 1
  pb, pa              the pads before / after the case passes (its `pads`; for auto-pad
                      cases, which pass none, the pads the documentation applies)
  epb, epa            the pads the documentation applies (expect.pads; 0 when rejected)
  out                 expected output length (0 when the case expects a rejection)
  ceil_mode, count_include_pad, output_padding   the options (0 when absent)
  has_output_shape    1 when the ConvTranspose case sets output_shape
  rank                number of spatial axes

A failure that an entry matches is `known` (CI stays green); an entry whose cases were run but
none of which failed as it says is `stale` (the client was fixed, or the entry is wrong), except
an entry marked `intermittent: true` (a failure that shows in some runs only, described as such).
"""
import os

import numpy as np
import yaml

from ...formula import Formula

STATUSES = ("wrong_value", "wrong_shape", "unexpected_reject", "unexpected_accept",
            "wrong_error", "crashed", "hung", "nondeterministic", "protocol_error")
REQUIRED = ("id", "clients", "ops", "status", "when", "versions", "actual", "evidence")


class KnownError(ValueError):
    pass


def known_path(root):
    return os.path.join(root, "spec", "clients", "known.yaml")


def load(root):
    path = known_path(root)
    with open(path) as f:
        data = yaml.safe_load(f) or {}
    entries = data.get("failures") or []
    seen = set()
    for i, e in enumerate(entries):
        where = "%s: failures[%d]" % (path, i)
        missing = [k for k in REQUIRED if k not in e]
        if missing:
            raise KnownError("%s: missing key(s) %s" % (where, ", ".join(missing)))
        if e["id"] in seen:
            raise KnownError("%s: duplicate id %r" % (where, e["id"]))
        seen.add(e["id"])
        bad = [s for s in e["status"] if s not in STATUSES]
        if bad:
            raise KnownError("%s.status: unknown %s (known: %s)" % (where, bad, STATUSES))
        try:
            e["_when"] = Formula(e["when"])
        except Exception as exc:
            raise KnownError("%s.when: %s" % (where, exc))
    return entries


def _opt(options, name, rank):
    v = options.get(name)
    if v is None:
        return np.zeros(rank, dtype=np.int64)
    return np.asarray(v if isinstance(v, list) else [v] * rank, dtype=np.int64)


def geometry(case):
    """The per-axis variables a `when` formula reads."""
    rank = len(case["input_shape"])
    ones = [1] * rank
    n = np.asarray(case["input_shape"], dtype=np.int64)
    k = np.asarray(case.get("kernel_shape") or [0] * rank, dtype=np.int64)
    s = np.asarray(case.get("stride") or ones, dtype=np.int64)
    d = np.asarray(case.get("dilation") or ones, dtype=np.int64)
    exp = case["expect"]
    applied = exp.get("pads") or [[0, 0]] * rank
    pads = case.get("pads") or applied
    options = case.get("options") or {}
    return {
        "n": n, "k": k, "s": s, "d": d, "keff": (k - 1) * d + 1,
        "pb": np.asarray([p[0] for p in pads], dtype=np.int64),
        "pa": np.asarray([p[1] for p in pads], dtype=np.int64),
        "epb": np.asarray([p[0] for p in applied], dtype=np.int64),
        "epa": np.asarray([p[1] for p in applied], dtype=np.int64),
        "out": np.asarray(exp.get("output_shape") or [0] * rank, dtype=np.int64),
        "ceil_mode": _opt(options, "ceil_mode", rank),
        "count_include_pad": _opt(options, "count_include_pad", rank),
        "output_padding": _opt(options, "output_padding", rank),
        "has_output_shape": np.full(rank, int(options.get("output_shape") is not None)),
        "rank": np.full(rank, rank),
    }


def applies(entry, client, op, case):
    """The entry names this client and op and its padding list and formula hold for the case."""
    if client not in entry["clients"] or op not in entry["ops"]:
        return False
    if entry.get("padding") and case["padding"] not in entry["padding"]:
        return False
    return bool(np.any(entry["_when"](geometry(case))))


def matches(entry, client, op, case, status):
    return status in entry["status"] and applies(entry, client, op, case)


def apply(entries, client, results, cases):
    """Mark failures a known entry explains (status `known`, `known_id`); return stale ids.

    `cases` maps a case id to its case dict. An entry is stale when some case of the run falls
    under it (client, op, padding, formula) but none of them failed as the entry says; an entry
    none of whose cases was run (a client that runs a subset) is not judged.
    """
    used, exercised = set(), set()
    for row in results:
        case = cases[row["id"]]
        for e in entries:
            if e["id"] not in exercised and applies(e, client, row["op"], case):
                exercised.add(e["id"])
        if row["status"] not in STATUSES:
            continue
        for e in entries:
            if matches(e, client, row["op"], case, row["status"]):
                row["known_id"], row["known_status"], row["status"] = e["id"], row["status"], "known"
                used.add(e["id"])
                break
    return [e["id"] for e in entries
            if e["id"] in exercised and e["id"] not in used and not e.get("intermittent")]
