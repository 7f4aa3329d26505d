"""Judge one protocol reply exactly, as `padvec verify` judges a runtime's answer.

Differences from verify, because the implementation is not the system's own runtime:
  * every recorded deviation of the system counts, whatever runtime recorded it; a match is
    reported as "matches <runtime> deviation <id>";
  * a rejection matches an expected rejection by status alone: the exception class and message
    patterns in the vectors are the system runtime's own words, not a third party's;
  * a documented result that is also recorded as some runtime's deviation is a plain pass
    (stale deviations are the runtime's business, checked by `padvec verify`).
"""
from ..compare import classify, describe
from ..diagnose import find_splits

FAILURES = ("wrong_value", "wrong_shape", "unexpected_reject", "unexpected_accept",
            "crashed", "hung", "errored", "protocol_error")
OUTCOMES = ("pass", "deviation", "unsupported") + FAILURES


def as_result(reply):
    """A protocol reply -> the result dict compare.classify reads."""
    if reply["status"] == "ok":
        return {"status": "ok", "shape": reply["shape"], "output": reply["output"]}
    return {"status": "error", "exception": reply.get("exception", ""),
            "message": reply.get("message", "")}


def _status_only(expect):
    """An expectation whose rejection is matched by status, not by the runtime's words."""
    if expect.get("result") == "rejected":
        return {"result": "rejected"}
    return expect


def _runtimes(dev):
    return ", ".join(dev.get("adapters") or ["the system"])


def _matched(dev):
    return {"status": "deviation", "deviation": dev["id"], "runtimes": dev.get("adapters", []),
            "detail": "matches %s deviation %s" % (_runtimes(dev), dev["id"])}


def _text(reply):
    if reply["status"] == "ok":
        return "shape %s output %s" % (reply["shape"], describe(reply["output"]))
    return "%s: %s" % (reply.get("exception"), describe(reply.get("message")))


def judge_reply(op, case, reply):
    """Outcome of one case from the implementation's reply (status ok/rejected/...)."""
    if reply["status"] == "unsupported":
        return {"status": "unsupported", "detail": reply.get("message", "")}
    if reply["status"] == "errored":
        return {"status": "errored", "detail": reply.get("message", ""),
                "traceback": reply.get("traceback", "")[-2000:]}
    result = as_result(reply)
    status = classify(_status_only(case["expect"]), result)
    if status == "pass":
        return {"status": "pass"}
    for dev in case.get("deviations", []):
        if dev["expect"]["result"] in ("crash", "undefined_values"):
            continue  # a crash is judged by judge_died; undefined contents match any output
        if classify(_status_only(dev["expect"]), result) == "pass":
            return _matched(dev)
    out = {"status": status, "actual": _text(reply)}
    exp = case["expect"]
    if status == "wrong_value":
        splits = find_splits(op, case, reply["output"]) if op != "pad" else []
        out["applied_splits"] = splits
        out["detail"] = "expected %s (pads %s), got %s; split(s) that produce it: %s" % (
            describe(exp["output"]), exp.get("pads"), describe(reply["output"]),
            splits if splits else "none found")
    elif status == "wrong_shape":
        out["detail"] = "expected shape %s, got %s" % (exp["output_shape"], reply["shape"])
    elif status == "unexpected_reject":
        out["detail"] = "expected output (pads %s), got %s" % (exp.get("pads"), _text(reply))
    else:
        out["detail"] = "expected a rejection (%s /%s/), got %s" % (
            exp.get("exception"), exp.get("error"), _text(reply))
    return out


def judge_died(case, status, detail):
    """The implementation crashed, hung or broke the protocol on this case."""
    if status == "crashed":
        for dev in case.get("deviations", []):
            exp = dev["expect"]
            if exp["result"] == "crash" and exp.get("signal", "") in detail:
                out = _matched(dev)
                out["detail"] += " (%s)" % detail
                return out
    return {"status": status, "detail": detail}
