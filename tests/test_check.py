"""`padvec check` (harness protocol v1) and `padvec export onnx`.

Fake implementations (tests/fixtures/harness/fake_impl.py) crash, hang, answer garbage, a wrong
seq, a wrong split or a deviation's output; each must give its own outcome, and a fresh process
must carry on with the next case.
"""
import json
import os
import sys

import numpy as np
import pytest

from padvec import cli
from padvec.check import export, harness, protocol
from padvec.check.onnx_opset import min_opset
from padvec.compare import equal_exact, to_float_array
from padvec.loader import load_cases
from padvec.spec import repo_root

ROOT = repo_root()
FAKE = os.path.join(ROOT, "tests", "fixtures", "harness", "fake_impl.py")
CONV = load_cases("onnx", "conv")


def _fake(*directives):
    return " ".join([sys.executable, FAKE] + list(directives))


def _first(pred, cases=CONV):
    return next(c for c in cases if pred(c))


# Cases picked by property, never by hard-coded value.
VALID_1D = [c for c in CONV if c["padding"] == "NOTSET" and len(c["input_shape"]) == 1
            and c["expect"]["result"] == "valid" and c["expect"]["pads"][0][1] >= 1]
REJECTED = _first(lambda c: c["expect"]["result"] == "rejected")
DEV_REJECT = _first(lambda c: c["expect"]["result"] == "valid" and any(
    d["expect"]["result"] == "rejected" and "onnxruntime" in d.get("adapters", [])
    for d in c["deviations"]) and c["deviations"][0]["expect"]["result"] == "rejected")


def run_check(tmp_path, impl, cases, ops=("conv",), timeout=5.0):
    out = tmp_path / "result.json"
    argv = ["check", "--impl", impl, "--timeout", str(timeout), "--out", str(out)]
    for op in ops:
        argv += ["--op", op]
    for c in cases:
        argv += ["--case", c["id"]]
    rc = cli.main(argv)
    doc = json.loads(out.read_text())
    return rc, {r["id"]: r for r in doc["results"]}, doc


def test_perfect_implementation_passes_everything(tmp_path):
    rc, res, doc = run_check(tmp_path, _fake(), [], ops=("conv", "pad"))
    assert rc == 0
    assert set(r["status"] for r in res.values()) == {"pass"}
    assert doc["implementation"]["name"] == "fake" and doc["restarts"] == 0
    assert len(res) == len(CONV) + len(load_cases("onnx", "pad"))


@pytest.mark.parametrize("sig", ["SEGV", "FPE", "ABRT"])
def test_crash_is_the_case_outcome_and_a_fresh_process_continues(tmp_path, sig):
    victim, after = VALID_1D[0], VALID_1D[1]
    rc, res, doc = run_check(tmp_path, _fake("crash:%s:%s" % (victim["slug"], sig)),
                             [victim, after])
    assert rc == 1
    assert res[victim["id"]]["status"] == "crashed"
    assert "SIG" + sig in res[victim["id"]]["detail"]
    assert res[after["id"]]["status"] == "pass"
    assert doc["restarts"] == 1


def test_hang_is_cut_off(tmp_path):
    victim, after = VALID_1D[0], VALID_1D[1]
    rc, res, _ = run_check(tmp_path, _fake("hang:" + victim["slug"]), [victim, after],
                           timeout=1.0)
    assert rc == 1
    assert res[victim["id"]]["status"] == "hung"
    assert res[after["id"]]["status"] == "pass"


@pytest.mark.parametrize("directive", ["garbage", "wrongseq"])
def test_garbage_and_wrong_seq_are_protocol_errors(tmp_path, directive):
    victim, after = VALID_1D[0], VALID_1D[1]
    rc, res, _ = run_check(tmp_path, _fake("%s:%s" % (directive, victim["slug"])),
                           [victim, after])
    assert rc == 1
    assert res[victim["id"]]["status"] == "protocol_error"
    assert res[after["id"]]["status"] == "pass"


def test_wrong_split_is_diagnosed(tmp_path):
    victim = VALID_1D[0]
    rc, res, _ = run_check(tmp_path, _fake("split:" + victim["slug"]), [victim])
    assert rc == 1
    r = res[victim["id"]]
    (before, after), = victim["expect"]["pads"]
    # Same total padding, moved one cell: same length, other values, and the split is named.
    assert r["status"] == "wrong_value"
    assert any(s["pads"] == [[before + 1, after - 1]] for s in r["applied_splits"])
    assert "split(s) that produce it" in r["detail"]


