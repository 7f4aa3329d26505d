"""Build the cases of one system: grid x paddings x options -> convention -> reference output."""
import hashlib
import itertools
import json

import numpy as np

from . import convention, data, grid, reference
from .errors import SpecError
from .flags import flags_for, comment_for

POOLS = ("max_pool", "avg_pool")


def _option_combos(options):
    names = list(options)
    return [dict(zip(names, values)) for values in itertools.product(*(options[n] for n in names))]


def _token(name, value):
    if isinstance(value, list):
        value = "x".join(map(str, value))
    elif value is None:
        value = "none"
    elif isinstance(value, bool):
        value = str(value).lower()
    short = {"output_padding": "op", "output_shape": "os", "ceil_mode": "ceil",
             "count_include_pad": "cip"}.get(name, name)
    return "%s%s" % (short, value)


def _slug(op, rank, padding, geometry, pads, options):
    j = lambda v: "x".join(map(str, v))
    parts = ["%s%dd" % (op.replace("_", ""), rank), padding.replace("_", "").lower(),
             "n" + j(geometry["n"]), "k" + j(geometry["k"]), "s" + j(geometry["s"]),
             "d" + j(geometry["d"])]
    if pads is not None:
        parts.append("p" + "x".join("%d-%d" % tuple(p) for p in pads).replace("--", "-m"))
    parts += [_token(k, v) for k, v in sorted(options.items())]
    return "-".join(parts).replace("_", "")


def case_id(system, op, body):
    """Content-derived id: what the case asks and the data it uses, not its expectation."""
    key = {k: body[k] for k in ("padding", "options", "pads", "input_shape", "kernel_shape",
                                "stride", "dilation", "input", "kernel")}
    digest = hashlib.sha256(json.dumps([system, op, key], sort_keys=True,
                                       separators=(",", ":")).encode()).hexdigest()
    return "%s-%s-%s" % (system, op.replace("_", ""), digest[:10])


def _expect(op, outcome, x, w_or_window, geometry):
    if outcome.result == "rejected":
        exp = {"result": "rejected", "exception": outcome.exception, "error": outcome.error}
        return exp, None
    y, partial = reference.compute(op, x, w_or_window, outcome, geometry["s"], geometry["d"])
    exp = {"result": outcome.result, "pads": outcome.pads, "output_shape": list(outcome.out),
           "output": y.tolist(), "max_abs_partial_sum": partial}
    if outcome.result == "acceptable":
        exp["exception"], exp["error"] = outcome.exception, outcome.error
    return exp, y


def _check_transpose(op, outcome, geometry, where):
    if op != "conv_transpose" or not outcome.computes:
        return
    for a, (n, k, s, d) in enumerate(zip(*(geometry[x] for x in "nksd"))):
        full = (n - 1) * s + (k - 1) * d + 1
        b, e = outcome.pads[a]
        if full - b - e != outcome.out[a]:
            raise SpecError("conv_transpose rule: out (%d) != full (%d) - before (%d) - after (%d)"
                            " on axis %d for %s" % (outcome.out[a], full, b, e, a, geometry),
                            key=where)


