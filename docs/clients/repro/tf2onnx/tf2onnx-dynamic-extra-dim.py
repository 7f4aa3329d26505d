# tf2onnx-dynamic-extra-dim: 2-D/3-D pooling/conv converted with unknown spatial dims sometimes lacks the final Squeeze of tf2onnx's NHWC<->NCHW reshape pattern: the output is (1, 1, H, W, 1) for a (1, H, W, 1) input, values right. Nondeterministic: converting the same tf.function three times in one process gave the Squeeze-less graph once, whatever PYTHONHASHSEED
# client: tf2onnx-dynamic; versions: {"onnx": "1.23.2", "onnxruntime": "1.32.0", "opset": "13", "tensorflow": "2.21.0", "tf2onnx": "1.17.0"}
# case: vectors/tensorflow/conv.json conv2d-valid-n8x5-k4x3-s1x2-d1x1-genericfalse (tensorflow-conv-fcba6b3072)
# expected (padvec reference, documented convention): output [[327, 309], [326, 274], [313, 269], [346, 231], [245, 233]], pads [[0, 0], [0, 0]]
# actual in the padvec run: shape [1, 5, 2] output [[[327, 309], [326, 274], [313, 269], [346, 231], [245, 233]]]
import numpy as np, onnxruntime as ort, tensorflow as tf, tf2onnx
x = np.array([[3, 7, 4, 5, 2], [2, 8, 3, 2, 9], [6, 3, 7, 9, 1], [3, 9, 5, 3, 1], [2, 6, 6, 5, 3], [9, 2, 4, 7, 1], [1, 7, 1, 6, 3], [6, 1, 9, 1, 7]], dtype=np.float32)[None, ..., None]
w = np.array([[2, 8, 7], [1, 7, 9], [7, 7, 3], [3, 6, 1]], dtype=np.float32)[..., None, None]
fn = lambda x: tf.nn.conv2d(x, w, strides=[1, 2], padding='VALID', dilations=[1, 1])
spec = (tf.TensorSpec([1] + [None] * 2 + [1], tf.float32, name='x'),)
try:
    print('tensorflow         ', tf.function(fn)(x).numpy()[0, ..., 0].tolist())
except Exception as e:
    print('tensorflow raises  ', type(e).__name__, str(e).splitlines()[0])
for attempt in range(3):
    model, _ = tf2onnx.convert.from_function(tf.function(fn), input_signature=spec, opset=13)
    sess = ort.InferenceSession(model.SerializeToString())
    y = sess.run(None, {'x': x})[0]
    print('tf2onnx+onnxruntime', y.shape, y.reshape([-1]).tolist())
