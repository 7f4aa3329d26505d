"""`padvec report`: the conformance matrix (docs/conformance.md) from verify results."""
import datetime
import json
import os

from .spec import load_spec, repo_root, spec_dir
from .verify import FAILURES

OPS = ("conv", "conv_transpose", "max_pool", "avg_pool", "pad")


def load_reports(paths):
    reports = []
    for p in paths:
        if os.path.isdir(p):
            files = sorted(os.path.join(p, f) for f in os.listdir(p) if f.endswith(".json"))
        else:
            files = [p]
        for f in files:
            with open(f) as fh:
                data = json.load(fh)
            reports.extend(data if isinstance(data, list) else [data])
    return sorted(reports, key=lambda r: (r["system"], r["adapter"]))


def _cell(results, op):
    rs = [r for r in results if r["op"] == op]
    if not rs:
        return "-"
    npass = sum(r["status"] == "pass" for r in rs)
    ndev = sum(r["status"] == "deviation" for r in rs)
    nfail = sum(r["status"] in FAILURES for r in rs)
    nskip = sum(r["status"] == "skipped" for r in rs)
    parts = ["%d pass" % npass]
    if ndev:
        parts.append("%d deviation" % ndev)
    if nfail:
        parts.append("**%d fail**" % nfail)
    if nskip:
        parts.append("%d skipped" % nskip)
    return ", ".join(parts)


def render(reports, date=None, specs=()):
    date = date or datetime.date.today().isoformat()
    lines = ["# Conformance matrix", "",
             "Every vector of every runnable system, run through the real implementation by "
             "`padvec verify` (written by `padvec report` on %s; regenerate with `make report`)."
             % date,
             "*pass*: output (or rejection) exactly as documented; *deviation*: the real system "
             "does what a recorded deviation says (see below); *fail*: neither.", "",
             "| system | runtime | versions | " + " | ".join(OPS) + " | time |",
             "|---|---|---|" + "---|" * len(OPS) + "---|"]
    for rep in reports:
        versions = ", ".join("%s %s" % kv for kv in sorted((rep.get("versions") or {}).items()))
        if rep.get("python"):
            versions += ", Python %s" % rep["python"]
        cells = [_cell(rep["results"], op) for op in OPS]
        lines.append("| %s | %s | %s | %s | %.0fs |" % (rep["system"], rep["adapter"],
                                                         versions or "not run",
                                                         " | ".join(cells), rep["seconds"]))
    if reports:
        total = sum(rep["seconds"] for rep in reports)
        lines += ["", "*time*: seconds of that runtime's `padvec verify` (worker start included, "
                  "every case run twice). All runtimes: %.0fs in sequence; `make test` runs two "
                  "at a time (tests/test_conformance.py, PADVEC_CONFORMANCE_JOBS)." % total]
    unverified = [sp for sp in specs if not sp.runtimes]
    if unverified:
        lines += ["", "Documented only (vectors from documentation and source; no runtime here):",
                  ""]
        for sp in unverified:
            lines.append("- **%s**: %s" % (sp.id, " ".join(str(sp.unverified).split())))
    lines += ["", "## Deviations seen in this run", ""]
    seen = {}
    for rep in reports:
        for r in rep["results"]:
            if r["status"] == "deviation":
                seen.setdefault((rep["system"], r["deviation"]), []).append(
                    (rep["adapter"], r["slug"]))
    if not seen:
        lines.append("None.")
    for (system, dev_id), hits in sorted(seen.items()):
        dev = _deviation(system, dev_id)
        adapters = sorted({a for a, _ in hits})
        lines += ["### %s: %s" % (system, dev_id), "",
                  "- runtimes: %s; cases: %d (e.g. `%s`)" % (", ".join(adapters), len(hits),
                                                             hits[0][1]),
                  "- versions: %s" % dev.get("versions", "?"),
                  "- summary: %s" % dev.get("summary", "?"),
                  "- evidence: %s" % " ".join(str(dev.get("evidence", "?")).split()), ""]
    fails = [(rep["system"], rep["adapter"], r) for rep in reports for r in rep["results"]
             if r["status"] in FAILURES]
    lines += ["## Failures", ""]
    if not fails:
        lines.append("None.")
    for system, adapter, r in fails[:200]:
        lines.append("- %s/%s `%s`: %s — %s" % (system, adapter, r["slug"], r["status"],
                                                r.get("detail", "")))
    skipped = [(rep["system"], rep["adapter"], r["reason"]) for rep in reports
               for r in rep["results"] if r["status"] == "skipped"]
    if skipped:
        lines += ["", "## Skipped", ""]
        for item in sorted(set(skipped)):
            lines.append("- %s/%s: %s" % item)
    return "\n".join(lines) + "\n"


def _deviation(system, dev_id):
    try:
        spec = load_spec(os.path.join(spec_dir(), system + ".yaml"))
    except Exception:
        return {}
    for d in spec.raw.get("deviations", []):
        if d["id"] == dev_id:
            return d
    return {}


def main(args):
    from .check.report import is_check_result, render_check
    loaded = load_reports(args.results)
    checks = [r for r in loaded if is_check_result(r)]
    reports = [r for r in loaded if not is_check_result(r)]
    if checks and not reports and not args.html:
        # `padvec check` result files: their own page, printed unless --output is given.
        text = render_check(checks)
        if args.output:
            with open(args.output, "w") as f:
                f.write(text)
            print("wrote %s (%d implementations)" % (args.output, len(checks)))
        else:
            print(text, end="")
        return 0
    if args.html:
        from .html_report import render_html
        from .spec import load_all
        out = args.output or os.path.join(args.root or repo_root(), "build", "report.html")
        os.makedirs(os.path.dirname(out), exist_ok=True)
        text = render_html(reports, load_all(), date=datetime.date.today().isoformat(),
                           checks=checks)
        with open(out, "w") as f:
            f.write(text)
        print("wrote %s" % out)
        return 0
    out = args.output or os.path.join(args.root or repo_root(), "docs", "conformance.md")
    from .spec import load_all
    text = render(reports, specs=load_all())
    if checks:  # verify and check results together: the check table follows the matrix
        text += "\n" + render_check(checks).replace("# Implementations", "## Implementations", 1)
    from .check.summary import extract   # keep the sweep section (padvec sweep-report owns it)
    old = open(out).read() if os.path.exists(out) else ""
    text += ("\n" + extract(old)) if extract(old) else ""
    with open(out, "w") as f:
        f.write(text)
    print("wrote %s (%d runtime reports)" % (out, len(reports)))
    return 0