class Builder:
    """Builds every case of one spec; `conventions` is the shared cross-system comparison set."""

    def __init__(self, spec, conventions):
        self.spec = spec
        self.conventions = conventions

    def build(self):
        by_op = {}
        for op_name, op in self.spec.ops.items():
            cases = []
            for rank in op.ranks:
                for pname, padding in op.paddings.items():
                    if padding.ranks and rank not in padding.ranks:
                        continue
                    cases.extend(self._padding_cases(op, rank, pname, padding))
            cases.extend(self._named_cases(op))
            by_op[op_name] = _dedupe(cases, self.spec.id, op_name)
        return by_op

    def _padding_cases(self, op, rank, pname, padding):
        options = dict(op.options)
        options.update(padding.options or {})
        combos = _option_combos(options)
        out = []
        if padding.args:
            for geometry in grid.geometries(rank, small=True):
                for pads in grid.pad_choices(padding.args, rank, padding.pad_values):
                    for combo in combos:
                        out.append(self._case(op, pname, geometry, combo, pads))
            return out
        for geometry in grid.geometries(rank):
            out.append(self._case(op, pname, geometry, combos[0], None))
        for geometry in grid.geometries(rank, small=True):
            for combo in combos[1:]:
                out.append(self._case(op, pname, geometry, combo, None))
        return out

    def _named_cases(self, op):
        out = []
        for i, raw in enumerate(self.spec.cases):
            if raw["op"] != op.name:
                continue
            rank = len(raw["input_shape"])
            geometry = {"n": raw["input_shape"], "k": raw["kernel_shape"],
                        "s": raw.get("stride", [1] * rank), "d": raw.get("dilation", [1] * rank)}
            case = self._case(op, raw["padding"], geometry, raw.get("options", {}),
                              raw.get("pads"), named=raw)
            want = raw.get("expect_output")
            if want is not None and case["expect"].get("output") != want:
                raise SpecError("named case %s: the reference gives %s, the spec expects %s"
                                % (raw["slug"], case["expect"].get("output"), want),
                                self.spec.path, self.spec.locate(("cases", i)), "cases[%d]" % i)
            out.append(case)
        return out

    def _data(self, op, geometry, named):
        n, k = geometry["n"], geometry["k"]
        def pick(kind, default, shape):
            if kind in (None, "default"):
                return default()
            if isinstance(kind, str):
                return data.named(kind, shape)
            return np.asarray(kind, dtype=np.int64)
        named = named or {}
        x = pick(named.get("input"), lambda: data.default_input(op, n, k), n)
        w = None if op in POOLS else pick(named.get("kernel"), lambda: data.default_kernel(op, k), k)
        return x, w

    def _case(self, op, pname, geometry, combo, pads, named=None):
        where = "ops.%s.paddings.%s" % (op.name, pname)
        try:
            options = convention.resolve_options(combo, geometry)
            outcome = convention.apply(op, pname, geometry, options, pads)
            _check_transpose(op.name, outcome, geometry, where)
            devs = convention.deviations_for(self.spec, op, pname, geometry, options, pads)
        except SpecError as exc:
            line = self.spec.locate(("ops", op.name, "paddings", pname))
            raise exc.located(self.spec.path, line, where)
        x, w = self._data(op.name, geometry, named)
        w_or_window = w if w is not None else tuple(geometry["k"])
        expect, y = _expect(op.name, outcome, x, w_or_window, geometry)
        rank = len(geometry["n"])
        body = {
            "padding": pname, "options": options, "pads": pads,
            "input_shape": list(geometry["n"]), "kernel_shape": list(geometry["k"]),
            "stride": list(geometry["s"]), "dilation": list(geometry["d"]),
            "input": x.tolist(), "kernel": None if w is None else w.tolist(),
        }
        case = dict(body)
        case["flip_kernel"] = outcome.flip if outcome.computes else None
        case["expect"] = expect
        case["deviations"] = []
        for dev, actual in devs:
            dexp, _ = _expect(op.name, actual, x, w_or_window, geometry)
            entry = {"id": dev.id, "versions": dev.versions, "summary": dev.summary,
                     "expect": dexp}
            if dev.adapters:
                entry["adapters"] = list(dev.adapters)
            case["deviations"].append(entry)
        case["distinguishes"] = self.conventions.distinguish(
            self.spec.id, op.name, pname, geometry, outcome, y, x, w_or_window)
        case["flags"] = flags_for(op.name, geometry, outcome, options, pads, case, named)
        case["comment"] = comment_for(op.name, pname, geometry, outcome, case, named)
        case["slug"] = named["slug"] if named else _slug(op.name, rank, pname, geometry, pads,
                                                          options)
        case["id"] = case_id(self.spec.id, op.name, body)
        return case


def _dedupe(cases, system, op):
    """Drop exact repeats (a geometry in both grid families); refuse clashing slugs or ids."""
    seen, slugs, out = set(), {}, []
    for c in cases:
        if c["id"] in seen:
            continue
        if c["slug"] in slugs:
            c["slug"] = "%s-%s" % (c["slug"], c["id"][-6:])
        seen.add(c["id"])
        slugs[c["slug"]] = c["id"]
        out.append(c)
    return out


class Conventions:
    """Every auto padding of every spec: what each case is compared against."""

    def __init__(self, specs):
        self.entries = []   # (label, op, Op, padding name, default option combo)
        for spec in specs:
            for op_name, op in spec.ops.items():
                for pname, padding in op.paddings.items():
                    if padding.args:
                        continue
                    options = dict(op.options)
                    options.update(padding.options or {})
                    combo = _option_combos(options)[0]
                    self.entries.append(("%s:%s" % (spec.id, pname), op_name, op, pname, combo,
                                         padding.ranks))
        self._outcomes = {}
        self._outputs = {}

    def outcome(self, label, op, pname, geometry, combo):
        key = (label, op.name, _geo_key(geometry))
        if key not in self._outcomes:
            try:
                options = convention.resolve_options(combo, geometry)
                self._outcomes[key] = convention.apply(op, pname, geometry, options)
            except SpecError:
                self._outcomes[key] = None
        return self._outcomes[key]

    def distinguish(self, system, op_name, pname, geometry, outcome, y, x, w_or_window):
        if y is None:
            return []
        rank = len(geometry["n"])
        found = []
        for label, eop_name, eop, epname, combo, ranks in self.entries:
            if eop_name != op_name or label == "%s:%s" % (system, pname):
                continue
            if rank not in eop.ranks or (ranks and rank not in ranks):
                continue
            other = self.outcome(label, eop, epname, geometry, combo)
            if other is None or not other.computes or list(other.out) != list(outcome.out):
                continue
            if other.key()[1:] == outcome.key()[1:]:
                continue  # same pads, flip and divisor: same output, nothing to tell apart
            okey = (op_name, _geo_key(geometry), other.key(), _data_key(x, w_or_window))
            if okey not in self._outputs:
                self._outputs[okey] = reference.compute(op_name, x, w_or_window, other,
                                                        geometry["s"], geometry["d"])[0]
            if not np.array_equal(self._outputs[okey], y):
                found.append(label)
        return sorted(set(found))


def _geo_key(g):
    return tuple(tuple(g[x]) for x in "nksd")


def _data_key(x, w):
    wk = w if isinstance(w, tuple) else (w.tobytes(), w.shape)
    return (x.tobytes(), x.shape, wk)
