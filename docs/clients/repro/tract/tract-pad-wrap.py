# tract-pad-wrap: TractError: Unsupported mode wrap (Pad-19)
# client: tract; versions: {"onnx": "1.23.2", "tract": "0.23.9"}
# case: vectors/onnx/pad.json pad1d-wrap-n2-p0-2 (onnx-pad-8038377e1f)
# expected (padvec reference, documented convention): output [7, 1, 7, 1], pads [[0, 2]]
# actual in the padvec run: TractError: Building node padvec (Pad)

Caused by:
    Unsupported mode wrap

Stack backtrace:
   0: <anyhow::Error>::msg::<alloc::string::String>
   1: anyhow::__private::format_err.50633
   2: tract_onnx::ops::array::pad::pad_mode
   3: tract_onnx::ops::array::pad::pad
   4: <tract_onnx::model::ParsingCont...
import numpy as np, onnx
from onnx import TensorProto, helper, numpy_helper
import tract
x = np.array([7, 1], dtype=np.float32).reshape([1, 1, 2])
node = helper.make_node('Pad', ['X', 'P'], ['Y'], **{"mode": "wrap"})
graph = helper.make_graph([node], 'repro', [helper.make_tensor_value_info('X', TensorProto.FLOAT, [1, 1, 2])], [helper.make_tensor_value_info('Y', TensorProto.FLOAT, ['N', 'C', 'Y1'])], initializer=[numpy_helper.from_array(np.array([0, 0, 0, 0, 0, 2], dtype=np.int64), name='P')])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 19)])
model.ir_version = 9
expected = [7, 1, 7, 1]
onnx.save(model, 'repro.onnx')
y = tract.onnx().load('repro.onnx').into_model().into_runnable().run([x])[0].to_numpy()
print('expected', expected)
print('actual  ', y.reshape(y.shape[2:]).tolist())
