# onnx2pytorch-avgpool-dilations-ceil: NotImplementedError: AveragePool with both dilations and ceil_mode not implemented
# client: onnx2pytorch; versions: {"onnx": "1.23.2", "onnx2pytorch": "0.6.0", "torch": "2.13.0+cpu", "torchvision": "0.0.0+padvec-shim"}
# case: vectors/onnx/avg_pool.json avgpool1d-notset-n9-k3-s1-d2-p0-1-ceil1-cip0 (onnx-avgpool-80feb2c37f)
# expected (padvec reference, documented convention): output [30, 24, 32, 16, 36, 15], pads [[0, 1]]
# actual in the padvec run: NotImplementedError: AveragePool with both dilations and ceil_mode not implemented.
import numpy as np, onnx
from onnx import TensorProto, helper, numpy_helper
import onnx2pytorch, torch
x = np.array([42, 42, 6, 18, 42, 12, 48, 18, 18], dtype=np.float32).reshape([1, 1, 9])
node = helper.make_node('AveragePool', ['X'], ['Y'], **{"auto_pad": "NOTSET", "ceil_mode": 1, "count_include_pad": 0, "dilations": [2], "kernel_shape": [3], "pads": [0, 1], "strides": [1]})
graph = helper.make_graph([node], 'repro', [helper.make_tensor_value_info('X', TensorProto.FLOAT, [1, 1, 9])], [helper.make_tensor_value_info('Y', TensorProto.FLOAT, ['N', 'C', 'Y1'])], initializer=[])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 19)])
model.ir_version = 9
expected = [30, 24, 32, 16, 36, 15]
y = onnx2pytorch.ConvertModel(model).eval()(torch.from_numpy(x)).detach().numpy()
print('expected', expected)
print('actual  ', y.reshape(y.shape[2:]).tolist())