def test_deviation_output_is_named_with_its_runtime(tmp_path):
    rc, res, _ = run_check(tmp_path, _fake("deviation:" + DEV_REJECT["slug"]), [DEV_REJECT])
    dev = DEV_REJECT["deviations"][0]
    assert rc == 0
    r = res[DEV_REJECT["id"]]
    assert r["status"] == "deviation" and r["deviation"] == dev["id"]
    assert r["detail"] == "matches %s deviation %s" % (", ".join(dev["adapters"]), dev["id"])


def test_deviation_of_another_runtime_also_matches(tmp_path):
    case = _first(lambda c: c["expect"]["result"] == "rejected" and c["deviations"]
                  and c["deviations"][0]["expect"]["result"] == "valid"
                  and "onnx_reference" in c["deviations"][0]["adapters"])
    rc, res, _ = run_check(tmp_path, _fake("deviation:" + case["slug"]), [case])
    assert rc == 0
    assert res[case["id"]]["status"] == "deviation"
    assert "onnx_reference deviation" in res[case["id"]]["detail"]


def test_rejections_unsupported_and_errored(tmp_path):
    victim = VALID_1D[0]
    rc, res, _ = run_check(tmp_path, _fake("reject-all"), [victim, REJECTED])
    assert rc == 1
    assert res[victim["id"]]["status"] == "unexpected_reject"
    assert res[REJECTED["id"]]["status"] == "pass"   # matched by status, not by ORT's wording
    rc, res, _ = run_check(tmp_path, _fake("unsupported-op:conv"), [victim])
    assert rc == 0 and res[victim["id"]]["status"] == "unsupported"
    rc, res, _ = run_check(tmp_path, _fake("errored:" + victim["slug"]), [victim])
    assert rc == 1 and res[victim["id"]]["status"] == "errored"


def test_accepting_a_rejected_case_fails():
    from padvec.check.judge import judge_reply
    cases = [c for op in ("conv", "conv_transpose", "max_pool", "avg_pool")
             for c in load_cases("onnx", op)]
    case = _first(lambda c: c["expect"]["result"] == "rejected" and not any(
        d["expect"]["result"] != "rejected" for d in c["deviations"]), cases)
    r = judge_reply("conv", case, {"seq": 1, "status": "ok", "shape": [1], "output": [0]})
    assert r["status"] == "unexpected_accept"


def test_bad_start_and_bad_flags_exit_2(tmp_path, capsys):
    assert cli.main(["check", "--impl", _fake("bad-start"), "--op", "conv"]) == 2
    assert "protocol version" in capsys.readouterr().err
    assert cli.main(["check", "--impl", _fake(), "--system", "nosuch"]) == 2
    assert cli.main(["check", "--impl", _fake(), "--op", "nosuch"]) == 2
    assert cli.main(["check", "--impl", "/nonexistent/impl"]) == 2
    assert cli.main(["check", "--impl", _fake(), "--case", "no-such-case"]) == 2
    assert "--case no-such-case" in capsys.readouterr().err
    assert cli.main(["check", "--impl", _fake(), "--timeout", "0"]) == 2


def test_report_renders_a_check_result(tmp_path):
    victim = VALID_1D[0]
    run_check(tmp_path, _fake("crash:%s:SEGV" % victim["slug"]), [victim, VALID_1D[1]])
    md = tmp_path / "check.md"
    assert cli.main(["report", str(tmp_path / "result.json"), "--output", str(md)]) == 0
    text = md.read_text()
    assert "| fake | 0.1 | onnx | python | 2 | 1 |" in text
    assert "crashed" in text and victim["slug"] in text


def test_serve_speaks_the_protocol():
    import io
    requests = [protocol.start_request(),
                protocol.run_request(1, "onnx", "conv", VALID_1D[0]),
                protocol.run_request(2, "onnx", "conv", VALID_1D[0]),
                protocol.run_request(3, "onnx", "conv", VALID_1D[0]),
                protocol.stop_request()]
    answers = iter([np.asarray(VALID_1D[0]["expect"]["output"], dtype=np.float32),
                    protocol.Unsupported("no"), RuntimeError("refused")])

    def run_case(system, op, case):
        a = next(answers)
        if isinstance(a, Exception):
            raise a
        return a
    info = {"name": "t", "version": "1", "language": "python", "homepage": "h", "issues": "i",
            "systems": ["onnx"], "ops": ["conv"]}
    out = io.StringIO()
    assert protocol.serve(info, run_case, io.StringIO("".join(protocol.dumps(r) + "\n"
                                                              for r in requests)), out) == 0
    replies = [json.loads(line) for line in out.getvalue().splitlines()]
    assert protocol.validate_start_reply(replies[0]) == info
    ok, unsup, rej = (protocol.validate_run_reply(r, i) for i, r in enumerate(replies[1:], 1))
    assert ok["status"] == "ok" and equal_exact(ok["output"], VALID_1D[0]["expect"]["output"])
    assert unsup["status"] == "unsupported"
    assert rej == {"seq": 3, "status": "rejected", "exception": "RuntimeError",
                   "message": "refused"}


