# torch-maxpool-ceil-window-in-end-pad: one extra output (-inf) with ceil_mode: the last window starts inside the end padding, which ONNX drops
# client: onnx2torch; versions: {"onnx": "1.23.2", "onnx2torch": "1.5.15", "torch": "2.13.0+cpu", "torchvision": "0.0.0+padvec-shim"}
# case: vectors/onnx/max_pool.json maxpool1d-notset-n7-k2-s2-d1-p1-2-ceil1 (onnx-maxpool-0c4f198529)
# expected (padvec reference, documented convention): output [-43, -12, -28, -17], pads [[1, 2]]
# actual in the padvec run: shape [5] output [-43, -12, -28, -17, '-inf']
import numpy as np, onnx
from onnx import TensorProto, helper, numpy_helper
import onnx2torch, torch
x = np.array([-43, -12, -38, -28, -54, -17, -67], dtype=np.float32).reshape([1, 1, 7])
node = helper.make_node('MaxPool', ['X'], ['Y'], **{"auto_pad": "NOTSET", "ceil_mode": 1, "dilations": [1], "kernel_shape": [2], "pads": [1, 2], "strides": [2]})
graph = helper.make_graph([node], 'repro', [helper.make_tensor_value_info('X', TensorProto.FLOAT, [1, 1, 7])], [helper.make_tensor_value_info('Y', TensorProto.FLOAT, ['N', 'C', 'Y1'])], initializer=[])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 11)])
model.ir_version = 6
expected = [-43, -12, -28, -17]
y = onnx2torch.convert(model).eval()(torch.from_numpy(x)).detach().numpy()
print('expected', expected)
print('actual  ', y.reshape(y.shape[2:]).tolist())
