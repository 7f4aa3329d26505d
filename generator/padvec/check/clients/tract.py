"""padvec client: tract (Sonos' ONNX runtime in Rust) through its Python bindings.

The model is written to a temporary file (tract loads paths), loaded, typed (`into_model`, which
declutters) and made runnable (`into_runnable`, which optimises), as tract's own examples do.
With --dynamic the spatial dims stay symbolic until run time.
Run: PYTHONPATH=generator .venv-clients/bin/python -m padvec.check.clients.tract [--dynamic]
"""
import os
import tempfile

from ._onnx_client import OnnxClient, serve


class Tract(OnnxClient):
    name = "tract"
    language = "rust"
    homepage = "https://github.com/sonos/tract"
    issues = "https://github.com/sonos/tract/issues"

    def __init__(self, argv=None):
        super().__init__(argv)
        import tract as tract_module  # the package, not this module: run with -m
        self._tract = tract_module
        self._dir = tempfile.mkdtemp(prefix="padvec-tract-")

    def versions(self):
        from importlib.metadata import version
        return {"tract": self._tract.version(), "onnx": version("onnx")}

    def prepare(self, model):
        path = os.path.join(self._dir, "model.onnx")
        with open(path, "wb") as f:
            f.write(model.SerializeToString())
        return self._tract.onnx().load(path).into_model().into_runnable()

    def execute(self, runnable, x):
        (y,) = runnable.run([x])
        return y.to_numpy()


if __name__ == "__main__":
    serve(Tract)
