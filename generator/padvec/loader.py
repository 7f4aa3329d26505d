"""Tiny loader for committed vectors (what a consumer needs, nothing more)."""
import json
import os

from .spec import repo_root


def load_file(system, op, root=None):
    from .inputs import InputError, vector_path
    path = vector_path(system, op, root or repo_root())
    if not os.path.isfile(path):
        raise InputError("system", "no vectors for %s/%s (systems: %s)"
                         % (system, op, ", ".join(systems(root))))
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def load_cases(system, op, root=None):
    return load_file(system, op, root)["cases"]


def systems(root=None):
    vdir = os.path.join(root or repo_root(), "vectors")
    return sorted(d for d in os.listdir(vdir)
                  if os.path.isdir(os.path.join(vdir, d)) and d != "schema")
