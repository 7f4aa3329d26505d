# tract-convtranspose-negative-output-abort: a ConvTranspose whose output length would be negative (ONNX: rejected) aborts the process (SIGABRT, panic) instead of returning an error
# client: tract; versions: {"onnx": "1.23.2", "tract": "0.23.9"}
# case: vectors/onnx/conv_transpose.json onnx-convtranspose-negative-length-output (onnx-convtranspose-74602417e6)
# expected (padvec reference, documented convention): rejected
# actual in the padvec run: process aborted (signal 6) in an every-5th-case run of the matrix
import numpy as np, onnx
from onnx import TensorProto, helper, numpy_helper
import tract
x = np.array([6, 2], dtype=np.float32).reshape([1, 1, 2])
node = helper.make_node('ConvTranspose', ['X', 'W'], ['Y'], **{"auto_pad": "NOTSET", "dilations": [1], "kernel_shape": [2], "output_padding": [0], "pads": [2, 2], "strides": [1]})
graph = helper.make_graph([node], 'repro', [helper.make_tensor_value_info('X', TensorProto.FLOAT, [1, 1, 2])], [helper.make_tensor_value_info('Y', TensorProto.FLOAT, ['N', 'C', 'Y1'])], initializer=[numpy_helper.from_array(np.array([[[5.0, 3.0]]], dtype=np.float32), name='W')])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 11)])
model.ir_version = 6
expected = "rejected"
onnx.save(model, 'repro.onnx')
y = tract.onnx().load('repro.onnx').into_model().into_runnable().run([x])[0].to_numpy()
print('expected', expected)
print('actual  ', y.reshape(y.shape[2:]).tolist())
