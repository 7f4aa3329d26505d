"""Load a system spec: YAML -> schema check -> compiled formulas, with file:line: key errors."""
import hashlib
import json
import keyword
import os
import re

from .errors import FormulaError, SpecError
from .formula import Formula
from .paths import repo_root, spec_dir  # noqa: F401  (re-exported: callers import them from here)
from .yamlsource import dotted, load_yaml

OPS = ("conv", "conv_transpose", "max_pool", "avg_pool", "pad")
REQUIRED_RULE = ("out", "before", "after")

_SCHEMAS = {}
_SIZED = ("out", "before", "after")
MAX_EXTENT = 10_000_000
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")


def spec_schema():
    path = os.path.join(spec_dir(), "schema.json")
    if not os.path.isfile(path):   # a --root holding only specs: padvec's own schema
        from .paths import default_root
        path = os.path.join(default_root(), "spec", "schema.json")
    if path not in _SCHEMAS:   # keyed by path: --root may point at another tree
        with open(path) as f:
            schema = json.load(f)
        import jsonschema   # lazily: ~0.1 s, and a cached compiled spec never needs it
        jsonschema.Draft202012Validator.check_schema(schema)
        _SCHEMAS[path] = schema
    return _SCHEMAS[path]


class Rule:
    """Ordered named formulas, plus the pooling/conv settings that travel with them."""

    def __init__(self, formulas, divisor=None, pad_value=None, flip_kernel=None, where=None,
                 empty_window=None):
        self.formulas = formulas          # list of (name, Formula)
        self.where = where or {}          # name -> (file, line, dotted key) for error messages
        self.divisor = divisor
        self.pad_value = pad_value
        self.empty_window = empty_window  # value of a pooling window with no input cell
        self.flip_kernel = flip_kernel    # Formula or None (inherit the op's)

    def evaluate(self, env):
        env = dict(env)
        for name, f in self.formulas:
            try:
                env[name] = f(env)
            except FormulaError as exc:
                file, line, key = self.where.get(name, (None, None, name))
                raise FormulaError(exc.message, file, line, key)
        return env

    def check_extents(self, values):
        """An out/before/after the reference would have to allocate is a spec bug, located."""
        for name in _SIZED:
            if abs(int(values[name])) > MAX_EXTENT:
                file, line, key = self.where.get(name, (None, None, name))
                raise FormulaError("%s beyond %d (the reference would allocate it)"
                                   % (name, MAX_EXTENT), file, line, key)


class Reject:
    def __init__(self, when, exception, error, certainty, paddings, ranks, source):
        self.when = when
        self.exception = exception
        self.error = error
        self.certainty = certainty
        self.paddings = paddings
        self.ranks = ranks
        self.source = source


class Padding:
    def __init__(self, name, rule, args, pad_values, ranks, options, rejects, doc, source):
        self.name = name
        self.rule = rule
        self.args = args              # None | symmetric | asymmetric
        self.pad_values = pad_values
        self.ranks = ranks
        self.options = options
        self.rejects = rejects
        self.doc = doc
        self.source = source


class Op:
    def __init__(self, name, api, ranks, flip_kernel, options, paddings, rejects, source,
                 grid="default"):
        self.name = name
        self.grid = grid
        self.api = api
        self.ranks = ranks
        self.flip_kernel = flip_kernel
        self.options = options
        self.paddings = paddings      # dict spelling -> Padding (YAML order)
        self.rejects = rejects
        self.source = source


class Deviation:
    def __init__(self, raw, when, actual_rule, actual_reject, crash=None, uninitialised=False):
        self.raw = raw
        self.id = raw["id"]
        self.op = raw["op"]
        self.paddings = raw.get("paddings")
        self.versions = raw["versions"]
        self.summary = raw["summary"]
        self.adapters = raw.get("adapters")
        self.when = when
        self.actual_rule = actual_rule      # Rule or None
        self.actual_reject = actual_reject  # (exception, error) or None
        self.crash = crash                  # signal name: the process dies
        self.uninitialised = uninitialised  # shape per actual_rule, contents arbitrary


class Spec:
    def __init__(self, raw, path, sha256):
        self.raw = raw
        self.path = path
        self.sha256 = sha256
        self.id = raw["id"]
        self.title = raw["title"]
        self.versions = raw["versions"]
        self.sources = raw["sources"]
        self.runtimes = raw.get("runtimes", [])
        self.unverified = raw.get("unverified")
        self.ops = {}
        self.cases = raw.get("cases", [])
        self.deviations = []


