# tract-convtranspose-output-padding-not-checked: output_padding >= max(stride, dilation), which ONNX forbids, is accepted and pads the output
# client: tract; versions: {"onnx": "1.23.2", "tract": "0.23.9"}
# case: vectors/onnx/conv_transpose.json convtranspose1d-notset-n8-k3-s1-d1-p2-1-op1-osnone (onnx-convtranspose-43682b667d)
# expected (padvec reference, documented convention): rejected
# actual in the padvec run: shape [8] output [63, 43, 69, 84, 84, 76, 42, 9]
import numpy as np, onnx
from onnx import TensorProto, helper, numpy_helper
import tract
x = np.array([8, 5, 2, 7, 7, 7, 7, 3], dtype=np.float32).reshape([1, 1, 8])
node = helper.make_node('ConvTranspose', ['X', 'W'], ['Y'], **{"auto_pad": "NOTSET", "dilations": [1], "kernel_shape": [3], "output_padding": [1], "pads": [2, 1], "strides": [1]})
graph = helper.make_graph([node], 'repro', [helper.make_tensor_value_info('X', TensorProto.FLOAT, [1, 1, 8])], [helper.make_tensor_value_info('Y', TensorProto.FLOAT, ['N', 'C', 'Y1'])], initializer=[numpy_helper.from_array(np.array([[[2.0, 7.0, 3.0]]], dtype=np.float32), name='W')])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 11)])
model.ir_version = 6
expected = "rejected"
onnx.save(model, 'repro.onnx')
y = tract.onnx().load('repro.onnx').into_model().into_runnable().run([x])[0].to_numpy()
print('expected', expected)
print('actual  ', y.reshape(y.shape[2:]).tolist())
