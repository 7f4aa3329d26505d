"""The client matrix: which client runs in which virtualenv on which cases, run and judged.

Each client is a protocol implementation (docs/harness.md) started as
`<venv>/bin/python -m padvec.check.clients.<module> [--dynamic]` with PYTHONPATH=generator.
`run_client` is `padvec check --impl CMD` (padvec.check.harness.check: crash isolation, exact
judging, any runtime's deviations matchable) on the client's selected cases; `check` then applies
the known client failures of spec/clients/known.yaml (padvec.check.clients.known).

CI time (the whole matrix should take a few minutes on 2 cores): tract aborts the process on
whole families of cases and each restart costs a second or two, and tf2onnx traces and converts
a TensorFlow graph per case (about half a second each), so both run a deterministic tenth of
their vectors (every 10th case of each file, in file order); onnx2torch and onnx2pytorch run
every case.
"""
import json
import os
import shlex
import sys
import time

from .. import harness
from ...loader import load_cases

OPS = ["conv", "conv_transpose", "max_pool", "avg_pool", "pad"]

_EVERY_10TH = {op: 10 for op in OPS}

# name -> venv folder, module, extra args, system, {op: stride of the deterministic subset}
CLIENTS = {
    "onnx2torch": (".venv-clients", "onnx2torch", [], "onnx", {}),
    "onnx2torch-dynamic": (".venv-clients", "onnx2torch", ["--dynamic"], "onnx", {}),
    "onnx2pytorch": (".venv-clients", "onnx2pytorch", [], "onnx", {}),
    "tract": (".venv-clients", "tract", [], "onnx", _EVERY_10TH),
    "tract-dynamic": (".venv-clients", "tract", ["--dynamic"], "onnx", _EVERY_10TH),
    "tf2onnx": (".venv-clients-tf", "tf2onnx", [], "tensorflow", _EVERY_10TH),
    "tf2onnx-dynamic": (".venv-clients-tf", "tf2onnx", ["--dynamic"], "tensorflow", _EVERY_10TH),
}


def command(name, root):
    venv, module, args, _, _ = CLIENTS[name]
    return [os.path.join(root, venv, "bin", "python"), "-m",
            "padvec.check.clients." + module] + args


def command_line(name, root):
    """The --impl command for `padvec check` (the client venvs find padvec via PYTHONPATH)."""
    return " ".join(shlex.quote(a) for a in
                    ["env", "PYTHONPATH=" + os.path.join(root, "generator")] + command(name, root))


def selected_cases(name, root, ops=None):
    """[(op, case)] the client runs: its system's vectors, thinned where CLIENTS says so."""
    system, every = CLIENTS[name][3], CLIENTS[name][4]
    out = []
    for op in ops or OPS:
        cases = load_cases(system, op, root)
        out.extend((op, c) for i, c in enumerate(cases) if i % every.get(op, 1) == 0)
    return out


def run_client(name, root, ops=None, timeout=60.0):
    """`padvec check` (padvec.check.harness.check) of one client on its selected cases."""
    ids = [c["id"] for _, c in selected_cases(name, root, ops)]
    doc = harness.check(command_line(name, root), CLIENTS[name][3], root, ops=ops,
                        timeout=timeout, start_timeout=300.0, case_ids=set(ids), progress=False)
    doc["client"] = name
    return doc


FAIL = ("wrong_value", "wrong_shape", "unexpected_reject", "unexpected_accept", "wrong_error",
        "nondeterministic", "protocol_error")


def tally(results):
    """run / pass / fail / unsupported / crashed (deviation matches count as pass; `known`
    counts the failures and crashes that spec/clients/known.yaml explains)."""
    t = {"run": len(results), "pass": 0, "fail": 0, "known": 0, "unsupported": 0,
         "crashed": 0, "errored": 0}
    for r in results:
        s = r["status"]
        if s in ("pass", "deviation"):
            t["pass"] += 1
        elif s in FAIL:
            t["fail"] += 1
        elif s == "known":
            t["known"] += 1
            key = "crashed" if r["known_status"] in ("crashed", "hung") else "fail"
            t[key] += 1
        elif s == "unsupported":
            t["unsupported"] += 1
        elif s in ("crashed", "hung"):
            t["crashed"] += 1
        else:
            t["errored"] += 1
    return t


def check(name, root, ops=None):
    """Run one client and apply the known failures: (result, unexplained rows, stale ids)."""
    from . import known
    res = run_client(name, root, ops)
    cases = {c["id"]: c for _, c in selected_cases(name, root, ops)}
    entries = known.load(root)
    stale = known.apply(entries, name, res["results"], cases)
    unexplained = [r for r in res["results"]
                   if r["status"] in known.STATUSES or r["status"] == "errored"]
    res["stale"] = stale
    return res, unexplained, stale


def markdown_table(out_dir):
    """The per-client figures of a finished run (docs/clients.md)."""
    rows = ["| client | pinned version | system | cases run | pass | fail (known) | unsupported "
            "| crashed (known) | errored | seconds |", "|---|---|---|---|---|---|---|---|---|---|"]
    for name in CLIENTS:
        path = os.path.join(out_dir, name + ".json")
        if not os.path.exists(path):
            continue
        with open(path) as f:
            res = json.load(f)
        t = tally(res["results"])
        known_crash = sum(1 for r in res["results"] if r["status"] == "known"
                          and r["known_status"] in ("crashed", "hung"))
        impl = res["implementation"] or {}
        rows.append("| %s | %s %s | %s | %d | %d | %d (%d) | %d | %d (%d) | %d | %s |" % (
            name, impl.get("name", name).split(" ")[0], impl.get("version", "?"), res["system"],
            t["run"], t["pass"], t["fail"], t["known"] - known_crash, t["unsupported"],
            t["crashed"], known_crash, t["errored"], res.get("seconds", "?")))
    return "\n".join(rows)


def main(argv=None):
    """python -m padvec.check.clients.matrix [CLIENT ...] --out DIR: one JSON result per client."""
    import argparse
    ap = argparse.ArgumentParser(prog="python -m padvec.check.clients.matrix")
    ap.add_argument("clients", nargs="*", help="default: all of %s" % ", ".join(CLIENTS))
    ap.add_argument("--root", default=os.getcwd())
    ap.add_argument("--out", required=True, help="folder for <client>.json")
    ap.add_argument("--table", action="store_true",
                    help="print the figures of the results already in --out as a Markdown table")
    args = ap.parse_args(argv)
    if args.table:
        print(markdown_table(args.out))
        return 0
    unknown = [c for c in args.clients if c not in CLIENTS]
    if unknown:
        print("error: unknown client(s) %s (known: %s)" % (", ".join(unknown),
                                                          ", ".join(CLIENTS)), file=sys.stderr)
        return 2
    os.makedirs(args.out, exist_ok=True)
    for name in args.clients or list(CLIENTS):
        t0 = time.time()
        res, unexplained, stale = check(name, args.root)
        res["seconds"] = round(time.time() - t0, 1)
        tmp = os.path.join(args.out, name + ".json.tmp")
        with open(tmp, "w") as f:
            json.dump(res, f, indent=1, sort_keys=True)
        os.replace(tmp, os.path.join(args.out, name + ".json"))
        print(name, tally(res["results"]), "%ss" % res["seconds"],
              "unexplained %d, stale %s" % (len(unexplained), stale or "none"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
