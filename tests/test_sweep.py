"""padvec sweep: random off-grid configurations through real runtimes.

Unit part (fixture spec + fixture adapter): sampling respects the spec, batching keeps crash and
hang isolation, a wrong implementation is found and shrunk. Conformance part: a bounded sweep of
the fast runtimes (a fixed seed and one that rotates daily) has no unexplained disagreement, and
a deliberately broken spec (SAME_UPPER/SAME_LOWER swapped in a copy of onnx.yaml) is caught."""
import datetime
import os
import random
import shutil

import pytest

from helpers import FIXTURES, REPO, make_root
from padvec.check import batch, shrink, space
from padvec.check.summary import BEGIN, END, extract, render, splice
from padvec.check.sweep import draw_configs, format_text, run, sweep_runtime
from padvec.runner.process import Worker, WorkerDied
from padvec.spec import load_spec
import sys

FIXTURE_RUNTIME = {"adapter": "numpy_same_lower", "env": "main"}


@pytest.fixture()
def mini(tmp_path, monkeypatch):
    monkeypatch.setenv("PADVEC_ADAPTER_PATH", os.path.join(FIXTURES, "adapters"))
    root = make_root(tmp_path)
    return root, load_spec(str(root / "spec" / "mini.yaml"))


def test_draws_are_reproducible_and_respect_the_spec():
    spec = load_spec(os.path.join(REPO, "spec", "opencv.yaml"))
    a = draw_configs(spec, 300, "s1")
    assert a == draw_configs(spec, 300, "s1") and a != draw_configs(spec, 300, "s2")
    for cfg in a:
        op = spec.ops[cfg["op"]]
        assert len(cfg["n"]) in space.ranks_of(op, op.paddings[cfg["padding"]])
        if op.grid == "unit_stride":
            assert set(cfg["s"]) == {1} and set(cfg["d"]) == {1}
    spec = load_spec(os.path.join(REPO, "spec", "jax.yaml"))
    cfgs = draw_configs(spec, 2000, "s1", ops=["conv"], rank=1)
    assert {len(c["n"]) for c in cfgs} == {1} and {c["op"] for c in cfgs} == {"conv"}
    assert max(c["n"][0] for c in cfgs) > 40 and max(c["d"][0] for c in cfgs) == 4
    assert any(p[0] < 0 for c in cfgs if c["pads"] for p in c["pads"])   # jax lists negatives


def test_batches_keep_crash_and_hang_isolation(mini):
    worker = Worker(sys.executable, "numpy_same_lower")
    base = {"padding": "SAME", "input": [1, 2, 3], "kernel": [1, 1], "stride": [1]}
    modes = [None, "abort", None, "hang", "fpe", None]
    jobs = [("conv", dict(base, id="c%d" % i, options={"misbehave": m} if m else {}))
            for i, m in enumerate(modes)]
    try:
        res = batch.run_many(worker, jobs, timeout=3.0)
    finally:
        worker.close()
    assert [type(r).__name__ for r in res] == ["list", "WorkerDied", "list", "WorkerDied",
                                               "WorkerDied", "list"]
    assert "SIGABRT" in res[1].detail and res[3].status == "hung" and "SIGFPE" in res[4].detail
    assert all(r[0]["status"] == "ok" and len(r) == 2 for r in (res[0], res[2], res[5]))


def test_wrong_split_is_found_and_shrunk(mini):
    """The fixture applies SAME_LOWER to every SAME case: the sweep must say so, minimally."""
    root, spec = mini
    cfgs = [c for c in draw_configs(spec, 600, 5, ops=["conv"], rank=1)
            if c["padding"] == "SAME" and c["d"] == [1]]
    res = sweep_runtime(spec, FIXTURE_RUNTIME, cfgs, str(root), timeout=20.0, shrink_probes=80)
    assert res["unexplained"] > 5 and res["rule"] < res["configs"]
    wrong = [c for c in res["counterexamples"] if c["status"] == "wrong_value"]
    assert len(wrong) == 1 and wrong[0]["count"] == res["kinds"]["wrong_value"]
    small, big = wrong[0]["minimal"], wrong[0]["original"]
    assert shrink.complexity(small, {}) < shrink.complexity(big, {})
    keff = (small["k"][0] - 1) * small["d"][0] + 1
    assert small["n"][0] <= 3 and keff <= 3, small   # odd total pad at its smallest
    assert "padvec explain mini --op conv --padding SAME" in wrong[0]["explain"]
    assert "UNEXPLAINED mini/numpy_same_lower conv/SAME: wrong_value" in format_text([res])


