"""Shared test helpers: a throwaway repository root with the fixture spec."""
import os
import shutil
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(REPO, "tests", "fixtures")


def make_root(tmp_path, specs=("mini.yaml",)):
    root = tmp_path / "root"
    (root / "spec").mkdir(parents=True)
    for name in specs:
        shutil.copy(os.path.join(FIXTURES, "spec", name), root / "spec" / name)
    shutil.copytree(os.path.join(REPO, "vectors", "schema"), root / "vectors" / "schema")
    return root


def padvec(*args, root=None):
    cmd = [sys.executable, "-m", "padvec"]
    if root is not None:
        cmd += ["--root", str(root)]
    return subprocess.run(cmd + list(args), capture_output=True, text=True, cwd=REPO)


def tree_snapshot(root):
    """{relative path: bytes} of everything under vectors/."""
    snap = {}
    for dirpath, _, names in os.walk(os.path.join(root, "vectors")):
        for name in names:
            path = os.path.join(dirpath, name)
            with open(path, "rb") as f:
                snap[os.path.relpath(path, root)] = f.read()
    return snap