class _Compiler:
    """Turns the raw mapping into Spec objects; every error names its YAML location."""

    def __init__(self, located):
        self.loc = located

    def formula(self, value, path):
        try:
            return Formula(value)
        except FormulaError as exc:
            raise self.loc.error(path, exc.message)

    def check_source(self, value, path):
        ids = value if isinstance(value, list) else ([value] if value else [])
        for i, sid in enumerate(ids):
            if sid not in self.loc.data["sources"] and not sid.startswith(("http", "repo:")):
                raise self.loc.error(path, "unknown source id %r (define it under sources:)" % sid)

    def rule(self, raw, path, divisor=None, pad_value=None, flip=None, empty_window=None):
        missing = [r for r in REQUIRED_RULE if r not in raw]
        if missing:
            raise self.loc.error(path, "rule lacks %s" % ", ".join(missing))
        for name in raw:
            # Rule variables are names later formulas (and `padvec port`'s code) read.
            if not _IDENT.match(name) or keyword.iskeyword(name):
                raise self.loc.error(path + (name,), "rule variable %r is not an identifier"
                                     % name[:60])
        formulas = [(name, self.formula(text, path + (name,))) for name, text in raw.items()]
        where = {name: (self.loc.file, self.loc.line_of(path + (name,)), dotted(path + (name,)))
                 for name in raw}
        return Rule(formulas, divisor, pad_value, flip, where, empty_window)

    def option_lists(self, options, path):
        """Declared option values: booleans, integers, null or formulas (compiled here)."""
        for oname, values in options.items():
            for j, v in enumerate(values if isinstance(values, list) else [values]):
                if isinstance(v, str):
                    self.formula(v, path + (oname, j))
                elif v is not None and not isinstance(v, int):
                    raise self.loc.error(path + (oname, j), "option value %r: a boolean, an "
                                         "integer, null or a formula" % (v,))

    def rejects(self, raw_list, path):
        out = []
        for i, r in enumerate(raw_list or []):
            p = path + (i,)
            if "source" in r:
                self.check_source(r["source"], p + ("source",))
            out.append(Reject(self.formula(r["when"], p + ("when",)), r["exception"], r["error"],
                              r.get("certainty", "must"), r.get("paddings"), r.get("ranks"),
                              r.get("source")))
        return out

    def op(self, name, raw, path):
        paddings = {}
        for pname, praw in raw["paddings"].items():
            pp = path + ("paddings", pname)
            if "source" in praw:
                self.check_source(praw["source"], pp + ("source",))
            if praw.get("args") and "pad_before" not in str(praw["rule"]) and "pad" not in str(praw["rule"]):
                raise self.loc.error(pp + ("rule",), "explicit padding rule never reads pad_before/pad")
            rule = self.rule(praw["rule"], pp + ("rule",), praw.get("divisor", raw.get("divisor")),
                             praw.get("pad_value", raw.get("pad_value")),
                             empty_window=praw.get("empty_window", raw.get("empty_window")))
            paddings[pname] = Padding(pname, rule, praw.get("args"), praw.get("pad_values"),
                                      praw.get("ranks"), praw.get("options"),
                                      self.rejects(praw.get("rejects"), pp + ("rejects",)),
                                      praw.get("doc"), praw.get("source"))
        rejects = self.rejects(raw.get("rejects"), path + ("rejects",))
        for i, r in enumerate(rejects):
            for pn in r.paddings or []:
                if pn not in paddings:
                    raise self.loc.error(path + ("rejects", i, "paddings"), "unknown padding %r" % pn)
        flip = self.formula(raw.get("flip_kernel", False), path + ("flip_kernel",))
        if name == "pad":
            for pname, pad in paddings.items():
                if not pad.args or pad.rule.pad_value in (None, "ignored"):
                    raise self.loc.error(path + ("paddings", pname),
                                         "a pad op padding needs args: asymmetric and a "
                                         "pad_value (zero or a canonical mode)")
        if name == "avg_pool":
            for pname, pad in paddings.items():
                if pad.rule.divisor is None:
                    raise self.loc.error(path + ("paddings", pname), "avg_pool needs a divisor")
        if "source" in raw:
            self.check_source(raw["source"], path + ("source",))
        self.option_lists(raw.get("options", {}), path + ("options",))
        for pname, praw in raw["paddings"].items():
            self.option_lists(praw.get("options") or {}, path + ("paddings", pname, "options"))
        return Op(name, raw.get("api"), raw.get("ranks", [1, 2, 3]), flip, raw.get("options", {}),
                  paddings, rejects, raw.get("source"), raw.get("grid", "default"))

    def deviation(self, raw, path, spec):
        if raw["op"] not in spec.ops:
            raise self.loc.error(path + ("op",), "op %r is not in this spec" % raw["op"])
        for pn in raw.get("paddings", []):
            if pn not in spec.ops[raw["op"]].paddings:
                raise self.loc.error(path + ("paddings",), "unknown padding %r" % pn)
        when = self.formula(raw.get("when", True), path + ("when",))
        actual = raw["actual"]
        rule = reject = None
        if isinstance(actual, dict) and "crash" in actual:
            return Deviation(raw, when, None, None, crash=actual["crash"])
        if actual == "reject":
            reject = ("", "")
        elif "rule" in actual:
            op = spec.ops[raw["op"]]
            rule = self.rule(actual["rule"], path + ("actual", "rule"), actual.get("divisor"),
                             actual.get("pad_value"),
                             self.formula(actual["flip_kernel"], path + ("actual", "flip_kernel"))
                             if "flip_kernel" in actual else None,
                             empty_window=actual.get("empty_window"))
            del op
            return Deviation(raw, when, rule, None,
                             uninitialised=actual.get("values") in ("uninitialised",
                                                                     "unspecified"))
        else:
            reject = (actual["exception"], actual["error"])
        return Deviation(raw, when, rule, reject)