def test_shrink_reaches_a_fixpoint_on_a_plain_predicate():
    cfg = {"op": "conv", "padding": "x", "n": [40, 9], "k": [7, 3], "s": [3, 2], "d": [2, 1],
           "combo": {"ceil_mode": 1}, "pads": [[3, 4], [2, 2]]}
    fails = lambda c: c["n"][0] >= 5 and c["k"][0] >= 2   # needs axis 0 only
    small, probes = shrink.shrink(cfg, fails, {"ceil_mode": 0}, [1, 2], max_probes=500)
    assert small == {"op": "conv", "padding": "x", "n": [5], "k": [2], "s": [1], "d": [1],
                     "combo": {"ceil_mode": 0}, "pads": [[0, 0]]}, small
    assert probes < 500


def test_summary_section_is_spliced_and_kept():
    rep = {"seed": 1, "results": [{"system": "a", "runtime": "r", "configs": 10, "rule": 9,
                                   "explained": 10, "unexplained": 0, "seconds": 1.0,
                                   "counterexamples": []}]}
    section = render([rep])
    assert "| a | r | 1 | 10 | 90.00 % | 100.00 % | 0 | 1 s |" in section
    page = splice("# Matrix\n", section)
    assert page.startswith("# Matrix\n") and extract(page) == section
    assert splice(page.replace("90.00", "11"), section) == page
    assert page.count(BEGIN) == 1 and page.count(END) == 1


# --- conformance: the bounded CI sweep ---------------------------------------------------------

# Configurations per fast runtime: about 2 minutes in all on 2 cores (both seeds). The slow
# runtimes (a compile or a session per case: jax, flax, tinygrad, ...) run in `make sweep` only.
CI_SWEEP = [("pytorch", None, 3000), ("numpy", None, 2000), ("scipy-signal", None, 2000),
            ("scipy-ndimage", None, 2000), ("opencv", None, 3000),
            ("onnx", "onnxruntime", 3000)]
SEEDS = ["ci-fixed", "ci-%s" % datetime.date.today().isoformat()]


@pytest.mark.conformance
@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("system,runtime,n", CI_SWEEP, ids=[s for s, _, _ in CI_SWEEP])
def test_bounded_sweep_has_no_unexplained_disagreement(system, runtime, n, seed):
    report = run([system], runtime=runtime, n=n, seed=seed)
    for r in report["results"]:
        if r.get("skipped"):
            pytest.skip(r["skipped"])
    bad = sum(r["unexplained"] for r in report["results"])
    assert bad == 0, "seed %r:\n%s" % (seed, format_text(report["results"]))


@pytest.mark.conformance
def test_swapped_same_upper_lower_is_caught(tmp_path):
    root = tmp_path / "root"
    shutil.copytree(os.path.join(REPO, "spec"), root / "spec")
    path = root / "spec" / "onnx.yaml"
    text = path.read_text().replace("SAME_UPPER", "@@").replace("SAME_LOWER", "SAME_UPPER")
    path.write_text(text.replace("@@", "SAME_LOWER"))
    report = run(["onnx"], root=str(root), runtime="onnxruntime", n=150, seed="swap",
                 ops=["conv"], shrink_probes=40)
    res = report["results"][0]
    if res.get("skipped"):
        pytest.skip(res["skipped"])
    wrong = [c for c in res["counterexamples"] if c["padding"].startswith("SAME_")]
    assert res["unexplained"] > 0 and wrong, format_text(report["results"])


def test_explain_answers_from_the_deviations_the_sweep_found():
    from padvec.explainer import explain
    r = explain("opencv", "avg_pool", "BORDER_CONSTANT", [1], [6], anchor="k")
    dev = r["deviations"][0]
    assert dev["id"] == "opencv-blur-large-kernel-asserts-anchor" and dev["rejected"]
    assert "anchor.x" in dev["error"]
    r = explain("scipy-ndimage", "conv", "reflect", [2], [9], convolve=False,
                origin="(k - 1) // 2")
    dev = r["deviations"][0]
    assert dev["undefined_values"] and dev["runtimes"] == ["ndimage_nd"]
    # rejected_elsewhere: avg_pool3d's input-size deviation yields to the pad check of axis 1...
    base = dict(ceil_mode=False, count_include_pad=True)
    r = explain("pytorch", "avg_pool", "explicit", [1, 1, 1], [2, 1, 1],
                pads=[[0, 0], [1, 1], [0, 0]], **base)
    assert r["rejected"] and "deviations" not in r
    # ... and still holds where nothing else rejects.
    r = explain("pytorch", "avg_pool", "explicit", [1, 1, 1], [2, 1, 1],
                pads=[[0, 0], [0, 0], [0, 0]], **base)
    assert [d["id"] for d in r["deviations"]] == ["pytorch-avgpool3d-input-smaller-than-kernel"]


def test_summary_keeps_the_latest_run_per_runtime():
    from padvec.check.summary import latest
    row = lambda s, u: {"system": s, "runtime": "r", "unexplained": u}
    old = {"seed": 1, "results": [row("a", 3), row("b", 0)]}
    new = {"seed": 2, "results": [row("a", 0)]}
    assert latest([old, new]) == [{"seed": 1, "results": [row("b", 0)]}, new]
