"""Build the cases of one system: grid x paddings x options -> convention -> reference output."""
import hashlib
import itertools
import json

import numpy as np

from . import convention, data, grid, reference
from .errors import SpecError
from .flags import flags_for, comment_for
from .check.onnx_opset import min_opset

POOLS = ("max_pool", "avg_pool")
NO_KERNEL = POOLS + ("pad",)


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
             "n" + j(geometry["n"])]
    if op != "pad":
        parts += ["k" + j(geometry["k"]), "s" + j(geometry["s"]), "d" + j(geometry["d"])]
    if pads is not None:
        parts.append("p" + "x".join("%d-%d" % tuple(p) for p in pads).replace("--", "-m"))
    parts += [_token(k, v) for k, v in sorted(options.items())]
    return "-".join(parts).replace("_", "")


_ID_FIELDS = ("padding", "options", "pads", "input_shape", "kernel_shape", "stride", "dilation",
              "input", "kernel")
# json.dumps(..., sort_keys=True, separators=(",", ":")) builds this encoder on every call;
# validate computes 24k ids per run.
_ID_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"))


def case_id(system, op, body):
    """Content-derived id: what the case asks and the data it uses, not its expectation."""
    key = {k: body[k] for k in _ID_FIELDS}
    digest = hashlib.sha256(_ID_ENCODER.encode([system, op, key]).encode()).hexdigest()
    return "%s-%s-%s" % (system, op.replace("_", ""), digest[:10])


