# tract-dynamic-convtranspose-output-shape: with symbolic spatial dims a ConvTranspose with output_shape does not load: TractError: expects concrete dim for deconv
# client: tract-dynamic; versions: {"onnx": "1.23.2", "tract": "0.23.9"}
# case: vectors/onnx/conv_transpose.json convtranspose1d-notset-n7-k2-s2-d1-p1-0-op1-os13 (onnx-convtranspose-7fa107516c)
# expected (padvec reference, documented convention): output [9, 5, 3, 45, 27, 40, 24, 20, 12, 25, 15, 35, 21], pads [[1, 0]]
# actual in the padvec run: TractError: Translating node #2 "padvec" ConvTranspose ToTypedTranslator

Caused by:
    expects concrete dim for deconv

Stack backtrace:
   0: <tract_onnx::ops::nn::conv_transpose::ConvTranspose as tract_hir::ops::expandable::Expansion>::wire
   1: <tract_onnx::ops::nn::conv_transpose::ConvTranspose as tra...
import numpy as np, onnx
from onnx import TensorProto, helper, numpy_helper
import tract
x = np.array([3, 1, 9, 8, 4, 5, 7], dtype=np.float32).reshape([1, 1, 7])
node = helper.make_node('ConvTranspose', ['X', 'W'], ['Y'], **{"auto_pad": "NOTSET", "dilations": [1], "kernel_shape": [2], "output_padding": [1], "output_shape": [13], "pads": [1, 0], "strides": [2]})
graph = helper.make_graph([node], 'repro', [helper.make_tensor_value_info('X', TensorProto.FLOAT, [1, 1, 7])], [helper.make_tensor_value_info('Y', TensorProto.FLOAT, ['N', 'C', 'Y1'])], initializer=[numpy_helper.from_array(np.array([[[5.0, 3.0]]], dtype=np.float32), name='W')])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 11)])
model.ir_version = 6
expected = [9, 5, 3, 45, 27, 40, 24, 20, 12, 25, 15, 35, 21]
onnx.save(model, 'repro.onnx')
y = tract.onnx().load('repro.onnx').into_model().into_runnable().run([x])[0].to_numpy()
print('expected', expected)
print('actual  ', y.reshape(y.shape[2:]).tolist())
