"""Command line: padvec generate | validate | list | explain | verify | report."""
import argparse
import json
import os
import sys
import time

from .errors import SpecError

EXIT_STALE = 1
EXIT_SPEC = 2


def _ints(text):
    return [int(v) for v in text.split(",")] if text is not None else None


def _pads(text):
    if text is None:
        return None
    return [[int(v) for v in axis.split(",")] for axis in text.split(";")]


def _bool(text):
    return None if text is None else text.lower() in ("1", "true", "yes")


def cmd_generate(args):
    from .generate import render_all, stale_files, write
    from .spec import repo_root
    root = args.root or repo_root()
    t0 = time.perf_counter()
    outputs = render_all(root)
    if args.check:
        changed, extra = stale_files(root, outputs)
        for rel in changed:
            state = "missing" if not os.path.exists(os.path.join(root, rel)) else "stale"
            print("%s: %s" % (state, rel))
        for rel in extra:
            print("extra: %s (no spec produces it)" % rel)
        if changed or extra:
            print("vectors are out of date: run `padvec generate`", file=sys.stderr)
            return EXIT_STALE
        print("vectors up to date: %d files (%.2fs)" % (len(outputs), time.perf_counter() - t0))
        return 0
    changed, extra = write(root, outputs)
    for rel in changed:
        print("wrote %s" % rel)
    for rel in extra:
        print("removed %s" % rel)
    print("%d files, %d changed (%.2fs)" % (len(outputs), len(changed) + len(extra),
                                            time.perf_counter() - t0))
    return 0


def cmd_validate(args):
    from .validate import validate_tree
    from .spec import repo_root
    problems = validate_tree(args.root or repo_root())
    for p in problems:
        print(p)
    if problems:
        print("%d problem(s)" % len(problems), file=sys.stderr)
        return EXIT_STALE
    print("vectors valid")
    return 0


def cmd_list(args):
    from .spec import load_all
    for spec in load_all():
        runtimes = ",".join(r["adapter"] for r in spec.runtimes) or "unverified"
        for op_name, op in spec.ops.items():
            print("%-14s %-15s %-40s [%s]" % (spec.id, op_name, " ".join(op.paddings), runtimes))
    return 0


def cmd_modes(args):
    from .modes import format_table
    from .spec import load_all
    print(format_table(load_all()))
    return 0


def cmd_explain(args):
    from .explainer import explain, format_text
    opts = {"output_padding": _ints(args.output_padding), "output_shape": _ints(args.output_shape),
            "ceil_mode": _bool(args.ceil_mode), "count_include_pad": _bool(args.count_include_pad)}
    for name in ("output_padding", "output_shape"):
        if opts[name] is not None and len(opts[name]) == 1 and name == "output_padding":
            opts[name] = opts[name][0]
    for item in args.option or []:   # any spec option; a value that is not JSON is a formula
        name, sep, value = item.partition("=")
        if not sep:
            raise ValueError("--option needs NAME=VALUE, got %r" % item)
        try:
            opts[name] = json.loads(value)
        except ValueError:
            opts[name] = value
    result = explain(args.system, op=args.op, padding=args.padding, input=_ints(args.input),
                     kernel=_ints(args.kernel), stride=_ints(args.stride),
                     dilation=_ints(args.dilation), pads=_pads(args.pads), **opts)
    if args.json:
        print(json.dumps(result, sort_keys=True))
    else:
        print(format_text(result))
    return 0


def cmd_diagnose(args):
    from .diagnose import diagnose, format_report
    text = sys.stdin.read() if args.actual == "-" else open(args.actual).read()
    actual = json.loads(text)
    if isinstance(actual, dict):
        actual = actual.get("output", actual)
    report = diagnose(args.case, actual, root=args.root)
    print(json.dumps(report, sort_keys=True) if args.json else format_report(report))
    return 0 if report["verdict"] == "pass" else 1


def _ranges(text):
    out = {}
    for part in (text or "").split():
        name, _, span = part.partition("=")
        lo, _, hi = span.partition("..")
        out[name] = (int(lo), int(hi or lo))
    return out


def cmd_diff(args):
    from .diff import diff, format_diff, format_matrix, matrix, parse_label
    from .explainer import find_spec
    from .spec import load_all
    ranges = _ranges(args.grid)
    if args.matrix:
        labels, table = matrix(load_all(), args.op, ranges, args.rank)
        print(format_matrix(labels, table))
        return 0
    if not args.b:
        raise ValueError("diff needs two conventions (or --matrix)")
    (sa, pa), (sb, pb) = parse_label(args.a), parse_label(args.b)
    r = diff(find_spec(sa), pa, find_spec(sb), pb, args.op, ranges, args.rank)
    print(json.dumps(r, sort_keys=True, default=str) if args.json else format_diff(r))
    return 0


def cmd_port(args):
    from .port import recipe, split_table
    code, notes = recipe(args.source, args.target, args.op)
    print(code)
    for note in notes:
        print("# note: %s" % note)
    if args.kernel:
        k = _ints(args.kernel)[0]
        s = _ints(args.stride)[0] if args.stride else 1
        d = _ints(args.dilation)[0] if args.dilation else 1
        print("# %s %s with kernel %d, stride %d, dilation %d applies (per input length n):"
              % (args.source, args.op, k, s, d))
        for n, text in split_table(args.source, args.op, k, s, d):
            print("#   n=%-3d %s" % (n, text))
        print("# usage: y = ported(x, w, stride=[%d], dilation=[%d])" % (s, d))
    return 0


def cmd_verify(args):
    from .verify import main as verify_main
    return verify_main(args)


