"""The "Off-grid sweep" section of docs/conformance.md, generated from `padvec sweep --out` files.

The section sits between two markers, so `padvec report` (which rewrites the rest of the page)
and this writer each own their part; numbers are never typed by hand.
"""
import json
import os

from ..vectors import read_text, write_atomic

BEGIN, END = "<!-- sweep:begin -->", "<!-- sweep:end -->"


def _pct(part, whole):
    return "%.2f %%" % (100.0 * part / whole) if whole else "-"


def render(reports):
    """Markdown section from one or more sweep reports (dicts as written by sweep --out)."""
    lines = [BEGIN, "## Off-grid sweep", "",
             "`padvec sweep` draws random configurations far outside the committed grid (input "
             "lengths 1-64 with the awkward ones, kernel 1-9, stride 1-5, dilation 1-4, every "
             "padding spelling, option combination and explicit/negative pad the spec allows, "
             "ranks 1-3 with different values per axis), runs each twice through the real "
             "runtime, and compares it with the documented rule and the recorded deviations "
             "(what `padvec explain` says). *rule*: the documented rule alone matches; "
             "*explained*: the rule or a recorded deviation whose condition holds matches. "
             "Written by `padvec sweep-report` from the `padvec sweep --out` files of `make sweep` "
             "(`build/sweep-*.json`); a runtime not listed was not in those files. Times are wall "
             "clock on the machine that ran it (shared CPUs: compare within a row).", "",
             "| system | runtime | seed | configurations | rule | explained | unexplained | "
             "time |", "|---|---|---|---:|---:|---:|---:|---:|"]
    for rep in reports:
        for r in sorted(rep["results"], key=lambda r: (r["system"], r["runtime"])):
            if r.get("skipped"):
                lines.append("| %s | %s | %s | skipped: %s | | | | |"
                             % (r["system"], r["runtime"], rep["seed"], r["skipped"]))
                continue
            lines.append("| %s | %s | %s | %d | %s | %s | %s | %.0f s |" % (
                r["system"], r["runtime"], rep["seed"], r["configs"],
                _pct(r["rule"], r["configs"]), _pct(r["explained"], r["configs"]),
                r["unexplained"] if not r["unexplained"] else "**%d**" % r["unexplained"],
                r["seconds"]))
    bad = [(r, c) for rep in reports for r in rep["results"] for c in r.get("counterexamples", [])]
    if bad:
        lines += ["", "Unexplained disagreements (minimised):", ""]
        for r, c in bad:
            lines.append("- %s/%s %s/%s %s x%d: `%s`" % (r["system"], r["runtime"], c["op"],
                                                       c["padding"], c["status"], c["count"],
                                                       c["explain"]))
    lines.append(END)
    return "\n".join(lines) + "\n"


def splice(page, section):
    """Replace the marked section of `page` (or append it)."""
    page = page or ""
    if BEGIN in page and END in page:
        head, rest = page.split(BEGIN, 1)
        tail = rest.split(END, 1)[1].lstrip("\n")
        return head + section + tail
    return page.rstrip("\n") + "\n\n" + section


def extract(page):
    """The marked section of `page`, or "" (so `padvec report` can keep it)."""
    if page and BEGIN in page and END in page:
        return BEGIN + page.split(BEGIN, 1)[1].split(END, 1)[0] + END + "\n"
    return ""


def latest(reports):
    """One row per system/runtime: a later report replaces an earlier one (a re-run after a
    fix), so the page shows what the current specs give."""
    seen = {}
    for rep in reports:
        for r in rep["results"]:
            seen[(r["system"], r["runtime"])] = rep
    out = []
    for rep in reports:
        rows = [r for r in rep["results"] if seen[(r["system"], r["runtime"])] is rep]
        if rows:
            out.append(dict(rep, results=rows))
    return out


def main(args):
    reports = []
    for path in args.results:
        try:
            with open(path) as f:
                rep = json.load(f)
            rep["results"]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ValueError("%s: not a `padvec sweep --out` result (%s)" % (path, exc))
        reports.append(rep)
    reports = latest(reports)
    out = args.output or os.path.join(args.root or _root(), "docs", "conformance.md")
    write_atomic(out, splice(read_text(out), render(reports)))
    print("wrote the sweep section of %s" % out)
    return 0


def _root():
    from ..spec import repo_root
    return repo_root()
