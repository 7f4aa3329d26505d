"""`padvec port --from SYSTEM:PADDING --to SYSTEM`: a code recipe that makes the target system
reproduce the source convention with explicit padding (and crop / divisor emulation).

The recipe embeds the source spec's own formulas (they are Python expression syntax), so the
pads are computed from the real input length at run time: TF-style SAME at stride > 1 depends
on n % s, and no constant pad can reproduce it for every input.
"""
import ast
import keyword
import re

from .diff import parse_label
from .errors import SpecError

TARGETS = ("pytorch", "jax", "tensorflow")
OPS = ("conv", "conv_transpose", "max_pool", "avg_pool")

_PRELUDE = '''def ceil_div(a, b):
    return -(-a // b)


def floor_div(a, b):
    return a // b


def trunc_div(a, b):
    q = abs(a) // abs(b)
    return -q if (a < 0) != (b < 0) else q
'''


_LITERALS = {"true": True, "false": False, "none": None}
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")


class _Literals(ast.NodeTransformer):
    def visit_Name(self, node):
        if node.id in _LITERALS:
            return ast.copy_location(ast.Constant(_LITERALS[node.id]), node)
        return node


def _py_expr(formula):
    """Python source of an already-validated formula, re-printed from its AST (never its raw
    text), so a spec's spelling cannot smuggle code into the recipe."""
    return ast.unparse(_Literals().visit(ast.parse(formula.text.strip(), mode="eval")).body)


def _ident(name, what):
    """A name the recipe uses as a Python variable: identifiers only."""
    if not isinstance(name, str) or not _IDENT.match(name) or keyword.iskeyword(name):
        raise SpecError("%s %r is not a Python identifier: port cannot emit it" % (what, name))
    return name


def _comment(text):
    """One comment line's text: quoted, so a newline or quote in a name stays inside it."""
    return repr(str(text))[1:-1]


def rule_function(spec, op_name, pname):
    """Python source of `source_split(n, k, s, d, ...)` -> (before, after, out) for one axis,
    plus the documented rejections as ValueErrors."""
    op = spec.ops[op_name]
    padding = op.paddings[pname]
    if padding.args:
        raise SpecError("%s:%s takes explicit pads already: port an automatic padding" %
                        (spec.id, pname))
    opts = dict(op.options)
    opts.update(padding.options or {})
    defaults = {k: v[0] for k, v in opts.items()}
    lines = ["def source_split(n, k, s, d, smax=None, dmax=None, kmax=None, smin=None, rank=1):",
             "    %s" % repr("%s %s %s, per axis: (before, after, out).  From spec/%s.yaml."
                             % (spec.id, op_name, pname, spec.id)),
             "    smax = s if smax is None else smax",
             "    dmax = d if dmax is None else dmax",
             "    kmax = k if kmax is None else kmax",
             "    smin = s if smin is None else smin",
             "    keff = (k - 1) * d + 1"]
    for name, value in defaults.items():
        if isinstance(value, str):
            raise SpecError("%s:%s option %s is a per-case formula (%s): port needs a value"
                            % (spec.id, pname, name, value))
        if not isinstance(value, (bool, int, type(None))):
            raise SpecError("%s:%s option %s has a non-integer default %r"
                            % (spec.id, pname, name, value))
        lines.append("    %s = %r  # option default" % (_ident(name, "option"), value))
    for name, f in padding.rule.formulas:
        lines.append("    %s = %s" % (_ident(name, "rule variable"), _py_expr(f)))
    for r in list(padding.rejects) + list(op.rejects):
        if r.paddings and pname not in r.paddings:
            continue
        if r.certainty == "must":
            lines.append("    if %s:" % _py_expr(r.when))
            lines.append("        raise ValueError(%r)" % ("%s rejects this: %s" % (spec.id,
                                                                                  r.error)))
    lines.append("    return before, after, out")
    flip = op.flip_kernel(defaults) if op.flip_kernel is not None else False
    divisor = padding.rule.divisor
    if isinstance(divisor, dict):
        divisor = divisor["true"] if defaults.get(divisor["option"]) else divisor["false"]
    return "\n".join(lines) + "\n", bool(flip), divisor


