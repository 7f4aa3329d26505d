"""`padvec verify SYSTEM`: every case of a system through its real implementation(s).

Outcomes per case: pass, deviation (matches a recorded deviation), or a failure:
wrong_value, wrong_shape, unexpected_reject, unexpected_accept, wrong_error, crashed, hung,
nondeterministic, stale_deviation (a recorded deviation no longer reproduces); or skipped, always
with the reason (a missing runtime names its package and the command that installs it).
"""
import json
import os
import sys
import time

from .compare import classify, describe
from .diagnose import find_splits
from .loader import load_file
from .runner.process import Worker, WorkerDied
from .spec import load_spec, repo_root, spec_dir

OPS = ("conv", "conv_transpose", "max_pool", "avg_pool", "pad")
FAILURES = ("wrong_value", "wrong_shape", "unexpected_reject", "unexpected_accept",
            "wrong_error", "crashed", "hung", "nondeterministic", "stale_deviation")
INSTALL_HINT = {"main": "make venv-frameworks", "theano": "make venv-theano",
                "keras208": "make venv-theano", "openvino": "make venv-openvino",
                "paddle": "make venv-paddle", "mxnet": "make venv-mxnet"}
# Runtimes that need a system package beyond their Python env.
ADAPTER_HINT = {"octave": "make system-deps (Debian octave)", "mlx_core": "make venv-mlx",
                "tinygrad_tensor": "make venv-frameworks system-deps (Debian clang)"}


def runtime_label(runtime):
    """A system may run one adapter in several envs (Keras 2.2.4 and 2.0.8): name tells them apart."""
    return runtime.get("name", runtime["adapter"])


def env_python(env, root):
    """Interpreter of a runtime env: main = the running one; X = .venv-X/bin/python."""
    override = os.environ.get("PADVEC_PYTHON_%s" % env.upper())
    if override:
        return override
    if env == "main":
        return sys.executable
    return os.path.join(root, ".venv-%s" % env, "bin", "python")


def _result_text(res):
    if res["status"] == "ok":
        return "shape %s output %s" % (res["shape"], describe(res["output"]))
    return "%s: %s" % (res["exception"], describe(res["message"]))


def _deviations(case, adapter):
    return [d for d in case.get("deviations", [])
            if not d.get("adapters") or adapter in d["adapters"]]


def judge_crash(case, adapter, died):
    """A dead or hung worker: a known crash (recorded deviation) or a failure."""
    for d in _deviations(case, adapter):
        exp = d["expect"]
        if died.status == "crashed" and exp["result"] == "crash" and exp["signal"] in died.detail:
            return {"status": "deviation", "deviation": d["id"], "detail": died.detail}
    return {"status": died.status, "detail": died.detail}


def judge(op, case, adapter, first, second):
    """Classify one case from two runs of it."""
    devs = _deviations(case, adapter)
    if first["status"] == "ok" and second is not None and second["status"] == "ok" \
            and (first["shape"] != second["shape"] or first["output"] != second["output"]):
        for d in devs:
            if d["expect"]["result"] == "undefined_values" and \
                    first["shape"] == second["shape"] == d["expect"]["output_shape"]:
                return {"status": "deviation", "deviation": d["id"]}
        return {"status": "nondeterministic",
                "detail": "two runs differ: %s vs %s" % (describe(first["output"]),
                                                         describe(second["output"]))}
    status = classify(case["expect"], first)
    if status == "pass":
        if devs and case["expect"]["result"] != "acceptable":
            ids = ", ".join(d["id"] for d in devs)
            # Only stale if no deviation expectation also matches (e.g. a reject-vs-value pair).
            if not any(classify(d["expect"], first) == "pass" for d in devs):
                return {"status": "stale_deviation",
                        "detail": "behaves as documented, but deviation %s is recorded" % ids}
        return {"status": "pass"}
    for d in devs:
        if classify(d["expect"], first) == "pass":
            return {"status": "deviation", "deviation": d["id"]}
    out = {"status": status, "actual": _result_text(first)}
    exp = case["expect"]
    if status == "wrong_value":
        splits = find_splits(op, case, first["output"])
        out["applied_splits"] = splits
        out["detail"] = "expected %s (pads %s), got %s; split(s) that produce it: %s" % (
            describe(exp["output"]), exp["pads"], describe(first["output"]),
            json.dumps(splits) if splits else "none found")
    elif status == "wrong_shape":
        out["detail"] = "expected shape %s, got %s" % (exp["output_shape"], first["shape"])
    elif status == "unexpected_reject":
        out["detail"] = "expected output (pads %s), got %s" % (exp.get("pads"),
                                                               _result_text(first))
    elif status == "unexpected_accept":
        out["detail"] = "expected %s /%s/, got %s" % (exp["exception"], exp["error"],
                                                      _result_text(first))
    else:
        out["detail"] = "expected %s /%s/, got %s" % (exp["exception"], exp["error"],
                                                      _result_text(first))
    return out


class Progress:
    """A bar on a terminal, plain lines elsewhere (CI logs)."""

    def __init__(self, label, total, stream=sys.stderr):
        self.label, self.total, self.stream = label, total, stream
        self.tty = stream.isatty()
        self.done = 0

    def step(self):
        self.done += 1
        if self.tty:
            width = 30
            filled = width * self.done // max(self.total, 1)
            self.stream.write("\r%-28s [%s%s] %d/%d" % (self.label, "#" * filled,
                                                         "." * (width - filled), self.done,
                                                         self.total))
            self.stream.flush()

    def finish(self, summary):
        if self.tty:
            self.stream.write("\r\033[K")
        self.stream.write("%s: %s\n" % (self.label, summary))
        self.stream.flush()


