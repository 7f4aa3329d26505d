# tf2onnx-convtranspose-output-shape-not-checked: an output_shape that TensorFlow rejects (Size of out_backprop doesn't match computed) converts and runs
# client: tf2onnx; versions: {"onnx": "1.23.2", "onnxruntime": "1.32.0", "opset": "13", "tensorflow": "2.21.0", "tf2onnx": "1.17.0"}
# case: vectors/tensorflow/conv_transpose.json convtranspose1d-valid-n8-k4-s2-d1-os16 (tensorflow-convtranspose-a0069c410a)
# expected (padvec reference, documented convention): rejected
# actual in the padvec run: shape [16] output [12, 49, 43, 77, 59, 44, 68, 22, 34, 29, 23, 48, 36, 41, 47, 4]
import numpy as np, onnxruntime as ort, tensorflow as tf, tf2onnx
x = np.array([4, 5, 8, 4, 2, 3, 5, 4], dtype=np.float32)[None, ..., None]
w = np.array([9, 3, 1, 7], dtype=np.float32)[..., None, None]
fn = lambda x: tf.nn.conv1d_transpose(x, w, [1, 16, 1], strides=[2], padding='VALID', dilations=[1])
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
