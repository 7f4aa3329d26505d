"""diagnose, diff and port: the questions people ask after a failing test."""
import json

import numpy as np
import pytest

import padvec
from padvec import reference
from padvec.convention import Outcome
from padvec.diagnose import diagnose
from padvec.diff import diff, matrix
from padvec.explainer import find_spec
from padvec.spec import load_all


def _case(system, op, pred):
    return next(c for c in padvec.load(system, op) if pred(c))


def _conv_with(case, pads, out, flip=False, kernel=None):
    w = np.asarray(kernel if kernel is not None else case["kernel"])
    y, _ = reference.conv(np.asarray(case["input"]), w, pads, out, case["stride"],
                          case["dilation"], flip)
    return y.tolist()


def _odd_1d(c, padding):
    return (c["padding"] == padding and len(c["input_shape"]) == 1
            and "OddTotalPad" in c["flags"] and c["expect"]["result"] == "valid"
            and c["dilation"] == [1])


def test_diagnose_names_tensorflow_same_for_tf_split_on_same_lower_case():
    case = _case("onnx", "conv", lambda c: _odd_1d(c, "SAME_LOWER"))
    tf = padvec.explain("tensorflow", op="conv", padding="SAME", input=case["input_shape"],
                        kernel=case["kernel_shape"], stride=case["stride"])
    r = diagnose(case["id"], _conv_with(case, tf["pads"], tf["output_shape"]))
    assert r["verdict"] == "wrong_value"
    assert {"pads": tf["pads"], "flip_kernel": False} in r["splits"]
    names = [c["convention"].split(" ")[0] for c in r["conventions"]]
    assert "tensorflow:SAME" in names and "onnx:SAME_UPPER" in names
    assert "onnx:SAME_LOWER" not in names


def test_diagnose_names_same_lower_for_the_reverse():
    case = _case("tensorflow", "conv", lambda c: _odd_1d(c, "SAME"))
    low = padvec.explain("onnx", op="conv", padding="SAME_LOWER", input=case["input_shape"],
                         kernel=case["kernel_shape"], stride=case["stride"])
    r = diagnose(case["id"], _conv_with(case, low["pads"], low["output_shape"]))
    names = [c["convention"].split(" ")[0] for c in r["conventions"]]
    assert "onnx:SAME_LOWER" in names and "jax:SAME_LOWER" in names
    assert "tensorflow:SAME" not in names


def test_diagnose_wrong_shape_and_flipped_kernel():
    case = _case("tensorflow", "conv", lambda c: c["padding"] == "SAME"
                 and c["input_shape"] == [8] and c["kernel_shape"] == [3]
                 and c["stride"] == [1] and c["dilation"] == [1])
    # What VALID gives: a shorter output.
    r = diagnose(case["id"], _conv_with(case, [[0, 0]], [6]))
    assert r["verdict"] == "wrong_shape"
    assert any(c["convention"].startswith("tensorflow:VALID") for c in r["conventions"])
    # A true convolution (flipped kernel) with the right split.
    r = diagnose(case["id"], _conv_with(case, [[1, 1]], [8], flip=True))
    assert r["verdict"] == "wrong_value"
    assert {"pads": [[1, 1]], "flip_kernel": True} in r["splits"]
    assert any(c["convention"].startswith("keras-theano:same") for c in r["conventions"])