def run_adapter(spec, runtime, root, timeout=60.0, repeat=2, ops=None, progress=True):
    """Run every case of the spec's vectors through one runtime; returns the result dict."""
    adapter, env = runtime["adapter"], runtime["env"]
    label = runtime_label(runtime)
    t0 = time.perf_counter()
    files = {}
    for op in spec.ops:
        if ops and op not in ops:
            continue
        files[op] = load_file(spec.id, op, root)
    cases = [(op, c) for op, doc in files.items() for c in doc["cases"]]
    report = {"system": spec.id, "adapter": label, "module": adapter, "env": env,
              "packages": runtime.get("packages", []), "versions": None, "results": []}
    python = env_python(env, root)
    worker = Worker(python, adapter, env=runtime.get("environment"))
    skip_reason = None
    if not os.path.exists(python):
        skip_reason = ("runtime env %r is not installed (%s missing); install it with `%s`"
                       % (env, python, INSTALL_HINT.get(env, "make test")))
    else:
        try:
            worker.start()
            report["versions"] = worker.versions
            report["python"] = worker.python_version
        except WorkerDied as exc:
            skip_reason = ("adapter %s cannot start in env %r: %s; packages %s install with `%s`"
                           % (adapter, env, exc.detail, ", ".join(runtime.get("packages", [])),
                              ADAPTER_HINT.get(adapter, INSTALL_HINT.get(env, "make test"))))
    bar = Progress("%s/%s" % (spec.id, label), len(cases)) if progress else None
    if skip_reason:
        entries = ({"status": "skipped", "reason": skip_reason} for _ in cases)
    else:
        entries = _run_cases(worker, cases, label, timeout, repeat)
    for (op, case), entry in zip(cases, entries):
        entry.update(id=case["id"], slug=case["slug"], op=op)
        report["results"].append(entry)
        if bar:
            bar.step()
    worker.close()
    report["seconds"] = round(time.perf_counter() - t0, 2)
    report["counts"] = counts(report["results"])
    if bar:
        bar.finish("%s in %.1fs" % (_count_text(report["counts"]), report["seconds"]))
    return report


# Cases per round trip to the worker: the worker runs a batch without waiting for this
# process to be scheduled between cases (on a busy machine each wake-up costs milliseconds).
BATCH = 32


def _run_cases(worker, cases, adapter, timeout, repeat, batch=BATCH):
    """Judge every (op, case) in order, the same runs as _run_case, several cases per call."""
    repeat = max(repeat, 1)
    start = 0
    while start < len(cases):
        chunk = cases[start:start + batch]
        answers, failure = worker.call_many([(op, case, repeat) for op, case in chunk],
                                            timeout)
        for (op, case), runs in zip(chunk, answers):
            yield judge(op, case, adapter, runs[0], runs[1] if len(runs) > 1 else None)
        if failure is None:
            start += len(chunk)
            continue
        # Upstream-worthy: the framework killed or hung its process on this input; the cases
        # after it go to a fresh worker.
        index, died = failure
        yield judge_crash(chunk[index][1], adapter, died)
        start += index + 1


def _run_case(worker, op, case, adapter, timeout, repeat):
    runs = []
    for _ in range(max(repeat, 1)):
        try:
            runs.append(worker.call(op, case, timeout))
        except WorkerDied as exc:
            # Upstream-worthy: the framework killed or hung its process on this input.
            return judge_crash(case, adapter, exc)
    return judge(op, case, adapter, runs[0], runs[1] if len(runs) > 1 else None)


def counts(results):
    c = {}
    for r in results:
        c[r["status"]] = c.get(r["status"], 0) + 1
    return c


def _count_text(c):
    return ", ".join("%d %s" % (v, k) for k, v in sorted(c.items()))


def failures(report):
    return [r for r in report["results"] if r["status"] in FAILURES]


def main(args):
    root = args.root or repo_root()
    reports = []
    for system in args.system:
        spec = load_spec(os.path.join(spec_dir(), system + ".yaml"))
        if not spec.runtimes:
            print("%s: documented only, nothing to run (%s)" % (system, spec.unverified or
                                                                 "no runtime"), file=sys.stderr)
            continue
        for runtime in spec.runtimes:
            if args.adapter and runtime_label(runtime) != args.adapter:
                continue
            reports.append(run_adapter(spec, runtime, root, timeout=args.timeout))
    bad = 0
    for rep in reports:
        for r in failures(rep):
            bad += 1
            if not args.json:
                print("FAIL %s/%s %s %s: %s: %s" % (rep["system"], rep["adapter"], r["op"],
                                                   r["slug"], r["status"],
                                                   r.get("detail", "")))
        for r in rep["results"]:
            if r["status"] == "skipped" and not args.json:
                print("SKIP %s/%s %s: %s" % (rep["system"], rep["adapter"], r["slug"],
                                            r["reason"]))
                break
    if args.out:
        with open(args.out, "w") as f:
            json.dump(reports, f, indent=1, sort_keys=True)
    if args.json:
        print(json.dumps(reports, sort_keys=True))
    else:
        for rep in reports:
            print("%s/%s: %s (%.1fs) versions %s" % (rep["system"], rep["adapter"],
                                                    _count_text(rep["counts"]), rep["seconds"],
                                                    rep["versions"]))
    return 1 if bad else 0
