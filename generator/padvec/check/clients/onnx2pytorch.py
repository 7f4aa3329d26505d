"""padvec client: onnx2pytorch (ONNX -> torch.nn.Module), run in torch on CPU.

Run: PYTHONPATH=generator .venv-clients/bin/python -m padvec.check.clients.onnx2pytorch [--dynamic]
"""
from ._onnx_client import OnnxClient, serve
from . import _torchvision


class Onnx2PyTorch(OnnxClient):
    name = "onnx2pytorch"
    homepage = "https://github.com/Talmaj/onnx2pytorch"
    issues = "https://github.com/Talmaj/onnx2pytorch/issues"

    def __init__(self, argv=None):
        super().__init__(argv)
        self.torchvision = _torchvision.ensure()
        import onnx2pytorch
        import torch
        self._convert = onnx2pytorch.ConvertModel
        self._torch = torch
        torch.set_num_threads(1)

    def versions(self):
        from importlib.metadata import version
        return {"onnx2pytorch": version("onnx2pytorch"), "torch": self._torch.__version__,
                "onnx": version("onnx"), "torchvision": self.torchvision}

    def prepare(self, model):
        return self._convert(model).eval()

    def execute(self, module, x):
        with self._torch.no_grad():
            return module(self._torch.from_numpy(x)).numpy()


if __name__ == "__main__":
    serve(Onnx2PyTorch)
