"""Portable ONNX models: one single-node model per ONNX case, runnable without Python.

API (used by `padvec export` and by the client harnesses):
    min_opset(case, op) -> int                       lowest opset that expresses the case
    onnx_model(case, op, opset=None) -> ModelProto   opset None = the case's min_opset
    model_and_inputs(case, op, opset=None) -> (ModelProto, {"X": float32 array (1, 1, ...)})
    expected_tensor(expect) -> float32 array (1, 1, ...) of a valid expectation, or None
    export_onnx(out_dir, ops=None, root=None, force=False) -> index dict

The model is the adapters' (generator/padvec/adapters/_onnx_model.py, shared with the
onnxruntime and onnx_reference adapters), stamped with the requested opset.

Layout written by export_onnx (the ONNX backend node-test layout, which onnxruntime's
onnx_test_runner and tract's suite read):
    DIR/index.json
    DIR/<op>/<case-id>/model.onnx
    DIR/<op>/<case-id>/test_data_set_0/input_0.pb     TensorProto "X"
    DIR/<op>/<case-id>/test_data_set_0/output_0.pb    TensorProto "Y" (expected; valid cases only)
    DIR/<op>/<case-id>/deviations/<deviation-id>/output_0.pb   (a recorded deviation's output)
"""
import importlib
import json
import os
import shutil
import sys
import tempfile

import numpy as np

from ..compare import to_float_array
from ..loader import load_file
from .onnx_opset import FLOOR, OPSET_MAX, min_opset  # noqa: F401  (re-exported API)

OPS = ("conv", "conv_transpose", "max_pool", "avg_pool", "pad")
INDEX_FORMAT = 1
_ADAPTERS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "adapters")


def _builder():
    """The adapters' sibling module _onnx_model (it imports _options as a top-level module)."""
    if "_onnx_model" not in sys.modules and _ADAPTERS not in sys.path:
        sys.path.append(_ADAPTERS)  # last: never shadows an installed package
    return importlib.import_module("_onnx_model")


def model_and_inputs(case, op, opset=None):
    """(model, feeds) of one ONNX case at `opset` (default: the case's min_opset)."""
    return _builder().build(op, case, opset=min_opset(case, op) if opset is None else opset)


def onnx_model(case, op, opset=None):
    return model_and_inputs(case, op, opset)[0]


def expected_tensor(expect):
    """The (1, 1, ...) float32 tensor a valid expectation (or deviation) describes, else None."""
    if expect.get("result") != "valid" or "output" not in expect:
        return None
    y = to_float_array(expect["output"]).reshape(expect["output_shape"])
    return y.astype(np.float32).reshape([1, 1] + list(expect["output_shape"]))


def _tensor_bytes(array, name):
    from onnx import numpy_helper
    return numpy_helper.from_array(np.ascontiguousarray(array), name=name).SerializeToString()


def _write_bytes(path, blob):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(blob)


def _deviation_entry(dev, case_dir):
    entry = {"id": dev["id"], "runtimes": dev.get("adapters", []),
             "result": dev["expect"]["result"], "summary": dev.get("summary", "")}
    y = expected_tensor(dev["expect"])
    if y is not None:
        rel = os.path.join("deviations", dev["id"], "output_0.pb")
        _write_bytes(os.path.join(case_dir, rel), _tensor_bytes(y, "Y"))
        entry["output"] = rel.replace(os.sep, "/")
        entry["output_shape"] = dev["expect"]["output_shape"]
    return entry


def _export_case(op, case, tmp):
    rel = "%s/%s" % (op, case["id"])
    case_dir = os.path.join(tmp, op, case["id"])
    opset = min_opset(case, op)
    model, feeds = model_and_inputs(case, op, opset)
    _write_bytes(os.path.join(case_dir, "model.onnx"), model.SerializeToString())
    data = os.path.join(case_dir, "test_data_set_0")
    _write_bytes(os.path.join(data, "input_0.pb"), _tensor_bytes(feeds["X"], "X"))
    expect = case["expect"]
    entry = {"id": case["id"], "slug": case["slug"], "op": op, "path": rel,
             "min_opset": opset, "expect": expect["result"],
             "deviations": [_deviation_entry(d, case_dir) for d in case.get("deviations", [])]}
    y = expected_tensor(expect)
    if y is not None:
        _write_bytes(os.path.join(data, "output_0.pb"), _tensor_bytes(y, "Y"))
        entry["output_shape"] = expect["output_shape"]
    elif expect["result"] == "rejected":
        entry["error"] = {"exception": expect.get("exception"), "message": expect.get("error")}
    return entry


def _check_target(out_dir, force):
    if os.path.exists(out_dir) and not os.path.isdir(out_dir):
        raise ValueError("--out %s: exists and is not a directory" % out_dir)
    if os.path.isdir(out_dir) and os.listdir(out_dir) and not force:
        raise ValueError("--out %s: directory is not empty (pass --force to replace it)" % out_dir)


def export_onnx(out_dir, ops=None, root=None, force=False):
    """Write every ONNX case of `ops` below out_dir; all or nothing (built in a temp dir beside
    it, then renamed into place)."""
    out_dir = os.path.abspath(out_dir)
    _check_target(out_dir, force)
    for op in ops or ():
        if op not in OPS:
            raise ValueError("--op %s: not an ONNX op (choose from %s)" % (op, ", ".join(OPS)))
    parent = os.path.dirname(out_dir)
    os.makedirs(parent, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix=".padvec-export-", dir=parent)
    try:
        import onnx
        index = {"format_version": INDEX_FORMAT, "system": "onnx",
                 "onnx": onnx.__version__, "floor_opset": FLOOR, "cases": []}
        for op in OPS:
            if ops and op not in ops:
                continue
            doc = load_file("onnx", op, root)
            index["cases"].extend(_export_case(op, c, tmp) for c in doc["cases"])
        index["number_of_cases"] = len(index["cases"])
        with open(os.path.join(tmp, "index.json"), "w") as f:
            json.dump(index, f, indent=1, sort_keys=True)
            f.write("\n")
        if os.path.isdir(out_dir):
            old = out_dir + ".padvec-old"
            shutil.rmtree(old, ignore_errors=True)
            os.rename(out_dir, old)
            os.rename(tmp, out_dir)
            shutil.rmtree(old)
        else:
            os.rename(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return index


def main(args):
    if args.format != "onnx":
        raise ValueError("export %s: only `onnx` is exported" % args.format)
    index = export_onnx(args.out, ops=args.op, root=args.root, force=args.force)
    by_opset = {}
    for e in index["cases"]:
        by_opset[e["min_opset"]] = by_opset.get(e["min_opset"], 0) + 1
    print("wrote %d models to %s (by min_opset: %s)" % (
        index["number_of_cases"], args.out,
        ", ".join("%d: %d" % kv for kv in sorted(by_opset.items()))))
    return 0

