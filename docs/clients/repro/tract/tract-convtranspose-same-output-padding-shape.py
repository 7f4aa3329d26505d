# tract-convtranspose-same-output-padding-shape: SAME_* ConvTranspose ignores output_padding in the output size (n*s instead of n*s + output_padding ... as ONNX issue 4299 discusses)
# client: tract; versions: {"onnx": "1.23.2", "tract": "0.23.9"}
# case: vectors/onnx/conv_transpose.json convtranspose1d-samelower-n8-k3-s2-d1-op1-osnone (onnx-convtranspose-151a7df5ef)
# expected (padvec reference, documented convention): output [56, 34, 35, 19, 14, 20, 49, 35, 49, 35, 49, 35, 49, 27, 21, 9], pads [[1, 0]]
# actual in the padvec run: shape [15] output [56, 34, 35, 19, 14, 20, 49, 35, 49, 35, 49, 35, 49, 27, 21]
import numpy as np, onnx
from onnx import TensorProto, helper, numpy_helper
import tract
x = np.array([8, 5, 2, 7, 7, 7, 7, 3], dtype=np.float32).reshape([1, 1, 8])
node = helper.make_node('ConvTranspose', ['X', 'W'], ['Y'], **{"auto_pad": "SAME_LOWER", "dilations": [1], "kernel_shape": [3], "output_padding": [1], "strides": [2]})
graph = helper.make_graph([node], 'repro', [helper.make_tensor_value_info('X', TensorProto.FLOAT, [1, 1, 8])], [helper.make_tensor_value_info('Y', TensorProto.FLOAT, ['N', 'C', 'Y1'])], initializer=[numpy_helper.from_array(np.array([[[2.0, 7.0, 3.0]]], dtype=np.float32), name='W')])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 11)])
model.ir_version = 6
expected = [56, 34, 35, 19, 14, 20, 49, 35, 49, 35, 49, 35, 49, 27, 21, 9]
onnx.save(model, 'repro.onnx')
y = tract.onnx().load('repro.onnx').into_model().into_runnable().run([x])[0].to_numpy()
print('expected', expected)
print('actual  ', y.reshape(y.shape[2:]).tolist())
