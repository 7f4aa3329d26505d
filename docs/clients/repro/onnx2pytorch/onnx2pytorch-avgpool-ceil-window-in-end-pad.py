# onnx2pytorch-avgpool-ceil-window-in-end-pad: one extra output with ceil_mode where the last window starts in the end padding
# client: onnx2pytorch; versions: {"onnx": "1.23.2", "onnx2pytorch": "0.6.0", "torch": "2.13.0+cpu", "torchvision": "0.0.0+padvec-shim"}
# case: vectors/onnx/avg_pool.json avgpool1d-notset-n7-k2-s2-d1-p1-2-ceil1-cip0 (onnx-avgpool-c43a4c4207)
# expected (padvec reference, documented convention): output [4, 14, 15, 17], pads [[1, 2]]
# actual in the padvec run: shape [5] output [4, 14, 15, 17, 0]
import numpy as np, onnx
from onnx import TensorProto, helper, numpy_helper
import onnx2pytorch, torch
x = np.array([4, 10, 18, 12, 18, 18, 16], dtype=np.float32).reshape([1, 1, 7])
node = helper.make_node('AveragePool', ['X'], ['Y'], **{"auto_pad": "NOTSET", "ceil_mode": 1, "count_include_pad": 0, "kernel_shape": [2], "pads": [1, 2], "strides": [2]})
graph = helper.make_graph([node], 'repro', [helper.make_tensor_value_info('X', TensorProto.FLOAT, [1, 1, 7])], [helper.make_tensor_value_info('Y', TensorProto.FLOAT, ['N', 'C', 'Y1'])], initializer=[])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 11)])
model.ir_version = 6
expected = [4, 14, 15, 17]
y = onnx2pytorch.ConvertModel(model).eval()(torch.from_numpy(x)).detach().numpy()
print('expected', expected)
print('actual  ', y.reshape(y.shape[2:]).tolist())
