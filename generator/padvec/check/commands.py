"""Argument parsers of `padvec check` and `padvec export` (imports nothing heavy: the command
modules load only when their command runs)."""


def _run_check(args):
    from .harness import main
    return main(args)


def _run_export(args):
    from .export import main
    return main(args)


def add_check_parser(sub):
    c = sub.add_parser("check", help="run an outside implementation over the vectors "
                                     "(harness protocol, docs/harness.md)")
    c.add_argument("--impl", required=True, help="command that speaks the protocol")
    c.add_argument("--system", default="onnx", help="whose vectors (default: onnx)")
    c.add_argument("--op", action="append", help="only this op (repeatable)")
    c.add_argument("--case", action="append", help="only this case id or slug (repeatable)")
    c.add_argument("--timeout", type=float, default=30.0, help="seconds per case (default 30)")
    c.add_argument("--start-timeout", type=float, default=60.0,
                   help="seconds for the implementation to answer start (default 60)")
    c.add_argument("--out", help="write the result file here (`padvec report` renders it)")
    c.add_argument("--json", action="store_true", help="print the result document")
    c.set_defaults(func=_run_check)
    return c


def add_export_parser(sub):
    e = sub.add_parser("export", help="portable single-node models of a system's cases "
                                      "(ONNX node-test layout)")
    e.add_argument("format", choices=["onnx"], help="model format (onnx)")
    e.add_argument("--out", required=True, help="directory to write (must be empty or absent)")
    e.add_argument("--op", action="append", help="only this op (repeatable)")
    e.add_argument("--force", action="store_true", help="replace a non-empty --out")
    e.set_defaults(func=_run_export)
    return e
