"""padvec.pytest_plugin from a consumer's side: a pure-numpy 1-D conv run against the committed
vectors of onnx, tensorflow and jax passes, a deliberately wrong one fails, and a case that is
neither run nor skipped with a reason fails the completeness check.

The consumer suites run in an inner pytest process (one, for speed) so that their failures are
observed rather than reported; the adapters live here and the inner file imports them.
"""
import json
import os
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET

import numpy as np
import pytest

from padvec.pytest_plugin import Ledger, Unsupported, check, judge, run_case, vector_cases

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SYSTEMS = ["onnx", "tensorflow", "jax"]


# ---- the consumer's implementation: explicit-pad 1-D cross-correlation ----------------------

def correlate1d(x, w, before, after, stride, dilation, flip=False):
    """y[i] = sum_j x[i*s - before + j*d] * w[j]; cells outside [0, n) are zero; floor output."""
    if flip:
        w = w[::-1]
    n, k = len(x), len(w)
    out = max((n + before + after - ((k - 1) * dilation + 1)) // stride + 1, 0)
    y = np.zeros(out, dtype=np.int64)
    for i in range(out):
        for j in range(k):
            p = i * stride - before + j * dilation
            if 0 <= p < n:
                y[i] += x[p] * w[j]
    return y


def _split(case, lower_means_lower=True):
    """The pad pair from the system's own padding spelling (only the case's `pads` if explicit)."""
    padding = case["padding"]
    (n,), (k,), (s,), (d,) = case["input_shape"], case["kernel_shape"], case["stride"], \
        case["dilation"]
    if case["pads"] is not None:              # explicit / NOTSET: the caller's pads
        return tuple(case["pads"][0])
    if padding == "VALID":
        return 0, 0
    if padding in ("SAME", "SAME_UPPER", "SAME_LOWER"):
        total = max((-(-n // s) - 1) * s + (k - 1) * d + 1 - n, 0)
        small = total // 2
        before = total - small if padding == "SAME_LOWER" and lower_means_lower else small
        return before, total - before
    raise Unsupported("padding %r is not implemented by the numpy adapter" % padding)


def numpy_conv(op, case):
    if op != "conv" or len(case["input_shape"]) != 1:
        raise Unsupported("1-D conv only")
    before, after = _split(case)
    return correlate1d(np.array(case["input"]), np.array(case["kernel"]), before, after,
                       case["stride"][0], case["dilation"][0], bool(case["flip_kernel"]))


def wrong_numpy_conv(op, case):
    """The classic porting bug: SAME_LOWER treated as SAME_UPPER (extra cell at the end)."""
    before, after = _split(case, lower_means_lower=False)
    return correlate1d(np.array(case["input"]), np.array(case["kernel"]), before, after,
                       case["stride"][0], case["dilation"][0], bool(case["flip_kernel"]))


def skip_reason(case):
    """What this adapter does not cover, always with a reason (the ledger insists)."""
    if len(case["input_shape"]) != 1:
        return "the numpy adapter is 1-D"
    if case["expect"]["result"] == "rejected":
        return "the numpy adapter does not reproduce the system's error messages"
    return None


# ---- the consumer's suite, as they would write it -------------------------------------------

INNER = textwrap.dedent('''
    import json, os
    from padvec.pytest_plugin import Ledger, parametrize_vectors, run_case
    from test_pytest_plugin import SYSTEMS, numpy_conv, skip_reason, wrong_numpy_conv

    ROOT = os.environ["PADVEC_TEST_ROOT"]
    good, wrong, leaky = Ledger(), Ledger(), Ledger()

    @parametrize_vectors(SYSTEMS, "conv", root=ROOT, skip=skip_reason, ledger=good)
    def test_good(op, case):
        run_case(numpy_conv, op, case, ledger=good)

    def test_good_complete():
        counts = good.assert_complete(min_run=100)
        with open(os.environ["PADVEC_TEST_OUT"], "w") as f:
            json.dump(counts, f)

    @parametrize_vectors("onnx", "conv", root=ROOT, skip=skip_reason, ledger=wrong)
    def test_wrong(op, case):
        run_case(wrong_numpy_conv, op, case, ledger=wrong)

    @parametrize_vectors("onnx", "conv", root=ROOT, ledger=leaky)
    def test_leaky(op, case):
        if len(case["input_shape"]) != 1:
            return                  # dropped without a reason: must not count as covered
        if case["expect"]["result"] != "rejected":
            run_case(numpy_conv, op, case, ledger=leaky)

    def test_leaky_complete():
        leaky.assert_complete()
''')


@pytest.fixture(scope="module")
def inner_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("consumer")
    (tmp / "test_consumer.py").write_text(INNER)
    env = dict(os.environ, PADVEC_TEST_ROOT=ROOT, PADVEC_TEST_OUT=str(tmp / "counts.json"),
               PYTHONPATH=os.pathsep.join([os.path.dirname(os.path.abspath(__file__)),
                                           os.environ.get("PYTHONPATH", "")]))
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "--junitxml", str(tmp / "junit.xml"), str(tmp / "test_consumer.py")],
                          cwd=str(tmp), env=env, capture_output=True, text=True, timeout=120)
    results = {}
    for tc in ET.parse(str(tmp / "junit.xml")).getroot().iter("testcase"):
        kind = "passed"
        for child in tc:
            if child.tag in ("failure", "error", "skipped"):
                kind = {"failure": "failed"}.get(child.tag, child.tag)
                results.setdefault("_msg", {})[tc.get("name")] = child.get("message") or ""
        results[tc.get("name")] = kind
    counts = json.loads((tmp / "counts.json").read_text()) \
        if (tmp / "counts.json").exists() else None
    return proc, results, counts


def _group(results, prefix):
    out = {}
    for name, kind in results.items():
        if name.startswith(prefix + "["):
            out[kind] = out.get(kind, 0) + 1
    return out


def test_correct_adapter_passes_every_case_it_runs(inner_run):
    proc, results, counts = inner_run
    good = _group(results, "test_good")
    assert good.get("failed", 0) == 0, proc.stdout[-3000:]
    assert good.get("passed", 0) >= 100 and good.get("skipped", 0) > 0, good
    assert results["test_good_complete"] == "passed", proc.stdout[-3000:]
    assert counts["pass"] == good["passed"] and counts["skipped"] == good["skipped"], counts
    # readable ids: <system>/<op>/<slug>, every system present
    names = [n for n in results if n.startswith("test_good[")]
    for system in SYSTEMS:
        assert any(n.startswith("test_good[%s/conv/conv1d-" % system) for n in names), system


def test_wrong_adapter_fails(inner_run):
    proc, results, _ = inner_run
    assert proc.returncode == 1
    wrong = _group(results, "test_wrong")
    assert wrong.get("failed", 0) > 0 and wrong.get("passed", 0) > 0, wrong
    msgs = [m for n, m in results["_msg"].items() if n.startswith("test_wrong[")
            and results[n] == "failed"]
    assert msgs and all("wrong_value" in m for m in msgs), msgs[:3]
    failed = [n for n in results if n.startswith("test_wrong[") and results[n] == "failed"]
    padding = {"test_wrong[onnx/conv/%s]" % c["slug"]: c["padding"]
               for _, _, c in vector_cases("onnx", "conv", root=ROOT)}
    assert {padding[n] for n in failed} == {"SAME_LOWER"}, failed[:5]


def test_completeness_catches_a_silently_dropped_case(inner_run):
    _, results, _ = inner_run
    assert results["test_leaky_complete"] == "failed"
    msg = results["_msg"]["test_leaky_complete"]
    assert "neither run nor skipped with a reason" in msg, msg


# ---- in-process unit checks -----------------------------------------------------------------

def _valid_case():
    for _, _, case in vector_cases("onnx", "conv", root=ROOT):
        if case["expect"]["result"] == "valid" and len(case["input_shape"]) == 1:
            return json.loads(json.dumps(case))
    raise AssertionError("no valid 1-D onnx conv case")


def test_check_is_exact_and_reads_exceptions():
    case = _valid_case()
    good = np.array(case["expect"]["output"], dtype=np.float32)
    assert check(case, good) == "pass"
    off = good.astype(np.float64)
    off[0] += 1e-3                              # no tolerance
    with pytest.raises(AssertionError, match="wrong_value"):
        check(case, off)
    with pytest.raises(AssertionError, match="wrong_shape"):
        check(case, good[:-1] if good.size > 1 else np.zeros(2))
    with pytest.raises(AssertionError, match="unexpected_reject"):
        check(case, ValueError("nope"))
    rejected = dict(case, expect={"result": "rejected", "exception": "ValueError",
                                  "error": "out.*< 1"})
    assert check(rejected, ValueError("out=0 < 1")) == "pass"
    with pytest.raises(AssertionError, match="wrong_error"):
        check(rejected, TypeError("out=0 < 1"))
    with pytest.raises(AssertionError, match="unexpected_accept"):
        check(rejected, good)


def test_deviation_modes_and_runtime_filter():
    case = _valid_case()
    actual = np.array(case["expect"]["output"]) + 1
    dev = {"id": "dev-x", "versions": "v", "summary": "s", "adapters": ["ort"],
           "expect": dict(case["expect"], output=actual.tolist())}
    case["deviations"] = [dev]
    documented = np.array(case["expect"]["output"])
    assert judge(case, documented)[0] == "pass"
    assert judge(case, actual)[0] == "wrong_value"                   # documented mode
    assert judge(case, actual, "either", runtime="ort")[0] == "deviation"
    assert judge(case, actual, "either", runtime="other")[0] == "wrong_value"  # adapters filter
    assert judge(case, actual, "actual", runtime="ort")[0] == "deviation"
    assert judge(case, documented, "actual", runtime="ort")[0] == "stale_deviation"
    assert judge(case, documented, "actual", runtime="other")[0] == "pass"


def test_ledger_and_unsupported():
    case = _valid_case()
    ledger = Ledger()
    ledger.expect(case)
    with pytest.raises(AssertionError, match="neither run nor skipped"):
        ledger.assert_complete()
    ledger.record(case, "skipped", "")          # a skip without a reason does not count
    assert ledger.missing()

    def unsupported(op, c):
        raise Unsupported("not my rank")
    with pytest.raises(pytest.skip.Exception, match="not my rank"):
        run_case(unsupported, "conv", case, ledger=ledger)
    assert ledger.outcomes[case["id"]] == ("skipped", "not my rank")
    with pytest.raises(AssertionError, match="only 0 case"):
        ledger.assert_complete()
    assert run_case(numpy_conv, "conv", case, ledger=ledger) == "pass"
    assert ledger.assert_complete() == {"pass": 1}


def test_undefined_values_and_crash_deviations():
    case = _valid_case()
    shape_only = {"id": "dev-u", "versions": "v", "summary": "s",
                  "expect": {"result": "undefined_values", "pads": case["expect"]["pads"],
                             "output_shape": case["expect"]["output_shape"]}}
    crash = {"id": "dev-c", "versions": "v", "summary": "s",
             "expect": {"result": "crash", "signal": "SIGFPE"}}
    case["deviations"] = [crash, shape_only]
    garbage = np.array(case["expect"]["output"]) * 7 + 3
    assert judge(case, garbage, "actual")[0] == "deviation"        # shape is all that is defined
    assert judge(case, garbage)[0] == "wrong_value"                # documented: exact values
    case["deviations"] = [crash]
    assert judge(case, np.array(case["expect"]["output"]), "actual")[0] == "pass"
