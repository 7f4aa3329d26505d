# tf2onnx-pad-symmetric-beyond-input: tf.pad SYMMETRIC/REFLECT pads that TF rejects (paddings must be no greater than the dimension size) convert and run, filling zeros
# client: tf2onnx; versions: {"onnx": "1.23.2", "onnxruntime": "1.32.0", "opset": "13", "tensorflow": "2.21.0", "tf2onnx": "1.17.0"}
# case: vectors/tensorflow/pad.json pad1d-symmetric-n1-p0-2 (tensorflow-pad-ac61994df4)
# expected (padvec reference, documented convention): rejected
# actual in the padvec run: shape [3] output [6, 6, 0]
import numpy as np, onnxruntime as ort, tensorflow as tf, tf2onnx
x = np.array([6], dtype=np.float32)[None, ..., None]
fn = lambda x: tf.pad(x, [[0, 0], [0, 2], [0, 0]], mode='SYMMETRIC')
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