def _expect(op, outcome, compute):
    if outcome.result == "crash":
        return {"result": "crash", "signal": outcome.exception}, None
    if outcome.result == "undefined_values":
        return {"result": "undefined_values", "pads": outcome.pads,
                "output_shape": list(outcome.out)}, None
    if outcome.result == "rejected":
        exp = {"result": "rejected", "exception": outcome.exception, "error": outcome.error}
        return exp, None
    y, partial = compute(outcome)
    exp = {"result": outcome.result, "pads": outcome.pads, "output_shape": list(outcome.out),
           "output": y.tolist(), "max_abs_partial_sum": partial}
    if op == "avg_pool":
        exp["divisor"] = outcome.divisor
    if outcome.pad_value not in (None, "zero", "ignored") or op == "pad":
        exp["pad_value"] = outcome.pad_value or "zero"
    elif op == "max_pool" and outcome.pad_value == "zero":
        exp["pad_value"] = "zero"
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
        plan = []   # (geometry, combo, pads)
        if op.name == "pad":
            for geometry in grid.pad_geometries(rank):
                for pads in grid.pad_choices("asymmetric", rank,
                                             padding.pad_values or grid.PAD_OP_PADS):
                    for combo in combos:
                        plan.append((geometry, combo, pads))
        elif padding.args:
            for geometry in self._geometries(op, rank, small=True):
                for pads in grid.pad_choices(padding.args, rank, padding.pad_values):
                    for combo in combos:
                        plan.append((geometry, combo, pads))
        else:
            for geometry in self._geometries(op, rank):
                plan.append((geometry, combos[0], None))
            for geometry in self._geometries(op, rank, small=True):
                for combo in combos[1:]:
                    plan.append((geometry, combo, None))
        where = "ops.%s.paddings.%s" % (op.name, pname)
        try:
            items = [(g, convention.resolve_options(c, g, p), p) for g, c, p in plan]
            outcomes = convention.apply_many(op, pname, items)
            dev_hits = convention.deviation_hits(self.spec, op, pname, items)
        except SpecError as exc:
            line = self.spec.locate(("ops", op.name, "paddings", pname))
            raise exc.located(self.spec.path, line, where)
        return [self._case(op, pname, g, opts, p, outcome=o, maybe_deviates=h)
                for (g, opts, p), o, h in zip(items, outcomes, dev_hits)]

    @staticmethod
    def _geometries(op, rank, small=False):
        """The grid; for systems without stride/dilation arguments, the same input and kernel
        shapes at stride 1 and dilation 1 (repeats dropped)."""
        geos = grid.geometries(rank, small)
        if op.grid != "unit_stride":
            return geos
        out, seen = [], set()
        for g in geos:
            g = dict(g, s=[1] * rank, d=[1] * rank)
            key = _geo_key(g)
            if key not in seen:
                seen.add(key)
                out.append(g)
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
        w = None if op in NO_KERNEL else pick(named.get("kernel"), lambda: data.default_kernel(op, k), k)
        return x, w

    def _case(self, op, pname, geometry, combo, pads, named=None, outcome=None,
              maybe_deviates=None):
        where = "ops.%s.paddings.%s" % (op.name, pname)
        try:
            options = convention.resolve_options(combo, geometry, pads)
            if outcome is None:
                outcome = convention.apply(op, pname, geometry, options, pads)
            _check_transpose(op.name, outcome, geometry, where)
            devs = convention.deviations_for(self.spec, op, pname, geometry, options, pads,
                                             only=maybe_deviates) \
                if maybe_deviates is None or maybe_deviates else []
        except SpecError as exc:
            line = self.spec.locate(("ops", op.name, "paddings", pname))
            raise exc.located(self.spec.path, line, where)
        x, w = self._data(op.name, geometry, named)
        w_or_window = w if w is not None else tuple(geometry["k"])
        geo_key = _geo_key(geometry)
        data_key = _data_key(x, w_or_window) if named else ("default", op.name)
        compute = lambda o: self.conventions.reference(op.name, geo_key, o, data_key, x,
                                                       w_or_window, geometry)
        expect, y = _expect(op.name, outcome, compute)
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
            dexp, _ = _expect(op.name, actual, compute)
            entry = {"id": dev.id, "versions": dev.versions, "summary": dev.summary,
                     "expect": dexp}
            if dev.adapters:
                entry["adapters"] = list(dev.adapters)
            case["deviations"].append(entry)
        case["distinguishes"] = self.conventions.distinguish(
            self.spec.id, op.name, pname, geometry, outcome, y, x, w_or_window, geo_key, data_key)
        case["flags"] = flags_for(op.name, geometry, outcome, options, pads, case, named)
        case["comment"] = comment_for(op.name, pname, geometry, outcome, case, named)
        case["slug"] = named["slug"] if named else _slug(op.name, rank, pname, geometry, pads,
                                                          options)
        case["id"] = case_id(self.spec.id, op.name, body)
        if self.spec.id == "onnx":
            # The opset to build the case's model at (outside the id: a computed annotation).
            case["min_opset"] = min_opset(case, op.name)
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
    """Every auto padding of every spec: what each case is compared against.

    Also the run-wide cache of reference outputs: one geometry with one split gives the same
    output in every system's vectors, so it is computed once."""

    def __init__(self, specs):
        self.entries = []   # (label, op name, Op, padding name, default option combo, ranks)
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
        self._candidates = {}   # (op, geo key) -> [(label, Outcome)]
        self._outputs = {}
        self._differing = {}    # (op, geo key, data key, split) -> labels whose output differs

    def reference(self, op_name, geo_key, outcome, data_key, x, w_or_window, geometry):
        key = (op_name, geo_key, outcome.key(), data_key)
        hit = self._outputs.get(key)
        if hit is None:
            hit = self._outputs[key] = reference.compute(op_name, x, w_or_window, outcome,
                                                         geometry["s"], geometry["d"])
        return hit

    def _precompute(self, op_name, rank, geometry):
        """Outcomes of every convention of op_name on every grid geometry of this rank (and on
        `geometry`, which may be a named case's), in one batched pass per convention."""
        geos = {_geo_key(g): g for g in grid.geometries(rank) + grid.geometries(rank, True)}
        geos.setdefault(_geo_key(geometry), geometry)
        todo = [k for k in geos if (op_name, k) not in self._candidates]
        for k in todo:
            self._candidates[(op_name, k)] = []
        for label, eop_name, eop, epname, combo, ranks in self.entries:
            if eop_name != op_name or rank not in eop.ranks or (ranks and rank not in ranks):
                continue
            try:
                items = [(geos[k], convention.resolve_options(combo, geos[k]), None)
                         for k in todo]
                outcomes = convention.apply_many(eop, epname, items)
            except SpecError:
                continue  # that spec's own generation reports it
            for k, o in zip(todo, outcomes):
                if o.computes:
                    self._candidates[(op_name, k)].append((label, o))

    def distinguish(self, system, op_name, pname, geometry, outcome, y, x, w_or_window,
                    geo_key, data_key):
        if y is None:
            return []
        if (op_name, geo_key) not in self._candidates:
            self._precompute(op_name, len(geometry["n"]), geometry)
        me = "%s:%s" % (system, pname)
        mine = outcome.key()[1:]
        # Every system meets the same grid geometry with the same default data: the labels
        # whose output differs depend only on (geometry, data, split), so compute them once.
        memo_key = (op_name, geo_key, data_key, mine)
        found = self._differing.get(memo_key)
        if found is None:
            found = set()
            for label, other in self._candidates[(op_name, geo_key)]:
                if other.out != outcome.out or other.key()[1:] == mine:
                    continue  # another shape, or the same split: nothing to tell apart
                ref = self.reference(op_name, geo_key, other, data_key, x, w_or_window,
                                     geometry)[0]
                if not np.array_equal(ref, y):
                    found.add(label)
            self._differing[memo_key] = found
        return sorted(found - {me})


def _geo_key(g):
    return tuple(tuple(g[x]) for x in "nksd")


def _data_key(x, w):
    wk = w if isinstance(w, tuple) else (w.tobytes(), w.shape)
    return (x.tobytes(), x.shape, wk)