def test_reply_validation_rejects_malformed_replies():
    with pytest.raises(protocol.ProtocolError):
        protocol.validate_run_reply({"seq": 1, "status": "ok", "shape": [2], "output": [1]}, 1)
    with pytest.raises(protocol.ProtocolError):
        protocol.validate_run_reply({"seq": 1, "status": "ok", "shape": [2, 2],
                                     "output": [[1, 2], [3]]}, 1)
    with pytest.raises(protocol.ProtocolError):
        protocol.validate_run_reply({"seq": 1, "status": "ok", "shape": [2],
                                     "output": [[1], [2]]}, 1)
    for shape, output in (([2, 0], [[], []]), ([0, 3], []), ([1, 2], [[1, "nan"]])):
        ok = {"seq": 1, "status": "ok", "shape": shape, "output": output}
        assert protocol.validate_run_reply(ok, 1) is ok
    with pytest.raises(protocol.ProtocolError):
        protocol.validate_run_reply({"seq": 1, "status": "maybe"}, 1)
    with pytest.raises(protocol.ProtocolError):
        protocol.validate_run_reply({"seq": 2, "status": "unsupported", "message": ""}, 1)
    assert protocol.encode_output([1.0, float("-inf"), float("nan"), 0.5]) == \
        [1, "-inf", "nan", 0.5]


# -- min_opset ---------------------------------------------------------------------------------

ONNX_OPS = ("conv", "conv_transpose", "max_pool", "avg_pool", "pad")


def _used_attributes(model):
    node = model.graph.node[0]
    return node.op_type, {a.name for a in node.attribute}


@pytest.mark.parametrize("op", ONNX_OPS)
def test_min_opset_model_is_valid_at_that_opset_and_not_below(op):
    """The model at min_opset passes onnx's checker against that opset's schema; one opset
    lower, either the checker refuses it or a schema change the case relies on is missing."""
    import onnx
    from onnx import defs
    for case in load_cases("onnx", op):
        m = min_opset(case, op)
        model = export.onnx_model(case, op)
        assert model.opset_import[0].version == m
        onnx.checker.check_model(model)
        op_type, attrs = _used_attributes(model)
        schema = defs.get_schema(op_type, m, "")
        assert attrs <= set(schema.attributes), (case["slug"], attrs)
        if m > export.FLOOR:
            lower = defs.get_schema(op_type, m - 1, "")
            # The case needs something the lower opset's text does not have.
            assert lower.since_version < schema.since_version, (case["slug"], m)


def test_min_opset_examples_follow_onnx_history():
    from onnx import defs
    # Each step of onnx_opset.py is a since_version in onnx's operator history.
    assert defs.get_schema("Pad", 18, "").attributes["mode"].description.count("wrap") == 0
    assert "wrap" in defs.get_schema("Pad", 19, "").attributes["mode"].description
    assert "dilations" not in defs.get_schema("AveragePool", 18, "").attributes
    assert "dilations" in defs.get_schema("AveragePool", 19, "").attributes
    assert "ceil_mode" not in defs.get_schema("MaxPool", 9, "").attributes
    assert "ceil_mode" in defs.get_schema("MaxPool", 10, "").attributes
    assert "ceil(" not in defs.get_schema("MaxPool", 11, "").attributes["auto_pad"].description
    assert "ceil(" in defs.get_schema("MaxPool", 12, "").attributes["auto_pad"].description
    assert "ceil(" in defs.get_schema("Conv", 11, "").attributes["auto_pad"].description
    assert "ceil(" not in defs.get_schema("Conv", 10, "").attributes["auto_pad"].description


# -- export ------------------------------------------------------------------------------------

