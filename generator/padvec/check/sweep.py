"""`padvec sweep SYSTEM..`: random configurations far off the committed grid, each run through the
real runtime and judged against the documented rule + the recorded deviations (what `explain`
says). A disagreement that neither explains is *unexplained*; each kind of unexplained
disagreement is shrunk to a minimal counterexample.

Synthetic cases are built exactly like committed vectors (cases.Builder: same data, reference,
deviation expectations), run in batches through the verify Worker (crash / SIGFPE / hang /
nondeterminism are outcomes), and judged by verify.judge, so a sweep verdict means the same as a
verify verdict on a vector.
"""
import json
import os
import random
import sys
import time

from .. import reference
from ..cases import Builder
from ..compare import classify
from ..errors import FormulaError, SpecError
from ..runner.process import Worker, WorkerDied
from ..spec import load_spec, repo_root
from ..verify import (ADAPTER_HINT, FAILURES, INSTALL_HINT, env_python, judge, judge_crash,
                      runtime_label)
from . import batch, shrink, space

EXPLAINED = ("pass", "deviation")


class _NoComparison:
    """Builder's cross-system hooks: the sweep needs the reference output, not `distinguishes`."""

    def reference(self, op_name, geo_key, outcome, data_key, x, w_or_window, geometry):
        return reference.compute(op_name, x, w_or_window, outcome, geometry["s"], geometry["d"])

    def distinguish(self, *args):
        return []


def load_system(system, root):
    path = os.path.join(root, "spec", system + ".yaml")
    if not os.path.exists(path):
        known = sorted(f[:-5] for f in os.listdir(os.path.join(root, "spec"))
                       if f.endswith(".yaml"))
        raise SpecError("unknown system %r (known: %s)" % (system, ", ".join(known)))
    return load_spec(path)


def geometry_of(cfg):
    return {x: list(cfg[x]) for x in "nksd"}


def make_case(spec, cfg):
    """(case, None), or (None, (status, detail)) when the spec itself has no answer."""
    builder = Builder(spec, _NoComparison())
    op = spec.ops[cfg["op"]]
    try:
        case = builder._case(op, cfg["padding"], geometry_of(cfg), cfg["combo"], cfg["pads"])
    except (SpecError, FormulaError) as exc:
        return None, ("spec_error", str(exc))
    except Exception as exc:   # the reference cannot compute what the rule says
        return None, ("reference_error", "%s: %s" % (type(exc).__name__, exc))
    case["id"] = "sweep-" + case["id"]
    return case, None


def judge_runs(op, case, label, runs):
    """verify's verdict plus whether the documented rule alone matches (first run)."""
    if isinstance(runs, WorkerDied):
        entry = judge_crash(case, label, runs)
        entry["rule"] = False
        return entry
    entry = judge(op, case, label, runs[0], runs[1] if len(runs) > 1 else None)
    entry["rule"] = entry["status"] != "nondeterministic" and \
        classify(case["expect"], runs[0]) == "pass"
    return entry


def explain_command(spec_id, cfg):
    """The `padvec explain` line that shows what padvec says about cfg."""
    j = lambda v: ",".join(map(str, v))
    parts = ["padvec explain %s --op %s --padding %s --input %s --kernel %s --stride %s "
             "--dilation %s" % (spec_id, cfg["op"], cfg["padding"], j(cfg["n"]), j(cfg["k"]),
                                j(cfg["s"]), j(cfg["d"]))]
    if cfg["pads"] is not None:
        parts.append("--pads '%s'" % ";".join("%d,%d" % tuple(p) for p in cfg["pads"]))
    for name, value in sorted(cfg["combo"].items()):
        value = value if isinstance(value, str) else json.dumps(value)
        parts.append("--option '%s=%s'" % (name, value))
    return " ".join(parts)


def draw_configs(spec, n, seed, ops=None, rank=None):
    rng = random.Random("%s:%s" % (seed, spec.id))
    return [space.draw(rng, spec, ops, rank) for _ in range(n)]


def _defaults(spec, cfg):
    op = spec.ops[cfg["op"]]
    options = dict(op.options)
    options.update(op.paddings[cfg["padding"]].options or {})
    return {name: values[0] for name, values in options.items()}


