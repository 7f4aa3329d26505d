"""The compiled validator (jsonschema-rs) and the reference one (jsonschema) agree: on the
committed files, and on mutated cases (every tampering the reference catches, the fast path
catches, and the reverse)."""
import copy
import json
import os
import random

import jsonschema
import pytest

from helpers import REPO
from padvec.fastschema import load_schemas

SCHEMAS = load_schemas(os.path.join(REPO, "vectors", "schema"))
FILES = ["vectors/tensorflow/conv.json", "vectors/pytorch/avg_pool.json",
         "vectors/numpy/pad.json", "vectors/onnx/conv_transpose.json",
         "vectors/paddle/max_pool.json"]
VALUES = [None, True, 0, -1, 2 ** 40, 1.5, "", "x", "SAME", [], [1], [[1, 2]], {}, {"a": 1}]


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value[:2]):
            yield from _paths(v, prefix + (i,))


def _set(doc, path, value):
    target = doc
    for p in path[:-1]:
        target = target[p]
    if value is _DELETE:
        if isinstance(target, dict):
            del target[path[-1]]
        else:
            target.pop(path[-1])
    else:
        target[path[-1]] = value


_DELETE = object()


@pytest.mark.parametrize("rel", FILES)
def test_fast_and_reference_validators_agree_on_mutations(rel):
    with open(os.path.join(REPO, rel)) as f:
        doc = json.load(f)
    fast = SCHEMAS[doc["schema"]]
    slow = jsonschema.Draft202012Validator(fast.schema)
    rng = random.Random(rel)
    small = dict(doc, cases=doc["cases"][:3])   # the slow validator is ~100x slower
    assert fast.is_valid(small) and slow.is_valid(small)
    paths = [p for p in _paths(small) if p]
    caught = 0
    for path in rng.sample(paths, min(len(paths), 50)):
        for value in rng.sample(VALUES, 4) + [_DELETE]:
            bad = copy.deepcopy(small)
            _set(bad, path, value)
            verdict = fast.is_valid(bad)
            assert verdict == slow.is_valid(bad), (path, value)
            if not verdict:
                caught += 1
                assert fast.errors(bad), (path, value)    # readable errors exist
    assert caught > 40


def test_errors_name_the_case_and_json_path():
    with open(os.path.join(REPO, "vectors/tensorflow/conv.json")) as f:
        doc = json.load(f)
    doc["cases"][1]["stride"] = "2"
    errs = SCHEMAS["conv.schema.json"].errors(doc)
    assert errs[0][0] == doc["cases"][1]["id"]
    assert errs[0][1] == "/cases/1/stride"
