"""Third-party clients (converters, runtimes) through the harness protocol.

Unit part: the protocol loop and the known-failure formulas (no client needed).
Conformance part: every client of padvec.check.clients.matrix runs its cases in its own virtualenv
(`make venv-clients`), and every failure must be explained by spec/clients/known.yaml, whose
entries must all still fail (a fixed client makes its entry stale and this test red).
"""
import io
import json
import os

import pytest

from padvec.check.clients import _serve, known, matrix

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class _FakeClient:
    def describe(self):
        return {"name": "fake", "version": "0"}

    def run(self, system, op, case):
        import numpy as np
        if op == "ok":
            return np.asarray([1.0, float("-inf"), float("nan")])
        if op == "rejects":
            with _serve.tool():
                raise ZeroDivisionError("the tool refused")
        if op == "unsupported":
            raise _serve.Unsupported("cannot express")
        raise KeyError("client bug")


def _talk(*requests):
    out = io.StringIO()
    _serve.serve(_FakeClient(), io.StringIO("".join(json.dumps(r) + "\n" for r in requests)), out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_protocol_replies_one_line_per_request_with_the_four_statuses():
    replies = _talk({"cmd": "start", "version": 1},
                    *[{"cmd": "run", "seq": i, "system": "onnx", "op": op, "case": {}}
                      for i, op in enumerate(["ok", "rejects", "unsupported", "bug"], 1)],
                    {"cmd": "stop"}, {"cmd": "run", "seq": 9, "op": "ok"})
    assert replies[0] == {"version": 1, "implementation": {"name": "fake", "version": "0"}}
    assert replies[1] == {"seq": 1, "status": "ok", "shape": [3], "output": [1, "-inf", "nan"]}
    assert replies[2]["status"] == "rejected" and replies[2]["exception"] == "ZeroDivisionError"
    assert replies[3] == {"seq": 3, "status": "unsupported", "message": "cannot express"}
    assert replies[4]["status"] == "errored" and "KeyError" in replies[4]["message"]
    assert len(replies) == 5  # nothing after stop


def _case(n, k, pads, **options):
    return {"input_shape": [n], "kernel_shape": [k], "stride": [1], "dilation": [1],
            "padding": "NOTSET", "pads": pads, "options": options,
            "expect": {"result": "valid", "pads": pads, "output_shape": [n]}}


def test_known_formula_matches_per_axis_and_filters_client_op_status():
    entry = {"id": "x", "clients": ["c"], "ops": ["avg_pool"], "status": ["unexpected_reject"],
             "padding": ["NOTSET"], "when": "pb != pa", "_when": known.Formula("pb != pa")}
    asym, sym = _case(8, 3, [[0, 1]]), _case(8, 3, [[1, 1]])
    assert known.matches(entry, "c", "avg_pool", asym, "unexpected_reject")
    assert not known.matches(entry, "c", "avg_pool", sym, "unexpected_reject")
    assert not known.matches(entry, "other", "avg_pool", asym, "unexpected_reject")
    assert not known.matches(entry, "c", "conv", asym, "unexpected_reject")
    assert not known.matches(entry, "c", "avg_pool", asym, "wrong_value")


def test_known_apply_marks_failures_and_reports_stale_entries():
    entries = [{"id": "used", "clients": ["c"], "ops": ["conv"], "status": ["wrong_value"],
                "_when": known.Formula("k > 2")},
               {"id": "fixed", "clients": ["c"], "ops": ["conv"], "status": ["wrong_shape"],
                "_when": known.Formula("true")}]
    rows = [{"op": "conv", "id": "a", "status": "wrong_value"},
            {"op": "conv", "id": "b", "status": "wrong_value"}]
    cases = {"a": _case(8, 3, [[1, 1]]), "b": _case(8, 2, [[1, 0]])}
    assert known.apply(entries, "c", rows, cases) == ["fixed"]
    assert rows[0]["status"] == "known" and rows[0]["known_id"] == "used"
    assert rows[1]["status"] == "wrong_value"  # k = 2: not explained


def test_known_file_loads_and_every_entry_names_a_client_of_the_matrix():
    entries = known.load(ROOT)
    assert entries
    for e in entries:
        assert set(e["clients"]) <= set(matrix.CLIENTS), e["id"]
        assert os.path.exists(os.path.join(ROOT, e["evidence"])), e["evidence"]


def test_onnx_models_for_clients_use_the_converter_floor_and_symbolic_dims():
    from padvec.check.clients import _onnx
    from padvec.loader import load_cases
    conv = load_cases("onnx", "conv", ROOT)[0]
    model, feeds = _onnx.build("conv", conv, dynamic=True)
    assert model.opset_import[0].version == 11
    dims = model.graph.input[0].type.tensor_type.shape.dim
    assert [d.dim_param for d in dims[2:]] == ["L%d" % (i + 1) for i in range(len(dims) - 2)]
    assert list(feeds["X"].shape) == [1, 1] + conv["input_shape"]
    dilated = next(c for c in load_cases("onnx", "avg_pool", ROOT) if max(c["dilation"]) > 1)
    assert _onnx.build("avg_pool", dilated)[0].opset_import[0].version == 19


def test_subset_is_every_tenth_case_in_file_order():
    from padvec.loader import load_cases
    picked = [c["id"] for op, c in matrix.selected_cases("tract", ROOT, ["max_pool"])]
    assert picked == [c["id"] for c in load_cases("onnx", "max_pool", ROOT)[::10]]


def test_protocol_accepts_an_empty_output_whose_inner_dims_json_cannot_show():
    from padvec.check.protocol import ProtocolError, validate_run_reply
    ok = {"seq": 1, "status": "ok", "shape": [0, 2, 2], "output": []}
    assert validate_run_reply(ok, 1)["shape"] == [0, 2, 2]
    with pytest.raises(ProtocolError):
        validate_run_reply({"seq": 1, "status": "ok", "shape": [2, 2], "output": []}, 1)


@pytest.mark.conformance
@pytest.mark.parametrize("client", sorted(matrix.CLIENTS))
def test_client_has_no_unexplained_failure_and_no_stale_known_failure(client):
    python = matrix.command(client, ROOT)[0]
    assert os.path.exists(python), "%s missing: run `make venv-clients`" % python
    res, unexplained, stale = matrix.check(client, ROOT)
    assert res["implementation"] is not None, "the client never started"
    lines = ["%s %s: %s %s" % (r["op"], r["slug"], r["status"], r.get("detail", ""))[:300]
             for r in unexplained[:20]]
    assert not unexplained, "%d unexplained failure(s):\n%s" % (len(unexplained), "\n".join(lines))
    assert not stale, "known failures that no longer fail (stale): %s" % stale
