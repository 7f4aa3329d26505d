"""Self-check of the committed suite (JSON-Schema-Test-Suite style): vectors/ is exactly what
the specs generate, every file validates, ids are unique, and claimed distinctions hold."""
import json
import os

import numpy as np
import pytest

from padvec import convention, reference
from padvec.generate import render_all, stale_files
from padvec.spec import load_all, repo_root
from padvec.validate import validate_tree

ROOT = repo_root()


@pytest.fixture(scope="module")
def rendered():
    return render_all(ROOT)


def test_every_spec_validates():
    specs = load_all()
    assert len(specs) >= 7
    for s in specs:
        assert s.sources and s.versions["documented"]


def test_committed_vectors_are_up_to_date(rendered):
    changed, extra = stale_files(ROOT, rendered)
    assert not changed and not extra, "run `make vectors`: stale %s, extra %s" % (changed, extra)


def test_regeneration_is_byte_identical(rendered):
    assert render_all(ROOT) == rendered


def test_validate_tree_is_clean():
    assert validate_tree(ROOT) == []


def test_claimed_distinctions_really_differ():
    """Each case's `distinguishes` names conventions whose output on the same data differs."""
    specs = {s.id: s for s in load_all()}
    checked = 0
    for sid, spec in specs.items():
        for op in spec.ops:
            path = os.path.join(ROOT, "vectors", sid, op + ".json")
            with open(path) as f:
                cases = json.load(f)["cases"]
            for case in cases[::7]:          # a deterministic sample keeps this fast
                for label in case["distinguishes"]:
                    other_sys, other_pad = label.split(":", 1)
                    other_op = specs[other_sys].ops[op]
                    geometry = {"n": case["input_shape"], "k": case["kernel_shape"],
                                "s": case["stride"], "d": case["dilation"]}
                    defaults = dict(other_op.options)
                    defaults.update(other_op.paddings[other_pad].options or {})
                    combo = {k: v[0] for k, v in defaults.items()}
                    opts = convention.resolve_options(combo, geometry)
                    other = convention.apply(other_op, other_pad, geometry, opts)
                    assert other.computes and other.out == case["expect"]["output_shape"]
                    x = np.asarray(case["input"])
                    w = np.asarray(case["kernel"]) if case["kernel"] is not None \
                        else tuple(case["kernel_shape"])
                    y, _ = reference.compute(op, x, w, other, case["stride"], case["dilation"])
                    assert y.tolist() != case["expect"]["output"], (case["id"], label)
                    checked += 1
    assert checked > 100
