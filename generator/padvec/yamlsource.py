"""Load YAML keeping the line of every key, so spec errors can say file:line: key."""
import yaml

from .errors import SpecError


class Located:
    """A loaded YAML document plus a map from key path (tuple) to 1-based line number."""

    def __init__(self, data, lines, file):
        self.data = data
        self.lines = lines
        self.file = file

    def line_of(self, path):
        """Line of the deepest existing prefix of `path` (so a missing key points at its parent)."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)

    def error(self, path, message):
        return SpecError(message, self.file, self.line_of(path), dotted(path))


def dotted(path):
    out = ""
    for p in path:
        out += "[%d]" % p if isinstance(p, int) else ("." if out else "") + str(p)
    return out


# libyaml's parser when present (10x faster); node marks carry the lines either way.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CONSTRUCTOR = yaml.constructor.SafeConstructor()

# A spec is plain data: these tags only (explicit or resolved), bounded size. Aliases (real
# specs share pool paddings with &name/*name) are expanded within a budget of constructed
# nodes, so a 9-line alias bomb stops at once instead of expanding 9**9 nodes.
_PLAIN_TAGS = {"tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "map",
                                                  "seq")}
MAX_BYTES = 4 * 1024 * 1024
MAX_DEPTH = 32
MAX_NODES = 200_000
INT_BOUND = 2 ** 62   # every integer a formula may read stays inside int64 with headroom


def _construct(node, path, lines, file, budget):
    line = node.start_mark.line + 1
    lines.setdefault(path, line)
    budget[0] -= 1
    if budget[0] < 0:
        raise SpecError("more than %d values once aliases are expanded (an alias bomb?)"
                        % MAX_NODES, file, line, dotted(path))
    if len(path) > MAX_DEPTH:
        raise SpecError("nested deeper than %d levels" % MAX_DEPTH, file, line, dotted(path))
    if node.tag not in _PLAIN_TAGS:
        raise SpecError("YAML tag %s is not allowed in a spec (plain strings, numbers, booleans, "
                        "null, lists and mappings only; quote a date)" % _short(node.tag),
                        file, line, dotted(path))
    if isinstance(node, yaml.MappingNode):
        out = {}
        for knode, vnode in node.value:
            if not isinstance(knode, yaml.ScalarNode):
                raise SpecError("keys must be scalars", file, knode.start_mark.line + 1, dotted(path))
            # Keys are spellings (SAME, 'true', 1): keep the text exactly as written.
            key = knode.value
            if key in out:
                raise SpecError("duplicate key %r" % key, file, knode.start_mark.line + 1,
                                dotted(path + (key,)))
            lines[path + (key,)] = knode.start_mark.line + 1
            if knode.tag not in _PLAIN_TAGS:
                raise SpecError("YAML tag %s is not allowed on a key" % _short(knode.tag), file,
                                knode.start_mark.line + 1, dotted(path))
            out[key] = _construct(vnode, path + (key,), lines, file, budget)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_construct(v, path + (i,), lines, file, budget) for i, v in enumerate(node.value)]
    value = _scalar(node)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > INT_BOUND:
        raise SpecError("integer %s is outside -2**62..2**62" % _short(node.value), file, line,
                        dotted(path))
    return value


def _scalar(node):
    return _CONSTRUCTOR.construct_object(node, deep=True)


def _short(text, n=60):
    text = str(text)
    return text if len(text) <= n else text[:n] + "..."


def load_yaml(text, file):
    if len(text) > MAX_BYTES:
        raise SpecError("larger than %d bytes" % MAX_BYTES, file, 1)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except RecursionError:
        raise SpecError("invalid YAML: nested too deeply", file, None)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise SpecError("invalid YAML: %s" % problem, file, line)
    if node is None:
        raise SpecError("empty spec", file, 1)
    lines = {}
    data = _construct(node, (), lines, file, [MAX_NODES])
    return Located(data, lines, file)
