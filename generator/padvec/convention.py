"""Apply one system's rule to one configuration: pads, output shape, or the rejection.

This is the only place where spec formulas meet concrete parameters; everything downstream
(reference, cases, explain, diff) works from the Outcome it returns.
"""
import numpy as np

from .errors import FormulaError, SpecError
from .formula import NONE, Formula
from .spec import MAX_EXTENT


class Outcome:
    """What a system does with one configuration."""

    __slots__ = ("result", "pads", "out", "exception", "error", "flip", "divisor", "pad_value",
                 "source", "empty_window", "_key")

    def __init__(self, result, pads=None, out=None, exception=None, error=None, flip=False,
                 divisor=None, pad_value=None, source=None, empty_window=None):
        self.result = result          # valid | rejected | acceptable
        self.pads = pads              # [[before, after], ...]
        self.out = out                # [len, ...]
        self.exception = exception
        self.error = error
        self.flip = flip
        self.divisor = divisor
        self.pad_value = pad_value
        self.source = source
        self.empty_window = empty_window
        self._key = None

    @property
    def computes(self):
        return self.result in ("valid", "acceptable")

    def key(self):
        # Outcomes are not mutated once built and compared; cache the tuple.
        if self._key is None:
            self._key = self._make_key()
        return self._key

    def _make_key(self):
        return (self.result, tuple(map(tuple, self.pads or ())), tuple(self.out or ()),
                self.flip, self.divisor, self.pad_value, self.empty_window)


def _option_value(value, env, where):
    """Spec option values: bool/int/null as given, or a formula string evaluated per axis."""
    if value is None:
        return NONE
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, list):
        return value  # per-axis list, resolved by the caller
    try:
        return int(Formula(value)(env))
    except FormulaError as exc:
        raise SpecError("%s (option value %r)" % (exc.message, value), key=where)


def axis_envs(geometry, options, pads=None):
    """One formula environment per axis.  geometry: dict n,k,s,d -> per-axis lists."""
    rank = len(geometry["n"])
    n, k, s, d = (geometry[x] for x in ("n", "k", "s", "d"))
    keff = [(k[a] - 1) * d[a] + 1 for a in range(rank)]
    common = {"rank": rank, "smax": max(s), "smin": min(s), "dmax": max(d), "dmin": min(d),
              "kmax": max(k), "kmin": min(k)}
    for a in range(rank):   # every axis by index: n0, k1, s2, keff0 ... (cross-axis rules)
        for name, vals in (("n", n), ("k", k), ("s", s), ("d", d), ("keff", keff)):
            common["%s%d" % (name, a)] = vals[a]
    # Explicit pads and per-axis options by index too (pad_before1, output_padding0 ...): a
    # deviation may hold only while every axis stays computable.
    if pads is not None:
        for a in range(rank):
            common["pad_before%d" % a], common["pad_after%d" % a] = pads[a]
    for name, value in options.items():
        for a in range(rank):
            v = value[a] if isinstance(value, list) else value
            common["%s%d" % (name, a)] = NONE if v is None else int(v)
    envs = []
    for a in range(rank):
        env = dict(common, n=n[a], k=k[a], s=s[a], d=d[a], keff=keff[a], axis=a)
        if pads is not None:
            env["pad_before"], env["pad_after"] = pads[a]
            env["pad"] = pads[a][0]
        for name, value in options.items():
            v = value[a] if isinstance(value, list) else value
            env[name] = NONE if v is None else int(v)
        envs.append(env)
    return envs


_PARSED = {}


def _parsed(text):
    if text not in _PARSED:
        _PARSED[text] = Formula(text)
    return _PARSED[text]


def resolve_options(spec_options, geometry, pads=None):
    """Concrete option values for a case: formulas become per-axis integer lists (they may
    read the geometry and the explicit pads)."""
    if not any(isinstance(v, str) for v in spec_options.values()):
        return dict(spec_options)
    envs = axis_envs(geometry, {}, pads)
    out = {}
    for name, value in spec_options.items():
        if isinstance(value, str):
            out[name] = [int(_parsed(value)(e)) for e in envs]
        else:
            out[name] = value
    return out


def _any(formula, envs):
    return any(bool(np.asarray(formula(e)).item()) for e in envs)


def _rule_outcome(rule, envs, flip_formula, result="valid"):
    evaluated = [rule.evaluate(e) for e in envs]
    for v in evaluated:
        rule.check_extents(v)
    pads = [[int(v["before"]), int(v["after"])] for v in evaluated]
    out = [int(v["out"]) for v in evaluated]
    flip_f = rule.flip_kernel or flip_formula
    flip = bool(flip_f(envs[0])) if flip_f is not None else False
    return Outcome(result, pads, out, flip=flip, divisor=_divisor(rule.divisor, envs[0]),
                   pad_value=rule.pad_value, empty_window=rule.empty_window), evaluated


def _divisor(divisor, env):
    if divisor is None or isinstance(divisor, str):
        return divisor
    return divisor["true"] if env.get(divisor["option"], 0) else divisor["false"]


