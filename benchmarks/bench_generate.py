"""Regenerating every vector, as a ratio to the bare cost of serializing the same JSON.

Run: make bench  (or .venv/bin/python benchmarks/bench_generate.py).  One run, one ratio: both
timings come from the same process, so the machine's speed cancels out.
"""
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "generator"))

from padvec.generate import render_all  # noqa: E402
from padvec.spec import load_all, repo_root  # noqa: E402
from padvec.vectors import case_line  # noqa: E402


def bare_serialize(docs):
    """What any writer must pay: the same objects dumped with the same key order and layout."""
    total = 0
    for doc in docs:
        head = {k: v for k, v in doc.items() if k != "cases"}
        total += len(json.dumps(head, sort_keys=True, indent=2))
        total += sum(len(case_line(c)) for c in doc["cases"])
    return total


def best_of(fn, repeat):
    best = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        dt = time.perf_counter() - t0
        best = dt if best is None else min(best, dt)
    return best


def main():
    root = repo_root()
    outputs = render_all(root)                       # warm caches of imports, not of results
    docs = [json.loads(t) for p, t in outputs.items()
            if not p.endswith(("manifest.json", "pad-modes.json"))]
    ncases = sum(len(d["cases"]) for d in docs)
    nbytes = sum(len(t) for t in outputs.values())
    t_load = best_of(lambda: load_all(os.path.join(root, "spec")), 3)
    t_gen = best_of(lambda: render_all(root), 3)
    t_ser = best_of(lambda: bare_serialize(docs), 3)
    print("vector files: %d, cases: %d, bytes: %d" % (len(docs), ncases, nbytes))
    print("load + validate specs: %.3fs" % t_load)
    print("full regeneration (specs -> cases -> reference -> JSON text): %.3fs" % t_gen)
    print("bare json serialization of the same objects:                 %.3fs" % t_ser)
    print("ratio regenerate / serialize: %.2fx" % (t_gen / t_ser))


if __name__ == "__main__":
    main()
