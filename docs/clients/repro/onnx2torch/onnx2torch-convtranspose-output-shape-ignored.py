# onnx2torch-convtranspose-output-shape-ignored: ConvTranspose output_shape is ignored: the output has the length of the pads-only formula
# client: onnx2torch; versions: {"onnx": "1.23.2", "onnx2torch": "1.5.15", "torch": "2.13.0+cpu", "torchvision": "0.0.0+padvec-shim"}
# case: vectors/onnx/conv_transpose.json convtranspose1d-notset-n8-k3-s1-d1-p0-0-op0-os8 (onnx-convtranspose-32fb3d1483)
# expected (padvec reference, documented convention): output [66, 63, 43, 69, 84, 84, 76, 42], pads [[1, 1]]
# actual in the padvec run: shape [10] output [16, 66, 63, 43, 69, 84, 84, 76, 42, 9]
import numpy as np, onnx
from onnx import TensorProto, helper, numpy_helper
import onnx2torch, torch
x = np.array([8, 5, 2, 7, 7, 7, 7, 3], dtype=np.float32).reshape([1, 1, 8])
node = helper.make_node('ConvTranspose', ['X', 'W'], ['Y'], **{"auto_pad": "NOTSET", "dilations": [1], "kernel_shape": [3], "output_padding": [0], "output_shape": [8], "pads": [0, 0], "strides": [1]})
graph = helper.make_graph([node], 'repro', [helper.make_tensor_value_info('X', TensorProto.FLOAT, [1, 1, 8])], [helper.make_tensor_value_info('Y', TensorProto.FLOAT, ['N', 'C', 'Y1'])], initializer=[numpy_helper.from_array(np.array([[[2.0, 7.0, 3.0]]], dtype=np.float32), name='W')])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 11)])
model.ir_version = 6
expected = [66, 63, 43, 69, 84, 84, 76, 42]
y = onnx2torch.convert(model).eval()(torch.from_numpy(x)).detach().numpy()
print('expected', expected)
print('actual  ', y.reshape(y.shape[2:]).tolist())
