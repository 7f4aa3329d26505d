"""The reflect naming maze, as data: every system's spelling of each canonical pad mode."""
import json
import os

from padvec.spec import repo_root


def _index():
    with open(os.path.join(repo_root(), "vectors", "pad-modes.json")) as f:
        return json.load(f)["modes"]


def _names(mode, op="pad"):
    return {(e["system"], e["padding"]) for e in _index()[mode]["spellings"] if e["op"] == op}


def test_examples_are_the_canonical_patterns():
    modes = _index()
    assert modes["reflect"]["example"] == [4, 3, 2, 1, 2, 3, 4, 3, 2, 1]
    assert modes["symmetric"]["example"] == [3, 2, 1, 1, 2, 3, 4, 4, 3, 2]
    assert modes["edge"]["example"] == [1, 1, 1, 1, 2, 3, 4, 4, 4, 4]
    assert modes["wrap"]["example"] == [2, 3, 4, 1, 2, 3, 4, 1, 2, 3]


def test_numpy_reflect_is_torch_reflect_and_opencv_reflect_101_and_ndimage_mirror():
    reflect = _names("reflect")
    assert ("numpy", "reflect") in reflect and ("pytorch", "reflect") in reflect
    assert ("opencv", "BORDER_REFLECT_101") in reflect
    assert ("scipy-ndimage", "mirror") in _names("reflect", "conv")


def test_numpy_symmetric_is_opencv_reflect_and_ndimage_reflect():
    sym = _names("symmetric")
    assert ("numpy", "symmetric") in sym and ("opencv", "BORDER_REFLECT") in sym
    assert ("scipy-ndimage", "reflect") in _names("symmetric", "conv")
    # The clash itself: the same word means different things.
    assert ("opencv", "BORDER_REFLECT") not in _names("reflect")
