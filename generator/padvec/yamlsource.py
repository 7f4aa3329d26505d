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


def _construct(node, path, lines, file):
    lines.setdefault(path, node.start_mark.line + 1)
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
            out[key] = _construct(vnode, path + (key,), lines, file)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_construct(v, path + (i,), lines, file) for i, v in enumerate(node.value)]
    return _scalar(node)


def _scalar(node):
    return _CONSTRUCTOR.construct_object(node, deep=True)


def load_yaml(text, file):
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise SpecError("invalid YAML: %s" % problem, file, line)
    if node is None:
        raise SpecError("empty spec", file, 1)
    lines = {}
    data = _construct(node, (), lines, file)
    return Located(data, lines, file)
