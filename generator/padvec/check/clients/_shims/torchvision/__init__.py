"""Import shim for torchvision (used only where no working torchvision is installed).

onnx2torch and onnx2pytorch import torchvision at module level for a handful of detection and
image operators (NonMaxSuppression, RoiAlign, MaxRoiPool, DeformConv, ImageDecoder). padvec's
cases use none of them (Conv, ConvTranspose, MaxPool, AveragePool, Pad), and the only torchvision
wheel on this platform is a CUDA build that fails to load beside the CPU torch. Every name here
raises if it is ever called, so a model that needed torchvision would fail loudly, never silently.
"""
__version__ = "0.0.0+padvec-shim"
from . import io, ops  # noqa: F401,E402
