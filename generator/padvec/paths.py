"""Where padvec's data lives: a checkout's spec/ and vectors/, or the copy inside the wheel.

A checkout (this package under <root>/generator/padvec, with <root>/spec/schema.json) wins, so
edits to spec/ are seen at once; an installed wheel reads padvec/_data/{spec,vectors} through
importlib.resources. `--root` (or `set_root`) overrides both for the whole process.
"""
import os
from importlib import resources

_HERE = os.path.dirname(os.path.abspath(__file__))
_override = None


def _is_root(path):
    return os.path.isfile(os.path.join(path, "spec", "schema.json"))


def _checkout_root():
    root = os.path.dirname(os.path.dirname(_HERE))
    return root if _is_root(root) else None


def _package_root():
    # files() is a real directory for every ordinary (unzipped) install.
    path = os.fspath(resources.files("padvec").joinpath("_data"))
    return path if _is_root(path) else None


def set_root(root):
    """Use `root` (a directory holding spec/ and vectors/) from now on; None restores the default."""
    global _override
    if root is not None:
        root = os.path.abspath(root)
        if not os.path.isdir(os.path.join(root, "spec")):
            raise ValueError("--root %s: no spec/ directory there" % root)
    _override = root


def repo_root():
    return _override or default_root()


def default_root():
    """The checkout around this package, else the installed package data."""
    root = _checkout_root() or _package_root()
    if root is None:
        raise ValueError("padvec's data (spec/, vectors/) is missing: neither a checkout around "
                         "%s nor package data padvec/_data; reinstall padvec or pass --root" % _HERE)
    return root


def is_checkout(root):
    """True where `generate` may write: not the installed package's read-only copy."""
    return os.path.abspath(root) != (_package_root() and os.path.abspath(_package_root()))


def spec_dir():
    return os.path.join(repo_root(), "spec")
