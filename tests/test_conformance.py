"""Every vector through the real implementation of its system (marked `conformance`).

One worker per (system, runtime) runs all its cases once (cached for the session); each case is
then its own test, so a failure names the case and a skip prints its reason.

The runtimes are independent processes, so once collection knows which ones the session needs
(conftest.py: pytest_collection_finish -> start_runs), they run in the background, JOBS at a
time, the slowest first; a test waits only for its own runtime.
"""
import json
import os
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from padvec.loader import load_file
from padvec.spec import load_all, repo_root
from padvec.verify import FAILURES, run_adapter, runtime_label

ROOT = repo_root()
SPECS = {s.id: s for s in load_all()}
RESULTS_DIR = os.path.join(ROOT, "build", "conformance")
# Runtimes run at once: one per core (most are one busy thread per case), at most 2 by default
# (memory: a TensorFlow or OpenVINO worker holds 1-2 GB). PADVEC_CONFORMANCE_JOBS overrides.
JOBS = int(os.environ.get("PADVEC_CONFORMANCE_JOBS") or min(2, os.cpu_count() or 1))
_CACHE = {}
_FUTURES = {}
_LOCK = threading.Lock()
_POOL = []
RUN = {"started": None, "finished": None, "jobs": JOBS}


def _targets():
    for sid, spec in sorted(SPECS.items()):
        for runtime in spec.runtimes:
            yield sid, runtime


def all_targets():
    return [(sid, runtime_label(runtime)) for sid, runtime in _targets()]


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


def _run(sid, adapter, progress):
    runtime = [r for r in SPECS[sid].runtimes if runtime_label(r) == adapter][0]
    rep = run_adapter(SPECS[sid], runtime, ROOT, progress=progress)
    os.makedirs(RESULTS_DIR, exist_ok=True)
    with open(os.path.join(RESULTS_DIR, "%s--%s.json" % (sid, adapter)), "w") as f:
        json.dump(rep, f, indent=1, sort_keys=True)
    RUN["finished"] = time.perf_counter()
    return rep


def expected_seconds(sid, adapter):
    """Last known run time of a runtime: this machine's last results, else the committed matrix
    (docs/conformance.md), else its case count as a guess. Only orders the work."""
    try:
        with open(os.path.join(RESULTS_DIR, "%s--%s.json" % (sid, adapter))) as f:
            return float(json.load(f)["seconds"])
    except (OSError, ValueError, KeyError):
        pass
    row = re.search(r"^\| %s \| %s \| .*\| (\d+)s \|$" % (re.escape(sid), re.escape(adapter)),
                    _matrix(), re.M)
    if row:
        return float(row.group(1))
    return sum(len(load_file(sid, op)["cases"]) for op in spec_ops(sid)) / 100.0


def _matrix():
    try:
        with open(os.path.join(ROOT, "docs", "conformance.md"), encoding="utf-8") as f:
            return f.read()
    except OSError:
        return ""


def start_runs(targets):
    """Run these (system, runtime) pairs in the background, JOBS at a time, longest first, so
    that the last to finish is a short one."""
    todo = sorted(set(targets) - set(_FUTURES), key=lambda t: -expected_seconds(*t))
    if JOBS < 2 or len(todo) < 2:
        return
    with _LOCK:
        if not _POOL:
            _POOL.append(ThreadPoolExecutor(JOBS, thread_name_prefix="padvec-runtime"))
        RUN["started"] = RUN["started"] or time.perf_counter()
        for sid, adapter in todo:
            # No progress bars: two runs at once would interleave them.
            _FUTURES[(sid, adapter)] = _POOL[0].submit(_run, sid, adapter, False)


def stop_runs():
    """Session end: runtimes not started yet are dropped (an interrupted or -x session)."""
    for pool in _POOL:
        pool.shutdown(wait=False, cancel_futures=True)


def results_for(sid, adapter):
    key = (sid, adapter)
    if key not in _CACHE:
        future = _FUTURES.get(key)
        if future is not None:
            rep = future.result()
        else:
            RUN["started"] = RUN["started"] or time.perf_counter()
            rep = _run(sid, adapter, True)
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
