"""The input boundary (issue 11 item 2), port's quoting (item 3), the pytest helper's
rejection/crash split and diagnose's precision (item 5)."""
import ast
import os
import sys

import pytest

import padvec
from padvec import cli
from padvec.inputs import InputError
from padvec.pytest_plugin import run_case
from padvec.spec import load_spec

from helpers import FIXTURES


@pytest.mark.parametrize("kwargs, name", [
    (dict(kernel=[-3]), "kernel"), (dict(kernel=[0]), "kernel"), (dict(dilation=[0]), "dilation"),
    (dict(stride=[0]), "stride"), (dict(input=[0]), "input"), (dict(input=[1] * 1000), "input"),
    (dict(input=[10 ** 9]), "input"), (dict(kernel=[3, 3]), "kernel"),
    (dict(system="../spec/tensorflow"), "system"), (dict(system="NOPE"), "system"),
    (dict(op="nope"), "op"), (dict(padding="NOPE"), "padding"), (dict(pads=[[1, 1]]), "pads"),
    (dict(ceil_mode=True), "ceil_mode"), (dict(kernel=[2.5]), "kernel"),
])
def test_explain_refuses_bad_parameters_naming_them(kwargs, name):
    args = dict(system="tensorflow", op="conv", padding="VALID", input=[8], kernel=[3])
    args.update(kwargs)
    with pytest.raises(InputError) as exc:
        padvec.explain(**args)
    assert exc.value.name == name


@pytest.mark.parametrize("argv, flag", [
    (["--kernel", "-3"], "--kernel"), (["--stride", "0"], "--stride"),
    (["--input", "1000000000"], "--input"), (["--input", "x"], "--input"),
    (["--pads", "1,1"], "--pads"),
])
def test_cli_exit_2_names_the_flag(capsys, argv, flag):
    base = ["explain", "tensorflow", "--op", "conv", "--padding", "VALID", "--input", "8",
            "--kernel", "3"]
    assert cli.main(base + argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: %s: " % flag) and "Traceback" not in err and ".yaml" not in err


def test_ceil_mode_maybe_and_huge_diff_grid_are_refused(capsys):
    assert cli.main(["explain", "pytorch", "--op", "max_pool", "--padding", "explicit",
                     "--input", "8", "--kernel", "3", "--pads", "1,1", "--ceil-mode",
                     "maybe"]) == 2
    assert "--ceil-mode" in capsys.readouterr().err
    assert cli.main(["diff", "tensorflow:SAME", "onnx:SAME_LOWER", "--rank", "3"]) == 2
    assert "exceed the limit of" in capsys.readouterr().err


def test_explain_shows_the_pad_value():
    r = padvec.explain("numpy", op="pad", padding="reflect", input=[5], kernel=[1],
                       pads=[[2, 2]])
    assert r["pad_value"] == "reflect" and r["picture"] == ["[r,r,x,x,x,x,x,r,r]"]
    from padvec.explainer import format_text
    assert "pad value: reflect" in format_text(r)


def test_list_prints_runtime_labels(capsys):
    cli.main(["list"])
    out = capsys.readouterr().out
    assert "[keras3,keras3,keras3]" not in out


def test_port_quotes_hostile_names(tmp_path):
    """A padding name that would break out of a docstring stays data: the recipe parses and
    its top level only imports and defines functions."""
    from padvec.port import _PRELUDE, rule_function
    spec = load_spec(os.path.join(FIXTURES, "spec", "mini.yaml"))
    evil = 'SAME"""\nimport os; os.system("touch %s")\n"""' % (tmp_path / "pwned")
    spec.ops["conv"].paddings[evil] = spec.ops["conv"].paddings.pop("SAME")
    spec.id = "x'''\"\nimport os #"
    func, _, _ = rule_function(spec, "conv", evil)
    tree = ast.parse(_PRELUDE + func)
    assert all(isinstance(n, ast.FunctionDef) for n in tree.body)
    ns = {}
    exec(compile(tree, "<port>", "exec"), ns)
    assert not (tmp_path / "pwned").exists()
    assert ns["source_split"](8, 3, 1, 1) == (1, 1, 8)


def test_port_refuses_non_identifier_rule_names():
    from padvec.errors import SpecError
    from padvec.port import rule_function
    spec = load_spec(os.path.join(FIXTURES, "spec", "mini.yaml"))
    rule = spec.ops["conv"].paddings["SAME"].rule
    rule.formulas = [("x = __import__('os')\n    y", rule.formulas[0][1])] + rule.formulas[1:]
    with pytest.raises(SpecError, match="not a Python identifier"):
        rule_function(spec, "conv", "SAME")


def test_pytest_helper_tells_a_crash_from_a_rejection():
    case = padvec.load("tensorflow", "conv")[0]
    assert case["expect"]["result"] == "valid"

    def crashing(op, c):
        raise KeyError("adapter bug")
    with pytest.raises(AssertionError, match="adapter crashed: KeyError"):
        run_case(crashing, "conv", case, rejects=(ValueError,))


def test_pytest_helper_points_at_the_split():
    cases = [c for c in padvec.load("tensorflow", "conv")
             if c["padding"] == "SAME" and c["input_shape"] == [8] and c["kernel_shape"] == [4]
             and c["stride"] == [1] and c["dilation"] == [1]]
    case = cases[0]
    low = padvec.explain("onnx", op="conv", padding="SAME_LOWER", input=[8], kernel=[4])
    assert low["pads"] != case["expect"]["pads"]
    import numpy as np
    from padvec import reference
    from padvec.convention import Outcome
    y, _ = reference.compute("conv", np.array(case["input"]), np.array(case["kernel"]),
                             Outcome("valid", low["pads"], [8]), [1], [1])
    with pytest.raises(AssertionError, match=r"the output of pads \[\[2, 1\]\]"):
        run_case(lambda op, c: y, "conv", case)


def test_diagnose_refuses_an_ambiguous_slug_and_takes_system_op_slug():
    from padvec.diagnose import diagnose
    with pytest.raises(InputError, match="SYSTEM/OP/SLUG"):
        diagnose("pad1d-reflect-n3-p3-3", [[0]])
    case = [c for c in padvec.load("onnx", "pad") if c["slug"] == "pad1d-reflect-n3-p3-3"][0]
    r = diagnose("onnx/pad/pad1d-reflect-n3-p3-3", case["expect"].get("output", [0]))
    assert r["system"] == "onnx"


def test_diagnose_accepts_rejected():
    from padvec.diagnose import diagnose
    case = padvec.load("tensorflow", "conv")[0]
    r = diagnose(case["id"], "rejected")
    assert r["verdict"] == "unexpected_reject"


def test_diagnose_ulp_note():
    from padvec.diagnose import diagnose
    case = [c for c in padvec.load("tensorflow", "avg_pool")
            if c["expect"]["result"] == "valid"][0]
    import numpy as np
    y = np.array(case["expect"]["output"], dtype=np.float32)
    y = np.nextafter(y, np.float32(np.inf))
    r = diagnose(case["id"], y.astype(float).tolist())
    assert r["verdict"] == "wrong_value"
    assert any("equal after rounding to 1 ulp" in n for n in r["notes"]), r["notes"]


@pytest.mark.parametrize("system, op, name", [("../../etc", "passwd", "system"),
                                              ("tensorflow", "nope", "op"),
                                              ("nope", "conv", "system")])
def test_load_refuses_paths_and_unknown_names(system, op, name):
    with pytest.raises(InputError) as exc:
        padvec.load(system, op)
    assert exc.value.name == name
