"""Runs one adapter in its own interpreter; JSON lines in on stdin, JSON lines out.

Standard library + numpy only, Python 3.6 compatible: it runs inside every framework's env.
The protocol uses a private copy of stdout; the framework's own prints go to stderr.
"""
import json
import math
import os
import sys
import traceback

_ADAPTERS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "adapters")


def _encode(value):
    if isinstance(value, list):
        return [_encode(v) for v in value]
    value = float(value)
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return int(value) if value.is_integer() and abs(value) < 2 ** 53 else value


def _load_adapter(name, dirs):
    import importlib.util
    for d in dirs:
        path = os.path.join(d, name + ".py")
        if os.path.exists(path):
            spec = importlib.util.spec_from_file_location("padvec_adapter_" + name, path)
            module = importlib.util.module_from_spec(spec)
            sys.modules[spec.name] = module
            spec.loader.exec_module(module)
            return module
    raise ImportError("no adapter %r in %s" % (name, dirs))


def _protocol_stream():
    """Keep fd 1 for the protocol only; send everything else the process prints to stderr."""
    proto = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return proto


def main():
    import numpy as np
    name = sys.argv[1]
    proto = _protocol_stream()
    # Adapters are loaded from their file under a private module name, and their folder goes
    # LAST on sys.path (for private helpers like _onnx_model): an adapter named after its
    # framework (onnxruntime.py, tensorflow.py) must not shadow the real package.
    # Tests add fixture adapters (e.g. a deliberately wrong one) with PADVEC_ADAPTER_PATH.
    dirs = [p for p in os.environ.get("PADVEC_ADAPTER_PATH", "").split(os.pathsep) if p]
    dirs.append(_ADAPTERS)
    sys.path.extend(dirs)
    try:
        adapter = _load_adapter(name, dirs)
        versions = adapter.VERSIONS() if callable(adapter.VERSIONS) else adapter.VERSIONS
        ready = {"ready": True, "versions": versions, "python": sys.version.split()[0]}
    except Exception as exc:  # the env lacks the framework: say so, do not die silently
        ready = {"ready": False, "exception": type(exc).__name__, "message": str(exc),
                 "traceback": traceback.format_exc()[-2000:]}
    proto.write(json.dumps(ready) + "\n")
    proto.flush()
    if not ready["ready"]:
        return 3
    for line in sys.stdin:
        if not line.strip():
            continue
        req = json.loads(line)
        # {"op", "case"}: one answer. {"batch": [{"op", "case", "repeat"}, ...]}: `repeat`
        # answers per item, in order, each flushed as soon as it exists, so that a crash or a
        # hang is pinned on the first request without an answer.
        for item in req.get("batch") or [req]:
            for _ in range(int(item.get("repeat", 1))):
                proto.write(json.dumps(_answer(np, adapter, item["op"], item["case"])) + "\n")
                proto.flush()
    return 0


def _answer(np, adapter, op, case):
    try:
        y = np.asarray(adapter.run(op, case))
        return {"id": case["id"], "status": "ok", "shape": list(y.shape),
                "output": _encode(y.astype(np.float64).tolist())}
    except Exception as exc:
        return {"id": case["id"], "status": "error", "exception": type(exc).__name__,
                "message": str(exc)[:4000]}


if __name__ == "__main__":
    sys.exit(main())
