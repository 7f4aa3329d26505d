"""The input boundary: every CLI argument and public-API parameter is checked here, where it
enters, before any spec formula sees it. A bad value raises InputError naming the parameter
(the CLI turns the name into its flag, exit 2); it is never reported as a spec error.
"""
import os
import re

MAX_RANK = 3
# Far above any real layer, small enough that a picture, a grid or a reference stays cheap.
LIMITS = {"input": 100_000, "kernel": 10_000, "stride": 10_000, "dilation": 10_000,
          "pads": 100_000, "output_padding": 10_000, "output_shape": 1_000_000}
MAX_GRID = 5_000_000        # configurations one `diff` sweep may evaluate
MAX_TEXT = 1_000            # characters in one numeric argument
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.+-]{0,63}$")
_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


class InputError(ValueError):
    """A bad argument: `name` is the parameter (CLI: its flag), `message` says what is allowed."""

    def __init__(self, name, message):
        self.name = name
        self.message = message
        super().__init__("%s: %s" % (name, message))


# ---- text (CLI) -> values -----------------------------------------------------------------

def _text(name, text):
    if len(text) > MAX_TEXT:
        raise InputError(name, "longer than %d characters" % MAX_TEXT)
    return text


def parse_int(name, text):
    text = _text(name, str(text)).strip()
    if not re.fullmatch(r"[+-]?\d{1,19}", text):
        raise InputError(name, "not an integer: %r" % _short(text))
    return int(text)


def parse_ints(name, text):
    """'3' or '3,4' -> [3] / [3, 4]; None stays None."""
    if text is None:
        return None
    return [parse_int(name, v) for v in _text(name, text).split(",")]


def parse_pads(name, text):
    """'B,A[;B,A...]' -> [[B, A], ...]."""
    if text is None:
        return None
    out = []
    for axis in _text(name, text).split(";"):
        pair = parse_ints(name, axis)
        if len(pair) != 2:
            raise InputError(name, "each axis is BEFORE,AFTER; got %r" % _short(axis))
        out.append(pair)
    return out


def parse_bool(name, text):
    if text is None:
        return None
    low = str(text).strip().lower()
    if low in _TRUE:
        return True
    if low in _FALSE:
        return False
    raise InputError(name, "must be true or false (1/0, yes/no), got %r" % _short(text))


def parse_ranges(name, text):
    """'n=1..64 k=1..8' -> {"n": (1, 64), "k": (1, 8)}; only n, k, s, d; lo <= hi, lo >= 1."""
    out = {}
    for part in _text(name, text or "").split():
        var, eq, span = part.partition("=")
        if var not in ("n", "k", "s", "d") or not eq:
            raise InputError(name, "expected n=LO..HI, k=.., s=.., d=..; got %r" % _short(part))
        lo, _, hi = span.partition("..")
        lo, hi = parse_int(name, lo), parse_int(name, hi or lo)
        limit = LIMITS[{"n": "input", "k": "kernel", "s": "stride", "d": "dilation"}[var]]
        if not 1 <= lo <= hi <= limit:
            raise InputError(name, "%s range must satisfy 1 <= LO <= HI <= %d, got %d..%d"
                             % (var, limit, lo, hi))
        out[var] = (lo, hi)
    return out


def _short(text, n=40):
    text = str(text)
    return text if len(text) <= n else text[:n] + "..."


# ---- values -> checked values (CLI and API) -----------------------------------------------

def check_rank(name, rank):
    if isinstance(rank, bool) or not isinstance(rank, int) or not 1 <= rank <= MAX_RANK:
        raise InputError(name, "rank must be 1..%d, got %r" % (MAX_RANK, _short(rank)))
    return rank


def _int(name, v):
    if isinstance(v, bool) or not isinstance(v, int):
        try:
            import numpy as np
            if isinstance(v, np.integer):
                return int(v)
        except ImportError:  # pragma: no cover
            pass
        raise InputError(name, "must be an integer, got %r" % _short(v))
    return v