def recipe(source, target, op_name, rank=None):
    """(code, notes): a self-contained snippet defining `ported(x, w_or_window, stride,
    dilation)` on the target's channels-first (torch) / channels-last (tf) / NC* (jax) arrays."""
    from .explainer import find_spec
    sname, pname = parse_label(source)
    if target not in TARGETS:
        raise SpecError("port targets: %s (got %r)" % (", ".join(TARGETS), target))
    if op_name not in OPS:
        raise SpecError("unknown op %r" % op_name)
    spec = find_spec(sname)
    if op_name not in spec.ops or pname not in spec.ops[op_name].paddings:
        raise SpecError("%s has no %s padding %r" % (sname, op_name, pname))
    func, flip, divisor = rule_function(spec, op_name, pname)
    notes = []
    body = _TARGET_BODIES[target](op_name, flip, divisor, notes)
    code = "\n".join(["# padvec port: %s %s -> %s (generated by `padvec port`)"
                      % (_comment(source), op_name, target), _IMPORTS[target], "", _PRELUDE, "",
                      func, "", body])
    return code, notes


_IMPORTS = {
    "pytorch": "import torch\nimport torch.nn.functional as F",
    "jax": "import jax\nimport jax.numpy as jnp\nfrom jax import lax",
    "tensorflow": "import tensorflow as tf",
}


def _splits_code(spatial_expr, kernel_expr):
    return ("    rank = len(stride)\n"
            "    n_all, k_all = list(%s), list(%s)\n"
            "    splits = [source_split(n_all[a], k_all[a], stride[a], dilation[a],\n"
            "                           max(stride), max(dilation), max(k_all), min(stride), rank)\n"
            "              for a in range(rank)]\n" % (spatial_expr, kernel_expr))


def _head(op, doc, spatial, kernel_shape):
    """`def ported(...)` with its docstring and the per-axis source splits."""
    has_kernel = op in ("conv", "conv_transpose")
    sig = "def ported(x, w, stride, dilation):" if has_kernel else \
        "def ported(x, window, stride, dilation):"
    return "%s\n    \"\"\"%s\"\"\"\n%s" % (sig, doc, _splits_code(
        spatial, kernel_shape if has_kernel else "window"))


def _torch_body(op, flip, divisor, notes):
    code = _head(op, "x: (N, C, *spatial) torch tensor; returns what the source system "
                     "computes.", "x.shape[2:]", "w.shape[2:]")
    code += "    pad = [v for b, a, _ in reversed(splits) for v in (b, a)]  # F.pad: last dim first\n"
    conv = "F.conv%dd"
    if op == "conv":
        if flip:
            code += "    w = torch.flip(w, dims=list(range(2, w.dim())))  # source is a true convolution\n"
        code += ("    y = getattr(F, 'conv%dd' % rank)(F.pad(x, pad), w, stride=stride, dilation=dilation)\n"
                 "    return y\n")
        notes.append("asymmetric padding: F.pad(x, pads) then conv with padding=0 (torch's own "
                     "padding= is symmetric and 'same' refuses strides)")
    elif op == "max_pool":
        code += ("    xp = F.pad(x, pad, value=float('-inf'))  # padding never wins\n"
                 "    return getattr(F, 'max_pool%dd' % rank)(xp, list(window), stride, 0, dilation)\n")
        notes.append("max pool: pad with -inf via F.pad, then max_pool with padding=0")
    elif op == "avg_pool":
        if divisor == "exclude_pad":
            code += ("    # The divisor counts only real cells: torch's count_include_pad=False applies to\n"
                     "    # its own symmetric padding only, so sum and count with two convolutions.\n"
                     "    ones = torch.ones((1, 1) + tuple(window), dtype=x.dtype)\n"
                     "    conv = getattr(F, 'conv%dd' % rank)\n"
                     "    c = x.shape[1]\n"
                     "    sums = conv(F.pad(x, pad), ones.expand((c, 1) + tuple(window)), stride=stride,\n"
                     "                dilation=dilation, groups=c)\n"
                     "    counts = conv(F.pad(torch.ones_like(x[:, :1]), pad), ones, stride=stride,\n"
                     "                  dilation=dilation)\n"
                     "    return sums / counts\n")
            notes.append("avg pool excluding padding from the divisor cannot be expressed with "
                         "torch's avg_pool arguments when the padding is asymmetric: emulated "
                         "as window sums / window counts (two grouped convolutions)")
        elif divisor == "include_pad":
            code += ("    if any(d != 1 for d in dilation):\n"
                     "        raise ValueError('torch avg_pool has no dilation')\n"
                     "    return getattr(F, 'avg_pool%dd' % rank)(F.pad(x, pad), list(window), stride, 0)\n")
            notes.append("avg pool counting padding: zero F.pad then avg_pool (padding counted)")
        else:
            code += ("    if any(d != 1 for d in dilation):\n"
                     "        raise ValueError('torch avg_pool has no dilation')\n"
                     "    y = getattr(F, 'avg_pool%dd' % rank)(F.pad(x, pad), list(window), stride, 0)\n"
                     "    return y\n")
    else:  # conv_transpose: full output, then crop (negative crop = zero-extend)
        if flip:
            code += "    w = torch.flip(w, dims=list(range(2, w.dim())))\n"
        code += ("    full = getattr(F, 'conv_transpose%dd' % rank)(x, w, stride=stride, dilation=dilation)\n"
                 "    crop = [v for b, a, _ in reversed(splits) for v in (-b, -a)]\n"
                 "    return F.pad(full, crop)  # negative pads crop, positive extend with zeros\n")
        notes.append("transposed conv: padding=0, then crop (before, after) from the full output "
                     "with F.pad and negative amounts; output_padding is never needed")
    del conv
    return code


