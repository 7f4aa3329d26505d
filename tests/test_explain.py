"""`padvec explain` and the API give the pad split, output shape and picture people look for."""
import json

import padvec
from helpers import padvec as run_cli


def test_keras_theano_seed_case_cli():
    res = run_cli("explain", "keras-theano", "--op", "conv", "--padding", "same",
                  "--input", "8", "--kernel", "4")
    assert res.returncode == 0, res.stderr
    assert "pad 2 before, 1 after" in res.stdout
    assert "[0,0,x,x,x,x,x,x,x,x,0]" in res.stdout


def test_keras_theano_seed_case_json_and_vector():
    res = run_cli("explain", "keras-theano", "--op", "conv", "--padding", "same",
                  "--input", "8", "--kernel", "4", "--json")
    out = json.loads(res.stdout)
    assert out["pads"] == [[2, 1]] and out["output_shape"] == [8] and out["rejected"] is False
    seeds = [c for c in padvec.load("keras-theano", "conv")
             if c["input_shape"] == [8] and c["kernel_shape"] == [4] and c["padding"] == "same"
             and c["input"] == [1] * 8 and c["kernel"] == [1] * 4]
    assert seeds, "the seed case (ones in, ones kernel) must be a named case"
    assert seeds[0]["expect"]["output"] == [2, 3, 4, 4, 4, 4, 4, 3]


def test_tf_keras_conv1d_same_is_one_before_two_after():
    out = padvec.explain("tf-keras", op="conv", padding="same", input=[8], kernel=[4])
    assert out["pads"] == [[1, 2]] and out["output_shape"] == [8]


def test_tf_keras_conv1d_transpose_same_behaves_like_0_0_x_x_0():
    # Conv1DTranspose(4, padding='same') on 8 inputs, stride 1: the full output has 11 cells;
    # 'same' keeps 8, cropping 1 at the start and 2 at the end (ones in, ones kernel:
    # [2,3,4,4,4,4,4,3]).  As a direct convolution (flipped kernel) that is the input padded
    # 2 before and 1 after: the [0,0,x,...,x,0] of the original report.
    out = padvec.explain("tf-keras", op="conv_transpose", padding="same", input=[8],
                         kernel=[4])
    assert out["pads"] == [[1, 2]] and out["output_shape"] == [8]
    assert out["picture"] == ["[0,0,x,x,x,x,x,x,x,x,0]"]
    cases = [c for c in padvec.load("tf-keras", "conv_transpose")
             if c["input_shape"] == [8] and c["kernel_shape"] == [4] and c["stride"] == [1]
             and c["padding"] == "same" and c["expect"]["result"] == "valid"
             and c["options"].get("output_padding") is None]
    assert cases and all(c["expect"]["pads"] == [[1, 2]] for c in cases)
    strided = padvec.explain("tf-keras", op="conv_transpose", padding="same", input=[3],
                             kernel=[3], stride=[2])
    assert strided["picture"] == ["[0,0,x,0,x,0,x,0]"] and strided["output_shape"] == [6]


def test_onnx_same_upper_vs_lower_and_pytorch_rejection():
    up = padvec.explain("onnx", op="conv", padding="SAME_UPPER", input=[8], kernel=[4])
    low = padvec.explain("onnx", op="conv", padding="SAME_LOWER", input=[8], kernel=[4])
    assert up["pads"] == [[1, 2]] and low["pads"] == [[2, 1]]
    rej = padvec.explain("pytorch", op="conv", padding="same", input=[8], kernel=[4], stride=[2])
    assert rej["rejected"] is True and "strided" in rej["error"]


def test_tensorflow_same_depends_on_input_length_at_stride_2():
    even = padvec.explain("tensorflow", op="conv", padding="SAME", input=[8], kernel=[3],
                          stride=[2])
    odd = padvec.explain("tensorflow", op="conv", padding="SAME", input=[7], kernel=[3],
                         stride=[2])
    assert even["pads"] == [[0, 1]] and odd["pads"] == [[1, 1]]


def test_multi_axis_and_options():
    out = padvec.explain("pytorch", op="avg_pool", padding="explicit", input=[5], kernel=[2],
                         stride=[2], pads=[[1, 1]], ceil_mode=True, count_include_pad=True)
    assert out["output_shape"] == [3]
    out = padvec.explain("tensorflow", op="conv", padding="SAME", input=[7, 6], kernel=[3, 2],
                         stride=[2, 1])
    assert out["pads"] == [[1, 1], [0, 1]] and out["output_shape"] == [4, 6]


def test_unknown_system_is_a_clear_error():
    res = run_cli("explain", "nosuch", "--op", "conv", "--padding", "same", "--input", "8",
                  "--kernel", "4")
    assert res.returncode == 2 and "unknown system 'nosuch'" in res.stderr