def sizes(name, values, rank, low=1, default=None):
    """A per-axis list of `rank` integers in [low, LIMITS[name]]; one value means every axis."""
    if values is None:
        if default is None:
            raise InputError(name, "is required")
        return [default] * rank
    values = list(values) if isinstance(values, (list, tuple)) else [values]
    if len(values) == 1:
        values = values * rank
    if len(values) != rank:
        raise InputError(name, "has %d values for a rank-%d input (the rank comes from input)"
                         % (len(values), rank))
    limit = LIMITS[name]
    out = []
    for v in values:
        v = _int(name, v)
        if not low <= v <= limit:
            raise InputError(name, "must be %d..%d, got %d" % (low, limit, v))
        out.append(v)
    return out


def pads(name, values, rank):
    if values is None:
        return None
    if not isinstance(values, (list, tuple)) or len(values) != rank:
        raise InputError(name, "needs one [before, after] pair per axis (%d), got %r"
                         % (rank, _short(values)))
    out = []
    for pair in values:
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            raise InputError(name, "each axis is [before, after], got %r" % _short(pair))
        b, a = (_int(name, v) for v in pair)
        if max(abs(b), abs(a)) > LIMITS[name]:
            raise InputError(name, "a pad must be within -%d..%d" % (LIMITS[name], LIMITS[name]))
        out.append([b, a])
    return out


def rank_of(name, input):
    if isinstance(input, (list, tuple)):
        if not input:
            raise InputError(name, "needs at least one axis")
        return check_rank(name, len(input))
    return 1


def grid_volume(name, ranges, rank):
    """Refuse a sweep whose configuration count (per axis product, to the rank) is too big."""
    per_axis = 1
    for lo, hi in ranges.values():
        per_axis *= hi - lo + 1
    total = per_axis ** rank
    if total > MAX_GRID:
        raise InputError(name, "%d configurations (rank %d) exceed the limit of %d: narrow the "
                         "ranges or lower --rank" % (total, rank, MAX_GRID))
    return total


# ---- names ---------------------------------------------------------------------------------

def known_systems(spec_directory):
    return sorted(f[:-5] for f in os.listdir(spec_directory)
                  if f.endswith(".yaml") and not f.startswith("."))


def system_name(name, value, spec_directory):
    """A system id that has a spec; path-like or odd names are refused before touching a file."""
    if not isinstance(value, str) or not _NAME.match(value) or value in (".", ".."):
        raise InputError(name, "not a system name: %r (a name like tensorflow, no paths)"
                         % _short(value))
    known = known_systems(spec_directory)
    if value not in known:
        raise InputError(name, "unknown system %r (known: %s)" % (value, ", ".join(known)))
    return value


def vector_path(system, op, root):
    """vectors/<system>/<op>.json for checked names (no path can be smuggled in)."""
    from .spec import OPS
    if not isinstance(system, str) or not _NAME.match(system) or system in (".", ".."):
        raise InputError("system", "not a system name: %r" % _short(system))
    if op not in OPS:
        raise InputError("op", "unknown op %r (ops: %s)" % (_short(op), ", ".join(OPS)))
    return os.path.join(root, "vectors", system, op + ".json")


def op_name(name, spec, op):
    if not isinstance(op, str) or op not in spec.ops:
        raise InputError(name, "%s has no op %r (has: %s)" % (spec.id, _short(op),
                                                              ", ".join(spec.ops)))
    return op


def padding_name(name, spec, op, padding):
    sop = spec.ops[op]
    if not isinstance(padding, str) or padding not in sop.paddings:
        raise InputError(name, "%s %s has no padding %r (has: %s)"
                         % (spec.id, op, _short(padding), ", ".join(sop.paddings)))
    return padding


