# tf2onnx-maxpool-explicit-pad-not-below-kernel: TF explicit max-pool pads >= the window become MaxPool pads that onnxruntime refuses (Pad should be smaller than kernel)
# client: tf2onnx; versions: {"onnx": "1.23.2", "onnxruntime": "1.32.0", "opset": "13", "tensorflow": "2.21.0", "tf2onnx": "1.17.0"}
# case: vectors/tensorflow/max_pool.json maxpool1d-explicit-n5-k2-s2-d1-p2-1-genericfalse (tensorflow-maxpool-c2cd3c593a)
# expected (padvec reference, documented convention): output ["-inf", -50, -6, -79], pads [[2, 1]]
# actual in the padvec run: Fail: [ONNXRuntimeError] : 1 : FAIL : Exception during initialization: /onnxruntime_src/onnxruntime/core/providers/cpu/nn/pool_attributes.h:88 onnxruntime::PoolAttributes::PoolAttributes(const KernelInfoType&, const std::string&, int) [with KernelInfoType = onnxruntime::OpKernelInfo; std::string = std::__cxx11::basic_string<char>] pads[dim] < kernel_shape[dim] && pads[dim + kernel_shape.size()] < kernel_shape[dim] was false. Pad should be smaller than kernel.

import numpy as np, onnxruntime as ort, tensorflow as tf, tf2onnx
x = np.array([-50, -63, -43, -6, -79], dtype=np.float32)[None, ..., None]
fn = lambda x: tf.nn.max_pool1d(x, ksize=[2], strides=[2], padding=[[0, 0], [2, 1], [0, 0]])
spec = (tf.TensorSpec(list(x.shape), tf.float32, name='x'),)
try:
    print('tensorflow         ', tf.function(fn)(x).numpy()[0, ..., 0].tolist())
except Exception as e:
    print('tensorflow raises  ', type(e).__name__, str(e).splitlines()[0])
for attempt in range(1):
    model, _ = tf2onnx.convert.from_function(tf.function(fn), input_signature=spec, opset=13)
    sess = ort.InferenceSession(model.SerializeToString())
    y = sess.run(None, {'x': x})[0]
    print('tf2onnx+onnxruntime', y.shape, y.reshape([-1]).tolist())
