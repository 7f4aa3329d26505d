# tract-convtranspose-same-output-shape-abort: the process aborts (SIGABRT, 'thread caused non-unwinding panic') on a SAME_* ConvTranspose with output_shape
# client: tract; versions: {"onnx": "1.23.2", "tract": "0.23.9"}
# case: vectors/onnx/conv_transpose.json convtranspose1d-sameupper-n8-k4-s1-d1-op0-os8 (onnx-convtranspose-eb950cb15f)
# expected (padvec reference, documented convention): output [57, 91, 93, 73, 93, 84, 68, 38], pads [[1, 2]]
# actual in the padvec run: worker died (SIGABRT); stderr:           at /tmp/python-build.20260509073455.222/Python-3.11.7/Modules/main.c:710:12
  34:     0x7f121f8ba217 - Py_BytesMain
                               at /tmp/python-build.20260509073455.222/Python-3.11.7/Modules/main.c:734:12
  35:     0x7f121f44524a - __libc_start_call_main
                               at ./csu/../sysdeps/nptl/libc_start_call_main.h:58:16
  36:     0x7f121f445305 - __libc_start_main_impl
                               at ./csu/../csu/libc-start.c:360:3
  37:     0x55710ee7f081 - _start
  38:                0x0 - <unknown>
thread caused non-unwinding panic. aborting.

import numpy as np, onnx
from onnx import TensorProto, helper, numpy_helper
import tract
x = np.array([4, 5, 8, 4, 2, 3, 5, 4], dtype=np.float32).reshape([1, 1, 8])
node = helper.make_node('ConvTranspose', ['X', 'W'], ['Y'], **{"auto_pad": "SAME_UPPER", "dilations": [1], "kernel_shape": [4], "output_padding": [0], "output_shape": [8], "strides": [1]})
graph = helper.make_graph([node], 'repro', [helper.make_tensor_value_info('X', TensorProto.FLOAT, [1, 1, 8])], [helper.make_tensor_value_info('Y', TensorProto.FLOAT, ['N', 'C', 'Y1'])], initializer=[numpy_helper.from_array(np.array([[[9.0, 3.0, 1.0, 7.0]]], dtype=np.float32), name='W')])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 11)])
model.ir_version = 6
expected = [57, 91, 93, 73, 93, 84, 68, 38]
onnx.save(model, 'repro.onnx')
y = tract.onnx().load('repro.onnx').into_model().into_runnable().run([x])[0].to_numpy()
print('expected', expected)
print('actual  ', y.reshape(y.shape[2:]).tolist())
