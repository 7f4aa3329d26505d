# tf2onnx-convtranspose-explicit-negative-pads-dropped: explicit conv_transpose padding whose output_shape implies a negative pad: the pads are dropped (output as with pads 0)
# client: tf2onnx; versions: {"onnx": "1.23.2", "onnxruntime": "1.32.0", "opset": "13", "tensorflow": "2.21.0", "tf2onnx": "1.17.0"}
# case: vectors/tensorflow/conv_transpose.json convtranspose2d-explicit-n6x9-k2x3-s3x2-d1x1-p1-1x0-0-os17x19 (tensorflow-convtranspose-196c0e6856)
# expected (padvec reference, documented convention): output [[24, 36, 64, 54, 84, 63, 103, 81, 93, 45, 47, 18, 32, 27, 75, 81, 99, 54, 42], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [72, 72, 83, 27, 30, 9, 79, 72, 119, 63, 58, 9, 25, 18, 86, 72, 137, 81, 63], [48, 72, 74, 27, 27, 9, 55, 72, 98, 63, 55, 9, 19, 18, 62, 72, 110, 81, 63], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [18, 18, 50, 36, 55, 27, 84, 63, 112, 63, 103, 54, 51, 9, 34, 27, 102, 81, 63], [12, 18, 38, 36, 46, 27, 63, 63, 91, 63, 85, 54, 48, 9, 25, 27, 75, 81, 63], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [36, 36, 46, 18, 86, 72, 119, 63, 67, 18, 68, 54, 69, 27, 39, 18, 59, 45, 35], [24, 36, 40, 18, 62, 72, 98, 63, 61, 18, 50, 54, 60, 27, 33, 18, 44, 45, 35], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [72, 72, 92, 36, 82, 54, 123, 81, 117, 54, 78, 36, 55, 27, 93, 72, 101, 45, 35], [48, 72, 80, 36, 64, 54, 96, 81, 99, 54, 66, 36, 46, 27, 69, 72, 86, 45, 35], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [45, 45, 53, 18, 68, 54, 114, 72, 128, 72, 65, 9, 43, 36, 109, 81, 81, 18, 14], [30, 45, 47, 18, 50, 54, 90, 72, 104, 72, 62, 9, 31, 36, 82, 81, 75, 18, 14], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]], pads [[1, -1], [0, 0]]
# actual in the padvec run: shape [17, 19] output [[36, 36, 82, 54, 105, 63, 130, 81, 108, 45, 53, 18, 41, 27, 102, 81, 117, 54, 42], [24, 36, 64, 54, 84, 63, 103, 81, 93, 45, 47, 18, 32, 27, 75, 81, 99, 54, 42], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [72, 72, 83, 27, 30, 9, 79, 72, 119, 63, 58, 9, 25, 18, 86, 72, 137, 81, 63...
# the actual output is what these pad splits give: [{"flip_kernel": false, "pads": [[0, 0], [0, 0]]}]
import numpy as np, onnxruntime as ort, tensorflow as tf, tf2onnx
x = np.array([[4, 6, 7, 9, 5, 2, 3, 9, 6], [8, 3, 1, 8, 7, 1, 2, 8, 9], [2, 4, 3, 7, 7, 6, 1, 3, 9], [4, 2, 8, 7, 2, 6, 3, 2, 5], [8, 4, 6, 9, 6, 4, 3, 8, 5], [5, 2, 6, 8, 8, 1, 4, 9, 2]], dtype=np.float32)[None, ..., None]
w = np.array([[9, 9, 7], [6, 9, 7]], dtype=np.float32)[..., None, None]
fn = lambda x: tf.nn.conv2d_transpose(x, w, [1, 17, 19, 1], strides=[3, 2], padding=[[0, 0], [1, 1], [0, 0], [0, 0]], dilations=[1, 1])
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
