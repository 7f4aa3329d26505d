# tract-maxpool-empty-window-lowest: a window lying wholly in the padding gives -FLT_MAX (-3.4028235e38) instead of -inf
# client: tract; versions: {"onnx": "1.23.2", "tract": "0.23.9"}
# case: vectors/onnx/max_pool.json maxpool1d-notset-n7-k2-s2-d1-p1-2-ceil0 (onnx-maxpool-414442dcfd)
# expected (padvec reference, documented convention): output [-43, -12, -28, -17, "-inf"], pads [[1, 2]]
# actual in the padvec run: shape [5] output [-43, -12, -28, -17, -3.4028234663852886e+38]
import numpy as np, onnx
from onnx import TensorProto, helper, numpy_helper
import tract
x = np.array([-43, -12, -38, -28, -54, -17, -67], dtype=np.float32).reshape([1, 1, 7])
node = helper.make_node('MaxPool', ['X'], ['Y'], **{"auto_pad": "NOTSET", "ceil_mode": 0, "dilations": [1], "kernel_shape": [2], "pads": [1, 2], "strides": [2]})
graph = helper.make_graph([node], 'repro', [helper.make_tensor_value_info('X', TensorProto.FLOAT, [1, 1, 7])], [helper.make_tensor_value_info('Y', TensorProto.FLOAT, ['N', 'C', 'Y1'])], initializer=[])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 11)])
model.ir_version = 6
expected = [-43, -12, -28, -17, "-inf"]
onnx.save(model, 'repro.onnx')
y = tract.onnx().load('repro.onnx').into_model().into_runnable().run([x])[0].to_numpy()
print('expected', expected)
print('actual  ', y.reshape(y.shape[2:]).tolist())
