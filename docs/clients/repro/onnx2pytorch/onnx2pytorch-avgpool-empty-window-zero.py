# onnx2pytorch-avgpool-empty-window-zero: a window lying wholly in the padding averages to 0 (ONNX: 0/0 = nan, what onnxruntime gives)
# client: onnx2pytorch; versions: {"onnx": "1.23.2", "onnx2pytorch": "0.6.0", "torch": "2.13.0+cpu", "torchvision": "0.0.0+padvec-shim"}
# case: vectors/onnx/avg_pool.json avgpool1d-notset-n7-k2-s2-d1-p2-1-ceil0-cip0 (onnx-avgpool-2e28bcd100)
# expected (padvec reference, documented convention): output ["nan", 7, 15, 18, 16], pads [[2, 1]]
# actual in the padvec run: shape [5] output [0, 7, 15, 18, 16]
import numpy as np, onnx
from onnx import TensorProto, helper, numpy_helper
import onnx2pytorch, torch
x = np.array([4, 10, 18, 12, 18, 18, 16], dtype=np.float32).reshape([1, 1, 7])
node = helper.make_node('AveragePool', ['X'], ['Y'], **{"auto_pad": "NOTSET", "ceil_mode": 0, "count_include_pad": 0, "kernel_shape": [2], "pads": [2, 1], "strides": [2]})
graph = helper.make_graph([node], 'repro', [helper.make_tensor_value_info('X', TensorProto.FLOAT, [1, 1, 7])], [helper.make_tensor_value_info('Y', TensorProto.FLOAT, ['N', 'C', 'Y1'])], initializer=[])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 11)])
model.ir_version = 6
expected = ["nan", 7, 15, 18, 16]
y = onnx2pytorch.ConvertModel(model).eval()(torch.from_numpy(x)).detach().numpy()
print('expected', expected)
print('actual  ', y.reshape(y.shape[2:]).tolist())
