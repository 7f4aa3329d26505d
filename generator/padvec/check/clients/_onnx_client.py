"""Common part of the clients that consume an ONNX model (onnx2torch, onnx2pytorch, tract, ...).

Each case becomes one single-node model (_onnx.build); the client converts or loads it and runs it
on the case's input. With `--dynamic` on the command line the model's spatial dims are symbols:
the tool converts each distinct model once (cached by its bytes) and runs the result at every
input length of the cases that share the other parameters — the sizes it never saw.
"""

import numpy as np

from . import _onnx
from ._serve import Unsupported, dynamic_flag, main, tool

ONNX_OPS = ["conv", "conv_transpose", "max_pool", "avg_pool", "pad"]


class OnnxClient:
    name = None          # the tool's name
    homepage = None
    issues = None
    language = "python"

    def __init__(self, argv=None):
        self.dynamic = dynamic_flag(argv)
        self._cache = {}

    # -- to implement -----------------------------------------------------------------------
    def versions(self):
        """{package: version} of the tool and what it runs on."""
        raise NotImplementedError

    def prepare(self, model):
        """Convert/load `model` (an onnx.ModelProto); called inside tool()."""
        raise NotImplementedError

    def execute(self, prepared, x):
        """Run the prepared model on x (float32, (1, 1, *spatial)); called inside tool()."""
        raise NotImplementedError

    # -- protocol ----------------------------------------------------------------------------
    def describe(self):
        versions = self.versions()
        name = self.name + (" (dynamic spatial dims)" if self.dynamic else "")
        return {"name": name, "version": versions[self.name], "language": self.language,
                "homepage": self.homepage, "issues": self.issues, "systems": ["onnx"],
                "ops": list(ONNX_OPS), "dependencies": versions}

    def run(self, system, op, case):
        if system != "onnx":
            raise Unsupported("%s consumes ONNX models; system %r is not ONNX" % (self.name, system))
        if op not in ONNX_OPS:
            raise Unsupported("op %r has no ONNX node here" % (op,))
        model, feeds = _onnx.build(op, case, dynamic=self.dynamic)
        key = model.SerializeToString()
        prepared = self._cache.get(key) if self.dynamic else None
        if prepared is None:
            with tool():
                prepared = self.prepare(model)
            if self.dynamic:
                self._cache = {key: prepared}  # cases sharing parameters come in a row
        with tool():
            y = self.execute(prepared, feeds["X"])
        return _onnx.spatial(np.asarray(y, dtype=np.float64))


def serve(client_class):
    main(client_class())