def _jax_body(op, flip, divisor, notes):
    code = _head(op, "x: (N, C, *spatial) array; returns what the source system computes.",
                 "x.shape[2:]", "w.shape[2:]")
    code += "    pairs = [(b, a) for b, a, _ in splits]\n"
    if op == "conv":
        if flip:
            code += "    w = jnp.flip(w, axis=tuple(range(2, w.ndim)))\n"
        code += ("    return lax.conv_general_dilated(x, w, stride, pairs, rhs_dilation=dilation)\n")
        notes.append("explicit (low, high) pairs go straight to conv_general_dilated")
    elif op == "max_pool":
        code += ("    return lax.reduce_window(x, -jnp.inf, lax.max, (1, 1) + tuple(window),\n"
                 "                             (1, 1) + tuple(stride), [(0, 0), (0, 0)] + pairs,\n"
                 "                             window_dilation=(1, 1) + tuple(dilation))\n")
    elif op == "avg_pool":
        code += ("    args = ((1, 1) + tuple(window), (1, 1) + tuple(stride), [(0, 0), (0, 0)] + pairs)\n"
                 "    kw = dict(window_dilation=(1, 1) + tuple(dilation))\n"
                 "    sums = lax.reduce_window(x, 0.0, lax.add, *args, **kw)\n")
        if divisor == "exclude_pad":
            code += ("    counts = lax.reduce_window(jnp.ones_like(x), 0.0, lax.add, *args, **kw)\n"
                     "    return sums / counts\n")
        elif divisor == "include_pad":
            code += ("    padded = [(0, 0), (0, 0)] + pairs\n"
                     "    ones = jnp.pad(jnp.ones_like(x), padded)  # padding counted, overhang not\n"
                     "    counts = lax.reduce_window(ones, 0.0, lax.add, args[0], args[1],\n"
                     "                               [(0, 0)] * x.ndim, **kw)\n"
                     "    return sums / counts\n")
        else:
            code += "    return sums / float(jnp.prod(jnp.array(window)))\n"
    else:
        if flip:
            code += "    w = jnp.flip(w, axis=tuple(range(2, w.ndim)))\n"
        code += ("    k = w.shape[2:]\n"
                 "    keff = [(k[a] - 1) * dilation[a] + 1 for a in range(rank)]\n"
                 "    # gradient-of-correlation orientation: lhs-dilated input, flipped kernel,\n"
                 "    # full padding keff-1 minus the crop on each side.\n"
                 "    pads = [(keff[a] - 1 - splits[a][0], keff[a] - 1 - splits[a][1]) for a in range(rank)]\n"
                 "    wf = jnp.flip(w, axis=tuple(range(2, w.ndim)))\n"
                 "    return lax.conv_general_dilated(x, wf, (1,) * rank, pads, lhs_dilation=stride,\n"
                 "                                    rhs_dilation=dilation)\n")
    return code


