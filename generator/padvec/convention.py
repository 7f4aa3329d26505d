"""Apply one system's rule to one configuration: pads, output shape, or the rejection.

This is the only place where spec formulas meet concrete parameters; everything downstream
(reference, cases, explain, diff) works from the Outcome it returns.
"""
import numpy as np

from .errors import FormulaError, SpecError
from .formula import NONE, Formula


class Outcome:
    """What a system does with one configuration."""

    __slots__ = ("result", "pads", "out", "exception", "error", "flip", "divisor", "pad_value",
                 "source")

    def __init__(self, result, pads=None, out=None, exception=None, error=None, flip=False,
                 divisor=None, pad_value=None, source=None):
        self.result = result          # valid | rejected | acceptable
        self.pads = pads              # [[before, after], ...]
        self.out = out                # [len, ...]
        self.exception = exception
        self.error = error
        self.flip = flip
        self.divisor = divisor
        self.pad_value = pad_value
        self.source = source

    @property
    def computes(self):
        return self.result in ("valid", "acceptable")

    def key(self):
        return (self.result, tuple(map(tuple, self.pads or ())), tuple(self.out or ()),
                self.flip, self.divisor, self.pad_value)


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
    common = {"rank": rank, "smax": max(s), "smin": min(s), "dmax": max(d), "kmax": max(k)}
    envs = []
    for a in range(rank):
        env = dict(common, n=n[a], k=k[a], s=s[a], d=d[a], keff=keff[a])
        if pads is not None:
            env["pad_before"], env["pad_after"] = pads[a]
            env["pad"] = pads[a][0]
        for name, value in options.items():
            v = value[a] if isinstance(value, list) else value
            env[name] = NONE if v is None else int(v)
        envs.append(env)
    return envs


def resolve_options(spec_options, geometry):
    """Concrete option values for a case: formulas become per-axis integer lists."""
    envs = axis_envs(geometry, {})
    out = {}
    for name, value in spec_options.items():
        if isinstance(value, str):
            out[name] = [int(Formula(value)(e)) for e in envs]
        else:
            out[name] = value
    return out


def _any(formula, envs):
    return any(bool(np.asarray(formula(e)).item()) for e in envs)


def _rule_outcome(rule, envs, flip_formula, result="valid"):
    evaluated = [rule.evaluate(e) for e in envs]
    pads = [[int(v["before"]), int(v["after"])] for v in evaluated]
    out = [int(v["out"]) for v in evaluated]
    flip_f = rule.flip_kernel or flip_formula
    flip = bool(flip_f(envs[0])) if flip_f is not None else False
    return Outcome(result, pads, out, flip=flip, divisor=_divisor(rule.divisor, envs[0]),
                   pad_value=rule.pad_value), evaluated


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


def deviations_for(spec, op, padding_name, geometry, options, pads=None):
    """Recorded deviations that apply here, each with the actual Outcome."""
    found = []
    envs = None
    for dev in spec.deviations:
        if dev.op != op.name or (dev.paddings and padding_name not in dev.paddings):
            continue
        if envs is None:
            base = axis_envs(geometry, options, pads)
            envs = [op.paddings[padding_name].rule.evaluate(e) for e in base]
        if not _any(dev.when, envs):
            continue
        if dev.actual_rule is not None:
            actual, _ = _rule_outcome(dev.actual_rule, axis_envs(geometry, options, pads),
                                      op.flip_kernel)
            if actual.divisor is None:
                actual.divisor = _divisor(op.paddings[padding_name].rule.divisor, envs[0])
            if actual.pad_value is None:
                actual.pad_value = op.paddings[padding_name].rule.pad_value
        else:
            exc, err = dev.actual_reject
            actual = Outcome("rejected", exception=exc or None, error=err or None)
        found.append((dev, actual))
    return found
