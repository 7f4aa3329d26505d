"""Upstream-ready reproductions of the known client failures (docs/clients/repro/<client>/<id>.py).

For each entry of spec/clients/known.yaml, the first case of a matrix run that the entry explains
becomes a standalone script that uses only the tool itself (+ numpy/onnx to build the model):
the versions, the case, the expected output (padvec's reference for the documented convention),
what the tool did in the run, and for a wrong value the pad split(s) that produce it
(padvec.diagnose.find_splits, as `padvec verify` reports them).

  python -m padvec.check.clients.repro --results DIR [--out docs/clients/repro]
"""
import argparse
import json
import os
import sys

from . import known

_RUN_ONNX = {
    "onnx2torch": ("import onnx2torch, torch",
                   "y = onnx2torch.convert(model).eval()(torch.from_numpy(x)).detach().numpy()"),
    "onnx2pytorch": ("import onnx2pytorch, torch",
                     "y = onnx2pytorch.ConvertModel(model).eval()(torch.from_numpy(x))"
                     ".detach().numpy()"),
    "tract": ("import tract",
              "onnx.save(model, 'repro.onnx')\n"
              "y = tract.onnx().load('repro.onnx').into_model().into_runnable().run([x])[0]"
              ".to_numpy()"),
}


def _header(entry, client, versions, op, case, row):
    exp = case["expect"]
    lines = ["# %s: %s" % (entry["id"], entry["actual"]),
             "# client: %s; versions: %s" % (client, json.dumps(versions, sort_keys=True)),
             "# case: vectors/%s/%s.json %s (%s)" % (row["system"], op, case["slug"], case["id"]),
             "# expected (padvec reference, documented convention): %s" % (
                 "output %s, pads %s" % (json.dumps(exp.get("output")), exp.get("pads"))
                 if exp["result"] != "rejected" else "rejected"),
             "# actual in the padvec run: %s" % (row.get("actual") or row.get("detail")),
             ]
    if row.get("applied_splits"):
        lines.append("# the actual output is what these pad splits give: %s"
                     % json.dumps(row["applied_splits"]))
    if entry.get("upstream"):
        lines.append("# upstream: %s" % entry["upstream"])
    return lines


def _onnx_script(client, op, case):
    from onnx import helper, numpy_helper
    from . import _onnx
    model, feeds = _onnx.build(op, case)
    node = model.graph.node[0]
    attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
    attrs = {k: (v.decode() if isinstance(v, bytes) else v) for k, v in attrs.items()}
    inits = []
    for t in model.graph.initializer:
        arr = numpy_helper.to_array(t)
        inits.append("numpy_helper.from_array(np.array(%s, dtype=np.%s), name=%r)"
                     % (json.dumps(arr.tolist()), arr.dtype, t.name))
    shape = list(feeds["X"].shape)
    imp, run = _RUN_ONNX[client]
    opset = model.opset_import[0].version
    return [
        "import numpy as np, onnx",
        "from onnx import TensorProto, helper, numpy_helper",
        imp,
        "x = np.array(%s, dtype=np.float32).reshape(%s)" % (json.dumps(case["input"]), shape),
        "node = helper.make_node(%r, %r, ['Y'], **%s)" % (node.op_type, list(node.input),
                                                          json.dumps(attrs, sort_keys=True)),
        "graph = helper.make_graph([node], 'repro', "
        "[helper.make_tensor_value_info('X', TensorProto.FLOAT, %s)], "
        "[helper.make_tensor_value_info('Y', TensorProto.FLOAT, %s)], initializer=[%s])"
        % (shape, ["N", "C"] + ["Y%d" % (i + 1) for i in range(len(shape) - 2)], ", ".join(inits)),
        "model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', %d)])" % opset,
        "model.ir_version = %d" % model.ir_version,
        "expected = %s" % json.dumps(case["expect"].get("output", "rejected")),
        run,
        "print('expected', expected)",
        "print('actual  ', y.reshape(y.shape[2:]).tolist())",
    ]


