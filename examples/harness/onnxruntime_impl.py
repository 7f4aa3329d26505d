"""onnxruntime as a padvec harness protocol v1 implementation (docs/harness.md).

Each ONNX case becomes the single-node model `padvec export onnx` writes (at the case's
min_opset, or at --opset N), run on onnxruntime's CPU provider. A model onnxruntime refuses to
load or run is its rejection of the case.

    padvec check --impl "python examples/harness/onnxruntime_impl.py" --op conv
    padvec check --impl "python examples/harness/onnxruntime_impl.py --opset 22"

Needs padvec importable (PYTHONPATH=generator, or the installed package), onnx and onnxruntime.
"""
import argparse
import sys

import numpy as np
import onnx
import onnxruntime as ort

from padvec.check.export import model_and_inputs
from padvec.check.protocol import Unsupported, serve

OPS = ["conv", "conv_transpose", "max_pool", "avg_pool", "pad"]


def _session_options():
    so = ort.SessionOptions()
    so.intra_op_num_threads = 1   # deterministic, small machine
    so.inter_op_num_threads = 1
    so.log_severity_level = 4     # the exception carries the message; no kernel log spam
    return so


def make_runner(opset):
    def run_case(system, op, case):
        if system != "onnx":
            raise Unsupported("only the onnx system's cases (got %s)" % system)
        if opset is not None and opset < case["min_opset"]:
            raise Unsupported("case needs opset %d, running at %d" % (case["min_opset"], opset))
        model, feeds = model_and_inputs(case, op, opset)
        sess = ort.InferenceSession(model.SerializeToString(), _session_options(),
                                    providers=["CPUExecutionProvider"])
        (y,) = sess.run(["Y"], feeds)
        y = np.asarray(y, dtype=np.float64)
        if y.ndim < 3 or y.shape[:2] != (1, 1):
            raise ValueError("output shape %s is not (1, 1, ...)" % (y.shape,))
        return y[0, 0]
    return run_case


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--opset", type=int, help="build every model at this opset "
                   "(default: each case's min_opset)")
    args = p.parse_args(argv)
    info = {"name": "onnxruntime" + ("" if args.opset is None else "-opset%d" % args.opset),
            "version": ort.__version__, "language": "python",
            "homepage": "https://onnxruntime.ai",
            "issues": "https://github.com/microsoft/onnxruntime/issues",
            "systems": ["onnx"], "ops": OPS,
            "dependencies": {"onnx": onnx.__version__, "numpy": np.__version__,
                             "python": sys.version.split()[0]}}
    return serve(info, make_runner(args.opset))


if __name__ == "__main__":
    sys.exit(main())