def _tf_body(op, flip, divisor, notes):
    code = _head(op, "x: (N, *spatial, C) tensor (channels last); w: (*k, in, out). Returns "
                     "what the source system computes.", "x.shape[1:-1]", "w.shape[:-2]")
    code += "    paddings = [[0, 0]] + [[b, a] for b, a, _ in splits] + [[0, 0]]\n"
    if op == "conv":
        if flip:
            code += "    w = tf.reverse(w, axis=list(range(rank)))\n"
        code += ("    if any(b < 0 or a < 0 for b, a, _ in splits):\n"
                 "        raise ValueError('negative pads (crops) are not expressible in tf.pad')\n"
                 "    return tf.nn.convolution(tf.pad(x, paddings), w, strides=stride, padding='VALID',\n"
                 "                             dilations=dilation)\n")
        notes.append("tf.pad then VALID (explicit padding lists exist only for conv2d)")
    elif op == "max_pool":
        code += ("    xp = tf.pad(x, paddings, constant_values=float('-inf'))\n"
                 "    return tf.nn.pool(xp, window, 'MAX', strides=stride, padding='VALID',\n"
                 "                      dilations=dilation)\n")
    elif op == "avg_pool":
        if divisor == "exclude_pad":
            code += ("    ones = tf.ones_like(x[..., :1])\n"
                     "    sums = tf.nn.pool(tf.pad(x, paddings), window, 'AVG', strides=stride,\n"
                     "                      padding='VALID', dilations=dilation)\n"
                     "    cnt = tf.nn.pool(tf.pad(ones, paddings), window, 'AVG', strides=stride,\n"
                     "                     padding='VALID', dilations=dilation)\n"
                     "    return sums / cnt\n")
            notes.append("exclude-padding divisor as avg(padded x) / avg(padded ones)")
        else:
            code += ("    return tf.nn.pool(tf.pad(x, paddings), window, 'AVG', strides=stride,\n"
                     "                      padding='VALID', dilations=dilation)\n")
    else:
        notes.append("tf.nn.conv_transpose needs output_shape = full - before - after and then "
                     "uses its own SAME/VALID crop: not expressible for arbitrary crops; the "
                     "recipe computes the full (VALID) output and slices it")
        if flip:
            code += "    w = tf.reverse(w, axis=list(range(rank)))\n"
        code += ("    n = x.shape[1:-1]; k = w.shape[:-2]\n"
                 "    full = [(n[a] - 1) * stride[a] + (k[a] - 1) * dilation[a] + 1 for a in range(rank)]\n"
                 "    y = tf.nn.conv_transpose(x, w, [x.shape[0]] + full + [w.shape[-2]], stride,\n"
                 "                             padding='VALID', dilations=dilation)\n"
                 "    y = tf.pad(y, [[0, 0]] + [[max(-b, 0), max(-a, 0)] for b, a, _ in splits] + [[0, 0]])\n"
                 "    sl = [slice(None)] + [slice(max(b, 0), max(b, 0) + o) for b, a, o in splits] + [slice(None)]\n"
                 "    return y[tuple(sl)]\n")
    return code


_TARGET_BODIES = {"pytorch": _torch_body, "jax": _jax_body, "tensorflow": _tf_body}


def split_table(source, op_name, kernel, stride, dilation=1, lengths=range(1, 13)):
    """Human summary: the pads the source applies for a few input lengths."""
    from .explainer import explain, find_spec
    sname, pname = parse_label(source)
    spec = find_spec(sname)
    rows = []
    for n in lengths:
        r = explain(spec, op=op_name, padding=pname, input=[n], kernel=[kernel],
                    stride=[stride], dilation=[dilation])
        rows.append((n, "rejected" if r["rejected"] else "pads %s out %s" % (r["pads"][0],
                                                                             r["output_shape"][0])))
    return rows