def test_diagnose_transposed_2d_kernel():
    case = _case("tensorflow", "conv", lambda c: len(c["input_shape"]) == 2
                 and c["kernel_shape"][0] != c["kernel_shape"][1]
                 and c["expect"]["result"] == "valid" and c["padding"] == "SAME")
    w = np.asarray(case["kernel"]).T
    n, s, d = case["input_shape"], case["stride"], case["dilation"]
    out = [(n[a] - ((w.shape[a] - 1) * d[a] + 1)) // s[a] + 1 for a in range(2)]
    r = diagnose(case["id"], _conv_with(case, [[0, 0], [0, 0]], out, kernel=w))
    assert r["verdict"] in ("wrong_shape", "wrong_value")
    assert any(sp.get("kernel") == "transposed" and sp["pads"][0][0] == 0
               and sp["pads"][1][0] == 0 for sp in r["splits"]), r


def test_diff_tensorflow_vs_pytorch_same():
    r = diff(find_spec("tensorflow"), "SAME", find_spec("pytorch"), "same", "conv")
    assert r["only_b_rejects"] == r["configurations"] - r["agree"] > 0
    assert r["patterns"]["only_b_rejects"] == "exactly whenever the stride is above 1"
    assert r["only_a_rejects"] == 0 and r["both_compute_differ"] == 0
    stride1 = [row for row in r["breakdown"] if row["where"].startswith("stride 1")]
    assert all(row["disagree"] == 0 for row in stride1)


def test_diff_keras_theano_vs_tf_keras_finds_stride2_odd_kernel():
    r = diff(find_spec("keras-theano"), "same", find_spec("tf-keras"), "same", "conv",
             {"d": (1, 1)})
    assert r["kernel_orientation_differs"]
    rows = {row["where"]: row for row in r["breakdown"]}
    assert rows["stride 1, odd keff"]["disagree"] == 0
    assert rows["stride 1, even keff"]["disagree"] == rows["stride 1, even keff"]["configurations"]
    assert rows["stride > 1, odd keff"]["disagree"] > 0
    # The classic: n=4, k=3, s=2 — TF pads 0 before, Theano 1.
    assert any(ex["config"] == "n=4 k=3 s=2 d=1" for ex in
               diff(find_spec("keras-theano"), "same", find_spec("tf-keras"), "same", "conv",
                    {"n": (4, 4), "k": (3, 3), "s": (2, 2), "d": (1, 1)})["examples"])


def test_diff_matches_scalar_explain():
    """The vectorized sweep and the scalar path agree on every configuration of a small grid."""
    r = diff(find_spec("tensorflow"), "SAME", find_spec("onnx"), "SAME_LOWER", "conv",
             {"n": (1, 12), "k": (1, 5), "s": (1, 3), "d": (1, 2)})
    disagree = 0
    for n in range(1, 13):
        for k in range(1, 6):
            for s in range(1, 4):
                for d in range(1, 3):
                    a = padvec.explain("tensorflow", op="conv", padding="SAME", input=[n],
                                       kernel=[k], stride=[s], dilation=[d])
                    b = padvec.explain("onnx", op="conv", padding="SAME_LOWER", input=[n],
                                       kernel=[k], stride=[s], dilation=[d])
                    if a.get("rejected") != b.get("rejected") or (
                            not a["rejected"] and a["pads"][0][0] != b["pads"][0][0]):
                        disagree += 1
    assert disagree == r["configurations"] - r["agree"]


def test_matrix_is_symmetric_and_complete():
    labels, table = matrix(load_all(), "conv", {"n": (1, 16)})
    assert "tensorflow:SAME" in labels and "onnx:SAME_LOWER" in labels
    for a in labels:
        for b in labels:
            if a != b:
                assert table[(a, b)] == table[(b, a)]
    assert table[("onnx:SAME_UPPER", "tensorflow:SAME")] < \
        table[("onnx:SAME_LOWER", "tensorflow:SAME")]


# --- port: the emitted recipe, run in the real target, reproduces the source's vectors -------

def _run_recipe(source, op, cases, call):
    from padvec.port import recipe
    code, _ = recipe(source, "pytorch", op)
    namespace = {}
    exec(compile(code, "<port recipe>", "exec"), namespace)
    ran = 0
    for c in cases:
        y = call(namespace["ported"], c)
        assert y.shape == tuple(c["expect"]["output_shape"]), c["slug"]
        assert y.tolist() == c["expect"]["output"], c["slug"]
        ran += 1
    return ran


@pytest.mark.conformance
def test_port_tensorflow_same_conv_to_pytorch():
    torch = pytest.importorskip("torch", reason="needs torch: make venv-frameworks")
    cases = [c for c in padvec.load("tensorflow", "conv") if c["padding"] == "SAME"
             and c["expect"]["result"] == "valid" and not c["deviations"]]

    def call(ported, c):
        x = torch.tensor(c["input"], dtype=torch.float32)[None, None]
        w = torch.tensor(c["kernel"], dtype=torch.float32)[None, None]
        return ported(x, w, c["stride"], c["dilation"])[0, 0].numpy()
    assert _run_recipe("tensorflow:SAME", "conv", cases, call) > 30


@pytest.mark.conformance
@pytest.mark.parametrize("op", ["max_pool", "avg_pool"])
def test_port_tensorflow_same_pools_to_pytorch(op):
    torch = pytest.importorskip("torch", reason="needs torch: make venv-frameworks")
    cases = [c for c in padvec.load("tensorflow", op) if c["padding"] == "SAME"
             and c["expect"]["result"] == "valid" and not c["deviations"]
             and (op == "max_pool" or all(d == 1 for d in c["dilation"]) or True)]

    def call(ported, c):
        x = torch.tensor(c["input"], dtype=torch.float32)[None, None]
        return ported(x, c["kernel_shape"], c["stride"], c["dilation"])[0, 0].numpy()
    assert _run_recipe("tensorflow:SAME", op, cases, call) > 20


@pytest.mark.conformance
def test_port_jax_same_conv_transpose_to_pytorch():
    torch = pytest.importorskip("torch", reason="needs torch: make venv-frameworks")
    spec = find_spec("jax")
    opts = spec.ops["conv_transpose"].options
    default = {k: v[0] for k, v in opts.items()}
    cases = [c for c in padvec.load("jax", "conv_transpose") if c["padding"] == "SAME"
             and c["expect"]["result"] == "valid" and not c["deviations"]
             and all(c["options"].get(k) == v for k, v in default.items())]

    def call(ported, c):
        x = torch.tensor(c["input"], dtype=torch.float32)[None, None]
        w = torch.tensor(c["kernel"], dtype=torch.float32)[None, None]
        return ported(x, w, c["stride"], c["dilation"])[0, 0].numpy()
    assert _run_recipe("jax:SAME", "conv_transpose", cases, call) > 10


def test_port_cli_prints_recipe_and_split_table():
    from helpers import padvec as cli
    res = cli("port", "--from", "tensorflow:SAME", "--to", "pytorch", "--op", "conv",
              "--kernel", "4", "--stride", "2")
    assert res.returncode == 0, res.stderr
    assert "def ported(x, w, stride, dilation):" in res.stdout
    assert "#   n=8   pads [1, 1] out 4" in res.stdout
    assert "#   n=7   pads [1, 2] out 4" in res.stdout


@pytest.mark.conformance
@pytest.mark.parametrize("target", ["jax", "tensorflow"])
def test_port_onnx_same_lower_conv_to_other_targets(target):
    """The same recipe machinery, run in jax / TensorFlow against ONNX SAME_LOWER vectors."""
    pytest.importorskip({"jax": "jax", "tensorflow": "tensorflow"}[target],
                        reason="needs %s: make venv-frameworks" % target)
    from padvec.port import recipe
    code, _ = recipe("onnx:SAME_LOWER", target, "conv")
    ns = {}
    exec(compile(code, "<port recipe>", "exec"), ns)
    cases = [c for c in padvec.load("onnx", "conv") if c["padding"] == "SAME_LOWER"
             and c["expect"]["result"] == "valid" and not c["deviations"]
             and len(c["input_shape"]) <= 2][:40]
    assert len(cases) >= 20
    for c in cases:
        x = np.asarray(c["input"], dtype=np.float32)
        w = np.asarray(c["kernel"], dtype=np.float32)
        if target == "jax":
            y = np.asarray(ns["ported"](x[None, None], w[None, None], c["stride"],
                                        c["dilation"]))[0, 0]
        else:
            y = ns["ported"](x[None, ..., None], w[..., None, None], c["stride"],
                             c["dilation"]).numpy()[0, ..., 0]
        assert y.tolist() == c["expect"]["output"], c["slug"]
