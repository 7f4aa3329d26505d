"""Run padvec vectors from your own pytest suite, with padvec's exact comparison.

    from padvec.pytest_plugin import Ledger, Unsupported, parametrize_vectors, run_case

    ledger = Ledger()

    def my_run(op, case):            # your implementation: array, or raise what it raises
        ...                          # raise Unsupported("why") for a case it cannot express

    @parametrize_vectors("pytorch", "conv", ledger=ledger,
                         skip=lambda c: None if len(c["input_shape"]) == 1 else "1-D only")
    def test_conv(op, case):
        run_case(my_run, op, case, ledger=ledger)

    def test_every_case_accounted_for():   # keep it after the parametrized tests
        ledger.assert_complete()

Test ids are ``<system>/<op>/<slug>``. The comparison is ``padvec.compare.classify`` (the one
``padvec verify`` uses): same shape, every element equal, no tolerance; ``-inf``/``nan`` are
exact tokens. ``deviations=`` chooses the behaviour checked: "documented" (``expect`` only, the
default), "actual" (the real system: a recorded deviation wins over ``expect``, as in
``padvec verify``) or "either". ``runtime=`` limits deviations to those whose ``adapters`` list
names it (deviations without ``adapters`` apply to every runtime). An ``undefined_values``
deviation (uninitialised output) checks the shape only; a ``crash`` deviation is ignored (an
in-process adapter cannot be judged on killing its process).
"""
import pytest

from .compare import classify, describe
from .loader import load_file

MODES = ("documented", "actual", "either")


class Unsupported(Exception):
    """Raise from an adapter for a case it cannot express; the case is skipped with the reason."""


def _as_list(x):
    return [x] if isinstance(x, str) else list(x)


def vector_cases(system, op, root=None):
    """[(system, op, case), ...] of vectors/<system>/<op>.json; system and op may be lists."""
    out = []
    for sys_id in _as_list(system):
        for op_name in _as_list(op):
            doc = load_file(sys_id, op_name, root)
            if doc.get("format_version") != 1:
                raise RuntimeError("padvec.pytest_plugin reads format_version 1, %s/%s has %r"
                                   % (sys_id, op_name, doc.get("format_version")))
            out.extend((sys_id, op_name, c) for c in doc["cases"])
    return out


def case_label(system, op, case):
    return "%s/%s/%s" % (system, op, case["slug"])


def parametrize_vectors(system, op, root=None, skip=None, ledger=None):
    """pytest.mark.parametrize("op, case", ...) over the vectors, ids <system>/<op>/<slug>.

    `skip(case)` returns None to run the case or a non-empty reason to skip it (recorded in
    `ledger` as skipped with that reason). Every case is registered in `ledger` as expected.
    """
    params = []
    for sys_id, op_name, case in vector_cases(system, op, root):
        label = case_label(sys_id, op_name, case)
        if ledger is not None:
            ledger.expect(case, label)
        reason = skip(case) if skip else None
        marks = ()
        if reason:
            marks = (pytest.mark.skip(reason=str(reason)),)
            if ledger is not None:
                ledger.record(case, "skipped", str(reason))
        params.append(pytest.param(op_name, case, id=label, marks=marks))
    return pytest.mark.parametrize("op, case", params)


def to_result(output):
    """An adapter's answer -> the result dict classify() reads.

    `output`: an array-like (accepted) or an exception instance (rejected), or an already
    built {"status": ...} dict.
    """
    if isinstance(output, dict) and "status" in output:
        return output
    if isinstance(output, BaseException):
        return {"status": "error", "exception": type(output).__name__, "message": str(output)}
    import numpy as np
    y = np.asarray(output, dtype=np.float64)
    # Nested lists, as a worker answers: an empty output compares equal to the case's [].
    return {"status": "ok", "shape": list(y.shape), "output": y.tolist()}


def _deviations(case, runtime):
    """Deviations that apply to `runtime`; a recorded crash cannot happen in process: left out."""
    return [d for d in case.get("deviations", [])
            if (not d.get("adapters") or (runtime is not None and runtime in d["adapters"]))
            and d["expect"]["result"] != "crash"]


def judge(case, result, deviations="documented", runtime=None, op=None):
    """(outcome, detail): outcome is pass, deviation or a padvec failure name."""
    if deviations not in MODES:
        raise ValueError("deviations must be one of %s" % (MODES,))
    result = to_result(result)
    status = classify(case["expect"], result)
    devs = [] if deviations == "documented" else _deviations(case, runtime)
    matching = [d["id"] for d in devs if classify(d["expect"], result) == "pass"]
    if deviations == "actual" and devs:
        if matching:
            return "deviation", "matches recorded deviation %s" % matching[0]
        if status == "pass" and case["expect"]["result"] == "acceptable":
            return "pass", ""
        if status == "pass":
            return "stale_deviation", ("behaves as documented, but the real system deviates "
                                       "(%s)" % ", ".join(d["id"] for d in devs))
    elif status == "pass":
        return "pass", ""
    elif matching:
        return "deviation", "matches recorded deviation %s" % matching[0]
    return status, _detail(case["expect"], result, status) + _split_hint(op, case, result,
                                                                         status)


