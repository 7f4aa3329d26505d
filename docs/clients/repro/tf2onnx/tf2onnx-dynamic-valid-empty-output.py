# tf2onnx-dynamic-valid-empty-output: an empty VALID output (window longer than the input) is an onnxruntime error (Invalid input shape) instead of an empty tensor
# client: tf2onnx-dynamic; versions: {"onnx": "1.23.2", "onnxruntime": "1.32.0", "opset": "13", "tensorflow": "2.21.0", "tf2onnx": "1.17.0"}
# case: vectors/tensorflow/conv.json conv1d-valid-n2-k3-s1-d1-genericfalse (tensorflow-conv-0d3460011f)
# expected (padvec reference, documented convention): output [], pads [[0, 0]]
# actual in the padvec run: InvalidArgument: [ONNXRuntimeError] : 2 : INVALID_ARGUMENT : Non-zero status code returned while running Conv node. Name:'conv1d:0_nchwc' Status Message: Invalid input shape: {1,2}
import numpy as np, onnxruntime as ort, tensorflow as tf, tf2onnx
x = np.array([8, 9], dtype=np.float32)[None, ..., None]
w = np.array([7, 9, 3], dtype=np.float32)[..., None, None]
fn = lambda x: tf.nn.conv1d(x, w, stride=[1], padding='VALID', dilations=[1])
spec = (tf.TensorSpec([1] + [None] * 1 + [1], tf.float32, name='x'),)
try:
    print('tensorflow         ', tf.function(fn)(x).numpy()[0, ..., 0].tolist())
except Exception as e:
    print('tensorflow raises  ', type(e).__name__, str(e).splitlines()[0])
for attempt in range(1):
    model, _ = tf2onnx.convert.from_function(tf.function(fn), input_signature=spec, opset=13)
    sess = ort.InferenceSession(model.SerializeToString())
    y = sess.run(None, {'x': x})[0]
    print('tf2onnx+onnxruntime', y.shape, y.reshape([-1]).tolist())
