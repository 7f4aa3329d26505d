"""`padvec diff` sweep speed: configurations per second for two conventions (one run).

Run: .venv/bin/python benchmarks/bench_diff.py  — the issue's floor is 10M configurations/s on
the 2-core CI machine.
"""
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "generator"))

from padvec.diff import diff  # noqa: E402
from padvec.explainer import find_spec  # noqa: E402

PAIRS = [("tensorflow", "SAME", "onnx", "SAME_LOWER", "conv"),
         ("tensorflow", "SAME", "pytorch", "same", "conv"),
         ("keras-theano", "same", "tf-keras", "same", "conv"),
         ("tensorflow", "SAME", "jax", "SAME", "max_pool")]
GRID = {"n": (1, 20000), "k": (1, 16), "s": (1, 8), "d": (1, 4)}


def main():
    for sa, pa, sb, pb, op in PAIRS:
        a, b = find_spec(sa), find_spec(sb)
        diff(a, pa, b, pb, op, {"n": (1, 64)})          # warm-up (imports, allocator)
        t0 = time.perf_counter()
        r = diff(a, pa, b, pb, op, GRID)
        wall = time.perf_counter() - t0
        print("%-22s vs %-18s %-9s %d configs: sweep %.2fM/s (%.3fs), with report %.2fM/s"
              % ("%s:%s" % (sa, pa), "%s:%s" % (sb, pb), op, r["configurations"],
                 r["configs_per_second"] / 1e6, r["seconds"], r["configurations"] / wall / 1e6))


if __name__ == "__main__":
    main()
