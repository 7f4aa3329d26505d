"""Safe integer formula language: Python expression syntax, an allow-listed AST walker, no eval.

Values are Python ints or numpy int64 arrays, so one formula evaluates a whole parameter grid.
"""
import ast

import numpy as np

from .errors import FormulaError

# Sentinel for an option set to null (e.g. Keras output_padding=None); far from any real length.
NONE = -(2 ** 62)

_CONSTANTS = {"true": 1, "false": 0, "none": NONE, "True": 1, "False": 0, "None": NONE}

MAX_CHARS = 1000   # the longest real formula is a few hundred characters
MAX_DEPTH = 40     # syntax-tree depth: keeps every recursive walk far from Python's limit
LITERAL_BOUND = 2 ** 62   # |integer literal| (the `none` sentinel is -2**62)
# |intermediate result|: int64 less a margin the float64 cross-check cannot blur (its spacing
# near 2**63 is 2**11), so a grid result that wrapped is always caught.
BOUND = 2 ** 63 - 2 ** 20


def short(text, n=80):
    """A formula as quoted in an error message: never the whole of a huge one."""
    text = str(text)
    return text if len(text) <= n else text[:n] + "... (%d characters)" % len(text)


def _overflow(formula):
    return FormulaError("integer overflow: an intermediate value leaves int64 in formula %r"
                        % short(formula))


def _is_scalar(v):
    return isinstance(v, (int, np.integer)) or (isinstance(v, np.ndarray) and v.ndim == 0)


def _checked(np_fn, py_fn, a, b, formula):
    """np_fn(a, b) with overflow detected: exact Python ints for scalars; for grids the same
    operation in float64 (relative error 1e-16) flags any result beyond the bound."""
    if _is_scalar(a) and _is_scalar(b):
        r = py_fn(int(a), int(b))
        if abs(r) > BOUND:
            raise _overflow(formula)
        return np.int64(r)
    approx = np_fn(np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64))
    if np.any(np.abs(approx) > BOUND):
        raise _overflow(formula)
    return np_fn(a, b)


def _as_arrays(*values):
    return [np.asarray(v, dtype=np.int64) for v in values]


def _check_divisor(b, formula):
    if np.any(np.asarray(b) == 0):
        raise FormulaError("division by zero in formula %r" % short(formula))


def _floor_div(a, b, formula):
    _check_divisor(b, formula)
    return np.floor_divide(a, b)


def _ceil_div(a, b, formula):
    _check_divisor(b, formula)
    return -np.floor_divide(np.negative(a), b)


def _trunc_div(a, b, formula):
    _check_divisor(b, formula)
    a, b = _as_arrays(a, b)
    q = np.abs(a) // np.abs(b)
    return np.where((a < 0) != (b < 0), -q, q)


def _mod(a, b, formula):
    _check_divisor(b, formula)
    return np.mod(a, b)


def _reduce(fn, args, formula, name):
    if not args:
        raise FormulaError("%s() needs at least one argument in formula %r"
                           % (name, short(formula)))
    out = args[0]
    for a in args[1:]:
        out = fn(out, a)
    return out


FUNCTIONS = {
    "ceil_div": (2, lambda args, f: _ceil_div(args[0], args[1], f)),
    "floor_div": (2, lambda args, f: _floor_div(args[0], args[1], f)),
    "trunc_div": (2, lambda args, f: _trunc_div(args[0], args[1], f)),
    "max": (None, lambda args, f: _reduce(np.maximum, args, f, "max")),
    "min": (None, lambda args, f: _reduce(np.minimum, args, f, "min")),
    "abs": (1, lambda args, f: _checked(lambda x, _: np.abs(x), lambda x, _: abs(x),
                                        args[0], 0, f)),
}

_BINOPS = {
    ast.Add: lambda a, b, f: _checked(np.add, lambda x, y: x + y, a, b, f),
    ast.Sub: lambda a, b, f: _checked(np.subtract, lambda x, y: x - y, a, b, f),
    ast.Mult: lambda a, b, f: _checked(np.multiply, lambda x, y: x * y, a, b, f),
    ast.FloorDiv: _floor_div,
    ast.Mod: _mod,
    ast.Pow: lambda a, b, f: _power(a, b, f),
}

_COMPARE = {
    ast.Eq: np.equal, ast.NotEq: np.not_equal, ast.Lt: np.less,
    ast.LtE: np.less_equal, ast.Gt: np.greater, ast.GtE: np.greater_equal,
}


def _power(a, b, formula):
    if np.any(np.asarray(b) < 0) or np.any(np.asarray(b) > 62):
        raise FormulaError("exponent out of range 0..62 in formula %r" % short(formula))
    return _checked(np.power, lambda x, y: x ** y, np.asarray(a, dtype=np.int64), b, formula)


def _check_depth(tree, text):
    """Iterative depth check, before any recursive walk of the tree."""
    stack = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise FormulaError("formula nested deeper than %d levels: %r"
                               % (MAX_DEPTH, short(text)))
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))


