# onnx2torch-pad-wrap: NotImplementedError: Converter is not implemented (Pad version 19, mode wrap)
# client: onnx2torch; versions: {"onnx": "1.23.2", "onnx2torch": "1.5.15", "torch": "2.13.0+cpu", "torchvision": "0.0.0+padvec-shim"}
# case: vectors/onnx/pad.json pad1d-wrap-n1-p0-0 (onnx-pad-e4859a693f)
# expected (padvec reference, documented convention): output [6], pads [[0, 0]]
# actual in the padvec run: NotImplementedError: Converter is not implemented (OperationDescription(domain='', operation_type='Pad', version=19))
import numpy as np, onnx
from onnx import TensorProto, helper, numpy_helper
import onnx2torch, torch
x = np.array([6], dtype=np.float32).reshape([1, 1, 1])
node = helper.make_node('Pad', ['X', 'P'], ['Y'], **{"mode": "wrap"})
graph = helper.make_graph([node], 'repro', [helper.make_tensor_value_info('X', TensorProto.FLOAT, [1, 1, 1])], [helper.make_tensor_value_info('Y', TensorProto.FLOAT, ['N', 'C', 'Y1'])], initializer=[numpy_helper.from_array(np.array([0, 0, 0, 0, 0, 0], dtype=np.int64), name='P')])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 19)])
model.ir_version = 9
expected = [6]
y = onnx2torch.convert(model).eval()(torch.from_numpy(x)).detach().numpy()
print('expected', expected)
print('actual  ', y.reshape(y.shape[2:]).tolist())