def cmd_report(args):
    from .report import main as report_main
    return report_main(args)


def cmd_sweep(args):
    from .check.sweep import main as sweep_main
    return sweep_main(args)


def cmd_sweep_report(args):
    from .check.summary import main as summary_main
    return summary_main(args)


def build_parser():
    p = argparse.ArgumentParser(prog="padvec", description="Padding conformance vectors.")
    p.add_argument("--root", help="repository root (default: this checkout)")
    sub = p.add_subparsers(dest="command", required=True)
    g = sub.add_parser("generate", help="regenerate vectors/ from spec/")
    g.add_argument("--check", action="store_true", help="write nothing; exit 1 if stale")
    g.set_defaults(func=cmd_generate)
    v = sub.add_parser("validate", help="schemas, manifest hashes, unique ids, lint")
    v.set_defaults(func=cmd_validate)
    sub.add_parser("list", help="systems, ops and paddings").set_defaults(func=cmd_list)
    sub.add_parser("modes", help="pad-mode spellings of every system, by canonical mode"
                   ).set_defaults(func=cmd_modes)
    e = sub.add_parser("explain", help="pad split and output shape for one configuration")
    e.add_argument("system")
    e.add_argument("--op", required=True)
    e.add_argument("--padding", required=True)
    e.add_argument("--input", required=True, help="N[,N...]")
    e.add_argument("--kernel", required=True, help="K[,K...]")
    e.add_argument("--stride")
    e.add_argument("--dilation")
    e.add_argument("--pads", help="explicit pads: B,A[;B,A...]")
    e.add_argument("--output-padding")
    e.add_argument("--output-shape")
    e.add_argument("--ceil-mode")
    e.add_argument("--count-include-pad")
    e.add_argument("--option", action="append",
                   help="NAME=VALUE for any option of the op (JSON value or a formula)")
    e.add_argument("--json", action="store_true")
    e.set_defaults(func=cmd_explain)
    dg = sub.add_parser("diagnose", help="which split / convention produced an actual output")
    dg.add_argument("case", help="case id or slug")
    dg.add_argument("--actual", required=True, help="JSON file with the output (nested list), or -")
    dg.add_argument("--json", action="store_true")
    dg.set_defaults(func=cmd_diagnose)
    df = sub.add_parser("diff", help="where two conventions disagree over a parameter grid")
    df.add_argument("a", nargs="?", help="SYSTEM:PADDING")
    df.add_argument("b", nargs="?", help="SYSTEM:PADDING")
    df.add_argument("--op", default="conv")
    df.add_argument("--grid", help="ranges, e.g. 'n=1..64 k=1..8 s=1..4 d=1..3'")
    df.add_argument("--rank", type=int, default=1)
    df.add_argument("--matrix", action="store_true", help="all systems pairwise")
    df.add_argument("--json", action="store_true")
    df.set_defaults(func=cmd_diff)
    pt = sub.add_parser("port", help="explicit padding recipe reproducing a convention")
    pt.add_argument("--from", dest="source", required=True, help="SYSTEM:PADDING")
    pt.add_argument("--to", dest="target", required=True, help="pytorch | jax | tensorflow")
    pt.add_argument("--op", default="conv")
    pt.add_argument("--kernel")
    pt.add_argument("--stride")
    pt.add_argument("--dilation")
    pt.set_defaults(func=cmd_port)
    r = sub.add_parser("verify", help="run a system's vectors through the real implementation")
    r.add_argument("system", nargs="+")
    r.add_argument("--json", action="store_true")
    r.add_argument("--adapter", help="only this runtime of the system")
    r.add_argument("--out", help="write the JSON results here")
    r.add_argument("--timeout", type=float, default=60.0, help="seconds per case")
    r.set_defaults(func=cmd_verify)
    sw = sub.add_parser("sweep", help="random off-grid configurations vs the real runtime")
    sw.add_argument("system", nargs="+")
    sw.add_argument("--runtime", help="only this runtime of the system")
    sw.add_argument("--n", type=int, default=1000, help="configurations per system")
    sw.add_argument("--seed", default="0", help="sampling seed (any text)")
    sw.add_argument("--rank", type=int, choices=(1, 2, 3))
    sw.add_argument("--op", action="append", help="only this op (repeatable)")
    sw.add_argument("--timeout", type=float, default=30.0, help="seconds per case")
    sw.add_argument("--shrink-probes", type=int, default=150, help="runs per minimisation")
    sw.add_argument("--json", action="store_true")
    sw.add_argument("--out", help="write the JSON result here")
    sw.set_defaults(func=cmd_sweep)
    sr = sub.add_parser("sweep-report", help="write the sweep section of docs/conformance.md")
    sr.add_argument("results", nargs="+", help="JSON files written by sweep --out")
    sr.add_argument("--output", default=None)
    sr.set_defaults(func=cmd_sweep_report)
    rp = sub.add_parser("report", help="write docs/conformance.md from verify results")
    rp.add_argument("results", nargs="+", help="JSON files written by verify --out")
    rp.add_argument("--output", default=None)
    rp.add_argument("--html", action="store_true", help="self-contained page (build/report.html)")
    rp.set_defaults(func=cmd_report)
    return p


def main(argv=None):
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except SpecError as exc:
        print("spec error: %s" % exc, file=sys.stderr)
        return EXIT_SPEC
    except ValueError as exc:
        print("error: %s" % exc, file=sys.stderr)
        return EXIT_SPEC
    except BrokenPipeError:  # e.g. `padvec diff ... | head`
        sys.stderr.close()
        return 0
