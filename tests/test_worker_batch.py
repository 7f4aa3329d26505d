"""Several cases per round trip (Worker.call_many) keep one-case-at-a-time semantics: answers in
order, a crash or a hang pinned on its own case, the cases after it run in a fresh worker.
And the adapters' compiled-graph cache builds once per structure and never caches a failure."""
import importlib.util
import os
import sys

import pytest

from helpers import FIXTURES
from padvec.runner.process import Worker
from padvec.verify import _run_case, _run_cases


def _sibling(name):
    """An adapters/ helper loaded from its file: putting adapters/ on sys.path would let the
    adapters named after frameworks (tensorflow.py) shadow them in this process."""
    import padvec
    path = os.path.join(os.path.dirname(padvec.__file__), "adapters", name + ".py")
    spec = importlib.util.spec_from_file_location("padvec_test_" + name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_compiled = _sibling("_compiled")
GraphCache, structure_key = _compiled.GraphCache, _compiled.structure_key


def _case(cid, misbehave=None, x=(1, 2, 3, 4)):
    return {"id": cid, "slug": cid, "input": list(x), "kernel": [1, 10], "input_shape": [len(x)],
            "kernel_shape": [2], "stride": [1], "dilation": [1], "padding": "explicit",
            "pads": [[0, 0]], "options": {"misbehave": misbehave} if misbehave else {},
            "expect": {"result": "valid", "output_shape": [len(x) - 1], "pads": [[0, 0]],
                       "output": [a + 10 * b for a, b in zip(x, x[1:])]}}


@pytest.fixture()
def worker(monkeypatch):
    monkeypatch.setenv("PADVEC_ADAPTER_PATH", os.path.join(FIXTURES, "adapters"))
    w = Worker(sys.executable, "numpy_same_lower")
    yield w
    w.close()


def test_batch_answers_each_run_in_order(worker):
    cases = [_case("a"), _case("b", x=(5, 6, 7)), _case("c", "reject")]
    answers, failure = worker.call_many([("conv", c, 2) for c in cases], timeout=20)
    assert failure is None
    assert [[r["id"] for r in runs] for runs in answers] == [["a", "a"], ["b", "b"], ["c", "c"]]
    assert answers[0][0] == worker.call("conv", cases[0], 20)   # same as one call
    assert answers[1][1]["output"] == [65, 76]
    assert answers[2][0]["status"] == "error"


@pytest.mark.parametrize("misbehave, status, text", [("abort", "crashed", "SIGABRT"),
                                                     ("hang", "hung", "no answer")])
def test_a_dead_worker_is_pinned_on_its_case_and_the_next_batch_runs(worker, misbehave,
                                                                     status, text):
    cases = [_case("ok1"), _case("bad", misbehave), _case("ok2")]
    answers, failure = worker.call_many([("conv", c, 2) for c in cases], timeout=3)
    assert [runs[0]["id"] for runs in answers] == ["ok1"]
    index, died = failure
    assert index == 1 and died.status == status and text in died.detail
    answers, failure = worker.call_many([("conv", cases[2], 2)], timeout=20)
    assert failure is None and answers[0][0]["status"] == "ok"


def test_batched_verify_judges_like_one_case_at_a_time(monkeypatch):
    monkeypatch.setenv("PADVEC_ADAPTER_PATH", os.path.join(FIXTURES, "adapters"))
    kinds = [None, "abort", None, "random", "fpe", "fpe", None, "reject", None]
    cases = [("conv", _case("c%d" % i, kind)) for i, kind in enumerate(kinds)]
    one = Worker(sys.executable, "numpy_same_lower")
    single = [_run_case(one, op, c, "fixture", 20, 2) for op, c in cases]
    one.close()
    many = Worker(sys.executable, "numpy_same_lower")
    batched = list(_run_cases(many, cases, "fixture", 20, 2, batch=4))
    many.close()
    strip = [{k: v for k, v in r.items() if k != "detail"} for r in single]
    assert [{k: v for k, v in r.items() if k != "detail"} for r in batched] == strip
    assert [r["status"] for r in batched] == ["pass", "crashed", "pass", "nondeterministic",
                                              "crashed", "crashed", "pass",
                                              "unexpected_reject", "pass"]


def test_graph_cache_builds_once_per_structure_and_never_caches_a_failure():
    cache, built = GraphCache(size=2), []

    def build(tag):
        built.append(tag)
        if tag == "bad":
            raise ValueError("refused")
        return tag

    a, b = _case("a"), _case("b", x=(9, 8, 7, 6))          # same structure, other data
    assert structure_key("conv", a) == structure_key("conv", b)
    assert structure_key("conv", a) != structure_key("max_pool", a)
    assert structure_key("conv", a, a["input"]) != structure_key("conv", b, b["input"])
    assert cache.get("k1", lambda: build("one")) == "one"
    assert cache.get("k1", lambda: build("again")) == "one"
    for _ in range(2):
        with pytest.raises(ValueError):
            cache.get("k2", lambda: build("bad"))
    cache.get("k3", lambda: build("three"))
    cache.get("k4", lambda: build("four"))                  # evicts k1 (least recent)
    cache.get("k1", lambda: build("one'"))
    assert built == ["one", "bad", "bad", "three", "four", "one'"]