class RuntimeSweep:
    """One runtime of one system: run, judge, aggregate, shrink."""

    def __init__(self, spec, runtime, root, timeout=30.0, repeat=2):
        self.spec, self.runtime, self.root = spec, runtime, root
        self.label = runtime_label(runtime)
        self.timeout, self.repeat = timeout, repeat
        self.worker = Worker(env_python(runtime["env"], root), runtime["adapter"],
                             env=runtime.get("environment"))

    def start(self):
        """None if the runtime runs here, else why not (the missing env / package)."""
        python = env_python(self.runtime["env"], self.root)
        if not os.path.exists(python):
            return ("runtime env %r is not installed (%s missing); install it with `%s`"
                    % (self.runtime["env"], python,
                       INSTALL_HINT.get(self.runtime["env"], "make test")))
        try:
            self.worker.start()
        except WorkerDied as exc:
            return ("adapter %s cannot start: %s; install with `%s`"
                    % (self.runtime["adapter"], exc.detail,
                       ADAPTER_HINT.get(self.runtime["adapter"], "make test")))
        return None

    def verdicts(self, cfgs):
        """Per cfg: a judged entry {status, rule, detail?, deviation?}."""
        built = [make_case(self.spec, c) for c in cfgs]
        jobs = [(c["op"], case) for c, (case, _) in zip(cfgs, built) if case is not None]
        runs = iter(batch.run_many(self.worker, jobs, self.timeout, self.repeat)) if jobs else None
        out = []
        for cfg, (case, problem) in zip(cfgs, built):
            if case is None:
                out.append({"status": problem[0], "detail": problem[1], "rule": False})
            else:
                out.append(judge_runs(cfg["op"], case, self.label, next(runs)))
        return out

    def minimise(self, cfg, status, max_probes):
        op = self.spec.ops[cfg["op"]]
        ranks = space.ranks_of(op, op.paddings[cfg["padding"]])

        def still_fails(cand):
            return self.verdicts([cand])[0]["status"] == status

        return shrink.shrink(cfg, still_fails, _defaults(self.spec, cfg), ranks, max_probes)

    def close(self):
        self.worker.close()


def sweep_runtime(spec, runtime, cfgs, root, timeout=30.0, shrink_probes=150, progress=None,
                  batch_size=200):
    """Run cfgs through one runtime; returns its result dict (counts, agreement, counterexamples)."""
    t0 = time.perf_counter()
    rs = RuntimeSweep(spec, runtime, root, timeout)
    result = {"system": spec.id, "runtime": rs.label, "adapter": runtime["adapter"],
              "env": runtime["env"], "configs": len(cfgs)}
    why = rs.start()
    if why:
        result.update(skipped=why, seconds=round(time.perf_counter() - t0, 2))
        return result
    result["versions"] = rs.worker.versions
    entries = []
    for i in range(0, len(cfgs), batch_size):
        part = cfgs[i:i + batch_size]
        entries.extend(rs.verdicts(part))
        if progress:
            progress(len(part))
    result.update(_aggregate(cfgs, entries))
    groups = {}
    for cfg, e in zip(cfgs, entries):
        if e["status"] in EXPLAINED:
            continue
        sig = (cfg["op"], cfg["padding"], e["status"])
        groups.setdefault(sig, []).append((cfg, e))
    found = []
    for (op, pname, status), members in sorted(groups.items()):
        defaults = _defaults(spec, members[0][0])
        cfg, e = min(members, key=lambda m: shrink.complexity(m[0], defaults))
        small, probes = rs.minimise(cfg, status, shrink_probes)
        final = rs.verdicts([small])[0]
        found.append({"op": op, "padding": pname, "status": status, "count": len(members),
                      "original": cfg, "minimal": small, "probes": probes,
                      "detail": final.get("detail", e.get("detail", "")),
                      "actual": final.get("actual"),
                      "explain": explain_command(spec.id, small)})
    rs.close()
    result["counterexamples"] = found
    result["seconds"] = round(time.perf_counter() - t0, 2)
    return result


def _aggregate(cfgs, entries):
    per, kinds = {}, {}
    for cfg, e in zip(cfgs, entries):
        key = "%s/%s" % (cfg["op"], cfg["padding"])
        row = per.setdefault(key, {"configs": 0, "rule": 0, "explained": 0, "deviation": 0})
        row["configs"] += 1
        row["rule"] += bool(e["rule"])
        row["explained"] += e["status"] in EXPLAINED
        row["deviation"] += e["status"] == "deviation"
        if e["status"] not in EXPLAINED:
            kinds[e["status"]] = kinds.get(e["status"], 0) + 1
    total = len(entries)
    return {"rule": sum(r["rule"] for r in per.values()),
            "explained": sum(r["explained"] for r in per.values()),
            "unexplained": total - sum(r["explained"] for r in per.values()),
            "kinds": kinds, "per_padding": per}


