"""explain_many gives explain()'s answers, configuration by configuration (random sample of
every system/op/padding, ranks 1 and 2, deviations included)."""
import random

import numpy as np
import pytest

import padvec
from padvec.errors import SpecError
from padvec.speccache import load_all
from padvec.spec import spec_dir


def _conventions():
    out = []
    for spec in load_all(spec_dir()):
        for op_name, op in spec.ops.items():
            for pname, padding in op.paddings.items():
                for rank in op.ranks:
                    if rank <= 2 and not (padding.ranks and rank not in padding.ranks):
                        out.append((spec, op_name, pname, padding.args, rank))
    return out


def _sample(rng, rank, args, count):
    items = []
    for _ in range(count):
        n = [rng.randint(1, 12) for _ in range(rank)]
        k = [rng.randint(1, 5) for _ in range(rank)]
        s = [rng.randint(1, 3) for _ in range(rank)]
        d = [rng.randint(1, 2) for _ in range(rank)]
        pads = None
        if args:
            pads = []
            for _ in range(rank):
                b = rng.randint(0, 2)
                pads.append([b, b if args == "symmetric" else rng.randint(0, 2)])
        items.append((n, k, s, d, pads))
    return items


def _same(one, many, i, rank):
    assert one["rejected"] == bool(many["rejected"][i])
    if one["rejected"]:
        assert (one["exception"], one["error"]) == (many["exception"][i], many["error"][i])
    else:
        assert one["pads"] == many["pads"][i].tolist()
        assert one["output_shape"] == many["output_shape"][i].tolist()
        assert one["flip_kernel"] == bool(many["flip_kernel"][i])
        assert one.get("may_reject", False) == bool(many["may_reject"][i])
        if one.get("may_reject"):
            assert (one["exception"], one["error"]) == (many["exception"][i], many["error"][i])
        divisor = many["divisor"]
        divisor = divisor[i] if isinstance(divisor, np.ndarray) else divisor
        assert one.get("divisor") == (divisor or None)
    expected = {d["id"]: d for d in one.get("deviations", [])}
    got = {d["id"]: d for d in many["deviations"] if d["applies"][i]}
    assert set(expected) == set(got)
    for dev_id, dev in expected.items():
        if dev.get("crash"):
            assert got[dev_id].get("crash") == dev["crash"]
        elif dev.get("rejected"):
            assert got[dev_id].get("rejected")
        elif "pads" in got[dev_id]:
            assert dev["pads"] == got[dev_id]["pads"][i].tolist()
            assert dev["output_shape"] == got[dev_id]["output_shape"][i].tolist()


@pytest.mark.parametrize("seed", [0, 1])
def test_explain_many_matches_explain(seed):
    rng = random.Random(seed)
    compared = deviated = 0
    for spec, op, pname, args, rank in _conventions():
        answers = []
        for n, k, s, d, pads in _sample(rng, rank, args, 6):
            try:
                one = padvec.explain(spec, op, pname, n, k, s, d, pads)
            except SpecError:
                continue     # explain refuses it; explain_many would refuse the whole batch
            answers.append(((n, k, s, d, pads), one))
        if not answers:
            continue
        cols = list(zip(*[a[0] for a in answers]))
        many = padvec.explain_many(spec, op, pname, np.array(cols[0]), np.array(cols[1]),
                                   np.array(cols[2]), np.array(cols[3]),
                                   None if args is None else np.array(cols[4]))
        for i, (_, one) in enumerate(answers):
            _same(one, many, i, rank)
            compared += 1
            deviated += bool(one.get("deviations"))
    assert compared > 500 and deviated > 0, (compared, deviated)


def test_explain_many_accepts_flat_rank1_columns_and_shared_values():
    r = padvec.explain_many("keras-theano", "conv", "same", [8, 9, 10], 4)
    assert r["pads"].tolist() == [[[2, 1]], [[2, 1]], [[2, 1]]]
    assert r["output_shape"].tolist() == [[8], [9], [10]]


def test_explain_many_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match="kernel"):
        padvec.explain_many("tensorflow", "conv", "SAME", [[8, 8], [9, 9]], [[3, 3, 3]])
