# torch-circular-pad-above-input: RuntimeError: Padding value causes wrapping around more than once (ONNX Pad wrap has no such limit)
# client: onnx2pytorch; versions: {"onnx": "1.23.2", "onnx2pytorch": "0.6.0", "torch": "2.13.0+cpu", "torchvision": "0.0.0+padvec-shim"}
# case: vectors/onnx/pad.json pad1d-wrap-n1-p0-2 (onnx-pad-835d0f5579)
# expected (padvec reference, documented convention): output [6, 6, 6], pads [[0, 2]]
# actual in the padvec run: RuntimeError: Padding value causes wrapping around more than once.
import numpy as np, onnx
from onnx import TensorProto, helper, numpy_helper
import onnx2pytorch, torch
x = np.array([6], dtype=np.float32).reshape([1, 1, 1])
node = helper.make_node('Pad', ['X', 'P'], ['Y'], **{"mode": "wrap"})
graph = helper.make_graph([node], 'repro', [helper.make_tensor_value_info('X', TensorProto.FLOAT, [1, 1, 1])], [helper.make_tensor_value_info('Y', TensorProto.FLOAT, ['N', 'C', 'Y1'])], initializer=[numpy_helper.from_array(np.array([0, 0, 0, 0, 0, 2], dtype=np.int64), name='P')])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 19)])
model.ir_version = 9
expected = [6, 6, 6]
y = onnx2pytorch.ConvertModel(model).eval()(torch.from_numpy(x)).detach().numpy()
print('expected', expected)
print('actual  ', y.reshape(y.shape[2:]).tolist())
