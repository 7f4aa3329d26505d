# torch-pool-pad-above-half-kernel: RuntimeError: pad should be at most half of effective kernel size (torch's pooling limit, not ONNX's)
# client: onnx2pytorch; versions: {"onnx": "1.23.2", "onnx2pytorch": "0.6.0", "torch": "2.13.0+cpu", "torchvision": "0.0.0+padvec-shim"}
# case: vectors/onnx/max_pool.json maxpool1d-notset-n6-k1-s3-d1-p1-1-ceil0 (onnx-maxpool-addc5dd615)
# expected (padvec reference, documented convention): output ["-inf", -37, -4], pads [[1, 1]]
# actual in the padvec run: RuntimeError: pad should be at most half of effective kernel size, but got pad=1, kernel_size=1 and dilation=1
import numpy as np, onnx
from onnx import TensorProto, helper, numpy_helper
import onnx2pytorch, torch
x = np.array([-47, -59, -37, -32, -4, -4], dtype=np.float32).reshape([1, 1, 6])
node = helper.make_node('MaxPool', ['X'], ['Y'], **{"auto_pad": "NOTSET", "ceil_mode": 0, "dilations": [1], "kernel_shape": [1], "pads": [1, 1], "strides": [3]})
graph = helper.make_graph([node], 'repro', [helper.make_tensor_value_info('X', TensorProto.FLOAT, [1, 1, 6])], [helper.make_tensor_value_info('Y', TensorProto.FLOAT, ['N', 'C', 'Y1'])], initializer=[])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 11)])
model.ir_version = 6
expected = ["-inf", -37, -4]
y = onnx2pytorch.ConvertModel(model).eval()(torch.from_numpy(x)).detach().numpy()
print('expected', expected)
print('actual  ', y.reshape(y.shape[2:]).tolist())
