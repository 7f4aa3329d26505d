"""The shared half of the ONNX -> torch.nn.Module converters (onnx2torch, onnx2pytorch): the
torchvision shim, one CPU thread, convert once per model, run under no_grad."""
from importlib.metadata import version

from ._onnx_client import OnnxClient
from . import _torchvision


class TorchConverterClient(OnnxClient):
    """Subclasses name the converter's distribution (`name`) and return its convert function."""

    def __init__(self, argv=None):
        super().__init__(argv)
        self.torchvision = _torchvision.ensure()   # before the converter imports torchvision
        import torch
        self._torch = torch
        torch.set_num_threads(1)
        self._convert = self.converter()

    def converter(self):
        raise NotImplementedError

    def versions(self):
        return {self.name: version(self.name), "torch": self._torch.__version__,
                "onnx": version("onnx"), "torchvision": self.torchvision}

    def prepare(self, model):
        return self._convert(model).eval()

    def execute(self, module, x):
        with self._torch.no_grad():
            return module(self._torch.from_numpy(x)).numpy()
