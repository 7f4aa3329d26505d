# tract-convtranspose-same-stride-above-kernel: TractError: Invalid axis geometry for SAME padding: expect (kernel_len - 1) * dilation > stride - 1
# client: tract; versions: {"onnx": "1.23.2", "tract": "0.23.9"}
# case: vectors/onnx/conv_transpose.json convtranspose1d-sameupper-n8-k2-s3-d1-op0-osnone (onnx-convtranspose-993ee9209c)
# expected (padvec reference, documented convention): output [0, 10, 6, 0, 15, 9, 0, 30, 18, 0, 20, 12, 0, 15, 9, 0, 40, 24, 0, 40, 24, 0, 35, 21], pads [[-1, 0]]
# actual in the padvec run: TractError: Failed analyse for node #2 "padvec" ConvTranspose

Caused by:
    0: Infering facts
    1: Applying rule GivenRule { (inputs[0].shape, inputs[1].shape) }
    2: Invalid axis geometry for SAME padding: expect (kernel_len - 1) * dilation > stride - 1

Stack backtrace:
   0: <anyhow::Error>::msg::<&...
import numpy as np, onnx
from onnx import TensorProto, helper, numpy_helper
import tract
x = np.array([2, 3, 6, 4, 3, 8, 8, 7], dtype=np.float32).reshape([1, 1, 8])
node = helper.make_node('ConvTranspose', ['X', 'W'], ['Y'], **{"auto_pad": "SAME_UPPER", "dilations": [1], "kernel_shape": [2], "output_padding": [0], "strides": [3]})
graph = helper.make_graph([node], 'repro', [helper.make_tensor_value_info('X', TensorProto.FLOAT, [1, 1, 8])], [helper.make_tensor_value_info('Y', TensorProto.FLOAT, ['N', 'C', 'Y1'])], initializer=[numpy_helper.from_array(np.array([[[5.0, 3.0]]], dtype=np.float32), name='W')])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 11)])
model.ir_version = 6
expected = [0, 10, 6, 0, 15, 9, 0, 30, 18, 0, 20, 12, 0, 15, 9, 0, 40, 24, 0, 40, 24, 0, 35, 21]
onnx.save(model, 'repro.onnx')
y = tract.onnx().load('repro.onnx').into_model().into_runnable().run([x])[0].to_numpy()
print('expected', expected)
print('actual  ', y.reshape(y.shape[2:]).tolist())
