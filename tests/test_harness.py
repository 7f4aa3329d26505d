"""The conformance harness can fail: wrong values are diagnosed, crashes and hangs become
outcomes of one case, and the run goes on.  Uses a fixture adapter, never vectors/."""
import json
import os
import sys

import pytest

from helpers import FIXTURES, make_root, padvec
from padvec.spec import load_spec
from padvec.verify import run_adapter


@pytest.fixture()
def mini_root(tmp_path, monkeypatch):
    root = make_root(tmp_path)
    assert padvec("generate", root=root).returncode == 0
    monkeypatch.setenv("PADVEC_ADAPTER_PATH", os.path.join(FIXTURES, "adapters"))
    return root


def _rewrite(root, mutate):
    path = root / "vectors" / "mini" / "conv.json"
    doc = json.loads(path.read_text())
    doc["cases"] = mutate(doc["cases"])
    path.write_text(json.dumps(doc))


def _run(root, timeout=20.0):
    spec = load_spec(str(root / "spec" / "mini.yaml"))
    runtime = {"adapter": "numpy_same_lower", "env": "main"}
    rep = run_adapter(spec, runtime, str(root), timeout=timeout, ops=["conv"], progress=False)
    return {r["slug"]: r for r in rep["results"]}, rep


def _one_d(cases, padding):
    # The fixture adapter knows no dilation.
    return [c for c in cases if c["padding"] == padding and len(c["input_shape"]) == 1
            and c["dilation"] == [1]]


def test_wrong_split_is_reported_with_the_split_it_applied(mini_root):
    """A SAME_LOWER implementation judged against TF-style SAME vectors."""
    _rewrite(mini_root, lambda cs: _one_d(cs, "SAME") + _one_d(cs, "SAME_LOWER"))
    results, rep = _run(mini_root)
    doc = json.loads((mini_root / "vectors" / "mini" / "conv.json").read_text())
    same = {c["slug"]: c for c in doc["cases"]}
    wrong = 0
    for slug, r in results.items():
        case = same[slug]
        exp = case["expect"]
        if exp["result"] != "valid":
            continue
        b, a = exp["pads"][0]
        if case["padding"] == "SAME_LOWER" or (b + a) % 2 == 0:
            assert r["status"] == "pass", (slug, r)
            continue
        wrong += 1
        assert r["status"] == "wrong_value", (slug, r)
        # Diagnosed: the extra cell went first, i.e. the SAME_LOWER split of the same total.
        assert {"pads": [[a, b]], "flip_kernel": False} in r["applied_splits"], r
    assert wrong >= 10
    assert rep["versions"]["numpy"]


def test_crashes_hangs_and_nondeterminism_are_outcomes(mini_root):
    def mutate(cases):
        base = [c for c in _one_d(cases, "SAME_LOWER") if c["expect"]["result"] == "valid"][:6]
        for c, mode in zip(base, ["abort", "fpe", "hang", "random", "reject", None]):
            c["options"] = {"misbehave": mode} if mode else {}
            c["slug"] = "case-%s" % (mode or "fine")
        return base
    _rewrite(mini_root, mutate)
    results, _ = _run(mini_root, timeout=3.0)
    assert results["case-abort"]["status"] == "crashed"
    assert "SIGABRT" in results["case-abort"]["detail"]
    assert results["case-fpe"]["status"] == "crashed"
    assert "SIGFPE" in results["case-fpe"]["detail"]
    assert results["case-hang"]["status"] == "hung"
    assert results["case-random"]["status"] == "nondeterministic"
    assert results["case-reject"]["status"] == "unexpected_reject"
    assert results["case-fine"]["status"] == "pass"   # the run went on after all of that


def test_rejection_expectations(mini_root):
    def mutate(cases):
        valid = [c for c in _one_d(cases, "VALID") if c["expect"]["result"] == "rejected"][:1]
        ok = [c for c in _one_d(cases, "SAME_LOWER") if c["expect"]["result"] == "valid"][:1]
        ok[0]["options"] = {"misbehave": "reject"}
        ok[0]["expect"] = {"result": "rejected", "exception": "ValueError",
                           "error": "not supported"}
        ok[0]["slug"] = "rejects-as-documented"
        acc = json.loads(json.dumps(ok[0]))
        acc["expect"] = {"result": "rejected", "exception": "ValueError", "error": "other text"}
        acc["slug"] = "rejects-with-other-message"
        return valid + ok + [acc]
    _rewrite(mini_root, mutate)
    results, _ = _run(mini_root)
    statuses = {k: v["status"] for k, v in results.items()}
    assert statuses["rejects-as-documented"] == "pass"
    assert statuses["rejects-with-other-message"] == "wrong_error"
    assert [s for k, s in statuses.items() if k.startswith("conv1d-valid")] == \
        ["unexpected_accept"]


def test_missing_runtime_is_a_skip_that_names_the_install(mini_root, monkeypatch):
    monkeypatch.setenv("PADVEC_PYTHON_NOPE", "/nonexistent/python")
    spec = load_spec(str(mini_root / "spec" / "mini.yaml"))
    rep = run_adapter(spec, {"adapter": "numpy_same_lower", "env": "nope",
                             "packages": ["numpy==2.4.6"]}, str(mini_root), ops=["conv"],
                      progress=False)
    reasons = {r["reason"] for r in rep["results"]}
    assert len(reasons) == 1 and all(r["status"] == "skipped" for r in rep["results"])
    assert "not installed" in reasons.pop()
