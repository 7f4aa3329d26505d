# onnx2pytorch-avgpool-same-exclude-pad-rounding: SAME_* AveragePool without count_include_pad: the divisor correction is done in float (120 -> 119.99999), not an exact average
# client: onnx2pytorch; versions: {"onnx": "1.23.2", "onnx2pytorch": "0.6.0", "torch": "2.13.0+cpu", "torchvision": "0.0.0+padvec-shim"}
# case: vectors/onnx/avg_pool.json avgpool1d-sameupper-n4-k5-s1-d1-ceil0-cip0 (onnx-avgpool-c14d8ed5d5)
# expected (padvec reference, documented convention): output [280, 225, 225, 120], pads [[2, 2]]
# actual in the padvec run: shape [4] output [280, 225, 225, 119.99999237060547]
import numpy as np, onnx
from onnx import TensorProto, helper, numpy_helper
import onnx2pytorch, torch
x = np.array([540, 240, 60, 60], dtype=np.float32).reshape([1, 1, 4])
node = helper.make_node('AveragePool', ['X'], ['Y'], **{"auto_pad": "SAME_UPPER", "ceil_mode": 0, "count_include_pad": 0, "kernel_shape": [5], "strides": [1]})
graph = helper.make_graph([node], 'repro', [helper.make_tensor_value_info('X', TensorProto.FLOAT, [1, 1, 4])], [helper.make_tensor_value_info('Y', TensorProto.FLOAT, ['N', 'C', 'Y1'])], initializer=[])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 11)])
model.ir_version = 6
expected = [280, 225, 225, 120]
y = onnx2pytorch.ConvertModel(model).eval()(torch.from_numpy(x)).detach().numpy()
print('expected', expected)
print('actual  ', y.reshape(y.shape[2:]).tolist())