def _split_hint(op, case, result, status):
    """For a wrong output: the pad split(s) that would produce it (padvec diagnose's search)."""
    if op is None or status != "wrong_value" or result["status"] != "ok":
        return ""
    from .diagnose import find_splits
    try:
        splits = find_splits(op, case, _tolist(result["output"]), limit=3)
    except Exception:  # a hint only: never hide the failure itself
        return ""
    if not splits:
        return "; no pad split reproduces it"
    return "; the output of pads %s" % " or ".join(str(sp["pads"]) for sp in splits)



def _detail(exp, res, status):
    got = ("shape %s output %s" % (res["shape"], describe(_tolist(res["output"])))
           if res["status"] == "ok" else "%s: %s" % (res["exception"], describe(res["message"])))
    if exp["result"] == "rejected":
        want = "%s /%s/" % (exp["exception"], exp["error"])
    else:
        want = "shape %s output %s (pads %s)" % (exp["output_shape"], describe(exp["output"]),
                                                 exp["pads"])
    return "%s: expected %s, got %s" % (status, want, got)


def _tolist(v):
    return v.tolist() if hasattr(v, "tolist") else v


def check(case, result, deviations="documented", runtime=None, ledger=None, op=None):
    """Assert that `result` (array, exception or result dict) is what the case expects."""
    outcome, detail = judge(case, result, deviations, runtime, op)
    ok = outcome in ("pass", "deviation")
    if ledger is not None:
        ledger.record(case, outcome if ok else "failed", detail)
    if not ok:
        raise AssertionError("%s %s" % (case["id"], detail))
    return outcome


def run_case(adapter, op, case, deviations="documented", runtime=None, ledger=None,
             rejects=Exception):
    """Call `adapter(op, case)` (or `adapter.run`), then check() its output or its exception.

    Unsupported -> pytest.skip with its reason (recorded). An exception of a `rejects` type (the
    exceptions your implementation raises to refuse a configuration; declare them, e.g.
    ``rejects=(ValueError,)``) is its rejection; any other exception is the adapter crashing,
    a failure even where the case may be rejected. The default (every Exception) keeps older
    suites running but cannot tell the two apart.
    """
    run = getattr(adapter, "run", adapter)
    try:
        output = run(op, case)
    except Unsupported as exc:
        reason = str(exc) or type(exc).__name__
        if ledger is not None:
            ledger.record(case, "skipped", reason)
        pytest.skip(reason)
    except rejects as exc:  # the implementation rejected the case
        output = exc
    except Exception as exc:
        detail = "adapter crashed: %s: %s (not a declared rejection %s)" % (
            type(exc).__name__, exc, _names(rejects))
        if ledger is not None:
            ledger.record(case, "failed", detail)
        raise AssertionError("%s %s" % (case["id"], detail)) from exc
    return check(case, output, deviations, runtime, ledger, op)


def _names(types):
    types = types if isinstance(types, tuple) else (types,)
    return "(%s)" % ", ".join(t.__name__ for t in types)


class Ledger:
    """Which cases were expected, and what happened to each: passed, deviation, failed, skipped.

    assert_complete() fails when an expected case was neither run nor skipped with a reason
    (a filter that dropped it, a test that returned early, a deselected test).
    """

    def __init__(self):
        self.labels = {}     # id -> label, in registration order
        self.outcomes = {}   # id -> (outcome, reason)

    def expect(self, case, label=None):
        self.labels.setdefault(case["id"], label or case["slug"])

    def record(self, case, outcome, reason=""):
        cid = case["id"] if isinstance(case, dict) else case
        if outcome == "skipped" and not reason:
            return  # a skip without a reason does not account for a case
        self.outcomes[cid] = (outcome, reason)

    def counts(self):
        c = {}
        for outcome, _ in self.outcomes.values():
            c[outcome] = c.get(outcome, 0) + 1
        missing = len(self.missing())
        if missing:
            c["unaccounted"] = missing
        return c

    def missing(self):
        return [label for cid, label in self.labels.items() if cid not in self.outcomes]

    def assert_complete(self, min_run=1):
        missing = self.missing()
        if missing:
            raise AssertionError("%d of %d cases were neither run nor skipped with a reason: %s"
                                 % (len(missing), len(self.labels), ", ".join(missing[:10])
                                    + (" ..." if len(missing) > 10 else "")))
        ran = sum(1 for o, _ in self.outcomes.values() if o != "skipped")
        if ran < min_run:
            raise AssertionError("only %d case(s) ran (at least %d wanted): %s"
                                 % (ran, min_run, self.counts()))
        return self.counts()
