# tf2onnx-convtranspose-negative-pads: ConvTranspose emitted with negative pads where TF's output_shape is longer than the stride/kernel geometry gives (SAME with stride > kernel, VALID with a larger output_shape); onnxruntime: Attribute pads must not contain negative values
# client: tf2onnx; versions: {"onnx": "1.23.2", "onnxruntime": "1.32.0", "opset": "13", "tensorflow": "2.21.0", "tf2onnx": "1.17.0"}
# case: vectors/tensorflow/conv_transpose.json convtranspose1d-same-n6-k2-s3-d1-os18 (tensorflow-convtranspose-513190a31f)
# expected (padvec reference, documented convention): output [45, 27, 0, 30, 18, 0, 45, 27, 0, 5, 3, 0, 15, 9, 0, 45, 27, 0], pads [[0, -1]]
# actual in the padvec run: Fail: [ONNXRuntimeError] : 1 : FAIL : Node (conv1d_transpose) Op (ConvTranspose) [ShapeInferenceError] Attribute pads must not contain negative values
import numpy as np, onnxruntime as ort, tensorflow as tf, tf2onnx
x = np.array([9, 6, 9, 1, 3, 9], dtype=np.float32)[None, ..., None]
w = np.array([5, 3], dtype=np.float32)[..., None, None]
fn = lambda x: tf.nn.conv1d_transpose(x, w, [1, 18, 1], strides=[3], padding='SAME', dilations=[1])
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
