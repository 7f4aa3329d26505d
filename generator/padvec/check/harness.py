"""`padvec check --impl CMD`: run an outside implementation over a system's vectors.

Each case goes to the implementation under the harness protocol (docs/harness.md); a crash,
hang, garbage answer or wrong seq is that case's outcome and a fresh process takes the next
case. Outcomes are judged exactly (judge.py) and written as a result file `padvec report`
renders. Exit status: 0 when every case is pass, deviation or unsupported; 1 on any failure;
2 on bad usage or an implementation that cannot start at all.
"""
import datetime
import json
import os
import sys
import time

from ..loader import load_file, systems as vector_systems
from ..runner.process import WorkerDied
from ..vectors import write_atomic
from ..verify import Progress
from . import protocol
from .judge import FAILURES, judge_died, judge_reply
from .runner import ImplementationProcess

OPS = ("conv", "conv_transpose", "max_pool", "avg_pool", "pad")
RESULT_KIND = "padvec-check"
RESULT_FORMAT = 1
MAX_FAILED_RESTARTS = 3


def _select_cases(system, ops, root, case_ids=None):
    cases = []
    for op in OPS:
        if ops and op not in ops:
            continue
        if not os.path.exists(os.path.join(root, "vectors", system, op + ".json")):
            continue  # the system has no vectors for this op
        for c in load_file(system, op, root)["cases"]:
            if not case_ids or c["id"] in case_ids or c["slug"] in case_ids:
                cases.append((op, c))
    return cases


def counts(results):
    c = {}
    for r in results:
        c[r["status"]] = c.get(r["status"], 0) + 1
    return dict(sorted(c.items()))


def check(command, system, root, ops=None, timeout=30.0, start_timeout=60.0, case_ids=None,
          progress=True):
    """Run every selected case; returns the result document (see docs/harness.md)."""
    cases = _select_cases(system, ops, root, case_ids)
    missing = sorted(set(case_ids or ()) - {c[k] for _, c in cases for k in ("id", "slug")})
    if missing:
        raise ValueError("--case %s: no such case id or slug in %s vectors%s"
                         % (missing[0], system, " of --op %s" % ",".join(ops) if ops else ""))
    proc = ImplementationProcess(command, start_timeout=start_timeout)
    t0 = time.perf_counter()
    started = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat()
    try:
        proc.start()
    except WorkerDied as exc:
        raise ValueError("--impl %r cannot start: %s" % (command, exc.detail))
    info = proc.info
    if system not in info["systems"]:
        proc.close()
        raise ValueError("--impl %r implements systems %s, not %r (pass --system)"
                         % (command, info["systems"], system))
    results = []
    bar = Progress("check %s/%s" % (system, info["name"]), len(cases)) if progress else None
    failed_restarts = 0
    for seq, (op, case) in enumerate(cases, 1):
        if op not in info["ops"]:
            entry = {"status": "unsupported", "detail": "op %s not in the implementation's ops"
                     % op}
        elif failed_restarts >= MAX_FAILED_RESTARTS:
            entry = {"status": "crashed", "detail": "not run: the implementation failed to "
                     "restart %d times in a row" % failed_restarts}
        else:
            entry, failed_restarts = _run_one(proc, seq, system, op, case, timeout,
                                              failed_restarts)
        entry = dict(entry, id=case["id"], slug=case["slug"], op=op, seq=seq)
        results.append(entry)
        if bar:
            bar.step()
    proc.close()
    doc = {"kind": RESULT_KIND, "format_version": RESULT_FORMAT,
           "protocol_version": protocol.VERSION, "command": command, "system": system,
           "adapter": info["name"], "implementation": info, "started": started,
           "seconds": round(time.perf_counter() - t0, 2), "restarts": proc.restarts,
           "results": results, "counts": counts(results)}
    if bar:
        bar.finish(", ".join("%d %s" % (v, k) for k, v in doc["counts"].items()))
    return doc


def _run_one(proc, seq, system, op, case, timeout, failed_restarts):
    try:
        reply = proc.run(seq, system, op, case, timeout)
    except WorkerDied as exc:
        if exc.status == "unavailable":  # the restart itself failed
            return {"status": "crashed", "detail": "restart failed: %s" % exc.detail}, \
                failed_restarts + 1
        return judge_died(case, exc.status, exc.detail), 0
    return judge_reply(op, case, reply), 0


def failures(doc):
    return [r for r in doc["results"] if r["status"] in FAILURES]


def main(args):
    from ..spec import repo_root
    root = args.root or repo_root()
    known = vector_systems(root)
    if args.system not in known:
        raise ValueError("--system %s: no vectors (known: %s)" % (args.system, ", ".join(known)))
    for op in args.op or ():
        if op not in OPS:
            raise ValueError("--op %s: unknown op (choose from %s)" % (op, ", ".join(OPS)))
    if args.timeout <= 0:
        raise ValueError("--timeout %s: must be positive" % args.timeout)
    doc = check(args.impl, args.system, root, ops=args.op, timeout=args.timeout,
                start_timeout=args.start_timeout, case_ids=args.case,
                progress=not args.json)
    if args.out:
        write_atomic(os.path.abspath(args.out), json.dumps(doc, indent=1, sort_keys=True) + "\n")
    if args.json:
        print(json.dumps(doc, sort_keys=True))
    else:
        for r in failures(doc):
            print("FAIL %s %s %s: %s: %s" % (doc["adapter"], r["op"], r["slug"], r["status"],
                                            r.get("detail", "")))
        info = doc["implementation"]
        print("%s %s on %s: %s (%.1fs, %d restarts)" % (
            info["name"], info["version"], doc["system"],
            ", ".join("%d %s" % (v, k) for k, v in doc["counts"].items()), doc["seconds"],
            doc["restarts"]))
    return 1 if failures(doc) else 0