def apply(op, padding_name, geometry, options, pads=None):
    """Documented behaviour of `op` (a spec.Op) for one configuration."""
    padding = op.paddings[padding_name]
    envs = axis_envs(geometry, options, pads)
    outcome, evaluated = _rule_outcome(padding.rule, envs, op.flip_kernel)
    rank = len(envs)
    for r in list(padding.rejects) + list(op.rejects):
        if r.paddings and padding_name not in r.paddings:
            continue
        if r.ranks and rank not in r.ranks:
            continue
        if _any(r.when, evaluated):
            if r.certainty == "may":
                outcome.result = "acceptable"
                outcome.exception, outcome.error = r.exception, r.error
                continue
            return Outcome("rejected", exception=r.exception, error=r.error, source=r.source)
    if any(o < 0 for o in outcome.out):
        raise SpecError("rule of %s/%s gives a negative output length %s for %s and no reject "
                        "covers it" % (op.name, padding_name, outcome.out, geometry))
    return outcome


def deviations_for(spec, op, padding_name, geometry, options, pads=None, only=None):
    """Recorded deviations that apply here, each with the actual Outcome (`only`: the
    candidates a batched pre-check left, None = all)."""
    found = []
    envs = None
    for dev in (spec.deviations if only is None else only):
        if dev.op != op.name or (dev.paddings and padding_name not in dev.paddings):
            continue
        if envs is None:
            base = axis_envs(geometry, options, pads)
            envs = [op.paddings[padding_name].rule.evaluate(e) for e in base]
            fires = axis_rejects(op, padding_name, envs)
        if not np.any(deviation_holds(dev, envs, fires)):
            continue
        if dev.crash:
            actual = Outcome("crash", exception=dev.crash)
        elif dev.actual_rule is not None:
            actual, _ = _rule_outcome(dev.actual_rule, axis_envs(geometry, options, pads),
                                      op.flip_kernel)
            if dev.uninitialised:
                actual.result = "undefined_values"
            if actual.divisor is None:
                actual.divisor = _divisor(op.paddings[padding_name].rule.divisor, envs[0])
            if actual.pad_value is None:
                actual.pad_value = op.paddings[padding_name].rule.pad_value
            if actual.empty_window is None:
                actual.empty_window = op.paddings[padding_name].rule.empty_window
        else:
            exc, err = dev.actual_reject
            actual = Outcome("rejected", exception=exc or None, error=err or None)
        found.append((dev, actual))
    return found


def axis_rejects(op, padding_name, evaluated):
    """Per axis: does a documented (certain) rejection fire there? (bools or bool arrays)"""
    rank = len(evaluated)
    out = [False] * rank
    for r in list(op.paddings[padding_name].rejects) + list(op.rejects):
        if (r.paddings and padding_name not in r.paddings) or (r.ranks and rank not in r.ranks) \
                or r.certainty == "may":
            continue
        for a, ev in enumerate(evaluated):
            out[a] = out[a] | (np.asarray(r.when(ev)) != 0)
    return out


def deviation_holds(dev, evaluated, fires):
    """Does dev's `when` hold on any axis?  Its formula may read `rejected_elsewhere`: 1 when a
    documented rejection fires on an axis where the rest of the condition does not hold (the
    runtime raises that first, so a deviation of the computed result yields to it)."""
    names = dev.when.names if hasattr(dev.when, "names") else ()
    if "rejected_elsewhere" not in names:
        hold = [np.asarray(dev.when(ev)) != 0 for ev in evaluated]
    else:
        first = [np.asarray(dev.when(dict(ev, rejected_elsewhere=0))) != 0 for ev in evaluated]
        elsewhere = np.zeros_like(first[0])
        for a in range(len(evaluated)):
            elsewhere = elsewhere | (fires[a] & ~first[a])
        elsewhere = elsewhere.astype(np.int64)
        hold = [np.asarray(dev.when(dict(ev, rejected_elsewhere=elsewhere))) != 0
                for ev in evaluated]
    out = hold[0]
    for h in hold[1:]:
        out = out | h
    return out


# --- Batched evaluation: one formula pass over a whole list of configurations ---------------