def load_spec(path):
    with open(path, "rb") as f:
        blob = f.read()
    try:
        text = blob.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SpecError("not UTF-8: %s" % exc, path, None)
    loc = load_yaml(text, path)
    if not isinstance(loc.data, dict):
        raise SpecError("a spec must be a mapping", path, 1)
    import jsonschema
    validator = jsonschema.Draft202012Validator(spec_schema())
    errors = sorted(validator.iter_errors(loc.data), key=lambda e: (len(e.absolute_path), list(map(str, e.absolute_path))))
    if errors:
        e = _best_error(errors)
        epath = tuple(e.absolute_path)
        message = e.message
        if e.validator == "additionalProperties":
            # Point at the unknown key itself, not at its parent.
            extra = [k for k in e.instance if k not in e.schema.get("properties", {})] \
                if isinstance(e.instance, dict) else []
            if extra:
                epath = epath + (extra[0],)
                message = "unknown key %r" % extra[0]
        raise loc.error(epath, "schema: " + message)
    stem = os.path.splitext(os.path.basename(path))[0]
    if loc.data["id"] != stem:
        raise loc.error(("id",), "id %r must equal the file name %r" % (loc.data["id"], stem))
    comp = _Compiler(loc)
    spec = Spec(loc.data, path, hashlib.sha256(blob).hexdigest())
    for name, raw in loc.data["ops"].items():
        spec.ops[name] = comp.op(name, raw, ("ops", name))
    for i, d in enumerate(loc.data.get("deviations", [])):
        spec.deviations.append(comp.deviation(d, ("deviations", i), spec))
    ids = [d.id for d in spec.deviations]
    if len(ids) != len(set(ids)):
        raise loc.error(("deviations",), "duplicate deviation id")
    from .flags import NOTES
    spec.flags = loc.data.get("flags", {})
    for i, c in enumerate(spec.cases):
        if c["op"] not in spec.ops or c["padding"] not in spec.ops[c["op"]].paddings:
            raise loc.error(("cases", i, "padding"), "case names an op/padding the spec lacks")
        for j, f in enumerate(c.get("flags", [])):
            if f not in NOTES and f not in spec.flags:
                raise loc.error(("cases", i, "flags", j), "unknown flag %r: define it under "
                                "flags: {%s: {description, effect}} or use a built-in one (%s)"
                                % (f, f, ", ".join(sorted(NOTES))))
    for i, c in enumerate(spec.cases):
        _check_named_case(loc, spec, c, ("cases", i))
    spec.locate = loc.line_of
    return spec


