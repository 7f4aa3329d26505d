import numpy as np
import pytest

from padvec.errors import FormulaError
from padvec.formula import NONE, Formula, evaluate


def test_integer_arithmetic_and_functions():
    env = {"n": 7, "s": 2, "keff": 4}
    assert evaluate("ceil_div(n, s)", env) == 4
    assert evaluate("max((ceil_div(n, s) - 1) * s + keff - n, 0)", env) == 3
    assert evaluate("-7 // 2", {}) == -4          # floor toward -inf, like Python
    assert evaluate("trunc_div(-7, 2)", {}) == -3  # C-style, for TF's int64 VALID formula
    assert evaluate("min(3, n, 9)", env) == 3
    assert evaluate("n % s", env) == 1
    assert evaluate("2 ** 3", {}) == 8


def test_booleans_and_conditionals():
    env = {"s": 2, "d": 1, "output_padding": NONE}
    assert evaluate("s > 1 and d > 1", env) == 0
    assert evaluate("s > 1 or d > 1", env) == 1
    assert evaluate("not (s > 1)", env) == 0
    assert evaluate("1 < s <= 2", env) == 1
    assert evaluate("5 if output_padding == none else output_padding", env) == 5
    assert evaluate("true", {}) == 1


def test_vectorized_over_grids():
    n = np.arange(1, 9)
    out = evaluate("ceil_div(n, 3)", {"n": n})
    assert out.tolist() == [1, 1, 1, 2, 2, 2, 3, 3]
    got = evaluate("n // 2 if n % 2 == 0 else -1", {"n": n})
    assert got.tolist() == [-1, 1, -1, 2, -1, 3, -1, 4]


@pytest.mark.parametrize("text, message", [
    ("__import__('os')", "unknown function"),
    ("n.real", "not allowed"),
    ("n / 2", "not allowed"),
    ("[n]", "not allowed"),
    ("lambda: 1", "not allowed"),
    ("1.5 * n", "integer literals"),
    ("n +", "cannot parse"),
    ("max(n, key=1)", "keyword"),
    ("ceil_div(n)", "takes 2 arguments"),
])
def test_rejects_disallowed_constructs(text, message):
    with pytest.raises(FormulaError, match=message):
        Formula(text)


def test_unknown_name_and_division_by_zero_name_the_formula():
    with pytest.raises(FormulaError, match=r"unknown name 'q' in formula 'q \+ 1'"):
        evaluate("q + 1", {"n": 1})
    with pytest.raises(FormulaError, match=r"division by zero in formula 'n // \(s - 2\)'"):
        evaluate("n // (s - 2)", {"n": 4, "s": 2})
    with pytest.raises(FormulaError, match="division by zero"):
        evaluate("ceil_div(n, s)", {"n": np.array([1, 2]), "s": np.array([1, 0])})


def test_names_are_collected():
    assert Formula("max(n - keff, pad_before) // s").names == {"n", "keff", "pad_before", "s"}
