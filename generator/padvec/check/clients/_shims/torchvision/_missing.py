"""A stand-in callable that refuses to run."""


def missing(name):
    def _refuse(*args, **kwargs):
        raise NotImplementedError("torchvision.%s is not available (padvec import shim)" % name)
    _refuse.__name__ = name.rsplit(".", 1)[-1]
    return _refuse
