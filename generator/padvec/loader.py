"""Tiny loader for committed vectors (what a consumer needs, nothing more)."""
import json
import os

from .spec import repo_root


def load_file(system, op, root=None):
    path = os.path.join(root or repo_root(), "vectors", system, op + ".json")
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def load_cases(system, op, root=None):
    return load_file(system, op, root)["cases"]


def systems(root=None):
    vdir = os.path.join(root or repo_root(), "vectors")
    return sorted(d for d in os.listdir(vdir)
                  if os.path.isdir(os.path.join(vdir, d)) and d != "schema")
