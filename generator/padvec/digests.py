"""Content addresses of everything generation reads, recorded in the manifest so that
`generate --check` can prove an unchanged tree up to date without re-rendering it."""
import hashlib
import json
import os

from .vectors import sha256_bytes, vectors_dir

_HERE = os.path.dirname(os.path.abspath(__file__))
# The modules generation runs (tests/test_generate_incremental.py proves the list complete
# by importing render_all in a fresh interpreter). Editing any of them means re-rendering.
GENERATOR_MODULES = ("__init__", "cases", "convention", "data", "digests", "errors", "flags",
                     "formula", "generate", "grid", "inputs", "modes", "paths", "reference", "spec",
                     "speccache", "vectors", "yamlsource", "check/__init__", "check/onnx_opset")


def generator_digest():
    h = hashlib.sha256()
    for name in GENERATOR_MODULES:
        with open(os.path.join(_HERE, name + ".py"), "rb") as f:
            h.update(name.encode() + b"\0" + f.read() + b"\0")
    return h.hexdigest()


def environment():
    """What besides the files shapes the output: the generator's source and the libraries
    whose behaviour reaches the JSON (numpy arithmetic, YAML parsing)."""
    return {"generator": generator_digest(), "numpy": _version("numpy", "numpy"),
            "pyyaml": _version("PyYAML", "yaml")}


def _version(distribution, module):
    """The installed version, read from package metadata: importing numpy just to ask would
    cost most of an up-to-date check."""
    from importlib import metadata
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return __import__(module).__version__


def spec_hashes(spec_directory):
    out = {}
    for name in sorted(os.listdir(spec_directory)):
        if name.endswith(".yaml") and not name.startswith("."):
            with open(os.path.join(spec_directory, name), "rb") as f:
                out["spec/" + name] = sha256_bytes(f.read())
    return out


def schema_hashes(root):
    sdir = os.path.join(vectors_dir(root), "schema")
    out = {}
    for name in sorted(os.listdir(sdir)):
        if name.endswith(".json"):
            with open(os.path.join(sdir, name), "rb") as f:
                out["vectors/schema/" + name] = sha256_bytes(f.read())
    return out


def conventions_digest(spec):
    """What other systems' files read of this spec: its id and its `ops` (the conventions
    `distinguishes` compares against, the pad modes pad-modes.json lists)."""
    blob = json.dumps([spec.id, spec.raw.get("ops")], sort_keys=True, default=repr)
    return hashlib.sha256(blob.encode()).hexdigest()
