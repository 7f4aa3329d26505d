"""Packaging hook: copy spec/ and vectors/ into the wheel as padvec/_data (see padvec/paths.py).

The data stays where contributors edit it (repo root); only the built package carries a copy,
so `pip install padvec` gives load/explain/the CLI/the pytest helper with no clone.
"""
import os
import shutil

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = os.path.dirname(os.path.abspath(__file__))
DATA_DIRS = ("spec", "vectors")


class build_py_with_data(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return   # an editable install reads the checkout itself
        for name in DATA_DIRS:
            src = os.path.join(HERE, name)
            dst = os.path.join(self.build_lib, "padvec", "_data", name)
            shutil.rmtree(dst, ignore_errors=True)
            # .padvec-* are temp files a killed `generate` may leave behind.
            shutil.copytree(src, dst, ignore=shutil.ignore_patterns(".padvec-*", "__pycache__"))


setup(cmdclass={"build_py": build_py_with_data})