class Formula:
    """A parsed formula; `names` lists the variables it reads."""

    __slots__ = ("text", "tree", "names")

    def __init__(self, text):
        if isinstance(text, bool):
            text = "true" if text else "false"
        if isinstance(text, int):
            text = str(text)
        if not isinstance(text, str):
            raise FormulaError("a formula must be a string or an integer, got %r" % (short(text),))
        self.text = text
        if len(text) > MAX_CHARS:
            raise FormulaError("formula longer than %d characters: %r" % (MAX_CHARS, short(text)))
        try:
            tree = ast.parse(text.strip(), mode="eval")
        except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
            raise FormulaError("cannot parse formula %r: %s"
                               % (short(text), getattr(exc, "msg", None) or type(exc).__name__))
        self.tree = tree.body
        _check_depth(self.tree, text)
        self.names = set()
        self._check(self.tree)

    def _check(self, node):
        """Reject anything outside the allow-list at parse time, so errors surface on load."""
        if isinstance(node, ast.Constant):
            if isinstance(node.value, bool) or not isinstance(node.value, int):
                raise FormulaError("only integer literals are allowed in formula %r"
                                   % short(self.text))
            if abs(node.value) > LITERAL_BOUND:
                raise FormulaError("integer literal beyond 2**62 in formula %r"
                                   % short(self.text))
        elif isinstance(node, ast.Name):
            if node.id not in _CONSTANTS:
                self.names.add(node.id)
        elif isinstance(node, ast.BinOp):
            if type(node.op) not in _BINOPS:
                raise FormulaError("operator %s is not allowed in formula %r (use // or ceil_div)"
                                   % (type(node.op).__name__, short(self.text)))
            self._check(node.left)
            self._check(node.right)
        elif isinstance(node, ast.UnaryOp):
            if not isinstance(node.op, (ast.USub, ast.UAdd, ast.Not)):
                raise FormulaError("unary %s is not allowed in formula %r"
                                   % (type(node.op).__name__, short(self.text)))
            self._check(node.operand)
        elif isinstance(node, ast.BoolOp):
            for v in node.values:
                self._check(v)
        elif isinstance(node, ast.Compare):
            for op in node.ops:
                if type(op) not in _COMPARE:
                    raise FormulaError("comparison %s is not allowed in formula %r"
                                       % (type(op).__name__, short(self.text)))
            self._check(node.left)
            for c in node.comparators:
                self._check(c)
        elif isinstance(node, ast.IfExp):
            self._check(node.test)
            self._check(node.body)
            self._check(node.orelse)
        elif isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
                raise FormulaError("unknown function in formula %r (allowed: %s)"
                                   % (short(self.text), ", ".join(sorted(FUNCTIONS))))
            if node.keywords:
                raise FormulaError("keyword arguments are not allowed in formula %r"
                                   % short(self.text))
            arity = FUNCTIONS[node.func.id][0]
            if arity is not None and len(node.args) != arity:
                raise FormulaError("%s() takes %d arguments in formula %r"
                                   % (node.func.id, arity, short(self.text)))
            for a in node.args:
                self._check(a)
        else:
            raise FormulaError("construct %s is not allowed in formula %r"
                               % (type(node).__name__, short(self.text)))

    def __call__(self, env):
        return _eval(self.tree, env, self.text)

    def __repr__(self):
        return "Formula(%r)" % self.text


def _truth(v):
    return np.asarray(v) != 0


def _eval(node, env, text):
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        if node.id in _CONSTANTS:
            return _CONSTANTS[node.id]
        try:
            return env[node.id]
        except KeyError:
            raise FormulaError("unknown name %r in formula %r (known: %s)"
                               % (node.id, short(text), ", ".join(sorted(env))))
    if isinstance(node, ast.BinOp):
        a = _eval(node.left, env, text)
        b = _eval(node.right, env, text)
        return _BINOPS[type(node.op)](a, b, text)
    if isinstance(node, ast.UnaryOp):
        v = _eval(node.operand, env, text)
        if isinstance(node.op, ast.USub):
            return _checked(lambda x, _: np.negative(x), lambda x, _: -x, v, 0, text)
        if isinstance(node.op, ast.UAdd):
            return v
        return (~_truth(v)).astype(np.int64)
    if isinstance(node, ast.BoolOp):
        # Both sides are evaluated (grids have no short circuit); guard divisions with max(.., 1).
        vals = [_truth(_eval(v, env, text)) for v in node.values]
        fn = np.logical_and if isinstance(node.op, ast.And) else np.logical_or
        return _reduce(fn, vals, text, "and/or").astype(np.int64)
    if isinstance(node, ast.Compare):
        left = _eval(node.left, env, text)
        result = None
        for op, comp in zip(node.ops, node.comparators):
            right = _eval(comp, env, text)
            r = _COMPARE[type(op)](left, right)
            result = r if result is None else np.logical_and(result, r)
            left = right
        return np.asarray(result).astype(np.int64)
    if isinstance(node, ast.IfExp):
        test = _truth(_eval(node.test, env, text))
        if test.ndim == 0:  # scalar: evaluate only the branch taken
            return _eval(node.body if test else node.orelse, env, text)
        return np.where(test, _eval(node.body, env, text), _eval(node.orelse, env, text))
    if isinstance(node, ast.Call):
        args = [_eval(a, env, text) for a in node.args]
        return FUNCTIONS[node.func.id][1](args, text)
    raise FormulaError("cannot evaluate %r" % text)  # unreachable: _check rejects it


def evaluate(text, env):
    """Parse and evaluate in one step (convenience for tests and the CLI)."""
    return Formula(text)(env)
