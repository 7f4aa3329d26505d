"""padvec client: onnx2pytorch (ONNX -> torch.nn.Module), run in torch on CPU.

Run: PYTHONPATH=generator .venv-clients/bin/python -m padvec.check.clients.onnx2pytorch [--dynamic]
"""
from ._onnx_client import serve
from ._torch_client import TorchConverterClient


class Onnx2PyTorch(TorchConverterClient):
    name = "onnx2pytorch"
    homepage = "https://github.com/Talmaj/onnx2pytorch"
    issues = "https://github.com/Talmaj/onnx2pytorch/issues"

    def converter(self):
        import onnx2pytorch
        return onnx2pytorch.ConvertModel


if __name__ == "__main__":
    serve(Onnx2PyTorch)