def option_values(spec, op, padding, options, rank):
    """Options the op/padding declares, each checked against the kind of its declared values."""
    sop = spec.ops[op]
    declared = dict(sop.options)
    declared.update(sop.paddings[padding].options or {})
    out = {}
    for key, value in options.items():
        if value is None:
            continue
        if key not in declared:
            raise InputError(key, "%s %s padding %s has no option %s (has: %s)"
                             % (spec.id, op, padding, key, ", ".join(declared) or "none"))
        kinds = declared[key] if isinstance(declared[key], list) else [declared[key]]
        out[key] = _option_value(key, value, kinds, rank)
    return out


def _option_value(key, value, kinds, rank):
    """Type-check one option against its declared values: flags, integer choices, or (where a
    declared value is a formula) any bounded integer, scalar or per axis."""
    concrete = [k for k in kinds if k is not None and not isinstance(k, str)]
    if concrete and all(isinstance(k, bool) for k in concrete):
        if isinstance(value, bool) or (isinstance(value, int) and value in (0, 1)):
            return bool(value)
        raise InputError(key, "must be true or false, got %r" % _short(value))
    if isinstance(value, bool):
        value = int(value)
    if key in LIMITS or any(isinstance(k, str) for k in kinds):
        low = 0 if key == "output_shape" else -LIMITS.get(key, 10_000)   # 0: a real (rejected) request
        if key == "output_padding":
            low = 0
        LIMITS.setdefault(key, 10_000)
        checked = sizes(key, value, rank, low=low)
        return checked if isinstance(value, (list, tuple)) else checked[0]
    if not any(type(value) is type(k) and value == k for k in concrete):
        raise InputError(key, "must be one of %s, got %r" % (", ".join(map(str, concrete)),
                                                            _short(value)))
    return value


def explain_args(system, op, padding, input, kernel, stride, dilation, pads_, options):
    """Every explain() parameter checked; returns the spec and the normalised values."""
    from .spec import load_spec, spec_dir
    if isinstance(system, str):
        sdir = spec_dir()
        spec = load_spec(os.path.join(sdir, system_name("system", system, sdir) + ".yaml"))
    elif hasattr(system, "ops") and hasattr(system, "id"):
        spec = system
    else:
        raise InputError("system", "a system name or a loaded spec, got %r" % _short(system))
    op = op_name("op", spec, op)
    padding = padding_name("padding", spec, op, padding)
    rank = rank_of("input", input)
    if spec.ops[op].ranks and rank not in spec.ops[op].ranks:
        raise InputError("input", "%s %s takes rank %s inputs, got rank %d"
                         % (spec.id, op, "/".join(map(str, spec.ops[op].ranks)), rank))
    geometry = {"n": sizes("input", input, rank), "k": sizes("kernel", kernel, rank),
                "s": sizes("stride", stride, rank, default=1),
                "d": sizes("dilation", dilation, rank, default=1)}
    checked_pads = pads("pads", pads_, rank)
    p = spec.ops[op].paddings[padding]
    if p.args and checked_pads is None:
        raise InputError("pads", "padding %r needs explicit pads (--pads B,A[;B,A...])" % padding)
    if not p.args and checked_pads is not None:
        raise InputError("pads", "padding %r computes its own pads; pads are only for %s"
                         % (padding, ", ".join(n for n, q in spec.ops[op].paddings.items()
                                               if q.args) or "no padding of this op"))
    return spec, op, padding, geometry, checked_pads, option_values(
        spec, op, padding, _resolve_formulas(options, geometry, checked_pads), rank)


def _resolve_formulas(options, geometry, pads_):
    """An option given as a formula (`anchor="k - 1"`, as specs write them) becomes the per-axis
    integers it gives this configuration; a bad formula names the option."""
    if not any(isinstance(v, str) for v in options.values()):
        return options
    from .convention import resolve_options
    from .errors import FormulaError, SpecError
    out = dict(options)
    for key, value in options.items():
        if isinstance(value, str):
            try:
                out[key] = resolve_options({key: value}, geometry, pads_)[key]
            except (FormulaError, SpecError) as exc:
                raise InputError(key, "formula %r: %s" % (_short(value),
                                                         getattr(exc, "message", exc)))
    return out

