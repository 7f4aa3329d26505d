"""Command line: padvec generate | validate | list | explain | verify | report."""
import argparse
import json
import os
import sys
import time

from . import inputs
from .errors import SpecError
from .inputs import InputError

EXIT_STALE = 1
EXIT_SPEC = 2       # bad input: a spec error or a bad argument
EXIT_INTERNAL = 3   # a padvec bug: reported in one line, never as a traceback

# Parameter name (inputs.InputError.name) -> the flag the user typed.
FLAGS = {"system": "SYSTEM", "case": "CASE", "a": "A (SYSTEM:PADDING)", "b": "B (SYSTEM:PADDING)",
         "ranges": "--grid", "source": "--from", "target": "--to", "results": "RESULTS"}
MAX_ACTUAL_BYTES = 64 * 1024 * 1024


def cmd_generate(args):
    from .generate import plan, stale_files, write
    from .paths import is_checkout, repo_root
    from .vectors import TEMP_PREFIX
    root = args.root or repo_root()
    if not args.check and not is_checkout(root):
        raise InputError("root", "%s is the installed package's data: generate writes only into "
                         "a checkout (pass --root)" % root)
    t0 = time.perf_counter()
    outputs, listed = plan(root)
    if args.check:
        changed, extra = stale_files(root, outputs, listed)
        for rel in changed:
            state = "missing" if not os.path.exists(os.path.join(root, rel)) else "stale"
            print("%s: %s" % (state, rel))
        for rel in extra:
            if os.path.basename(rel).startswith(TEMP_PREFIX):
                print("extra: %s (temp file of an interrupted generate)" % rel)
            else:
                print("extra: %s (no spec produces it)" % rel)
        if changed or extra:
            print("vectors are out of date: run `padvec generate`", file=sys.stderr)
            return EXIT_STALE
        print("vectors up to date: %d files (%.2fs)" % (len(listed), time.perf_counter() - t0))
        return 0
    changed, extra = write(root, outputs, listed)
    for rel in changed:
        print("wrote %s" % rel)
    for rel in extra:
        print("removed %s" % rel)
    print("%d files, %d changed (%.2fs)" % (len(listed), len(changed) + len(extra),
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
        # Runtime labels (name, else adapter): one system may run one adapter in several envs.
        labels = []
        for r in spec.runtimes:
            label = r.get("name", r["adapter"])
            if label not in labels:
                labels.append(label)
        runtimes = ",".join(labels) or "unverified"
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
    opts = {"output_padding": inputs.parse_ints("output_padding", args.output_padding),
            "output_shape": inputs.parse_ints("output_shape", args.output_shape),
            "ceil_mode": inputs.parse_bool("ceil_mode", args.ceil_mode),
            "count_include_pad": inputs.parse_bool("count_include_pad", args.count_include_pad)}
    if opts["output_padding"] is not None and len(opts["output_padding"]) == 1:
        opts["output_padding"] = opts["output_padding"][0]
    for item in args.option or []:   # any spec option; a value that is not JSON is a formula
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise InputError("option", "needs NAME=VALUE, got %r" % item[:80])
        try:
            opts[name] = json.loads(value)
        except ValueError:
            opts[name] = value
    result = explain(args.system, op=args.op, padding=args.padding,
                     input=inputs.parse_ints("input", args.input),
                     kernel=inputs.parse_ints("kernel", args.kernel),
                     stride=inputs.parse_ints("stride", args.stride),
                     dilation=inputs.parse_ints("dilation", args.dilation),
                     pads=inputs.parse_pads("pads", args.pads), **opts)
    if args.json:
        print(json.dumps(result, sort_keys=True))
    else:
        print(format_text(result))
    return 0


def read_actual(path):
    """--actual: a JSON nested list of numbers, {"output": ...}, or "rejected" (the
    implementation refused the case); size-bounded, parse errors name the flag."""
    try:
        if path == "-":
            text = sys.stdin.read(MAX_ACTUAL_BYTES + 1)
        else:
            if not os.path.isfile(path):
                raise InputError("actual", "no such file: %s" % path)
            with open(path, encoding="utf-8") as f:
                text = f.read(MAX_ACTUAL_BYTES + 1)
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError("actual", "cannot read %s: %s" % (path, exc))
    if len(text) > MAX_ACTUAL_BYTES:
        raise InputError("actual", "larger than %d bytes" % MAX_ACTUAL_BYTES)
    if text.strip().lower() in ("rejected", '"rejected"'):
        return "rejected"
    try:
        actual = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise InputError("actual", "not JSON: %s" % str(exc)[:200])
    if isinstance(actual, dict):
        if actual.get("rejected") is True or actual.get("status") == "error":
            return "rejected"
        if "output" not in actual:
            raise InputError("actual", "a mapping needs an \"output\" key (or \"rejected\": true)")
        actual = actual["output"]
    if actual == "rejected":
        return actual
    from .diagnose import check_actual
    return check_actual(actual)


def cmd_diagnose(args):
    from .diagnose import diagnose, format_report
    actual = read_actual(args.actual)
    report = diagnose(args.case, actual, root=args.root)
    print(json.dumps(report, sort_keys=True) if args.json else format_report(report))
    return 0 if report["verdict"] == "pass" else 1


def _convention(name, label):
    """SYSTEM:PADDING -> (spec, padding), both checked."""
    from .explainer import find_spec
    if not isinstance(label, str) or label.count(":") < 1:
        raise InputError(name, "a convention is SYSTEM:PADDING, got %r" % (label,))
    sname, pname = label.split(":", 1)
    spec = find_spec(sname, name)
    if not any(pname in op.paddings for op in spec.ops.values()):
        raise InputError(name, "%s has no padding %r" % (spec.id, pname))
    return spec, pname


def cmd_diff(args):
    from .diff import DEFAULT_GRID, diff, format_diff, format_matrix, matrix
    from .spec import OPS, load_all
    ranges = inputs.parse_ranges("ranges", args.grid)
    rank = inputs.check_rank("rank", args.rank)
    if args.op not in OPS:
        raise InputError("op", "unknown op %r (ops: %s)" % (args.op, ", ".join(OPS)))
    inputs.grid_volume("ranges", dict(DEFAULT_GRID, **ranges), rank)
    if args.matrix:
        labels, table = matrix(load_all(), args.op, ranges, rank)
        print(format_matrix(labels, table))
        return 0
    if not args.a or not args.b:
        raise InputError("b", "diff needs two conventions A B (SYSTEM:PADDING), or --matrix")
    (spec_a, pa), (spec_b, pb) = _convention("a", args.a), _convention("b", args.b)
    for name, spec, pname in (("a", spec_a, pa), ("b", spec_b, pb)):
        inputs.op_name(name, spec, args.op)
        inputs.padding_name(name, spec, args.op, pname)
        if rank not in spec.ops[args.op].ranks:
            raise InputError("rank", "%s %s has no rank-%d form" % (spec.id, args.op, rank))
    r = diff(spec_a, pa, spec_b, pb, args.op, ranges, rank)
    print(json.dumps(r, sort_keys=True, default=str) if args.json else format_diff(r))
    return 0


def cmd_port(args):
    from .port import OPS, TARGETS, recipe, split_table
    spec, pname = _convention("source", args.source)
    if args.target not in TARGETS:
        raise InputError("target", "one of %s, got %r" % (", ".join(TARGETS), args.target))
    if args.op not in OPS:
        raise InputError("op", "one of %s, got %r" % (", ".join(OPS), args.op))
    inputs.op_name("op", spec, args.op)
    inputs.padding_name("source", spec, args.op, pname)
    k = inputs.sizes("kernel", inputs.parse_ints("kernel", args.kernel), 1)[0] \
        if args.kernel else None
    s = inputs.sizes("stride", inputs.parse_ints("stride", args.stride), 1, default=1)[0]
    d = inputs.sizes("dilation", inputs.parse_ints("dilation", args.dilation), 1, default=1)[0]
    code, notes = recipe(args.source, args.target, args.op)
    print(code)
    for note in notes:
        print("# note: %s" % note)
    if k is not None:
        print("# %s %s with kernel %d, stride %d, dilation %d applies (per input length n):"
              % (args.source, args.op, k, s, d))
        for n, text in split_table(args.source, args.op, k, s, d):
            print("#   n=%-3d %s" % (n, text))
        print("# usage: y = ported(x, w, stride=[%d], dilation=[%d])" % (s, d))
    return 0


def cmd_verify(args):
    from .spec import spec_dir
    from .verify import main as verify_main
    for system in args.system:
        inputs.system_name("system", system, spec_dir())
    if not 0 < args.timeout <= 3600:
        raise InputError("timeout", "seconds per case must be in (0, 3600], got %s" % args.timeout)
    return verify_main(args)


def cmd_report(args):
    from .report import main as report_main
    for path in args.results:
        if not (os.path.isfile(path) or os.path.isdir(path)):   # a folder: its *.json files
            raise InputError("results", "no such file or folder: %s" % path)
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
    r.add_argument("--timeout", type=_seconds, default=60.0, help="seconds per case")
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
    from .check.commands import add_check_parser, add_export_parser
    add_check_parser(sub)
    add_export_parser(sub)
    return p


def _seconds(text):
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError("not a number of seconds: %r" % text[:40])


def flag_of(name):
    return FLAGS.get(name) or "--" + str(name).replace("_", "-")


def main(argv=None):
    args = build_parser().parse_args(argv)   # argparse: usage + exit 2 on a malformed command
    try:
        from .paths import set_root
        if args.root is not None:
            if not os.path.isdir(os.path.join(args.root, "spec")):
                raise InputError("root", "%s has no spec/ directory" % args.root)
            set_root(args.root)
        return args.func(args)
    except InputError as exc:
        print("error: %s: %s" % (flag_of(exc.name), exc.message), file=sys.stderr)
        return EXIT_SPEC
    except SpecError as exc:
        print("spec error: %s" % exc, file=sys.stderr)
        return EXIT_SPEC
    except ValueError as exc:
        print("error: %s" % exc, file=sys.stderr)
        return EXIT_SPEC
    except BrokenPipeError:  # e.g. `padvec diff ... | head`
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        return 130
    except (MemoryError, RecursionError) as exc:
        print("error: out of resources (%s): the input is beyond padvec's limits"
              % type(exc).__name__, file=sys.stderr)
        return EXIT_SPEC
    except Exception as exc:  # a bug: one line the user can report, never a traceback
        print("internal error: %s: %s (please report this)" % (type(exc).__name__,
                                                                str(exc)[:300]), file=sys.stderr)
        return EXIT_INTERNAL
