# onnx2torch-auto-pad-same: NotImplementedError: "SAME_UPPER" auto_pad is not implemented (every SAME_* node)
# client: onnx2torch; versions: {"onnx": "1.23.2", "onnx2torch": "1.5.15", "torch": "2.13.0+cpu", "torchvision": "0.0.0+padvec-shim"}
# case: vectors/onnx/conv.json conv1d-sameupper-n1-k1-s1-d1 (onnx-conv-02040de221)
# expected (padvec reference, documented convention): output [30], pads [[0, 0]]
# actual in the padvec run: NotImplementedError: "SAME_UPPER" auto_pad is not implemented
# upstream: https://github.com/ENOT-AutoDL/onnx2torch/issues/148
import numpy as np, onnx
from onnx import TensorProto, helper, numpy_helper
import onnx2torch, torch
x = np.array([6], dtype=np.float32).reshape([1, 1, 1])
node = helper.make_node('Conv', ['X', 'W'], ['Y'], **{"auto_pad": "SAME_UPPER", "dilations": [1], "kernel_shape": [1], "strides": [1]})
graph = helper.make_graph([node], 'repro', [helper.make_tensor_value_info('X', TensorProto.FLOAT, [1, 1, 1])], [helper.make_tensor_value_info('Y', TensorProto.FLOAT, ['N', 'C', 'Y1'])], initializer=[numpy_helper.from_array(np.array([[[5.0]]], dtype=np.float32), name='W')])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 11)])
model.ir_version = 6
expected = [30]
y = onnx2torch.convert(model).eval()(torch.from_numpy(x)).detach().numpy()
print('expected', expected)
print('actual  ', y.reshape(y.shape[2:]).tolist())
