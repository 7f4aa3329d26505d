"""Make `import torchvision` work for the torch converters (see _shims/torchvision/__init__.py)."""
import os
import sys

SHIM_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "_shims")


def ensure():
    """Use the installed torchvision if it loads; else the documented shim. Returns which."""
    try:
        import torchvision  # noqa: F401
        return getattr(torchvision, "__version__", "unknown")
    except Exception:  # missing, or the CUDA-only build failing to load beside the CPU torch
        for name in [m for m in sys.modules if m == "torchvision" or m.startswith("torchvision.")]:
            del sys.modules[name]
        sys.path.insert(0, SHIM_DIR)
        import torchvision  # noqa: F811
        return torchvision.__version__
