# tract-pad-reflect-beyond-input: reflect pads of at least the input length abort the process (SIGABRT, panic) or fill zeros, depending on the sizes
# client: tract; versions: {"onnx": "1.23.2", "tract": "0.23.9"}
# case: vectors/onnx/pad.json pad1d-reflect-n3-p3-3 (onnx-pad-dbcaeac2f6)
# expected (padvec reference, documented convention): output [6, 2, 6, 4, 6, 2, 6, 4, 6], pads [[3, 3]]
# actual in the padvec run: shape [9] output [0, 2, 6, 4, 6, 2, 6, 4, 6]
import numpy as np, onnx
from onnx import TensorProto, helper, numpy_helper
import tract
x = np.array([4, 6, 2], dtype=np.float32).reshape([1, 1, 3])
node = helper.make_node('Pad', ['X', 'P'], ['Y'], **{"mode": "reflect"})
graph = helper.make_graph([node], 'repro', [helper.make_tensor_value_info('X', TensorProto.FLOAT, [1, 1, 3])], [helper.make_tensor_value_info('Y', TensorProto.FLOAT, ['N', 'C', 'Y1'])], initializer=[numpy_helper.from_array(np.array([0, 0, 3, 0, 0, 3], dtype=np.int64), name='P')])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 11)])
model.ir_version = 6
expected = [6, 2, 6, 4, 6, 2, 6, 4, 6]
onnx.save(model, 'repro.onnx')
y = tract.onnx().load('repro.onnx').into_model().into_runnable().run([x])[0].to_numpy()
print('expected', expected)
print('actual  ', y.reshape(y.shape[2:]).tolist())
