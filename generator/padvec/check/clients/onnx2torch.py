"""padvec client: onnx2torch (ONNX -> torch.nn.Module), run in torch on CPU.

Run: PYTHONPATH=generator .venv-clients/bin/python -m padvec.check.clients.onnx2torch [--dynamic]
"""
from ._onnx_client import serve
from ._torch_client import TorchConverterClient


class Onnx2Torch(TorchConverterClient):
    name = "onnx2torch"
    homepage = "https://github.com/ENOT-AutoDL/onnx2torch"
    issues = "https://github.com/ENOT-AutoDL/onnx2torch/issues"

    def converter(self):
        import onnx2torch
        return onnx2torch.convert


if __name__ == "__main__":
    serve(Onnx2Torch)
