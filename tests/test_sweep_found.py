"""Deviations found off the grid: their conditions read every axis (indexed variables), so a
deviation of one axis does not claim a configuration another axis makes impossible."""
from padvec import convention
from padvec.explainer import explain, find_spec


def _ids(result):
    return [d["id"] for d in result.get("deviations", [])]


def test_axis_envs_name_pads_and_options_by_axis():
    geometry = {"n": [5, 6], "k": [2, 3], "s": [1, 2], "d": [1, 1]}
    envs = convention.axis_envs(geometry, {"output_padding": [0, 1], "ceil_mode": 1},
                                [[1, 0], [0, 2]])
    for env in envs:
        assert (env["pad_before0"], env["pad_after1"]) == (1, 2)
        assert (env["output_padding0"], env["output_padding1"], env["ceil_mode1"]) == (0, 1, 1)


def test_batched_deviation_hits_match_the_single_path():
    spec = find_spec("onnx")
    op = spec.ops["max_pool"]
    items = []
    for n0, k1, d1 in ((2, 1, 1), (2, 2, 2), (1, 3, 2), (4, 2, 3)):
        geometry = {"n": [n0, 1], "k": [2, k1], "s": [1, 2], "d": [2, d1]}
        items.append((geometry, {"ceil_mode": 0}, [[0, 0], [1, 0]]))
    batched = convention.deviation_hits(spec, op, "NOTSET", items)
    for (geometry, options, pads), hits in zip(items, batched):
        single = [d.id for d, _ in convention.deviations_for(spec, op, "NOTSET", geometry,
                                                             options, pads)]
        assert sorted(d.id for d in hits) == sorted(single)


def test_short_input_deviation_needs_every_axis_computable():
    one_axis = explain("onnx", "max_pool", "NOTSET", input=[1], kernel=[2], stride=[2],
                       pads=[[0, 0]], ceil_mode=0)
    assert "ort-maxpool-explicit-short-input" in _ids(one_axis)
    # Axis 2 is negative (-1): onnxruntime rejects as documented, the reference raises.
    mixed = explain("onnx", "max_pool", "NOTSET", input=[2, 1, 1], kernel=[2, 1, 2],
                    dilation=[2, 1, 2], pads=[[0, 0], [0, 0], [0, 0]], ceil_mode=0)
    assert mixed["rejected"]
    assert "ort-maxpool-explicit-short-input" not in _ids(mixed)
    assert "ref-pool-negative-length-maxpool" in _ids(mixed)


def test_ort_dilated_same_pool_rules():
    neg = explain("onnx", "max_pool", "SAME_UPPER", input=[20], kernel=[2], stride=[5],
                  dilation=[3], ceil_mode=1)
    dev = [d for d in neg["deviations"] if d["id"] == "ort-maxpool-same-undilated-pad-upper"]
    assert dev and dev[0]["pads"][0][0] == -1 and dev[0]["output_shape"] == [4]
    assert "ort-maxpool-same-negative-pad-rejected" not in _ids(neg)
    too_long = explain("onnx", "max_pool", "SAME_LOWER", input=[1], kernel=[2], dilation=[3],
                       ceil_mode=1)
    assert "ort-maxpool-same-dilated-negative-output" in _ids(too_long)
    assert "ort-maxpool-same-undilated-pad-lower" not in _ids(too_long)
