"""Every vector through the real implementation of its system (marked `conformance`).

One worker per (system, runtime) runs all its cases once (cached for the session); each case is
then its own test, so a failure names the case and a skip prints its reason.
"""
import json
import os

import pytest

from padvec.loader import load_file
from padvec.spec import load_all, repo_root
from padvec.verify import FAILURES, run_adapter, runtime_label

ROOT = repo_root()
SPECS = {s.id: s for s in load_all()}
RESULTS_DIR = os.path.join(ROOT, "build", "conformance")
_CACHE = {}


def _targets():
    for sid, spec in sorted(SPECS.items()):
        for runtime in spec.runtimes:
            yield sid, runtime


def _params():
    out = []
    for sid, runtime in _targets():
        for op in spec_ops(sid):
            doc = load_file(sid, op)
            for case in doc["cases"]:
                label = runtime_label(runtime)
                out.append(pytest.param(sid, label, op, case["id"],
                                        id="%s/%s/%s" % (sid, label, case["slug"])))
    return out


def spec_ops(sid):
    return [op for op in SPECS[sid].ops if os.path.exists(
        os.path.join(ROOT, "vectors", sid, op + ".json"))]


def results_for(sid, adapter):
    key = (sid, adapter)
    if key not in _CACHE:
        runtime = [r for r in SPECS[sid].runtimes if runtime_label(r) == adapter][0]
        rep = run_adapter(SPECS[sid], runtime, ROOT, progress=True)
        os.makedirs(RESULTS_DIR, exist_ok=True)
        with open(os.path.join(RESULTS_DIR, "%s--%s.json" % (sid, adapter)), "w") as f:
            json.dump(rep, f, indent=1, sort_keys=True)
        _CACHE[key] = (rep, {r["id"]: r for r in rep["results"]})
    return _CACHE[key]


@pytest.mark.conformance
@pytest.mark.parametrize("system, adapter, op, case_id", _params())
def test_case(system, adapter, op, case_id):
    _, by_id = results_for(system, adapter)
    r = by_id[case_id]
    if r["status"] == "skipped":
        pytest.skip(r["reason"])
    if r["status"] in FAILURES:
        pytest.fail("%s: %s" % (r["status"], r.get("detail", "")), pytrace=False)
    assert r["status"] in ("pass", "deviation")


@pytest.mark.conformance
def test_every_case_was_run_or_skipped_with_a_reason():
    """Completeness: nothing in vectors/ slips through unrun and unexplained."""
    missing = []
    for sid in sorted(os.listdir(os.path.join(ROOT, "vectors"))):
        if sid == "schema" or not os.path.isdir(os.path.join(ROOT, "vectors", sid)):
            continue
        spec = SPECS.get(sid)
        assert spec is not None, "vectors/%s has no spec" % sid
        ids = {c["id"] for op in spec_ops(sid) for c in load_file(sid, op)["cases"]}
        if not spec.runtimes:
            assert spec.unverified, "%s has no runtime and no reason (unverified:)" % sid
            continue
        for runtime in spec.runtimes:
            _, by_id = results_for(sid, runtime_label(runtime))
            for cid in ids:
                r = by_id.get(cid)
                if r is None:
                    missing.append("%s/%s: %s never ran" % (sid, runtime_label(runtime), cid))
                elif r["status"] == "skipped" and "install" not in r.get("reason", ""):
                    missing.append("%s/%s: %s skipped without an install hint"
                                   % (sid, runtime_label(runtime), cid))
    assert not missing, "\n".join(missing[:50])