# Named cases become data arrays: keep them small enough to build and exact in int64.
MAX_CASE_CELLS = 100_000
MAX_CASE_VALUE = 2 ** 31


def _nested_shape(value, path, loc):
    """Shape of a rectangular nested list of integers, or a located SpecError."""
    if isinstance(value, list):
        if not value:
            raise loc.error(path, "an empty list is not a tensor")
        shapes = [_nested_shape(v, path, loc) for v in value]
        if any(sh != shapes[0] for sh in shapes):
            raise loc.error(path, "ragged nested list")
        return [len(value)] + shapes[0]
    if isinstance(value, bool) or not isinstance(value, int):
        raise loc.error(path, "values must be integers, got %r" % (value,))
    if abs(value) > MAX_CASE_VALUE:
        raise loc.error(path, "value %d is beyond +-2**31 (the reference sums products exactly "
                              "in int64)" % value)
    return []


def _check_named_case(loc, spec, c, path):
    """A named case against its own rank and shapes, its op's ranks and options."""
    from . import inputs
    op = spec.ops[c["op"]]
    padding = op.paddings[c["padding"]]
    rank = len(c["input_shape"])
    if op.ranks and rank not in op.ranks:
        raise loc.error(path + ("input_shape",), "rank %d, but %s takes ranks %s"
                        % (rank, c["op"], op.ranks))
    for key in ("kernel_shape", "stride", "dilation", "pads"):
        if key in c and len(c[key]) != rank:
            raise loc.error(path + (key,), "%d values for a rank-%d case (input_shape has %d)"
                            % (len(c[key]), rank, rank))
    cells = 1
    for v in c["input_shape"]:
        cells *= v
    if cells > MAX_CASE_CELLS or max(c["kernel_shape"]) > inputs.LIMITS["kernel"]:
        raise loc.error(path + ("input_shape",), "larger than %d cells" % MAX_CASE_CELLS)
    for key in ("stride", "dilation"):
        if max(c.get(key, [1])) > inputs.LIMITS[key]:
            raise loc.error(path + (key,), "beyond %d" % inputs.LIMITS[key])
    for pair in c.get("pads", []):
        if max(abs(v) for v in pair) > inputs.LIMITS["pads"]:
            raise loc.error(path + ("pads",), "a pad beyond %d" % inputs.LIMITS["pads"])
    if bool(padding.args) != ("pads" in c):
        raise loc.error(path + ("pads",), "padding %s %s explicit pads"
                        % (c["padding"], "needs" if padding.args else "takes no"))
    for key, shape_key in (("input", "input_shape"), ("kernel", "kernel_shape")):
        if isinstance(c.get(key), list):
            got = _nested_shape(c[key], path + (key,), loc)
            if got != list(c[shape_key]):
                raise loc.error(path + (key,), "shape %s, but %s is %s" % (got, shape_key,
                                                                         c[shape_key]))
    geometry = {"n": list(c["input_shape"]), "k": list(c["kernel_shape"]),
                "s": list(c.get("stride") or [1] * rank), "d": list(c.get("dilation") or [1] * rank)}
    for name, value in (c.get("options") or {}).items():
        try:
            if isinstance(value, str):   # a formula: checked as the values it gives this case
                from .convention import resolve_options
                value = resolve_options({name: value}, geometry, c.get("pads"))[name]
            inputs.option_values(spec, c["op"], c["padding"], {name: value}, rank)
        except inputs.InputError as exc:
            raise loc.error(path + ("options", name), exc.message)
        except (FormulaError, SpecError) as exc:
            raise loc.error(path + ("options", name), getattr(exc, "message", str(exc)))


def _best_error(errors):
    """The most specific error: oneOf failures are replaced by their deepest sub-error."""
    import jsonschema.exceptions
    e = errors[0]
    best = jsonschema.exceptions.best_match(errors)
    return best if best is not None else e


def spec_paths(directory=None):
    directory = directory or spec_dir()
    return sorted(os.path.join(directory, f) for f in os.listdir(directory)
                  if f.endswith(".yaml") and not f.startswith("."))


def load_all(directory=None, only=None):
    specs = []
    for p in spec_paths(directory):
        sid = os.path.splitext(os.path.basename(p))[0]
        if only and sid not in only:
            continue
        specs.append(load_spec(p))
    return specs
