"""The client matrix: which client runs in which virtualenv on which cases, run and judged.

Each client is a protocol implementation (docs/harness.md) started as
`<venv>/bin/python -m padvec.check.clients.<module> [--dynamic]` with PYTHONPATH=generator.
`run_client` speaks the protocol with crash isolation (EOF, bad JSON, wrong seq or a timeout ->
that case is `crashed`/`hung`/`errored`, a fresh process continues), judges each answer exactly
as `padvec verify` does (padvec.verify.judge), except that every deviation recorded for the case
matches whatever runtime recorded it ("matches <runtime> deviation <id>"), and finally applies the
known client failures of spec/clients/known.yaml (padvec.check.clients.known).

CI time (the whole matrix should take a few minutes on 2 cores): tract aborts the process on
whole families of cases and each restart costs a second or two, and tf2onnx traces and converts
a TensorFlow graph per case (about half a second each), so both run a deterministic tenth of
their vectors (every 10th case of each file, in file order); onnx2torch and onnx2pytorch run
every case.
"""
import json
import os
import queue
import subprocess
import sys
import threading
import time

from ... import verify
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


def selected_cases(name, root, ops=None):
    """[(op, case)] the client runs: its system's vectors, thinned where CLIENTS says so."""
    system, every = CLIENTS[name][3], CLIENTS[name][4]
    out = []
    for op in ops or OPS:
        cases = load_cases(system, op, root)
        out.extend((op, c) for i, c in enumerate(cases) if i % every.get(op, 1) == 0)
    return out


class _Process:
    """One running client; lines from its stdout arrive through a queue (timeouts, EOF)."""

    def __init__(self, cmd, root):
        env = dict(os.environ, PYTHONPATH=os.path.join(root, "generator"))
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, cwd=root, env=env, text=True)
        self.lines = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self):
        for line in self.proc.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def ask(self, request, timeout):
        """The reply dict; raises _Died(status, detail) on EOF, bad JSON or timeout."""
        try:
            self.proc.stdin.write(json.dumps(request) + "\n")
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            raise _Died("crashed", self._exit_text())
        try:
            line = self.lines.get(timeout=timeout)
        except queue.Empty:
            self.kill()
            raise _Died("hung", "no reply in %gs" % timeout)
        if line is None:
            raise _Died("crashed", self._exit_text())
        try:
            return json.loads(line)
        except ValueError:
            self.kill()
            raise _Died("errored", "not JSON: %r" % line[:200])

    def _exit_text(self):
        try:
            code = self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.kill()
            code = self.proc.wait()
        return "exit %d" % code if code >= 0 else "signal %d" % -code

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def stop(self):
        try:
            self.proc.stdin.write(json.dumps({"cmd": "stop"}) + "\n")
            self.proc.stdin.close()
            self.proc.wait(timeout=30)
        except Exception:
            self.kill()


class _Died(Exception):
    def __init__(self, status, detail):
        super().__init__(detail)
        self.status, self.detail = status, detail


def _as_worker_result(reply):
    """A protocol reply in the shape padvec.compare.classify reads."""
    if reply["status"] == "ok":
        return {"status": "ok", "shape": reply["shape"], "output": reply["output"]}
    return {"status": "error", "exception": reply.get("exception", ""),
            "message": reply.get("message", "")}


def judge(op, case, reply):
    """verify.judge with every recorded deviation matchable, whoever recorded it."""
    any_runtime = dict(case, deviations=[dict(d, adapters=[]) for d in case.get("deviations", [])])
    verdict = verify.judge(op, any_runtime, None, _as_worker_result(reply), None)
    if verdict["status"] == "deviation":
        dev = next(d for d in case["deviations"] if d["id"] == verdict["deviation"])
        verdict["detail"] = "matches %s deviation %s" % (
            ", ".join(dev.get("adapters") or ["(any)"]), dev["id"])
    if verdict["status"] == "wrong_error":
        # The expected error text is the reference runtime's; a client refusing a configuration
        # the documentation rejects passes whatever its own message says.
        verdict = {"status": "pass", "detail": "rejected as documented (own error text)"}
    if verdict["status"] == "stale_deviation":
        verdict = {"status": "pass"}  # the client followed the documentation, not a runtime's bug
    return verdict


def run_client(name, root, ops=None, timeout=60.0):
    """{"implementation": ..., "results": [{op, id, slug, status, ...}]} for one client."""
    cmd = command(name, root)
    system = CLIENTS[name][3]
    proc, implementation, results = None, None, []
    for seq, (op, case) in enumerate(selected_cases(name, root, ops), 1):
        row = {"op": op, "id": case["id"], "slug": case["slug"]}
        try:
            if proc is None:
                proc = _Process(cmd, root)
                start = proc.ask({"cmd": "start", "version": 1}, timeout=300)
                implementation = implementation or start["implementation"]
            reply = proc.ask({"cmd": "run", "seq": seq, "system": system, "op": op,
                              "case": case}, timeout)
            if reply.get("seq") != seq:
                proc.kill()
                raise _Died("errored", "reply for seq %r, expected %d" % (reply.get("seq"), seq))
        except _Died as died:
            proc = None
            row.update(status=died.status, detail=died.detail)
            results.append(row)
            continue
        if reply["status"] in ("unsupported", "errored"):
            row.update(status=reply["status"], detail=reply.get("message", ""))
        else:
            row.update(judge(op, case, reply))
            if reply["status"] == "ok":
                row["actual_output"] = reply["output"]
            else:
                row["actual_error"] = "%s: %s" % (reply.get("exception"), reply.get("message"))
        results.append(row)
    if proc is not None:
        proc.stop()
    return {"client": name, "system": system, "implementation": implementation,
            "results": results}


FAIL = ("wrong_value", "wrong_shape", "unexpected_reject", "unexpected_accept", "wrong_error",
        "nondeterministic")


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
