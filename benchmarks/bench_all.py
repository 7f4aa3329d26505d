"""Issue 10's figures, each against its floor or target, from one run (`make bench`).

Ratios compare two CPU timings taken in this same process (one worker, PADVEC_JOBS=1),
alternated, best of a few, so the machine's speed and load cancel out; wall-clock targets time
whole `padvec` processes (on a shared, loaded machine those come out high: the load average is
printed with them). Item 5 (the
conformance run's wall time) is measured by the conformance matrix, not here.
"""
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "generator"))

import numpy as np  # noqa: E402

import padvec  # noqa: E402
from padvec.generate import render_all  # noqa: E402
from padvec.spec import repo_root  # noqa: E402
from padvec.validate import validate_tree  # noqa: E402
from padvec.vectors import case_line  # noqa: E402

ROOT = repo_root()
RESULTS = []


def best_of(fn, repeat=3, clock=time.perf_counter):
    best = None
    for _ in range(repeat):
        t0 = clock()
        fn()
        dt = clock() - t0
        best = dt if best is None else min(best, dt)
    return best


def alternate(fn_a, fn_b, repeat=3):
    """Best CPU seconds of each, alternated, in one process (no worker processes)."""
    os.environ["PADVEC_JOBS"] = "1"
    ta = tb = None
    for _ in range(repeat):
        a, b = best_of(fn_a, 1, time.process_time), best_of(fn_b, 1, time.process_time)
        ta = a if ta is None else min(ta, a)
        tb = b if tb is None else min(tb, b)
    del os.environ["PADVEC_JOBS"]
    return ta, tb


def report(name, value, unit, target, ok):
    RESULTS.append(ok)
    print("%-58s %10s  target %-12s %s" % (name, ("%.3f" % value) + unit, target,
                                           "ok" if ok else "MISSED"))


def cli(*args, root=None, env=None):
    cmd = [sys.executable, "-m", "padvec"] + (["--root", root] if root else []) + list(args)
    t0 = time.perf_counter()
    c0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    res = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT,
                         env=dict(os.environ, PYTHONPATH=os.path.join(ROOT, "generator"),
                                  **(env or {})))
    wall = time.perf_counter() - t0
    c1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (c1.ru_utime - c0.ru_utime) + (c1.ru_stime - c0.ru_stime)
    print("  padvec %s: wall %.3fs, CPU %.3fs" % (" ".join(args[:2]), wall, cpu))
    if res.returncode not in (0, 1):
        raise SystemExit("padvec %s failed: %s" % (" ".join(args), res.stderr[-2000:]))
    return wall, res


def vector_paths():
    out = []
    for dirpath, _, names in os.walk(os.path.join(ROOT, "vectors")):
        out += [os.path.join(dirpath, n) for n in names if n.endswith(".json")]
    return sorted(out)


def parse_floor():
    for p in vector_paths():
        with open(p, "rb") as f:
            json.loads(f.read())


def bench_validate():
    assert validate_tree(ROOT) == [], "the committed tree must validate"
    t_val, t_parse = alternate(lambda: validate_tree(ROOT), parse_floor)
    print("  validate_tree %.3fs CPU, json parse of the same files %.3fs CPU" % (t_val, t_parse))
    report("1. validate / JSON-parse floor", t_val / t_parse, "x", "<= 3x", t_val / t_parse <= 3)


def bench_check():
    cli("generate", "--check")                  # warm the compiled-spec cache
    wall = min(cli("generate", "--check")[0] for _ in range(3))
    report("2a. generate --check, unchanged tree (process wall)", wall, "s", "<= 0.5s",
           wall <= 0.5)
    with tempfile.TemporaryDirectory() as tmp:
        for part in ("spec", "vectors"):
            shutil.copytree(os.path.join(ROOT, part), os.path.join(tmp, part))
        path = os.path.join(tmp, "spec", "pytorch.yaml")
        with open(path) as f:
            text = f.read()
        with open(path, "w") as f:
            f.write(text.replace("\ntitle: ", "\ntitle: (edited) ", 1))
        wall, res = cli("generate", root=tmp)
        assert "wrote vectors/pytorch/" in res.stdout and "tensorflow" not in res.stdout
        report("2b. generate after editing one spec (process wall)", wall, "s", "<= 1.5s",
               wall <= 1.5)


def bench_regenerate():
    outputs = render_all(ROOT)
    docs = [json.loads(t) for p, t in outputs.items()
            if not p.endswith(("manifest.json", "pad-modes.json"))]

    def serialize():
        for doc in docs:
            head = {k: v for k, v in doc.items() if k != "cases"}
            json.dumps(head, sort_keys=True, indent=2)
            for c in doc["cases"]:
                case_line(c)
    os.environ["PADVEC_CACHE"] = "off"          # from scratch: specs compiled too
    try:
        t_gen, t_ser = alternate(lambda: render_all(ROOT), serialize, repeat=2)
    finally:
        del os.environ["PADVEC_CACHE"]
    print("  full render %.3fs CPU, bare serialization %.3fs CPU (%d cases)"
          % (t_gen, t_ser, sum(len(d["cases"]) for d in docs)))
    report("3. full regeneration / serialization floor", t_gen / t_ser, "x", "<= 1.5x",
           t_gen / t_ser <= 1.5)


CONFIGS = [("tensorflow", "conv", "SAME", [10], [3], [2]),
           ("pytorch", "conv", "same", [9, 7], [3, 2], None),
           ("keras-theano", "conv", "same", [8], [4], None),
           ("onnx", "max_pool", "SAME_LOWER", [11, 6], [2, 3], [2, 1])]


def bench_explain():
    for c in CONFIGS:
        padvec.explain(*c)
    calls = 2000
    t = best_of(lambda: [padvec.explain(*CONFIGS[i % 4]) for i in range(calls)],
                clock=time.process_time)
    report("4a. explain, warm (CPU per call, ranks 1-2)", t / calls * 1e3, "ms", "<= 0.2ms",
           t / calls <= 2e-4)
    args = ("explain", "tensorflow", "--op", "conv", "--padding", "SAME", "--input", "10",
            "--kernel", "3")
    cli(*args)                                  # fills the compiled-spec cache
    wall = min(cli(*args)[0] for _ in range(3))
    report("4b. padvec explain, cold process (spec cache warm)", wall, "s", "<= 0.3s",
           wall <= 0.3)
    size = 1_000_000
    rng = np.random.default_rng(0)
    n, k = rng.integers(1, 64, size), rng.integers(1, 8, size)
    s, d = rng.integers(1, 5, size), rng.integers(1, 4, size)
    padvec.explain_many("onnx", "conv", "SAME_LOWER", n[:10], k[:10], s[:10], d[:10])
    t = best_of(lambda: padvec.explain_many("onnx", "conv", "SAME_LOWER", n, k, s, d), 2,
                clock=time.process_time)
    report("4c. explain_many (configurations per CPU second)", size / t / 1e6, "M/s",
           ">= 1M/s", size / t >= 1e6)


def main():
    print("load average %.1f on %d cores" % (os.getloadavg()[0], os.cpu_count()))
    bench_validate()
    bench_check()
    bench_regenerate()
    bench_explain()
    print("%d of %d figures hold (load average now %.1f)" % (sum(RESULTS), len(RESULTS),
                                                          os.getloadavg()[0]))


if __name__ == "__main__":
    main()