def axis_envs_many(items):
    """Like axis_envs, but each variable is an int64 array over `items` (same rank, same
    option names): the formulas then run once for the whole grid."""
    geos = [it[0] for it in items]
    rank = len(geos[0]["n"])
    arr = lambda vals: np.asarray(vals, dtype=np.int64)
    common = {"rank": rank, "smax": arr([max(g["s"]) for g in geos]),
              "smin": arr([min(g["s"]) for g in geos]), "dmax": arr([max(g["d"]) for g in geos]),
              "dmin": arr([min(g["d"]) for g in geos]),
              "kmax": arr([max(g["k"]) for g in geos]), "kmin": arr([min(g["k"]) for g in geos])}
    for a in range(rank):
        for name in "nksd":
            common["%s%d" % (name, a)] = arr([g[name][a] for g in geos])
        common["keff%d" % a] = (common["k%d" % a] - 1) * common["d%d" % a] + 1
    names = list(items[0][1])
    for a in range(rank):   # indexed pads and options, as in axis_envs
        if items[0][2] is not None:
            common["pad_before%d" % a] = arr([it[2][a][0] for it in items])
            common["pad_after%d" % a] = arr([it[2][a][1] for it in items])
        for name in names:
            vals = []
            for it in items:
                v = it[1][name]
                v = v[a] if isinstance(v, list) else v
                vals.append(NONE if v is None else int(v))
            common["%s%d" % (name, a)] = arr(vals)
    envs = []
    for a in range(rank):
        env = dict(common, axis=a)   # this axis's columns are the indexed ones built above
        for x in ("n", "k", "s", "d", "keff"):
            env[x] = common["%s%d" % (x, a)]
        if items[0][2] is not None:
            env["pad_before"] = env["pad"] = common["pad_before%d" % a]
            env["pad_after"] = common["pad_after%d" % a]
        for name in names:
            env[name] = common["%s%d" % (name, a)]
        envs.append(env)
    return envs


def _column(value, size):
    return np.broadcast_to(np.asarray(value, dtype=np.int64), (size,))


def apply_many(op, padding_name, items):
    """apply() for many (geometry, options, pads) items at once; same results, one pass.

    Falls back to item-by-item evaluation when a formula fails on the batch (e.g. a division
    by zero in an `if` branch that no item takes), so errors stay exact."""
    if not items:
        return []
    size = len(items)
    padding = op.paddings[padding_name]
    try:
        envs = axis_envs_many(items)
        evaluated = [padding.rule.evaluate(e) for e in envs]
        rank = len(envs)
        before = [_column(ev["before"], size) for ev in evaluated]
        after = [_column(ev["after"], size) for ev in evaluated]
        out = [_column(ev["out"], size) for ev in evaluated]
        flip_f = padding.rule.flip_kernel or op.flip_kernel
        flip = _column(flip_f(envs[0]), size) if flip_f is not None else _column(0, size)
        masks = []
        for r in list(padding.rejects) + list(op.rejects):
            if (r.paddings and padding_name not in r.paddings) or (r.ranks and rank not in r.ranks):
                continue
            hit = np.zeros(size, dtype=bool)
            for ev in evaluated:
                hit |= _column(r.when(ev), size) != 0
            masks.append((r, hit))
        computed = ~np.any([h for r, h in masks if r.certainty != "may"] or [np.zeros(size, bool)],
                           axis=0)
        if any(np.any(np.abs(col[computed]) > MAX_EXTENT) for col in before + after + out):
            # An extent the reference would allocate: the per-item path reports it, located.
            raise FormulaError("extent beyond %d" % MAX_EXTENT)
    except (SpecError, FormulaError):
        return [apply(op, padding_name, *it) for it in items]
    outcomes = []
    for i, (geometry, options, pads) in enumerate(items):
        result, exc, err = "valid", None, None
        rejected = None
        for r, hit in masks:
            if not hit[i]:
                continue
            if r.certainty == "may":
                result, exc, err = "acceptable", r.exception, r.error
                continue
            rejected = r
            break
        if rejected is not None:
            outcomes.append(Outcome("rejected", exception=rejected.exception,
                                    error=rejected.error, source=rejected.source))
            continue
        o = [int(out[a][i]) for a in range(rank)]
        if any(v < 0 for v in o):
            raise SpecError("rule of %s/%s gives a negative output length %s for %s and no "
                            "reject covers it" % (op.name, padding_name, o, geometry))
        first = {name: (v[0] if isinstance(v, list) else v) for name, v in options.items()}
        outcomes.append(Outcome(result, [[int(before[a][i]), int(after[a][i])]
                                         for a in range(rank)], o,
                                exception=exc, error=err, flip=bool(flip[i]),
                                divisor=_divisor(padding.rule.divisor, _opt_env(first)),
                                pad_value=padding.rule.pad_value,
                                empty_window=padding.rule.empty_window))
    return outcomes


def _opt_env(options):
    return {k: (NONE if v is None else int(v)) for k, v in options.items()}


def deviation_hits(spec, op, padding_name, items):
    """Per item: the deviations whose `when` holds (exact outcomes come from deviations_for)."""
    devs = [d for d in spec.deviations
            if d.op == op.name and not (d.paddings and padding_name not in d.paddings)]
    size = len(items)
    if not devs or not items:
        return [[] for _ in range(size)]
    try:
        envs = axis_envs_many(items)
        evaluated = [op.paddings[padding_name].rule.evaluate(e) for e in envs]
        fires = axis_rejects(op, padding_name, evaluated)
        masks = [_column(deviation_holds(d, evaluated, fires), size) != 0 for d in devs]
        return [[d for d, m in zip(devs, masks) if m[i]] for i in range(size)]
    except (SpecError, FormulaError):
        return [None] * size   # let the exact per-item path decide