def _same_total_negative(case):
    """SAME total padding before clamping, (ceil(n/s)-1)*s + keff - n, negative on some axis."""
    for n, k, s, d in zip(case["input_shape"], case["kernel_shape"], case["stride"],
                          case["dilation"]):
        if (-(-n // s) - 1) * s + (k - 1) * d + 1 - n < 0:
            return True
    return False


# onnxruntime's AveragePool kernel for opsets 11-18 does not clamp a negative SAME total (stride
# above the kernel) and rejects most such nodes ("padding values must be non-negative"; some
# ceil_mode=1 ones run and give the documented output). Its opset-19
# kernel, which padvec's verify runs, computes the documented result. Only these cases, at
# min_opset < 19, are allowed to be rejected by onnxruntime in the export test; when they run,
# their output is compared exactly like every other case.
def _ort_old_avgpool_rejects(op, case):
    return op == "avg_pool" and case["padding"].startswith("SAME") and \
        min_opset(case, op) < 19 and _same_total_negative(case)


def _load_tensor(path):
    import onnx
    from onnx import numpy_helper
    return numpy_helper.to_array(onnx.load_tensor(path))


@pytest.mark.conformance  # every ONNX vector through onnxruntime (~20-40 s): `make test` runs it
def test_export_runs_exactly_in_onnxruntime(tmp_path):
    """Every exported model, at its own min_opset, in onnxruntime: the expected output (or a
    recorded onnxruntime deviation's), exactly; rejected only where documented or recorded."""
    ort = pytest.importorskip("onnxruntime")
    out = tmp_path / "export"
    idx = export.export_onnx(str(out))
    cases = {(op, c["id"]): c for op in ONNX_OPS for c in load_cases("onnx", op)}
    assert idx["number_of_cases"] == len(cases)
    so = ort.SessionOptions()
    so.log_severity_level = 4
    so.intra_op_num_threads = 1
    bad = []
    for e in idx["cases"]:
        case = cases[(e["op"], e["id"])]
        assert e["min_opset"] == min_opset(case, e["op"])
        d = os.path.join(str(out), e["path"])
        x = _load_tensor(os.path.join(d, "test_data_set_0", "input_0.pb"))
        try:
            sess = ort.InferenceSession(os.path.join(d, "model.onnx"), so,
                                        providers=["CPUExecutionProvider"])
            y = sess.run(["Y"], {"X": x})[0]
        except Exception as exc:
            y, error = None, exc
        ort_devs = [dv for dv in e["deviations"] if "onnxruntime" in dv["runtimes"]]
        if y is None:
            ok = e["expect"] in ("rejected", "acceptable") or \
                any(dv["result"] == "rejected" for dv in ort_devs) or \
                _ort_old_avgpool_rejects(e["op"], case)
            if not ok:
                bad.append((e["path"], "rejected: %s" % str(error)[:200]))
            continue
        wants = []
        if e["expect"] in ("valid", "acceptable") and "output_shape" in e:
            wants.append(_load_tensor(os.path.join(d, "test_data_set_0", "output_0.pb")))
        elif case["expect"]["result"] == "acceptable" and "output" in case["expect"]:
            wants.append(to_float_array(case["expect"]["output"]).reshape(
                [1, 1] + case["expect"]["output_shape"]))
        wants += [_load_tensor(os.path.join(d, dv["output"])) for dv in ort_devs if "output" in dv]
        undefined = [dv for dv in ort_devs if dv["result"] == "undefined_values"]
        if not any(equal_exact(np.asarray(y, np.float64), np.asarray(w, np.float64))
                   for w in wants) and not undefined:
            bad.append((e["path"], "output %s" % y.ravel()[:12]))
    assert not bad, bad[:10]
    index = json.loads((out / "index.json").read_text())
    assert index["cases"] == idx["cases"]


def test_export_refuses_non_empty_dir_and_is_atomic(tmp_path, capsys):
    out = tmp_path / "x"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    assert cli.main(["export", "onnx", "--out", str(out), "--op", "pad"]) == 2
    assert "--force" in capsys.readouterr().err
    assert (out / "keep.txt").read_text() == "mine"
    assert cli.main(["export", "onnx", "--out", str(out), "--op", "nosuch", "--force"]) == 2
    assert (out / "keep.txt").exists()
    assert cli.main(["export", "onnx", "--out", str(out), "--op", "pad", "--force"]) == 0
    assert not (out / "keep.txt").exists()
    assert sorted(os.listdir(str(out))) == ["index.json", "pad"]
    assert [p for p in os.listdir(str(tmp_path)) if p.startswith(".padvec")] == []


def test_export_is_byte_identical(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    export.export_onnx(str(a), ops=["max_pool"])
    export.export_onnx(str(b), ops=["max_pool"])
    for dirpath, _, files in os.walk(str(a)):
        for f in files:
            pa = os.path.join(dirpath, f)
            pb = os.path.join(str(b), os.path.relpath(pa, str(a)))
            with open(pa, "rb") as fa, open(pb, "rb") as fb:
                assert fa.read() == fb.read(), pa


def test_html_report_shows_check_results(tmp_path):
    run_check(tmp_path, _fake(), [VALID_1D[0]])
    page = tmp_path / "r.html"
    assert cli.main(["report", str(tmp_path / "result.json"), "--html",
                     "--output", str(page)]) == 0
    assert '<table id="checks">' in page.read_text() and "<td>fake</td>" in page.read_text()


def test_committed_onnx_cases_record_min_opset():
    from collections import Counter
    seen = Counter()
    for op in ONNX_OPS:
        for case in load_cases("onnx", op):
            assert case["min_opset"] == min_opset(case, op), case["slug"]
            seen[case["min_opset"]] += 1
    # Every step of the opset history is exercised by some case.
    assert set(seen) == {7, 10, 11, 12, 19}
    for system in ("tensorflow", "pytorch"):
        assert all("min_opset" not in c for c in load_cases(system, "conv"))


def test_format_md_names_every_systems_public_call():
    """docs/format.md "Every system" is generated from the specs' `api`: keep it in sync."""
    from padvec.spec import load_all
    with open(os.path.join(ROOT, "docs", "format.md"), encoding="utf-8") as f:
        text = f.read()
    for spec in load_all():
        assert "#### %s\n" % spec.id in text, spec.id
        for name, op in spec.raw.get("ops", {}).items():
            api = " ".join(str(op.get("api", "")).split()).replace("|", "\\|")
            assert api in text, (spec.id, name)


# -- the example implementations -------------------------------------------------------------

def test_js_example_speaks_the_protocol(tmp_path):
    import shutil
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed (the JS example needs Node >= 18)")
    impl = "%s %s" % (node, os.path.join(ROOT, "examples", "js", "harness.js"))
    rc, res, doc = run_check(tmp_path, impl, [], ops=("conv", "max_pool"))
    assert rc == 0
    one_d = [c for c in CONV if len(c["input_shape"]) == 1]
    assert all(res[c["id"]]["status"] in ("pass", "deviation") for c in one_d)
    assert all(r["status"] == "unsupported" for r in res.values() if r["op"] == "max_pool")
    assert doc["implementation"]["language"] == "js" and len(one_d) >= 150


def test_python_onnxruntime_example_runs_the_portable_models(tmp_path, monkeypatch):
    pytest.importorskip("onnxruntime")
    monkeypatch.setenv("PYTHONPATH", os.path.join(ROOT, "generator"))
    impl = "%s %s" % (sys.executable,
                      os.path.join(ROOT, "examples", "harness", "onnxruntime_impl.py"))
    rc, res, doc = run_check(tmp_path, impl, [], ops=("max_pool", "pad"))
    assert rc == 0, [r for r in res.values() if r["status"] not in ("pass", "deviation")][:5]
    assert doc["counts"]["pass"] > 0 and doc["implementation"]["name"] == "onnxruntime"


def test_report_mixes_verify_and_check_results(tmp_path):
    run_check(tmp_path, _fake(), [VALID_1D[0]])
    verify = tmp_path / "verify.json"
    verify.write_text(json.dumps([{"system": "onnx", "adapter": "onnxruntime", "versions": {},
                                   "seconds": 1.0, "results": [
                                       {"op": "conv", "slug": VALID_1D[0]["slug"],
                                        "id": VALID_1D[0]["id"], "status": "pass"}]}]))
    md = tmp_path / "all.md"
    assert cli.main(["report", str(verify), str(tmp_path / "result.json"),
                     "--output", str(md)]) == 0
    text = md.read_text()
    assert text.startswith("# Conformance matrix")
    assert "## Implementations checked" in text and "| fake | 0.1 | onnx |" in text


def test_protocol_schema_is_a_valid_json_schema():
    import jsonschema
    with open(protocol.SCHEMA_PATH) as f:
        jsonschema.Draft202012Validator.check_schema(json.load(f))