def _pct(part, whole):
    return "%.2f%%" % (100.0 * part / whole) if whole else "-"


def format_text(results):
    lines = []
    for r in results:
        head = "%s/%s" % (r["system"], r["runtime"])
        if r.get("skipped"):
            lines.append("SKIP %s: %s" % (head, r["skipped"]))
            continue
        lines.append("%s: %d configs, documented rule %s, explained %s, unexplained %d (%.1fs)"
                     % (head, r["configs"], _pct(r["rule"], r["configs"]),
                        _pct(r["explained"], r["configs"]), r["unexplained"], r["seconds"]))
        for key, row in sorted(r["per_padding"].items()):
            lines.append("  %-32s %6d  rule %8s  explained %8s" % (
                key, row["configs"], _pct(row["rule"], row["configs"]),
                _pct(row["explained"], row["configs"])))
        for c in r["counterexamples"]:
            m = c["minimal"]
            lines.append("UNEXPLAINED %s %s/%s: %s x%d; minimal n=%s k=%s s=%s d=%s pads=%s "
                         "options=%s" % (head, c["op"], c["padding"], c["status"], c["count"],
                                         m["n"], m["k"], m["s"], m["d"], m["pads"],
                                         json.dumps(m["combo"], sort_keys=True)))
            lines.append("    %s" % c["detail"])
            lines.append("    %s" % c["explain"])
    return "\n".join(lines)


class _Bar:
    """rich progress bar with ETA on a terminal; silent elsewhere (CI logs get the summary)."""

    def __init__(self, total):
        self.progress = None
        if sys.stderr.isatty():
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                                       TimeElapsedColumn, TimeRemainingColumn)
            from rich.console import Console
            self.progress = Progress(TextColumn("{task.description}"), BarColumn(),
                                     MofNCompleteColumn(), TimeElapsedColumn(), TextColumn("ETA"),
                                     TimeRemainingColumn(), console=Console(stderr=True))
            self.progress.start()
            self.task = self.progress.add_task("sweep", total=total)

    def label(self, text):
        if self.progress:
            self.progress.update(self.task, description=text)

    def advance(self, n):
        if self.progress:
            self.progress.advance(self.task, n)

    def close(self):
        if self.progress:
            self.progress.stop()


def run(systems, root=None, runtime=None, n=1000, seed=0, rank=None, ops=None, timeout=30.0,
        shrink_probes=150, bar=False):
    root = root or repo_root()
    plan, documented_only = [], []
    for system in systems:
        spec = load_system(system, root)
        if not spec.runtimes:
            documented_only.append({"system": spec.id, "runtime": "-", "configs": 0,
                                    "skipped": "documented only, nothing to run (%s)"
                                    % (spec.unverified or "no runtime")})
            continue
        runtimes = [r for r in spec.runtimes if runtime is None or runtime_label(r) == runtime]
        if runtime is not None and not runtimes:
            raise ValueError("%s has no runtime %r (has: %s)" % (
                system, runtime, ", ".join(runtime_label(r) for r in spec.runtimes) or "none"))
        cfgs = draw_configs(spec, n, seed, ops, rank)
        plan.extend((spec, r, cfgs) for r in runtimes)
    progress = _Bar(sum(len(c) for _, _, c in plan)) if bar else None
    results = list(documented_only)
    try:
        for spec, rt, cfgs in plan:
            if progress:
                progress.label("%s/%s" % (spec.id, runtime_label(rt)))
            results.append(sweep_runtime(spec, rt, cfgs, root, timeout, shrink_probes,
                                         progress.advance if progress else None))
            if bar and not sys.stderr.isatty():   # CI logs: one line per runtime as it ends
                print(format_text(results[-1:]).split("\n")[0], file=sys.stderr, flush=True)
    finally:
        if progress:
            progress.close()
    return {"seed": seed, "n": n, "rank": rank, "results": results}


def unexplained(report):
    return sum(r.get("unexplained", 0) for r in report["results"])


def main(args):
    seed = args.seed
    report = run(args.system, root=args.root, runtime=args.runtime, n=args.n, seed=seed,
                 rank=args.rank, ops=args.op, timeout=args.timeout,
                 shrink_probes=args.shrink_probes, bar=not args.json)
    if args.out:
        from ..vectors import write_atomic
        os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
        write_atomic(args.out, json.dumps(report, indent=1, sort_keys=True) + "\n")
    if args.json:
        print(json.dumps(report, sort_keys=True))
    else:
        print("seed %s, %d configurations per system" % (seed, args.n))
        print(format_text(report["results"]))
    return 1 if unexplained(report) else 0
