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
   4: <tract_onnx::model::ParsingContext>::parse_graph
   5: <tract_onnx::model::Onnx>::parse_with_template
   6: <tract_onnx::model::Onnx as tract_core::framework::Framework<tract_onnx::pb::ModelProto, tract_core::model::graph::Graph<tract_hir::infer::fact::InferenceFact, alloc::boxed::Box<dyn tract_hir::infer::ops::InferenceOp>>>>::model_for_path::<&str>
   7: tract_onnx_load
   8: <unknown>
   9: <unknown>
  10: ffi_call
  11: _call_function_pointer
             at /tmp/python-build.20260509073455.222/Python-3.11.7/Modules/_ctypes/callproc.c:923:17
  12: _ctypes_callproc
             at /tmp/python-build.20260509073455.222/Python-3.11.7/Modules/_ctypes/callproc.c:1262:15
  13: PyCFuncPtr_call
             at /tmp/python-build.20260509073455.222/Python-3.11.7/Modules/_ctypes/_ctypes.c:4201:14
  14: _PyObject_MakeTpCall
             at /tmp/python-build.20260509073455.222/Python-3.11.7/Objects/call.c:214:18
  15: _PyEval_EvalFrameDefault
             at /tmp/python-build.20260509073455.222/Python-3.11.7/Python/ceval.c:4769:23
  16: _PyEval_EvalFrame
             at /tmp/python-build.20260509073455.222/Python-3.11.7/./Include/internal/pycore_ceval.h:73:16
  17: _PyEval_Vector
             at /tmp/python-build.20260509073455.222/Python-3.11.7/Python/ceval.c:6434:24
  18: PyEval_EvalCode
             at /tmp/python-build.20260509073455.222/Python-3.11.7/Python/ceval.c:1148:21
  19: builtin_exec_impl
             at /tmp/python-build.20260509073455.222/Python-3.11.7/Python/bltinmodule.c:1077:17
  20: builtin_exec
             at /tmp/python-build.20260509073455.222/Python-3.11.7/Python/clinic/bltinmodule.c.h:465:20
  21: cfunction_vectorcall_FASTCALL_KEYWORDS
             at /tmp/python-build.20260509073455.222/Py
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
