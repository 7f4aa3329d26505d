# tract-dynamic-convtranspose-output-shape: with symbolic spatial dims a ConvTranspose with output_shape does not load: TractError: expects concrete dim for deconv
# client: tract-dynamic; versions: {"onnx": "1.23.2", "tract": "0.23.9"}
# case: vectors/onnx/conv_transpose.json convtranspose1d-notset-n8-k3-s1-d1-p1-0-op0-os7 (onnx-convtranspose-cc3272312c)
# expected (padvec reference, documented convention): output [63, 43, 69, 84, 84, 76, 42], pads [[2, 1]]
# actual in the padvec run: TractError: Translating node #2 "padvec" ConvTranspose ToTypedTranslator

Caused by:
    expects concrete dim for deconv

Stack backtrace:
   0: <tract_onnx::ops::nn::conv_transpose::ConvTranspose as tract_hir::ops::expandable::Expansion>::wire
   1: <tract_onnx::ops::nn::conv_transpose::ConvTranspose as tract_hir::ops::expandable::Expansion>::wire_with_inference_model_and_node
   2: <alloc::boxed::Box<dyn tract_hir::ops::expandable::Expansion> as tract_hir::infer::rules::InferenceRulesOp>::to_typed
   3: <alloc::boxed::Box<dyn tract_hir::ops::expandable::Expansion> as tract_hir::infer::ops::InferenceOp>::to_typed
   4: <<tract_core::model::graph::Graph<tract_hir::infer::fact::InferenceFact, alloc::boxed::Box<dyn tract_hir::infer::ops::InferenceOp>> as tract_hir::infer::model::InferenceModelExt>::into_typed::ToTypedTranslator as tract_core::model::translator::Translate<tract_hir::infer::fact::InferenceFact, alloc::boxed::Box<dyn tract_hir::infer::ops::InferenceOp>, tract_core::model::fact::TypedFact, alloc::boxed::Box<dyn tract_core::ops::TypedOp>>>::translate_node
   5: <tract_core::model::graph::Graph<tract_hir::infer::fact::InferenceFact, alloc::boxed::Box<dyn tract_hir::infer::ops::InferenceOp>> as tract_hir::infer::model::InferenceModelExt>::into_typed
   6: tract_inference_model_into_model
   7: <unknown>
   8: <unknown>
   9: ffi_call
  10: _call_function_pointer
             at /tmp/python-build.20260509073455.222/Python-3.11.7/Modules/_ctypes/callproc.c:923:17
  11: _ctypes_callproc
             at /tmp/python-build.20260509073455.222/Python-3.11.7/Modules/_ctypes/callproc.c:1262:15
  12: PyCFuncPtr_call
             at /tmp/python-build.20260509073455.222/Python-3.11.7/Modules/_ctypes/_ctypes.c:4201:14
  13: _PyObject_MakeTpCall
             at /tmp/python-build.20260509073455.222/Python-3.11.7/Objects/call.c:214:18
  14: _PyEval_EvalFrameDefault
             at /tmp/python-build.20260509073455.222/Python-3.11.7/Python/ceval.c:4769:23
  15: _PyEval_EvalFrame
         
import numpy as np, onnx
from onnx import TensorProto, helper, numpy_helper
import tract
x = np.array([8, 5, 2, 7, 7, 7, 7, 3], dtype=np.float32).reshape([1, 1, 8])
node = helper.make_node('ConvTranspose', ['X', 'W'], ['Y'], **{"auto_pad": "NOTSET", "dilations": [1], "kernel_shape": [3], "output_padding": [0], "output_shape": [7], "pads": [1, 0], "strides": [1]})
graph = helper.make_graph([node], 'repro', [helper.make_tensor_value_info('X', TensorProto.FLOAT, [1, 1, 8])], [helper.make_tensor_value_info('Y', TensorProto.FLOAT, ['N', 'C', 'Y1'])], initializer=[numpy_helper.from_array(np.array([[[2.0, 7.0, 3.0]]], dtype=np.float32), name='W')])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 11)])
model.ir_version = 6
expected = [63, 43, 69, 84, 84, 76, 42]
onnx.save(model, 'repro.onnx')
y = tract.onnx().load('repro.onnx').into_model().into_runnable().run([x])[0].to_numpy()
print('expected', expected)
print('actual  ', y.reshape(y.shape[2:]).tolist())
