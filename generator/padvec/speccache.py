"""Compiled specs cached on disk, keyed by the spec file's bytes and the generator's source.

Loading a spec (YAML parse, schema check, formula compile) costs ~30 ms each and the jsonschema
import ~0.1 s; a cold `padvec explain` or an incremental `generate --check` would pay it for
nothing when neither changed. The key covers everything that shapes the compiled object, so a
stale entry is never read; PADVEC_CACHE=off disables the cache."""
import hashlib
import os
import pickle
import tempfile

_HERE = os.path.dirname(os.path.abspath(__file__))
_SOURCE_DIGEST = None


def source_digest():
    """sha256 over the package's own top-level modules: what generation runs."""
    global _SOURCE_DIGEST
    if _SOURCE_DIGEST is None:
        h = hashlib.sha256()
        for name in sorted(os.listdir(_HERE)):
            if name.endswith(".py"):
                with open(os.path.join(_HERE, name), "rb") as f:
                    h.update(name.encode() + b"\0" + f.read() + b"\0")
        _SOURCE_DIGEST = h.hexdigest()
    return _SOURCE_DIGEST


def _cache_dir():
    setting = os.environ.get("PADVEC_CACHE", "")
    if setting.lower() in ("off", "0", "no"):
        return None
    if setting:
        return setting
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "padvec", "specs")


def _schema_bytes(path):
    """The spec schema beside the spec (it decides what loads): part of the key."""
    try:
        with open(os.path.join(os.path.dirname(os.path.abspath(path)), "schema.json"), "rb") as f:
            return f.read()
    except OSError:
        return b""


def load_spec(path):
    """spec.load_spec(path), from the cache when the file and the source are unchanged."""
    from . import spec as spec_module
    with open(path, "rb") as f:
        blob = f.read()
    directory = _cache_dir()
    if directory is None:
        return spec_module.load_spec(path)
    key = hashlib.sha256(source_digest().encode() + b"\0" + os.path.abspath(path).encode()
                         + b"\0" + _schema_bytes(path) + b"\0" + blob).hexdigest()
    entry = os.path.join(directory, key + ".pickle")
    try:
        with open(entry, "rb") as f:
            return pickle.load(f)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
        pass
    spec = spec_module.load_spec(path)    # raises SpecError for a bad spec: never cached
    _store(directory, entry, spec)
    return spec


def _store(directory, entry, spec):
    """Best effort: a read-only home, or a Spec that cannot be pickled, only costs speed."""
    tmp = None
    try:
        os.makedirs(directory, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=directory)
        with os.fdopen(fd, "wb") as f:
            pickle.dump(spec, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, entry)
        tmp = None
    except (OSError, pickle.PicklingError, TypeError, AttributeError, RecursionError):
        pass
    finally:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)


def load_all(directory):
    from .spec import spec_paths
    return [load_spec(p) for p in spec_paths(directory)]
