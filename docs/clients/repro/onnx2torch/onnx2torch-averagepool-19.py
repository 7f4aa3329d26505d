# onnx2torch-averagepool-19: NotImplementedError: Converter is not implemented (AveragePool version 19, the first with dilations)
# client: onnx2torch; versions: {"onnx": "1.23.2", "onnx2torch": "1.5.15", "torch": "2.13.0+cpu", "torchvision": "0.0.0+padvec-shim"}
# case: vectors/onnx/avg_pool.json avgpool1d-notset-n9-k3-s1-d2-p0-0-ceil0-cip0 (onnx-avgpool-c5e855f7dc)
# expected (padvec reference, documented convention): output [30, 24, 32, 16, 36], pads [[0, 0]]
# actual in the padvec run: NotImplementedError: Converter is not implemented (OperationDescription(domain='', operation_type='AveragePool', version=19))
import numpy as np, onnx
from onnx import TensorProto, helper, numpy_helper
import onnx2torch, torch
x = np.array([42, 42, 6, 18, 42, 12, 48, 18, 18], dtype=np.float32).reshape([1, 1, 9])
node = helper.make_node('AveragePool', ['X'], ['Y'], **{"auto_pad": "NOTSET", "ceil_mode": 0, "count_include_pad": 0, "dilations": [2], "kernel_shape": [3], "pads": [0, 0], "strides": [1]})
graph = helper.make_graph([node], 'repro', [helper.make_tensor_value_info('X', TensorProto.FLOAT, [1, 1, 9])], [helper.make_tensor_value_info('Y', TensorProto.FLOAT, ['N', 'C', 'Y1'])], initializer=[])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 19)])
model.ir_version = 9
expected = [30, 24, 32, 16, 36]
y = onnx2torch.convert(model).eval()(torch.from_numpy(x)).detach().numpy()
print('expected', expected)
print('actual  ', y.reshape(y.shape[2:]).tolist())