def _tf_call(op, case):
    """The TensorFlow call of padvec/adapters/tensorflow.py (and tf2onnx.layer_fn) as text."""
    rank = len(case["input_shape"])
    generic = bool((case.get("options") or {}).get("generic", False))
    s = [int(v) for v in (case.get("stride") or [1] * rank)]
    d = [int(v) for v in (case.get("dilation") or [1] * rank)]
    if op == "pad":
        pads = [[0, 0]] + [[int(b), int(a)] for b, a in case["pads"]] + [[0, 0]]
        return "tf.pad(x, %s, mode=%r)" % (pads, case["padding"])
    pad = case["padding"]
    if pad == "explicit":
        pad = [[0, 0]] + [[int(b), int(a)] for b, a in case["pads"]] + [[0, 0]]
    if op == "conv":
        if generic:
            return "tf.nn.convolution(x, w, strides=%s, padding=%r, dilations=%s)" % (s, pad, d)
        if rank == 3:
            return "tf.nn.conv3d(x, w, strides=%s, padding=%r, dilations=%s)" % (
                [1] + s + [1], pad, [1] + d + [1])
        key = "stride" if rank == 1 else "strides"
        return "tf.nn.conv%dd(x, w, %s=%s, padding=%r, dilations=%s)" % (rank, key, s, pad, d)
    if op == "conv_transpose":
        os_ = case["options"]["output_shape"]
        os_ = os_ if isinstance(os_, list) else [os_] * rank
        shape = [1] + [int(v) for v in os_] + [1]
        fn = "tf.nn.conv_transpose" if generic else "tf.nn.conv%dd_transpose" % rank
        return "%s(x, w, %s, strides=%s, padding=%r, dilations=%s)" % (fn, shape, s, pad, d)
    k = [int(v) for v in case["kernel_shape"]]
    kind = "MAX" if op == "max_pool" else "AVG"
    if generic:
        return "tf.nn.pool(x, window_shape=%s, pooling_type=%r, strides=%s, padding=%r, " \
               "dilations=%s)" % (k, kind, s, pad, d)
    extra = ", dilations=%s" % d if max(d) > 1 else ""
    return "tf.nn.%s_pool%dd(x, ksize=%s, strides=%s, padding=%r%s)" % (
        op.split("_")[0], rank, k, s, pad, extra)


def _tf_script(op, case, dynamic, attempts):
    from .tf2onnx import OPSET
    rank = len(case["input_shape"])
    lines = ["import numpy as np, onnxruntime as ort, tensorflow as tf, tf2onnx",
             "x = np.array(%s, dtype=np.float32)[None, ..., None]" % json.dumps(case["input"])]
    if op in ("conv", "conv_transpose"):
        lines.append("w = np.array(%s, dtype=np.float32)[..., None, None]"
                     % json.dumps(case["kernel"]))
    dims = "[1] + [None] * %d + [1]" % rank if dynamic else "list(x.shape)"
    lines += [
        "fn = lambda x: %s" % _tf_call(op, case),
        "spec = (tf.TensorSpec(%s, tf.float32, name='x'),)" % dims,
        "try:",
        "    print('tensorflow         ', tf.function(fn)(x).numpy()[0, ..., 0].tolist())",
        "except Exception as e:",
        "    print('tensorflow raises  ', type(e).__name__, str(e).splitlines()[0])",
        "for attempt in range(%d):" % attempts,
        "    model, _ = tf2onnx.convert.from_function(tf.function(fn), input_signature=spec, "
        "opset=%d)" % OPSET,
        "    sess = ort.InferenceSession(model.SerializeToString())",
        "    y = sess.run(None, {'x': x})[0]",
        "    print('tf2onnx+onnxruntime', y.shape, y.reshape([-1]).tolist())",
    ]
    return lines


def write_all(results_dir, root, out_dir):
    from ...loader import load_cases
    entries = known.load(root)
    written = []
    runs = {}
    for name in sorted(os.listdir(results_dir)):
        if name.endswith(".json"):
            with open(os.path.join(results_dir, name)) as f:
                runs[name[:-5]] = json.load(f)
    for e in entries:
        # the client named by the evidence folder first (docs/clients/repro/<client>/...)
        folder = os.path.basename(os.path.dirname(e["evidence"]))
        for client in sorted(e["clients"], key=lambda c: c != folder):
            run = runs.get(client)
            row = run and next((r for r in run["results"] if r.get("known_id") == e["id"]), None)
            if row is None:
                continue
            row["system"] = run["system"]
            case = next(c for c in load_cases(run["system"], row["op"], root)
                        if c["id"] == row["id"])
            base = client.replace("-dynamic", "")
            body = (_tf_script(row["op"], case, client.endswith("-dynamic"),
                               3 if e.get("intermittent") else 1) if base == "tf2onnx"
                    else _onnx_script(base, row["op"], case))
            lines = _header(e, client, run["implementation"]["dependencies"], row["op"], case,
                            row) + body
            path = os.path.join(root, e["evidence"])
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path + ".tmp", "w") as f:
                f.write("\n".join(lines) + "\n")
            os.replace(path + ".tmp", path)
            written.append(path)
            break
    return written


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m padvec.check.clients.repro")
    ap.add_argument("--results", required=True, help="folder of matrix results (<client>.json)")
    ap.add_argument("--root", default=os.getcwd())
    args = ap.parse_args(argv)
    for p in write_all(args.results, args.root, None):
        print(p)
    return 0


if __name__ == "__main__":
    sys.exit(main())
